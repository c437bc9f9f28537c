//! The authorisation matrix: every registered server function, called by each kind of caller,
//! against Muller & Fils' data (`common::world`). The list of functions comes from Leptos's own
//! registry, so a new server function without a row fails the test. A call the matrix refuses
//! must leave the database exactly as it was.

use crate::common;

use common::world::*;
use leptos::server_fn::axum::server_fn_paths;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Functions that use up what they act on, tried by each caller in a world of its own: after
/// the first deletion there is nothing left for the next caller to delete.
const ONCE: [&str; 1] = ["delete_document"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_checks_every_callers_power_and_a_refusal_changes_nothing() {
    let registered: BTreeSet<String> = server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let listed: BTreeSet<String> = matrix(&world().await)
        .iter()
        .map(|call| call.endpoint.to_owned())
        .collect();
    assert_eq!(
        registered, listed,
        "every registered server function has its row in the matrix"
    );

    let mut failures = Vec::new();
    let mut cells = 0;
    for endpoint in &listed {
        // a fresh world for each function: one function's changes never bear on another's row
        let mut w = world().await;
        let row = |w: &World| {
            matrix(w)
                .into_iter()
                .find(|call| call.endpoint == endpoint)
                .unwrap()
        };
        let Call {
            mut args, expected, ..
        } = row(&w);
        let mut got = String::new();
        for (i, caller) in CALLERS.iter().enumerate() {
            if ONCE.contains(&endpoint.as_str()) && i > 0 {
                w = world().await;
                args = row(&w).args;
            }
            let before = contents(&w.scene.dir).await;
            let browser = &mut w.callers[i].1;
            let reply = call(browser, endpoint, &args).await;
            let result = outcome(&reply);
            got.push(result);
            cells += 1;
            if result != 'P' && contents(&w.scene.dir).await != before {
                failures.push(format!("{endpoint} refused to {caller:?} yet changed data"));
            }
        }
        if got != expected {
            failures.push(format!(
                "{endpoint}: expected {expected}, got {got} (callers {CALLERS:?})"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(cells, listed.len() * CALLERS.len());
    println!(
        "authorisation matrix: {} functions × {} callers = {cells} cells",
        listed.len(),
        CALLERS.len()
    );
}

/// The ids a call names (the eSpace's, a member's, a mandate's, a procedure's, a document's, a
/// message's).
const IDS: [&str; 6] = [
    "espace_id",
    "member_id",
    "mandate_id",
    "id",
    "document_id",
    "message_id",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_of_another_espace_or_made_up_are_not_found_alike_and_change_nothing() {
    let mut w = world().await;
    let reuter = {
        let tom = &mut w.callers[3].1;
        tom.espace_id("Reuter SARL").await
    };
    let made_up = "0123456789abcdef0123456789abcdef";
    let before = contents(&w.scene.dir).await;
    let mut tried = 0;
    let mut failures = Vec::new();
    for Call { endpoint, args, .. } in matrix(&w) {
        if !args.iter().any(|(k, _)| IDS.contains(k)) {
            continue;
        }
        let replace = |key: &str, value: &str| -> Vec<(&'static str, String)> {
            args.iter()
                .map(|(k, v)| {
                    (
                        *k,
                        if *k == key {
                            value.to_owned()
                        } else {
                            v.clone()
                        },
                    )
                })
                .collect()
        };
        // (caller, arguments), callers by their place in `CALLERS`: Tom (3), administrator of
        // Reuter SARL, with a made-up eSpace, or his own with Muller's other ids; Claire (7),
        // Muller's administrator, with Reuter's id, or Muller's with another id made up
        let (tom, claire) = (3, 7);
        let names_espace = args.iter().any(|(k, _)| *k == "espace_id");
        let mut variants = Vec::new();
        if names_espace {
            variants.push((tom, replace("espace_id", made_up)));
            variants.push((claire, replace("espace_id", &reuter)));
        }
        for &key in &IDS[1..] {
            if args.iter().any(|(k, _)| *k == key) {
                variants.push((claire, replace(key, made_up)));
                if names_espace {
                    variants.push((tom, replace("espace_id", &reuter)));
                } else {
                    variants.push((tom, args.clone()));
                }
            }
        }
        for (caller, args) in variants {
            let reply = call(&mut w.callers[caller].1, endpoint, &args).await;
            tried += 1;
            // a download, which a plain link opens, says it with its status alone
            let not_found = if DOWNLOADS.contains(&endpoint) {
                reply.status == 404 && reply.body.is_empty()
            } else {
                reply.status == 200 && reply.body == r#"{"Err":"NotFound"}"#
            };
            if !not_found {
                failures.push(format!(
                    "{endpoint} {args:?}: {} {}",
                    reply.status, reply.body
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(contents(&w.scene.dir).await, before, "nothing changed");
    assert!(tried > 80, "{tried} calls");
    println!("tenant isolation: {tried} calls, all the same \"not found\"");
}

#[tokio::test]
async fn an_operator_cannot_sign_in_to_the_portal() {
    let w = world().await;
    let mut browser = w.scene.claire.another();
    // the demo operator's name is no certificate
    assert_eq!(
        browser.answer("sign_in_demo", &[("ssn", "demo")]).await,
        json!({"Err": "NotFound"})
    );
    assert_eq!(browser.viewer().await, Value::Null);
}
