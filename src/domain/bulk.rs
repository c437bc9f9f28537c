//! Bulk invitation from a CSV file: one invitation per line, columns in the order of the form
//! (family name, given name, email, SSN, role, access scope). Each line is then validated and
//! invited on its own, with the rules of a single invitation.

use super::{
    bulk_error::{BulkError, MAX_ROWS},
    invitation::InvitationForm,
    validation::FieldError,
};
use serde::{Deserialize, Serialize};

/// One line of the file, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkRow {
    /// Line number in the file, from 1, as a spreadsheet shows it.
    pub line: u64,
    pub form: InvitationForm,
}

/// What became of one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkOutcome {
    Invited,
    Refused(Vec<FieldError>),
    /// Not invited: the day's invitations are used up (this line and the ones after it).
    NotSent(super::quota::QuotaReached),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkLine {
    pub line: u64,
    /// "Given Family", as typed, to recognise the line.
    pub name: String,
    pub outcome: BulkOutcome,
}

/// Reads the file: `,` or `;` separated (spreadsheets in French and German write `;`), with or
/// without a header line (a first line without any `@` is taken as one), blank lines skipped.
pub fn parse(text: &str) -> Result<Vec<BulkRow>, BulkError> {
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    // The reader drops blank lines without counting them; a lone delimiter keeps the count right
    // (and reads as an empty record, skipped below).
    let lone = if delimiter == b';' { ";" } else { "," };
    let text: String = text
        .lines()
        .map(|l| if l.trim().is_empty() { lone } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut seen_content = false;
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| BulkError::Unreadable {
            line: e.position().map_or(index as u64 + 1, |p| p.line()),
        })?;
        let line = record.position().map_or(index as u64 + 1, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let first = !seen_content;
        seen_content = true;
        if first && !record.iter().any(|c| c.contains('@')) {
            continue; // the header
        }
        let cell = |i: usize| record.get(i).unwrap_or("").to_owned();
        rows.push(BulkRow {
            line,
            form: InvitationForm {
                family_name: cell(0),
                given_name: cell(1),
                email: cell(2),
                ssn: cell(3),
                role: cell(4),
                scope: cell(5),
            },
        });
        if rows.len() > MAX_ROWS {
            return Err(BulkError::TooManyRows);
        }
    }
    if rows.is_empty() {
        return Err(BulkError::Empty);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_with_a_header_and_semicolons() {
        let text = "\u{feff}Nom;Prénom;E-mail;SSN;Rôle;Accès\n\
                    Guichet;Claude;claude@example.lu;12345678901234567890;manager;this_certificate\n\
                    \n\
                    \"Muller; Jr\";Anne;anne@example.lu;1234;administrator;all_certificates\n";
        let rows = parse(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].form.given_name, "Claude");
        assert_eq!(rows[0].form.role, "manager");
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].form.family_name, "Muller; Jr");
    }

    #[test]
    fn reads_commas_without_a_header_and_short_lines() {
        let rows = parse("\n\nGuichet,Claude,claude@example.lu\n").unwrap();
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].form.email, "claude@example.lu");
        assert_eq!(rows[0].form.ssn, "");
    }

    #[test]
    fn refuses_empty_and_oversized_files() {
        assert_eq!(parse(" \n\n"), Err(BulkError::Empty));
        assert_eq!(parse("Nom,Prénom,E-mail\n"), Err(BulkError::Empty));
        let many = "a,b,c@d.lu\n".repeat(MAX_ROWS + 1);
        assert_eq!(parse(&many), Err(BulkError::TooManyRows));
        assert_eq!(
            parse(&"a,b,c@d.lu\n".repeat(MAX_ROWS)).unwrap().len(),
            MAX_ROWS
        );
    }
}
