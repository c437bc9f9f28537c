//! The document title of a page.

use leptos::{prelude::*, text_prop::TextProp};
use leptos_meta::Title;

/// Follows the language switch in the browser; computed once on the server, where a reactive
/// `<Title>` outside a `<Suspense>` sometimes stalls the response forever under concurrent
/// requests (seen with leptos_meta 0.8.7: ~5 % of pages at 16 parallel requests).
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = TextProp::from(text.get_untracked());
    #[cfg(not(feature = "ssr"))]
    let text = TextProp::from(move || text.get());
    view! { <Title text/> }
}
