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

/// The principal revokes a mandate it gave: the representative loses it at once.
#[server(endpoint = "revoke_mandate")]
pub async fn revoke_mandate(espace_id: String, mandate_id: String) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, role::Permission};
    answer(async {
        member_of(&espace_id, Permission::ManageProfile).await?;
        let services = services()?;
        let revoked = services
            .store
            .access_codes
            .revoke_mandate(&espace_id, &mandate_id, services.clock.now())
            .await?;
        if revoked {
            Ok(())
        } else {
            Err(Refusal::NotFound.into())
        }
    })
    .await
}
