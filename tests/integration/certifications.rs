//! Integration tests of the Certifications tab's server functions (issue: certifications):
//! registering owner and proxy codes, the mandates they create, revocation, refusals, the rate
//! limit and powers, through the real router against a real SQLite database.

use crate::common;
use espace::domain::timestamp::Timestamp;

use common::{mandates::*, *};
use espace::{
    domain::{
        access_code::{AccessCode, CodeKind},
        code_refusal::{ATTEMPT_WINDOW, AttemptCounter, CodeRefusal},
        espace::NewEspace,
        quota::{Quota, QuotaLimits},
    },
    server::{caller::Actor, config::SignIn, db::sql::Pools, link, reminders},
};
use serde_json::{Value, json};

fn refused(answer: &Value, problem: Value) {
    assert_eq!(
        answer,
        &json!({"Err": {"Invalid": [{"field": "code", "problem": problem}]}})
    );
}

#[tokio::test]
async fn owner_and_proxy_codes_certify_and_mandate_until_the_principal_revokes() {
    let Scene {
        dir,
        clock,
        mut claire,
        muller,
        mut marc,
        fiduciary,
    } = scene().await;
    let owner = codes(&dir, CodeKind::Owner, 1, &clock).await.remove(0);
    let proxy = codes(&dir, CodeKind::Proxy, 1, &clock).await.remove(0);

    // typed as on the letter, in lower case: the company certifies its eSpace
    let typed = owner.grouped().to_lowercase();
    assert_eq!(
        register(&mut claire, &muller, &typed, "owner").await,
        json!({"Ok": null})
    );
    let view = tab(&mut claire, &muller).await;
    assert_eq!(view["certifications"][0]["domain"], "tax");
    assert_eq!(view["certifications"][0]["company"], COMPANY);
    assert_eq!(view["certifications"][0]["status"], "Active");

    // the fiduciary registers the proxy code it was given: a mandate received …
    assert_eq!(
        register(&mut marc, &fiduciary, proxy.as_str(), "proxy").await,
        json!({"Ok": null})
    );
    let received = tab(&mut marc, &fiduciary).await["mandates_received"].clone();
    assert_eq!(received[0]["counterpart"], MULLER);
    assert_eq!(received[0]["status"], "Active");
    // … and given, on the principal's side
    let given = tab(&mut claire, &muller).await["mandates_given"].clone();
    assert_eq!(given[0]["counterpart"], FIDUCIARY);
    let mandate = given[0]["id"].as_str().unwrap().to_owned();

    // the principal sets the end of use; the representative sees it and is told
    let set_end = |end: &'static str| {
        [
            ("espace_id", muller.clone()),
            ("mandate_id", mandate.clone()),
            ("end", end.into()),
        ]
    };
    assert_eq!(
        claire
            .answer("set_mandate_end", &pairs(&set_end("2099-12-31")))
            .await,
        json!({"Ok": null})
    );
    let until =
        tab(&mut marc, &fiduciary).await["mandates_received"][0]["ends"]["principal"].clone();
    assert_eq!(
        until,
        json!(espace::domain::calendar::end_of_day("2099-12-31").unwrap())
    );
    for (end, problem) in [("2000-01-01", "DateInPast"), ("31/12/2099", "Date")] {
        assert_eq!(
            claire
                .answer("set_mandate_end", &pairs(&set_end(end)))
                .await,
            json!({"Err": {"Invalid": [{"field": "end", "problem": problem}]}})
        );
    }
    assert!(
        outbox(&dir).await.iter().any(|(to, subject, body)| to
            == "marc.hoffmann@fiduciaire-hoffmann.example"
            && subject == &format!("Mandat modifié par {MULLER}")
            && body.contains("au 31/12/2099")),
        "the representative is told"
    );

    // every member reads the tab; only administrators act
    let mut jean = claire.another();
    jean.sign_in(JEAN).await;
    assert_eq!(
        tab(&mut jean, &muller).await["mandates_given"][0]["counterpart"],
        FIDUCIARY
    );
    assert_eq!(
        jean.answer(
            "revoke_mandate",
            &[("espace_id", &muller), ("mandate_id", &mandate)]
        )
        .await,
        json!({"Err": "Forbidden"})
    );
    // the representative cannot revoke it, only the principal
    assert_eq!(
        marc.answer(
            "revoke_mandate",
            &[("espace_id", &fiduciary), ("mandate_id", &mandate)]
        )
        .await,
        json!({"Err": "NotFound"})
    );
    assert_eq!(
        claire
            .answer(
                "revoke_mandate",
                &[("espace_id", &muller), ("mandate_id", &mandate)]
            )
            .await,
        json!({"Ok": null})
    );
    assert_eq!(
        tab(&mut marc, &fiduciary).await["mandates_received"][0]["status"],
        "Revoked"
    );
    // the representative's administrators are told, in their language
    let mails = outbox(&dir).await;
    let told: Vec<_> = mails
        .iter()
        .filter(|(_, subject, _)| subject.starts_with("Mandat révoqué"))
        .collect();
    assert_eq!(told.len(), 1, "{mails:?}");
    assert_eq!(told[0].0, "marc.hoffmann@fiduciaire-hoffmann.example");
    assert_eq!(told[0].1, format!("Mandat révoqué par {MULLER}"));
    assert!(
        told[0].2.contains("pour le domaine « Fiscalité »"),
        "{}",
        told[0].2
    );
    assert_eq!(
        claire
            .answer(
                "revoke_mandate",
                &[("espace_id", &muller), ("mandate_id", &mandate)]
            )
            .await,
        json!({"Err": "NotFound"}),
        "revoked once"
    );
    // both eSpaces' activity logs say who did what, newest first
    let actions = |log: Value| -> Vec<(Value, Value)> {
        log["Ok"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["action"].clone(), e["member"].clone()))
            .collect()
    };
    let principal = actions(
        claire
            .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
            .await,
    );
    assert_eq!(
        principal,
        [
            (
                json!({"action": "mandate_revoked", "domain": "tax"}),
                json!(FIDUCIARY)
            ),
            (
                json!({"action": "mandate_end_set", "domain": "tax", "end": espace::domain::calendar::end_of_day("2099-12-31")}),
                json!(FIDUCIARY)
            ),
            (
                json!({"action": "code_registered", "kind": "owner", "domain": "tax"}),
                json!("")
            ),
            (json!({"action": "espace_created"}), json!("")),
        ]
    );
    let representative = actions(
        marc.answer("activity_log", &[("espace_id", &fiduciary), ("page", "1")])
            .await,
    );
    assert_eq!(
        representative[0].0,
        json!({"action": "code_registered", "kind": "proxy", "domain": "tax"})
    );
}

#[tokio::test]
async fn the_principal_sets_the_scope_and_changes_the_representatives_codes() {
    let mut scene = scene().await;
    let mandate = mandate(&mut scene).await;
    let Scene {
        dir,
        clock,
        mut claire,
        muller,
        mut marc,
        fiduciary,
    } = scene;
    let scope = |scope: &'static str| {
        [
            ("espace_id", muller.clone()),
            ("mandate_id", mandate.clone()),
            ("scope", scope.into()),
        ]
    };
    // all of it until the principal says otherwise
    assert_eq!(
        tab(&mut marc, &fiduciary).await["mandates_received"][0]["scope"],
        "procedures_and_data"
    );
    assert_eq!(
        claire
            .answer("set_mandate_scope", &pairs(&scope("data")))
            .await,
        json!({"Ok": null})
    );
    assert_eq!(
        tab(&mut marc, &fiduciary).await["mandates_received"][0]["scope"],
        "data"
    );
    assert_eq!(
        claire
            .answer("set_mandate_scope", &pairs(&scope("everything")))
            .await,
        json!({"Err": {"Invalid": [{"field": "scope", "problem": "UnknownChoice"}]}})
    );
    let mut jean = claire.another();
    jean.sign_in(JEAN).await;
    assert_eq!(
        jean.answer("set_mandate_scope", &pairs(&scope("procedures")))
            .await,
        json!({"Err": "Forbidden"})
    );
    let as_representative = [
        ("espace_id", fiduciary.clone()),
        ("mandate_id", mandate.clone()),
        ("scope", "procedures".into()),
    ];
    assert_eq!(
        marc.answer("set_mandate_scope", &pairs(&as_representative))
            .await,
        json!({"Err": "NotFound"})
    );
    assert!(
        outbox(&dir).await.iter().any(|(to, _, body)| to
            == "marc.hoffmann@fiduciaire-hoffmann.example"
            && body.contains("Consultation des données uniquement")),
        "the representative is told the new scope"
    );

    // changing the codes revokes the one in use and asks the administration for a new one
    let ids = [
        ("espace_id", muller.as_str()),
        ("mandate_id", mandate.as_str()),
    ];
    assert_eq!(
        jean.answer("renew_mandate_codes", &ids).await,
        json!({"Err": "Forbidden"})
    );
    assert_eq!(
        claire.answer("renew_mandate_codes", &ids).await,
        json!({"Ok": null})
    );
    assert_eq!(
        tab(&mut marc, &fiduciary).await["mandates_received"][0]["status"],
        "Revoked"
    );
    assert_eq!(
        claire.answer("renew_mandate_codes", &ids).await,
        json!({"Err": "NotFound"}),
        "the old code is gone"
    );
    let requests = tab(&mut claire, &muller).await["code_requests"].clone();
    assert_eq!(requests.as_array().unwrap().len(), 1);
    assert_eq!(requests[0]["kind"], "proxy");
    assert_eq!(requests[0]["domain"], "tax");
    assert_eq!(requests[0]["requested_by"], "Claire Muller");
    assert_eq!(requests[0]["sent_at"], Value::Null);
    assert!(
        outbox(&dir).await.iter().any(|(to, _, body)| to
            == "marc.hoffmann@fiduciaire-hoffmann.example"
            && body.contains("a changé les codes")),
        "the representative is told"
    );

    // an operator answers the request from the back office; the new code works
    let store = store(&dir).await;
    let open = store.access_codes.open_requests().await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].company.as_str(), open[0].espace.as_str()),
        (COMPANY, MULLER)
    );
    let code = AccessCode::from_random([7; 10]);
    let deadline = clock.now() + 30 * DAY;
    let fulfil = async |request: &str| {
        store
            .access_codes
            .fulfil(
                request,
                &link::hash(code.as_str()),
                deadline,
                "operator",
                clock.now(),
            )
            .await
            .unwrap()
    };
    assert!(matches!(fulfil(&open[0].id).await, Some(Ok(_))));
    assert_eq!(fulfil(&open[0].id).await, None, "answered once");
    assert!(store.access_codes.open_requests().await.unwrap().is_empty());
    assert_eq!(
        tab(&mut claire, &muller).await["code_requests"][0]["sent_at"],
        json!(clock.now())
    );
    assert_eq!(
        register(&mut marc, &fiduciary, code.as_str(), "proxy").await,
        json!({"Ok": null})
    );
    let given = tab(&mut claire, &muller).await["mandates_given"].clone();
    let statuses: Vec<_> = given
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 2);
    assert!(statuses.contains(&"Active") && statuses.contains(&"Revoked"));

    let log = claire
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await;
    let actions: Vec<_> = log["Ok"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(
        actions[..2],
        [
            json!({"action": "mandate_codes_renewed", "domain": "tax"}),
            json!({"action": "mandate_scope_set", "domain": "tax", "scope": "data"}),
        ]
    );
}

#[tokio::test]
async fn administrators_of_both_sides_are_reminded_30_and_7_days_before_a_mandate_ends() {
    let mut scene = scene().await;
    let mandate = mandate(&mut scene).await;
    let Scene {
        dir,
        clock,
        mut claire,
        muller,
        ..
    } = scene;
    let end = espace::domain::calendar::day_of(clock.now() + 40 * DAY);
    assert_eq!(
        claire
            .answer(
                "set_mandate_end",
                &[
                    ("espace_id", &muller),
                    ("mandate_id", &mandate),
                    ("end", &end)
                ]
            )
            .await,
        json!({"Ok": null})
    );
    let store = store(&dir).await;
    let reminders = async || {
        let mails = outbox(&dir).await;
        let mut to: Vec<_> = mails
            .iter()
            .filter(|(_, subject, _)| subject.starts_with("Un mandat prend fin"))
            .map(|(to, _, _)| to.clone())
            .collect();
        to.sort();
        to
    };
    let run = async || {
        reminders::send_due(&store, "eSpace", clock.now())
            .await
            .unwrap()
    };

    assert_eq!(run().await, 0, "40 days before: nothing yet");
    clock.advance(11 * DAY);
    // the task may run on several servers at once: the reminder still goes once
    let (a, b) = tokio::join!(run(), run());
    assert_eq!(a + b, 1);
    let both = vec![
        "claire.muller@muller-fils.example".to_owned(),
        "marc.hoffmann@fiduciaire-hoffmann.example".to_owned(),
    ];
    assert_eq!(reminders().await, both);
    assert_eq!(run().await, 0, "sent once");
    clock.advance(23 * DAY);
    assert_eq!(run().await, 1, "7 days before");
    assert_eq!(reminders().await.len(), 4);
    assert_eq!(run().await, 0);
    clock.advance(8 * DAY);
    assert_eq!(run().await, 0, "ended: nothing more");
    assert_eq!(reminders().await.len(), 4);
    let body = &outbox(&dir)
        .await
        .into_iter()
        .find(|(to, subject, _)| to.starts_with("marc") && subject.starts_with("Un mandat"))
        .unwrap()
        .2;
    assert!(body.contains("seul le mandant peut prolonger"), "{body}");
}

/// Without JavaScript the registration form is a plain post: the server sends the browser back
/// to the tab, which says once that it worked, or shows the refusal next to what was typed.
/// The code never goes into the address.
#[tokio::test]
async fn registering_works_as_a_plain_form_post() {
    let Scene {
        dir,
        clock,
        mut claire,
        muller,
        ..
    } = scene().await;
    let owner = codes(&dir, CodeKind::Owner, 1, &clock).await.remove(0);
    let tab = format!("/espace/{muller}/profile/certifications");
    let post = async |claire: &mut crate::common::Browser, code: &str| {
        claire
            .post_plain_form(
                "register_code",
                &[("espace_id", &muller), ("code", code), ("kind", "owner")],
                &tab,
            )
            .await
    };
    assert_eq!(post(&mut claire, owner.as_str()).await, tab);
    let page = claire.page(&tab).await;
    assert!(page.body.contains("Code registered."), "{}", page.body);
    assert_eq!(post(&mut claire, &owner.grouped()).await, tab);
    let page = claire.page(&tab).await;
    assert!(
        page.body
            .contains(&format!(r#"value="{}""#, owner.grouped()))
    );
    assert!(
        page.body.contains("This code has already been registered"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn codes_that_cannot_be_registered_say_why() {
    let Scene {
        dir,
        clock,
        mut claire,
        muller,
        mut marc,
        fiduciary,
    } = scene().await;
    let owner = codes(&dir, CodeKind::Owner, 1, &clock).await.remove(0);
    let proxies = codes(&dir, CodeKind::Proxy, 3, &clock).await;

    refused(
        &register(&mut claire, &muller, "ABCD", "owner").await,
        json!("AccessCodeFormat"),
    );
    // a code's state is told only to the eSpace it concerns (issue 18, point 6): Muller is not
    // yet certified for the company these codes are for
    refused(
        &register(&mut claire, &muller, proxies[0].as_str(), "owner").await,
        json!({"Code": "Unknown"}),
    );
    assert_eq!(
        register(&mut claire, &muller, owner.as_str(), "owner").await,
        json!({"Ok": null})
    );
    // now it is, and it used the owner code
    refused(
        &register(&mut claire, &muller, proxies[0].as_str(), "owner").await,
        json!({"Code": "WrongKind"}),
    );
    refused(
        &register(&mut claire, &muller, owner.as_str(), "owner").await,
        json!({"Code": "Used"}),
    );
    refused(
        &register(&mut marc, &fiduciary, owner.as_str(), "owner").await,
        json!({"Code": "Unknown"}),
    );
    assert_eq!(
        register(&mut marc, &fiduciary, proxies[0].as_str(), "proxy").await,
        json!({"Ok": null})
    );
    refused(
        &register(&mut marc, &fiduciary, proxies[0].as_str(), "proxy").await,
        json!({"Code": "Used"}),
    );
    // revoked by the administration
    let store = Pools::open(&config(&dir, SignIn::Demo).database_url)
        .await
        .unwrap()
        .store();
    let listed = store
        .access_codes
        .of_company(&COMPANY.into(), clock.now())
        .await
        .unwrap();
    let unused: Vec<_> = listed
        .iter()
        .filter(|c| c.state == espace::domain::access_code::CodeState::Usable)
        .collect();
    assert_eq!(unused.len(), 2);
    store
        .access_codes
        .revoke(&unused[0].id, clock.now())
        .await
        .unwrap();
    let answers = [
        register(&mut marc, &fiduciary, proxies[1].as_str(), "proxy").await,
        register(&mut marc, &fiduciary, proxies[2].as_str(), "proxy").await,
    ];
    let unknown = json!({"Err": {"Invalid": [{"field": "code", "problem": {"Code": "Unknown"}}]}});
    assert!(answers.contains(&unknown), "{answers:?}");
    assert!(answers.contains(&json!({"Ok": null})));
    let revoked = if answers[0] == unknown {
        &proxies[1]
    } else {
        &proxies[2]
    };
    refused(
        &register(&mut claire, &muller, revoked.as_str(), "proxy").await,
        json!({"Code": "Revoked"}),
    );
    // past the activation deadline
    let late = codes(&dir, CodeKind::Proxy, 1, &clock).await.remove(0);
    clock.advance(31 * DAY);
    marc.sign_in(MARC).await; // a month later: new sessions
    claire.sign_in(CLAIRE).await;
    refused(
        &register(&mut marc, &fiduciary, late.as_str(), "proxy").await,
        json!({"Code": "Unknown"}),
    );
    refused(
        &register(&mut claire, &muller, late.as_str(), "proxy").await,
        json!({"Code": "Expired"}),
    );
    refused(
        &register(&mut marc, &fiduciary, "0000-0000-0000-0000", "proxy").await,
        json!({"Code": "Unknown"}),
    );
    assert_eq!(
        register(&mut marc, &fiduciary, late.as_str(), "both").await,
        json!({"Err": {"Invalid": [{"field": "kind", "problem": "UnknownChoice"}]}})
    );
}

#[tokio::test]
async fn wrong_codes_are_slowed_down_per_espace() {
    let Scene {
        dir,
        clock,
        mut claire,
        muller,
        mut marc,
        fiduciary,
    } = scene().await;
    let owner = codes(&dir, CodeKind::Owner, 1, &clock).await.remove(0);
    for _ in 0..5 {
        refused(
            &register(&mut claire, &muller, "0000-0000-0000-0000", "owner").await,
            json!({"Code": "Unknown"}),
        );
    }
    // now even the right code waits, in this eSpace only
    let answer = register(&mut claire, &muller, owner.as_str(), "owner").await;
    let retry_at =
        answer["Err"]["Invalid"][0]["problem"]["Code"]["TooManyAttempts"]["retry_at"].as_i64();
    assert!(retry_at.is_some_and(|t| t > clock.now().unix()), "{answer}");
    refused(
        &register(&mut marc, &fiduciary, "0000-0000-0000-0000", "proxy").await,
        json!({"Code": "Unknown"}),
    );
    clock.advance(15 * 60 + 2);
    assert_eq!(
        register(&mut claire, &muller, owner.as_str(), "owner").await,
        json!({"Ok": null})
    );
}

/// New eSpaces give no more guesses (issue 18, point 6): a person's wrong codes are counted
/// across all their eSpaces, and the portal's altogether.
#[tokio::test]
async fn wrong_codes_are_slowed_down_per_person_and_for_the_portal() {
    let Scene {
        dir,
        clock,
        mut claire,
        muller,
        mut marc,
        fiduciary,
    } = scene().await;
    let mut guesser = claire.another();
    guesser.sign_in(LAURA).await;
    let espaces = new_espaces(&mut guesser, "Guesses", 3).await;
    assert_eq!(espaces.len(), 3);
    let person_limit = AttemptCounter::Person.limit();
    let mut answers = Vec::new();
    for n in 0..person_limit + 1 {
        let espace = &espaces[(n % 3) as usize];
        answers.push(register(&mut guesser, espace, "0000-0000-0000-0000", "owner").await);
    }
    for answer in &answers[..person_limit as usize] {
        refused(answer, json!({"Code": "Unknown"}));
    }
    let held = &answers[person_limit as usize]["Err"]["Invalid"][0]["problem"]["Code"];
    assert_eq!(
        held["TooManyAttempts"]["counted"],
        json!("Person"),
        "{held}"
    );
    // in a fourth eSpace too, but nobody else is held back
    refused(
        &register(&mut marc, &fiduciary, "0000-0000-0000-0000", "proxy").await,
        json!({"Code": "Unknown"}),
    );

    // the portal's limit: wrong codes spread over many people and eSpaces, each within its own
    // limits, until the portal's is reached; then everyone waits
    let store = Pools::open(&config(&dir, SignIn::Demo).database_url)
        .await
        .unwrap()
        .store();
    let owner = store
        .persons
        .holder(&espace::domain::ssn::Ssn::parse(CLAIRE).unwrap())
        .await
        .unwrap()
        .unwrap();
    let portal_limit = AttemptCounter::Portal.limit();
    let espace_limit = AttemptCounter::Espace.limit();
    let mut counted = person_limit + 1; // the guesser's and Marc's
    let mut n = 0;
    while counted < portal_limit {
        let espace = store
            .espaces
            .create(
                &owner,
                &NewEspace {
                    name: format!("Spread {n}"),
                    procedure_language: None,
                },
                clock.now(),
            )
            .await
            .unwrap();
        let someone = Actor {
            person_id: Some(format!("someone-{n}").into()),
            name: format!("Someone {n}"),
        };
        for _ in 0..espace_limit.min(portal_limit - counted) {
            let answer = store
                .access_codes
                .register(
                    &espace::domain::id::EspaceId::from(espace.as_str()),
                    "no such hash",
                    CodeKind::Owner,
                    &someone,
                    clock.now(),
                )
                .await
                .unwrap();
            assert_eq!(answer, Err(CodeRefusal::Unknown), "attempt {counted}");
            counted += 1;
        }
        n += 1;
    }
    let held = register(&mut claire, &muller, "0000-0000-0000-0000", "owner").await;
    let held = &held["Err"]["Invalid"][0]["problem"]["Code"]["TooManyAttempts"];
    assert_eq!(held["counted"], json!("Portal"), "{held}");
    let retry_at = Timestamp::from_unix(held["retry_at"].as_i64().unwrap());
    assert!(retry_at > clock.now() && retry_at <= clock.now() + ATTEMPT_WINDOW + 1);
    clock.advance(ATTEMPT_WINDOW + 2);
    refused(
        &register(&mut claire, &muller, "0000-0000-0000-0000", "owner").await,
        json!({"Code": "Unknown"}),
    );
}

/// Every change of a mandate, called by each kind of caller of the principal's eSpace: only its
/// administrators may, and a refused call changes nothing.
#[tokio::test]
async fn only_the_principals_administrators_change_its_mandates() {
    let mut scene = scene().await;
    let mandate = mandate(&mut scene).await;
    let Scene {
        mut claire, muller, ..
    } = scene;
    let changes: [(&str, &[(&str, &str)]); 4] = [
        ("revoke_mandate", &[]),
        ("renew_mandate_codes", &[]),
        ("set_mandate_end", &[("end", "2099-12-31")]),
        ("set_mandate_scope", &[("scope", "data")]),
    ];
    let mut callers = Vec::new();
    for (ssn, refusal) in [
        (Some(JEAN), "Forbidden"),
        (Some(SOPHIE), "Forbidden"),
        (Some(MARC), "NotFound"),
        (Some(LAURA), "NotFound"),
        (None, "NotSignedIn"),
    ] {
        let mut caller = claire.another();
        if let Some(ssn) = ssn {
            caller.sign_in(ssn).await;
        }
        callers.push((caller, ssn, refusal));
    }
    for (endpoint, extra) in changes {
        let mut form = vec![
            ("espace_id", muller.as_str()),
            ("mandate_id", mandate.as_str()),
        ];
        form.extend_from_slice(extra);
        for (caller, ssn, refusal) in &mut callers {
            assert_eq!(
                caller.answer(endpoint, &form).await,
                json!({"Err": refusal}),
                "{endpoint} by {ssn:?}"
            );
        }
    }
    let given = &tab(&mut claire, &muller).await["mandates_given"][0];
    assert_eq!(
        (&given["status"], &given["scope"], &given["ends"]),
        (
            &json!("Active"),
            &json!("procedures_and_data"),
            &json!({"administration": null, "principal": null})
        ),
        "unchanged"
    );
}

/// Seed 001 §6.7.2: "All tasks of a business eSpace can create an access token": every role
/// registers a code (a manager the owner code, someone without signature a proxy code); no
/// one outside the eSpace can, and every member reads the tab.
#[tokio::test]
async fn every_role_registers_codes_and_outsiders_cannot() {
    let Scene {
        dir,
        clock,
        claire,
        muller,
        ..
    } = scene().await;
    let owner = codes(&dir, CodeKind::Owner, 1, &clock).await.remove(0);
    for (ssn, refusal) in [(MARC, "NotFound"), (LAURA, "NotFound")] {
        let mut other = claire.another();
        other.sign_in(ssn).await;
        assert_eq!(
            register(&mut other, &muller, owner.as_str(), "owner").await,
            json!({"Err": refusal}),
            "{ssn}"
        );
        assert_eq!(
            other
                .answer("load_certifications", &[("espace_id", &muller)])
                .await,
            json!({"Err": "NotFound"})
        );
    }
    let mut anonymous = claire.another();
    assert_eq!(
        register(&mut anonymous, &muller, owner.as_str(), "owner").await,
        json!({"Err": "NotSignedIn"})
    );
    // refused calls changed nothing and did not count as attempts: the manager registers it
    let mut jean = claire.another();
    jean.sign_in(JEAN).await;
    assert_eq!(
        register(&mut jean, &muller, owner.as_str(), "owner").await,
        json!({"Ok": null})
    );
    let certified = &tab(&mut jean, &muller).await["certifications"][0];
    assert_eq!(certified["status"], json!("Active"), "{certified}");
    // someone without signature registers a code received from a client
    let client = "20212201244";
    let proxy = codes_of(&dir, client, CodeKind::Proxy, 1, &clock)
        .await
        .remove(0);
    let mut sophie = claire.another();
    sophie.sign_in(SOPHIE).await;
    assert_eq!(
        register(&mut sophie, &muller, proxy.as_str(), "proxy").await,
        json!({"Ok": null})
    );
    assert!(
        tab(&mut sophie, &muller).await["mandates_received"][0].is_object(),
        "a mandate received"
    );
}

/// `count` new eSpaces of the browser's person, named `name` and a number: their ids.
async fn new_espaces(browser: &mut Browser, name: &str, count: usize) -> Vec<String> {
    let mut espaces = Vec::new();
    for n in 0..count {
        let created = browser
            .answer(
                "create_espace",
                &[("name", &format!("{name} {n}")), ("procedure_language", "")],
            )
            .await;
        espaces.push(created["Ok"].as_str().expect("created").to_owned());
    }
    espaces
}

/// Ten eSpaces (all a person may create in a day) register the same owner code at once:
/// exactly one is certified.
#[tokio::test]
async fn of_ten_registrations_of_one_code_exactly_one_wins() {
    let Scene {
        dir,
        clock,
        mut claire,
        ..
    } = scene().await;
    let owner = codes(&dir, CodeKind::Owner, 1, &clock).await.remove(0);
    // as many as a person may create in a day
    let racers = QuotaLimits::default().of(Quota::EspacesPerPerson) as usize;
    let espaces = new_espaces(&mut claire, "Filiale", racers).await;
    let attempts = espaces.into_iter().map(|espace| {
        let mut browser = claire.another();
        browser.cookies = claire.cookies.clone();
        let code = owner.as_str().to_owned();
        tokio::spawn(async move { register(&mut browser, &espace, &code, "owner").await })
    });
    let mut wins = 0;
    for attempt in attempts {
        let answer = attempt.await.unwrap();
        if answer == json!({"Ok": null}) {
            wins += 1;
        } else {
            // used by another eSpace, which this one is not told; or, her wrong codes counted
            // across her eSpaces, held back
            let problem = &answer["Err"]["Invalid"][0]["problem"]["Code"];
            assert!(
                *problem == json!("Unknown") || problem["TooManyAttempts"].is_object(),
                "{answer}"
            );
        }
    }
    assert_eq!(wins, 1);
}

/// Seed 001 §6.7.1: the end of use is "defined by the administration or the principal". The
/// earlier applies, whichever was set first; the principal shortens the administration's, never
/// extends or clears it; the back office changes its own; reminders follow the one that applies.
#[tokio::test]
async fn the_administrations_and_the_principals_ends_of_use_the_earlier_applies_in_every_order() {
    use espace::{
        domain::calendar::end_of_day,
        server::back_office::codes::{CodesCommand, run},
    };
    let mut scene = scene().await;
    let mandate = mandate(&mut scene).await;
    let Scene {
        dir,
        mut claire,
        muller,
        mut marc,
        fiduciary,
        ..
    } = scene;
    let day = |d: &str| json!(end_of_day(d).unwrap());
    let administration = async |date: Option<&str>| {
        run(
            &config(&dir, SignIn::Demo),
            espace::server::demo::DEMO_OPERATOR,
            CodesCommand::EndOfUse {
                id: mandate.clone(),
                date: date.map(Into::into),
                none: date.is_none(),
            },
        )
        .await
    };
    let principal = async |claire: &mut Browser, end: &str| {
        claire
            .answer(
                "set_mandate_end",
                &[
                    ("espace_id", &muller),
                    ("mandate_id", &mandate),
                    ("end", end),
                ],
            )
            .await
    };
    // what the representative sees: the end that applies, with both dates
    let seen = async |marc: &mut Browser| {
        let received = &tab(marc, &fiduciary).await["mandates_received"][0];
        (received["ends"].clone(), received["status"].clone())
    };
    let ends = |a: Option<&str>, p: Option<&str>| json!({"administration": a.map(day), "principal": p.map(day)});

    // the administration first, then an earlier principal's date: the principal's applies
    assert_eq!(
        administration(Some("2031-12-31")).await.unwrap(),
        format!("end of use of {mandate}: 2031-12-31\n")
    );
    assert_eq!(
        principal(&mut claire, "2030-06-30").await,
        json!({"Ok": null})
    );
    assert_eq!(
        seen(&mut marc).await,
        (
            ends(Some("2031-12-31"), Some("2030-06-30")),
            json!("Active")
        )
    );
    // a later one is refused: it would extend the administration's
    assert_eq!(
        principal(&mut claire, "2032-01-01").await,
        json!({"Err": {"Invalid": [{"field": "end", "problem": {
            "AfterAdministrationEnd": {"end": day("2031-12-31")}
        }}]}})
    );
    // the principal removes its own: the administration's is left, not cleared
    assert_eq!(principal(&mut claire, "").await, json!({"Ok": null}));
    assert_eq!(
        seen(&mut marc).await,
        (ends(Some("2031-12-31"), None), json!("Active"))
    );

    // the principal first, then the administration sets an earlier one, then removes its own
    principal(&mut claire, "2031-06-30").await;
    administration(Some("2030-01-31")).await.unwrap();
    assert_eq!(
        seen(&mut marc).await,
        (
            ends(Some("2030-01-31"), Some("2031-06-30")),
            json!("Active")
        )
    );
    administration(None).await.unwrap();
    assert_eq!(
        seen(&mut marc).await,
        (ends(None, Some("2031-06-30")), json!("Active"))
    );
    // with no administration's date, the principal may set any day again
    assert_eq!(
        principal(&mut claire, "2040-01-01").await,
        json!({"Ok": null})
    );

    // an administration's date in the past ends the mandate, whatever the principal's says
    administration(Some("2020-01-01")).await.unwrap();
    assert_eq!(seen(&mut marc).await.1, json!("Ended"));
    assert!(administration(Some("01/01/2020")).await.is_err());
    assert!(
        run(
            &config(&dir, SignIn::Demo),
            espace::server::demo::DEMO_OPERATOR,
            CodesCommand::EndOfUse {
                id: "nothing".into(),
                date: None,
                none: true
            }
        )
        .await
        .is_err()
    );
}
