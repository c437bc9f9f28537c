//! Large server-function answers, compressed for the browsers that accept it (tower-http, gzip).
//! Measured with `scripts/bench.sh` (compression off and on, alternately, docs/decisions/0010):
//! each compressed answer costs about 0.3 ms of CPU whatever its size (the encoder's state is
//! made anew for each), so compressing the streamed pages cost the Users tab 36 % of its
//! requests per second with gzip and 63 % with brotli, and an 8 KB page of members half of its
//! own, far beyond the runs' spread (3 %). Only answers of a known length from
//! `compression_min_kib` (32 KiB) up are compressed here, where the transfer saved outweighs
//! it; the pages are left to the reverse proxy (`deploy/nginx`: `gzip on`), which compresses in
//! a process of its own. The wasm, script and style files are precompressed by the release
//! build at the highest level and served as they are.

use axum::body::HttpBody as Body;
use http::{Response, header::CONTENT_TYPE};
use tower_http::{
    CompressionLevel,
    compression::{CompressionLayer, Predicate},
};

/// Text the app wrote of a known length from `min_bytes` up: never a streamed page, a PDF or a
/// member's document (compressed already, or not ours to touch).
#[derive(Clone, Copy, Debug)]
pub struct WorthIt {
    min_bytes: u64,
}

impl Predicate for WorthIt {
    fn should_compress<B: Body>(&self, response: &Response<B>) -> bool {
        let text = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|t| t.to_str().ok())
            .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/plain"));
        let known = response.body().size_hint().exact();
        text && known.is_some_and(|bytes| bytes >= self.min_bytes)
    }
}

/// The layer: gzip at level 4, where most of the saving is had for little work, for answers
/// from `min_kib` KiB up.
pub fn layer(min_kib: u64) -> CompressionLayer<WorthIt> {
    CompressionLayer::new()
        .no_br()
        .no_deflate()
        .no_zstd()
        .quality(CompressionLevel::Precise(4))
        .compress_when(WorthIt {
            min_bytes: min_kib.saturating_mul(1024),
        })
}
