//! "Mes communications": every member reads the messages administrations sent the eSpace
//! (opening one marks it read for that member only), answers those that accept a reply, and
//! keeps a document that came with one in "Mes documents".

use crate::domain::id::{DocumentId, MessageId};
use crate::domain::{
    document::Document,
    error::{Answer, Fault},
    message::{Message, MessageLine},
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

/// The eSpace's messages, newest first, read or unread for the caller.
#[server(endpoint = "list_messages")]
pub async fn list_messages(espace_id: String) -> Result<Answer<Vec<MessageLine>>, Fault> {
    use super::guard::*;
    use crate::domain::role::Permission;
    answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        let holder = member.holder();
        let messages = &member.store().messages;
        Ok(messages
            .of_espace(member.espace_id(), &holder.person_id)
            .await?)
    })
    .await
}

/// One message with its documents and replies; from now on read, for the caller.
#[server(endpoint = "open_message")]
pub async fn open_message(
    espace_id: String,
    message_id: MessageId,
) -> Result<Answer<Message>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, role::Permission};
    answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        let holder = member.holder();
        let services = services()?;
        let now = services.clock.now();
        let messages = &member.store().messages;
        messages
            .open(member.espace_id(), &message_id, &holder.person_id, now)
            .await?
            .ok_or(Refusal::NotFound.into())
    })
    .await
}

/// "Répondre": what is typed is kept when the reply is refused.
#[server(endpoint = "reply_to_message")]
pub async fn reply_to_message(
    espace_id: String,
    message_id: MessageId,
    body: String,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::{
        domain::{error::Refusal, message, role::Permission},
        server::db::Replied,
    };
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::EditProcedures).await?;
        let holder = member.holder();
        let text = message::reply(&body).map_err(|problem| Refusal::invalid("body", problem))?;
        let services = services()?;
        let now = services.clock.now();
        let messages = &member.store().messages;
        match messages
            .reply(member.espace_id(), &message_id, &text, &holder.into(), now)
            .await?
        {
            Replied::Sent => Ok(()),
            Replied::NotFound => Err(Refusal::NotFound.into()),
            Replied::NotAllowed => Err(Refusal::Forbidden.into()),
        }
    })
    .await;
    let typed = match &outcome {
        Ok(Ok(())) => Vec::new(),
        _ => vec![("body", body.as_str())],
    };
    return_plain_post(ReplyToMessage::PATH, &outcome, &typed, None).await;
    outcome
}

/// "Enregistrer dans Mes documents": a copy of a document a message came with.
#[server(endpoint = "keep_message_document")]
pub async fn keep_message_document(
    espace_id: String,
    document_id: DocumentId,
) -> Result<Answer<Document>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, role::Permission};
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::KeepDocuments).await?;
        let holder = member.holder();
        let services = services()?;
        let now = services.clock.now();
        let limits = &services.config.quotas;
        member
            .store()
            .documents
            .keep(
                member.espace_id(),
                &document_id,
                limits,
                &holder.into(),
                now,
            )
            .await?
            .map_err(Refusal::Quota)?
            .ok_or(Refusal::NotFound.into())
    })
    .await;
    return_plain_post(KeepMessageDocument::PATH, &outcome, &[], None).await;
    outcome
}
