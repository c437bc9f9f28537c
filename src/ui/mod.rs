//! Pages and components. Pages read through server functions only and show what the server
//! answered; they hide what the caller's role could not do, the server refuses it anyway.

pub mod about;
pub mod answer;
pub mod business_data;
pub mod certifications;
pub mod communications;
pub mod create_espace;
pub mod dialog;
pub mod documents;
pub mod espace;
pub mod flash;
pub mod form;
pub mod header;
pub mod home;
pub mod identity;
pub mod idle;
pub mod invitations;
pub mod login;
pub mod not_found;
pub mod own_profile;
pub mod procedures;
pub mod profile;
pub mod session;
pub mod title;
pub mod users;
