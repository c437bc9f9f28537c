//! Reminds administrators that a mandate ends (30 and 7 days before its end of use), on both
//! sides: the principal may extend it, the representative will lose it. Each reminder is
//! recorded in the database with its mails, so it goes once however often the task runs and
//! however many app servers run it.

use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        language::Language,
        mandate::{REMINDER_DAYS, reminder_due},
    },
    server::{
        clock::Clock,
        db::{DbResult, EndingMandate, Store},
        mail::{self, MandateFacts, Side},
    },
};
use std::time::Duration;

/// How often the task looks for mandates nearing their end.
const EVERY: Duration = Duration::from_secs(15 * 60);
const DAY: i64 = 24 * 60 * 60;

/// Sends the reminders due at `now`; answers how many mandates were reminded.
pub async fn send_due(store: &Store, portal: &str, now: Timestamp) -> DbResult<usize> {
    let horizon = REMINDER_DAYS.into_iter().max().unwrap_or_default() * DAY;
    let mut reminded = 0;
    for mandate in store
        .mandate_reminders
        .ending_mandates(now, horizon)
        .await?
    {
        let Some(days) = reminder_due(mandate.end_of_use, now) else {
            continue;
        };
        if mandate.reminded.is_some_and(|sent| sent <= days) {
            continue;
        }
        let mails = mails(store, &mandate, portal).await?;
        if store
            .mandate_reminders
            .remind(&mandate.code_id, days, mandate.end_of_use, &mails, now)
            .await?
        {
            reminded += 1;
        }
    }
    Ok(reminded)
}

/// One email to each administrator of both eSpaces, in their language.
async fn mails(
    store: &Store,
    mandate: &EndingMandate,
    portal: &str,
) -> DbResult<Vec<crate::domain::mail::Mail>> {
    let representative = &mandate.representative;
    let facts = MandateFacts {
        principal: mandate
            .principal
            .as_ref()
            .map_or(mandate.company.as_str(), |principal| &principal.name),
        representative: &representative.name,
        domain: mandate.domain,
        portal,
    };
    let mut sides = vec![(&representative.id, Side::Representative)];
    if let Some(principal) = &mandate.principal {
        sides.push((&principal.id, Side::Principal));
    }
    let mut mails = Vec::new();
    for (espace_id, side) in sides {
        for admin in store.members.administrators(espace_id).await? {
            let to = mail::To {
                name: admin.name,
                email: admin.email,
                language: admin.language.unwrap_or(Language::DEFAULT),
            };
            mails.push(mail::mandate_ending(&to, &facts, side, mandate.end_of_use));
        }
    }
    Ok(mails)
}

/// Runs the reminders for the life of the process.
pub fn spawn(store: Store, portal: String, clock: Clock) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = send_due(&store, &portal, clock.now()).await {
                tracing::error!("mandate reminders: {e}");
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
