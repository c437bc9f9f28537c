//! What the integration tests share: a browser driving the real router (sessions, CSRF guard,
//! server-function handler) against a real temporary database seeded with the demo data: a
//! SQLite file, or a PostgreSQL database of its own when `TEST_POSTGRES` names a server
//! (`scripts/test.sh` runs the whole suite once on each engine).

#![allow(dead_code)] // each test file uses its part

pub mod logs;
pub mod mandates;
pub mod process;
pub mod world;

use axum::{Router, body::Body, http::Request};
use espace::{
    server::{
        clock::Clock,
        config::{Config, MailTransport, SignIn},
    },
    start::{MailDelivery, router_with},
};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:3000";
pub const ORIGIN: &str = "http://127.0.0.1:3000";
// demo certificates (src/server/demo.rs)
pub const CLAIRE: &str = "20481736592048173659"; // administrator of Muller & Fils
pub const CLAIRE_MOBILE: &str = "20481736592048173660"; // Claire's second certificate
pub const JEAN: &str = "31597248603159724860"; // manager at Muller (this certificate only)
pub const SOPHIE: &str = "47268315904726831590"; // without signature at Muller
pub const MARC: &str = "58317462095831746209"; // administrator of the fiduciary, deactivated at Muller
pub const LAURA: &str = "69428573106942857310"; // no eSpace
pub const PAUL: &str = "80539684218053968421"; // invited to Muller, unknown to the portal

/// Claire, signed in on a new demo portal in `dir`, and the id of her eSpace, Muller.
pub async fn as_claire(dir: &tempfile::TempDir) -> (Browser, String) {
    as_claire_on(dir, Clock::default()).await
}

pub async fn as_claire_on(dir: &tempfile::TempDir, clock: Clock) -> (Browser, String) {
    let mut claire = Browser::start_with(config(dir, SignIn::Demo), clock).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    (claire, muller)
}

pub fn config(dir: &tempfile::TempDir, sign_in: SignIn) -> Config {
    Config {
        portal_name: "Test portal".into(),
        database_url: database_url(dir.path(), "test.db"),
        sign_in,
        allow_demo_on_public_address: false,
        demo_data: true,
        demo_business_data: false,
        secure_cookies: false,
        mail_transport: MailTransport::Log,
        mail_from: "no-reply@test.example".into(),
        smtp_url: "smtp://127.0.0.1:25".into(),
        public_url: ORIGIN.into(),
        invitation_days: 14,
        trust_anchors: None,
        revocation_lists: None,
        revocation_list_margin_hours: 24,
        tls_certificate: None,
        tls_key: None,
        login_addr: None,
        certificate_sign_in_url: None,
        proxy_certificate_header: None,
        trusted_proxies: Vec::new(),
        proxy_secret: None,
        log_format: Default::default(),
        metrics_addr: None,
        compression: true,
        compression_min_kib: 32,
        about: Default::default(),
        quotas: Default::default(),
    }
}

pub fn leptos_options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("espace")
        .site_addr(HOST.parse::<std::net::SocketAddr>().unwrap())
        .build()
}

pub struct Reply {
    pub status: u16,
    pub headers: http::HeaderMap,
    /// The body as text (what is not UTF-8 replaced); `bytes` as it came.
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A browser: one router, its cookies, same-origin headers on every request.
pub struct Browser {
    pub app: Router,
    pub cookies: BTreeMap<String, String>,
    /// The site's origin, as the configured `public_url` names it: where its pages come from.
    pub origin: String,
}

impl Browser {
    pub async fn start(dir: &tempfile::TempDir, sign_in: SignIn) -> Self {
        Self::start_with(config(dir, sign_in), Clock::default()).await
    }

    /// On a configuration and a clock of the test's choosing. The mail stays in the outbox,
    /// where the tests read it (delivered, it would keep no link secret).
    pub async fn start_with(config: Config, clock: Clock) -> Self {
        Self::start_mailing(config, clock, MailDelivery::Hold).await
    }

    pub async fn start_mailing(config: Config, clock: Clock, delivery: MailDelivery) -> Self {
        let origin = config.public_url.trim_end_matches('/').to_owned();
        let app = router_with(config, leptos_options(), clock, delivery)
            .await
            .expect("router");
        Self {
            app,
            cookies: BTreeMap::new(),
            origin,
        }
    }

    /// Another browser (no cookies) on the same server.
    pub fn another(&self) -> Self {
        Self {
            app: self.app.clone(),
            cookies: BTreeMap::new(),
            origin: self.origin.clone(),
        }
    }

    pub fn with_cookies(&self, mut builder: http::request::Builder) -> http::request::Builder {
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            builder = builder.header("cookie", cookie);
        }
        builder.header("host", HOST)
    }

    pub async fn send(&mut self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        for set in headers.get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.into(), value.into());
            }
        }
        let bytes = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    /// Calls a server function as the hydrated page does (JSON answer).
    pub async fn call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(form).unwrap();
        let request = self
            .with_cookies(Request::post(format!("/api/{endpoint}")))
            .header("origin", &self.origin)
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Posts a `multipart/form-data` form to a server function: text `fields`, then `files` as
    /// (field, file name, content). `accept` is what the caller asks back (JSON for the app's
    /// own calls, HTML for a browser posting the form itself, from the page it names).
    pub async fn post_multipart(
        &mut self,
        endpoint: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
        accept: &str,
    ) -> Reply {
        self.post_multipart_from(endpoint, fields, files, accept, "/")
            .await
    }

    /// Adds a file to the eSpace's documents, as the app calls it; answers the call's answer.
    pub async fn add_document(&mut self, espace: &str, name: &str, content: &[u8]) -> Value {
        self.post_multipart(
            "add_document",
            &[("espace_id", espace)],
            &[("file", name, content)],
            "application/json",
        )
        .await
        .json()
    }

    /// Adds a file to the eSpace's documents; answers its id.
    pub async fn stored_document(&mut self, espace: &str, name: &str, content: &[u8]) -> String {
        self.add_document(espace, name, content).await["Ok"]["id"]
            .as_str()
            .expect("a document stored")
            .to_owned()
    }

    pub async fn post_multipart_from(
        &mut self,
        endpoint: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
        accept: &str,
        from: &str,
    ) -> Reply {
        const BOUNDARY: &str = "----espace-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file_name, content) in files {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let request = self
            .with_cookies(Request::post(format!("/api/{endpoint}")))
            .header("origin", &self.origin)
            .header("sec-fetch-site", "same-origin")
            .header("referer", format!("{}{from}", self.origin))
            .header("accept", accept)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header("content-length", body.len())
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Posts a form as the browser itself does without JavaScript, from the page at `from`
    /// (it asks for a page back, and says where it was); answers where the server sends it.
    pub async fn post_plain_form(
        &mut self,
        endpoint: &str,
        form: &[(&str, &str)],
        from: &str,
    ) -> String {
        let request = self
            .with_cookies(Request::post(format!("/api/{endpoint}")))
            .header("origin", &self.origin)
            .header("referer", format!("{}{from}", self.origin))
            .header("accept", "text/html,application/xhtml+xml")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(serde_urlencoded::to_string(form).unwrap()))
            .unwrap();
        let reply = self.send(request).await;
        assert_eq!(reply.status, 303, "{endpoint}: {}", reply.body);
        reply.headers["location"].to_str().unwrap().to_owned()
    }

    /// The page at `path` as a browser asks for it (HTML), in English.
    pub async fn page(&mut self, path: &str) -> Reply {
        let request = self
            .with_cookies(Request::get(path))
            .header("accept", "text/html,application/xhtml+xml")
            .header("accept-language", "en")
            .body(Body::empty())
            .unwrap();
        let reply = self.send(request).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        reply
    }

    /// The answer of a server function that ran: `{"Ok": …}` or `{"Err": refusal}`.
    pub async fn answer(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Value {
        let reply = self.call(endpoint, form).await;
        assert_eq!(reply.status, 200, "{endpoint}: {}", reply.body);
        reply.json()
    }

    pub async fn get(&mut self, path: &str, accept_language: Option<&str>) -> Reply {
        let mut builder = self.with_cookies(Request::get(path));
        if let Some(lang) = accept_language {
            builder = builder.header("accept-language", lang);
        }
        self.send(builder.body(Body::empty()).unwrap()).await
    }

    pub async fn sign_in(&mut self, ssn: &str) {
        let answer = self.answer("sign_in_demo", &[("ssn", ssn)]).await;
        assert_eq!(answer, json!({"Ok": null}));
    }

    pub async fn viewer(&mut self) -> Value {
        self.answer("current_session", &[]).await["viewer"].clone()
    }

    pub async fn espace_id(&mut self, name: &str) -> String {
        let viewer = self.viewer().await;
        let espaces = viewer["espaces"].as_array().expect("signed in").clone();
        espaces
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {espaces:?}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// A procedure's values (a JSON object by field name) as its form posts them: `content[name]`.
pub fn content_fields(content: &Value) -> Vec<(String, String)> {
    content
        .as_object()
        .expect("an object of values")
        .iter()
        .map(|(name, value)| {
            let value = value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| value.to_string());
            (format!("content[{name}]"), value)
        })
        .collect()
}

pub const MULLER: &str = "Muller & Fils S.à r.l.";
pub const FIDUCIARY: &str = "Fiduciaire Hoffmann S.A.";

impl Browser {
    /// Invites Laura to `espace` as a manager with this certificate only; answers her member id.
    pub async fn invite_laura(&mut self, espace: &str) -> String {
        let invited = self
            .answer(
                "invite_member",
                &[
                    ("espace_id", espace),
                    ("given_name", "Laura"),
                    ("family_name", "Schmit"),
                    ("email", "laura.schmit@example.lu"),
                    ("ssn", LAURA),
                    ("scope", "this_certificate"),
                    ("role", "manager"),
                ],
            )
            .await;
        invited["Ok"]
            .as_str()
            .unwrap_or_else(|| panic!("{invited}"))
            .to_owned()
    }

    /// The first page of an eSpace's members, unfiltered: `{"Ok": page}` or `{"Err": …}`.
    pub async fn members(&mut self, espace_id: &str) -> Value {
        self.list(espace_id, "", "", "", "1").await
    }

    pub async fn list(
        &mut self,
        espace_id: &str,
        search: &str,
        role: &str,
        status: &str,
        page: &str,
    ) -> Value {
        self.answer(
            "list_members",
            &[
                ("espace_id", espace_id),
                ("search", search),
                ("role", role),
                ("status", status),
                ("page", page),
            ],
        )
        .await
    }
}

/// The PostgreSQL server the suite runs on, if it runs on PostgreSQL.
pub fn postgres_server() -> Option<String> {
    std::env::var("TEST_POSTGRES").ok()
}

pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

/// The database named `name` of a test (the app creates it on first start): a file in the
/// test's directory, or a PostgreSQL database named after that file's path.
pub fn database_url(dir: &std::path::Path, name: &str) -> String {
    let file = dir.join(name);
    match postgres_server() {
        Some(server) => postgres_database(&server, &file),
        None => format!("sqlite://{}", file.display()),
    }
}

/// A PostgreSQL database of `server` named after a test's file path: its directory's prefix
/// (see `TestDir`), then the file's own hash.
pub fn postgres_database(server: &str, file: &std::path::Path) -> String {
    let dir = file.parent().expect("a file in a test directory");
    format!("{server}/{}{:016x}", database_prefix(dir), hash(file))
}

/// What the names of a test directory's PostgreSQL databases begin with.
fn database_prefix(dir: &std::path::Path) -> String {
    format!("t_{:016x}_", hash(dir))
}

fn hash(path: &std::path::Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut hasher);
    hasher.finish()
}

/// A test's temporary directory. On PostgreSQL it also stands for the databases named after its
/// files, and drops them with itself: a suite creates some 180 of them (1.5 GB), and a developer's
/// cluster outlives the run.
pub struct TestDir(tempfile::TempDir);

pub fn test_dir() -> TestDir {
    TestDir(tempfile::tempdir().unwrap())
}

impl std::ops::Deref for TestDir {
    type Target = tempfile::TempDir;
    fn deref(&self) -> &tempfile::TempDir {
        &self.0
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let Some(server) = postgres_server() else {
            return;
        };
        let prefix = database_prefix(self.0.path());
        // Drop cannot await, and no runtime may start inside the test's: a thread of its own
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(drop_databases(&server, &prefix))
        })
        .join();
        // a failing test keeps its own panic; a clean-up that fails is reported
        if !std::thread::panicking() {
            dropped.unwrap().unwrap();
        }
    }
}

/// Drops the databases of `server` whose names begin with `prefix`, still connected or not.
async fn drop_databases(server: &str, prefix: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await?;
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE starts_with(datname, $1)")
            .bind(prefix)
            .fetch_all(&mut admin)
            .await?;
    for name in names {
        sqlx::query(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .execute(&mut admin)
            .await?;
    }
    admin.close().await
}

/// The test database, to read what the app wrote (the outbox, the activity log).
pub async fn database(dir: &tempfile::TempDir) -> sqlx::AnyPool {
    connect(&database_url(dir.path(), "test.db")).await
}

pub async fn connect(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.unwrap()
}

/// Every message in the outbox, oldest first: (recipient, subject, body).
pub async fn outbox(dir: &tempfile::TempDir) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT recipient, subject, body FROM outbox ORDER BY id")
        .fetch_all(&database(dir).await)
        .await
        .unwrap()
}

/// Runs `espace messages …` as the demo operator against the test database.
pub async fn messages_back_office(
    dir: &tempfile::TempDir,
    command: espace::server::back_office::messages::MessagesCommand,
) -> espace::server::back_office::Answer {
    espace::server::back_office::messages::run(
        &config(dir, SignIn::Demo),
        espace::server::demo::DEMO_OPERATOR,
        command,
    )
    .await
}

/// The back office sends `espace` a message with these documents (name, content), replies
/// allowed; answers the message's id.
pub async fn send_message(
    dir: &tempfile::TempDir,
    espace: &str,
    subject: &str,
    documents: &[(&str, &[u8])],
) -> String {
    let attach = documents
        .iter()
        .map(|(name, content)| {
            let path = dir.path().join(name);
            std::fs::write(&path, content).unwrap();
            path
        })
        .collect();
    let sent = messages_back_office(
        dir,
        espace::server::back_office::messages::MessagesCommand::Send {
            espace: Some(espace.to_owned()),
            reference: None,
            from: Some("Administration des contributions directes".into()),
            subject: subject.to_owned(),
            body: "Bonjour,\nmerci de nous envoyer l'attestation signée.".into(),
            attach,
            no_reply: false,
        },
    )
    .await
    .unwrap();
    sent.strip_prefix("sent message ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned()
}
