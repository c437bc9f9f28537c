//! The Certifications tab (help "Have your business eSpace certified" to "Managing mandates"): the
//! eSpace's certifications and mandates, read by every member; registering an access code and
//! managing the mandates given, administrators only.

use crate::domain::id::CodeId;
use crate::domain::{
    error::{Answer, Fault},
    mandate::CertificationsView,
};
#[cfg(feature = "ssr")]
use crate::domain::{id::CompanyId, timestamp::Timestamp};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

#[server(endpoint = "load_certifications")]
pub async fn load_certifications(espace_id: String) -> Result<Answer<CertificationsView>, Fault> {
    use super::guard::*;
    use crate::domain::role::Permission;
    answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        let services = services()?;
        Ok(certifications_of(&member, services.clock.now()).await?)
    })
    .await
}

/// The eSpace's certifications and mandates, with its certification requests; a request the back
/// office approved certifies the eSpace for the Signalétique's national identifier as an owner
/// code does. What the Certifications tab shows, whose data the eSpace reads and which
/// procedures it may start all follow from it. Those of the eSpace `member` was admitted to.
#[cfg(feature = "ssr")]
pub(crate) async fn certifications_of(
    member: &crate::server::access::Member,
    now: Timestamp,
) -> crate::server::db::DbResult<CertificationsView> {
    use crate::domain::{
        certification::RequestStatus,
        mandate::{EndsOfUse, MandateScope, Registration, RegistrationStatus},
    };
    let (store, espace_id) = (member.store(), member.espace_id());
    let mut view = store.mandates.of_espace(espace_id, now).await?;
    view.certification_requests = store.certification_requests.of_espace(espace_id).await?;
    // without a national identifier (cleared since), the certification shows with none
    let company = store
        .espaces
        .profile(espace_id)
        .await?
        .and_then(|profile| profile.national_id)
        .map(CompanyId::from)
        .unwrap_or_default();
    let approved = view.certification_requests.iter().filter_map(|request| {
        let RequestStatus::Approved { at } = request.status else {
            return None;
        };
        Some(Registration {
            id: request.id.clone(),
            domain: request.domain,
            company: company.clone(),
            counterpart: None,
            scope: MandateScope::default(),
            since: at,
            ends: EndsOfUse::default(),
            status: RegistrationStatus::Active,
        })
    });
    view.certifications.extend(approved.collect::<Vec<_>>());
    Ok(view)
}

/// "Registration of access codes", open to every role (help "Representative"): `kind` is `owner`
/// (the company's activation code, which certifies this eSpace for the code's domain) or `proxy` (a
/// code received from a client, which makes this eSpace its representative). Refusals come back
/// next to the `code` field.
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
            code_refusal::CodeRefusal,
            error::Refusal,
            role::Permission,
            validation::Problem,
        },
        server::{link, metrics},
    };
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::RegisterCodes).await?;
        let holder = member.holder();
        let invalid = |field: &str, problem| Refusal::invalid(field, problem);
        let kind =
            CodeKind::from_code(&kind).ok_or_else(|| invalid("kind", Problem::UnknownChoice))?;
        let code = AccessCode::parse(&code).map_err(|p| invalid("code", p))?;
        let services = services()?;
        member
            .store()
            .access_codes
            .register(
                member.espace_id(),
                &link::hash(code.as_str()),
                kind,
                &holder.into(),
                services.clock.now(),
            )
            .await?
            .map_err(|refusal| {
                if let CodeRefusal::TooManyAttempts { counted, .. } = refusal {
                    metrics::code_attempt_refused(counted);
                }
                invalid("code", Problem::Code(refusal))
            })?;
        Ok(())
    })
    .await;
    return_plain_post(
        RegisterCode::PATH,
        &outcome,
        &[("code", &code), ("kind", &kind)],
        None,
    )
    .await;
    outcome
}

/// The principal revokes a mandate it gave: the representative loses it at once.
#[server(endpoint = "revoke_mandate")]
pub async fn revoke_mandate(espace_id: String, mandate_id: CodeId) -> Result<Answer<()>, Fault> {
    use crate::domain::mandate::MandateChange;
    let outcome = super::guard::answer(change_mandate(&espace_id, &mandate_id, |_| {
        Ok(MandateChange::Revoke)
    }))
    .await;
    mandate_form_return(RevokeMandate::PATH, &outcome, &mandate_id, None).await;
    outcome
}

/// The principal sets (`YYYY-MM-DD`, today or later) or removes (empty) the end of use of a
/// mandate it gave.
#[server(endpoint = "set_mandate_end")]
pub async fn set_mandate_end(
    espace_id: String,
    mandate_id: CodeId,
    end: String,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{
        error::Refusal,
        mandate::{MandateChange, end_of_use},
    };
    let outcome = answer(async {
        let now = services()?.clock.now();
        change_mandate(&espace_id, &mandate_id, |mandate| {
            end_of_use(&end, now, mandate.ends.administration)
                .map(MandateChange::EndOfUse)
                .map_err(|p| Refusal::invalid("end", p))
        })
        .await
    })
    .await;
    mandate_form_return(
        SetMandateEnd::PATH,
        &outcome,
        &mandate_id,
        Some(("end", &end)),
    )
    .await;
    outcome
}

/// The principal defines what a mandate it gave covers (`procedures_and_data`, `procedures`,
/// `data`).
#[server(endpoint = "set_mandate_scope")]
pub async fn set_mandate_scope(
    espace_id: String,
    mandate_id: CodeId,
    scope: String,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{
        error::Refusal,
        mandate::{MandateChange, MandateScope},
        validation::Problem,
    };
    let outcome = answer(async {
        let chosen = MandateScope::from_code(&scope)
            .ok_or_else(|| Refusal::invalid("scope", Problem::UnknownChoice))?;
        change_mandate(&espace_id, &mandate_id, |_| {
            Ok(MandateChange::Scope(chosen))
        })
        .await
    })
    .await;
    mandate_form_return(
        SetMandateScope::PATH,
        &outcome,
        &mandate_id,
        Some(("scope", &scope)),
    )
    .await;
    outcome
}

/// "Change the representative's codes": the principal revokes the code its representative uses
/// and asks the administration for a new one, which comes by post.
#[server(endpoint = "renew_mandate_codes")]
pub async fn renew_mandate_codes(
    espace_id: String,
    mandate_id: CodeId,
) -> Result<Answer<()>, Fault> {
    use crate::domain::mandate::MandateChange;
    let outcome = super::guard::answer(change_mandate(&espace_id, &mandate_id, |_| {
        Ok(MandateChange::RenewCodes)
    }))
    .await;
    mandate_form_return(RenewMandateCodes::PATH, &outcome, &mandate_id, None).await;
    outcome
}

/// A mandate's form posted without JavaScript goes back to the tab, saying which mandate it
/// was about (its panel opens again when the change was refused) and what was typed.
#[cfg(feature = "ssr")]
async fn mandate_form_return(
    form: &str,
    outcome: &Result<Answer<()>, Fault>,
    mandate_id: &CodeId,
    typed: Option<(&str, &str)>,
) {
    let mut fields = vec![("mandate_id", mandate_id.as_str())];
    fields.extend(typed);
    super::guard::return_plain_post(form, outcome, &fields, None).await;
}

/// Applies a principal's change to a mandate it gave, decided from the mandate as it stands
/// (`decide`), and emails the representative's administrators about it, in one transaction.
#[cfg(feature = "ssr")]
async fn change_mandate(
    espace_id: &str,
    mandate_id: &CodeId,
    decide: impl FnOnce(
        &crate::domain::mandate::Registration,
    )
        -> Result<crate::domain::mandate::MandateChange, crate::domain::error::Refusal>,
) -> Result<(), super::guard::Failure> {
    use super::guard::*;
    use crate::{
        domain::{
            error::Refusal,
            language::Language,
            mandate::{EndsOfUse, MandateChange},
            role::Permission,
        },
        server::mail,
    };
    let member = member_of(espace_id, Permission::ManageProfile).await?;
    let (holder, membership) = (member.holder(), member.membership());
    let services = services()?;
    let store = member.store();
    let now = services.clock.now();
    let given = store
        .mandates
        .given_mandate(member.espace_id(), mandate_id, now)
        .await?
        .ok_or(Refusal::NotFound)?;
    let change = decide(&given.mandate)?;
    // the representative is told the end that applies, whoever set it
    let told = match change {
        MandateChange::EndOfUse(principal) => MandateChange::EndOfUse(
            EndsOfUse {
                principal,
                ..given.mandate.ends
            }
            .until(),
        ),
        other => other,
    };
    let facts = mail::MandateFacts {
        principal: &membership.espace.name,
        representative: given.mandate.counterpart.as_deref().unwrap_or_default(),
        domain: given.mandate.domain,
        portal: &services.config.portal_name,
    };
    let mails: Vec<_> = store
        .members
        .administrators(&given.representative)
        .await?
        .into_iter()
        .map(|admin| {
            let to = mail::To {
                name: admin.name,
                email: admin.email,
                language: admin.language.unwrap_or(Language::DEFAULT),
            };
            mail::mandate_changed(&to, &facts, told)
        })
        .collect();
    let changed = store
        .mandates
        .change_mandate(
            member.espace_id(),
            mandate_id,
            change,
            &holder.into(),
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
