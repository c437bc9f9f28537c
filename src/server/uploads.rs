//! Files come only from people signed in: a multipart body (files, megabytes of them) from
//! anyone else is refused before a byte of it is read, with the answer the server function
//! itself gives someone signed out.

use crate::{
    domain::error::{Answer, Refusal},
    server::{flash::asks_for_html, services::Services, session},
};
use axum::{
    Extension,
    body::Body,
    http::{Request, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

pub async fn only_signed_in(
    Extension(services): Extension<Services>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/")
        });
    if !multipart {
        return next.run(request).await;
    }
    let signed_in = match request.extensions().get::<Session>() {
        Some(session) => session::certificate(session, services.clock.now())
            .await
            .is_ok_and(|ssn| ssn.is_some()),
        None => false,
    };
    if signed_in {
        return next.run(request).await;
    }
    tracing::info!(uri = %request.uri(), "refused a multipart body from someone not signed in");
    if asks_for_html(request.headers()) {
        return Redirect::to("/login").into_response();
    }
    let answer: Answer<()> = Err(Refusal::NotSignedIn);
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(&answer).unwrap_or_default(),
    )
        .into_response()
}
