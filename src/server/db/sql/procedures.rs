use super::{Pools, decode, documents::Holder, journal};
use crate::domain::id::{CompanyId, EspaceId, PersonId, ProcedureId};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        activity::Action,
        language::Language,
        mail::Mail,
        procedure::{
            Content,
            lifecycle::{
                Principal, Procedure, ProcedureLine, ProcedureRefusal, ProcedureStatus, Signature,
            },
        },
    },
    server::{
        caller::Actor,
        db::{DbResult, NewMessage, new_id},
    },
};
use async_trait::async_trait;
use sqlx::{Any, Row, Transaction, any::AnyRow};

/// Online procedures of eSpaces.
#[async_trait]
pub trait Procedures: Send + Sync {
    /// A new, empty draft; answers its id.
    async fn create(&self, new: &NewProcedure<'_>, now: Timestamp) -> DbResult<ProcedureId>;
    /// "Mes démarches": the eSpace's procedures, last changed first.
    async fn of_espace(&self, espace_id: &EspaceId) -> DbResult<Vec<ProcedureLine>>;
    /// How many of the eSpace's procedures are to correct, and how many in preparation.
    async fn open_counts(&self, espace_id: &EspaceId) -> DbResult<(u32, u32)>;
    async fn get(&self, espace_id: &EspaceId, id: &ProcedureId) -> DbResult<Option<Procedure>>;
    /// Saves what was typed if the procedure is still at `expected_version` and not
    /// submitted; answers the new version. Any save voids the signature (it was of the old
    /// version).
    async fn save(
        &self,
        espace_id: &EspaceId,
        id: &ProcedureId,
        expected_version: i64,
        content: &Content,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Result<i64, ProcedureRefusal>>;
    /// Records a signature of the version signed, if it is still the current one.
    async fn sign(
        &self,
        espace_id: &EspaceId,
        id: &ProcedureId,
        signing: &Signing<'_>,
        now: Timestamp,
    ) -> DbResult<Result<(), ProcedureRefusal>>;
    /// Submits a procedure whose current version is signed; answers its reference (given at
    /// the first submission, kept after corrections).
    async fn submit(
        &self,
        espace_id: &EspaceId,
        id: &ProcedureId,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Result<String, ProcedureRefusal>>;
    /// The procedure of that reference (submitted once at least, whatever it is now), with its
    /// eSpace (back office).
    async fn by_reference(&self, reference: &str) -> DbResult<Option<Filed>>;
    /// Every submitted procedure, oldest first (back office).
    async fn all_submitted(&self) -> DbResult<Vec<Filed>>;
    /// An operator returns a submitted procedure for correction with a comment, sending it to
    /// the eSpace as `message` ("Mes communications") and queueing `mails`, in one transaction;
    /// `false` when it is not (or no longer) submitted.
    async fn return_for_correction(
        &self,
        reference: &str,
        comment: &str,
        operator: &str,
        message: &NewMessage,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<bool>;
}

pub struct NewProcedure<'a> {
    pub espace_id: &'a EspaceId,
    pub kind: &'a str,
    /// The principal company's national identifier, when filed for a principal.
    pub principal: Option<&'a CompanyId>,
    pub language: Language,
    pub by: &'a Actor,
    /// What it starts with, and where each value came from.
    pub content: &'a crate::domain::procedure::Content,
    pub prefilled: &'a crate::domain::procedure::prefill::Origins,
}

/// A procedure with the eSpace that files it, as the administration (the back office) sees it.
#[derive(Clone, Debug)]
pub struct Filed {
    pub espace_id: EspaceId,
    pub espace_name: String,
    pub procedure: Procedure,
}

/// A signature about to be recorded.
pub struct Signing<'a> {
    /// The version signed.
    pub version: i64,
    pub person_id: &'a PersonId,
    pub name: &'a str,
    /// The SSN of the session's certificate.
    pub certificate: &'a str,
    /// Hex SHA-256 of what was signed.
    pub digest: &'a str,
}

pub struct SqlProcedures(pub Pools);

/// A procedure's columns, with its principal's eSpace name and the signature of its current
/// version, if any.
const COLUMNS: &str = "p.id, p.kind, p.principal_company, p.language, p.content, p.prefilled, p.status, p.comment, \
     p.reference, p.submitted_at, p.created_by, p.created_at, p.updated_by, p.updated_at, p.version, \
     (SELECT e.name FROM access_codes o JOIN espaces e ON e.id = o.used_by_espace \
      WHERE o.kind = 'owner' AND o.revoked_at IS NULL AND o.company_national_id = p.principal_company \
      LIMIT 1) AS principal_name, \
     s.signer_name, s.certificate_ssn, s.at AS signed_at, s.digest \
     FROM procedures p LEFT JOIN procedure_signatures s ON s.procedure_id = p.id AND s.version = p.version";

/// The procedures `condition` selects, with their eSpace's id and name, for
/// [`SqlProcedures::filed`].
fn filed_where(condition: &str) -> String {
    format!(
        "SELECT e.id AS espace_id, e.name AS espace_name, {COLUMNS} \
         JOIN espaces e ON e.id = p.espace_id WHERE {condition}"
    )
}

impl SqlProcedures {
    async fn filed(&self, row: &AnyRow) -> DbResult<Filed> {
        Ok(Filed {
            espace_id: row.try_get("espace_id")?,
            espace_name: row.try_get("espace_name")?,
            procedure: self.attached(procedure(row)?).await?,
        })
    }

    /// The procedure with the copies of its attachments.
    async fn attached(&self, procedure: Procedure) -> DbResult<Procedure> {
        let attachments =
            super::documents::held_by(&self.0.read, Holder::Procedure(&procedure.id)).await?;
        Ok(Procedure {
            attachments,
            ..procedure
        })
    }
}

#[async_trait]
impl Procedures for SqlProcedures {
    async fn create(&self, new: &NewProcedure<'_>, now: Timestamp) -> DbResult<ProcedureId> {
        let id = ProcedureId::from(new_id());
        let mut tx = self.0.begin_on(new.espace_id).await?;
        sqlx::query(
            "INSERT INTO procedures (id, espace_id, kind, principal_company, language, content, prefilled, \
             status, created_by, created_at, updated_by, updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $8, $9, 1)",
        )
        .bind(&id)
        .bind(new.espace_id)
        .bind(new.kind)
        .bind(new.principal)
        .bind(new.language.code())
        .bind(to_json(new.content)?)
        .bind(to_json(new.prefilled)?)
        .bind(&new.by.name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let started = Action::ProcedureStarted {
            kind: new.kind.to_owned(),
        };
        journal::record(&mut tx, new.espace_id, new.by, started, None, "", now).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn of_espace(&self, espace_id: &EspaceId) -> DbResult<Vec<ProcedureLine>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE p.espace_id = $1 ORDER BY p.updated_at DESC, p.id LIMIT 200"
        ))
        .bind(espace_id)
        .fetch_all(&self.0.read)
        .await?;
        rows.iter()
            .map(|row| {
                let p = procedure(row)?;
                Ok(ProcedureLine {
                    id: p.id,
                    kind: p.kind,
                    for_principal: p.for_principal,
                    status: p.status,
                    reference: p.reference,
                    signed: p.signature.is_some(),
                    updated_by: p.updated_by,
                    updated_at: p.updated_at,
                })
            })
            .collect()
    }

    async fn open_counts(&self, espace_id: &EspaceId) -> DbResult<(u32, u32)> {
        let (to_correct, drafts): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT CAST(SUM(CASE WHEN status = 'to_correct' THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN status = 'draft' THEN 1 ELSE 0 END) AS BIGINT) \
             FROM procedures WHERE espace_id = $1",
        )
        .bind(espace_id)
        .fetch_one(&self.0.read)
        .await?;
        Ok((to_correct.unwrap_or(0) as u32, drafts.unwrap_or(0) as u32))
    }

    async fn get(&self, espace_id: &EspaceId, id: &ProcedureId) -> DbResult<Option<Procedure>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE p.espace_id = $1 AND p.id = $2"
        ))
        .bind(espace_id)
        .bind(id)
        .fetch_optional(&self.0.read)
        .await?;
        match row {
            Some(row) => Ok(Some(self.attached(procedure(&row)?).await?)),
            None => Ok(None),
        }
    }

    async fn save(
        &self,
        espace_id: &EspaceId,
        id: &ProcedureId,
        expected_version: i64,
        content: &Content,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Result<i64, ProcedureRefusal>> {
        let content = to_json(content)?;
        let mut tx = self.0.begin_on(espace_id).await?;
        let Some((status, version, kind)) = current(&mut tx, espace_id, id).await? else {
            return Ok(Err(ProcedureRefusal::ChangedMeanwhile));
        };
        if status == "submitted" {
            return Ok(Err(ProcedureRefusal::Submitted));
        }
        if version != expected_version {
            return Ok(Err(ProcedureRefusal::ChangedMeanwhile));
        }
        sqlx::query(
            "UPDATE procedures SET content = $1, updated_by = $2, updated_at = $3, version = version + 1 \
             WHERE id = $4",
        )
        .bind(content)
        .bind(&by.name)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let saved = Action::ProcedureSaved { kind };
        journal::record(&mut tx, espace_id, by, saved, None, "", now).await?;
        tx.commit().await?;
        Ok(Ok(version + 1))
    }

    async fn sign(
        &self,
        espace_id: &EspaceId,
        id: &ProcedureId,
        signing: &Signing<'_>,
        now: Timestamp,
    ) -> DbResult<Result<(), ProcedureRefusal>> {
        let mut tx = self.0.begin_on(espace_id).await?;
        let Some((status, version, kind)) = current(&mut tx, espace_id, id).await? else {
            return Ok(Err(ProcedureRefusal::ChangedMeanwhile));
        };
        if status == "submitted" {
            return Ok(Err(ProcedureRefusal::Submitted));
        }
        if version != signing.version {
            return Ok(Err(ProcedureRefusal::ChangedMeanwhile));
        }
        let signed = sqlx::query(
            "INSERT INTO procedure_signatures (procedure_id, version, signer_person, signer_name, certificate_ssn, at, digest) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(version)
        .bind(signing.person_id)
        .bind(signing.name)
        .bind(signing.certificate)
        .bind(now)
        .bind(signing.digest)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if signed == 1 {
            let by = Actor {
                person_id: Some(signing.person_id.clone()),
                name: signing.name.to_owned(),
            };
            let action = Action::ProcedureSigned { kind };
            journal::record(&mut tx, espace_id, &by, action, None, "", now).await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    async fn submit(
        &self,
        espace_id: &EspaceId,
        id: &ProcedureId,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Result<String, ProcedureRefusal>> {
        let mut tx = self.0.begin_on(espace_id).await?;
        let Some((status, version, kind)) = current(&mut tx, espace_id, id).await? else {
            return Ok(Err(ProcedureRefusal::ChangedMeanwhile));
        };
        if status == "submitted" {
            return Ok(Err(ProcedureRefusal::Submitted));
        }
        let signed: Option<Timestamp> = sqlx::query_scalar(
            "SELECT version FROM procedure_signatures WHERE procedure_id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        if signed.is_none() {
            return Ok(Err(ProcedureRefusal::NotSigned));
        }
        // the first submission gets the next number; a corrected one keeps its reference
        sqlx::query(
            "INSERT INTO procedure_references (procedure_id) VALUES ($1) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let n: i64 =
            sqlx::query_scalar("SELECT n FROM procedure_references WHERE procedure_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let reference = crate::domain::procedure::lifecycle::reference(n, now);
        sqlx::query(
            "UPDATE procedures SET status = 'submitted', comment = NULL, submitted_at = $1, \
             reference = COALESCE(reference, $2), updated_by = $3, updated_at = $1 WHERE id = $4",
        )
        .bind(now)
        .bind(&reference)
        .bind(&by.name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let kept: String = sqlx::query_scalar("SELECT reference FROM procedures WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let submitted = Action::ProcedureSubmitted { kind };
        journal::record(&mut tx, espace_id, by, submitted, None, &kept, now).await?;
        tx.commit().await?;
        Ok(Ok(kept))
    }

    async fn by_reference(&self, reference: &str) -> DbResult<Option<Filed>> {
        let row = sqlx::query(&filed_where("p.reference = $1"))
            .bind(reference)
            .fetch_optional(&self.0.read)
            .await?;
        match row {
            Some(row) => Ok(Some(self.filed(&row).await?)),
            None => Ok(None),
        }
    }

    async fn all_submitted(&self) -> DbResult<Vec<Filed>> {
        let rows = sqlx::query(&filed_where(
            "p.status = 'submitted' ORDER BY p.submitted_at, p.id",
        ))
        .fetch_all(&self.0.read)
        .await?;
        let mut all = Vec::with_capacity(rows.len());
        for row in &rows {
            all.push(self.filed(row).await?);
        }
        Ok(all)
    }

    async fn return_for_correction(
        &self,
        reference: &str,
        comment: &str,
        operator: &str,
        message: &NewMessage,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<bool> {
        let mut tx = self.0.begin().await?;
        let done = sqlx::query(
            "UPDATE procedures SET status = 'to_correct', comment = $1, updated_by = $2, updated_at = $3, \
             version = version + 1 WHERE reference = $4 AND status = 'submitted'",
        )
        .bind(comment)
        .bind(operator)
        .bind(now)
        .bind(reference)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        super::messages::insert(&mut tx, message, None, now).await?;
        journal::enqueue(&mut tx, mails, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The status, version and kind of a procedure of the eSpace, read in the writer's transaction.
async fn current(
    tx: &mut Transaction<'_, Any>,
    espace_id: &EspaceId,
    id: &ProcedureId,
) -> DbResult<Option<(String, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT status, version, kind FROM procedures WHERE espace_id = $1 AND id = $2",
    )
    .bind(espace_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// A value as the JSON text a column keeps.
fn to_json(value: &impl serde::Serialize) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(e.into()))
}

fn procedure(row: &AnyRow) -> Result<Procedure, sqlx::Error> {
    let content: String = row.try_get("content")?;
    let prefilled: String = row.try_get("prefilled")?;
    let status = match row.try_get::<&str, _>("status")? {
        "submitted" => ProcedureStatus::Submitted {
            at: row
                .try_get::<Option<Timestamp>, _>("submitted_at")?
                .unwrap_or_default(),
        },
        "to_correct" => ProcedureStatus::ToCorrect {
            comment: row
                .try_get::<Option<String>, _>("comment")?
                .unwrap_or_default(),
        },
        _ => ProcedureStatus::Draft,
    };
    let signature = match row.try_get::<Option<String>, _>("digest")? {
        Some(digest) => Some(Signature {
            signer: row.try_get("signer_name")?,
            certificate: row.try_get("certificate_ssn")?,
            at: row.try_get("signed_at")?,
            digest,
        }),
        None => None,
    };
    Ok(Procedure {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        for_principal: row
            .try_get::<Option<CompanyId>, _>("principal_company")?
            .map(|company| -> Result<_, sqlx::Error> {
                Ok(Principal {
                    company,
                    name: row.try_get("principal_name")?,
                })
            })
            .transpose()?,
        language: decode("language", row.try_get("language")?, Language::from_code)?,
        content: serde_json::from_str(&content).map_err(|e| sqlx::Error::Decode(e.into()))?,
        prefilled: serde_json::from_str(&prefilled).map_err(|e| sqlx::Error::Decode(e.into()))?,
        status,
        reference: row.try_get("reference")?,
        signature,
        attachments: Vec::new(),
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        updated_by: row.try_get("updated_by")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}
