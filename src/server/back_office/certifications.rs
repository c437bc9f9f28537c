//! `espace certifications …`: an operator lists the requests waiting for a decision, saves their
//! documents to read them, and approves or rejects them (help "Have your business eSpace
//! certified"). The eSpace's administrators are emailed the decision, which the Certifications tab
//! then shows.

use super::{Answer, Error, Shown, shown_lines};
use crate::{
    domain::{calendar::day_of, certification::Decision, language::Language},
    server::{config::Config, mail},
};
use std::path::PathBuf;

#[derive(clap::Subcommand, Debug)]
pub enum CertificationsCommand {
    /// Lists the requests waiting for a decision, oldest first, with their documents.
    List,
    /// Saves one document of a request to a file, to read it.
    Document {
        #[arg(long)]
        request: String,
        /// The document's number in the request, from 1.
        #[arg(long)]
        number: u32,
        #[arg(long)]
        out: PathBuf,
    },
    /// Certifies the eSpace for the request's field of activity.
    Approve {
        #[arg(long)]
        request: String,
    },
    /// Rejects the request; the reason is sent to the eSpace's administrators as written.
    Reject {
        #[arg(long)]
        request: String,
        #[arg(long)]
        reason: String,
    },
}

/// Runs one command as `operator`; answers what to print.
pub async fn run(config: &Config, operator: &str, command: CertificationsCommand) -> Answer {
    let store = super::store(config, operator).await?;
    let requests = &store.certification_requests;
    let now = crate::server::clock::now();
    let (request_id, decision) = match command {
        CertificationsCommand::List => {
            let open = requests.open().await?;
            return Ok(open
                .iter()
                .map(|o| {
                    let r = &o.request;
                    let documents: String = (1..)
                        .zip(&r.documents)
                        .map(|(n, d)| {
                            format!(
                                "    {n}. {} ({}, {} bytes)\n",
                                Shown(&d.name),
                                d.kind.media_type(),
                                d.size
                            )
                        })
                        .collect();
                    format!(
                        "{}  {}  {}  sent {} by {} ({})\n    {}\n{documents}",
                        r.id,
                        r.domain.code(),
                        Shown(&o.espace_name),
                        day_of(r.submitted_at),
                        Shown(&r.submitted_by),
                        o.espace_id,
                        shown_lines(&r.description, "    "),
                    )
                })
                .collect());
        }
        CertificationsCommand::Document {
            request,
            number,
            out,
        } => {
            let (document, content) =
                requests.document(&request, number).await?.ok_or_else(|| {
                    Error::not_found("document", format!("{number} in request {request}"))
                })?;
            std::fs::write(&out, content).map_err(Error::file(&out))?;
            return Ok(format!(
                "saved {} ({}) to {}\n",
                Shown(&document.name),
                document.kind.media_type(),
                out.display()
            ));
        }
        CertificationsCommand::Approve { request } => (request, Decision::Approve),
        CertificationsCommand::Reject { request, reason } => {
            let reason = reason.trim().to_owned();
            if reason.is_empty() {
                return Err(Error::argument(
                    "reason",
                    "say why, for the eSpace's administrators",
                ));
            }
            (request, Decision::Reject { reason })
        }
    };
    let open = requests.open().await?;
    let waiting = open
        .iter()
        .find(|o| o.request.id == request_id)
        .ok_or_else(|| {
            Error::not_found("request", format!("{request_id} waiting for a decision"))
        })?;
    let mails: Vec<_> = store
        .members
        .administrators(&waiting.espace_id)
        .await?
        .into_iter()
        .map(|admin| {
            let to = mail::To {
                name: admin.name,
                email: admin.email,
                language: admin.language.unwrap_or(Language::DEFAULT),
            };
            mail::certification_decided(
                &to,
                &waiting.espace_name,
                waiting.request.domain,
                &decision,
                &config.portal_name,
            )
        })
        .collect();
    match requests
        .decide(&request_id, &decision, operator, &mails, now)
        .await?
    {
        true => Ok(format!("decided {request_id}\n")),
        false => Err(Error::Conflict(format!(
            "request {request_id} was decided meanwhile"
        ))),
    }
}
