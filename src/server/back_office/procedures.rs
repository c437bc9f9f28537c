//! `espace procedures …`: an operator reads the procedures submitted to the administration and
//! returns one "for correction" with a comment; it then shows under "À corriger" in its eSpace,
//! the comment arrives in its "Mes communications", and every active member is emailed, in the
//! procedure's language.

use super::{Answer, Error, Shown, shown_lines};
use crate::{
    domain::{calendar::day_of, language::Language, procedure},
    server::{
        config::Config,
        db::{Filed, NewMessage},
        mail,
    },
};

#[derive(clap::Subcommand, Debug)]
pub enum ProceduresCommand {
    /// Lists the submitted procedures, oldest first.
    List,
    /// Shows one submitted procedure, field by field.
    Show {
        #[arg(long)]
        reference: String,
    },
    /// Writes the attachment of one of its document fields to a file.
    Document {
        #[arg(long)]
        reference: String,
        /// The field's name, as `show` lists it in brackets.
        #[arg(long)]
        field: String,
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// Returns a submitted procedure to its eSpace for correction.
    Return {
        #[arg(long)]
        reference: String,
        /// What to correct, sent to the eSpace's members as written.
        #[arg(long)]
        comment: String,
    },
}

/// Runs one command as `operator`; answers what to print.
pub async fn run(config: &Config, operator: &str, command: ProceduresCommand) -> Answer {
    let store = super::store(config, operator).await?;
    let now = crate::server::clock::now();
    match command {
        ProceduresCommand::List => Ok(store
            .procedures
            .all_submitted()
            .await?
            .iter()
            .map(
                |Filed {
                     espace_name,
                     procedure: p,
                     ..
                 }| {
                    let submitted = match p.status {
                        procedure::lifecycle::ProcedureStatus::Submitted { at } => day_of(at),
                        _ => String::new(),
                    };
                    format!(
                        "{}  {}  {}  submitted {submitted}{}\n",
                        p.reference.as_deref().unwrap_or_default(),
                        Shown(&p.kind),
                        Shown(espace_name),
                        p.for_principal
                            .as_ref()
                            .map(|principal| format!("  for {}", principal.company))
                            .unwrap_or_default()
                    )
                },
            )
            .collect()),
        ProceduresCommand::Show { reference } => {
            let p = submitted(&store, &reference).await?.procedure;
            let definition = procedure::definition(&p.kind)
                .ok_or_else(|| Error::not_found("procedure kind", p.kind.clone()))?;
            let mut out = format!("{reference}  {}\n", definition.title.get(Language::En));
            for field in &definition.fields {
                let value = p.content.get(&field.name).map_or("", String::as_str);
                let shown = match p.attachment(&field.name) {
                    Some(document) => format!(
                        "{} [{}] ({} bytes, SHA-256 {})",
                        Shown(&document.name),
                        field.name,
                        document.size,
                        document.sha256
                    ),
                    None => shown_lines(definition.shown_value(field, value, Language::En), "    "),
                };
                out.push_str(&format!("  {}: {shown}\n", field.label.get(Language::En)));
            }
            if let Some(signature) = &p.signature {
                out.push_str(&format!(
                    "  signed by {} (certificate {}) on {}, SHA-256 {}\n",
                    Shown(&signature.signer),
                    signature.certificate,
                    day_of(signature.at),
                    signature.digest
                ));
            }
            Ok(out)
        }
        ProceduresCommand::Document {
            reference,
            field,
            output,
        } => {
            let p = submitted(&store, &reference).await?.procedure;
            let document = p.attachment(&field).ok_or_else(|| {
                Error::not_found("attachment", format!("in {field} of {reference}"))
            })?;
            let mut file = tokio::fs::File::create(&output)
                .await
                .map_err(Error::file(&output))?;
            let mut position = 0;
            // chunk by chunk, as a download: never the whole file in memory
            while let Some(chunk) = store.documents.chunk(&document.id, position).await? {
                tokio::io::AsyncWriteExt::write_all(&mut file, &chunk)
                    .await
                    .map_err(Error::file(&output))?;
                position += 1;
            }
            tokio::io::AsyncWriteExt::flush(&mut file)
                .await
                .map_err(Error::file(&output))?;
            Ok(format!(
                "wrote {} ({} bytes, SHA-256 {}) to {}\n",
                Shown(&document.name),
                document.size,
                document.sha256,
                output.display()
            ))
        }
        ProceduresCommand::Return { reference, comment } => {
            let comment = comment.trim();
            if comment.is_empty() {
                return Err(Error::argument("comment", "say what to correct"));
            }
            let Filed {
                espace_id,
                espace_name: espace,
                procedure: p,
            } = submitted(&store, &reference).await?;
            let mails: Vec<_> = store
                .members
                .active_members(&espace_id)
                .await?
                .into_iter()
                .map(|member| {
                    let to = mail::To {
                        name: member.name,
                        email: member.email,
                        language: p.language,
                    };
                    mail::procedure_returned(&to, &espace, &p, comment, &config.portal_name)
                })
                .collect();
            // the comment also arrives in "Mes communications", where the members can answer it
            let message = NewMessage {
                espace_id,
                procedure_id: Some(p.id.clone()),
                from: config.portal_name.clone(),
                subject: mail::procedure_returned_subject(&p),
                body: comment.to_owned(),
                replies_allowed: true,
                attachments: Vec::new(),
            };
            match store
                .procedures
                .return_for_correction(&reference, comment, operator, &message, &mails, now)
                .await?
            {
                true => Ok(format!("returned {reference} for correction\n")),
                false => Err(Error::Conflict(format!(
                    "{reference} is no longer submitted"
                ))),
            }
        }
    }
}

/// The procedure of that reference, submitted once at least, with its eSpace.
pub(super) async fn with_reference(
    store: &crate::server::db::Store,
    reference: &str,
) -> Result<Filed, Error> {
    store
        .procedures
        .by_reference(reference)
        .await?
        .ok_or_else(|| Error::not_found("procedure", reference))
}

/// The procedure of that reference if it is submitted (not returned for correction meanwhile).
async fn submitted(store: &crate::server::db::Store, reference: &str) -> Result<Filed, Error> {
    let filed = with_reference(store, reference).await?;
    match filed.procedure.status {
        procedure::lifecycle::ProcedureStatus::Submitted { .. } => Ok(filed),
        _ => Err(Error::not_found("submitted procedure", reference)),
    }
}
