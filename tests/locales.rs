//! Every user-visible string exists in FR, DE and EN: the three locale files have the same keys,
//! none is empty, and the interpolated variables match.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

use serde_json::Value;
use std::collections::BTreeMap;

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        other => panic!("{prefix}: not a string: {other}"),
    }
}

fn load(lang: &str) -> BTreeMap<String, String> {
    let path = format!("{}/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    flatten("", &json, &mut out);
    out
}

fn variables(text: &str) -> Vec<&str> {
    let mut vars: Vec<&str> = text
        .split("{{")
        .skip(1)
        .filter_map(|s| s.split("}}").next())
        .map(str::trim)
        .collect();
    vars.sort();
    vars
}

#[test]
fn fr_de_en_have_the_same_keys_and_variables() {
    let fr = load("fr");
    for lang in ["de", "en"] {
        let other = load(lang);
        let missing: Vec<_> = fr.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !fr.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}: missing {missing:?}, extra {extra:?}"
        );
        for (key, text) in &fr {
            assert_eq!(
                variables(text),
                variables(&other[key]),
                "{lang}: variables of {key}"
            );
        }
    }
}

#[test]
fn no_translation_is_empty() {
    for lang in ["fr", "de", "en"] {
        for (key, text) in load(lang) {
            assert!(!text.trim().is_empty(), "{lang}: {key} is empty");
        }
    }
}
