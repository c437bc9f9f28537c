//! What the server reads from files and must renew while it runs: the revocation lists of the
//! certificate sign-in (a real authority's expire within days) and the server's TLS certificate.
//! Each is read again when its files change, on SIGHUP and every hour, and swapped in at once
//! only when it is good; otherwise the one in use stays, and the log says why.

use super::{TrustError, TrustStore, tls::TlsError};
use crate::domain::timestamp::Timestamp;
use crate::server::clock::Clock;
use arc_swap::ArcSwap;
use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::{Duration, SystemTime},
};

/// How often the files are looked at: a stat of two files.
const POLL: Duration = Duration::from_secs(2);
/// Renewed at least this often, whatever the files' dates say.
const HOURLY: Duration = Duration::from_secs(3600);

/// Why a renewal was refused.
#[derive(Debug, thiserror::Error)]
pub enum RenewalError {
    #[error(transparent)]
    Trust(#[from] TrustError),
    #[error(transparent)]
    Tls(#[from] TlsError),
}

/// Something read from files that can be read again.
pub trait Renewable: Send + Sync + 'static {
    /// What it is, for the log.
    fn what(&self) -> &'static str;
    fn files(&self) -> Vec<PathBuf>;
    /// Reads the files again and swaps in what they hold, if it is good; answers what was
    /// taken, for the log.
    fn renew(&self) -> Result<String, RenewalError>;
    /// Warns in the log when what is in use will soon be out of date.
    fn check(&self, _now: Timestamp) {}
}

/// The trust anchors and revocation lists of the certificate sign-in, as last renewed.
pub struct Trust {
    anchors: PathBuf,
    crls: PathBuf,
    /// Seconds before a list's next update from which the portal is no longer ready.
    margin: i64,
    current: ArcSwap<TrustStore>,
}

impl Trust {
    pub fn load(anchors: &Path, crls: &Path, margin: i64) -> Result<Self, TrustError> {
        Ok(Self {
            anchors: anchors.to_owned(),
            crls: crls.to_owned(),
            margin,
            current: ArcSwap::from_pointee(TrustStore::load(anchors, crls)?),
        })
    }

    /// The store in use; a renewal swaps it without disturbing a check under way.
    pub fn current(&self) -> Arc<TrustStore> {
        self.current.load_full()
    }

    /// Whether every revocation list's next update is further than the margin from `now`.
    pub fn is_fresh(&self, now: Timestamp) -> bool {
        self.current()
            .next_update()
            .is_none_or(|next| now + self.margin < next)
    }
}

impl Renewable for Trust {
    fn what(&self) -> &'static str {
        "revocation lists"
    }

    fn files(&self) -> Vec<PathBuf> {
        vec![self.anchors.clone(), self.crls.clone()]
    }

    fn renew(&self) -> Result<String, RenewalError> {
        let renewed = TrustStore::load(&self.anchors, &self.crls)?;
        self.current()
            .check_renewal(&renewed)
            .map_err(|e| match e {
                TrustError::Older(_, issuer, new, old) => {
                    TrustError::Older(self.crls.display().to_string(), issuer, new, old)
                }
                other => other,
            })?;
        let next = renewed.next_update();
        self.current.store(Arc::new(renewed));
        Ok(match next {
            Some(next) => format!("next update at {}", utc(next)),
            None => "no next update".into(),
        })
    }

    fn check(&self, now: Timestamp) {
        for list in self.current().issued() {
            if let Some(next) = list.next_update
                && now + self.margin >= next
            {
                tracing::warn!(
                    issuer = %list.issuer,
                    next_update = %utc(next),
                    "a revocation list reaches its next update: put its renewal in {} (not ready until then)",
                    self.crls.display()
                );
            }
        }
    }
}

/// Renews `item` for as long as the server runs.
pub fn spawn(item: Arc<dyn Renewable>, clock: Clock) {
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangup = signal(SignalKind::hangup())
            .inspect_err(|e| tracing::warn!("no renewal on SIGHUP: {e}"))
            .ok();
        // the paths are the configuration's: read once
        let files = item.files();
        let mut seen = stamps(&files);
        let mut hourly = tokio::time::interval_at(tokio::time::Instant::now() + HOURLY, HOURLY);
        item.check(clock.now());
        loop {
            let cause = tokio::select! {
                () = tokio::time::sleep(POLL) => {
                    if stamps(&files) == seen {
                        continue;
                    }
                    "its files changed"
                }
                Some(()) = async {
                    match &mut hangup {
                        Some(hangup) => hangup.recv().await,
                        None => std::future::pending().await,
                    }
                } => "SIGHUP",
                _ = hourly.tick() => "hourly",
            };
            seen = stamps(&files);
            match item.renew() {
                Ok(taken) => tracing::info!(cause, "{} renewed: {taken}", item.what()),
                Err(e) => {
                    tracing::warn!(cause, "{} not renewed, those in use kept: {e}", item.what())
                }
            }
            item.check(clock.now());
        }
    });
}

/// The files' modification times and sizes (what a symbolic link points at), to notice a change.
fn stamps(files: &[PathBuf]) -> Vec<Option<(SystemTime, u64)>> {
    files
        .iter()
        .map(|file| {
            std::fs::metadata(file)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())))
        })
        .collect()
}

/// A Unix time as the log writes it (RFC 3339, UTC).
fn utc(at: Timestamp) -> String {
    time::OffsetDateTime::from_unix_timestamp(at.unix())
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| at.to_string())
}
