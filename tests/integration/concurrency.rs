//! The rules that two requests at the same moment could break, each tried with requests really
//! at once (a multi-threaded runtime; on PostgreSQL every request its own connection): an
//! invitation is accepted once, one owner code is active per company and domain, a code is
//! used by one eSpace, a data sheet field changes from what its editor saw. The last
//! administrator is in `users.rs` (two administrators removing each other at once).

use crate::common;

use common::{mandates::*, *};
use espace::{
    domain::access_code::{CodeKind, CodeOrder, Domain, IssueRefusal},
    server::{back_office::codes::issue, clock::Clock, config::SignIn},
};
use serde_json::{Value, json};

const ROUNDS: usize = 8;

/// Runs the requests at once, each in a task of its own; answers their answers in order.
async fn at_once<Fut>(requests: impl IntoIterator<Item = Fut>) -> Vec<Value>
where
    Fut: Future<Output = Value> + Send + 'static,
{
    let tasks: Vec<_> = requests.into_iter().map(tokio::spawn).collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("no request panicked"));
    }
    answers
}

fn successes(answers: &[Value]) -> usize {
    answers.iter().filter(|a| a.get("Ok").is_some()).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_invitation_is_accepted_once_however_many_tabs_accept_it() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    for round in 0..ROUNDS {
        // a new eSpace each round, each inviting Laura
        let espace = claire
            .answer(
                "create_espace",
                &[
                    ("name", &format!("Atelier {round}")),
                    ("procedure_language", "fr"),
                ],
            )
            .await["Ok"]
            .as_str()
            .expect("created")
            .to_owned();
        let member = claire.invite_laura(&espace).await;
        let mut tabs = Vec::new();
        for _ in 0..4 {
            let mut laura = claire.another();
            laura.sign_in(LAURA).await;
            tabs.push(laura);
        }
        let answers = at_once(tabs.into_iter().map(|mut laura| {
            let member = member.clone();
            async move {
                laura
                    .answer("accept_invitation", &[("member_id", &member)])
                    .await
            }
        }))
        .await;
        assert_eq!(successes(&answers), 1, "round {round}: {answers:?}");
        for refused in answers.iter().filter(|a| a.get("Ok").is_none()) {
            assert_eq!(
                *refused,
                json!({"Err": {"Lifecycle": "Answered"}}),
                "round {round}"
            );
        }
        let log = claire
            .answer("activity_log", &[("espace_id", &espace), ("page", "1")])
            .await;
        let accepted = log["Ok"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == json!({"action": "accepted"}))
            .count();
        assert_eq!(accepted, 1, "round {round}: one activity row");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_owner_codes_issued_at_once_for_one_company_and_domain_one_is_active() {
    let dir = common::test_dir();
    let _server = Browser::start(&dir, SignIn::Demo).await; // the demo data
    let store = store(&dir).await;
    let now = Clock::default().now();
    for (round, domain) in [
        Domain::Tax,
        Domain::SocialSecurity,
        Domain::SportsFederations,
    ]
    .into_iter()
    .enumerate()
    {
        let issued = at_once((0..ROUNDS).map(|_| {
            let store = store.clone();
            async move {
                let order = CodeOrder {
                    company: COMPANY.into(),
                    domain,
                    kind: CodeKind::Owner,
                    activation_deadline: now + 30 * DAY,
                    end_of_use: None,
                };
                match issue(&store, &order, 1, "operator", now).await.unwrap() {
                    Ok(_) => json!({"Ok": null}),
                    Err(IssueRefusal::OwnerActive) => json!({"Err": "OwnerActive"}),
                    Err(other) => panic!("{other:?}"),
                }
            }
        }))
        .await;
        assert_eq!(successes(&issued), 1, "round {round}: {issued:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_code_typed_into_two_espaces_at_once_is_used_by_one() {
    let mut scene = scene().await;
    let proxies = codes(&scene.dir, CodeKind::Proxy, ROUNDS as u32, &scene.clock).await;
    for (round, code) in proxies.iter().enumerate() {
        let (muller, fiduciary) = (scene.muller.clone(), scene.fiduciary.clone());
        let (claire, marc) = (&mut scene.claire, &mut scene.marc);
        let (a, b) = tokio::join!(
            register(claire, &muller, code.as_str(), "proxy"),
            register(marc, &fiduciary, code.as_str(), "proxy"),
        );
        let answers = [a, b];
        assert_eq!(successes(&answers), 1, "round {round}: {answers:?}");
    }
    // each code is a mandate of exactly one eSpace
    let received = |tab: Value| tab["mandates_received"].as_array().unwrap().len();
    let muller = scene.muller.clone();
    let fiduciary = scene.fiduciary.clone();
    let total = received(tab(&mut scene.claire, &muller).await)
        + received(tab(&mut scene.marc, &fiduciary).await);
    assert_eq!(total, ROUNDS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_editors_changing_one_field_from_the_same_value_one_wins() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let mut seen = claire
        .answer("load_espace", &[("espace_id", &muller)])
        .await["Ok"]["profile"]["trade_name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for round in 0..ROUNDS {
        let editors = at_once((0..4).map(|i| {
            let mut editor = claire.another();
            editor.cookies = claire.cookies.clone();
            let (muller, seen) = (muller.clone(), seen.clone());
            async move {
                editor
                    .answer(
                        "edit_profile",
                        &[
                            ("espace_id", &muller),
                            ("field", "trade_name"),
                            ("expected", &seen),
                            ("value", &format!("Enseigne {round}.{i}")),
                        ],
                    )
                    .await
            }
        }))
        .await;
        assert_eq!(successes(&editors), 1, "round {round}: {editors:?}");
        let winner = editors.iter().position(|a| a.get("Ok").is_some()).unwrap();
        seen = format!("Enseigne {round}.{winner}");
        let stored = claire
            .answer("load_espace", &[("espace_id", &muller)])
            .await["Ok"]["profile"]["trade_name"]
            .clone();
        assert_eq!(stored, json!(seen), "round {round}: the winner's value");
    }
}
