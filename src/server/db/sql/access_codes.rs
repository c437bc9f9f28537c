use super::{Pools, decode, journal};
use crate::domain::id::{CodeId, CompanyId, EspaceId, PersonId};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        access_code::{CodeKind, CodeLife, CodeOrder, CodeState, Domain, IssueRefusal, IssuedCode},
        activity::Action,
        code_refusal::{ATTEMPT_WINDOW, AttemptCounter, CodeRefusal},
        mandate::{CodeRequest, EndSetBy},
    },
    server::{
        caller::Actor,
        db::{DbResult, new_id},
    },
};
use async_trait::async_trait;
use sqlx::{Any, Row, Transaction, any::AnyRow};

/// The administration's access codes (back office). The one-active-owner-code rule is a unique
/// index, so it holds however many operators issue at once.
#[async_trait]
pub trait AccessCodes: Send + Sync {
    /// Stores a code by its hash; answers its id.
    async fn issue(
        &self,
        order: &CodeOrder,
        code_hash: &str,
        operator: &str,
        now: Timestamp,
    ) -> DbResult<Result<CodeId, IssueRefusal>>;
    /// The codes of a company, newest first.
    async fn of_company(&self, company: &CompanyId, now: Timestamp) -> DbResult<Vec<IssuedCode>>;
    /// Code requests no operator has answered yet, oldest first.
    async fn open_requests(&self) -> DbResult<Vec<CodeRequest>>;
    /// Answers an open request with a new code (stored by its hash) and marks it sent, in one
    /// transaction; `None` when there is no such open request.
    async fn fulfil(
        &self,
        request_id: &str,
        code_hash: &str,
        activation_deadline: Timestamp,
        operator: &str,
        now: Timestamp,
    ) -> DbResult<Option<Result<CodeId, IssueRefusal>>>;
    /// The administration sets (or removes) its end of use of a code; the principal's, if
    /// earlier, still applies. `false` when there is no such code.
    async fn set_end_of_use(&self, id: &CodeId, end: Option<Timestamp>) -> DbResult<bool>;
    /// Revokes a code; `false` when there is no such code or it was revoked already.
    async fn revoke(&self, id: &CodeId, now: Timestamp) -> DbResult<bool>;
    /// Registers a code typed into an eSpace as `kind` (logged in its activity): it must exist, be of that kind and
    /// usable now; it is then used, by this eSpace, once (a conditional update, so of two
    /// eSpaces registering it at once one wins). Every refusal counts against the eSpace, the
    /// person and the portal: past a counter's limit within `ATTEMPT_WINDOW` all attempts it
    /// counts are refused until it passes. A code's state is told only to an eSpace it concerns.
    async fn register(
        &self,
        espace_id: &EspaceId,
        code_hash: &str,
        kind: CodeKind,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Result<(), CodeRefusal>>;
}

pub struct SqlAccessCodes(pub Pools);

#[async_trait]
impl AccessCodes for SqlAccessCodes {
    async fn issue(
        &self,
        order: &CodeOrder,
        code_hash: &str,
        operator: &str,
        now: Timestamp,
    ) -> DbResult<Result<CodeId, IssueRefusal>> {
        if let Err(refusal) = order.check(now) {
            return Ok(Err(refusal));
        }
        let mut tx = self.0.begin().await?;
        let issued = insert_code(&mut tx, order, code_hash, operator, now).await?;
        tx.commit().await?;
        Ok(issued)
    }

    async fn of_company(&self, company: &CompanyId, now: Timestamp) -> DbResult<Vec<IssuedCode>> {
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

    async fn open_requests(&self) -> DbResult<Vec<CodeRequest>> {
        let rows = sqlx::query(&format!(
            "{REQUESTS} WHERE r.sent_at IS NULL ORDER BY r.requested_at"
        ))
        .fetch_all(&self.0.read)
        .await?;
        Ok(rows.iter().map(code_request).collect::<Result<_, _>>()?)
    }

    async fn fulfil(
        &self,
        request_id: &str,
        code_hash: &str,
        activation_deadline: Timestamp,
        operator: &str,
        now: Timestamp,
    ) -> DbResult<Option<Result<CodeId, IssueRefusal>>> {
        let mut tx = self.0.begin().await?;
        // locked: of two operators answering it at once, the second finds it answered
        let Some(row) = sqlx::query(&format!(
            "{REQUESTS} WHERE r.id = $1 AND r.sent_at IS NULL{}",
            self.0.engine.lock_rows("r")
        ))
        .bind(request_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(None);
        };
        let request = code_request(&row)?;
        let order = CodeOrder {
            company: request.company,
            domain: request.domain,
            kind: request.kind,
            activation_deadline,
            end_of_use: None,
        };
        if let Err(refusal) = order.check(now) {
            return Ok(Some(Err(refusal)));
        }
        let id = match insert_code(&mut tx, &order, code_hash, operator, now).await? {
            Ok(id) => id,
            refused => return Ok(Some(refused)),
        };
        sqlx::query("UPDATE code_requests SET sent_at = $1, sent_code = $2 WHERE id = $3")
            .bind(now)
            .bind(&id)
            .bind(request_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(Ok(id)))
    }

    async fn set_end_of_use(&self, id: &CodeId, end: Option<Timestamp>) -> DbResult<bool> {
        let done = sqlx::query(&format!(
            "UPDATE access_codes SET {} WHERE id = $2",
            end_of_use_set_by(EndSetBy::Administration)
        ))
        .bind(end)
        .bind(id)
        .execute(&self.0.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn revoke(&self, id: &CodeId, now: Timestamp) -> DbResult<bool> {
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
        espace_id: &EspaceId,
        code_hash: &str,
        kind: CodeKind,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Result<(), CodeRefusal>> {
        let mut tx = self.0.begin_on(espace_id).await?;
        sqlx::query("DELETE FROM code_attempts WHERE at <= $1")
            .bind(now - ATTEMPT_WINDOW)
            .execute(&mut *tx)
            .await?;
        let person = by.person_id.as_ref().map_or("", PersonId::as_str);
        for counted in AttemptCounter::ALL {
            let (condition, value) = match counted {
                AttemptCounter::Espace => ("WHERE espace_id = $1", Some(espace_id.as_str())),
                AttemptCounter::Person => ("WHERE person_id = $1", Some(person)),
                AttemptCounter::Portal => ("", None),
            };
            let count = format!("SELECT COUNT(*), MIN(at) FROM code_attempts {condition}");
            let mut count = sqlx::query_as(&count);
            if let Some(value) = value {
                count = count.bind(value);
            }
            let (failed, first): (i64, Option<Timestamp>) = count.fetch_one(&mut *tx).await?;
            if failed >= counted.limit() {
                let retry_at = first.unwrap_or(now) + ATTEMPT_WINDOW + 1;
                return Ok(Err(CodeRefusal::TooManyAttempts { retry_at, counted }));
            }
        }
        let row = sqlx::query(
            "SELECT id, kind, domain, company_national_id, activation_deadline, revoked_at, used_at, used_by_espace \
             FROM access_codes WHERE code_hash = $1",
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
                let domain = decode("domain", row.try_get("domain")?, Domain::from_code)?;
                let refusal = match life.state(now) {
                    CodeState::Revoked => Some(CodeRefusal::Revoked),
                    CodeState::Used => Some(CodeRefusal::Used),
                    CodeState::Expired => Some(CodeRefusal::Expired),
                    CodeState::Usable if found != kind => Some(CodeRefusal::WrongKind),
                    CodeState::Usable => None,
                };
                match refusal {
                    None => Ok((row.try_get::<String, _>("id")?, domain)),
                    Some(refusal) => {
                        let used_by: Option<String> = row.try_get("used_by_espace")?;
                        let company: CompanyId = row.try_get("company_national_id")?;
                        let concerned = used_by.as_deref() == Some(espace_id.as_str())
                            || certified_for(&mut tx, espace_id, &company, domain).await?;
                        Err(refusal.as_told(concerned))
                    }
                }
            }
        };
        let (id, domain) = match found {
            Ok(found) => found,
            Err(refusal) => {
                sqlx::query(
                    "INSERT INTO code_attempts (espace_id, person_id, at) VALUES ($1, $2, $3)",
                )
                .bind(espace_id)
                .bind(&by.person_id)
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
            // another eSpace registered it meanwhile: not this one's to know
            return Ok(Err(CodeRefusal::Unknown));
        }
        let action = Action::CodeRegistered { kind, domain };
        journal::record(&mut tx, espace_id, by, action, None, "", now).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }
}

/// The columns of a code request, with the asking eSpace's name.
pub(super) const REQUESTS: &str = "SELECT r.id, r.company_national_id, r.domain, r.kind, r.requested_by, r.requested_at, \
     r.sent_at, e.name AS espace FROM code_requests r JOIN espaces e ON e.id = r.espace_id";

/// Whether the eSpace is certified (its owner code in use) for the company and domain.
async fn certified_for(
    tx: &mut Transaction<'static, Any>,
    espace_id: &EspaceId,
    company: &CompanyId,
    domain: Domain,
) -> Result<bool, sqlx::Error> {
    let found = sqlx::query(
        "SELECT 1 FROM access_codes WHERE kind = 'owner' AND revoked_at IS NULL \
         AND used_by_espace = $1 AND company_national_id = $2 AND domain = $3",
    )
    .bind(espace_id)
    .bind(company)
    .bind(domain.code())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

pub(super) fn code_request(row: &AnyRow) -> Result<CodeRequest, sqlx::Error> {
    Ok(CodeRequest {
        id: row.try_get("id")?,
        company: row.try_get("company_national_id")?,
        domain: decode("domain", row.try_get("domain")?, Domain::from_code)?,
        kind: decode("kind", row.try_get("kind")?, CodeKind::from_code)?,
        espace: row.try_get("espace")?,
        requested_by: row.try_get("requested_by")?,
        requested_at: row.try_get("requested_at")?,
        sent_at: row.try_get("sent_at")?,
    })
}

/// Stores one code of an order by its hash, in the caller's transaction; the one-active-owner
/// index refuses a second owner code.
async fn insert_code(
    tx: &mut Transaction<'_, Any>,
    order: &CodeOrder,
    code_hash: &str,
    operator: &str,
    now: Timestamp,
) -> DbResult<Result<CodeId, IssueRefusal>> {
    let id = CodeId::from(new_id());
    let inserted = sqlx::query(
        "INSERT INTO access_codes (id, code_hash, company_national_id, domain, kind, activation_deadline, end_of_use, \
         administration_end_of_use, issued_at, issued_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)",
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
    .execute(&mut **tx)
    .await;
    match inserted {
        Ok(_) => Ok(Ok(id)),
        Err(sqlx::Error::Database(e))
            if e.is_unique_violation() && order.kind == CodeKind::Owner =>
        {
            Ok(Err(IssueRefusal::OwnerActive))
        }
        Err(e) => Err(e.into()),
    }
}

fn issued(row: &AnyRow, now: Timestamp) -> Result<IssuedCode, sqlx::Error> {
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

/// Sets the end of use of `by` to $1, and the one that applies to the earlier of both.
pub(super) fn end_of_use_set_by(by: EndSetBy) -> String {
    let (column, other) = match by {
        EndSetBy::Administration => ("administration_end_of_use", "principal_end_of_use"),
        EndSetBy::Principal => ("principal_end_of_use", "administration_end_of_use"),
    };
    let new = "CAST($1 AS BIGINT)";
    format!("{column} = {new}, end_of_use = {}", earlier(other, new))
}

/// The earlier of two ends of use, either possibly NULL, written once for both engines (SQLite's
/// `min()` answers NULL for a NULL, PostgreSQL's `LEAST` skips it).
fn earlier(a: &str, b: &str) -> String {
    format!(
        "CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL THEN {a} WHEN {b} < {a} THEN {b} ELSE {a} END"
    )
}
