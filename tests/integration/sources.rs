//! The authentic sources' import (issue 20): `espace sources import` keeps a source's file,
//! idempotently, reports what changed, refuses a file wrong anywhere with every wrong line, and
//! imports nothing from it. On SQLite and, with `TEST_POSTGRES`, PostgreSQL.

use crate::common;

use common::{mandates::COMPANY, *};
use espace::{
    domain::business_data::{Held, Record, Source},
    server::{
        back_office::sources::{SourcesCommand, run},
        config::SignIn,
    },
};

const VAT: &str = "national_id;vat_number;registered_on\n";

async fn import(
    dir: &tempfile::TempDir,
    source: Source,
    text: &str,
) -> espace::server::back_office::Answer {
    let file = dir.path().join("source.csv");
    std::fs::write(&file, text).unwrap();
    run(
        &config(dir, SignIn::Demo),
        espace::server::demo::DEMO_OPERATOR,
        SourcesCommand::Import { source, file },
    )
    .await
}

async fn held(dir: &tempfile::TempDir) -> Vec<Held> {
    common::mandates::store(dir)
        .await
        .authentic_sources
        .of_company(&COMPANY.into())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_file_is_imported_once_its_changes_reported_and_a_wrong_one_not_at_all() {
    let dir = common::test_dir();
    // the demo data and the schema
    Browser::start(&dir, SignIn::Demo).await;
    let file = format!("{VAT}{COMPANY};LU20976985;2010-01-01\n20212201244;LU10000356;2015-06-01\n");
    assert_eq!(
        import(&dir, Source::Vat, &file).await.unwrap(),
        "imported vat for 2 companies: 2 added, 0 changed, 0 unchanged\n"
    );
    let first = held(&dir).await;
    assert!(
        matches!(&first[..], [Held { record: Record::Vat(r), .. }] if r.number == "LU20976985"),
        "{first:?}"
    );
    // the same file again changes nothing, not even the date of update
    assert_eq!(
        import(&dir, Source::Vat, &file).await.unwrap(),
        "imported vat for 2 companies: 0 added, 0 changed, 2 unchanged\n"
    );
    assert_eq!(held(&dir).await, first);
    let changed = format!("{VAT}{COMPANY};LU20976985;2011-01-01\n");
    assert_eq!(
        import(&dir, Source::Vat, &changed).await.unwrap(),
        "imported vat for 1 companies: 0 added, 1 changed, 0 unchanged\n"
    );

    // a file wrong on two lines: both said, nothing of it kept
    let wrong = format!("{VAT}{COMPANY};LU20976985;2012-01-01\n20212201245;LU1;2015-06-01\n");
    let refused = import(&dir, Source::Vat, &wrong)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        refused.starts_with("nothing imported:\nline 3:")
            && refused.contains("NationalIdCheck")
            && refused.contains("VatFormat"),
        "{refused}"
    );
    assert!(
        matches!(&held(&dir).await[..], [Held { record: Record::Vat(r), .. }] if r.registered_on == "2011-01-01")
    );
    // the command line knows the sources: anything else is refused before it runs
    let unknown = common::process::espace(
        &[
            "sources", "import", "--source", "weather", "--file", "x.csv",
        ],
        &[],
    );
    assert!(
        !unknown.success
            && ["register", "vat", "employer"]
                .iter()
                .all(|s| unknown.stderr.contains(s)),
        "{}",
        unknown.stderr
    );
}

async fn data(browser: &mut Browser, espace: &str) -> serde_json::Value {
    browser
        .answer("load_business_data", &[("espace_id", espace)])
        .await
}

#[tokio::test]
async fn the_company_and_its_representatives_under_a_data_mandate_read_its_data() {
    use common::mandates::{Scene, mandate, scene};
    use serde_json::json;
    let mut scene = scene().await;
    let mandate_id = mandate(&mut scene).await;
    let Scene {
        dir,
        mut claire,
        muller,
        mut marc,
        fiduciary,
        ..
    } = scene;
    let file = format!("{VAT}{COMPANY};LU20976985;2010-01-01\n");
    import(&dir, Source::Vat, &file).await.unwrap();

    // the company's own eSpace (certified by its owner code): each source, held or not
    let own = data(&mut claire, &muller).await;
    let company = &own["Ok"][0];
    assert_eq!(company["company"]["national_id"], json!(COMPANY));
    assert_eq!(company["company"]["own"], json!(true));
    assert_eq!(
        company["sources"][0],
        json!({"source": "register", "held": null})
    );
    assert_eq!(
        company["sources"][1]["held"]["record"]["Vat"]["number"],
        json!("LU20976985")
    );

    // the page, as the server writes it (in English for this test browser)
    let page = claire.page(&format!("/espace/{muller}/data")).await;
    for said in [
        "My business data",
        "LU20976985",
        "This source holds no data about this company.",
        "Registration of access codes",
    ] {
        assert!(page.body.contains(said), "{said}: {}", page.body);
    }

    // the fiduciary, under a mandate covering data, reads it as its principal's
    let read = data(&mut marc, &fiduciary).await;
    assert_eq!(read["Ok"][0]["company"]["own"], json!(false), "{read}");
    assert_eq!(read["Ok"][0]["company"]["name"], json!(MULLER));
    // procedures only: no data, from the next request on
    let scope = |scope: &'static str| {
        [
            ("espace_id", muller.clone()),
            ("mandate_id", mandate_id.clone()),
            ("scope", scope.to_owned()),
        ]
    };
    let procedures_only = scope("procedures");
    claire
        .answer(
            "set_mandate_scope",
            &common::mandates::pairs(&procedures_only),
        )
        .await;
    assert_eq!(data(&mut marc, &fiduciary).await, json!({"Ok": []}));
    let with_data = scope("data");
    claire
        .answer("set_mandate_scope", &common::mandates::pairs(&with_data))
        .await;
    assert_eq!(
        data(&mut marc, &fiduciary).await["Ok"][0]["company"]["national_id"],
        json!(COMPANY)
    );
    claire
        .answer(
            "revoke_mandate",
            &[("espace_id", &muller), ("mandate_id", &mandate_id)],
        )
        .await;
    assert_eq!(data(&mut marc, &fiduciary).await, json!({"Ok": []}));
}

#[tokio::test]
async fn the_demo_fiduciary_consults_its_two_principals_and_the_company_its_own_data() {
    use serde_json::json;
    let dir = common::test_dir();
    let config = espace::server::config::Config {
        demo_business_data: true,
        ..config(&dir, SignIn::Demo)
    };
    let mut claire = Browser::start_with(config, espace::server::clock::Clock::default()).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let mut marc = claire.another();
    marc.sign_in(MARC).await;
    let fiduciary = marc.espace_id(FIDUCIARY).await;

    let read = data(&mut marc, &fiduciary).await;
    let names: Vec<_> = read["Ok"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["company"]["name"].clone(), c["company"]["own"].clone()))
        .collect();
    assert_eq!(
        names,
        [
            (json!(MULLER), json!(false)),
            // no eSpace of its own: named by the register
            (json!("Boulangerie Schmit S.A."), json!(false)),
        ]
    );
    // the bakery has no employer registration, and the page says so
    assert_eq!(
        read["Ok"][1]["sources"][2],
        json!({"source": "employer", "held": null})
    );
    let own = data(&mut claire, &muller).await;
    assert_eq!(own["Ok"][0]["company"]["own"], json!(true), "{own}");
    assert_eq!(
        own["Ok"][0]["sources"][0]["held"]["record"]["Register"]["signatories"],
        json!(["Claire Muller", "Jean Weber"])
    );
}

#[tokio::test]
async fn a_file_saved_by_excel_in_windows_1252_keeps_its_accents() {
    let dir = common::test_dir();
    Browser::start(&dir, SignIn::Demo).await;
    let text = format!(
        "national_id;denomination;legal_form;registered_address;capital;signatories;rcs_number;registered_on\r\n\
         {COMPANY};Société Générale Réunie;Société anonyme;1, rue du Fossé, L-1536 Luxembourg;31 000 €;Zoé Müller;B12345;2001-02-03\r\n"
    );
    // as Excel writes it on Windows: one byte per accented letter, and € as 0x80
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!lossy && std::str::from_utf8(&bytes).is_err());
    let file = dir.path().join("register.csv");
    std::fs::write(&file, &bytes).unwrap();
    let imported = run(
        &config(&dir, SignIn::Demo),
        espace::server::demo::DEMO_OPERATOR,
        SourcesCommand::Import {
            source: Source::Register,
            file,
        },
    )
    .await;
    assert!(imported.is_ok(), "{imported:?}");
    let held = held(&dir).await;
    assert!(
        matches!(&held[..], [Held { record: Record::Register(r), .. }]
            if r.denomination == "Société Générale Réunie" && r.capital == "31 000 €"),
        "{held:?}"
    );
}
