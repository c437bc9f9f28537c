//! `espace operators …`: who may run the back office. While no operator is active, adding one
//! needs only access to the server (the first, or after the last was disabled); otherwise every
//! one of these commands must be run by an active operator (`--operator`).

use super::{Answer, Error, Shown};
use crate::{
    domain::calendar::day_of,
    server::{config::Config, db::sql::Pools},
};

#[derive(clap::Subcommand, Debug)]
pub enum OperatorsCommand {
    /// Registers an operator under a name of their own (e.g. a login).
    Add {
        #[arg(long)]
        name: String,
    },
    List,
    /// Takes an operator's power away; what they did stays signed with their name.
    Disable {
        #[arg(long)]
        name: String,
    },
}

/// Runs one command as `operator`; answers what to print.
pub async fn run(config: &Config, operator: &str, command: OperatorsCommand) -> Answer {
    let store = Pools::open(&config.database_url).await?.store();
    let operators = &store.operators;
    let now = crate::server::clock::now();
    let none_active = operators
        .list()
        .await?
        .iter()
        .all(|o| o.disabled_at.is_some());
    let first = matches!(command, OperatorsCommand::Add { .. }) && none_active;
    if !first && !operators.is_active(operator).await? {
        return Err(Error::NotAnOperator(operator.to_owned()));
    }
    match command {
        OperatorsCommand::Add { name } => {
            let name = name.trim();
            if name.is_empty() || name.chars().any(char::is_control) || name.chars().count() > 100 {
                return Err(Error::argument("name", "1 to 100 printable characters"));
            }
            match operators.add(name, now).await? {
                true => Ok(format!("added operator {name}\n")),
                false => Err(Error::Conflict(format!(
                    "an operator is already named {name}"
                ))),
            }
        }
        OperatorsCommand::List => Ok(operators
            .list()
            .await?
            .iter()
            .map(|o| match o.disabled_at {
                None => format!("{}  since {}\n", Shown(&o.name), day_of(o.added_at)),
                Some(at) => format!("{}  disabled {}\n", Shown(&o.name), day_of(at)),
            })
            .collect()),
        OperatorsCommand::Disable { name } => match operators.disable(&name, now).await? {
            true => Ok(format!("disabled operator {name}\n")),
            false => Err(Error::not_found("active operator", name)),
        },
    }
}
