//! The mail outbox delivers through real SMTP: a real server process (Python's aiosmtpd) on
//! loopback receives the invitation; when the server is down the message waits and is retried.

use crate::common;

use common::*;
use espace::{
    server::{
        clock::Clock,
        config::{MailTransport, SignIn},
    },
    start::MailDelivery,
};
use serde_json::json;
use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// aiosmtpd storing every message it receives in a Maildir; killed when dropped.
struct SmtpServer {
    child: Child,
    maildir: PathBuf,
}

impl SmtpServer {
    fn start(port: u16, dir: &Path) -> Self {
        let maildir = dir.join("maildir");
        Self::with_handler(
            port,
            &["aiosmtpd.handlers.Mailbox", &maildir.display().to_string()],
            maildir.clone(),
        )
    }

    /// A server that refuses some recipients (tests/smtp/rejecting.py) and keeps nothing.
    fn rejecting(port: u16, dir: &Path) -> Self {
        Self::with_handler(port, &["rejecting.Rejecting"], dir.join("none"))
    }

    fn with_handler(port: u16, handler: &[&str], maildir: PathBuf) -> Self {
        let python = std::env::var("SMTP_TEST_PYTHON")
            .expect("SMTP_TEST_PYTHON: run the tests through scripts/cargo-test.sh after scripts/install-tools.sh");
        let child = Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
            ])
            .args(handler)
            .env(
                "PYTHONPATH",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp"),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, maildir }
    }

    /// The raw messages received so far.
    fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    }

    /// Waits for a message containing `text`, for at most 20 s.
    async fn received(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(m) = self.messages().into_iter().find(|m| m.contains(text)) {
                return m;
            }
            assert!(
                Instant::now() < deadline,
                "no message with {text:?}; got {:?}",
                self.messages()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The outbox rows `sql` selects, once `ready` holds of them or 20 s have passed: the server
/// marks a message sent once the SMTP server has answered, a moment after it received it.
async fn outbox_when<T>(db: &sqlx::AnyPool, sql: &str, ready: impl Fn(&[T]) -> bool) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let rows: Vec<T> = sqlx::query_as(sql).fetch_all(db).await.unwrap();
        if ready(&rows) || Instant::now() > deadline {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Claire, signed in on a portal that delivers its mail through `port`, and Muller's eSpace.
async fn mailing_claire(dir: &tempfile::TempDir, port: u16, clock: Clock) -> (Browser, String) {
    let mut settings = config(dir, SignIn::Demo);
    settings.mail_transport = MailTransport::Smtp;
    settings.smtp_url = format!("smtp://127.0.0.1:{port}");
    let mut claire = Browser::start_mailing(settings, clock, MailDelivery::Deliver).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    (claire, muller)
}

async fn invite_laura(dir: &tempfile::TempDir, port: u16, clock: Clock) -> Browser {
    let (mut claire, muller) = mailing_claire(dir, port, clock).await;
    claire.invite_laura(&muller).await;
    claire
}

#[tokio::test]
async fn the_invitation_reaches_a_real_smtp_server() {
    let dir = common::test_dir();
    let port = free_port();
    let smtp = SmtpServer::start(port, dir.path());
    invite_laura(&dir, port, Clock::default()).await;
    let message = smtp.received("To: laura.schmit@example.lu").await;
    assert!(message.contains("From: no-reply@test.example"), "{message}");
    assert!(message.contains("Subject:"), "{message}");
    assert!(message.contains(LAURA), "the certificate number: {message}");
    let sent: Vec<(Option<i64>, i64)> = outbox_when(
        &database(&dir).await,
        "SELECT sent_at, attempts FROM outbox",
        |rows: &[(Option<i64>, i64)]| rows.iter().all(|(at, _)| at.is_some()),
    )
    .await;
    assert!(
        sent.iter()
            .all(|(at, attempts)| at.is_some() && *attempts == 1),
        "{sent:?}"
    );
}

#[tokio::test]
async fn mail_waits_while_the_server_is_down_and_is_retried() {
    let dir = common::test_dir();
    let port = free_port();
    let clock = Clock::default();
    invite_laura(&dir, port, clock.clone()).await; // nothing listens on the port yet
    let db = database(&dir).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let error = loop {
        let row: Option<(Option<String>, i64)> =
            sqlx::query_as("SELECT last_error, attempts FROM outbox WHERE sent_at IS NULL")
                .fetch_optional(&db)
                .await
                .unwrap();
        if let Some((Some(error), 1)) = row {
            break error;
        }
        assert!(
            Instant::now() < deadline,
            "no failed attempt recorded: {row:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(!error.is_empty());

    let smtp = SmtpServer::start(port, dir.path());
    clock.advance(31); // past the first retry delay
    smtp.received("To: laura.schmit@example.lu").await;
    let attempts: Vec<(i64,)> = outbox_when(
        &db,
        "SELECT attempts FROM outbox WHERE sent_at IS NOT NULL",
        |rows: &[(i64,)]| !rows.is_empty(),
    )
    .await;
    assert_eq!(attempts, [(2,)]);
    assert_eq!(json!(smtp.messages().len()), json!(1));
}

/// Laura invited at `email`, with the mail delivered to the rejecting server: the test's
/// folder, that server, the portal's clock and its database.
async fn invited_at(email: &str) -> (common::TestDir, SmtpServer, Clock, sqlx::AnyPool) {
    let dir = common::test_dir();
    let port = free_port();
    let smtp = SmtpServer::rejecting(port, dir.path());
    let clock = Clock::default();
    let (mut claire, muller) = mailing_claire(&dir, port, clock.clone()).await;
    let invited = claire
        .answer(
            "invite_member",
            &[
                ("espace_id", muller.as_str()),
                ("given_name", "Laura"),
                ("family_name", "Schmit"),
                ("email", email),
                ("ssn", LAURA),
                ("scope", "this_certificate"),
                ("role", "manager"),
            ],
        )
        .await;
    assert!(invited["Ok"].is_string(), "{invited}");
    let db = database(&dir).await;
    (dir, smtp, clock, db)
}

#[tokio::test]
async fn a_mailbox_refused_for_good_is_not_retried_and_the_back_office_sees_it() {
    use espace::server::back_office::mail::{MailCommand, run};
    let (dir, _smtp, clock, db) = invited_at("laura@refused.example").await;
    let rows: Vec<(Option<i64>, i64, Option<String>)> = outbox_when(
        &db,
        "SELECT failed_at, attempts, last_error FROM outbox",
        |rows: &[(Option<i64>, i64, Option<String>)]| rows.iter().all(|r| r.0.is_some()),
    )
    .await;
    assert!(
        rows.iter().all(|(failed, attempts, error)| failed.is_some()
            && *attempts == 1
            && error
                .as_deref()
                .unwrap_or_default()
                .contains("No such mailbox")),
        "{rows:?}"
    );
    // hours later, it has not been tried again
    clock.advance(4 * 3600);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let attempts: Vec<(i64,)> = sqlx::query_as("SELECT attempts FROM outbox")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(attempts.iter().all(|(a,)| *a == 1), "{attempts:?}");

    let operator = espace::server::demo::DEMO_OPERATOR;
    let listed = run(&config(&dir, SignIn::Demo), operator, MailCommand::Failed)
        .await
        .unwrap();
    assert!(
        listed.contains("laura@refused.example") && listed.contains("550"),
        "{listed}"
    );
    let id = listed.split_whitespace().next().unwrap().to_owned();
    let retried = run(
        &config(&dir, SignIn::Demo),
        operator,
        MailCommand::Retry { id: id.clone() },
    )
    .await
    .unwrap();
    assert!(retried.contains("tried again"), "{retried}");
    let again: Vec<(i64,)> = outbox_when(
        &db,
        &format!("SELECT attempts FROM outbox WHERE id = '{id}' AND failed_at IS NOT NULL"),
        |rows: &[(i64,)]| rows.iter().any(|(a,)| *a == 2),
    )
    .await;
    assert_eq!(again, [(2,)], "tried once more, refused again");
}

#[tokio::test]
async fn a_temporary_refusal_is_retried() {
    let (_dir, _smtp, clock, db) = invited_at("laura@later.example").await;
    let first: Vec<(i64,)> = outbox_when(
        &db,
        "SELECT attempts FROM outbox WHERE last_error IS NOT NULL AND failed_at IS NULL",
        |rows: &[(i64,)]| !rows.is_empty(),
    )
    .await;
    assert_eq!(first, [(1,)]);
    clock.advance(31);
    let second: Vec<(i64,)> = outbox_when(
        &db,
        "SELECT attempts FROM outbox WHERE failed_at IS NULL",
        |rows: &[(i64,)]| rows.iter().any(|(a,)| *a >= 2),
    )
    .await;
    assert!(second.iter().any(|(a,)| *a >= 2), "retried: {second:?}");
}
