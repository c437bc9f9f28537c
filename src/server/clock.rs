//! The time every rule with a deadline reads (invitation expiry, mail retries), injectable so
//! tests can move it forward instead of waiting.

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
    pub fn now(&self) -> i64 {
        super::db::now() + self.offset.load(Ordering::Relaxed)
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::Relaxed);
    }
}
