//! Field-level validation shared by forms (as the user types) and server functions (the authority).

use super::{bulk_error::BulkError, code_refusal::CodeRefusal, ssn::SsnError};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// What is wrong with one field; the UI turns it into a sentence in the user's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    /// Tabs, line breaks and other invisible characters in a one-line field.
    ControlCharacters,
    /// Invisible characters other than line breaks and tabs in a text of several lines.
    InvisibleCharacters,
    UnknownChoice,
    /// An attachment that is not (or no longer) among the eSpace's documents.
    UnknownDocument,
    Ssn(SsnError),
    /// Not an email address (`name@domain`).
    Email,
    /// The SSN is already an active, invited or deactivated member of this eSpace.
    AlreadyMember,
    /// A bulk-invitation file that cannot be read as a whole.
    Csv(BulkError),
    /// Not `LU` and 8 digits.
    VatFormat,
    /// 8 digits whose check (first six mod 89 = last two) fails.
    VatCheck,
    /// Not 11 or 13 digits.
    NationalIdFormat,
    NationalIdCheck,
    /// Not a capital letter and 1–6 digits.
    RcsFormat,
    /// Not an http(s) address of a named host.
    Website,
    /// Not shaped like a NACE code (`M`, `69`, `69.2`, `69.20`).
    NaceFormat,
    /// Shaped like one, but not in NACE Rev. 2.
    NaceUnknown,
    /// Not a telephone number (digits, spaces, `+ ( ) / . -`).
    Phone,
    /// Another administrator saved this field since the form was opened.
    ChangedMeanwhile,
    /// Not 16 characters of the access-code alphabet.
    AccessCodeFormat,
    /// A well-formed access code the eSpace cannot register.
    Code(CodeRefusal),
    /// Not a date (`YYYY-MM-DD`, as date fields send it).
    Date,
    /// A date already past where only today or later makes sense.
    DateInPast,
    /// After the end of use the administration set (Unix seconds): a principal cannot extend it.
    AfterAdministrationEnd {
        end: Timestamp,
    },
    /// Not a Luxembourg postcode (four digits, `L-` optional).
    Postcode,
    /// Not a whole number between these.
    NumberRange {
        min: i64,
        max: i64,
    },
    /// More supporting documents than `certification::MAX_DOCUMENTS`.
    TooManyDocuments,
    /// The chosen file with this number (from 1) is not a PDF, PNG or JPEG.
    DocumentKind {
        number: u8,
    },
    /// The chosen file with this number is empty or larger than
    /// `certification::MAX_DOCUMENT_BYTES`.
    DocumentSize {
        number: u8,
    },
    /// The name of the chosen file with this number holds invisible characters.
    DocumentName {
        number: u8,
    },
    /// A file for "Mes documents" of a kind it does not keep.
    UnsupportedFile,
    /// A file for "Mes documents" larger than it keeps.
    FileTooLarge {
        max_megabytes: u64,
    },
}

/// A problem and the form field (its `name`) it belongs next to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> Self {
        Self {
            field: field.to_owned(),
            problem,
        }
    }
}

/// Characters that show nothing, or change how the text around them shows: control characters
/// and Unicode's format characters (bidirectional overrides and isolates, zero-width spaces and
/// joiners, the byte-order mark, tags). In a name or a one-line field they can only mislead: a
/// right-to-left override makes a name read otherwise than it is, in the portal and in the back
/// office alike.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// In a text of several lines, line breaks and tabs are its own; anything else invisible is not.
pub fn is_invisible_in_text(c: char) -> bool {
    is_invisible(c) && !matches!(c, '\n' | '\r' | '\t')
}

/// A mandatory one-line text: trimmed, not empty, at most `max` characters, nothing invisible.
pub fn required_line(value: &str, max: usize) -> Result<String, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    if value.chars().any(is_invisible) {
        return Err(Problem::ControlCharacters);
    }
    if value.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    Ok(value.to_owned())
}

/// A mandatory text of several lines: trimmed, not empty, at most `max` characters, line breaks
/// kept (as `\n`), nothing else invisible.
pub fn required_text(value: &str, max: usize) -> Result<String, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    if value.chars().any(is_invisible_in_text) {
        return Err(Problem::InvisibleCharacters);
    }
    if value.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    Ok(value.replace("\r\n", "\n"))
}

/// An optional one-line text: empty (after trimming) is `None`, otherwise as [`required_line`].
pub fn optional_line(value: &str, max: usize) -> Result<Option<String>, Problem> {
    match required_line(value, max) {
        Err(Problem::Required) => Ok(None),
        other => other.map(Some),
    }
}

/// Longest telephone number accepted, separators included.
pub const PHONE_MAX: usize = 30;

/// An optional telephone or fax number: digits with the separators people write (`+352 26 12
/// 34-56`, `(0)`, `/`), between 6 and 15 digits as ITU E.164 allows; kept as typed, trimmed.
pub fn optional_phone(value: &str) -> Result<Option<String>, Problem> {
    let Some(value) = optional_line(value, PHONE_MAX)? else {
        return Ok(None);
    };
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +()/.-".contains(c));
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let plus_first = value.rfind('+').is_none_or(|i| i == 0);
    if !allowed || !(6..=15).contains(&digits) || !plus_first {
        return Err(Problem::Phone);
    }
    Ok(Some(value))
}

/// A mandatory email address, trimmed; checked by RFC 5322's address syntax and required to have
/// a domain with a dot, since mail to a bare host name never reaches anyone outside.
pub fn required_email(value: &str) -> Result<String, Problem> {
    let value = required_line(value, EMAIL_MAX)?;
    let parsed = email_address::EmailAddress::parse_with_options(
        &value,
        email_address::Options::default().without_display_text(),
    )
    .map_err(|_| Problem::Email)?;
    if !parsed.domain().contains('.') {
        return Err(Problem::Email);
    }
    Ok(value)
}

/// RFC 5321's limit on a forward path.
pub const EMAIL_MAX: usize = 254;

/// The problem of `field` among `errors`, for showing it next to that field.
pub fn problem_of(errors: &[FieldError], field: &str) -> Option<Problem> {
    errors.iter().find(|e| e.field == field).map(|e| e.problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_line_trims_and_bounds() {
        assert_eq!(required_line("  Muller  ", 10), Ok("Muller".into()));
        assert_eq!(required_line("   ", 10), Err(Problem::Required));
        assert_eq!(
            required_line("abcdefghijk", 10),
            Err(Problem::TooLong { max: 10 })
        );
        assert_eq!(required_line("a\tb", 10), Err(Problem::ControlCharacters));
        // a right-to-left override, a zero-width space, a C1 control, a byte-order mark
        for hidden in [
            "Claire\u{202E}reilliM",
            "Cla\u{200B}ire",
            "a\u{85}b",
            "\u{FEFF}x",
        ] {
            assert_eq!(
                required_line(hidden, 50),
                Err(Problem::ControlCharacters),
                "{hidden:?}"
            );
        }
        assert_eq!(
            required_line("Émile Zoë Ærø Łukasz 李", 50).as_deref(),
            Ok("Émile Zoë Ærø Łukasz 李")
        );
        assert!(is_invisible_in_text('\u{2067}') && !is_invisible_in_text('\n'));
        // counted in characters, not bytes
        assert_eq!(required_line("éééééééééé", 10), Ok("éééééééééé".into()));
    }

    #[test]
    fn optional_lines_and_phones() {
        assert_eq!(optional_line("  ", 5), Ok(None));
        assert_eq!(optional_line(" ab ", 5), Ok(Some("ab".into())));
        assert_eq!(optional_line("abcdef", 5), Err(Problem::TooLong { max: 5 }));
        assert_eq!(
            optional_phone(" +352 26 12 34-56 "),
            Ok(Some("+352 26 12 34-56".into()))
        );
        assert_eq!(
            optional_phone("(0)621 123 456"),
            Ok(Some("(0)621 123 456".into()))
        );
        assert_eq!(optional_phone(""), Ok(None));
        for bad in [
            "12345",
            "+352 abc 123456",
            "352+261234",
            "1234567890123456",
            "☎ 26123456",
        ] {
            assert_eq!(optional_phone(bad), Err(Problem::Phone), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            required_email(" claire.muller@muller-fils.lu "),
            Ok("claire.muller@muller-fils.lu".into())
        );
        for bad in [
            "claire",
            "claire@",
            "@muller.lu",
            "claire@localhost",
            "a b@c.lu",
            "Claire <c@d.lu>",
        ] {
            assert_eq!(required_email(bad), Err(Problem::Email), "{bad}");
        }
        assert_eq!(required_email(""), Err(Problem::Required));
    }

    #[test]
    fn finds_the_problem_of_a_field() {
        let errors = vec![FieldError::new("name", Problem::Required)];
        assert_eq!(problem_of(&errors, "name"), Some(Problem::Required));
        assert_eq!(problem_of(&errors, "language"), None);
    }
}
