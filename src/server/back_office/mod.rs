//! The administration's back office, as subcommands of the server binary: `espace codes …`
//! (access codes) and `espace certifications …` (certification requests). Operators are not
//! eSpace members and have no account in the portal: they work on the server, against its
//! database, and sign what they do with `--operator`. They see only what the codes and
//! requests concern.

pub mod certifications;
pub mod codes;

use crate::server::{
    config::Config,
    db::{Store, sqlite::Pools},
};

/// The configured database, for one command.
async fn store(config: &Config) -> Result<Store, String> {
    Ok(Pools::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?
        .store())
}
