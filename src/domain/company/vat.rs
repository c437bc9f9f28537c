//! Luxembourg VAT numbers (Num. T.V.A.): `LU` and 8 digits whose first six, modulo 89, equal
//! the last two.

use super::digits_of;
use crate::domain::validation::Problem;

/// Checks a VAT number and answers it normalised (`LU20976985`). Spaces, dots, dashes and a
/// leading `LU` (any case) are accepted.
pub fn normalise(value: &str) -> Result<String, Problem> {
    let value = value.trim();
    let rest = match value.get(..2) {
        Some(prefix) if prefix.eq_ignore_ascii_case("LU") => &value[2..],
        _ => value,
    };
    let digits = digits_of(rest)
        .filter(|d| d.len() == 8)
        .ok_or(Problem::VatFormat)?;
    let number = |range: std::ops::Range<usize>| {
        digits[range]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(*d))
    };
    if number(0..6) % 89 != number(6..8) {
        return Err(Problem::VatCheck);
    }
    Ok(format!(
        "LU{}",
        digits
            .iter()
            .map(|d| char::from(b'0' + d))
            .collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_numbers_pass_and_are_normalised() {
        for valid in ["LU20976985", "LU29173986", "LU15027442"] {
            assert_eq!(normalise(valid).as_deref(), Ok(valid));
        }
        assert_eq!(normalise(" lu 209.769-85 ").as_deref(), Ok("LU20976985"));
        assert_eq!(normalise("20976985").as_deref(), Ok("LU20976985"));
    }

    #[test]
    fn wrong_numbers_are_refused_with_the_reason() {
        assert_eq!(normalise("LU12345678"), Err(Problem::VatCheck));
        assert_eq!(normalise("LU2097698"), Err(Problem::VatFormat));
        assert_eq!(normalise("LU209769850"), Err(Problem::VatFormat));
        assert_eq!(normalise("FR20976985"), Err(Problem::VatFormat));
        assert_eq!(normalise("LU2097698x"), Err(Problem::VatFormat));
        // full-width digits look like digits but are not what the administration issues
        assert_eq!(normalise("LU２０976985"), Err(Problem::VatFormat));
    }
}
