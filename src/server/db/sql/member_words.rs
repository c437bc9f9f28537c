//! The words members are found by (`member_words`), written in the transaction that writes
//! the member's name or email address, and the search condition that reads them.

use crate::domain::id::{MemberId, PersonId};
use crate::{
    domain::{member::search_words, search},
    server::db::DbResult,
};
use sqlx::{Any, AnyConnection, Row, Transaction};

/// Words kept per member: a name and an address rarely have more.
const MEMBER_WORDS: usize = 32;
/// Words written per statement (3 parameters each).
const BATCH: usize = 500;
/// Sorts after every character: `word < prefix + LAST` bounds the words beginning with `prefix`.
const LAST: char = char::MAX;

/// The members whose words to write anew.
pub enum Which<'a> {
    Member(&'a MemberId),
    /// Every member row of a person (their contact details are copied onto each).
    OfPerson(&'a PersonId),
    All,
}

impl Which<'_> {
    fn condition(&self) -> (&'static str, Option<&str>) {
        match self {
            Which::Member(id) => ("id = $1", Some(id.as_str())),
            Which::OfPerson(id) => ("person_id = $1", Some(id.as_str())),
            Which::All => ("TRUE", None),
        }
    }
}

/// Writes anew the words of the members `which` names, from their rows as they are now.
pub async fn index(tx: &mut Transaction<'static, Any>, which: Which<'_>) -> DbResult<()> {
    let (condition, value) = which.condition();
    let select = format!(
        "SELECT id, espace_id, given_name, family_name, email FROM members WHERE {condition}"
    );
    let delete = format!(
        "DELETE FROM member_words WHERE member_id IN (SELECT id FROM members WHERE {condition})"
    );
    let (mut select, mut delete) = (sqlx::query(&select), sqlx::query(&delete));
    if let Some(value) = value {
        select = select.bind(value);
        delete = delete.bind(value);
    }
    let members = select.fetch_all(&mut **tx).await?;
    delete.execute(&mut **tx).await?;
    let mut rows = Vec::new();
    for member in &members {
        let id: String = member.try_get("id")?;
        let espace: String = member.try_get("espace_id")?;
        let text = format!(
            "{} {} {}",
            member.try_get::<String, _>("given_name")?,
            member.try_get::<String, _>("family_name")?,
            member.try_get::<String, _>("email")?
        );
        for word in search_words(&text, MEMBER_WORDS) {
            rows.push((espace.clone(), word, id.clone()));
        }
    }
    for batch in rows.chunks(BATCH) {
        insert(tx, batch).await?;
    }
    Ok(())
}

async fn insert(tx: &mut AnyConnection, rows: &[(String, String, String)]) -> DbResult<()> {
    let values: Vec<String> = (0..rows.len())
        .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
        .collect();
    let sql = format!(
        "INSERT INTO member_words (espace_id, word, member_id) VALUES {}",
        values.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (espace, word, member) in rows {
        query = query.bind(espace).bind(word).bind(member);
    }
    query.execute(tx).await?;
    Ok(())
}

/// The condition on `members` matching a search in the eSpace `$1`, with its parameters from
/// `$first` on: for each of the search's words, a word of the member beginning with it. `None`
/// when the search has no word at all (only punctuation): nothing matches.
pub fn search_condition(search: &str, first: usize) -> Option<(String, Vec<String>)> {
    let words = search_words(search, search::MAX_WORDS);
    if words.is_empty() {
        return None;
    }
    let mut condition = String::new();
    let mut params = Vec::new();
    for (i, word) in words.into_iter().enumerate() {
        let (from, to) = (first + 2 * i, first + 2 * i + 1);
        condition.push_str(&format!(
            " AND id IN (SELECT member_id FROM member_words WHERE espace_id = $1 \
             AND word >= ${from} AND word < ${to})"
        ));
        params.push(word.clone());
        params.push(format!("{word}{LAST}"));
    }
    Some((condition, params))
}
