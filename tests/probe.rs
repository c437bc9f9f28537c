//! What a hostile probe of the running server found (issue 18), each as a test against the
//! server process: its answers, and what it logs.

mod common;

use common::{
    CLAIRE,
    process::{Client, Server, server_log},
};

/// A scanner's made-up addresses get the 404 page, with the site's headers, rendered like any
/// page (the person signed in shows), and cost the log no error: an error per unknown address
/// would let a scanner flood the log and drown the errors that matter.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_addresses_answer_404_and_log_no_error() {
    let dir = common::test_dir();
    let server = Server::start(dir.path(), &common::database_url(dir.path(), "probe.db"));
    let (mut claire, _) = Client::signed_in(server.port, CLAIRE)
        .await
        .expect("signs in");
    for path in ["/no/such/page", "/wp-admin.php", "/.env", "/espace/made-up"] {
        let (status, headers, body) = claire.get(path).await.expect("answers");
        assert_eq!(status, 404, "{path}");
        assert!(headers.contains_key("content-security-policy"), "{path}");
        assert!(body.contains("Page introuvable"), "{path}: {body}");
        assert!(
            body.contains("Claire Muller"),
            "{path}: the header knows who is signed in"
        );
    }
    let log = server_log(dir.path());
    assert!(!log.contains("ERROR"), "{log}");
}
