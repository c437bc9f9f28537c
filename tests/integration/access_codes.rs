//! Integration tests of the administration's back office (issue: certifications): issuing,
//! listing and revoking access codes against a real database, and the `espace codes` command
//! itself.

use crate::common;

use espace::{
    domain::access_code::{CodeKind, CodeOrder, CodeState, Domain, IssueRefusal},
    server::{
        back_office::codes::issue,
        clock::now,
        db::{Store, sql::Pools},
    },
};
use std::process::Command;

const COMPANY: &str = "20202201246";
const DAY: i64 = 24 * 60 * 60;

async fn store(dir: &tempfile::TempDir) -> Store {
    Pools::open(&database_url(dir)).await.unwrap().store()
}

fn database_url(dir: &tempfile::TempDir) -> String {
    common::database_url(dir.path(), "codes.db")
}

fn order(kind: CodeKind) -> CodeOrder {
    CodeOrder {
        company: COMPANY.into(),
        domain: Domain::Tax,
        kind,
        activation_deadline: now() + 30 * DAY,
        end_of_use: None,
    }
}

#[tokio::test]
async fn one_active_owner_code_per_company_and_domain() {
    let dir = common::test_dir();
    let store = store(&dir).await;
    let owner = issue(&store, &order(CodeKind::Owner), 1, "op", now())
        .await
        .unwrap()
        .unwrap();
    let proxies = issue(&store, &order(CodeKind::Proxy), 3, "op", now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((owner.len(), proxies.len()), (1, 3));
    // a second owner code for the same company and domain: refused until the first is revoked
    let again = issue(&store, &order(CodeKind::Owner), 1, "op", now())
        .await
        .unwrap();
    assert_eq!(again, Err(IssueRefusal::OwnerActive));
    // another domain, or another company, is another matter
    let social = CodeOrder {
        domain: Domain::SocialSecurity,
        ..order(CodeKind::Owner)
    };
    assert!(
        issue(&store, &social, 1, "op", now())
            .await
            .unwrap()
            .is_ok()
    );
    let other = CodeOrder {
        company: "20202201254".into(),
        ..order(CodeKind::Owner)
    };
    assert!(issue(&store, &other, 1, "op", now()).await.unwrap().is_ok());
    assert!(store.access_codes.revoke(&owner[0].0, now()).await.unwrap());
    assert!(
        !store.access_codes.revoke(&owner[0].0, now()).await.unwrap(),
        "revoked once"
    );
    assert!(
        issue(&store, &order(CodeKind::Owner), 1, "op", now())
            .await
            .unwrap()
            .is_ok()
    );

    let listed = store
        .access_codes
        .of_company(&COMPANY.into(), now())
        .await
        .unwrap();
    assert_eq!(listed.len(), 6, "the other company's code is not listed");
    let states = |kind: CodeKind, state: CodeState| {
        listed
            .iter()
            .filter(|c| c.kind == kind && c.state == state)
            .count()
    };
    assert_eq!(states(CodeKind::Owner, CodeState::Revoked), 1);
    assert_eq!(states(CodeKind::Owner, CodeState::Usable), 2); // tax (new) and social security
    assert_eq!(states(CodeKind::Proxy, CodeState::Usable), 3);
    // past the activation deadline, an unused code is expired
    let later = store
        .access_codes
        .of_company(&COMPANY.into(), now() + 31 * DAY)
        .await
        .unwrap();
    assert!(
        later
            .iter()
            .filter(|c| c.state != CodeState::Revoked)
            .all(|c| c.state == CodeState::Expired)
    );
}

#[tokio::test]
async fn of_fifty_owner_codes_issued_at_once_exactly_one_is_issued() {
    let dir = common::test_dir();
    let store = store(&dir).await;
    let attempts = (0..50).map(|_| {
        let store = store.clone();
        tokio::spawn(async move {
            issue(&store, &order(CodeKind::Owner), 1, "op", now())
                .await
                .unwrap()
        })
    });
    let mut issued = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(_) => issued += 1,
            Err(refusal) => assert_eq!(refusal, IssueRefusal::OwnerActive),
        }
    }
    assert_eq!(issued, 1);
}

#[tokio::test]
async fn orders_with_impossible_dates_are_refused() {
    let dir = common::test_dir();
    let store = store(&dir).await;
    let past = CodeOrder {
        activation_deadline: now() - DAY,
        ..order(CodeKind::Proxy)
    };
    assert_eq!(
        issue(&store, &past, 1, "op", now()).await.unwrap(),
        Err(IssueRefusal::DeadlinePassed)
    );
    let inverted = CodeOrder {
        end_of_use: Some(now() + DAY),
        ..order(CodeKind::Proxy)
    };
    assert_eq!(
        issue(&store, &inverted, 1, "op", now()).await.unwrap(),
        Err(IssueRefusal::EndBeforeDeadline)
    );
    assert!(
        store
            .access_codes
            .of_company(&COMPANY.into(), now())
            .await
            .unwrap()
            .is_empty()
    );
}

/// The database (file and write-ahead log) holds no code in clear, grouped or not.
#[tokio::test]
async fn codes_are_never_stored_in_clear() {
    let dir = common::test_dir();
    let store = store(&dir).await;
    let mut codes = issue(&store, &order(CodeKind::Owner), 1, "op", now())
        .await
        .unwrap()
        .unwrap();
    codes.extend(
        issue(&store, &order(CodeKind::Proxy), 20, "op", now())
            .await
            .unwrap()
            .unwrap(),
    );
    let bytes = common::world::stored(dir.path(), "codes.db").await;
    assert!(bytes.len() > 4096, "the database was read");
    let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    for (id, code) in &codes {
        assert!(contains(id.as_str()), "the row of {id} is there");
        assert!(!contains(code.as_str()), "code in clear");
        assert!(!contains(&code.grouped()), "grouped code in clear");
    }
}

/// `espace operators add`, then `espace codes issue | list | revoke`, as an operator runs them.
#[test]
fn the_back_office_command() {
    let dir = common::test_dir();
    let run_as = |operator: &str, args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_espace"))
            .args(args)
            .env("ESPACE_DATABASE_URL", database_url(&dir))
            .env("BACK_OFFICE_OPERATOR", operator)
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let run = |args: &[&str]| run_as("Anne Operator", args);
    let issue = |kind: &str, count: &str| {
        run(&[
            "codes",
            "issue",
            "--company",
            "2020 2201 246",
            "--domain",
            "tax",
            "--kind",
            kind,
            "--count",
            count,
            "--deadline",
            "2099-12-31",
            "--operator",
            "Anne Operator",
        ])
    };
    // the command line knows the kinds of code
    let (ok, _, err) = issue("landlord", "1");
    assert!(
        !ok && err.contains("owner") && err.contains("proxy"),
        "{err}"
    );
    // only a registered operator
    let (ok, _, err) = issue("proxy", "2");
    assert!(!ok && err.contains("not an active operator"), "{err}");
    let (ok, out, err) = run(&["operators", "add", "--name", "Anne Operator"]);
    assert!(ok && out.contains("added"), "{err}");
    // once one is active, only an active operator adds, lists or disables operators
    for args in [
        &["operators", "add", "--name", "Mallory"][..],
        &["operators", "list"],
        &["operators", "disable", "--name", "Anne Operator"],
    ] {
        let (ok, _, err) = run_as("Mallory", args);
        assert!(
            !ok && err.contains("not an active operator"),
            "{args:?}: {err}"
        );
    }
    let (ok, out, err) = run(&["operators", "add", "--name", "Bob Operator"]);
    assert!(ok && out.contains("added"), "{err}");
    let (ok, out, err) = run_as(
        "Bob Operator",
        &["operators", "disable", "--name", "Bob Operator"],
    );
    assert!(ok && out.contains("disabled"), "{err}");
    let (ok, _, err) = run_as("Bob Operator", &["operators", "list"]);
    assert!(
        !ok && err.contains("not an active operator"),
        "a disabled operator: {err}"
    );
    let (ok, out, err) = issue("proxy", "2");
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    let code = lines[0].split_whitespace().next().unwrap();
    assert!(
        espace::domain::access_code::AccessCode::parse(code).is_ok(),
        "{code}"
    );
    assert_eq!(code.len(), 19, "four groups of four");
    let (ok, out, err) = issue("owner", "5");
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 1, "one owner code");
    let (ok, _, err) = issue("owner", "1");
    assert!(!ok);
    assert!(err.contains("revoke it first"), "{err}");

    let (ok, out, _) = run(&["codes", "list", "--company", "20202201246"]);
    assert!(ok);
    assert_eq!(out.lines().count(), 3);
    assert!(
        out.contains("tax  owner  Usable  deadline 2099-12-31  end of use none  by Anne Operator"),
        "{out}"
    );
    assert!(!out.contains(code), "list never shows codes");
    let owner_id = out
        .lines()
        .find(|l| l.contains("owner"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let (ok, out, _) = run(&["codes", "revoke", "--id", owner_id]);
    assert!(ok && out.contains("revoked"));
    assert!(
        issue("owner", "1").0,
        "a new owner code once the old one is revoked"
    );
    let (ok, _, err) = run(&[
        "codes",
        "issue",
        "--company",
        "123",
        "--domain",
        "tax",
        "--kind",
        "owner",
        "--deadline",
        "2099-12-31",
    ]);
    assert!(!ok && err.contains("national identifier"), "{err}");
}
