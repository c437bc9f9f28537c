//! Why an access code typed into an eSpace was not registered, and how wrong codes are counted.
//! A leaf: validation's `Problem::Code` carries a refusal, and the access-code rules use it.

use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// Why a code typed into an eSpace was not registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeRefusal {
    /// No such code (or mistyped), or one whose state this eSpace is not told.
    Unknown,
    /// Past its activation deadline.
    Expired,
    Revoked,
    /// Registered already; a code works once.
    Used,
    /// An owner code entered as a representative's, or the other way round.
    WrongKind,
    /// Too many wrong codes lately, counted as `counted` says; try again after this Unix time.
    TooManyAttempts {
        retry_at: Timestamp,
        counted: AttemptCounter,
    },
}

impl CodeRefusal {
    /// The refusal as the eSpace that typed the code is told it. That a code exists is told
    /// only to an eSpace `concerned` by it (the one that used it, or the one certified for its
    /// company and domain): to anyone else an expired, revoked, used or other-kind code reads as
    /// unknown, so guessing learns nothing, not even that a guess hit a code.
    pub fn as_told(self, concerned: bool) -> Self {
        match self {
            Self::Expired | Self::Revoked | Self::Used | Self::WrongKind if !concerned => {
                Self::Unknown
            }
            other => other,
        }
    }
}

/// Whose wrong codes are counted, each against its own limit within [`ATTEMPT_WINDOW`]: the
/// eSpace's; the person's, across all their eSpaces (new eSpaces cost nothing to create); the
/// whole portal's, a circuit breaker against guessing spread over many people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttemptCounter {
    Espace,
    Person,
    Portal,
}

impl AttemptCounter {
    /// Checked in this order: the narrowest limit reached is the one reported.
    pub const ALL: [Self; 3] = [Self::Espace, Self::Person, Self::Portal];

    /// Wrong codes allowed within [`ATTEMPT_WINDOW`] before every attempt must wait.
    pub const fn limit(self) -> i64 {
        match self {
            Self::Espace => 5,
            Self::Person => 10,
            Self::Portal => 100,
        }
    }
}

/// Seconds over which wrong codes are counted.
pub const ATTEMPT_WINDOW: i64 = 15 * 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guessed_code_reveals_nothing_to_an_espace_it_does_not_concern() {
        use CodeRefusal::*;
        for refusal in [Expired, Revoked, Used, WrongKind] {
            assert_eq!(refusal.as_told(false), Unknown, "{refusal:?}");
            assert_eq!(refusal.as_told(true), refusal);
        }
        let waiting = TooManyAttempts {
            retry_at: Timestamp::from_unix(1),
            counted: AttemptCounter::Person,
        };
        assert_eq!(waiting.as_told(false), waiting);
        assert_eq!(Unknown.as_told(true), Unknown);
    }

    #[test]
    fn the_wider_the_counter_the_higher_its_limit() {
        let limits = AttemptCounter::ALL.map(AttemptCounter::limit);
        assert!(limits.windows(2).all(|w| w[0] < w[1]), "{limits:?}");
    }
}
