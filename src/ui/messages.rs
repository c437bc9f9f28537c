//! Domain values and errors in the user's language: the one place where typed enums meet
//! translated text.

use crate::{
    domain::{
        certificate::CertificateProduct,
        error::{Fault, Refusal},
        member::{AccessScope, MemberStatus},
        role::Role,
        ssn::SsnError,
        validation::Problem,
    },
    i18n::*,
};
use leptos_i18n::I18nContext;

type I18n = I18nContext<Locale>;

pub fn role(i18n: I18n, role: Role) -> String {
    match role {
        Role::Administrator => t_string!(i18n, role.administrator).to_string(),
        Role::Manager => t_string!(i18n, role.manager).to_string(),
        Role::WithoutSignature => t_string!(i18n, role.without_signature).to_string(),
    }
}

pub fn scope(i18n: I18n, scope: AccessScope) -> String {
    match scope {
        AccessScope::ThisCertificate => t_string!(i18n, scope.this_certificate).to_string(),
        AccessScope::AllCertificates => t_string!(i18n, scope.all_certificates).to_string(),
    }
}

pub fn status(i18n: I18n, status: MemberStatus) -> String {
    match status {
        MemberStatus::Invited => t_string!(i18n, status.invited).to_string(),
        MemberStatus::Active => t_string!(i18n, status.active).to_string(),
        MemberStatus::Deactivated => t_string!(i18n, status.deactivated).to_string(),
        MemberStatus::Refused => t_string!(i18n, status.refused).to_string(),
        MemberStatus::Expired => t_string!(i18n, status.expired).to_string(),
    }
}

pub fn product(i18n: I18n, product: CertificateProduct) -> String {
    match product {
        CertificateProduct::LuxTrustSmartcard => {
            t_string!(i18n, product.luxtrust_smartcard).to_string()
        }
        CertificateProduct::LuxTrustSigningStick => {
            t_string!(i18n, product.luxtrust_signing_stick).to_string()
        }
        CertificateProduct::LuxTrustMobile => t_string!(i18n, product.luxtrust_mobile).to_string(),
        CertificateProduct::Eid => t_string!(i18n, product.eid).to_string(),
    }
}

pub fn problem(i18n: I18n, problem: Problem) -> String {
    match problem {
        Problem::Required => t_string!(i18n, errors.required).to_string(),
        Problem::TooLong { max } => t_string!(i18n, errors.too_long, max).to_string(),
        Problem::ControlCharacters => t_string!(i18n, errors.control_characters).to_string(),
        Problem::UnknownChoice => t_string!(i18n, errors.unknown_choice).to_string(),
        Problem::Ssn(SsnError::Empty) => t_string!(i18n, errors.ssn_empty).to_string(),
        Problem::Ssn(SsnError::NotDigits) => t_string!(i18n, errors.ssn_not_digits).to_string(),
        Problem::Ssn(SsnError::WrongLength { found }) => {
            t_string!(i18n, errors.ssn_wrong_length, found).to_string()
        }
    }
}

pub fn refusal(i18n: I18n, refusal: &Refusal) -> String {
    match refusal {
        Refusal::NotSignedIn => t_string!(i18n, errors.not_signed_in).to_string(),
        Refusal::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        Refusal::NotFound => t_string!(i18n, errors.not_found).to_string(),
        Refusal::Invalid(_) => t_string!(i18n, errors.heading).to_string(),
    }
}

pub fn fault(i18n: I18n, fault: &Fault) -> String {
    match fault {
        Fault::Server { request_id } => {
            t_string!(i18n, errors.server, request_id = request_id.clone()).to_string()
        }
        Fault::Communication(_) => t_string!(i18n, errors.communication).to_string(),
    }
}
