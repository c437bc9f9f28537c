//! The audit trail and secrets at rest: every change to an eSpace writes exactly one activity
//! row, in the same transaction; the activity log can only grow; and no secret (session id,
//! invitation link, access code) is ever kept in the database or written to the logs in clear.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

mod common;

use common::{logs, mandates::*, world::*, *};
use espace::{
    domain::access_code::CodeKind,
    server::{clock::Clock, config::SignIn},
    start::MailDelivery,
};

async fn activity_rows(dir: &tempfile::TempDir) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM activity")
        .fetch_one(&database(dir).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_activity_log_refuses_update_and_delete() {
    let mut scene = scene().await;
    mandate(&mut scene).await; // writes activity rows
    let db = database(&scene.dir).await;
    let rows = activity_rows(&scene.dir).await;
    assert!(rows > 0);
    for statement in [
        "UPDATE activity SET actor_name = 'someone else'",
        "DELETE FROM activity",
    ] {
        let refused = sqlx::query(statement).execute(&db).await.unwrap_err();
        assert!(refused.to_string().contains("append-only"), "{refused}");
    }
    assert_eq!(activity_rows(&scene.dir).await, rows);
}

/// What the app keeps, but the activity log and the outbox (which the changes write as well)
/// and the code-entry rate limiter's count of attempts (which a refused code writes).
fn without_log(contents: &str) -> String {
    contents
        .lines()
        .filter(|l| {
            !["activity:", "outbox:", "code_attempts:"]
                .iter()
                .any(|t| l.starts_with(t))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_to_an_espace_writes_exactly_one_activity_row_each() {
    let probe = world().await;
    let calls = matrix(&probe);
    drop(probe);
    let mut changes = 0;
    let mut failures = Vec::new();
    for Call {
        endpoint, expected, ..
    } in &calls
    {
        // the eSpace's own functions, called by its administrator in a world of their own
        if !expected.starts_with("SSNNN") {
            continue;
        }
        let mut w = world().await;
        let args = matrix(&w)
            .into_iter()
            .find(|call| call.endpoint == *endpoint)
            .unwrap()
            .args;
        let (before, rows) = (
            contents(&w.scene.dir).await,
            activity_rows(&w.scene.dir).await,
        );
        let reply = call(&mut w.callers[7].1, endpoint, &args).await;
        assert_eq!(reply.status, 200, "{endpoint}: {}", reply.body);
        let changed = without_log(&contents(&w.scene.dir).await) != without_log(&before);
        let written = activity_rows(&w.scene.dir).await - rows;
        // a new file attached to a procedure is two changes: the store's and the procedure's
        let rows_per_change = if *endpoint == "attach_new_document" {
            2
        } else {
            1
        };
        match (changed, written) {
            (true, n) if n == rows_per_change => changes += 1,
            (false, 0) => {}
            _ => failures.push(format!(
                "{endpoint}: changed {changed}, {written} activity rows ({})",
                reply.body
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(changes >= 12, "{changes} changes seen");
    println!("audit: {changes} kinds of change, one activity row each");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_is_kept_or_logged_in_clear() {
    let logs = logs::captured();
    let dir = common::test_dir();
    let clock = Clock::default();
    let mut claire = Browser::start_mailing(
        config(&dir, SignIn::Demo),
        clock.clone(),
        MailDelivery::Deliver,
    )
    .await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    // a session id
    let session = claire.cookies["espace_session"].clone();
    // an invitation link, mailed, then delivered
    claire.invite_laura(&muller).await;
    let mail = outbox(&dir).await.pop().unwrap().2;
    let start = mail.find("/invitation/").unwrap() + "/invitation/".len();
    let link: String = mail[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(link.len(), 64);
    // the invitation page visited by its link
    let mut laura = claire.another();
    laura.get(&format!("/invitation/{link}"), None).await;
    // access codes: issued, and one registered
    let mut issued = codes(&dir, CodeKind::Owner, 1, &clock).await;
    issued.extend(codes(&dir, CodeKind::Proxy, 1, &clock).await);
    register(&mut claire, &muller, issued[0].as_str(), "owner").await;
    // the mail sender delivers what is due
    let db = database(&dir).await;
    for _ in 0..100 {
        let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&db)
            .await
            .unwrap();
        if pending == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    if !on_postgres() {
        // as SQLite does on its own after enough writes: the write-ahead log folded into the
        // database file, so what was overwritten is no longer in either
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&db)
            .await
            .unwrap();
    }
    db.close().await;

    let mut secrets = vec![("the session id", session), ("the invitation link", link)];
    for code in &issued {
        secrets.push(("an access code", code.as_str().to_owned()));
        secrets.push(("an access code", code.as_str().replace('-', "")));
    }
    let stored = stored(dir.path(), "test.db").await;
    let logged = logs::text(&logs);
    assert!(
        logged.contains("mail (log transport)"),
        "the logs were captured"
    );
    for (what, secret) in &secrets {
        let found = stored.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(!found, "{what} is in the database in clear");
        assert!(!logged.contains(secret.as_str()), "{what} is in the logs");
    }
    println!(
        "secrets: {} planted, none found in the database or the logs",
        secrets.len()
    );
}
