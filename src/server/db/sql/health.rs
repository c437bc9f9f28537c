use super::Pools;
use crate::server::db::DbResult;
use async_trait::async_trait;
use std::collections::HashSet;

/// What readiness and the metrics read of the database itself.
#[async_trait]
pub trait Health: Send + Sync {
    /// Asks the database (both pools), and answers how many of this build's migrations it has
    /// not applied: not ready before they are.
    async fn missing_migrations(&self) -> DbResult<usize>;
    /// Each pool's connections, open and idle.
    fn pools(&self) -> Vec<PoolUse>;
}

/// A connection pool's use at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUse {
    /// `read` or `write` (PostgreSQL's one pool is both: it is named `write`).
    pub pool: &'static str,
    pub open: u32,
    pub idle: u32,
}

pub struct SqlHealth(pub Pools);

#[async_trait]
impl Health for SqlHealth {
    async fn missing_migrations(&self) -> DbResult<usize> {
        sqlx::query("SELECT 1").execute(&self.0.write).await?;
        let applied: HashSet<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&self.0.read)
                .await?
                .into_iter()
                .collect();
        Ok(self
            .0
            .engine
            .migrations()
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .count())
    }

    fn pools(&self) -> Vec<PoolUse> {
        let usage = |pool: &'static str, of: &sqlx::AnyPool| PoolUse {
            pool,
            open: of.size(),
            idle: u32::try_from(of.num_idle()).unwrap_or(u32::MAX),
        };
        match self.0.engine {
            super::Engine::Sqlite => {
                vec![usage("read", &self.0.read), usage("write", &self.0.write)]
            }
            super::Engine::Postgres => vec![usage("write", &self.0.write)],
        }
    }
}
