use super::{
    Pools, decode, journal, language,
    member_words::{self, Which},
};
use crate::domain::id::{EspaceId, MemberId, PersonId};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        activity::{Action, ActivityEntry, ActivityPage},
        certificate::CertificateProduct,
        error::Refusal,
        espace::EspaceSummary,
        invitation::NewInvitation,
        mail::{Mail, Recipient},
        member::{
            AccessScope, LifecycleError, Member, MemberChange, MemberPage, MemberQuery,
            MemberSheet, MemberStatus, check_change,
        },
        person::MemberDetails,
        role::Role,
        ssn::Ssn,
        validation::Problem,
    },
    server::{
        caller::{Actor, Membership},
        db::{DbResult, new_id},
    },
};
use async_trait::async_trait;
use sqlx::{AnyExecutor, Row, any::AnyRow};

/// A member row to insert: an invitation, or (demo data) an already accepted member.
#[derive(Clone, Debug)]
pub struct NewMember {
    pub espace_id: EspaceId,
    pub person_id: Option<PersonId>,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub invited_ssn: Ssn,
    pub scope: AccessScope,
    pub role: Role,
    pub status: MemberStatus,
    pub invited_by: Option<PersonId>,
}

/// The stored side of a fresh invitation link: the hash of its secret and its deadline.
#[derive(Clone, Debug)]
pub struct NewLink {
    pub token_hash: String,
    pub expires_at: Timestamp,
}

/// The members of an eSpace as its administrators manage them. Every change runs in one
/// transaction with its activity-log entry and its mail, and checks the lifecycle rules
/// (`domain::member::check_change`) inside that transaction, on the locked eSpace, so that two
/// administrators (on two servers) cannot both pass the check.
#[async_trait]
pub trait Members: Send + Sync {
    async fn insert(&self, member: &NewMember, now: Timestamp) -> DbResult<MemberId>;
    /// Every membership of a person (any status), ordered by eSpace name.
    async fn memberships_of(&self, person_id: &PersonId) -> DbResult<Vec<Membership>>;
    /// One page of the members matching `query`, ordered by family then given name.
    async fn page(
        &self,
        espace_id: &EspaceId,
        query: &MemberQuery,
        now: Timestamp,
    ) -> DbResult<MemberPage>;
    async fn sheet(
        &self,
        espace_id: &EspaceId,
        member_id: &MemberId,
        now: Timestamp,
    ) -> DbResult<Option<MemberSheet>>;
    /// Invites; refused as invalid (`ssn`: already a member) when that certificate is already
    /// an active, invited or deactivated member. Refused or expired invitations of the same
    /// certificate give way to the new one.
    async fn invite(
        &self,
        espace_id: &EspaceId,
        invitation: &NewInvitation,
        link: &NewLink,
        by: &Actor,
        mail: &Mail,
        now: Timestamp,
    ) -> DbResult<Result<MemberId, Refusal>>;
    /// Applies `change` (a resend with its new link). Answers the member's data sheet
    /// afterwards, or `None` once deleted or withdrawn.
    async fn change(
        &self,
        espace_id: &EspaceId,
        member_id: &MemberId,
        change: MemberChange<NewLink>,
        by: &Actor,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<Result<Option<MemberSheet>, Refusal>>;
    /// An administrator's edit of the member's details (help "Edit and then save the member"),
    /// logged with the fields it changed; `mails` are queued only when the email address changes.
    /// Saving what is stored already changes and logs nothing. Answers the sheet afterwards.
    async fn edit_details(
        &self,
        espace_id: &EspaceId,
        member_id: &MemberId,
        details: &crate::domain::person::MemberDetails,
        by: &Actor,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<Result<MemberSheet, Refusal>>;
    /// The active administrators of an eSpace, to tell them about a request.
    async fn administrators(&self, espace_id: &EspaceId) -> DbResult<Vec<Recipient>>;
    /// Every active member of an eSpace, to tell them about its procedures.
    async fn active_members(&self, espace_id: &EspaceId) -> DbResult<Vec<Recipient>>;
    /// The activity log, newest first.
    async fn activity(&self, espace_id: &EspaceId, page: u32) -> DbResult<ActivityPage>;
}

pub struct SqlMembers(pub Pools);

pub(super) fn role(row: &AnyRow) -> Result<Role, sqlx::Error> {
    decode("role", row.try_get("role")?, Role::from_code)
}
pub(super) fn scope(row: &AnyRow) -> Result<AccessScope, sqlx::Error> {
    decode(
        "access_scope",
        row.try_get("access_scope")?,
        AccessScope::from_code,
    )
}
/// The status as people see it, from the stored status and the invitation's deadline.
pub(super) fn status(row: &AnyRow, now: Timestamp) -> Result<MemberStatus, sqlx::Error> {
    let stored = decode("status", row.try_get("status")?, MemberStatus::from_code)?;
    Ok(stored.effective(row.try_get("invitation_expires_at")?, now))
}
pub(super) fn ssn(row: &AnyRow, column: &str) -> Result<Ssn, sqlx::Error> {
    let value: String = row.try_get(column)?;
    decode(column, &value, |s| Ssn::parse(s).ok())
}

/// The columns of a member's data sheet ([`sheet`]), from [`SHEET_FROM`].
pub(super) const SHEET_COLUMNS: &str = "m.id, m.espace_id, m.given_name, m.family_name, m.email, m.phone, m.mobile, m.fax, \
     m.function, m.invited_ssn, c.product, m.access_scope, m.role, m.status, m.invitation_expires_at, \
     ip.given_name || ' ' || ip.family_name AS inviter, p.language";
pub(super) const SHEET_FROM: &str = "members m LEFT JOIN certificates c ON c.ssn = m.invited_ssn \
     LEFT JOIN persons ip ON ip.id = m.invited_by LEFT JOIN persons p ON p.id = m.person_id";

pub(super) fn sheet(row: &AnyRow, now: Timestamp) -> Result<MemberSheet, sqlx::Error> {
    let product: Option<String> = row.try_get("product")?;
    Ok(MemberSheet {
        id: row.try_get("id")?,
        espace_id: row.try_get("espace_id")?,
        given_name: row.try_get("given_name")?,
        family_name: row.try_get("family_name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        mobile: row.try_get("mobile")?,
        fax: row.try_get("fax")?,
        function: row.try_get("function")?,
        invited_ssn: ssn(row, "invited_ssn")?,
        product: product
            .map(|p| decode("product", &p, CertificateProduct::from_code))
            .transpose()?,
        scope: scope(row)?,
        role: role(row)?,
        status: status(row, now)?,
        invitation_expires_at: row.try_get("invitation_expires_at")?,
        invited_by: row.try_get("inviter")?,
        language: language(row, "language")?,
    })
}

async fn load_sheet<'e>(
    executor: impl AnyExecutor<'e>,
    espace_id: &EspaceId,
    member_id: &MemberId,
    now: Timestamp,
) -> DbResult<Option<MemberSheet>> {
    let row = sqlx::query(&format!(
        "SELECT {SHEET_COLUMNS} FROM {SHEET_FROM} WHERE m.espace_id = $1 AND m.id = $2"
    ))
    .bind(espace_id)
    .bind(member_id)
    .fetch_optional(executor)
    .await?;
    Ok(row.map(|r| sheet(&r, now)).transpose()?)
}

/// The list's statement with its parameters: $1 eSpace, $2 role or NULL, $3 now, then the
/// search's words.
fn with_parameters<'q>(
    sql: &'q str,
    espace_id: &'q str,
    role: Option<&'static str>,
    now: Timestamp,
    words: &'q [String],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut query = sqlx::query(sql).bind(espace_id).bind(role).bind(now);
    for word in words {
        query = query.bind(word.as_str());
    }
    query
}

/// The stored status matching a status as people see it, with the deadline condition that
/// tells invited from expired apart (`$n` is the current time).
fn status_condition(status: MemberStatus, now_param: &str) -> String {
    match status {
        MemberStatus::Invited => format!(
            "status = 'invited' AND (invitation_expires_at IS NULL OR invitation_expires_at > {now_param})"
        ),
        MemberStatus::Expired => {
            format!("status = 'invited' AND invitation_expires_at <= {now_param}")
        }
        other => format!("status = '{}'", other.code()),
    }
}

#[async_trait]
impl Members for SqlMembers {
    async fn insert(&self, member: &NewMember, now: Timestamp) -> DbResult<MemberId> {
        let id = MemberId::from(new_id());
        let mut tx = self.0.begin().await?;
        sqlx::query(
            "INSERT INTO members (id, espace_id, person_id, given_name, family_name, email, invited_ssn, access_scope, role, status, invited_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&id)
        .bind(&member.espace_id)
        .bind(&member.person_id)
        .bind(&member.given_name)
        .bind(&member.family_name)
        .bind(&member.email)
        .bind(member.invited_ssn.as_str())
        .bind(member.scope.code())
        .bind(member.role.code())
        .bind(member.status.code())
        .bind(&member.invited_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        member_words::index(&mut tx, Which::Member(&id)).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn memberships_of(&self, person_id: &PersonId) -> DbResult<Vec<Membership>> {
        let rows = sqlx::query(
            "SELECT e.id AS espace_id, e.name, m.id, m.role, m.access_scope, m.status, m.invited_ssn \
             FROM members m JOIN espaces e ON e.id = m.espace_id \
             WHERE m.person_id = $1 AND m.status NOT IN ('deleted', 'withdrawn') ORDER BY e.name, e.id",
        )
        .bind(person_id)
        .fetch_all(&self.0.read)
        .await?;
        let membership = |row: &AnyRow| -> Result<Membership, sqlx::Error> {
            Ok(Membership {
                espace: EspaceSummary {
                    id: row.try_get("espace_id")?,
                    name: row.try_get("name")?,
                },
                member_id: row.try_get("id")?,
                role: role(row)?,
                scope: scope(row)?,
                // a person's memberships are accepted ones: no deadline applies
                status: decode("status", row.try_get("status")?, MemberStatus::from_code)?,
                invited_ssn: ssn(row, "invited_ssn")?,
            })
        };
        Ok(rows.iter().map(membership).collect::<Result<_, _>>()?)
    }

    async fn page(
        &self,
        espace_id: &EspaceId,
        query: &MemberQuery,
        now: Timestamp,
    ) -> DbResult<MemberPage> {
        let page_size = MemberPage::SIZE;
        // each filter a condition of its own, so the engine can use the index on it
        let mut conditions = String::from(match query.role {
            Some(_) => "role = $2 AND $3 = $3",
            None => "$2 IS NULL AND $3 = $3",
        });
        match query.status {
            Some(status) => {
                conditions.push_str(&format!(" AND {}", status_condition(status, "$3")))
            }
            // deleted and withdrawn members only when asked for
            None => conditions.push_str(" AND status NOT IN ('deleted', 'withdrawn')"),
        }
        let mut words = Vec::new();
        if query.search.is_empty() {
            conditions.push_str(" AND espace_id = $1");
        } else {
            // the words name the eSpace: the engine starts from them, not from its every member
            let Some((matching, params)) = member_words::search_condition(&query.search, 4) else {
                return Ok(MemberPage {
                    members: Vec::new(),
                    total: 0,
                    page: query.page,
                    page_size,
                });
            };
            conditions.push_str(&matching);
            words = params;
        }
        let role_code = query.role.map(Role::code);
        let bind = |sql| with_parameters(sql, espace_id.as_str(), role_code, now, &words);
        let count = format!("SELECT COUNT(*) AS total FROM members WHERE {conditions}");
        let total: i64 = if words.is_empty() && query.role.is_none() && query.status.is_none() {
            // kept by the database's triggers (migration 0012), less the removed members (`change`)
            sqlx::query_scalar("SELECT member_count FROM espaces WHERE id = $1")
                .bind(espace_id)
                .fetch_optional(&self.0.read)
                .await?
                .unwrap_or(0)
        } else {
            bind(&count)
                .fetch_one(&self.0.read)
                .await?
                .try_get("total")?
        };
        let (limit, offset) = (4 + words.len(), 5 + words.len());
        let select = format!(
            "SELECT id, given_name, family_name, email, role, access_scope, status, invitation_expires_at \
             FROM members WHERE {conditions} ORDER BY family_name, given_name, id LIMIT ${limit} OFFSET ${offset}"
        );
        let rows = bind(&select)
            .bind(i64::from(page_size))
            .bind(i64::from(query.page.saturating_sub(1)) * i64::from(page_size))
            .fetch_all(&self.0.read)
            .await?;
        let member = |row: &AnyRow| -> Result<Member, sqlx::Error> {
            Ok(Member {
                id: row.try_get("id")?,
                given_name: row.try_get("given_name")?,
                family_name: row.try_get("family_name")?,
                email: row.try_get("email")?,
                role: role(row)?,
                scope: scope(row)?,
                status: status(row, now)?,
            })
        };
        Ok(MemberPage {
            members: rows.iter().map(member).collect::<Result<_, _>>()?,
            total: total as u64,
            page: query.page,
            page_size,
        })
    }

    async fn sheet(
        &self,
        espace_id: &EspaceId,
        member_id: &MemberId,
        now: Timestamp,
    ) -> DbResult<Option<MemberSheet>> {
        load_sheet(&self.0.read, espace_id, member_id, now).await
    }

    async fn invite(
        &self,
        espace_id: &EspaceId,
        invitation: &NewInvitation,
        link: &NewLink,
        by: &Actor,
        mail: &Mail,
        now: Timestamp,
    ) -> DbResult<Result<MemberId, Refusal>> {
        let mut tx = self.0.begin_on(espace_id).await?;
        let holding: Vec<(String, Option<Timestamp>)> = sqlx::query_as(
            "SELECT status, invitation_expires_at FROM members WHERE espace_id = $1 AND invited_ssn = $2",
        )
        .bind(espace_id)
        .bind(invitation.ssn.as_str())
        .fetch_all(&mut *tx)
        .await?;
        let taken = holding.iter().any(|(status, deadline)| {
            MemberStatus::from_code(status).is_some_and(|s| {
                matches!(
                    s.effective(*deadline, now),
                    MemberStatus::Active | MemberStatus::Invited | MemberStatus::Deactivated
                )
            })
        });
        if taken {
            return Ok(Err(Refusal::invalid("ssn", Problem::AlreadyMember)));
        }
        // what is left are refused or expired invitations: the new one replaces them
        sqlx::query(
            "DELETE FROM members WHERE espace_id = $1 AND invited_ssn = $2 AND status NOT IN ('deleted', 'withdrawn')",
        )
            .bind(espace_id)
            .bind(invitation.ssn.as_str())
            .execute(&mut *tx)
            .await?;
        let id = MemberId::from(new_id());
        let invitee = &invitation.invitee;
        sqlx::query(
            "INSERT INTO members (id, espace_id, person_id, given_name, family_name, email, invited_ssn, access_scope, role, status, invited_by, created_at, invitation_token_hash, invitation_expires_at) \
             VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, 'invited', $9, $10, $11, $12)",
        )
        .bind(&id)
        .bind(espace_id)
        .bind(&invitee.given_name)
        .bind(&invitee.family_name)
        .bind(&invitee.email)
        .bind(invitation.ssn.as_str())
        .bind(invitation.scope.code())
        .bind(invitation.role.code())
        .bind(&by.person_id)
        .bind(now)
        .bind(&link.token_hash)
        .bind(link.expires_at)
        .execute(&mut *tx)
        .await?;
        member_words::index(&mut tx, Which::Member(&id)).await?;
        let name = format!("{} {}", invitee.given_name, invitee.family_name);
        journal::record(
            &mut tx,
            espace_id,
            by,
            Action::Invited,
            Some(&id),
            &name,
            now,
        )
        .await?;
        journal::enqueue(&mut tx, std::slice::from_ref(mail), now).await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    async fn change(
        &self,
        espace_id: &EspaceId,
        member_id: &MemberId,
        change: MemberChange<NewLink>,
        by: &Actor,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<Result<Option<MemberSheet>, Refusal>> {
        let mut tx = self.0.begin_on(espace_id).await?;
        let Some(before) = load_sheet(&mut *tx, espace_id, member_id, now).await? else {
            return Ok(Err(Refusal::NotFound));
        };
        let other_admins: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM members WHERE espace_id = $1 AND id <> $2 AND status = 'active' AND role = 'administrator'",
        )
        .bind(espace_id)
        .bind(member_id)
        .fetch_one(&mut *tx)
        .await?;
        if let Err(e) = check_change(
            &change,
            before.status,
            before.role,
            before.scope,
            other_admins as u64,
        ) {
            return Ok(Err(Refusal::Lifecycle(e)));
        }
        let update = |sql: &'static str| sqlx::query(sql).bind(member_id);
        let action = match change {
            MemberChange::Role(to) => {
                update("UPDATE members SET role = $2 WHERE id = $1")
                    .bind(to.code())
                    .execute(&mut *tx)
                    .await?;
                Action::RoleChanged {
                    from: before.role,
                    to,
                }
            }
            MemberChange::Scope(to) => {
                update("UPDATE members SET access_scope = $2 WHERE id = $1")
                    .bind(to.code())
                    .execute(&mut *tx)
                    .await?;
                Action::ScopeChanged {
                    from: before.scope,
                    to,
                }
            }
            MemberChange::Deactivate => {
                update("UPDATE members SET status = 'deactivated' WHERE id = $1")
                    .execute(&mut *tx)
                    .await?;
                Action::Deactivated
            }
            MemberChange::Reactivate => {
                update("UPDATE members SET status = 'active' WHERE id = $1")
                    .execute(&mut *tx)
                    .await?;
                Action::Reactivated
            }
            MemberChange::Delete | MemberChange::Withdraw => {
                // kept, read-only, out of the list's count (help "Adding users": everyone invited
                // to date)
                let (status, action) = if matches!(change, MemberChange::Delete) {
                    (MemberStatus::Deleted, Action::Deleted)
                } else {
                    (MemberStatus::Withdrawn, Action::Withdrawn)
                };
                update(
                    "UPDATE members SET status = $2, invitation_token_hash = NULL, invitation_expires_at = NULL \
                     WHERE id = $1",
                )
                .bind(status.code())
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE espaces SET member_count = member_count - 1 WHERE id = $1")
                    .bind(espace_id)
                    .execute(&mut *tx)
                    .await?;
                action
            }
            MemberChange::Resend(link) => {
                update(
                    "UPDATE members SET status = 'invited', invitation_token_hash = $2, invitation_expires_at = $3, \
                     renewal_requested_at = NULL WHERE id = $1",
                )
                .bind(&link.token_hash)
                .bind(link.expires_at)
                .execute(&mut *tx)
                .await?;
                Action::Resent
            }
        };
        journal::record(
            &mut tx,
            espace_id,
            by,
            action,
            Some(member_id),
            &before.full_name(),
            now,
        )
        .await?;
        journal::enqueue(&mut tx, mails, now).await?;
        let after = load_sheet(&mut *tx, espace_id, member_id, now).await?;
        tx.commit().await?;
        Ok(Ok(after.filter(|sheet| !sheet.status.removed())))
    }

    async fn edit_details(
        &self,
        espace_id: &EspaceId,
        member_id: &MemberId,
        details: &MemberDetails,
        by: &Actor,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<Result<MemberSheet, Refusal>> {
        let mut tx = self.0.begin_on(espace_id).await?;
        let Some(before) = load_sheet(&mut *tx, espace_id, member_id, now).await? else {
            return Ok(Err(Refusal::NotFound));
        };
        if !before.status.details_editable() {
            return Ok(Err(Refusal::Lifecycle(LifecycleError::ReadOnly)));
        }
        let changes = details.changes_from(&before.details());
        if changes.is_empty() {
            return Ok(Ok(before));
        }
        let contact = &details.contact;
        sqlx::query(
            "UPDATE members SET given_name = $2, family_name = $3, email = $4, phone = $5, mobile = $6, \
             fax = $7, function = $8 WHERE id = $1",
        )
        .bind(member_id)
        .bind(&details.given_name)
        .bind(&details.family_name)
        .bind(&contact.email)
        .bind(&contact.phone)
        .bind(&contact.mobile)
        .bind(&contact.fax)
        .bind(&contact.function)
        .execute(&mut *tx)
        .await?;
        member_words::index(&mut tx, Which::Member(member_id)).await?;
        if contact.email != before.email {
            journal::enqueue(&mut tx, mails, now).await?;
        }
        journal::record(
            &mut tx,
            espace_id,
            by,
            Action::MemberEdited { changes },
            Some(member_id),
            &before.full_name(),
            now,
        )
        .await?;
        let after = load_sheet(&mut *tx, espace_id, member_id, now).await?;
        tx.commit().await?;
        Ok(after.ok_or(Refusal::NotFound))
    }

    async fn administrators(&self, espace_id: &EspaceId) -> DbResult<Vec<Recipient>> {
        self.recipients(espace_id, true).await
    }

    async fn active_members(&self, espace_id: &EspaceId) -> DbResult<Vec<Recipient>> {
        self.recipients(espace_id, false).await
    }

    async fn activity(&self, espace_id: &EspaceId, page: u32) -> DbResult<ActivityPage> {
        let size = i64::from(ActivityPage::SIZE);
        // one more than a page tells whether there is a next one
        let rows = sqlx::query(
            "SELECT at, actor_name, detail, member_name FROM activity WHERE espace_id = $1 \
             ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(espace_id)
        .bind(size + 1)
        .bind(i64::from(page.max(1) - 1) * size)
        .fetch_all(&self.0.read)
        .await?;
        let entry = |row: &AnyRow| -> Result<ActivityEntry, sqlx::Error> {
            let detail: String = row.try_get("detail")?;
            Ok(ActivityEntry {
                at: row.try_get("at")?,
                actor: row.try_get("actor_name")?,
                action: serde_json::from_str(&detail).map_err(sqlx::Error::decode)?,
                member: row.try_get("member_name")?,
            })
        };
        let has_more = rows.len() as i64 > size;
        Ok(ActivityPage {
            entries: rows
                .iter()
                .take(size as usize)
                .map(entry)
                .collect::<Result<_, _>>()?,
            page: page.max(1),
            has_more,
        })
    }
}

impl SqlMembers {
    /// Active members with their email and language; administrators only when asked.
    async fn recipients(
        &self,
        espace_id: &EspaceId,
        administrators_only: bool,
    ) -> DbResult<Vec<Recipient>> {
        let rows = sqlx::query(
            "SELECT m.given_name, m.family_name, m.email, p.language FROM members m LEFT JOIN persons p ON p.id = m.person_id \
             WHERE m.espace_id = $1 AND m.status = 'active' AND ($2 = 0 OR m.role = 'administrator') \
             ORDER BY m.family_name, m.given_name",
        )
        .bind(espace_id)
        .bind(i64::from(administrators_only))
        .fetch_all(&self.0.read)
        .await?;
        let recipient = |row: &AnyRow| -> Result<Recipient, sqlx::Error> {
            let given: String = row.try_get("given_name")?;
            let family: String = row.try_get("family_name")?;
            Ok(Recipient {
                name: format!("{given} {family}"),
                email: row.try_get("email")?,
                language: language(row, "language")?,
            })
        };
        Ok(rows.iter().map(recipient).collect::<Result<_, _>>()?)
    }
}
