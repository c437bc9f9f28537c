//! The signed-in state of a browser: a tower-sessions session (stored in the database, so any
//! app server can read it) holding the SSN of the certificate used to sign in, when it signed
//! in and when it was last seen. A session ends after `IDLE_TIMEOUT` without a request or
//! `ABSOLUTE_TIMEOUT` after sign-in, whichever comes first (ASVS 3.3.2), read on the app's
//! clock so tests can move it. A session begun with a certificate keeps its chain, checked
//! again at each request: revoked or expired, it ends the session there.

use crate::domain::timestamp::Timestamp;
use crate::domain::{
    session::{IDLE_TIMEOUT, LAST_SEEN_RESOLUTION},
    ssn::Ssn,
};
use crate::{domain::certificate::SignInRefusal, server::certificate::TrustStore};
use rustls_pki_types::CertificateDer;
use tower_sessions::Session;

const CERTIFICATE_KEY: &str = "certificate_ssn";
/// The presented chain, DER in hex, the holder's certificate first.
const CHAIN: &str = "certificate_chain";
const SIGNED_IN_AT: &str = "signed_in_at";
const LAST_SEEN: &str = "last_seen";

/// Seconds after sign-in after which a session is over, however busy.
pub const ABSOLUTE_TIMEOUT: i64 = 12 * 60 * 60;

pub type SessionResult<T> = Result<T, tower_sessions::session::Error>;

/// Starts a signed-in session at `now` (Unix seconds) with the certificate `ssn`, whose `chain`
/// was verified (none for a demo certificate); a new session id, so an id planted before
/// sign-in is worthless.
pub async fn sign_in(
    session: &Session,
    ssn: &Ssn,
    chain: &[CertificateDer<'_>],
    now: Timestamp,
) -> SessionResult<()> {
    session.cycle_id().await?;
    session.insert(CERTIFICATE_KEY, ssn.as_str()).await?;
    if !chain.is_empty() {
        let chain: Vec<String> = chain.iter().map(hex::encode).collect();
        session.insert(CHAIN, chain).await?;
    }
    session.insert(SIGNED_IN_AT, now).await?;
    session.insert(LAST_SEEN, now).await
}

pub async fn sign_out(session: &Session) -> SessionResult<()> {
    session.flush().await
}

/// The certificate this session signed in with, if it is still signed in at `now`; a session
/// past its time is ended here.
pub async fn certificate(session: &Session, now: Timestamp) -> SessionResult<Option<Ssn>> {
    let Some(stored) = session.get::<String>(CERTIFICATE_KEY).await? else {
        return Ok(None);
    };
    let signed_in_at: Timestamp = session
        .get(SIGNED_IN_AT)
        .await?
        .unwrap_or(Timestamp::EARLIEST);
    let last_seen: Timestamp = session.get(LAST_SEEN).await?.unwrap_or(Timestamp::EARLIEST);
    if now - signed_in_at >= ABSOLUTE_TIMEOUT || now - last_seen >= IDLE_TIMEOUT {
        session.flush().await?;
        return Ok(None);
    }
    if now - last_seen >= LAST_SEEN_RESOLUTION {
        session.insert(LAST_SEEN, now).await?;
    }
    Ok(Ssn::parse(&stored).ok())
}

/// Why the certificate this session signed in with would not sign in now (`trust` as it stands
/// at `now`: its revocation lists and the certificate's validity), if it would not.
pub async fn recheck(
    session: &Session,
    trust: Option<&TrustStore>,
    now: Timestamp,
) -> SessionResult<Option<SignInRefusal>> {
    let Some(trust) = trust else {
        return Ok(None);
    };
    let Some(chain) = session.get::<Vec<String>>(CHAIN).await? else {
        return Ok(None);
    };
    let Ok(chain) = chain
        .iter()
        .map(|der| hex::decode(der).map(CertificateDer::from))
        .collect::<Result<Vec<_>, _>>()
    else {
        return Ok(Some(SignInRefusal::Unreadable));
    };
    Ok(trust.verify(&chain, now).err())
}

/// "Stay signed in": the idle time starts again at `now` for a session still signed in, which
/// `certificate` would note only once `LAST_SEEN_RESOLUTION` has passed. Answers whether it is.
pub async fn stay(session: &Session, now: Timestamp) -> SessionResult<bool> {
    if certificate(session, now).await?.is_none() {
        return Ok(false);
    }
    session.insert(LAST_SEEN, now).await?;
    Ok(true)
}

/// The `Set-Cookie` value that makes `language` the interface language of this browser.
pub fn language_cookie(language: crate::domain::language::Language) -> String {
    use crate::cookies::{LANGUAGE, LANGUAGE_MAX_AGE_SECONDS};
    format!(
        "{LANGUAGE}={}; Path=/; Max-Age={LANGUAGE_MAX_AGE_SECONDS}; SameSite=Lax",
        language.code()
    )
}
