//! "Mes documents": the files an eSpace keeps for its procedures (help "Ajouter un utilisateur":
//! "Stockez et retrouvez les documents que vous souhaitez utiliser ultérieurement pour vos futures
//! démarches"). Every member may add, rename and delete them (help "Adding users"). A file's kind
//! is read from its content, never from its name.

use super::id::DocumentId;
use super::validation::{Problem, required_line};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// The largest file kept, in bytes.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Bytes stored per chunk: what an upload or a download holds in memory at most.
pub const CHUNK_BYTES: usize = 256 * 1024;
/// The longest name, in characters.
pub const NAME_MAX: usize = 200;

/// The kinds of file kept: what people really send to administrations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    /// OpenDocument text (LibreOffice).
    Odt,
    /// Office Open XML text (Word).
    Docx,
    /// Office Open XML spreadsheet (Excel).
    Xlsx,
}

impl FileKind {
    pub const ALL: [Self; 6] = [
        Self::Pdf,
        Self::Png,
        Self::Jpeg,
        Self::Odt,
        Self::Docx,
        Self::Xlsx,
    ];

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// What a file input's `accept` lists: every kind kept.
    pub fn accept() -> String {
        Self::ALL.map(Self::media_type).join(",")
    }

    pub fn from_media_type(media_type: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.media_type() == media_type)
    }

    /// The kind of file its first bytes show (whatever its name says), if it is one kept.
    #[cfg(feature = "ssr")]
    pub fn of_content(start: &[u8]) -> Option<Self> {
        infer::get(start).and_then(|found| Self::from_media_type(found.mime_type()))
    }

    /// The name's usual ending, which also names the kind in the list of documents.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Odt => "odt",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
        }
    }
}

/// A document's name, as a person gives it (the file's name, or a new one): one line, without
/// invisible characters, at most `NAME_MAX` characters.
pub fn name(value: &str) -> Result<String, Problem> {
    required_line(value, NAME_MAX)
}

/// A kept document, as its list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub name: String,
    pub kind: FileKind,
    pub size: u64,
    /// Hex SHA-256 of the content: what a signature covers.
    pub sha256: String,
    pub added_at: Timestamp,
    /// The member who added it, by name as it was then.
    pub added_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_by_media_type() {
        for kind in FileKind::ALL {
            assert_eq!(FileKind::from_media_type(kind.media_type()), Some(kind));
        }
        assert_eq!(FileKind::from_media_type("application/x-msdownload"), None);
    }

    #[test]
    fn a_name_is_one_visible_line() {
        assert_eq!(
            name("  statuts 2026.pdf ").as_deref(),
            Ok("statuts 2026.pdf")
        );
        assert_eq!(name(""), Err(Problem::Required));
        assert_eq!(name("a\u{202E}fdp.exe"), Err(Problem::ControlCharacters));
        assert_eq!(
            name(&"x".repeat(NAME_MAX + 1)),
            Err(Problem::TooLong { max: NAME_MAX })
        );
    }
}
