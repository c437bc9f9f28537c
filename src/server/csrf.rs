//! Cross-site request forgery guard (Leptos has none of its own): every request that is not a
//! GET/HEAD/OPTIONS must come from a page of this site, as the browser states it, and carry a
//! body of a kind the server functions read (a form, urlencoded or multipart): a `text/plain`
//! body, which any site may post without asking, is refused before anything reads it.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub async fn same_origin_only(request: Request<Body>, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if !is_same_origin(&request) {
        tracing::warn!(method = %request.method(), uri = %request.uri(), "refused a cross-origin request");
        return (StatusCode::FORBIDDEN, "Cross-origin request refused").into_response();
    }
    if is_form(&request) {
        next.run(request).await
    } else {
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Only forms are accepted",
        )
            .into_response()
    }
}

/// The server functions whose body is multipart: server_fn's multipart decoder panics on any
/// other kind of body, so those never reach it.
fn reads_multipart(path: &str) -> bool {
    use crate::api::certification_requests::RequestCertification;
    use leptos::server_fn::ServerFn;
    path == RequestCertification::PATH
}

/// A body the server functions read: a form, urlencoded or multipart with its boundary
/// (server_fn's multipart decoder panics on one without).
fn is_form(request: &Request<Body>) -> bool {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut parts = content_type.split(';').map(str::trim);
    let essence = parts.next().unwrap_or("");
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return !reads_multipart(request.uri().path());
    }
    essence.eq_ignore_ascii_case("multipart/form-data")
        && parts.any(|p| {
            p.strip_prefix("boundary=")
                .is_some_and(|b| !b.trim_matches('"').is_empty())
        })
}

/// `Sec-Fetch-Site`, when the browser sends it, must say same-origin; `Origin` must be present and
/// name the host this request was sent to (another port on localhost is another origin).
fn is_same_origin(request: &Request<Body>) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        if site.as_bytes() != b"same-origin" {
            return false;
        }
    }
    // HTTP/2 sends the authority in the request line, not as a Host header
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    let (Some(origin), Some(host)) = (headers.get(header::ORIGIN), host) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    origin.split_once("://").is_some_and(|(scheme, authority)| {
        matches!(scheme, "http" | "https") && authority.eq_ignore_ascii_case(host)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request<Body> {
        let mut builder = Request::post("/api/x");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn same_origin_passes() {
        assert!(is_same_origin(&post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ])));
        assert!(is_same_origin(&post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
            ("sec-fetch-site", "same-origin")
        ])));
    }

    #[test]
    fn over_http2_the_authority_stands_for_the_host() {
        let request = Request::post("https://127.0.0.1:3000/api/x")
            .header("origin", "https://127.0.0.1:3000")
            .body(Body::empty())
            .unwrap();
        assert!(is_same_origin(&request));
    }

    #[test]
    fn only_forms_are_read() {
        let with = |content_type: &str| {
            is_form(
                &Request::post("/api/x")
                    .header("content-type", content_type)
                    .body(Body::empty())
                    .unwrap(),
            )
        };
        assert!(with("application/x-www-form-urlencoded"));
        assert!(with("multipart/form-data; boundary=----x"));
        assert!(!with("multipart/form-data"));
        assert!(!with("multipart/form-data; boundary="));
        assert!(!with("text/plain"));
        assert!(!with("application/json"));
        let certification_request = Request::post("/api/request_certification")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::empty())
            .unwrap();
        assert!(!is_form(&certification_request));
    }

    #[test]
    fn anything_else_is_refused() {
        assert!(!is_same_origin(&post(&[("host", "127.0.0.1:3000")])));
        assert!(!is_same_origin(&post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example")
        ])));
        assert!(!is_same_origin(&post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3001")
        ])));
        assert!(!is_same_origin(&post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "null")
        ])));
        assert!(!is_same_origin(&post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
            ("sec-fetch-site", "cross-site")
        ])));
    }
}
