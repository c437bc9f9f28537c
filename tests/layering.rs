//! The layers import in one direction, and no two modules import each other, however indirectly.
//!
//! `domain` ← `text` ← `server` ← `api` ← `ui` ← `app` ← `start` (`cookies`, `paths` and the
//! generated `i18n` sit at the bottom beside `domain`; `start` assembles them all). The check
//! reads the `crate::`, `super::` and `self::` paths of every file under `src/` (test modules and
//! comments aside) and resolves each to the module it names, at the depth of `domain::bulk` or
//! `server::db`. Run it alone with `cargo test --test layering -- --nocapture` to see the graph
//! it checked.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first: a module may import from its own layer (then without a cycle) and
/// from the layers below it.
const LAYERS: &[&[&str]] = &[
    &["domain", "cookies", "paths", "i18n"],
    &["text"],
    &["server"],
    &["api"],
    &["ui"],
    &["app"],
    &["start"],
];

fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer: add it to LAYERS"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/domain/procedure/mod.rs` → `["domain", "procedure"]`; the crate root is `[]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file
        .strip_prefix(src)
        .expect("under src/")
        .with_extension("");
    let mut segments: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(segments.last().map(String::as_str), Some("mod" | "lib")) {
        segments.pop();
    }
    segments
}

/// The code of a file that the library's build compiles: without comments, and without the test
/// module at its end (tests may reach anywhere).
fn code_of(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// Every path that starts with `crate::`, `super::` or `self::`, with `use` groups expanded:
/// `crate::domain::{role::Role, ssn}` gives `crate::domain::role::Role` and `crate::domain::ssn`.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        if starts_word
            && ["crate::", "super::", "self::"]
                .iter()
                .any(|p| rest.starts_with(p))
        {
            let (found, end) = path_tree(&chars, i);
            paths.extend(found);
            i = end;
        } else {
            i += 1;
        }
    }
    paths
}

/// Reads one path at `start`, expanding a `{…}` group; returns the paths and where it ended.
fn path_tree(chars: &[char], start: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    let mut i = start;
    loop {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i < chars.len() && chars[i] == '{' {
            let mut found = Vec::new();
            i += 1;
            loop {
                while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                    i += 1;
                }
                if i >= chars.len() || chars[i] == '}' {
                    return (found, i + 1);
                }
                let (inner, end) = path_tree(chars, i);
                found.extend(
                    inner
                        .into_iter()
                        .map(|tail| [prefix.clone(), tail].concat()),
                );
                // `x as y`: skip to the next item of the group
                i = end;
                while i < chars.len() && !matches!(chars[i], ',' | '}') {
                    i += 1;
                }
            }
        }
        let word_start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '*')
        {
            i += 1;
        }
        prefix.push(chars[word_start..i].iter().collect::<String>());
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            return (vec![prefix], i);
        }
    }
}

/// The module a path names, as deep as the known modules go, from inside `here`.
fn resolve(here: &[String], path: &[String], modules: &BTreeSet<Vec<String>>) -> Vec<String> {
    let mut absolute: Vec<String> = Vec::new();
    let mut segments = path.iter().peekable();
    match segments.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segments.next();
        }
        Some("self") => {
            segments.next();
            absolute = here.to_vec();
        }
        _ => {
            absolute = here.to_vec();
            while segments.peek().map(|s| s.as_str()) == Some("super") {
                segments.next();
                absolute.pop();
            }
        }
    }
    for segment in segments {
        let mut deeper = absolute.clone();
        deeper.push(segment.clone());
        if !modules.contains(&deeper) {
            break;
        }
        absolute = deeper;
    }
    absolute
}

/// The unit the check works on: a module's first two levels (`server::db::sql::members` is
/// `server::db`); the root's own items belong to no unit.
fn unit(module: &[String]) -> Option<String> {
    match module {
        [] => None,
        [top] => Some(top.clone()),
        [top, second, ..] => Some(format!("{top}::{second}")),
    }
}

/// The cycles of the graph: its strongly connected components of more than one unit (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, node: &'a str) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten() {
                if !self.index.contains_key(next.as_str()) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next.as_str()]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next.as_str()) {
                    let low = self.low[node].min(self.index[next.as_str()]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top.to_owned());
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node.as_str()) {
            walk.visit(node);
        }
    }
    walk.found
}

#[test]
fn layers_import_downwards_and_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.retain(|f| f.file_name().is_some_and(|n| n != "main.rs"));
    let mut modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    modules.insert(vec!["i18n".to_owned()]);

    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut upward = Vec::new();
    for file in &files {
        let here = module_of(&src, file);
        let Some(from) = unit(&here) else { continue };
        let code = code_of(&std::fs::read_to_string(file).expect("a readable source file"));
        graph.entry(from.clone()).or_default();
        for path in paths_in(&code) {
            let Some(to) = unit(&resolve(&here, &path, &modules)) else {
                continue;
            };
            if to == from {
                continue;
            }
            if layer_of(&to) > layer_of(&from) {
                upward.push(format!("{} → {to} ({})", from, path.join("::")));
            }
            graph.entry(from.clone()).or_default().insert(to);
        }
    }

    for layer in LAYERS {
        let units: Vec<&String> = graph
            .keys()
            .filter(|u| layer.contains(&u.split("::").next().unwrap_or(u)))
            .collect();
        let edges: usize = units.iter().map(|u| graph[*u].len()).sum();
        println!(
            "{:<28} {:>3} modules, {:>4} imports",
            layer.join(", "),
            units.len(),
            edges
        );
    }
    upward.sort();
    upward.dedup();
    let cycles = cycles(&graph);
    for cycle in &cycles {
        println!("cycle: {}", cycle.join(" ⇄ "));
        for from in cycle {
            let inside = graph[from].iter().filter(|to| cycle.contains(to));
            println!(
                "    {from} → {}",
                inside.cloned().collect::<Vec<_>>().join(", ")
            );
        }
    }
    for import in &upward {
        println!("upward: {import}");
    }
    assert!(
        upward.is_empty(),
        "{} imports go up a layer (listed above)",
        upward.len()
    );
    assert!(
        cycles.is_empty(),
        "{} cycles between modules (listed above)",
        cycles.len()
    );
}

#[test]
fn use_groups_expand_into_whole_paths() {
    let code =
        "use crate::{domain::{role::Role, ssn}, paths};\nlet x = super::super::link::hash(y);";
    let paths: Vec<String> = paths_in(code).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        paths,
        [
            "crate::domain::role::Role",
            "crate::domain::ssn",
            "crate::paths",
            "super::super::link::hash",
        ]
    );
}

#[test]
fn a_cycle_through_three_modules_is_found() {
    let edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")];
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in edges {
        graph.entry(from.into()).or_default().insert(to.into());
    }
    assert_eq!(cycles(&graph), [["a", "b", "c"]]);
    graph.get_mut("c").map(|next| next.remove("a"));
    assert!(cycles(&graph).is_empty());
}
