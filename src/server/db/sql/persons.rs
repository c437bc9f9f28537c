use super::{
    Pools, decode, language,
    member_words::{self, Which},
};
use crate::domain::id::PersonId;
use crate::domain::timestamp::Timestamp;
use crate::{
    domain::{
        certificate::{Certificate, CertificateProduct},
        language::Language,
        person::{Contact, OwnCertificate, OwnProfile},
        ssn::Ssn,
    },
    server::{
        caller::Holder,
        certificate::Identity,
        db::{DbResult, new_id},
    },
};
use async_trait::async_trait;
use sqlx::{Row, any::AnyRow};

#[derive(Clone, Debug)]
pub struct NewPerson {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub language: Option<Language>,
}

#[async_trait]
pub trait Persons: Send + Sync {
    async fn count(&self) -> DbResult<i64>;
    async fn insert(&self, person: &NewPerson, now: Timestamp) -> DbResult<PersonId>;
    async fn add_certificate(
        &self,
        person_id: &PersonId,
        ssn: &Ssn,
        product: crate::domain::certificate::CertificateProduct,
        valid_until: Option<Timestamp>,
    ) -> DbResult<()>;
    /// The holder of a certificate that is not revoked.
    async fn holder(&self, ssn: &Ssn) -> DbResult<Option<Holder>>;
    /// Records a person and their certificate, first seen at a certificate sign-in (one
    /// transaction; a concurrent first sign-in with the same certificate makes one person).
    /// `None` when the certificate is known already, revoked.
    async fn enrol(
        &self,
        identity: &crate::server::certificate::Identity,
        now: Timestamp,
    ) -> DbResult<Option<Holder>>;
    /// Marks a certificate revoked, for every app server: its sessions end at their next
    /// request and it signs nobody in again. `false` when it was already, or is unknown.
    async fn revoke_certificate(&self, ssn: &Ssn) -> DbResult<bool>;
    /// Every usable certificate with its holder, ordered by holder name: the demo portal's list.
    async fn certificates(&self) -> DbResult<Vec<Certificate>>;
    async fn set_language(&self, person_id: &PersonId, language: Language) -> DbResult<()>;
    /// The person's own profile; `in_use` marks the certificate of the session.
    async fn own_profile(
        &self,
        person_id: &PersonId,
        in_use: &Ssn,
        now: Timestamp,
    ) -> DbResult<Option<OwnProfile>>;
    /// Saves the person's contact details, and copies them onto their data sheets in every
    /// eSpace they belong to, so administrators reach them where they now are.
    async fn save_contact(&self, person_id: &PersonId, contact: &Contact) -> DbResult<()>;
}

pub struct SqlPersons(pub Pools);

const HOLDER_COLUMNS: &str = "c.ssn, c.product, p.id, p.given_name, p.family_name, p.language";

fn certificate(row: &AnyRow) -> Result<Certificate, sqlx::Error> {
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
impl Persons for SqlPersons {
    async fn count(&self) -> DbResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM persons")
            .fetch_one(&self.0.read)
            .await?)
    }

    async fn insert(&self, person: &NewPerson, now: Timestamp) -> DbResult<PersonId> {
        let id = PersonId::from(new_id());
        sqlx::query(
            "INSERT INTO persons (id, given_name, family_name, email, language, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(&person.given_name)
        .bind(&person.family_name)
        .bind(&person.email)
        .bind(person.language.map(Language::code))
        .bind(now)
        .execute(&self.0.write)
        .await?;
        Ok(id)
    }

    async fn add_certificate(
        &self,
        person_id: &PersonId,
        ssn: &Ssn,
        product: CertificateProduct,
        valid_until: Option<Timestamp>,
    ) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO certificates (ssn, person_id, product, valid_until) VALUES ($1, $2, $3, $4)",
        )
        .bind(ssn.as_str())
        .bind(person_id)
        .bind(product.code())
        .bind(valid_until)
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

    async fn enrol(&self, identity: &Identity, now: Timestamp) -> DbResult<Option<Holder>> {
        let mut tx = self.0.begin().await?;
        let id = new_id();
        sqlx::query(
            "INSERT INTO persons (id, given_name, family_name, email, language, created_at) VALUES ($1, $2, $3, '', NULL, $4)",
        )
        .bind(&id)
        .bind(&identity.given_name)
        .bind(&identity.family_name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let added = sqlx::query(
            "INSERT INTO certificates (ssn, person_id, product, valid_until) VALUES ($1, $2, $3, $4) ON CONFLICT (ssn) DO NOTHING",
        )
        .bind(identity.ssn.as_str())
        .bind(&id)
        .bind(CertificateProduct::Other.code())
        .bind(identity.valid_until)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 1 {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        // none when the certificate was there already, revoked
        self.holder(&identity.ssn).await
    }

    async fn revoke_certificate(&self, ssn: &Ssn) -> DbResult<bool> {
        let changed =
            sqlx::query("UPDATE certificates SET revoked = TRUE WHERE ssn = $1 AND NOT revoked")
                .bind(ssn.as_str())
                .execute(&self.0.write)
                .await?
                .rows_affected();
        Ok(changed == 1)
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

    async fn set_language(&self, person_id: &PersonId, language: Language) -> DbResult<()> {
        sqlx::query("UPDATE persons SET language = $1 WHERE id = $2")
            .bind(language.code())
            .bind(person_id)
            .execute(&self.0.write)
            .await?;
        Ok(())
    }

    async fn own_profile(
        &self,
        person_id: &PersonId,
        in_use: &Ssn,
        now: Timestamp,
    ) -> DbResult<Option<OwnProfile>> {
        let row = sqlx::query(
            "SELECT given_name, family_name, email, phone, mobile, fax, function, language FROM persons WHERE id = $1",
        )
        .bind(person_id)
        .fetch_optional(&self.0.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let certificates = sqlx::query(
            "SELECT c.ssn, c.product, c.valid_until, CASE WHEN c.revoked THEN 1 ELSE 0 END AS revoked, p.given_name, p.family_name \
             FROM certificates c JOIN persons p ON p.id = c.person_id WHERE c.person_id = $1 ORDER BY c.ssn",
        )
        .bind(person_id)
        .fetch_all(&self.0.read)
        .await?
        .iter()
        .map(|row| {
            let certificate = certificate(row)?;
            let valid_until: Option<Timestamp> = row.try_get("valid_until")?;
            Ok(OwnCertificate {
                in_use: certificate.ssn == *in_use,
                certificate,
                expired: valid_until.is_some_and(|until| until < now),
                valid_until,
                revoked: row.try_get::<i64, _>("revoked")? != 0,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
        Ok(Some(OwnProfile {
            given_name: row.try_get("given_name")?,
            family_name: row.try_get("family_name")?,
            contact: Contact {
                email: row.try_get("email")?,
                phone: row.try_get("phone")?,
                mobile: row.try_get("mobile")?,
                fax: row.try_get("fax")?,
                function: row.try_get("function")?,
            },
            language: language(&row, "language")?,
            certificates,
        }))
    }

    async fn save_contact(&self, person_id: &PersonId, contact: &Contact) -> DbResult<()> {
        let mut tx = self.0.begin().await?;
        const SET: &str = "SET email = $1, phone = $2, mobile = $3, fax = $4, function = $5";
        for sql in [
            format!("UPDATE persons {SET} WHERE id = $6"),
            // an eSpace the person was deleted from keeps the sheet as it was
            format!(
                "UPDATE members {SET} WHERE person_id = $6 AND status NOT IN ('deleted', 'withdrawn')"
            ),
        ] {
            sqlx::query(&sql)
                .bind(&contact.email)
                .bind(&contact.phone)
                .bind(&contact.mobile)
                .bind(&contact.fax)
                .bind(&contact.function)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
        member_words::index(&mut tx, Which::OfPerson(person_id)).await?;
        tx.commit().await?;
        Ok(())
    }
}
