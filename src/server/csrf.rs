//! Cross-site request forgery guard (Leptos has none of its own): every request that is not a
//! GET/HEAD/OPTIONS must come from a page of this site, as the browser states it, and carry a
//! body of a kind the server functions read (a form, urlencoded or multipart): a `text/plain`
//! body, which any site may post without asking, is refused before anything reads it.
//!
//! "This site" is the configured `public_url`'s origin, scheme and port included, never the
//! request's `Host`: a client chooses its Host, and a reverse proxy may rewrite it.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use url::{Origin, Url};

/// The origin people reach the portal at: the only one whose pages may post to it.
#[derive(Clone, Debug)]
pub struct SiteOrigin(Origin);

impl SiteOrigin {
    /// From the configured `public_url` (checked at start to be an http(s) address).
    pub fn of_public_url(public_url: &str) -> Result<Self, url::ParseError> {
        Url::parse(public_url).map(|url| Self(url.origin()))
    }

    /// Whether a request's `Origin` header names this site: same scheme, host and port
    /// (`https://a` and `https://a:443` are one origin; `http://a` is another).
    fn is(&self, origin: &str) -> bool {
        Url::parse(origin).is_ok_and(|url| url.origin() == self.0)
    }
}

/// What the guard knows of the app: the origin its pages are served from, and the server
/// functions whose body is multipart (server_fn's multipart decoder panics on any other kind of
/// body, so those never reach it with another).
#[derive(Clone, Debug)]
pub struct FormGuard {
    pub site: SiteOrigin,
    pub multipart: &'static [&'static str],
}

pub async fn same_origin_only(guard: FormGuard, request: Request<Body>, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if !is_same_origin(&guard.site, &request) {
        tracing::warn!(
            method = %request.method(),
            uri = %request.uri(),
            origin = ?request.headers().get(header::ORIGIN),
            expected = %guard.site.0.ascii_serialization(),
            "refused a cross-origin request (the expected origin is public_url's)"
        );
        return (StatusCode::FORBIDDEN, "Cross-origin request refused").into_response();
    }
    if is_form(&request, guard.multipart) {
        next.run(request).await
    } else {
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Only forms are accepted",
        )
            .into_response()
    }
}

/// A body the server functions read: a form, urlencoded or multipart with its boundary
/// (server_fn's multipart decoder panics on one without), and only multipart to the functions
/// that read it.
fn is_form(request: &Request<Body>, multipart: &[&str]) -> bool {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut parts = content_type.split(';').map(str::trim);
    let essence = parts.next().unwrap_or("");
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return !multipart.contains(&request.uri().path());
    }
    essence.eq_ignore_ascii_case("multipart/form-data")
        && parts.any(|p| {
            p.strip_prefix("boundary=")
                .is_some_and(|b| !b.trim_matches('"').is_empty())
        })
}

/// `Sec-Fetch-Site`, when the browser sends it, must say same-origin; `Origin` must be present and
/// name the site (another port on localhost is another origin, and so is another scheme).
fn is_same_origin(site: &SiteOrigin, request: &Request<Body>) -> bool {
    let headers = request.headers();
    if let Some(fetch_site) = headers.get("sec-fetch-site")
        && fetch_site.as_bytes() != b"same-origin"
    {
        return false;
    }
    headers
        .get(header::ORIGIN)
        .and_then(|origin| origin.to_str().ok())
        .is_some_and(|origin| site.is(origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteOrigin {
        SiteOrigin::of_public_url("http://127.0.0.1:3000/").unwrap()
    }

    fn post(headers: &[(&str, &str)]) -> Request<Body> {
        let mut builder = Request::post("/api/x");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn same_origin_passes() {
        assert!(is_same_origin(
            &site(),
            &post(&[("origin", "http://127.0.0.1:3000")])
        ));
        assert!(is_same_origin(
            &site(),
            &post(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000"),
                ("sec-fetch-site", "same-origin")
            ])
        ));
    }

    #[test]
    fn the_default_port_and_the_case_of_the_host_do_not_matter() {
        let site = SiteOrigin::of_public_url("https://eSpace.example/").unwrap();
        assert!(is_same_origin(
            &site,
            &post(&[("origin", "https://espace.example")])
        ));
        assert!(is_same_origin(
            &site,
            &post(&[("origin", "https://ESPACE.example:443")])
        ));
    }

    /// Behind a reverse proxy that does not keep `Host`, the site's own pages still post.
    #[test]
    fn the_host_header_plays_no_part() {
        assert!(is_same_origin(
            &site(),
            &post(&[
                ("host", "backend:8080"),
                ("origin", "http://127.0.0.1:3000")
            ])
        ));
        assert!(!is_same_origin(
            &site(),
            &post(&[("host", "evil.example"), ("origin", "http://evil.example")])
        ));
    }

    #[test]
    fn another_scheme_is_another_origin() {
        assert!(!is_same_origin(
            &site(),
            &post(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "https://127.0.0.1:3000")
            ])
        ));
        let https = SiteOrigin::of_public_url("https://127.0.0.1:3000").unwrap();
        assert!(!is_same_origin(
            &https,
            &post(&[("origin", "http://127.0.0.1:3000")])
        ));
    }

    #[test]
    fn only_forms_are_read() {
        let multipart = &["/api/request_certification"][..];
        let with = |content_type: &str| {
            is_form(
                &Request::post("/api/x")
                    .header("content-type", content_type)
                    .body(Body::empty())
                    .unwrap(),
                multipart,
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
        assert!(!is_form(&certification_request, multipart));
    }

    #[test]
    fn anything_else_is_refused() {
        for headers in [
            &[("host", "127.0.0.1:3000")][..],
            &[("origin", "http://evil.example")],
            &[("origin", "http://127.0.0.1:3001")],
            &[("origin", "null")],
            &[("origin", "127.0.0.1:3000")],
            &[("origin", "file:///")],
            &[
                ("origin", "http://127.0.0.1:3000"),
                ("sec-fetch-site", "cross-site"),
            ],
            &[
                ("origin", "http://127.0.0.1:3000"),
                ("sec-fetch-site", "same-site"),
            ],
        ] {
            assert!(!is_same_origin(&site(), &post(headers)), "{headers:?}");
        }
    }
}
