//! `espace mail …`: the messages the mail server refused for good (an SMTP 5xx answer, such as
//! an unknown mailbox), which the outbox no longer tries, and trying one again once its cause
//! is mended (the member's email corrected, the relay's policy changed).

use super::{Answer, Error, Shown, store};
use crate::{domain::calendar::day_of, server::config::Config};

#[derive(clap::Subcommand, Debug)]
pub enum MailCommand {
    /// Lists the messages refused for good, the latest first, with the server's answer.
    Failed,
    /// Tries a message refused for good again, from now.
    Retry {
        #[arg(long)]
        id: String,
    },
}

/// Runs one command as `operator`; answers what to print.
pub async fn run(config: &Config, operator: &str, command: MailCommand) -> Answer {
    let store = store(config, operator).await?;
    match command {
        MailCommand::Failed => {
            let failures = store.outbox.failures().await?;
            if failures.is_empty() {
                return Ok("no message refused for good\n".into());
            }
            Ok(failures
                .iter()
                .map(|f| {
                    format!(
                        "{}  {}  to {}  after {} attempt(s)  {}\n    {}\n",
                        f.id,
                        day_of(f.failed_at),
                        Shown(&f.to),
                        f.attempts,
                        Shown(&f.subject),
                        Shown(&f.error),
                    )
                })
                .collect())
        }
        MailCommand::Retry { id } => {
            let now = crate::server::clock::now();
            match store.outbox.retry(&id, now).await? {
                true => Ok(format!("{id} will be tried again\n")),
                false => Err(Error::not_found("message refused for good with id", id)),
            }
        }
    }
}
