use super::{Pools, decode, journal};
use crate::{
    domain::{
        access_code::{CodeKind, CodeLife, CodeOrder, CodeState, Domain, IssueRefusal, IssuedCode},
        activity::Action,
        code_refusal::{ATTEMPT_WINDOW, AttemptCounter, CodeRefusal},
        mandate::{
            CertificationsView, CodeRequest, EndSetBy, EndsOfUse, MandateChange, MandateScope,
            Registration, RegistrationStatus,
        },
        procedure::lifecycle::Principal,
    },
    server::db::{AccessCodes, Actor, DbResult, EndingMandate, GivenMandate, Mail, new_id},
};
use async_trait::async_trait;
use sqlx::{Any, Row, Transaction, any::AnyRow};

pub struct SqlAccessCodes(pub Pools);

#[async_trait]
impl AccessCodes for SqlAccessCodes {
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
        let mut tx = self.0.begin().await?;
        let issued = insert_code(&mut tx, order, code_hash, operator, now).await?;
        tx.commit().await?;
        Ok(issued)
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
        activation_deadline: i64,
        operator: &str,
        now: i64,
    ) -> DbResult<Option<Result<String, IssueRefusal>>> {
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

    async fn set_end_of_use(&self, id: &str, end: Option<i64>) -> DbResult<bool> {
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
        let mut tx = self.0.begin_on(espace_id).await?;
        sqlx::query("DELETE FROM code_attempts WHERE at <= $1")
            .bind(now - ATTEMPT_WINDOW)
            .execute(&mut *tx)
            .await?;
        let person = by.person_id.as_deref().unwrap_or_default();
        for counted in AttemptCounter::ALL {
            let (condition, value) = match counted {
                AttemptCounter::Espace => ("WHERE espace_id = $1", Some(espace_id)),
                AttemptCounter::Person => ("WHERE person_id = $1", Some(person)),
                AttemptCounter::Portal => ("", None),
            };
            let count = format!("SELECT COUNT(*), MIN(at) FROM code_attempts {condition}");
            let mut count = sqlx::query_as(&count);
            if let Some(value) = value {
                count = count.bind(value);
            }
            let (failed, first): (i64, Option<i64>) = count.fetch_one(&mut *tx).await?;
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
                        let company: String = row.try_get("company_national_id")?;
                        let concerned = used_by.as_deref() == Some(espace_id)
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

    async fn of_espace(&self, espace_id: &str, now: i64) -> DbResult<CertificationsView> {
        const COLUMNS: &str = "c.id, c.domain, c.company_national_id, c.scope, c.used_at, c.administration_end_of_use, \
             c.principal_end_of_use, c.revoked_at";
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
            code_requests: sqlx::query(&format!(
                "{REQUESTS} WHERE r.espace_id = $1 ORDER BY r.requested_at DESC LIMIT 20"
            ))
            .bind(espace_id)
            .fetch_all(&self.0.read)
            .await?
            .iter()
            .map(code_request)
            .collect::<Result<_, _>>()?,
            // the certification requests' repository fills these
            certification_requests: Vec::new(),
        })
    }

    async fn mandate_scope(
        &self,
        representative: &str,
        company: &str,
        domain: Domain,
        now: i64,
    ) -> DbResult<Option<MandateScope>> {
        let scope: Option<String> = sqlx::query_scalar(
            "SELECT scope FROM access_codes WHERE kind = 'proxy' AND used_by_espace = $1 \
             AND company_national_id = $2 AND domain = $3 AND revoked_at IS NULL \
             AND (end_of_use IS NULL OR end_of_use >= $4) LIMIT 1",
        )
        .bind(representative)
        .bind(company)
        .bind(domain.code())
        .bind(now)
        .fetch_optional(&self.0.read)
        .await?;
        Ok(scope
            .map(|scope| decode("scope", &scope, MandateScope::from_code))
            .transpose()?)
    }

    async fn principals(
        &self,
        representative: &str,
        domain: Domain,
        now: i64,
    ) -> DbResult<Vec<Principal>> {
        let rows: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT DISTINCT c.company_national_id, p.name, c.scope FROM access_codes c \
             LEFT JOIN access_codes o ON o.kind = 'owner' AND o.revoked_at IS NULL \
               AND o.company_national_id = c.company_national_id AND o.domain = c.domain \
               AND o.used_by_espace IS NOT NULL \
             LEFT JOIN espaces p ON p.id = o.used_by_espace \
             WHERE c.kind = 'proxy' AND c.used_by_espace = $1 AND c.domain = $2 \
             AND c.revoked_at IS NULL AND (c.end_of_use IS NULL OR c.end_of_use >= $3) \
             ORDER BY p.name, c.company_national_id",
        )
        .bind(representative)
        .bind(domain.code())
        .bind(now)
        .fetch_all(&self.0.read)
        .await?;
        let mut principals = Vec::new();
        for (company, name, scope) in rows {
            if decode("scope", &scope, MandateScope::from_code)?.allows_procedures() {
                principals.push(Principal { company, name });
            }
        }
        Ok(principals)
    }

    async fn given_mandate(
        &self,
        principal: &str,
        mandate_id: &str,
        now: i64,
    ) -> DbResult<Option<GivenMandate>> {
        let row = sqlx::query(
            "SELECT c.id, c.domain, c.company_national_id, c.scope, c.used_at, c.administration_end_of_use, \
             c.principal_end_of_use, c.revoked_at, r.name AS counterpart, r.id AS representative FROM access_codes c \
             JOIN espaces r ON r.id = c.used_by_espace \
             JOIN access_codes o ON o.kind = 'owner' AND o.revoked_at IS NULL AND o.used_by_espace = $2 \
               AND o.company_national_id = c.company_national_id AND o.domain = c.domain \
             WHERE c.id = $1 AND c.kind = 'proxy'",
        )
        .bind(mandate_id)
        .bind(principal)
        .fetch_optional(&self.0.read)
        .await?;
        Ok(row
            .map(|row| -> Result<_, sqlx::Error> {
                Ok(GivenMandate {
                    mandate: registration(&row, now)?,
                    representative: row.try_get("representative")?,
                })
            })
            .transpose()?)
    }

    async fn ending_mandates(&self, now: i64, within: i64) -> DbResult<Vec<EndingMandate>> {
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
            let principal_id: Option<String> = row.try_get("principal_id")?;
            let principal_name: Option<String> = row.try_get("principal_name")?;
            Ok(EndingMandate {
                code_id: row.try_get("id")?,
                domain: decode("domain", row.try_get("domain")?, Domain::from_code)?,
                company: row.try_get("company_national_id")?,
                end_of_use: row.try_get("end_of_use")?,
                principal: principal_id.zip(principal_name),
                representative: (
                    row.try_get("representative_id")?,
                    row.try_get("representative_name")?,
                ),
                reminded: row.try_get("reminded")?,
            })
        };
        Ok(rows.iter().map(ending).collect::<Result<_, _>>()?)
    }

    async fn remind(
        &self,
        code_id: &str,
        days: i64,
        end: i64,
        mails: &[Mail],
        now: i64,
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

    async fn change_mandate(
        &self,
        principal: &str,
        mandate_id: &str,
        change: MandateChange,
        by: &Actor,
        mails: &[Mail],
        now: i64,
    ) -> DbResult<bool> {
        let set = match change {
            MandateChange::Revoke | MandateChange::RenewCodes => "revoked_at = $1".to_owned(),
            MandateChange::EndOfUse(_) => end_of_use_set_by(EndSetBy::Principal),
            MandateChange::Scope(_) => "scope = $1".to_owned(),
        };
        let mut tx = self.0.begin_on(principal).await?;
        // only a live mandate of a company and domain the principal is certified for
        let sql = format!(
            "UPDATE access_codes SET {set} WHERE id = $2 AND kind = 'proxy' \
             AND used_by_espace IS NOT NULL AND revoked_at IS NULL AND EXISTS ( \
               SELECT 1 FROM access_codes o WHERE o.kind = 'owner' AND o.revoked_at IS NULL \
               AND o.used_by_espace = $3 AND o.company_national_id = access_codes.company_national_id \
               AND o.domain = access_codes.domain)"
        );
        let update = sqlx::query(&sql);
        let update = match change {
            MandateChange::Revoke | MandateChange::RenewCodes => update.bind(now),
            MandateChange::EndOfUse(end) => update.bind(end),
            MandateChange::Scope(scope) => update.bind(scope.code()),
        };
        let done = update
            .bind(mandate_id)
            .bind(principal)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let (company, domain, representative): (String, String, String) = sqlx::query_as(
            "SELECT c.company_national_id, c.domain, r.name FROM access_codes c JOIN espaces r ON r.id = c.used_by_espace WHERE c.id = $1",
        )
        .bind(mandate_id)
        .fetch_one(&mut *tx)
        .await?;
        let domain = decode("domain", &domain, Domain::from_code)?;
        let action = match change {
            MandateChange::Revoke => Action::MandateRevoked { domain },
            MandateChange::EndOfUse(end) => Action::MandateEndSet { domain, end },
            MandateChange::Scope(scope) => Action::MandateScopeSet { domain, scope },
            MandateChange::RenewCodes => Action::MandateCodesRenewed { domain },
        };
        if change == MandateChange::RenewCodes {
            sqlx::query(
                "INSERT INTO code_requests (id, espace_id, company_national_id, domain, kind, replaces_code, requested_at, requested_by) \
                 VALUES ($1, $2, $3, $4, 'proxy', $5, $6, $7)",
            )
            .bind(new_id())
            .bind(principal)
            .bind(&company)
            .bind(domain.code())
            .bind(mandate_id)
            .bind(now)
            .bind(&by.name)
            .execute(&mut *tx)
            .await?;
        }
        journal::record(&mut tx, principal, by, action, None, &representative, now).await?;
        journal::enqueue(&mut tx, mails, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The columns of a code request, with the asking eSpace's name.
const REQUESTS: &str = "SELECT r.id, r.company_national_id, r.domain, r.kind, r.requested_by, r.requested_at, \
     r.sent_at, e.name AS espace FROM code_requests r JOIN espaces e ON e.id = r.espace_id";

/// Whether the eSpace is certified (its owner code in use) for the company and domain.
async fn certified_for(
    tx: &mut Transaction<'static, Any>,
    espace_id: &str,
    company: &str,
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

fn code_request(row: &AnyRow) -> Result<CodeRequest, sqlx::Error> {
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
    now: i64,
) -> DbResult<Result<String, IssueRefusal>> {
    let id = new_id();
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

/// The earlier of two ends of use, either possibly NULL, written once for both engines (SQLite's
/// `min()` answers NULL for a NULL, PostgreSQL's `LEAST` skips it).
fn earlier(a: &str, b: &str) -> String {
    format!(
        "CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL THEN {a} WHEN {b} < {a} THEN {b} ELSE {a} END"
    )
}

/// Sets the end of use of `by` to $1, and the one that applies to the earlier of both.
fn end_of_use_set_by(by: EndSetBy) -> String {
    let (column, other) = match by {
        EndSetBy::Administration => ("administration_end_of_use", "principal_end_of_use"),
        EndSetBy::Principal => ("principal_end_of_use", "administration_end_of_use"),
    };
    let new = "CAST($1 AS BIGINT)";
    format!("{column} = {new}, end_of_use = {}", earlier(other, new))
}

/// A used code as a certification or a mandate.
fn registration(row: &AnyRow, now: i64) -> Result<Registration, sqlx::Error> {
    let ends = EndsOfUse {
        administration: row.try_get("administration_end_of_use")?,
        principal: row.try_get("principal_end_of_use")?,
    };
    let revoked_at: Option<i64> = row.try_get("revoked_at")?;
    Ok(Registration {
        id: row.try_get("id")?,
        domain: decode("domain", row.try_get("domain")?, Domain::from_code)?,
        company: row.try_get("company_national_id")?,
        counterpart: row.try_get("counterpart")?,
        scope: decode("scope", row.try_get("scope")?, MandateScope::from_code)?,
        since: row
            .try_get::<Option<i64>, _>("used_at")?
            .unwrap_or_default(),
        ends,
        status: RegistrationStatus::at(ends.until(), revoked_at.is_some(), now),
    })
}

fn issued(row: &AnyRow, now: i64) -> Result<IssuedCode, sqlx::Error> {
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
