//! Access codes (help "Managing mandates"): an administration issues, per company and domain, one
//! owner activation code and any number of proxy codes. People type them from a letter, so they use
//! Crockford's base-32 alphabet (no I, L, O, U; `I`/`L` read as 1, `O` as 0), 16 characters (80
//! random bits) shown in groups of four. Only a hash is stored; the code is shown once.

use super::code::coded;
use super::id::{CodeId, CompanyId};
use super::validation::Problem;
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// Crockford's base-32 digits, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code.
pub const LENGTH: usize = 16;

/// A code in its normalised form: 16 alphabet characters, no separators.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessCode(String);

impl std::fmt::Debug for AccessCode {
    /// Never printed in full: logs must not hold a usable code.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AccessCode({}…)", &self.0[..4])
    }
}

impl AccessCode {
    /// Reads a typed code: case, spaces and dashes do not matter, look-alikes are read as the
    /// alphabet's character (I, L → 1; O → 0).
    pub fn parse(typed: &str) -> Result<Self, Problem> {
        let mut code = String::with_capacity(LENGTH);
        for c in typed.chars().filter(|c| !matches!(c, ' ' | '-')) {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(Problem::AccessCodeFormat);
            }
            code.push(c);
        }
        if code.len() != LENGTH {
            return Err(Problem::AccessCodeFormat);
        }
        Ok(Self(code))
    }

    /// A code from 80 random bits (16 × 5), for the administration to issue.
    pub fn from_random(bytes: [u8; 10]) -> Self {
        let bits = bytes.iter().fold(0u128, |n, b| (n << 8) | u128::from(*b));
        let code = (0..LENGTH)
            .rev()
            .map(|i| char::from(ALPHABET[((bits >> (5 * i)) & 31) as usize]))
            .collect();
        Self(code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As printed on the letter: `ABCD-EFGH-JKMN-PQRS`.
    pub fn grouped(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars
            .chunks(4)
            .map(|g| g.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    }
}

coded! {
    #[command_line]
    /// Which code: the company's own (certifies its eSpace for the domain) or one it gives a
    /// representative (creates a mandate to the representative's eSpace).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum CodeKind {
        Owner = "owner",
        Proxy = "proxy",
    }
}

coded! {
    #[command_line]
    /// The field of administration a code opens (help "Managing eSpaces": e.g. social security, tax,
    /// sports federations).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Domain {
        SocialSecurity = "social_security",
        Tax = "tax",
        SportsFederations = "sports_federations",
        SocialElections = "social_elections",
    }
}

/// Where a code stands at a given moment, from its dates and what happened to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeState {
    /// May be registered now.
    Usable,
    /// Registered already (a code works once).
    Used,
    Revoked,
    /// Not registered before the activation deadline.
    Expired,
}

/// The dates and events of an issued code that decide its state (Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeLife {
    pub activation_deadline: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub used_at: Option<Timestamp>,
}

impl CodeLife {
    pub fn state(&self, now: Timestamp) -> CodeState {
        if self.revoked_at.is_some() {
            CodeState::Revoked
        } else if self.used_at.is_some() {
            CodeState::Used
        } else if now > self.activation_deadline {
            CodeState::Expired
        } else {
            CodeState::Usable
        }
    }
}

/// What an operator asks for: codes for one company and domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeOrder {
    /// The company's national identifier, normalised (`company::national_id`).
    pub company: CompanyId,
    pub domain: Domain,
    pub kind: CodeKind,
    pub activation_deadline: Timestamp,
    pub end_of_use: Option<Timestamp>,
}

/// An issued code as the back office lists it (never the code itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    pub id: CodeId,
    pub company: CompanyId,
    pub domain: Domain,
    pub kind: CodeKind,
    pub activation_deadline: Timestamp,
    pub end_of_use: Option<Timestamp>,
    pub issued_at: Timestamp,
    pub issued_by: String,
    pub state: CodeState,
}

/// Why issuing was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum IssueRefusal {
    /// An owner code for this company and domain is active; revoke it first.
    #[error("an owner code is already active for this company and domain; revoke it first")]
    OwnerActive,
    #[error("the activation deadline is in the past")]
    DeadlinePassed,
    #[error("the end of use comes before the activation deadline")]
    EndBeforeDeadline,
}

impl CodeOrder {
    /// The order's own dates; the one-owner rule is the database's (a unique index), so it
    /// holds under concurrent issuing.
    pub fn check(&self, now: Timestamp) -> Result<(), IssueRefusal> {
        if self.activation_deadline < now {
            return Err(IssueRefusal::DeadlinePassed);
        }
        if self
            .end_of_use
            .is_some_and(|end| end < self.activation_deadline)
        {
            return Err(IssueRefusal::EndBeforeDeadline);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_codes_are_read_forgivingly() {
        let code = AccessCode::parse("abcd-efgh jkmn-pqrs").unwrap();
        assert_eq!(code.as_str(), "ABCDEFGHJKMNPQRS");
        assert_eq!(code.grouped(), "ABCD-EFGH-JKMN-PQRS");
        // look-alikes
        assert_eq!(
            AccessCode::parse("IL0O-2345-6789-ABCD").unwrap().as_str(),
            "110023456789ABCD"
        );
        for bad in [
            "",
            "ABCD-EFGH-JKMN-PQR",
            "ABCD-EFGH-JKMN-PQRST",
            "ABCD-EFGH-JKMN-PQRU",
            "ABCD EFGH JKMN PQRÉ",
        ] {
            assert_eq!(
                AccessCode::parse(bad),
                Err(Problem::AccessCodeFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn random_codes_use_all_80_bits_and_parse_back() {
        let zero = AccessCode::from_random([0; 10]);
        assert_eq!(zero.as_str(), "0000000000000000");
        let ones = AccessCode::from_random([0xff; 10]);
        assert_eq!(ones.as_str(), "ZZZZZZZZZZZZZZZZ");
        let some = AccessCode::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(AccessCode::parse(&some.grouped()), Ok(some.clone()));
        assert!(!format!("{some:?}").contains(some.as_str()));
    }

    #[test]
    fn a_codes_state_follows_its_life() {
        let life = CodeLife {
            activation_deadline: Timestamp::from_unix(100),
            revoked_at: None,
            used_at: None,
        };
        assert_eq!(life.state(Timestamp::from_unix(100)), CodeState::Usable);
        assert_eq!(life.state(Timestamp::from_unix(101)), CodeState::Expired);
        assert_eq!(
            CodeLife {
                used_at: Some(Timestamp::from_unix(50)),
                ..life
            }
            .state(Timestamp::from_unix(101)),
            CodeState::Used
        );
        assert_eq!(
            CodeLife {
                revoked_at: Some(Timestamp::from_unix(60)),
                used_at: Some(Timestamp::from_unix(50)),
                ..life
            }
            .state(Timestamp::from_unix(0)),
            CodeState::Revoked
        );
        for kind in [CodeKind::Owner, CodeKind::Proxy] {
            assert_eq!(CodeKind::from_code(kind.code()), Some(kind));
        }
        for domain in Domain::ALL {
            assert_eq!(Domain::from_code(domain.code()), Some(domain));
        }
    }

    #[test]
    fn orders_check_their_dates() {
        let order = CodeOrder {
            company: "20202201246".into(),
            domain: Domain::Tax,
            kind: CodeKind::Owner,
            activation_deadline: Timestamp::from_unix(100),
            end_of_use: Some(Timestamp::from_unix(200)),
        };
        assert_eq!(order.check(Timestamp::from_unix(100)), Ok(()));
        assert_eq!(
            order.check(Timestamp::from_unix(101)),
            Err(IssueRefusal::DeadlinePassed)
        );
        let inverted = CodeOrder {
            end_of_use: Some(Timestamp::from_unix(50)),
            ..order
        };
        assert_eq!(
            inverted.check(Timestamp::from_unix(0)),
            Err(IssueRefusal::EndBeforeDeadline)
        );
    }
}
