//! Procedures as PDF (issue 19): the form (drafts too) and the receipt, written in the
//! procedure's language whoever asks, read back with `pdftotext` (Debian's poppler-utils): the
//! labels in that language and the accented values exactly.

use crate::{
    common,
    procedures::{create, save, sign, submit},
};

use common::*;
use espace::domain::{language::Language, procedure::definition};
use espace::server::config::SignIn;
use serde_json::json;

use common::world::PDF;

/// The PDF at that address, as its text.
async fn pdf_text(browser: &mut Browser, dir: &std::path::Path, query: &str) -> String {
    let reply = browser
        .get(&format!("/api/procedure_pdf?{query}"), None)
        .await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    assert_eq!(reply.headers["content-type"], "application/pdf");
    assert!(reply.bytes.starts_with(b"%PDF-"), "a PDF");
    let file = dir.join("read.pdf");
    std::fs::write(&file, &reply.bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/install-tools.sh)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

const STREET: &str = "3, rue de l'Église « Côté » – Straße 5 €";
const LOCALITY: &str = "Düdelingen près de l'Hôtel, à Bâle ç ô ü ö ä è";

#[tokio::test]
async fn the_form_and_the_receipt_are_in_the_procedures_language_with_its_values_exactly() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let address = definition("registered_address").unwrap();
    for language in Language::ALL {
        let created = claire
            .answer(
                "create_espace",
                &[
                    ("name", &format!("PDF {}", language.code())),
                    ("procedure_language", language.code()),
                ],
            )
            .await;
        let espace = created["Ok"].as_str().unwrap().to_owned();
        let id = create(&mut claire, &espace, "registered_address", "").await["Ok"]
            .as_str()
            .unwrap()
            .to_owned();
        let proof = claire.stored_document(&espace, "bail.pdf", PDF).await;
        let content = json!({
            "street": STREET, "postcode": "4001", "locality": LOCALITY,
            "moved_on": "2027-01-31", "proof": proof,
        });
        let version = save(&mut claire, &espace, &id, 1, content).await["Ok"]["version"]
            .as_i64()
            .unwrap();
        let query = |pdf: &str| format!("espace_id={espace}&id={id}&pdf={pdf}");

        // a draft: every label in the procedure's language, every value as typed
        let draft = pdf_text(&mut claire, dir.path(), &query("form")).await;
        let flat = draft.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(address.title.get(language)), "{draft}");
        for field in &address.fields {
            assert!(
                flat.contains(field.label.get(language)),
                "{}: {draft}",
                field.name
            );
        }
        assert!(flat.contains(STREET) && flat.contains(LOCALITY), "{draft}");
        assert!(flat.contains("bail.pdf"), "{draft}");
        let draft_line = match language {
            Language::Fr => "Brouillon",
            Language::De => "Entwurf",
            Language::En => "Draft",
        };
        assert!(flat.contains(draft_line), "{draft}");
        // no receipt before the submission
        let none = claire
            .get(&format!("/api/procedure_pdf?{}", query("receipt")), None)
            .await;
        assert_eq!(none.status, 404);

        assert_eq!(
            sign(&mut claire, &espace, &id, version).await,
            json!({"Ok": null})
        );
        let reference = submit(&mut claire, &espace, &id).await["Ok"]
            .as_str()
            .unwrap()
            .to_owned();
        let digest = claire
            .answer("load_procedure", &[("espace_id", &espace), ("id", &id)])
            .await["Ok"]["signature"]["digest"]
            .as_str()
            .unwrap()
            .to_owned();
        let form = pdf_text(&mut claire, dir.path(), &query("form")).await;
        let flat = form.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&reference) && flat.contains(&digest) && flat.contains("Claire Muller"),
            "{form}"
        );
        let receipt = pdf_text(&mut claire, dir.path(), &query("receipt")).await;
        let flat = receipt.split_whitespace().collect::<Vec<_>>().join(" ");
        let receipt_title = match language {
            Language::Fr => "Accusé de réception",
            Language::De => "Eingangsbestätigung",
            Language::En => "Acknowledgement of receipt",
        };
        assert!(flat.contains(receipt_title), "{receipt}");
        assert!(
            flat.contains(&reference) && flat.contains(&digest) && flat.contains("bail.pdf"),
            "{receipt}"
        );
    }
}
