//! One field of the data sheet: its value, and for administrators "Éditer", which asks for the
//! page with the field open (`?edit=field`); its form posts to the server function, which sends
//! the browser back with the outcome in the session's flash ([`SheetOpening`]). The open form is
//! an island: checked as the administrator types by the same rule as the server's.

use super::{Sheet, nace::NacePicker};
use crate::{
    api::profile::EditProfile,
    domain::{
        company::nace::NaceActivity,
        language::Language,
        profile::{ProfileField, SheetOpening},
        validation::Problem,
    },
    i18n::*,
    text,
};
use leptos::{prelude::*, server_fn::ServerFn};

/// A `<div>` of `<dt>` label and `<dd>` value inside the sheet's `<dl>`; `heading`: the section's
/// `<h2>` already names the field, so the label is for screen readers only.
#[component]
pub fn FieldRow(field: ProfileField, #[prop(optional)] heading: bool) -> impl IntoView {
    let i18n = use_i18n();
    let sheet: Sheet = expect_context();
    let SheetOpening {
        editing,
        typed,
        problem,
        ..
    } = sheet.opening.get_value();
    let open = editing == Some(field);
    let profile = sheet.profile.get_value();
    let stored = field.value_in(&profile);
    let label = move || text::profile_field(i18n.get_locale(), field);
    let display = {
        let stored = stored.clone();
        move || text::profile_value(i18n.get_locale(), field, stored.as_deref())
    };
    let body = if open {
        let tab = crate::paths::profile(&profile.id);
        view! {
            <FieldEditor field espace_id=profile.id.to_string() tab
                initial=typed.clone().unwrap_or_else(|| stored.clone().unwrap_or_default())
                expected=stored.clone().unwrap_or_default() problem display=display()
                nace=profile.nace.clone()/>
        }
        .into_any()
    } else {
        let not_specified = stored.is_none();
        let value = value_view(field, stored.clone(), display());
        view! {
            <span class="value" class:not-specified=not_specified>{value}</span>
            {sheet.admin.then(|| view! {
                <form method="get" class="edit">
                    <button type="submit" name="edit" value=field.code() class="secondary"
                        autofocus=sheet.focused == Some(field)>
                        {t!(i18n, common.edit)}
                        <span class="visually-hidden">{move || format!(" – {}", label())}</span>
                    </button>
                </form>
            })}
        }
        .into_any()
    };
    view! {
        <div class="field-row" class:editing=open>
            <dt class:visually-hidden=heading>
                {if open {
                    view! { <label for=format!("field-{}", field.code())>{label}</label> }.into_any()
                } else {
                    label().into_any()
                }}
            </dt>
            <dd>{body}</dd>
        </div>
    }
}

/// A website is shown as a link (it is an http(s) address by its rule); the rest as text.
fn value_view(field: ProfileField, stored: Option<String>, display: String) -> AnyView {
    match (field, stored) {
        (ProfileField::Website, Some(url)) => {
            view! { <a href=url rel="noopener noreferrer nofollow">{display}</a> }.into_any()
        }
        _ => display.into_any(),
    }
}

/// The open form of one field. It posts as it does without JavaScript; in the browser it shows
/// the rule's problem as the administrator types, and does not post a value the rule refuses.
#[island]
fn FieldEditor(
    field: ProfileField,
    espace_id: String,
    /// The Signalétique tab: where "Annuler" (and Escape) go back to.
    tab: String,
    /// What the form opens with: the stored value, or what a refused post had typed.
    initial: String,
    /// The value the edit starts from; the server refuses the save if it changed meanwhile.
    expected: String,
    /// Why the server refused the last post.
    problem: Option<Problem>,
    /// The stored value as the sheet shows it.
    display: String,
    /// The NACE activity stored, whose label the picker shows.
    nace: Option<NaceActivity>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(initial);
    let server_problem = RwSignal::new(problem);
    let touched = RwSignal::new(problem.is_some());
    let local_problem = move || field.validate(&value.get()).err();
    let shown_problem = Signal::derive(move || {
        server_problem
            .get()
            .or_else(|| touched.get().then(local_problem).flatten())
    });
    let id = format!("field-{}", field.code());
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let changed_meanwhile = problem == Some(Problem::ChangedMeanwhile);
    let changed = move |typed: String| {
        touched.set(true);
        server_problem.set(None);
        value.set(typed);
    };
    let control = match field {
        ProfileField::ProcedureLanguage => view! {
            <select id=id.clone() name="value" autofocus=true aria-describedby=format!("{hint_id} {error_id}")
                on:change=move |ev| changed(event_target_value(&ev))>
                <option value="" selected=value.get_untracked().is_empty()>{t!(i18n, profile.no_language)}</option>
                {Language::ALL.into_iter().map(|l| view! {
                    <option value=l.code() lang=l.code() selected=value.get_untracked() == l.code()>{l.endonym()}</option>
                }).collect_view()}
            </select>
        }.into_any(),
        ProfileField::NaceCode => view! {
            <NacePicker id=id.clone() value chosen=nace described_by=format!("{hint_id} {error_id}")
                invalid=Signal::derive(move || shown_problem.get().is_some())
                on_input=Callback::new(move |_| server_problem.set(None))/>
        }.into_any(),
        _ => view! {
            <input type="text" id=id.clone() name="value" autofocus=true
                inputmode=(field == ProfileField::Website).then_some("url")
                autocomplete=(field == ProfileField::Website).then_some("url")
                aria-invalid=move || shown_problem.get().is_some().to_string()
                aria-describedby=format!("{hint_id} {error_id}")
                value=value.get_untracked()
                on:input=move |ev| changed(event_target_value(&ev))/>
        }.into_any(),
    };
    let cancel = StoredValue::new(format!("{tab}?closed={}", field.code()));
    view! {
        <form class="inline-edit" method="post" action=EditProfile::url() novalidate=true
            // Escape cancels, unless the NACE picker used it to close its list
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" && !ev.default_prevented() {
                    ev.prevent_default();
                    let _ = window().location().set_href(&cancel.get_value());
                }
            }
            on:submit=move |ev| {
                touched.set(true);
                // only the shared rule stops the form: after "changed meanwhile", saving again
                // is how the administrator overwrites the other value on purpose
                if local_problem().is_some() {
                    ev.prevent_default();
                }
            }>
            {changed_meanwhile.then(|| view! {
                <p class="current">{t!(i18n, profile.saved_meanwhile)}" "<strong>{display}</strong></p>
            })}
            <input type="hidden" name="espace_id" value=espace_id/>
            <input type="hidden" name="field" value=field.code()/>
            <input type="hidden" name="expected" value=expected/>
            <p class="hint" id=hint_id.clone()>{move || hint(i18n, field)}</p>
            {control}
            <p class="field-error" id=error_id aria-live="polite">
                {move || shown_problem.get().map(|p| text::problem(i18n.get_locale(), p))}
            </p>
            <div class="actions">
                <button type="submit">{t!(i18n, common.save)}</button>
                <button type="submit" class="secondary" formmethod="get" formaction=tab formnovalidate=true
                    name="closed" value=field.code()>
                    {t!(i18n, common.cancel)}
                </button>
            </div>
        </form>
    }
}

/// The help under a field's label: the format it expects, with an example.
fn hint(i18n: leptos_i18n::I18nContext<Locale>, field: ProfileField) -> Option<String> {
    Some(match field {
        ProfileField::ProcedureLanguage => t_string!(i18n, profile.language_hint).to_string(),
        ProfileField::Website => t_string!(i18n, profile.website_hint).to_string(),
        ProfileField::NationalId => t_string!(i18n, profile.national_id_hint).to_string(),
        ProfileField::VatNumber => t_string!(i18n, profile.vat_hint).to_string(),
        ProfileField::NaceCode => t_string!(i18n, profile.nace_hint).to_string(),
        ProfileField::RcsNumber => t_string!(i18n, profile.rcs_hint).to_string(),
        ProfileField::Name | ProfileField::Denomination | ProfileField::TradeName => return None,
    })
}
