//! The session resource: portal name and signed-in person, loaded once per page load and shared
//! by the header and the pages.

use crate::api::session::{SessionInfo, current_session};
use crate::domain::error::Fault;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionResource(pub Resource<Result<SessionInfo, Fault>>);

pub fn provide_session() -> SessionResource {
    let resource = SessionResource(Resource::new(|| (), |_| current_session()));
    provide_context(resource);
    resource
}

pub fn use_session() -> SessionResource {
    expect_context()
}
