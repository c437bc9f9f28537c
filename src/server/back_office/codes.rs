//! `espace codes …`: an operator issues access codes for a company and a domain, lists and
//! revokes them, and answers the code requests of eSpaces (help "Managing mandates").

use super::{Answer, Error, Shown};
use crate::domain::id::{CodeId, CompanyId};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        access_code::{AccessCode, CodeKind, CodeOrder, Domain, IssueRefusal},
        calendar::{day_of, end_of_day},
        company::national_id,
    },
    server::{
        config::Config,
        db::{DbResult, Store},
        link,
    },
};
use rand::RngCore;

#[derive(clap::Subcommand, Debug)]
pub enum CodesCommand {
    /// Issues codes and prints them, the only time they are shown.
    Issue {
        /// The company's national identifier (11 or 13 digits).
        #[arg(long)]
        company: String,
        #[arg(long, value_enum)]
        domain: Domain,
        /// An owner code (one per company and domain) or proxy codes.
        #[arg(long, value_enum)]
        kind: CodeKind,
        /// How many proxy codes (an owner code is always one).
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// Last day (UTC) the code can be registered, YYYY-MM-DD.
        #[arg(long)]
        deadline: String,
        /// Last day (UTC) of use, YYYY-MM-DD; none by default.
        #[arg(long)]
        end_of_use: Option<String>,
    },
    /// Lists a company's codes (never the codes themselves).
    List {
        #[arg(long)]
        company: String,
    },
    /// Revokes a code by its id (from `list`).
    Revoke {
        #[arg(long)]
        id: String,
    },
    /// Changes the administration's end of use of a code by its id (from `list`): a day, or
    /// none. A principal's earlier end of use of its mandate still applies.
    EndOfUse {
        #[arg(long)]
        id: String,
        /// Last day (UTC) of use, YYYY-MM-DD.
        #[arg(long, required_unless_present = "none")]
        date: Option<String>,
        /// Removes the administration's end of use.
        #[arg(long, conflicts_with = "date")]
        none: bool,
    },
    /// Lists the codes eSpaces asked for (a principal changing its representative's codes) and
    /// not sent yet.
    Requests,
    /// Issues the code a request asks for, marks it sent and prints it for the letter.
    Fulfil {
        /// The request's id (from `requests`).
        #[arg(long)]
        request: String,
        /// Last day (UTC) the code can be registered, YYYY-MM-DD.
        #[arg(long)]
        deadline: String,
    },
}

/// Runs one command as `operator`; answers what to print.
pub async fn run(config: &Config, operator: &str, command: CodesCommand) -> Answer {
    let store = super::store(config, operator).await?;
    let now = crate::server::clock::now();
    match command {
        CodesCommand::Issue {
            company,
            domain,
            kind,
            count,
            deadline,
            end_of_use,
        } => {
            let order = CodeOrder {
                company: national_id::normalise(&company)
                    .map(CompanyId::from)
                    .map_err(|_| not_a_company())?,
                domain,
                kind,
                activation_deadline: end_of_day(&deadline).ok_or_else(|| not_a_date("deadline"))?,
                end_of_use: end_of_use
                    .map(|d| end_of_day(&d).ok_or_else(|| not_a_date("end-of-use")))
                    .transpose()?,
            };
            let count = if kind == CodeKind::Owner {
                1
            } else {
                count.clamp(1, 100)
            };
            let codes = issue(&store, &order, count, operator, now).await??;
            Ok(codes
                .iter()
                .map(|(id, code)| format!("{}  {id}\n", code.grouped()))
                .collect())
        }
        CodesCommand::List { company } => {
            let company = national_id::normalise(&company)
                .map(CompanyId::from)
                .map_err(|_| not_a_company())?;
            let codes = store.access_codes.of_company(&company, now).await?;
            Ok(codes
                .iter()
                .map(|c| {
                    format!(
                        "{}  {}  {}  {:?}  deadline {}  end of use {}  by {}\n",
                        c.id,
                        c.domain.code(),
                        c.kind.code(),
                        c.state,
                        day_of(c.activation_deadline),
                        c.end_of_use.map_or_else(|| "none".to_owned(), day_of),
                        Shown(&c.issued_by)
                    )
                })
                .collect())
        }
        CodesCommand::Revoke { id } => match store
            .access_codes
            .revoke(&CodeId::from(id.as_str()), now)
            .await?
        {
            true => Ok(format!("revoked {id}\n")),
            false => Err(Error::not_found("active code", id)),
        },
        CodesCommand::EndOfUse { id, date, none: _ } => {
            let end = date
                .map(|d| end_of_day(&d).ok_or_else(|| not_a_date("date")))
                .transpose()?;
            match store
                .access_codes
                .set_end_of_use(&CodeId::from(id.as_str()), end)
                .await?
            {
                true => Ok(format!(
                    "end of use of {id}: {}\n",
                    end.map_or_else(|| "none".to_owned(), day_of)
                )),
                false => Err(Error::not_found("code", id)),
            }
        }
        CodesCommand::Requests => {
            let requests = store.access_codes.open_requests().await?;
            Ok(requests
                .iter()
                .map(|r| {
                    format!(
                        "{}  {}  {}  {}  asked {} by {} ({})\n",
                        r.id,
                        r.company,
                        r.domain.code(),
                        r.kind.code(),
                        day_of(r.requested_at),
                        Shown(&r.requested_by),
                        Shown(&r.espace)
                    )
                })
                .collect())
        }
        CodesCommand::Fulfil { request, deadline } => {
            let deadline = end_of_day(&deadline).ok_or_else(|| not_a_date("deadline"))?;
            let code = new_code();
            match store
                .access_codes
                .fulfil(
                    &request,
                    &link::hash(code.as_str()),
                    deadline,
                    operator,
                    now,
                )
                .await?
            {
                None => Err(Error::not_found("open request", request)),
                Some(Err(refusal)) => Err(refusal.into()),
                Some(Ok(id)) => Ok(format!("{}  {id}\n", code.grouped())),
            }
        }
    }
}

fn not_a_company() -> Error {
    Error::argument("company", "not a valid national identifier")
}

fn not_a_date(argument: &'static str) -> Error {
    Error::argument(argument, "YYYY-MM-DD")
}

/// A code from 80 random bits.
fn new_code() -> AccessCode {
    let mut bits = [0u8; 10];
    rand::rng().fill_bytes(&mut bits);
    AccessCode::from_random(bits)
}

/// Issues `count` codes of one order: each drawn from 80 random bits, stored by its hash only.
/// Answers the codes in clear with their ids: the one moment they exist outside the letter.
pub async fn issue(
    store: &Store,
    order: &CodeOrder,
    count: u32,
    operator: &str,
    now: Timestamp,
) -> DbResult<Result<Vec<(CodeId, AccessCode)>, IssueRefusal>> {
    let mut codes = Vec::new();
    for _ in 0..count {
        let code = new_code();
        match store
            .access_codes
            .issue(order, &link::hash(code.as_str()), operator, now)
            .await?
        {
            Ok(id) => codes.push((id, code)),
            Err(refusal) => return Ok(Err(refusal)),
        }
    }
    Ok(Ok(codes))
}
