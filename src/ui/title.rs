//! The document title of a page.

use leptos::{prelude::*, text_prop::TextProp};
use leptos_meta::Title;

/// Follows the language switch in the browser; computed once on the server, where a reactive
/// `<Title>` outside a `<Suspense>` sometimes stalls the response forever under concurrent
/// requests (seen with leptos_meta 0.8.7: ~5 % of pages at 16 parallel requests).
///
/// On the server the text is escaped here: leptos_meta 0.8.7 writes it into `<title>` as it is,
/// so a name typed as `</title><script>…` would end the title and inject markup. In the
/// browser it is set as `document.title`, plain text, and needs no escaping.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = TextProp::from(escape_html(&text.get_untracked()));
    #[cfg(not(feature = "ssr"))]
    let text = TextProp::from(move || text.get());
    view! { <Title text/> }
}

/// Text made safe inside an HTML element: `&`, `<` and `>` as character references.
#[cfg(feature = "ssr")]
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn a_title_cannot_end_its_element() {
        assert_eq!(
            super::escape_html("</title><script>a && b</script>"),
            "&lt;/title&gt;&lt;script&gt;a &amp;&amp; b&lt;/script&gt;"
        );
    }
}
