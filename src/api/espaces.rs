//! Business eSpaces: creating one, and reading its data sheet.

use crate::domain::{
    error::{Answer, Fault},
    espace::EspaceView,
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

/// Creates a business eSpace; the caller becomes its owner and first administrator.
/// Answers the new eSpace's id (posted without JavaScript, the browser goes there).
#[server(endpoint = "create_espace")]
pub async fn create_espace(
    name: String,
    procedure_language: String,
) -> Result<Answer<String>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, espace::NewEspace, quota::Quota};
    let outcome = answer(async {
        let holder = require_signed_in().await?;
        let espace = NewEspace::validate(&name, &procedure_language).map_err(Refusal::Invalid)?;
        let services = services()?;
        let counted = [(Quota::EspacesPerPerson, holder.person_id.as_str())];
        services
            .quotas()
            .take(&services.config.quotas, &counted, 1, services.clock.now())
            .await?
            .map_err(Refusal::Quota)?;
        let now = services.clock.now();
        Ok(crate::server::access::create_espace(&services, &holder, &espace, now).await?)
    })
    .await;
    let next = match &outcome {
        Ok(Ok(id)) => Some(crate::paths::espace(id)),
        _ => None,
    };
    let typed = [
        ("name", name.as_str()),
        ("procedure_language", &procedure_language),
    ];
    return_plain_post(CreateEspace::PATH, &outcome, &typed, next).await;
    outcome
}

/// The eSpace's data sheet and the caller's role in it; any active member may read it.
#[server(endpoint = "load_espace")]
pub async fn load_espace(espace_id: String) -> Result<Answer<EspaceView>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, espace::HomeCounts, role::Permission};
    answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        let (holder, membership) = (member.holder(), member.membership());
        let store = member.store();
        let profile = store
            .espaces
            .profile(member.espace_id())
            .await?
            .ok_or(Refusal::NotFound)?;
        let (to_correct, in_preparation) = store.procedures.open_counts(member.espace_id()).await?;
        let unread = store
            .messages
            .unread(
                &holder.person_id,
                std::slice::from_ref(member.espace_id()),
                None,
            )
            .await?;
        Ok(EspaceView {
            profile,
            role: membership.role,
            counts: HomeCounts {
                to_correct,
                in_preparation,
                unread: unread.first().copied().unwrap_or(0),
            },
        })
    })
    .await
}
