//! "Mes communications" (issue 19): the back office writes to an eSpace; every active member is
//! emailed and reads the message, which stays unread for each member until they open it; members
//! answer it where replies are allowed, and keep its documents in "Mes documents". On SQLite and,
//! with `TEST_POSTGRES`, PostgreSQL.

use crate::common;

use common::*;
use espace::server::{back_office::messages::MessagesCommand, config::SignIn};
use serde_json::{Value, json};

use common::world::PDF;

async fn list(browser: &mut Browser, espace: &str) -> Vec<Value> {
    browser
        .answer("list_messages", &[("espace_id", espace)])
        .await["Ok"]
        .as_array()
        .unwrap()
        .clone()
}

async fn open(browser: &mut Browser, espace: &str, message: &str) -> Value {
    browser
        .answer(
            "open_message",
            &[("espace_id", espace), ("message_id", message)],
        )
        .await
}

/// `espace messages send` to an eSpace (`Ok`) or about a procedure (`Err`), from the portal.
fn send(to: Result<&str, &str>, subject: &str, body: &str) -> MessagesCommand {
    MessagesCommand::Send {
        espace: to.ok().map(str::to_owned),
        reference: to.err().map(str::to_owned),
        from: None,
        subject: subject.into(),
        body: body.into(),
        attach: Vec::new(),
        no_reply: false,
    }
}

/// The same command, the members not allowed to reply.
fn no_reply(mut command: MessagesCommand) -> MessagesCommand {
    if let MessagesCommand::Send { no_reply, .. } = &mut command {
        *no_reply = true;
    }
    command
}

async fn unread_on_home(browser: &mut Browser, espace: &str) -> Value {
    browser
        .answer("load_espace", &[("espace_id", espace)])
        .await["Ok"]["counts"]["unread"]
        .clone()
}

#[tokio::test]
async fn a_message_is_unread_for_each_member_until_they_open_it() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let mut sophie = claire.another();
    sophie.sign_in(SOPHIE).await;

    let id = send_message(
        &dir,
        &muller,
        "Attestation manquante",
        &[("attestation.pdf", PDF)],
    )
    .await;

    // every active member is told, in the eSpace's language of procedures (French for Muller);
    // Marc, deactivated, is not
    let told: Vec<_> = outbox(&dir)
        .await
        .into_iter()
        .filter(|(_, subject, _)| {
            subject == &format!("Nouveau message dans votre espace professionnel {MULLER}")
        })
        .collect();
    let to: Vec<_> = told.iter().map(|(to, _, _)| to.as_str()).collect();
    assert_eq!(to.len(), 3, "{to:?}");
    assert!(!to.iter().any(|t| t.starts_with("marc")), "{to:?}");
    assert!(
        told[0].2.contains("« Attestation manquante »")
            && told[0]
                .2
                .contains(&format!("/espace/{muller}/communications"))
            && !told[0].2.contains("attestation signée"),
        "the subject and the way in, not the text: {}",
        told[0].2
    );

    for browser in [&mut claire, &mut sophie] {
        let listed = list(browser, &muller).await;
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["id"], json!(id));
        assert_eq!(listed[0]["unread"], json!(true));
        assert_eq!(
            listed[0]["from"],
            json!("Administration des contributions directes")
        );
        assert_eq!(unread_on_home(browser, &muller).await, json!(1));
    }

    let opened = open(&mut claire, &muller, &id).await;
    let message = &opened["Ok"];
    assert_eq!(message["line"]["unread"], json!(false));
    assert_eq!(
        message["body"],
        json!("Bonjour,\nmerci de nous envoyer l'attestation signée.")
    );
    assert_eq!(message["replies_allowed"], json!(true));
    assert_eq!(message["attachments"][0]["name"], json!("attestation.pdf"));
    assert_eq!(message["attachments"][0]["size"], json!(PDF.len()));

    // read for Claire, still unread for Sophie: on the list, the home tile and in the header
    assert_eq!(list(&mut claire, &muller).await[0]["unread"], json!(false));
    assert_eq!(unread_on_home(&mut claire, &muller).await, json!(0));
    assert_eq!(claire.viewer().await["unread"], json!([]));
    assert_eq!(list(&mut sophie, &muller).await[0]["unread"], json!(true));
    assert_eq!(
        sophie.viewer().await["unread"],
        json!([{"espace_id": muller, "count": 1}])
    );
    // opening it again changes nothing
    assert_eq!(open(&mut claire, &muller, &id).await, opened);

    // the page that opens a message counts it read in its own header already
    let home = sophie.page(&format!("/espace/{muller}")).await;
    assert!(home.body.contains("unread-link"), "{}", home.body);
    let page = sophie
        .page(&format!("/espace/{muller}/communications/{id}"))
        .await;
    assert!(page.body.contains("Attestation manquante"));
    assert!(!page.body.contains("unread-link"), "{}", page.body);
    assert_eq!(sophie.viewer().await["unread"], json!([]));
}

#[tokio::test]
async fn members_answer_a_message_and_the_back_office_reads_the_replies() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let mut sophie = claire.another();
    sophie.sign_in(SOPHIE).await;
    let id = send_message(&dir, &muller, "Attestation manquante", &[]).await;

    let reply = |body: &str| {
        vec![
            ("espace_id", muller.clone()),
            ("message_id", id.clone()),
            ("body", body.to_owned()),
        ]
    };
    let answer = async |browser: &mut Browser, args: Vec<(&'static str, String)>| {
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        browser.answer("reply_to_message", &borrowed).await
    };
    // the rule of the form, on the server too
    assert_eq!(
        answer(&mut sophie, reply("  \n ")).await,
        json!({"Err": {"Invalid": [{"field": "body", "problem": "Required"}]}})
    );
    assert_eq!(
        answer(
            &mut sophie,
            reply("Voici l'attestation,\r\nsignée par la gérante.")
        )
        .await,
        json!({"Ok": null})
    );
    let opened = open(&mut claire, &muller, &id).await;
    assert_eq!(
        opened["Ok"]["replies"][0]["body"],
        json!("Voici l'attestation,\nsignée par la gérante.")
    );
    assert_eq!(opened["Ok"]["replies"][0]["by"], json!("Sophie Klein"));
    assert_eq!(list(&mut claire, &muller).await[0]["replies"], json!(1));

    let listed = messages_back_office(&dir, MessagesCommand::List { espace: None })
        .await
        .unwrap();
    assert!(
        listed.contains("Attestation manquante")
            && listed.contains("reply by Sophie Klein")
            && listed.contains("    Voici l'attestation,\n    signée par la gérante."),
        "{listed}"
    );
    // the reply is in the activity log
    let log = claire
        .answer("activity_log", &[("espace_id", &muller), ("page", "1")])
        .await;
    assert_eq!(
        log["Ok"]["entries"][0],
        json!({"action": {"action": "message_answered"}, "actor": "Sophie Klein", "at": log["Ok"]["entries"][0]["at"], "member": "Attestation manquante"})
    );

    // a message that accepts no reply refuses one
    let closed = messages_back_office(
        &dir,
        no_reply(send(
            Ok(&muller),
            "Information",
            "Nos bureaux seront fermés le 24 décembre.",
        )),
    )
    .await
    .unwrap();
    let closed = closed.split_whitespace().nth(2).unwrap().to_owned();
    assert_eq!(
        open(&mut claire, &muller, &closed).await["Ok"]["line"]["from"],
        json!("Test portal"),
        "the portal's name when the administration is not named"
    );
    let refused = vec![
        ("espace_id", muller.clone()),
        ("message_id", closed),
        ("body", "Merci.".to_owned()),
    ];
    assert_eq!(
        answer(&mut claire, refused).await,
        json!({"Err": "Forbidden"})
    );
}

#[tokio::test]
async fn a_document_of_a_message_is_kept_in_mes_documents_as_a_copy() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let id = send_message(&dir, &muller, "Formulaire", &[("formulaire.pdf", PDF)]).await;
    // not in the store until someone keeps it
    let documents = claire
        .answer("list_documents", &[("espace_id", &muller)])
        .await;
    assert_eq!(documents, json!({"Ok": []}));
    let sent = open(&mut claire, &muller, &id).await["Ok"]["attachments"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // it downloads from the message
    let download = claire
        .get(
            &format!("/api/download_document?espace_id={muller}&document_id={sent}"),
            None,
        )
        .await;
    assert_eq!(download.status, 200);
    assert_eq!(download.body.as_bytes(), PDF);

    let kept = claire
        .answer(
            "keep_message_document",
            &[("espace_id", &muller), ("document_id", &sent)],
        )
        .await;
    assert_eq!(kept["Ok"]["name"], json!("formulaire.pdf"));
    assert_eq!(kept["Ok"]["added_by"], json!("Claire Muller"));
    let stored = claire
        .answer("list_documents", &[("espace_id", &muller)])
        .await;
    assert_eq!(stored["Ok"].as_array().unwrap().len(), 1);
    let copy = stored["Ok"][0]["id"].as_str().unwrap();
    assert_ne!(copy, sent, "a copy");
    // deleting the copy leaves the message's document
    claire
        .answer(
            "delete_document",
            &[("espace_id", &muller), ("document_id", copy)],
        )
        .await;
    assert_eq!(
        open(&mut claire, &muller, &id).await["Ok"]["attachments"][0]["id"],
        json!(sent)
    );
    // a document of the store is not a message's: nothing to keep
    let stored = claire.stored_document(&muller, "statuts.pdf", PDF).await;
    assert_eq!(
        claire
            .answer(
                "keep_message_document",
                &[("espace_id", &muller), ("document_id", &stored)],
            )
            .await,
        json!({"Err": "NotFound"})
    );
}

#[tokio::test]
async fn a_procedure_returned_for_correction_arrives_as_a_message_about_it() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let reference = submitted_procedure(&mut claire, &muller).await;
    espace::server::back_office::procedures::run(
        &config(&dir, SignIn::Demo),
        espace::server::demo::DEMO_OPERATOR,
        espace::server::back_office::procedures::ProceduresCommand::Return {
            reference: reference.clone(),
            comment: "Le justificatif est illisible.".into(),
        },
    )
    .await
    .unwrap();
    let listed = list(&mut claire, &muller).await;
    assert_eq!(
        listed[0]["subject"],
        json!(format!("Démarche à corriger : {reference}"))
    );
    assert_eq!(listed[0]["about"]["reference"], json!(reference));
    let id = listed[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        open(&mut claire, &muller, &id).await["Ok"]["body"],
        json!("Le justificatif est illisible.")
    );

    // a message about a procedure, sent by its reference, in the procedure's language
    let before = outbox(&dir).await.len();
    let sent = messages_back_office(
        &dir,
        send(Err(&reference), "Rappel", "Merci de corriger la démarche."),
    )
    .await
    .unwrap();
    assert!(sent.contains(MULLER), "{sent}");
    let mails = outbox(&dir).await;
    assert!(
        mails[before..]
            .iter()
            .all(|(_, _, body)| body.contains(&format!("au sujet de la démarche {reference}"))),
        "{mails:?}"
    );
    assert!(
        messages_back_office(&dir, send(Err("DEM-1999-000001"), "Rappel", "Texte"),)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_back_office_refuses_what_an_upload_would_refuse() {
    let dir = common::test_dir();
    let mut claire = Browser::start(&dir, SignIn::Demo).await;
    claire.sign_in(CLAIRE).await;
    let muller = claire.espace_id(MULLER).await;
    let program = dir.path().join("attestation.pdf");
    std::fs::write(&program, b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0").unwrap();
    let mut with_program = send(Ok(&muller), "Pièce", "Texte");
    if let MessagesCommand::Send { attach, .. } = &mut with_program {
        attach.push(program);
    }
    let refused = messages_back_office(&dir, with_program)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("not a PDF"), "{refused}");
    assert!(
        messages_back_office(&dir, send(Ok(&muller), "Deux\nlignes", "Texte"))
            .await
            .is_err()
    );
    assert_eq!(list(&mut claire, &muller).await.len(), 0, "nothing sent");
}

/// A procedure of Muller, filled in, signed and submitted; answers its reference.
async fn submitted_procedure(claire: &mut Browser, muller: &str) -> String {
    use crate::procedures::{filled, sign, submit};
    let (id, version) = filled(claire, muller, "").await;
    assert_eq!(
        sign(claire, muller, &id, version).await,
        json!({"Ok": null})
    );
    submit(claire, muller, &id).await["Ok"]
        .as_str()
        .unwrap()
        .to_owned()
}
