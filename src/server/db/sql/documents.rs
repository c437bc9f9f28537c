use super::{Pools, STORED_BYTES, decode, journal};
use crate::domain::id::{DocumentId, EspaceId, MessageId, ProcedureId};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        activity::Action,
        document::{Document, FileKind},
        quota::{Quota, QuotaLimits, QuotaReached},
    },
    server::{
        caller::Actor,
        db::{DbResult, Upload, new_id},
    },
};
use async_trait::async_trait;
use sqlx::{Row, any::AnyRow};

/// "Mes documents": each file kept in chunks, written as an upload arrives and read one by one
/// as a download leaves, so that no request holds a whole file.
#[async_trait]
pub trait Documents: Send + Sync {
    /// Starts an upload into the eSpace; answers the document's id, which lists nowhere until
    /// [`Documents::finish`]. Uploads left unfinished for a day are deleted here.
    async fn begin(
        &self,
        espace_id: &EspaceId,
        name: &str,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<DocumentId>;
    /// Writes the chunk at `position` (from 0) of an upload.
    async fn append(&self, id: &DocumentId, position: i64, content: &[u8]) -> DbResult<()>;
    /// Lists the upload, logged in the activity, if the eSpace's storage quota allows it;
    /// otherwise deletes it.
    async fn finish(
        &self,
        espace_id: &EspaceId,
        id: &DocumentId,
        upload: &Upload,
        limits: &crate::domain::quota::QuotaLimits,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Result<crate::domain::document::Document, crate::domain::quota::QuotaReached>>;
    /// Deletes an upload that did not finish (refused, or broken off).
    async fn abandon(&self, id: &DocumentId) -> DbResult<()>;
    /// The eSpace's store ("Mes documents"), newest first; procedures' copies are not in it.
    async fn of_espace(
        &self,
        espace_id: &EspaceId,
    ) -> DbResult<Vec<crate::domain::document::Document>>;
    /// Any document the eSpace keeps: in its store, or a copy one of its procedures holds.
    async fn get(
        &self,
        espace_id: &EspaceId,
        id: &DocumentId,
    ) -> DbResult<Option<crate::domain::document::Document>>;
    /// The chunk at `position` of a document's content; `None` past its end.
    async fn chunk(&self, id: &DocumentId, position: i64) -> DbResult<Option<Vec<u8>>>;
    /// `false` when the eSpace's store has no such document (as for `delete`).
    async fn rename(
        &self,
        espace_id: &EspaceId,
        id: &DocumentId,
        name: &str,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<bool>;
    async fn delete(
        &self,
        espace_id: &EspaceId,
        id: &DocumentId,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<bool>;
    /// Copies a document of the eSpace's store into a procedure of the eSpace, as its
    /// attachment (the content is copied inside the database, chunk by chunk); `None` when the
    /// store has no such document. The copy counts towards the eSpace's storage.
    async fn attach(
        &self,
        espace_id: &EspaceId,
        procedure_id: &ProcedureId,
        document_id: &DocumentId,
        limits: &crate::domain::quota::QuotaLimits,
        now: Timestamp,
    ) -> DbResult<
        Result<Option<crate::domain::document::Document>, crate::domain::quota::QuotaReached>,
    >;
    /// Copies a document a message of the eSpace came with into its store ("Mes documents"),
    /// logged as added; `None` when the message has no such document.
    async fn keep(
        &self,
        espace_id: &EspaceId,
        document_id: &DocumentId,
        limits: &crate::domain::quota::QuotaLimits,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<
        Result<Option<crate::domain::document::Document>, crate::domain::quota::QuotaReached>,
    >;
    /// Deletes these copies the procedure holds (attachments replaced or taken out of the
    /// form, or copied by a save that was then refused).
    async fn release(&self, procedure_id: &ProcedureId, copies: &[DocumentId]) -> DbResult<()>;
}

pub struct SqlDocuments(pub Pools);

const COLUMNS: &str = "id, name, media_type, size, sha256, added_at, added_by";

/// A document of "Mes documents", not a procedure's copy of an attachment nor a message's.
const IN_STORE: &str = "stored_at IS NOT NULL AND procedure_id IS NULL AND message_id IS NULL";

/// Uploads never finished (the browser went away) are deleted after this many seconds.
const UNFINISHED: i64 = 24 * 60 * 60;

#[async_trait]
impl Documents for SqlDocuments {
    async fn begin(
        &self,
        espace_id: &EspaceId,
        name: &str,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<DocumentId> {
        let id = DocumentId::from(new_id());
        let mut tx = self.0.begin().await?;
        // the leftovers of uploads abandoned long ago, chunks first
        let long_ago = (now - UNFINISHED).to_string();
        delete_where(
            &mut tx,
            "SELECT id FROM documents WHERE stored_at IS NULL AND added_at < CAST($1 AS BIGINT)",
            &[&long_ago],
        )
        .await?;
        sqlx::query(
            "INSERT INTO documents (id, espace_id, name, media_type, size, sha256, added_at, added_by) \
             VALUES ($1, $2, $3, '', 0, '', $4, $5)",
        )
        .bind(&id)
        .bind(espace_id)
        .bind(name)
        .bind(now)
        .bind(&by.name)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn append(&self, id: &DocumentId, position: i64, content: &[u8]) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO document_chunks (document_id, position, content) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(position)
        .bind(content)
        .execute(&self.0.write)
        .await?;
        Ok(())
    }

    async fn finish(
        &self,
        espace_id: &EspaceId,
        id: &DocumentId,
        upload: &Upload,
        limits: &QuotaLimits,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Result<Document, QuotaReached>> {
        let mut tx = self.0.begin_on(espace_id).await?;
        let (stored,): (Option<i64>,) = sqlx::query_as(STORED_BYTES)
            .bind(espace_id)
            .fetch_one(&mut *tx)
            .await?;
        let size = upload.size as i64;
        if let Err(reached) =
            limits.allows(Quota::StoredBytesPerEspace, stored.unwrap_or(0), size, None)
        {
            drop(tx);
            self.abandon(id).await?;
            return Ok(Err(reached));
        }
        sqlx::query(
            "UPDATE documents SET media_type = $1, size = $2, sha256 = $3, stored_at = $4 \
             WHERE id = $5 AND espace_id = $6",
        )
        .bind(upload.kind.media_type())
        .bind(size)
        .bind(&upload.sha256)
        .bind(now)
        .bind(id)
        .bind(espace_id)
        .execute(&mut *tx)
        .await?;
        let name: String = sqlx::query_scalar("SELECT name FROM documents WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        journal::record(
            &mut tx,
            espace_id,
            by,
            Action::DocumentAdded,
            None,
            &name,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(Document {
            id: id.to_owned(),
            name,
            kind: upload.kind,
            size: upload.size,
            sha256: upload.sha256.clone(),
            added_at: now,
            added_by: by.name.clone(),
        }))
    }

    async fn abandon(&self, id: &DocumentId) -> DbResult<()> {
        let mut tx = self.0.begin().await?;
        delete_where(
            &mut tx,
            "SELECT id FROM documents WHERE id = $1 AND stored_at IS NULL",
            &[id.as_str()],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn of_espace(&self, espace_id: &EspaceId) -> DbResult<Vec<Document>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM documents WHERE espace_id = $1 AND {IN_STORE} \
             ORDER BY added_at DESC, id"
        ))
        .bind(espace_id)
        .fetch_all(&self.0.read)
        .await?;
        Ok(rows.iter().map(document).collect::<Result<_, _>>()?)
    }

    async fn get(&self, espace_id: &EspaceId, id: &DocumentId) -> DbResult<Option<Document>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM documents WHERE espace_id = $1 AND id = $2 AND stored_at IS NOT NULL"
        ))
        .bind(espace_id)
        .bind(id)
        .fetch_optional(&self.0.read)
        .await?;
        Ok(row.as_ref().map(document).transpose()?)
    }

    async fn chunk(&self, id: &DocumentId, position: i64) -> DbResult<Option<Vec<u8>>> {
        Ok(sqlx::query_scalar(
            "SELECT content FROM document_chunks WHERE document_id = $1 AND position = $2",
        )
        .bind(id)
        .bind(position)
        .fetch_optional(&self.0.read)
        .await?)
    }

    async fn rename(
        &self,
        espace_id: &EspaceId,
        id: &DocumentId,
        name: &str,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<bool> {
        let mut tx = self.0.begin_on(espace_id).await?;
        let Some(old) = stored_name(&mut tx, espace_id, id).await? else {
            return Ok(false);
        };
        if old != name {
            sqlx::query("UPDATE documents SET name = $1 WHERE id = $2")
                .bind(name)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let action = Action::DocumentRenamed { from: old };
            journal::record(&mut tx, espace_id, by, action, None, name, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn attach(
        &self,
        espace_id: &EspaceId,
        procedure_id: &ProcedureId,
        document_id: &DocumentId,
        limits: &QuotaLimits,
        now: Timestamp,
    ) -> DbResult<Result<Option<Document>, QuotaReached>> {
        let mut tx = self.0.begin_on(espace_id).await?;
        let original = format!("espace_id = $1 AND id = $2 AND {IN_STORE}");
        let copied = copy(
            &mut tx,
            Original {
                condition: &original,
                espace_id,
                document_id,
            },
            Some(procedure_id),
            limits,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(copied)
    }

    async fn keep(
        &self,
        espace_id: &EspaceId,
        document_id: &DocumentId,
        limits: &QuotaLimits,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Result<Option<Document>, QuotaReached>> {
        let mut tx = self.0.begin_on(espace_id).await?;
        // the message's document, of a message of this eSpace
        let original = "espace_id = $1 AND id = $2 AND stored_at IS NOT NULL AND message_id IN \
                        (SELECT id FROM messages WHERE espace_id = $1)";
        let copied = copy(
            &mut tx,
            Original {
                condition: original,
                espace_id,
                document_id,
            },
            None,
            limits,
            now,
        )
        .await?;
        let Ok(Some(document)) = copied else {
            return Ok(copied);
        };
        // kept now, by this member
        sqlx::query("UPDATE documents SET added_at = $1, added_by = $2 WHERE id = $3")
            .bind(now)
            .bind(&by.name)
            .bind(&document.id)
            .execute(&mut *tx)
            .await?;
        let action = Action::DocumentAdded;
        journal::record(&mut tx, espace_id, by, action, None, &document.name, now).await?;
        tx.commit().await?;
        Ok(Ok(Some(Document {
            added_at: now,
            added_by: by.name.clone(),
            ..document
        })))
    }

    async fn release(&self, procedure_id: &ProcedureId, copies: &[DocumentId]) -> DbResult<()> {
        let mut tx = self.0.begin().await?;
        for copy in copies {
            delete_where(
                &mut tx,
                "SELECT id FROM documents WHERE id = $1 AND procedure_id = $2",
                &[copy.as_str(), procedure_id.as_str()],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn delete(
        &self,
        espace_id: &EspaceId,
        id: &DocumentId,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<bool> {
        let mut tx = self.0.begin_on(espace_id).await?;
        let Some(name) = stored_name(&mut tx, espace_id, id).await? else {
            return Ok(false);
        };
        delete_where(
            &mut tx,
            "SELECT id FROM documents WHERE id = $1",
            &[id.as_str()],
        )
        .await?;
        journal::record(
            &mut tx,
            espace_id,
            by,
            Action::DocumentDeleted,
            None,
            &name,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The document a copy is made of.
struct Original<'a> {
    /// Selects it only where a copy may be made from: `$1` is bound to the eSpace, `$2` to the
    /// document's id.
    condition: &'a str,
    espace_id: &'a EspaceId,
    document_id: &'a DocumentId,
}

/// Copies the `original` document inside the database, chunk by chunk, into the eSpace's store
/// or (`procedure`) as a procedure's attachment; `None` when there is no such document. The
/// copy counts towards the eSpace's storage.
async fn copy(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    original: Original<'_>,
    procedure: Option<&ProcedureId>,
    limits: &QuotaLimits,
    now: Timestamp,
) -> DbResult<Result<Option<Document>, QuotaReached>> {
    let Original {
        condition,
        espace_id,
        document_id,
    } = original;
    let found = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM documents WHERE {condition}"
    ))
    .bind(espace_id)
    .bind(document_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(found) = found.as_ref().map(document).transpose()? else {
        return Ok(Ok(None));
    };
    let (stored,): (Option<i64>,) = sqlx::query_as(STORED_BYTES)
        .bind(espace_id)
        .fetch_one(&mut **tx)
        .await?;
    let size = found.size as i64;
    if let Err(reached) =
        limits.allows(Quota::StoredBytesPerEspace, stored.unwrap_or(0), size, None)
    {
        return Ok(Err(reached));
    }
    let id = DocumentId::from(new_id());
    sqlx::query(
        "INSERT INTO documents (id, espace_id, name, media_type, size, sha256, added_at, added_by, stored_at, procedure_id) \
         SELECT $1, espace_id, name, media_type, size, sha256, added_at, added_by, $2, $3 \
         FROM documents WHERE id = $4",
    )
    .bind(&id)
    .bind(now)
    .bind(procedure)
    .bind(document_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO document_chunks (document_id, position, content) \
         SELECT $1, position, content FROM document_chunks WHERE document_id = $2",
    )
    .bind(&id)
    .bind(document_id)
    .execute(&mut **tx)
    .await?;
    Ok(Ok(Some(Document { id, ..found })))
}

/// The name of a document of the eSpace's store, if it has that one.
async fn stored_name(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    espace_id: &EspaceId,
    id: &DocumentId,
) -> DbResult<Option<String>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT name FROM documents WHERE espace_id = $1 AND id = $2 AND {IN_STORE}"
    ))
    .bind(espace_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// What holds documents apart from the eSpace's store.
#[derive(Clone, Copy)]
pub(super) enum Holder<'a> {
    /// A procedure, its attachments.
    Procedure(&'a ProcedureId),
    /// A message, the documents it came with.
    Message(&'a MessageId),
}

/// The documents a procedure or a message holds, by name.
pub(super) async fn held_by(pool: &sqlx::AnyPool, holder: Holder<'_>) -> DbResult<Vec<Document>> {
    let (column, id) = match holder {
        Holder::Procedure(id) => ("procedure_id", id.as_str()),
        Holder::Message(id) => ("message_id", id.as_str()),
    };
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM documents WHERE {column} = $1 ORDER BY name, id"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(document).collect::<Result<_, _>>()?)
}

/// Deletes documents and their chunks, `which` selecting their ids (its parameters bound by
/// `bind`).
async fn delete_where(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    which: &str,
    binds: &[&str],
) -> DbResult<()> {
    for statement in [
        format!("DELETE FROM document_chunks WHERE document_id IN ({which})"),
        format!("DELETE FROM documents WHERE id IN ({which})"),
    ] {
        let mut query = sqlx::query(&statement);
        for value in binds {
            query = query.bind(*value);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

fn document(row: &AnyRow) -> Result<Document, sqlx::Error> {
    Ok(Document {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        kind: decode(
            "media_type",
            row.try_get("media_type")?,
            FileKind::from_media_type,
        )?,
        size: row.try_get::<i64, _>("size")? as u64,
        sha256: row.try_get("sha256")?,
        added_at: row.try_get("added_at")?,
        added_by: row.try_get("added_by")?,
    })
}
