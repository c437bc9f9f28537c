//! Who calls: the person holding the certificate of the session, their membership of an
//! eSpace as power checks need it, and the actor a change is logged under. Set by sign-in and
//! the guard, read by the server functions and the repositories.

use crate::domain::certificate::Certificate;
use crate::domain::espace::EspaceSummary;
use crate::domain::id::{MemberId, PersonId};
use crate::domain::language::Language;
use crate::domain::member::AccessScope;
use crate::domain::member::MemberStatus;
use crate::domain::role::Role;
use crate::domain::ssn::Ssn;

/// The person holding a certificate, as sign-in needs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub language: Option<Language>,
    pub certificate: Certificate,
}

/// A person's membership of one eSpace, as power checks need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub espace: EspaceSummary,
    pub member_id: MemberId,
    pub role: Role,
    pub scope: AccessScope,
    pub status: MemberStatus,
    pub invited_ssn: Ssn,
}

/// Who makes a change, as the activity log records them.
#[derive(Clone, Debug)]
pub struct Actor {
    /// `None` for someone known only by an invitation link.
    pub person_id: Option<PersonId>,
    pub name: String,
}

impl From<&Holder> for Actor {
    fn from(holder: &Holder) -> Self {
        Self {
            person_id: Some(holder.person_id.clone()),
            name: format!("{} {}", holder.given_name, holder.family_name),
        }
    }
}
