//! Emails: written here in their recipient's language (texts in `locales/`, under `mail`),
//! queued in the outbox by the change they tell about, delivered by [`sender`].

pub mod sender;

use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        access_code::Domain, certification::Decision, language::Language, mail::Mail,
        mandate::MandateChange, member::AccessScope, procedure::lifecycle::Procedure, role::Role,
        ssn::Ssn,
    },
    i18n::*,
    text::{self, locale_of},
};

/// Who a message goes to and the language it is written in.
#[derive(Clone, Debug)]
pub struct To {
    pub name: String,
    pub email: String,
    pub language: Language,
}

/// What happened to a member, as the member is told (help "Adding users": "The person concerned is
/// informed via email of all modifications").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    RoleChanged(Role),
    ScopeChanged(AccessScope),
    Deactivated,
    Reactivated,
    Deleted,
    Withdrawn,
}

/// The facts an invitation email states (help "Respond to an invitation").
pub struct InvitationFacts<'a> {
    pub portal: &'a str,
    pub espace: &'a str,
    pub inviter: &'a str,
    pub ssn: &'a Ssn,
    pub link: &'a str,
    pub deadline: Timestamp,
}

fn letter(to: &To, subject: String, paragraph: String, portal: &str) -> Mail {
    let locale = locale_of(to.language);
    let body = format!(
        "{}\n\n{}\n\n{}\n\n-- \n{}\n",
        td_string!(locale, mail.automated),
        td_string!(locale, mail.greeting, name = to.name.clone()),
        paragraph,
        portal
    );
    Mail {
        to: to.email.clone(),
        subject,
        body,
    }
}

pub fn invitation(to: &To, facts: &InvitationFacts) -> Mail {
    let locale = locale_of(to.language);
    let subject = td_string!(
        locale,
        mail.invitation_subject,
        espace = facts.espace.to_owned()
    )
    .to_string();
    let paragraph = td_string!(
        locale,
        mail.invitation_body,
        inviter = facts.inviter.to_owned(),
        espace = facts.espace.to_owned(),
        portal = facts.portal.to_owned(),
        ssn = facts.ssn.to_string(),
        link = facts.link.to_owned(),
        deadline = text::date(locale, facts.deadline)
    )
    .to_string();
    letter(to, subject, paragraph, facts.portal)
}

pub fn member_notice(to: &To, notice: Notice, espace: &str, portal: &str) -> Mail {
    let locale = locale_of(to.language);
    let espace = espace.to_owned();
    let subject = td_string!(locale, mail.changed_subject, espace = espace.clone()).to_string();
    let paragraph = match notice {
        Notice::RoleChanged(role) => td_string!(
            locale,
            mail.role_changed,
            espace,
            role = text::role(locale, role)
        )
        .to_string(),
        Notice::ScopeChanged(scope) => td_string!(
            locale,
            mail.scope_changed,
            espace,
            scope = text::scope(locale, scope)
        )
        .to_string(),
        Notice::Deactivated => td_string!(locale, mail.deactivated, espace).to_string(),
        Notice::Reactivated => td_string!(locale, mail.reactivated, espace).to_string(),
        Notice::Deleted => td_string!(locale, mail.deleted, espace).to_string(),
        Notice::Withdrawn => td_string!(locale, mail.withdrawn, espace).to_string(),
    };
    letter(to, subject, paragraph, portal)
}

/// An administrator changed the email address on a member's data sheet: written to the old and
/// the new address alike, so a wrong change is seen by its owner.
pub fn email_changed(to: &To, espace: &str, by: &str, from: &str, new: &str, portal: &str) -> Mail {
    let locale = locale_of(to.language);
    let subject = td_string!(
        locale,
        mail.email_changed_subject,
        espace = espace.to_owned()
    )
    .to_string();
    let paragraph = td_string!(
        locale,
        mail.email_changed,
        admin = by.to_owned(),
        espace = espace.to_owned(),
        from = from.to_owned(),
        to = new.to_owned()
    )
    .to_string();
    letter(to, subject, paragraph, portal)
}

/// What a mandate change email names.
pub struct MandateFacts<'a> {
    pub principal: &'a str,
    pub representative: &'a str,
    pub domain: Domain,
    pub portal: &'a str,
}

/// To the administrators of a representative's eSpace: the principal changed a mandate it gave
/// (help "Principal").
pub fn mandate_changed(to: &To, facts: &MandateFacts, change: MandateChange) -> Mail {
    let locale = locale_of(to.language);
    let principal = facts.principal.to_owned();
    let espace = facts.representative.to_owned();
    let domain = text::domain(locale, facts.domain);
    let changed = || {
        td_string!(
            locale,
            mail.mandate_changed_subject,
            principal = principal.clone()
        )
        .to_string()
    };
    let (subject, paragraph) = match change {
        MandateChange::Revoke => (
            td_string!(
                locale,
                mail.mandate_revoked_subject,
                principal = principal.clone()
            )
            .to_string(),
            td_string!(locale, mail.mandate_revoked, principal, espace, domain).to_string(),
        ),
        MandateChange::EndOfUse(Some(end)) => (
            changed(),
            td_string!(
                locale,
                mail.mandate_end_set,
                principal,
                espace,
                domain,
                date = text::date(locale, end)
            )
            .to_string(),
        ),
        MandateChange::EndOfUse(None) => (
            changed(),
            td_string!(locale, mail.mandate_end_cleared, principal, espace, domain).to_string(),
        ),
        MandateChange::Scope(scope) => (
            changed(),
            td_string!(
                locale,
                mail.mandate_scope_set,
                principal,
                espace,
                domain,
                scope = text::mandate_scope(locale, scope)
            )
            .to_string(),
        ),
        MandateChange::RenewCodes => (
            changed(),
            td_string!(
                locale,
                mail.mandate_codes_renewed,
                principal,
                espace,
                domain
            )
            .to_string(),
        ),
    };
    letter(to, subject, paragraph, facts.portal)
}

/// To the administrators of an eSpace: the administration decided its certification request.
pub fn certification_decided(
    to: &To,
    espace: &str,
    domain: Domain,
    decision: &Decision,
    portal: &str,
) -> Mail {
    let locale = locale_of(to.language);
    let espace = espace.to_owned();
    let domain = text::domain(locale, domain);
    let (subject, paragraph) = match decision {
        Decision::Approve => (
            td_string!(
                locale,
                mail.certification_approved_subject,
                domain = domain.clone()
            )
            .to_string(),
            td_string!(locale, mail.certification_approved, espace, domain).to_string(),
        ),
        Decision::Reject { reason } => (
            td_string!(
                locale,
                mail.certification_rejected_subject,
                domain = domain.clone()
            )
            .to_string(),
            td_string!(
                locale,
                mail.certification_rejected,
                espace,
                domain,
                reason = reason.clone()
            )
            .to_string(),
        ),
    };
    letter(to, subject, paragraph, portal)
}

/// To the members of an eSpace: an operator returned one of its procedures for correction. Written
/// in the procedure's language, which the whole procedure keeps (help "Language used for
/// procedures"). "Procedure to correct: DEM-…", in the procedure's language: the email's subject,
/// and the message's in "Mes communications".
pub fn procedure_returned_subject(procedure: &Procedure) -> String {
    let reference = procedure.reference.clone().unwrap_or_default();
    td_string!(
        locale_of(procedure.language),
        mail.procedure_returned_subject,
        reference
    )
    .to_string()
}

pub fn procedure_returned(
    to: &To,
    espace: &str,
    procedure: &Procedure,
    comment: &str,
    portal: &str,
) -> Mail {
    let to = To {
        language: procedure.language,
        ..to.clone()
    };
    let locale = locale_of(procedure.language);
    let reference = procedure.reference.clone().unwrap_or_default();
    let title = crate::domain::procedure::definition(&procedure.kind)
        .map(|d| d.title.get(procedure.language).to_owned())
        .unwrap_or_default();
    let subject = procedure_returned_subject(procedure);
    let paragraph = td_string!(
        locale,
        mail.procedure_returned,
        title,
        reference,
        espace = espace.to_owned(),
        comment = comment.to_owned()
    )
    .to_string();
    letter(&to, subject, paragraph, portal)
}

/// What a new message tells each member (its text stays in the portal, behind sign-in).
pub struct MessageFacts<'a> {
    pub portal: &'a str,
    pub espace: &'a str,
    pub from: &'a str,
    pub subject: &'a str,
    /// The reference of the procedure it is about.
    pub reference: Option<&'a str>,
    pub link: &'a str,
}

pub fn message_received(to: &To, facts: &MessageFacts) -> Mail {
    let locale = locale_of(to.language);
    let subject = td_string!(
        locale,
        mail.message_subject,
        espace = facts.espace.to_owned()
    )
    .to_string();
    let (espace, from, said, link) = (
        facts.espace.to_owned(),
        facts.from.to_owned(),
        facts.subject.to_owned(),
        facts.link.to_owned(),
    );
    let paragraph = match facts.reference {
        Some(reference) => td_string!(
            locale,
            mail.message_received_about,
            from,
            espace,
            reference = reference.to_owned(),
            subject = said,
            link
        )
        .to_string(),
        None => td_string!(
            locale,
            mail.message_received,
            from,
            espace,
            subject = said,
            link
        )
        .to_string(),
    };
    letter(to, subject, paragraph, facts.portal)
}

/// Which side of a mandate an email goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Principal,
    Representative,
}

/// To the administrators of both sides: a mandate ends on `end` (sent 30 and 7 days before).
pub fn mandate_ending(to: &To, facts: &MandateFacts, side: Side, end: Timestamp) -> Mail {
    let locale = locale_of(to.language);
    let date = text::date(locale, end);
    let principal = facts.principal.to_owned();
    let espace = facts.representative.to_owned();
    let domain = text::domain(locale, facts.domain);
    let subject = td_string!(locale, mail.mandate_ending_subject, date = date.clone()).to_string();
    let paragraph = match side {
        Side::Principal => td_string!(
            locale,
            mail.mandate_ending_principal,
            principal,
            espace,
            domain,
            date
        ),
        Side::Representative => td_string!(
            locale,
            mail.mandate_ending_representative,
            principal,
            espace,
            domain,
            date
        ),
    }
    .to_string();
    letter(to, subject, paragraph, facts.portal)
}

/// To an administrator: the invitee of an expired invitation asks for a new one.
pub fn renewal_request(to: &To, invitee: &str, espace: &str, link: &str, portal: &str) -> Mail {
    let locale = locale_of(to.language);
    let subject =
        td_string!(locale, mail.renewal_subject, invitee = invitee.to_owned()).to_string();
    let paragraph = td_string!(
        locale,
        mail.renewal_body,
        invitee = invitee.to_owned(),
        espace = espace.to_owned(),
        link = link.to_owned()
    )
    .to_string();
    letter(to, subject, paragraph, portal)
}
