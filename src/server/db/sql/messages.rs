use super::{
    Pools,
    documents::{self, Holder},
    journal,
};
use crate::domain::id::{DocumentId, EspaceId, MessageId, PersonId, ProcedureId};
use crate::domain::timestamp::Timestamp;
use crate::server::db::sql::quotas::Upload;
use crate::{
    domain::{
        activity::Action,
        document::CHUNK_BYTES,
        mail::Mail,
        message::{About, Message, MessageLine, Reply},
    },
    server::{
        caller::Actor,
        db::{DbResult, new_id},
    },
};
use async_trait::async_trait;
use sqlx::{Any, Row, Transaction, any::AnyRow};

/// A message the back office sends an eSpace.
#[derive(Clone, Debug)]
pub struct NewMessage {
    pub espace_id: EspaceId,
    /// The procedure of the eSpace it is about, if any.
    pub procedure_id: Option<ProcedureId>,
    /// The administration sending it.
    pub from: String,
    pub subject: String,
    pub body: String,
    pub replies_allowed: bool,
    pub attachments: Vec<NewAttachment>,
}

/// A document sent with a message, read whole by the back office (an operator's own file).
#[derive(Clone, Debug)]
pub struct NewAttachment {
    pub name: String,
    pub upload: Upload,
    pub content: Vec<u8>,
}

/// What became of a reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replied {
    Sent,
    /// The eSpace has no such message.
    NotFound,
    /// The administration accepts no reply to it.
    NotAllowed,
}

/// "Mes communications": messages from administrations, read or unread per person.
#[async_trait]
pub trait Messages: Send + Sync {
    /// Sends a message with its documents, and queues the emails telling the members, in one
    /// transaction; answers its id.
    async fn send(
        &self,
        message: &NewMessage,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<MessageId>;
    /// The eSpace's messages, newest first, each read or unread for that person.
    async fn of_espace(
        &self,
        espace_id: &EspaceId,
        person_id: &PersonId,
    ) -> DbResult<Vec<crate::domain::message::MessageLine>>;
    /// One message with its documents and replies, marked read for that person; `None` when the
    /// eSpace has no such message.
    async fn open(
        &self,
        espace_id: &EspaceId,
        id: &MessageId,
        person_id: &PersonId,
        now: Timestamp,
    ) -> DbResult<Option<crate::domain::message::Message>>;
    async fn reply(
        &self,
        espace_id: &EspaceId,
        id: &MessageId,
        body: &str,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Replied>;
    /// How many messages each of these eSpaces holds that the person has not opened, but
    /// `opening` (the one a page opens as it counts).
    async fn unread(
        &self,
        person_id: &PersonId,
        espace_ids: &[EspaceId],
        opening: Option<&MessageId>,
    ) -> DbResult<Vec<u32>>;
    /// Every message (of one eSpace, or all), newest first, with the eSpace's id: what the back
    /// office lists with the replies.
    async fn all(&self, espace_id: Option<&EspaceId>) -> DbResult<Vec<SentMessage>>;
}

/// A message with the eSpace it was sent to, as the back office lists them.
#[derive(Clone, Debug)]
pub struct SentMessage {
    pub espace_id: EspaceId,
    pub message: Message,
}

pub struct SqlMessages(pub Pools);

/// A message as listed, read or unread for the person bound to `$2`.
const LINE: &str = "SELECT m.id, m.espace_id, m.subject, m.author, m.sent_at, m.procedure_id, \
     p.reference, m.body, CASE WHEN m.replies_allowed THEN 1 ELSE 0 END AS replies_allowed, \
     (SELECT COUNT(*) FROM messages r WHERE r.reply_to = m.id) AS replies, \
     (SELECT COUNT(*) FROM message_reads x WHERE x.message_id = m.id AND x.person_id = $2) AS seen \
     FROM messages m LEFT JOIN procedures p ON p.id = m.procedure_id \
     WHERE m.espace_id = $1 AND m.reply_to IS NULL";

#[async_trait]
impl Messages for SqlMessages {
    async fn send(
        &self,
        message: &NewMessage,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<MessageId> {
        let mut tx = self.0.begin().await?;
        let id = insert(&mut tx, message, None, now).await?;
        journal::enqueue(&mut tx, mails, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn of_espace(
        &self,
        espace_id: &EspaceId,
        person_id: &PersonId,
    ) -> DbResult<Vec<MessageLine>> {
        let rows = sqlx::query(&format!("{LINE} ORDER BY m.sent_at DESC, m.id DESC"))
            .bind(espace_id)
            .bind(person_id)
            .fetch_all(&self.0.read)
            .await?;
        Ok(rows.iter().map(line).collect::<Result<_, _>>()?)
    }

    async fn open(
        &self,
        espace_id: &EspaceId,
        id: &MessageId,
        person_id: &PersonId,
        now: Timestamp,
    ) -> DbResult<Option<Message>> {
        let Some(mut message) = self.load(espace_id, id, Some(person_id)).await? else {
            return Ok(None);
        };
        if message.line.unread {
            sqlx::query(
                "INSERT INTO message_reads (message_id, person_id, read_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(person_id)
            .bind(now)
            .execute(&self.0.write)
            .await?;
            message.line.unread = false;
        }
        Ok(Some(message))
    }

    async fn reply(
        &self,
        espace_id: &EspaceId,
        id: &MessageId,
        body: &str,
        by: &Actor,
        now: Timestamp,
    ) -> DbResult<Replied> {
        let mut tx = self.0.begin().await?;
        let answered = sqlx::query(
            "SELECT subject, procedure_id, CASE WHEN replies_allowed THEN 1 ELSE 0 END AS replies_allowed FROM messages \
             WHERE espace_id = $1 AND id = $2 AND reply_to IS NULL",
        )
        .bind(espace_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(answered) = answered else {
            return Ok(Replied::NotFound);
        };
        if answered.try_get::<i64, _>("replies_allowed")? == 0 {
            return Ok(Replied::NotAllowed);
        }
        let subject: String = answered.try_get("subject")?;
        let reply = NewMessage {
            espace_id: espace_id.clone(),
            procedure_id: answered.try_get("procedure_id")?,
            from: by.name.clone(),
            subject: String::new(),
            body: body.to_owned(),
            replies_allowed: false,
            attachments: Vec::new(),
        };
        insert(&mut tx, &reply, Some(id), now).await?;
        let action = Action::MessageAnswered;
        journal::record(&mut tx, espace_id, by, action, None, &subject, now).await?;
        tx.commit().await?;
        Ok(Replied::Sent)
    }

    async fn unread(
        &self,
        person_id: &PersonId,
        espace_ids: &[EspaceId],
        opening: Option<&MessageId>,
    ) -> DbResult<Vec<u32>> {
        if espace_ids.is_empty() {
            return Ok(Vec::new());
        }
        // one query for all the eSpaces: the header asks on every page
        let listed: Vec<String> = (0..espace_ids.len())
            .map(|i| format!("${}", i + 3))
            .collect();
        let statement = format!(
            "SELECT m.espace_id, COUNT(*) FROM messages m \
             WHERE m.espace_id IN ({}) AND m.reply_to IS NULL AND m.id <> $2 \
             AND NOT EXISTS (SELECT 1 FROM message_reads x \
             WHERE x.message_id = m.id AND x.person_id = $1) GROUP BY m.espace_id",
            listed.join(", ")
        );
        let mut query = sqlx::query_as::<_, (EspaceId, i64)>(&statement)
            .bind(person_id)
            .bind(opening.map_or("", MessageId::as_str));
        for espace_id in espace_ids {
            query = query.bind(espace_id);
        }
        let counted = query.fetch_all(&self.0.read).await?;
        Ok(espace_ids
            .iter()
            .map(|id| {
                counted
                    .iter()
                    .find(|(espace, _)| espace == id)
                    .map_or(0, |(_, count)| *count as u32)
            })
            .collect())
    }

    async fn all(&self, espace_id: Option<&EspaceId>) -> DbResult<Vec<SentMessage>> {
        let ids: Vec<(EspaceId, MessageId)> = sqlx::query_as(
            "SELECT espace_id, id FROM messages WHERE reply_to IS NULL \
             AND ($1 = '' OR espace_id = $1) ORDER BY sent_at DESC, id DESC",
        )
        .bind(espace_id.map_or("", EspaceId::as_str))
        .fetch_all(&self.0.read)
        .await?;
        let mut all = Vec::with_capacity(ids.len());
        for (espace_id, id) in ids {
            if let Some(message) = self.load(&espace_id, &id, None).await? {
                all.push(SentMessage { espace_id, message });
            }
        }
        Ok(all)
    }
}

impl SqlMessages {
    /// A message of the eSpace with its documents and replies, as `person_id` sees it (read
    /// or not; unread for nobody, as the back office lists them).
    async fn load(
        &self,
        espace_id: &EspaceId,
        id: &MessageId,
        person_id: Option<&PersonId>,
    ) -> DbResult<Option<Message>> {
        let row = sqlx::query(&format!("{LINE} AND m.id = $3"))
            .bind(espace_id)
            .bind(person_id)
            .bind(id)
            .fetch_optional(&self.0.read)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let replies = sqlx::query(
            "SELECT author, body, sent_at FROM messages WHERE reply_to = $1 ORDER BY sent_at, id",
        )
        .bind(id)
        .fetch_all(&self.0.read)
        .await?
        .iter()
        .map(|r| {
            Ok(Reply {
                by: r.try_get("author")?,
                body: r.try_get("body")?,
                at: r.try_get("sent_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
        Ok(Some(Message {
            line: line(&row)?,
            body: row.try_get("body")?,
            replies_allowed: row.try_get::<i64, _>("replies_allowed")? != 0,
            attachments: documents::held_by(&self.0.read, Holder::Message(id)).await?,
            replies,
        }))
    }
}

/// Writes a message (or the reply to `reply_to`) and its documents, each in chunks as uploads
/// are kept; answers its id. Returning a procedure for correction sends one this way too.
pub(super) async fn insert(
    tx: &mut Transaction<'_, Any>,
    message: &NewMessage,
    reply_to: Option<&MessageId>,
    now: Timestamp,
) -> DbResult<MessageId> {
    let id = MessageId::from(new_id());
    sqlx::query(
        "INSERT INTO messages (id, espace_id, procedure_id, reply_to, author, subject, body, replies_allowed, sent_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(&message.espace_id)
    .bind(message.procedure_id.as_ref())
    .bind(reply_to)
    .bind(&message.from)
    .bind(&message.subject)
    .bind(&message.body)
    .bind(message.replies_allowed)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    for attachment in &message.attachments {
        let document_id = DocumentId::from(new_id());
        sqlx::query(
            "INSERT INTO documents (id, espace_id, name, media_type, size, sha256, added_at, added_by, stored_at, message_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9)",
        )
        .bind(&document_id)
        .bind(&message.espace_id)
        .bind(&attachment.name)
        .bind(attachment.upload.kind.media_type())
        .bind(attachment.upload.size as i64)
        .bind(&attachment.upload.sha256)
        .bind(now)
        .bind(&message.from)
        .bind(&id)
        .execute(&mut **tx)
        .await?;
        for (position, content) in attachment.content.chunks(CHUNK_BYTES).enumerate() {
            sqlx::query(
                "INSERT INTO document_chunks (document_id, position, content) VALUES ($1, $2, $3)",
            )
            .bind(&document_id)
            .bind(position as i64)
            .bind(content)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(id)
}

fn line(row: &AnyRow) -> Result<MessageLine, sqlx::Error> {
    let about = match row.try_get::<Option<ProcedureId>, _>("procedure_id")? {
        Some(procedure_id) => Some(About {
            procedure_id,
            reference: row
                .try_get::<Option<String>, _>("reference")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    Ok(MessageLine {
        id: row.try_get("id")?,
        subject: row.try_get("subject")?,
        from: row.try_get("author")?,
        sent_at: row.try_get("sent_at")?,
        about,
        unread: row.try_get::<i64, _>("seen")? == 0,
        replies: row.try_get::<i64, _>("replies")? as u32,
    })
}
