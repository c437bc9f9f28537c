//! Moving an installation from the embedded SQLite default to PostgreSQL: `espace
//! copy-database --from sqlite://espace.db --to postgres://…` copies every row of every table
//! into an empty PostgreSQL database, in one transaction, then checks the counts. Both are first
//! brought to the latest schema (their migrations are kept column for column alike), so the
//! copy goes column by column, as the target's columns are typed.

use super::{
    DbError,
    sql::{Engine, Pools},
};
use sqlx::{Any, Row, Transaction, any::AnyRow};
use std::fmt;

/// Every table of the schema, each after the tables it refers to. A table missing here is not
/// copied: `tests/copy_database.rs` compares this list with the schema.
pub const TABLES: &[&str] = &[
    "persons",
    "certificates",
    "espaces",
    "members",
    "activity",
    "outbox",
    "access_codes",
    "code_attempts",
    "code_requests",
    "mandate_reminders",
    "certification_requests",
    "certification_documents",
    "operators",
    "procedures",
    "procedure_signatures",
    "procedure_references",
    "tower_sessions",
    "member_words",
    "quota_uses",
    // a reply after the message it answers (rows go in the order they were written)
    "messages",
    "message_reads",
    "documents",
    "document_chunks",
    "company_data",
];

/// Tables not copied: the work a migration left to the app, which each database's own opening
/// (before the copy) has done.
pub const NOT_COPIED: &[&str] = &["pending_tasks"];

/// Rows read and written at a time; a PostgreSQL statement takes at most 65,535 parameters.
const BATCH: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("--from must be a SQLite database (sqlite:…) and --to a PostgreSQL one (postgres://…)")]
    Engines,
    #[error("the target database is not empty: table {0} has rows (copy into a new database)")]
    TargetNotEmpty(String),
    #[error("table {table}: {copied} rows copied, but the source has {source_rows}")]
    Count {
        table: String,
        copied: i64,
        source_rows: i64,
    },
    #[error("column {table}.{column} has the type {kind}, which the copy does not know")]
    UnknownType {
        table: String,
        column: String,
        kind: String,
    },
    #[error(transparent)]
    Database(#[from] DbError),
}

impl From<sqlx::Error> for CopyError {
    fn from(error: sqlx::Error) -> Self {
        Self::Database(error.into())
    }
}

/// The number of rows copied, by table.
pub struct Copied(pub Vec<(&'static str, i64)>);

impl fmt::Display for Copied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (table, rows) in &self.0 {
            writeln!(f, "{table:<24} {rows:>10}")?;
        }
        Ok(())
    }
}

pub async fn copy_database(from: &str, to: &str) -> Result<Copied, CopyError> {
    if Engine::of(from) != Engine::Sqlite || Engine::of(to) != Engine::Postgres {
        return Err(CopyError::Engines);
    }
    let source = Pools::open(from).await?;
    let target = Pools::open(to).await?;
    let mut tx = target.write.begin().await?;
    for table in TABLES {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await?;
        if rows > 0 {
            return Err(CopyError::TargetNotEmpty((*table).into()));
        }
    }
    let mut copied = Vec::new();
    for table in TABLES {
        let columns = columns(&mut tx, table).await?;
        let rows = copy_table(&source, &mut tx, table, &columns).await?;
        let source_rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&source.read)
            .await?;
        if rows != source_rows {
            return Err(CopyError::Count {
                table: (*table).into(),
                copied: rows,
                source_rows,
            });
        }
        copied.push((*table, rows));
    }
    // the members were counted again as they arrived (migration 0012's triggers)
    sqlx::query(
        "UPDATE espaces SET member_count = \
         (SELECT COUNT(*) FROM members m WHERE m.espace_id = espaces.id AND m.status NOT IN ('deleted', 'withdrawn'))",
    )
    .execute(&mut *tx)
    .await?;
    // reference numbers go on from the last one copied
    sqlx::query(
        "SELECT setval(pg_get_serial_sequence('procedure_references', 'n'), \
         COALESCE((SELECT MAX(n) FROM procedure_references), 0) + 1, false)",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Copied(copied))
}

/// How a column's values are read from SQLite and bound for PostgreSQL.
#[derive(Clone, Copy)]
enum Kind {
    Integer,
    Text,
    Bytes,
    /// SQLite keeps 0/1.
    Boolean,
}

struct Column {
    name: String,
    kind: Kind,
}

/// The target table's columns, in order, with their types.
async fn columns(
    tx: &mut Transaction<'static, Any>,
    table: &str,
) -> Result<Vec<Column>, CopyError> {
    let rows = sqlx::query(
        "SELECT column_name::text AS name, data_type::text AS kind FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| {
            let name: String = row.try_get("name")?;
            let kind: String = row.try_get("kind")?;
            let kind = match kind.as_str() {
                "bigint" | "integer" => Kind::Integer,
                "text" => Kind::Text,
                "bytea" => Kind::Bytes,
                "boolean" => Kind::Boolean,
                _ => {
                    return Err(CopyError::UnknownType {
                        table: table.into(),
                        column: name,
                        kind,
                    });
                }
            };
            Ok(Column { name, kind })
        })
        .collect()
}

/// Copies a table in batches, in the order SQLite keeps its rows; answers how many.
async fn copy_table(
    source: &Pools,
    tx: &mut Transaction<'static, Any>,
    table: &str,
    columns: &[Column],
) -> Result<i64, CopyError> {
    // a BOOLEAN column is read as the integer SQLite keeps (sqlx's Any driver reads no BOOLEAN)
    let read: Vec<String> = columns
        .iter()
        .map(|c| match c.kind {
            Kind::Boolean => format!("CAST(\"{0}\" AS INTEGER) AS \"{0}\"", c.name),
            _ => format!("\"{}\"", c.name),
        })
        .collect();
    let names: Vec<String> = columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
    let select = format!(
        "SELECT rowid AS copy_rowid, {} FROM {table} WHERE rowid > $1 ORDER BY rowid LIMIT {BATCH}",
        read.join(", ")
    );
    let mut last = 0i64;
    let mut copied = 0i64;
    loop {
        let rows = sqlx::query(&select)
            .bind(last)
            .fetch_all(&source.read)
            .await?;
        let Some(final_row) = rows.last() else {
            break;
        };
        last = final_row.try_get("copy_rowid")?;
        insert(tx, table, &names, columns, &rows).await?;
        copied += rows.len() as i64;
    }
    Ok(copied)
}

async fn insert(
    tx: &mut Transaction<'static, Any>,
    table: &str,
    names: &[String],
    columns: &[Column],
    rows: &[AnyRow],
) -> Result<(), CopyError> {
    let width = columns.len();
    let values: Vec<String> = (0..rows.len())
        .map(|r| {
            let params: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES {}",
        names.join(", "),
        values.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for row in rows {
        for column in columns {
            let name = column.name.as_str();
            query = match column.kind {
                Kind::Integer => query.bind(row.try_get::<Option<i64>, _>(name)?),
                Kind::Text => query.bind(row.try_get::<Option<String>, _>(name)?),
                Kind::Bytes => query.bind(row.try_get::<Option<Vec<u8>>, _>(name)?),
                Kind::Boolean => {
                    query.bind(row.try_get::<Option<i64>, _>(name)?.map(|flag| flag != 0))
                }
            };
        }
    }
    query.execute(&mut **tx).await?;
    Ok(())
}
