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
}

impl CertificateProduct {
    pub const ALL: [CertificateProduct; 4] = [
        CertificateProduct::LuxTrustSmartcard,
        CertificateProduct::LuxTrustSigningStick,
        CertificateProduct::LuxTrustMobile,
        CertificateProduct::Eid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CertificateProduct::LuxTrustSmartcard => "luxtrust_smartcard",
            CertificateProduct::LuxTrustSigningStick => "luxtrust_signing_stick",
            CertificateProduct::LuxTrustMobile => "luxtrust_mobile",
            CertificateProduct::Eid => "eid",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for p in CertificateProduct::ALL {
            assert_eq!(CertificateProduct::from_code(p.code()), Some(p));
        }
        assert_eq!(CertificateProduct::from_code("password"), None);
    }
}
