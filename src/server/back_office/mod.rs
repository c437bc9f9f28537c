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
    domain::validation::is_invisible,
    server::{
        config::Config,
        db::{Store, sql::Pools},
    },
};
use std::fmt::{self, Write};

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
