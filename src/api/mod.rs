//! Server functions, one module per flow. Each one checks the caller's power on the server
//! (through `guard`) before touching data; expected refusals travel as data ([`Answer`]),
//! unexpected failures as a [`Fault`] with a request id.
//!
//! [`Answer`]: crate::domain::error::Answer
//! [`Fault`]: crate::domain::error::Fault

pub mod about;
pub mod business_data;
pub mod certification_requests;
pub mod certifications;
pub mod documents;
pub mod espaces;
#[cfg(feature = "ssr")]
pub(crate) mod guard;
pub mod invitations;
pub mod messages;
pub mod own_profile;
pub mod procedures;
pub mod profile;
pub mod session;
pub mod users;
