//! The activity log of an eSpace: who did what to which member or to the data sheet, and when. Written in the same
//! transaction as the change it records and never edited afterwards.

use super::{
    access_code::{CodeKind, Domain},
    mandate::MandateScope,
    member::AccessScope,
    person::MemberFieldChange,
    profile::ProfileField,
    role::Role,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
        end: Option<i64>,
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
    pub at: i64,
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

impl Action {
    /// The stored form: a code, and for changes the old and new values (`old>new`; for the
    /// data sheet, whose values may hold any character, a JSON object).
    pub fn code(&self) -> (&'static str, Option<String>) {
        use Action::*;
        match self {
            Invited => ("invited", None),
            Accepted => ("accepted", None),
            Refused => ("refused", None),
            RoleChanged { from, to } => (
                "role_changed",
                Some(format!("{}>{}", from.code(), to.code())),
            ),
            ScopeChanged { from, to } => (
                "scope_changed",
                Some(format!("{}>{}", from.code(), to.code())),
            ),
            Deactivated => ("deactivated", None),
            Reactivated => ("reactivated", None),
            Deleted => ("deleted", None),
            Resent => ("resent", None),
            Withdrawn => ("withdrawn", None),
            NewInvitationRequested => ("new_invitation_requested", None),
            ProfileEdited { field, from, to } => (
                "profile_edited",
                Some(
                    serde_json::json!({ "field": field.code(), "from": from, "to": to })
                        .to_string(),
                ),
            ),
            CodeRegistered { kind, domain } => (
                "code_registered",
                Some(format!("{}>{}", kind.code(), domain.code())),
            ),
            MandateRevoked { domain } => ("mandate_revoked", Some(domain.code().to_owned())),
            MandateEndSet { domain, end } => (
                "mandate_end_set",
                Some(format!(
                    "{}>{}",
                    domain.code(),
                    end.map(|e| e.to_string()).unwrap_or_default()
                )),
            ),
            MandateScopeSet { domain, scope } => (
                "mandate_scope_set",
                Some(format!("{}>{}", domain.code(), scope.code())),
            ),
            CertificationRequested { domain } => {
                ("certification_requested", Some(domain.code().to_owned()))
            }
            CertificationDecided { domain, approved } => (
                if *approved {
                    "certification_approved"
                } else {
                    "certification_rejected"
                },
                Some(domain.code().to_owned()),
            ),
            MandateCodesRenewed { domain } => {
                ("mandate_codes_renewed", Some(domain.code().to_owned()))
            }
            EspaceCreated => ("espace_created", None),
            ProcedureStarted { kind } => ("procedure_started", Some(kind.clone())),
            ProcedureSaved { kind } => ("procedure_saved", Some(kind.clone())),
            ProcedureSigned { kind } => ("procedure_signed", Some(kind.clone())),
            ProcedureSubmitted { kind } => ("procedure_submitted", Some(kind.clone())),
            DocumentAdded => ("document_added", None),
            DocumentRenamed { from } => ("document_renamed", Some(from.clone())),
            DocumentDeleted => ("document_deleted", None),
            MessageAnswered => ("message_answered", None),
            MemberEdited { changes } => (
                "member_edited",
                Some(serde_json::to_string(changes).unwrap_or_default()),
            ),
        }
    }

    pub fn from_code(code: &str, detail: Option<&str>) -> Option<Self> {
        use Action::*;
        fn pair<T>(detail: Option<&str>, parse: fn(&str) -> Option<T>) -> Option<(T, T)> {
            let (from, to) = detail?.split_once('>')?;
            Some((parse(from)?, parse(to)?))
        }
        Some(match code {
            "invited" => Invited,
            "accepted" => Accepted,
            "refused" => Refused,
            "role_changed" => {
                let (from, to) = pair(detail, Role::from_code)?;
                RoleChanged { from, to }
            }
            "scope_changed" => {
                let (from, to) = pair(detail, AccessScope::from_code)?;
                ScopeChanged { from, to }
            }
            "deactivated" => Deactivated,
            "reactivated" => Reactivated,
            "deleted" => Deleted,
            "resent" => Resent,
            "withdrawn" => Withdrawn,
            "new_invitation_requested" => NewInvitationRequested,
            "profile_edited" => {
                #[derive(Deserialize)]
                struct Edit {
                    field: String,
                    from: Option<String>,
                    to: Option<String>,
                }
                let edit: Edit = serde_json::from_str(detail?).ok()?;
                ProfileEdited {
                    field: ProfileField::from_code(&edit.field)?,
                    from: edit.from,
                    to: edit.to,
                }
            }
            "code_registered" => {
                let (kind, domain) = detail?.split_once('>')?;
                CodeRegistered {
                    kind: CodeKind::from_code(kind)?,
                    domain: Domain::from_code(domain)?,
                }
            }
            "mandate_revoked" => MandateRevoked {
                domain: Domain::from_code(detail?)?,
            },
            "mandate_end_set" => {
                let (domain, end) = detail?.split_once('>')?;
                let end = if end.is_empty() {
                    None
                } else {
                    Some(end.parse().ok()?)
                };
                MandateEndSet {
                    domain: Domain::from_code(domain)?,
                    end,
                }
            }
            "mandate_scope_set" => {
                let (domain, scope) = detail?.split_once('>')?;
                MandateScopeSet {
                    domain: Domain::from_code(domain)?,
                    scope: MandateScope::from_code(scope)?,
                }
            }
            "certification_requested" => CertificationRequested {
                domain: Domain::from_code(detail?)?,
            },
            "certification_approved" | "certification_rejected" => CertificationDecided {
                domain: Domain::from_code(detail?)?,
                approved: code == "certification_approved",
            },
            "mandate_codes_renewed" => MandateCodesRenewed {
                domain: Domain::from_code(detail?)?,
            },
            "espace_created" => EspaceCreated,
            "procedure_started" => ProcedureStarted {
                kind: detail?.to_owned(),
            },
            "procedure_saved" => ProcedureSaved {
                kind: detail?.to_owned(),
            },
            "procedure_signed" => ProcedureSigned {
                kind: detail?.to_owned(),
            },
            "procedure_submitted" => ProcedureSubmitted {
                kind: detail?.to_owned(),
            },
            "document_added" => DocumentAdded,
            "document_renamed" => DocumentRenamed {
                from: detail?.to_owned(),
            },
            "document_deleted" => DocumentDeleted,
            "message_answered" => MessageAnswered,
            "member_edited" => MemberEdited {
                changes: serde_json::from_str(detail?).ok()?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_through_their_stored_form() {
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
                end: Some(1_814_399_999),
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
            let (code, detail) = action.code();
            assert_eq!(
                Action::from_code(code, detail.as_deref()),
                Some(action.clone())
            );
        }
        assert_eq!(Action::from_code("role_changed", Some("manager")), None);
        assert_eq!(Action::from_code("promoted", None), None);
    }
}
