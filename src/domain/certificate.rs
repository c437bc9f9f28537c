//! Authentication products a person signs in with; each carries one SSN.

use super::ssn::Ssn;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateProduct {
    LuxTrustSmartcard,
    LuxTrustSigningStick,
    LuxTrustMobile,
    /// The electronic identity card, added to the GouvID mobile app.
    Eid,
    /// Any other certificate of a trusted authority, first seen at sign-in.
    Other,
}

impl CertificateProduct {
    pub const ALL: [CertificateProduct; 5] = [
        CertificateProduct::LuxTrustSmartcard,
        CertificateProduct::LuxTrustSigningStick,
        CertificateProduct::LuxTrustMobile,
        CertificateProduct::Eid,
        CertificateProduct::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CertificateProduct::LuxTrustSmartcard => "luxtrust_smartcard",
            CertificateProduct::LuxTrustSigningStick => "luxtrust_signing_stick",
            CertificateProduct::LuxTrustMobile => "luxtrust_mobile",
            CertificateProduct::Eid => "eid",
            CertificateProduct::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A certificate as the sign-in portal shows it: whose it is, which product, which SSN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub ssn: Ssn,
    pub product: CertificateProduct,
    pub holder_given_name: String,
    pub holder_family_name: String,
}

/// Why a certificate did not sign its holder in; each has its own message on the sign-in page,
/// which receives it in the address (`/login?refused=expired`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInRefusal {
    /// The browser offered no certificate.
    NoCertificate,
    /// Not issued by a certification authority the portal trusts.
    UntrustedIssuer,
    /// Issued by itself.
    SelfSigned,
    Expired,
    NotYetValid,
    /// On the issuer's revocation list.
    Revoked,
    /// Not meant for signing in (its key usages do not include client authentication).
    WrongKeyUsage,
    /// The subject has no serial number (SSN).
    SsnMissing,
    /// The subject has more than one serial number, so which person it is cannot be told.
    SsnDuplicated,
    /// The subject's serial number is not a 20-digit SSN.
    SsnMalformed,
    /// Not a certificate that can be read.
    Unreadable,
}

impl SignInRefusal {
    pub const ALL: [SignInRefusal; 11] = [
        SignInRefusal::NoCertificate,
        SignInRefusal::UntrustedIssuer,
        SignInRefusal::SelfSigned,
        SignInRefusal::Expired,
        SignInRefusal::NotYetValid,
        SignInRefusal::Revoked,
        SignInRefusal::WrongKeyUsage,
        SignInRefusal::SsnMissing,
        SignInRefusal::SsnDuplicated,
        SignInRefusal::SsnMalformed,
        SignInRefusal::Unreadable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SignInRefusal::NoCertificate => "no_certificate",
            SignInRefusal::UntrustedIssuer => "untrusted_issuer",
            SignInRefusal::SelfSigned => "self_signed",
            SignInRefusal::Expired => "expired",
            SignInRefusal::NotYetValid => "not_yet_valid",
            SignInRefusal::Revoked => "revoked",
            SignInRefusal::WrongKeyUsage => "wrong_key_usage",
            SignInRefusal::SsnMissing => "ssn_missing",
            SignInRefusal::SsnDuplicated => "ssn_duplicated",
            SignInRefusal::SsnMalformed => "ssn_malformed",
            SignInRefusal::Unreadable => "unreadable",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_codes_round_trip() {
        for r in SignInRefusal::ALL {
            assert_eq!(SignInRefusal::from_code(r.code()), Some(r));
        }
        assert_eq!(SignInRefusal::from_code("<script>"), None);
    }

    #[test]
    fn codes_round_trip() {
        for p in CertificateProduct::ALL {
            assert_eq!(CertificateProduct::from_code(p.code()), Some(p));
        }
        assert_eq!(CertificateProduct::from_code("password"), None);
    }
}
