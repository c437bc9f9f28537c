//! Editing the data sheet (Signalétique) of an eSpace, one field at a time. Each field has one
//! rule, run as the administrator types and again by the server, which also refuses to
//! overwrite a value another administrator changed meanwhile.

use super::code::coded;
use super::{
    company::{
        nace::{self, NaceActivity},
        national_id, rcs, vat, website,
    },
    error::Refusal,
    espace::{EspaceProfile, NAME_MAX},
    language::Language,
    validation::{Problem, optional_line, required_line},
};
use serde::{Deserialize, Serialize};

/// Longest denomination or trade name accepted; the register's own limit is lower.
pub const DENOMINATION_MAX: usize = 200;

coded! {
    /// The editable fields of help "Ajouter un utilisateur"'s Signalétique, in its order.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum ProfileField {
        Name = "name",
        ProcedureLanguage = "procedure_language",
        Denomination = "denomination",
        TradeName = "trade_name",
        Website = "website",
        NationalId = "national_id",
        VatNumber = "vat_number",
        NaceCode = "nace_code",
        RcsNumber = "rcs_number",
    }
}

impl ProfileField {
    /// Puts a saved value into `profile`, as the server now has it.
    pub fn set_in(self, profile: &mut EspaceProfile, saved: Saved) {
        let Saved { value, nace } = saved;
        match self {
            ProfileField::Name => profile.name = value.unwrap_or_default(),
            ProfileField::ProcedureLanguage => {
                profile.procedure_language = value.as_deref().and_then(Language::from_code)
            }
            ProfileField::Denomination => profile.denomination = value,
            ProfileField::TradeName => profile.trade_name = value,
            ProfileField::Website => profile.website = value,
            ProfileField::NationalId => profile.national_id = value,
            ProfileField::VatNumber => profile.vat_number = value,
            ProfileField::NaceCode => profile.nace = nace,
            ProfileField::RcsNumber => profile.rcs_number = value,
        }
    }

    /// The field's stored value in `profile`; the language as its code.
    pub fn value_in(self, profile: &EspaceProfile) -> Option<String> {
        match self {
            ProfileField::Name => Some(profile.name.clone()),
            ProfileField::ProcedureLanguage => {
                profile.procedure_language.map(|l| l.code().to_owned())
            }
            ProfileField::Denomination => profile.denomination.clone(),
            ProfileField::TradeName => profile.trade_name.clone(),
            ProfileField::Website => profile.website.clone(),
            ProfileField::NationalId => profile.national_id.clone(),
            ProfileField::VatNumber => profile.vat_number.clone(),
            ProfileField::NaceCode => profile.nace.as_ref().map(|a| a.code.clone()),
            ProfileField::RcsNumber => profile.rcs_number.clone(),
        }
    }

    /// Checks a typed value and answers what is stored: `None` empties an optional field.
    /// For the NACE code only the shape is checked here; the server also looks it up.
    pub fn validate(self, value: &str) -> Result<Option<String>, Problem> {
        let optional = |rule: fn(&str) -> Result<String, Problem>| {
            if value.trim().is_empty() {
                Ok(None)
            } else {
                no_controls(value).and_then(rule).map(Some)
            }
        };
        match self {
            ProfileField::Name => required_line(value, NAME_MAX).map(Some),
            ProfileField::ProcedureLanguage => match value {
                "" => Ok(None),
                code => Language::from_code(code)
                    .map(|l| Some(l.code().to_owned()))
                    .ok_or(Problem::UnknownChoice),
            },
            ProfileField::Denomination | ProfileField::TradeName => {
                optional_line(value, DENOMINATION_MAX)
            }
            ProfileField::Website => optional(website::normalise),
            ProfileField::NationalId => optional(national_id::normalise),
            ProfileField::VatNumber => optional(vat::normalise),
            ProfileField::NaceCode => optional(nace::normalise),
            ProfileField::RcsNumber => optional(rcs::normalise),
        }
    }
}

/// Control and other invisible characters are refused before any identifier rule looks at the value, so the
/// answer names the real problem.
fn no_controls(value: &str) -> Result<&str, Problem> {
    if value.chars().any(super::validation::is_invisible) {
        Err(Problem::ControlCharacters)
    } else {
        Ok(value)
    }
}

/// What saving a field answers: the value now stored, and for a NACE code its activity, so
/// the page shows the label without asking again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub value: Option<String>,
    pub nace: Option<NaceActivity>,
}

/// What the Signalétique tab opens with: the field its address asks to edit (`?edit=`, the
/// "Éditer" of a page without JavaScript), or the field a plain post came back about: refused
/// (open again, with what was typed and why) or saved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetOpening {
    pub editing: Option<ProfileField>,
    pub typed: Option<String>,
    pub problem: Option<Problem>,
    pub saved: Option<ProfileField>,
}

impl SheetOpening {
    /// `edit`: the address's field code; `came_back`: the field code and value a plain post
    /// sent, with the server's answer. Unknown codes open nothing.
    pub fn new(
        edit: Option<&str>,
        came_back: Option<(&str, String, Result<Saved, Refusal>)>,
    ) -> Self {
        let asked = edit.and_then(ProfileField::from_code);
        match came_back {
            Some((field, _, Ok(_))) => Self {
                editing: asked,
                saved: ProfileField::from_code(field),
                ..Self::default()
            },
            Some((field, typed, Err(refusal))) if ProfileField::from_code(field).is_some() => {
                Self {
                    editing: ProfileField::from_code(field),
                    typed: Some(typed),
                    problem: refusal.field_errors().first().map(|e| e.problem),
                    saved: None,
                }
            }
            _ => Self {
                editing: asked,
                ..Self::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheet_opens_what_a_plain_post_came_back_about() {
        let refused = Err(Refusal::Invalid(vec![
            super::super::validation::FieldError::new("value", Problem::VatCheck),
        ]));
        let back = SheetOpening::new(None, Some(("vat_number", "LU1234 & 5678".into(), refused)));
        assert_eq!(back.editing, Some(ProfileField::VatNumber));
        assert_eq!(back.typed.as_deref(), Some("LU1234 & 5678"));
        assert_eq!(back.problem, Some(Problem::VatCheck));
        let saved = Ok(Saved {
            value: None,
            nace: None,
        });
        let back = SheetOpening::new(None, Some(("website", "x".into(), saved)));
        assert_eq!(back.saved, Some(ProfileField::Website));
        assert_eq!(back.editing, None);
        assert_eq!(
            SheetOpening::new(Some("website"), None).editing,
            Some(ProfileField::Website)
        );
        assert_eq!(
            SheetOpening::new(
                Some("nonsense"),
                Some(("owner", "x".into(), Err(Refusal::Forbidden)))
            ),
            SheetOpening::default()
        );
    }

    #[test]
    fn codes_round_trip() {
        for field in ProfileField::ALL {
            assert_eq!(ProfileField::from_code(field.code()), Some(field));
        }
        assert_eq!(ProfileField::from_code("owner"), None);
    }

    #[test]
    fn each_field_has_its_rule() {
        use ProfileField::*;
        assert_eq!(Name.validate("  Muller  "), Ok(Some("Muller".into())));
        assert_eq!(Name.validate(" "), Err(Problem::Required));
        assert_eq!(
            Name.validate(&"x".repeat(101)),
            Err(Problem::TooLong { max: 100 })
        );
        assert_eq!(ProcedureLanguage.validate("de"), Ok(Some("de".into())));
        assert_eq!(ProcedureLanguage.validate(""), Ok(None));
        assert_eq!(
            ProcedureLanguage.validate("es"),
            Err(Problem::UnknownChoice)
        );
        assert_eq!(Denomination.validate(" "), Ok(None));
        assert_eq!(
            TradeName.validate("Chez <b>Muller</b>"),
            Ok(Some("Chez <b>Muller</b>".into()))
        );
        assert_eq!(
            Website.validate("muller.lu"),
            Ok(Some("https://muller.lu/".into()))
        );
        assert_eq!(
            NationalId.validate("2020 2201 246"),
            Ok(Some("20202201246".into()))
        );
        assert_eq!(
            VatNumber.validate("lu 20976985"),
            Ok(Some("LU20976985".into()))
        );
        assert_eq!(VatNumber.validate("LU12345678"), Err(Problem::VatCheck));
        assert_eq!(NaceCode.validate("6201"), Ok(Some("62.01".into())));
        assert_eq!(
            RcsNumber.validate("R.C.S. Luxembourg B 112 233"),
            Ok(Some("B112233".into()))
        );
        assert_eq!(VatNumber.validate(""), Ok(None));
        for field in ProfileField::ALL
            .into_iter()
            .filter(|f| *f != ProcedureLanguage)
        {
            assert_eq!(
                field.validate("a\u{0}b").err(),
                Some(Problem::ControlCharacters),
                "{field:?}"
            );
        }
    }
}

/// Properties over generated input: no rule panics, whatever is typed, and what a rule stores
/// passes that rule again unchanged (so a stored value never becomes invalid on re-saving).
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn field() -> impl Strategy<Value = ProfileField> {
        proptest::sample::select(ProfileField::ALL.to_vec())
    }

    /// Strings near each rule's shape: digits with separators, letters, prefixes, and any
    /// character at all.
    fn typed() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "(LU|lu|R\\.C\\.S\\. Luxembourg |https?://)?[A-Za-z0-9 .\\-/:]{0,20}",
            "[0-9 .\\-]{0,16}",
            "[a-z]{1,10}\\.[a-z]{2,3}(/[a-z]{0,5})?",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn stored_values_revalidate(field in field(), value in typed()) {
            if let Ok(Some(stored)) = field.validate(&value) {
                prop_assert_eq!(field.validate(&stored), Ok(Some(stored.clone())));
            }
        }

        #[test]
        fn every_real_vat_number_passes(first in 0u32..1_000_000, spaced in any::<bool>()) {
            let number = format!("{first:06}{:02}", first % 89);
            let typed = if spaced { format!("lu {} {}", &number[..4], &number[4..]) } else { number.clone() };
            prop_assert_eq!(ProfileField::VatNumber.validate(&typed), Ok(Some(format!("LU{number}"))));
        }

        #[test]
        fn every_issued_company_number_passes(first in proptest::collection::vec(0u32..10, 10)) {
            const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
            let r = first.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum::<u32>() % 11;
            let digits: String = first.iter().map(u32::to_string).collect();
            let check = match r { 0 => Some(0), 1 => None, r => Some(11 - r) };
            for last in 0..10 {
                let number = format!("{digits}{last}");
                let valid = check == Some(last);
                prop_assert_eq!(ProfileField::NationalId.validate(&number).is_ok(), valid, "{}", number);
            }
        }
    }
}
