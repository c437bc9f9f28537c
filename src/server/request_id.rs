//! Every request's id, drawn at the edge (tower-http's request-id layers): it is in the request's
//! log span, so in every line logged for it, it comes back in the `x-request-id` answer header,
//! and it is the reference a person is given to quote when something fails.

use axum::{body::Body, extract::Request, middleware::Next, response::Response};
use http::HeaderValue;
use tower_http::request_id::{MakeRequestId, RequestId};

/// The header the id travels in, both ways.
pub const HEADER: &str = "x-request-id";

/// A fresh id: 32 hexadecimal digits (a UUID without its hyphens), short enough to read out.
#[derive(Clone, Copy, Default)]
pub struct Fresh;

impl MakeRequestId for Fresh {
    fn make_request_id<B>(&mut self, _: &http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&generate()).ok().map(RequestId::new)
    }
}

/// A new id, for a fault outside any request (the back office, a background task).
pub fn generate() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// The id of the request `headers` belong to, once the edge has set it.
pub fn of(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// An id the request arrives with is kept only when it looks like one (1 to 64 letters, digits,
/// `-` or `_`): the reverse proxy's own (nginx's `$request_id`) then follows the request into
/// this log, while anything else a client sends is replaced by a fresh id.
pub async fn keep_only_well_formed(mut request: Request<Body>, next: Next) -> Response {
    let well_formed = of(request.headers()).is_some_and(|id| {
        (1..=64).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    if !well_formed {
        request.headers_mut().remove(HEADER);
    }
    next.run(request).await
}
