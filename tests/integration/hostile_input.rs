//! Hostile input in every text field of the forms (procedure content, searches, descriptions
//! and file names included): at least 256 generated values per field (proptest, deterministic)
//! plus a fixed corpus (markup and script, SQL metacharacters, CR/LF/NUL, right-to-left
//! override, a 1 MB string, non-ASCII digits), each sent as the app's own call and as the
//! browser's plain-form post. Never a 5xx; invalid input gets a message for its field; valid
//! input is stored exactly (trimmed, as the forms say) and rendered escaped; a plain post comes
//! back to a short address on this site. Then raw malformed bodies to every server-function
//! address, and hostile ids in plain-form posts.

use crate::common;

use common::{world::*, *};
use espace::domain::quota::QuotaLimits;
use proptest::{
    prelude::*,
    strategy::{Strategy, ValueTree},
    test_runner::TestRunner,
};

/// Generated values per field.
const CASES: usize = 256;

fn corpus() -> Vec<String> {
    [
        "<script>alert(1)</script>",
        "</title><b>bold</b>",
        "\"><img src=x onerror=alert(1)>",
        "' OR '1'='1",
        "Robert'); DROP TABLE persons;--",
        "a\r\nBcc: victim@example.lu",
        "nul\0byte",
        "\u{202E}gnp.exe",
        "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠",
        "２０４８１７３６５９２０４８１７３６５９",
        "{{7*7}} ${jndi:ldap://x}",
        "../../etc/passwd",
        "%00%0d%0a",
        "",
        "   ",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(["x".repeat(1 << 20)])
    .collect()
}

/// `CASES` values from a deterministic runner: any Unicode, and strings dense in the
/// characters injections are made of.
fn generated() -> Vec<String> {
    let mut runner = TestRunner::deterministic();
    let strategy = prop_oneof![
        any::<String>(),
        "[<>\"'&;%_\\\\/*=(){}$` a-zA-Z0-9\\x00\\r\\n\\t\\u{202E}\\u{200B}éü٣०]{0,80}",
        "(<script>|</|' OR '1'='1|--|; DROP TABLE persons;|\\u{202E}|\\r\\n|\\x00|&amp;){1,6}",
    ];
    (0..CASES)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

fn values() -> Vec<String> {
    let mut all = corpus();
    all.extend(generated());
    all
}

/// Where a stored value is read back, and the page that shows it.
enum ReadBack {
    /// The member sheet of the invitation just made (its id is the answer).
    Member(&'static str),
    /// The caller's own profile.
    Contact(&'static str),
    /// The eSpace's data sheet.
    Profile(&'static str),
    /// Nothing to read back (codes, dates, files, searches).
    None,
}

struct Field {
    endpoint: &'static str,
    field: &'static str,
    read_back: ReadBack,
}

const FIELDS: [Field; 18] = [
    Field {
        endpoint: "reply_to_message",
        field: "body",
        read_back: ReadBack::None,
    },
    Field {
        endpoint: "invite_member",
        field: "given_name",
        read_back: ReadBack::Member("given_name"),
    },
    Field {
        endpoint: "invite_member",
        field: "family_name",
        read_back: ReadBack::Member("family_name"),
    },
    Field {
        endpoint: "invite_member",
        field: "email",
        read_back: ReadBack::Member("email"),
    },
    Field {
        endpoint: "invite_member",
        field: "ssn",
        read_back: ReadBack::None,
    },
    Field {
        endpoint: "save_contact",
        field: "function",
        read_back: ReadBack::Contact("function"),
    },
    Field {
        endpoint: "save_contact",
        field: "phone",
        read_back: ReadBack::Contact("phone"),
    },
    Field {
        endpoint: "edit_profile",
        field: "trade_name",
        read_back: ReadBack::Profile("trade_name"),
    },
    Field {
        endpoint: "edit_profile",
        field: "website",
        read_back: ReadBack::Profile("website"),
    },
    Field {
        endpoint: "edit_profile",
        field: "vat_number",
        read_back: ReadBack::Profile("vat_number"),
    },
    Field {
        endpoint: "create_espace",
        field: "name",
        read_back: ReadBack::None,
    },
    Field {
        endpoint: "register_code",
        field: "code",
        read_back: ReadBack::None,
    },
    Field {
        endpoint: "set_mandate_end",
        field: "end",
        read_back: ReadBack::None,
    },
    Field {
        endpoint: "bulk_invite",
        field: "csv",
        read_back: ReadBack::None,
    },
    Field {
        endpoint: "search_nace",
        field: "query",
        read_back: ReadBack::None,
    },
    Field {
        endpoint: "list_members",
        field: "search",
        read_back: ReadBack::None,
    },
    // procedure content, in a one-line field and in a text of several lines
    Field {
        endpoint: "save_procedure",
        field: "street",
        read_back: ReadBack::None,
    },
    Field {
        endpoint: "save_procedure",
        field: "purpose",
        read_back: ReadBack::None,
    },
];

/// Limits far above what the test sends: past them, a valid value would be refused for the
/// quota instead of being stored and read back.
fn raised() -> QuotaLimits {
    QuotaLimits {
        invitations_per_espace: 1 << 40,
        invitations_per_person: 1 << 40,
        espaces_per_person: 1 << 40,
        certification_requests_per_espace: 1 << 40,
        stored_megabytes_per_espace: 1 << 20,
    }
}

/// The procedure a content field is saved into: the world's change of address, or a
/// certificate of good standing for the text of several lines.
fn procedure_of<'a>(w: &'a World, standing: &'a str, field: &Field) -> &'a str {
    if field.field == "purpose" {
        standing
    } else {
        &w.procedure
    }
}

/// A distinct valid SSN for the `n`th invitation.
fn ssn(n: usize) -> String {
    format!("{:020}", 55_000_000_000_000_000_000u128 + n as u128)
}

/// The arguments of a call that fill `field` with `value` and everything else validly.
fn arguments(
    w: &World,
    standing: &str,
    field: &Field,
    value: &str,
    n: usize,
    current: &str,
) -> Vec<(String, String)> {
    let muller = w.scene.muller.clone();
    let mut args: Vec<(&'static str, String)> = match field.endpoint {
        "invite_member" => vec![
            ("espace_id", muller),
            ("given_name", "Anna".into()),
            ("family_name", "Becker".into()),
            ("email", "anna.becker@example.lu".into()),
            ("ssn", ssn(n)),
            ("scope", "this_certificate".into()),
            ("role", "manager".into()),
        ],
        "save_contact" => vec![
            ("email", "claire.muller@muller-fils.example".into()),
            ("phone", "".into()),
            ("mobile", "".into()),
            ("fax", "".into()),
            ("function", "".into()),
        ],
        "edit_profile" => vec![
            ("espace_id", muller),
            ("field", field.field.into()),
            ("expected", current.into()),
            ("value", value.into()),
        ],
        "create_espace" => vec![("name", value.into()), ("procedure_language", "fr".into())],
        "register_code" => vec![
            ("espace_id", muller),
            ("code", value.into()),
            ("kind", "proxy".into()),
        ],
        "set_mandate_end" => vec![
            ("espace_id", muller),
            ("mandate_id", w.mandate.clone()),
            ("end", value.into()),
        ],
        "bulk_invite" => vec![("espace_id", muller), ("csv", value.into())],
        "reply_to_message" => vec![
            ("espace_id", muller),
            ("message_id", w.message.clone()),
            ("body", value.into()),
        ],
        "search_nace" => vec![("query", value.into()), ("language", "fr".into())],
        "list_members" => vec![
            ("espace_id", muller),
            ("search", value.into()),
            ("role", "".into()),
            ("status", "".into()),
            ("page", "1".into()),
        ],
        "save_procedure" => {
            return vec![
                ("espace_id".into(), muller),
                ("id".into(), procedure_of(w, standing, field).into()),
                ("version".into(), current.into()),
                (format!("content[{}]", field.field), value.into()),
            ];
        }
        other => panic!("no arguments for {other}"),
    };
    if field.endpoint != "edit_profile"
        && let Some(slot) = args.iter_mut().find(|(k, _)| *k == field.field)
    {
        slot.1 = value.to_owned();
    }
    args.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Posts `form` to `endpoint` as a browser without JavaScript does, from the page `from`, and
/// notes what went wrong: a server error, or a way back (`Location`) that is not a short
/// address on this site.
async fn plain_post(
    browser: &mut Browser,
    endpoint: &str,
    form: &[(&str, &str)],
    from: &str,
    what: &str,
    failures: &mut Vec<String>,
) {
    let request = browser
        .with_cookies(axum::http::Request::post(format!("/api/{endpoint}")))
        .header("origin", ORIGIN)
        .header("referer", format!("{ORIGIN}{from}"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(
            serde_urlencoded::to_string(form).unwrap(),
        ))
        .unwrap();
    let reply = browser.send(request).await;
    check_plain_answer(&reply, what, failures);
}

/// Notes a server error, or a way back that is not a short address on this site.
fn check_plain_answer(reply: &Reply, what: &str, failures: &mut Vec<String>) {
    if reply.status >= 500 {
        failures.push(format!(
            "{what}: {} {}",
            reply.status,
            reply.body.chars().take(200).collect::<String>()
        ));
    }
    if let Some(location) = reply.headers.get("location") {
        let location = location.to_str().unwrap_or("(not text)");
        // a path, or (server_fn's own way back, for the functions that only read) the page
        // posted from, on this site
        let path = location.strip_prefix(ORIGIN).unwrap_or(location);
        if location.len() > 16 * 1024
            || !path.starts_with('/')
            || path.starts_with("//")
            || location.chars().any(char::is_control)
        {
            failures.push(format!(
                "{what}: Location {:?}",
                &location[..location.len().min(80)]
            ));
        }
    }
}

/// Markup the corpus plants: found as it is in a page, it would be markup, not text.
const PROBES: [&str; 3] = ["<script>alert(1)", "<img src=x", "</title><b>"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_values_in_every_field_never_fail_and_are_stored_exactly_or_refused_next_to_the_field()
 {
    let mut w = world_with(raised()).await;
    let values = values();
    let muller = w.scene.muller.clone();
    let standing = w
        .scene
        .claire
        .answer(
            "create_procedure",
            &[
                ("espace_id", muller.as_str()),
                ("kind", "good_standing"),
                ("principal", ""),
            ],
        )
        .await["Ok"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut plain_posts = 0;
    let (mut stored, mut refused, mut other) = (0, 0, 0);
    let mut failures = Vec::new();
    for (f, field) in FIELDS.iter().enumerate() {
        // the data sheet field's value (edit_profile), the procedure's version (save_procedure)
        let mut current = String::new();
        for (i, value) in values.iter().enumerate() {
            let n = f * 10_000 + i;
            if field.endpoint == "save_procedure" {
                let id = procedure_of(&w, &standing, field).to_owned();
                let claire = &mut w.callers[7].1;
                let loaded = claire
                    .answer("load_procedure", &[("espace_id", &muller), ("id", &id)])
                    .await;
                current = loaded["Ok"]["version"].to_string();
            }
            let args = arguments(&w, &standing, field, value, n, &current);
            let form: Vec<(&str, &str)> =
                args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let claire = &mut w.callers[7].1;
            let reply = claire.call(field.endpoint, &form).await;
            let what = format!(
                "{}.{} = {:?}",
                field.endpoint,
                field.field,
                value.chars().take(60).collect::<String>()
            );
            // the same, posted by a browser without JavaScript (in a copy of Claire's browser,
            // which keeps the flash it is left out of her calls' way)
            let mut plain = claire.another();
            plain.cookies = claire.cookies.clone();
            let from = format!("/espace/{muller}/profile");
            plain_post(
                &mut plain,
                field.endpoint,
                &form,
                &from,
                &format!("{what} (plain post)"),
                &mut failures,
            )
            .await;
            plain_posts += 1;
            if reply.status != 200 {
                failures.push(format!(
                    "{what}: HTTP {} {}",
                    reply.status,
                    reply.body.chars().take(200).collect::<String>()
                ));
                continue;
            }
            let answer = reply.json();
            if let Some(errors) = answer["Err"]["Invalid"].as_array() {
                let names: Vec<&str> = errors.iter().filter_map(|e| e["field"].as_str()).collect();
                let expected_field = if field.endpoint == "edit_profile" {
                    "value"
                } else {
                    field.field
                };
                if !names.contains(&expected_field) && !names.contains(&field.field) {
                    failures.push(format!(
                        "{what}: refused for {names:?}, not next to its field"
                    ));
                }
                refused += 1;
                continue;
            }
            if answer.get("Ok").is_none() {
                other += 1;
                continue;
            }
            stored += 1;
            let trimmed = value.trim();
            let (shown, page) = match field.read_back {
                ReadBack::None => continue,
                ReadBack::Member(key) => {
                    let id = answer["Ok"].as_str().unwrap().to_owned();
                    let muller = w.scene.muller.clone();
                    let sheet = claire
                        .answer("load_member", &[("espace_id", &muller), ("member_id", &id)])
                        .await;
                    (
                        sheet["Ok"][key].clone(),
                        format!("/espace/{muller}/profile/users/{id}"),
                    )
                }
                ReadBack::Contact(key) => {
                    let profile = claire.answer("load_own_profile", &[]).await;
                    (profile["Ok"]["contact"][key].clone(), "/me".to_owned())
                }
                ReadBack::Profile(key) => {
                    let muller = w.scene.muller.clone();
                    let espace = claire
                        .answer("load_espace", &[("espace_id", &muller)])
                        .await;
                    current = espace["Ok"]["profile"][key]
                        .as_str()
                        .unwrap_or("")
                        .to_owned();
                    (
                        espace["Ok"]["profile"][key].clone(),
                        format!("/espace/{muller}/profile"),
                    )
                }
            };
            let shown = shown.as_str().unwrap_or("");
            // what the form normalises (a trimmed line, a website with its scheme, a VAT
            // number in capitals) is the domain's to say; what was typed must survive inside it
            if !(shown == trimmed
                || (trimmed.is_empty() && shown.is_empty())
                || field.field == "website"
                || field.field == "vat_number")
            {
                failures.push(format!("{what}: stored as {shown:?}"));
            }
            if let Some(probe) = PROBES.iter().find(|probe| trimmed.contains(**probe)) {
                let html = claire.get(&page, None).await.body;
                if let Some(at) = html.find(probe) {
                    let context = &html[html.floor_char_boundary(at.saturating_sub(100))..at];
                    failures.push(format!(
                        "{what}: markup written into {page} after …{context}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let per_field = values.len();
    println!(
        "hostile input: {} fields × {per_field} values ({CASES} generated + {} fixed) = {} calls: {stored} stored, {refused} refused next to the field, {other} other refusals, 0 server errors; and {plain_posts} plain-form posts, 0 server errors",
        FIELDS.len(),
        per_field - CASES,
        FIELDS.len() * per_field
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_to_every_server_function_are_client_errors() {
    let w = world().await;
    let mut browser = w.callers[7].1.another();
    browser.cookies = w.callers[7].1.cookies.clone();
    let endpoints: Vec<&str> = matrix(&w).iter().map(|call| call.endpoint).collect();
    let bodies: [(&str, &[u8]); 7] = [
        ("application/x-www-form-urlencoded", b"%%%%&&&==="),
        (
            "application/x-www-form-urlencoded",
            b"espace_id=%FF%FE&page=-1",
        ),
        (
            "application/x-www-form-urlencoded",
            b"version=not-a-number&page=99999999999999999999",
        ),
        (
            "application/x-www-form-urlencoded",
            &[0xff, 0x00, 0xfe, 0x80],
        ),
        ("multipart/form-data", b"--x\r\ngarbage"),
        (
            "multipart/form-data; boundary=x",
            b"--x\r\nContent-Disposition: form-data\r\n\r\n",
        ),
        ("application/x-www-form-urlencoded", b""),
    ];
    let mut count = 0;
    let mut failures = Vec::new();
    for endpoint in &endpoints {
        for (content_type, body) in &bodies {
            let request = browser
                .with_cookies(axum::http::Request::post(format!("/api/{endpoint}")))
                .header("origin", ORIGIN)
                .header("content-type", *content_type)
                .body(axum::body::Body::from(body.to_vec()))
                .unwrap();
            let reply = browser.send(request).await;
            count += 1;
            let fine = reply.status == 200 || (400..500).contains(&reply.status);
            if !fine {
                failures.push(format!(
                    "{endpoint} ({content_type}, {body:?}): {} {}",
                    reply.status, reply.body
                ));
            }
            for internal in ["sqlx", "SQLITE", "constraint", "panicked", ".rs:"] {
                if reply.body.contains(internal) {
                    failures.push(format!("{endpoint}: {internal:?} in {}", reply.body));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // over the set limit, refused before it is read
    let huge = vec![b'a'; 22 * 1024 * 1024];
    let request = browser
        .with_cookies(axum::http::Request::post("/api/save_contact"))
        .header("origin", ORIGIN)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-length", huge.len())
        .body(axum::body::Body::from(huge))
        .unwrap();
    assert_eq!(browser.send(request).await.status, 413);
    println!("malformed bodies: {count} requests, no server error");
}

/// Made-up ids (control characters, a header injection, a right-to-left override, 1 MB) in
/// every id of every server function, posted as a browser posts a form without JavaScript, by
/// a stranger and by the administrator: never a 5xx (the redirect back once panicked on a
/// control character), and the way back (`Location`) stays a short address on this site,
/// whatever the ids or the page the post came from (a 1.9 MB body once made a 5.8 MB header).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_ids_in_plain_form_posts_never_fail() {
    let w = world().await;
    let ids = [
        "\u{0}".to_owned(),
        "a\r\nSet-Cookie: taken=1".to_owned(),
        "\u{202e}gnp.exe".to_owned(),
        "../../etc/passwd".to_owned(),
        "x".repeat(1 << 20),
    ];
    let from = format!("/espace/{}/profile/{}", w.scene.muller, "a".repeat(8000));
    let is_id = |key: &str| key == "id" || key == "secret" || key.ends_with("_id");
    let mut count = 0;
    let mut failures = Vec::new();
    for caller in [0, 7] {
        let mut browser = w.callers[caller].1.another();
        browser.cookies = w.callers[caller].1.cookies.clone();
        for Call { endpoint, args, .. } in matrix(&w) {
            // these change who is signed in, or read only multipart bodies
            if ["sign_out", "sign_in_demo", "request_certification"].contains(&endpoint)
                || !args.iter().any(|(key, _)| is_id(key))
            {
                continue;
            }
            for id in &ids {
                let form: Vec<(&str, &str)> = args
                    .iter()
                    .map(|(key, value)| {
                        (
                            *key,
                            if is_id(key) {
                                id.as_str()
                            } else {
                                value.as_str()
                            },
                        )
                    })
                    .collect();
                let shown = &id[..id.len().min(24)];
                let what = format!("{endpoint} ({shown:?})");
                plain_post(&mut browser, endpoint, &form, &from, &what, &mut failures).await;
                count += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("hostile ids in plain-form posts: {count} requests, no server error");
}

/// The certification request's description and its documents' file names, which travel in a
/// multipart body: every hostile value, as the app's call and as the browser's plain post,
/// answers without a server error; a call is stored or refused next to its field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_descriptions_and_file_names_never_fail() {
    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
    let mut w = world_with(raised()).await;
    let muller = w.scene.muller.clone();
    let from = format!("/espace/{muller}/profile/certifications");
    let claire = &mut w.callers[7].1;
    let mut failures = Vec::new();
    let (mut calls, mut stored, mut unreadable) = (0, 0, 0);
    for value in values() {
        let what = |field: &str, how: &str| {
            format!(
                "request_certification.{field} = {:?} ({how})",
                value.chars().take(60).collect::<String>()
            )
        };
        for (field, description, file_name) in [
            ("description", value.as_str(), "statuts.pdf"),
            ("documents", "Statuts joints.", value.as_str()),
        ] {
            let fields = [
                ("espace_id", muller.as_str()),
                ("domain", "tax"),
                ("description", description),
            ];
            let files: [(&str, &str, &[u8]); 1] = [("documents", file_name, PDF)];
            for accept in ["application/json", "text/html,application/xhtml+xml"] {
                let reply = claire
                    .post_multipart_from("request_certification", &fields, &files, accept, &from)
                    .await;
                calls += 1;
                if accept.starts_with("text/html") {
                    check_plain_answer(&reply, &what(field, "plain post"), &mut failures);
                    continue;
                }
                // a name that breaks the part's header makes the body unreadable: a client
                // error, said as such
                if reply.status == 400 {
                    unreadable += 1;
                    continue;
                }
                if reply.status != 200 {
                    failures.push(format!("{}: HTTP {}", what(field, "call"), reply.status));
                    continue;
                }
                let answer = reply.json();
                match answer["Err"]["Invalid"].as_array() {
                    None if answer["Ok"].is_null() && answer.get("Ok").is_some() => stored += 1,
                    None => failures.push(format!("{}: {answer}", what(field, "call"))),
                    Some(errors) => {
                        if !errors.iter().any(|e| e["field"] == field) {
                            failures.push(format!(
                                "{}: refused, not next to {field}: {answer}",
                                what(field, "call")
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!(
        "hostile descriptions and file names: {calls} multipart posts, {stored} calls stored, {unreadable} unreadable (400), 0 server errors"
    );
}
