use super::{
    Pools,
    access_codes::{REQUESTS, code_request, end_of_use_set_by},
    decode, journal,
};
use crate::domain::id::{CodeId, CompanyId, EspaceId};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        access_code::Domain,
        activity::Action,
        mail::Mail,
        mandate::{
            CertificationsView, EndSetBy, EndsOfUse, MandateChange, MandateScope, Registration,
            RegistrationStatus,
        },
        procedure::lifecycle::Principal,
    },
    server::{
        caller::Actor,
        db::{DbResult, new_id},
    },
};
use async_trait::async_trait;
use sqlx::{Row, any::AnyRow};

/// Mandates: given by a principal (a proxy code another eSpace registered for a company and
/// domain it is certified for) and received (proxy codes the eSpace registered), as each side
/// reads and changes them.
#[async_trait]
pub trait Mandates: Send + Sync {
    /// The eSpace's certifications (its owner codes) and mandates: given (proxy codes used
    /// for a company and domain it is certified for) and received (proxy codes it used).
    async fn of_espace(&self, espace_id: &EspaceId, now: Timestamp)
    -> DbResult<CertificationsView>;
    /// The scope of the live mandate a company gave the representative's eSpace for a domain,
    /// if it has one now (not revoked, not past its end of use).
    async fn mandate_scope(
        &self,
        representative: &EspaceId,
        company: &CompanyId,
        domain: Domain,
        now: Timestamp,
    ) -> DbResult<Option<MandateScope>>;
    /// The principals for which the eSpace may file procedures of a domain now: live mandates
    /// whose scope includes procedures.
    async fn principals(
        &self,
        representative: &EspaceId,
        domain: Domain,
        now: Timestamp,
    ) -> DbResult<Vec<Principal>>;
    /// One mandate the principal gave (in any state), with the representative's eSpace id;
    /// `None` when it is not one of its mandates.
    async fn given_mandate(
        &self,
        principal_espace_id: &EspaceId,
        mandate_id: &CodeId,
        now: Timestamp,
    ) -> DbResult<Option<GivenMandate>>;
    /// The principal changes a live mandate it gave, logging it in its activity and queueing
    /// `mails` in the same transaction (renewing codes also files a code request); `false`
    /// (and nothing queued) when it is not one of its mandates or was revoked already.
    async fn change_mandate(
        &self,
        principal_espace_id: &EspaceId,
        mandate_id: &CodeId,
        change: MandateChange,
        by: &Actor,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<bool>;
}

/// A mandate given, as its principal acts on it.
#[derive(Clone, Debug)]
pub struct GivenMandate {
    pub mandate: Registration,
    /// The representative's eSpace id.
    pub representative: EspaceId,
}

pub struct SqlMandates(pub Pools);

#[async_trait]
impl Mandates for SqlMandates {
    async fn of_espace(
        &self,
        espace_id: &EspaceId,
        now: Timestamp,
    ) -> DbResult<CertificationsView> {
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
        representative: &EspaceId,
        company: &CompanyId,
        domain: Domain,
        now: Timestamp,
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
        representative: &EspaceId,
        domain: Domain,
        now: Timestamp,
    ) -> DbResult<Vec<Principal>> {
        let rows: Vec<(CompanyId, Option<String>, String)> = sqlx::query_as(
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
        principal_espace_id: &EspaceId,
        mandate_id: &CodeId,
        now: Timestamp,
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
        .bind(principal_espace_id)
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

    async fn change_mandate(
        &self,
        principal_espace_id: &EspaceId,
        mandate_id: &CodeId,
        change: MandateChange,
        by: &Actor,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<bool> {
        let set = match change {
            MandateChange::Revoke | MandateChange::RenewCodes => "revoked_at = $1".to_owned(),
            MandateChange::EndOfUse(_) => end_of_use_set_by(EndSetBy::Principal),
            MandateChange::Scope(_) => "scope = $1".to_owned(),
        };
        let mut tx = self.0.begin_on(principal_espace_id).await?;
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
            .bind(principal_espace_id)
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
            .bind(principal_espace_id)
            .bind(&company)
            .bind(domain.code())
            .bind(mandate_id)
            .bind(now)
            .bind(&by.name)
            .execute(&mut *tx)
            .await?;
        }
        journal::record(
            &mut tx,
            principal_espace_id,
            by,
            action,
            None,
            &representative,
            now,
        )
        .await?;
        journal::enqueue(&mut tx, mails, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// A used code as a certification or a mandate.
fn registration(row: &AnyRow, now: Timestamp) -> Result<Registration, sqlx::Error> {
    let ends = EndsOfUse {
        administration: row.try_get("administration_end_of_use")?,
        principal: row.try_get("principal_end_of_use")?,
    };
    let revoked_at: Option<Timestamp> = row.try_get("revoked_at")?;
    Ok(Registration {
        id: row.try_get("id")?,
        domain: decode("domain", row.try_get("domain")?, Domain::from_code)?,
        company: row.try_get("company_national_id")?,
        counterpart: row.try_get("counterpart")?,
        scope: decode("scope", row.try_get("scope")?, MandateScope::from_code)?,
        since: row
            .try_get::<Option<Timestamp>, _>("used_at")?
            .unwrap_or_default(),
        ends,
        status: RegistrationStatus::at(ends.until(), revoked_at.is_some(), now),
    })
}
