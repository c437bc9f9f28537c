//! A person's place in an eSpace: it starts as an invitation addressed to one SSN.

use super::code::coded;
use super::id::{EspaceId, MemberId};
use super::{certificate::CertificateProduct, language::Language, role::Role, ssn::Ssn};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

coded! {
    /// With which certificates an accepted member may enter the eSpace.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum AccessScope {
        /// Only the certificate whose SSN the invitation names.
        ThisCertificate = "this_certificate",
        /// Any certificate of the same person.
        AllCertificates = "all_certificates",
    }
}

coded! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum MemberStatus {
        Invited = "invited",
        Active = "active",
        Deactivated = "deactivated",
        Refused = "refused",
        Expired = "expired",
        /// Deleted by an administrator: kept, read-only, so the list holds everyone invited to
        /// date (help "Adding users"), shown only when asked for.
        Deleted = "deleted",
        /// An invitation withdrawn before it was answered: kept as a deleted member is.
        Withdrawn = "withdrawn",
    }
}

impl AccessScope {
    /// Whether a person signed in with `used` may enter through a membership invited for `invited`.
    /// The caller has already checked that both certificates belong to the member's person.
    pub fn admits(self, invited: &Ssn, used: &Ssn) -> bool {
        match self {
            AccessScope::ThisCertificate => invited == used,
            AccessScope::AllCertificates => true,
        }
    }
}

impl MemberStatus {
    /// Whether an administrator may edit the member's details: not once the invitation was
    /// refused (an expired one may be corrected, then sent again).
    pub fn details_editable(self) -> bool {
        !matches!(self, MemberStatus::Refused) && !self.removed()
    }

    /// Deleted or withdrawn: kept for the record, out of the list unless asked for, read-only.
    pub fn removed(self) -> bool {
        matches!(self, MemberStatus::Deleted | MemberStatus::Withdrawn)
    }

    /// The status as people see it: an invitation past its deadline reads as expired. Stored
    /// statuses never say "expired", so a clock change (or a resend) needs no data migration.
    pub fn effective(self, invitation_expires_at: Option<Timestamp>, now: Timestamp) -> Self {
        match (self, invitation_expires_at) {
            (MemberStatus::Invited, Some(deadline)) if deadline <= now => MemberStatus::Expired,
            (status, _) => status,
        }
    }
}

/// What an administrator does to a member from the Users tab or the member's data sheet.
/// `Link` is what a resend sends: nothing while a page names the change, the new link once the
/// server has made it, so that a resend cannot reach the database without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberChange<Link = ()> {
    Role(Role),
    Scope(AccessScope),
    Deactivate,
    /// Gives back the access of a deactivated member, without a new invitation (help "Adding
    /// users").
    Reactivate,
    /// Removes the member; coming back needs a new invitation (help "Adding users").
    Delete,
    /// Sends a pending or expired invitation again with a new link and deadline; the old link
    /// stops working.
    Resend(Link),
    /// Takes back a pending or expired invitation.
    Withdraw,
}

impl<Link> MemberChange<Link> {
    /// The same change with the link `f` makes of a resend's.
    pub fn map_link<Other>(self, f: impl FnOnce(Link) -> Other) -> MemberChange<Other> {
        use MemberChange::*;
        match self {
            Role(role) => Role(role),
            Scope(scope) => Scope(scope),
            Deactivate => Deactivate,
            Reactivate => Reactivate,
            Delete => Delete,
            Resend(link) => Resend(f(link)),
            Withdraw => Withdraw,
        }
    }
}

/// Why a change to a member (or an answer to an invitation) cannot happen now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LifecycleError {
    /// It would leave the eSpace without an active administrator (help "Enter the details about the
    /// member").
    #[error("last active administrator")]
    LastAdministrator,
    #[error("not an open invitation")]
    NotInvited,
    #[error("not active")]
    NotActive,
    #[error("not deactivated")]
    NotDeactivated,
    /// Someone changed the member meanwhile, e.g. accepted the invitation being withdrawn.
    #[error("changed meanwhile")]
    Answered,
    #[error("invitation expired")]
    Expired,
    /// The invitation was refused, or the member deleted or withdrawn: the sheet stays as it was.
    #[error("read-only")]
    ReadOnly,
}

/// Whether `change` may happen to a member whose status as people see it is `status`, who is
/// (or is not) an active administrator, when the eSpace has `other_active_administrators`
/// besides them. Called inside the transaction that applies the change, so two administrators
/// acting at the same moment cannot both pass it.
pub fn check_change<Link>(
    change: &MemberChange<Link>,
    status: MemberStatus,
    role: Role,
    scope: AccessScope,
    other_active_administrators: u64,
) -> Result<(), LifecycleError> {
    use MemberStatus::*;
    if status.removed() {
        return Err(LifecycleError::ReadOnly);
    }
    let pending = matches!(status, Invited | Expired);
    let kept = matches!(status, Invited | Active | Deactivated);
    let sole_admin =
        status == Active && role == Role::Administrator && other_active_administrators == 0;
    let last_admin = |removes: bool| {
        if sole_admin && removes {
            Err(LifecycleError::LastAdministrator)
        } else {
            Ok(())
        }
    };
    match change {
        MemberChange::Role(new) if kept => last_admin(*new != Role::Administrator),
        MemberChange::Scope(new) if kept => last_admin(
            scope == AccessScope::AllCertificates && *new == AccessScope::ThisCertificate,
        ),
        MemberChange::Role(_) | MemberChange::Scope(_) => Err(LifecycleError::NotInvited),
        MemberChange::Deactivate if status == Active => last_admin(true),
        MemberChange::Deactivate => Err(LifecycleError::NotActive),
        MemberChange::Reactivate if status == Deactivated => Ok(()),
        MemberChange::Reactivate => Err(LifecycleError::NotDeactivated),
        MemberChange::Delete => last_admin(true),
        MemberChange::Resend(_) | MemberChange::Withdraw if pending => Ok(()),
        MemberChange::Resend(_) | MemberChange::Withdraw => Err(LifecycleError::NotInvited),
    }
}

/// Whether a membership lets someone signed in with certificate `used` into its eSpace now:
/// it must be active, and its access scope must admit that certificate. Checked on every request.
pub fn admits_entry(status: MemberStatus, scope: AccessScope, invited: &Ssn, used: &Ssn) -> bool {
    status == MemberStatus::Active && scope.admits(invited, used)
}

/// One row of an eSpace's member list, as every member of the eSpace may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub role: Role,
    pub scope: AccessScope,
    pub status: MemberStatus,
}

/// The member's data sheet (help "Ajouter un utilisateur"'s screenshot): identity, certificate
/// number, access restriction and role, with the status and invitation deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSheet {
    pub id: MemberId,
    pub espace_id: EspaceId,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub fax: Option<String>,
    pub function: Option<String>,
    /// The certificate number the invitation names.
    pub invited_ssn: Ssn,
    /// The product of that certificate, once the portal knows it.
    pub product: Option<CertificateProduct>,
    pub scope: AccessScope,
    pub role: Role,
    /// As people see it ([`MemberStatus::effective`]).
    pub status: MemberStatus,
    /// Unix seconds; only for an invitation.
    pub invitation_expires_at: Option<Timestamp>,
    pub invited_by: Option<String>,
    /// The language the person chose, once they accepted; their emails are written in it.
    pub language: Option<Language>,
}

impl MemberSheet {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// The details an administrator edits, as they stand.
    pub fn details(&self) -> super::person::MemberDetails {
        super::person::MemberDetails {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            contact: super::person::Contact {
                email: self.email.clone(),
                phone: self.phone.clone(),
                mobile: self.mobile.clone(),
                fax: self.fax.clone(),
                function: self.function.clone(),
            },
        }
    }
}

/// What the Users tab asks for: a search over name and email, filters, and a page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberQuery {
    pub search: String,
    pub role: Option<Role>,
    pub status: Option<MemberStatus>,
    /// From 1.
    pub page: u32,
}

/// One page of an eSpace's members and how many match in all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPage {
    pub members: Vec<Member>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

impl MemberPage {
    pub const SIZE: u32 = 50;

    pub fn page_count(&self) -> u32 {
        (self.total.div_ceil(self.page_size.max(1) as u64) as u32).max(1)
    }
}

impl MemberQuery {
    /// Reads the Users tab's address parameters; unknown values mean "no filter".
    pub fn from_params(search: &str, role: &str, status: &str, page: &str) -> Self {
        Self {
            search: super::search::bounded(search).to_owned(),
            role: Role::from_code(role),
            status: MemberStatus::from_code(status),
            page: page.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        }
    }
}

/// The words a member is found by, or a search looks for: the words of a name or an email
/// address (split at anything not a letter or digit), lower-case and without accents, so that
/// "emile" finds "Émile" and "muller" finds "claire.muller@example.lu". A search finds the
/// members having, for each of its words, a word beginning with it. At most `limit` words.
#[cfg(feature = "ssr")]
pub fn search_words(text: &str, limit: usize) -> Vec<String> {
    let folded = super::folding::fold(text);
    super::search::distinct(folded.split(|c: char| !c.is_alphanumeric()), limit)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_certificate_admits_only_the_invited_one() {
        let invited = Ssn::parse("11111111111111111111").unwrap();
        let other = Ssn::parse("22222222222222222222").unwrap();
        assert!(AccessScope::ThisCertificate.admits(&invited, &invited));
        assert!(!AccessScope::ThisCertificate.admits(&invited, &other));
        assert!(AccessScope::AllCertificates.admits(&invited, &other));
    }

    #[test]
    fn only_active_members_enter() {
        let ssn = Ssn::parse("11111111111111111111").unwrap();
        for status in MemberStatus::ALL {
            let admitted = admits_entry(status, AccessScope::AllCertificates, &ssn, &ssn);
            assert_eq!(admitted, status == MemberStatus::Active, "{status:?}");
        }
        let other = Ssn::parse("22222222222222222222").unwrap();
        assert!(!admits_entry(
            MemberStatus::Active,
            AccessScope::ThisCertificate,
            &ssn,
            &other
        ));
    }

    #[test]
    fn an_invitation_past_its_deadline_reads_as_expired() {
        assert_eq!(
            MemberStatus::Invited
                .effective(Some(Timestamp::from_unix(100)), Timestamp::from_unix(99)),
            MemberStatus::Invited
        );
        assert_eq!(
            MemberStatus::Invited
                .effective(Some(Timestamp::from_unix(100)), Timestamp::from_unix(100)),
            MemberStatus::Expired
        );
        assert_eq!(
            MemberStatus::Active
                .effective(Some(Timestamp::from_unix(100)), Timestamp::from_unix(200)),
            MemberStatus::Active
        );
        assert_eq!(
            MemberStatus::Invited.effective(None, Timestamp::from_unix(200)),
            MemberStatus::Invited
        );
    }

    #[test]
    fn the_last_active_administrator_stays() {
        use MemberChange::*;
        let admin = |change: MemberChange, others| {
            check_change(
                &change,
                MemberStatus::Active,
                super::Role::Administrator,
                AccessScope::AllCertificates,
                others,
            )
        };
        for change in [
            Role(super::Role::Manager),
            Scope(AccessScope::ThisCertificate),
            Deactivate,
            Delete,
        ] {
            assert_eq!(
                admin(change, 0),
                Err(LifecycleError::LastAdministrator),
                "{change:?}"
            );
            assert_eq!(admin(change, 1), Ok(()), "{change:?}");
        }
        // what does not remove them is fine even when alone
        assert_eq!(admin(Role(super::Role::Administrator), 0), Ok(()));
        assert_eq!(admin(Scope(AccessScope::AllCertificates), 0), Ok(()));
        // an invited or deactivated administrator is not the one keeping the eSpace managed
        for status in [MemberStatus::Invited, MemberStatus::Deactivated] {
            assert_eq!(
                check_change(
                    &MemberChange::<()>::Delete,
                    status,
                    super::Role::Administrator,
                    AccessScope::AllCertificates,
                    0
                ),
                Ok(())
            );
        }
    }

    #[test]
    fn changes_follow_the_lifecycle() {
        use MemberChange::*;
        use MemberStatus::*;
        let check = |change: MemberChange, status| {
            check_change(
                &change,
                status,
                super::Role::Manager,
                AccessScope::ThisCertificate,
                1,
            )
        };
        assert_eq!(check(Deactivate, Active), Ok(()));
        assert_eq!(
            check(Deactivate, Deactivated),
            Err(LifecycleError::NotActive)
        );
        assert_eq!(check(Reactivate, Deactivated), Ok(()));
        assert_eq!(
            check(Reactivate, Active),
            Err(LifecycleError::NotDeactivated)
        );
        for status in [Invited, Expired] {
            assert_eq!(check(Resend(()), status), Ok(()));
            assert_eq!(check(Withdraw, status), Ok(()));
        }
        for status in [Active, Deactivated, Refused] {
            assert_eq!(check(Resend(()), status), Err(LifecycleError::NotInvited));
            assert_eq!(check(Withdraw, status), Err(LifecycleError::NotInvited));
        }
        assert_eq!(
            check(Role(super::Role::Administrator), Refused),
            Err(LifecycleError::NotInvited)
        );
        for status in MemberStatus::ALL {
            if status.removed() {
                // kept for the record, read-only: nothing changes it any more
                for change in [
                    Delete,
                    Withdraw,
                    Resend(()),
                    Reactivate,
                    Role(super::Role::Manager),
                ] {
                    assert_eq!(check(change, status), Err(LifecycleError::ReadOnly));
                }
                assert!(!status.details_editable());
            } else {
                assert_eq!(check(Delete, status), Ok(()));
            }
        }
    }

    #[test]
    fn users_tab_parameters() {
        let q = MemberQuery::from_params("  muller ", "manager", "nonsense", "0");
        assert_eq!(q.search, "muller");
        assert_eq!(q.role, Some(Role::Manager));
        assert_eq!(q.status, None);
        assert_eq!(q.page, 1);
        assert_eq!(MemberQuery::from_params("", "", "", "3").page, 3);
        let page = MemberPage {
            total: 101,
            page_size: 50,
            ..MemberPage::default()
        };
        assert_eq!(page.page_count(), 3);
        assert_eq!(
            MemberPage {
                page_size: 50,
                ..MemberPage::default()
            }
            .page_count(),
            1
        );
    }

    #[test]
    fn codes_round_trip() {
        for s in MemberStatus::ALL {
            assert_eq!(MemberStatus::from_code(s.code()), Some(s));
        }
        for s in [AccessScope::ThisCertificate, AccessScope::AllCertificates] {
            assert_eq!(AccessScope::from_code(s.code()), Some(s));
        }
        assert_eq!(MemberStatus::from_code("gone"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn search_words_fold_case_and_accents_and_split_addresses() {
        assert_eq!(
            search_words("Émile  ZOLA-Weber", 8),
            ["emile", "zola", "weber"]
        );
        assert_eq!(
            search_words("claire.muller@muller-fils.example", 8),
            ["claire", "muller", "fils", "example"]
        );
        assert_eq!(search_words("Straße Ærø", 8), ["straße", "ærø"]);
        assert_eq!(search_words("max5 MAX5", 8), ["max5"], "each word once");
        assert!(
            search_words("% _ -", 8).is_empty(),
            "punctuation is no word"
        );
        assert_eq!(search_words("a b c d", 2), ["a", "b"]);
    }
}
