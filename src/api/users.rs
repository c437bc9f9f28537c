//! The Users tab: the member list every member may read, and what only administrators may do (help
//! "Adding users"): invite, change a role or access scope, deactivate, reactivate, delete, resend
//! or withdraw an invitation, invite from a CSV file, read the activity log. Each change emails the
//! person concerned and is logged, in the transaction that makes it.

// The browser's stubs of `invitation_step` and `edit_member` take one argument per form field,
// as the server's do; server_fn does not carry an `#[allow]` over to them.
#![cfg_attr(feature = "hydrate", allow(clippy::too_many_arguments))]

use crate::domain::id::MemberId;
use crate::domain::{
    activity::ActivityPage,
    bulk::BulkLine,
    error::{Answer, Fault},
    member::{MemberPage, MemberSheet},
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

/// One page of the members, searched by name or email and filtered by role and status (the
/// Users tab's address parameters; unknown values mean no filter).
#[server(endpoint = "list_members")]
pub async fn list_members(
    espace_id: String,
    search: String,
    role: String,
    status: String,
    page: String,
) -> Result<Answer<MemberPage>, Fault> {
    use super::guard::*;
    use crate::domain::{member::MemberQuery, role::Permission};
    answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        let query = MemberQuery::from_params(&search, &role, &status, &page);
        let services = services()?;
        Ok(member
            .store()
            .members
            .page(member.espace_id(), &query, services.clock.now())
            .await?)
    })
    .await
}

/// A member's data sheet; every member may read it (help "Adding users": all information of the
/// eSpace).
#[server(endpoint = "load_member")]
pub async fn load_member(
    espace_id: String,
    member_id: MemberId,
) -> Result<Answer<MemberSheet>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, role::Permission};
    answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        let services = services()?;
        let sheet = member
            .store()
            .members
            .sheet(member.espace_id(), &member_id, services.clock.now())
            .await?;
        Ok(sheet.ok_or(Refusal::NotFound)?)
    })
    .await
}

/// Moves between the two steps of "Add a user" in a page without JavaScript (a hydrated page
/// moves between them itself): `step` is where the person asks to go, `access` ("Suivant",
/// once the identity fields pass their rule) or `identity` ("Précédent"). Everything typed in
/// either step comes back in the flash, so the next step's page holds it.
#[allow(clippy::too_many_arguments)] // one argument per field of the posted form
#[server(endpoint = "invitation_step")]
pub async fn invitation_step(
    espace_id: String,
    step: String,
    given_name: String,
    family_name: String,
    email: String,
    #[server(default)] ssn: String,
    #[server(default)] scope: String,
    #[server(default)] role: String,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, invitation::Invitee, role::Permission};
    let outcome = answer(async {
        member_of(&espace_id, Permission::ManageProfile).await?;
        if step == "access" {
            Invitee::validate(&given_name, &family_name, &email).map_err(Refusal::Invalid)?;
        }
        Ok(())
    })
    .await;
    return_plain_post(
        InvitationStep::PATH,
        &outcome,
        &[
            ("step", &step),
            ("given_name", &given_name),
            ("family_name", &family_name),
            ("email", &email),
            ("ssn", &ssn),
            ("scope", &scope),
            ("role", &role),
        ],
        None,
    )
    .await;
    outcome
}

/// Invites a person (help "Adding users" steps 5–9); answers the new member's id, whose data sheet
/// the page then shows under "Invitation envoyée.". A choice left unmade (no radio button checked)
/// is refused as missing, like an empty field.
#[server(endpoint = "invite_member")]
pub async fn invite_member(
    espace_id: String,
    given_name: String,
    family_name: String,
    email: String,
    ssn: String,
    #[server(default)] scope: String,
    #[server(default)] role: String,
) -> Result<Answer<MemberId>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, invitation::InvitationForm, role::Permission};
    let form = InvitationForm {
        given_name,
        family_name,
        email,
        ssn,
        scope,
        role,
    };
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::ManageProfile).await?;
        let invitation = form.validate().map_err(Refusal::Invalid)?;
        let espace = ssr::espace_facts(&member).await?;
        Ok(ssr::invite(&member, &espace, &invitation).await??)
    })
    .await;
    let sheet = match &outcome {
        Ok(Ok(member_id)) => Some(crate::paths::member_sheet(&espace_id, member_id)),
        _ => None,
    };
    return_plain_post(InviteMember::PATH, &outcome, &form.typed(), sheet).await;
    outcome
}

/// Invites every line of a CSV file, each on its own: a refused line leaves no trace, the
/// others are invited; the report says which and why (posted without JavaScript, on the page
/// the browser comes back to).
#[server(endpoint = "bulk_invite")]
pub async fn bulk_invite(espace_id: String, csv: String) -> Result<Answer<Vec<BulkLine>>, Fault> {
    use super::guard::*;
    use crate::domain::{
        bulk::{self, BulkOutcome},
        error::Refusal,
        role::Permission,
        validation::Problem,
    };
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::ManageProfile).await?;
        let rows = bulk::parse(&csv).map_err(|e| Refusal::invalid("csv", Problem::Csv(e)))?;
        let espace = ssr::espace_facts(&member).await?;
        let mut report = Vec::with_capacity(rows.len());
        for row in rows {
            let form = ssr::with_choice_codes(row.form);
            let name = format!("{} {}", form.given_name, form.family_name);
            let outcome = match form.validate() {
                Err(errors) => BulkOutcome::Refused(errors),
                Ok(invitation) => match ssr::invite(&member, &espace, &invitation).await? {
                    Ok(_) => BulkOutcome::Invited,
                    Err(Refusal::Quota(reached)) => BulkOutcome::NotSent(reached),
                    Err(refusal) => BulkOutcome::Refused(refusal.field_errors().to_vec()),
                },
            };
            report.push(BulkLine {
                line: row.line,
                name,
                outcome,
            });
        }
        Ok(report)
    })
    .await;
    return_plain_post(BulkInvite::PATH, &outcome, &[("csv", &csv)], None).await;
    outcome
}

/// "Rôles de l'utilisateur" → "Éditer" → "Enregistrer".
#[server(endpoint = "change_role")]
pub async fn change_role(
    espace_id: String,
    member_id: MemberId,
    role: String,
) -> Result<Answer<Option<MemberSheet>>, Fault> {
    use crate::domain::{member::MemberChange, role::Role};
    let posted = ssr::Posted::Choice {
        field: "role",
        typed: &role,
        change: Role::from_code(&role).map(MemberChange::Role),
    };
    ssr::change_answer(ChangeRole::PATH, espace_id, member_id, posted).await
}

/// Changes the access restriction: this certificate only, or all of the person's certificates.
#[server(endpoint = "change_scope")]
pub async fn change_scope(
    espace_id: String,
    member_id: MemberId,
    scope: String,
) -> Result<Answer<Option<MemberSheet>>, Fault> {
    use crate::domain::member::{AccessScope, MemberChange};
    let posted = ssr::Posted::Choice {
        field: "scope",
        typed: &scope,
        change: AccessScope::from_code(&scope).map(MemberChange::Scope),
    };
    ssr::change_answer(ChangeScope::PATH, espace_id, member_id, posted).await
}

#[server(endpoint = "deactivate_member")]
pub async fn deactivate_member(
    espace_id: String,
    member_id: MemberId,
) -> Result<Answer<Option<MemberSheet>>, Fault> {
    use crate::domain::member::MemberChange;
    ssr::change_answer(
        DeactivateMember::PATH,
        espace_id,
        member_id,
        ssr::Posted::Fixed(MemberChange::Deactivate),
    )
    .await
}

#[server(endpoint = "reactivate_member")]
pub async fn reactivate_member(
    espace_id: String,
    member_id: MemberId,
) -> Result<Answer<Option<MemberSheet>>, Fault> {
    use crate::domain::member::MemberChange;
    ssr::change_answer(
        ReactivateMember::PATH,
        espace_id,
        member_id,
        ssr::Posted::Fixed(MemberChange::Reactivate),
    )
    .await
}

/// "Identité" → "Éditer" → "Enregistrer" (help "Edit and then save the member"): an administrator
/// completes or corrects a member's names and contact details, by the rules the person's own
/// profile uses. A changed email address is told to the old and the new address.
#[allow(clippy::too_many_arguments)] // one argument per field of the posted form
#[server(endpoint = "edit_member")]
pub async fn edit_member(
    espace_id: String,
    member_id: MemberId,
    given_name: String,
    family_name: String,
    email: String,
    phone: String,
    mobile: String,
    fax: String,
    function: String,
) -> Result<Answer<MemberSheet>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, person::MemberDetails, role::Permission};
    let contact = [
        email.as_str(),
        phone.as_str(),
        mobile.as_str(),
        fax.as_str(),
        function.as_str(),
    ];
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::ManageProfile).await?;
        let details = MemberDetails::validate(&given_name, &family_name, contact)
            .map_err(Refusal::Invalid)?;
        ssr::edit_details(&member, &member_id, &details).await
    })
    .await;
    let sheet = crate::paths::member_sheet(&espace_id, &member_id);
    return_plain_post(
        EditMember::PATH,
        &outcome,
        &[
            ("given_name", &given_name),
            ("family_name", &family_name),
            ("email", &email),
            ("phone", &phone),
            ("mobile", &mobile),
            ("fax", &fax),
            ("function", &function),
        ],
        Some(sheet),
    )
    .await;
    outcome
}

#[server(endpoint = "delete_member")]
pub async fn delete_member(
    espace_id: String,
    member_id: MemberId,
) -> Result<Answer<Option<MemberSheet>>, Fault> {
    use crate::domain::member::MemberChange;
    ssr::change_answer(
        DeleteMember::PATH,
        espace_id,
        member_id,
        ssr::Posted::Fixed(MemberChange::Delete),
    )
    .await
}

/// Sends the invitation again with a new link and deadline; the old link stops working.
#[server(endpoint = "resend_invitation")]
pub async fn resend_invitation(
    espace_id: String,
    member_id: MemberId,
) -> Result<Answer<Option<MemberSheet>>, Fault> {
    use crate::domain::member::MemberChange;
    ssr::change_answer(
        ResendInvitation::PATH,
        espace_id,
        member_id,
        ssr::Posted::Fixed(MemberChange::Resend(())),
    )
    .await
}

#[server(endpoint = "withdraw_invitation")]
pub async fn withdraw_invitation(
    espace_id: String,
    member_id: MemberId,
) -> Result<Answer<Option<MemberSheet>>, Fault> {
    use crate::domain::member::MemberChange;
    ssr::change_answer(
        WithdrawInvitation::PATH,
        espace_id,
        member_id,
        ssr::Posted::Fixed(MemberChange::Withdraw),
    )
    .await
}

/// The eSpace's activity log, newest first; administrators only.
#[server(endpoint = "activity_log")]
pub async fn activity_log(espace_id: String, page: u32) -> Result<Answer<ActivityPage>, Fault> {
    use super::guard::*;
    use crate::domain::role::Permission;
    answer(async {
        let member = member_of(&espace_id, Permission::ManageProfile).await?;
        Ok(member
            .store()
            .members
            .activity(member.espace_id(), page)
            .await?)
    })
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        api::guard::*,
        domain::{
            error::{Answer, Fault, Refusal},
            id::MemberId,
            invitation::{InvitationForm, NewInvitation},
            language::Language,
            mail::Mail,
            member::{AccessScope, MemberChange, MemberSheet},
            quota::{Quota, QuotaReached},
            role::{Permission, Role},
            timestamp::Timestamp,
            validation::Problem,
        },
        i18n::Locale,
        server::{
            access::Member,
            caller::Actor,
            db::NewLink,
            link,
            mail::{self, InvitationFacts, Notice, To},
        },
        text,
    };

    /// The eSpace's name and procedure language, for the emails.
    pub async fn espace_facts(member: &Member) -> Result<(String, Option<Language>), Failure> {
        let profile = member
            .store()
            .espaces
            .profile(member.espace_id())
            .await?
            .ok_or(Refusal::NotFound)?;
        Ok((profile.name, profile.procedure_language))
    }

    /// A fresh link: the secret for the email's address, the hash and deadline to store.
    fn fresh_link(days: u32, now: Timestamp) -> (String, NewLink) {
        let (secret, token_hash) = link::new_secret();
        let expires_at = now + i64::from(days) * 24 * 60 * 60;
        (
            secret,
            NewLink {
                token_hash,
                expires_at,
            },
        )
    }

    fn invitation_mail(
        to: To,
        espace: &str,
        inviter: &str,
        invitation_ssn: &crate::domain::ssn::Ssn,
        secret: &str,
        deadline: Timestamp,
    ) -> Result<Mail, Failure> {
        let config = services()?.config;
        let url = config.public_link(&format!("/invitation/{secret}"));
        Ok(mail::invitation(
            &to,
            &InvitationFacts {
                portal: &config.portal_name,
                espace,
                inviter,
                ssn: invitation_ssn,
                link: &url,
                deadline,
            },
        ))
    }

    /// One invitation email more, for the eSpace and for the person sending it, if both
    /// quotas allow it (`domain::quota`).
    async fn count_invitation(
        member: &Member,
        now: Timestamp,
    ) -> Result<Result<(), QuotaReached>, Failure> {
        let counted = [
            (Quota::InvitationsPerEspace, member.espace_id().as_str()),
            (
                Quota::InvitationsPerPerson,
                member.holder().person_id.as_str(),
            ),
        ];
        let services = services()?;
        let limits = &services.config.quotas;
        Ok(services.quotas().take(limits, &counted, 1, now).await?)
    }

    /// Invites, with the invitation email in the eSpace's language (else the invitee's own
    /// choice if the portal knows them, else French).
    /// `espace` is [`espace_facts`], read once by the caller (a CSV file invites many).
    pub async fn invite(
        member: &Member,
        (espace, espace_language): &(String, Option<Language>),
        invitation: &NewInvitation,
    ) -> Result<Answer<MemberId>, Failure> {
        let services = services()?;
        let now = services.clock.now();
        if let Err(reached) = count_invitation(member, now).await? {
            return Ok(Err(Refusal::Quota(reached)));
        }
        let known_language = services
            .persons()
            .holder(&invitation.ssn)
            .await?
            .and_then(|h| h.language);
        let invitee = &invitation.invitee;
        let to = To {
            name: format!("{} {}", invitee.given_name, invitee.family_name),
            email: invitee.email.clone(),
            language: espace_language
                .or(known_language)
                .unwrap_or(Language::DEFAULT),
        };
        let actor = Actor::from(member.holder());
        let (secret, new_link) = fresh_link(services.config.invitation_days, now);
        let mail = invitation_mail(
            to,
            espace,
            &actor.name,
            &invitation.ssn,
            &secret,
            new_link.expires_at,
        )?;
        Ok(member
            .store()
            .members
            .invite(
                member.espace_id(),
                invitation,
                &new_link,
                &actor,
                &mail,
                now,
            )
            .await?)
    }

    /// The body shared by every change server function (`form`, its path): `None` as `change`
    /// means the value typed in `field` was not one of the choices. Posted without JavaScript,
    /// a change goes back to the data sheet, or to the list once the member is gone.
    /// What a member-change form posted.
    pub enum Posted<'a> {
        /// A change without a value: deactivate, reactivate, delete, resend, withdraw.
        Fixed(MemberChange),
        /// A choice (`role`, `scope`) as typed, kept for the form: `change` is `None` when it is
        /// none of the offered ones, and is refused next to its field.
        Choice {
            field: &'static str,
            typed: &'a str,
            change: Option<MemberChange>,
        },
    }

    pub async fn change_answer(
        form: &str,
        espace_id: String,
        member_id: MemberId,
        posted: Posted<'_>,
    ) -> Result<Answer<Option<MemberSheet>>, Fault> {
        let (change, typed) = match posted {
            Posted::Fixed(change) => (Ok(change), None),
            Posted::Choice {
                field,
                typed,
                change,
            } => (
                change.ok_or_else(|| Refusal::invalid(field, Problem::UnknownChoice)),
                Some((field, typed)),
            ),
        };
        let outcome = answer(async {
            let member = member_of(&espace_id, Permission::ManageProfile).await?;
            apply(&member, &member_id, change?).await
        })
        .await;
        let gone = matches!(outcome, Ok(Ok(None)));
        let next = gone.then(|| crate::paths::users(&espace_id));
        return_plain_post(form, &outcome, typed.as_slice(), next).await;
        outcome
    }

    /// A member as a change finds them, with what its emails need: the eSpace's name and
    /// language, and the member's own language (else the eSpace's, else the default).
    struct Before {
        sheet: MemberSheet,
        espace: String,
        espace_language: Option<Language>,
        language: Language,
    }

    async fn before(
        member: &Member,
        member_id: &MemberId,
        now: Timestamp,
    ) -> Result<Before, Failure> {
        let sheet = member
            .store()
            .members
            .sheet(member.espace_id(), member_id, now)
            .await?
            .ok_or(Refusal::NotFound)?;
        let (espace, espace_language) = espace_facts(member).await?;
        let language = sheet
            .language
            .or(espace_language)
            .unwrap_or(Language::DEFAULT);
        Ok(Before {
            sheet,
            espace,
            espace_language,
            language,
        })
    }

    /// Saves an administrator's edit of a member's details, with the emails a changed address
    /// calls for, in the member's language.
    pub async fn edit_details(
        member: &Member,
        member_id: &MemberId,
        details: &crate::domain::person::MemberDetails,
    ) -> Result<MemberSheet, Failure> {
        let services = services()?;
        let now = services.clock.now();
        let Before {
            sheet,
            espace,
            language,
            ..
        } = before(member, member_id, now).await?;
        let actor = Actor::from(member.holder());
        let new_email = &details.contact.email;
        let mails: Vec<_> = [&sheet.email, new_email]
            .into_iter()
            .map(|address| {
                let to = To {
                    name: format!("{} {}", details.given_name, details.family_name),
                    email: address.clone(),
                    language,
                };
                let portal = &services.config.portal_name;
                mail::email_changed(&to, &espace, &actor.name, &sheet.email, new_email, portal)
            })
            .collect();
        Ok(member
            .store()
            .members
            .edit_details(member.espace_id(), member_id, details, &actor, &mails, now)
            .await??)
    }

    async fn apply(
        member: &Member,
        member_id: &MemberId,
        change: MemberChange,
    ) -> Result<Option<MemberSheet>, Failure> {
        let services = services()?;
        let now = services.clock.now();
        let Before {
            sheet,
            espace,
            espace_language,
            language,
        } = before(member, member_id, now).await?;
        let actor = Actor::from(member.holder());
        let to = To {
            name: sheet.full_name(),
            email: sheet.email.clone(),
            language,
        };
        let portal = &services.config.portal_name;
        let notice = |notice| mail::member_notice(&to, notice, &espace, portal);
        let change = change.map_link(|()| fresh_link(services.config.invitation_days, now));
        let mail = match &change {
            MemberChange::Role(role) => notice(Notice::RoleChanged(*role)),
            MemberChange::Scope(scope) => notice(Notice::ScopeChanged(*scope)),
            MemberChange::Deactivate => notice(Notice::Deactivated),
            MemberChange::Reactivate => notice(Notice::Reactivated),
            MemberChange::Delete => notice(Notice::Deleted),
            MemberChange::Withdraw => notice(Notice::Withdrawn),
            MemberChange::Resend((secret, new_link)) => {
                count_invitation(member, now)
                    .await?
                    .map_err(Refusal::Quota)?;
                let to = To {
                    language: espace_language
                        .or(sheet.language)
                        .unwrap_or(Language::DEFAULT),
                    ..to.clone()
                };
                invitation_mail(
                    to,
                    &espace,
                    &actor.name,
                    &sheet.invited_ssn,
                    secret,
                    new_link.expires_at,
                )?
            }
        };
        Ok(member
            .store()
            .members
            .change(
                member.espace_id(),
                member_id,
                change.map_link(|(_, link)| link),
                &actor,
                &[mail],
                now,
            )
            .await??)
    }

    /// A role or scope written as a label in any of the three languages (as a spreadsheet
    /// exported from the Users tab would) becomes its code; anything else is left as typed.
    pub fn with_choice_codes(mut form: InvitationForm) -> InvitationForm {
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.to_lowercase();
        for locale in [Locale::fr, Locale::de, Locale::en] {
            if let Some(role) = Role::ALL
                .into_iter()
                .find(|r| same(&form.role, &text::role(locale, *r)))
            {
                form.role = role.code().into();
            }
            if let Some(scope) = [AccessScope::ThisCertificate, AccessScope::AllCertificates]
                .into_iter()
                .find(|s| same(&form.scope, &text::scope(locale, *s)))
            {
                form.scope = scope.code().into();
            }
        }
        form.role = form.role.trim().to_lowercase();
        form.scope = form.scope.trim().to_lowercase();
        form
    }
}
