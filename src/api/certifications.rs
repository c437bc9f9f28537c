//! The Certifications tab (seed 001 §6.6–6.7): the eSpace's certifications and mandates, read by
//! every member; registering an access code and revoking a mandate given, administrators only.

use crate::domain::{
    access_code::CertificationsView,
    error::{Answer, Fault},
};
use leptos::prelude::*;

#[server(endpoint = "load_certifications")]
pub async fn load_certifications(espace_id: String) -> Result<Answer<CertificationsView>, Fault> {
    use super::guard::*;
    use crate::domain::role::Permission;
    answer(async {
        member_of(&espace_id, Permission::ViewEspace).await?;
        let services = services()?;
        Ok(services
            .store
            .access_codes
            .of_espace(&espace_id, services.clock.now())
            .await?)
    })
    .await
}

/// "Registration of access codes": `kind` is `owner` (the company's activation code, which
/// certifies this eSpace for the code's domain) or `proxy` (a code received from a client,
/// which makes this eSpace its representative). Refusals come back next to the `code` field.
#[server(endpoint = "register_code")]
pub async fn register_code(
    espace_id: String,
    code: String,
    kind: String,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::{
        domain::{
            access_code::{AccessCode, CodeKind},
            error::Refusal,
            role::Permission,
            validation::{FieldError, Problem},
        },
        server::link,
    };
    answer(async {
        let (holder, _) = member_of(&espace_id, Permission::ManageProfile).await?;
        let invalid =
            |field: &str, problem| Refusal::Invalid(vec![FieldError::new(field, problem)]);
        let kind =
            CodeKind::from_code(&kind).ok_or_else(|| invalid("kind", Problem::UnknownChoice))?;
        let code = AccessCode::parse(&code).map_err(|p| invalid("code", p))?;
        let services = services()?;
        services
            .store
            .access_codes
            .register(
                &espace_id,
                &link::hash(code.as_str()),
                kind,
                &(&holder).into(),
                services.clock.now(),
            )
            .await?
            .map_err(|refusal| invalid("code", Problem::Code(refusal)))?;
        Ok(())
    })
    .await
}

/// The principal revokes a mandate it gave: the representative loses it at once.
#[server(endpoint = "revoke_mandate")]
pub async fn revoke_mandate(espace_id: String, mandate_id: String) -> Result<Answer<()>, Fault> {
    use crate::domain::access_code::MandateChange;
    super::guard::answer(change_mandate(
        &espace_id,
        &mandate_id,
        MandateChange::Revoke,
    ))
    .await
}

/// The principal sets (`YYYY-MM-DD`, today or later) or removes (empty) the end of use of a
/// mandate it gave.
#[server(endpoint = "set_mandate_end")]
pub async fn set_mandate_end(
    espace_id: String,
    mandate_id: String,
    end: String,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{
        access_code::{MandateChange, end_of_use},
        error::Refusal,
        validation::FieldError,
    };
    answer(async {
        let now = services()?.clock.now();
        let end =
            end_of_use(&end, now).map_err(|p| Refusal::Invalid(vec![FieldError::new("end", p)]))?;
        change_mandate(&espace_id, &mandate_id, MandateChange::EndOfUse(end)).await
    })
    .await
}

/// Applies a principal's change to a mandate it gave and emails the representative's
/// administrators about it, in one transaction.
#[cfg(feature = "ssr")]
async fn change_mandate(
    espace_id: &str,
    mandate_id: &str,
    change: crate::domain::access_code::MandateChange,
) -> Result<(), super::guard::Failure> {
    use super::guard::*;
    use crate::{
        domain::{error::Refusal, language::Language, role::Permission},
        server::mail,
    };
    let (holder, membership) = member_of(espace_id, Permission::ManageProfile).await?;
    let services = services()?;
    let store = &services.store;
    let now = services.clock.now();
    let mandate = store
        .access_codes
        .of_espace(espace_id, now)
        .await?
        .mandates_given
        .into_iter()
        .find(|m| m.id == mandate_id)
        .ok_or(Refusal::NotFound)?;
    let admins = match store.access_codes.representative_of(mandate_id).await? {
        Some(representative) => store.members.administrators(&representative).await?,
        None => Vec::new(),
    };
    let facts = mail::MandateFacts {
        principal: &membership.espace.name,
        representative: mandate.counterpart.as_deref().unwrap_or_default(),
        domain: mandate.domain,
        portal: &services.config.portal_name,
    };
    let mails: Vec<_> = admins
        .into_iter()
        .map(|admin| {
            let to = mail::To {
                name: admin.name,
                email: admin.email,
                language: admin.language.unwrap_or(Language::DEFAULT),
            };
            mail::mandate_changed(&to, &facts, change)
        })
        .collect();
    let changed = store
        .access_codes
        .change_mandate(
            espace_id,
            mandate_id,
            change,
            &(&holder).into(),
            &mails,
            now,
        )
        .await?;
    if changed {
        Ok(())
    } else {
        Err(Refusal::NotFound.into())
    }
}
