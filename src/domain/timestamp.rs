//! A moment as the portal keeps it: seconds since the Unix epoch (UTC), in every table, in
//! every deadline and in the browser. Its own type, so that a count of days or of bytes cannot
//! stand for one; a duration added to it or between two of them is plain seconds (`i64`).
//! How a moment reads in Luxembourg is [`super::calendar`]'s business.

use serde::{Deserialize, Serialize};
use std::ops::{Add, Sub};

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// Before any moment: what a session never seen is last seen at.
    pub const EARLIEST: Self = Self(i64::MIN);
    /// After any moment: the deadline of what never expires.
    pub const LATEST: Self = Self(i64::MAX);

    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix(self) -> i64 {
        self.0
    }
}

/// Later by that many seconds.
impl Add<i64> for Timestamp {
    type Output = Self;

    fn add(self, seconds: i64) -> Self {
        Self(self.0.saturating_add(seconds))
    }
}

/// Earlier by that many seconds.
impl Sub<i64> for Timestamp {
    type Output = Self;

    fn sub(self, seconds: i64) -> Self {
        Self(self.0.saturating_sub(seconds))
    }
}

/// The seconds from `earlier` to `self`.
impl Sub for Timestamp {
    type Output = i64;

    fn sub(self, earlier: Self) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
