//! Forms posted by the browser itself (no JavaScript, or before the WebAssembly has arrived):
//! the server answers with a 303 to a page whose address holds nothing typed, and that page
//! says once, from the session's flash, what was done, or shows the form again with what was
//! typed and each problem next to its field. On SQLite and, with `TEST_POSTGRES`, PostgreSQL.

use crate::common::{self, Browser, CLAIRE, LAURA, MULLER};
use espace::server::config::SignIn;

async fn as_claire(dir: &tempfile::TempDir) -> (Browser, String) {
    let mut claire = Browser::start(dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    (claire, muller)
}

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
