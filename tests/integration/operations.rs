//! What an operator's tools ask of a running server: liveness and readiness.

use crate::common;

use common::*;
use espace::server::config::SignIn;

#[tokio::test]
async fn readiness_asks_the_database_for_its_migrations() {
    let dir = common::test_dir();
    let mut probe = Browser::start(&dir, SignIn::Demo).await;
    let live = probe.get("/healthz", None).await;
    assert_eq!((live.status, live.body.as_str()), (200, "alive\n"));
    let ready = probe.get("/readyz", None).await;
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready\n"));
    assert!(
        ready.headers.get("set-cookie").is_none(),
        "no session for a probe"
    );
    assert!(ready.headers.get("x-request-id").is_some());

    // as if another server had not finished migrating the database yet
    let db = database(&dir).await;
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&db)
    .await
    .unwrap();
    let ready = probe.get("/readyz", None).await;
    assert_eq!(
        (ready.status, ready.body.as_str()),
        (503, "not ready: migrations\n")
    );
    let live = probe.get("/healthz", None).await;
    assert_eq!(live.status, 200, "alive all the same");
}

#[tokio::test]
async fn answers_of_a_known_length_are_compressed_and_pages_are_not() {
    use std::io::Read;
    let dir = common::test_dir();
    // a page of five members is smaller than the default's 32 KiB
    let settings = espace::server::config::Config {
        compression_min_kib: 1,
        ..config(&dir, SignIn::Demo)
    };
    let mut claire = Browser::start_with(settings, Default::default()).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let members = |encoding: &'static str| {
        claire
            .with_cookies(http::Request::post("/api/list_members"))
            .header("origin", common::ORIGIN)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept-encoding", encoding)
            .body(axum::body::Body::from(format!(
                "espace_id={muller}&search=&role=&status=&page=1"
            )))
            .unwrap()
    };
    let (plain, gzip) = (members("identity"), members("br, gzip"));
    let plain = claire.send(plain).await;
    let gzip = claire.send(gzip).await;
    assert_eq!(plain.status, 200, "{}", plain.body);
    assert!(plain.headers.get("content-encoding").is_none());
    assert_eq!(gzip.headers["content-encoding"], "gzip", "gzip, not brotli");
    assert!(
        gzip.headers["vary"]
            .to_str()
            .unwrap()
            .contains("accept-encoding")
    );
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&gzip.bytes[..])
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain.body, "the same answer");
    assert!(gzip.bytes.len() < plain.bytes.len());

    // a page, streamed as it renders, is left to the reverse proxy; a short answer as it is
    for path in [espace::paths::users(&muller), "/healthz".to_owned()] {
        let request = claire
            .with_cookies(http::Request::get(path.as_str()))
            .header("accept-encoding", "gzip")
            .body(axum::body::Body::empty())
            .unwrap();
        let reply = claire.send(request).await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(reply.headers.get("content-encoding").is_none(), "{path}");
    }
}

#[tokio::test]
async fn the_footers_pages_say_what_the_operator_configured_in_each_language() {
    use espace::domain::about::Translated;
    let dir = common::test_dir();
    let mut settings = config(&dir, SignIn::Demo);
    settings.about.legal = Translated::new(
        "Éditeur : Ville d'Esch",
        "Herausgeber: Stadt Esch",
        "Publisher: City of Esch",
    );
    settings.about.help_email = "hotline@esch.example".into();
    settings.about.help_phone = Some("+352 2754 1".into());
    let mut visitor = Browser::start_with(settings, Default::default()).await;
    let legal = visitor.answer("load_about", &[("page", "legal")]).await;
    assert_eq!(legal["Ok"]["text"]["fr"], "Éditeur : Ville d'Esch");
    assert_eq!(legal["Ok"]["text"]["de"], "Herausgeber: Stadt Esch");
    assert_eq!(
        legal["Ok"]["email"],
        serde_json::Value::Null,
        "the contact is help's"
    );
    let help = visitor.answer("load_about", &[("page", "help")]).await;
    assert_eq!(help["Ok"]["email"], "hotline@esch.example");
    assert_eq!(help["Ok"]["phone"], "+352 2754 1");
    assert_eq!(
        visitor.answer("load_about", &[("page", "admin")]).await,
        serde_json::json!({"Err": "NotFound"})
    );
    // the page, without signing in, in German
    let page = visitor.get("/about/legal", Some("de")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Herausgeber: Stadt Esch"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Impressum"));
    let help = visitor.get("/about/help", Some("fr")).await;
    assert!(help.body.contains("mailto:hotline@esch.example"));
    assert!(help.body.contains("tel:+35227541"));
    assert_eq!(visitor.get("/about/admin", None).await.status, 404);
}
