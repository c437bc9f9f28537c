use super::Pools;
use crate::domain::timestamp::Timestamp;
use crate::{domain::mail::Mail, server::db::DbResult};
use async_trait::async_trait;
use sqlx::Row;

/// A message taken from the outbox by a sender.
#[derive(Clone, Debug)]
pub struct QueuedMail {
    pub id: String,
    pub mail: Mail,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

#[async_trait]
pub trait Outbox: Send + Sync {
    /// Claims up to `limit` messages that are due, for `lease` seconds.
    async fn claim(&self, now: Timestamp, lease: i64, limit: u32) -> DbResult<Vec<QueuedMail>>;
    /// Marks the message sent, keeping `kept_body` of it: its text without the secrets of its
    /// links, which need not outlive the delivery.
    async fn sent(&self, id: &str, kept_body: &str, now: Timestamp) -> DbResult<()>;
    /// A temporary failure: the message is tried again at `retry_at`.
    async fn failed(&self, id: &str, error: &str, retry_at: Timestamp) -> DbResult<()>;
    /// A permanent failure: the message is not tried again.
    async fn failed_for_good(&self, id: &str, error: &str, now: Timestamp) -> DbResult<()>;
    /// Messages not sent yet and still tried.
    async fn backlog(&self) -> DbResult<Backlog>;
    /// The messages failed for good, the latest first.
    async fn failures(&self) -> DbResult<Vec<FailedMail>>;
    /// Tries a message failed for good again, from `now`; answers whether there was one.
    async fn retry(&self, id: &str, now: Timestamp) -> DbResult<bool>;
}

/// A message the mail server refused for good.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedMail {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub attempts: u32,
    /// Unix seconds.
    pub failed_at: Timestamp,
    pub error: String,
}

/// The outbox's messages not sent yet: how many, and since when the oldest waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backlog {
    pub waiting: i64,
    /// Unix seconds; none when nothing waits.
    pub oldest_since: Option<Timestamp>,
}

pub struct SqlOutbox(pub Pools);

#[async_trait]
impl Outbox for SqlOutbox {
    async fn claim(&self, now: Timestamp, lease: i64, limit: u32) -> DbResult<Vec<QueuedMail>> {
        let rows = sqlx::query(&format!(
            "UPDATE outbox SET locked_until = $1 + $2, attempts = attempts + 1 WHERE id IN ( \
               SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
               AND (locked_until IS NULL OR locked_until <= $1) ORDER BY id LIMIT $3{}) \
             RETURNING id, recipient, subject, body, attempts",
            self.0.engine.skip_locked()
        ))
        .bind(now)
        .bind(lease)
        .bind(i64::from(limit))
        .fetch_all(&self.0.write)
        .await?;
        let queued = |row: &sqlx::any::AnyRow| -> Result<QueuedMail, sqlx::Error> {
            Ok(QueuedMail {
                id: row.try_get("id")?,
                mail: Mail {
                    to: row.try_get("recipient")?,
                    subject: row.try_get("subject")?,
                    body: row.try_get("body")?,
                },
                attempts: row.try_get::<i64, _>("attempts")? as u32,
            })
        };
        Ok(rows.iter().map(queued).collect::<Result<_, _>>()?)
    }

    async fn sent(&self, id: &str, kept_body: &str, now: Timestamp) -> DbResult<()> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $2, locked_until = NULL, last_error = NULL, body = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .bind(kept_body)
        .execute(&self.0.write)
        .await?;
        Ok(())
    }

    async fn failed(&self, id: &str, error: &str, retry_at: Timestamp) -> DbResult<()> {
        sqlx::query("UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1")
            .bind(id)
            .bind(retry_at)
            .bind(error)
            .execute(&self.0.write)
            .await?;
        Ok(())
    }

    async fn failed_for_good(&self, id: &str, error: &str, now: Timestamp) -> DbResult<()> {
        sqlx::query(
            "UPDATE outbox SET failed_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .bind(error)
        .execute(&self.0.write)
        .await?;
        Ok(())
    }

    async fn failures(&self) -> DbResult<Vec<FailedMail>> {
        let rows: Vec<(String, String, String, i64, Timestamp, Option<String>)> = sqlx::query_as(
            "SELECT id, recipient, subject, attempts, failed_at, last_error FROM outbox \
             WHERE failed_at IS NOT NULL AND sent_at IS NULL ORDER BY failed_at DESC, id",
        )
        .fetch_all(&self.0.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, to, subject, attempts, failed_at, error)| FailedMail {
                id,
                to,
                subject,
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                failed_at,
                error: error.unwrap_or_default(),
            })
            .collect())
    }

    async fn retry(&self, id: &str, now: Timestamp) -> DbResult<bool> {
        let retried = sqlx::query(
            "UPDATE outbox SET failed_at = NULL, next_attempt_at = $2 \
             WHERE id = $1 AND failed_at IS NOT NULL AND sent_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&self.0.write)
        .await?;
        Ok(retried.rows_affected() == 1)
    }

    async fn backlog(&self) -> DbResult<Backlog> {
        let (waiting, oldest_since): (i64, Option<Timestamp>) =
            sqlx::query_as("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
                .fetch_one(&self.0.read)
                .await?;
        Ok(Backlog {
            waiting,
            oldest_since,
        })
    }
}
