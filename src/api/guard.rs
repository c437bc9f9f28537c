//! The one place where server functions learn who calls them and check that caller's power.

use crate::{
    domain::{
        certificate::SignInRefusal,
        error::{Answer, Fault, Refusal},
        language::Language,
        role::Permission,
    },
    server::{
        access::{Entered, Member},
        caller::Holder,
        db::DbError,
        logging::Chain,
        request_id,
        services::Services,
        session,
    },
};
use leptos::prelude::*;
use std::fmt::Display;
use tower_sessions::Session;

/// Why a server function stopped: an expected refusal, or a fault already logged.
pub enum Failure {
    Refused(Refusal),
    Fault(Fault),
}

impl From<Refusal> for Failure {
    fn from(refusal: Refusal) -> Self {
        Failure::Refused(refusal)
    }
}

impl From<DbError> for Failure {
    fn from(e: DbError) -> Self {
        fault(Chain(&e))
    }
}

impl From<tower_sessions::session::Error> for Failure {
    fn from(e: tower_sessions::session::Error) -> Self {
        fault(Chain(&e))
    }
}

/// Logs the detail under the request's id and gives the user only that id.
pub fn fault(detail: impl Display) -> Failure {
    Failure::Fault(server_fault(detail))
}

/// [`fault`]'s answer where a [`Fault`] itself is due (a stream that broke off).
pub fn server_fault(detail: impl Display) -> Fault {
    let request_id = use_context::<http::request::Parts>()
        .and_then(|parts| request_id::of(&parts.headers))
        .unwrap_or_else(request_id::generate);
    tracing::error!(%request_id, "{detail}");
    Fault::Server { request_id }
}

/// A request the client sent broken (a multipart body cut short): the client's fault, answered
/// as server_fn answers arguments it cannot read (then a 400, see `start`).
pub fn unreadable(detail: impl Display) -> Failure {
    tracing::info!("unreadable request: {detail}");
    Failure::Fault(Fault::Communication("the request could not be read".into()))
}

/// Runs a server function's body and sorts its failure into the answer or the fault.
pub async fn answer<T>(body: impl Future<Output = Result<T, Failure>>) -> Result<Answer<T>, Fault> {
    match body.await {
        Ok(value) => Ok(Ok(value)),
        Err(Failure::Refused(refusal)) => Ok(Err(refusal)),
        Err(Failure::Fault(fault)) => Err(fault),
    }
}

pub fn services() -> Result<Services, Failure> {
    use_context::<Services>().ok_or_else(|| fault("Services missing from the Leptos context"))
}

pub async fn session() -> Result<Session, Failure> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| fault(format!("no session layer: {e:?}")))
}

/// Who calls, looked up once per request: a page rendered on the server runs several server
/// functions, and each asks. A new one is provided to every request (`start`).
#[derive(Clone, Default)]
pub struct Caller(std::sync::Arc<CallerOnce>);

#[derive(Default)]
struct CallerOnce {
    holder: tokio::sync::OnceCell<Option<Holder>>,
    entered: tokio::sync::OnceCell<Entered>,
}

/// The holder of the session's certificate, unless signed out or the certificate was revoked.
pub async fn signed_in() -> Result<Option<Holder>, Failure> {
    let look_up = async || {
        let services = services()?;
        let session = session().await?;
        let now = services.clock.now();
        let Some(ssn) = session::certificate(&session, now).await? else {
            return Ok(None);
        };
        // revoked or expired since sign-in: the session ends here, on this request
        let trust = services.trust.as_ref().map(|trust| trust.current());
        if let Some(refusal) = session::recheck(&session, trust.as_deref(), now).await? {
            if refusal == SignInRefusal::Revoked {
                services.persons().revoke_certificate(&ssn).await?;
            }
            tracing::warn!(
                reason = refusal.code(),
                "ended a session whose certificate would not sign in now"
            );
            session::sign_out(&session).await?;
            return Ok(None);
        }
        Ok(services.persons().holder(&ssn).await?)
    };
    match use_context::<Caller>() {
        Some(caller) => caller.0.holder.get_or_try_init(look_up).await.cloned(),
        None => look_up().await,
    }
}

pub async fn require_signed_in() -> Result<Holder, Failure> {
    signed_in()
        .await?
        .ok_or(Failure::Refused(Refusal::NotSignedIn))
}

/// The memberships the holder may use right now with the certificate of this session.
pub async fn entered(holder: &Holder) -> Result<Entered, Failure> {
    let look_up = async || Ok(Entered::look_up(&services()?, holder.clone()).await?);
    match use_context::<Caller>() {
        Some(caller) => caller.0.entered.get_or_try_init(look_up).await.cloned(),
        None => look_up().await,
    }
}

/// The caller admitted to `espace_id` with `permission`: the only way to its data (see
/// `server::access`). Not a member (or not with this certificate) reads as "not found", so
/// other eSpaces' ids reveal nothing.
pub async fn member_of(espace_id: &str, permission: Permission) -> Result<Member, Failure> {
    // the server function's span (`start`) names the eSpace it was asked about
    tracing::Span::current().record("espace", espace_id);
    let holder = require_signed_in().await?;
    Ok(entered(&holder).await?.admit(espace_id, permission)?)
}

/// Answers a form the browser posted itself (without JavaScript, or before the WebAssembly
/// arrived): the outcome and what was typed go into the session's one-time flash, and the
/// browser is sent on with a 303: to `next` when the form succeeded and names one, else back to
/// the page it came from (without that page's query, which only opened the form). Calls from
/// the app's own code get their answer as data, as usual.
pub async fn return_plain_post<T: serde::Serialize>(
    form: &str,
    outcome: &Result<Answer<T>, Fault>,
    typed: &[(&str, &str)],
    next: Option<String>,
) {
    use crate::{domain::flash::Flash, server::flash};
    if !posted_as_plain_form() {
        return;
    }
    let location = match outcome {
        // nothing to show there but the way in
        Ok(Err(Refusal::NotSignedIn)) => "/login".to_owned(),
        Ok(Ok(_)) => next.unwrap_or_else(came_from),
        _ => came_from(),
    };
    if !matches!(outcome, Ok(Err(Refusal::NotSignedIn))) {
        let kept = match session().await {
            Ok(session) => flash::keep(
                &session,
                &Flash::new(form, outcome, crate::domain::flash::typed(typed)),
            )
            .await
            .map_err(|e| e.to_string()),
            Err(_) => Err("no session".to_owned()),
        };
        if let Err(e) = kept {
            // the page still comes back, only without saying how the post went
            tracing::warn!("the flash of {form} could not be kept: {e}");
        }
    }
    redirect(&location);
}

/// The path of the page a plain post came from (its `Referer`, which the site's
/// `Referrer-Policy: same-origin` lets the browser send), without query; the home page when
/// there is none or it is not a path of this site.
fn came_from() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
            let path = referer.parse::<http::Uri>().ok()?.path().to_owned();
            // "//host" would be another site
            (path.starts_with('/') && !path.starts_with("//")).then_some(path)
        })
        .unwrap_or_else(|| "/".to_owned())
}

/// A 303 to `location`, a path the server built: one that cannot be a header's value (it never
/// should) sends the browser home rather than failing the request.
fn redirect(location: &str) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let value = http::HeaderValue::from_str(location)
        .unwrap_or_else(|_| http::HeaderValue::from_static("/"));
    response.insert_header(http::header::LOCATION, value);
    response.set_status(http::StatusCode::SEE_OTHER);
}

/// The language the caller reads the portal in: their saved choice, else the browser's.
pub fn reading_language(holder: &Holder) -> Language {
    holder.language.unwrap_or_else(browser_language)
}

/// The language of this browser's pages: its language cookie (its choice, or the person's
/// saved one, written at sign-in), else the best of its `Accept-Language` (FR, DE or EN),
/// else French.
pub fn browser_language() -> Language {
    let parts = use_context::<http::request::Parts>();
    let header = |name| {
        parts.as_ref().into_iter().flat_map(move |parts| {
            parts
                .headers
                .get_all(&name)
                .iter()
                .filter_map(|value| value.to_str().ok())
        })
    };
    let cookie = || {
        header(http::header::COOKIE)
            .flat_map(|cookies| cookies.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == crate::cookies::LANGUAGE)
            .and_then(|(_, value)| Language::from_code(value))
    };
    let accepted = || header(http::header::ACCEPT_LANGUAGE).find_map(Language::negotiate);
    cookie().or_else(accepted).unwrap_or(Language::DEFAULT)
}

/// The message a page request opens (`/espace/…/communications/<id>`): the page marks it read
/// while the header counts what is unread, which must count it read already.
pub fn message_the_page_opens() -> Option<crate::domain::id::MessageId> {
    let parts = use_context::<http::request::Parts>()?;
    let segments: Vec<&str> = parts.uri.path().split('/').collect();
    match segments.as_slice() {
        ["", "espace", _, "communications", id] if !id.is_empty() => Some((*id).into()),
        _ => None,
    }
}

/// Whether the browser posted a form itself, without JavaScript: it then needs a page back
/// (a redirect), not data. Calls from the app's own code ask for JSON instead of HTML.
pub fn posted_as_plain_form() -> bool {
    use_context::<http::request::Parts>()
        .is_some_and(|parts| crate::server::flash::asks_for_html(&parts.headers))
}
