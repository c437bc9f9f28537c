//! Forms posted by the browser itself (no JavaScript, or before the WebAssembly has arrived):
//! the server answers with a 303 to a page whose address holds nothing typed, and that page
//! says once, from the session's flash, what was done, or shows the form again with what was
//! typed and each problem next to its field. On SQLite and, with `TEST_POSTGRES`, PostgreSQL.

use crate::common::{self, LAURA, as_claire, world::PDF};

/// Nothing a person typed may travel in an address: not in the one the browser is sent to.
fn holds_nothing_typed(location: &str, typed: &[&str]) {
    assert!(!location.contains('?'), "a query in {location}");
    for value in typed {
        assert!(!location.contains(value), "{value} in {location}");
    }
}

#[tokio::test]
async fn a_refused_invitation_comes_back_with_what_was_typed_once() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let add = format!("/espace/{muller}/profile/users/new");
    let form = [
        ("espace_id", muller.as_str()),
        ("given_name", "Laura"),
        ("family_name", "Schmit-Ëlsen"),
        ("email", "laura.schmit@"),
        ("ssn", LAURA),
        ("scope", "this_certificate"),
        ("role", "manager"),
    ];
    let location = claire.post_plain_form("invite_member", &form, &add).await;
    assert_eq!(location, add);
    holds_nothing_typed(&location, &["Laura", "Schmit", LAURA, "laura.schmit"]);
    let page = claire.page(&add).await.body;
    // back at step 1, where the refused field is, with everything typed
    assert!(page.contains(r#"value="Schmit-Ëlsen""#), "{page}");
    assert!(page.contains(r#"value="laura.schmit@""#));
    assert!(page.contains("Enter a valid email address"));
    assert!(
        page.contains(&format!(r#"name="ssn" value="{LAURA}""#)),
        "step 2 kept"
    );
    // shown once: the next visit is a new form
    let again = claire.page(&add).await.body;
    assert!(!again.contains("Schmit-Ëlsen"));
    assert!(!again.contains("Enter a valid email address"));
}

#[tokio::test]
async fn inviting_without_javascript_goes_step_by_step_to_the_new_sheet() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let add = format!("/espace/{muller}/profile/users/new");
    let identity = [
        ("espace_id", muller.as_str()),
        ("given_name", "Laura"),
        ("family_name", "Schmit"),
        ("email", "laura.schmit@example.lu"),
    ];
    // "Suivant" with a missing name stays at step 1 and says why
    let mut missing = identity;
    missing[1].1 = " ";
    let step = [("step", "access")];
    let location = claire
        .post_plain_form("invitation_step", &[&missing[..], &step].concat(), &add)
        .await;
    assert_eq!(location, add);
    let page = claire.page(&add).await.body;
    assert!(page.contains("Step 1 of 2"), "{page}");
    assert!(page.contains("This field is mandatory."));
    assert!(page.contains(r#"value="laura.schmit@example.lu""#));
    // "Suivant" with step 1 right: step 2, holding step 1 in hidden fields
    claire
        .post_plain_form("invitation_step", &[&identity[..], &step].concat(), &add)
        .await;
    let page = claire.page(&add).await.body;
    assert!(page.contains("Step 2 of 2"), "{page}");
    assert!(
        page.contains(r#"type="hidden" name="family_name" value="Schmit""#),
        "{page}"
    );
    // "Précédent" from step 2: step 1 again, step 2's SSN kept
    let back = [("step", "identity"), ("ssn", LAURA)];
    claire
        .post_plain_form("invitation_step", &[&identity[..], &back].concat(), &add)
        .await;
    let page = claire.page(&add).await.body;
    assert!(page.contains("Step 1 of 2"));
    assert!(page.contains(&format!(r#"name="ssn" value="{LAURA}""#)));
    // "Inviter", with no role chosen (no radio button posted): refused at step 2
    let access = [("ssn", LAURA), ("scope", "this_certificate")];
    claire
        .post_plain_form("invite_member", &[&identity[..], &access].concat(), &add)
        .await;
    let page = claire.page(&add).await.body;
    assert!(page.contains("Step 2 of 2"), "{page}");
    assert!(page.contains("This field is mandatory."), "{page}");
    // and with it: the new member's data sheet, saying the invitation went
    let role = [("role", "manager")];
    let location = claire
        .post_plain_form(
            "invite_member",
            &[&identity[..], &access, &role].concat(),
            &add,
        )
        .await;
    let sheet = location
        .strip_prefix(&format!("/espace/{muller}/profile/users/"))
        .unwrap_or_else(|| panic!("{location}"));
    assert!(!sheet.is_empty() && !sheet.contains('?'));
    let page = claire.page(&location).await.body;
    assert!(page.contains("Invitation sent."));
    assert!(page.contains("Schmit"));
    assert!(
        !claire
            .page(&location)
            .await
            .body
            .contains("Invitation sent.")
    );
}

#[tokio::test]
async fn a_confirmed_change_goes_back_to_the_sheet_without_its_question() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let laura = claire.invite_laura(&muller).await;
    let sheet = format!("/espace/{muller}/profile/users/{laura}");
    // the question is a page of its own (no JavaScript needed to open it)
    let question = claire.page(&format!("{sheet}?confirm=withdraw")).await.body;
    assert!(question.contains("<dialog"), "{question}");
    assert!(question.contains(r#"action="/api/withdraw_invitation""#));
    let ids = [
        ("espace_id", muller.as_str()),
        ("member_id", laura.as_str()),
    ];
    // a role saved from `?edit=role` goes back to the sheet, closed
    let location = claire
        .post_plain_form(
            "change_role",
            &[&ids[..], &[("role", "administrator")]].concat(),
            &format!("{sheet}?edit=role"),
        )
        .await;
    assert_eq!(location, sheet);
    let page = claire.page(&sheet).await.body;
    assert!(page.contains("Role saved."), "{page}");
    // withdrawn: the sheet is gone, so the list says it
    let location = claire
        .post_plain_form(
            "withdraw_invitation",
            &ids,
            &format!("{sheet}?confirm=withdraw"),
        )
        .await;
    assert_eq!(location, format!("/espace/{muller}/profile/users"));
    let page = claire.page(&location).await.body;
    assert!(page.contains("Invitation withdrawn."), "{page}");
}

/// Where the browser came from is only a path of this site: another site's address, or a
/// path that a browser would read as another host, sends it home.
#[tokio::test]
async fn a_plain_post_goes_back_only_to_a_page_of_this_site() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let form = [
        ("espace_id", muller.as_str()),
        ("code", "nope"),
        ("kind", "owner"),
    ];
    for from in ["//evil.example/x", ""] {
        let location = claire.post_plain_form("register_code", &form, from).await;
        assert!(
            location == "/" || location == from,
            "{from:?} → {location:?}"
        );
        assert!(!location.starts_with("//"));
    }
    // hostile ids come back as "not found", never a fault
    let location = claire
        .post_plain_form(
            "deactivate_member",
            &[("espace_id", "\u{1}x\r\n"), ("member_id", "\u{202e}")],
            "/",
        )
        .await;
    assert_eq!(location, "/");
}

/// A procedure from start to submission with plain posts: each comes back to its page, which
/// says what happened there.
#[tokio::test]
async fn a_procedure_is_started_filled_signed_and_submitted_without_javascript() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    let new = format!("/espace/{muller}/procedures/new?kind=registered_address");
    let location = claire
        .post_plain_form(
            "create_procedure",
            &[
                ("espace_id", muller.as_str()),
                ("kind", "registered_address"),
                ("principal", ""),
            ],
            &new,
        )
        .await;
    let id = location
        .strip_prefix(&format!("/espace/{muller}/procedures/"))
        .unwrap_or_else(|| panic!("{location}"))
        .to_owned();
    let page = claire.page(&location).await.body;
    assert!(page.contains(r#"name="content[street]""#), "{page}");
    let ids = [("espace_id", muller.as_str()), ("id", id.as_str())];
    // saved with a wrong postcode: kept as typed, and said
    let proof = claire.stored_document(&muller, "bail.pdf", PDF).await;
    let save = |postcode: &'static str| {
        [
            ("version", "1"),
            ("content[street]", "12, rue de la Gare"),
            ("content[postcode]", postcode),
            ("content[locality]", "Esch-sur-Alzette"),
            ("content[moved_on]", "2027-01-31"),
            ("content[proof]", proof.as_str()),
        ]
    };
    let back = claire
        .post_plain_form(
            "save_procedure",
            &[&ids[..], &save("16")].concat(),
            &location,
        )
        .await;
    assert_eq!(back, location);
    let page = claire.page(&location).await.body;
    assert!(page.contains("Esch-sur-Alzette"));
    assert!(page.contains(r#"value="16""#));
    assert!(page.contains(r#"aria-invalid="true""#), "{page}");
    // a save over a version changed meanwhile is refused, and what was typed comes back
    claire
        .post_plain_form(
            "save_procedure",
            &[&ids[..], &save("1616")].concat(),
            &location,
        )
        .await;
    let page = claire.page(&location).await.body;
    assert!(page.contains(r#"value="1616""#), "{page}");
    assert!(page.contains(r#"role="alert""#));
    let version = |page: &str| {
        let at = page.find(r#"name="version" value=""#).expect("a version") + 22;
        page[at..].split('"').next().unwrap().to_owned()
    };
    let current = version(&claire.page(&location).await.body);
    let mut form = save("1616");
    form[0].1 = &current;
    claire
        .post_plain_form("save_procedure", &[&ids[..], &form].concat(), &location)
        .await;
    let page = claire.page(&location).await.body;
    let current = version(&page);
    claire
        .post_plain_form(
            "sign_procedure",
            &[&ids[..], &[("version", &current)]].concat(),
            &location,
        )
        .await;
    let page = claire.page(&location).await.body;
    assert!(page.contains("Signed by Claire Muller"), "{page}");
    claire
        .post_plain_form("submit_procedure", &ids, &location)
        .await;
    let page = claire.page(&location).await.body;
    // the summary is in the procedure's language, French
    assert!(page.contains("Récapitulatif de la démarche DEM-"), "{page}");
}

/// Creating an eSpace, one's own contact details and a CSV import: refused, each comes back with
/// what was typed; done, each says so (or opens what it made).
#[tokio::test]
async fn the_other_forms_come_back_the_same_way() {
    let dir = common::test_dir();
    let (mut claire, muller) = as_claire(&dir).await;
    // creating an eSpace
    let new = "/espaces/new";
    let too_long = "É".repeat(101);
    let form = [("name", too_long.as_str()), ("procedure_language", "de")];
    assert_eq!(
        claire.post_plain_form("create_espace", &form, new).await,
        new
    );
    let page = claire.page(new).await.body;
    assert!(page.contains(&too_long), "typed name kept");
    assert!(page.contains(r#"value="de" lang="de" selected"#), "{page}");
    let form = [("name", "Atelier Klein"), ("procedure_language", "de")];
    let home = claire.post_plain_form("create_espace", &form, new).await;
    assert!(
        home.starts_with("/espace/") && !home.contains('?'),
        "{home}"
    );
    assert!(claire.page(&home).await.body.contains("Atelier Klein"));
    // one's own contact details
    let me = "/me";
    let contact = |email| {
        [
            ("email", email),
            ("phone", "+352 26 12 34"),
            ("mobile", ""),
            ("fax", ""),
            ("function", "Gérante"),
        ]
    };
    assert_eq!(
        claire
            .post_plain_form("save_contact", &contact("claire@"), me)
            .await,
        me
    );
    let page = claire.page(me).await.body;
    assert!(page.contains(r#"value="claire@""#));
    assert!(page.contains("Enter a valid email address"));
    claire
        .post_plain_form("save_contact", &contact("claire@muller.lu"), me)
        .await;
    let page = claire.page(me).await.body;
    assert!(page.contains("Gérante"));
    assert!(page.contains(r#"class="banner ok""#), "{page}");
    // a CSV import: the report, on the page it was sent from
    let import = format!("/espace/{muller}/profile/users/import");
    let csv = format!(
        "Schmit;Laura;laura.schmit@example.lu;{LAURA};manager;this_certificate\nX;Y;nope;1;manager;this_certificate"
    );
    let form = [("espace_id", muller.as_str()), ("csv", csv.as_str())];
    assert_eq!(
        claire.post_plain_form("bulk_invite", &form, &import).await,
        import
    );
    let page = claire.page(&import).await.body;
    assert!(page.contains("1 invited, 1 refused."), "{page}");
    let form = [("espace_id", muller.as_str()), ("csv", " ")];
    claire.post_plain_form("bulk_invite", &form, &import).await;
    assert!(
        claire
            .page(&import)
            .await
            .body
            .contains(r#"aria-invalid="true""#)
    );
}
