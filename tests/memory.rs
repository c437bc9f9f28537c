//! A 20 MB document goes through the real server (a process of its own) without being held
//! whole: the upload is written chunk by chunk and the download read so, so the process's peak
//! memory grows by far less than the file. Measured from Linux's count (VmHWM), not timed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by its panic

mod common;

use common::{
    CLAIRE,
    process::{Client, Server},
};

const MB: u64 = 1024 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_20_mb_document_goes_up_and_down_without_being_held_whole() {
    let dir = common::test_dir();
    let url = common::database_url(dir.path(), "memory.db");
    let server = Server::start(dir.path(), &url);
    let (mut claire, muller) = Client::signed_in(server.port, CLAIRE)
        .await
        .expect("signed in");
    // a PDF's first bytes, then filler: the kind is read from the first chunk
    let file = |megabytes: u64| {
        let mut content = b"%PDF-1.7\n".to_vec();
        content.resize((megabytes * MB) as usize, b'x');
        content
    };
    // a first, small upload and download warm the server up (pools, caches, allocator arenas)
    let add = async |claire: &mut Client, name: &str, content: Vec<u8>| {
        let (status, body) = claire
            .upload("add_document", &[("espace_id", &muller)], (name, content))
            .await
            .expect("answered");
        assert_eq!(status, 200, "{body}");
        let added: serde_json::Value = serde_json::from_str(&body).unwrap();
        added["Ok"]["id"].as_str().expect("added").to_owned()
    };
    let small = add(&mut claire, "petit.pdf", file(1)).await;
    let path = |id: &str| format!("/api/download_document?espace_id={muller}&document_id={id}");
    claire.get(&path(&small)).await.expect("downloaded");
    let before = server.peak_memory();

    let big = add(&mut claire, "grand.pdf", file(20)).await;
    let after_upload = server.peak_memory();
    let (status, _, body) = claire.get(&path(&big)).await.expect("downloaded");
    assert_eq!((status, body.len() as u64), (200, 20 * MB));
    let after_download = server.peak_memory();

    println!(
        "peak memory (VmHWM): {:.1} MB warmed up, {:.1} MB after a 20 MB upload, {:.1} MB after \
         its download",
        before as f64 / MB as f64,
        after_upload as f64 / MB as f64,
        after_download as f64 / MB as f64
    );
    // held whole, the file alone would add 20 MB (and a copy more on the way in or out); chunks
    // add what SQLite's page caches and the connections' buffers hold (8 MB measured)
    assert!(
        after_download - before < 15 * MB,
        "the peak grew by {} MB",
        (after_download - before) / MB
    );
}
