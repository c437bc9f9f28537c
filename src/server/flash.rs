//! The session's one-time flash ([`Flash`]): a server function answering a form the browser
//! posted itself keeps it, and the next page the browser asks for takes it, before rendering,
//! so the page (and its hydration, which reads it from the page) shows it once.

use crate::domain::flash::Flash;
use axum::{
    body::Body,
    http::{Method, Request, header},
    middleware::Next,
    response::Response,
};
use tower_sessions::Session;

const KEY: &str = "flash";

/// What the page being rendered was left, if anything; a request extension, so that the page
/// reads it from its request's parts.
#[derive(Clone, Debug)]
pub struct PageFlash(pub Flash);

pub async fn keep(session: &Session, flash: &Flash) -> Result<(), tower_sessions::session::Error> {
    session.insert(KEY, flash).await
}

/// Whether a request asks for a page back: a browser following a link or posting a form itself
/// (without JavaScript), not the app's own calls, which ask for data.
pub fn asks_for_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// Takes the flash out of the session for a page: a GET asking for HTML, not a server function
/// nor a file. Looking first, and removing only what is there, writes the session only after
/// a plain post, not on every page.
pub async fn take_for_page(mut request: Request<Body>, next: Next) -> Response {
    let page = request.method() == Method::GET
        && !request
            .uri()
            .path()
            .starts_with(crate::paths::SERVER_FUNCTIONS)
        && asks_for_html(request.headers());
    if page && let Some(session) = request.extensions().get::<Session>().cloned() {
        match session.get::<Flash>(KEY).await {
            Ok(Some(flash)) => {
                if let Err(e) = session.remove_value(KEY).await {
                    tracing::warn!("the flash could not be removed: {e}");
                }
                request.extensions_mut().insert(PageFlash(flash));
            }
            Ok(None) => {}
            // unreadable (another version's): dropped, the page shows none
            Err(e) => {
                tracing::info!("dropped an unreadable flash: {e}");
                let _ = session.remove_value(KEY).await;
            }
        }
    }
    next.run(request).await
}
