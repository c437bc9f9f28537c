//! The activity log of an eSpace: who did what to which member or to the data sheet, and when.
//! Written in the same transaction as the change it records and never edited afterwards.

use super::{
    access_code::{CodeKind, Domain},
    mandate::MandateScope,
    member::AccessScope,
    person::MemberFieldChange,
    profile::ProfileField,
    role::Role,
};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// Stored as its JSON (`detail`), e.g. `{"action": "role_changed", "from": "manager", "to":
/// "administrator"}`, each value by its code; the `action` column repeats the tag for whoever
/// reads the table with SQL. Migration 0021 brought the older rows to this form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Invited,
    Accepted,
    Refused,
    RoleChanged {
        from: Role,
        to: Role,
    },
    ScopeChanged {
        from: AccessScope,
        to: AccessScope,
    },
    Deactivated,
    Reactivated,
    Deleted,
    Resent,
    Withdrawn,
    /// The invitee of an expired invitation asked the administrators for a new one.
    NewInvitationRequested,
    /// A field of the data sheet changed; values as stored (`None`: not specified).
    ProfileEdited {
        field: ProfileField,
        from: Option<String>,
        to: Option<String>,
    },
    /// An access code was registered in this eSpace (certification or mandate received).
    CodeRegistered {
        kind: CodeKind,
        domain: Domain,
    },
    /// This eSpace, as principal, revoked a mandate it gave (the member is the representative).
    MandateRevoked {
        domain: Domain,
    },
    /// This eSpace, as principal, set (or removed) the end of use of a mandate it gave.
    MandateEndSet {
        domain: Domain,
        end: Option<Timestamp>,
    },
    /// This eSpace, as principal, changed what a mandate it gave covers.
    MandateScopeSet {
        domain: Domain,
        scope: MandateScope,
    },
    /// An administrator asked for the eSpace to be certified for a field of activity.
    CertificationRequested {
        domain: Domain,
    },
    /// The administration approved or rejected that request (the actor is its operator).
    CertificationDecided {
        domain: Domain,
        approved: bool,
    },
    /// This eSpace, as principal, revoked the representative's code and asked the
    /// administration for a new one.
    MandateCodesRenewed {
        domain: Domain,
    },
    /// The eSpace was created (by its owner, its first administrator).
    EspaceCreated,
    /// A procedure of the catalogue (`kind`, its id) was started, saved, signed or submitted;
    /// the entry's member names it by its reference once it has one.
    ProcedureStarted {
        kind: String,
    },
    ProcedureSaved {
        kind: String,
    },
    ProcedureSigned {
        kind: String,
    },
    ProcedureSubmitted {
        kind: String,
    },
    /// A document was added to "Mes documents", renamed (from its old name) or deleted; the
    /// entry's member names it by its (new) name.
    DocumentAdded,
    DocumentRenamed {
        from: String,
    },
    DocumentDeleted,
    /// A member replied to a message of "Mes communications"; the entry names it by subject.
    MessageAnswered,
    /// An administrator edited the member's details (help "Edit and then save the member"), these
    /// fields.
    MemberEdited {
        changes: Vec<MemberFieldChange>,
    },
}

/// One line of the log, as administrators read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// Unix seconds.
    pub at: Timestamp,
    /// The name of who acted, as it was then.
    pub actor: String,
    pub action: Action,
    /// The name of the member concerned, kept after a deletion; empty for the data sheet.
    pub member: String,
}

/// A page of the log, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub entries: Vec<ActivityEntry>,
    pub page: u32,
    pub has_more: bool,
}

impl ActivityPage {
    pub const SIZE: u32 = 20;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_back_from_their_stored_form() {
        let all = [
            Action::Invited,
            Action::Accepted,
            Action::Refused,
            Action::EspaceCreated,
            Action::DocumentAdded,
            Action::DocumentRenamed {
                from: "statuts > vieux.pdf".into(),
            },
            Action::DocumentDeleted,
            Action::MessageAnswered,
            Action::MemberEdited {
                changes: vec![crate::domain::person::MemberFieldChange {
                    field: crate::domain::person::MemberField::Phone,
                    from: Some("+352 26 00 > 1".into()),
                    to: None,
                }],
            },
            Action::ProcedureStarted {
                kind: "registered_address".into(),
            },
            Action::ProcedureSaved {
                kind: "registered_address".into(),
            },
            Action::ProcedureSigned {
                kind: "registered_address".into(),
            },
            Action::ProcedureSubmitted {
                kind: "registered_address".into(),
            },
            Action::RoleChanged {
                from: Role::Manager,
                to: Role::Administrator,
            },
            Action::ScopeChanged {
                from: AccessScope::AllCertificates,
                to: AccessScope::ThisCertificate,
            },
            Action::Deactivated,
            Action::Reactivated,
            Action::Deleted,
            Action::Resent,
            Action::Withdrawn,
            Action::NewInvitationRequested,
            Action::ProfileEdited {
                field: ProfileField::VatNumber,
                from: None,
                to: Some("LU20976985".into()),
            },
            Action::CodeRegistered {
                kind: CodeKind::Proxy,
                domain: Domain::SocialElections,
            },
            Action::MandateRevoked {
                domain: Domain::Tax,
            },
            Action::MandateEndSet {
                domain: Domain::Tax,
                end: Some(Timestamp::from_unix(1_814_399_999)),
            },
            Action::MandateEndSet {
                domain: Domain::SportsFederations,
                end: None,
            },
            Action::MandateScopeSet {
                domain: Domain::SocialSecurity,
                scope: MandateScope::Data,
            },
            Action::MandateCodesRenewed {
                domain: Domain::Tax,
            },
            Action::CertificationRequested {
                domain: Domain::SportsFederations,
            },
            Action::CertificationDecided {
                domain: Domain::SocialElections,
                approved: true,
            },
            Action::CertificationDecided {
                domain: Domain::SocialElections,
                approved: false,
            },
            Action::ProfileEdited {
                field: ProfileField::TradeName,
                from: Some("a>b \"c\"".into()),
                to: None,
            },
        ];
        for action in all {
            let stored = serde_json::to_string(&action).unwrap();
            assert_eq!(serde_json::from_str::<Action>(&stored).unwrap(), action);
        }
    }

    /// The stored form is what migration 0021 wrote for the older rows: it may not drift.
    #[test]
    fn an_action_is_stored_as_its_tag_and_its_values_by_their_codes() {
        let stored = |action: Action| serde_json::to_value(action).unwrap();
        assert_eq!(
            stored(Action::RoleChanged {
                from: Role::WithoutSignature,
                to: Role::Administrator
            }),
            serde_json::json!({"action": "role_changed", "from": "without_signature", "to": "administrator"})
        );
        assert_eq!(
            stored(Action::MandateEndSet {
                domain: Domain::Tax,
                end: None
            }),
            serde_json::json!({"action": "mandate_end_set", "domain": "tax", "end": null})
        );
        assert_eq!(
            stored(Action::Invited),
            serde_json::json!({"action": "invited"})
        );
        assert!(serde_json::from_str::<Action>(r#"{"action": "promoted"}"#).is_err());
        assert!(
            serde_json::from_str::<Action>(r#"{"action": "role_changed", "from": "manager"}"#)
                .is_err()
        );
    }
}
