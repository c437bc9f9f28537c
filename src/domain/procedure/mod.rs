//! Online procedures (démarches) of an eSpace: the roles in action (help "Adding users":
//! administrators and managers create, modify, sign and submit; members without signature do all
//! but sign) and the procedure language, fixed once a procedure is started (help "Language used for
//! procedures").
//!
//! The catalogue is data (`catalogue.json`): each procedure a form schema whose fields have a
//! kind, a required flag and labels in the three languages. Adding a procedure means adding a
//! definition; the rules below check any of them, in the browser and on the server.

pub mod lifecycle;
pub mod prefill;

use super::{
    access_code::Domain,
    company::national_id,
    language::Language,
    validation::{FieldError, Problem, required_email, required_line},
};
use serde::{Deserialize, Serialize};
use std::{collections::BTreeMap, sync::LazyLock};

/// A text in the three languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translated {
    pub fr: String,
    pub de: String,
    pub en: String,
}

impl Translated {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Fr => &self.fr,
            Language::De => &self.de,
            Language::En => &self.en,
        }
    }
}

/// One option of a choice field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: Translated,
}

/// What a field holds, and so which rule checks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        max: usize,
    },
    Multiline {
        max: usize,
    },
    /// `YYYY-MM-DD`, as date inputs send it.
    Date,
    Email,
    /// A Luxembourg postcode: four digits, `L-` optional.
    Postcode,
    /// A person's 13-digit national identification number.
    PersonId,
    Number {
        min: i64,
        max: i64,
    },
    Choice {
        choices: Vec<Choice>,
    },
    /// An attachment: a document of the eSpace's store, by id. Once saved, the procedure holds
    /// its own copy, so that deleting the original changes nothing of what was signed.
    Document,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    pub name: String,
    #[serde(flatten)]
    pub kind: FieldKind,
    pub required: bool,
    pub label: Translated,
    #[serde(default)]
    pub hint: Option<Translated>,
    /// Where its starting value comes from, in order of preference.
    #[serde(default)]
    pub prefill: Vec<prefill::Prefill>,
}

/// A procedure of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Definition {
    pub id: String,
    /// The field of administration: acting for a principal needs its mandate for this domain.
    #[serde(deserialize_with = "domain_code")]
    pub domain: Domain,
    pub title: Translated,
    pub summary: Translated,
    pub fields: Vec<FieldDef>,
    /// The field of activity the eSpace must be certified for to file it for itself (help "Managing
    /// eSpaces" §6.6: "To file certain administrative procedures, the eSpace administrator must
    /// first have their business eSpace certified"); for a principal, its mandate stands for it.
    #[serde(default, deserialize_with = "optional_domain_code")]
    pub certified_for: Option<Domain>,
}

/// A domain as the catalogue writes it: its code (`tax`).
fn domain_code<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Domain, D::Error> {
    let code = String::deserialize(deserializer)?;
    Domain::from_code(&code)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown domain {code:?}")))
}

fn optional_domain_code<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Domain>, D::Error> {
    domain_code(deserializer).map(Some)
}

/// What was typed into a procedure's form, by field name.
pub type Content = BTreeMap<String, String>;

/// The longest value any field keeps, whatever its kind says (a bound on stored drafts).
pub const VALUE_MAX: usize = 4000;

#[allow(clippy::expect_used)] // compiled in, and read whole by the catalogue's tests
static CATALOGUE: LazyLock<Vec<Definition>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("catalogue.json"))
        .expect("catalogue.json is checked by tests")
});

/// Every procedure of the catalogue, in its order.
pub fn catalogue() -> &'static [Definition] {
    &CATALOGUE
}

pub fn definition(id: &str) -> Option<&'static Definition> {
    catalogue().iter().find(|d| d.id == id)
}

/// Which PDF of a procedure: its form (drafts too), or the receipt of its submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pdf {
    Form,
    Receipt,
}

/// How much of a form a check asks for: a draft may be incomplete, what is signed may not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completeness {
    Draft,
    Complete,
}

impl FieldDef {
    /// The value as kept (trimmed, normalised), `None` when empty.
    pub fn check(&self, value: &str) -> Result<Option<String>, Problem> {
        let value = value.trim();
        if value.is_empty() {
            return if self.required {
                Err(Problem::Required)
            } else {
                Ok(None)
            };
        }
        let kept = match &self.kind {
            FieldKind::Text { max } => required_line(value, *max)?,
            FieldKind::Multiline { max } => super::validation::required_text(value, *max)?,
            FieldKind::Date => {
                super::calendar::end_of_day(value).ok_or(Problem::Date)?;
                value.to_owned()
            }
            FieldKind::Email => required_email(value)?,
            FieldKind::Postcode => {
                let digits = value
                    .strip_prefix("L-")
                    .or_else(|| value.strip_prefix("l-"))
                    .unwrap_or(value)
                    .trim();
                if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
                    return Err(Problem::Postcode);
                }
                format!("L-{digits}")
            }
            FieldKind::PersonId => {
                let id = national_id::normalise(value)?;
                if id.len() != 13 || !national_id::is_person(&id) {
                    return Err(Problem::NationalIdFormat);
                }
                id
            }
            FieldKind::Number { min, max } => match value.parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => n.to_string(),
                _ => {
                    return Err(Problem::NumberRange {
                        min: *min,
                        max: *max,
                    });
                }
            },
            FieldKind::Choice { choices } => {
                if !choices.iter().any(|c| c.value == value) {
                    return Err(Problem::UnknownChoice);
                }
                value.to_owned()
            }
            // whether the eSpace keeps it, only the server can tell
            FieldKind::Document => {
                if value.len() > 64 || !value.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(Problem::UnknownDocument);
                }
                value.to_owned()
            }
        };
        Ok(Some(kept))
    }
}

impl Definition {
    /// The fields that hold an attachment.
    pub fn document_fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Document))
    }

    /// Checks a form: every field's own rule, and for [`Completeness::Complete`] the required
    /// ones filled. Answers the content as kept (unknown names dropped, values normalised; an
    /// invalid value kept as typed so nothing is lost) and the problems by field.
    pub fn check(
        &self,
        content: &Content,
        completeness: Completeness,
    ) -> (Content, Vec<FieldError>) {
        let mut kept = Content::new();
        let mut errors = Vec::new();
        for field in &self.fields {
            let typed = content.get(&field.name).map(String::as_str).unwrap_or("");
            match field.check(typed) {
                Ok(Some(value)) => {
                    kept.insert(field.name.clone(), value);
                }
                Ok(None) => {}
                Err(Problem::Required) if completeness == Completeness::Draft => {}
                Err(problem) => {
                    errors.push(FieldError::new(&field.name, problem));
                    if !typed.trim().is_empty() {
                        kept.insert(field.name.clone(), typed.chars().take(VALUE_MAX).collect());
                    }
                }
            }
        }
        (kept, errors)
    }

    /// The label of a field's value for the summary: a choice's label, else the value.
    pub fn shown_value<'a>(
        &'a self,
        field: &'a FieldDef,
        value: &'a str,
        language: Language,
    ) -> &'a str {
        match &field.kind {
            FieldKind::Choice { choices } => choices
                .iter()
                .find(|c| c.value == value)
                .map_or(value, |c| c.label.get(language)),
            _ => value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_whole_in_three_languages() {
        assert!(catalogue().len() >= 3);
        let mut ids = std::collections::HashSet::new();
        for definition in catalogue() {
            assert!(ids.insert(&definition.id), "{} twice", definition.id);
            let mut names = std::collections::HashSet::new();
            let mut texts = vec![&definition.title, &definition.summary];
            for field in &definition.fields {
                assert!(
                    names.insert(&field.name),
                    "{}.{} twice",
                    definition.id,
                    field.name
                );
                texts.push(&field.label);
                texts.extend(&field.hint);
                if let FieldKind::Choice { choices } = &field.kind {
                    assert!(!choices.is_empty());
                    texts.extend(choices.iter().map(|c| &c.label));
                }
            }
            for text in texts {
                for language in Language::ALL {
                    assert!(
                        !text.get(language).trim().is_empty(),
                        "{}: {text:?}",
                        definition.id
                    );
                }
            }
        }
        assert_eq!(
            definition("new_employee").unwrap().domain,
            Domain::SocialSecurity
        );
        assert!(definition("nothing").is_none());
    }

    fn content(pairs: &[(&str, &str)]) -> Content {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn a_draft_may_be_incomplete_but_not_wrong() {
        let address = definition("registered_address").unwrap();
        let typed = content(&[
            ("street", " 12, rue de la Gare "),
            ("postcode", "l-12a"),
            ("extra", "x"),
        ]);
        let (kept, errors) = address.check(&typed, Completeness::Draft);
        assert_eq!(errors, [FieldError::new("postcode", Problem::Postcode)]);
        // normalised where valid, as typed where not, unknown names dropped
        assert_eq!(
            kept,
            content(&[("street", "12, rue de la Gare"), ("postcode", "l-12a")])
        );
        let (_, errors) = address.check(&typed, Completeness::Complete);
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("postcode", Problem::Postcode),
                ("locality", Problem::Required),
                ("moved_on", Problem::Required),
                ("proof", Problem::Required)
            ]
        );
        let whole = content(&[
            ("street", "12, rue de la Gare"),
            ("postcode", "1616"),
            ("locality", "Luxembourg"),
            ("moved_on", "2027-01-31"),
            ("proof", "0123456789abcdef0123456789abcdef"),
        ]);
        let (kept, errors) = address.check(&whole, Completeness::Complete);
        assert!(errors.is_empty());
        assert_eq!(kept["postcode"], "L-1616");
    }

    #[test]
    fn each_kind_of_field_has_its_rule() {
        let employee = definition("new_employee").unwrap();
        let field = |name: &str| employee.fields.iter().find(|f| f.name == name).unwrap();
        assert_eq!(field("weekly_hours").check("40"), Ok(Some("40".into())));
        assert_eq!(
            field("weekly_hours").check("60"),
            Err(Problem::NumberRange { min: 1, max: 48 })
        );
        assert_eq!(
            field("weekly_hours").check("4x"),
            Err(Problem::NumberRange { min: 1, max: 48 })
        );
        assert_eq!(
            field("contract").check("fixed_term"),
            Ok(Some("fixed_term".into()))
        );
        assert_eq!(
            field("contract").check("forever"),
            Err(Problem::UnknownChoice)
        );
        assert_eq!(field("starts_on").check("2027-02-30"), Err(Problem::Date));
        // a company's number is not a person's
        assert_eq!(
            field("matricule").check("20202201246"),
            Err(Problem::NationalIdFormat)
        );
        // an attachment names a document by id; whether the eSpace keeps it, the server says
        assert_eq!(
            field("work_permit").check("0123456789abcdef"),
            Ok(Some("0123456789abcdef".into()))
        );
        assert_eq!(
            field("work_permit").check("../../etc/passwd"),
            Err(Problem::UnknownDocument)
        );
        assert_eq!(field("work_permit").check(""), Ok(None), "optional");
        let good = definition("good_standing").unwrap();
        let reply_to = good.fields.iter().find(|f| f.name == "reply_to").unwrap();
        assert_eq!(reply_to.check(" "), Ok(None), "optional");
        assert_eq!(reply_to.check("nobody"), Err(Problem::Email));
        assert_eq!(
            employee.shown_value(field("contract"), "permanent", Language::De),
            "Unbefristeter Vertrag"
        );
    }
}
