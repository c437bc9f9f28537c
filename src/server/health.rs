//! What an orchestrator or a load balancer asks: is the process alive (`/healthz`), and may it
//! be sent people (`/readyz`: the database answers with every migration applied, and the
//! revocation lists are not about to run out). The answers name what is wrong in a word; the
//! detail goes to the log, as it is nobody else's business.

use crate::server::services::Services;
use axum::{
    Router,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};

pub const LIVE: &str = "/healthz";
pub const READY: &str = "/readyz";

/// Why the server is not ready.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotReady {
    /// The database does not answer.
    Database,
    /// The database lacks migrations this build has (another server is migrating it).
    Migrations,
    /// A revocation list reaches its next update within the configured margin.
    RevocationLists,
}

impl NotReady {
    fn word(self) -> &'static str {
        match self {
            Self::Database => "database",
            Self::Migrations => "migrations",
            Self::RevocationLists => "revocation lists",
        }
    }
}

/// What stops `services` from serving now; empty when ready.
pub async fn not_ready(services: &Services) -> Vec<NotReady> {
    let mut problems = Vec::new();
    match services.store.health.missing_migrations().await {
        Ok(0) => {}
        Ok(missing) => {
            tracing::warn!("not ready: {missing} migrations not applied");
            problems.push(NotReady::Migrations);
        }
        Err(e) => {
            tracing::warn!("not ready: the database does not answer: {e}");
            problems.push(NotReady::Database);
        }
    }
    if let Some(trust) = &services.trust
        && !trust.is_fresh(services.clock.now())
    {
        problems.push(NotReady::RevocationLists);
    }
    problems
}

/// The two routes, outside the session and the CSRF guard: they change nothing and read no
/// cookie.
pub fn routes<S: Clone + Send + Sync + 'static>(services: Services) -> Router<S> {
    Router::new()
        .route(LIVE, get(|| async { "alive\n" }))
        .route(
            READY,
            get(move || {
                let services = services.clone();
                async move { readiness(&services).await }
            }),
        )
}

async fn readiness(services: &Services) -> Response {
    let problems = not_ready(services).await;
    if problems.is_empty() {
        return "ready\n".into_response();
    }
    let words: Vec<&str> = problems.iter().map(|p| p.word()).collect();
    (
        StatusCode::SERVICE_UNAVAILABLE,
        format!("not ready: {}\n", words.join(", ")),
    )
        .into_response()
}

/// `espace healthcheck`: asks the server listening on `addr` (plain HTTP, as app servers behind
/// a proxy or in a container listen) for `path`, within five seconds; answers its reply when
/// it is 200, else why not.
pub async fn ask(addr: std::net::SocketAddr, path: &str) -> Result<String, String> {
    use axum::body::Body;
    use hyper_util::rt::TokioIo;
    let exchange = async {
        let tcp = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let request = http::Request::get(path)
            .header(http::header::HOST, addr.to_string())
            .body(Body::empty())
            .map_err(|e| e.to_string())?;
        let reply = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = reply.status();
        let body = axum::body::to_bytes(Body::new(reply.into_body()), 64 * 1024)
            .await
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&body).trim().to_owned();
        match status {
            StatusCode::OK => Ok(text),
            _ => Err(format!("{status}: {text}")),
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(5), exchange)
        .await
        .map_err(|_| format!("{addr} did not answer within 5 seconds"))?
}
