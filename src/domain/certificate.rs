//! Authentication products a person signs in with; each carries one SSN.

use super::code::coded;
use super::ssn::Ssn;
use serde::{Deserialize, Serialize};

coded! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum CertificateProduct {
        LuxTrustSmartcard = "luxtrust_smartcard",
        LuxTrustSigningStick = "luxtrust_signing_stick",
        LuxTrustMobile = "luxtrust_mobile",
        /// The electronic identity card, added to the GouvID mobile app.
        Eid = "eid",
        /// Any other certificate of a trusted authority, first seen at sign-in.
        Other = "other",
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

coded! {
    /// Why a certificate did not sign its holder in; each has its own message on the sign-in page,
    /// which receives it in the address (`/login?refused=expired`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum SignInRefusal {
        /// The browser offered no certificate.
        NoCertificate = "no_certificate",
        /// Not issued by a certification authority the portal trusts.
        UntrustedIssuer = "untrusted_issuer",
        /// Issued by itself.
        SelfSigned = "self_signed",
        Expired = "expired",
        NotYetValid = "not_yet_valid",
        /// On the issuer's revocation list.
        Revoked = "revoked",
        /// Not meant for signing in (its key usages do not include client authentication).
        WrongKeyUsage = "wrong_key_usage",
        /// The subject has no serial number (SSN).
        SsnMissing = "ssn_missing",
        /// The subject has more than one serial number, so which person it is cannot be told.
        SsnDuplicated = "ssn_duplicated",
        /// The subject's serial number is not a 20-digit SSN.
        SsnMalformed = "ssn_malformed",
        /// Not a certificate that can be read.
        Unreadable = "unreadable",
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
