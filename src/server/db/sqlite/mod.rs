//! The embedded SQLite engine: a file created on first start, in WAL mode.
//!
//! Writes go through a pool of exactly one connection, so the app's own write transactions queue
//! in the process instead of racing for SQLite's lock ("database is locked"); readers use their
//! own pool and, thanks to WAL, never wait for the writer. The busy timeout only covers other
//! processes (a backup, the sqlite3 shell).

mod access_codes;
mod certification_requests;
mod espaces;
mod invitations;
mod journal;
mod members;
mod operators;
mod outbox;
mod persons;
mod procedures;

use super::{DbResult, Store};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::{str::FromStr, sync::Arc, time::Duration};

#[derive(Clone)]
pub struct Pools {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

impl Pools {
    pub async fn open(url: &str) -> DbResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // what is deleted or overwritten (a session, a sent mail's link) is zeroed on disk,
            // not left in free pages
            .pragma("secure_delete", "ON");
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&write)
            .await
            .map_err(sqlx::Error::from)?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self { read, write })
    }

    pub fn store(&self) -> Store {
        Store {
            access_codes: Arc::new(access_codes::SqliteAccessCodes(self.clone())),
            certification_requests: Arc::new(certification_requests::SqliteCertificationRequests(
                self.clone(),
            )),
            persons: Arc::new(persons::SqlitePersons(self.clone())),
            espaces: Arc::new(espaces::SqliteEspaces(self.clone())),
            members: Arc::new(members::SqliteMembers(self.clone())),
            invitations: Arc::new(invitations::SqliteInvitations(self.clone())),
            outbox: Arc::new(outbox::SqliteOutbox(self.clone())),
            operators: Arc::new(operators::SqliteOperators(self.clone())),
            procedures: Arc::new(procedures::SqliteProcedures(self.clone())),
        }
    }
}

/// Decodes a stored code into its domain enum; an unknown code is corrupt data, not user input.
fn decode<T>(
    column: &str,
    code: &str,
    from_code: impl Fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    from_code(code)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown {column} code {code:?}").into()))
}

/// An optional language column (a person's choice, an eSpace's procedure language).
fn language(
    row: &sqlx::sqlite::SqliteRow,
    column: &str,
) -> Result<Option<crate::domain::language::Language>, sqlx::Error> {
    use sqlx::Row;
    let code: Option<String> = row.try_get(column)?;
    code.map(|c| decode(column, &c, crate::domain::language::Language::from_code))
        .transpose()
}
