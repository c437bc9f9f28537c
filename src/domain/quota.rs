//! Volume limits: how much one person or one eSpace may ask of the portal, so that nobody can
//! send mass mail through it or fill its database. Counted in the database, so they hold across
//! app servers; a use counts when it is asked for, like a wrong access code.

use super::code::coded;
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

const DAY: i64 = 24 * 60 * 60;

coded! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Quota {
        /// Invitation emails (sent or sent again) an eSpace sends within a day.
        InvitationsPerEspace = "invitations_per_espace",
        /// Invitation emails a person sends within a day, across their eSpaces (GitHub allows 50).
        InvitationsPerPerson = "invitations_per_person",
        /// eSpaces a person creates within a day.
        EspacesPerPerson = "espaces_per_person",
        /// Certification requests an eSpace sends within a day.
        CertificationRequestsPerEspace = "certification_requests_per_espace",
        /// Bytes an eSpace stores in documents, in all.
        StoredBytesPerEspace = "stored_bytes_per_espace",
    }
}

/// The limits in force: these defaults, or the operator's (`[espace.quotas]`, e.g.
/// `ESPACE_QUOTAS__INVITATIONS_PER_PERSON`), who may raise them for a large company's
/// onboarding or a load test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuotaLimits {
    pub invitations_per_espace: i64,
    pub invitations_per_person: i64,
    pub espaces_per_person: i64,
    pub certification_requests_per_espace: i64,
    pub stored_megabytes_per_espace: i64,
}

impl Default for QuotaLimits {
    fn default() -> Self {
        Self {
            invitations_per_espace: 100,
            invitations_per_person: 50,
            espaces_per_person: 10,
            certification_requests_per_espace: 5,
            stored_megabytes_per_espace: 100,
        }
    }
}

impl QuotaLimits {
    /// The most `quota` allows within its window (bytes for `StoredBytesPerEspace`).
    pub fn of(&self, quota: Quota) -> i64 {
        match quota {
            Quota::InvitationsPerEspace => self.invitations_per_espace,
            Quota::InvitationsPerPerson => self.invitations_per_person,
            Quota::EspacesPerPerson => self.espaces_per_person,
            Quota::CertificationRequestsPerEspace => self.certification_requests_per_espace,
            Quota::StoredBytesPerEspace => self.stored_megabytes_per_espace.saturating_mul(1 << 20),
        }
    }

    /// Whether `asked` more uses of `quota` fit beside the `used` already counted; if not, the
    /// refusal, with when enough will have left the window (`oldest`: the oldest use counted).
    pub fn allows(
        &self,
        quota: Quota,
        used: i64,
        asked: i64,
        oldest: Option<Timestamp>,
    ) -> Result<(), QuotaReached> {
        let limit = self.of(quota);
        if used.saturating_add(asked) <= limit {
            return Ok(());
        }
        Err(QuotaReached {
            quota,
            limit,
            retry_at: quota
                .window()
                .zip(oldest)
                .map(|(window, at)| at + window + 1),
        })
    }
}

impl Quota {
    /// Seconds over which uses are counted; `None`: what is stored, for as long as it is.
    pub const fn window(self) -> Option<i64> {
        match self {
            Self::StoredBytesPerEspace => None,
            _ => Some(DAY),
        }
    }
}

/// A quota that does not let an action happen now: until `retry_at` (Unix seconds), or, for
/// stored bytes, until something is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaReached {
    pub quota: Quota,
    /// The limit in force (bytes for `StoredBytesPerEspace`).
    pub limit: i64,
    pub retry_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quota_allows_up_to_its_limit() {
        let limits = QuotaLimits::default();
        let quota = Quota::InvitationsPerPerson;
        assert_eq!(
            limits.allows(quota, 49, 1, Some(Timestamp::from_unix(10))),
            Ok(())
        );
        assert_eq!(
            limits.allows(quota, 50, 1, Some(Timestamp::from_unix(10))),
            Err(QuotaReached {
                quota,
                limit: 50,
                retry_at: Some(Timestamp::from_unix(10) + DAY + 1)
            })
        );
        // several at once must all fit
        assert!(
            limits
                .allows(quota, 40, 11, Some(Timestamp::from_unix(10)))
                .is_err()
        );
        let bytes = Quota::StoredBytesPerEspace;
        assert_eq!(
            limits.allows(bytes, limits.of(bytes), 1, None),
            Err(QuotaReached {
                quota: bytes,
                limit: 100 << 20,
                retry_at: None
            })
        );
        assert!(limits.allows(bytes, i64::MAX, i64::MAX, None).is_err());
    }

    #[test]
    fn an_operator_may_set_other_limits() {
        let limits = QuotaLimits {
            invitations_per_person: 1000,
            ..QuotaLimits::default()
        };
        assert_eq!(
            limits.allows(Quota::InvitationsPerPerson, 999, 1, None),
            Ok(())
        );
        assert_eq!(limits.of(Quota::EspacesPerPerson), 10);
    }
}
