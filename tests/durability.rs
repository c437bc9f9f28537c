//! Durability, against the real server process, on either engine: killed with SIGKILL at
//! random moments during a stream of acknowledged writes, it loses none of them; under 32
//! concurrent writers it never answers "database is locked" (SQLite) nor a 5xx.

mod common;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::{
    collections::BTreeSet,
    path::Path,
    process::{Child, Command, Stdio},
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::sync::Mutex;

const CLAIRE: &str = "20481736592048173659";

/// The server binary on a database of the test's, on a free port; its log in a file.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(dir: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("server.log"))
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_espace"))
            .env(
                "ESPACE_CONFIG",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml"),
            )
            .env("ESPACE_DATABASE_URL", database_url(dir))
            .env("ESPACE_SIGN_IN", "demo")
            .env("ESPACE_DEMO_DATA", "true")
            .env("ESPACE_MAIL_TRANSPORT", "log")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", dir)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the server starts");
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the server did not listen");
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { child, port }
    }

    fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL: no shutdown of any kind
        self.child.wait().unwrap();
    }

    /// SIGTERM, as a service manager stops it: answers whether it exited cleanly, and when.
    fn terminate(mut self) -> (bool, Duration) {
        let asked = Instant::now();
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = asked + Duration::from_secs(30);
        loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                return (exit.success(), asked.elapsed());
            }
            assert!(
                Instant::now() < deadline,
                "still running 30 s after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

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

/// One keep-alive HTTP/1.1 connection to the server, signed in as Claire.
struct Client {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    port: u16,
    cookie: String,
}

impl Client {
    async fn connect(port: u16) -> Option<Self> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .ok()?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
            .await
            .ok()?;
        tokio::spawn(connection);
        Some(Self {
            sender,
            port,
            cookie: String::new(),
        })
    }

    /// Calls a server function: its status and body, or `None` if the connection broke.
    async fn call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Option<(u16, String)> {
        let request = http::Request::post(format!("/api/{endpoint}"))
            .header("host", format!("127.0.0.1:{}", self.port))
            .header("origin", format!("http://127.0.0.1:{}", self.port))
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &self.cookie)
            .body(Full::new(Bytes::from(
                serde_urlencoded::to_string(form).unwrap(),
            )))
            .unwrap();
        self.sender.ready().await.ok()?;
        let response = self.sender.send_request(request).await.ok()?;
        let status = response.status().as_u16();
        if let Some(set) = response.headers().get("set-cookie") {
            self.cookie = set.to_str().unwrap().split(';').next().unwrap().to_owned();
        }
        let body = response.into_body().collect().await.ok()?.to_bytes();
        Some((status, String::from_utf8_lossy(&body).into_owned()))
    }

    /// Signed in as Claire: answers Muller & Fils' id.
    async fn signed_in(port: u16) -> Option<(Self, String)> {
        let mut client = Self::connect(port).await?;
        client.call("sign_in_demo", &[("ssn", CLAIRE)]).await?;
        let (_, session) = client.call("current_session", &[]).await?;
        let session: serde_json::Value = serde_json::from_str(&session).ok()?;
        let muller = session["viewer"]["espaces"][0]["id"].as_str()?.to_owned();
        Some((client, muller))
    }

    /// Starts a procedure: its id once the server acknowledged it.
    async fn write(&mut self, muller: &str) -> Option<Result<String, (u16, String)>> {
        let (status, body) = self
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_at_random_moments_keeps_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = StdRng::seed_from_u64(7);
    let mut acknowledged = BTreeSet::new();
    let mut killed_after = Vec::new();
    for run in 0..RUNS {
        let server = Server::start(dir.path());
        let kill_at = rng.random_range(1..WRITES);
        let acks = Arc::new(Mutex::new(Vec::new()));
        let sent = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let mut clients = Vec::new();
        for _ in 0..CLIENTS {
            let (acks, sent, stop, port) = (acks.clone(), sent.clone(), stop.clone(), server.port);
            clients.push(tokio::spawn(async move {
                let Some((mut client, muller)) = Client::signed_in(port).await else {
                    return;
                };
                while !stop.load(Ordering::Relaxed) && sent.fetch_add(1, Ordering::Relaxed) < WRITES
                {
                    match client.write(&muller).await {
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
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
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
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let until = Instant::now() + BUSY;
    let mut writers = Vec::new();
    for _ in 0..32 {
        let port = server.port;
        writers.push(tokio::spawn(async move {
            let (mut client, muller) = Client::signed_in(port).await.expect("signed in");
            let (mut done, mut failed) = (0usize, Vec::new());
            while Instant::now() < until {
                match client.write(&muller).await.expect("the connection holds") {
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
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
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
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let next = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..16 {
        let (port, next) = (server.port, next.clone());
        clients.push(tokio::spawn(async move {
            let (mut client, muller) = Client::signed_in(port).await.expect("signed in");
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
