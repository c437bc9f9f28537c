//! Certificate sign-in over real mutual TLS: the login listener (rustls, the app's own accept
//! loop) with the project's test PKI, a client presenting each kind of certificate, and the
//! reverse-proxy mode. Every refusal must land on the sign-in page saying why, never a 5xx.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

mod common;

use axum::{body::Body, extract::ConnectInfo, http::Request};
use common::{Browser, CLAIRE, ORIGIN, config, logs};
use espace::{
    domain::certificate::SignInRefusal,
    paths::CERTIFICATE_SIGN_IN as PATH,
    server::{
        certificate::{
            TrustStore,
            pki::{Dates, Issued, Subject, TestPki, flaws},
            renewal, tls,
        },
        clock::Clock,
        config::{Config, ProxySecret, SignIn},
        sign_in::PROXY_SECRET_HEADER,
    },
};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName, pem::PemObject};
use serde_json::Value;
use std::{net::SocketAddr, sync::Arc};

const CLAIRE_SUBJECT: Subject<'static> = Subject {
    ssn: CLAIRE,
    given_name: "Claire",
    family_name: "Muller",
};

/// Claire's second certificate (her phone's).
const CLAIRE_SUBJECT_2: Subject<'static> = Subject {
    ssn: common::CLAIRE_MOBILE,
    given_name: "Claire",
    family_name: "Muller",
};

/// A portal in certificate mode: its router (for plain requests) and its login listener.
struct Portal {
    browser: Browser,
    login: SocketAddr,
    pki: TestPki,
    authority: String,
    dir: common::TestDir,
    /// The app's clock, which the test may move.
    clock: Clock,
}

fn certificate_config(dir: &tempfile::TempDir, pki: &TestPki) -> Config {
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let server = pki.server(&["localhost", "127.0.0.1"]).unwrap();
    Config {
        trust_anchors: Some(write("authority.pem", &pki.authority_pem())),
        revocation_lists: Some(write(
            "revocation-list.pem",
            &pki.revocation_list_pem().unwrap(),
        )),
        tls_certificate: Some(write("server.pem", &server.certificate)),
        tls_key: Some(write("server-key.pem", &server.key)),
        login_addr: Some("127.0.0.1:3443".parse().unwrap()),
        ..config(dir, SignIn::Certificate)
    }
}

impl Portal {
    async fn start() -> Self {
        let dir = common::test_dir();
        let pki = TestPki::new().unwrap();
        let config = certificate_config(&dir, &pki);
        let trust = TrustStore::load(
            config.trust_anchors.as_ref().unwrap(),
            config.revocation_lists.as_ref().unwrap(),
        )
        .unwrap();
        let certificate = tls::ServerCertificate::load(
            config.tls_certificate.as_ref().unwrap(),
            config.tls_key.as_ref().unwrap(),
        )
        .unwrap();
        let clock = Clock::default();
        // as the server does
        renewal::spawn(certificate.clone(), clock.clone());
        let tls_config = tls::server_config(certificate, Some(trust.subjects())).unwrap();
        let browser = Browser::start_with(config, clock.clone()).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let login = listener.local_addr().unwrap();
        tokio::spawn(tls::serve(
            listener,
            tls_config,
            browser.app.clone(),
            std::future::pending(),
        ));
        let authority = pki.authority_pem();
        Self {
            browser,
            login,
            pki,
            authority,
            dir,
            clock,
        }
    }

    /// A TLS connection to the login listener, presenting `certificate` in the handshake and
    /// offering only HTTP/1.1.
    async fn connect(
        &self,
        certificate: Option<&Issued>,
    ) -> tokio_rustls::client::TlsStream<tokio::net::TcpStream> {
        connect(self.login, &self.authority, certificate).await
    }

    /// `GET /certificate/sign-in` on the login listener, presenting `certificate` in the TLS
    /// handshake: the status, where it redirects, and the session cookie it set.
    async fn present(&self, certificate: Option<&Issued>) -> (u16, String, Option<String>) {
        let tls = self.connect(certificate).await;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .unwrap();
        tokio::spawn(connection);
        let response = sender
            .send_request(
                Request::get(PATH)
                    .header("host", format!("localhost:{}", self.login.port()))
                    .body(Empty::<Bytes>::new())
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let session = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned())
            .find(|c| c.starts_with("espace_session="));
        let _ = response.into_body().collect().await;
        (status, location, session)
    }

    /// Who the session cookie `cookie` ("name=value") is signed in as, asked of the app.
    async fn viewer_with(&self, cookie: &str) -> Value {
        let mut browser = self.browser.another();
        let (name, value) = cookie.split_once('=').unwrap();
        browser.cookies.insert(name.into(), value.into());
        browser.viewer().await
    }
}

/// A TLS connection to `login` (whose certificate `authority` issued), presenting
/// `certificate` in the handshake and offering only HTTP/1.1.
async fn connect(
    login: SocketAddr,
    authority: &str,
    certificate: Option<&Issued>,
) -> tokio_rustls::client::TlsStream<tokio::net::TcpStream> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(authority.as_bytes()).unwrap())
        .unwrap();

    let builder = rustls::ClientConfig::builder_with_provider(Arc::new(tls::provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots);
    let mut client = match certificate {
        Some(issued) => builder
            .with_client_auth_cert(
                vec![CertificateDer::from_pem_slice(issued.certificate.as_bytes()).unwrap()],
                PrivateKeyDer::from_pem_slice(issued.key.as_bytes()).unwrap(),
            )
            .unwrap(),
        None => builder.with_no_client_auth(),
    };
    client.alpn_protocols = vec![b"http/1.1".to_vec()];
    let tcp = tokio::net::TcpStream::connect(login).await.unwrap();
    tokio_rustls::TlsConnector::from(Arc::new(client))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .expect("the handshake succeeds whatever the certificate")
}

fn refused_at(refusal: SignInRefusal) -> String {
    format!("{ORIGIN}/login?refused={}", refusal.code())
}

#[tokio::test]
async fn a_valid_certificate_signs_its_holder_in_with_a_fresh_session() {
    let portal = Portal::start().await;
    let certificate = portal.pki.person(&CLAIRE_SUBJECT, None).unwrap();
    let (status, location, session) = portal.present(Some(&certificate)).await;
    assert_eq!((status, location.as_str()), (303, &*format!("{ORIGIN}/")));
    let viewer = portal
        .viewer_with(&session.expect("a session cookie"))
        .await;
    assert_eq!(viewer["certificate"]["ssn"], CLAIRE);
    assert_eq!(viewer["given_name"], "Claire");
    assert_eq!(viewer["espaces"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn every_bad_certificate_is_refused_with_its_reason_and_no_session() {
    let logs = logs::captured();
    let portal = Portal::start().await;
    assert_eq!(flaws().count(), 9, "every refusal a certificate can earn");
    for flaw in flaws() {
        // the certificate is made with this flaw; the portal must find it out by itself
        let certificate = portal.pki.person(&CLAIRE_SUBJECT, Some(flaw)).unwrap();
        let (status, location, session) = portal.present(Some(&certificate)).await;
        assert_eq!((status, location), (303, refused_at(flaw)), "{flaw:?}");
        if let Some(session) = session {
            assert_eq!(portal.viewer_with(&session).await, Value::Null, "{flaw:?}");
        }
    }
    let (status, location, _) = portal.present(None).await;
    assert_eq!(
        (status, location),
        (303, refused_at(SignInRefusal::NoCertificate))
    );
    // each refusal is logged with its reason
    let logged = logs::text(&logs);
    for refusal in flaws().chain([SignInRefusal::NoCertificate]) {
        assert!(
            logged.contains(&format!("reason=\"{}\"", refusal.code()))
                || logged.contains(&format!("reason={}", refusal.code())),
            "{refusal:?} is not in the log"
        );
    }
}

#[tokio::test]
async fn the_sign_in_page_says_why_in_the_persons_language() {
    let portal = Portal::start().await;
    let mut browser = portal.browser.another();
    let page = browser.get("/login?refused=revoked", Some("de")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Anmeldung abgelehnt"), "{}", page.body);
    assert!(page.body.contains("von seinem Aussteller widerrufen"));
    assert!(
        page.body
            .contains("https://127.0.0.1:3443/certificate/sign-in")
    );
    // the demo portal is not there, and neither is its sign-in
    assert!(!page.body.contains("Demo-Anmeldeportal"));
    let reply = browser.call("sign_in_demo", &[("ssn", CLAIRE)]).await;
    assert_eq!(reply.status, 404);
    // an unknown reason is no message at all
    let page = browser.get("/login?refused=%3Cscript%3E", Some("fr")).await;
    assert!(!page.body.contains("Connexion refusée"));
}

#[tokio::test]
async fn a_first_certificate_of_an_unknown_person_enrols_them() {
    let portal = Portal::start().await;
    let subject = Subject {
        ssn: "19900101123456789012",
        given_name: "Élodie",
        family_name: "Gaspard",
    };
    let certificate = portal.pki.person(&subject, None).unwrap();
    let (_, location, session) = portal.present(Some(&certificate)).await;
    assert_eq!(location, format!("{ORIGIN}/"));
    let viewer = portal.viewer_with(&session.unwrap()).await;
    assert_eq!(viewer["given_name"], "Élodie");
    assert_eq!(viewer["family_name"], "Gaspard");
    assert_eq!(viewer["certificate"]["product"], "other");
    // the second time is the same person
    let (_, _, session) = portal.present(Some(&certificate)).await;
    let again = portal.viewer_with(&session.unwrap()).await;
    assert_eq!(again["person_id"], viewer["person_id"]);
}

const PROXY_SECRET: &str = "the proxy's secret, 32 characters or more";

/// A certificate revoked while its holder is signed in ends the session at its next request
/// (issue 18, point 4): on an app server that has the authority's new revocation list, and from
/// then on, through the database, on one that still holds the old list, which no longer signs
/// it in either.
#[tokio::test]
async fn a_certificate_revoked_during_a_session_ends_it_on_every_server() {
    let portal = Portal::start().await;
    let certificate = portal.pki.person(&CLAIRE_SUBJECT, None).unwrap();
    let (_, _, session) = portal.present(Some(&certificate)).await;
    let session = session.expect("signed in");
    assert_eq!(
        portal.viewer_with(&session).await["certificate"]["ssn"],
        CLAIRE
    );
    let (_, location, again) = portal.present(Some(&certificate)).await;
    assert_eq!(location, format!("{ORIGIN}/"));
    let again = again.expect("signed in a second time");

    // the authority revokes it; a second app server on the same database reads the new list
    let new_list = portal.dir.path().join("revocation-list-2.pem");
    std::fs::write(
        &new_list,
        portal
            .pki
            .revocation_list_revoking(&[&certificate])
            .unwrap(),
    )
    .unwrap();
    let config = Config {
        revocation_lists: Some(new_list),
        ..certificate_config(&portal.dir, &portal.pki)
    };
    let mut later = Browser::start_with(config, Clock::default()).await;
    let (name, value) = session.split_once('=').unwrap();
    later.cookies.insert(name.into(), value.into());
    assert_eq!(later.viewer().await, Value::Null, "the session ended");
    assert_eq!(portal.viewer_with(&session).await, Value::Null);
    // the other session of that certificate, on the server with the old list
    assert_eq!(portal.viewer_with(&again).await, Value::Null);
    let (_, location, none) = portal.present(Some(&certificate)).await;
    assert_eq!(location, refused_at(SignInRefusal::Revoked));
    assert!(none.is_none());
    // another certificate of the authority still signs in
    let other = portal.pki.person(&CLAIRE_SUBJECT_2, None).unwrap();
    let (_, location, _) = portal.present(Some(&other)).await;
    assert_eq!(location, format!("{ORIGIN}/"));
}

/// A request to the sign-in address as a reverse proxy sends it, from `peer`, with the proxy's
/// secret unless `secret` says otherwise.
async fn through_proxy(browser: &mut Browser, peer: &str, forwarded: Option<&str>) -> String {
    through_proxy_with(browser, peer, Some(PROXY_SECRET), forwarded).await
}

async fn through_proxy_with(
    browser: &mut Browser,
    peer: &str,
    secret: Option<&str>,
    forwarded: Option<&str>,
) -> String {
    let mut request = browser.with_cookies(Request::get(PATH));
    if let Some(forwarded) = forwarded {
        request = request.header("x-client-certificate", forwarded);
    }
    if let Some(secret) = secret {
        request = request.header(PROXY_SECRET_HEADER, secret);
    }
    let mut request = request.body(Body::empty()).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    let reply = browser.send(request).await;
    assert_eq!(reply.status, 303);
    reply.headers["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn behind_a_reverse_proxy_only_the_trusted_proxy_is_believed() {
    let dir = common::test_dir();
    let pki = TestPki::new().unwrap();
    let config = Config {
        proxy_certificate_header: Some("x-client-certificate".into()),
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        proxy_secret: Some(ProxySecret::new(PROXY_SECRET)),
        login_addr: None,
        tls_certificate: None,
        tls_key: None,
        ..certificate_config(&dir, &pki)
    };
    let mut browser = Browser::start_with(config, Clock::default()).await;
    let certificate = pki.person(&CLAIRE_SUBJECT, None).unwrap();
    let escaped: String = percent_encoding::utf8_percent_encode(
        &certificate.certificate,
        percent_encoding::NON_ALPHANUMERIC,
    )
    .to_string();

    let mut stranger = browser.another();
    assert_eq!(
        through_proxy(&mut stranger, "192.0.2.7:50000", Some(&escaped)).await,
        refused_at(SignInRefusal::NoCertificate),
        "a header from anywhere else is ignored"
    );
    assert_eq!(stranger.viewer().await, Value::Null);
    // someone on the proxy's own address holding only Claire's public certificate, without
    // her key (issue 18, point 3): the proxy's secret is what they lack
    for secret in [None, Some(""), Some("a guess"), Some(&PROXY_SECRET[1..])] {
        let mut local = browser.another();
        assert_eq!(
            through_proxy_with(&mut local, "127.0.0.1:50000", secret, Some(&escaped)).await,
            refused_at(SignInRefusal::NoCertificate),
            "with the secret {secret:?}"
        );
        assert_eq!(local.viewer().await, Value::Null);
    }
    assert_eq!(
        through_proxy(
            &mut browser,
            "127.0.0.1:50000",
            Some("not%20a%20certificate")
        )
        .await,
        refused_at(SignInRefusal::Unreadable)
    );
    let revoked = pki
        .person(&CLAIRE_SUBJECT, Some(SignInRefusal::Revoked))
        .unwrap();
    let revoked = percent_encoding::utf8_percent_encode(
        &revoked.certificate,
        percent_encoding::NON_ALPHANUMERIC,
    )
    .to_string();
    assert_eq!(
        through_proxy(&mut browser, "127.0.0.1:50000", Some(&revoked)).await,
        refused_at(SignInRefusal::Revoked),
        "the proxy's word does not replace the portal's own checks"
    );
    assert_eq!(
        through_proxy(&mut browser, "127.0.0.1:50000", Some(&escaped)).await,
        format!("{ORIGIN}/")
    );
    assert_eq!(browser.viewer().await["certificate"]["ssn"], CLAIRE);
}

/// A client that opens a connection and then trickles its headers, or sends nothing, is cut off
/// once the header-read timeout has passed, instead of holding its connection for ever
/// (issue 18, point 11).
#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let portal = Portal::start().await;
    let (mut silent, mut trickling) = (portal.connect(None).await, portal.connect(None).await);
    trickling
        .write_all(b"GET /certificate/sign-in HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .unwrap();
    let patience = tls::HEADER_READ_TIMEOUT * 3;
    for (what, connection) in [("silent", &mut silent), ("trickling", &mut trickling)] {
        let mut answer = Vec::new();
        let read = tokio::time::timeout(patience, connection.read_to_end(&mut answer)).await;
        assert!(
            read.is_ok(),
            "the {what} connection is still open after {patience:?}"
        );
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "the {what} connection was answered: {answer}"
        );
    }
}

/// Puts `text` in place of the portal's revocation list file as an operator's script would:
/// written beside it, then renamed over it.
fn replace_revocation_list(portal: &Portal, text: &str) {
    let path = portal.dir.path().join("revocation-list.pem");
    let next = portal.dir.path().join("revocation-list.pem.new");
    std::fs::write(&next, text).unwrap();
    std::fs::rename(&next, &path).unwrap();
}

/// Waits, for at most 20 seconds, until the log holds `line`.
async fn logged(logs: &std::sync::Arc<std::sync::Mutex<Vec<u8>>>, from: usize, line: &str) {
    for _ in 0..200 {
        if logs::text(logs)[from..].contains(line) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("never logged: {line}\n{}", &logs::text(logs)[from..]);
}

async fn readiness(portal: &Portal) -> (u16, String) {
    let reply = portal.browser.another().get("/readyz", None).await;
    (reply.status, reply.body)
}

#[tokio::test]
async fn revocation_lists_renew_under_the_running_server_and_readiness_follows_them() {
    use time::{Duration, OffsetDateTime};
    let logs = logs::captured();
    let portal = Portal::start().await;
    assert_eq!(readiness(&portal).await, (200, "ready\n".into()));
    let phone = portal.pki.person(&CLAIRE_SUBJECT_2, None).unwrap();
    let home = format!("{ORIGIN}/");
    assert_eq!(portal.present(Some(&phone)).await.1, home);

    // the authority revokes Claire's phone certificate in a list due again in two days
    let now = OffsetDateTime::now_utc();
    let revoking = Dates {
        this_update: now - Duration::minutes(30),
        next_update: now + Duration::days(2),
    };
    let from = logs::text(&logs).len();
    replace_revocation_list(
        &portal,
        &portal.pki.revocation_list(2, revoking, &[&phone]).unwrap(),
    );
    logged(&logs, from, "revocation lists renewed").await;
    assert_eq!(
        portal.present(Some(&phone)).await.1,
        refused_at(SignInRefusal::Revoked),
        "the renewed list is in use, without a restart"
    );
    assert_eq!(
        readiness(&portal).await.0,
        200,
        "two days is beyond the margin"
    );

    // a day and an hour later, within the day's margin of its next update
    portal.clock.advance(25 * 3600);
    let (status, body) = readiness(&portal).await;
    assert_eq!(
        (status, body.as_str()),
        (503, "not ready: revocation lists\n")
    );

    // an older list put back is refused: it would undo the revocation
    let from = logs::text(&logs).len();
    let older = Dates {
        this_update: now - Duration::hours(2),
        next_update: now + Duration::days(30),
    };
    replace_revocation_list(&portal, &portal.pki.revocation_list(1, older, &[]).unwrap());
    logged(&logs, from, "before the one in use").await;
    logged(&logs, from, "a revocation list reaches its next update").await;
    assert_eq!(
        portal.present(Some(&phone)).await.1,
        refused_at(SignInRefusal::Revoked)
    );
    // as is a list whose signature does not verify
    let from = logs::text(&logs).len();
    replace_revocation_list(&portal, &portal.pki.forged_revocation_list().unwrap());
    logged(&logs, from, "not signed by any trust anchor").await;
    assert_eq!(
        portal.present(Some(&phone)).await.1,
        refused_at(SignInRefusal::Revoked)
    );
    assert_eq!(readiness(&portal).await.0, 503);

    // the authority's next list, due in a month: ready again
    let from = logs::text(&logs).len();
    let next = Dates {
        this_update: now,
        next_update: now + Duration::days(30),
    };
    replace_revocation_list(
        &portal,
        &portal.pki.revocation_list(3, next, &[&phone]).unwrap(),
    );
    logged(&logs, from, "revocation lists renewed").await;
    assert_eq!(readiness(&portal).await, (200, "ready\n".into()));
}

#[tokio::test]
async fn a_renewed_server_certificate_is_served_from_the_next_connection() {
    let logs = logs::captured();
    let portal = Portal::start().await;
    let served = |tls: &tokio_rustls::client::TlsStream<tokio::net::TcpStream>| {
        tls.get_ref().1.peer_certificates().unwrap()[0].to_vec()
    };
    let pem_der = |pem: &str| {
        CertificateDer::from_pem_slice(pem.as_bytes())
            .unwrap()
            .to_vec()
    };
    let first = std::fs::read_to_string(portal.dir.path().join("server.pem")).unwrap();
    assert_eq!(served(&portal.connect(None).await), pem_der(&first));

    let from = logs::text(&logs).len();
    let renewed = portal.pki.server(&["localhost", "127.0.0.1"]).unwrap();
    for (name, text) in [
        ("server-key.pem", &renewed.key),
        ("server.pem", &renewed.certificate),
    ] {
        let path = portal.dir.path().join(name);
        std::fs::write(path.with_extension("new"), text).unwrap();
        std::fs::rename(path.with_extension("new"), path).unwrap();
    }
    logged(&logs, from, "TLS certificate renewed").await;
    assert_eq!(
        served(&portal.connect(None).await),
        pem_der(&renewed.certificate)
    );
    // a key that is not the certificate's is refused, and the renewed pair kept
    let from = logs::text(&logs).len();
    let other = portal.pki.server(&["localhost"]).unwrap();
    std::fs::write(portal.dir.path().join("server-key.pem"), &other.key).unwrap();
    logged(&logs, from, "TLS certificate not renewed").await;
    assert_eq!(
        served(&portal.connect(None).await),
        pem_der(&renewed.certificate)
    );
}

#[tokio::test]
async fn the_tls_listener_drains_the_requests_under_way_on_shutdown() {
    use axum::routing::get;
    let dir = common::test_dir();
    let pki = TestPki::new().unwrap();
    let server = pki.server(&["localhost"]).unwrap();
    let (certificate, key) = (dir.path().join("s.pem"), dir.path().join("k.pem"));
    std::fs::write(&certificate, &server.certificate).unwrap();
    std::fs::write(&key, &server.key).unwrap();
    let config = tls::server_config(
        tls::ServerCertificate::load(&certificate, &key).unwrap(),
        None,
    )
    .unwrap();
    let slow = axum::Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(std::time::Duration::from_millis(700)).await;
            "finished"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(tls::serve(listener, config, slow, async {
        let _ = stopped.await;
    }));

    let tls = connect(addr, &pki.authority_pem(), None).await;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
        .await
        .unwrap();
    tokio::spawn(connection);
    let under_way = tokio::spawn(
        sender.send_request(
            Request::get("/slow")
                .header("host", "localhost")
                .body(Empty::<Bytes>::new())
                .unwrap(),
        ),
    );
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(!serving.is_finished(), "a request is under way");
    let reply = under_way.await.unwrap().unwrap();
    assert_eq!(reply.status(), 200);
    let body = reply.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"finished");
    tokio::time::timeout(std::time::Duration::from_secs(5), serving)
        .await
        .expect("drained once the last request is answered")
        .unwrap();
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no connection taken after"
    );
}
