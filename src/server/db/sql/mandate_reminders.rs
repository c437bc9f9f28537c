use super::{Pools, decode, journal};
use crate::domain::espace::EspaceSummary;
use crate::domain::id::{CodeId, CompanyId, EspaceId};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{access_code::Domain, mail::Mail},
    server::db::DbResult,
};
use async_trait::async_trait;
use sqlx::{Row, any::AnyRow};

/// The reminders of a mandate's end of use, sent by whichever app server finds one due first.
#[async_trait]
pub trait MandateReminders: Send + Sync {
    /// Live mandates whose end of use falls within `within` seconds from now, each with the
    /// nearest reminder already sent for that end (in days before it).
    async fn ending_mandates(&self, now: Timestamp, within: i64) -> DbResult<Vec<EndingMandate>>;
    /// Records the reminder sent `days` before a mandate's `end` and queues its `mails`, in one
    /// transaction; `false` (and nothing queued) when another server recorded it first.
    async fn remind(
        &self,
        code_id: &CodeId,
        days: i64,
        end: Timestamp,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<bool>;
}

/// A mandate nearing its end of use, as the reminder task reads it.
#[derive(Clone, Debug)]
pub struct EndingMandate {
    pub code_id: CodeId,
    pub domain: Domain,
    /// The principal company's national identifier.
    pub company: CompanyId,
    pub end_of_use: Timestamp,
    /// The certified principal's eSpace, if any.
    pub principal: Option<EspaceSummary>,
    /// The representative's eSpace.
    pub representative: EspaceSummary,
    /// The nearest reminder already sent for this end, in days before it.
    pub reminded: Option<i64>,
}

pub struct SqlMandateReminders(pub Pools);

#[async_trait]
impl MandateReminders for SqlMandateReminders {
    async fn ending_mandates(&self, now: Timestamp, within: i64) -> DbResult<Vec<EndingMandate>> {
        let rows = sqlx::query(
            "SELECT c.id, c.domain, c.company_national_id, c.end_of_use, p.id AS principal_id, p.name AS principal_name, \
             r.id AS representative_id, r.name AS representative_name, \
             (SELECT MIN(m.days_before) FROM mandate_reminders m \
              WHERE m.code_id = c.id AND m.end_of_use = c.end_of_use) AS reminded \
             FROM access_codes c JOIN espaces r ON r.id = c.used_by_espace \
             LEFT JOIN access_codes o ON o.kind = 'owner' AND o.revoked_at IS NULL \
               AND o.company_national_id = c.company_national_id AND o.domain = c.domain \
               AND o.used_by_espace IS NOT NULL \
             LEFT JOIN espaces p ON p.id = o.used_by_espace \
             WHERE c.kind = 'proxy' AND c.revoked_at IS NULL AND c.end_of_use BETWEEN $1 AND $2",
        )
        .bind(now)
        .bind(now + within)
        .fetch_all(&self.0.read)
        .await?;
        let ending = |row: &AnyRow| -> Result<EndingMandate, sqlx::Error> {
            let principal_id: Option<EspaceId> = row.try_get("principal_id")?;
            let principal_name: Option<String> = row.try_get("principal_name")?;
            Ok(EndingMandate {
                code_id: row.try_get("id")?,
                domain: decode("domain", row.try_get("domain")?, Domain::from_code)?,
                company: row.try_get("company_national_id")?,
                end_of_use: row.try_get("end_of_use")?,
                principal: principal_id
                    .zip(principal_name)
                    .map(|(id, name)| EspaceSummary { id, name }),
                representative: EspaceSummary {
                    id: row.try_get("representative_id")?,
                    name: row.try_get("representative_name")?,
                },
                reminded: row.try_get("reminded")?,
            })
        };
        Ok(rows.iter().map(ending).collect::<Result<_, _>>()?)
    }

    async fn remind(
        &self,
        code_id: &CodeId,
        days: i64,
        end: Timestamp,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<bool> {
        let mut tx = self.0.begin().await?;
        let recorded = sqlx::query(
            "INSERT INTO mandate_reminders (code_id, days_before, end_of_use, sent_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(code_id)
        .bind(days)
        .bind(end)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if recorded.rows_affected() != 1 {
            return Ok(false);
        }
        journal::enqueue(&mut tx, mails, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}
