//! The time every rule with a deadline reads (invitation expiry, mail retries), injectable so
//! tests can move it forward instead of waiting.

use crate::domain::timestamp::Timestamp;
use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

/// The system time, plus an offset that only tests ever change.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset: Arc<AtomicI64>,
}

impl Clock {
    /// Unix seconds.
    pub fn now(&self) -> Timestamp {
        now() + self.offset.load(Ordering::Relaxed)
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::Relaxed);
    }
}

/// Seconds since the Unix epoch by the system's clock: the portable timestamp of every table.
/// Code that a test may need to move forward reads a [`Clock`] instead.
pub fn now() -> Timestamp {
    Timestamp::from_unix(time::OffsetDateTime::now_utc().unix_timestamp())
}
