//! Integration tests of the Signalétique tab and of the person's own profile (issue: profile),
//! through the real router against a real SQLite database.

use crate::common;

use common::*;
use serde_json::{Value, json};

async fn edit(
    browser: &mut Browser,
    espace: &str,
    field: &str,
    expected: &str,
    value: &str,
) -> Value {
    browser
        .answer(
            "edit_profile",
            &[
                ("espace_id", espace),
                ("field", field),
                ("expected", expected),
                ("value", value),
            ],
        )
        .await
}

async fn profile(browser: &mut Browser, espace: &str) -> Value {
    browser
        .answer("load_espace", &[("espace_id", espace)])
        .await["Ok"]["profile"]
        .clone()
}

async fn activity_rows(dir: &tempfile::TempDir) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM activity WHERE action = 'profile_edited'")
        .fetch_one(&database(dir).await)
        .await
        .unwrap()
}

fn refused_with(answer: &Value, problem: Value) {
    assert_eq!(
        answer,
        &json!({"Err": {"Invalid": [{"field": "value", "problem": problem}]}})
    );
}

#[tokio::test]
async fn an_administrator_edits_every_field_and_each_edit_is_logged() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let edits = [
        ("name", MULLER, "  Muller & Fils  ", "Muller & Fils"),
        ("procedure_language", "fr", "de", "de"),
        (
            "denomination",
            "",
            "Muller & Fils S.à r.l.",
            "Muller & Fils S.à r.l.",
        ),
        ("trade_name", "", "Boulangerie Muller", "Boulangerie Muller"),
        (
            "website",
            "",
            "www.Muller-Fils.lu",
            "https://www.muller-fils.lu/",
        ),
        ("national_id", "", "2020 2201 246", "20202201246"),
        ("vat_number", "", "lu 209.769-85", "LU20976985"),
        ("nace_code", "", "1071", "10.71"),
        ("rcs_number", "", "R.C.S. Luxembourg B 112 233", "B112233"),
    ];
    for (field, expected, typed, stored) in edits {
        let answer = edit(&mut claire, &muller, field, expected, typed).await;
        assert_eq!(answer["Ok"]["value"], stored, "{field}: {answer}");
    }
    let sheet = profile(&mut claire, &muller).await;
    assert_eq!(sheet["name"], "Muller & Fils");
    assert_eq!(sheet["procedure_language"], "de");
    assert_eq!(sheet["website"], "https://www.muller-fils.lu/");
    assert_eq!(sheet["vat_number"], "LU20976985");
    assert_eq!(sheet["rcs_number"], "B112233");
    assert_eq!(sheet["nace"]["code"], "10.71");
    assert_eq!(
        sheet["nace"]["labels"]["fr"],
        "Fabrication de pain et de pâtisserie fraîche"
    );
    assert_eq!(
        sheet["nace"]["labels"]["de"],
        "Herstellung von Backwaren (ohne Dauerbackwaren)"
    );
    assert_eq!(
        sheet["nace"]["labels"]["en"],
        "Manufacture of bread; manufacture of fresh pastry goods and cakes"
    );
    // the log says who changed what from what to what, newest first
    assert_eq!(activity_rows(&dir).await, 9);
    let log = claire
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await;
    assert_eq!(log["Ok"]["entries"][0]["actor"], "Claire Muller");
    assert_eq!(
        log["Ok"]["entries"][0]["action"],
        json!({"action": "profile_edited", "field": "rcs_number", "from": null, "to": "B112233"})
    );
    assert_eq!(
        log["Ok"]["entries"][8]["action"],
        json!({"action": "profile_edited", "field": "name", "from": MULLER, "to": "Muller & Fils"})
    );
    // clearing an optional field is an edit too; saving what is stored is none
    assert_eq!(
        edit(
            &mut claire,
            &muller,
            "trade_name",
            "Boulangerie Muller",
            " "
        )
        .await["Ok"]["value"],
        Value::Null
    );
    assert_eq!(
        edit(&mut claire, &muller, "rcs_number", "B112233", "B 112233").await["Ok"]["value"],
        "B112233"
    );
    assert_eq!(activity_rows(&dir).await, 10);
}

#[tokio::test]
async fn wrong_values_are_refused_next_to_the_field_and_change_nothing() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let before = profile(&mut claire, &muller).await;
    let cases = [
        ("name", " ", json!("Required")),
        ("name", &"x".repeat(101), json!({"TooLong": {"max": 100}})),
        ("procedure_language", "es", json!("UnknownChoice")),
        ("website", "javascript:alert(1)", json!("Website")),
        ("national_id", "20202201245", json!("NationalIdCheck")),
        ("national_id", "2020220124", json!("NationalIdFormat")),
        ("vat_number", "LU12345678", json!("VatCheck")),
        ("vat_number", "LU1234567", json!("VatFormat")),
        ("nace_code", "99.99", json!("NaceUnknown")),
        ("nace_code", "programming", json!("NaceFormat")),
        ("rcs_number", "B1234567", json!("RcsFormat")),
        ("denomination", "Muller\r\nFils", json!("ControlCharacters")),
        (
            "trade_name",
            &"é".repeat(201),
            json!({"TooLong": {"max": 200}}),
        ),
        ("owner_person_id", "x", json!("UnknownChoice")),
    ];
    for (field, value, problem) in cases {
        refused_with(&edit(&mut claire, &muller, field, "", value).await, problem);
    }
    assert_eq!(profile(&mut claire, &muller).await, before);
    assert_eq!(activity_rows(&dir).await, 0);
}

#[tokio::test]
async fn only_administrators_may_edit() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let before = profile(&mut claire, &muller).await;
    for (ssn, refusal) in [
        (JEAN, json!("Forbidden")),   // manager
        (SOPHIE, json!("Forbidden")), // without signature
        (MARC, json!("NotFound")),    // deactivated at Muller
        (LAURA, json!("NotFound")),   // not a member
    ] {
        let mut other = claire.another();
        other.sign_in(ssn).await;
        for field in ["name", "vat_number", "nace_code"] {
            let answer = edit(&mut other, &muller, field, "", "LU20976985").await;
            assert_eq!(answer, json!({"Err": refusal}), "{ssn} {field}");
        }
    }
    let mut anonymous = claire.another();
    assert_eq!(
        edit(&mut anonymous, &muller, "name", MULLER, "X").await,
        json!({"Err": "NotSignedIn"})
    );
    // an administrator of another eSpace cannot reach this one either
    let mut marc = claire.another();
    marc.sign_in(MARC).await;
    let fiduciary = marc.espace_id(FIDUCIARY).await;
    assert_eq!(
        edit(&mut marc, &muller, "name", MULLER, "X").await,
        json!({"Err": "NotFound"})
    );
    assert!(edit(&mut marc, &fiduciary, "vat_number", "", "LU29173986").await["Ok"].is_object());
    assert_eq!(profile(&mut claire, &muller).await, before);
    // every member reads the sheet
    let mut jean = claire.another();
    jean.sign_in(JEAN).await;
    assert_eq!(profile(&mut jean, &muller).await, before);
}

#[tokio::test]
async fn a_value_changed_meanwhile_is_not_overwritten() {
    let dir = common::test_dir();
    let (mut first, muller) = as_claire(&dir).await;
    // a second administrator: Jean becomes one
    let jean_id = {
        let page = first.members(&muller).await;
        page["Ok"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["family_name"] == "Weber")
            .expect("Jean")["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let promoted = first
        .answer(
            "change_role",
            &[
                ("espace_id", &muller),
                ("member_id", &jean_id),
                ("role", "administrator"),
            ],
        )
        .await;
    assert!(promoted["Ok"].is_object(), "{promoted}");
    let mut second = first.another();
    second.sign_in(JEAN).await;
    // both opened the empty field; the first saves
    assert_eq!(
        edit(&mut first, &muller, "vat_number", "", "LU20976985").await["Ok"]["value"],
        "LU20976985"
    );
    // the second is told, and the first's value stays
    refused_with(
        &edit(&mut second, &muller, "vat_number", "", "LU29173986").await,
        json!("ChangedMeanwhile"),
    );
    assert_eq!(
        profile(&mut second, &muller).await["vat_number"],
        "LU20976985"
    );
    // shown the new value, the second may replace it on purpose
    assert_eq!(
        edit(
            &mut second,
            &muller,
            "vat_number",
            "LU20976985",
            "LU29173986"
        )
        .await["Ok"]["value"],
        "LU29173986"
    );
    // both typing the same value is no conflict
    assert!(
        edit(
            &mut first,
            &muller,
            "vat_number",
            "LU20976985",
            "LU29173986"
        )
        .await["Ok"]
            .is_object()
    );
    assert_eq!(activity_rows(&dir).await, 2);
}

#[tokio::test]
async fn the_nace_classification_is_searched_in_the_viewers_language() {
    let dir = common::test_dir();
    let (mut claire, _) = as_claire(&dir).await;
    let codes = |answer: Value| -> Vec<String> {
        answer["Ok"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let search = |q: &'static str, l: &'static str| [("query", q), ("language", l)];
    // words in any order, accents optional
    let found = codes(
        claire
            .answer("search_nace", &search("patisserie pain", "fr"))
            .await,
    );
    assert_eq!(found, ["10.71", "47.24"]);
    let found = codes(
        claire
            .answer("search_nace", &search("backwaren", "de"))
            .await,
    );
    assert!(found.contains(&"10.71".to_owned()), "{found:?}");
    // a French word is not looked for in English labels
    assert_eq!(
        codes(
            claire
                .answer("search_nace", &search("patisserie", "en"))
                .await
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(claire.answer("search_nace", &search("62.0", "en")).await),
        ["62.0", "62.01", "62.02", "62.03", "62.09"]
    );
    assert_eq!(
        codes(claire.answer("search_nace", &search("", "en")).await).len(),
        21
    );
    assert!(codes(claire.answer("search_nace", &search("a", "en")).await).len() <= 25);
    let mut anonymous = claire.another();
    assert_eq!(
        anonymous.answer("search_nace", &search("62", "en")).await,
        json!({"Err": "NotSignedIn"})
    );
}

/// A form posted by the browser itself (no JavaScript) is answered with a redirect to the tab,
/// which says once what was saved, or opens the field again with the typed value and the
/// problem; the address holds neither.
#[tokio::test]
async fn editing_works_as_plain_form_posts() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let tab = format!("/espace/{muller}/profile");
    let post = async |claire: &mut crate::common::Browser, value: &str| {
        claire
            .post_plain_form(
                "edit_profile",
                &[
                    ("espace_id", muller.as_str()),
                    ("field", "vat_number"),
                    ("expected", ""),
                    ("value", value),
                ],
                &format!("{tab}?edit=vat_number"),
            )
            .await
    };
    assert_eq!(post(&mut claire, "LU 1234 5678").await, tab);
    // the tab shows the form open, with what was typed and why
    let page = claire.page(&tab).await;
    assert!(
        page.body.contains(r#"value="LU 1234 5678""#),
        "typed value kept"
    );
    assert!(
        page.body.contains("This VAT number does not exist"),
        "problem shown"
    );
    // once
    let page = claire.page(&tab).await;
    assert!(!page.body.contains("LU 1234 5678"));
    assert_eq!(post(&mut claire, "LU20976985").await, tab);
    let page = claire.page(&tab).await;
    assert!(page.body.contains("Change saved."));
    assert!(page.body.contains("LU20976985"));
    assert!(!claire.page(&tab).await.body.contains("Change saved."));
}

#[tokio::test]
async fn values_are_stored_as_typed_and_rendered_escaped() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let hostile = "<script>alert('x')</script> & \"Fils\"";
    assert_eq!(
        edit(&mut claire, &muller, "trade_name", "", hostile).await["Ok"]["value"],
        hostile
    );
    let page = claire
        .get(&format!("/espace/{muller}/profile"), Some("fr"))
        .await;
    assert!(!page.body.contains("<script>alert('x')</script>"));
    assert!(
        page.body
            .contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")
            || page
                .body
                .contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "escaped"
    );
}

#[tokio::test]
async fn a_person_keeps_their_own_contact_details() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let own = claire.answer("load_own_profile", &[]).await;
    assert_eq!(own["Ok"]["given_name"], "Claire");
    let certificates = own["Ok"]["certificates"].as_array().unwrap();
    assert_eq!(certificates.len(), 2);
    let in_use: Vec<_> = certificates
        .iter()
        .filter(|c| c["in_use"] == true)
        .map(|c| c["certificate"]["ssn"].clone())
        .collect();
    assert_eq!(in_use, [json!(CLAIRE)]);
    assert!(
        certificates
            .iter()
            .all(|c| c["valid_until"].is_i64() && c["expired"] == false)
    );
    let contact = |email: &'static str, phone: &'static str| {
        [
            ("email", email),
            ("phone", phone),
            ("mobile", "+352 621 123 456"),
            ("fax", ""),
            ("function", "Gérante"),
        ]
    };
    // refused field by field, nothing saved
    let refused = claire
        .answer("save_contact", &contact("claire", "abc"))
        .await;
    assert_eq!(
        refused,
        json!({"Err": {"Invalid": [{"field": "email", "problem": "Email"}, {"field": "phone", "problem": "Phone"}]}})
    );
    let saved = claire
        .answer(
            "save_contact",
            &contact(" claire@muller-fils.lu ", "+352 26 12 34"),
        )
        .await;
    assert_eq!(saved, json!({"Ok": null}));
    let own = claire.answer("load_own_profile", &[]).await;
    assert_eq!(
        own["Ok"]["contact"],
        json!({
            "email": "claire@muller-fils.lu", "phone": "+352 26 12 34", "mobile": "+352 621 123 456", "fax": null, "function": "Gérante"
        })
    );
    // administrators see the new details on the member's data sheet
    let page = claire.members(&muller).await;
    let member = page["Ok"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["family_name"] == "Muller")
        .unwrap()
        .clone();
    let sheet = claire
        .answer(
            "load_member",
            &[
                ("espace_id", &muller),
                ("member_id", member["id"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(sheet["Ok"]["phone"], "+352 26 12 34");
    assert_eq!(sheet["Ok"]["function"], "Gérante");
    // signed out, nothing
    let mut anonymous = claire.another();
    assert_eq!(
        anonymous.answer("load_own_profile", &[]).await,
        json!({"Err": "NotSignedIn"})
    );
    assert_eq!(
        anonymous
            .answer("save_contact", &contact("a@b.lu", ""))
            .await,
        json!({"Err": "NotSignedIn"})
    );
}
