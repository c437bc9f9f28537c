//! Pre-filled procedures: the Signalétique tab promises that the eSpace's profile "accélère le
//! remplissage des formulaires administratifs". A catalogue field may name where its starting
//! value comes from, in order of preference: the eSpace's Signalétique or an authentic source.
//! A new procedure starts with the first of them that holds a value; the form says which it
//! was, and the person can change it.

use crate::domain::{
    business_data::{Record, Source},
    espace::EspaceProfile,
    procedure::{Content, Definition},
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a field's starting value comes from, and so where a pre-filled value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The eSpace's own data sheet (Signalétique).
    Profile,
    /// The authentic sources.
    Register,
    Vat,
    Employer,
}

/// Where each pre-filled field's value came from, by field name.
pub type Origins = BTreeMap<String, Origin>;

/// A value of a company the catalogue can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyValue {
    Denomination,
    NationalId,
    VatNumber,
    RcsNumber,
    RegisteredAddress,
    LegalForm,
    EmployerNumber,
}

/// One place a field's starting value may come from: `{"from": "register", "value":
/// "denomination"}` in the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefill {
    pub from: Origin,
    pub value: CompanyValue,
}

/// What is known about the company a procedure is filed for: the eSpace's Signalétique when
/// filed for itself, and what the authentic sources hold that the eSpace may read.
#[derive(Clone, Copy, Debug, Default)]
pub struct Known<'a> {
    pub profile: Option<&'a EspaceProfile>,
    pub sources: &'a [Record],
}

impl Known<'_> {
    fn value(&self, Prefill { from, value }: Prefill) -> Option<String> {
        use CompanyValue::*;
        let record = |source: Source| self.sources.iter().find(|r| r.source() == source);
        match (from, value) {
            (Origin::Profile, _) => {
                let p = self.profile?;
                match value {
                    Denomination => p.denomination.clone(),
                    NationalId => p.national_id.clone(),
                    VatNumber => p.vat_number.clone(),
                    RcsNumber => p.rcs_number.clone(),
                    RegisteredAddress | LegalForm | EmployerNumber => None,
                }
            }
            (Origin::Register, _) => {
                let Some(Record::Register(r)) = record(Source::Register) else {
                    return None;
                };
                match value {
                    Denomination => Some(r.denomination.clone()),
                    RcsNumber => Some(r.rcs_number.clone()),
                    RegisteredAddress => Some(r.registered_address.clone()),
                    LegalForm => Some(r.legal_form.clone()),
                    NationalId | VatNumber | EmployerNumber => None,
                }
            }
            (Origin::Vat, VatNumber) => match record(Source::Vat) {
                Some(Record::Vat(r)) => Some(r.number.clone()),
                _ => None,
            },
            (Origin::Employer, EmployerNumber) => match record(Source::Employer) {
                Some(Record::Employer(r)) => Some(r.number.clone()),
                _ => None,
            },
            (Origin::Vat | Origin::Employer, _) => None,
        }
    }
}

/// A new procedure's starting content, and where each pre-filled value came from.
pub fn prefilled(definition: &Definition, known: Known) -> (Content, Origins) {
    let mut content = Content::new();
    let mut origins = BTreeMap::new();
    for field in &definition.fields {
        let first = field.prefill.iter().find_map(|p| {
            let value = known.value(*p).filter(|v| !v.trim().is_empty())?;
            Some((value, p.from))
        });
        if let Some((value, origin)) = first {
            content.insert(field.name.clone(), value);
            origins.insert(field.name.clone(), origin);
        }
    }
    (content, origins)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::business_data::{RegisterExtract, Registration};

    #[test]
    fn each_field_starts_with_the_first_source_that_holds_a_value() {
        let definition = crate::domain::procedure::definition("good_standing").unwrap();
        let profile = EspaceProfile {
            id: "e".into(),
            name: "Muller".into(),
            procedure_language: None,
            denomination: None,
            trade_name: None,
            website: None,
            national_id: Some("19982201120".into()),
            vat_number: Some(String::new()),
            nace: None,
            rcs_number: None,
        };
        let sources = [
            Record::Register(RegisterExtract {
                denomination: "Muller & Fils S.à r.l.".into(),
                legal_form: "S.à r.l.".into(),
                registered_address: "12, rue de la Gare".into(),
                capital: "12 400 EUR".into(),
                signatories: vec![],
                rcs_number: "B61234".into(),
                registered_on: "1998-03-16".into(),
            }),
            Record::Vat(Registration {
                number: "LU15027442".into(),
                registered_on: "1998-04-01".into(),
            }),
        ];
        let known = Known {
            profile: Some(&profile),
            sources: &sources,
        };
        let (content, origins) = prefilled(definition, known);
        // the Signalétique has no denomination: the register's; an empty VAT number: the source's
        assert_eq!(content["denomination"], "Muller & Fils S.à r.l.");
        assert_eq!(origins["denomination"], Origin::Register);
        assert_eq!(content["national_id"], "19982201120");
        assert_eq!(origins["national_id"], Origin::Profile);
        assert_eq!(content["vat_number"], "LU15027442");
        assert_eq!(origins["vat_number"], Origin::Vat);
        // a field that names no source starts empty
        assert!(!content.contains_key("purpose"));
        // nothing known: nothing pre-filled
        assert_eq!(
            prefilled(definition, Known::default()),
            (Content::new(), BTreeMap::new())
        );
    }
}
