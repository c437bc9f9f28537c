//! The signed-in person as the whole UI sees them.

use super::id::{EspaceId, PersonId};
use super::{
    certificate::Certificate,
    espace::EspaceSummary,
    language::Language,
    validation::{
        FieldError, Problem, optional_line, optional_phone, required_email, required_line,
    },
};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// Who is signed in, with which certificate, and the eSpaces that certificate may enter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    /// The certificate of this session; its SSN is what an inviter needs (help "Adding users" FAQ).
    pub certificate: Certificate,
    pub espaces: Vec<EspaceSummary>,
    /// How many messages of each of those eSpaces the person has not opened, where any.
    pub unread: Vec<Unread>,
}

/// Messages of an eSpace the person has not opened ("Communications non lues").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    pub espace_id: EspaceId,
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
            .find(|u| u.espace_id.as_str() == espace_id)
            .map_or(0, |u| u.count)
    }
}

/// How to reach a person, as they keep it themselves on their own profile (the fields of
/// help "Ajouter un utilisateur"'s member data sheet).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub email: String,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub fax: Option<String>,
    pub function: Option<String>,
}

/// Longest given or family name accepted.
pub const PERSON_NAME_MAX: usize = 100;

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

/// A person's given and family names checked, as an invitation and a data sheet take them; each
/// problem joins `errors` under `given_name` or `family_name`.
pub fn names(
    given_name: &str,
    family_name: &str,
    errors: &mut Vec<FieldError>,
) -> (Option<String>, Option<String>) {
    let mut name = |field: &str, value: &str| {
        required_line(value, PERSON_NAME_MAX)
            .map_err(|p| errors.push(FieldError::new(field, p)))
            .ok()
    };
    (
        name("given_name", given_name),
        name("family_name", family_name),
    )
}

/// The identity part of a member's data sheet, as an administrator edits it (help "Edit and then
/// save the member": "Edit", further details, "Save"): names as an invitation takes them, contact
/// details as the person's own profile does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDetails {
    pub given_name: String,
    pub family_name: String,
    pub contact: Contact,
}

impl MemberDetails {
    /// Field names are the form's: `given_name`, `family_name`, then [`Contact::validate`]'s.
    pub fn validate(
        given_name: &str,
        family_name: &str,
        [email, phone, mobile, fax, function]: [&str; 5],
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let (given_name, family_name) = names(given_name, family_name, &mut errors);
        let contact = Contact::validate(email, phone, mobile, fax, function)
            .map_err(|contact_errors| errors.extend(contact_errors))
            .ok();
        match (given_name, family_name, contact) {
            (Some(given_name), Some(family_name), Some(contact)) => Ok(Self {
                given_name,
                family_name,
                contact,
            }),
            _ => Err(errors),
        }
    }
}

/// A field of [`MemberDetails`], as the activity log names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberField {
    GivenName,
    FamilyName,
    Email,
    Phone,
    Mobile,
    Fax,
    Function,
}

/// One field an edit changed, with its values before and after (`None`: not specified).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberFieldChange {
    pub field: MemberField,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl MemberDetails {
    fn fields(&self) -> [(MemberField, Option<&str>); 7] {
        let c = &self.contact;
        [
            (MemberField::GivenName, Some(self.given_name.as_str())),
            (MemberField::FamilyName, Some(self.family_name.as_str())),
            (MemberField::Email, Some(c.email.as_str())),
            (MemberField::Phone, c.phone.as_deref()),
            (MemberField::Mobile, c.mobile.as_deref()),
            (MemberField::Fax, c.fax.as_deref()),
            (MemberField::Function, c.function.as_deref()),
        ]
    }

    /// What changes from `before` to these details, field by field.
    pub fn changes_from(&self, before: &MemberDetails) -> Vec<MemberFieldChange> {
        before
            .fields()
            .into_iter()
            .zip(self.fields())
            .filter(|((_, from), (_, to))| from != to)
            .map(|((field, from), (_, to))| MemberFieldChange {
                field,
                from: from.map(str::to_owned),
                to: to.map(str::to_owned),
            })
            .collect()
    }
}

/// One of the person's certificates on their own profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnCertificate {
    pub certificate: Certificate,
    /// Unix seconds; `None` when the issuer gave no end.
    pub valid_until: Option<Timestamp>,
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

    #[test]
    fn member_details_take_names_as_an_invitation_and_contact_as_a_profile() {
        let ok = MemberDetails::validate(
            " Jean ",
            "Weber",
            ["jean@muller.lu", "", "+352 621 000 000", "", "Comptable"],
        )
        .unwrap();
        assert_eq!(ok.given_name, "Jean");
        assert_eq!(ok.contact.mobile.as_deref(), Some("+352 621 000 000"));
        let errors =
            MemberDetails::validate("", &"W".repeat(101), ["jean", "", "", "x", ""]).unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("given_name", Problem::Required),
                (
                    "family_name",
                    Problem::TooLong {
                        max: PERSON_NAME_MAX
                    }
                ),
                ("email", Problem::Email),
                ("fax", Problem::Phone),
            ]
        );
        let before = ok.clone();
        let after = MemberDetails {
            contact: Contact {
                email: "j.weber@muller.lu".into(),
                fax: Some("+352 26 00".into()),
                ..ok.contact
            },
            ..ok
        };
        assert_eq!(
            after.changes_from(&before),
            [
                MemberFieldChange {
                    field: MemberField::Email,
                    from: Some("jean@muller.lu".into()),
                    to: Some("j.weber@muller.lu".into()),
                },
                MemberFieldChange {
                    field: MemberField::Fax,
                    from: None,
                    to: Some("+352 26 00".into()),
                },
            ]
        );
        assert!(before.changes_from(&before).is_empty());
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
