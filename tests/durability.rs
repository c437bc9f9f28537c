//! Durability, against the real server process, on either engine: killed with SIGKILL at
//! random moments during a stream of acknowledged writes, it loses none of them; under 32
//! concurrent writers it never answers "database is locked" (SQLite) nor a 5xx.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

mod common;

use common::{
    CLAIRE,
    process::{Client, Server, server_log},
};
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::{
    collections::BTreeSet,
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::sync::Mutex;

fn database_url(dir: &Path) -> String {
    common::database_url(dir, "durability.db")
}

/// The database as the server left it, opened by the test.
async fn open(dir: &Path) -> sqlx::AnyPool {
    common::connect(&database_url(dir)).await
}

/// The engine's own check of its files: SQLite's integrity check, or on PostgreSQL amcheck's
/// check of every index of the app's tables against their rows. "ok" when all is well.
async fn integrity(db: &sqlx::AnyPool) -> String {
    if !common::on_postgres() {
        return sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(db)
            .await
            .unwrap();
    }
    sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck")
        .execute(db)
        .await
        .unwrap();
    let checked = sqlx::query(
        "SELECT bt_index_check(i.indexrelid, true) FROM pg_index i \
         JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_am a ON a.oid = c.relam WHERE n.nspname = 'public' AND a.amname = 'btree'",
    )
    .execute(db)
    .await;
    match checked {
        Ok(_) => "ok".into(),
        Err(error) => error.to_string(),
    }
}

/// Starts a procedure: its id once the server acknowledged it.
async fn write(client: &mut Client, muller: &str) -> Option<Result<String, (u16, String)>> {
    let (status, body) = client
        .call(
            "create_procedure",
            &[
                ("espace_id", muller),
                ("kind", "registered_address"),
                ("principal", ""),
            ],
        )
        .await?;
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    Some(match answer["Ok"].as_str() {
        Some(id) if status == 200 => Ok(id.to_owned()),
        _ => Err((status, body)),
    })
}

/// What is on disk: the procedures' ids, the activity rows of their start, the integrity check.
async fn on_disk(dir: &Path) -> (BTreeSet<String>, i64, String) {
    let db = open(dir).await;
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM procedures")
        .fetch_all(&db)
        .await
        .unwrap();
    let started: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM activity WHERE action = 'procedure_started'")
            .fetch_one(&db)
            .await
            .unwrap();
    let integrity = integrity(&db).await;
    db.close().await;
    (ids.into_iter().collect(), started, integrity)
}

const RUNS: usize = 20;
const WRITES: usize = 1000;
const CLIENTS: usize = 8;

/// These tests invite as fast as they can, far past a person's daily quota of invitations.
const LOAD: &[(&str, &str)] = &[
    ("ESPACE_QUOTAS__INVITATIONS_PER_PERSON", "1000000000"),
    ("ESPACE_QUOTAS__INVITATIONS_PER_ESPACE", "1000000000"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_at_random_moments_keeps_every_acknowledged_write() {
    let dir = common::test_dir();
    let mut rng = StdRng::seed_from_u64(7);
    let mut acknowledged = BTreeSet::new();
    let mut killed_after = Vec::new();
    for run in 0..RUNS {
        let server = Server::start_with(dir.path(), &database_url(dir.path()), LOAD);
        let kill_at = rng.random_range(1..WRITES);
        let acks = Arc::new(Mutex::new(Vec::new()));
        let sent = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let mut clients = Vec::new();
        for _ in 0..CLIENTS {
            let (acks, sent, stop, port) = (acks.clone(), sent.clone(), stop.clone(), server.port);
            clients.push(tokio::spawn(async move {
                let Some((mut client, muller)) = Client::signed_in(port, CLAIRE).await else {
                    return;
                };
                while !stop.load(Ordering::Relaxed) && sent.fetch_add(1, Ordering::Relaxed) < WRITES
                {
                    match write(&mut client, &muller).await {
                        Some(Ok(id)) => acks.lock().await.push(id),
                        Some(Err((status, body))) => panic!("refused: {status} {body}"),
                        None => return, // the server is gone: this write was never acknowledged
                    }
                }
            }));
        }
        // kill it while writes are in flight, once `kill_at` of them were acknowledged
        let deadline = Instant::now() + Duration::from_secs(120);
        while acks.lock().await.len() < kill_at {
            assert!(Instant::now() < deadline, "run {run}: the writes stalled");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        server.kill();
        stop.store(true, Ordering::Relaxed);
        for client in clients {
            client.await.expect("no client saw a refusal");
        }
        let acks = acks.lock().await.clone();
        killed_after.push(acks.len());
        acknowledged.extend(acks);
        let (stored, started, integrity) = on_disk(dir.path()).await;
        assert_eq!(integrity, "ok", "run {run}");
        let lost: Vec<_> = acknowledged.difference(&stored).collect();
        assert!(
            lost.is_empty(),
            "run {run}: {} acknowledged writes lost",
            lost.len()
        );
        assert_eq!(
            started as usize,
            stored.len(),
            "run {run}: one activity row per procedure"
        );
    }
    let log = server_log(dir.path());
    assert!(!log.contains("database is locked"), "{log}");
    println!(
        "kill -9: {RUNS} runs, {} acknowledged writes, none lost; killed after {killed_after:?} acknowledgements",
        acknowledged.len()
    );
}

/// How long the 32 writers write.
const BUSY: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_writers_for_a_minute_are_never_locked_out() {
    let dir = common::test_dir();
    let server = Server::start_with(dir.path(), &database_url(dir.path()), LOAD);
    let until = Instant::now() + BUSY;
    let mut writers = Vec::new();
    for _ in 0..32 {
        let port = server.port;
        writers.push(tokio::spawn(async move {
            let (mut client, muller) = Client::signed_in(port, CLAIRE).await.expect("signed in");
            let (mut done, mut failed) = (0usize, Vec::new());
            while Instant::now() < until {
                match write(&mut client, &muller)
                    .await
                    .expect("the connection holds")
                {
                    Ok(_) => done += 1,
                    Err(refusal) => failed.push(refusal),
                }
            }
            (done, failed)
        }));
    }
    let mut total = 0;
    for writer in writers {
        let (done, failed) = writer.await.unwrap();
        assert!(failed.is_empty(), "{failed:?}");
        total += done;
    }
    server.kill();
    let log = server_log(dir.path());
    assert!(!log.contains("database is locked"), "{log}");
    let (stored, _, integrity) = on_disk(dir.path()).await;
    assert_eq!(integrity, "ok");
    assert_eq!(stored.len(), total);
    println!(
        "32 writers for {} s: {total} writes ({:.0}/s), 0 refused, 0 \"database is locked\"",
        BUSY.as_secs(),
        total as f64 / BUSY.as_secs_f64()
    );
}

/// An invitation addressed to the `n`th made-up SSN: one member row and one mail.
async fn invite(client: &mut Client, muller: &str, n: usize) -> Option<(u16, String)> {
    let ssn = format!("{:020}", 66_000_000_000_000_000_000u128 + n as u128);
    client
        .call(
            "invite_member",
            &[
                ("espace_id", muller),
                ("given_name", "Test"),
                ("family_name", &format!("Person {n}")),
                ("email", &format!("person{n}@example.lu")),
                ("ssn", &ssn),
                ("scope", "this_certificate"),
                ("role", "manager"),
            ],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_sigterm_requests_under_way_finish_and_no_mail_is_lost() {
    let dir = common::test_dir();
    let server = Server::start_with(dir.path(), &database_url(dir.path()), LOAD);
    let next = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..16 {
        let (port, next) = (server.port, next.clone());
        clients.push(tokio::spawn(async move {
            let (mut client, muller) = Client::signed_in(port, CLAIRE).await.expect("signed in");
            let mut acknowledged = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                match invite(&mut client, &muller, n).await {
                    Some((200, body)) if body.contains("\"Ok\"") => acknowledged.push(n),
                    Some((status, body)) => panic!("answered {status}: {body}"),
                    None => return acknowledged, // closed: the server is stopping
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (clean, took) = server.terminate();
    assert!(clean, "a clean exit");
    let mut acknowledged = 0;
    for client in clients {
        acknowledged += client
            .await
            .expect("no answer but 200 while stopping")
            .len();
    }
    let db = open(dir.path()).await;
    let invited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE family_name LIKE 'Person %'")
            .fetch_one(&db)
            .await
            .unwrap();
    let mails: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipient LIKE 'person%@example.lu'")
            .fetch_one(&db)
            .await
            .unwrap();
    // every acknowledged invitation is there (and at most the ones under way beside them)
    assert!(
        invited as usize >= acknowledged,
        "{invited} < {acknowledged}"
    );
    assert_eq!(
        mails, invited,
        "each invitation kept its mail, sent or waiting"
    );
    println!(
        "SIGTERM after 2 s of 16 writers: {acknowledged} acknowledged, {invited} stored, {mails} mails kept; exited cleanly in {} ms",
        took.as_millis()
    );
}

/// `espace backup --to FILE` against the test's database, as an operator runs it beside the
/// server: whether it succeeded, and what it printed.
fn run_backup(dir: &Path, to: &Path) -> (bool, String) {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml");
    let ran = common::process::espace(
        &["backup", "--to", to.to_str().unwrap()],
        &[
            ("ESPACE_CONFIG", config.to_str().unwrap()),
            ("ESPACE_DATABASE_URL", &database_url(dir)),
        ],
    );
    (ran.success, format!("{}{}", ran.stdout, ran.stderr))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_under_eight_writers_holds_every_write_acknowledged_before_it() {
    let dir = common::test_dir();
    let copy = dir.path().join("backup.db");
    let server = Server::start_with(dir.path(), &database_url(dir.path()), LOAD);
    if common::on_postgres() {
        let (done, said) = run_backup(dir.path(), &copy);
        assert!(!done && said.contains("pg_dump"), "{said}");
        return;
    }
    let acknowledged = Arc::new(Mutex::new(Vec::<(Instant, String)>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for _ in 0..CLIENTS {
        let (port, acknowledged, stop) = (server.port, acknowledged.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let (mut client, muller) = Client::signed_in(port, CLAIRE).await.expect("signed in");
            while !stop.load(Ordering::Relaxed) {
                let id = write(&mut client, &muller)
                    .await
                    .expect("the connection holds")
                    .expect("written");
                acknowledged.lock().await.push((Instant::now(), id));
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let started = Instant::now();
    let (done, said) = {
        let (dir, copy) = (dir.path().to_owned(), copy.clone());
        tokio::task::spawn_blocking(move || run_backup(&dir, &copy))
            .await
            .unwrap()
    };
    let finished = Instant::now();
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    assert!(done, "{said}");
    assert!(said.contains("backed up to"), "{said}");

    let backup = common::connect(&format!("sqlite://{}", copy.display())).await;
    let kept: BTreeSet<String> = sqlx::query_scalar("SELECT id FROM procedures")
        .fetch_all(&backup)
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(integrity(&backup).await, "ok");
    let acknowledged = acknowledged.lock().await;
    let before: Vec<&String> = acknowledged
        .iter()
        .filter(|(at, _)| *at < started)
        .map(|(_, id)| id)
        .collect();
    let missing: Vec<&&String> = before.iter().filter(|id| !kept.contains(**id)).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, not in it: {missing:?}"
    );
    let after = acknowledged.iter().filter(|(at, _)| *at > finished).count();
    assert!(after > 0, "the server went on writing after the backup");
    println!(
        "backup under {CLIENTS} writers: {} writes before it, all kept; took {} ms; {} writes during, {after} after",
        before.len(),
        (finished - started).as_millis(),
        acknowledged
            .iter()
            .filter(|(at, _)| *at >= started && *at <= finished)
            .count(),
    );
    // a second backup to the same name is refused: a backup never overwrites
    let (again, said) = run_backup(dir.path(), &copy);
    assert!(!again && said.contains("exists already"), "{said}");
}
