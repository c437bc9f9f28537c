//! Forced failures: the database losing a table under the running app, a constraint refusing a
//! write, a handler panicking. The person gets a reference (request id) to quote; nothing of
//! the server's insides (driver, SQL, source files, panic messages) reaches them.

use crate::common;

use axum::{Router, routing::get};
use common::{world::*, *};
use espace::{server::config::SignIn, start::outermost};

/// Words that would give the server's insides away.
const INTERNAL: [&str; 6] = [
    "sqlx",
    "SQLITE",
    "constraint",
    "panicked",
    ".rs:",
    "no such table",
];

fn assert_nothing_internal(what: &str, body: &str) {
    for word in INTERNAL {
        assert!(
            !body.to_lowercase().contains(&word.to_lowercase()),
            "{what}: {word:?} in {body}"
        );
    }
}

/// A fault as the app answers it: HTTP 500 and the request id to quote, nothing else.
fn assert_fault_with_request_id(what: &str, reply: &Reply) {
    assert_eq!(reply.status, 500, "{what}: {}", reply.body);
    let id = reply.json()["Server"]["request_id"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no request id in {}", reply.body))
        .to_owned();
    assert_eq!(id.len(), 32, "{what}: {id}");
    assert_eq!(
        reply
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some(id.as_str()),
        "{what}: the reference shown is the request's id, which the log's lines carry"
    );
    assert_nothing_internal(what, &reply.body);
}

#[tokio::test]
async fn a_database_without_its_tables_answers_with_a_request_id() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let db = database(&dir).await;
    for table in ["members", "espaces", "activity"] {
        sqlx::query(&format!("ALTER TABLE {table} RENAME TO {table}_gone"))
            .execute(&db)
            .await
            .unwrap();
    }
    for (endpoint, args) in [
        ("load_espace", vec![("espace_id", muller.as_str())]),
        ("list_procedures", vec![("espace_id", muller.as_str())]),
        (
            "create_espace",
            vec![("name", "Nouvelle"), ("procedure_language", "fr")],
        ),
    ] {
        let reply = claire.call(endpoint, &args).await;
        assert_fault_with_request_id(endpoint, &reply);
    }
    // a page says so in the person's language, with the reference
    let page = claire.get(&format!("/espace/{muller}"), Some("fr")).await;
    assert!(page.status < 600);
    assert!(page.body.contains("référence"), "{}", page.body);
    assert_nothing_internal("the eSpace page", &page.body);
}

#[tokio::test]
async fn a_fault_is_logged_in_its_server_functions_span_with_its_cause() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    sqlx::query("ALTER TABLE procedures RENAME TO procedures_gone")
        .execute(&database(&dir).await)
        .await
        .unwrap();
    let log = Log::capture();
    let reply = claire
        .call("list_procedures", &[("espace_id", muller.as_str())])
        .await;
    assert_fault_with_request_id("list_procedures", &reply);
    let text = log.text();
    let fault: serde_json::Value = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .find(|line: &serde_json::Value| line["level"] == "ERROR")
        .unwrap_or_else(|| panic!("no error logged: {text}"));
    let spans = fault["spans"].as_array().unwrap();
    let function = spans
        .iter()
        .find(|span| span["name"] == "server_fn")
        .unwrap_or_else(|| panic!("not in a server function's span: {fault}"));
    assert_eq!(function["function"], "list_procedures", "{fault}");
    assert_eq!(function["espace"], muller.as_str(), "{fault}");
    let message = fault["fields"]["message"].as_str().unwrap();
    assert!(message.contains("procedures"), "the cause: {message}");
}

#[tokio::test]
async fn a_write_refused_by_the_database_changes_nothing_and_answers_with_a_request_id() {
    let w = world().await;
    let mut claire = w.callers[7].1.another();
    claire.cookies = w.callers[7].1.cookies.clone();
    let db = database(&w.scene.dir).await;
    // the activity log refuses every new row: every change fails as a whole, since each is
    // written in the same transaction as its activity row
    let refuse = if on_postgres() {
        "CREATE FUNCTION forced_failure() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN RAISE EXCEPTION 'constraint failed: forced by the test'; END $$; \
         CREATE TRIGGER forced_failure BEFORE INSERT ON activity \
         FOR EACH ROW EXECUTE FUNCTION forced_failure()"
    } else {
        "CREATE TRIGGER forced_failure BEFORE INSERT ON activity \
         BEGIN SELECT RAISE(ABORT, 'constraint failed: forced by the test'); END"
    };
    sqlx::raw_sql(refuse).execute(&db).await.unwrap();
    let before = contents(&w.scene.dir).await;
    let muller = w.scene.muller.clone();
    for (endpoint, args) in [
        (
            "deactivate_member",
            vec![
                ("espace_id", muller.as_str()),
                ("member_id", w.sophie.as_str()),
            ],
        ),
        (
            "change_role",
            vec![
                ("espace_id", muller.as_str()),
                ("member_id", w.sophie.as_str()),
                ("role", "manager"),
            ],
        ),
        (
            "revoke_mandate",
            vec![
                ("espace_id", muller.as_str()),
                ("mandate_id", w.mandate.as_str()),
            ],
        ),
        (
            "edit_profile",
            vec![
                ("espace_id", muller.as_str()),
                ("field", "trade_name"),
                ("expected", ""),
                ("value", "Muller"),
            ],
        ),
    ] {
        let reply = claire.call(endpoint, &args).await;
        assert_fault_with_request_id(endpoint, &reply);
    }
    assert_eq!(contents(&w.scene.dir).await, before, "nothing half-done");
}

#[tokio::test]
async fn a_panicking_handler_answers_with_a_request_id() {
    // the app's own outer layers, around a handler with a bug
    let app = outermost(
        Router::new().route(
            "/boom",
            get(|| async {
                let broken: Option<&'static str> = None;
                #[allow(clippy::unnecessary_literal_unwrap)] // the bug under test
                broken.expect("a handler bug at src/somewhere.rs:42")
            }),
        ),
        false,
    );
    // a browser on that router alone
    let mut browser = Browser {
        app,
        cookies: Default::default(),
        origin: common::ORIGIN.into(),
    };
    let reply = browser.get("/boom", None).await;
    assert_fault_with_request_id("a panic", &reply);
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "cross-origin-opener-policy",
        "permissions-policy",
    ] {
        assert!(
            reply.headers.get(name).is_some(),
            "a panic's answer without {name}"
        );
    }
}

#[tokio::test]
async fn a_proxys_request_id_is_kept_and_anything_else_replaced() {
    use tower::ServiceExt;
    // a handler that answers with the id it was given
    let app = outermost(
        Router::new().route(
            "/id",
            get(|headers: http::HeaderMap| async move {
                headers["x-request-id"].to_str().unwrap().to_owned()
            }),
        ),
        false,
    );
    let id_for = |sent: Option<&'static str>| {
        let app = app.clone();
        async move {
            let mut request = http::Request::get("/id");
            if let Some(sent) = sent {
                request = request.header("x-request-id", sent);
            }
            let reply = app
                .oneshot(request.body(axum::body::Body::empty()).unwrap())
                .await
                .unwrap();
            let header = reply.headers()["x-request-id"].to_str().unwrap().to_owned();
            let body = axum::body::to_bytes(reply.into_body(), 1024).await.unwrap();
            assert_eq!(
                header.as_bytes(),
                &body[..],
                "the answer returns the id used"
            );
            header
        }
    };
    let nginx = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    assert_eq!(id_for(Some(nginx)).await, nginx);
    for forged in ["", "a b", "<script>", &"x".repeat(65)] {
        let leaked: &'static str = Box::leak(forged.to_owned().into_boxed_str());
        let id = id_for(Some(leaked)).await;
        assert_ne!(id, forged);
        assert_eq!(id.len(), 32, "{forged:?} replaced by a fresh id");
    }
    assert_ne!(id_for(None).await, id_for(None).await);
}

#[tokio::test]
async fn every_json_log_line_of_a_request_carries_its_id() {
    use tower::ServiceExt;
    let app = outermost(
        Router::new().route(
            "/work",
            get(|| async {
                tracing::warn!("first step");
                tracing::warn!(detail = "x", "second step");
                "done"
            }),
        ),
        false,
    );
    let log = Log::capture();
    let reply = app
        .oneshot(
            http::Request::get("/work")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let id = reply.headers()["x-request-id"].to_str().unwrap().to_owned();
    let text = log.text();
    let steps: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .filter(|line: &serde_json::Value| {
            line["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.ends_with("step"))
        })
        .collect();
    assert_eq!(steps.len(), 2, "{text}");
    for step in steps {
        assert_eq!(step["spans"][0]["id"], id.as_str(), "{step}");
        assert_eq!(step["spans"][0]["path"], "/work", "{step}");
    }
}

/// The JSON log of this test's thread, from `capture` until dropped.
struct Log {
    lines: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    _default: tracing::subscriber::DefaultGuard,
}

impl Log {
    fn capture() -> Self {
        use espace::server::{config::LogFormat, logging};
        // tracing caches whether a line is logged once per line of code, process-wide. While a
        // single dispatcher exists, that is decided by the thread that first reaches the line:
        // another test's, which logs nowhere, so the line would never be logged, here neither
        // (tokio-rs/tracing#3611). A second dispatcher, kept for the whole run, makes it ask
        // every dispatcher instead, this one too.
        static SECOND: std::sync::LazyLock<tracing::Dispatch> = std::sync::LazyLock::new(|| {
            tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default())
        });
        std::sync::LazyLock::force(&SECOND);
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = std::sync::Arc::clone(&lines);
        let subscriber = logging::subscriber(LogFormat::Json, move || Writer(sink.clone()));
        Self {
            lines,
            _default: tracing::subscriber::set_default(subscriber),
        }
    }

    fn text(&self) -> String {
        String::from_utf8(self.lines.lock().unwrap().clone()).unwrap()
    }
}

/// A log sink the test reads back.
struct Writer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
