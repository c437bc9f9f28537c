//! Numbers of the Luxembourg Trade and Companies Register (Num. RCS): a capital letter for the
//! kind of entity and 1 to 6 digits, e.g. `B112233`, often written "R.C.S. Luxembourg B 112 233".

use crate::domain::validation::Problem;

const PREFIX: &str = "RCSLUXEMBOURG";

/// Checks an RCS number and answers it normalised: prefix, spaces and dots removed, letter in
/// capitals.
pub fn normalise(value: &str) -> Result<String, Problem> {
    let compact: String = value.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    let rest = match compact.get(..PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(PREFIX) => &compact[PREFIX.len()..],
        _ => compact.as_str(),
    };
    let mut chars = rest.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic);
    let digits = chars.as_str();
    match letter {
        Some(letter)
            if (1..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Ok(format!("{}{digits}", letter.to_ascii_uppercase()))
        }
        _ => Err(Problem::RcsFormat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_forms_normalise() {
        assert_eq!(normalise("B112233").as_deref(), Ok("B112233"));
        assert_eq!(
            normalise("R.C.S. Luxembourg B 112.233").as_deref(),
            Ok("B112233")
        );
        assert_eq!(normalise("RCS Luxembourg B1").as_deref(), Ok("B1"));
        assert_eq!(normalise("a 12345").as_deref(), Ok("A12345"));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "B",
            "112233",
            "B1234567",
            "BB112233",
            "B11-2233",
            "R.C.S. Paris B1",
            "É12",
        ] {
            assert_eq!(normalise(bad), Err(Problem::RcsFormat), "{bad}");
        }
    }
}
