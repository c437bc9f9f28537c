//! Delivers the outbox: claims due messages, hands them to the transport, marks them sent or
//! schedules a retry with a growing delay. Mail survives restarts because it waits in the
//! database, and a claim's lease keeps two app servers from sending the same message.

use crate::{
    domain::mail::Mail,
    server::{
        clock::Clock,
        config::{Config, MailTransport},
        db::Outbox,
        link, metrics,
    },
};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use std::{sync::Arc, time::Duration};

/// How long a claimed message is reserved for the sender that claimed it.
const LEASE_SECONDS: i64 = 120;
const BATCH: u32 = 20;
/// How often an idle sender looks for due messages.
const POLL: Duration = Duration::from_secs(1);

pub enum Transport {
    /// Writes each message to the log: the embedded default needs no mail server.
    Log,
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    pub fn from_config(config: &Config) -> Result<Self, String> {
        match config.mail_transport {
            MailTransport::Log => Ok(Transport::Log),
            MailTransport::Smtp => AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url)
                .map(|builder| Transport::Smtp(builder.build()))
                .map_err(|e| format!("espace.smtp_url (ESPACE_SMTP_URL): {e}")),
        }
    }

    async fn send(&self, from: &Mailbox, mail: &Mail) -> Result<(), SendError> {
        match self {
            Transport::Log => {
                // the log keeps no link secret: people trying the demo find their invitations
                // under "my invitations" once signed in
                tracing::info!(to = %mail.to, subject = %mail.subject, "mail (log transport)\n{}", link::without_secrets(&mail.body));
                Ok(())
            }
            Transport::Smtp(smtp) => {
                // a message that cannot be written never will be
                let unwritable = |detail: String| SendError {
                    permanent: true,
                    detail,
                };
                let message = Message::builder()
                    .from(from.clone())
                    .to(mail
                        .to
                        .parse()
                        .map_err(|e| unwritable(format!("recipient {}: {e}", mail.to)))?)
                    .subject(&mail.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.body.clone())
                    .map_err(|e| unwritable(e.to_string()))?;
                smtp.send(message).await.map(|_| ()).map_err(|e| SendError {
                    // a 5xx answer: the server will refuse it again
                    permanent: e.is_permanent(),
                    detail: e.to_string(),
                })
            }
        }
    }
}

/// Why a message was not delivered.
#[derive(Debug)]
struct SendError {
    /// The mail server refused it for good (SMTP 5xx), or it cannot be written: not retried.
    permanent: bool,
    detail: String,
}

/// Seconds to wait before attempt `attempts + 1`: 30 s, doubling, at most an hour.
pub fn retry_delay(attempts: u32) -> i64 {
    (30i64 << attempts.saturating_sub(1).min(7)).min(3600)
}

/// Sends what is due once; answers how many messages it handled.
pub async fn deliver_due(
    outbox: &dyn Outbox,
    transport: &Transport,
    from: &Mailbox,
    clock: &Clock,
) -> usize {
    let batch = match outbox.claim(clock.now(), LEASE_SECONDS, BATCH).await {
        Ok(batch) => batch,
        Err(e) => {
            tracing::error!("mail outbox: {e}");
            return 0;
        }
    };
    for queued in &batch {
        let outcome = match transport.send(from, &queued.mail).await {
            Ok(()) => {
                let kept = link::without_secrets(&queued.mail.body);
                outbox.sent(&queued.id, &kept, clock.now()).await
            }
            Err(SendError {
                permanent: true,
                detail,
            }) => {
                metrics::mail_failed(true);
                tracing::error!(id = %queued.id, attempts = queued.attempts, "mail refused for good, not retried (espace mail failed): {detail}");
                outbox
                    .failed_for_good(&queued.id, &detail, clock.now())
                    .await
            }
            Err(SendError {
                permanent: false,
                detail,
            }) => {
                metrics::mail_failed(false);
                let retry_at = clock.now() + retry_delay(queued.attempts);
                tracing::warn!(id = %queued.id, attempts = queued.attempts, "mail not sent, retrying later: {detail}");
                outbox.failed(&queued.id, &detail, retry_at).await
            }
        };
        if let Err(e) = outcome {
            tracing::error!(id = %queued.id, "mail outbox: {e}");
        }
    }
    batch.len()
}

/// Runs the sender for the life of the process.
pub fn spawn(outbox: Arc<dyn Outbox>, transport: Transport, from: Mailbox, clock: Clock) {
    tokio::spawn(async move {
        loop {
            if deliver_due(outbox.as_ref(), &transport, &from, &clock).await == 0 {
                tokio::time::sleep(POLL).await;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(retry_delay(1), 30);
        assert_eq!(retry_delay(2), 60);
        assert_eq!(retry_delay(3), 120);
        assert_eq!(retry_delay(8), 3600);
        assert_eq!(retry_delay(100), 3600);
    }
}
