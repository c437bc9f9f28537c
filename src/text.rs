//! Domain values and errors in a language: the one place where typed enums meet translated
//! text, for pages (pass `i18n.get_locale()`, which is reactive) and for emails alike.

use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        access_code::{CodeKind, Domain},
        activity::{Action, ActivityEntry},
        bulk_error::{BulkError, MAX_ROWS},
        business_data::Source,
        calendar,
        certificate::{CertificateProduct, SignInRefusal},
        code_refusal::{AttemptCounter, CodeRefusal},
        error::{Fault, Refusal},
        language::Language,
        mandate::MandateScope,
        member::{AccessScope, LifecycleError, MemberStatus},
        person::MemberField,
        procedure::{lifecycle::ProcedureRefusal, prefill::Origin},
        profile::ProfileField,
        quota::{Quota, QuotaReached},
        role::Role,
        ssn::SsnError,
        validation::Problem,
    },
    i18n::*,
};

pub fn locale_of(language: Language) -> Locale {
    match language {
        Language::Fr => Locale::fr,
        Language::De => Locale::de,
        Language::En => Locale::en,
    }
}

pub fn language_of(locale: Locale) -> Language {
    match locale {
        Locale::fr => Language::Fr,
        Locale::de => Language::De,
        Locale::en => Language::En,
    }
}

pub fn role(locale: Locale, role: Role) -> String {
    match role {
        Role::Administrator => td_string!(locale, role.administrator).to_string(),
        Role::Manager => td_string!(locale, role.manager).to_string(),
        Role::WithoutSignature => td_string!(locale, role.without_signature).to_string(),
    }
}

pub fn scope(locale: Locale, scope: AccessScope) -> String {
    match scope {
        AccessScope::ThisCertificate => td_string!(locale, scope.this_certificate).to_string(),
        AccessScope::AllCertificates => td_string!(locale, scope.all_certificates).to_string(),
    }
}

pub fn status(locale: Locale, status: MemberStatus) -> String {
    match status {
        MemberStatus::Invited => td_string!(locale, status.invited).to_string(),
        MemberStatus::Active => td_string!(locale, status.active).to_string(),
        MemberStatus::Deactivated => td_string!(locale, status.deactivated).to_string(),
        MemberStatus::Refused => td_string!(locale, status.refused).to_string(),
        MemberStatus::Expired => td_string!(locale, status.expired).to_string(),
        MemberStatus::Deleted => td_string!(locale, status.deleted).to_string(),
        MemberStatus::Withdrawn => td_string!(locale, status.withdrawn).to_string(),
    }
}

pub fn product(locale: Locale, product: CertificateProduct) -> String {
    match product {
        CertificateProduct::LuxTrustSmartcard => {
            td_string!(locale, product.luxtrust_smartcard).to_string()
        }
        CertificateProduct::LuxTrustSigningStick => {
            td_string!(locale, product.luxtrust_signing_stick).to_string()
        }
        CertificateProduct::LuxTrustMobile => {
            td_string!(locale, product.luxtrust_mobile).to_string()
        }
        CertificateProduct::Eid => td_string!(locale, product.eid).to_string(),
        CertificateProduct::Other => td_string!(locale, product.other).to_string(),
    }
}

pub fn sign_in_refusal(locale: Locale, refusal: SignInRefusal) -> String {
    match refusal {
        SignInRefusal::NoCertificate => td_string!(locale, login.refused_no_certificate),
        SignInRefusal::UntrustedIssuer => td_string!(locale, login.refused_untrusted_issuer),
        SignInRefusal::SelfSigned => td_string!(locale, login.refused_self_signed),
        SignInRefusal::Expired => td_string!(locale, login.refused_expired),
        SignInRefusal::NotYetValid => td_string!(locale, login.refused_not_yet_valid),
        SignInRefusal::Revoked => td_string!(locale, login.refused_revoked),
        SignInRefusal::WrongKeyUsage => td_string!(locale, login.refused_wrong_key_usage),
        SignInRefusal::SsnMissing => td_string!(locale, login.refused_ssn_missing),
        SignInRefusal::SsnDuplicated => td_string!(locale, login.refused_ssn_duplicated),
        SignInRefusal::SsnMalformed => td_string!(locale, login.refused_ssn_malformed),
        SignInRefusal::Unreadable => td_string!(locale, login.refused_unreadable),
    }
    .to_string()
}

pub fn problem(locale: Locale, problem: Problem) -> String {
    match problem {
        Problem::Required => td_string!(locale, errors.required).to_string(),
        Problem::TooLong { max } => td_string!(locale, errors.too_long, max).to_string(),
        Problem::ControlCharacters => td_string!(locale, errors.control_characters).to_string(),
        Problem::InvisibleCharacters => td_string!(locale, errors.invisible_characters).to_string(),
        Problem::UnknownChoice => td_string!(locale, errors.unknown_choice).to_string(),
        Problem::UnknownDocument => td_string!(locale, errors.unknown_document).to_string(),
        Problem::Ssn(SsnError::Empty) => td_string!(locale, errors.ssn_empty).to_string(),
        Problem::Ssn(SsnError::NotDigits) => td_string!(locale, errors.ssn_not_digits).to_string(),
        Problem::Ssn(SsnError::WrongLength { found }) => {
            td_string!(locale, errors.ssn_wrong_length, found).to_string()
        }
        Problem::Email => td_string!(locale, errors.email).to_string(),
        Problem::AlreadyMember => td_string!(locale, errors.already_member).to_string(),
        Problem::Csv(BulkError::Empty) => td_string!(locale, errors.csv_empty).to_string(),
        Problem::Csv(BulkError::TooManyRows) => {
            td_string!(locale, errors.csv_too_many_rows, max = MAX_ROWS).to_string()
        }
        Problem::Csv(BulkError::Unreadable { line }) => {
            td_string!(locale, errors.csv_unreadable, line).to_string()
        }
        Problem::VatFormat => td_string!(locale, errors.vat_format).to_string(),
        Problem::VatCheck => td_string!(locale, errors.vat_check).to_string(),
        Problem::NationalIdFormat => td_string!(locale, errors.national_id_format).to_string(),
        Problem::NationalIdCheck => td_string!(locale, errors.national_id_check).to_string(),
        Problem::RcsFormat => td_string!(locale, errors.rcs_format).to_string(),
        Problem::Website => td_string!(locale, errors.website).to_string(),
        Problem::NaceFormat => td_string!(locale, errors.nace_format).to_string(),
        Problem::NaceUnknown => td_string!(locale, errors.nace_unknown).to_string(),
        Problem::Phone => td_string!(locale, errors.phone).to_string(),
        Problem::ChangedMeanwhile => td_string!(locale, errors.changed_meanwhile).to_string(),
        Problem::AccessCodeFormat => td_string!(locale, errors.access_code_format).to_string(),
        Problem::Code(refusal) => code_refusal(locale, refusal),
        Problem::Date => td_string!(locale, errors.date).to_string(),
        Problem::DateInPast => td_string!(locale, errors.date_in_past).to_string(),
        Problem::AfterAdministrationEnd { end } => td_string!(
            locale,
            errors.after_administration_end,
            date = date(locale, end)
        )
        .to_string(),
        Problem::Postcode => td_string!(locale, errors.postcode).to_string(),
        Problem::NumberRange { min, max } => {
            td_string!(locale, errors.number_range, min, max).to_string()
        }
        Problem::TooManyDocuments => td_string!(locale, errors.too_many_documents).to_string(),
        Problem::DocumentKind { number } => {
            td_string!(locale, errors.document_kind, number).to_string()
        }
        Problem::DocumentSize { number } => {
            td_string!(locale, errors.document_size, number).to_string()
        }
        Problem::DocumentName { number } => {
            td_string!(locale, errors.document_name, number).to_string()
        }
        Problem::UnsupportedFile => td_string!(locale, errors.unsupported_file).to_string(),
        Problem::FileTooLarge { max_megabytes } => {
            td_string!(locale, errors.file_too_large, max_megabytes).to_string()
        }
    }
}

/// A domain of access codes by its name.
pub fn domain(locale: Locale, domain: Domain) -> String {
    match domain {
        Domain::SocialSecurity => td_string!(locale, domain.social_security),
        Domain::Tax => td_string!(locale, domain.tax),
        Domain::SportsFederations => td_string!(locale, domain.sports_federations),
        Domain::SocialElections => td_string!(locale, domain.social_elections),
    }
    .to_string()
}

/// A file size, rounded up: in kilobytes below a megabyte (an 800-byte file is "1 KB", not
/// "0 KB"), else in megabytes to a tenth, with the language's decimal mark ("1,5 Mo").
pub fn size(locale: Locale, bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes < MB {
        return td_string!(locale, common.kilobytes, size = bytes.div_ceil(1024)).to_string();
    }
    let tenths = (bytes * 10).div_ceil(MB);
    let mark = if locale == Locale::en { '.' } else { ',' };
    let size = match tenths % 10 {
        0 => (tenths / 10).to_string(),
        tenth => format!("{}{mark}{tenth}", tenths / 10),
    };
    td_string!(locale, common.megabytes, size).to_string()
}

pub fn code_kind(locale: Locale, kind: CodeKind) -> String {
    match kind {
        CodeKind::Owner => td_string!(locale, certifications.kind_owner),
        CodeKind::Proxy => td_string!(locale, certifications.kind_proxy),
    }
    .to_string()
}

pub fn mandate_scope(locale: Locale, scope: MandateScope) -> String {
    match scope {
        MandateScope::ProceduresAndData => td_string!(locale, mandate_scope.procedures_and_data),
        MandateScope::Procedures => td_string!(locale, mandate_scope.procedures),
        MandateScope::Data => td_string!(locale, mandate_scope.data),
    }
    .to_string()
}

fn code_refusal(locale: Locale, refusal: CodeRefusal) -> String {
    match refusal {
        CodeRefusal::Unknown => td_string!(locale, errors.code_unknown).to_string(),
        CodeRefusal::Expired => td_string!(locale, errors.code_expired).to_string(),
        CodeRefusal::Revoked => td_string!(locale, errors.code_revoked).to_string(),
        CodeRefusal::Used => td_string!(locale, errors.code_used).to_string(),
        CodeRefusal::WrongKind => td_string!(locale, errors.code_wrong_kind).to_string(),
        CodeRefusal::TooManyAttempts { retry_at, counted } => {
            let time = date_time(locale, retry_at);
            match counted {
                AttemptCounter::Espace => td_string!(locale, errors.code_too_many, time = time),
                AttemptCounter::Person => {
                    td_string!(locale, errors.code_too_many_person, time = time)
                }
                AttemptCounter::Portal => {
                    td_string!(locale, errors.code_too_many_portal, time = time)
                }
            }
            .to_string()
        }
    }
}

/// A field of the data sheet by its label on the Signalétique tab.
pub fn profile_field(locale: Locale, field: ProfileField) -> String {
    match field {
        ProfileField::Name => td_string!(locale, profile.name_section),
        ProfileField::ProcedureLanguage => td_string!(locale, profile.language_section),
        ProfileField::Denomination => td_string!(locale, profile.denomination),
        ProfileField::TradeName => td_string!(locale, profile.trade_name),
        ProfileField::Website => td_string!(locale, profile.website),
        ProfileField::NationalId => td_string!(locale, profile.national_id),
        ProfileField::VatNumber => td_string!(locale, profile.vat_number),
        ProfileField::NaceCode => td_string!(locale, profile.nace_code),
        ProfileField::RcsNumber => td_string!(locale, profile.rcs_number),
    }
    .to_string()
}

/// A stored value of the data sheet as a person reads it: "not specified" for none, a
/// procedure language by its name.
pub fn profile_value(locale: Locale, field: ProfileField, value: Option<&str>) -> String {
    match value {
        None => td_string!(locale, profile.not_specified).to_string(),
        Some(code) if field == ProfileField::ProcedureLanguage => {
            Language::from_code(code).map_or(code.to_owned(), |l| l.endonym().to_owned())
        }
        Some(value) => value.to_owned(),
    }
}

pub fn refusal(locale: Locale, refusal: &Refusal) -> String {
    match refusal {
        Refusal::NotSignedIn => td_string!(locale, errors.not_signed_in).to_string(),
        Refusal::Forbidden => td_string!(locale, errors.forbidden).to_string(),
        Refusal::NotFound => td_string!(locale, errors.not_found).to_string(),
        Refusal::Invalid(_) => td_string!(locale, errors.heading).to_string(),
        Refusal::Lifecycle(e) => lifecycle(locale, *e),
        Refusal::Procedure(e) => procedure_refusal(locale, *e),
        Refusal::Quota(reached) => quota_reached(locale, *reached),
    }
}

/// Why a volume limit stops an action, and until when.
pub fn quota_reached(locale: Locale, reached: QuotaReached) -> String {
    let limit = reached.limit;
    let time = reached
        .retry_at
        .map(|at| date_time(locale, at))
        .unwrap_or_default();
    match reached.quota {
        Quota::InvitationsPerEspace => {
            td_string!(
                locale,
                errors.quota_invitations_espace,
                limit = limit,
                time = time
            )
        }
        Quota::InvitationsPerPerson => {
            td_string!(
                locale,
                errors.quota_invitations_person,
                limit = limit,
                time = time
            )
        }
        Quota::EspacesPerPerson => {
            td_string!(locale, errors.quota_espaces, limit = limit, time = time)
        }
        Quota::CertificationRequestsPerEspace => td_string!(
            locale,
            errors.quota_certification_requests,
            limit = limit,
            time = time
        ),
        Quota::StoredBytesPerEspace => td_string!(
            locale,
            errors.quota_stored_bytes,
            megabytes = limit / (1024 * 1024)
        ),
    }
    .to_string()
}

pub fn procedure_refusal(locale: Locale, refusal: ProcedureRefusal) -> String {
    match refusal {
        ProcedureRefusal::Submitted => td_string!(locale, procedures.refused_submitted).to_string(),
        ProcedureRefusal::ChangedMeanwhile => {
            td_string!(locale, procedures.refused_changed).to_string()
        }
        ProcedureRefusal::Incomplete => {
            td_string!(locale, procedures.refused_incomplete).to_string()
        }
        ProcedureRefusal::NotSigned => {
            td_string!(locale, procedures.refused_not_signed).to_string()
        }
        ProcedureRefusal::NoMandate => {
            td_string!(locale, procedures.refused_no_mandate).to_string()
        }
        ProcedureRefusal::NotCertified(d) => td_string!(
            locale,
            procedures.refused_not_certified,
            domain = domain(locale, d)
        )
        .to_string(),
    }
}

pub fn lifecycle(locale: Locale, error: LifecycleError) -> String {
    match error {
        LifecycleError::LastAdministrator => td_string!(locale, errors.last_administrator),
        LifecycleError::NotInvited => td_string!(locale, errors.not_invited),
        LifecycleError::NotActive => td_string!(locale, errors.not_active),
        LifecycleError::NotDeactivated => td_string!(locale, errors.not_deactivated),
        LifecycleError::Answered => td_string!(locale, errors.answered),
        LifecycleError::Expired => td_string!(locale, errors.invitation_expired),
        LifecycleError::ReadOnly => td_string!(locale, errors.read_only),
    }
    .to_string()
}

/// One line of the activity log: "{actor} changed the role of {member} from … to …".
pub fn activity(locale: Locale, entry: &ActivityEntry) -> String {
    let actor = entry.actor.clone();
    let member = entry.member.clone();
    match &entry.action {
        Action::Invited => td_string!(locale, activity.invited, actor, member).to_string(),
        Action::Accepted => td_string!(locale, activity.accepted, member).to_string(),
        Action::Refused => td_string!(locale, activity.refused, member).to_string(),
        Action::RoleChanged { from, to } => td_string!(
            locale,
            activity.role_changed,
            actor,
            member,
            from = role(locale, *from),
            to = role(locale, *to)
        )
        .to_string(),
        Action::ScopeChanged { from, to } => td_string!(
            locale,
            activity.scope_changed,
            actor,
            member,
            from = scope(locale, *from),
            to = scope(locale, *to)
        )
        .to_string(),
        Action::Deactivated => td_string!(locale, activity.deactivated, actor, member).to_string(),
        Action::Reactivated => td_string!(locale, activity.reactivated, actor, member).to_string(),
        Action::Deleted => td_string!(locale, activity.deleted, actor, member).to_string(),
        Action::Resent => td_string!(locale, activity.resent, actor, member).to_string(),
        Action::Withdrawn => td_string!(locale, activity.withdrawn, actor, member).to_string(),
        Action::NewInvitationRequested => {
            td_string!(locale, activity.renewal_requested, member).to_string()
        }
        Action::MemberEdited { changes } => {
            let changes: Vec<String> = changes
                .iter()
                .map(|c| {
                    let value = |v: &Option<String>| {
                        v.clone().unwrap_or_else(|| {
                            td_string!(locale, profile.not_specified).to_string()
                        })
                    };
                    td_string!(
                        locale,
                        activity.member_field_change,
                        field = member_field(locale, c.field),
                        from = value(&c.from),
                        to = value(&c.to)
                    )
                    .to_string()
                })
                .collect();
            td_string!(
                locale,
                activity.member_edited,
                actor,
                member,
                changes = changes.join("; ")
            )
            .to_string()
        }
        Action::ProfileEdited { field, from, to } => td_string!(
            locale,
            activity.profile_edited,
            actor,
            field = profile_field(locale, *field),
            from = profile_value(locale, *field, from.as_deref()),
            to = profile_value(locale, *field, to.as_deref())
        )
        .to_string(),
        Action::CodeRegistered { kind, domain: d } => {
            let domain = domain(locale, *d);
            match kind {
                CodeKind::Owner => {
                    td_string!(locale, activity.code_registered_owner, actor, domain)
                }
                CodeKind::Proxy => {
                    td_string!(locale, activity.code_registered_proxy, actor, domain)
                }
            }
            .to_string()
        }
        Action::MandateRevoked { domain: d } => td_string!(
            locale,
            activity.mandate_revoked,
            actor,
            member,
            domain = domain(locale, *d)
        )
        .to_string(),
        Action::MandateEndSet {
            domain: d,
            end: Some(end),
        } => td_string!(
            locale,
            activity.mandate_end_set,
            actor,
            member,
            domain = domain(locale, *d),
            date = date(locale, *end)
        )
        .to_string(),
        Action::MandateEndSet {
            domain: d,
            end: None,
        } => td_string!(
            locale,
            activity.mandate_end_cleared,
            actor,
            member,
            domain = domain(locale, *d)
        )
        .to_string(),
        Action::MandateScopeSet { domain: d, scope } => td_string!(
            locale,
            activity.mandate_scope_set,
            actor,
            member,
            domain = domain(locale, *d),
            scope = mandate_scope(locale, *scope)
        )
        .to_string(),
        Action::CertificationRequested { domain: d } => td_string!(
            locale,
            activity.certification_requested,
            actor,
            domain = domain(locale, *d)
        )
        .to_string(),
        Action::CertificationDecided {
            domain: d,
            approved: true,
        } => td_string!(
            locale,
            activity.certification_approved,
            actor,
            domain = domain(locale, *d)
        )
        .to_string(),
        Action::CertificationDecided {
            domain: d,
            approved: false,
        } => td_string!(
            locale,
            activity.certification_rejected,
            actor,
            domain = domain(locale, *d)
        )
        .to_string(),
        Action::MandateCodesRenewed { domain: d } => td_string!(
            locale,
            activity.mandate_codes_renewed,
            actor,
            member,
            domain = domain(locale, *d)
        )
        .to_string(),
        Action::EspaceCreated => td_string!(locale, activity.espace_created, actor).to_string(),
        Action::ProcedureStarted { kind } => {
            let procedure = procedure_title(locale, kind);
            td_string!(locale, activity.procedure_started, actor, procedure).to_string()
        }
        Action::ProcedureSaved { kind } => {
            let procedure = procedure_title(locale, kind);
            td_string!(locale, activity.procedure_saved, actor, procedure).to_string()
        }
        Action::ProcedureSigned { kind } => {
            let procedure = procedure_title(locale, kind);
            td_string!(locale, activity.procedure_signed, actor, procedure).to_string()
        }
        Action::ProcedureSubmitted { kind } => {
            let procedure = procedure_title(locale, kind);
            td_string!(
                locale,
                activity.procedure_submitted,
                actor,
                procedure,
                reference = member
            )
            .to_string()
        }
        Action::DocumentAdded => {
            td_string!(locale, activity.document_added, actor, document = member).to_string()
        }
        Action::MessageAnswered => {
            td_string!(locale, activity.message_answered, actor, subject = member).to_string()
        }
        Action::DocumentRenamed { from } => td_string!(
            locale,
            activity.document_renamed,
            actor,
            from = from.clone(),
            document = member
        )
        .to_string(),
        Action::DocumentDeleted => {
            td_string!(locale, activity.document_deleted, actor, document = member).to_string()
        }
    }
}

/// A procedure of the catalogue by its title, or its id if it has left the catalogue.
fn procedure_title(locale: Locale, kind: &str) -> String {
    crate::domain::procedure::definition(kind).map_or_else(
        || kind.to_owned(),
        |d| d.title.get(language_of(locale)).to_owned(),
    )
}

/// Where a procedure's pre-filled value came from: the Signalétique, or an authentic source.
pub fn origin(locale: Locale, origin: Origin) -> String {
    match origin {
        Origin::Profile => td_string!(locale, profile.tab_identity).to_string(),
        Origin::Register => source(locale, Source::Register),
        Origin::Vat => source(locale, Source::Vat),
        Origin::Employer => source(locale, Source::Employer),
    }
}

/// An authentic source by its name.
pub fn source(locale: Locale, source: Source) -> String {
    match source {
        Source::Register => td_string!(locale, business_data.register),
        Source::Vat => td_string!(locale, business_data.vat),
        Source::Employer => td_string!(locale, business_data.employer),
    }
    .to_string()
}

/// A field of a member's details by its label on the data sheet.
pub fn member_field(locale: Locale, field: MemberField) -> String {
    match field {
        MemberField::GivenName => td_string!(locale, invite.given_name),
        MemberField::FamilyName => td_string!(locale, invite.family_name),
        MemberField::Email => td_string!(locale, invite.email),
        MemberField::Phone => td_string!(locale, sheet.phone),
        MemberField::Mobile => td_string!(locale, sheet.mobile),
        MemberField::Fax => td_string!(locale, sheet.fax),
        MemberField::Function => td_string!(locale, sheet.function),
    }
    .to_string()
}

/// A date (Unix seconds) in Luxembourg as each language writes it.
pub fn date(locale: Locale, at: Timestamp) -> String {
    calendar::local(at).map_or_else(String::new, |moment| calendar_date(locale, moment.date()))
}

/// A calendar date written `YYYY-MM-DD` (as a source's file gives it) as each language writes
/// it; anything else as it is.
pub fn day(locale: Locale, iso: &str) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(iso, format).map_or_else(|_| iso.to_owned(), |d| calendar_date(locale, d))
}

fn calendar_date(locale: Locale, date: time::Date) -> String {
    let (y, m, d) = (date.year(), u8::from(date.month()), date.day());
    match locale {
        Locale::fr => format!("{d:02}/{m:02}/{y}"),
        Locale::de => format!("{d:02}.{m:02}.{y}"),
        Locale::en => format!("{y}-{m:02}-{d:02}"),
    }
}

/// A date and time in Luxembourg (the portal's time, summer time included), for the activity
/// log, messages and procedures.
pub fn date_time(locale: Locale, at: Timestamp) -> String {
    let Some(moment) = calendar::local(at) else {
        return String::new();
    };
    format!(
        "{} {:02}:{:02}",
        calendar_date(locale, moment.date()),
        moment.hour(),
        moment.minute()
    )
}

pub fn fault(locale: Locale, fault: &Fault) -> String {
    match fault {
        Fault::Server { request_id } => {
            td_string!(locale, errors.server, request_id = request_id.clone()).to_string()
        }
        Fault::Communication(_) => td_string!(locale, errors.communication).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(Locale::fr, 800), "1 Ko");
        assert_eq!(size(Locale::en, 600 * 1024), "600 KB");
        assert_eq!(size(Locale::fr, 20 * 1024 * 1024), "20 Mo");
        assert_eq!(size(Locale::de, 1024 * 1024 + 400 * 1024), "1,4 MB");
        assert_eq!(size(Locale::en, 1024 * 1024 + 1), "1.1 MB");
    }
}
