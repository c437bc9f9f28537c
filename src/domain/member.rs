//! A person's place in an eSpace: it starts as an invitation addressed to one SSN.

use super::{role::Role, ssn::Ssn};
use serde::{Deserialize, Serialize};

/// With which certificates an accepted member may enter the eSpace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessScope {
    /// Only the certificate whose SSN the invitation names.
    ThisCertificate,
    /// Any certificate of the same person.
    AllCertificates,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberStatus {
    Invited,
    Active,
    Deactivated,
    Refused,
    Expired,
}

impl AccessScope {
    pub fn code(self) -> &'static str {
        match self {
            AccessScope::ThisCertificate => "this_certificate",
            AccessScope::AllCertificates => "all_certificates",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [AccessScope::ThisCertificate, AccessScope::AllCertificates]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Whether a person signed in with `used` may enter through a membership invited for `invited`.
    /// The caller has already checked that both certificates belong to the member's person.
    pub fn admits(self, invited: &Ssn, used: &Ssn) -> bool {
        match self {
            AccessScope::ThisCertificate => invited == used,
            AccessScope::AllCertificates => true,
        }
    }
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 5] = [
        MemberStatus::Invited,
        MemberStatus::Active,
        MemberStatus::Deactivated,
        MemberStatus::Refused,
        MemberStatus::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MemberStatus::Invited => "invited",
            MemberStatus::Active => "active",
            MemberStatus::Deactivated => "deactivated",
            MemberStatus::Refused => "refused",
            MemberStatus::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Whether a membership lets someone signed in with certificate `used` into its eSpace now:
/// it must be active, and its access scope must admit that certificate. Checked on every request.
pub fn admits_entry(status: MemberStatus, scope: AccessScope, invited: &Ssn, used: &Ssn) -> bool {
    status == MemberStatus::Active && scope.admits(invited, used)
}

/// One row of an eSpace's member list, as every member of the eSpace may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub role: Role,
    pub scope: AccessScope,
    pub status: MemberStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_certificate_admits_only_the_invited_one() {
        let invited = Ssn::parse("11111111111111111111").unwrap();
        let other = Ssn::parse("22222222222222222222").unwrap();
        assert!(AccessScope::ThisCertificate.admits(&invited, &invited));
        assert!(!AccessScope::ThisCertificate.admits(&invited, &other));
        assert!(AccessScope::AllCertificates.admits(&invited, &other));
    }

    #[test]
    fn only_active_members_enter() {
        let ssn = Ssn::parse("11111111111111111111").unwrap();
        for status in MemberStatus::ALL {
            let admitted = admits_entry(status, AccessScope::AllCertificates, &ssn, &ssn);
            assert_eq!(admitted, status == MemberStatus::Active, "{status:?}");
        }
        let other = Ssn::parse("22222222222222222222").unwrap();
        assert!(!admits_entry(
            MemberStatus::Active,
            AccessScope::ThisCertificate,
            &ssn,
            &other
        ));
    }

    #[test]
    fn codes_round_trip() {
        for s in MemberStatus::ALL {
            assert_eq!(MemberStatus::from_code(s.code()), Some(s));
        }
        for s in [AccessScope::ThisCertificate, AccessScope::AllCertificates] {
            assert_eq!(AccessScope::from_code(s.code()), Some(s));
        }
        assert_eq!(MemberStatus::from_code("gone"), None);
    }
}
