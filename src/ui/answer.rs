//! How a page shows a server function's answer, the same way everywhere.

use super::not_found::NotFound;
use crate::text;
use crate::{
    domain::error::{Answer, Fault, Refusal},
    i18n::*,
};
use leptos::prelude::*;

/// The value through `ok`; "not found" as the 404 page; "not signed in" with the way to sign in;
/// any other refusal or a fault as an alert in the user's language.
pub fn answer_view<T, V: IntoView + 'static>(
    answer: Result<Answer<T>, Fault>,
    ok: impl FnOnce(T) -> V,
) -> AnyView {
    let i18n = use_i18n();
    match answer {
        Ok(Ok(value)) => ok(value).into_any(),
        Ok(Err(Refusal::NotFound)) => view! { <NotFound/> }.into_any(),
        Ok(Err(Refusal::NotSignedIn)) => view! {
            <section class="card">
                <p role="alert" class="banner error">{t!(i18n, errors.not_signed_in)}</p>
                <p><a class="button" href="/login">{t!(i18n, header.sign_in)}</a></p>
            </section>
        }
        .into_any(),
        Ok(Err(refusal)) => alert(text::refusal(i18n.get_locale(), &refusal)),
        Err(fault) => alert(text::fault(i18n.get_locale(), &fault)),
    }
}

/// An action's refusal or fault as an alert, or nothing: nothing either for a refusal of
/// fields, which the form shows next to them.
pub fn failure<T>(locale: Locale, answer: Option<Result<Answer<T>, Fault>>) -> Option<AnyView> {
    match answer {
        Some(Ok(Err(refusal))) if refusal.field_errors().is_empty() => {
            Some(alert(text::refusal(locale, &refusal)))
        }
        Some(Err(fault)) => Some(alert(text::fault(locale, &fault))),
        _ => None,
    }
}

pub fn alert(text: String) -> AnyView {
    view! { <p role="alert" class="banner error">{text}</p> }.into_any()
}

/// What a `<Suspense>` shows while its data loads.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading">{t!(i18n, common.loading)}</p> }
}
