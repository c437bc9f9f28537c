//! Integration tests of the Users tab and the invitation lifecycle (issue: users), through the
//! real router against a real SQLite database.

use crate::common;

use common::*;
use espace::server::{clock::Clock, config::SignIn};
use serde_json::{Value, json};

const LAURA_EMAIL: &str = "laura.schmit@example.lu";
const DAY: i64 = 24 * 60 * 60;

/// The form of an invitation of Laura Schmit (who has no eSpace) to `espace`.
fn invitation<'a>(
    espace: &'a str,
    ssn: &'a str,
    role: &'a str,
    scope: &'a str,
) -> Vec<(&'a str, &'a str)> {
    invitation_of(espace, ("Laura", "Schmit", LAURA_EMAIL), ssn, role, scope)
}

fn invitation_of<'a>(
    espace: &'a str,
    (given_name, family_name, email): (&'a str, &'a str, &'a str),
    ssn: &'a str,
    role: &'a str,
    scope: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("espace_id", espace),
        ("given_name", given_name),
        ("family_name", family_name),
        ("email", email),
        ("ssn", ssn),
        ("scope", scope),
        ("role", role),
    ]
}

/// Signed in as Claire, administrator of Muller & Fils; answers the browser and Muller's id.
/// The member of `espace` named `family_name`, from the first page of the list.
async fn member(browser: &mut Browser, espace: &str, family_name: &str) -> Value {
    let page = browser.members(espace).await;
    page["Ok"]["members"]
        .as_array()
        .unwrap_or_else(|| panic!("{page}"))
        .iter()
        .find(|m| m["family_name"] == family_name)
        .cloned()
        .unwrap_or(Value::Null)
}

async fn member_id(browser: &mut Browser, espace: &str, family_name: &str) -> String {
    member(browser, espace, family_name).await["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no member {family_name}"))
        .to_owned()
}

/// The secret of the newest invitation link mailed to `to`.
async fn link_secret(dir: &tempfile::TempDir, to: &str) -> String {
    let mails = outbox(dir).await;
    let (_, _, body) = mails
        .iter()
        .rev()
        .find(|(r, _, _)| r == to)
        .expect("an invitation mail");
    let start = body.find("/invitation/").expect("a link") + "/invitation/".len();
    body[start..start + 64].to_owned()
}

async fn change(
    browser: &mut Browser,
    endpoint: &str,
    espace: &str,
    member: &str,
    extra: &[(&str, &str)],
) -> Value {
    let mut form = vec![("espace_id", espace), ("member_id", member)];
    form.extend_from_slice(extra);
    browser.answer(endpoint, &form).await
}

fn lifecycle(error: &str) -> Value {
    json!({"Err": {"Lifecycle": error}})
}

#[tokio::test]
async fn an_administrator_invites_and_the_invitee_accepts_with_that_certificate() {
    let dir = common::test_dir();
    let (mut browser, muller) = as_claire(&dir).await;
    let invited = browser
        .answer(
            "invite_member",
            &invitation(
                &muller,
                "6942 8573 1069 4285 7310",
                "manager",
                "this_certificate",
            ),
        )
        .await;
    let id = invited["Ok"]
        .as_str()
        .unwrap_or_else(|| panic!("{invited}"))
        .to_owned();

    // the data sheet of help "Ajouter un utilisateur"'s screenshot
    let sheet = browser
        .answer("load_member", &[("espace_id", &muller), ("member_id", &id)])
        .await["Ok"]
        .clone();
    assert_eq!(sheet["family_name"], "Schmit");
    assert_eq!(sheet["invited_ssn"], LAURA);
    assert_eq!(sheet["scope"], "this_certificate");
    assert_eq!(sheet["role"], "manager");
    assert_eq!(sheet["status"], "invited");
    assert_eq!(sheet["invited_by"], "Claire Muller");

    // the email of help "Respond to an invitation", in the eSpace's language (French)
    let mails = outbox(&dir).await;
    let (to, subject, body) = mails.last().unwrap();
    assert_eq!(to, LAURA_EMAIL);
    assert_eq!(
        subject,
        &format!("Invitation à rejoindre l'espace professionnel {MULLER}")
    );
    assert!(body.contains("Claire Muller vous a invité"), "{body}");
    assert!(
        body.contains(&format!("votre certificat numéro {LAURA}")),
        "{body}"
    );
    assert!(body.contains(&format!("{ORIGIN}/invitation/")), "{body}");

    // the invitee signs in with that certificate, sees it, accepts
    let mut laura = browser.another();
    laura.sign_in(LAURA).await;
    let pending = laura.answer("my_invitations", &[]).await;
    assert_eq!(pending["Ok"][0]["espace_name"], MULLER);
    assert_eq!(pending["Ok"][0]["inviter"], "Claire Muller");
    assert_eq!(pending["Ok"][0]["expired"], false);
    assert!(
        laura.viewer().await["espaces"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        laura
            .answer("accept_invitation", &[("member_id", &id)])
            .await,
        json!({"Ok": muller})
    );
    assert_eq!(laura.espace_id(MULLER).await, muller);
    assert_eq!(
        laura.answer("load_espace", &[("espace_id", &muller)]).await["Ok"]["role"],
        "manager"
    );
    assert_eq!(laura.answer("my_invitations", &[]).await, json!({"Ok": []}));
    // answered once only
    assert_eq!(
        laura
            .answer("accept_invitation", &[("member_id", &id)])
            .await,
        lifecycle("Answered")
    );

    let log = browser
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await;
    let actions: Vec<_> = log["Ok"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(
        actions,
        [
            json!({"action": "accepted"}),
            json!({"action": "invited"}),
            json!({"action": "espace_created"})
        ]
    );
    assert_eq!(log["Ok"]["entries"][1]["actor"], "Claire Muller");
}

#[tokio::test]
async fn invitee_refuses_and_the_list_shows_it() {
    let dir = common::test_dir();
    let (mut browser, muller) = as_claire(&dir).await;
    let id = browser
        .answer(
            "invite_member",
            &invitation(&muller, LAURA, "without_signature", "all_certificates"),
        )
        .await["Ok"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut laura = browser.another();
    laura.sign_in(LAURA).await;
    assert_eq!(
        laura
            .answer("refuse_invitation", &[("member_id", &id)])
            .await,
        json!({"Ok": muller})
    );
    assert!(
        laura.viewer().await["espaces"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        member(&mut browser, &muller, "Schmit").await["status"],
        "refused"
    );
    // a refused invitation does not block a new one
    let again = browser
        .answer(
            "invite_member",
            &invitation(&muller, LAURA, "manager", "all_certificates"),
        )
        .await;
    assert!(again["Ok"].is_string(), "{again}");
    assert_eq!(
        member(&mut browser, &muller, "Schmit").await["status"],
        "invited"
    );
}

#[tokio::test]
async fn problems_are_named_by_field_and_nothing_is_invited() {
    let dir = common::test_dir();
    let (mut browser, muller) = as_claire(&dir).await;
    let before = outbox(&dir).await.len();
    let refused = browser
        .answer(
            "invite_member",
            &[
                ("espace_id", muller.as_str()),
                ("given_name", " "),
                ("family_name", "Schmit"),
                ("email", "laura@"),
                ("ssn", "6942857310"),
                ("scope", "everyone"),
                ("role", ""),
            ],
        )
        .await;
    assert_eq!(
        refused,
        json!({"Err": {"Invalid": [
            {"field": "given_name", "problem": "Required"},
            {"field": "email", "problem": "Email"},
            {"field": "ssn", "problem": {"Ssn": {"WrongLength": {"found": 10}}}},
            {"field": "scope", "problem": "UnknownChoice"},
            {"field": "role", "problem": "Required"},
        ]}})
    );
    // already an active, invited or deactivated member of this eSpace
    for ssn in [JEAN, PAUL, MARC] {
        assert_eq!(
            browser
                .answer(
                    "invite_member",
                    &invitation(&muller, ssn, "manager", "this_certificate")
                )
                .await,
            json!({"Err": {"Invalid": [{"field": "ssn", "problem": "AlreadyMember"}]}}),
            "{ssn}"
        );
    }
    assert_eq!(browser.members(&muller).await["Ok"]["total"], 5);
    assert_eq!(outbox(&dir).await.len(), before);
}

#[tokio::test]
async fn only_administrators_manage_users_and_a_refused_call_changes_nothing() {
    let dir = common::test_dir();
    let (mut browser, muller) = as_claire(&dir).await;
    let sophie = member_id(&mut browser, &muller, "Klein").await;
    let paul = member_id(&mut browser, &muller, "Wagner").await;
    // Laura administers an eSpace of her own
    let mut laura = browser.another();
    laura.sign_in(LAURA).await;
    laura
        .answer(
            "create_espace",
            &[("name", "Schmit Consulting"), ("procedure_language", "")],
        )
        .await;

    let csv = format!("Schmit;Laura;{LAURA_EMAIL};{LAURA};manager;this_certificate");
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "invite_member",
            invitation(&muller, LAURA, "manager", "this_certificate"),
        ),
        ("bulk_invite", vec![("espace_id", &muller), ("csv", &csv)]),
        (
            "change_role",
            vec![
                ("espace_id", &muller),
                ("member_id", &sophie),
                ("role", "administrator"),
            ],
        ),
        (
            "change_scope",
            vec![
                ("espace_id", &muller),
                ("member_id", &sophie),
                ("scope", "this_certificate"),
            ],
        ),
        (
            "deactivate_member",
            vec![("espace_id", &muller), ("member_id", &sophie)],
        ),
        (
            "reactivate_member",
            vec![("espace_id", &muller), ("member_id", &sophie)],
        ),
        (
            "delete_member",
            vec![("espace_id", &muller), ("member_id", &sophie)],
        ),
        (
            "resend_invitation",
            vec![("espace_id", &muller), ("member_id", &paul)],
        ),
        (
            "withdraw_invitation",
            vec![("espace_id", &muller), ("member_id", &paul)],
        ),
        ("activity_log", vec![("espace_id", &muller), ("page", "1")]),
    ];
    let members_before = browser.members(&muller).await;
    let mails_before = outbox(&dir).await.len();
    // members without the power are told so; others find nothing
    let callers = [
        (JEAN, json!({"Err": "Forbidden"})),
        (SOPHIE, json!({"Err": "Forbidden"})),
        (MARC, json!({"Err": "NotFound"})), // deactivated here, administrator elsewhere
        (LAURA, json!({"Err": "NotFound"})), // administrator of another eSpace only
    ];
    for (ssn, expected) in callers {
        let mut caller = browser.another();
        caller.sign_in(ssn).await;
        for (endpoint, form) in &calls {
            assert_eq!(
                caller.answer(endpoint, form).await,
                expected,
                "{ssn} {endpoint}"
            );
        }
    }
    let mut anonymous = browser.another();
    for (endpoint, form) in &calls {
        assert_eq!(
            anonymous.answer(endpoint, form).await,
            json!({"Err": "NotSignedIn"}),
            "{endpoint}"
        );
    }
    assert_eq!(browser.members(&muller).await, members_before);
    assert_eq!(outbox(&dir).await.len(), mails_before);
    assert_eq!(
        browser
            .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
            .await["Ok"]["entries"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "only the eSpace's creation"
    );

    // every member reads the list and the data sheets
    for ssn in [JEAN, SOPHIE] {
        let mut reader = browser.another();
        reader.sign_in(ssn).await;
        assert_eq!(reader.members(&muller).await, members_before, "{ssn}");
        let sheet = reader
            .answer(
                "load_member",
                &[("espace_id", &muller), ("member_id", &paul)],
            )
            .await;
        assert_eq!(sheet["Ok"]["family_name"], "Wagner", "{ssn}");
    }
    // ids of another eSpace are not found, whoever asks
    let schmit = laura.espace_id("Schmit Consulting").await;
    assert_eq!(
        laura
            .answer(
                "load_member",
                &[("espace_id", &schmit), ("member_id", &sophie)]
            )
            .await,
        json!({"Err": "NotFound"})
    );
    assert_eq!(
        change(&mut laura, "delete_member", &schmit, &sophie, &[]).await,
        json!({"Err": "NotFound"})
    );
    assert_eq!(browser.members(&muller).await, members_before);
}

#[tokio::test]
async fn the_last_active_administrator_stays_whatever_the_path() {
    let dir = common::test_dir();
    let (mut browser, muller) = as_claire(&dir).await;
    let claire = member_id(&mut browser, &muller, "Muller").await;
    let jean = member_id(&mut browser, &muller, "Weber").await;
    let refused = lifecycle("LastAdministrator");
    assert_eq!(
        change(
            &mut browser,
            "change_role",
            &muller,
            &claire,
            &[("role", "manager")]
        )
        .await,
        refused
    );
    assert_eq!(
        change(
            &mut browser,
            "change_scope",
            &muller,
            &claire,
            &[("scope", "this_certificate")]
        )
        .await,
        refused
    );
    assert_eq!(
        change(&mut browser, "deactivate_member", &muller, &claire, &[]).await,
        refused
    );
    assert_eq!(
        change(&mut browser, "delete_member", &muller, &claire, &[]).await,
        refused
    );
    assert_eq!(
        member(&mut browser, &muller, "Muller").await["role"],
        "administrator"
    );

    // with a second administrator, Claire may step down
    let promoted = change(
        &mut browser,
        "change_role",
        &muller,
        &jean,
        &[("role", "administrator")],
    )
    .await;
    assert_eq!(promoted["Ok"]["role"], "administrator");
    let stepped_down = change(
        &mut browser,
        "change_role",
        &muller,
        &claire,
        &[("role", "manager")],
    )
    .await;
    assert_eq!(stepped_down["Ok"]["role"], "manager");
    // and the change takes effect on her very next request
    assert_eq!(
        browser
            .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
            .await,
        json!({"Err": "Forbidden"})
    );
}

#[tokio::test]
async fn two_administrators_removing_each_other_at_once_cannot_both_succeed() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let claire_id = member_id(&mut claire, &muller, "Muller").await;
    let jean_id = member_id(&mut claire, &muller, "Weber").await;
    let mut jean = claire.another();
    jean.sign_in(JEAN).await;
    for round in 0..10 {
        // both administrators again
        for id in [&claire_id, &jean_id] {
            let mut admin = claire.another();
            admin
                .sign_in(if round % 2 == 0 { CLAIRE } else { JEAN })
                .await;
            let _ = change(
                &mut admin,
                "change_role",
                &muller,
                id,
                &[("role", "administrator")],
            )
            .await;
        }
        let (a, b) = tokio::join!(
            change(&mut claire, "deactivate_member", &muller, &jean_id, &[]),
            change(&mut jean, "deactivate_member", &muller, &claire_id, &[]),
        );
        let succeeded = [&a, &b].iter().filter(|r| r["Ok"].is_object()).count();
        assert_eq!(succeeded, 1, "round {round}: {a} / {b}");
        // the loser is refused by the rule, or, if the winner's change came first, no longer
        // reaches the eSpace at all
        let loser = if a["Ok"].is_object() { &b } else { &a };
        assert!(
            *loser == lifecycle("LastAdministrator") || *loser == json!({"Err": "NotFound"}),
            "round {round}: {loser}"
        ); // reactivate whoever lost access, through whoever kept it
        let (keeper, lost) = if a["Ok"].is_object() {
            (&mut claire, &jean_id)
        } else {
            (&mut jean, &claire_id)
        };
        let back = change(keeper, "reactivate_member", &muller, lost, &[]).await;
        assert_eq!(back["Ok"]["status"], "active", "round {round}");
    }
}

#[tokio::test]
async fn deactivation_and_reactivation_take_effect_on_the_next_request_and_are_mailed() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let jean_id = member_id(&mut claire, &muller, "Weber").await;
    let mut jean = claire.another();
    jean.sign_in(JEAN).await;
    assert!(jean.answer("load_espace", &[("espace_id", &muller)]).await["Ok"].is_object());

    let off = change(&mut claire, "deactivate_member", &muller, &jean_id, &[]).await;
    assert_eq!(off["Ok"]["status"], "deactivated");
    assert_eq!(
        jean.answer("load_espace", &[("espace_id", &muller)]).await,
        json!({"Err": "NotFound"})
    );
    assert_eq!(jean.members(&muller).await, json!({"Err": "NotFound"}));
    // Jean chose German: his mail is in German
    let (to, subject, body) = outbox(&dir).await.last().cloned().unwrap();
    assert_eq!(to, "jean.weber@muller-fils.example");
    assert_eq!(
        subject,
        format!("Ihr Zugang zum Unternehmens-eSpace {MULLER}")
    );
    assert!(body.contains("deaktiviert"), "{body}");
    assert_eq!(
        change(&mut claire, "deactivate_member", &muller, &jean_id, &[]).await,
        lifecycle("NotActive")
    );

    let on = change(&mut claire, "reactivate_member", &muller, &jean_id, &[]).await;
    assert_eq!(on["Ok"]["status"], "active");
    assert_eq!(
        on["Ok"]["role"], "manager",
        "reactivation keeps the role, no new invitation"
    );
    assert!(jean.answer("load_espace", &[("espace_id", &muller)]).await["Ok"].is_object());
    assert!(outbox(&dir).await.last().unwrap().2.contains("reaktiviert"));
}

#[tokio::test]
async fn a_role_change_is_mailed_in_the_members_language_and_logged() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let sophie_id = member_id(&mut claire, &muller, "Klein").await;
    let changed = change(
        &mut claire,
        "change_role",
        &muller,
        &sophie_id,
        &[("role", "manager")],
    )
    .await;
    assert_eq!(changed["Ok"]["role"], "manager");
    let (to, _, body) = outbox(&dir).await.last().cloned().unwrap();
    assert_eq!(to, "sophie.klein@muller-fils.example");
    assert!(
        body.contains(&format!(
            "Your role in the business eSpace {MULLER} is now: Manager."
        )),
        "{body}"
    );
    assert_eq!(
        change(
            &mut claire,
            "change_role",
            &muller,
            &sophie_id,
            &[("role", "owner")]
        )
        .await,
        json!({"Err": {"Invalid": [{"field": "role", "problem": "UnknownChoice"}]}})
    );
    let log = claire
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await;
    assert_eq!(
        log["Ok"]["entries"][0]["action"],
        json!({"action": "role_changed", "from": "without_signature", "to": "manager"})
    );
    assert_eq!(log["Ok"]["entries"][0]["member"], "Sophie Klein");
}

#[tokio::test]
async fn a_deleted_member_loses_access_and_needs_a_new_invitation() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let sophie_id = member_id(&mut claire, &muller, "Klein").await;
    let mut sophie = claire.another();
    sophie.sign_in(SOPHIE).await;
    assert_eq!(
        change(&mut claire, "delete_member", &muller, &sophie_id, &[]).await,
        json!({"Ok": null})
    );
    assert_eq!(
        sophie
            .answer("load_espace", &[("espace_id", &muller)])
            .await,
        json!({"Err": "NotFound"})
    );
    // out of the list and its count, kept under the status filter (help "Adding users": everyone
    // invited to date), her sheet read-only
    let listed = claire.members(&muller).await;
    assert_eq!(member(&mut claire, &muller, "Klein").await, Value::Null);
    assert_eq!(
        listed["Ok"]["total"],
        json!(listed["Ok"]["members"].as_array().unwrap().len())
    );
    let deleted = claire.list(&muller, "", "", "deleted", "1").await;
    assert_eq!(deleted["Ok"]["members"][0]["family_name"], "Klein");
    assert_eq!(deleted["Ok"]["total"], 1);
    let sheet = claire
        .answer(
            "load_member",
            &[("espace_id", &muller), ("member_id", &sophie_id)],
        )
        .await;
    assert_eq!(sheet["Ok"]["status"], "deleted");
    for (endpoint, extra) in [
        ("reactivate_member", vec![]),
        ("delete_member", vec![]),
        ("change_role", vec![("role", "manager")]),
    ] {
        assert_eq!(
            change(&mut claire, endpoint, &muller, &sophie_id, &extra).await,
            lifecycle("ReadOnly"),
            "{endpoint}"
        );
    }
    // the log keeps her name
    let log = claire
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await;
    assert_eq!(log["Ok"]["entries"][0]["member"], "Sophie Klein");
    // invited anew, she is back once she accepts
    let invited = claire
        .answer(
            "invite_member",
            &invitation_of(
                &muller,
                ("Sophie", "Klein", "sophie.klein@muller-fils.example"),
                SOPHIE,
                "without_signature",
                "this_certificate",
            ),
        )
        .await;
    let id = invited["Ok"].as_str().unwrap().to_owned();
    assert_eq!(
        sophie
            .answer("accept_invitation", &[("member_id", &id)])
            .await,
        json!({"Ok": muller})
    );
    assert!(
        sophie
            .answer("load_espace", &[("espace_id", &muller)])
            .await["Ok"]
            .is_object()
    );
    // the deleted sheet stays, as it was, beside the new one
    assert_eq!(
        claire.list(&muller, "", "", "deleted", "1").await["Ok"]["total"],
        1
    );
}

#[tokio::test]
async fn invitations_expire_can_be_renewed_on_request_and_resending_voids_the_old_link() {
    let dir = common::test_dir();
    let clock = Clock::default();
    let (mut claire, muller) = as_claire_on(&dir, clock.clone()).await;
    let id = claire.invite_laura(&muller).await;
    let first = link_secret(&dir, LAURA_EMAIL).await;
    let mut laura = claire.another();
    laura.sign_in(LAURA).await;
    assert_eq!(
        laura.answer("open_invitation", &[("secret", &first)]).await["Ok"]["ForYou"]["member_id"],
        id
    );

    clock.advance(14 * DAY + 1);
    // two weeks later: new sessions
    claire.sign_in(CLAIRE).await;
    laura.sign_in(LAURA).await;
    assert_eq!(
        member(&mut claire, &muller, "Schmit").await["status"],
        "expired"
    );
    assert_eq!(
        laura
            .answer("accept_invitation", &[("member_id", &id)])
            .await,
        lifecycle("Expired")
    );
    let opened = laura.answer("open_invitation", &[("secret", &first)]).await;
    assert_eq!(
        opened,
        json!({"Ok": {"Expired": {"espace_name": MULLER, "inviter": "Claire Muller", "renewal_requested": false}}})
    );
    // one click asks the administrators, once
    let mut stranger = claire.another(); // the link alone is enough: the invitee may not be able to sign in
    assert_eq!(
        stranger
            .answer("request_new_invitation", &[("secret", &first)])
            .await,
        json!({"Ok": null})
    );
    let (to, subject, body) = outbox(&dir).await.last().cloned().unwrap();
    assert_eq!(to, "claire.muller@muller-fils.example");
    assert_eq!(subject, "Laura Schmit demande une nouvelle invitation");
    assert!(
        body.contains(&format!("/espace/{muller}/profile/users/{id}")),
        "{body}"
    );
    assert_eq!(
        stranger
            .answer("request_new_invitation", &[("secret", &first)])
            .await,
        lifecycle("Answered")
    );

    // the administrator resends: a new link and deadline, the old link stops working
    let resent = change(&mut claire, "resend_invitation", &muller, &id, &[]).await;
    assert_eq!(resent["Ok"]["status"], "invited");
    let second = link_secret(&dir, LAURA_EMAIL).await;
    assert_ne!(first, second);
    assert_eq!(
        laura.answer("open_invitation", &[("secret", &first)]).await,
        json!({"Ok": "NoLongerValid"})
    );
    assert!(
        laura
            .answer("open_invitation", &[("secret", &second)])
            .await["Ok"]["ForYou"]
            .is_object()
    );
    assert_eq!(
        laura
            .answer("accept_invitation", &[("member_id", &id)])
            .await,
        json!({"Ok": muller})
    );
    assert_eq!(
        laura
            .answer("open_invitation", &[("secret", &second)])
            .await,
        json!({"Ok": "NoLongerValid"})
    );
}

#[tokio::test]
async fn a_withdrawn_invitation_cannot_be_accepted() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let id = claire.invite_laura(&muller).await;
    let secret = link_secret(&dir, LAURA_EMAIL).await;
    assert_eq!(
        change(&mut claire, "withdraw_invitation", &muller, &id, &[]).await,
        json!({"Ok": null})
    );
    assert!(
        outbox(&dir)
            .await
            .last()
            .unwrap()
            .2
            .contains("a été retirée")
    );
    let mut laura = claire.another();
    laura.sign_in(LAURA).await;
    assert_eq!(laura.answer("my_invitations", &[]).await, json!({"Ok": []}));
    assert_eq!(
        laura
            .answer("accept_invitation", &[("member_id", &id)])
            .await,
        json!({"Err": "NotFound"})
    );
    assert_eq!(
        laura
            .answer("open_invitation", &[("secret", &secret)])
            .await,
        json!({"Ok": "NoLongerValid"})
    );
    // withdrawing is for invitations only
    let jean = member_id(&mut claire, &muller, "Weber").await;
    assert_eq!(
        change(&mut claire, "withdraw_invitation", &muller, &jean, &[]).await,
        lifecycle("NotInvited")
    );
}

#[tokio::test]
async fn another_certificate_is_told_which_one_the_invitation_is_for() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let id = claire.invite_laura(&muller).await;
    let secret = link_secret(&dir, LAURA_EMAIL).await;
    let mut other = claire.another();
    assert_eq!(
        other
            .answer("open_invitation", &[("secret", &secret)])
            .await,
        json!({"Ok": {"SignIn": {"espace_name": MULLER, "invited_ssn": LAURA}}})
    );
    other.sign_in(JEAN).await;
    assert_eq!(
        other
            .answer("open_invitation", &[("secret", &secret)])
            .await,
        json!({"Ok": {"OtherCertificate": {"espace_name": MULLER, "invited_ssn": LAURA, "used_ssn": JEAN}}})
    );
    assert_eq!(
        other
            .answer("accept_invitation", &[("member_id", &id)])
            .await,
        json!({"Err": "NotFound"})
    );
    assert_eq!(other.answer("my_invitations", &[]).await, json!({"Ok": []}));
    assert_eq!(
        other
            .answer("open_invitation", &[("secret", &"0".repeat(64))])
            .await,
        json!({"Ok": "NoLongerValid"})
    );
}

#[tokio::test]
async fn the_access_scope_is_enforced_on_every_request() {
    let dir = common::test_dir();
    let mut laura = Browser::start(&dir, SignIn::Demo).await;
    laura.sign_in(LAURA).await;
    laura
        .answer(
            "create_espace",
            &[("name", "Schmit Consulting"), ("procedure_language", "en")],
        )
        .await;
    let schmit = laura.espace_id("Schmit Consulting").await;
    let invited = laura
        .answer(
            "invite_member",
            &invitation_of(
                &schmit,
                ("Claire", "Muller", "claire.muller@muller-fils.example"),
                CLAIRE,
                "manager",
                "this_certificate",
            ),
        )
        .await;
    let id = invited["Ok"].as_str().unwrap().to_owned();
    // the invitation is for the Smartcard: the Mobile certificate does not see it
    let mut claire = laura.another();
    claire.sign_in(CLAIRE_MOBILE).await;
    assert_eq!(
        claire.answer("my_invitations", &[]).await,
        json!({"Ok": []})
    );
    claire.sign_in(CLAIRE).await;
    assert_eq!(
        claire
            .answer("accept_invitation", &[("member_id", &id)])
            .await,
        json!({"Ok": schmit})
    );
    assert!(
        claire
            .answer("load_espace", &[("espace_id", &schmit)])
            .await["Ok"]
            .is_object()
    );
    claire.sign_in(CLAIRE_MOBILE).await;
    assert_eq!(
        claire
            .answer("load_espace", &[("espace_id", &schmit)])
            .await,
        json!({"Err": "NotFound"})
    );
    // widened to all her certificates, the Mobile enters on its next request
    let widened = change(
        &mut laura,
        "change_scope",
        &schmit,
        &id,
        &[("scope", "all_certificates")],
    )
    .await;
    assert_eq!(widened["Ok"]["scope"], "all_certificates");
    assert!(
        claire
            .answer("load_espace", &[("espace_id", &schmit)])
            .await["Ok"]
            .is_object()
    );
    // and narrowed again, it is out on the next one
    change(
        &mut laura,
        "change_scope",
        &schmit,
        &id,
        &[("scope", "this_certificate")],
    )
    .await;
    assert_eq!(
        claire
            .answer("load_espace", &[("espace_id", &schmit)])
            .await,
        json!({"Err": "NotFound"})
    );
}

#[tokio::test]
async fn bulk_invitation_reports_every_line_and_leaves_no_trace_of_refused_ones() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let mails_before = outbox(&dir).await.len();
    let csv = format!(
        "Nom;Prénom;E-mail;SSN;Rôle;Accès\n\
         Schmit;Laura;{LAURA_EMAIL};{LAURA};Gestionnaire;Uniquement avec ce certificat\n\
         Becker;Anna;anna.becker@;11112222333344445555;manager;this_certificate\n\
         Weber;Jean;jean@example.lu;{JEAN};manager;all_certificates\n\
         Reuter;Tom;tom.reuter@example.lu;22223333444455556666;Without signature;all_certificates\n"
    );
    let report = claire
        .answer("bulk_invite", &[("espace_id", &muller), ("csv", &csv)])
        .await;
    assert_eq!(
        report,
        json!({"Ok": [
            {"line": 2, "name": "Laura Schmit", "outcome": "Invited"},
            {"line": 3, "name": "Anna Becker", "outcome": {"Refused": [{"field": "email", "problem": "Email"}]}},
            {"line": 4, "name": "Jean Weber", "outcome": {"Refused": [{"field": "ssn", "problem": "AlreadyMember"}]}},
            {"line": 5, "name": "Tom Reuter", "outcome": "Invited"},
        ]})
    );
    assert_eq!(
        member(&mut claire, &muller, "Schmit").await["role"],
        "manager"
    );
    assert_eq!(
        member(&mut claire, &muller, "Reuter").await["role"],
        "without_signature"
    );
    assert_eq!(member(&mut claire, &muller, "Becker").await, Value::Null);
    assert_eq!(claire.members(&muller).await["Ok"]["total"], 7);
    assert_eq!(outbox(&dir).await.len(), mails_before + 2);
    assert_eq!(
        claire
            .answer(
                "bulk_invite",
                &[("espace_id", &muller), ("csv", "Nom;Prénom\n")]
            )
            .await,
        json!({"Err": {"Invalid": [{"field": "csv", "problem": {"Csv": "Empty"}}]}})
    );
}

#[tokio::test]
async fn the_list_searches_filters_and_pages() {
    let dir = common::test_dir();
    let clock = Clock::default();
    let (mut claire, muller) = as_claire_on(&dir, clock.clone()).await;
    let csv = |lines: std::ops::Range<usize>| -> String {
        lines
            .map(|i| {
                format!(
                    "Zimmer{i:02};Max;max{i}@example.lu;{:020};manager;all_certificates\n",
                    90_000 + i
                )
            })
            .collect()
    };
    // fifty today, the most a person may send in a day, and ten the day after
    for (lines, after) in [(0..50, 0), (50..60, 24 * 60 * 60 + 1)] {
        clock.advance(after);
        claire.sign_in(CLAIRE).await;
        let report = claire
            .answer(
                "bulk_invite",
                &[("espace_id", &muller), ("csv", &csv(lines))],
            )
            .await;
        let lines = report["Ok"].as_array().unwrap();
        assert!(lines.iter().all(|l| l["outcome"] == "Invited"), "{report}");
    }

    let first = claire.list(&muller, "", "", "", "1").await["Ok"].clone();
    assert_eq!(first["total"], 65);
    assert_eq!(first["members"].as_array().unwrap().len(), 50);
    assert_eq!(first["members"][0]["family_name"], "Hoffmann"); // by family name
    let second = claire.list(&muller, "", "", "", "2").await["Ok"].clone();
    assert_eq!(second["members"].as_array().unwrap().len(), 15);
    assert_eq!(second["members"][14]["family_name"], "Zimmer59");

    let found = claire.list(&muller, "PAUL wag", "", "", "1").await["Ok"].clone();
    assert_eq!(found["total"], 1);
    assert_eq!(found["members"][0]["family_name"], "Wagner");
    let by_email = claire.list(&muller, "max5", "", "", "1").await["Ok"].clone();
    assert_eq!(by_email["total"], 11); // max5, max50..max59
    // words in any order, found by their beginning, without regard to case or accents
    let found = claire.list(&muller, "wag PAUL", "", "", "1").await["Ok"].clone();
    assert_eq!(found["members"][0]["family_name"], "Wagner");
    let found = claire.list(&muller, "Claire MÜLL", "", "", "1").await["Ok"].clone();
    assert_eq!(found["total"], 1);
    assert_eq!(found["members"][0]["given_name"], "Claire");
    assert_eq!(
        claire.list(&muller, "agner", "", "", "1").await["Ok"]["total"],
        0,
        "the middle of a word is not its beginning"
    );
    // LIKE's wildcards are taken literally
    assert_eq!(
        claire.list(&muller, "%", "", "", "1").await["Ok"]["total"],
        0
    );
    assert_eq!(
        claire.list(&muller, "", "administrator", "", "1").await["Ok"]["total"],
        1
    );
    assert_eq!(
        claire.list(&muller, "", "", "deactivated", "1").await["Ok"]["members"][0]["family_name"],
        "Hoffmann"
    );
    assert_eq!(
        claire.list(&muller, "", "manager", "invited", "1").await["Ok"]["total"],
        60
    );
    assert_eq!(
        claire.list(&muller, "", "", "invited", "1").await["Ok"]["total"],
        61
    );
    assert_eq!(
        claire.list(&muller, "", "", "active", "1").await["Ok"]["total"],
        3
    );
}

#[tokio::test]
async fn the_activity_log_cannot_be_edited() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let sophie = member_id(&mut claire, &muller, "Klein").await;
    change(&mut claire, "deactivate_member", &muller, &sophie, &[]).await;
    let db = database(&dir).await;
    for sql in [
        "UPDATE activity SET actor_name = 'nobody'",
        "DELETE FROM activity",
    ] {
        let error = sqlx::query(sql).execute(&db).await.unwrap_err().to_string();
        assert!(error.contains("append-only"), "{sql}: {error}");
    }
    let log = claire
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await;
    assert_eq!(log["Ok"]["entries"][0]["actor"], "Claire Muller");
}

/// Each page creates its resources once while the server renders it: a resource created twice
/// leaves a first copy that fails outside its page (a server fault in the serialised data) and
/// the browser hydrating against the wrong one.
#[tokio::test]
async fn pages_serialise_each_resource_once() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let jean = member_id(&mut claire, &muller, "Weber").await;
    let users = format!("/espace/{muller}/profile/users");
    for path in [
        "/".to_owned(),
        format!("/espace/{muller}"),
        format!("/espace/{muller}/profile"),
        users.clone(),
        format!("{users}?status=active"),
        format!("{users}/{jean}"),
        format!("{users}/activity"),
        format!("{users}/new"),
        format!("{users}/import"),
        format!("/espace/{muller}/profile/certifications"),
    ] {
        let page = claire.get(&path, None).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            !page.body.contains(r#"{\"Err\":{\"Server\""#),
            "{path}: a resource failed"
        );
    }
}

/// The form of "Identité" → "Éditer", Laura's names and `email`, with `phone`, `fax`, `function`.
fn details<'a>(
    espace: &'a str,
    member: &'a str,
    email: &'a str,
    [phone, fax, function]: [&'a str; 3],
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("espace_id", espace),
        ("member_id", member),
        ("given_name", "Laura"),
        ("family_name", "Schmit"),
        ("email", email),
        ("phone", phone),
        ("mobile", ""),
        ("fax", fax),
        ("function", function),
    ]
}

#[tokio::test]
async fn an_administrator_completes_a_members_sheet_and_a_new_email_is_told_to_both_addresses() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    // Laura has saved contact details on her own profile before she is invited
    let mut laura = claire.another();
    laura.sign_in(LAURA).await;
    let saved = laura
        .answer(
            "save_contact",
            &[
                ("email", LAURA_EMAIL),
                ("phone", "+352 26 00 11"),
                ("mobile", ""),
                ("fax", ""),
                ("function", "Gérante"),
            ],
        )
        .await;
    assert_eq!(saved, json!({"Ok": null}));
    // an invitation whose email was mistyped, corrected before it is answered
    let mistyped = "laura.schmitt@example.lu";
    let invited = claire
        .answer(
            "invite_member",
            &invitation_of(
                &muller,
                ("Laura", "Schmit", mistyped),
                LAURA,
                "manager",
                "this_certificate",
            ),
        )
        .await;
    let id = invited["Ok"].as_str().unwrap().to_owned();
    let mails_before = outbox(&dir).await.len();
    let edited = claire
        .answer(
            "edit_member",
            &details(&muller, &id, LAURA_EMAIL, ["", "", ""]),
        )
        .await;
    assert_eq!(edited["Ok"]["email"], LAURA_EMAIL, "{edited}");
    let mails = outbox(&dir).await;
    let told: Vec<_> = mails[mails_before..]
        .iter()
        .map(|(to, subject, _)| (to.as_str(), subject.as_str()))
        .collect();
    let subject = format!("Votre adresse e-mail dans l'espace professionnel {MULLER}");
    assert_eq!(
        told,
        [
            (mistyped, subject.as_str()),
            (LAURA_EMAIL, subject.as_str())
        ]
    );
    assert!(mails.last().unwrap().2.contains(&format!(
        "Claire Muller, administrateur de l'espace professionnel {MULLER}, a remplacé l'adresse e-mail de votre fiche, {mistyped}, par {LAURA_EMAIL}."
    )));

    // accepting carries over what she saved on her own profile
    let accepted = laura
        .answer("accept_invitation", &[("member_id", &id)])
        .await;
    assert!(accepted["Ok"].is_string(), "{accepted}");
    async fn sheet(b: &mut Browser, espace: &str, member: &str) -> Value {
        b.answer(
            "load_member",
            &[("espace_id", espace), ("member_id", member)],
        )
        .await["Ok"]
            .clone()
    }
    let read = sheet(&mut claire, &muller, &id).await;
    assert_eq!(
        (&read["phone"], &read["function"], &read["fax"]),
        (&json!("+352 26 00 11"), &json!("Gérante"), &Value::Null)
    );

    // the administrator completes the sheet: the same rules as one's own profile
    let wrong = claire
        .answer(
            "edit_member",
            &details(&muller, &id, "laura@", ["+352 26 00 11", "fax", "Gérante"]),
        )
        .await;
    let fields: Vec<_> = wrong["Err"]["Invalid"]
        .as_array()
        .unwrap_or_else(|| panic!("{wrong}"))
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(fields, [json!("email"), json!("fax")]);
    assert_eq!(
        sheet(&mut claire, &muller, &id).await,
        read,
        "a refused edit changes nothing"
    );
    let mails_before = outbox(&dir).await.len();
    let form = details(
        &muller,
        &id,
        LAURA_EMAIL,
        ["+352 26 00 11", "+352 26 00 12", "Gérante associée"],
    );
    claire.answer("edit_member", &form).await;
    let read = sheet(&mut claire, &muller, &id).await;
    assert_eq!(read["fax"], "+352 26 00 12");
    assert_eq!(read["function"], "Gérante associée");
    // saving it again changes and logs nothing; no email without a new address
    claire.answer("edit_member", &form).await;
    assert_eq!(outbox(&dir).await.len(), mails_before);
    let log = claire
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await;
    let entries = log["Ok"]["entries"].as_array().unwrap();
    assert_eq!(
        entries[0]["action"],
        json!({"action": "member_edited", "changes": [
            {"field": "fax", "from": null, "to": "+352 26 00 12"},
            {"field": "function", "from": "Gérante", "to": "Gérante associée"},
        ]})
    );
    assert_eq!(entries[1]["action"], json!({"action": "accepted"}));
    assert_eq!(entries[2]["action"]["changes"][0]["field"], "email");

    // a manager may read the sheet, not edit it
    let mut jean = claire.another();
    jean.sign_in(JEAN).await;
    let refused = jean.answer("edit_member", &form).await;
    assert_eq!(refused, json!({"Err": "Forbidden"}));
}
