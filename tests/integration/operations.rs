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
async fn pages_and_answers_are_compressed_for_browsers_that_accept_it() {
    use std::io::Read;
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let page = espace::paths::users(&muller);
    let get = |encoding: &'static str| {
        claire
            .with_cookies(http::Request::get(page.as_str()))
            .header("accept-encoding", encoding)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let (plain, gzip, brotli) = (get("identity"), get("gzip"), get("br, gzip"));
    let plain = claire.send(plain).await;
    let gzip = claire.send(gzip).await;
    let brotli = claire.send(brotli).await;
    assert!(plain.headers.get("content-encoding").is_none());
    assert_eq!(gzip.headers["content-encoding"], "gzip");
    assert_eq!(brotli.headers["content-encoding"], "br");
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
    let users = |html: &str| html.matches("Muller").count();
    assert!(users(&plain.body) > 0);
    assert_eq!(users(&unzipped), users(&plain.body), "the same page");
    assert!(
        gzip.bytes.len() * 2 < plain.bytes.len(),
        "{} of {} bytes",
        gzip.bytes.len(),
        plain.bytes.len()
    );
    // a short answer is sent as it is
    let probe = claire
        .with_cookies(http::Request::get("/healthz"))
        .header("accept-encoding", "gzip")
        .body(axum::body::Body::empty())
        .unwrap();
    let probe = claire.send(probe).await;
    assert!(probe.headers.get("content-encoding").is_none());
}
