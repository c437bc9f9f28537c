//! Integration tests of certification for a field of activity (help "Have your business eSpace
//! certified"): the request with its documents as a multipart form, the rules on the documents'
//! content, the powers, and the operator's decision from the back office, through the real router
//! and a real SQLite database.

use crate::common;
use espace::domain::timestamp::Timestamp;

use common::*;
use espace::server::{
    back_office::certifications::{CertificationsCommand, run},
    config::SignIn,
    db::sql::Pools,
};
use serde_json::{Value, json};

const JSON: &str = "application/json";
use common::world::PDF;
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
/// A ZIP archive, whatever its name says.
const ZIP: &[u8] = b"PK\x03\x04\x14\0\0\0\x08\0";

async fn request(
    browser: &mut Browser,
    espace: &str,
    domain: &str,
    files: &[(&str, &str, &[u8])],
) -> Value {
    let reply = browser
        .post_multipart(
            "request_certification",
            &[
                ("espace_id", espace),
                ("domain", domain),
                (
                    "description",
                    "Club de tir à l'arc affilié à la fédération.\nStatuts joints.",
                ),
            ],
            files,
            JSON,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

fn refused(answer: &Value, field: &str, problem: Value) {
    assert_eq!(
        answer,
        &json!({"Err": {"Invalid": [{"field": field, "problem": problem}]}})
    );
}

async fn tab(browser: &mut Browser, espace: &str) -> Value {
    browser
        .answer("load_certifications", &[("espace_id", espace)])
        .await["Ok"]
        .clone()
}

/// A back-office command, as the operator of that name.
async fn as_operator(
    dir: &tempfile::TempDir,
    operator: &str,
    command: CertificationsCommand,
) -> espace::server::back_office::Answer {
    run(&config(dir, SignIn::Demo), operator, command).await
}

/// A back-office command, as the demo data's operator.
async fn decide(
    dir: &tempfile::TempDir,
    command: CertificationsCommand,
) -> espace::server::back_office::Answer {
    as_operator(dir, espace::server::demo::DEMO_OPERATOR, command).await
}

#[tokio::test]
async fn an_administrator_asks_for_certification_and_an_operator_approves_it() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    assert_eq!(
        request(
            &mut claire,
            &muller,
            "sports_federations",
            &[
                ("documents", "statuts.pdf", PDF),
                ("documents", "affiliation.png", PNG)
            ],
        )
        .await,
        json!({"Ok": null})
    );
    let view = tab(&mut claire, &muller).await;
    let sent = &view["certification_requests"][0];
    assert_eq!(sent["domain"], "sports_federations");
    assert_eq!(sent["status"], "Submitted");
    assert_eq!(sent["submitted_by"], "Claire Muller");
    assert_eq!(
        sent["documents"],
        json!([
            {"name": "statuts.pdf", "size": PDF.len(), "kind": "Pdf"},
            {"name": "affiliation.png", "size": PNG.len(), "kind": "Png"},
        ])
    );
    assert_eq!(view["certifications"], json!([]), "not certified yet");
    let id = sent["id"].as_str().unwrap().to_owned();

    // the operator sees it waiting, reads its documents, and approves it
    let listed = decide(&dir, CertificationsCommand::List).await.unwrap();
    assert!(
        listed.contains(&id) && listed.contains(MULLER) && listed.contains("1. statuts.pdf"),
        "{listed}"
    );
    let out = dir.path().join("document-2.png");
    decide(
        &dir,
        CertificationsCommand::Document {
            request: id.clone(),
            number: 2,
            out: out.clone(),
        },
    )
    .await
    .unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), PNG);
    let approve = || CertificationsCommand::Approve {
        request: id.clone(),
    };
    // only a registered, active operator decides
    let operators = Pools::open(&config(&dir, SignIn::Demo).database_url)
        .await
        .unwrap()
        .store()
        .operators;
    assert!(as_operator(&dir, "Operator One", approve()).await.is_err());
    assert!(
        operators
            .add("Operator One", Timestamp::from_unix(0))
            .await
            .unwrap()
    );
    assert!(
        operators
            .add("Operator Two", Timestamp::from_unix(0))
            .await
            .unwrap()
    );
    assert!(
        operators
            .disable("Operator Two", Timestamp::from_unix(1))
            .await
            .unwrap()
    );
    assert!(as_operator(&dir, "Operator Two", approve()).await.is_err());
    assert!(as_operator(&dir, "Operator One", approve()).await.is_ok());
    assert!(decide(&dir, approve()).await.is_err(), "decided once");
    assert_eq!(decide(&dir, CertificationsCommand::List).await.unwrap(), "");

    // the tab shows it approved, and the eSpace certified for that field
    let view = tab(&mut claire, &muller).await;
    assert!(view["certification_requests"][0]["status"]["Approved"]["at"].is_i64());
    assert_eq!(view["certifications"][0]["domain"], "sports_federations");
    assert_eq!(view["certifications"][0]["status"], "Active");
    // the administrators are told, and the activity log says who decided
    let mails = outbox(&dir).await;
    assert!(
        mails
            .iter()
            .any(|(to, subject, _)| to == "claire.muller@muller-fils.example"
                && subject == "Espace certifié : Fédérations sportives"),
        "{mails:?}"
    );
    let log = claire
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await;
    let entries = &log["Ok"]["entries"];
    assert_eq!(
        entries[0]["action"],
        json!({"action": "certification_decided", "domain": "sports_federations", "approved": true})
    );
    assert_eq!(entries[0]["actor"], "Operator One");
    assert_eq!(
        entries[1]["action"],
        json!({"action": "certification_requested", "domain": "sports_federations"})
    );
}

#[tokio::test]
async fn a_rejection_says_why() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    request(
        &mut claire,
        &muller,
        "social_elections",
        &[("documents", "pv.pdf", PDF)],
    )
    .await;
    let id = tab(&mut claire, &muller).await["certification_requests"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reject = |reason: &str| CertificationsCommand::Reject {
        request: id.clone(),
        reason: reason.into(),
    };
    assert!(
        decide(&dir, reject("  ")).await.is_err(),
        "a reason is needed"
    );
    decide(&dir, reject("Le procès-verbal n'est pas signé."))
        .await
        .unwrap();
    let view = tab(&mut claire, &muller).await;
    assert_eq!(
        view["certification_requests"][0]["status"]["Rejected"]["reason"],
        "Le procès-verbal n'est pas signé."
    );
    assert_eq!(view["certifications"], json!([]));
    assert!(outbox(&dir).await.iter().any(|(_, subject, body)| subject
        == "Demande de certification refusée : Élections sociales"
        && body.contains("Le procès-verbal n'est pas signé.")));
}

#[tokio::test]
async fn documents_are_checked_by_their_content_count_and_size() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    // a ZIP named like a PDF
    refused(
        &request(
            &mut claire,
            &muller,
            "tax",
            &[
                ("documents", "a.pdf", PDF),
                ("documents", "statuts.pdf", ZIP),
            ],
        )
        .await,
        "documents",
        json!({"DocumentKind": {"number": 2}}),
    );
    // none (a file input left empty sends one nameless, empty part)
    refused(
        &request(&mut claire, &muller, "tax", &[("documents", "", b"")]).await,
        "documents",
        json!("Required"),
    );
    let mut big = PDF.to_vec();
    big.resize(4 * 1024 * 1024 + 1, b' ');
    refused(
        &request(
            &mut claire,
            &muller,
            "tax",
            &[("documents", "big.pdf", &big)],
        )
        .await,
        "documents",
        json!({"DocumentSize": {"number": 1}}),
    );
    let six = [("documents", "p.pdf", PDF); 6];
    refused(
        &request(&mut claire, &muller, "tax", &six).await,
        "documents",
        json!("TooManyDocuments"),
    );
    refused(
        &request(
            &mut claire,
            &muller,
            "everything",
            &[("documents", "a.pdf", PDF)],
        )
        .await,
        "domain",
        json!("Required"),
    );
    assert_eq!(
        tab(&mut claire, &muller).await["certification_requests"],
        json!([]),
        "nothing stored"
    );
    // a body far past the limit is refused before it is read
    let huge = vec![b'x'; 22 * 1024 * 1024];
    let reply = claire
        .post_multipart(
            "request_certification",
            &[("espace_id", &muller)],
            &[("documents", "huge.pdf", &huge)],
            JSON,
        )
        .await;
    assert_eq!(reply.status, 413, "{}", reply.body);
}

#[tokio::test]
async fn only_administrators_ask_and_every_member_reads() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    for (ssn, refusal) in [
        (JEAN, "Forbidden"),
        (SOPHIE, "Forbidden"),
        (MARC, "NotFound"),
        (LAURA, "NotFound"),
    ] {
        let mut other = claire.another();
        other.sign_in(ssn).await;
        assert_eq!(
            request(&mut other, &muller, "tax", &[("documents", "a.pdf", PDF)]).await,
            json!({"Err": refusal}),
            "{ssn}"
        );
    }
    let mut anonymous = claire.another();
    assert_eq!(
        request(
            &mut anonymous,
            &muller,
            "tax",
            &[("documents", "a.pdf", PDF)]
        )
        .await,
        json!({"Err": "NotSignedIn"})
    );
    request(&mut claire, &muller, "tax", &[("documents", "a.pdf", PDF)]).await;
    let mut jean = claire.another();
    jean.sign_in(JEAN).await;
    assert_eq!(
        tab(&mut jean, &muller).await["certification_requests"][0]["status"],
        "Submitted"
    );
}

#[tokio::test]
async fn a_form_posted_without_javascript_comes_back_to_the_tab() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let page = format!("/espace/{muller}/profile/certifications");
    let reply = claire
        .post_multipart_from(
            "request_certification",
            &[
                ("espace_id", &muller),
                ("domain", "tax"),
                ("description", "Cabinet comptable."),
            ],
            &[("documents", "a.pdf", PDF)],
            "text/html,application/xhtml+xml",
            &page,
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.headers["location"], page.as_str());
    assert!(
        claire
            .page(&page)
            .await
            .body
            .contains("Certification request sent.")
    );
    assert_eq!(
        tab(&mut claire, &muller).await["certification_requests"][0]["domain"],
        "tax"
    );
}

/// What the public typed reaches the back office's terminal escaped (issue 18, point 8): a
/// carriage return in a description (allowed: it is a text of several lines) cannot overwrite
/// a line with "APPROVED BY SUPERVISOR", and names stored before the portal refused invisible
/// characters (a right-to-left override, a C1 control) show as escapes.
#[tokio::test]
async fn the_back_office_shows_what_the_public_typed_escaped() {
    use espace::{
        domain::certification::DocumentKind,
        server::{caller::Actor, db::NewDocument},
    };
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let reply = claire
        .post_multipart(
            "request_certification",
            &[
                ("espace_id", &muller),
                ("domain", "tax"),
                ("description", "Statuts joints.\rAPPROVED BY SUPERVISOR"),
            ],
            &[("documents", "statuts.pdf", PDF)],
            JSON,
        )
        .await;
    assert_eq!(reply.json(), json!({"Ok": null}));
    // from before names were checked
    let store = Pools::open(&config(&dir, SignIn::Demo).database_url)
        .await
        .unwrap()
        .store();
    let by = Actor {
        person_id: None,
        name: "Claire\u{202E}reilliM".into(),
    };
    let document = NewDocument {
        name: "statuts\u{202E}fdp.exe\u{9B}2K".into(),
        kind: DocumentKind::Pdf,
        content: PDF.to_vec(),
    };
    store
        .certification_requests
        .submit(
            &espace::domain::id::EspaceId::from(muller.as_str()),
            &by,
            espace::domain::access_code::Domain::Tax,
            "x",
            &[document],
            Timestamp::from_unix(0),
        )
        .await
        .unwrap();
    let listed = decide(&dir, CertificationsCommand::List).await.unwrap();
    for hidden in ['\r', '\u{202E}', '\u{9B}'] {
        assert!(!listed.contains(hidden), "{hidden:?} in {listed}");
    }
    assert!(
        listed.contains("Statuts joints.\\rAPPROVED BY SUPERVISOR"),
        "{listed}"
    );
    assert!(listed.contains("Claire\\u{202e}reilliM"), "{listed}");
    assert!(
        listed.contains("statuts\\u{202e}fdp.exe\\u{9b}2K"),
        "{listed}"
    );
}

/// The portal refuses a file whose name holds invisible characters, in the browser and here.
#[tokio::test]
async fn a_document_named_with_invisible_characters_is_refused() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let answer = request(
        &mut claire,
        &muller,
        "tax",
        &[("documents", "statuts\u{202E}fdp.exe", PDF)],
    )
    .await;
    assert_eq!(
        answer,
        json!({"Err": {"Invalid": [{"field": "documents", "problem": {"DocumentName": {"number": 1}}}]}})
    );
}

#[tokio::test]
async fn supporting_documents_are_taken_from_mes_documents_too() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let statutes = claire.stored_document(&muller, "statuts.pdf", PDF).await;
    let post = async |browser: &mut Browser, stored: &str, files: &[(&str, &str, &[u8])]| {
        browser
            .post_multipart(
                "request_certification",
                &[
                    ("espace_id", &muller),
                    ("domain", "sports_federations"),
                    ("description", "Club affilié."),
                    ("stored", stored),
                ],
                files,
                JSON,
            )
            .await
            .json()
    };
    assert_eq!(
        post(
            &mut claire,
            &statutes,
            &[("documents", "affiliation.png", PNG)]
        )
        .await,
        json!({"Ok": null})
    );
    let sent = &tab(&mut claire, &muller).await["certification_requests"][0];
    let names: Vec<_> = sent["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["affiliation.png", "statuts.pdf"], "{sent}");
    // the back office reads the copy as it was stored
    let id = sent["id"].as_str().unwrap().to_owned();
    let out = dir.path().join("statuts.pdf");
    decide(
        &dir,
        CertificationsCommand::Document {
            request: id,
            number: 2,
            out: out.clone(),
        },
    )
    .await
    .unwrap();
    assert_eq!(std::fs::read(out).unwrap(), PDF);

    // a document of the store of a kind a request does not take, said like a file's
    let sheet = claire
        .stored_document(&muller, "tableau.xlsx", &crate::documents::xlsx())
        .await;
    refused(
        &post(&mut claire, &sheet, &[]).await,
        "documents",
        json!({"DocumentKind": {"number": 1}}),
    );
    // an id the store does not hold
    assert_eq!(
        post(&mut claire, "0123456789abcdef0123456789abcdef", &[]).await,
        json!({"Err": "NotFound"})
    );
}
