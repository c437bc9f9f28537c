//! The signed-in person as the whole UI sees them.

use super::{
    certificate::Certificate,
    espace::EspaceSummary,
    language::Language,
    validation::{FieldError, Problem, optional_line, optional_phone, required_email},
};
use serde::{Deserialize, Serialize};

/// Who is signed in, with which certificate, and the eSpaces that certificate may enter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub person_id: String,
    pub given_name: String,
    pub family_name: String,
    /// The certificate of this session; its SSN is what an inviter needs (seed 000 FAQ).
    pub certificate: Certificate,
    pub espaces: Vec<EspaceSummary>,
    /// How many messages of each of those eSpaces the person has not opened, where any.
    pub unread: Vec<Unread>,
}

/// Messages of an eSpace the person has not opened ("Communications non lues").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    pub espace_id: String,
    pub count: u32,
}

impl Viewer {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// Unread messages in that eSpace.
    pub fn unread_in(&self, espace_id: &str) -> u32 {
        self.unread
            .iter()
            .find(|u| u.espace_id == espace_id)
            .map_or(0, |u| u.count)
    }
}

/// How to reach a person, as they keep it themselves on their own profile (the fields of
/// seed 002's member data sheet).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub email: String,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub fax: Option<String>,
    pub function: Option<String>,
}

/// Longest function ("Fonction") accepted.
pub const FUNCTION_MAX: usize = 100;

impl Contact {
    /// Field names are the form's: `email`, `phone`, `mobile`, `fax`, `function`.
    pub fn validate(
        email: &str,
        phone: &str,
        mobile: &str,
        fax: &str,
        function: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, result: Result<Option<String>, Problem>| {
            result
                .map_err(|p| errors.push(FieldError::new(field, p)))
                .ok()
                .flatten()
        };
        let email = check("email", required_email(email).map(Some));
        let contact = Contact {
            email: email.unwrap_or_default(),
            phone: check("phone", optional_phone(phone)),
            mobile: check("mobile", optional_phone(mobile)),
            fax: check("fax", optional_phone(fax)),
            function: check("function", optional_line(function, FUNCTION_MAX)),
        };
        if errors.is_empty() {
            Ok(contact)
        } else {
            Err(errors)
        }
    }
}

/// One of the person's certificates on their own profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnCertificate {
    pub certificate: Certificate,
    /// Unix seconds; `None` when the issuer gave no end.
    pub valid_until: Option<i64>,
    pub revoked: bool,
    /// Past its end of validity at the time it was read.
    pub expired: bool,
    /// The certificate of this session.
    pub in_use: bool,
}

/// The person's own profile: names from the certificate (read-only), contact, language and
/// certificates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnProfile {
    pub given_name: String,
    pub family_name: String,
    pub contact: Contact,
    pub language: Option<Language>,
    pub certificates: Vec<OwnCertificate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_rules_report_every_field() {
        let ok =
            Contact::validate(" claire@muller.lu ", "+352 26 12 34", "", "", " Gérante ").unwrap();
        assert_eq!(ok.email, "claire@muller.lu");
        assert_eq!(ok.phone.as_deref(), Some("+352 26 12 34"));
        assert_eq!(ok.mobile, None);
        assert_eq!(ok.function.as_deref(), Some("Gérante"));
        let errors = Contact::validate("", "abc", "12", "", &"x".repeat(101)).unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("email", Problem::Required),
                ("phone", Problem::Phone),
                ("mobile", Problem::Phone),
                ("function", Problem::TooLong { max: FUNCTION_MAX })
            ]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// Whatever is typed, the contact rules answer without panicking, and saved contact
        /// details pass the rules again unchanged.
        #[test]
        fn saved_contacts_revalidate(
            email in prop_oneof![any::<String>(), "[a-z.]{1,10}@[a-z]{1,8}\\.lu"],
            phone in prop_oneof![any::<String>(), "\\+?[0-9 ()/.\\-]{0,24}"],
            function in any::<String>(),
        ) {
            if let Ok(c) = Contact::validate(&email, &phone, &phone, "", &function) {
                let again = Contact::validate(
                    &c.email,
                    c.phone.as_deref().unwrap_or(""),
                    c.mobile.as_deref().unwrap_or(""),
                    "",
                    c.function.as_deref().unwrap_or(""),
                );
                prop_assert_eq!(again, Ok(c));
            }
        }
    }
}
