//! The Signalétique tab: administrators edit the eSpace's data sheet one field at a time (seed
//! 000: managers and members without signature may not), and anyone signed in may search the
//! NACE classification to pick a code.

use crate::domain::{
    company::nace::NaceActivity,
    error::{Answer, Fault},
    profile::Saved,
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

/// Saves one field of the data sheet. `expected` is the value the editor started from (`""`:
/// not specified): if another administrator changed it since, the save is refused as
/// "changed meanwhile" instead of overwriting their value. Posted without JavaScript, it
/// sends the browser back to the tab with the outcome and what was typed in the flash.
#[server(endpoint = "edit_profile")]
pub async fn edit_profile(
    espace_id: String,
    field: String,
    expected: String,
    value: String,
) -> Result<Answer<Saved>, Fault> {
    use super::guard::*;
    use crate::domain::{
        company::nace::Classification, profile::ProfileField, role::Permission, validation::Problem,
    };
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::ManageProfile).await?;
        let holder = member.holder();
        let field =
            ProfileField::from_code(&field).ok_or_else(|| invalid(Problem::UnknownChoice))?;
        let stored = field.validate(&value).map_err(invalid)?;
        let nace = match (field, &stored) {
            (ProfileField::NaceCode, Some(code)) => Some(
                Classification::get()
                    .validate(code)
                    .map_err(invalid)?
                    .clone(),
            ),
            _ => None,
        };
        let expected = Some(expected.trim()).filter(|e| !e.is_empty());
        let services = services()?;
        member
            .store()
            .espaces
            .edit(
                member.espace_id(),
                &holder.into(),
                field,
                expected,
                stored.as_deref(),
                services.clock.now(),
            )
            .await?
            .map_err(|_| invalid(Problem::ChangedMeanwhile))?;
        Ok(Saved {
            value: stored,
            nace,
        })
    })
    .await;
    return_plain_post(
        EditProfile::PATH,
        &outcome,
        &[("field", &field), ("value", &value)],
        None,
    )
    .await;
    outcome
}

#[cfg(feature = "ssr")]
fn invalid(problem: crate::domain::validation::Problem) -> super::guard::Failure {
    use crate::domain::error::Refusal;
    Refusal::invalid("value", problem).into()
}

/// Activities of NACE Rev. 2 matching `query` (code or words of the label in `language`), for
/// the picker; at most 25 (all 21 sections when nothing is typed).
#[server(endpoint = "search_nace")]
pub async fn search_nace(
    query: String,
    language: String,
) -> Result<Answer<Vec<NaceActivity>>, Fault> {
    use super::guard::*;
    use crate::domain::{company::nace::Classification, language::Language};
    answer(async {
        require_signed_in().await?;
        let language = Language::from_code(&language).unwrap_or(Language::DEFAULT);
        Ok(Classification::get().search(&query, language, 25))
    })
    .await
}
