//! A business eSpace: its name, procedure language and company identity (the data sheet).

use super::id::EspaceId;
use super::{
    company::nace::NaceActivity,
    language::Language,
    role::Role,
    validation::{FieldError, Problem, required_line},
};
use serde::{Deserialize, Serialize};

/// Longest eSpace name accepted.
pub const NAME_MAX: usize = 100;

/// What a person asks for when creating a business eSpace, once validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEspace {
    pub name: String,
    /// `None`: procedures use each user's language (help "Language used for procedures").
    pub procedure_language: Option<Language>,
}

impl NewEspace {
    /// Field names are the form's `name` attributes: `name`, `procedure_language` (`""` = none).
    pub fn validate(name: &str, procedure_language: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name =
            required_line(name, NAME_MAX).map_err(|p| errors.push(FieldError::new("name", p)));
        let procedure_language = match procedure_language {
            "" => Ok(None),
            code => Language::from_code(code).map(Some).ok_or_else(|| {
                errors.push(FieldError::new(
                    "procedure_language",
                    Problem::UnknownChoice,
                ))
            }),
        };
        match (name, procedure_language) {
            (Ok(name), Ok(procedure_language)) => Ok(Self {
                name,
                procedure_language,
            }),
            _ => Err(errors),
        }
    }
}

/// An eSpace as the switch in the header and the home page list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EspaceSummary {
    pub id: EspaceId,
    pub name: String,
}

/// The data sheet (Signalétique) of an eSpace; `None` shows as "not specified".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EspaceProfile {
    pub id: EspaceId,
    pub name: String,
    pub procedure_language: Option<Language>,
    pub denomination: Option<String>,
    pub trade_name: Option<String>,
    pub website: Option<String>,
    pub national_id: Option<String>,
    pub vat_number: Option<String>,
    /// The code with its labels in the three languages, so the label follows the viewer's.
    pub nace: Option<NaceActivity>,
    pub rcs_number: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_new_espace() {
        let e = NewEspace::validate("  Muller & Fils  ", "de").unwrap();
        assert_eq!(e.name, "Muller & Fils");
        assert_eq!(e.procedure_language, Some(Language::De));
        assert_eq!(
            NewEspace::validate("X", "").unwrap().procedure_language,
            None
        );
    }

    #[test]
    fn every_bad_field_is_reported() {
        let errors = NewEspace::validate(" ", "es").unwrap_err();
        assert_eq!(
            errors,
            vec![
                FieldError::new("name", Problem::Required),
                FieldError::new("procedure_language", Problem::UnknownChoice)
            ]
        );
        let long = "x".repeat(NAME_MAX + 1);
        assert_eq!(
            NewEspace::validate(&long, "").unwrap_err(),
            vec![FieldError::new("name", Problem::TooLong { max: NAME_MAX })]
        );
    }
}

/// An eSpace as one of its members sees it: the data sheet and the member's own role, which
/// decides what the UI offers (the server checks again on every call).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EspaceView {
    pub profile: EspaceProfile,
    pub role: Role,
    pub counts: HomeCounts,
}

/// What the home tiles count (help "Ajouter un utilisateur": "À corriger", "En préparation",
/// "Communications non lues"); unread is the member's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeCounts {
    pub to_correct: u32,
    pub in_preparation: u32,
    pub unread: u32,
}
