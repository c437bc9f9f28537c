use super::{Pools, decode, journal};
use crate::domain::id::EspaceId;
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        access_code::Domain,
        activity::Action,
        certification::{CertificationRequest, Decision, Document, DocumentKind, RequestStatus},
        mail::Mail,
    },
    server::{
        caller::Actor,
        db::{DbResult, new_id},
    },
};
use async_trait::async_trait;
use sqlx::{Row, any::AnyRow};

/// Requests to have an eSpace certified for a field of activity, with their documents.
#[async_trait]
pub trait CertificationRequests: Send + Sync {
    /// Stores a request and its documents, logged in the eSpace's activity; answers its id.
    async fn submit(
        &self,
        espace_id: &EspaceId,
        by: &Actor,
        domain: Domain,
        description: &str,
        documents: &[NewDocument],
        now: Timestamp,
    ) -> DbResult<String>;
    /// The eSpace's requests, newest first.
    async fn of_espace(&self, espace_id: &EspaceId) -> DbResult<Vec<CertificationRequest>>;
    /// Bytes the eSpace stores: its documents and its requests' documents.
    async fn stored_bytes(&self, espace_id: &EspaceId) -> DbResult<i64>;
    /// Requests waiting for an operator, oldest first.
    async fn open(&self) -> DbResult<Vec<OpenRequest>>;
    /// A request's document by its number (from 1), with its content.
    async fn document(
        &self,
        request_id: &str,
        number: u32,
    ) -> DbResult<Option<(Document, Vec<u8>)>>;
    /// An operator decides a waiting request, logging it in the eSpace's activity and queueing
    /// `mails` in the same transaction; `false` when it was decided already (or never existed).
    async fn decide(
        &self,
        request_id: &str,
        decision: &Decision,
        operator: &str,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<bool>;
}

/// A supporting document as received, its kind read from its content.
#[derive(Clone, Debug)]
pub struct NewDocument {
    pub name: String,
    pub kind: DocumentKind,
    pub content: Vec<u8>,
}

/// A request waiting for an operator, with the eSpace it comes from.
#[derive(Clone, Debug)]
pub struct OpenRequest {
    pub request: CertificationRequest,
    pub espace_id: EspaceId,
    pub espace_name: String,
}

pub struct SqlCertificationRequests(pub Pools);

const COLUMNS: &str = "r.id, r.espace_id, r.domain, r.description, r.submitted_at, r.submitted_by, \
     r.status, r.decided_at, r.reason, e.name AS espace_name \
     FROM certification_requests r JOIN espaces e ON e.id = r.espace_id";

#[async_trait]
impl CertificationRequests for SqlCertificationRequests {
    async fn submit(
        &self,
        espace_id: &EspaceId,
        by: &Actor,
        domain: Domain,
        description: &str,
        documents: &[NewDocument],
        now: Timestamp,
    ) -> DbResult<String> {
        let id = new_id();
        let mut tx = self.0.begin_on(espace_id).await?;
        sqlx::query(
            "INSERT INTO certification_requests (id, espace_id, domain, description, submitted_at, submitted_by, status) \
             VALUES ($1, $2, $3, $4, $5, $6, 'submitted')",
        )
        .bind(&id)
        .bind(espace_id)
        .bind(domain.code())
        .bind(description)
        .bind(now)
        .bind(&by.name)
        .execute(&mut *tx)
        .await?;
        for (position, document) in (1i64..).zip(documents) {
            sqlx::query(
                "INSERT INTO certification_documents (id, request_id, position, name, media_type, size, content) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(new_id())
            .bind(&id)
            .bind(position)
            .bind(&document.name)
            .bind(document.kind.media_type())
            .bind(document.content.len() as i64)
            .bind(&document.content)
            .execute(&mut *tx)
            .await?;
        }
        let action = Action::CertificationRequested { domain };
        journal::record(&mut tx, espace_id, by, action, None, "", now).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn stored_bytes(&self, espace_id: &EspaceId) -> DbResult<i64> {
        let (bytes,): (Option<i64>,) = sqlx::query_as(super::STORED_BYTES)
            .bind(espace_id)
            .fetch_one(&self.0.read)
            .await?;
        Ok(bytes.unwrap_or(0))
    }

    async fn of_espace(&self, espace_id: &EspaceId) -> DbResult<Vec<CertificationRequest>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE r.espace_id = $1 ORDER BY r.submitted_at DESC, r.id"
        ))
        .bind(espace_id)
        .fetch_all(&self.0.read)
        .await?;
        let mut requests = Vec::with_capacity(rows.len());
        for row in &rows {
            requests.push(self.request(row).await?);
        }
        Ok(requests)
    }

    async fn open(&self) -> DbResult<Vec<OpenRequest>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE r.status = 'submitted' ORDER BY r.submitted_at, r.id"
        ))
        .fetch_all(&self.0.read)
        .await?;
        let mut open = Vec::with_capacity(rows.len());
        for row in &rows {
            open.push(OpenRequest {
                request: self.request(row).await?,
                espace_id: row.try_get("espace_id")?,
                espace_name: row.try_get("espace_name")?,
            });
        }
        Ok(open)
    }

    async fn document(
        &self,
        request_id: &str,
        number: u32,
    ) -> DbResult<Option<(Document, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT name, media_type, size, content FROM certification_documents WHERE request_id = $1 AND position = $2",
        )
        .bind(request_id)
        .bind(i64::from(number))
        .fetch_optional(&self.0.read)
        .await?;
        row.map(|row| Ok((document(&row)?, row.try_get("content")?)))
            .transpose()
    }

    async fn decide(
        &self,
        request_id: &str,
        decision: &Decision,
        operator: &str,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<bool> {
        let (status, reason) = match decision {
            Decision::Approve => ("approved", None),
            Decision::Reject { reason } => ("rejected", Some(reason.as_str())),
        };
        let mut tx = self.0.begin().await?;
        let decided: Option<(EspaceId, String)> = sqlx::query_as(
            "UPDATE certification_requests SET status = $1, reason = $2, decided_at = $3, decided_by = $4 \
             WHERE id = $5 AND status = 'submitted' RETURNING espace_id, domain",
        )
        .bind(status)
        .bind(reason)
        .bind(now)
        .bind(operator)
        .bind(request_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((espace_id, domain)) = decided else {
            return Ok(false);
        };
        let domain = decode("domain", &domain, Domain::from_code)?;
        let action = Action::CertificationDecided {
            domain,
            approved: *decision == Decision::Approve,
        };
        let by = Actor {
            person_id: None,
            name: operator.to_owned(),
        };
        journal::record(&mut tx, &espace_id, &by, action, None, "", now).await?;
        journal::enqueue(&mut tx, mails, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

impl SqlCertificationRequests {
    /// A request row with its documents' names, sizes and kinds.
    async fn request(&self, row: &AnyRow) -> DbResult<CertificationRequest> {
        let id: String = row.try_get("id")?;
        let documents = sqlx::query(
            "SELECT name, media_type, size FROM certification_documents WHERE request_id = $1 ORDER BY position",
        )
        .bind(&id)
        .fetch_all(&self.0.read)
        .await?
        .iter()
        .map(document)
        .collect::<Result<_, _>>()?;
        let decided_at: Option<Timestamp> = row.try_get("decided_at")?;
        let status = match (row.try_get::<&str, _>("status")?, decided_at) {
            ("approved", Some(at)) => RequestStatus::Approved { at },
            ("rejected", Some(at)) => RequestStatus::Rejected {
                at,
                reason: row
                    .try_get::<Option<String>, _>("reason")?
                    .unwrap_or_default(),
            },
            _ => RequestStatus::Submitted,
        };
        Ok(CertificationRequest {
            id,
            domain: decode("domain", row.try_get("domain")?, Domain::from_code)?,
            description: row.try_get("description")?,
            documents,
            submitted_at: row.try_get("submitted_at")?,
            submitted_by: row.try_get("submitted_by")?,
            status,
        })
    }
}

fn document(row: &AnyRow) -> Result<Document, sqlx::Error> {
    Ok(Document {
        name: row.try_get("name")?,
        size: row
            .try_get::<i64, _>("size")?
            .try_into()
            .unwrap_or_default(),
        kind: decode(
            "media_type",
            row.try_get("media_type")?,
            DocumentKind::from_media_type,
        )?,
    })
}
