use super::Pools;
use crate::domain::timestamp::Timestamp;
use crate::server::db::DbResult;
use async_trait::async_trait;

/// The administration's operators (back office).
#[async_trait]
pub trait Operators: Send + Sync {
    /// `false` when the name is taken.
    async fn add(&self, name: &str, now: Timestamp) -> DbResult<bool>;
    async fn is_active(&self, name: &str) -> DbResult<bool>;
    async fn list(&self) -> DbResult<Vec<Operator>>;
    /// `false` when there is no such active operator.
    async fn disable(&self, name: &str, now: Timestamp) -> DbResult<bool>;
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub added_at: Timestamp,
    pub disabled_at: Option<Timestamp>,
}

pub struct SqlOperators(pub Pools);

#[async_trait]
impl Operators for SqlOperators {
    async fn add(&self, name: &str, now: Timestamp) -> DbResult<bool> {
        let added = sqlx::query(
            "INSERT INTO operators (name, added_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(name)
        .bind(now)
        .execute(&self.0.write)
        .await?;
        Ok(added.rows_affected() == 1)
    }

    async fn is_active(&self, name: &str) -> DbResult<bool> {
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM operators WHERE name = $1 AND disabled_at IS NULL",
        )
        .bind(name)
        .fetch_one(&self.0.read)
        .await?
            == 1)
    }

    async fn list(&self) -> DbResult<Vec<Operator>> {
        let rows: Vec<(String, Timestamp, Option<Timestamp>)> =
            sqlx::query_as("SELECT name, added_at, disabled_at FROM operators ORDER BY name")
                .fetch_all(&self.0.read)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(name, added_at, disabled_at)| Operator {
                name,
                added_at,
                disabled_at,
            })
            .collect())
    }

    async fn disable(&self, name: &str, now: Timestamp) -> DbResult<bool> {
        let done = sqlx::query(
            "UPDATE operators SET disabled_at = $1 WHERE name = $2 AND disabled_at IS NULL",
        )
        .bind(now)
        .bind(name)
        .execute(&self.0.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
