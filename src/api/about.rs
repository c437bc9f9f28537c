//! The portal's own pages (`domain::about`): public, as anyone may need them before signing in.

use crate::domain::{
    about::AboutText,
    error::{Answer, Fault},
};
use leptos::prelude::*;

/// The text of the about page `page` (its code), as configured.
#[server(endpoint = "load_about")]
pub async fn load_about(page: String) -> Result<Answer<AboutText>, Fault> {
    use super::guard::*;
    use crate::domain::{about::AboutPage, error::Refusal};
    answer(async {
        let page = AboutPage::from_code(&page).ok_or(Refusal::NotFound)?;
        Ok(services()?.config.about.text(page))
    })
    .await
}
