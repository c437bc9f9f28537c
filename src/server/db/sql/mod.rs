//! The repositories in the SQL both engines run: the embedded SQLite default (a file created on
//! first start, in WAL mode) and PostgreSQL (`postgres://`) for several app servers behind a
//! load balancer. sqlx's `Any` driver runs the same statements on either: `$n` parameters, ids as
//! TEXT, times as BIGINT unix seconds, flags as 0/1. Each engine has its own migrations
//! (`migrations/sqlite`, `migrations/postgres`), kept column for column alike.
//!
//! Concurrency. SQLite writes go through a pool of exactly one connection, so the app's own
//! write transactions queue in the process instead of racing for SQLite's lock ("database is
//! locked"); readers use their own pool and, thanks to WAL, never wait for the writer. Write
//! transactions take SQLite's lock when they begin ([`Pools::begin`]), so other processes on
//! the same file (a second server, the back office) wait for it instead of failing.
//! PostgreSQL runs writers at once (READ COMMITTED): a transaction whose checks read what it is
//! about to change locks the eSpace's row first ([`Pools::begin_on`]), so two administrators on
//! two servers cannot both pass the last-administrator check, and an invitation is accepted
//! once. Rules that a single statement decides (one active owner code per domain and company,
//! a reminder sent once) are unique indexes or conditional updates, on both engines.

use crate::domain::id::EspaceId;
use crate::domain::timestamp::Timestamp;
pub mod access_codes;
pub mod authentic_sources;
pub mod certification_requests;
pub mod documents;
pub mod espaces;
pub mod health;
pub mod invitations;
mod journal;
pub mod mandate_reminders;
pub mod mandates;
mod member_words;
pub mod members;
pub mod messages;
pub mod operators;
pub mod outbox;
pub mod persons;
pub mod procedures;
pub mod quotas;

use super::{DbResult, Store};
use sqlx::{
    Any, AnyPool, ConnectOptions, Executor, Transaction,
    any::{AnyConnectOptions, AnyPoolOptions},
    migrate::{MigrateDatabase, Migrator},
    sqlite::SqliteConnectOptions,
};
use std::{str::FromStr, sync::Arc};

/// The database engine a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }

    /// This build's migrations for the engine.
    fn migrations(self) -> &'static Migrator {
        static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
        static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");
        match self {
            Self::Sqlite => &SQLITE,
            Self::Postgres => &POSTGRES,
        }
    }
}

/// What SQLite needs on every connection. `secure_delete`: what is deleted or overwritten (a
/// session, a sent mail's link) is zeroed on disk, not left in free pages. The busy timeout
/// only covers other processes (a backup, the sqlite3 shell, a second app server).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA secure_delete = ON;";

#[derive(Clone)]
pub struct Pools {
    pub engine: Engine,
    pub read: AnyPool,
    pub write: AnyPool,
}

impl Pools {
    /// Opens the database `url` names and brings its schema and data up to date. Like SQLite's
    /// file, a PostgreSQL database is created on first start when it does not exist yet.
    pub async fn open(url: &str) -> DbResult<Self> {
        sqlx::any::install_default_drivers();
        let pools = match Engine::of(url) {
            Engine::Sqlite => Self::open_sqlite(url).await?,
            Engine::Postgres => Self::open_postgres(url).await?,
        };
        pools.run_pending_tasks().await?;
        Ok(pools)
    }

    async fn open_sqlite(url: &str) -> DbResult<Self> {
        let file = SqliteConnectOptions::from_str(url)?;
        let options =
            |file: SqliteConnectOptions| AnyConnectOptions::from_url(&file.to_url_lossy());
        // no ping before each use (sqlx's default): a connection to a local file cannot have
        // been dropped, and the ping is one more round trip to the connection's worker thread
        let pragmas = || {
            AnyPoolOptions::new()
                .test_before_acquire(false)
                .after_connect(|connection, _| {
                    Box::pin(async move {
                        connection.execute(SQLITE_PRAGMAS).await?;
                        Ok(())
                    })
                })
        };
        let write = pragmas()
            .max_connections(1)
            .connect_with(options(file.clone().create_if_missing(true))?)
            .await?;
        Engine::Sqlite
            .migrations()
            .run(&write)
            .await
            .map_err(sqlx::Error::from)?;
        let read = pragmas()
            .max_connections(8)
            .connect_with(options(file.read_only(true))?)
            .await?;
        Ok(Self {
            engine: Engine::Sqlite,
            read,
            write,
        })
    }

    async fn open_postgres(url: &str) -> DbResult<Self> {
        // two servers starting at once may both find it missing: the loser finds it made
        if !sqlx::Postgres::database_exists(url).await?
            && let Err(error) = sqlx::Postgres::create_database(url).await
            && !sqlx::Postgres::database_exists(url).await?
        {
            return Err(error.into());
        }
        let pool = AnyPoolOptions::new()
            .max_connections(16)
            .connect_with(AnyConnectOptions::from_str(url)?)
            .await?;
        // sqlx holds an advisory lock while migrating: servers starting together take turns
        Engine::Postgres
            .migrations()
            .run(&pool)
            .await
            .map_err(sqlx::Error::from)?;
        Ok(Self {
            engine: Engine::Postgres,
            read: pool.clone(),
            write: pool,
        })
    }

    /// Does what the migrations left to the app (`pending_tasks`), each in one transaction with
    /// removing its row, so that it is done once, whichever server starts first.
    async fn run_pending_tasks(&self) -> DbResult<()> {
        let mut tx = self.begin().await?;
        let taken = sqlx::query("DELETE FROM pending_tasks WHERE task = 'index_member_words'")
            .execute(&mut *tx)
            .await?;
        if taken.rows_affected() == 1 {
            member_words::index(&mut tx, member_words::Which::All).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A write transaction. SQLite's takes the database's write lock at once (`BEGIN
    /// IMMEDIATE`): a transaction that read first and then wanted to write after another process
    /// (a second app server, a back-office command) had written would fail ("database is
    /// locked", SQLITE_BUSY_SNAPSHOT) instead of waiting its turn.
    pub async fn begin(&self) -> DbResult<Transaction<'static, Any>> {
        Ok(match self.engine {
            Engine::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => self.write.begin().await?,
        })
    }

    /// A write transaction on the eSpace `espace_id`, serialised with every other one on it:
    /// PostgreSQL locks the eSpace's row until the transaction ends; on SQLite the single
    /// writer connection already runs one write transaction at a time.
    pub async fn begin_on(&self, espace_id: &EspaceId) -> DbResult<Transaction<'static, Any>> {
        let mut tx = self.begin().await?;
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT 1 FROM espaces WHERE id = $1 FOR UPDATE")
                .bind(espace_id)
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }

    pub fn store(&self) -> Store {
        Store {
            access_codes: Arc::new(access_codes::SqlAccessCodes(self.clone())),
            mandates: Arc::new(mandates::SqlMandates(self.clone())),
            mandate_reminders: Arc::new(mandate_reminders::SqlMandateReminders(self.clone())),
            certification_requests: Arc::new(certification_requests::SqlCertificationRequests(
                self.clone(),
            )),
            persons: Arc::new(persons::SqlPersons(self.clone())),
            espaces: Arc::new(espaces::SqlEspaces(self.clone())),
            members: Arc::new(members::SqlMembers(self.clone())),
            invitations: Arc::new(invitations::SqlInvitations(self.clone())),
            outbox: Arc::new(outbox::SqlOutbox(self.clone())),
            operators: Arc::new(operators::SqlOperators(self.clone())),
            quotas: Arc::new(quotas::SqlQuotas(self.clone())),
            documents: Arc::new(documents::SqlDocuments(self.clone())),
            messages: Arc::new(messages::SqlMessages(self.clone())),
            authentic_sources: Arc::new(authentic_sources::SqlAuthenticSources(self.clone())),
            health: Arc::new(health::SqlHealth(self.clone())),
            procedures: Arc::new(procedures::SqlProcedures(self.clone())),
        }
    }
}

/// The domain's ids bind and read as the text they wrap.
macro_rules! text_column {
    ($($id:ty),+) => {$(
        impl sqlx::Type<Any> for $id {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<Any>>::type_info()
            }

            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<Any>>::compatible(ty)
            }
        }

        impl<'q> sqlx::Encode<'q, Any> for $id {
            fn encode_by_ref(
                &self,
                buf: &mut <Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <String as sqlx::Encode<'q, Any>>::encode(self.as_str().to_owned(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, Any> for $id {
            fn decode(
                value: <Any as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                Ok(<String as sqlx::Decode<'r, Any>>::decode(value)?.into())
            }
        }
    )+};
}

text_column!(
    crate::domain::id::EspaceId,
    crate::domain::id::PersonId,
    crate::domain::id::MemberId,
    crate::domain::id::ProcedureId,
    crate::domain::id::CompanyId,
    crate::domain::id::DocumentId,
    crate::domain::id::MessageId,
    crate::domain::id::CodeId
);

/// A moment is stored as its Unix seconds (BIGINT).
impl sqlx::Type<Any> for Timestamp {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as sqlx::Type<Any>>::compatible(ty)
    }
}

impl<'q> sqlx::Encode<'q, Any> for Timestamp {
    fn encode_by_ref(
        &self,
        buf: &mut <Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as sqlx::Encode<'q, Any>>::encode(self.unix(), buf)
    }
}

impl<'r> sqlx::Decode<'r, Any> for Timestamp {
    fn decode(
        value: <Any as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(Timestamp::from_unix(
            <i64 as sqlx::Decode<'r, Any>>::decode(value)?,
        ))
    }
}

impl Engine {
    /// What ends a SELECT of rows the transaction goes on to change: PostgreSQL locks them (of
    /// the table aliased `of`) until the transaction ends, and a concurrent transaction waits,
    /// then reads them as changed; SQLite's single writer needs nothing.
    fn lock_rows(self, of: &str) -> String {
        match self {
            Self::Postgres => format!(" FOR UPDATE OF {of}"),
            Self::Sqlite => String::new(),
        }
    }

    /// Like [`Engine::lock_rows`], but passing over rows another transaction holds, so that
    /// several servers taking work from one queue each take different rows.
    fn skip_locked(self) -> &'static str {
        match self {
            Self::Postgres => " FOR UPDATE SKIP LOCKED",
            Self::Sqlite => "",
        }
    }
}

/// Decodes a stored code into its domain enum; an unknown code is corrupt data, not user input.
/// Bytes an eSpace (`$1`) stores, against its quota: "Mes documents" and its certification
/// requests' documents.
const STORED_BYTES: &str = "SELECT CAST(SUM(size) AS BIGINT) FROM (\
     SELECT size FROM documents WHERE espace_id = $1 AND stored_at IS NOT NULL \
     UNION ALL SELECT d.size FROM certification_documents d \
     JOIN certification_requests r ON r.id = d.request_id WHERE r.espace_id = $1) AS kept";

fn decode<T>(
    column: &str,
    code: &str,
    from_code: impl Fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    from_code(code)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown {column} code {code:?}").into()))
}

/// An optional language column (a person's choice, an eSpace's procedure language).
fn language(
    row: &sqlx::any::AnyRow,
    column: &str,
) -> Result<Option<crate::domain::language::Language>, sqlx::Error> {
    use sqlx::Row;
    let code: Option<String> = row.try_get(column)?;
    code.map(|c| decode(column, &c, crate::domain::language::Language::from_code))
        .transpose()
}
