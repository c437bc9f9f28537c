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
        member_of(&espace_id, Permission::ManageProfile).await?;
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
                services.clock.now(),
            )
            .await?
            .map_err(|refusal| invalid("code", Problem::Code(refusal)))?;
        Ok(())
    })
    .await
}

/// The principal revokes a mandate it gave: the representative loses it at once, and its
/// administrators are told by email.
#[server(endpoint = "revoke_mandate")]
pub async fn revoke_mandate(espace_id: String, mandate_id: String) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::{
        domain::{error::Refusal, language::Language, role::Permission},
        server::mail,
    };
    answer(async {
        let (_, membership) = member_of(&espace_id, Permission::ManageProfile).await?;
        let services = services()?;
        let store = &services.store;
        let now = services.clock.now();
        let view = store.access_codes.of_espace(&espace_id, now).await?;
        let mandate = view
            .mandates_given
            .into_iter()
            .find(|m| m.id == mandate_id)
            .ok_or(Refusal::NotFound)?;
        let representative = mandate.counterpart.unwrap_or_default();
        let representative_id = store.access_codes.representative_of(&mandate_id).await?;
        let portal = &services.config.portal_name;
        let mails: Vec<_> = match representative_id {
            Some(id) => store.members.administrators(&id).await?,
            None => Vec::new(),
        }
        .into_iter()
        .map(|admin| {
            let to = mail::To {
                name: admin.name,
                email: admin.email,
                language: admin.language.unwrap_or(Language::DEFAULT),
            };
            mail::mandate_revoked(
                &to,
                &membership.espace.name,
                &representative,
                mandate.domain,
                portal,
            )
        })
        .collect();
        let revoked = store
            .access_codes
            .revoke_mandate(&espace_id, &mandate_id, &mails, now)
            .await?;
        if revoked {
            Ok(())
        } else {
            Err(Refusal::NotFound.into())
        }
    })
    .await
}
