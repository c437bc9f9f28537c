use super::{Pools, decode};
use crate::{
    domain::{
        espace::EspaceSummary,
        member::{AccessScope, Member, MemberStatus},
        role::Role,
        ssn::Ssn,
    },
    server::db::{DbResult, Members, Membership, NewMember, new_id, now},
};
use async_trait::async_trait;
use sqlx::{Row, sqlite::SqliteRow};

pub struct SqliteMembers(pub Pools);

fn role(row: &SqliteRow) -> Result<Role, sqlx::Error> {
    decode("role", row.try_get("role")?, Role::from_code)
}
fn scope(row: &SqliteRow) -> Result<AccessScope, sqlx::Error> {
    decode(
        "access_scope",
        row.try_get("access_scope")?,
        AccessScope::from_code,
    )
}
fn status(row: &SqliteRow) -> Result<MemberStatus, sqlx::Error> {
    decode("status", row.try_get("status")?, MemberStatus::from_code)
}

#[async_trait]
impl Members for SqliteMembers {
    async fn insert(&self, member: &NewMember) -> DbResult<String> {
        let id = new_id();
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
        .bind(now())
        .execute(&self.0.write)
        .await?;
        Ok(id)
    }

    async fn memberships_of(&self, person_id: &str) -> DbResult<Vec<Membership>> {
        let rows = sqlx::query(
            "SELECT e.id AS espace_id, e.name, m.id, m.role, m.access_scope, m.status, m.invited_ssn \
             FROM members m JOIN espaces e ON e.id = m.espace_id WHERE m.person_id = $1 ORDER BY e.name, e.id",
        )
        .bind(person_id)
        .fetch_all(&self.0.read)
        .await?;
        let membership = |row: &SqliteRow| -> Result<Membership, sqlx::Error> {
            let ssn: String = row.try_get("invited_ssn")?;
            Ok(Membership {
                espace: EspaceSummary {
                    id: row.try_get("espace_id")?,
                    name: row.try_get("name")?,
                },
                member_id: row.try_get("id")?,
                role: role(row)?,
                scope: scope(row)?,
                status: status(row)?,
                invited_ssn: decode("invited_ssn", &ssn, |s| Ssn::parse(s).ok())?,
            })
        };
        Ok(rows.iter().map(membership).collect::<Result<_, _>>()?)
    }

    async fn list(&self, espace_id: &str) -> DbResult<Vec<Member>> {
        let rows = sqlx::query(
            "SELECT id, given_name, family_name, email, role, access_scope, status FROM members \
             WHERE espace_id = $1 ORDER BY family_name, given_name, id",
        )
        .bind(espace_id)
        .fetch_all(&self.0.read)
        .await?;
        let member = |row: &SqliteRow| -> Result<Member, sqlx::Error> {
            Ok(Member {
                id: row.try_get("id")?,
                given_name: row.try_get("given_name")?,
                family_name: row.try_get("family_name")?,
                email: row.try_get("email")?,
                role: role(row)?,
                scope: scope(row)?,
                status: status(row)?,
            })
        };
        Ok(rows.iter().map(member).collect::<Result<_, _>>()?)
    }
}
