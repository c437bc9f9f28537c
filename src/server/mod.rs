//! Server-only I/O: configuration, database, sessions, request guards, start-up.

pub mod about;
pub mod access;
pub mod back_office;
pub mod caller;
pub mod certificate;
pub mod clock;
pub mod compression;
pub mod config;
pub mod csrf;
pub mod db;
pub mod demo;
pub mod flash;
pub mod health;
pub mod link;
pub mod logging;
pub mod mail;
pub mod metrics;
pub mod pdf;
pub mod reminders;
pub mod request_id;
pub mod security_headers;
pub mod services;
pub mod session;
pub mod session_store;
pub mod sign_in;
pub mod uploads;
