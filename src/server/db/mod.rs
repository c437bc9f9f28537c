//! Data access: one repository interface per aggregate (persons with their certificates,
//! eSpaces, members). `api/` and `ui/` only see these traits; [`sql`] implements them once for
//! both engines, SQLite and PostgreSQL. Signatures use domain types and `String` ids only,
//! never engine types.

pub mod backup;
pub mod copy;
pub mod sql;

use crate::domain::{
    access_code::{CodeKind, CodeOrder, Domain, IssueRefusal, IssuedCode},
    activity::ActivityPage,
    certificate::Certificate,
    certification::{CertificationRequest, Decision, Document, DocumentKind},
    code_refusal::CodeRefusal,
    error::Refusal,
    espace::{EspaceProfile, EspaceSummary, NewEspace},
    invitation::{NewInvitation, PendingInvitation},
    language::Language,
    mandate::{CertificationsView, CodeRequest, MandateChange, MandateScope, Registration},
    member::{AccessScope, MemberChange, MemberPage, MemberQuery, MemberSheet, MemberStatus},
    person::{Contact, OwnProfile},
    procedure::{
        Content,
        lifecycle::{Principal, Procedure, ProcedureLine, ProcedureRefusal},
    },
    profile::ProfileField,
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
    async fn insert(&self, person: &NewPerson, now: i64) -> DbResult<String>;
    async fn add_certificate(
        &self,
        person_id: &str,
        ssn: &Ssn,
        product: crate::domain::certificate::CertificateProduct,
        valid_until: Option<i64>,
    ) -> DbResult<()>;
    /// The holder of a certificate that is not revoked.
    async fn holder(&self, ssn: &Ssn) -> DbResult<Option<Holder>>;
    /// Records a person and their certificate, first seen at a certificate sign-in (one
    /// transaction; a concurrent first sign-in with the same certificate makes one person).
    /// `None` when the certificate is known already, revoked.
    async fn enrol(
        &self,
        identity: &crate::server::certificate::Identity,
        now: i64,
    ) -> DbResult<Option<Holder>>;
    /// Marks a certificate revoked, for every app server: its sessions end at their next
    /// request and it signs nobody in again. `false` when it was already, or is unknown.
    async fn revoke_certificate(&self, ssn: &Ssn) -> DbResult<bool>;
    /// Every usable certificate with its holder, ordered by holder name: the demo portal's list.
    async fn certificates(&self) -> DbResult<Vec<Certificate>>;
    async fn set_language(&self, person_id: &str, language: Language) -> DbResult<()>;
    /// The person's own profile; `in_use` marks the certificate of the session.
    async fn own_profile(
        &self,
        person_id: &str,
        in_use: &Ssn,
        now: i64,
    ) -> DbResult<Option<OwnProfile>>;
    /// Saves the person's contact details, and copies them onto their data sheets in every
    /// eSpace they belong to, so administrators reach them where they now are.
    async fn save_contact(&self, person_id: &str, contact: &Contact) -> DbResult<()>;
}

#[async_trait]
pub trait Espaces: Send + Sync {
    /// Creates the eSpace and makes `owner` its first active administrator, in one transaction.
    async fn create(&self, owner: &Holder, espace: &NewEspace, now: i64) -> DbResult<String>;
    async fn profile(&self, espace_id: &str) -> DbResult<Option<EspaceProfile>>;
    /// Sets one field of the data sheet to `value` if it still holds `expected` (what the
    /// editor saw), recording old and new value in the activity log, in one transaction.
    /// Saving the value already stored is a no-op. Otherwise answers the value found instead.
    /// (The read and the write run on the locked eSpace: see [`sql`].)
    async fn edit(
        &self,
        espace_id: &str,
        by: &Actor,
        field: ProfileField,
        expected: Option<&str>,
        value: Option<&str>,
        now: i64,
    ) -> DbResult<Result<(), Option<String>>>;
}

/// Who makes a change, as the activity log records them.
#[derive(Clone, Debug)]
pub struct Actor {
    /// `None` for someone known only by an invitation link.
    pub person_id: Option<String>,
    pub name: String,
}

impl From<&Holder> for Actor {
    fn from(holder: &Holder) -> Self {
        Self {
            person_id: Some(holder.person_id.clone()),
            name: format!("{} {}", holder.given_name, holder.family_name),
        }
    }
}

/// A message for the outbox, already written in its recipient's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// The stored side of a fresh invitation link: the hash of its secret and its deadline.
#[derive(Clone, Debug)]
pub struct NewLink {
    pub token_hash: String,
    pub expires_at: i64,
}

/// Someone mail can be written to, with the languages that decide which one it is written in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub email: String,
    /// The person's own choice, once they have one.
    pub language: Option<Language>,
}

/// An invitation found by the secret of its link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedInvitation {
    pub sheet: MemberSheet,
    pub espace_name: String,
    pub espace_language: Option<Language>,
    pub inviter: Option<String>,
    pub renewal_requested: bool,
}

/// The members of an eSpace as its administrators manage them. Every change runs in one
/// transaction with its activity-log entry and its mail, and checks the lifecycle rules
/// (`domain::member::check_change`) inside that transaction, on the locked eSpace, so that two
/// administrators (on two servers) cannot both pass the check.
#[async_trait]
pub trait Members: Send + Sync {
    async fn insert(&self, member: &NewMember, now: i64) -> DbResult<String>;
    /// Every membership of a person (any status), ordered by eSpace name.
    async fn memberships_of(&self, person_id: &str) -> DbResult<Vec<Membership>>;
    /// One page of the members matching `query`, ordered by family then given name.
    async fn page(&self, espace_id: &str, query: &MemberQuery, now: i64) -> DbResult<MemberPage>;
    async fn sheet(
        &self,
        espace_id: &str,
        member_id: &str,
        now: i64,
    ) -> DbResult<Option<MemberSheet>>;
    /// Invites; refused as invalid (`ssn`: already a member) when that certificate is already
    /// an active, invited or deactivated member. Refused or expired invitations of the same
    /// certificate give way to the new one.
    async fn invite(
        &self,
        espace_id: &str,
        invitation: &NewInvitation,
        link: &NewLink,
        by: &Actor,
        mail: &Mail,
        now: i64,
    ) -> DbResult<Result<String, Refusal>>;
    /// Applies `change` (a resend with its new link). Answers the member's data sheet
    /// afterwards, or `None` once deleted or withdrawn.
    async fn change(
        &self,
        espace_id: &str,
        member_id: &str,
        change: MemberChange<NewLink>,
        by: &Actor,
        mails: &[Mail],
        now: i64,
    ) -> DbResult<Result<Option<MemberSheet>, Refusal>>;
    /// An administrator's edit of the member's details (help "Edit and then save the member"),
    /// logged with the fields it changed; `mails` are queued only when the email address changes.
    /// Saving what is stored already changes and logs nothing. Answers the sheet afterwards.
    async fn edit_details(
        &self,
        espace_id: &str,
        member_id: &str,
        details: &crate::domain::person::MemberDetails,
        by: &Actor,
        mails: &[Mail],
        now: i64,
    ) -> DbResult<Result<MemberSheet, Refusal>>;
    /// The active administrators of an eSpace, to tell them about a request.
    async fn administrators(&self, espace_id: &str) -> DbResult<Vec<Recipient>>;
    /// Every active member of an eSpace, to tell them about its procedures.
    async fn active_members(&self, espace_id: &str) -> DbResult<Vec<Recipient>>;
    /// The activity log, newest first.
    async fn activity(&self, espace_id: &str, page: u32) -> DbResult<ActivityPage>;
}

/// The invitee's side: finding one's invitations and answering them.
#[async_trait]
pub trait Invitations: Send + Sync {
    /// The open and expired invitations addressed to a certificate.
    async fn for_certificate(&self, ssn: &Ssn, now: i64) -> DbResult<Vec<PendingInvitation>>;
    async fn by_link(&self, token_hash: &str, now: i64) -> DbResult<Option<LinkedInvitation>>;
    /// Accepts or refuses as `holder`, who must hold the invited certificate; answers the
    /// eSpace's id.
    async fn answer(
        &self,
        member_id: &str,
        holder: &Holder,
        accept: bool,
        now: i64,
    ) -> DbResult<Result<String, Refusal>>;
    /// Records the request for a new invitation (once per link) and mails the administrators.
    async fn request_renewal(
        &self,
        token_hash: &str,
        mails: &[Mail],
        now: i64,
    ) -> DbResult<Result<(), Refusal>>;
}

/// A message taken from the outbox by a sender.
#[derive(Clone, Debug)]
pub struct QueuedMail {
    pub id: String,
    pub mail: Mail,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

#[async_trait]
pub trait Outbox: Send + Sync {
    /// Claims up to `limit` messages that are due, for `lease` seconds.
    async fn claim(&self, now: i64, lease: i64, limit: u32) -> DbResult<Vec<QueuedMail>>;
    /// Marks the message sent, keeping `kept_body` of it: its text without the secrets of its
    /// links, which need not outlive the delivery.
    async fn sent(&self, id: &str, kept_body: &str, now: i64) -> DbResult<()>;
    /// A temporary failure: the message is tried again at `retry_at`.
    async fn failed(&self, id: &str, error: &str, retry_at: i64) -> DbResult<()>;
    /// A permanent failure: the message is not tried again.
    async fn failed_for_good(&self, id: &str, error: &str, now: i64) -> DbResult<()>;
    /// Messages not sent yet and still tried.
    async fn backlog(&self) -> DbResult<Backlog>;
    /// The messages failed for good, the latest first.
    async fn failures(&self) -> DbResult<Vec<FailedMail>>;
    /// Tries a message failed for good again, from `now`; answers whether there was one.
    async fn retry(&self, id: &str, now: i64) -> DbResult<bool>;
}

/// A message the mail server refused for good.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedMail {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub attempts: u32,
    /// Unix seconds.
    pub failed_at: i64,
    pub error: String,
}

/// The outbox's messages not sent yet: how many, and since when the oldest waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backlog {
    pub waiting: i64,
    /// Unix seconds; none when nothing waits.
    pub oldest_since: Option<i64>,
}

/// What readiness and the metrics read of the database itself.
#[async_trait]
pub trait Health: Send + Sync {
    /// Asks the database (both pools), and answers how many of this build's migrations it has
    /// not applied: not ready before they are.
    async fn missing_migrations(&self) -> DbResult<usize>;
    /// Each pool's connections, open and idle.
    fn pools(&self) -> Vec<PoolUse>;
}

/// A connection pool's use at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUse {
    /// `read` or `write` (PostgreSQL's one pool is both: it is named `write`).
    pub pool: &'static str,
    pub open: u32,
    pub idle: u32,
}

/// All repositories of one database, shared by every request.
#[derive(Clone)]
pub struct Store {
    pub access_codes: Arc<dyn AccessCodes>,
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

/// "Mes documents": each file kept in chunks, written as an upload arrives and read one by one
/// as a download leaves, so that no request holds a whole file.
#[async_trait]
pub trait Documents: Send + Sync {
    /// Starts an upload into the eSpace; answers the document's id, which lists nowhere until
    /// [`Documents::finish`]. Uploads left unfinished for a day are deleted here.
    async fn begin(&self, espace_id: &str, name: &str, by: &Actor, now: i64) -> DbResult<String>;
    /// Writes the chunk at `position` (from 0) of an upload.
    async fn append(&self, id: &str, position: i64, content: &[u8]) -> DbResult<()>;
    /// Lists the upload, logged in the activity, if the eSpace's storage quota allows it;
    /// otherwise deletes it.
    async fn finish(
        &self,
        espace_id: &str,
        id: &str,
        upload: &Upload,
        limits: &crate::domain::quota::QuotaLimits,
        by: &Actor,
        now: i64,
    ) -> DbResult<Result<crate::domain::document::Document, crate::domain::quota::QuotaReached>>;
    /// Deletes an upload that did not finish (refused, or broken off).
    async fn abandon(&self, id: &str) -> DbResult<()>;
    /// The eSpace's store ("Mes documents"), newest first; procedures' copies are not in it.
    async fn of_espace(&self, espace_id: &str) -> DbResult<Vec<crate::domain::document::Document>>;
    /// Any document the eSpace keeps: in its store, or a copy one of its procedures holds.
    async fn get(
        &self,
        espace_id: &str,
        id: &str,
    ) -> DbResult<Option<crate::domain::document::Document>>;
    /// The chunk at `position` of a document's content; `None` past its end.
    async fn chunk(&self, id: &str, position: i64) -> DbResult<Option<Vec<u8>>>;
    /// `false` when the eSpace's store has no such document (as for `delete`).
    async fn rename(
        &self,
        espace_id: &str,
        id: &str,
        name: &str,
        by: &Actor,
        now: i64,
    ) -> DbResult<bool>;
    async fn delete(&self, espace_id: &str, id: &str, by: &Actor, now: i64) -> DbResult<bool>;
    /// Copies a document of the eSpace's store into a procedure of the eSpace, as its
    /// attachment (the content is copied inside the database, chunk by chunk); `None` when the
    /// store has no such document. The copy counts towards the eSpace's storage.
    async fn attach(
        &self,
        espace_id: &str,
        procedure_id: &str,
        document_id: &str,
        limits: &crate::domain::quota::QuotaLimits,
        now: i64,
    ) -> DbResult<
        Result<Option<crate::domain::document::Document>, crate::domain::quota::QuotaReached>,
    >;
    /// Copies a document a message of the eSpace came with into its store ("Mes documents"),
    /// logged as added; `None` when the message has no such document.
    async fn keep(
        &self,
        espace_id: &str,
        document_id: &str,
        limits: &crate::domain::quota::QuotaLimits,
        by: &Actor,
        now: i64,
    ) -> DbResult<
        Result<Option<crate::domain::document::Document>, crate::domain::quota::QuotaReached>,
    >;
    /// Deletes these copies the procedure holds (attachments replaced or taken out of the
    /// form, or copied by a save that was then refused).
    async fn release(&self, procedure_id: &str, copies: &[String]) -> DbResult<()>;
}

/// A message the back office sends an eSpace.
#[derive(Clone, Debug)]
pub struct NewMessage {
    pub espace_id: String,
    /// The procedure of the eSpace it is about, if any.
    pub procedure_id: Option<String>,
    /// The administration sending it.
    pub from: String,
    pub subject: String,
    pub body: String,
    pub replies_allowed: bool,
    pub attachments: Vec<NewAttachment>,
}

/// A document sent with a message, read whole by the back office (an operator's own file).
#[derive(Clone, Debug)]
pub struct NewAttachment {
    pub name: String,
    pub upload: Upload,
    pub content: Vec<u8>,
}

/// What became of a reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replied {
    Sent,
    /// The eSpace has no such message.
    NotFound,
    /// The administration accepts no reply to it.
    NotAllowed,
}

/// "Mes communications": messages from administrations, read or unread per person.
#[async_trait]
pub trait Messages: Send + Sync {
    /// Sends a message with its documents, and queues the emails telling the members, in one
    /// transaction; answers its id.
    async fn send(&self, message: &NewMessage, mails: &[Mail], now: i64) -> DbResult<String>;
    /// The eSpace's messages, newest first, each read or unread for that person.
    async fn of_espace(
        &self,
        espace_id: &str,
        person_id: &str,
    ) -> DbResult<Vec<crate::domain::message::MessageLine>>;
    /// One message with its documents and replies, marked read for that person; `None` when the
    /// eSpace has no such message.
    async fn open(
        &self,
        espace_id: &str,
        id: &str,
        person_id: &str,
        now: i64,
    ) -> DbResult<Option<crate::domain::message::Message>>;
    async fn reply(
        &self,
        espace_id: &str,
        id: &str,
        body: &str,
        by: &Actor,
        now: i64,
    ) -> DbResult<Replied>;
    /// How many messages each of these eSpaces holds that the person has not opened, but
    /// `opening` (the one a page opens as it counts).
    async fn unread(
        &self,
        person_id: &str,
        espace_ids: &[String],
        opening: Option<&str>,
    ) -> DbResult<Vec<u32>>;
    /// Every message (of one eSpace, or all), newest first, with the eSpace's id: what the back
    /// office lists with the replies.
    async fn all(
        &self,
        espace_id: Option<&str>,
    ) -> DbResult<Vec<(String, crate::domain::message::Message)>>;
}

/// What an import changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// The authentic sources' data about companies ("Mes données professionnelles"). Its first
/// implementation keeps what the administrations' files bring (`espace sources import`).
#[async_trait]
pub trait AuthenticSources: Send + Sync {
    /// Keeps a source's checked file in one transaction: new companies added, changed records
    /// replaced (their date of update moves), the same record left as it was.
    async fn import(
        &self,
        source: crate::domain::business_data::Source,
        rows: &[crate::domain::business_data::SourceRow],
        operator: &str,
        now: i64,
    ) -> DbResult<Imported>;
    /// What every source holds about a company, with when each was last updated.
    async fn of_company(
        &self,
        national_id: &str,
    ) -> DbResult<Vec<(crate::domain::business_data::Record, i64)>>;
}

/// What an upload turned out to be, once all of it has arrived.
#[derive(Clone, Debug)]
pub struct Upload {
    pub kind: crate::domain::document::FileKind,
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// The volume limits counted over time (`domain::quota`).
#[async_trait]
pub trait Quotas: Send + Sync {
    /// Counts `amount` uses at `now` against each quota and its subject (a person's or an
    /// eSpace's id) if they fit within every limit; otherwise counts nothing and answers the
    /// first limit reached.
    async fn take(
        &self,
        limits: &crate::domain::quota::QuotaLimits,
        counted: &[(crate::domain::quota::Quota, &str)],
        amount: i64,
        now: i64,
    ) -> DbResult<Result<(), crate::domain::quota::QuotaReached>>;
}

/// Online procedures of eSpaces.
#[async_trait]
pub trait Procedures: Send + Sync {
    /// A new, empty draft; answers its id.
    async fn create(&self, new: &NewProcedure<'_>, now: i64) -> DbResult<String>;
    /// "Mes démarches": the eSpace's procedures, last changed first.
    async fn of_espace(&self, espace_id: &str) -> DbResult<Vec<ProcedureLine>>;
    /// How many of the eSpace's procedures are to correct, and how many in preparation.
    async fn open_counts(&self, espace_id: &str) -> DbResult<(u32, u32)>;
    async fn get(&self, espace_id: &str, id: &str) -> DbResult<Option<Procedure>>;
    /// Saves what was typed if the procedure is still at `expected_version` and not
    /// submitted; answers the new version. Any save voids the signature (it was of the old
    /// version).
    async fn save(
        &self,
        espace_id: &str,
        id: &str,
        expected_version: i64,
        content: &Content,
        by: &Actor,
        now: i64,
    ) -> DbResult<Result<i64, ProcedureRefusal>>;
    /// Records a signature of the version signed, if it is still the current one.
    async fn sign(
        &self,
        espace_id: &str,
        id: &str,
        signing: &Signing<'_>,
        now: i64,
    ) -> DbResult<Result<(), ProcedureRefusal>>;
    /// Submits a procedure whose current version is signed; answers its reference (given at
    /// the first submission, kept after corrections).
    async fn submit(
        &self,
        espace_id: &str,
        id: &str,
        by: &Actor,
        now: i64,
    ) -> DbResult<Result<String, ProcedureRefusal>>;
    /// The procedure of that reference (submitted once at least, whatever it is now), with its
    /// eSpace's id (back office).
    async fn by_reference(&self, reference: &str) -> DbResult<Option<(String, Procedure)>>;
    /// Every submitted procedure's reference and eSpace name, oldest first (back office).
    async fn all_submitted(&self) -> DbResult<Vec<(String, String, Procedure)>>;
    /// An operator returns a submitted procedure for correction with a comment, sending it to
    /// the eSpace as `message` ("Mes communications") and queueing `mails`, in one transaction;
    /// `false` when it is not (or no longer) submitted.
    async fn return_for_correction(
        &self,
        reference: &str,
        comment: &str,
        operator: &str,
        message: &NewMessage,
        mails: &[Mail],
        now: i64,
    ) -> DbResult<bool>;
}

pub struct NewProcedure<'a> {
    pub espace_id: &'a str,
    pub kind: &'a str,
    /// The principal company's national identifier, when filed for a principal.
    pub principal: Option<&'a str>,
    pub language: Language,
    pub by: &'a Actor,
    /// What it starts with, and where each value came from.
    pub content: &'a crate::domain::procedure::Content,
    pub prefilled: &'a crate::domain::procedure::prefill::Origins,
}

/// A signature about to be recorded.
pub struct Signing<'a> {
    /// The version signed.
    pub version: i64,
    pub person_id: &'a str,
    pub name: &'a str,
    /// The SSN of the session's certificate.
    pub certificate: &'a str,
    /// Hex SHA-256 of what was signed.
    pub digest: &'a str,
}

/// The administration's operators (back office).
#[async_trait]
pub trait Operators: Send + Sync {
    /// `false` when the name is taken.
    async fn add(&self, name: &str, now: i64) -> DbResult<bool>;
    async fn is_active(&self, name: &str) -> DbResult<bool>;
    async fn list(&self) -> DbResult<Vec<Operator>>;
    /// `false` when there is no such active operator.
    async fn disable(&self, name: &str, now: i64) -> DbResult<bool>;
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub added_at: i64,
    pub disabled_at: Option<i64>,
}

/// Requests to have an eSpace certified for a field of activity, with their documents.
#[async_trait]
pub trait CertificationRequests: Send + Sync {
    /// Stores a request and its documents, logged in the eSpace's activity; answers its id.
    async fn submit(
        &self,
        espace_id: &str,
        by: &Actor,
        domain: Domain,
        description: &str,
        documents: &[NewDocument],
        now: i64,
    ) -> DbResult<String>;
    /// The eSpace's requests, newest first.
    async fn of_espace(&self, espace_id: &str) -> DbResult<Vec<CertificationRequest>>;
    /// Bytes the eSpace stores: its documents and its requests' documents.
    async fn stored_bytes(&self, espace_id: &str) -> DbResult<i64>;
    /// Requests waiting for an operator, oldest first.
    async fn open(&self) -> DbResult<Vec<OpenRequest>>;
    /// A request's document by its number (from 1), with its content.
    async fn document(
        &self,
        request_id: &str,
        number: u32,
    ) -> DbResult<Option<(Document, Vec<u8>)>>;
    /// An operator decides a waiting request, logging it in the eSpace's activity and queueing
    /// `mails` in the same transaction; `false` when it was decided already (or never existed).
    async fn decide(
        &self,
        request_id: &str,
        decision: &Decision,
        operator: &str,
        mails: &[Mail],
        now: i64,
    ) -> DbResult<bool>;
}

/// A supporting document as received, its kind read from its content.
#[derive(Clone, Debug)]
pub struct NewDocument {
    pub name: String,
    pub kind: DocumentKind,
    pub content: Vec<u8>,
}

/// A request waiting for an operator, with the eSpace it comes from.
#[derive(Clone, Debug)]
pub struct OpenRequest {
    pub request: CertificationRequest,
    pub espace_id: String,
    pub espace_name: String,
}

/// The administration's access codes (back office). The one-active-owner-code rule is a unique
/// index, so it holds however many operators issue at once.
#[async_trait]
pub trait AccessCodes: Send + Sync {
    /// Stores a code by its hash; answers its id.
    async fn issue(
        &self,
        order: &CodeOrder,
        code_hash: &str,
        operator: &str,
        now: i64,
    ) -> DbResult<Result<String, IssueRefusal>>;
    /// The codes of a company, newest first.
    async fn of_company(&self, company: &str, now: i64) -> DbResult<Vec<IssuedCode>>;
    /// Code requests no operator has answered yet, oldest first.
    async fn open_requests(&self) -> DbResult<Vec<CodeRequest>>;
    /// Answers an open request with a new code (stored by its hash) and marks it sent, in one
    /// transaction; `None` when there is no such open request.
    async fn fulfil(
        &self,
        request_id: &str,
        code_hash: &str,
        activation_deadline: i64,
        operator: &str,
        now: i64,
    ) -> DbResult<Option<Result<String, IssueRefusal>>>;
    /// The administration sets (or removes) its end of use of a code; the principal's, if
    /// earlier, still applies. `false` when there is no such code.
    async fn set_end_of_use(&self, id: &str, end: Option<i64>) -> DbResult<bool>;
    /// Revokes a code; `false` when there is no such code or it was revoked already.
    async fn revoke(&self, id: &str, now: i64) -> DbResult<bool>;
    /// Registers a code typed into an eSpace as `kind` (logged in its activity): it must exist, be of that kind and
    /// usable now; it is then used, by this eSpace, once (a conditional update, so of two
    /// eSpaces registering it at once one wins). Every refusal counts against the eSpace, the
    /// person and the portal: past a counter's limit within `ATTEMPT_WINDOW` all attempts it
    /// counts are refused until it passes. A code's state is told only to an eSpace it concerns.
    async fn register(
        &self,
        espace_id: &str,
        code_hash: &str,
        kind: CodeKind,
        by: &Actor,
        now: i64,
    ) -> DbResult<Result<(), CodeRefusal>>;
    /// The eSpace's certifications (its owner codes) and mandates: given (proxy codes used
    /// for a company and domain it is certified for) and received (proxy codes it used).
    async fn of_espace(&self, espace_id: &str, now: i64) -> DbResult<CertificationsView>;
    /// The scope of the live mandate a company gave the representative's eSpace for a domain,
    /// if it has one now (not revoked, not past its end of use).
    async fn mandate_scope(
        &self,
        representative: &str,
        company: &str,
        domain: Domain,
        now: i64,
    ) -> DbResult<Option<MandateScope>>;
    /// The principals for which the eSpace may file procedures of a domain now: live mandates
    /// whose scope includes procedures.
    async fn principals(
        &self,
        representative: &str,
        domain: Domain,
        now: i64,
    ) -> DbResult<Vec<Principal>>;
    /// One mandate the principal gave (in any state), with the representative's eSpace id;
    /// `None` when it is not one of its mandates.
    async fn given_mandate(
        &self,
        principal: &str,
        mandate_id: &str,
        now: i64,
    ) -> DbResult<Option<GivenMandate>>;
    /// Live mandates whose end of use falls within `within` seconds from now, each with the
    /// nearest reminder already sent for that end (in days before it).
    async fn ending_mandates(&self, now: i64, within: i64) -> DbResult<Vec<EndingMandate>>;
    /// Records the reminder sent `days` before a mandate's `end` and queues its `mails`, in one
    /// transaction; `false` (and nothing queued) when another server recorded it first.
    async fn remind(
        &self,
        code_id: &str,
        days: i64,
        end: i64,
        mails: &[Mail],
        now: i64,
    ) -> DbResult<bool>;
    /// The principal changes a live mandate it gave, logging it in its activity and queueing
    /// `mails` in the same transaction (renewing codes also files a code request); `false`
    /// (and nothing queued) when it is not one of its mandates or was revoked already.
    async fn change_mandate(
        &self,
        principal: &str,
        mandate_id: &str,
        change: MandateChange,
        by: &Actor,
        mails: &[Mail],
        now: i64,
    ) -> DbResult<bool>;
}

/// A mandate given, as its principal acts on it.
#[derive(Clone, Debug)]
pub struct GivenMandate {
    pub mandate: Registration,
    /// The representative's eSpace id.
    pub representative: String,
}

/// A mandate nearing its end of use, as the reminder task reads it.
#[derive(Clone, Debug)]
pub struct EndingMandate {
    pub code_id: String,
    pub domain: Domain,
    /// The principal company's national identifier.
    pub company: String,
    pub end_of_use: i64,
    /// The certified principal's eSpace (id, name), if any.
    pub principal: Option<(String, String)>,
    /// The representative's eSpace (id, name).
    pub representative: (String, String),
    /// The nearest reminder already sent for this end, in days before it.
    pub reminded: Option<i64>,
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A time-ordered id, for rows read back in the order they were written.
pub fn new_ordered_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}
