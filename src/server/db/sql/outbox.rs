use super::Pools;
use crate::server::db::{Backlog, DbResult, Mail, Outbox, QueuedMail};
use async_trait::async_trait;
use sqlx::Row;

pub struct SqlOutbox(pub Pools);

#[async_trait]
impl Outbox for SqlOutbox {
    async fn claim(&self, now: i64, lease: i64, limit: u32) -> DbResult<Vec<QueuedMail>> {
        let rows = sqlx::query(&format!(
            "UPDATE outbox SET locked_until = $1 + $2, attempts = attempts + 1 WHERE id IN ( \
               SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 \
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

    async fn sent(&self, id: &str, kept_body: &str, now: i64) -> DbResult<()> {
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

    async fn failed(&self, id: &str, error: &str, retry_at: i64) -> DbResult<()> {
        sqlx::query("UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1")
            .bind(id)
            .bind(retry_at)
            .bind(error)
            .execute(&self.0.write)
            .await?;
        Ok(())
    }

    async fn backlog(&self) -> DbResult<Backlog> {
        let (waiting, oldest_since): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL")
                .fetch_one(&self.0.read)
                .await?;
        Ok(Backlog {
            waiting,
            oldest_since,
        })
    }
}
