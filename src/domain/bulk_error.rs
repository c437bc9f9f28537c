//! Why a bulk-invitation file cannot be read as a whole. A leaf: validation's `Problem::Csv`
//! carries it, and the bulk invitation's reading of the file returns it.

use serde::{Deserialize, Serialize};

/// Most lines one file may hold; a bigger team is invited in several files.
pub const MAX_ROWS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BulkError {
    #[error("no invitation in the file")]
    Empty,
    #[error("more than {MAX_ROWS} lines")]
    TooManyRows,
    /// Not readable as CSV (e.g. an unterminated quote) at this line.
    #[error("unreadable at line {line}")]
    Unreadable { line: u64 },
}
