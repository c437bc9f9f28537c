//! The migration path from the embedded SQLite default to PostgreSQL: `espace copy-database`
//! run as a command on a SQLite database holding a row in every table, then the app started on
//! the copy. Every row arrives as it was, the copied sessions sign the same people in, the
//! pages answer the same, writes go on (reference numbers after the copied ones), and a second
//! copy into the same database is refused.
//!
//! The only test of its binary: it builds its SQLite source whatever engine the suite runs on
//! (it clears `TEST_POSTGRES` for that), and takes the PostgreSQL server of the suite or, when
//! the suite runs on SQLite, the project's own (`scripts/postgres.sh`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

mod common;

use common::{world::*, *};
use espace::server::{
    clock::Clock,
    config::SignIn,
    db::copy::{NOT_COPIED, TABLES},
};
use serde_json::json;
use std::{collections::BTreeSet, process::Command};

fn postgres() -> String {
    postgres_server().unwrap_or_else(|| {
        let started = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/postgres.sh"))
            .output()
            .expect("scripts/postgres.sh runs");
        assert!(started.status.success(), "{started:?}");
        String::from_utf8(started.stdout).unwrap().trim().to_owned()
    })
}

fn copy(from: &str, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_espace"))
        .args(["copy-database", "--from", from, "--to", to])
        .output()
        .expect("the command runs")
}

/// Every row of a table, each value as text (integers, text, bytes in hex, flags as 0/1), sorted.
async fn rows(db: &sqlx::AnyPool, table: &str, columns: &[(String, String)]) -> Vec<String> {
    use sqlx::Row;
    let on_postgres = db.acquire().await.unwrap().backend_name().eq("PostgreSQL");
    let select: Vec<String> = columns
        .iter()
        .map(|(name, kind)| match (kind.as_str(), on_postgres) {
            ("boolean", true) => format!("CASE WHEN \"{name}\" THEN 1 ELSE 0 END AS \"{name}\""),
            ("boolean", false) => format!("CAST(\"{name}\" AS INTEGER) AS \"{name}\""),
            _ => format!("\"{name}\""),
        })
        .collect();
    let found = sqlx::query(&format!("SELECT {} FROM {table}", select.join(", ")))
        .fetch_all(db)
        .await
        .unwrap();
    let mut rows: Vec<String> = found
        .iter()
        .map(|row| {
            (0..columns.len())
                .map(|i| {
                    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                        format!("{v:?}")
                    } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                        format!("{v:?}")
                    } else {
                        let bytes: Option<Vec<u8>> = row.try_get(i).unwrap();
                        format!("{:?}", bytes.map(hex::encode))
                    }
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    rows.sort();
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_installation_copied_into_postgresql_goes_on_there() {
    let server = postgres();
    // SAFETY: the only test of this binary; nothing else reads the environment meanwhile
    unsafe { std::env::remove_var("TEST_POSTGRES") };

    // a SQLite installation with a row in every table
    let mut w = world().await;
    let muller = w.scene.muller.clone();
    let claire = &mut w.callers[7].1;
    for (endpoint, args) in [
        (
            "request_certification",
            vec![
                ("espace_id", muller.clone()),
                ("domain", "sports_federations".into()),
                ("description", "Club sportif.".into()),
            ],
        ),
        (
            "renew_mandate_codes",
            vec![
                ("espace_id", muller.clone()),
                ("mandate_id", w.mandate.clone()),
            ],
        ),
        (
            "register_code",
            vec![
                ("espace_id", muller.clone()),
                ("code", "0000-0000-0000-0000".into()),
                ("kind", "owner".into()),
            ],
        ),
    ] {
        let reply = call(claire, endpoint, &args).await;
        assert!(reply.status == 200, "{endpoint}: {}", reply.body);
    }
    let copied_reference = file_procedure(claire, &muller).await;
    let source_store = mandates::store(&w.scene.dir).await;
    let now = Clock::default().now();
    assert!(
        source_store
            .operators
            .add("Anne Operator", now)
            .await
            .unwrap()
    );
    let reminded = source_store
        .mandate_reminders
        .remind(
            &w.mandate.as_str().into(),
            30,
            now + 30 * 24 * 3600,
            &[],
            now,
        )
        .await
        .unwrap();
    assert!(reminded);
    use espace::domain::business_data::{Source, read};
    let vat = read(
        Source::Vat,
        "national_id;vat_number;registered_on\n20202201246;LU20976985;2010-01-01\n",
    )
    .unwrap();
    source_store
        .authentic_sources
        .import(Source::Vat, &vat, "Anne Operator", now)
        .await
        .unwrap();
    let from = database_url(w.scene.dir.path(), "test.db");
    assert!(from.starts_with("sqlite:"));
    let source = connect(&from).await;
    let schema: BTreeSet<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT IN ('_sqlx_migrations', 'sqlite_sequence')",
    )
    .fetch_all(&source)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let listed: BTreeSet<String> = TABLES
        .iter()
        .chain(NOT_COPIED)
        .map(|t| t.to_string())
        .collect();
    assert_eq!(listed, schema, "the copy knows every table of the schema");
    for table in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&source)
            .await
            .unwrap();
        assert!(n > 0, "the source has rows in {table}");
    }
    // what the app answers on SQLite, to compare with the copy's answers
    let pages = [
        (
            "list_members",
            vec![
                ("espace_id", muller.as_str()),
                ("search", ""),
                ("role", ""),
                ("status", ""),
                ("page", "1"),
            ],
        ),
        (
            "activity_log",
            vec![("espace_id", muller.as_str()), ("page", "1")],
        ),
        ("load_certifications", vec![("espace_id", muller.as_str())]),
        ("list_procedures", vec![("espace_id", muller.as_str())]),
        ("load_espace", vec![("espace_id", muller.as_str())]),
    ];
    let mut on_sqlite = Vec::new();
    for (endpoint, args) in &pages {
        on_sqlite.push(claire.answer(endpoint, args).await);
    }
    let cookies = claire.cookies.clone();

    // the copy, by the command
    let to = postgres_database(&server, &w.scene.dir.path().join("copy"));
    let copied = copy(&from, &to);
    let said = String::from_utf8_lossy(&copied.stdout);
    assert!(copied.status.success(), "{copied:?}");
    assert!(said.contains("members"), "{said}");
    let target = connect(&to).await;
    for table in TABLES {
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(&target)
        .await
        .unwrap();
        assert_eq!(
            rows(&source, table, &columns).await,
            rows(&target, table, &columns).await,
            "{table}: every row as it was"
        );
    }

    // the app on the copy: the same sessions, the same answers, and it goes on
    let mut settings = config(&w.scene.dir, SignIn::Demo);
    settings.database_url = to.clone();
    settings.demo_data = false;
    let mut on_postgres = Browser::start_with(settings, Clock::default()).await;
    on_postgres.cookies = cookies;
    assert_eq!(on_postgres.viewer().await["family_name"], "Muller");
    for ((endpoint, args), before) in pages.iter().zip(&on_sqlite) {
        assert_eq!(
            on_postgres.answer(endpoint, args).await,
            *before,
            "{endpoint}"
        );
    }
    let next_reference = file_procedure(&mut on_postgres, &muller).await;
    assert_ne!(next_reference, copied_reference, "numbering goes on");

    // a second copy into the same database is refused, and changes nothing
    let again = copy(&from, &to);
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("not empty"), "{said}");

    // the test directory drops its databases on the server `TEST_POSTGRES` names: the copy
    // SAFETY: as above
    unsafe { std::env::set_var("TEST_POSTGRES", &server) };
}

/// Files a change of address (created, filled, signed, submitted); answers its reference.
async fn file_procedure(browser: &mut Browser, espace: &str) -> String {
    let id = browser
        .answer(
            "create_procedure",
            &[
                ("espace_id", espace),
                ("kind", "registered_address"),
                ("principal", ""),
            ],
        )
        .await["Ok"]
        .as_str()
        .expect("created")
        .to_owned();
    // its proof, a document of the eSpace: its chunks are copied too
    let proof = browser.stored_document(espace, "bail.pdf", PDF).await;
    let address = json!({"street": "12, rue de la Gare", "postcode": "1616",
        "locality": "Luxembourg", "moved_on": "2027-01-31", "proof": proof});
    let fields = common::content_fields(&address);
    let mut form = vec![("espace_id", espace), ("id", id.as_str()), ("version", "1")];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let saved = browser.answer("save_procedure", &form).await;
    let version = saved["Ok"]["version"].as_i64().expect("saved").to_string();
    let signed = browser
        .answer(
            "sign_procedure",
            &[("espace_id", espace), ("id", &id), ("version", &version)],
        )
        .await;
    assert!(signed.get("Ok").is_some(), "{signed}");
    let submitted = browser
        .answer("submit_procedure", &[("espace_id", espace), ("id", &id)])
        .await;
    submitted["Ok"].as_str().expect("submitted").to_owned()
}
