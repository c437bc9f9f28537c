//! Prometheus metrics, through the `metrics` facade and its Prometheus exporter, served on an
//! address of their own that only this machine reaches (`metrics_addr`): requests by route and
//! status with their latency, the database pools, the outbox, sign-ins and their refusals, code
//! attempts the rate limit refused, and the time left on each revocation list. Counters are
//! counted where things happen; the levels (pools, outbox, lists) are read when scraped.

use crate::{domain::code_refusal::AttemptCounter, server::services::Services};
use axum::{
    Router,
    body::Body,
    extract::{MatchedPath, Request},
    middleware::Next,
    response::Response,
    routing::get,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::{net::SocketAddr, sync::OnceLock, time::Instant};

const REQUESTS: &str = "espace_http_requests_total";
const LATENCY: &str = "espace_http_request_duration_seconds";
const SIGN_INS: &str = "espace_sign_ins_total";
const SIGN_IN_REFUSALS: &str = "espace_sign_in_refusals_total";
const CODE_ATTEMPTS_REFUSED: &str = "espace_code_attempts_refused_total";
const MAIL_FAILURES: &str = "espace_mail_failures_total";
const POOL_CONNECTIONS: &str = "espace_db_pool_connections";
const OUTBOX_WAITING: &str = "espace_outbox_waiting";
const OUTBOX_OLDEST_AGE: &str = "espace_outbox_oldest_age_seconds";
const CRL_SECONDS_LEFT: &str = "espace_revocation_list_seconds_left";

/// The process's recorder, installed once (several routers share it in the tests).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        // latency buckets from 1 ms to 10 s: a page renders in a few ms, an upload takes seconds
        let buckets = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
        ];
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(LATENCY.into()), &buckets)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        // a recorder set before (a test's) keeps counting; this handle then renders nothing
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Counts each request by its route (the pattern it matched, never its address: an address
/// holds ids), method and status, and times it.
pub async fn count_requests(request: Request<Body>, next: Next) -> Response {
    let route = match request.extensions().get::<MatchedPath>() {
        // each server function by name: they are few, and the pattern alone says nothing
        Some(matched) if matched.as_str() == crate::paths::SERVER_FUNCTION_ROUTE => {
            request.uri().path().to_owned()
        }
        Some(matched) => matched.as_str().to_owned(),
        None => "unmatched".to_owned(),
    };
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(REQUESTS, "route" => route.clone(), "method" => method.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(LATENCY, "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
    response
}

/// A person signed in, with a certificate or on the demo portal.
pub fn signed_in(method: &'static str) {
    metrics::counter!(SIGN_INS, "method" => method).increment(1);
}

/// A certificate sign-in was refused, for `reason` (`SignInRefusal::code`).
pub fn sign_in_refused(reason: &'static str) {
    metrics::counter!(SIGN_IN_REFUSALS, "reason" => reason).increment(1);
}

/// A code was not even tried: too many wrong ones for the `counted` (eSpace, person, portal).
pub fn code_attempt_refused(counted: AttemptCounter) {
    let counter = match counted {
        AttemptCounter::Espace => "espace",
        AttemptCounter::Person => "person",
        AttemptCounter::Portal => "portal",
    };
    metrics::counter!(CODE_ATTEMPTS_REFUSED, "counter" => counter).increment(1);
}

/// A mail could not be delivered: `permanent` ones are not tried again.
pub fn mail_failed(permanent: bool) {
    let kind = if permanent { "permanent" } else { "temporary" };
    metrics::counter!(MAIL_FAILURES, "kind" => kind).increment(1);
}

/// The metrics as Prometheus reads them, the levels read now.
async fn render(services: &Services) -> String {
    let handle = handle();
    for pool in services.store.health.pools() {
        metrics::gauge!(POOL_CONNECTIONS, "pool" => pool.pool, "state" => "open")
            .set(f64::from(pool.open));
        metrics::gauge!(POOL_CONNECTIONS, "pool" => pool.pool, "state" => "idle")
            .set(f64::from(pool.idle));
    }
    let now = services.clock.now();
    match services.store.outbox.backlog().await {
        Ok(backlog) => {
            metrics::gauge!(OUTBOX_WAITING).set(backlog.waiting as f64);
            let age = backlog.oldest_since.map_or(0, |since| (now - since).max(0));
            metrics::gauge!(OUTBOX_OLDEST_AGE).set(age as f64);
        }
        Err(e) => tracing::warn!("metrics: the outbox could not be read: {e}"),
    }
    if let Some(trust) = &services.trust {
        for list in trust.current().issued() {
            if let Some(next) = list.next_update {
                metrics::gauge!(CRL_SECONDS_LEFT, "issuer" => list.issuer.clone())
                    .set((next - now) as f64);
            }
        }
    }
    handle.run_upkeep();
    handle.render()
}

/// Installs the recorder, so that counting starts with the first request.
pub fn install() {
    handle();
}

/// Serves `/metrics` on `addr` (a loopback address: `Config::check` refuses others).
pub async fn serve(addr: SocketAddr, services: Services) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let app = Router::new().route(
        "/metrics",
        get(move || {
            let services = services.clone();
            async move { render(&services).await }
        }),
    );
    tracing::info!("metrics on http://{addr}/metrics");
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("metrics listener: {e}");
        }
    });
    Ok(())
}
