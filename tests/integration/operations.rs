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
