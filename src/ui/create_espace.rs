//! "Create a business eSpace": name and procedure language; the creator becomes its owner and
//! first administrator. Validated as the user types with the rule the server applies again.

use super::{
    answer::alert,
    flash::{flash_answer, page_flash, provide_island_flash, typed},
    form::{TextField, refused_fields, shown_problem},
    title::PageTitle,
};
use crate::text;
use crate::{
    api::espaces::CreateEspace,
    domain::{espace::NewEspace, flash::Flash, language::Language},
    i18n::*,
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn CreateEspacePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, create.title).to_string())/>
        <section class="card narrow">
            <h1>{t!(i18n, create.title)}</h1>
            <p>{t!(i18n, create.intro)}</p>
            <p class="hint">{t!(i18n, create.mandatory)}</p>
            <CreateEspaceForm flash=page_flash()/>
        </section>
    }
}

/// The form posts as it does without JavaScript (the server sends the browser to the new
/// eSpace's home); in the browser it is checked as typed, and not posted while the rule refuses.
#[island]
fn CreateEspaceForm(flash: Option<Flash>) -> impl IntoView {
    provide_island_flash(flash);
    let i18n = use_i18n();
    let name = RwSignal::new(typed::<CreateEspace>("name").unwrap_or_default());
    let language = RwSignal::new(typed::<CreateEspace>("procedure_language").unwrap_or_default());
    // Problems are shown once the user has typed in the form or tried to submit it.
    let touched = RwSignal::new(false);
    let local_errors = move || {
        NewEspace::validate(&name.get(), &language.get())
            .err()
            .unwrap_or_default()
    };
    let answer = flash_answer::<CreateEspace>();
    let refused = refused_fields(answer.clone());
    let problem = move |field: &'static str| {
        let refused = refused.clone();
        Signal::derive(move || shown_problem(touched.get(), &local_errors(), &refused, field))
    };
    let banner = match answer {
        Some(Ok(Err(refusal))) => Some(text::refusal(i18n.get_locale_untracked(), &refusal)),
        Some(Err(fault)) => Some(text::fault(i18n.get_locale_untracked(), &fault)),
        _ => None,
    };
    let language_problem = problem("procedure_language");
    view! {
        {banner.map(alert)}
        <form method="post" action=CreateEspace::url() on:input=move |_| touched.set(true) on:submit=move |ev| {
            touched.set(true);
            if !local_errors().is_empty() {
                ev.prevent_default();
            }
        }>
            <TextField name="name" label=Signal::derive(move || t_string!(i18n, create.name).to_string())
                value=name problem=problem("name") required=true autocomplete="organization"/>
            <div class="field" class:invalid=move || language_problem.get().is_some()>
                <label for="field-procedure_language">{t!(i18n, create.procedure_language)}</label>
                <select id="field-procedure_language" name="procedure_language"
                    on:change=move |ev| language.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, create.language_none)}</option>
                    {Language::ALL.into_iter().map(|l| view! {
                        <option value=l.code() lang=l.code() selected=language.get_untracked() == l.code()>{l.endonym()}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">
                    {move || language_problem.get().map(|p| text::problem(i18n.get_locale(), p))}
                </p>
            </div>
            <div class="actions">
                <button type="submit">{t!(i18n, create.submit)}</button>
            </div>
        </form>
    }
}
