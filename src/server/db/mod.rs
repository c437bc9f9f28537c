//! Data access: one repository trait per concept (persons with their certificates, eSpaces,
//! members, invitations, access codes, mandates…), each in its file of [`sql`] beside its one
//! implementation for both engines, SQLite and PostgreSQL. The server functions reach them
//! through [`Store`]; their signatures hold domain types, never engine types.

pub mod backup;
pub mod copy;
pub mod sql;

/// Each repository trait sits beside its implementation, in `sql/`; here they are named
/// together, as the rest of the server reaches them.
pub use sql::{
    access_codes::AccessCodes,
    authentic_sources::{AuthenticSources, Imported},
    certification_requests::{CertificationRequests, NewDocument, OpenRequest},
    documents::Documents,
    espaces::Espaces,
    health::{Health, PoolUse},
    invitations::{Invitations, LinkedInvitation},
    mandate_reminders::{EndingMandate, MandateReminders},
    mandates::{GivenMandate, Mandates},
    members::{Members, NewLink, NewMember},
    messages::{Messages, NewAttachment, NewMessage, Replied, SentMessage},
    operators::{Operator, Operators},
    outbox::{Backlog, FailedMail, Outbox, QueuedMail},
    persons::{NewPerson, Persons},
    procedures::{Filed, NewProcedure, Procedures, Signing},
    quotas::{Quotas, Upload},
};

use std::sync::Arc;

/// A failure of the storage engine; shown to nobody, logged by the caller.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct DbError(#[from] sqlx::Error);

pub type DbResult<T> = Result<T, DbError>;

/// All repositories of one database, shared by every request.
#[derive(Clone)]
pub struct Store {
    pub access_codes: Arc<dyn AccessCodes>,
    pub mandates: Arc<dyn Mandates>,
    pub mandate_reminders: Arc<dyn MandateReminders>,
    pub certification_requests: Arc<dyn CertificationRequests>,
    pub persons: Arc<dyn Persons>,
    pub espaces: Arc<dyn Espaces>,
    pub members: Arc<dyn Members>,
    pub invitations: Arc<dyn Invitations>,
    pub outbox: Arc<dyn Outbox>,
    pub operators: Arc<dyn Operators>,
    pub procedures: Arc<dyn Procedures>,
    pub quotas: Arc<dyn Quotas>,
    pub documents: Arc<dyn Documents>,
    pub messages: Arc<dyn Messages>,
    pub authentic_sources: Arc<dyn AuthenticSources>,
    pub health: Arc<dyn Health>,
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A time-ordered id, for rows read back in the order they were written.
pub fn new_ordered_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}
