//! "Mes communications" (help "Adding users": every role can "consult all messages received … in
//! the context of online procedures"): what administrations send an eSpace, about one of its
//! procedures or to the eSpace as a whole, and the members' replies. Whether a message has been
//! read is each person's own: one member opening it does not mark it read for the others.

use super::id::{MessageId, ProcedureId};
use super::{
    document::Document,
    validation::{Problem, required_line, required_text},
};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 20_000;
pub const REPLY_MAX: usize = 5_000;

/// The procedure a message is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    pub procedure_id: ProcedureId,
    pub reference: String,
}

/// A message as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageLine {
    pub id: MessageId,
    pub subject: String,
    /// The administration that sent it.
    pub from: String,
    pub sent_at: Timestamp,
    pub about: Option<About>,
    /// Not yet opened by the person asking.
    pub unread: bool,
    pub replies: u32,
}

/// A message opened: its text, the documents it came with, and the replies so far, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub line: MessageLine,
    pub body: String,
    /// Whether the administration accepts a reply to it.
    pub replies_allowed: bool,
    pub attachments: Vec<Document>,
    pub replies: Vec<Reply>,
}

/// A member's answer to a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// The member, by name as it was then.
    pub by: String,
    pub body: String,
    pub at: Timestamp,
}

/// A message's subject, as the back office sends it.
pub fn subject(value: &str) -> Result<String, Problem> {
    required_line(value, SUBJECT_MAX)
}

/// A message's text, as the back office sends it.
pub fn body(value: &str) -> Result<String, Problem> {
    required_text(value, BODY_MAX)
}

/// A reply's text: checked alike in the browser and on the server.
pub fn reply(value: &str) -> Result<String, Problem> {
    required_text(value, REPLY_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_keeps_its_lines_and_is_bounded() {
        assert_eq!(
            reply("  Bonjour,\r\nvoici la pièce.\n "),
            Ok("Bonjour,\nvoici la pièce.".into())
        );
        assert_eq!(reply(" \n "), Err(Problem::Required));
        assert_eq!(
            reply(&"é".repeat(REPLY_MAX + 1)),
            Err(Problem::TooLong { max: REPLY_MAX })
        );
        assert_eq!(reply("a\u{202E}b"), Err(Problem::InvisibleCharacters));
    }

    #[test]
    fn a_subject_is_one_line() {
        assert_eq!(subject(" Pièce manquante "), Ok("Pièce manquante".into()));
        assert_eq!(subject("a\nb"), Err(Problem::ControlCharacters));
        assert_eq!(body("a\n\nb"), Ok("a\n\nb".into()));
    }
}
