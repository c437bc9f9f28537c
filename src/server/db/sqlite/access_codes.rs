use super::{Pools, decode, journal};
use crate::{
    domain::{
        access_code::{
            ATTEMPT_WINDOW, CertificationsView, CodeKind, CodeLife, CodeOrder, CodeRefusal,
            CodeState, Domain, IssueRefusal, IssuedCode, MAX_FAILED_ATTEMPTS, MandateChange,
            Registration, RegistrationStatus,
        },
        activity::Action,
    },
    server::db::{AccessCodes, Actor, DbResult, Mail, new_id},
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
    async fn register(
        &self,
        espace_id: &str,
        code_hash: &str,
        kind: CodeKind,
        by: &Actor,
        now: i64,
    ) -> DbResult<Result<(), CodeRefusal>> {
        let mut tx = self.0.write.begin().await?;
        sqlx::query("DELETE FROM code_attempts WHERE espace_id = $1 AND at <= $2")
            .bind(espace_id)
            .bind(now - ATTEMPT_WINDOW)
            .execute(&mut *tx)
            .await?;
        let (failed, first): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MIN(at) FROM code_attempts WHERE espace_id = $1")
                .bind(espace_id)
                .fetch_one(&mut *tx)
                .await?;
        if failed >= MAX_FAILED_ATTEMPTS {
            let retry_at = first.unwrap_or(now) + ATTEMPT_WINDOW + 1;
            return Ok(Err(CodeRefusal::TooManyAttempts { retry_at }));
        }
        let row = sqlx::query(
            "SELECT id, kind, domain, activation_deadline, revoked_at, used_at FROM access_codes WHERE code_hash = $1",
        )
        .bind(code_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let found = match &row {
            None => Err(CodeRefusal::Unknown),
            Some(row) => {
                let life = CodeLife {
                    activation_deadline: row.try_get("activation_deadline")?,
                    revoked_at: row.try_get("revoked_at")?,
                    used_at: row.try_get("used_at")?,
                };
                let found = decode("kind", row.try_get("kind")?, CodeKind::from_code)?;
                match life.state(now) {
                    CodeState::Revoked => Err(CodeRefusal::Revoked),
                    CodeState::Used => Err(CodeRefusal::Used),
                    CodeState::Expired => Err(CodeRefusal::Expired),
                    CodeState::Usable if found != kind => Err(CodeRefusal::WrongKind),
                    CodeState::Usable => Ok((
                        row.try_get::<String, _>("id")?,
                        decode("domain", row.try_get("domain")?, Domain::from_code)?,
                    )),
                }
            }
        };
        let (id, domain) = match found {
            Ok(found) => found,
            Err(refusal) => {
                sqlx::query("INSERT INTO code_attempts (espace_id, at) VALUES ($1, $2)")
                    .bind(espace_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(Err(refusal));
            }
        };
        let used = sqlx::query(
            "UPDATE access_codes SET used_at = $1, used_by_espace = $2 WHERE id = $3 AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(espace_id)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
        if used.rows_affected() != 1 {
            return Ok(Err(CodeRefusal::Used));
        }
        let action = Action::CodeRegistered { kind, domain };
        journal::record(&mut tx, espace_id, by, action, None, "", now).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    async fn of_espace(&self, espace_id: &str, now: i64) -> DbResult<CertificationsView> {
        const COLUMNS: &str =
            "c.id, c.domain, c.company_national_id, c.used_at, c.end_of_use, c.revoked_at";
        // the eSpace certified as owner for a code's company and domain
        const PRINCIPAL: &str = "LEFT JOIN access_codes o ON o.kind = 'owner' AND o.revoked_at IS NULL \
             AND o.company_national_id = c.company_national_id AND o.domain = c.domain \
             AND o.used_by_espace IS NOT NULL";
        let list = async |sql: String| -> DbResult<Vec<Registration>> {
            let rows = sqlx::query(&sql)
                .bind(espace_id)
                .fetch_all(&self.0.read)
                .await?;
            Ok(rows
                .iter()
                .map(|row| registration(row, now))
                .collect::<Result<_, _>>()?)
        };
        Ok(CertificationsView {
            certifications: list(format!(
                "SELECT {COLUMNS}, NULL AS counterpart FROM access_codes c \
                 WHERE c.used_by_espace = $1 AND c.kind = 'owner' ORDER BY c.used_at DESC"
            ))
            .await?,
            mandates_given: list(format!(
                "SELECT {COLUMNS}, r.name AS counterpart FROM access_codes c {PRINCIPAL} \
                 JOIN espaces r ON r.id = c.used_by_espace \
                 WHERE c.kind = 'proxy' AND o.used_by_espace = $1 ORDER BY c.used_at DESC"
            ))
            .await?,
            mandates_received: list(format!(
                "SELECT {COLUMNS}, p.name AS counterpart FROM access_codes c {PRINCIPAL} \
                 LEFT JOIN espaces p ON p.id = o.used_by_espace \
                 WHERE c.kind = 'proxy' AND c.used_by_espace = $1 ORDER BY c.used_at DESC"
            ))
            .await?,
        })
    }

    async fn representative_of(&self, code_id: &str) -> DbResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT used_by_espace FROM access_codes WHERE id = $1 AND kind = 'proxy'",
        )
        .bind(code_id)
        .fetch_optional(&self.0.read)
        .await?
        .flatten())
    }

    async fn change_mandate(
        &self,
        principal: &str,
        mandate_id: &str,
        change: MandateChange,
        by: &Actor,
        mails: &[Mail],
        now: i64,
    ) -> DbResult<bool> {
        let (column, value) = match change {
            MandateChange::Revoke => ("revoked_at", Some(now)),
            MandateChange::EndOfUse(end) => ("end_of_use", end),
        };
        let mut tx = self.0.write.begin().await?;
        // only a live mandate of a company and domain the principal is certified for
        let done = sqlx::query(&format!(
            "UPDATE access_codes SET {column} = $1 WHERE id = $2 AND kind = 'proxy' \
             AND used_by_espace IS NOT NULL AND revoked_at IS NULL AND EXISTS ( \
               SELECT 1 FROM access_codes o WHERE o.kind = 'owner' AND o.revoked_at IS NULL \
               AND o.used_by_espace = $3 AND o.company_national_id = access_codes.company_national_id \
               AND o.domain = access_codes.domain)"
        ))
        .bind(value)
        .bind(mandate_id)
        .bind(principal)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let (domain, representative): (String, String) = sqlx::query_as(
            "SELECT c.domain, r.name FROM access_codes c JOIN espaces r ON r.id = c.used_by_espace WHERE c.id = $1",
        )
        .bind(mandate_id)
        .fetch_one(&mut *tx)
        .await?;
        let domain = decode("domain", &domain, Domain::from_code)?;
        let action = match change {
            MandateChange::Revoke => Action::MandateRevoked { domain },
            MandateChange::EndOfUse(end) => Action::MandateEndSet { domain, end },
        };
        journal::record(&mut tx, principal, by, action, None, &representative, now).await?;
        journal::enqueue(&mut tx, mails, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// A used code as a certification or a mandate.
fn registration(row: &SqliteRow, now: i64) -> Result<Registration, sqlx::Error> {
    let until: Option<i64> = row.try_get("end_of_use")?;
    let revoked_at: Option<i64> = row.try_get("revoked_at")?;
    Ok(Registration {
        id: row.try_get("id")?,
        domain: decode("domain", row.try_get("domain")?, Domain::from_code)?,
        company: row.try_get("company_national_id")?,
        counterpart: row.try_get("counterpart")?,
        since: row
            .try_get::<Option<i64>, _>("used_at")?
            .unwrap_or_default(),
        until,
        status: RegistrationStatus::at(until, revoked_at.is_some(), now),
    })
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
