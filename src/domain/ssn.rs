//! The Subject Serial Number (SSN) of an authentication certificate: it identifies the
//! certificate an invitation is addressed to and the one a person signed in with.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Exactly 20 ASCII digits. People copy it from the portal's name menu or from LuxTrust's
/// certificate test page, often with spaces every four digits, so spaces are dropped first.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ssn(String);

/// Why a typed SSN is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SsnError {
    Empty,
    /// Something other than the ASCII digits 0–9 (full-width or Arabic-Indic digits included:
    /// they look like digits but no certificate carries them).
    NotDigits,
    /// Only digits, but not 20 of them.
    WrongLength {
        found: usize,
    },
}

impl Ssn {
    pub const LENGTH: usize = 20;

    pub fn parse(input: &str) -> Result<Self, SsnError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(SsnError::Empty);
        }
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(SsnError::NotDigits);
        }
        if compact.len() != Self::LENGTH {
            return Err(SsnError::WrongLength {
                found: compact.len(),
            });
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ssn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_twenty_ascii_digits() {
        let ssn = Ssn::parse("00000000000000012345").unwrap();
        assert_eq!(ssn.as_str(), "00000000000000012345");
    }

    #[test]
    fn drops_spaces_people_copy_along() {
        let ssn = Ssn::parse(" 1234 5678 9012 3456 7890 ").unwrap();
        assert_eq!(ssn.as_str(), "12345678901234567890");
    }

    #[test]
    fn refuses_wrong_lengths() {
        assert_eq!(
            Ssn::parse("1234567890123456789"),
            Err(SsnError::WrongLength { found: 19 })
        );
        assert_eq!(
            Ssn::parse("123456789012345678901"),
            Err(SsnError::WrongLength { found: 21 })
        );
        assert_eq!(Ssn::parse("   "), Err(SsnError::Empty));
    }

    #[test]
    fn refuses_letters_and_punctuation() {
        assert_eq!(Ssn::parse("1234567890123456789A"), Err(SsnError::NotDigits));
        assert_eq!(
            Ssn::parse("1234-5678-9012-3456-7890"),
            Err(SsnError::NotDigits)
        );
    }

    #[test]
    fn refuses_digits_that_are_not_ascii() {
        // full-width digits (U+FF10..) and Arabic-Indic digits (U+0660..)
        assert_eq!(
            Ssn::parse("１２３４５６７８９０１２３４５６７８９０"),
            Err(SsnError::NotDigits)
        );
        assert_eq!(Ssn::parse("٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩"), Err(SsnError::NotDigits));
    }
}
