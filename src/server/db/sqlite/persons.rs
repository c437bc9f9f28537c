use super::{Pools, decode, language};
use crate::{
    domain::{
        certificate::{Certificate, CertificateProduct},
        language::Language,
        ssn::Ssn,
    },
    server::db::{DbResult, Holder, NewPerson, Persons, new_id, now},
};
use async_trait::async_trait;
use sqlx::{Row, sqlite::SqliteRow};

pub struct SqlitePersons(pub Pools);

const HOLDER_COLUMNS: &str = "c.ssn, c.product, p.id, p.given_name, p.family_name, p.language";

fn certificate(row: &SqliteRow) -> Result<Certificate, sqlx::Error> {
    let ssn: String = row.try_get("ssn")?;
    Ok(Certificate {
        ssn: decode("ssn", &ssn, |s| Ssn::parse(s).ok())?,
        product: decode(
            "product",
            row.try_get("product")?,
            CertificateProduct::from_code,
        )?,
        holder_given_name: row.try_get("given_name")?,
        holder_family_name: row.try_get("family_name")?,
    })
}

#[async_trait]
impl Persons for SqlitePersons {
    async fn count(&self) -> DbResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM persons")
            .fetch_one(&self.0.read)
            .await?)
    }

    async fn insert(&self, person: &NewPerson) -> DbResult<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO persons (id, given_name, family_name, email, language, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(&person.given_name)
        .bind(&person.family_name)
        .bind(&person.email)
        .bind(person.language.map(Language::code))
        .bind(now())
        .execute(&self.0.write)
        .await?;
        Ok(id)
    }

    async fn add_certificate(
        &self,
        person_id: &str,
        ssn: &Ssn,
        product: CertificateProduct,
    ) -> DbResult<()> {
        sqlx::query("INSERT INTO certificates (ssn, person_id, product) VALUES ($1, $2, $3)")
            .bind(ssn.as_str())
            .bind(person_id)
            .bind(product.code())
            .execute(&self.0.write)
            .await?;
        Ok(())
    }

    async fn holder(&self, ssn: &Ssn) -> DbResult<Option<Holder>> {
        let row = sqlx::query(&format!(
            "SELECT {HOLDER_COLUMNS} FROM certificates c JOIN persons p ON p.id = c.person_id WHERE c.ssn = $1 AND NOT c.revoked"
        ))
        .bind(ssn.as_str())
        .fetch_optional(&self.0.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Holder {
            person_id: row.try_get("id")?,
            given_name: row.try_get("given_name")?,
            family_name: row.try_get("family_name")?,
            language: language(&row, "language")?,
            certificate: certificate(&row)?,
        }))
    }

    async fn certificates(&self) -> DbResult<Vec<Certificate>> {
        let rows = sqlx::query(&format!(
            "SELECT {HOLDER_COLUMNS} FROM certificates c JOIN persons p ON p.id = c.person_id \
             WHERE NOT c.revoked ORDER BY p.family_name, p.given_name, c.ssn"
        ))
        .fetch_all(&self.0.read)
        .await?;
        Ok(rows.iter().map(certificate).collect::<Result<_, _>>()?)
    }

    async fn set_language(&self, person_id: &str, language: Language) -> DbResult<()> {
        sqlx::query("UPDATE persons SET language = $1 WHERE id = $2")
            .bind(language.code())
            .bind(person_id)
            .execute(&self.0.write)
            .await?;
        Ok(())
    }
}
