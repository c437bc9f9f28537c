//! Business eSpaces: creating one, and reading its data sheet.

use crate::domain::{
    error::{Answer, Fault},
    espace::EspaceView,
};
use leptos::prelude::*;

/// Creates a business eSpace; the caller becomes its owner and first administrator.
/// Answers the new eSpace's id (and redirects there when posted without JavaScript).
#[server(endpoint = "create_espace")]
pub async fn create_espace(
    name: String,
    procedure_language: String,
) -> Result<Answer<String>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, espace::NewEspace};
    answer(async {
        let holder = require_signed_in().await?;
        let espace = NewEspace::validate(&name, &procedure_language).map_err(Refusal::Invalid)?;
        let id = services()?.store.espaces.create(&holder, &espace).await?;
        leptos_axum::redirect(&format!("/espace/{id}"));
        Ok(id)
    })
    .await
}

/// The eSpace's data sheet and the caller's role in it; any active member may read it.
#[server(endpoint = "load_espace")]
pub async fn load_espace(espace_id: String) -> Result<Answer<EspaceView>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, role::Permission};
    answer(async {
        let (_, membership) = member_of(&espace_id, Permission::ViewEspace).await?;
        let profile = services()?
            .store
            .espaces
            .profile(&espace_id)
            .await?
            .ok_or(Refusal::NotFound)?;
        Ok(EspaceView {
            profile,
            role: membership.role,
        })
    })
    .await
}
