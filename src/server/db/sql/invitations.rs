use super::{
    Pools, journal, language,
    members::{SHEET_COLUMNS, SHEET_FROM, role, scope, sheet, ssn},
};
use crate::domain::id::{EspaceId, MemberId};
use crate::domain::language::Language;
use crate::domain::member::MemberSheet;
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        activity::Action,
        error::Refusal,
        invitation::PendingInvitation,
        mail::Mail,
        member::{LifecycleError, MemberStatus},
        ssn::Ssn,
    },
    server::{
        caller::{Actor, Holder},
        db::DbResult,
    },
};
use async_trait::async_trait;
use sqlx::{Row, any::AnyRow};

/// An invitation found by the secret of its link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedInvitation {
    pub sheet: MemberSheet,
    pub espace_name: String,
    pub espace_language: Option<Language>,
    pub inviter: Option<String>,
    pub renewal_requested: bool,
}

/// The invitee's side: finding one's invitations and answering them.
#[async_trait]
pub trait Invitations: Send + Sync {
    /// The open and expired invitations addressed to a certificate.
    async fn for_certificate(&self, ssn: &Ssn, now: Timestamp) -> DbResult<Vec<PendingInvitation>>;
    async fn by_link(&self, token_hash: &str, now: Timestamp)
    -> DbResult<Option<LinkedInvitation>>;
    /// Accepts or refuses as `holder`, who must hold the invited certificate; answers the
    /// eSpace's id.
    async fn answer(
        &self,
        member_id: &MemberId,
        holder: &Holder,
        accept: bool,
        now: Timestamp,
    ) -> DbResult<Result<String, Refusal>>;
    /// Records the request for a new invitation (once per link) and mails the administrators.
    async fn request_renewal(
        &self,
        token_hash: &str,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<Result<(), Refusal>>;
}

pub struct SqlInvitations(pub Pools);

#[async_trait]
impl Invitations for SqlInvitations {
    async fn for_certificate(
        &self,
        ssn_: &Ssn,
        now: Timestamp,
    ) -> DbResult<Vec<PendingInvitation>> {
        let rows = sqlx::query(
            "SELECT m.id, e.name AS espace_name, ip.given_name || ' ' || ip.family_name AS inviter, m.invited_ssn, \
             m.role, m.access_scope, m.invitation_expires_at FROM members m JOIN espaces e ON e.id = m.espace_id \
             LEFT JOIN persons ip ON ip.id = m.invited_by WHERE m.invited_ssn = $1 AND m.status = 'invited' \
             ORDER BY e.name, m.id",
        )
        .bind(ssn_.as_str())
        .fetch_all(&self.0.read)
        .await?;
        let pending = |row: &AnyRow| -> Result<PendingInvitation, sqlx::Error> {
            let expires_at: Option<Timestamp> = row.try_get("invitation_expires_at")?;
            let expires_at = expires_at.unwrap_or(Timestamp::LATEST);
            Ok(PendingInvitation {
                member_id: row.try_get("id")?,
                espace_name: row.try_get("espace_name")?,
                inviter: row.try_get("inviter")?,
                invited_ssn: ssn(row, "invited_ssn")?,
                role: role(row)?,
                scope: scope(row)?,
                expires_at,
                expired: expires_at <= now,
            })
        };
        Ok(rows.iter().map(pending).collect::<Result<_, _>>()?)
    }

    async fn by_link(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> DbResult<Option<LinkedInvitation>> {
        let row = sqlx::query(&format!(
            "SELECT {SHEET_COLUMNS}, e.name AS espace_name, e.procedure_language, m.renewal_requested_at \
             FROM {SHEET_FROM} JOIN espaces e ON e.id = m.espace_id \
             WHERE m.invitation_token_hash = $1 AND m.status = 'invited'"
        ))
        .bind(token_hash)
        .fetch_optional(&self.0.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let renewal: Option<Timestamp> = row.try_get("renewal_requested_at")?;
        Ok(Some(LinkedInvitation {
            inviter: row.try_get("inviter")?,
            sheet: sheet(&row, now)?,
            espace_name: row.try_get("espace_name")?,
            espace_language: language(&row, "procedure_language")?,
            renewal_requested: renewal.is_some(),
        }))
    }

    async fn answer(
        &self,
        member_id: &MemberId,
        holder: &Holder,
        accept: bool,
        now: Timestamp,
    ) -> DbResult<Result<String, Refusal>> {
        let mut tx = self.0.begin().await?;
        // locked: of two answers at once (two tabs, two servers) the second finds it answered
        let row = sqlx::query(&format!(
            "SELECT espace_id, given_name, family_name, status, invitation_expires_at FROM members m \
             WHERE id = $1 AND invited_ssn = $2{}",
            self.0.engine.lock_rows("m")
        ))
        .bind(member_id)
        .bind(holder.certificate.ssn.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(Refusal::NotFound));
        };
        let espace_id: EspaceId = row.try_get("espace_id")?;
        match super::members::status(&row, now)? {
            MemberStatus::Invited => {}
            MemberStatus::Expired => return Ok(Err(Refusal::Lifecycle(LifecycleError::Expired))),
            // withdrawn (or deleted): no longer an invitation at all
            status if status.removed() => return Ok(Err(Refusal::NotFound)),
            _ => return Ok(Err(Refusal::Lifecycle(LifecycleError::Answered))),
        }
        let (status, action) = if accept {
            (MemberStatus::Active, Action::Accepted)
        } else {
            (MemberStatus::Refused, Action::Refused)
        };
        // accepting carries over the contact details the person saved, where the sheet has none
        let saved = |column: &str| {
            format!("{column} = COALESCE({column}, (SELECT {column} FROM persons WHERE id = $3))")
        };
        sqlx::query(&format!(
            "UPDATE members SET status = $2, person_id = $3, invitation_token_hash = NULL, invitation_expires_at = NULL, \
             {}, {}, {}, {} WHERE id = $1",
            saved("phone"),
            saved("mobile"),
            saved("fax"),
            saved("function"),
        ))
        .bind(member_id)
        .bind(status.code())
        .bind(accept.then_some(&holder.person_id))
        .execute(&mut *tx)
        .await?;
        let given: String = row.try_get("given_name")?;
        let family: String = row.try_get("family_name")?;
        let actor = Actor::from(holder);
        journal::record(
            &mut tx,
            &espace_id,
            &actor,
            action,
            Some(member_id),
            &format!("{given} {family}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(espace_id.to_string()))
    }

    async fn request_renewal(
        &self,
        token_hash: &str,
        mails: &[Mail],
        now: Timestamp,
    ) -> DbResult<Result<(), Refusal>> {
        let mut tx = self.0.begin().await?;
        let row = sqlx::query(&format!(
            "SELECT id, espace_id, given_name, family_name, status, invitation_expires_at, renewal_requested_at \
             FROM members m WHERE invitation_token_hash = $1{}",
            self.0.engine.lock_rows("m")
        ))
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(Refusal::NotFound));
        };
        let requested: Option<Timestamp> = row.try_get("renewal_requested_at")?;
        if super::members::status(&row, now)? != MemberStatus::Expired || requested.is_some() {
            return Ok(Err(Refusal::Lifecycle(LifecycleError::Answered)));
        }
        let member_id: MemberId = row.try_get("id")?;
        sqlx::query("UPDATE members SET renewal_requested_at = $2 WHERE id = $1")
            .bind(&member_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let given: String = row.try_get("given_name")?;
        let family: String = row.try_get("family_name")?;
        let name = format!("{given} {family}");
        let espace_id: EspaceId = row.try_get("espace_id")?;
        let invitee = Actor {
            person_id: None,
            name: name.clone(),
        };
        journal::record(
            &mut tx,
            &espace_id,
            &invitee,
            Action::NewInvitationRequested,
            Some(&member_id),
            &name,
            now,
        )
        .await?;
        journal::enqueue(&mut tx, mails, now).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }
}
