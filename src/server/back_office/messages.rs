//! `espace messages …`: an administration writes to an eSpace ("Mes communications"), about one
//! of its procedures or to the eSpace as a whole, and reads the members' replies. Every active
//! member is emailed that a message arrived, in the procedure's language, else the eSpace's,
//! else their own; the text itself stays behind sign-in.

use super::{Answer, Error, Shown, shown_lines};
use crate::domain::id::EspaceId;
use crate::{
    domain::{
        calendar::day_of,
        document::{self, FileKind, MAX_BYTES},
        language::Language,
        message,
    },
    server::{
        config::Config,
        db::{NewAttachment, NewMessage, SentMessage, Store, Upload},
        mail,
    },
};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

#[derive(clap::Subcommand, Debug)]
pub enum MessagesCommand {
    /// Sends a message to an eSpace (`--espace`), or about one of its procedures by the
    /// reference it got when first submitted (`--reference`).
    Send {
        #[arg(
            long,
            required_unless_present = "reference",
            conflicts_with = "reference"
        )]
        espace: Option<String>,
        #[arg(long)]
        reference: Option<String>,
        /// The administration sending it (the portal's name when left out).
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        body: String,
        /// A document to send with it (PDF, PNG, JPEG, ODT, DOCX, XLSX); repeat for several.
        #[arg(long)]
        attach: Vec<PathBuf>,
        /// The members may not reply.
        #[arg(long)]
        no_reply: bool,
    },
    /// Lists the messages (of one eSpace, or all), newest first, with the members' replies.
    List {
        #[arg(long)]
        espace: Option<String>,
    },
}

/// Runs one command as `operator`; answers what to print.
pub async fn run(config: &Config, operator: &str, command: MessagesCommand) -> Answer {
    let store = super::store(config, operator).await?;
    match command {
        MessagesCommand::Send {
            espace,
            reference,
            from,
            subject,
            body,
            attach,
            no_reply,
        } => {
            let (espace_id, procedure) = match (espace, reference) {
                (_, Some(reference)) => {
                    let filed = super::procedures::with_reference(&store, &reference).await?;
                    (filed.espace_id, Some(filed.procedure))
                }
                (Some(espace_id), None) => (EspaceId::from(espace_id), None),
                (None, None) => {
                    return Err(Error::argument(
                        "espace",
                        "an eSpace's id, or --reference a procedure's",
                    ));
                }
            };
            let message = NewMessage {
                espace_id,
                procedure_id: procedure.as_ref().map(|p| p.id.clone()),
                from: from.unwrap_or_else(|| config.portal_name.clone()),
                subject: message::subject(&subject)
                    .map_err(|p| Error::argument("subject", format!("{p:?}")))?,
                body: message::body(&body)
                    .map_err(|p| Error::argument("body", format!("{p:?}")))?,
                replies_allowed: !no_reply,
                attachments: attachments(&attach).await?,
            };
            let language = procedure.as_ref().map(|p| p.language);
            let reference = procedure.as_ref().and_then(|p| p.reference.as_deref());
            send(config, &store, &message, language, reference).await
        }
        MessagesCommand::List { espace } => {
            let espace = espace.map(EspaceId::from);
            let all = store.messages.all(espace.as_ref()).await?;
            let mut out = String::new();
            for SentMessage {
                espace_id,
                message: m,
            } in all
            {
                let line = &m.line;
                out.push_str(&format!(
                    "{}  {}  eSpace {espace_id}{}  from {}\n  {}\n    {}\n",
                    line.id,
                    day_of(line.sent_at),
                    line.about
                        .as_ref()
                        .map(|a| format!("  about {}", a.reference))
                        .unwrap_or_default(),
                    Shown(&line.from),
                    Shown(&line.subject),
                    shown_lines(&m.body, "    "),
                ));
                for d in &m.attachments {
                    out.push_str(&format!(
                        "  with {} ({} bytes, SHA-256 {})\n",
                        Shown(&d.name),
                        d.size,
                        d.sha256
                    ));
                }
                for reply in &m.replies {
                    out.push_str(&format!(
                        "  reply by {} on {}:\n    {}\n",
                        Shown(&reply.by),
                        day_of(reply.at),
                        shown_lines(&reply.body, "    ")
                    ));
                }
            }
            Ok(out)
        }
    }
}

/// Sends the message and tells every active member by email; `language` is the procedure's.
async fn send(
    config: &Config,
    store: &Store,
    message: &NewMessage,
    language: Option<Language>,
    reference: Option<&str>,
) -> Answer {
    let espace = store
        .espaces
        .profile(&message.espace_id)
        .await?
        .ok_or_else(|| Error::not_found("eSpace", message.espace_id.to_string()))?;
    let link = config.public_link(&format!("/espace/{}/communications", espace.id));
    let facts = mail::MessageFacts {
        portal: &config.portal_name,
        espace: &espace.name,
        from: &message.from,
        subject: &message.subject,
        reference,
        link: &link,
    };
    let mails: Vec<_> = store
        .members
        .active_members(&espace.id)
        .await?
        .into_iter()
        .map(|member| {
            let to = mail::To {
                language: language
                    .or(espace.procedure_language)
                    .or(member.language)
                    .unwrap_or(Language::DEFAULT),
                name: member.name,
                email: member.email,
            };
            mail::message_received(&to, &facts)
        })
        .collect();
    let id = store
        .messages
        .send(message, &mails, crate::server::clock::now())
        .await?;
    Ok(format!(
        "sent message {id} to {} ({} members told by email)\n",
        Shown(&espace.name),
        mails.len()
    ))
}

/// The files to send with a message, each checked as an upload is: its kind by its content,
/// its size, its name.
async fn attachments(paths: &[PathBuf]) -> Result<Vec<NewAttachment>, Error> {
    let mut all = Vec::with_capacity(paths.len());
    for path in paths {
        let refused = |problem: String| Error::Content {
            path: path.clone(),
            problem,
        };
        let content = tokio::fs::read(path).await.map_err(Error::file(path))?;
        if content.is_empty() || content.len() as u64 > MAX_BYTES {
            let mb = MAX_BYTES / (1024 * 1024);
            return Err(refused(format!("empty, or larger than {mb} MB")));
        }
        let kind = FileKind::of_content(&content)
            .ok_or_else(|| refused("not a PDF, PNG, JPEG, ODT, DOCX or XLSX file".into()))?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = document::name(&file_name).map_err(|p| refused(format!("name {p:?}")))?;
        all.push(NewAttachment {
            name,
            upload: Upload {
                kind,
                size: content.len() as u64,
                sha256: hex::encode(Sha256::digest(&content)),
            },
            content,
        });
    }
    Ok(all)
}
