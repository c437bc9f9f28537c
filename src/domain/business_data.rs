//! "Mes données professionnelles" (help "Adding users": every role can "see and check your company
//! data that is held by administrations and public bodies (also known as 'authentic sources')"):
//! what each source holds about a company, and the files its administration sends to import it.
//!
//! A source's file is CSV, `;`-separated, UTF-8, with a header line naming its columns (in any
//! order); one company per line, by national identifier. The columns of each source are in
//! [`Source::columns`]; several persons authorised to sign are separated by `|`.

use super::code::coded;
use super::id::CompanyId;
use super::{
    company::{national_id, rcs, vat},
    validation::{FieldError, Problem, required_line},
};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// Longest text of a cell (an address, a denomination).
pub const TEXT_MAX: usize = 300;
/// Most lines one file may hold.
pub const MAX_ROWS: usize = 100_000;

coded! {
    #[command_line]
    /// The authentic sources the portal reads.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Source {
        /// The trade and companies register (RCS): the register extract.
        Register = "register",
        /// The VAT registration.
        Vat = "vat",
        /// The employer registration with social security.
        Employer = "employer",
    }
}

impl Source {
    /// The columns of its file, `national_id` first.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Source::Register => &[
                "national_id",
                "denomination",
                "legal_form",
                "registered_address",
                "capital",
                "signatories",
                "rcs_number",
                "registered_on",
            ],
            Source::Vat => &["national_id", "vat_number", "registered_on"],
            Source::Employer => &["national_id", "employer_number", "registered_on"],
        }
    }
}

/// The register extract (RCS).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterExtract {
    pub denomination: String,
    pub legal_form: String,
    pub registered_address: String,
    /// As the register writes it, currency included ("12 400 EUR").
    pub capital: String,
    /// The persons authorised to sign for the company.
    pub signatories: Vec<String>,
    pub rcs_number: String,
    /// `YYYY-MM-DD`.
    pub registered_on: String,
}

/// A registration number and since when (VAT, employer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub number: String,
    /// `YYYY-MM-DD`.
    pub registered_on: String,
}

/// What one source holds about a company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Record {
    Register(RegisterExtract),
    Vat(Registration),
    Employer(Registration),
}

/// A company whose data an eSpace consults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consulted {
    pub national_id: CompanyId,
    /// The principal's name: its certified eSpace's, else the register's denomination.
    pub name: Option<String>,
    /// The eSpace's own company, not a principal.
    pub own: bool,
}

/// What a company's sources hold, each source in [`Source::ALL`]'s order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyData {
    pub company: Consulted,
    pub sources: Vec<FromSource>,
}

/// One source's part of a company's data: `None` when it has nothing about the company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FromSource {
    pub source: Source,
    pub held: Option<Held>,
}

/// What a source holds about a company, and when its file last changed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    pub record: Record,
    pub updated_at: Timestamp,
}

impl Record {
    pub fn source(&self) -> Source {
        match self {
            Record::Register(_) => Source::Register,
            Record::Vat(_) => Source::Vat,
            Record::Employer(_) => Source::Employer,
        }
    }
}

/// Whose data an eSpace consults: the companies it is certified for (an active owner code or an
/// approved certification request: a national identifier typed in the Signalétique alone proves
/// nothing), then each principal of an
/// active mandate whose scope includes data (help "Managing mandates": "consult the data of several
/// clients from the same eSpace"), each company once.
pub fn consulted(view: &super::mandate::CertificationsView) -> Vec<Consulted> {
    use super::mandate::RegistrationStatus::Active;
    let own = view
        .certifications
        .iter()
        .filter(|c| c.status == Active && !c.company.as_str().is_empty())
        .map(|c| Consulted {
            national_id: c.company.clone(),
            name: None,
            own: true,
        });
    let principals = view
        .mandates_received
        .iter()
        .filter(|m| m.status == Active && m.scope.allows_data())
        .map(|m| Consulted {
            national_id: m.company.clone(),
            name: m.counterpart.clone(),
            own: false,
        });
    let mut all: Vec<Consulted> = Vec::new();
    for company in own.chain(principals) {
        if !all.iter().any(|c| c.national_id == company.national_id) {
            all.push(company);
        }
    }
    all
}

/// One line of a source's file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    /// Line number in the file, from 1, the header being line 1.
    pub line: u64,
    pub national_id: CompanyId,
    pub record: Record,
}

/// Why a file, or a line of it, cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("no header line")]
    NoHeader,
    #[error("the header must name the columns {expected:?}")]
    Columns { expected: Vec<&'static str> },
    #[error("more than {MAX_ROWS} lines")]
    TooManyRows,
    #[error("line {line} is not readable as CSV")]
    Unreadable { line: u64 },
    #[error("line {line}: {errors:?}")]
    Line { line: u64, errors: Vec<FieldError> },
    #[error("line {line}: company {national_id} is on line {first} already")]
    Twice {
        line: u64,
        first: u64,
        national_id: CompanyId,
    },
}

/// Reads and checks a source's whole file: every line, or every problem found (by line), so
/// that nothing is imported from a file that is wrong anywhere.
pub fn read(source: Source, text: &str) -> Result<Vec<SourceRow>, Vec<ImportError>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) if !header.iter().all(str::is_empty) => {
            header.iter().map(str::to_owned).collect()
        }
        _ => return Err(vec![ImportError::NoHeader]),
    };
    let expected = source.columns();
    let mut sorted_header = header.clone();
    sorted_header.sort();
    let mut sorted_expected: Vec<_> = expected.iter().map(|c| c.to_string()).collect();
    sorted_expected.sort();
    if sorted_header != sorted_expected {
        return Err(vec![ImportError::Columns {
            expected: expected.to_vec(),
        }]);
    }
    let column = |name: &str| header.iter().position(|h| h == name);
    let mut rows: Vec<SourceRow> = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        let Ok(record) = record else {
            errors.push(ImportError::Unreadable { line });
            continue;
        };
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(vec![ImportError::TooManyRows]);
        }
        let cell = |name: &str| {
            column(name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        match row(source, line, &cell) {
            Ok(row) => match rows.iter().find(|r| r.national_id == row.national_id) {
                Some(first) => errors.push(ImportError::Twice {
                    line,
                    first: first.line,
                    national_id: row.national_id,
                }),
                None => rows.push(row),
            },
            Err(line_errors) => errors.push(ImportError::Line {
                line,
                errors: line_errors,
            }),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// One line's cells, checked by the portal's own rules (national identifier, RCS and VAT
/// numbers, dates).
fn row(
    source: Source,
    line: u64,
    cell: &dyn Fn(&str) -> String,
) -> Result<SourceRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut check =
        |name: &str, rule: &dyn Fn(&str) -> Result<String, Problem>| match rule(&cell(name)) {
            Ok(value) => value,
            Err(problem) => {
                errors.push(FieldError::new(name, problem));
                String::new()
            }
        };
    let text = |value: &str| required_line(value, TEXT_MAX);
    let date = |value: &str| {
        super::calendar::end_of_day(value)
            .map(|_| value.to_owned())
            .ok_or(Problem::Date)
    };
    let national_id = CompanyId::from(check("national_id", &national_id::normalise));
    let record = match source {
        Source::Register => Record::Register(RegisterExtract {
            denomination: check("denomination", &text),
            legal_form: check("legal_form", &text),
            registered_address: check("registered_address", &text),
            capital: check("capital", &text),
            signatories: check("signatories", &text)
                .split('|')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
            rcs_number: check("rcs_number", &rcs::normalise),
            registered_on: check("registered_on", &date),
        }),
        Source::Vat => Record::Vat(Registration {
            number: check("vat_number", &vat::normalise),
            registered_on: check("registered_on", &date),
        }),
        Source::Employer => Record::Employer(Registration {
            number: check("employer_number", &national_id::normalise),
            registered_on: check("registered_on", &date),
        }),
    };
    if errors.is_empty() {
        Ok(SourceRow {
            line,
            national_id,
            record,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "national_id;denomination;legal_form;registered_address;capital;signatories;rcs_number;registered_on";

    #[test]
    fn a_register_file_is_read_by_its_header() {
        let file = format!(
            "{HEADER}\n20202201246;Muller & Fils S.à r.l.;Société à responsabilité limitée;\
             12, rue de la Gare, L-1616 Luxembourg;12 400 EUR;Claire Muller | Jean Weber;B123456;2009-03-17\n"
        );
        let rows = read(Source::Register, &file).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].national_id, "20202201246");
        let Record::Register(extract) = &rows[0].record else {
            panic!("{rows:?}")
        };
        assert_eq!(extract.signatories, ["Claire Muller", "Jean Weber"]);
        assert_eq!(extract.denomination, "Muller & Fils S.à r.l.");
    }

    #[test]
    fn columns_may_come_in_any_order_but_must_all_be_there() {
        let rows = read(
            Source::Vat,
            "registered_on;vat_number;national_id\n2010-01-01;LU20976985;20202201246\n",
        )
        .unwrap();
        assert_eq!(
            rows[0].record,
            Record::Vat(Registration {
                number: "LU20976985".into(),
                registered_on: "2010-01-01".into()
            })
        );
        assert_eq!(
            read(
                Source::Vat,
                "national_id;vat_number\n20202201246;LU20976985\n"
            ),
            Err(vec![ImportError::Columns {
                expected: Source::Vat.columns().to_vec()
            }])
        );
        assert_eq!(read(Source::Vat, ""), Err(vec![ImportError::NoHeader]));
    }

    #[test]
    fn every_wrong_line_is_reported_and_nothing_is_kept() {
        let file = "national_id;vat_number;registered_on\n\
                    20202201246;LU20976985;2010-01-01\n\
                    20202201247;LU20976985;2010-01-01\n\
                    20202201246;LU20976985;2010-13-01\n\
                    20202201246;LU20976985;2010-01-01\n";
        let errors = read(Source::Vat, file).unwrap_err();
        assert_eq!(
            errors,
            vec![
                ImportError::Line {
                    line: 3,
                    errors: vec![FieldError::new("national_id", Problem::NationalIdCheck)]
                },
                ImportError::Line {
                    line: 4,
                    errors: vec![FieldError::new("registered_on", Problem::Date)]
                },
                ImportError::Twice {
                    line: 5,
                    first: 2,
                    national_id: "20202201246".into()
                },
            ]
        );
    }
}
