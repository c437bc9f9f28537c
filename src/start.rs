//! Start-up, the composition root: opens the database, applies migrations, seeds demo data and
//! assembles the router from every layer (pages, server functions, sessions, CSRF guard). It sits
//! above them all, so that none of them imports another upwards. `main` and the integration
//! tests share it.

use crate::{
    api::{
        certification_requests::RequestCertification, documents::AddDocument,
        procedures::AttachNewDocument,
    },
    app::{App, shell},
    cookies,
    server::{
        certificate::{TrustError, renewal},
        clock::Clock,
        config::{Config, SignIn},
        csrf,
        db::{DbError, sql::Pools},
        demo, flash, health, link,
        mail::sender::{self, Transport},
        metrics, reminders, request_id,
        security_headers::security_headers,
        services::Services,
        session_store::{HashedIds, SqlSessions},
        sign_in::{self, certificate_sign_in},
    },
};
use axum::{
    Extension, Router,
    body::Body,
    extract::State,
    http::{Request, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, generate_route_list, handle_server_fns_with_context,
};
use std::sync::{Arc, OnceLock};
use tower_http::{
    limit::RequestBodyLimitLayer,
    services::{ServeDir, ServeFile},
    trace::TraceLayer,
};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};
use tracing::Instrument;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Database(#[from] DbError),
    #[error("session store: {0}")]
    Sessions(#[from] sqlx::Error),
    #[error("mail: {0}")]
    Mail(String),
    #[error("certificate sign-in: {0}")]
    Trust(#[from] TrustError),
    #[error("public_url: {0}")]
    PublicUrl(url::ParseError),
    #[error("metrics_addr: {0}")]
    Metrics(std::io::Error),
}

/// The app's routes, listed once per process: listing renders the app with resource loading
/// switched off by a process-wide flag (leptos_server's `SuppressResourceLoad`), so listing again
/// while another router renders pages (several routers in one test process) would leave that
/// page's resources unloaded and its response unfinished.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub async fn router(config: Config, options: LeptosOptions) -> Result<Router, StartError> {
    router_with_clock(config, options, Clock::default()).await
}

/// The largest request body taken: a certification request's documents at their
/// largest, and room for the form around them. Larger bodies are refused before being read.
const REQUEST_BODY_LIMIT: usize = crate::domain::certification::MAX_DOCUMENTS
    * crate::domain::certification::MAX_DOCUMENT_BYTES as usize
    + 1024 * 1024;

/// The server functions whose body is multipart: the documents they upload.
const MULTIPART: &[&str] = &[
    RequestCertification::PATH,
    AddDocument::PATH,
    AttachNewDocument::PATH,
];

/// The app on `clock`; tests pass one they can move forward. Also starts the mail sender and
/// the mandate reminders.
pub async fn router_with_clock(
    config: Config,
    options: LeptosOptions,
    clock: Clock,
) -> Result<Router, StartError> {
    router_with(config, options, clock, MailDelivery::Deliver).await
}

/// Whether this process delivers the outbox. Tests that read what was mailed from the outbox
/// hold it: a delivered message keeps no link secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailDelivery {
    Deliver,
    Hold,
}

pub async fn router_with(
    config: Config,
    options: LeptosOptions,
    clock: Clock,
    delivery: MailDelivery,
) -> Result<Router, StartError> {
    let transport = Transport::from_config(&config).map_err(StartError::Mail)?;
    let from = config
        .mail_from
        .parse()
        .map_err(|e| StartError::Mail(format!("mail_from: {e}")))?;
    let pools = Pools::open(&config.database_url).await?;
    let store = pools.store();
    if config.demo_data && demo::seed_if_empty(&store, config.demo_business_data).await? {
        tracing::info!("seeded the demo data");
    }
    let sessions = SqlSessions(pools.write.clone());
    sessions.clone().spawn_expiry();
    let session_layer = SessionManagerLayer::new(HashedIds(sessions))
        .with_name(if config.secure_cookies {
            cookies::SECURE_SESSION
        } else {
            cookies::SESSION
        })
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            crate::domain::session::IDLE_TIMEOUT,
        )));
    if delivery == MailDelivery::Deliver {
        sender::spawn(store.outbox.clone(), transport, from, clock.clone());
    }
    reminders::spawn(store.clone(), config.portal_name.clone(), clock.clone());
    let trust = sign_in::trust(&config)?.map(Arc::new);
    if let Some(trust) = &trust {
        renewal::spawn(trust.clone(), clock.clone());
    }
    let https = config.public_url.starts_with("https://") || config.tls_certificate.is_some();
    let form_guard = csrf::FormGuard {
        site: csrf::SiteOrigin::of_public_url(&config.public_url).map_err(StartError::PublicUrl)?,
        multipart: MULTIPART,
    };
    let demo_portal = config.sign_in == SignIn::Demo;
    metrics::install();
    let metrics_addr = config.metrics_addr;
    let compression = config.compression.then_some(config.compression_min_kib);
    let services = Services::new(store, config, clock, trust);

    if let Some(addr) = metrics_addr {
        metrics::serve(addr, services.clone())
            .await
            .map_err(StartError::Metrics)?;
    }

    let provide = {
        let services = services.clone();
        move || {
            provide_context(services.clone());
            // looked up at most once in this request, whatever asks
            provide_context(crate::api::guard::Caller::default());
        }
    };
    let server_fns = {
        let provide = provide.clone();
        move |State(_): State<LeptosOptions>, request: Request<Body>| {
            let provide = provide.clone();
            async move {
                handle_server_fns_with_context(provide, request)
                    .await
                    .into_response()
            }
        }
    };
    let routes = route_list();
    let site_root = options.site_root.to_string();
    let pkg = options.site_pkg_dir.to_string();
    let app = Router::new()
        // GET only for the functions that take it (a download a plain link opens)
        .route(
            crate::paths::SERVER_FUNCTION_ROUTE,
            get(server_fns.clone()).post(server_fns),
        )
        .route(crate::paths::CERTIFICATE_SIGN_IN, get(certificate_sign_in))
        .leptos_routes_with_context(&options, routes, provide.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        // static files straight from disk: served by the fallback, they went through the app's
        // shell, which answered them with the default language cookie and so could switch a
        // visitor's language back to French; the .br and .gz made by the release build when the
        // browser accepts them
        .nest_service(
            &format!("/{pkg}"),
            ServeDir::new(format!("{site_root}/{pkg}"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .route_service(
            "/favicon.svg",
            ServeFile::new(format!("{site_root}/favicon.svg")),
        )
        // the 404 page, rendered with the app's context like every page (without it, each
        // unknown address logged an error)
        .fallback(leptos_axum::file_and_error_handler_with_context(
            provide, shell,
        ))
        // innermost, where the route each request matched is known
        .layer(middleware::from_fn(metrics::count_requests))
        .layer(middleware::from_fn(in_server_fn_span))
        .layer(middleware::from_fn(move |request, next| {
            without_demo_portal(demo_portal, request, next)
        }))
        .layer(middleware::from_fn(crate::server::uploads::only_signed_in))
        .layer(Extension(services.clone()))
        .layer(middleware::from_fn(unreadable_as_bad_request))
        .layer(middleware::from_fn(flash::take_for_page))
        .layer(session_layer)
        // on every route: the pages register their server functions' own routes too
        .layer(RequestBodyLimitLayer::new(REQUEST_BODY_LIMIT))
        .layer(middleware::from_fn(move |request, next| {
            csrf::same_origin_only(form_guard.clone(), request, next)
        }))
        .merge(health::routes(services));
    let app = match compression {
        Some(min_kib) => app.layer(crate::server::compression::layer(min_kib)),
        None => app,
    };
    Ok(outermost(app, https).with_state(options))
}

/// The layers every answer passes through, a panic's included. From the outside: the request's
/// id is set (`request_id`), its log span opened with it, the id returned in the answer, the
/// security headers added (a panic's answer used to bypass them), then a panic becomes a 500
/// with that id.
pub fn outermost<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
    let header = http::HeaderName::from_static(request_id::HEADER);
    router
        .layer(middleware::from_fn(catch_panics))
        .layer(middleware::from_fn(move |request, next| {
            security_headers(https, request, next)
        }))
        .layer(PropagateRequestIdLayer::new(header.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                tracing::info_span!(
                    "request",
                    id = request_id::of(request.headers()).unwrap_or_default(),
                    method = %request.method(),
                    path = %link::without_secrets(request.uri().path()),
                )
            }),
        )
        .layer(SetRequestIdLayer::new(header, request_id::Fresh))
        .layer(middleware::from_fn(request_id::keep_only_well_formed))
}

/// Every line logged while a server function runs names it, and the eSpace once the guard
/// knows it (`api::guard::member_of` records it).
async fn in_server_fn_span(request: Request<Body>, next: Next) -> Response {
    let Some(function) = request
        .uri()
        .path()
        .strip_prefix(crate::paths::SERVER_FUNCTIONS)
    else {
        return next.run(request).await;
    };
    let span = tracing::info_span!("server_fn", function, espace = tracing::field::Empty);
    next.run(request).instrument(span).await
}

/// Outside the demo configuration the demo portal's sign-in does not exist: its address is not
/// found, as any other unknown address.
async fn without_demo_portal(demo_portal: bool, request: Request<Body>, next: Next) -> Response {
    use crate::api::session::SignInDemo;
    use leptos::server_fn::ServerFn;
    if !demo_portal && request.uri().path() == SignInDemo::PATH {
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(request).await
}

/// server_fn answers a request it cannot read (a missing field, a body that is not UTF-8) with
/// a 500 and its decoder's message; that is the client's fault, not the server's, and its text
/// is nobody's business: a 400 with a plain `Fault::Communication`. A fault of the server
/// function itself (`Fault::Server`, with its request id) stays a 500.
async fn unreadable_as_bad_request(request: Request<Body>, next: Next) -> Response {
    use crate::domain::error::Fault;
    let server_function = request
        .uri()
        .path()
        .starts_with(crate::paths::SERVER_FUNCTIONS);
    let response = next.run(request).await;
    if !server_function || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match serde_json::from_slice::<Fault>(&bytes) {
        Ok(Fault::Communication(detail)) => {
            tracing::info!("unreadable server function call: {detail}");
            let fault = Fault::Communication("the request could not be read".into());
            (
                StatusCode::BAD_REQUEST,
                [(http::header::CONTENT_TYPE, "application/json")],
                serde_json::to_string(&fault).unwrap_or_default(),
            )
                .into_response()
        }
        _ => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// A handler that panics answers 500 with its request's id to quote, like any fault; the panic's
/// message goes to the log under that id, never to the person.
async fn catch_panics(request: Request<Body>, next: Next) -> Response {
    use crate::domain::error::Fault;
    use futures::FutureExt;
    let request_id = request_id::of(request.headers()).unwrap_or_else(request_id::generate);
    let panic = match std::panic::AssertUnwindSafe(next.run(request))
        .catch_unwind()
        .await
    {
        Ok(response) => return response,
        Err(panic) => panic,
    };
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(%request_id, "handler panicked: {detail}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(http::header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(&Fault::Server { request_id }).unwrap_or_default(),
    )
        .into_response()
}
