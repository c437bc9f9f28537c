//! Integration tests of online procedures (issue: procedures): who may create, modify, sign and
//! submit, the language fixed at creation, the signature voided by a change, and acting for a
//! principal only with a live mandate, through the real router against a real SQLite database.

use crate::common;

use common::{mandates::*, world::PDF, *};
use espace::server::config::SignIn;
use serde_json::{Value, json};

/// A valid person's national identification number (birth date, sequence, Luhn, Verhoeff).
const MATRICULE: &str = "1985031212307";

pub(crate) async fn create(
    browser: &mut Browser,
    espace: &str,
    kind: &str,
    principal: &str,
) -> Value {
    browser
        .answer(
            "create_procedure",
            &[
                ("espace_id", espace),
                ("kind", kind),
                ("principal", principal),
            ],
        )
        .await
}

async fn load(browser: &mut Browser, espace: &str, id: &str) -> Value {
    browser
        .answer("load_procedure", &[("espace_id", espace), ("id", id)])
        .await
}

pub(crate) async fn save(
    browser: &mut Browser,
    espace: &str,
    id: &str,
    version: i64,
    content: Value,
) -> Value {
    let version = version.to_string();
    let fields = common::content_fields(&content);
    let mut form = vec![("espace_id", espace), ("id", id), ("version", &version)];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    browser.answer("save_procedure", &form).await
}

pub(crate) async fn sign(browser: &mut Browser, espace: &str, id: &str, version: i64) -> Value {
    browser
        .answer(
            "sign_procedure",
            &[
                ("espace_id", espace),
                ("id", id),
                ("version", &version.to_string()),
            ],
        )
        .await
}

pub(crate) async fn submit(browser: &mut Browser, espace: &str, id: &str) -> Value {
    browser
        .answer("submit_procedure", &[("espace_id", espace), ("id", id)])
        .await
}

fn address() -> Value {
    json!({"street": "12, rue de la Gare", "postcode": "1616", "locality": "Luxembourg", "moved_on": "2027-01-31"})
}

/// Creates and fills a change of address, its proof a document of the eSpace's; answers its
/// id and version.
pub(crate) async fn filled(browser: &mut Browser, espace: &str, principal: &str) -> (String, i64) {
    let id = create(browser, espace, "registered_address", principal).await["Ok"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut content = address();
    content["proof"] = json!(browser.stored_document(espace, "bail.pdf", PDF).await);
    let saved = save(browser, espace, &id, 1, content).await;
    (id, saved["Ok"]["version"].as_i64().expect("saved"))
}

/// What the procedure holds now, to change a value of it.
async fn content(browser: &mut Browser, espace: &str, id: &str) -> Value {
    load(browser, espace, id).await["Ok"]["content"].clone()
}

async fn signed_in(browser: &Browser, ssn: &str) -> Browser {
    let mut other = browser.another();
    other.sign_in(ssn).await;
    other
}

#[tokio::test]
async fn a_manager_creates_signs_and_submits() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let mut jean = signed_in(&claire, JEAN).await;
    let (id, version) = filled(&mut jean, &muller, "").await;
    assert_eq!(version, 2);
    let procedure = load(&mut jean, &muller, &id).await;
    assert_eq!(
        procedure["Ok"]["content"]["postcode"], "L-1616",
        "kept normalised"
    );
    assert_eq!(procedure["Ok"]["updated_by"], "Jean Weber");
    assert_eq!(
        sign(&mut jean, &muller, &id, version).await,
        json!({"Ok": null})
    );
    let signature = &load(&mut jean, &muller, &id).await["Ok"]["signature"];
    assert_eq!(signature["signer"], "Jean Weber");
    assert_eq!(signature["certificate"], JEAN);
    assert_eq!(
        signature["digest"].as_str().unwrap().len(),
        64,
        "hex SHA-256"
    );
    let reference = submit(&mut jean, &muller, &id).await["Ok"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        reference.starts_with("DEM-") && reference.len() == "DEM-2026-000001".len(),
        "{reference}"
    );
    // submitted: read-only
    assert_eq!(
        save(&mut jean, &muller, &id, version, address()).await,
        json!({"Err": {"Procedure": "Submitted"}})
    );
    assert_eq!(
        submit(&mut jean, &muller, &id).await,
        json!({"Err": {"Procedure": "Submitted"}})
    );
    let list = jean
        .answer("list_procedures", &[("espace_id", &muller)])
        .await;
    assert_eq!(list["Ok"][0]["reference"], json!(reference));
    assert!(list["Ok"][0]["status"]["Submitted"]["at"].is_i64());
}

#[tokio::test]
async fn without_signature_fills_and_an_administrator_signs() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let mut sophie = signed_in(&claire, SOPHIE).await;
    let (id, version) = filled(&mut sophie, &muller, "").await;
    assert_eq!(
        sign(&mut sophie, &muller, &id, version).await,
        json!({"Err": "Forbidden"})
    );
    assert_eq!(
        submit(&mut sophie, &muller, &id).await,
        json!({"Err": {"Procedure": "NotSigned"}})
    );
    assert_eq!(
        sign(&mut claire, &muller, &id, version).await,
        json!({"Ok": null})
    );
    // anyone who may modify submits what is signed
    assert!(submit(&mut sophie, &muller, &id).await["Ok"].is_string());
}

#[tokio::test]
async fn outsiders_do_nothing_and_members_read() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let (id, version) = filled(&mut claire, &muller, "").await;
    for ssn in [MARC, LAURA] {
        let mut outsider = signed_in(&claire, ssn).await;
        for answer in [
            create(&mut outsider, &muller, "registered_address", "").await,
            load(&mut outsider, &muller, &id).await,
            save(&mut outsider, &muller, &id, version, address()).await,
            sign(&mut outsider, &muller, &id, version).await,
            submit(&mut outsider, &muller, &id).await,
            outsider
                .answer("list_procedures", &[("espace_id", &muller)])
                .await,
        ] {
            assert_eq!(answer, json!({"Err": "NotFound"}), "{ssn}");
        }
    }
    let mut anonymous = claire.another();
    assert_eq!(
        create(&mut anonymous, &muller, "registered_address", "").await,
        json!({"Err": "NotSignedIn"})
    );
    let mut sophie = signed_in(&claire, SOPHIE).await;
    assert_eq!(load(&mut sophie, &muller, &id).await["Ok"]["id"], json!(id));
    assert_eq!(
        create(&mut claire, &muller, "no_such_procedure", "").await,
        json!({"Err": {"Invalid": [{"field": "kind", "problem": "UnknownChoice"}]}})
    );
}

#[tokio::test]
async fn a_change_voids_the_signature_and_stale_forms_are_refused() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let (id, version) = filled(&mut claire, &muller, "").await;
    assert_eq!(
        sign(&mut claire, &muller, &id, version).await,
        json!({"Ok": null})
    );
    let mut changed = content(&mut claire, &muller, &id).await;
    changed["locality"] = json!("Esch-sur-Alzette");
    let saved = save(&mut claire, &muller, &id, version, changed).await;
    let version = saved["Ok"]["version"].as_i64().unwrap();
    assert_eq!(
        load(&mut claire, &muller, &id).await["Ok"]["signature"],
        Value::Null
    );
    assert_eq!(
        submit(&mut claire, &muller, &id).await,
        json!({"Err": {"Procedure": "NotSigned"}})
    );
    // a form that started from an older version, and a signature of one
    assert_eq!(
        save(&mut claire, &muller, &id, version - 1, address()).await,
        json!({"Err": {"Procedure": "ChangedMeanwhile"}})
    );
    assert_eq!(
        sign(&mut claire, &muller, &id, version - 1).await,
        json!({"Err": {"Procedure": "ChangedMeanwhile"}})
    );
    // wrong values are kept as typed and reported; signing an incomplete form is refused
    let wrong = save(
        &mut claire,
        &muller,
        &id,
        version,
        json!({"postcode": "12"}),
    )
    .await;
    assert_eq!(
        wrong["Ok"]["problems"],
        json!([{"field": "postcode", "problem": "Postcode"}])
    );
    let version = wrong["Ok"]["version"].as_i64().unwrap();
    assert_eq!(
        load(&mut claire, &muller, &id).await["Ok"]["content"],
        json!({"postcode": "12"})
    );
    let refused = sign(&mut claire, &muller, &id, version).await;
    assert!(
        refused["Err"]["Invalid"].as_array().unwrap().len() >= 3,
        "{refused}"
    );
}

#[tokio::test]
async fn the_language_is_fixed_when_a_procedure_starts() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    // Muller's profile says French: every procedure started now is in French
    let mut jean = signed_in(&claire, JEAN).await;
    let (in_french, _) = filled(&mut jean, &muller, "").await;
    let mut set_language = async |from: &str, to: &str| {
        let answer = claire
            .answer(
                "edit_profile",
                &[
                    ("espace_id", muller.as_str()),
                    ("field", "procedure_language"),
                    ("expected", from),
                    ("value", to),
                ],
            )
            .await;
        assert!(answer["Ok"].is_object(), "{answer}");
    };
    // no procedure language in the profile: each creator's own (Jean reads German)
    set_language("fr", "").await;
    let (in_german, _) = filled(&mut jean, &muller, "").await;
    set_language("", "en").await;
    let (in_english, _) = filled(&mut jean, &muller, "").await;
    // changing the profile's language later changes no procedure
    set_language("en", "de").await;
    for (id, language) in [(&in_french, "fr"), (&in_german, "de"), (&in_english, "en")] {
        assert_eq!(
            load(&mut jean, &muller, id).await["Ok"]["language"],
            language
        );
    }
}

#[tokio::test]
async fn a_fiduciary_files_for_a_principal_only_while_mandated() {
    let mut scene = scene().await;
    let mandate = mandate(&mut scene).await;
    let Scene {
        clock,
        mut claire,
        muller,
        mut marc,
        fiduciary,
        ..
    } = scene;
    // Muller's tax mandate covers the change of address (tax), not social security
    let principals = marc
        .answer(
            "procedure_principals",
            &[("espace_id", &fiduciary), ("kind", "registered_address")],
        )
        .await;
    assert_eq!(
        principals["Ok"],
        json!([{"company": COMPANY, "name": MULLER}])
    );
    let none = marc
        .answer(
            "procedure_principals",
            &[("espace_id", &fiduciary), ("kind", "new_employee")],
        )
        .await;
    assert_eq!(none["Ok"], json!([]));
    assert_eq!(
        create(&mut marc, &fiduciary, "new_employee", COMPANY).await,
        json!({"Err": {"Procedure": "NoMandate"}})
    );
    assert_eq!(
        create(&mut marc, &fiduciary, "registered_address", "20212201244").await,
        json!({"Err": {"Procedure": "NoMandate"}}),
        "a company that gave no mandate"
    );
    let (id, version) = filled(&mut marc, &fiduciary, COMPANY).await;
    let procedure = load(&mut marc, &fiduciary, &id).await;
    assert_eq!(
        procedure["Ok"]["for_principal"],
        json!({"company": COMPANY, "name": MULLER})
    );
    assert_eq!(
        sign(&mut marc, &fiduciary, &id, version).await,
        json!({"Ok": null})
    );
    assert!(submit(&mut marc, &fiduciary, &id).await["Ok"].is_string());

    // a scope without procedures stops new work …
    let (second, version) = filled(&mut marc, &fiduciary, COMPANY).await;
    let scope = |scope: &'static str| {
        [
            ("espace_id", muller.clone()),
            ("mandate_id", mandate.clone()),
            ("scope", scope.to_owned()),
        ]
    };
    let data_only = scope("data");
    assert_eq!(
        claire.answer("set_mandate_scope", &pairs(&data_only)).await,
        json!({"Ok": null})
    );
    assert_eq!(
        sign(&mut marc, &fiduciary, &second, version).await,
        json!({"Err": {"Procedure": "NoMandate"}})
    );
    let all = scope("procedures_and_data");
    claire.answer("set_mandate_scope", &pairs(&all)).await;
    // … so does its end of use, once past …
    let tomorrow = espace::domain::calendar::day_of(clock.now() + DAY);
    let end = [
        ("espace_id", muller.clone()),
        ("mandate_id", mandate.clone()),
        ("end", tomorrow),
    ];
    assert_eq!(
        claire.answer("set_mandate_end", &pairs(&end)).await,
        json!({"Ok": null})
    );
    assert_eq!(
        sign(&mut marc, &fiduciary, &second, version).await,
        json!({"Ok": null})
    );
    clock.advance(2 * DAY);
    marc.sign_in(MARC).await; // two days later: a new session
    assert_eq!(
        submit(&mut marc, &fiduciary, &second).await,
        json!({"Err": {"Procedure": "NoMandate"}})
    );
    // … and its revocation (by then it has ended: revoked or not, it grants nothing)
    assert_eq!(
        save(&mut marc, &fiduciary, &second, version, address()).await,
        json!({"Err": {"Procedure": "NoMandate"}})
    );
    assert_eq!(
        marc.answer(
            "procedure_principals",
            &[("espace_id", &fiduciary), ("kind", "registered_address")],
        )
        .await["Ok"],
        json!([])
    );
}

#[tokio::test]
async fn a_revoked_mandate_stops_a_procedure_under_way() {
    let mut scene = scene().await;
    let mandate = mandate(&mut scene).await;
    let Scene {
        mut claire,
        muller,
        mut marc,
        fiduciary,
        ..
    } = scene;
    let (id, version) = filled(&mut marc, &fiduciary, COMPANY).await;
    assert_eq!(
        claire
            .answer(
                "revoke_mandate",
                &[("espace_id", &muller), ("mandate_id", &mandate)]
            )
            .await,
        json!({"Ok": null})
    );
    assert_eq!(
        sign(&mut marc, &fiduciary, &id, version).await,
        json!({"Err": {"Procedure": "NoMandate"}})
    );
    assert_eq!(
        create(&mut marc, &fiduciary, "registered_address", COMPANY).await,
        json!({"Err": {"Procedure": "NoMandate"}})
    );
}

#[tokio::test]
async fn a_returned_procedure_is_corrected_and_submitted_again() {
    use espace::server::back_office::procedures::{ProceduresCommand, run};
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let (id, version) = filled(&mut claire, &muller, "").await;
    sign(&mut claire, &muller, &id, version).await;
    let reference = submit(&mut claire, &muller, &id).await["Ok"]
        .as_str()
        .unwrap()
        .to_owned();
    let back_office = async |command| {
        run(
            &config(&dir, SignIn::Demo),
            espace::server::demo::DEMO_OPERATOR,
            command,
        )
        .await
    };
    let listed = back_office(ProceduresCommand::List).await.unwrap();
    assert!(
        listed.contains(&reference) && listed.contains(MULLER),
        "{listed}"
    );
    let shown = back_office(ProceduresCommand::Show {
        reference: reference.clone(),
    })
    .await
    .unwrap();
    assert!(
        shown.contains("Postcode: L-1616") && shown.contains("signed by Claire Muller"),
        "{shown}"
    );
    // the attachment, by name and SHA-256, and written out as it was sent
    use sha2::{Digest, Sha256};
    let sha256 = hex::encode(Sha256::digest(PDF));
    assert!(
        shown.contains(&format!(
            "Proof of the new address: bail.pdf [proof] ({} bytes, SHA-256 {sha256})",
            PDF.len()
        )),
        "{shown}"
    );
    let output = dir.path().join("proof.pdf");
    back_office(ProceduresCommand::Document {
        reference: reference.clone(),
        field: "proof".into(),
        output: output.clone(),
    })
    .await
    .unwrap();
    assert_eq!(std::fs::read(&output).unwrap(), PDF);
    assert!(
        back_office(ProceduresCommand::Document {
            reference: reference.clone(),
            field: "street".into(),
            output,
        })
        .await
        .is_err()
    );
    let give_back = || ProceduresCommand::Return {
        reference: reference.clone(),
        comment: "La date du transfert manque de justificatif.".into(),
    };
    back_office(give_back()).await.unwrap();
    assert!(back_office(give_back()).await.is_err(), "returned once");

    let procedure = &load(&mut claire, &muller, &id).await["Ok"];
    assert_eq!(
        procedure["status"],
        json!({"ToCorrect": {"comment": "La date du transfert manque de justificatif."}})
    );
    assert_eq!(procedure["signature"], Value::Null, "to be signed again");
    // every active member is told, in the procedure's language (French here)
    let told: Vec<_> = outbox(&dir)
        .await
        .into_iter()
        .filter(|(_, subject, _)| subject == &format!("Démarche à corriger : {reference}"))
        .map(|(to, _, _)| to)
        .collect();
    assert!(
        told.len() >= 3 && told.iter().any(|to| to.starts_with("jean.weber")),
        "{told:?}"
    );

    let version = procedure["version"].as_i64().unwrap();
    let mut corrected = content(&mut claire, &muller, &id).await;
    corrected["moved_on"] = json!("2027-02-01");
    let version = save(&mut claire, &muller, &id, version, corrected).await["Ok"]["version"]
        .as_i64()
        .unwrap();
    sign(&mut claire, &muller, &id, version).await;
    assert_eq!(
        submit(&mut claire, &muller, &id).await,
        json!({"Ok": reference}),
        "the same reference"
    );
}

#[tokio::test]
async fn a_new_employee_is_declared_with_a_persons_number() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let id = create(&mut claire, &muller, "new_employee", "").await["Ok"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut employee = json!({
        "family_name": "Schmit", "given_name": "Laura", "matricule": "2020 2201 246",
        "starts_on": "2027-03-01", "contract": "permanent", "weekly_hours": "40",
    });
    let saved = save(&mut claire, &muller, &id, 1, employee.clone()).await;
    assert_eq!(
        saved["Ok"]["problems"],
        json!([{"field": "matricule", "problem": "NationalIdFormat"}]),
        "a company's number"
    );
    employee["matricule"] = json!(MATRICULE);
    let version = save(&mut claire, &muller, &id, 2, employee).await["Ok"]["version"]
        .as_i64()
        .unwrap();
    assert_eq!(
        sign(&mut claire, &muller, &id, version).await,
        json!({"Ok": null})
    );
}

/// Issue 19: a document field holds the procedure's own copy of a document of the eSpace's
/// store; the signature covers the copy's SHA-256; deleting the original leaves the submitted
/// copy; a document not in the store is refused next to its field; a new file goes into the
/// store and the field in one step.
#[tokio::test]
async fn an_attachment_is_the_procedures_own_copy_and_is_signed() {
    use sha2::{Digest, Sha256};
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let (id, version) = filled(&mut claire, &muller, "").await;
    let procedure = load(&mut claire, &muller, &id).await["Ok"].clone();
    let copy = procedure["content"]["proof"].as_str().unwrap().to_owned();
    let sha256 = hex::encode(Sha256::digest(PDF));
    assert_eq!(procedure["attachments"][0]["id"], copy.as_str());
    assert_eq!(procedure["attachments"][0]["name"], "bail.pdf");
    assert_eq!(procedure["attachments"][0]["sha256"], sha256.as_str());
    let store = claire
        .answer("list_documents", &[("espace_id", &muller)])
        .await["Ok"]
        .clone();
    assert_eq!(
        store.as_array().unwrap().len(),
        1,
        "the copy is not in the store"
    );
    let original = store[0]["id"].as_str().unwrap().to_owned();
    assert_ne!(original, copy);

    sign(&mut claire, &muller, &id, version).await;
    let signed = json!({
        "id": id,
        "kind": "registered_address",
        "for": null,
        "language": "fr",
        "content": procedure["content"],
        "attachments": {"proof": sha256},
    });
    assert_eq!(
        load(&mut claire, &muller, &id).await["Ok"]["signature"]["digest"],
        hex::encode(Sha256::digest(signed.to_string().as_bytes())),
        "the digest covers the attachment's SHA-256"
    );
    submit(&mut claire, &muller, &id).await["Ok"]
        .as_str()
        .expect("submitted");
    let delete = [("espace_id", muller.as_str()), ("document_id", &original)];
    assert_eq!(
        claire.answer("delete_document", &delete).await,
        json!({"Ok": null})
    );
    let download = claire
        .get(
            &format!("/api/download_document?espace_id={muller}&document_id={copy}"),
            None,
        )
        .await;
    assert_eq!((download.status, download.body.as_bytes()), (200, PDF));
    assert_eq!(
        load(&mut claire, &muller, &id).await["Ok"]["attachments"][0]["sha256"],
        sha256.as_str()
    );

    // a document that is not in the store (deleted, or another eSpace's)
    let (other, version) = filled(&mut claire, &muller, "").await;
    let mut content = content(&mut claire, &muller, &other).await;
    content["proof"] = json!(original);
    let saved = save(&mut claire, &muller, &other, version, content).await;
    assert_eq!(
        saved["Ok"]["problems"],
        json!([{"field": "proof", "problem": "UnknownDocument"}]),
        "{saved}"
    );
    let held = load(&mut claire, &muller, &other).await["Ok"].clone();
    assert!(held["content"].get("proof").is_none());
    assert_eq!(
        held["attachments"],
        json!([]),
        "the copy it held is released"
    );

    // a new file, into the store and the field at once
    let attached = claire
        .post_multipart(
            "attach_new_document",
            &[("espace_id", &muller), ("id", &other), ("field", "proof")],
            &[("file", "acte.pdf", PDF)],
            "application/json",
        )
        .await
        .json();
    assert_eq!(attached["Ok"]["attached"][0][0], "proof", "{attached}");
    assert_eq!(attached["Ok"]["attached"][0][1]["name"], "acte.pdf");
    let names: Vec<Value> = claire
        .answer("list_documents", &[("espace_id", &muller)])
        .await["Ok"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].clone())
        .collect();
    assert!(names.contains(&json!("acte.pdf")), "{names:?}");
    let procedure = load(&mut claire, &muller, &other).await["Ok"].clone();
    assert_eq!(
        procedure["content"]["proof"],
        attached["Ok"]["attached"][0][1]["id"]
    );
    assert_eq!(
        procedure["content"]["street"], "12, rue de la Gare",
        "the rest as saved"
    );
}

#[tokio::test]
async fn a_fiduciary_attaches_from_its_own_store_and_never_sees_the_principals() {
    let mut scene = scene().await;
    mandate(&mut scene).await;
    let Scene {
        mut claire,
        muller,
        mut marc,
        fiduciary,
        ..
    } = scene;
    let principals_document = claire.stored_document(&muller, "bail.pdf", PDF).await;
    // the principal's store is not the representative's, whatever the mandate covers
    assert_eq!(
        marc.answer("list_documents", &[("espace_id", &muller)])
            .await,
        json!({"Err": "NotFound"})
    );
    let download = marc
        .get(
            &format!("/api/download_document?espace_id={muller}&document_id={principals_document}"),
            None,
        )
        .await;
    assert_eq!(download.status, 404);
    // a procedure for the principal takes a document of the fiduciary's own store
    let id = create(&mut marc, &fiduciary, "registered_address", COMPANY).await["Ok"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut content = address();
    content["proof"] = json!(principals_document);
    let saved = save(&mut marc, &fiduciary, &id, 1, content.clone()).await;
    assert_eq!(
        saved["Ok"]["problems"],
        json!([{"field": "proof", "problem": "UnknownDocument"}]),
        "{saved}"
    );
    content["proof"] = json!(marc.stored_document(&fiduciary, "mandat.pdf", PDF).await);
    let version = saved["Ok"]["version"].as_i64().unwrap();
    let saved = save(&mut marc, &fiduciary, &id, version, content).await;
    assert_eq!(saved["Ok"]["problems"], json!([]), "{saved}");
    assert_eq!(saved["Ok"]["attached"][0][1]["name"], json!("mandat.pdf"));
}

/// Seed 001 §6.6: "To file certain administrative procedures, the eSpace administrator must
/// first have their business eSpace certified." The certificate of good standing asks for a tax
/// certification: refused without it, started once the owner code is registered, refused again
/// for new ones once it is revoked; the procedures that ask for none are not concerned.
#[tokio::test]
async fn a_procedure_asking_for_certification_starts_only_in_a_certified_espace() {
    use espace::domain::access_code::CodeKind;
    let scene = scene().await;
    let Scene {
        dir,
        clock,
        mut claire,
        muller,
        ..
    } = scene;
    let not_certified = json!({"Err": {"Procedure": {"NotCertified": "tax"}}});
    assert_eq!(
        create(&mut claire, &muller, "good_standing", "").await,
        not_certified
    );
    assert!(
        create(&mut claire, &muller, "registered_address", "").await["Ok"].is_string(),
        "a procedure that asks for no certification"
    );

    let owner = codes(&dir, CodeKind::Owner, 1, &clock).await.remove(0);
    assert_eq!(
        register(&mut claire, &muller, owner.as_str(), "owner").await,
        json!({"Ok": null})
    );
    let started = create(&mut claire, &muller, "good_standing", "").await;
    assert!(started["Ok"].is_string(), "{started}");

    // the administration revokes the owner code: no new one
    let certification = tab(&mut claire, &muller).await["certifications"][0]["id"]
        .as_str()
        .unwrap()
        .into();
    assert!(
        store(&dir)
            .await
            .access_codes
            .revoke(&certification, clock.now())
            .await
            .unwrap()
    );
    assert_eq!(
        create(&mut claire, &muller, "good_standing", "").await,
        not_certified
    );
}

/// The Signalétique's promise (it "accélère le remplissage des formulaires administratifs"): a
/// new procedure starts with what the Signalétique and the authentic sources hold, each value
/// saying where it came from; for a principal, from the principal's data, only while the
/// mandate covers data.
#[tokio::test]
async fn a_new_procedure_starts_pre_filled_for_the_espace_and_for_a_principal() {
    use espace::domain::business_data::{self, Source};
    let mut scene = scene().await;
    let mandate_id = mandate(&mut scene).await;
    let Scene {
        dir,
        clock,
        mut claire,
        muller,
        mut marc,
        fiduciary,
        ..
    } = scene;
    let store = store(&dir).await;
    for (source, file) in [
        (
            Source::Register,
            format!(
                "national_id;denomination;legal_form;registered_address;capital;signatories;rcs_number;registered_on\n\
                 {COMPANY};Muller & Fils S.à r.l.;S.à r.l.;12, rue de la Gare, L-1611 Luxembourg;12 400 EUR;Claire Muller;B61234;1998-03-16\n"
            ),
        ),
        (
            Source::Vat,
            format!("national_id;vat_number;registered_on\n{COMPANY};LU15027442;1998-04-01\n"),
        ),
    ] {
        let rows = business_data::read(source, &file).unwrap();
        store
            .authentic_sources
            .import(source, &rows, "operator", clock.now())
            .await
            .unwrap();
    }
    let started = async |browser: &mut Browser, espace: &str, principal: &str| {
        let id = create(browser, espace, "good_standing", principal).await["Ok"]
            .as_str()
            .unwrap()
            .to_owned();
        let procedure = load(browser, espace, &id).await["Ok"].clone();
        (procedure["content"].clone(), procedure["prefilled"].clone())
    };

    // for itself: the register and the VAT registration (the Signalétique holds neither) …
    assert_eq!(
        started(&mut claire, &muller, "").await,
        (
            json!({"denomination": "Muller & Fils S.à r.l.", "vat_number": "LU15027442"}),
            json!({"denomination": "register", "vat_number": "vat"})
        )
    );
    // … until the Signalétique says it, which comes first
    for (field, value) in [("denomination", "Muller et Fils"), ("national_id", COMPANY)] {
        let edited = claire
            .answer(
                "edit_profile",
                &[
                    ("espace_id", muller.as_str()),
                    ("field", field),
                    ("expected", ""),
                    ("value", value),
                ],
            )
            .await;
        assert_eq!(edited["Ok"]["value"], value, "{field}");
    }
    let (content, prefilled) = started(&mut claire, &muller, "").await;
    assert_eq!(content["denomination"], "Muller et Fils");
    assert_eq!(content["national_id"], COMPANY);
    assert_eq!(
        prefilled,
        json!({"denomination": "profile", "national_id": "profile", "vat_number": "vat"})
    );

    // for a principal: its authentic data, not the representative's Signalétique
    assert_eq!(
        started(&mut marc, &fiduciary, COMPANY).await,
        (
            json!({"denomination": "Muller & Fils S.à r.l.", "vat_number": "LU15027442"}),
            json!({"denomination": "register", "vat_number": "vat"})
        )
    );
    // a mandate for procedures only shares no data
    let scope = [
        ("espace_id", muller.as_str()),
        ("mandate_id", mandate_id.as_str()),
        ("scope", "procedures"),
    ];
    assert_eq!(
        claire.answer("set_mandate_scope", &scope).await,
        json!({"Ok": null})
    );
    assert_eq!(
        started(&mut marc, &fiduciary, COMPANY).await,
        (json!({}), json!({}))
    );
}
