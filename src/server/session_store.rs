//! Sessions in the app's database, so that every app server behind a load balancer knows every
//! session, stored under a hash of their id: the id is the bearer secret of a session (its
//! cookie), so the database keeps only SHA-256 of it; a copy of the table signs nobody in.

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use sqlx::AnyPool;
use time::OffsetDateTime;
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store::{Error, Result},
};

/// The session records of the `tower_sessions` table (the layout of tower-sessions' own SQL
/// stores, which this replaces so that SQLite's sessions go through the app's one writer
/// connection and both engines share one implementation). Records are MessagePack.
#[derive(Clone, Debug)]
pub struct SqlSessions(pub AnyPool);

fn backend(error: sqlx::Error) -> Error {
    Error::Backend(error.to_string())
}

impl SqlSessions {
    /// Deletes expired records every hour while the server runs (every server may: deleting
    /// twice is harmless).
    pub fn spawn_expiry(self) {
        tokio::spawn(async move {
            let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                hourly.tick().await;
                if let Err(error) = self.delete_expired().await {
                    tracing::warn!(%error, "deleting expired sessions");
                }
            }
        });
    }

    /// Runs `statement` with the record's id, data and expiry date as `$1`, `$2` and `$3`.
    async fn write(&self, statement: &str, record: &Record) -> Result<()> {
        let data = rmp_serde::to_vec(record).map_err(|e| Error::Encode(e.to_string()))?;
        sqlx::query(statement)
            .bind(record.id.to_string())
            .bind(data)
            .bind(record.expiry_date.unix_timestamp())
            .execute(&self.0)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Deletes the records of expired sessions; answers how many.
    pub async fn delete_expired(&self) -> Result<u64> {
        let deleted = sqlx::query("DELETE FROM tower_sessions WHERE expiry_date <= $1")
            .bind(OffsetDateTime::now_utc().unix_timestamp())
            .execute(&self.0)
            .await
            .map_err(backend)?;
        Ok(deleted.rows_affected())
    }
}

/// A new session is inserted (`create`); an existing one is only ever updated (`save`): a
/// request still running when its session was deleted (signed out, its id renewed at sign-in,
/// expired) saves it afterwards, and that save must not bring it back.
#[async_trait]
impl SessionStore for SqlSessions {
    async fn create(&self, record: &mut Record) -> Result<()> {
        self.write(
            "INSERT INTO tower_sessions (id, data, expiry_date) VALUES ($1, $2, $3)",
            record,
        )
        .await
    }

    async fn save(&self, record: &Record) -> Result<()> {
        self.write(
            "UPDATE tower_sessions SET data = $2, expiry_date = $3 WHERE id = $1",
            record,
        )
        .await
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let data: Option<Vec<u8>> = sqlx::query_scalar(
            "SELECT data FROM tower_sessions WHERE id = $1 AND expiry_date > $2",
        )
        .bind(id.to_string())
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .fetch_optional(&self.0)
        .await
        .map_err(backend)?;
        data.map(|data| rmp_serde::from_slice(&data).map_err(|e| Error::Decode(e.to_string())))
            .transpose()
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        sqlx::query("DELETE FROM tower_sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.0)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[derive(Clone, Debug)]
pub struct HashedIds<S>(pub S);

/// The id a session is stored under: the first 128 bits of SHA-256 of its real id.
fn stored_id(id: &Id) -> Id {
    let digest = Sha256::digest(id.0.to_le_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(bytes))
}

fn stored(record: &Record) -> Record {
    Record {
        id: stored_id(&record.id),
        ..record.clone()
    }
}

#[async_trait]
impl<S: SessionStore> SessionStore for HashedIds<S> {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // a new id until none is taken (128 random bits: in practice the first)
        while self.0.load(&stored_id(&record.id)).await?.is_some() {
            record.id = Id::default();
        }
        self.0.create(&mut stored(record)).await
    }

    async fn save(&self, record: &Record) -> Result<()> {
        self.0.save(&stored(record)).await
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        Ok(self
            .0
            .load(&stored_id(id))
            .await?
            .map(|record| Record { id: *id, ..record }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.0.delete(&stored_id(id)).await
    }
}
