use super::{Pools, decode};
use crate::{
    domain::access_code::{CodeKind, CodeLife, CodeOrder, Domain, IssueRefusal, IssuedCode},
    server::db::{AccessCodes, DbResult, new_id},
};
use async_trait::async_trait;
use sqlx::{Row, sqlite::SqliteRow};

pub struct SqliteAccessCodes(pub Pools);

#[async_trait]
impl AccessCodes for SqliteAccessCodes {
    async fn issue(
        &self,
        order: &CodeOrder,
        code_hash: &str,
        operator: &str,
        now: i64,
    ) -> DbResult<Result<String, IssueRefusal>> {
        if let Err(refusal) = order.check(now) {
            return Ok(Err(refusal));
        }
        let id = new_id();
        let inserted = sqlx::query(
            "INSERT INTO access_codes (id, code_hash, company_national_id, domain, kind, activation_deadline, end_of_use, issued_at, issued_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(code_hash)
        .bind(&order.company)
        .bind(order.domain.code())
        .bind(order.kind.code())
        .bind(order.activation_deadline)
        .bind(order.end_of_use)
        .bind(now)
        .bind(operator)
        .execute(&self.0.write)
        .await;
        match inserted {
            Ok(_) => Ok(Ok(id)),
            // the one-active-owner index refused it
            Err(sqlx::Error::Database(e))
                if e.is_unique_violation() && order.kind == CodeKind::Owner =>
            {
                Ok(Err(IssueRefusal::OwnerActive))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn of_company(&self, company: &str, now: i64) -> DbResult<Vec<IssuedCode>> {
        let rows = sqlx::query(
            "SELECT id, company_national_id, domain, kind, activation_deadline, end_of_use, issued_at, issued_by, revoked_at, used_at \
             FROM access_codes WHERE company_national_id = $1 ORDER BY issued_at DESC, id DESC",
        )
        .bind(company)
        .fetch_all(&self.0.read)
        .await?;
        Ok(rows
            .iter()
            .map(|row| issued(row, now))
            .collect::<Result<_, _>>()?)
    }

    async fn revoke(&self, id: &str, now: i64) -> DbResult<bool> {
        let done = sqlx::query(
            "UPDATE access_codes SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&self.0.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

fn issued(row: &SqliteRow, now: i64) -> Result<IssuedCode, sqlx::Error> {
    let life = CodeLife {
        activation_deadline: row.try_get("activation_deadline")?,
        revoked_at: row.try_get("revoked_at")?,
        used_at: row.try_get("used_at")?,
    };
    Ok(IssuedCode {
        id: row.try_get("id")?,
        company: row.try_get("company_national_id")?,
        domain: decode("domain", row.try_get("domain")?, Domain::from_code)?,
        kind: decode("kind", row.try_get("kind")?, CodeKind::from_code)?,
        activation_deadline: life.activation_deadline,
        end_of_use: row.try_get("end_of_use")?,
        issued_at: row.try_get("issued_at")?,
        issued_by: row.try_get("issued_by")?,
        state: life.state(now),
    })
}
