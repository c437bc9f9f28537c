//! The signed-in person as the whole UI sees them.

use super::{certificate::Certificate, espace::EspaceSummary};
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
}

impl Viewer {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}
