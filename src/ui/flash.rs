//! How a page reads what a plain post left it ([`Flash`]): taken from the session before the
//! page rendered on the server, written into the page for hydration, and dropped at the first
//! navigation in the browser, so it shows once. Once hydrated, a form's own action answers
//! instead: [`latest`] gives whichever is newer.

use crate::domain::{error::Fault, flash::Flash};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_location;
use serde::de::DeserializeOwned;

/// The page's flash, and whether it was passed on by the page before (a hydrated form that
/// navigates), so that it outlives that one navigation.
#[derive(Clone, Copy)]
struct PageFlash {
    flash: RwSignal<Option<Flash>>,
    passed_on: StoredValue<bool>,
}

/// Provides the flash of the page being rendered; below the router, which it watches.
pub fn provide_flash() {
    let flash = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| {
                    parts
                        .extensions
                        .get::<crate::server::flash::PageFlash>()
                        .cloned()
                })
                .map(|page| page.0)
        }
        #[cfg(not(feature = "ssr"))]
        None
    })
    .into_inner();
    let page = PageFlash {
        flash: RwSignal::new(flash),
        passed_on: StoredValue::new(false),
    };
    provide_context(page);
    let location = use_location();
    Effect::new(move |previous: Option<(String, String)>| {
        let now = (location.pathname.get(), location.search.get());
        if previous.is_some_and(|previous| previous != now) {
            if page.passed_on.get_value() {
                page.passed_on.set_value(false);
            } else {
                page.flash.set(None);
            }
        }
        now
    });
}

/// The flash of the page being rendered, to hand to an island as a prop (islands do not see
/// the server-only components' context in the browser).
pub fn page_flash() -> Option<Flash> {
    flash()?.get_untracked()
}

/// Provides an island's flash, given to it as a prop.
pub fn provide_island_flash(flash: Option<Flash>) {
    provide_context(PageFlash {
        flash: RwSignal::new(flash),
        passed_on: StoredValue::new(false),
    });
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

fn flash() -> Option<RwSignal<Option<Flash>>> {
    use_context::<PageFlash>().map(|page| page.flash)
}

/// A hydrated form that goes on to another page leaves its answer there, as its plain post
/// would have: the next page says what was done the one way it says it for both.
pub fn pass_on<S>(answer: &Result<S::Output, Fault>)
where
    S: ServerFn<Error = Fault>,
    S::Output: serde::Serialize,
{
    if let Some(page) = use_context::<PageFlash>() {
        page.flash
            .set(Some(Flash::new(S::PATH, answer, Vec::new())));
        page.passed_on.set_value(true);
    }
}

/// The answer the plain post of `S` left this page, if it did.
pub fn flash_answer<S>() -> Option<Result<S::Output, Fault>>
where
    S: ServerFn<Error = Fault>,
    S::Output: DeserializeOwned,
{
    flash()?.with(|flash| flash.as_ref()?.answer(S::PATH))
}

/// What was typed in `field` when `S`'s plain post came back.
pub fn typed<S: ServerFn>(field: &str) -> Option<String> {
    flash()?.with_untracked(|flash| flash.as_ref()?.typed_in(S::PATH, field))
}

/// The latest answer of a form: its action's once it has run in this page, else the one its
/// plain post left.
pub fn latest<S>(action: ServerAction<S>) -> Option<Result<S::Output, Fault>>
where
    S: ServerFn<Error = Fault> + Clone + Send + Sync + 'static,
    S::Output: DeserializeOwned + Clone + Send + Sync + 'static,
{
    action.value().get().or_else(flash_answer::<S>)
}
