//! Demo data for trying the product and for the browser tests: two business eSpaces (a company
//! and its fiduciary), persons holding one or more certificates of each product, members in all
//! three roles and statuses, and three people who have no eSpace yet; the company is certified,
//! the fiduciary represents it and a bakery, and the authentic sources know them. Seeded only
//! into an empty database, so a restart never duplicates it.
//!
//! Each `expect` here states a fact of this constant data (an SSN is 20 digits, a fresh database
//! holds no code yet), which every test run checks: every test database is seeded.
#![allow(clippy::expect_used)]

use crate::domain::id::EspaceId;

use crate::{
    domain::{
        access_code::{CodeKind, CodeOrder, Domain},
        business_data::{self, Source},
        certificate::CertificateProduct::{self, *},
        espace::NewEspace,
        language::Language,
        member::{AccessScope, MemberStatus},
        profile::ProfileField,
        role::Role,
        ssn::Ssn,
    },
    server::{
        back_office::codes,
        caller::{Actor, Holder},
        clock::now,
        db::{DbResult, NewMember, NewPerson, Store},
        link,
    },
};

/// LuxTrust certificates are issued for three years.
const CERTIFICATE_VALIDITY: i64 = 3 * 365 * 24 * 3600;

struct DemoPerson {
    given_name: &'static str,
    family_name: &'static str,
    email: &'static str,
    language: Option<Language>,
    certificates: &'static [(&'static str, CertificateProduct)],
}

const PERSONS: [DemoPerson; 7] = [
    DemoPerson {
        given_name: "Claire",
        family_name: "Muller",
        email: "claire.muller@muller-fils.example",
        language: None,
        certificates: &[
            ("20481736592048173659", LuxTrustSmartcard),
            ("20481736592048173660", LuxTrustMobile),
        ],
    },
    DemoPerson {
        given_name: "Jean",
        family_name: "Weber",
        email: "jean.weber@muller-fils.example",
        language: Some(Language::De),
        certificates: &[("31597248603159724860", LuxTrustSigningStick)],
    },
    DemoPerson {
        given_name: "Sophie",
        family_name: "Klein",
        email: "sophie.klein@muller-fils.example",
        language: Some(Language::En),
        certificates: &[("47268315904726831590", Eid)],
    },
    DemoPerson {
        given_name: "Marc",
        family_name: "Hoffmann",
        email: "marc.hoffmann@fiduciaire-hoffmann.example",
        language: Some(Language::Fr),
        certificates: &[
            ("58317462095831746209", LuxTrustMobile),
            ("58317462095831746210", Eid),
        ],
    },
    DemoPerson {
        given_name: "Laura",
        family_name: "Schmit",
        email: "laura.schmit@example.lu",
        language: None,
        certificates: &[("69428573106942857310", LuxTrustSmartcard)],
    },
    // two more people without an eSpace, to be invited
    DemoPerson {
        given_name: "Anna",
        family_name: "Becker",
        email: "anna.becker@example.lu",
        language: None,
        certificates: &[("73920584617392058461", Eid)],
    },
    DemoPerson {
        given_name: "Tom",
        family_name: "Reuter",
        email: "tom.reuter@example.lu",
        language: None,
        certificates: &[("84150392768415039276", LuxTrustMobile)],
    },
];

/// Every demo certificate as (SSN, given name, family name): the test PKI issues each a real
/// certificate (`espace pki`), so certificate sign-in can be tried with the demo data.
pub fn certificate_holders() -> Vec<(&'static str, &'static str, &'static str)> {
    PERSONS
        .iter()
        .flat_map(|p| {
            p.certificates
                .iter()
                .map(|(ssn, _)| (*ssn, p.given_name, p.family_name))
        })
        .collect()
}

/// Seeds the demo data if the database has no person yet, with the business data if `business`;
/// returns whether it did.
pub async fn seed_if_empty(store: &Store, business: bool) -> DbResult<bool> {
    if store.persons.count().await? > 0 {
        return Ok(false);
    }
    let mut ids = Vec::new();
    for p in &PERSONS {
        let id = store
            .persons
            .insert(
                &NewPerson {
                    given_name: p.given_name.into(),
                    family_name: p.family_name.into(),
                    email: p.email.into(),
                    language: p.language,
                },
                now(),
            )
            .await?;
        for (ssn, product) in p.certificates {
            store
                .persons
                .add_certificate(
                    &id,
                    &ssn_of(ssn),
                    *product,
                    Some(now() + CERTIFICATE_VALIDITY),
                )
                .await?;
        }
        ids.push(id);
    }
    let holder = |i: usize| async move {
        store
            .persons
            .holder(&ssn_of(PERSONS[i].certificates[0].0))
            .await
            .map(|h| h.expect("demo holder"))
    };
    let company = store
        .espaces
        .create(
            &holder(0).await?,
            &NewEspace {
                name: "Muller & Fils S.à r.l.".into(),
                procedure_language: Some(Language::Fr),
            },
            now(),
        )
        .await?;
    let fiduciary = store
        .espaces
        .create(
            &holder(3).await?,
            &NewEspace {
                name: "Fiduciaire Hoffmann S.A.".into(),
                procedure_language: None,
            },
            now(),
        )
        .await?;
    let member = |espace: &str, i: usize, scope, role, status| NewMember {
        espace_id: espace.into(),
        person_id: Some(ids[i].clone()),
        given_name: PERSONS[i].given_name.into(),
        family_name: PERSONS[i].family_name.into(),
        email: PERSONS[i].email.into(),
        invited_ssn: ssn_of(PERSONS[i].certificates[0].0),
        scope,
        role,
        status,
        invited_by: Some(ids[0].clone()),
    };
    use AccessScope::*;
    for m in [
        member(
            &company,
            1,
            ThisCertificate,
            Role::Manager,
            MemberStatus::Active,
        ),
        member(
            &company,
            2,
            AllCertificates,
            Role::WithoutSignature,
            MemberStatus::Active,
        ),
        member(
            &fiduciary,
            1,
            ThisCertificate,
            Role::WithoutSignature,
            MemberStatus::Active,
        ),
        member(
            &company,
            3,
            AllCertificates,
            Role::Manager,
            MemberStatus::Deactivated,
        ),
    ] {
        store.members.insert(&m, now()).await?;
    }
    // An invitation nobody has answered yet, to someone the portal does not know.
    store
        .members
        .insert(
            &NewMember {
                espace_id: EspaceId::from(company.clone()),
                person_id: None,
                given_name: "Paul".into(),
                family_name: "Wagner".into(),
                email: "paul.wagner@example.lu".into(),
                invited_ssn: ssn_of("80539684218053968421"),
                scope: ThisCertificate,
                role: Role::WithoutSignature,
                status: MemberStatus::Invited,
                invited_by: Some(ids[0].clone()),
            },
            now(),
        )
        .await?;
    // the back office's operator, to try access codes and certification requests
    store.operators.add(DEMO_OPERATOR, now()).await?;
    if business {
        certify_and_represent(
            store,
            &company,
            &fiduciary,
            &holder(0).await?,
            &holder(3).await?,
        )
        .await?;
        import_sources(store).await?;
    }
    Ok(true)
}

/// Muller & Fils' national identifier, by which the authentic sources know it.
const MULLER_ID: &str = "19982201120";
/// A bakery without an eSpace of its own, another client of the fiduciary.
const SCHMIT_ID: &str = "20032201459";

/// Muller & Fils is certified for tax (its owner code), and the fiduciary represents it and the
/// bakery (proxy codes, procedures and data): "Mes données professionnelles" then shows the
/// company's own data to its members and both principals' to the fiduciary's.
async fn certify_and_represent(
    store: &Store,
    company: &str,
    fiduciary: &str,
    claire: &Holder,
    marc: &Holder,
) -> DbResult<()> {
    let claire = Actor::from(claire);
    store
        .espaces
        .edit(
            &EspaceId::from(company),
            &claire,
            ProfileField::NationalId,
            None,
            Some(MULLER_ID),
            now(),
        )
        .await?
        .expect("a new eSpace's national identifier is empty");
    for (company_id, kind, espace, by) in [
        (MULLER_ID, CodeKind::Owner, company, &claire),
        (MULLER_ID, CodeKind::Proxy, fiduciary, &Actor::from(marc)),
        (SCHMIT_ID, CodeKind::Proxy, fiduciary, &Actor::from(marc)),
    ] {
        let order = CodeOrder {
            company: company_id.into(),
            domain: Domain::Tax,
            kind,
            activation_deadline: now() + CERTIFICATE_VALIDITY,
            end_of_use: None,
        };
        let (_, code) = codes::issue(store, &order, 1, DEMO_OPERATOR, now())
            .await?
            .expect("a fresh database holds no owner code yet")
            .remove(0);
        store
            .access_codes
            .register(
                &EspaceId::from(espace),
                &link::hash(code.as_str()),
                kind,
                by,
                now(),
            )
            .await?
            .expect("a code just issued registers");
    }
    Ok(())
}

/// What the authentic sources hold about the demo companies: the files in this folder, which are
/// also examples of the format `espace sources import` reads.
async fn import_sources(store: &Store) -> DbResult<()> {
    for (source, file) in [
        (Source::Register, include_str!("register.csv")),
        (Source::Vat, include_str!("vat.csv")),
        (Source::Employer, include_str!("employer.csv")),
    ] {
        let rows = business_data::read(source, file).expect("the demo files are well formed");
        store
            .authentic_sources
            .import(source, &rows, DEMO_OPERATOR, now())
            .await?;
    }
    Ok(())
}

/// The demo data's back-office operator (`espace … --operator demo`).
pub const DEMO_OPERATOR: &str = "demo";

fn ssn_of(text: &str) -> Ssn {
    Ssn::parse(text).expect("demo SSNs are 20 digits")
}
