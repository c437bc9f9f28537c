//! The server functions' integration tests that run inside the test process, as one binary: the
//! app's router driven in-process against a real temporary database (see `common`). One binary
//! rather than one per file: each links the whole app (~110 MB in debug), so thirteen of them
//! cost 1.4 GB of disk and twelve more links on every change.
//! Tests that need a process of their own stay separate binaries: `audit` and
//! `certificate_sign_in` capture the process's logs, `copy_database` changes its environment,
//! `durability` and `servers` run the real server as child processes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

#[path = "../common/mod.rs"]
mod common;

mod access_codes;
mod api;
mod authorisation;
mod certification_requests;
mod certifications;
mod concurrency;
mod documents;
mod failures;
mod flash;
mod hostile_input;
mod mail;
mod messages;
mod migrations;
mod operations;
mod pdf;
mod procedures;
mod profile;
mod quotas;
mod security;
mod sources;
mod users;
