//! The administration's back office, as subcommands of the server binary: `espace codes …`
//! (access codes), `espace certifications …` (certification requests), `espace procedures …`
//! (submitted procedures), `espace messages …` (Mes communications), `espace mail …` (messages
//! the mail server refused for good), `espace sources …` (the authentic sources' files) and
//! `espace operators …`.
//! Operators are their own kind of account, registered with `espace operators add`: never a
//! person of the portal nor an eSpace member. They work on the server against its database,
//! every command names one (`--operator`, or `BACK_OFFICE_OPERATOR`) and what it changes is signed
//! with it. They see only what the codes and requests concern.

pub mod certifications;
pub mod codes;
pub mod mail;
pub mod messages;
pub mod operators;
pub mod procedures;
pub mod sources;

use crate::{
    domain::{access_code::IssueRefusal, business_data::ImportError, validation::is_invisible},
    server::{
        config::Config,
        db::{DbError, Store, sql::Pools},
    },
};
use std::{
    fmt::{self, Write},
    path::{Path, PathBuf},
};

/// What the public typed (names, descriptions, file names, procedure content), as a terminal
/// should show it: control and invisible characters (a carriage return that rewinds the line, a
/// right-to-left override) are written as escapes like `\r` or `\u{202e}`, so that each line
/// of output reads as what it holds, and nothing typed can pass for the command's own words.
pub struct Shown<'a>(pub &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if is_invisible(c) {
                write!(f, "{}", c.escape_default())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// A text of several lines, each [`Shown`], the lines after the first indented by `indent`.
pub fn shown_lines(text: &str, indent: &str) -> String {
    text.split('\n')
        .map(|line| Shown(line).to_string())
        .collect::<Vec<_>>()
        .join(&format!("\n{indent}"))
}

/// Why a command did not do what it was asked, for the operator who typed it: printed by
/// `main`, the one place it becomes text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Database(#[from] DbError),
    /// A file the command reads or writes.
    #[error("{}: {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file read whole but refused for what it holds (an attachment's kind, its size).
    #[error("{}: {problem}", path.display())]
    Content { path: PathBuf, problem: String },
    /// An argument the command cannot take as given, and what it takes.
    #[error("--{argument}: {takes}")]
    Argument {
        argument: &'static str,
        takes: String,
    },
    #[error("--operator {0:?} is not an active operator (see `espace operators add`)")]
    NotAnOperator(String),
    /// What the command names is not there, or not in the state the command needs.
    #[error("no {what} {which}")]
    NotFound { what: &'static str, which: String },
    /// Someone changed it meanwhile, or it is so already.
    #[error("{0}")]
    Conflict(String),
    /// The portal's rules refuse the codes asked for.
    #[error(transparent)]
    Refused(#[from] IssueRefusal),
    /// Every reason a source file was refused, one per line.
    #[error("nothing imported:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Import(Vec<ImportError>),
}

impl Error {
    fn argument(argument: &'static str, takes: impl Into<String>) -> Self {
        Self::Argument {
            argument,
            takes: takes.into(),
        }
    }

    fn not_found(what: &'static str, which: impl Into<String>) -> Self {
        Self::NotFound {
            what,
            which: which.into(),
        }
    }

    /// `map_err` for a file operation on `path`.
    fn file(path: &Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self::File {
            path: path.to_owned(),
            source,
        }
    }
}

/// What a command answers: the text to print.
pub type Answer = Result<String, Error>;

/// The configured database, for a command run by `operator`, who must be an active one.
async fn store(config: &Config, operator: &str) -> Result<Store, Error> {
    let store = Pools::open(&config.database_url).await?.store();
    if !store.operators.is_active(operator).await? {
        return Err(Error::NotAnOperator(operator.to_owned()));
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_public_typed_cannot_rewrite_a_line() {
        assert_eq!(
            Shown("x\rAPPROVED BY SUPERVISOR").to_string(),
            "x\\rAPPROVED BY SUPERVISOR"
        );
        assert_eq!(Shown("a\u{202E}fdp.exe").to_string(), "a\\u{202e}fdp.exe");
        assert_eq!(Shown("\u{9B}2K").to_string(), "\\u{9b}2K");
        assert_eq!(Shown("Émile Zoë").to_string(), "Émile Zoë");
        assert_eq!(shown_lines("one\ntwo\r", "  "), "one\n  two\\r");
    }
}
