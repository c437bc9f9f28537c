//! "Create a business eSpace": name and procedure language; the creator becomes its owner and
//! first administrator. Validated as the user types with the rule the server applies again.

use super::{
    answer::alert,
    flash::{latest, typed},
    form::{TextField, refused_fields, shown_problem},
    session::use_session,
    title::PageTitle,
};
use crate::text;
use crate::{
    api::espaces::CreateEspace,
    domain::{espace::NewEspace, language::Language},
    i18n::*,
};
use leptos::{form::ActionForm, prelude::*};
use leptos_router::hooks::use_navigate;

#[component]
pub fn CreateEspacePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let create = ServerAction::<CreateEspace>::new();
    let name = RwSignal::new(typed::<CreateEspace>("name").unwrap_or_default());
    let language = RwSignal::new(typed::<CreateEspace>("procedure_language").unwrap_or_default());
    // Problems are shown once the user has typed in the form or tried to submit it.
    let touched = RwSignal::new(false);
    let local_errors = move || {
        NewEspace::validate(&name.get(), &language.get())
            .err()
            .unwrap_or_default()
    };
    let problem = move |field: &'static str| {
        Signal::derive(move || {
            shown_problem(
                touched.get(),
                &local_errors(),
                &refused_fields(latest(create)),
                field,
            )
        })
    };
    // the new eSpace belongs in the header's switch; its home opens
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(Ok(id))) = create.value().get() {
            session.0.refetch();
            navigate(&crate::paths::espace(&id), Default::default());
        }
    });
    let banner = move || match latest(create) {
        Some(Ok(Err(refusal))) => Some(text::refusal(i18n.get_locale(), &refusal)),
        Some(Err(fault)) => Some(text::fault(i18n.get_locale(), &fault)),
        _ => None,
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, create.title).to_string())/>
        <section class="card narrow">
            <h1>{t!(i18n, create.title)}</h1>
            <p>{t!(i18n, create.intro)}</p>
            <p class="hint">{t!(i18n, create.mandatory)}</p>
            {move || banner().map(alert)}
            <ActionForm action=create on:input=move |_| touched.set(true) on:submit:capture=move |ev| {
                touched.set(true);
                if !local_errors().is_empty() {
                    ev.prevent_default();
                }
            }>
                <TextField name="name" label=Signal::derive(move || t_string!(i18n, create.name).to_string())
                    value=name problem=problem("name") required=true autocomplete="organization"/>
                <div class="field" class:invalid=move || problem("procedure_language").get().is_some()>
                    <label for="field-procedure_language">{t!(i18n, create.procedure_language)}</label>
                    <select id="field-procedure_language" name="procedure_language"
                        on:change=move |ev| language.set(event_target_value(&ev))>
                        <option value="">{t!(i18n, create.language_none)}</option>
                        {Language::ALL.into_iter().map(|l| view! {
                            <option value=l.code() lang=l.code() selected=language.get_untracked() == l.code()>{l.endonym()}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">
                        {move || problem("procedure_language").get().map(|p| text::problem(i18n.get_locale(), p))}
                    </p>
                </div>
                <div class="actions">
                    <button type="submit" disabled=move || create.pending().get()>
                        {move || if create.pending().get() {
                            t_string!(i18n, create.working).to_string()
                        } else {
                            t_string!(i18n, create.submit).to_string()
                        }}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
