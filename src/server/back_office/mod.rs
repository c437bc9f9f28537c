//! The administration's back office, as subcommands of the server binary: `espace codes …`
//! (access codes), `espace certifications …` (certification requests), `espace procedures …`
//! (submitted procedures) and `espace operators …`.
//! Operators are their own kind of account, registered with `espace operators add`: never a
//! person of the portal nor an eSpace member. They work on the server against its database,
//! every command names one (`--operator`, or `BACK_OFFICE_OPERATOR`) and what it changes is signed
//! with it. They see only what the codes and requests concern.

pub mod certifications;
pub mod codes;
pub mod operators;
pub mod procedures;

use crate::server::{
    config::Config,
    db::{Store, sql::Pools},
};

/// The configured database, for a command run by `operator`, who must be an active one.
async fn store(config: &Config, operator: &str) -> Result<Store, String> {
    let store = Pools::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?
        .store();
    if !store
        .operators
        .is_active(operator)
        .await
        .map_err(|e| e.to_string())?
    {
        return Err(format!(
            "--operator {operator:?} is not an active operator (see `espace operators add`)"
        ));
    }
    Ok(store)
}
