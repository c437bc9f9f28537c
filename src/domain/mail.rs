//! Mail the portal writes: a message already in its recipient's language, and someone it can be
//! written to, with the languages that decide which one.

use crate::domain::language::Language;

/// A message for the outbox, already written in its recipient's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Someone mail can be written to, with the languages that decide which one it is written in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub email: String,
    /// The person's own choice, once they have one.
    pub language: Option<Language>,
}
