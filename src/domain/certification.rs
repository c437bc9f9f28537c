//! Having the eSpace certified for a field of activity (help "Have your business eSpace
//! certified"): the administrator sends a description and supporting documents; an operator of the
//! administration approves or rejects the request in the back office. The same rules check the form
//! in the browser (with the files' declared types) and on the server (with the types read from
//! their content).

use super::{
    access_code::Domain,
    validation::{FieldError, Problem},
};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

pub const MAX_DOCUMENTS: usize = 5;
/// Bytes per document: a scanned page or a signed PDF, not an archive.
pub const MAX_DOCUMENT_BYTES: u64 = 4 * 1024 * 1024;
pub const DESCRIPTION_MAX: usize = 2000;
/// What the file chooser offers; the server trusts only the content.
pub const ACCEPT: &str = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg";

/// The kinds of supporting document accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentKind {
    Pdf,
    Png,
    Jpeg,
}

impl DocumentKind {
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Png => "image/png",
            DocumentKind::Jpeg => "image/jpeg",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<Self> {
        [DocumentKind::Pdf, DocumentKind::Png, DocumentKind::Jpeg]
            .into_iter()
            .find(|k| k.media_type() == media_type)
    }

    /// What a document of "Mes documents" is as a supporting document, if a request takes it.
    pub fn of_stored(kind: super::document::FileKind) -> Option<Self> {
        Self::from_media_type(kind.media_type())
    }
}

/// A chosen file as the rules see it: its size and kind (`None`: not an accepted kind).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentFacts {
    /// The file's name, as the browser gives it.
    pub name: String,
    pub size: u64,
    pub kind: Option<DocumentKind>,
}

/// The request form as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestForm {
    pub domain: String,
    pub description: String,
    pub documents: Vec<DocumentFacts>,
}

impl RequestForm {
    /// The field of activity and the trimmed description, or every field's problem.
    pub fn validate(&self) -> Result<(Domain, String), Vec<FieldError>> {
        let mut errors = Vec::new();
        let domain = Domain::from_code(&self.domain);
        if domain.is_none() {
            errors.push(FieldError::new("domain", Problem::Required));
        }
        let description = self.description.trim();
        if description.is_empty() {
            errors.push(FieldError::new("description", Problem::Required));
        } else if description.chars().count() > DESCRIPTION_MAX {
            errors.push(FieldError::new(
                "description",
                Problem::TooLong {
                    max: DESCRIPTION_MAX,
                },
            ));
        } else if description
            .chars()
            .any(super::validation::is_invisible_in_text)
        {
            errors.push(FieldError::new("description", Problem::InvisibleCharacters));
        }
        if let Some(problem) = documents_problem(&self.documents) {
            errors.push(FieldError::new("documents", problem));
        }
        match (domain, errors.is_empty()) {
            (Some(domain), true) => Ok((domain, description.to_owned())),
            _ => Err(errors),
        }
    }
}

fn documents_problem(documents: &[DocumentFacts]) -> Option<Problem> {
    if documents.is_empty() {
        return Some(Problem::Required);
    }
    if documents.len() > MAX_DOCUMENTS {
        return Some(Problem::TooManyDocuments);
    }
    // numbered from 1, as the form lists the chosen files
    (1u8..).zip(documents).find_map(|(number, d)| {
        if d.name.chars().any(super::validation::is_invisible) {
            Some(Problem::DocumentName { number })
        } else if d.kind.is_none() {
            Some(Problem::DocumentKind { number })
        } else if d.size == 0 || d.size > MAX_DOCUMENT_BYTES {
            Some(Problem::DocumentSize { number })
        } else {
            None
        }
    })
}

/// A supporting document as listed (its content stays in the database).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub name: String,
    pub size: u64,
    pub kind: DocumentKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    /// Waiting for an operator.
    Submitted,
    Approved {
        at: Timestamp,
    },
    Rejected {
        at: Timestamp,
        reason: String,
    },
}

/// What an operator decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject { reason: String },
}

/// A certification request, as the eSpace and the back office list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationRequest {
    pub id: String,
    pub domain: Domain,
    pub description: String,
    pub documents: Vec<Document>,
    pub submitted_at: Timestamp,
    /// The member's name, as it was then.
    pub submitted_by: String,
    pub status: RequestStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf(size: u64) -> DocumentFacts {
        DocumentFacts {
            name: "statuts.pdf".into(),
            size,
            kind: Some(DocumentKind::Pdf),
        }
    }

    fn form(documents: Vec<DocumentFacts>) -> RequestForm {
        RequestForm {
            domain: "sports_federations".into(),
            description: "  Fédération de tir à l'arc, statuts joints.\n ".into(),
            documents,
        }
    }

    fn problem(form: &RequestForm, field: &str) -> Option<Problem> {
        let errors = form.validate().err()?;
        errors
            .into_iter()
            .find(|e| e.field == field)
            .map(|e| e.problem)
    }

    #[test]
    fn a_request_names_a_field_describes_itself_and_brings_documents() {
        assert_eq!(
            form(vec![pdf(1000)]).validate(),
            Ok((
                Domain::SportsFederations,
                "Fédération de tir à l'arc, statuts joints.".into()
            ))
        );
        let empty = RequestForm {
            domain: "".into(),
            description: " ".into(),
            documents: vec![],
        };
        assert_eq!(problem(&empty, "domain"), Some(Problem::Required));
        assert_eq!(problem(&empty, "description"), Some(Problem::Required));
        assert_eq!(problem(&empty, "documents"), Some(Problem::Required));
        let long = RequestForm {
            description: "é".repeat(DESCRIPTION_MAX + 1),
            ..form(vec![pdf(1)])
        };
        assert_eq!(
            problem(&long, "description"),
            Some(Problem::TooLong {
                max: DESCRIPTION_MAX
            })
        );
    }

    #[test]
    fn documents_are_few_small_and_of_an_accepted_kind() {
        assert_eq!(
            problem(&form(vec![pdf(1); MAX_DOCUMENTS + 1]), "documents"),
            Some(Problem::TooManyDocuments)
        );
        assert_eq!(
            problem(&form(vec![pdf(MAX_DOCUMENT_BYTES + 1)]), "documents"),
            Some(Problem::DocumentSize { number: 1 })
        );
        assert_eq!(
            problem(&form(vec![pdf(0)]), "documents"),
            Some(Problem::DocumentSize { number: 1 })
        );
        let zip = DocumentFacts {
            name: "statuts.zip".into(),
            size: 10,
            kind: DocumentKind::from_media_type("application/zip"),
        };
        assert_eq!(
            problem(&form(vec![pdf(1), zip]), "documents"),
            Some(Problem::DocumentKind { number: 2 })
        );
        // with a right-to-left override, "statuts<RLO>fdp.exe" shows as "statutsexe.pdf"
        let disguised = DocumentFacts {
            name: "statuts\u{202E}fdp.exe".into(),
            ..pdf(10)
        };
        assert_eq!(
            problem(&form(vec![disguised]), "documents"),
            Some(Problem::DocumentName { number: 1 })
        );
        assert!(
            form(vec![pdf(MAX_DOCUMENT_BYTES); MAX_DOCUMENTS])
                .validate()
                .is_ok()
        );
        for kind in [DocumentKind::Pdf, DocumentKind::Png, DocumentKind::Jpeg] {
            assert_eq!(DocumentKind::from_media_type(kind.media_type()), Some(kind));
        }
    }
}
