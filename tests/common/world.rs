//! A world to call every server function in: Muller & Fils with a mandate it gave, a
//! procedure, an invitation, members in each role, and a caller of each kind; each function's
//! call on that data and who may make it (the authorisation matrix); and a snapshot of every
//! table, to show that a refused call changed nothing.

use super::{mandates::*, *};
use espace::domain::quota::QuotaLimits;
use serde_json::Value;

pub const ANNA: &str = "73920584617392058461"; // no eSpace
pub const TOM: &str = "84150392768415039276"; // creates an eSpace of his own
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// Who calls, from least to most power over Muller & Fils: the order the matrix runs in, so
/// that what an administrator's call changes cannot hide a refusal of someone else's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    /// The administration's operators have no portal identity (the back office is a command of
    /// the server): on the web they are anonymous, and signing in as one is impossible.
    Operator,
    NonMember,
    AdministratorElsewhere,
    DeactivatedMember,
    WithoutSignature,
    Manager,
    Administrator,
}

pub const CALLERS: [Caller; 8] = [
    Caller::Anonymous,
    Caller::Operator,
    Caller::NonMember,
    Caller::AdministratorElsewhere,
    Caller::DeactivatedMember,
    Caller::WithoutSignature,
    Caller::Manager,
    Caller::Administrator,
];

/// What became of a call: the power check let it through (`P`: it ran, whatever its answer on
/// the merits), or it was refused as not signed in (`S`), not found (`N`) or forbidden (`F`).
pub fn outcome(reply: &Reply) -> char {
    assert!(
        reply.status < 500,
        "a power check never ends in a server error: {} {}",
        reply.status,
        reply.body
    );
    if reply.status != 200 {
        return 'H';
    }
    match serde_json::from_str::<Value>(&reply.body) {
        Ok(answer) if answer["Err"] == "NotSignedIn" => 'S',
        Ok(answer) if answer["Err"] == "NotFound" => 'N',
        Ok(answer) if answer["Err"] == "Forbidden" => 'F',
        _ => 'P',
    }
}

// Expected outcomes, one character per caller in `CALLERS` order.
/// Anyone, signed in or not.
const PUBLIC: &str = "PPPPPPPP";
/// Anyone signed in, about themselves.
const PERSONAL: &str = "SSPPPPPP";
/// Only the person an invitation is addressed to (none of the callers).
const ADDRESSEE: &str = "SSNNNNNN";
/// Every active member of the eSpace (see it and its users; create, modify, submit procedures).
const MEMBER: &str = "SSNNNPPP";
/// Members who may sign.
const SIGNER: &str = "SSNNNFPP";
/// Its administrators (profile, users, certifications).
const ADMINISTRATOR: &str = "SSNNNFFP";
/// A download, which every member may make: anyone else gets the same 404 (`H`), not an answer.
const DOWNLOAD: &str = "HHHHHPPP";

/// The functions a plain link calls (GET), answering a file.
pub const DOWNLOADS: [&str; 2] = ["download_document", "procedure_pdf"];

/// Muller & Fils with everything a call can name: a mandate it gave, a procedure, an
/// invitation, members in each role, and a caller of each kind.
pub struct World {
    pub scene: Scene,
    pub callers: Vec<(Caller, Browser)>,
    pub mandate: String,
    pub procedure: String,
    pub version: String,
    pub invitation: String,
    pub secret: String,
    pub sophie: String,
    /// A document of Muller's "Mes documents".
    pub document: String,
    /// A message to Muller, and the document it came with.
    pub message: String,
    pub message_document: String,
}

pub async fn world() -> World {
    world_with(QuotaLimits::default()).await
}

pub async fn world_with(quotas: QuotaLimits) -> World {
    let mut scene = scene_with(quotas).await;
    let mandate = mandate(&mut scene).await;
    let muller = scene.muller.clone();
    let (procedure, version) = {
        let created = scene
            .claire
            .answer(
                "create_procedure",
                &[
                    ("espace_id", &muller),
                    ("kind", "registered_address"),
                    ("principal", ""),
                ],
            )
            .await;
        let id = created["Ok"].as_str().unwrap().to_owned();
        (id, "1".to_owned())
    };
    let invitation = scene.claire.invite_laura(&muller).await;
    let mail = outbox(&scene.dir).await.pop().unwrap().2;
    let start = mail.find("/invitation/").unwrap() + "/invitation/".len();
    let secret: String = mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let sophie = scene.claire.members(&muller).await["Ok"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["family_name"] == "Klein")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let document = scene
        .claire
        .stored_document(&muller, "statuts.pdf", PDF)
        .await;
    let message = send_message(
        &scene.dir,
        &muller,
        "Attestation",
        &[("attestation.pdf", PDF)],
    )
    .await;
    let message_document = scene
        .claire
        .answer(
            "open_message",
            &[("espace_id", &muller), ("message_id", &message)],
        )
        .await["Ok"]["attachments"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let signed_in = |ssn: &'static str| {
        let mut browser = scene.claire.another();
        async move {
            browser.sign_in(ssn).await;
            browser
        }
    };
    let mut tom = signed_in(TOM).await;
    let created = tom
        .answer(
            "create_espace",
            &[("name", "Reuter SARL"), ("procedure_language", "fr")],
        )
        .await;
    assert!(created["Ok"].is_string(), "{created}");
    let callers = vec![
        (Caller::Anonymous, scene.claire.another()),
        (Caller::Operator, scene.claire.another()),
        (Caller::NonMember, signed_in(ANNA).await),
        (Caller::AdministratorElsewhere, tom),
        (Caller::DeactivatedMember, signed_in(MARC).await),
        (Caller::WithoutSignature, signed_in(SOPHIE).await),
        (Caller::Manager, signed_in(JEAN).await),
        (Caller::Administrator, signed_in(CLAIRE).await),
    ];
    World {
        scene,
        callers,
        mandate,
        procedure,
        version,
        invitation,
        secret,
        sophie,
        document,
        message,
        message_document,
    }
}

/// A server function called with its arguments.
pub struct Call {
    pub endpoint: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// The outcome expected of each of the `CALLERS`: one letter each, as `PUBLIC` and the
    /// others spell it.
    pub expected: &'static str,
}

/// The matrix below is a table: one row per function, in that order.
impl From<(&'static str, Vec<(&'static str, String)>, &'static str)> for Call {
    fn from(
        (endpoint, args, expected): (&'static str, Vec<(&'static str, String)>, &'static str),
    ) -> Self {
        Self {
            endpoint,
            args,
            expected,
        }
    }
}

/// Every function's call on Muller's data and the outcome expected of each caller.
pub fn matrix(w: &World) -> Vec<Call> {
    let m = || ("espace_id", w.scene.muller.clone());
    let s = |k: &'static str, v: &str| (k, v.to_owned());
    let member = |id: &str| vec![m(), s("member_id", id)];
    let mandate = || vec![m(), s("mandate_id", &w.mandate)];
    let procedure = || vec![m(), s("id", &w.procedure)];
    let document = || vec![m(), s("document_id", &w.document)];
    let message = || vec![m(), s("message_id", &w.message)];
    let with = |mut pairs: Vec<(&'static str, String)>, more: &[(&'static str, &str)]| {
        pairs.extend(more.iter().map(|(k, v)| s(k, v)));
        pairs
    };
    [
        ("current_session", vec![], PUBLIC),
        ("login_options", vec![], PUBLIC),
        ("load_about", vec![s("page", "help")], PUBLIC),
        ("sign_in_demo", vec![s("ssn", LAURA)], PUBLIC),
        ("sign_out", vec![], PUBLIC),
        ("save_language", vec![s("language", "de")], PUBLIC),
        // the idle warning's "stay signed in": for a session still signed in
        ("stay_signed_in", vec![], PERSONAL),
        ("open_invitation", vec![s("secret", &w.secret)], PUBLIC),
        (
            "search_nace",
            vec![s("query", "boulangerie"), s("language", "fr")],
            PERSONAL,
        ),
        ("my_invitations", vec![], PERSONAL),
        ("load_own_profile", vec![], PERSONAL),
        (
            "save_contact",
            vec![
                s("email", "someone@example.lu"),
                s("phone", ""),
                s("mobile", ""),
                s("fax", ""),
                s("function", ""),
            ],
            PERSONAL,
        ),
        (
            "create_espace",
            vec![s("name", "Nouvelle SARL"), s("procedure_language", "fr")],
            PERSONAL,
        ),
        // the secret of the invitation link is the credential: its holder, signed in or not
        (
            "request_new_invitation",
            vec![s("secret", &w.secret)],
            PUBLIC,
        ),
        (
            "accept_invitation",
            vec![s("member_id", &w.invitation)],
            ADDRESSEE,
        ),
        (
            "refuse_invitation",
            vec![s("member_id", &w.invitation)],
            ADDRESSEE,
        ),
        ("load_espace", vec![m()], MEMBER),
        ("load_certifications", vec![m()], MEMBER),
        ("list_procedures", vec![m()], MEMBER),
        (
            "procedure_principals",
            vec![m(), s("kind", "registered_address")],
            MEMBER,
        ),
        (
            "create_procedure",
            vec![m(), s("kind", "registered_address"), s("principal", "")],
            MEMBER,
        ),
        ("load_procedure", procedure(), MEMBER),
        (
            "save_procedure",
            with(procedure(), &[("version", &w.version)]),
            MEMBER,
        ),
        ("submit_procedure", procedure(), MEMBER),
        (
            "attach_new_document",
            with(procedure(), &[("field", "proof")]),
            MEMBER,
        ),
        (
            "sign_procedure",
            with(procedure(), &[("version", &w.version)]),
            SIGNER,
        ),
        (
            "edit_profile",
            vec![
                m(),
                s("field", "trade_name"),
                s("expected", ""),
                s("value", "Muller"),
            ],
            ADMINISTRATOR,
        ),
        (
            "list_members",
            vec![
                m(),
                s("search", ""),
                s("role", ""),
                s("status", ""),
                s("page", "1"),
            ],
            MEMBER,
        ),
        // every member sees who the others are; only administrators change them
        ("load_member", member(&w.sophie), MEMBER),
        // "Suivant" without JavaScript: checks step 1 for those who may invite
        (
            "invitation_step",
            vec![
                m(),
                s("step", "access"),
                s("given_name", "Anna"),
                s("family_name", "Becker"),
                s("email", "anna.becker@example.lu"),
            ],
            ADMINISTRATOR,
        ),
        (
            "invite_member",
            vec![
                m(),
                s("given_name", "Anna"),
                s("family_name", "Becker"),
                s("email", "anna.becker@example.lu"),
                s("ssn", ANNA),
                s("scope", "this_certificate"),
                s("role", "manager"),
            ],
            ADMINISTRATOR,
        ),
        (
            "bulk_invite",
            vec![
                m(),
                s("csv", "given_name;family_name;email;ssn;role;scope\n"),
            ],
            ADMINISTRATOR,
        ),
        (
            "change_role",
            with(member(&w.sophie), &[("role", "manager")]),
            ADMINISTRATOR,
        ),
        (
            "change_scope",
            with(member(&w.sophie), &[("scope", "all_certificates")]),
            ADMINISTRATOR,
        ),
        (
            "edit_member",
            with(
                member(&w.sophie),
                &[
                    ("given_name", "Sophie"),
                    ("family_name", "Klein"),
                    ("email", "sophie.klein@muller-fils.example"),
                    ("phone", "+352 26 12 34 56"),
                    ("mobile", ""),
                    ("fax", ""),
                    ("function", "Comptable"),
                ],
            ),
            ADMINISTRATOR,
        ),
        ("deactivate_member", member(&w.sophie), ADMINISTRATOR),
        ("reactivate_member", member(&w.sophie), ADMINISTRATOR),
        ("delete_member", member(&w.sophie), ADMINISTRATOR),
        ("resend_invitation", member(&w.invitation), ADMINISTRATOR),
        ("withdraw_invitation", member(&w.invitation), ADMINISTRATOR),
        ("activity_log", vec![m(), s("page", "1")], ADMINISTRATOR),
        // every role registers codes (help "Representative")
        (
            "register_code",
            vec![m(), s("code", "ABCD-EFGH-JKLM-NPQR"), s("kind", "proxy")],
            MEMBER,
        ),
        ("revoke_mandate", mandate(), ADMINISTRATOR),
        (
            "set_mandate_end",
            with(mandate(), &[("end", "2031-12-31")]),
            ADMINISTRATOR,
        ),
        (
            "set_mandate_scope",
            with(mandate(), &[("scope", "data")]),
            ADMINISTRATOR,
        ),
        ("renew_mandate_codes", mandate(), ADMINISTRATOR),
        (
            "request_certification",
            vec![
                m(),
                s("domain", "sports"),
                s("description", "Club sportif."),
            ],
            ADMINISTRATOR,
        ),
        ("list_documents", vec![m()], MEMBER),
        ("add_document", vec![m()], MEMBER),
        ("download_document", document(), DOWNLOAD),
        (
            "procedure_pdf",
            with(procedure(), &[("pdf", "form")]),
            DOWNLOAD,
        ),
        (
            "rename_document",
            with(document(), &[("name", "Statuts signés.pdf")]),
            MEMBER,
        ),
        ("delete_document", document(), MEMBER),
        ("list_messages", vec![m()], MEMBER),
        ("load_business_data", vec![m()], MEMBER),
        ("open_message", message(), MEMBER),
        (
            "reply_to_message",
            with(message(), &[("body", "Voici l'attestation.")]),
            MEMBER,
        ),
        (
            "keep_message_document",
            vec![m(), s("document_id", &w.message_document)],
            MEMBER,
        ),
    ]
    .into_iter()
    .map(Call::from)
    .collect()
}

/// Everything the app keeps, but sessions (a sign-in is not a change of data) and the mail
/// sender's own delivery bookkeeping (it runs on its own time).
pub async fn contents(dir: &tempfile::TempDir) -> String {
    dump(&database_url(dir.path(), "test.db"), |table, column| {
        table != "tower_sessions"
            && (table != "outbox" || ["recipient", "subject", "body"].contains(&column))
    })
    .await
}

/// What the test database `name` keeps, to look for secrets in: the bytes of SQLite's files,
/// or on PostgreSQL every row of every table (its files keep dead row versions until VACUUM
/// FULL rewrites them, which is the database administrator's).
pub async fn stored(dir: &std::path::Path, name: &str) -> Vec<u8> {
    if on_postgres() {
        return every_row(&database_url(dir, name)).await.into_bytes();
    }
    let mut bytes = Vec::new();
    for file in [name.to_owned(), format!("{name}-wal")] {
        if let Ok(content) = std::fs::read(dir.join(file)) {
            bytes.extend(content);
        }
    }
    bytes
}

/// Every row of every table of the database `url`, as text.
pub async fn every_row(url: &str) -> String {
    dump(url, |_, _| true).await
}

/// The rows of every table (but the migrations' own), each the columns `keep` keeps.
async fn dump(url: &str, keep: impl Fn(&str, &str) -> bool) -> String {
    let db = connect(url).await;
    let (tables, columns, quote) = if on_postgres() {
        (
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_name <> '_sqlx_migrations' ORDER BY table_name",
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 \
             ORDER BY ordinal_position",
            "quote_nullable(\"{}\"::text)",
        )
    } else {
        (
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name <> '_sqlx_migrations' ORDER BY name",
            "SELECT name FROM pragma_table_info($1)",
            "quote(\"{}\")",
        )
    };
    let tables: Vec<String> = sqlx::query_scalar(tables).fetch_all(&db).await.unwrap();
    let mut all = String::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar(columns)
            .bind(&table)
            .fetch_all(&db)
            .await
            .unwrap();
        let columns: Vec<String> = columns
            .into_iter()
            .filter(|c| keep(&table, c))
            .map(|c| quote.replace("{}", &c))
            .collect();
        if columns.is_empty() {
            continue;
        }
        let rows: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT {} FROM \"{table}\" ORDER BY 1",
            columns.join(" || '|' || ")
        ))
        .fetch_all(&db)
        .await
        .unwrap();
        all.push_str(&format!("{table}: {}\n", rows.join("\n")));
    }
    db.close().await;
    all
}

pub async fn call(browser: &mut Browser, endpoint: &str, args: &[(&'static str, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if DOWNLOADS.contains(&endpoint) {
        let query = serde_urlencoded::to_string(&pairs).unwrap();
        return browser.get(&format!("/api/{endpoint}?{query}"), None).await;
    }
    if endpoint == "add_document" || endpoint == "attach_new_document" {
        return browser
            .post_multipart(
                endpoint,
                &pairs,
                &[("file", "statuts.pdf", PDF)],
                "application/json",
            )
            .await;
    }
    if endpoint == "request_certification" {
        browser
            .post_multipart(
                endpoint,
                &pairs,
                &[("documents", "statuts.pdf", PDF)],
                "application/json",
            )
            .await
    } else {
        browser.call(endpoint, &pairs).await
    }
}
