use super::title::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;

/// The page for unknown addresses and for things the caller may not know exist; answers 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, not_found.title).to_string())/>
        <section class="card">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, errors.not_found)}</p>
            <p><a href="/">{t!(i18n, not_found.back_home)}</a></p>
        </section>
    }
}
