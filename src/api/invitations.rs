//! The invitee's side (help "Respond to an invitation", help "Ajouter un utilisateur" steps 11–13):
//! signed in with the certificate the invitation names, a person sees the eSpaces they are invited
//! to and accepts or refuses.

use crate::domain::id::MemberId;
use crate::domain::{
    error::{Answer, Fault},
    invitation::{LinkView, PendingInvitation},
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

/// The invitations addressed to the certificate of this session, open and expired.
#[server(endpoint = "my_invitations")]
pub async fn my_invitations() -> Result<Answer<Vec<PendingInvitation>>, Fault> {
    use super::guard::*;
    answer(async {
        let holder = require_signed_in().await?;
        let services = services()?;
        Ok(services
            .invitations()
            .for_certificate(&holder.certificate.ssn, services.clock.now())
            .await?)
    })
    .await
}

/// What the link of an invitation email shows to whoever opens it: never a bare "not found"
/// for a real invitation, but which certificate it is for and what to do.
#[server(endpoint = "open_invitation")]
pub async fn open_invitation(secret: String) -> Result<Answer<LinkView>, Fault> {
    use super::guard::*;
    use crate::{domain::member::MemberStatus, server::link};
    answer(async {
        let services = services()?;
        let now = services.clock.now();
        let Some(found) = services
            .invitations()
            .by_link(&link::hash(&secret), now)
            .await?
        else {
            return Ok(LinkView::NoLongerValid);
        };
        let sheet = &found.sheet;
        if sheet.status == MemberStatus::Expired {
            return Ok(LinkView::Expired {
                espace_name: found.espace_name,
                inviter: found.inviter,
                renewal_requested: found.renewal_requested,
            });
        }
        let Some(holder) = signed_in().await? else {
            return Ok(LinkView::SignIn {
                espace_name: found.espace_name,
                invited_ssn: sheet.invited_ssn.clone(),
            });
        };
        if holder.certificate.ssn != sheet.invited_ssn {
            return Ok(LinkView::OtherCertificate {
                espace_name: found.espace_name,
                invited_ssn: sheet.invited_ssn.clone(),
                used_ssn: holder.certificate.ssn,
            });
        }
        let pending = services
            .invitations()
            .for_certificate(&holder.certificate.ssn, now)
            .await?
            .into_iter()
            .find(|p| p.member_id == sheet.id);
        Ok(pending.map_or(LinkView::NoLongerValid, LinkView::ForYou))
    })
    .await
}

/// Accepts (after the "Yes" of help "Ajouter un utilisateur" step 13); answers the eSpace's id to
/// go to.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(member_id: MemberId) -> Result<Answer<String>, Fault> {
    ssr::answer_invitation(AcceptInvitation::PATH, member_id, true).await
}

#[server(endpoint = "refuse_invitation")]
pub async fn refuse_invitation(member_id: MemberId) -> Result<Answer<String>, Fault> {
    ssr::answer_invitation(RefuseInvitation::PATH, member_id, false).await
}

/// From the link of an expired invitation: asks the eSpace's administrators for a new one,
/// by email, once per link.
#[server(endpoint = "request_new_invitation")]
pub async fn request_new_invitation(secret: String) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::{
        domain::{error::Refusal, language::Language},
        server::{link, mail},
    };
    let outcome = answer(async {
        let services = services()?;
        let now = services.clock.now();
        let hash = link::hash(&secret);
        let found = services
            .invitations()
            .by_link(&hash, now)
            .await?
            .ok_or(Refusal::NotFound)?;
        let sheet = &found.sheet;
        let config = &services.config;
        let url = config.public_link(&crate::paths::member_sheet(
            sheet.espace_id.as_str(),
            &sheet.id,
        ));
        let mails: Vec<_> = crate::server::access::administrators_asked(&services, &found)
            .await?
            .into_iter()
            .map(|admin| {
                let to = mail::To {
                    name: admin.name,
                    email: admin.email,
                    language: admin
                        .language
                        .or(found.espace_language)
                        .unwrap_or(Language::DEFAULT),
                };
                mail::renewal_request(
                    &to,
                    &sheet.full_name(),
                    &found.espace_name,
                    &url,
                    &config.portal_name,
                )
            })
            .collect();
        Ok(services
            .invitations()
            .request_renewal(&hash, &mails, now)
            .await??)
    })
    .await;
    return_plain_post(RequestNewInvitation::PATH, &outcome, &[], None).await;
    outcome
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        api::guard::*,
        domain::error::{Answer, Fault},
        domain::id::MemberId,
    };

    /// Accepting leads into the eSpace; refusing back to the page the invitation was on.
    pub async fn answer_invitation(
        form: &str,
        member_id: MemberId,
        accept: bool,
    ) -> Result<Answer<String>, Fault> {
        let outcome = answer(async {
            let holder = require_signed_in().await?;
            let services = services()?;
            let now = services.clock.now();
            let espace_id = services
                .invitations()
                .answer(&member_id, &holder, accept, now)
                .await??;
            Ok(espace_id)
        })
        .await;
        let next = match &outcome {
            Ok(Ok(espace_id)) if accept => Some(crate::paths::espace(espace_id)),
            _ => None,
        };
        return_plain_post(form, &outcome, &[], next).await;
        outcome
    }
}
