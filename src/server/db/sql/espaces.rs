use super::{
    Pools, journal, language,
    member_words::{self, Which},
};
use crate::domain::id::{EspaceId, MemberId};
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        activity::Action,
        company::nace::Classification,
        espace::{EspaceProfile, NewEspace},
        language::Language,
        member::{AccessScope, MemberStatus},
        profile::ProfileField,
        role::Role,
    },
    server::{
        caller::{Actor, Holder},
        db::{DbResult, new_id},
    },
};
use async_trait::async_trait;
use sqlx::Row;

#[async_trait]
pub trait Espaces: Send + Sync {
    /// Creates the eSpace and makes `owner` its first active administrator, in one transaction.
    async fn create(&self, owner: &Holder, espace: &NewEspace, now: Timestamp) -> DbResult<String>;
    async fn profile(&self, espace_id: &EspaceId) -> DbResult<Option<EspaceProfile>>;
    /// Sets one field of the data sheet to `value` if it still holds `expected` (what the
    /// editor saw), recording old and new value in the activity log, in one transaction.
    /// Saving the value already stored is a no-op. Otherwise answers the value found instead.
    /// (The read and the write run on the locked eSpace: see [`sql`].)
    async fn edit(
        &self,
        espace_id: &EspaceId,
        by: &Actor,
        field: ProfileField,
        expected: Option<&str>,
        value: Option<&str>,
        now: Timestamp,
    ) -> DbResult<Result<(), Option<String>>>;
}

pub struct SqlEspaces(pub Pools);

#[async_trait]
impl Espaces for SqlEspaces {
    async fn create(&self, owner: &Holder, espace: &NewEspace, now: Timestamp) -> DbResult<String> {
        let id = new_id();
        let created_at = now;
        let mut tx = self.0.begin().await?;
        sqlx::query(
            "INSERT INTO espaces (id, name, procedure_language, owner_person_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(&espace.name)
        .bind(espace.procedure_language.map(Language::code))
        .bind(&owner.person_id)
        .bind(created_at)
        .execute(&mut *tx)
        .await?;
        // The owner is the first administrator (help "Adding users"), for all of their
        // certificates.
        let member_id = MemberId::from(new_id());
        sqlx::query(
            "INSERT INTO members (id, espace_id, person_id, given_name, family_name, email, invited_ssn, access_scope, role, status, invited_by, created_at) \
             SELECT $1, $2, p.id, p.given_name, p.family_name, p.email, $3, $4, $5, $6, NULL, $7 FROM persons p WHERE p.id = $8",
        )
        .bind(&member_id)
        .bind(&id)
        .bind(owner.certificate.ssn.as_str())
        .bind(AccessScope::AllCertificates.code())
        .bind(Role::Administrator.code())
        .bind(MemberStatus::Active.code())
        .bind(created_at)
        .bind(&owner.person_id)
        .execute(&mut *tx)
        .await?;
        member_words::index(&mut tx, Which::Member(&member_id)).await?;
        let by = Actor::from(owner);
        journal::record(
            &mut tx,
            &EspaceId::from(id.clone()),
            &by,
            Action::EspaceCreated,
            None,
            "",
            created_at,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn profile(&self, espace_id: &EspaceId) -> DbResult<Option<EspaceProfile>> {
        let row = sqlx::query(
            "SELECT id, name, procedure_language, denomination, trade_name, website, national_id, vat_number, nace_code, rcs_number \
             FROM espaces WHERE id = $1",
        )
        .bind(espace_id)
        .fetch_optional(&self.0.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let nace_code: Option<String> = row.try_get("nace_code")?;
        Ok(Some(EspaceProfile {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            procedure_language: language(&row, "procedure_language")?,
            denomination: row.try_get("denomination")?,
            trade_name: row.try_get("trade_name")?,
            website: row.try_get("website")?,
            national_id: row.try_get("national_id")?,
            vat_number: row.try_get("vat_number")?,
            nace: nace_code.and_then(|code| Classification::get().find(&code).cloned()),
            rcs_number: row.try_get("rcs_number")?,
        }))
    }

    async fn edit(
        &self,
        espace_id: &EspaceId,
        by: &Actor,
        field: ProfileField,
        expected: Option<&str>,
        value: Option<&str>,
        now: Timestamp,
    ) -> DbResult<Result<(), Option<String>>> {
        // the column name comes from the closed list of fields, never from the request
        let column = field.code();
        let mut tx = self.0.begin_on(espace_id).await?;
        let current: Option<String> =
            sqlx::query_scalar(&format!("SELECT {column} FROM espaces WHERE id = $1"))
                .bind(espace_id)
                .fetch_one(&mut *tx)
                .await?;
        if current.as_deref() == value {
            return Ok(Ok(()));
        }
        if current.as_deref() != expected {
            return Ok(Err(current));
        }
        sqlx::query(&format!("UPDATE espaces SET {column} = $1 WHERE id = $2"))
            .bind(value)
            .bind(espace_id)
            .execute(&mut *tx)
            .await?;
        let action = Action::ProfileEdited {
            field,
            from: current,
            to: value.map(str::to_owned),
        };
        journal::record(&mut tx, espace_id, by, action, None, "", now).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }
}
