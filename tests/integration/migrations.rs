//! Migrations that rewrite rows: what an older database held reads back as it did.

use crate::common;
use espace::domain::timestamp::Timestamp;

use common::*;
use espace::domain::{
    access_code::{CodeKind, Domain},
    activity::Action,
    mandate::MandateScope,
    member::AccessScope,
    person::{MemberField, MemberFieldChange},
    profile::ProfileField,
    role::Role,
};

/// Migration 0021 turned the activity log's details into typed JSON. Rows written before it, in
/// each of the older forms (`old>new`, a bare code, free text, JSON), read back as the actions
/// they recorded.
#[tokio::test]
async fn older_activity_rows_read_back_unchanged_once_their_details_are_json() {
    use Action::*;
    let older: Vec<(&str, Option<&str>, Action)> = vec![
        ("invited", None, Invited),
        ("accepted", None, Accepted),
        ("refused", None, Refused),
        ("deactivated", None, Deactivated),
        ("reactivated", None, Reactivated),
        ("deleted", None, Deleted),
        ("resent", None, Resent),
        ("withdrawn", None, Withdrawn),
        ("new_invitation_requested", None, NewInvitationRequested),
        ("espace_created", None, EspaceCreated),
        ("document_added", None, DocumentAdded),
        ("document_deleted", None, DocumentDeleted),
        ("message_answered", None, MessageAnswered),
        (
            "role_changed",
            Some("without_signature>administrator"),
            RoleChanged {
                from: Role::WithoutSignature,
                to: Role::Administrator,
            },
        ),
        (
            "scope_changed",
            Some("all_certificates>this_certificate"),
            ScopeChanged {
                from: AccessScope::AllCertificates,
                to: AccessScope::ThisCertificate,
            },
        ),
        (
            "profile_edited",
            Some(r#"{"field":"trade_name","from":"a>b \"c\"","to":null}"#),
            ProfileEdited {
                field: ProfileField::TradeName,
                from: Some("a>b \"c\"".into()),
                to: None,
            },
        ),
        (
            "member_edited",
            Some(r#"[{"field":"phone","from":"+352 26 00 > 1","to":null}]"#),
            MemberEdited {
                changes: vec![MemberFieldChange {
                    field: MemberField::Phone,
                    from: Some("+352 26 00 > 1".into()),
                    to: None,
                }],
            },
        ),
        (
            "code_registered",
            Some("proxy>social_elections"),
            CodeRegistered {
                kind: CodeKind::Proxy,
                domain: Domain::SocialElections,
            },
        ),
        (
            "mandate_revoked",
            Some("tax"),
            MandateRevoked {
                domain: Domain::Tax,
            },
        ),
        (
            "mandate_end_set",
            Some("tax>1814399999"),
            MandateEndSet {
                domain: Domain::Tax,
                end: Some(Timestamp::from_unix(1_814_399_999)),
            },
        ),
        (
            "mandate_end_set",
            Some("sports_federations>"),
            MandateEndSet {
                domain: Domain::SportsFederations,
                end: None,
            },
        ),
        (
            "mandate_scope_set",
            Some("social_security>data"),
            MandateScopeSet {
                domain: Domain::SocialSecurity,
                scope: MandateScope::Data,
            },
        ),
        (
            "mandate_codes_renewed",
            Some("tax"),
            MandateCodesRenewed {
                domain: Domain::Tax,
            },
        ),
        (
            "certification_requested",
            Some("sports_federations"),
            CertificationRequested {
                domain: Domain::SportsFederations,
            },
        ),
        (
            "certification_approved",
            Some("social_elections"),
            CertificationDecided {
                domain: Domain::SocialElections,
                approved: true,
            },
        ),
        (
            "certification_rejected",
            Some("tax"),
            CertificationDecided {
                domain: Domain::Tax,
                approved: false,
            },
        ),
        (
            "procedure_started",
            Some("registered_address"),
            ProcedureStarted {
                kind: "registered_address".into(),
            },
        ),
        (
            "procedure_saved",
            Some("registered_address"),
            ProcedureSaved {
                kind: "registered_address".into(),
            },
        ),
        (
            "procedure_signed",
            Some("registered_address"),
            ProcedureSigned {
                kind: "registered_address".into(),
            },
        ),
        (
            "procedure_submitted",
            Some("registered_address"),
            ProcedureSubmitted {
                kind: "registered_address".into(),
            },
        ),
        (
            "document_renamed",
            Some(r#"statuts > "vieux".pdf"#),
            DocumentRenamed {
                from: r#"statuts > "vieux".pdf"#.into(),
            },
        ),
    ];
    let dir = common::test_dir();
    let url = database_url(dir.path(), "older.db");
    let db = database_before(&dir, &url, 21).await;
    sqlx::query(
        "INSERT INTO persons (id, given_name, family_name, email, created_at) \
         VALUES ('p', 'Claire', 'Muller', 'claire@example.lu', 0)",
    )
    .execute(&db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO espaces (id, name, owner_person_id, created_at) VALUES ('e', 'Muller', 'p', 0)",
    )
    .execute(&db)
    .await
    .unwrap();
    for (index, (code, detail, _)) in older.iter().enumerate() {
        sqlx::query(
            "INSERT INTO activity (id, espace_id, at, actor_person_id, actor_name, action, detail, member_id, member_name) \
             VALUES ($1, 'e', $2, 'p', 'Claire Muller', $3, $4, NULL, '')",
        )
        .bind(format!("{index:04}"))
        .bind(index as i64)
        .bind(code)
        .bind(detail)
        .execute(&db)
        .await
        .unwrap();
    }
    db.close().await;

    let store = espace::server::db::sql::Pools::open(&url)
        .await
        .unwrap()
        .store();
    let mut read = Vec::new();
    for page in 1.. {
        let entries = store.members.activity(&"e".into(), page).await.unwrap();
        read.extend(entries.entries.into_iter().map(|entry| entry.action));
        if !entries.has_more {
            break;
        }
    }
    read.reverse();
    let expected: Vec<Action> = older.into_iter().map(|(_, _, action)| action).collect();
    assert_eq!(read, expected);
}

/// A new database at the schema the migrations before `version` made.
async fn database_before(dir: &TestDir, url: &str, version: u32) -> sqlx::AnyPool {
    let engine = if on_postgres() { "postgres" } else { "sqlite" };
    let before = dir.path().join("migrations");
    std::fs::create_dir(&before).unwrap();
    for file in std::fs::read_dir(format!("migrations/{engine}")).unwrap() {
        let file = file.unwrap();
        let name = file.file_name().into_string().unwrap();
        if name < format!("{version:04}") {
            std::fs::copy(file.path(), before.join(name)).unwrap();
        }
    }
    let db = if on_postgres() {
        use sqlx::migrate::MigrateDatabase;
        sqlx::Postgres::create_database(url).await.unwrap();
        connect(url).await
    } else {
        connect(&format!("{url}?mode=rwc")).await
    };
    sqlx::migrate::Migrator::new(before.as_path())
        .await
        .unwrap()
        .run(&db)
        .await
        .unwrap();
    db
}
