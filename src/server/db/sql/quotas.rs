use super::{Engine, Pools};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::quota::{Quota, QuotaLimits, QuotaReached},
    server::db::DbResult,
};
use async_trait::async_trait;

/// What an upload turned out to be, once all of it has arrived.
#[derive(Clone, Debug)]
pub struct Upload {
    pub kind: crate::domain::document::FileKind,
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// The volume limits counted over time (`domain::quota`).
#[async_trait]
pub trait Quotas: Send + Sync {
    /// Counts `amount` uses at `now` against each quota and its subject (a person's or an
    /// eSpace's id) if they fit within every limit; otherwise counts nothing and answers the
    /// first limit reached.
    async fn take(
        &self,
        limits: &crate::domain::quota::QuotaLimits,
        counted: &[(crate::domain::quota::Quota, &str)],
        amount: i64,
        now: Timestamp,
    ) -> DbResult<Result<(), crate::domain::quota::QuotaReached>>;
}

pub struct SqlQuotas(pub Pools);

#[async_trait]
impl Quotas for SqlQuotas {
    async fn take(
        &self,
        limits: &QuotaLimits,
        counted: &[(Quota, &str)],
        amount: i64,
        now: Timestamp,
    ) -> DbResult<Result<(), QuotaReached>> {
        let mut tx = self.0.begin().await?;
        if self.0.engine == Engine::Postgres {
            // two app servers counting the same subject at once take turns (in one order, so
            // they never wait for each other in a circle)
            let mut keys: Vec<String> = counted
                .iter()
                .map(|(quota, subject)| format!("{}:{subject}", quota.code()))
                .collect();
            keys.sort();
            for key in keys {
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for (quota, subject) in counted {
            let since = quota
                .window()
                .map_or(Timestamp::EARLIEST, |window| now - window);
            sqlx::query("DELETE FROM quota_uses WHERE quota = $1 AND subject = $2 AND at <= $3")
                .bind(quota.code())
                .bind(subject)
                .bind(since)
                .execute(&mut *tx)
                .await?;
            let (used, oldest): (Option<i64>, Option<Timestamp>) = sqlx::query_as(
                "SELECT CAST(SUM(amount) AS BIGINT), MIN(at) FROM quota_uses WHERE quota = $1 AND subject = $2",
            )
            .bind(quota.code())
            .bind(subject)
            .fetch_one(&mut *tx)
            .await?;
            if let Err(reached) = limits.allows(*quota, used.unwrap_or(0), amount, oldest) {
                return Ok(Err(reached));
            }
        }
        for (quota, subject) in counted {
            sqlx::query(
                "INSERT INTO quota_uses (quota, subject, amount, at) VALUES ($1, $2, $3, $4)",
            )
            .bind(quota.code())
            .bind(subject)
            .bind(amount)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }
}
