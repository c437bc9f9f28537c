//! `espace sources import`: an operator imports the file an authentic source's administration
//! sent (the register, VAT, employer registrations), as `domain::business_data` reads it. A file
//! wrong anywhere imports nothing and says every wrong line; a file imported twice changes
//! nothing the second time.

use super::{Answer, Error};
use crate::{
    domain::business_data::{self, Source},
    server::config::Config,
};
use std::path::PathBuf;

#[derive(clap::Subcommand, Debug)]
pub enum SourcesCommand {
    /// Imports a source's CSV file (columns: see the README).
    Import {
        #[arg(long, value_enum)]
        source: Source,
        #[arg(long)]
        file: PathBuf,
    },
}

/// Runs one command as `operator`; answers what to print.
pub async fn run(config: &Config, operator: &str, command: SourcesCommand) -> Answer {
    let store = super::store(config, operator).await?;
    match command {
        SourcesCommand::Import { source, file } => {
            let bytes = tokio::fs::read(&file).await.map_err(Error::file(&file))?;
            let rows = business_data::read(source, &text_of(&bytes)).map_err(Error::Import)?;
            let imported = store
                .authentic_sources
                .import(source, &rows, operator, crate::server::clock::now())
                .await?;
            Ok(format!(
                "imported {} for {} companies: {} added, {} changed, {} unchanged\n",
                source.code(),
                rows.len(),
                imported.added,
                imported.changed,
                imported.unchanged
            ))
        }
    }
}

/// A file's text: UTF-8 when it is (a byte-order mark dropped), else Windows-1252, as Excel
/// saves a CSV file on Windows, so that "Société" keeps its accent.
fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}
