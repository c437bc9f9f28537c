//! The authorisation matrix: every registered server function, called by each kind of caller,
//! against Muller & Fils' data. The list of functions comes from Leptos's own registry, so a
//! new server function without a row here fails the test. A call the matrix refuses must leave
//! the database exactly as it was.

mod common;

use common::{mandates::*, *};
use leptos::server_fn::axum::server_fn_paths;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const ANNA: &str = "73920584617392058461"; // no eSpace
const TOM: &str = "84150392768415039276"; // creates an eSpace of his own
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// Who calls, from least to most power over Muller & Fils: the order the matrix runs in, so
/// that what an administrator's call changes cannot hide a refusal of someone else's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    Anonymous,
    /// The administration's operators have no portal identity (the back office is a command of
    /// the server): on the web they are anonymous, and signing in as one is impossible.
    Operator,
    NonMember,
    AdministratorElsewhere,
    DeactivatedMember,
    WithoutSignature,
    Manager,
    Administrator,
}

const CALLERS: [Caller; 8] = [
    Caller::Anonymous,
    Caller::Operator,
    Caller::NonMember,
    Caller::AdministratorElsewhere,
    Caller::DeactivatedMember,
    Caller::WithoutSignature,
    Caller::Manager,
    Caller::Administrator,
];

/// What became of a call: the power check let it through (`P`: it ran, whatever its answer on
/// the merits), or it was refused as not signed in (`S`), not found (`N`) or forbidden (`F`).
fn outcome(reply: &Reply) -> char {
    assert!(
        reply.status < 500,
        "a power check never ends in a server error: {} {}",
        reply.status,
        reply.body
    );
    if reply.status != 200 {
        return 'H';
    }
    match serde_json::from_str::<Value>(&reply.body) {
        Ok(answer) if answer["Err"] == "NotSignedIn" => 'S',
        Ok(answer) if answer["Err"] == "NotFound" => 'N',
        Ok(answer) if answer["Err"] == "Forbidden" => 'F',
        _ => 'P',
    }
}

// Expected outcomes, one character per caller in `CALLERS` order.
/// Anyone, signed in or not.
const PUBLIC: &str = "PPPPPPPP";
/// Anyone signed in, about themselves.
const PERSONAL: &str = "SSPPPPPP";
/// Only the person an invitation is addressed to (none of the callers).
const ADDRESSEE: &str = "SSNNNNNN";
/// Every active member of the eSpace (see it and its users; create, modify, submit procedures).
const MEMBER: &str = "SSNNNPPP";
/// Members who may sign.
const SIGNER: &str = "SSNNNFPP";
/// Its administrators (profile, users, certifications).
const ADMINISTRATOR: &str = "SSNNNFFP";

/// Muller & Fils with everything a call can name: a mandate it gave, a procedure, an
/// invitation, members in each role, and a caller of each kind.
struct World {
    scene: Scene,
    callers: Vec<(Caller, Browser)>,
    mandate: String,
    procedure: String,
    version: String,
    invitation: String,
    secret: String,
    sophie: String,
}

async fn world() -> World {
    let mut scene = scene().await;
    let mandate = mandate(&mut scene).await;
    let muller = scene.muller.clone();
    let (procedure, version) = {
        let created = scene
            .claire
            .answer(
                "create_procedure",
                &[
                    ("espace_id", &muller),
                    ("kind", "registered_address"),
                    ("principal", ""),
                ],
            )
            .await;
        let id = created["Ok"].as_str().unwrap().to_owned();
        (id, "1".to_owned())
    };
    let invited = scene
        .claire
        .answer(
            "invite_member",
            &[
                ("espace_id", &muller),
                ("given_name", "Laura"),
                ("family_name", "Schmit"),
                ("email", "laura.schmit@example.lu"),
                ("ssn", LAURA),
                ("scope", "this_certificate"),
                ("role", "manager"),
            ],
        )
        .await;
    let invitation = invited["Ok"]
        .as_str()
        .unwrap_or_else(|| panic!("{invited}"))
        .to_owned();
    let mail = outbox(&scene.dir).await.pop().unwrap().2;
    let start = mail.find("/invitation/").unwrap() + "/invitation/".len();
    let secret: String = mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let sophie = scene.claire.members(&muller).await["Ok"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["family_name"] == "Klein")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let signed_in = |ssn: &'static str| {
        let mut browser = scene.claire.another();
        async move {
            browser.sign_in(ssn).await;
            browser
        }
    };
    let mut tom = signed_in(TOM).await;
    let created = tom
        .answer(
            "create_espace",
            &[("name", "Reuter SARL"), ("procedure_language", "fr")],
        )
        .await;
    assert!(created["Ok"].is_string(), "{created}");
    let callers = vec![
        (Caller::Anonymous, scene.claire.another()),
        (Caller::Operator, scene.claire.another()),
        (Caller::NonMember, signed_in(ANNA).await),
        (Caller::AdministratorElsewhere, tom),
        (Caller::DeactivatedMember, signed_in(MARC).await),
        (Caller::WithoutSignature, signed_in(SOPHIE).await),
        (Caller::Manager, signed_in(JEAN).await),
        (Caller::Administrator, signed_in(CLAIRE).await),
    ];
    World {
        scene,
        callers,
        mandate,
        procedure,
        version,
        invitation,
        secret,
        sophie,
    }
}

/// Every function's call on Muller's data and the outcome expected of each caller.
fn matrix(w: &World) -> Vec<(&'static str, Vec<(&'static str, String)>, &'static str)> {
    let m = || ("espace_id", w.scene.muller.clone());
    let s = |k: &'static str, v: &str| (k, v.to_owned());
    let member = |id: &str| vec![m(), s("member_id", id)];
    let mandate = || vec![m(), s("mandate_id", &w.mandate)];
    let procedure = || vec![m(), s("id", &w.procedure)];
    let with = |mut pairs: Vec<(&'static str, String)>, more: &[(&'static str, &str)]| {
        pairs.extend(more.iter().map(|(k, v)| s(k, v)));
        pairs
    };
    vec![
        ("current_session", vec![], PUBLIC),
        ("login_options", vec![], PUBLIC),
        ("sign_in_demo", vec![s("ssn", LAURA)], PUBLIC),
        ("sign_out", vec![], PUBLIC),
        ("save_language", vec![s("language", "de")], PUBLIC),
        ("open_invitation", vec![s("secret", &w.secret)], PUBLIC),
        (
            "search_nace",
            vec![s("query", "boulangerie"), s("language", "fr")],
            PERSONAL,
        ),
        ("my_invitations", vec![], PERSONAL),
        ("load_own_profile", vec![], PERSONAL),
        (
            "save_contact",
            vec![
                s("email", "someone@example.lu"),
                s("phone", ""),
                s("mobile", ""),
                s("fax", ""),
                s("function", ""),
            ],
            PERSONAL,
        ),
        (
            "create_espace",
            vec![s("name", "Nouvelle SARL"), s("procedure_language", "fr")],
            PERSONAL,
        ),
        // the secret of the invitation link is the credential: its holder, signed in or not
        (
            "request_new_invitation",
            vec![s("secret", &w.secret)],
            PUBLIC,
        ),
        (
            "accept_invitation",
            vec![s("member_id", &w.invitation)],
            ADDRESSEE,
        ),
        (
            "refuse_invitation",
            vec![s("member_id", &w.invitation)],
            ADDRESSEE,
        ),
        ("load_espace", vec![m()], MEMBER),
        ("load_certifications", vec![m()], MEMBER),
        ("list_procedures", vec![m()], MEMBER),
        (
            "procedure_principals",
            vec![m(), s("kind", "registered_address")],
            MEMBER,
        ),
        (
            "create_procedure",
            vec![m(), s("kind", "registered_address"), s("principal", "")],
            MEMBER,
        ),
        ("load_procedure", procedure(), MEMBER),
        (
            "save_procedure",
            with(procedure(), &[("version", &w.version), ("content", "{}")]),
            MEMBER,
        ),
        ("submit_procedure", procedure(), MEMBER),
        (
            "sign_procedure",
            with(procedure(), &[("version", &w.version)]),
            SIGNER,
        ),
        (
            "edit_profile",
            vec![
                m(),
                s("field", "trade_name"),
                s("expected", ""),
                s("value", "Muller"),
            ],
            ADMINISTRATOR,
        ),
        (
            "list_members",
            vec![
                m(),
                s("search", ""),
                s("role", ""),
                s("status", ""),
                s("page", "1"),
            ],
            MEMBER,
        ),
        // every member sees who the others are; only administrators change them
        ("load_member", member(&w.sophie), MEMBER),
        (
            "invite_member",
            vec![
                m(),
                s("given_name", "Anna"),
                s("family_name", "Becker"),
                s("email", "anna.becker@example.lu"),
                s("ssn", ANNA),
                s("scope", "this_certificate"),
                s("role", "manager"),
            ],
            ADMINISTRATOR,
        ),
        (
            "bulk_invite",
            vec![
                m(),
                s("csv", "given_name;family_name;email;ssn;role;scope\n"),
            ],
            ADMINISTRATOR,
        ),
        (
            "change_role",
            with(member(&w.sophie), &[("role", "manager")]),
            ADMINISTRATOR,
        ),
        (
            "change_scope",
            with(member(&w.sophie), &[("scope", "all_certificates")]),
            ADMINISTRATOR,
        ),
        ("deactivate_member", member(&w.sophie), ADMINISTRATOR),
        ("reactivate_member", member(&w.sophie), ADMINISTRATOR),
        ("delete_member", member(&w.sophie), ADMINISTRATOR),
        ("resend_invitation", member(&w.invitation), ADMINISTRATOR),
        ("withdraw_invitation", member(&w.invitation), ADMINISTRATOR),
        ("activity_log", vec![m(), s("page", "1")], ADMINISTRATOR),
        (
            "register_code",
            vec![m(), s("code", "ABCD-EFGH-JKLM-NPQR"), s("kind", "proxy")],
            ADMINISTRATOR,
        ),
        ("revoke_mandate", mandate(), ADMINISTRATOR),
        (
            "set_mandate_end",
            with(mandate(), &[("end", "2031-12-31")]),
            ADMINISTRATOR,
        ),
        (
            "set_mandate_scope",
            with(mandate(), &[("scope", "data")]),
            ADMINISTRATOR,
        ),
        ("renew_mandate_codes", mandate(), ADMINISTRATOR),
        (
            "request_certification",
            vec![
                m(),
                s("domain", "sports"),
                s("description", "Club sportif."),
            ],
            ADMINISTRATOR,
        ),
    ]
}

/// Everything the app keeps, but sessions (a sign-in is not a change of data) and the mail
/// sender's own delivery bookkeeping (it runs on its own time).
async fn contents(dir: &tempfile::TempDir) -> String {
    let db = database(dir).await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT IN ('tower_sessions', '_sqlx_migrations') ORDER BY name",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let mut all = String::new();
    for table in tables {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(&db)
                .await
                .unwrap();
        let columns: Vec<String> = columns
            .into_iter()
            .filter(|c| {
                !(table == "outbox" && !["recipient", "subject", "body"].contains(&c.as_str()))
            })
            .map(|c| format!("quote(\"{c}\")"))
            .collect();
        let rows: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT {} FROM \"{table}\" ORDER BY rowid",
            columns.join(" || '|' || ")
        ))
        .fetch_all(&db)
        .await
        .unwrap();
        all.push_str(&format!("{table}: {}\n", rows.join("\n")));
    }
    db.close().await;
    all
}

async fn call(browser: &mut Browser, endpoint: &str, args: &[(&'static str, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if endpoint == "request_certification" {
        browser
            .post_multipart(
                endpoint,
                &pairs,
                &[("documents", "statuts.pdf", PDF)],
                "application/json",
            )
            .await
    } else {
        browser.call(endpoint, &pairs).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_checks_every_callers_power_and_a_refusal_changes_nothing() {
    let registered: BTreeSet<String> = server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let listed: BTreeSet<String> = matrix(&world().await)
        .iter()
        .map(|(endpoint, _, _)| endpoint.to_string())
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
        let (_, args, expected) = matrix(&w)
            .into_iter()
            .find(|(e, _, _)| e == endpoint)
            .unwrap();
        let mut got = String::new();
        for (i, caller) in CALLERS.iter().enumerate() {
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

/// The ids a call names (the eSpace's, a member's, a mandate's, a procedure's).
const IDS: [&str; 4] = ["espace_id", "member_id", "mandate_id", "id"];

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
    for (endpoint, args, _) in matrix(&w) {
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
        for key in ["member_id", "mandate_id", "id"] {
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
            if reply.status != 200 || reply.body != r#"{"Err":"NotFound"}"# {
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
