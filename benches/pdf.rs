//! How long the server takes to write a procedure's PDF form (issue 19: "PDF generation time for
//! a 30-field procedure"): a made-up procedure of 30 fields, filled with accented text, some of
//! it long enough to wrap, written 200 times. Prints the median, the 95th percentile and the
//! size; run by `scripts/bench.sh` (or `cargo bench --bench pdf --features ssr`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

use espace::domain::timestamp::Timestamp;
use espace::{
    domain::{
        language::Language,
        procedure::{
            Content, Definition,
            lifecycle::{Procedure, ProcedureStatus, Signature},
        },
    },
    server::pdf::{Facts, form},
};
use std::time::Instant;

const FIELDS: usize = 30;
const RUNS: usize = 200;

fn main() {
    let fields: Vec<_> = (1..=FIELDS)
        .map(|n| {
            serde_json::json!({
                "name": format!("field_{n}"), "kind": if n % 5 == 0 { "multiline" } else { "text" },
                "max": 2000, "required": false,
                "label": {"fr": format!("Champ n° {n} : désignation de l'élément"),
                          "de": format!("Feld Nr. {n}: Bezeichnung des Gegenstands"),
                          "en": format!("Field no. {n}: designation of the item")},
            })
        })
        .collect();
    let definition: Definition = serde_json::from_value(serde_json::json!({
        "id": "bench", "domain": "tax",
        "title": {"fr": "Déclaration d'essai à trente champs", "de": "Testerklärung", "en": "Test return"},
        "summary": {"fr": "", "de": "", "en": ""},
        "fields": fields,
    }))
    .expect("a definition");
    let content: Content = (1..=FIELDS)
        .map(|n| {
            let value = if n % 5 == 0 {
                "Société à responsabilité limitée « Müller & Fils » : façade rénovée, ".repeat(6)
            } else {
                format!("Valeur {n} — Straße, Öffnungszeiten, 120 €")
            };
            (format!("field_{n}"), value)
        })
        .collect();
    let procedure = Procedure {
        id: "bench".into(),
        kind: "bench".into(),
        for_principal: None,
        language: Language::Fr,
        content,
        status: ProcedureStatus::Submitted {
            at: Timestamp::from_unix(1_796_000_000),
        },
        reference: Some("DEM-2026-000042".into()),
        signature: Some(Signature {
            signer: "Claire Muller".into(),
            certificate: "20481736592048173659".into(),
            at: Timestamp::from_unix(1_796_000_000),
            digest: "ab".repeat(32),
        }),
        created_by: "Claire Muller".into(),
        created_at: Timestamp::from_unix(1_796_000_000),
        updated_by: "Claire Muller".into(),
        updated_at: Timestamp::from_unix(1_796_000_000),
        version: 1,
        attachments: Vec::new(),
        prefilled: Default::default(),
    };
    let facts = Facts {
        portal: "eSpace",
        espace: "Muller & Fils S.à r.l.",
        now: Timestamp::from_unix(1_796_000_000),
    };
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let pdf = form(&procedure, &definition, &facts).expect("a PDF");
        times.push(start.elapsed());
        size = pdf.len();
    }
    times.sort();
    println!(
        "PDF of a {FIELDS}-field procedure: median {:.2} ms, p95 {:.2} ms over {RUNS} runs, {:.0} kB",
        times[RUNS / 2].as_secs_f64() * 1000.0,
        times[RUNS * 95 / 100].as_secs_f64() * 1000.0,
        size as f64 / 1024.0
    );
}
