//! "Mes documents" (issue 19): every member adds, lists, downloads, renames and deletes the
//! eSpace's documents; a file's kind comes from its content; the size and the eSpace's storage
//! are bounded; nobody else reaches them. On SQLite and, with `TEST_POSTGRES`, PostgreSQL.

use crate::common;

use common::*;
use espace::{
    domain::quota::QuotaLimits,
    server::config::{Config, SignIn},
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use common::world::PDF;
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
/// A Windows program.
const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0@\0";

/// A ZIP archive of `entries`, stored uncompressed: enough of an office file for its kind to
/// be read from it (for Office files, from its fourth entry, as in the files Word and Excel
/// write).
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in entries {
        out.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0");
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
    }
    out
}

fn docx() -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", b"<w:document/>"),
        ("word/styles.xml", b"<w:styles/>"),
    ])
}

pub(crate) fn xlsx() -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/styles.xml", b"<styleSheet/>"),
    ])
}

fn odt() -> Vec<u8> {
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
    ])
}

async fn list(browser: &mut Browser, espace: &str) -> Value {
    browser
        .answer("list_documents", &[("espace_id", espace)])
        .await
}

/// The download's status, headers and bytes.
async fn download(
    browser: &mut Browser,
    espace: &str,
    id: &str,
) -> (u16, http::HeaderMap, Vec<u8>) {
    use axum::{body::Body, http::Request};
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = browser
        .with_cookies(Request::get(format!(
            "/api/download_document?espace_id={espace}&document_id={id}"
        )))
        .body(Body::empty())
        .unwrap();
    let response = browser.app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, body.to_vec())
}

fn refused_file(answer: &Value) -> Value {
    assert_eq!(answer["Err"]["Invalid"][0]["field"], "file", "{answer}");
    answer["Err"]["Invalid"][0]["problem"].clone()
}

#[tokio::test]
async fn every_member_keeps_documents_whose_kind_comes_from_their_content() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let mut sophie = claire.another();
    sophie.sign_in(SOPHIE).await; // without signature: documents are every role's
    assert_eq!(list(&mut sophie, &muller).await, json!({"Ok": []}));

    let added = sophie.add_document(&muller, "statuts.pdf", PDF).await;
    let statuts = &added["Ok"];
    assert_eq!(statuts["name"], "statuts.pdf", "{added}");
    assert_eq!(statuts["kind"], "Pdf");
    assert_eq!(statuts["size"], PDF.len());
    assert_eq!(statuts["sha256"], hex::encode(Sha256::digest(PDF)));
    assert_eq!(statuts["added_by"], "Sophie Klein");
    // the name says PDF, the content PNG: the content wins
    let disguised = sophie.add_document(&muller, "plan.pdf", PNG).await;
    assert_eq!(disguised["Ok"]["kind"], "Png", "{disguised}");
    for (name, content, kind) in [
        ("lettre.docx", docx(), "Docx"),
        ("comptes.xlsx", xlsx(), "Xlsx"),
        ("note.odt", odt(), "Odt"),
    ] {
        assert_eq!(
            claire.add_document(&muller, name, &content).await["Ok"]["kind"],
            kind,
            "{name}"
        );
    }
    // a program renamed as a PDF, an empty file, no file
    assert_eq!(
        refused_file(&claire.add_document(&muller, "statuts.pdf", EXE).await),
        json!("UnsupportedFile")
    );
    assert_eq!(
        refused_file(&claire.add_document(&muller, "vide.pdf", b"").await),
        json!("Required")
    );
    let listed = list(&mut claire, &muller).await;
    let names: Vec<&str> = listed["Ok"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 5, "{listed}");
    assert!(names.contains(&"statuts.pdf") && names.contains(&"plan.pdf"));

    // downloaded as it was added
    let id = statuts["id"].as_str().unwrap();
    let (status, headers, body) = download(&mut sophie, &muller, id).await;
    assert_eq!(status, 200);
    assert_eq!(body, PDF);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("statuts%2Epdf"),
        "{headers:?}"
    );

    // renamed, then deleted (twice: the second finds nothing)
    let rename = |name: &str| {
        [
            ("espace_id", muller.clone()),
            ("document_id", id.to_owned()),
            ("name", name.to_owned()),
        ]
    };
    let pairs = |args: &[(&'static str, String); 3]| {
        args.iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect::<Vec<_>>()
    };
    let args = pairs(&rename("Statuts coordonnés 2026.pdf"));
    let form: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        sophie.answer("rename_document", &form).await,
        json!({"Ok": null})
    );
    let args = pairs(&rename("a\u{202E}fdp.exe"));
    let form: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        sophie.answer("rename_document", &form).await,
        json!({"Err": {"Invalid": [{"field": "name", "problem": "ControlCharacters"}]}})
    );
    let delete = [("espace_id", muller.as_str()), ("document_id", id)];
    assert_eq!(
        sophie.answer("delete_document", &delete).await,
        json!({"Ok": null})
    );
    assert_eq!(
        sophie.answer("delete_document", &delete).await,
        json!({"Err": "NotFound"})
    );
    assert_eq!(download(&mut sophie, &muller, id).await.0, 404);
    assert_eq!(
        list(&mut claire, &muller).await["Ok"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // the activity log says who did what
    let log = claire
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await
        .to_string();
    for action in ["document_added", "document_renamed", "document_deleted"] {
        assert!(log.contains(action), "{action} in {log}");
    }
}

#[tokio::test]
async fn a_document_and_the_espaces_storage_are_bounded() {
    let dir = common::test_dir();
    let config = Config {
        quotas: QuotaLimits {
            stored_megabytes_per_espace: 1,
            ..QuotaLimits::default()
        },
        ..config(&dir, SignIn::Demo)
    };
    let mut claire = Browser::start_with(config, espace::server::clock::Clock::default()).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    // one byte past the largest file
    let mut huge = PDF.to_vec();
    huge.resize(espace::domain::document::MAX_BYTES as usize + 1, b' ');
    assert_eq!(
        refused_file(&claire.add_document(&muller, "huge.pdf", &huge).await),
        json!({"FileTooLarge": {"max_megabytes": 20}})
    );
    // two of 600 kB in an eSpace that may keep 1 MB
    let mut big = PDF.to_vec();
    big.resize(600 * 1024, b' ');
    assert!(claire.add_document(&muller, "one.pdf", &big).await["Ok"].is_object());
    let refused = claire.add_document(&muller, "two.pdf", &big).await;
    assert_eq!(
        refused["Err"]["Quota"]["quota"],
        json!("stored_bytes_per_espace"),
        "{refused}"
    );
    // nothing of the refused ones was kept
    assert_eq!(
        list(&mut claire, &muller).await["Ok"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let chunks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM document_chunks")
        .fetch_one(&database(&dir).await)
        .await
        .unwrap();
    assert_eq!(chunks, 3, "600 kB in chunks of 256 kB");
}

/// Another eSpace's member, a deactivated member, a stranger and someone signed out reach
/// nothing of Muller's documents, and learn nothing of them.
#[tokio::test]
async fn nobody_else_reaches_the_documents() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let id = claire.add_document(&muller, "statuts.pdf", PDF).await["Ok"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut marc = claire.another();
    marc.sign_in(MARC).await; // administrator of the fiduciary, deactivated at Muller
    let fiduciary = marc.espace_id(FIDUCIARY).await;
    let mut laura = claire.another();
    laura.sign_in(LAURA).await;
    let mut nobody = claire.another();
    for (who, browser, refusal) in [
        ("Marc", &mut marc, "NotFound"),
        ("Laura", &mut laura, "NotFound"),
        ("signed out", &mut nobody, "NotSignedIn"),
    ] {
        assert_eq!(
            list(browser, &muller).await,
            json!({"Err": refusal}),
            "{who}"
        );
        assert_eq!(
            browser.add_document(&muller, "x.pdf", PDF).await,
            json!({"Err": refusal}),
            "{who}"
        );
        assert_eq!(download(browser, &muller, &id).await.0, 404, "{who}");
        let delete = [("espace_id", muller.as_str()), ("document_id", id.as_str())];
        assert_eq!(
            browser.answer("delete_document", &delete).await,
            json!({"Err": refusal}),
            "{who}"
        );
    }
    // Muller's document named from the fiduciary's own eSpace
    assert_eq!(download(&mut marc, &fiduciary, &id).await.0, 404);
    let rename = [
        ("espace_id", fiduciary.as_str()),
        ("document_id", id.as_str()),
        ("name", "mine.pdf"),
    ];
    assert_eq!(
        marc.answer("rename_document", &rename).await,
        json!({"Err": "NotFound"})
    );
    let delete = [
        ("espace_id", fiduciary.as_str()),
        ("document_id", id.as_str()),
    ];
    assert_eq!(
        marc.answer("delete_document", &delete).await,
        json!({"Err": "NotFound"})
    );
    assert_eq!(
        download(&mut claire, &muller, &id).await.0,
        200,
        "still there"
    );
}
