//! The signed-in state of a browser: a tower-sessions session (stored in the database, so any
//! app server can read it) holding the SSN of the certificate used to sign in. Later issues bind
//! access to that certificate on every request.

use crate::domain::ssn::Ssn;
use tower_sessions::Session;

const CERTIFICATE_KEY: &str = "certificate_ssn";

pub type SessionResult<T> = Result<T, tower_sessions::session::Error>;

/// Starts a signed-in session; a new session id, so an id planted before sign-in is worthless.
pub async fn sign_in(session: &Session, ssn: &Ssn) -> SessionResult<()> {
    session.cycle_id().await?;
    session.insert(CERTIFICATE_KEY, ssn.as_str()).await
}

pub async fn sign_out(session: &Session) -> SessionResult<()> {
    session.flush().await
}

/// The certificate this session signed in with, if any.
pub async fn certificate(session: &Session) -> SessionResult<Option<Ssn>> {
    let stored: Option<String> = session.get(CERTIFICATE_KEY).await?;
    Ok(stored.and_then(|s| Ssn::parse(&s).ok()))
}

/// The `Set-Cookie` value that makes `language` the interface language of this browser.
pub fn language_cookie(language: crate::domain::language::Language) -> String {
    use crate::app::{LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE_SECONDS};
    format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age={LANGUAGE_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax",
        language.code()
    )
}
