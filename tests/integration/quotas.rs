//! The volume limits (issue 18, point 5): invitations per person and per eSpace, eSpaces created
//! per person, certification requests and stored bytes per eSpace, each counted in the
//! database; and files refused from anyone not signed in before their body is read.

use crate::common;

use common::*;
use espace::{
    domain::quota::{Quota, QuotaLimits},
    server::{config::SignIn, db::sql::Pools},
};
use serde_json::{Value, json};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

/// The quota a refused answer names.
fn quota_of(answer: &Value) -> Value {
    answer["Err"]["Quota"]["quota"].clone()
}

/// `count` uses of `quota` by `subject` counted already, as if made earlier today.
async fn used(dir: &tempfile::TempDir, quota: Quota, subject: &str, count: i64) {
    let store = Pools::open(&config(dir, SignIn::Demo).database_url)
        .await
        .unwrap()
        .store();
    let now = espace::server::clock::Clock::default().now();
    let taken = store
        .quotas
        .take(&QuotaLimits::default(), &[(quota, subject)], count, now)
        .await
        .unwrap();
    assert_eq!(taken, Ok(()));
}

/// A CSV of `count` invitations of made-up people.
fn csv(count: usize) -> String {
    let mut csv = "Nom;Prénom;E-mail;SSN;Rôle;Accès\n".to_owned();
    for n in 0..count {
        csv.push_str(&format!(
            "Person;N{n};n{n}@example.lu;{:020};manager;this_certificate\n",
            90_000_000_000_000_000u64 + n as u64
        ));
    }
    csv
}

#[tokio::test]
async fn a_person_sends_at_most_fifty_invitations_a_day() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let limit = QuotaLimits::default().of(Quota::InvitationsPerPerson) as usize;
    let mails_before = outbox(&dir).await.len();
    let report = claire
        .answer(
            "bulk_invite",
            &[("espace_id", &muller), ("csv", &csv(limit + 2))],
        )
        .await;
    let lines = report["Ok"].as_array().expect("a report");
    let invited = lines.iter().filter(|l| l["outcome"] == "Invited").count();
    assert_eq!(invited, limit, "{report}");
    for line in &lines[limit..] {
        let not_sent = &line["outcome"]["NotSent"];
        assert_eq!(not_sent["quota"], json!("invitations_per_person"), "{line}");
        assert!(not_sent["retry_at"].is_i64());
    }
    assert_eq!(outbox(&dir).await.len() - mails_before, limit);
    // one by one too, and sending again counts as inviting
    let one = claire
        .answer(
            "invite_member",
            &[
                ("espace_id", &muller),
                ("given_name", "Lea"),
                ("family_name", "Klein"),
                ("email", "lea@example.lu"),
                ("ssn", "91111111111111111111"),
                ("scope", "this_certificate"),
                ("role", "manager"),
            ],
        )
        .await;
    assert_eq!(quota_of(&one), json!("invitations_per_person"), "{one}");
    let invited = claire
        .answer(
            "list_members",
            &[
                ("espace_id", &muller),
                ("search", "N0"),
                ("role", ""),
                ("status", ""),
                ("page", ""),
            ],
        )
        .await;
    let member = invited["Ok"]["members"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resent = claire
        .answer(
            "resend_invitation",
            &[("espace_id", &muller), ("member_id", &member)],
        )
        .await;
    assert_eq!(
        quota_of(&resent),
        json!("invitations_per_person"),
        "{resent}"
    );
}

#[tokio::test]
async fn an_espace_sends_at_most_a_hundred_invitations_a_day() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    // its other administrators sent them
    used(&dir, Quota::InvitationsPerEspace, &muller, 100).await;
    let report = claire
        .answer("bulk_invite", &[("espace_id", &muller), ("csv", &csv(1))])
        .await;
    assert_eq!(
        report["Ok"][0]["outcome"]["NotSent"]["quota"],
        json!("invitations_per_espace"),
        "{report}"
    );
    // the refused invitation did not count against Claire
    let store = Pools::open(&config(&dir, SignIn::Demo).database_url)
        .await
        .unwrap()
        .store();
    let claire_id = claire.viewer().await["person_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let now = espace::server::clock::Clock::default().now();
    let limit = QuotaLimits::default().of(Quota::InvitationsPerPerson);
    assert_eq!(
        store
            .quotas
            .take(
                &QuotaLimits::default(),
                &[(Quota::InvitationsPerPerson, &claire_id)],
                limit,
                now,
            )
            .await
            .unwrap(),
        Ok(())
    );
}

#[tokio::test]
async fn a_person_creates_at_most_ten_espaces_a_day() {
    let dir = common::test_dir();
    let mut laura = Browser::start(&dir, SignIn::Demo).await;
    laura.sign_in(LAURA).await;
    let create = async |laura: &mut Browser, n: i64| {
        laura
            .answer(
                "create_espace",
                &[
                    ("name", &format!("Société {n}")),
                    ("procedure_language", ""),
                ],
            )
            .await
    };
    for n in 0..QuotaLimits::default().of(Quota::EspacesPerPerson) {
        let created = create(&mut laura, n).await;
        assert!(created["Ok"].is_string(), "{created}");
    }
    let refused = create(&mut laura, 99).await;
    assert_eq!(quota_of(&refused), json!("espaces_per_person"), "{refused}");
    assert_eq!(
        laura.viewer().await["espaces"].as_array().unwrap().len() as i64,
        QuotaLimits::default().of(Quota::EspacesPerPerson)
    );
}

async fn request_certification(claire: &mut Browser, muller: &str) -> Value {
    claire
        .post_multipart(
            "request_certification",
            &[
                ("espace_id", muller),
                ("domain", "tax"),
                ("description", "Statuts joints."),
            ],
            &[("documents", "statuts.pdf", PDF)],
            "application/json",
        )
        .await
        .json()
}

#[tokio::test]
async fn an_espace_sends_few_certification_requests_and_stores_a_bounded_volume() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    for _ in 0..QuotaLimits::default().of(Quota::CertificationRequestsPerEspace) {
        let sent = request_certification(&mut claire, &muller).await;
        assert_eq!(sent, json!({"Ok": null}));
    }
    let refused = request_certification(&mut claire, &muller).await;
    assert_eq!(
        quota_of(&refused),
        json!("certification_requests_per_espace"),
        "{refused}"
    );

    // another eSpace whose documents already fill its storage
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    assert_eq!(
        request_certification(&mut claire, &muller).await,
        json!({"Ok": null})
    );
    let full = QuotaLimits::default().of(Quota::StoredBytesPerEspace) - PDF.len() as i64 + 1;
    sqlx::query("UPDATE certification_documents SET size = $1")
        .bind(full)
        .execute(&database(&dir).await)
        .await
        .unwrap();
    let refused = request_certification(&mut claire, &muller).await;
    assert_eq!(
        refused["Err"]["Quota"],
        json!({"quota": "stored_bytes_per_espace", "limit": 100 << 20, "retry_at": null})
    );
}

/// A multipart body from someone not signed in is answered before it is read: this one never
/// ends, so reading it would never answer.
#[tokio::test]
async fn files_from_someone_not_signed_in_are_refused_unread() {
    use axum::{body::Body, http::Request};
    use futures::StreamExt;
    use hyper::body::Bytes;
    let dir = common::test_dir();
    let mut stranger = Browser::start(&dir, SignIn::Demo).await;
    for (accept, status, location) in [
        ("application/json", 200, None),
        ("text/html,application/xhtml+xml", 303, Some("/login")),
    ] {
        let first: Result<&[u8], std::io::Error> =
            Ok(b"------b\r\nContent-Disposition: form-data; name=\"espace_id\"\r\n\r\nx\r\n");
        let endless = futures::stream::iter([first.map(Bytes::from_static)])
            .chain(futures::stream::pending());
        let request = stranger
            .with_cookies(Request::post("/api/request_certification"))
            .header("origin", ORIGIN)
            .header("accept", accept)
            .header("content-type", "multipart/form-data; boundary=----b")
            .body(Body::from_stream(endless))
            .unwrap();
        let reply =
            tokio::time::timeout(std::time::Duration::from_secs(10), stranger.send(request))
                .await
                .expect("answered without reading the body");
        assert_eq!(reply.status, status, "{accept}: {}", reply.body);
        if let Some(location) = location {
            assert_eq!(reply.headers["location"], location);
        } else {
            assert_eq!(reply.json(), json!({"Err": "NotSignedIn"}));
        }
    }
}
