//! How long a signed-in session lasts without a request, and when a page warns that it is about
//! to end (WCAG 2.2.1: the person is told before the time runs out, and can extend it).

/// Seconds without a request after which a session is over.
pub const IDLE_TIMEOUT: i64 = 30 * 60;
/// The server notes a request at most this often, so that a busy page does not rewrite its
/// session on every call; a session may therefore end up to this much sooner than its last
/// request plus `IDLE_TIMEOUT`.
pub const LAST_SEEN_RESOLUTION: i64 = 60;
/// How long before its end a page warns.
pub const WARNING_BEFORE: i64 = 5 * 60;
/// Seconds after a page's last request at which the server may already have ended its session:
/// what a page counts to, so that it never says a session lives on when it is already over.
pub const ENDS_AT_THE_EARLIEST: i64 = IDLE_TIMEOUT - LAST_SEEN_RESOLUTION;

/// Where a session stands, as a page that knows its last request sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idle {
    Active,
    /// Ends in this many seconds unless the person stays.
    Ending {
        ends_in: i64,
    },
    Ended,
}

impl Idle {
    /// `idle` seconds after the browser's last request, counted to [`ENDS_AT_THE_EARLIEST`].
    pub fn after(idle: i64) -> Idle {
        let ends_in = ENDS_AT_THE_EARLIEST - idle;
        if ends_in <= 0 {
            Idle::Ended
        } else if ends_in <= WARNING_BEFORE {
            Idle::Ending { ends_in }
        } else {
            Idle::Active
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_active_until_the_warning() {
        assert_eq!(Idle::after(0), Idle::Active);
        assert_eq!(Idle::after(23 * 60 + 59), Idle::Active);
    }

    #[test]
    fn the_warning_comes_five_minutes_before_the_earliest_end() {
        assert_eq!(Idle::after(24 * 60), Idle::Ending { ends_in: 5 * 60 });
        assert_eq!(Idle::after(29 * 60 - 1), Idle::Ending { ends_in: 1 });
    }

    #[test]
    fn a_session_is_said_ended_before_the_server_may_have_ended_it() {
        assert_eq!(Idle::after(29 * 60), Idle::Ended);
        assert_eq!(Idle::after(IDLE_TIMEOUT), Idle::Ended);
    }
}
