//! The browser's defences the server asks for (headers) and the rules of a session: what an
//! auditor checks first (ASVS 3 and 14).

use crate::common;

use common::{Browser, CLAIRE, SOPHIE, config};
use espace::cookies;
use espace::domain::session::IDLE_TIMEOUT;
use espace::server::{
    clock::Clock,
    config::{Config, SignIn},
    session::ABSOLUTE_TIMEOUT,
};
use serde_json::{Value, json};

fn header<'a>(reply: &'a common::Reply, name: &str) -> &'a str {
    reply
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// The nonce the Content-Security-Policy header allows scripts with.
fn nonce(policy: &str) -> &str {
    let start = policy.find("'nonce-").expect("a nonce") + "'nonce-".len();
    let len = policy[start..].find('\'').unwrap();
    &policy[start..start + len]
}

#[tokio::test]
async fn every_page_has_a_fresh_script_nonce_and_the_defensive_headers() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    browser.sign_in(CLAIRE).await;
    let page = browser.get("/", None).await;
    assert_eq!(page.status, 200);
    let policy = header(&page, "content-security-policy").to_owned();
    for directive in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let allowed = nonce(&policy).to_owned();
    assert!(allowed.len() >= 32, "{allowed}");
    // every inline script of the page carries it; leptos_i18n leaves an empty placeholder
    // `<script></script>`, which a browser never runs (nor checks against the policy)
    let scripts: Vec<&str> = page
        .body
        .split("<script")
        .skip(1)
        .filter(|script| !script.starts_with("></script>"))
        .collect();
    assert!(scripts.len() >= 2, "the hydration scripts");
    for script in scripts {
        let tag = &script[..script.find('>').unwrap()];
        assert!(
            tag.contains(&format!("nonce=\"{allowed}\"")),
            "a script without the nonce: <script{tag}>"
        );
    }
    let again = browser.get("/", None).await;
    assert_ne!(
        nonce(header(&again, "content-security-policy")),
        allowed,
        "a nonce is never reused"
    );
    for reply in [&page, &browser.call("current_session", &[]).await] {
        assert_eq!(header(reply, "x-content-type-options"), "nosniff");
        assert_eq!(header(reply, "referrer-policy"), "same-origin");
        assert_eq!(header(reply, "cross-origin-opener-policy"), "same-origin");
        assert!(header(reply, "permissions-policy").contains("camera=()"));
        assert_eq!(header(reply, "cache-control"), "no-store");
        assert!(
            reply.headers.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
    }
}

fn https_config(dir: &tempfile::TempDir) -> Config {
    Config {
        secure_cookies: true,
        public_url: "https://127.0.0.1:3000".into(),
        ..config(dir, SignIn::Demo)
    }
}

#[tokio::test]
async fn under_https_the_session_cookie_is_host_only_and_hsts_is_sent() {
    let dir = common::test_dir();
    let mut browser = Browser::start_with(https_config(&dir), Clock::default()).await;
    let reply = browser.call("sign_in_demo", &[("ssn", CLAIRE)]).await;
    let cookie = reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with(&format!("{}=", cookies::SECURE_SESSION)))
        .expect("a __Host- session cookie");
    for attribute in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert_eq!(browser.viewer().await["certificate"]["ssn"], CLAIRE);
    let page = browser.get("/", None).await;
    assert_eq!(
        header(&page, "strict-transport-security"),
        "max-age=31536000"
    );
}

#[tokio::test]
async fn a_session_id_is_new_at_sign_in_and_dead_after_sign_out() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    // an id planted before sign-in (session fixation) is not the one signed in
    browser
        .cookies
        .insert("espace_session".into(), "planted-by-an-attacker".into());
    browser.sign_in(CLAIRE).await;
    let signed_in = browser.cookies["espace_session"].clone();
    assert_ne!(signed_in, "planted-by-an-attacker");
    browser.answer("sign_out", &[]).await;
    // the old cookie, kept by someone, no longer signs anyone in
    let mut replay = browser.another();
    replay.cookies.insert("espace_session".into(), signed_in);
    assert_eq!(replay.viewer().await, Value::Null);
}

/// Signing out sticks: a request that was still running when the person signed out saves its
/// copy of the session afterwards (tower-sessions saves at the end of each request), which
/// brought the session, and the old cookie with it, back to life.
#[tokio::test]
async fn a_session_saved_after_sign_out_stays_signed_out() {
    use espace::server::session_store::{HashedIds, SqlSessions};
    use tower_sessions::{SessionStore, session::Id};
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    browser.sign_in(CLAIRE).await;
    let cookie = browser.cookies["espace_session"].clone();
    let id: Id = cookie.parse().expect("a session id");
    let store = HashedIds(SqlSessions(common::database(&dir).await));
    // the running request's copy, taken while signed in
    let late = store
        .load(&id)
        .await
        .unwrap()
        .expect("the signed-in session");
    browser.answer("sign_out", &[]).await;
    store.save(&late).await.unwrap();
    let mut replay = browser.another();
    replay.cookies.insert("espace_session".into(), cookie);
    assert_eq!(replay.viewer().await, Value::Null, "signed out for good");
}

#[tokio::test]
async fn a_session_ends_when_idle_and_at_its_absolute_limit() {
    let dir = common::test_dir();
    let clock = Clock::default();
    let mut browser = Browser::start_with(config(&dir, SignIn::Demo), clock.clone()).await;
    browser.sign_in(SOPHIE).await;
    clock.advance(IDLE_TIMEOUT - 60);
    assert_eq!(
        browser.viewer().await["certificate"]["ssn"],
        SOPHIE,
        "active"
    );
    clock.advance(IDLE_TIMEOUT - 60);
    assert_eq!(
        browser.viewer().await["certificate"]["ssn"],
        SOPHIE,
        "each request keeps it alive"
    );
    clock.advance(IDLE_TIMEOUT);
    assert_eq!(browser.viewer().await, Value::Null, "idle too long");

    // however busy, a session ends at its absolute limit
    browser.sign_in(SOPHIE).await;
    let mut elapsed = 0;
    while elapsed + IDLE_TIMEOUT / 2 < ABSOLUTE_TIMEOUT {
        clock.advance(IDLE_TIMEOUT / 2);
        elapsed += IDLE_TIMEOUT / 2;
        assert_ne!(browser.viewer().await, Value::Null, "after {elapsed} s");
    }
    clock.advance(ABSOLUTE_TIMEOUT - elapsed);
    assert_eq!(
        browser.viewer().await,
        Value::Null,
        "past the absolute limit"
    );
}

/// The warning's "stay signed in" starts the idle time again at once, which an ordinary request
/// within a minute of the last one does not (the server notes requests once a minute).
#[tokio::test]
async fn staying_signed_in_starts_the_idle_time_again() {
    let dir = common::test_dir();
    let clock = Clock::default();
    let mut browser = Browser::start_with(config(&dir, SignIn::Demo), clock.clone()).await;

    browser.sign_in(SOPHIE).await;
    clock.advance(59);
    assert_ne!(browser.viewer().await, Value::Null);
    clock.advance(IDLE_TIMEOUT - 30);
    assert_eq!(
        browser.viewer().await,
        Value::Null,
        "a request within the minute is not noted"
    );

    browser.sign_in(SOPHIE).await;
    clock.advance(59);
    assert_eq!(
        browser.answer("stay_signed_in", &[]).await,
        json!({"Ok": null})
    );
    clock.advance(IDLE_TIMEOUT - 30);
    assert_ne!(browser.viewer().await, Value::Null, "stayed signed in");

    browser.answer("sign_out", &[]).await;
    assert_eq!(
        browser.answer("stay_signed_in", &[]).await,
        json!({"Err": "NotSignedIn"})
    );
}

#[tokio::test]
async fn a_cross_origin_answer_carries_the_headers_too() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    let request = browser
        .with_cookies(axum::http::Request::post("/api/sign_out"))
        .header("origin", "http://evil.example")
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = browser.send(request).await;
    assert_eq!(reply.status, 403);
    assert_eq!(header(&reply, "x-content-type-options"), "nosniff");
}

/// A request to a server function as a forged page would send it.
struct Forgery {
    name: &'static str,
    method: &'static str,
    headers: &'static [(&'static str, &'static str)],
    content_type: &'static str,
}

const FORGERIES: [Forgery; 6] = [
    Forgery {
        name: "no Origin",
        method: "POST",
        headers: &[],
        content_type: "application/x-www-form-urlencoded",
    },
    Forgery {
        name: "a foreign Origin",
        method: "POST",
        headers: &[("origin", "http://evil.example")],
        content_type: "application/x-www-form-urlencoded",
    },
    Forgery {
        name: "Sec-Fetch-Site: cross-site",
        method: "POST",
        headers: &[
            ("origin", "http://127.0.0.1:3000"),
            ("sec-fetch-site", "cross-site"),
        ],
        content_type: "application/x-www-form-urlencoded",
    },
    Forgery {
        name: "localhost on another port",
        method: "POST",
        headers: &[("origin", "http://127.0.0.1:3001")],
        content_type: "application/x-www-form-urlencoded",
    },
    Forgery {
        name: "a text/plain body holding JSON",
        method: "POST",
        headers: &[
            ("origin", "http://127.0.0.1:3000"),
            ("sec-fetch-site", "same-origin"),
        ],
        content_type: "text/plain",
    },
    Forgery {
        name: "GET",
        method: "GET",
        headers: &[("sec-fetch-site", "cross-site")],
        content_type: "application/x-www-form-urlencoded",
    },
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_cross_site_calls_of_every_function_are_refused_and_change_nothing() {
    use common::world::{Call, contents, matrix, world};
    let mut w = world().await;
    let calls = matrix(&w);
    let before = contents(&w.scene.dir).await;
    let administrator = &mut w.callers[7].1;
    let mut refused = 0;
    for Call { endpoint, args, .. } in &calls {
        for forgery in &FORGERIES {
            let body = if forgery.content_type == "text/plain" {
                serde_json::to_string(
                    &args
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.clone()))
                        .collect::<std::collections::BTreeMap<_, _>>(),
                )
                .unwrap()
            } else {
                serde_urlencoded::to_string(args).unwrap()
            };
            let mut request = administrator
                .with_cookies(
                    axum::http::Request::builder()
                        .method(forgery.method)
                        .uri(format!("/api/{endpoint}")),
                )
                .header("content-type", forgery.content_type);
            for (name, value) in forgery.headers {
                request = request.header(*name, *value);
            }
            let reply = administrator
                .send(request.body(axum::body::Body::from(body)).unwrap())
                .await;
            assert!(
                (400..500).contains(&reply.status),
                "{endpoint} with {}: {} {}",
                forgery.name,
                reply.status,
                reply.body
            );
            refused += 1;
        }
    }
    assert_eq!(contents(&w.scene.dir).await, before, "nothing changed");
    assert_eq!(refused, calls.len() * FORGERIES.len());
    println!("CSRF: {refused} forged calls refused");
}
