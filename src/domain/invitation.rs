//! Inviting a person into an eSpace (help "Adding users" steps 5–9): who they are, then the
//! certificate they will sign in with, their access scope and their role. The same rules run in the
//! two-step form as the administrator types and in the server function that invites.

use super::id::MemberId;
use super::{
    member::AccessScope,
    person::names,
    role::Role,
    ssn::Ssn,
    validation::{FieldError, Problem, required_email},
};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// Step 1, "the mandatory fields marked with a star": the invitee's names and email address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitee {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
}

/// A whole invitation, once valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInvitation {
    pub invitee: Invitee,
    pub ssn: Ssn,
    pub scope: AccessScope,
    pub role: Role,
}

/// The form's fields as typed; names match the inputs' `name` attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationForm {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub ssn: String,
    pub scope: String,
    pub role: String,
}

/// An invitation as its invitee sees it: on the home page once signed in with the invited
/// certificate, or behind the link of the invitation email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub member_id: MemberId,
    pub espace_name: String,
    /// Who invited, by name; `None` for an invitation of the eSpace's creation.
    pub inviter: Option<String>,
    pub invited_ssn: Ssn,
    pub role: Role,
    pub scope: AccessScope,
    /// Unix seconds.
    pub expires_at: Timestamp,
    /// Past its deadline: it can no longer be accepted, only renewed by an administrator.
    pub expired: bool,
}

/// What the link of an invitation email shows to whoever opens it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkView {
    /// Signed in with the invited certificate: accept or refuse.
    ForYou(PendingInvitation),
    /// Signed out: sign in with the certificate the invitation names.
    SignIn {
        espace_name: String,
        invited_ssn: Ssn,
    },
    /// Signed in with another certificate: which one the invitation is for, and how to find
    /// an SSN.
    OtherCertificate {
        espace_name: String,
        invited_ssn: Ssn,
        used_ssn: Ssn,
    },
    /// Past its deadline: who to ask, and whether a new invitation was already requested.
    Expired {
        espace_name: String,
        inviter: Option<String>,
        renewal_requested: bool,
    },
    /// Unknown, replaced by a newer link, withdrawn or already answered.
    NoLongerValid,
}

/// The fields of step 1; a problem in one of them sends the form back to that step.
pub const STEP_ONE_FIELDS: [&str; 3] = ["given_name", "family_name", "email"];

impl Invitee {
    pub fn validate(
        given_name: &str,
        family_name: &str,
        email: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let (given_name, family_name) = names(given_name, family_name, &mut errors);
        let email = required_email(email)
            .map_err(|p| errors.push(FieldError::new("email", p)))
            .ok();
        match (given_name, family_name, email) {
            (Some(given_name), Some(family_name), Some(email)) => Ok(Self {
                given_name,
                family_name,
                email,
            }),
            _ => Err(errors),
        }
    }
}

impl InvitationForm {
    /// The fields by their names, as a refused form gives them back.
    pub fn typed(&self) -> [(&'static str, &str); 6] {
        [
            ("given_name", &self.given_name),
            ("family_name", &self.family_name),
            ("email", &self.email),
            ("ssn", &self.ssn),
            ("scope", &self.scope),
            ("role", &self.role),
        ]
    }

    /// Every problem of both steps, in the order of the form.
    pub fn validate(&self) -> Result<NewInvitation, Vec<FieldError>> {
        let invitee = Invitee::validate(&self.given_name, &self.family_name, &self.email);
        let mut errors = invitee.clone().err().unwrap_or_default();
        let ssn = Ssn::parse(&self.ssn)
            .map_err(|e| errors.push(FieldError::new("ssn", Problem::Ssn(e))))
            .ok();
        let scope = AccessScope::from_code(&self.scope);
        if scope.is_none() {
            errors.push(FieldError::new("scope", choice_problem(&self.scope)));
        }
        let role = Role::from_code(&self.role);
        if role.is_none() {
            errors.push(FieldError::new("role", choice_problem(&self.role)));
        }
        match (invitee, ssn, scope, role) {
            (Ok(invitee), Some(ssn), Some(scope), Some(role)) => Ok(NewInvitation {
                invitee,
                ssn,
                scope,
                role,
            }),
            _ => Err(errors),
        }
    }
}

/// Nothing chosen is "required"; something unknown (a tampered form) is an unknown choice.
fn choice_problem(value: &str) -> Problem {
    if value.trim().is_empty() {
        Problem::Required
    } else {
        Problem::UnknownChoice
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> InvitationForm {
        InvitationForm {
            given_name: " Claude ".into(),
            family_name: "Guichet".into(),
            email: "claude.guichet@example.lu".into(),
            ssn: "1234 5678 9012 3456 7890".into(),
            scope: "this_certificate".into(),
            role: "manager".into(),
        }
    }

    #[test]
    fn a_complete_invitation() {
        let invitation = form().validate().unwrap();
        assert_eq!(invitation.invitee.given_name, "Claude");
        assert_eq!(invitation.ssn.as_str(), "12345678901234567890");
        assert_eq!(invitation.scope, AccessScope::ThisCertificate);
        assert_eq!(invitation.role, Role::Manager);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let errors = InvitationForm {
            scope: "everything".into(),
            ..InvitationForm::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("given_name", Problem::Required),
                ("family_name", Problem::Required),
                ("email", Problem::Required),
                ("ssn", Problem::Ssn(super::super::ssn::SsnError::Empty)),
                ("scope", Problem::UnknownChoice),
                ("role", Problem::Required),
            ]
        );
    }

    #[test]
    fn step_one_alone() {
        assert!(Invitee::validate("Claude", "Guichet", "claude@example.lu").is_ok());
        let errors = Invitee::validate("Claude", "", "claude").unwrap_err();
        assert_eq!(
            errors,
            vec![
                FieldError::new("family_name", Problem::Required),
                FieldError::new("email", Problem::Email)
            ]
        );
        assert!(
            errors
                .iter()
                .all(|e| STEP_ONE_FIELDS.contains(&e.field.as_str()))
        );
    }
}
