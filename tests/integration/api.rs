//! Integration tests of the foundation's server functions: sessions, languages, eSpaces, CSRF.

use crate::common;

use axum::{body::Body, http::Request};
use common::*;
use espace::{
    cookies,
    domain::quota::{Quota, QuotaLimits},
    server::config::SignIn,
};
use serde_json::{Value, json};

#[tokio::test]
async fn signed_out_there_is_no_viewer_and_the_portal_name_is_configured() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    let session = browser.answer("current_session", &[]).await;
    assert_eq!(
        session,
        json!({"portal_name": "Test portal", "viewer": null})
    );
}

#[tokio::test]
async fn demo_sign_in_starts_a_fresh_http_only_lax_session() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    let list = browser.answer("login_options", &[]).await;
    let ssns: Vec<&str> = list["Ok"]["demo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ssn"].as_str().unwrap())
        .collect();
    assert!(ssns.contains(&CLAIRE) && ssns.contains(&LAURA), "{ssns:?}");
    assert_eq!(ssns.len(), 9, "every demo certificate is offered");

    let reply = browser.call("sign_in_demo", &[("ssn", JEAN)]).await;
    let cookie = reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with(cookies::SESSION))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP in tests: {cookie}");
    let first_id = browser.cookies[cookies::SESSION].clone();

    let viewer = browser.viewer().await;
    assert_eq!(viewer["given_name"], "Jean");
    assert_eq!(viewer["certificate"]["ssn"], JEAN);
    // Jean's saved language is German: signing in writes it into the language cookie
    assert_eq!(
        browser.cookies.get("espace_lang").map(String::as_str),
        Some("de")
    );

    // signing in again (e.g. with another certificate) never keeps the old session id
    browser.sign_in(SOPHIE).await;
    assert_ne!(browser.cookies[cookies::SESSION], first_id);
    assert_eq!(browser.viewer().await["certificate"]["ssn"], SOPHIE);
}

#[tokio::test]
async fn unknown_or_malformed_certificates_do_not_sign_in() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    for ssn in ["12345678901234567890", "not a number", ""] {
        assert_eq!(
            browser.answer("sign_in_demo", &[("ssn", ssn)]).await,
            json!({"Err": "NotFound"})
        );
        assert_eq!(browser.viewer().await, Value::Null);
    }
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    browser.sign_in(CLAIRE).await;
    assert_ne!(browser.viewer().await, Value::Null);
    assert_eq!(browser.answer("sign_out", &[]).await, json!({"Ok": null}));
    assert_eq!(browser.viewer().await, Value::Null);
}

#[tokio::test]
async fn the_espaces_a_certificate_enters_follow_status_and_access_scope() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    let names = |viewer: Value| -> Vec<String> {
        viewer["espaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect()
    };
    browser.sign_in(CLAIRE_MOBILE).await; // owner: all certificates
    assert_eq!(names(browser.viewer().await), [MULLER]);
    browser.sign_in(JEAN).await; // manager at Muller, without signature at the fiduciary
    assert_eq!(names(browser.viewer().await), [FIDUCIARY, MULLER]);
    browser.sign_in(MARC).await; // deactivated at Muller
    assert_eq!(names(browser.viewer().await), [FIDUCIARY]);
    browser.sign_in(LAURA).await;
    assert!(names(browser.viewer().await).is_empty());
}

#[tokio::test]
async fn members_of_every_role_read_the_espace_and_others_find_nothing() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    browser.sign_in(CLAIRE).await;
    let muller = browser.espace_id(MULLER).await;

    for (ssn, role) in [
        (CLAIRE, "administrator"),
        (JEAN, "manager"),
        (SOPHIE, "without_signature"),
    ] {
        browser.sign_in(ssn).await;
        let espace = browser
            .answer("load_espace", &[("espace_id", &muller)])
            .await;
        assert_eq!(espace["Ok"]["role"], role, "{ssn}");
        assert_eq!(espace["Ok"]["profile"]["name"], MULLER);
        let members = browser.members(&muller).await;
        assert_eq!(
            members["Ok"]["members"].as_array().unwrap().len(),
            5,
            "{ssn}: {members}"
        );
    }
    // deactivated member, non-member, random id, signed out
    for ssn in [MARC, LAURA] {
        browser.sign_in(ssn).await;
        assert_eq!(
            browser
                .answer("load_espace", &[("espace_id", &muller)])
                .await,
            json!({"Err": "NotFound"}),
            "{ssn}"
        );
        assert_eq!(
            browser.members(&muller).await,
            json!({"Err": "NotFound"}),
            "{ssn}"
        );
    }
    assert_eq!(
        browser
            .answer("load_espace", &[("espace_id", "no-such-espace")])
            .await,
        json!({"Err": "NotFound"})
    );
    browser.answer("sign_out", &[]).await;
    assert_eq!(
        browser
            .answer("load_espace", &[("espace_id", &muller)])
            .await,
        json!({"Err": "NotSignedIn"})
    );
    assert_eq!(
        browser.members(&muller).await,
        json!({"Err": "NotSignedIn"})
    );
}

#[tokio::test]
async fn a_person_creates_an_espace_and_becomes_its_administrator() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    let form = [
        ("name", "  Schmit Consulting  "),
        ("procedure_language", "en"),
    ];
    assert_eq!(
        browser.answer("create_espace", &form).await,
        json!({"Err": "NotSignedIn"})
    );

    browser.sign_in(LAURA).await;
    let refused = browser
        .answer(
            "create_espace",
            &[("name", " "), ("procedure_language", "es")],
        )
        .await;
    assert_eq!(
        refused,
        json!({"Err": {"Invalid": [
            {"field": "name", "problem": "Required"},
            {"field": "procedure_language", "problem": "UnknownChoice"}
        ]}})
    );
    assert!(
        browser.viewer().await["espaces"]
            .as_array()
            .unwrap()
            .is_empty(),
        "a refused creation creates nothing"
    );

    let created = browser.answer("create_espace", &form).await;
    let id = created["Ok"].as_str().expect("new id").to_owned();
    assert_eq!(browser.espace_id("Schmit Consulting").await, id);
    let espace = browser.answer("load_espace", &[("espace_id", &id)]).await;
    assert_eq!(espace["Ok"]["role"], "administrator");
    assert_eq!(espace["Ok"]["profile"]["procedure_language"], "en");
    let members = browser.members(&id).await;
    let owner = &members["Ok"]["members"][0];
    assert_eq!(owner["family_name"], "Schmit");
    assert_eq!(owner["status"], "active");
    assert_eq!(owner["scope"], "all_certificates");

    // nobody else sees it
    browser.sign_in(CLAIRE).await;
    assert_eq!(
        browser.answer("load_espace", &[("espace_id", &id)]).await,
        json!({"Err": "NotFound"})
    );
}

#[tokio::test]
async fn the_chosen_language_is_saved_and_comes_back_at_the_next_sign_in() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    browser.sign_in(CLAIRE).await;
    assert_eq!(
        browser.cookies.get("espace_lang"),
        None,
        "Claire never chose a language"
    );
    assert_eq!(
        browser.answer("save_language", &[("language", "en")]).await,
        json!({"Ok": null})
    );
    let refused = browser.answer("save_language", &[("language", "es")]).await;
    assert_eq!(
        refused,
        json!({"Err": {"Invalid": [{"field": "language", "problem": "UnknownChoice"}]}})
    );

    let mut other_device = browser.another();
    other_device.sign_in(CLAIRE).await;
    assert_eq!(
        other_device.cookies.get("espace_lang").map(String::as_str),
        Some("en")
    );
}

#[tokio::test]
async fn pages_follow_cookie_then_browser_language_else_french() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    let lang = |html: &str| {
        html.split("<html")
            .nth(1)
            .and_then(|h| h.split("lang=\"").nth(1))
            .map(|l| l[..2].to_owned())
    };
    for (header, expected) in [
        ("de-DE", "de"),
        ("es", "fr"),
        ("es, en;q=0.8", "en"),
        ("", "fr"),
    ] {
        let page = browser.get("/", Some(header)).await;
        assert_eq!(page.status, 200);
        assert_eq!(
            lang(&page.body).as_deref(),
            Some(expected),
            "Accept-Language {header:?}"
        );
    }
    browser.cookies.insert("espace_lang".into(), "en".into());
    let page = browser.get("/", Some("de-DE")).await;
    assert_eq!(
        lang(&page.body).as_deref(),
        Some("en"),
        "the cookie wins over the browser"
    );
}

#[tokio::test]
async fn unknown_pages_and_espaces_answer_404() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    assert_eq!(browser.get("/no/such/page", None).await.status, 404);
    browser.sign_in(LAURA).await;
    assert_eq!(browser.get("/espace/not-an-espace", None).await.status, 404);
    assert_eq!(browser.get("/login", None).await.status, 200);
}

#[tokio::test]
async fn without_demo_sign_in_the_demo_portal_does_not_exist() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Certificate).await;
    let page = browser.get("/login", None).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("démonstration"), "{}", page.body);
    assert_eq!(
        browser.answer("login_options", &[]).await,
        json!({"Ok": {"demo": [], "certificate_link": null}})
    );
    assert_eq!(
        browser
            .call("sign_in_demo", &[("ssn", CLAIRE)])
            .await
            .status,
        404
    );
    assert_eq!(browser.viewer().await, Value::Null);
}

/// "Same origin" means the configured `public_url`'s origin (here `http://127.0.0.1:3000`):
/// neither the scheme nor the `Host` the request states changes that (issue 18, point 9).
#[tokio::test]
async fn cross_origin_posts_are_refused_and_change_nothing() {
    let dir = common::test_dir();
    let mut browser = Browser::start(&dir, SignIn::Demo).await;
    let post = |host: &str, origin: Option<&str>, fetch_site: Option<&str>| {
        let mut builder = Request::post("/api/sign_in_demo")
            .header("host", host)
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            builder = builder.header("origin", o);
        }
        if let Some(s) = fetch_site {
            builder = builder.header("sec-fetch-site", s);
        }
        builder.body(Body::from(format!("ssn={CLAIRE}"))).unwrap()
    };
    for (host, origin, site) in [
        (HOST, None, None),
        (HOST, Some("http://evil.example"), None),
        (HOST, Some("http://127.0.0.1:3001"), None),
        (HOST, Some(ORIGIN), Some("cross-site")),
        // the scheme counts: this site is http
        (HOST, Some("https://127.0.0.1:3000"), None),
        // a Host and Origin pair that agree, but name another site
        ("evil.example", Some("http://evil.example"), None),
        (
            "127.0.0.1:3001",
            Some("http://127.0.0.1:3001"),
            Some("same-origin"),
        ),
    ] {
        let reply = browser.send(post(host, origin, site)).await;
        assert_eq!(reply.status, 403, "{host} {origin:?} {site:?}");
        assert!(
            !browser.cookies.contains_key(cookies::SESSION),
            "no session was started"
        );
    }
    // and a server function refuses GET
    let reply = browser
        .get("/api/create_espace?name=x&procedure_language=", None)
        .await;
    assert!(reply.status >= 400, "GET answered {}", reply.status);
    // behind a reverse proxy that passes its own Host, the site's pages still post
    let reply = browser
        .send(post(
            "backend.internal:8080",
            Some(ORIGIN),
            Some("same-origin"),
        ))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(browser.cookies.contains_key(cookies::SESSION));
}

#[tokio::test]
async fn demo_data_is_seeded_once() {
    let dir = common::test_dir();
    let mut first = Browser::start(&dir, SignIn::Demo).await;
    let count = first.answer("login_options", &[]).await["Ok"]["demo"]
        .as_array()
        .unwrap()
        .len();
    drop(first);
    let mut again = Browser::start(&dir, SignIn::Demo).await;
    assert_eq!(
        again.answer("login_options", &[]).await["Ok"]["demo"]
            .as_array()
            .unwrap()
            .len(),
        count
    );
    again.sign_in(CLAIRE).await;
    assert_eq!(again.viewer().await["espaces"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_never_meet_a_locked_database() {
    let dir = common::test_dir();
    let first = Browser::start(&dir, SignIn::Demo).await;
    // four people, each creating as many eSpaces as a person may in a day
    let people = [LAURA, JEAN, SOPHIE, MARC];
    let each = QuotaLimits::default().of(Quota::EspacesPerPerson) as usize;
    let mut writers = tokio::task::JoinSet::new();
    for i in 0..people.len() * each {
        let mut browser = first.another();
        writers.spawn(async move {
            browser.sign_in(people[i % people.len()]).await;
            let name = format!("Concurrent {i}");
            let created = browser
                .answer(
                    "create_espace",
                    &[("name", &name), ("procedure_language", "")],
                )
                .await;
            assert!(created["Ok"].is_string(), "{name}: {created}");
            browser
                .answer("save_language", &[("language", ["fr", "de", "en"][i % 3])])
                .await
        });
    }
    while let Some(saved) = writers.join_next().await {
        assert_eq!(saved.unwrap(), json!({"Ok": null}));
    }
    let mut laura = first.another();
    laura.sign_in(LAURA).await;
    assert_eq!(
        laura.viewer().await["espaces"].as_array().unwrap().len(),
        each
    );
}
