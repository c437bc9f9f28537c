//! Two app server processes on different ports against one database, as behind a load
//! balancer: a session made on one works on the other (and ends on both), two administrators
//! on different servers cannot both remove the other, and the code-entry rate limit counts
//! the wrong codes typed on either. On PostgreSQL (what several servers are for) and on SQLite.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

mod common;

use common::{
    CLAIRE, JEAN,
    process::{Client, Server, espace, server_log},
};
use espace::domain::code_refusal::AttemptCounter;
use serde_json::{Value, json};

/// Two servers on the test's database, started one after the other (the first migrates it).
fn two_servers(dir: &tempfile::TempDir) -> (Server, Server) {
    let url = common::database_url(dir.path(), "servers.db");
    let a = Server::start(dir.path(), &url);
    let b = Server::start(dir.path(), &url);
    (a, b)
}

/// The same browser on the other server: its session cookie, sent there.
async fn on(server: &Server, browser: &Client) -> Client {
    let mut client = Client::connect(server.port).await.expect("connects");
    client.cookies = browser.cookies.clone();
    client
}

async fn viewer_name(client: &mut Client) -> Value {
    client.answer("current_session", &[]).await["viewer"]["family_name"].clone()
}

/// The member id of the person named `family_name` in the first page of the eSpace's members.
async fn member_id(client: &mut Client, espace: &str, family_name: &str) -> String {
    let page = client
        .answer(
            "list_members",
            &[
                ("espace_id", espace),
                ("search", ""),
                ("role", ""),
                ("status", ""),
                ("page", "1"),
            ],
        )
        .await;
    page["Ok"]["members"]
        .as_array()
        .unwrap_or_else(|| panic!("{page}"))
        .iter()
        .find(|m| m["family_name"] == family_name)
        .unwrap_or_else(|| panic!("{family_name} in {page}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_session_made_on_one_server_works_on_the_other_and_ends_on_both() {
    let dir = common::test_dir();
    let (a, b) = two_servers(&dir);
    let (mut on_a, _) = Client::signed_in(a.port, CLAIRE).await.expect("signed in");
    let mut on_b = on(&b, &on_a).await;
    assert_eq!(viewer_name(&mut on_b).await, json!("Muller"));
    assert_eq!(on_b.answer("sign_out", &[]).await, json!({"Ok": null}));
    assert_eq!(
        viewer_name(&mut on_a).await,
        Value::Null,
        "signed out on A too"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_administrators_on_two_servers_cannot_both_remove_the_other() {
    let dir = common::test_dir();
    let (a, b) = two_servers(&dir);
    let (mut claire, muller) = Client::signed_in(a.port, CLAIRE).await.expect("signed in");
    let claire_id = member_id(&mut claire, &muller, "Muller").await;
    let jean_id = member_id(&mut claire, &muller, "Weber").await;
    let (mut jean, _) = Client::signed_in(b.port, JEAN).await.expect("signed in");
    for round in 0..10 {
        // both administrators again, through whoever is one
        for id in [&claire_id, &jean_id] {
            for admin in [&mut claire, &mut jean] {
                admin
                    .answer(
                        "change_role",
                        &[
                            ("espace_id", &muller),
                            ("member_id", id),
                            ("role", "administrator"),
                        ],
                    )
                    .await;
            }
        }
        let claire_removes_jean = [("espace_id", muller.as_str()), ("member_id", &jean_id)];
        let jean_removes_claire = [("espace_id", muller.as_str()), ("member_id", &claire_id)];
        let (on_a, on_b) = tokio::join!(
            claire.answer("deactivate_member", &claire_removes_jean),
            jean.answer("deactivate_member", &jean_removes_claire),
        );
        let succeeded = [&on_a, &on_b]
            .iter()
            .filter(|r| r["Ok"].is_object())
            .count();
        assert_eq!(succeeded, 1, "round {round}: {on_a} / {on_b}");
        let loser = if on_a["Ok"].is_object() { &on_b } else { &on_a };
        assert!(
            *loser == json!({"Err": {"Lifecycle": "LastAdministrator"}})
                || *loser == json!({"Err": "NotFound"}),
            "round {round}: {loser}\n{}",
            server_log(dir.path())
        );
        // the keeper brings the other back
        let (keeper, lost) = if on_a["Ok"].is_object() {
            (&mut claire, &jean_id)
        } else {
            (&mut jean, &claire_id)
        };
        let back = keeper
            .answer(
                "reactivate_member",
                &[("espace_id", &muller), ("member_id", lost)],
            )
            .await;
        assert_eq!(back["Ok"]["status"], "active", "round {round}: {back}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wrong_codes_typed_on_either_server_count_against_one_limit() {
    let dir = common::test_dir();
    let (a, b) = two_servers(&dir);
    let (mut on_a, muller) = Client::signed_in(a.port, CLAIRE).await.expect("signed in");
    let mut on_b = on(&b, &on_a).await;
    let wrong_code = [
        ("espace_id", muller.as_str()),
        ("code", "0000-0000-0000-0000"),
        ("kind", "owner"),
    ];
    let refusal = |answer: Value| answer["Err"]["Invalid"][0]["problem"]["Code"].clone();
    // the limit's wrong codes, alternately on A and on B
    for attempt in 0..AttemptCounter::Espace.limit() {
        let client = if attempt % 2 == 0 {
            &mut on_a
        } else {
            &mut on_b
        };
        let refused = refusal(client.answer("register_code", &wrong_code).await);
        assert_eq!(refused, json!("Unknown"), "attempt {attempt}");
    }
    // the next is held back on both servers
    for client in [&mut on_a, &mut on_b] {
        let held = refusal(client.answer("register_code", &wrong_code).await);
        assert!(held["TooManyAttempts"]["retry_at"].is_i64(), "{held}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_healthcheck_command_asks_a_running_server() {
    let dir = common::test_dir();
    let server = Server::start(dir.path(), &common::database_url(dir.path(), "health.db"));
    let check = |args: &[&str]| {
        let ran = espace([&["healthcheck"], args].concat().as_slice(), &[]);
        (ran.success, ran.stdout, ran.stderr)
    };
    let addr = format!("127.0.0.1:{}", server.port);
    assert!(check(&["--addr", &addr]).0);
    assert_eq!(check(&["--addr", &addr]).1, "ready");
    assert_eq!(check(&["--addr", &addr, "--live"]).1, "alive");
    drop(server);
    let (ok, _, why) = check(&["--addr", &addr]);
    assert!(!ok, "a stopped server is not healthy");
    assert!(why.contains("cannot connect"), "{why}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_served_on_the_loopback_and_sighup_renews_the_revocation_lists() {
    let dir = common::test_dir();
    let pki = dir.path().join("pki");
    let made = espace(&["pki", "--out", pki.to_str().unwrap()], &[]);
    assert!(made.success, "{}", made.stderr);
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let anchors = pki.join("authority.pem");
    let lists = pki.join("revocation-list.pem");
    let server = Server::start_with(
        dir.path(),
        &common::database_url(dir.path(), "metrics.db"),
        &[
            ("ESPACE_METRICS_ADDR", &metrics_addr),
            ("ESPACE_TRUST_ANCHORS", anchors.to_str().unwrap()),
            ("ESPACE_REVOCATION_LISTS", lists.to_str().unwrap()),
        ],
    );
    let (mut claire, muller) = Client::signed_in(server.port, CLAIRE)
        .await
        .expect("signed in");
    let (status, _, _) = claire.get(&espace::paths::users(&muller)).await.unwrap();
    assert_eq!(status, 200);

    let mut scraper = Client::connect(metrics_port).await.unwrap();
    let (status, _, metrics) = scraper.get("/metrics").await.unwrap();
    assert_eq!(status, 200);
    let has = |metric: &str| metrics.lines().any(|line| line.starts_with(metric));
    for metric in [
        "espace_sign_ins_total{method=\"demo\"} 1",
        "espace_http_requests_total{route=\"/espace/{id}/profile/users\",method=\"GET\",status=\"200\"} 1",
        "espace_http_requests_total{route=\"/api/sign_in_demo\",method=\"POST\"",
        "espace_http_request_duration_seconds_bucket{route=\"/espace/{id}/profile/users\",method=\"GET\",le=\"0.001\"}",
        "espace_db_pool_connections{pool=\"write\",state=\"open\"}",
        "espace_outbox_waiting ",
        "espace_outbox_oldest_age_seconds ",
        "espace_revocation_list_seconds_left{issuer=\"CN=eSpace Test Certification Authority\"} 3",
    ] {
        assert!(has(metric), "no {metric} in\n{metrics}");
    }
    assert!(
        !metrics.contains(&muller),
        "routes by their pattern, never an eSpace's id"
    );
    // the metrics are not on the site's address
    let (status, _, _) = claire.get("/metrics").await.unwrap();
    assert_eq!(status, 404);

    // SIGHUP: the lists are read again, without a restart
    let log = dir.path().join("server.log");
    let hangup = std::process::Command::new("kill")
        .args(["-HUP", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(hangup.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("revocation lists renewed") && text.contains("SIGHUP") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no renewal on SIGHUP:\n{text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, _, _) = claire.get("/healthz").await.unwrap();
    assert_eq!(status, 200, "still serving");
}
