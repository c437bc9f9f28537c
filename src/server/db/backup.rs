//! `espace backup --to FILE`: a consistent copy of the SQLite database while the server runs and
//! writes. SQLite's `VACUUM INTO` reads one snapshot of the database (WAL mode lets writers go
//! on meanwhile) and writes it, compacted, to a new file. The copy is written beside its name,
//! checked (`PRAGMA integrity_check`) and only then renamed to it, so a backup file that exists
//! is a whole one. PostgreSQL has its own tools (`pg_dump`), described in the README.

use super::sql::Engine;
use sqlx::{
    ConnectOptions, Connection,
    sqlite::{SqliteConnectOptions, SqliteConnection},
};
use std::{path::Path, str::FromStr, time::Duration};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "the database is PostgreSQL: back it up with pg_dump (README, \"Backups\"), not espace backup"
    )]
    Postgres,
    #[error("{0} exists already: name a new file")]
    Exists(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the copy failed its integrity check: {0}")]
    Damaged(String),
    #[error("{0}: {1}")]
    File(String, std::io::Error),
}

/// What was written.
#[derive(Debug)]
pub struct Backup {
    pub bytes: u64,
}

/// Copies the SQLite database `url` names to the new file `to`.
pub async fn backup(url: &str, to: &Path) -> Result<Backup, BackupError> {
    if Engine::of(url) == Engine::Postgres {
        return Err(BackupError::Postgres);
    }
    let shown = to.display().to_string();
    if to.exists() {
        return Err(BackupError::Exists(shown));
    }
    let partial = to.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    // read-only: a backup never writes to the database it copies; it waits for a writer that
    // holds a lock rather than failing
    let mut source = SqliteConnectOptions::from_str(url)?
        .read_only(true)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await?;
    sqlx::query("VACUUM INTO $1")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut source)
        .await?;
    source.close().await?;
    let mut copy = SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(&partial)
            .read_only(true),
    )
    .await?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copy)
        .await?;
    copy.close().await?;
    if integrity != "ok" {
        return Err(BackupError::Damaged(integrity));
    }
    std::fs::rename(&partial, to).map_err(|e| BackupError::File(shown.clone(), e))?;
    let bytes = std::fs::metadata(to)
        .map_err(|e| BackupError::File(shown, e))?
        .len();
    Ok(Backup { bytes })
}
