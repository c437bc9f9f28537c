//! What a change writes besides itself, inside its own transaction: the activity-log entry and
//! the mail telling people about it. Either all of it is committed or none.

use crate::domain::id::{EspaceId, MemberId};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{activity::Action, mail::Mail},
    server::{
        caller::Actor,
        db::{DbResult, new_ordered_id},
    },
};
use sqlx::{Any, Transaction};

pub async fn record(
    tx: &mut Transaction<'_, Any>,
    espace_id: &EspaceId,
    by: &Actor,
    action: Action,
    member_id: Option<&MemberId>,
    member_name: &str,
    now: Timestamp,
) -> DbResult<()> {
    let detail = serde_json::to_value(&action).map_err(|e| sqlx::Error::Encode(e.into()))?;
    let code = detail["action"].as_str().unwrap_or_default();
    sqlx::query(
        "INSERT INTO activity (id, espace_id, at, actor_person_id, actor_name, action, detail, member_id, member_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_ordered_id())
    .bind(espace_id)
    .bind(now)
    .bind(&by.person_id)
    .bind(&by.name)
    .bind(code)
    .bind(detail.to_string())
    .bind(member_id)
    .bind(member_name)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    mails: &[Mail],
    now: Timestamp,
) -> DbResult<()> {
    for mail in mails {
        sqlx::query(
            "INSERT INTO outbox (id, recipient, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(new_ordered_id())
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
