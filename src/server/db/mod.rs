//! Data access: one repository interface per aggregate (persons with their certificates,
//! eSpaces, members). `api/` and `ui/` only see these traits; each engine implements them
//! (SQLite in [`sqlite`]; a PostgreSQL implementation goes beside it). Signatures use domain
//! types and `String` ids only, never engine types.

pub mod sqlite;

use crate::domain::{
    certificate::Certificate,
    espace::{EspaceProfile, EspaceSummary, NewEspace},
    language::Language,
    member::{AccessScope, Member, MemberStatus},
    role::Role,
    ssn::Ssn,
};
use async_trait::async_trait;
use std::sync::Arc;

/// A failure of the storage engine; shown to nobody, logged by the caller.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct DbError(#[from] sqlx::Error);

pub type DbResult<T> = Result<T, DbError>;

/// The person holding a certificate, as sign-in needs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub person_id: String,
    pub given_name: String,
    pub family_name: String,
    pub language: Option<Language>,
    pub certificate: Certificate,
}

#[derive(Clone, Debug)]
pub struct NewPerson {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub language: Option<Language>,
}

/// A person's membership of one eSpace, as power checks need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub espace: EspaceSummary,
    pub member_id: String,
    pub role: Role,
    pub scope: AccessScope,
    pub status: MemberStatus,
    pub invited_ssn: Ssn,
}

/// A member row to insert: an invitation, or (demo data) an already accepted member.
#[derive(Clone, Debug)]
pub struct NewMember {
    pub espace_id: String,
    pub person_id: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub invited_ssn: Ssn,
    pub scope: AccessScope,
    pub role: Role,
    pub status: MemberStatus,
    pub invited_by: Option<String>,
}

#[async_trait]
pub trait Persons: Send + Sync {
    async fn count(&self) -> DbResult<i64>;
    async fn insert(&self, person: &NewPerson) -> DbResult<String>;
    async fn add_certificate(
        &self,
        person_id: &str,
        ssn: &Ssn,
        product: crate::domain::certificate::CertificateProduct,
    ) -> DbResult<()>;
    /// The holder of a certificate that is not revoked.
    async fn holder(&self, ssn: &Ssn) -> DbResult<Option<Holder>>;
    /// Every usable certificate with its holder, ordered by holder name: the demo portal's list.
    async fn certificates(&self) -> DbResult<Vec<Certificate>>;
    async fn set_language(&self, person_id: &str, language: Language) -> DbResult<()>;
}

#[async_trait]
pub trait Espaces: Send + Sync {
    /// Creates the eSpace and makes `owner` its first active administrator, in one transaction.
    async fn create(&self, owner: &Holder, espace: &NewEspace) -> DbResult<String>;
    async fn profile(&self, espace_id: &str) -> DbResult<Option<EspaceProfile>>;
}

#[async_trait]
pub trait Members: Send + Sync {
    async fn insert(&self, member: &NewMember) -> DbResult<String>;
    /// Every membership of a person (any status), ordered by eSpace name.
    async fn memberships_of(&self, person_id: &str) -> DbResult<Vec<Membership>>;
    /// The members of an eSpace ordered by family then given name.
    async fn list(&self, espace_id: &str) -> DbResult<Vec<Member>>;
}

/// All repositories of one database, shared by every request.
#[derive(Clone)]
pub struct Store {
    pub persons: Arc<dyn Persons>,
    pub espaces: Arc<dyn Espaces>,
    pub members: Arc<dyn Members>,
}

/// Seconds since the Unix epoch: the portable timestamp of every table.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
