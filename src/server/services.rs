//! What every request may use: the repositories, the configuration, the clock and the trusted
//! authorities, provided to server functions and pages as a Leptos context (and to the axum
//! handlers as an extension).

use crate::server::{
    certificate::renewal::Trust,
    clock::Clock,
    config::Config,
    db::{Invitations, Persons, Quotas, Store},
};
use std::sync::Arc;

/// What every request may use; provided to server functions and pages as a Leptos context.
#[derive(Clone)]
pub struct Services {
    /// Out of the `api` layer's reach: a server function gets to an eSpace's data through the
    /// power check's [`Member`](crate::server::access::Member), and to the rest through the
    /// accessors below.
    pub(in crate::server) store: Store,
    pub config: Arc<Config>,
    pub clock: Clock,
    /// The authorities trusted for certificate sign-in, when it is configured.
    pub trust: Option<Arc<Trust>>,
}

impl Services {
    pub fn new(store: Store, config: Config, clock: Clock, trust: Option<Arc<Trust>>) -> Self {
        Self {
            store,
            config: Arc::new(config),
            clock,
            trust,
        }
    }

    /// The persons: sign-in, a person's own profile and language.
    pub fn persons(&self) -> &dyn Persons {
        &*self.store.persons
    }

    /// The invitations, as their invitee finds them: by certificate or by link.
    pub fn invitations(&self) -> &dyn Invitations {
        &*self.store.invitations
    }

    /// What a person or an eSpace has used of its quotas.
    pub fn quotas(&self) -> &dyn Quotas {
        &*self.store.quotas
    }
}
