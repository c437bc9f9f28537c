//! Scenes of certifications and mandates, shared by the tests of the Certifications tab and of
//! procedures filed for a principal: Muller & Fils (the company) and the fiduciary, codes issued
//! by the back office, registered through the real router.

use super::*;
use espace::domain::quota::QuotaLimits;
use espace::{
    domain::access_code::{AccessCode, CodeKind, CodeOrder, Domain},
    server::{
        back_office::codes::issue,
        clock::Clock,
        config::{Config, SignIn},
        db::{Store, sql::Pools},
    },
};
use serde_json::{Value, json};

/// Muller & Fils' national identifier.
pub const COMPANY: &str = "20202201246";
pub const DAY: i64 = 24 * 60 * 60;

/// The back office's view of the test database.
pub async fn store(dir: &tempfile::TempDir) -> Store {
    Pools::open(&config(dir, SignIn::Demo).database_url)
        .await
        .unwrap()
        .store()
}

/// Codes for Muller & Fils (the company) in the tax domain, issued by the back office.
pub async fn codes(
    dir: &tempfile::TempDir,
    kind: CodeKind,
    count: u32,
    clock: &Clock,
) -> Vec<AccessCode> {
    codes_of(dir, COMPANY, kind, count, clock).await
}

/// As [`codes`], for another company.
pub async fn codes_of(
    dir: &tempfile::TempDir,
    company: &str,
    kind: CodeKind,
    count: u32,
    clock: &Clock,
) -> Vec<AccessCode> {
    let store = store(dir).await;
    let order = CodeOrder {
        company: company.into(),
        domain: Domain::Tax,
        kind,
        activation_deadline: clock.now() + 30 * DAY,
        end_of_use: None,
    };
    let issued = issue(&store, &order, count, "operator", clock.now())
        .await
        .unwrap()
        .unwrap();
    issued.into_iter().map(|(_, code)| code).collect()
}

pub async fn register(browser: &mut Browser, espace: &str, code: &str, kind: &str) -> Value {
    browser
        .answer(
            "register_code",
            &[("espace_id", espace), ("code", code), ("kind", kind)],
        )
        .await
}

pub async fn tab(browser: &mut Browser, espace: &str) -> Value {
    browser
        .answer("load_certifications", &[("espace_id", espace)])
        .await["Ok"]
        .clone()
}

/// Owned form pairs as `answer` takes them.
pub fn pairs<'a, const N: usize>(
    owned: &'a [(&'static str, String); N],
) -> Vec<(&'static str, &'a str)> {
    owned.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A fresh database and clock, with Claire (Muller's administrator) and Marc (the fiduciary's)
/// signed in, each with their eSpace's id.
pub struct Scene {
    pub dir: super::TestDir,
    pub clock: Clock,
    pub claire: Browser,
    pub muller: String,
    pub marc: Browser,
    pub fiduciary: String,
}

pub async fn scene() -> Scene {
    scene_with(QuotaLimits::default()).await
}

/// The scene on a portal with these volume limits (raised, for a test that calls a lot).
pub async fn scene_with(quotas: QuotaLimits) -> Scene {
    let dir = super::test_dir();
    let clock = Clock::default();
    let config = Config {
        quotas,
        ..config(&dir, SignIn::Demo)
    };
    let mut claire = Browser::start_with(config, clock.clone()).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let mut marc = claire.another();
    marc.sign_in(MARC).await;
    let fiduciary = marc.espace_id(FIDUCIARY).await;
    Scene {
        dir,
        clock,
        claire,
        muller,
        marc,
        fiduciary,
    }
}

/// Muller certified for tax and the fiduciary holding its tax mandate; answers the mandate's id.
pub async fn mandate(scene: &mut Scene) -> String {
    let owner = codes(&scene.dir, CodeKind::Owner, 1, &scene.clock)
        .await
        .remove(0);
    let proxy = codes(&scene.dir, CodeKind::Proxy, 1, &scene.clock)
        .await
        .remove(0);
    let muller = scene.muller.clone();
    let fiduciary = scene.fiduciary.clone();
    assert_eq!(
        register(&mut scene.claire, &muller, owner.as_str(), "owner").await,
        json!({"Ok": null})
    );
    assert_eq!(
        register(&mut scene.marc, &fiduciary, proxy.as_str(), "proxy").await,
        json!({"Ok": null})
    );
    tab(&mut scene.claire, &muller).await["mandates_given"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}
