//! The headers every answer carries for the browser's own defences: a Content Security Policy
//! whose only inline scripts are the page's hydration scripts, marked with a nonce drawn for
//! this response; no sniffing of content types; referrers kept within the site; no caching of
//! anything but the static files; and, under HTTPS, HSTS.

use axum::{
    body::Body,
    http::{HeaderValue, Request, header},
    middleware::Next,
    response::Response,
};
use leptos::prelude::*;
use rand::Rng;
use std::sync::Arc;

/// The nonce of this response's inline scripts, put in the request for the page's shell.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

/// Static files keep their caching: they hold nobody's data.
const STATIC_PREFIXES: [&str; 2] = ["/pkg/", "/favicon.svg"];

pub async fn security_headers(https: bool, mut request: Request<Body>, next: Next) -> Response {
    let nonce: Arc<str> = hex::encode(rand::rng().random::<[u8; 16]>()).into();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let cacheable = STATIC_PREFIXES
        .iter()
        .any(|prefix| request.uri().path().starts_with(prefix));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // the full address within the site: a form posted without JavaScript goes back to its page
    // by it; nothing of the address leaves the site
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // no window the site opens shares a browsing context group with another site's
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if !cacheable {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// Scripts: the site's own files and the inline hydration scripts bearing `nonce`, never other
/// inline code; WebAssembly compiled from the site's module. No plugins, no `<base>`, no framing.
/// The powerful browser features the portal never uses, off for its pages and anything in them.
const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
     magnetometer=(), microphone=(), payment=(), usb=()";

pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// In the page's shell on the server: gives Leptos this response's nonce, which it writes on
/// the hydration and resource scripts.
pub fn provide_nonce() {
    if let Some(nonce) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_no_inline_script_without_the_nonce() {
        let policy = content_security_policy("abc123");
        assert!(policy.contains("'nonce-abc123'"));
        assert!(!policy.contains("unsafe-inline"));
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{directive}");
        }
    }
}
