//! Powers as capabilities, as lldap hands out a handler per power level: a server function
//! reaches an eSpace's data only through the [`Member`] that the power check returns. The
//! repositories live in [`Services`], whose store the `api` layer cannot name; without the
//! check there is nothing to call, so a server function that skips it does not compile. The
//! authorisation matrix test stays as the second net.
//!
//! What needs no membership is reached through [`Services`] itself (a person's own data, an
//! invitation by its link or certificate) or through [`Entered`] (what a person reads across
//! the eSpaces they may enter).

use crate::domain::id::MessageId;
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        error::Refusal, id::EspaceId, mail::Recipient, member::admits_entry, role::Permission,
    },
    server::{
        caller::{Holder, Membership},
        db::{DbResult, LinkedInvitation, Store},
        services::Services,
    },
};

/// The memberships a signed-in person may use right now, with the certificate of this session
/// (help "Adding users": a member invited for one certificate enters with that one only).
#[derive(Clone)]
pub struct Entered {
    holder: Holder,
    memberships: Vec<Membership>,
    store: Store,
}

impl Entered {
    pub async fn look_up(services: &Services, holder: Holder) -> DbResult<Self> {
        let used = &holder.certificate.ssn;
        let memberships = services
            .store
            .members
            .memberships_of(&holder.person_id)
            .await?
            .into_iter()
            .filter(|m| admits_entry(m.status, m.scope, &m.invited_ssn, used))
            .collect();
        Ok(Self {
            holder,
            memberships,
            store: services.store.clone(),
        })
    }

    pub fn memberships(&self) -> &[Membership] {
        &self.memberships
    }

    /// The unread messages of each eSpace entered, in their order (`opening`: the message the
    /// page opens, read by then).
    pub async fn unread_messages(&self, opening: Option<&MessageId>) -> DbResult<Vec<u32>> {
        let ids: Vec<_> = self
            .memberships
            .iter()
            .map(|m| m.espace.id.clone())
            .collect();
        self.store
            .messages
            .unread(&self.holder.person_id, &ids, opening)
            .await
    }

    /// Admits the person to `espace_id` if they entered it and their role there grants
    /// `permission`. Not entered reads as "not found", so other eSpaces' ids reveal nothing.
    pub fn admit(&self, espace_id: &str, permission: Permission) -> Result<Member, Refusal> {
        let membership = self
            .memberships
            .iter()
            .find(|m| m.espace.id.as_str() == espace_id)
            .ok_or(Refusal::NotFound)?;
        if !membership.role.allows(permission) {
            return Err(Refusal::Forbidden);
        }
        Ok(Member {
            holder: self.holder.clone(),
            membership: membership.clone(),
            store: self.store.clone(),
        })
    }
}

/// A person admitted to one eSpace with a power: the way to the repositories.
pub struct Member {
    holder: Holder,
    membership: Membership,
    store: Store,
}

impl Member {
    pub fn holder(&self) -> &Holder {
        &self.holder
    }

    pub fn membership(&self) -> &Membership {
        &self.membership
    }

    /// The eSpace admitted to.
    pub fn espace_id(&self) -> &EspaceId {
        &self.membership.espace.id
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// Creates an eSpace owned by `owner`, its first administrator: anyone signed in may.
pub async fn create_espace(
    services: &Services,
    owner: &Holder,
    espace: &crate::domain::espace::NewEspace,
    now: Timestamp,
) -> DbResult<String> {
    services.store.espaces.create(owner, espace, now).await
}

/// The administrators to ask for a new invitation: those of the eSpace that sent the link the
/// invitee holds.
pub async fn administrators_asked(
    services: &Services,
    invitation: &LinkedInvitation,
) -> DbResult<Vec<Recipient>> {
    services
        .store
        .members
        .administrators(&invitation.sheet.espace_id)
        .await
}
