use super::Pools;
use crate::domain::id::CompanyId;
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::business_data::{Held, Source, SourceRow},
    server::db::DbResult,
};
use async_trait::async_trait;

/// What an import changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// The authentic sources' data about companies ("Mes données professionnelles"). Its first
/// implementation keeps what the administrations' files bring (`espace sources import`).
#[async_trait]
pub trait AuthenticSources: Send + Sync {
    /// Keeps a source's checked file in one transaction: new companies added, changed records
    /// replaced (their date of update moves), the same record left as it was.
    async fn import(
        &self,
        source: crate::domain::business_data::Source,
        rows: &[crate::domain::business_data::SourceRow],
        operator: &str,
        now: Timestamp,
    ) -> DbResult<Imported>;
    /// What every source holds about a company, with when each was last updated.
    async fn of_company(&self, national_id: &CompanyId) -> DbResult<Vec<Held>>;
}

pub struct SqlAuthenticSources(pub Pools);

#[async_trait]
impl AuthenticSources for SqlAuthenticSources {
    async fn import(
        &self,
        source: Source,
        rows: &[SourceRow],
        operator: &str,
        now: Timestamp,
    ) -> DbResult<Imported> {
        let mut imported = Imported::default();
        let mut tx = self.0.begin().await?;
        for row in rows {
            let content = serde_json::to_string(&row.record).map_err(sqlx::Error::decode)?;
            let kept: Option<String> = sqlx::query_scalar(
                "SELECT content FROM company_data WHERE national_id = $1 AND source = $2",
            )
            .bind(&row.national_id)
            .bind(source.code())
            .fetch_optional(&mut *tx)
            .await?;
            let statement = match kept {
                Some(kept) if kept == content => {
                    imported.unchanged += 1;
                    continue;
                }
                Some(_) => {
                    imported.changed += 1;
                    "UPDATE company_data SET content = $3, updated_at = $4, imported_by = $5 \
                     WHERE national_id = $1 AND source = $2"
                }
                None => {
                    imported.added += 1;
                    "INSERT INTO company_data (national_id, source, content, updated_at, imported_by) \
                     VALUES ($1, $2, $3, $4, $5)"
                }
            };
            sqlx::query(statement)
                .bind(&row.national_id)
                .bind(source.code())
                .bind(&content)
                .bind(now)
                .bind(operator)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(imported)
    }

    async fn of_company(&self, national_id: &CompanyId) -> DbResult<Vec<Held>> {
        let rows: Vec<(String, Timestamp)> = sqlx::query_as(
            "SELECT content, updated_at FROM company_data WHERE national_id = $1 ORDER BY source",
        )
        .bind(national_id)
        .fetch_all(&self.0.read)
        .await?;
        rows.into_iter()
            .map(|(content, updated_at)| {
                let record = serde_json::from_str(&content).map_err(sqlx::Error::decode)?;
                Ok(Held { record, updated_at })
            })
            .collect()
    }
}
