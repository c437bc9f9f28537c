//! Luxembourg national identifiers (Num. Identifiant, "matricule"): a company's 11 digits, or
//! 13 digits — a person's (birth date, sequence, Luhn and Verhoeff check digits) or a
//! company's (its 11 digits and two more).

use super::digits_of;
use crate::domain::validation::Problem;

/// Checks a national identifier and answers its digits alone (spaces, dots, dashes removed).
pub fn normalise(value: &str) -> Result<String, Problem> {
    let digits = digits_of(value.trim()).ok_or(Problem::NationalIdFormat)?;
    let valid = match digits.len() {
        11 => company_valid(&digits),
        13 => person_valid(&digits) || company_valid(&digits[..11]),
        _ => return Err(Problem::NationalIdFormat),
    };
    if !valid {
        return Err(Problem::NationalIdCheck);
    }
    Ok(digits.iter().map(|d| char::from(b'0' + d)).collect())
}

/// Whether a normalised identifier is a person's (13 digits: a real birth date and both check
/// digits), not a company's.
pub fn is_person(normalised: &str) -> bool {
    digits_of(normalised).is_some_and(|digits| digits.len() == 13 && person_valid(&digits))
}

/// Weights 5,4,3,2,7,6,5,4,3,2 over the first ten digits; `r = sum mod 11`; the eleventh digit
/// is 0 when r = 0, else 11 − r (r = 1 would need a 10 and is never issued).
fn company_valid(digits: &[u8]) -> bool {
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = digits[..10]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    match sum % 11 {
        0 => digits[10] == 0,
        1 => false,
        r => u32::from(digits[10]) == 11 - r,
    }
}

/// YYYYMMDD (a real date), a 3-digit sequence, then the Luhn and the Verhoeff check digits of
/// the first eleven.
fn person_valid(digits: &[u8]) -> bool {
    let number = |range: std::ops::Range<usize>| {
        digits[range]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(*d))
    };
    let month = time::Month::try_from(number(4..6) as u8);
    let real_date = month.is_ok_and(|month| {
        time::Date::from_calendar_date(number(0..4) as i32, month, number(6..8) as u8).is_ok()
    });
    real_date
        && luhn_digit(&digits[..11]) == digits[11]
        && verhoeff_digit(&digits[..11]) == digits[12]
}

/// The digit that makes `digits` followed by it pass the Luhn check.
fn luhn_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The Verhoeff check digit of `digits` (dihedral group D5).
fn verhoeff_digit(digits: &[u8]) -> u8 {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    const INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];
    let c = digits.iter().rev().enumerate().fold(0u8, |c, (i, &d)| {
        D[c as usize][P[(i + 1) % 8][d as usize] as usize]
    });
    INV[c as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn companies_with_11_digits() {
        assert_eq!(normalise("20202201246").as_deref(), Ok("20202201246"));
        assert_eq!(normalise(" 2020 2201 246 ").as_deref(), Ok("20202201246"));
        assert_eq!(normalise("20202201245"), Err(Problem::NationalIdCheck));
        // 2·5 + 1·2 = 12, r = 1: never issued, whatever the eleventh digit
        assert_eq!(normalise("20000000010"), Err(Problem::NationalIdCheck));
        assert_eq!(normalise("20000000011"), Err(Problem::NationalIdCheck));
    }

    #[test]
    fn people_with_13_digits() {
        assert_eq!(normalise("1893120105732").as_deref(), Ok("1893120105732"));
        assert_eq!(
            normalise("1893 1201 057 32").as_deref(),
            Ok("1893120105732")
        );
        assert_eq!(normalise("1985031512371").as_deref(), Ok("1985031512371"));
        // wrong Luhn digit, wrong Verhoeff digit (the first 11 digits are no company's)
        assert_eq!(normalise("1985031512381"), Err(Problem::NationalIdCheck));
        assert_eq!(normalise("1985031512372"), Err(Problem::NationalIdCheck));
        // both check digits right, but 30 February is no birth date
        assert_eq!(normalise("1985023012399"), Err(Problem::NationalIdCheck));
    }

    #[test]
    fn companies_with_13_digits() {
        assert_eq!(normalise("2020220124601").as_deref(), Ok("2020220124601"));
        assert_eq!(normalise("2020220124501"), Err(Problem::NationalIdCheck));
    }

    #[test]
    fn check_digit_algorithms_match_their_references() {
        // Luhn: 7992739871 + 3; Verhoeff: 236 + 3
        assert_eq!(luhn_digit(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1]), 3);
        assert_eq!(verhoeff_digit(&[2, 3, 6]), 3);
    }

    #[test]
    fn other_lengths_and_characters_are_refused() {
        for bad in [
            "",
            "2020220124",
            "202022012460",
            "20202201246012",
            "2020220124a",
            "LU20202201246",
        ] {
            assert_eq!(normalise(bad), Err(Problem::NationalIdFormat), "{bad}");
        }
    }
}
