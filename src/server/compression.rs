//! HTML pages and server functions' answers, compressed for the browsers that accept it
//! (tower-http; brotli, else gzip). The wasm, script and style files are not: the release build
//! precompresses them at the highest level, and they are served as they are (`ServeDir`).
//! Measured with `scripts/bench.sh` (compression on and off, README "Performance").

use http::{Extensions, HeaderMap, StatusCode, Version, header::CONTENT_TYPE};
use tower_http::{
    CompressionLevel,
    compression::{
        CompressionLayer, Predicate as _,
        predicate::{And, SizeAbove},
    },
};

/// Below this an answer is sent as it is: the compressed frame would cost more than it saves.
/// A page is streamed without a length, and is always compressed.
const MIN_BYTES: u16 = 1024;

/// Text the app wrote (pages, JSON, plain text): never a PDF or a member's document
/// (compressed already, or not ours to touch).
fn is_text(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| {
            t.starts_with("text/html")
                || t.starts_with("application/json")
                || t.starts_with("text/plain")
        })
}

type IsText = fn(StatusCode, Version, &HeaderMap, &Extensions) -> bool;
type Predicate = And<SizeAbove, IsText>;

/// The layer: brotli and gzip at level 4, where both are fast (a page of 50 members compresses
/// in well under a millisecond) and most of the saving is had.
pub fn layer() -> CompressionLayer<Predicate> {
    CompressionLayer::new()
        .no_deflate()
        .no_zstd()
        .quality(CompressionLevel::Precise(4))
        .compress_when(SizeAbove::new(MIN_BYTES).and(is_text as IsText))
}
