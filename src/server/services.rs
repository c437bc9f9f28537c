//! What every request may use: the repositories, the configuration, the clock and the trusted
//! authorities, provided to server functions and pages as a Leptos context (and to the axum
//! handlers as an extension).

use crate::server::{certificate::renewal::Trust, clock::Clock, config::Config, db::Store};
use std::sync::Arc;

/// What every request may use; provided to server functions and pages as a Leptos context.
#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub config: Arc<Config>,
    pub clock: Clock,
    /// The authorities trusted for certificate sign-in, when it is configured.
    pub trust: Option<Arc<Trust>>,
}
