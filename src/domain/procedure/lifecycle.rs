//! Where a procedure stands and what may happen to it next:
//!
//! ```text
//! create ──► draft ──sign──► draft, signed ──submit──► submitted ──return (operator)──► to correct
//!              ▲   └─any change voids the signature─┘                                   │
//!              └──────────────────────── modify, sign, submit again ◄──────────────────┘
//! ```

use crate::domain::id::{CompanyId, ProcedureId};
use crate::domain::language::Language;
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProcedureStatus {
    /// "En préparation".
    Draft,
    /// "À corriger": an operator returned it with a comment.
    ToCorrect {
        comment: String,
    },
    Submitted {
        at: Timestamp,
    },
}

impl ProcedureStatus {
    pub fn code(&self) -> &'static str {
        match self {
            ProcedureStatus::Draft => "draft",
            ProcedureStatus::ToCorrect { .. } => "to_correct",
            ProcedureStatus::Submitted { .. } => "submitted",
        }
    }

    /// Drafts and procedures returned for correction can be changed; submitted ones cannot.
    pub fn editable(&self) -> bool {
        !matches!(self, ProcedureStatus::Submitted { .. })
    }
}

/// A signature: who signed, with which certificate, when, and the SHA-256 of exactly what was
/// signed. It holds while the content's digest is still that one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub signer: String,
    /// The SSN of the certificate of the signer's session.
    pub certificate: String,
    pub at: Timestamp,
    /// Hex SHA-256 of the signed content.
    pub digest: String,
}

/// For whom a procedure is filed: the eSpace's own company, or a principal that mandated it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// The principal company's national identifier.
    pub company: CompanyId,
    /// Its eSpace's name, when certified.
    pub name: Option<String>,
}

/// Why a step of a procedure's life was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ProcedureRefusal {
    /// Submitted: it can no longer change (unless returned for correction).
    #[error("the procedure was submitted and can no longer change")]
    Submitted,
    /// Someone saved it since the version the form started from.
    #[error("someone changed the procedure meanwhile")]
    ChangedMeanwhile,
    /// Required fields are empty or values wrong: it cannot be signed yet.
    #[error("the procedure is not complete")]
    Incomplete,
    /// Not signed, or changed since it was signed.
    #[error("the procedure is not signed")]
    NotSigned,
    /// No active mandate of that principal for the procedure's domain (with procedures in its
    /// scope).
    #[error("no mandate for this principal")]
    NoMandate,
    /// The procedure asks for an eSpace certified for this field of activity, and this one is
    /// not (or its certification was revoked).
    #[error("the eSpace is not certified for this field of activity")]
    NotCertified(crate::domain::access_code::Domain),
}

/// A procedure as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub id: ProcedureId,
    /// The catalogue's id of its definition.
    pub kind: String,
    pub for_principal: Option<Principal>,
    /// Fixed at creation: the eSpace's procedure language, else the creator's.
    pub language: Language,
    pub content: super::Content,
    pub status: ProcedureStatus,
    /// Given at the first submission, kept after corrections.
    pub reference: Option<String>,
    /// A signature that still holds (a change voids it).
    pub signature: Option<Signature>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_by: String,
    pub updated_at: Timestamp,
    /// Counts saves: a save names the version it started from.
    pub version: i64,
    /// The copies it holds of its attachments; a document field's value is one's id.
    pub attachments: Vec<crate::domain::document::Document>,
    /// The fields it started with a value in, and where each value came from.
    pub prefilled: super::prefill::Origins,
}

impl Procedure {
    /// The attachment a document field holds.
    pub fn attachment(&self, field: &str) -> Option<&crate::domain::document::Document> {
        let id = self.content.get(field)?;
        self.attachments.iter().find(|d| &d.id == id)
    }
}

/// A line of "Mes démarches".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureLine {
    pub id: ProcedureId,
    pub kind: String,
    pub for_principal: Option<Principal>,
    pub status: ProcedureStatus,
    pub reference: Option<String>,
    pub signed: bool,
    pub updated_by: String,
    pub updated_at: Timestamp,
}

/// A submitted procedure's reference, `DEM-<year>-<number>`, the number counted by the database.
pub fn reference(n: i64, at: Timestamp) -> String {
    let year = crate::domain::calendar::year_of(at);
    format!("DEM-{year}-{n:06}")
}

/// The procedure language: the eSpace's, else the creator's (help "Language used for procedures").
pub fn language_at_start(espace: Option<Language>, creator: Language) -> Language {
    espace.unwrap_or(creator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_submitted_procedures_are_frozen() {
        assert!(ProcedureStatus::Draft.editable());
        assert!(
            ProcedureStatus::ToCorrect {
                comment: "x".into()
            }
            .editable()
        );
        assert!(
            !ProcedureStatus::Submitted {
                at: Timestamp::from_unix(1)
            }
            .editable()
        );
        assert_eq!(
            language_at_start(Some(Language::De), Language::En),
            Language::De
        );
        assert_eq!(language_at_start(None, Language::En), Language::En);
        assert_eq!(
            reference(42, Timestamp::from_unix(1_814_399_999)),
            "DEM-2027-000042"
        );
    }
}
