//! How a page reads what a plain post left it ([`Flash`]): taken from the session before the
//! page rendered on the server, so it shows once. The page's components read it from the
//! context; an island, which does not see that context in the browser, is handed it as a prop
//! and provides it to its own components.

use crate::domain::{error::Fault, flash::Flash};
use leptos::{prelude::*, server_fn::ServerFn};
use serde::de::DeserializeOwned;
use std::sync::Arc;

#[derive(Clone)]
struct PageFlash(Option<Arc<Flash>>);

/// Provides the flash of the page being rendered.
pub fn provide_flash() {
    #[cfg(feature = "ssr")]
    let flash = use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<crate::server::flash::PageFlash>()
            .map(|page| page.0.clone())
    });
    #[cfg(not(feature = "ssr"))]
    let flash = None;
    provide_island_flash(flash);
}

/// The flash of the page being rendered, to hand to an island as a prop.
pub fn page_flash() -> Option<Flash> {
    flash().as_deref().cloned()
}

/// Provides an island's flash, given to it as a prop.
pub fn provide_island_flash(flash: Option<Flash>) {
    provide_context(PageFlash(flash.map(Arc::new)));
}

fn flash() -> Option<Arc<Flash>> {
    use_context::<PageFlash>()?.0
}

/// The answer the plain post of `S` left this page, if it did.
pub fn flash_answer<S>() -> Option<Result<S::Output, Fault>>
where
    S: ServerFn<Error = Fault>,
    S::Output: DeserializeOwned,
{
    flash()?.answer(S::PATH)
}

/// The answer `S`'s plain post left, if it was about `id`: the one row of a list it concerns
/// (the id posted in `field`).
pub fn answer_about<S>(field: &str, id: &str) -> Option<Result<S::Output, Fault>>
where
    S: ServerFn<Error = Fault>,
    S::Output: DeserializeOwned,
{
    (typed::<S>(field).as_deref() == Some(id))
        .then(flash_answer::<S>)
        .flatten()
}

/// A form field's value: `stored`, or what was typed in it when `S`'s plain post came back
/// refused (`refused`), so nothing typed is lost.
pub fn field_value<S: ServerFn>(
    refused: bool,
    field: &str,
    stored: Option<String>,
) -> RwSignal<String> {
    let back = refused.then(|| typed::<S>(field)).flatten();
    RwSignal::new(back.or(stored).unwrap_or_default())
}

/// What was typed in `field` when `S`'s plain post came back.
pub fn typed<S: ServerFn>(field: &str) -> Option<String> {
    flash()?.typed_in(S::PATH, field)
}
