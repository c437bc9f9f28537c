//! Pure types and rules of the eSpace domain, shared by the browser (`hydrate`) and the server
//! (`ssr`). Nothing here does I/O, so every rule runs identically on both sides and is unit-tested.

pub mod about;
pub mod access_code;
pub mod activity;
pub mod bulk;
pub mod bulk_error;
pub mod business_data;
pub mod calendar;
pub mod certificate;
pub mod certification;
mod code;
pub mod code_refusal;
pub mod company;
pub mod document;
pub mod error;
pub mod espace;
pub mod flash;
#[cfg(feature = "ssr")]
pub mod folding;
pub mod id;
pub mod invitation;
pub mod language;
pub mod mail;
pub mod mandate;
pub mod member;
pub mod message;
pub mod person;
pub mod procedure;
pub mod profile;
pub mod quota;
pub mod role;
pub mod search;
pub mod session;
pub mod ssn;
pub mod timestamp;
pub mod validation;
