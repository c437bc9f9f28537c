//! One field of the data sheet: its value, and for administrators "Éditer", which opens a small
//! form in place ("Enregistrer" / "Annuler") checked as the administrator types by the same rule
//! as the server's. Without JavaScript the same buttons are plain form submissions: "Éditer"
//! asks for the page with the field open, the form posts to the server function, which
//! sends the browser back with the outcome in the session's flash ([`SheetOpening`]).

use super::{
    super::{espace::rename_espace, session::use_session},
    Sheet,
    nace::NacePicker,
};
use crate::{
    api::{espaces::load_espace, profile::EditProfile},
    domain::{
        language::Language,
        profile::{ProfileField, SheetOpening},
        validation::Problem,
    },
    i18n::*,
    text,
};
use leptos::{form::ActionForm, html, prelude::*};

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
    let reopened = editing == Some(field);
    let stored = Memo::new(move |_| sheet.profile.with(|p| field.value_in(p)));
    let open = RwSignal::new(reopened);
    let label = move || text::profile_field(i18n.get_locale(), field);
    let id = format!("field-{}", field.code());
    let edit_button = NodeRef::<html::Button>::new();
    // focus goes back to "Éditer" when the form closes, not when the page first shows
    let closed_by_user = StoredValue::new(false);
    // (an effect, not `on_load`, which runs once: the button is made anew at each close)
    Effect::new(move |_| {
        if let Some(button) = edit_button.get() {
            if closed_by_user.get_value() {
                let _ = button.focus();
            }
        }
    });
    let close = move || {
        closed_by_user.set_value(true);
        open.set(false);
    };
    let display = move || {
        let locale = i18n.get_locale();
        text::profile_value(locale, field, stored.get().as_deref())
    };
    let editor = move || {
        let initial = if reopened { typed.clone() } else { None };
        view! {
            <Editor field id=id.clone() initial problem=if reopened { problem } else { None }
                stored display=Signal::derive(display) on_close=Callback::new(move |_| close())/>
        }
    };
    view! {
        <div class="field-row" class:editing=move || open.get()>
            <dt class:visually-hidden=heading>
                {move || if open.get() {
                    view! { <label for=format!("field-{}", field.code())>{label}</label> }.into_any()
                } else {
                    label().into_any()
                }}
            </dt>
            <dd>
                <Show when=move || open.get() fallback=move || view! {
                    <span class="value" class:not-specified=move || stored.get().is_none()>
                        {move || value_view(field, stored.get(), display())}
                    </span>
                    {sheet.admin.then(|| view! {
                        <form method="get" class="edit">
                            <button type="submit" name="edit" value=field.code() class="secondary"
                                node_ref=edit_button
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    sheet.saved.set(None);
                                    open.set(true);
                                }>
                                {t!(i18n, common.edit)}
                                <span class="visually-hidden">{move || format!(" – {}", label())}</span>
                            </button>
                        </form>
                    })}
                }>
                    {editor.clone()}
                </Show>
            </dd>
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

/// The open form of one field.
#[component]
fn Editor(
    field: ProfileField,
    id: String,
    /// What was typed before a plain form post was refused; else the stored value.
    initial: Option<String>,
    problem: Option<Problem>,
    stored: Memo<Option<String>>,
    display: Signal<String>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sheet: Sheet = expect_context();
    let save = ServerAction::<EditProfile>::new();
    let value = RwSignal::new(
        initial
            .clone()
            .unwrap_or_else(|| stored.get_untracked().unwrap_or_default()),
    );
    // the value the edit starts from; the server refuses the save if it changed meanwhile
    let expected = RwSignal::new(stored.get_untracked().unwrap_or_default());
    let server_problem = RwSignal::new(problem);
    let touched = RwSignal::new(initial.is_some());
    let local_problem = move || field.validate(&value.get()).err();
    let shown_problem = Signal::derive(move || {
        server_problem
            .get()
            .or_else(|| touched.get().then(local_problem).flatten())
    });
    let espace_id = sheet.profile.with_untracked(|p| p.id.clone());
    let tab = format!("/espace/{espace_id}/profile");
    Effect::new({
        let espace_id = espace_id.clone();
        move |_| match save.value().get() {
            Some(Ok(Ok(saved))) => {
                if field == ProfileField::Name {
                    // the heading, the breadcrumb, the title and the header's switch show it
                    rename_espace(saved.value.clone().unwrap_or_default());
                    use_session().0.refetch();
                }
                sheet.profile.update(|p| field.set_in(p, saved));
                sheet.saved.set(Some(field));
                on_close.run(());
            }
            Some(Ok(Err(refusal))) => {
                let problem = refusal.field_errors().first().map(|e| e.problem);
                server_problem.set(problem);
                if problem == Some(Problem::ChangedMeanwhile) {
                    // show the other administrator's value; saving again replaces it
                    let espace_id = espace_id.clone();
                    leptos::task::spawn_local(async move {
                        if let Ok(Ok(view)) = load_espace(espace_id).await {
                            expected.set(field.value_in(&view.profile).unwrap_or_default());
                            sheet.profile.set(view.profile);
                        }
                    });
                }
            }
            _ => {}
        }
    });
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let help = move || hint(i18n, field);
    let changed_meanwhile = move || shown_problem.get() == Some(Problem::ChangedMeanwhile);
    let input = NodeRef::<html::Input>::new();
    input.on_load(|input| {
        let _ = input.focus();
    });
    let control = match field {
        ProfileField::ProcedureLanguage => view! {
            <select id=id.clone() name="value" aria-describedby=format!("{hint_id} {error_id}")
                on:change=move |ev| { touched.set(true); server_problem.set(None); value.set(event_target_value(&ev)); }>
                <option value="" selected=move || value.get().is_empty()>{t!(i18n, profile.no_language)}</option>
                {Language::ALL.into_iter().map(|l| view! {
                    <option value=l.code() lang=l.code() selected=move || value.get() == l.code()>{l.endonym()}</option>
                }).collect_view()}
            </select>
        }.into_any(),
        ProfileField::NaceCode => view! {
            <NacePicker id=id.clone() value described_by=format!("{hint_id} {error_id}")
                invalid=Signal::derive(move || shown_problem.get().is_some())
                on_input=Callback::new(move |_| server_problem.set(None))/>
        }.into_any(),
        _ => view! {
            <input type="text" id=id.clone() name="value" node_ref=input
                inputmode=(field == ProfileField::Website).then_some("url")
                autocomplete=(field == ProfileField::Website).then_some("url")
                aria-invalid=move || shown_problem.get().is_some().to_string()
                aria-describedby=format!("{hint_id} {error_id}")
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| {
                    touched.set(true);
                    server_problem.set(None);
                    value.set(event_target_value(&ev));
                }/>
        }.into_any(),
    };
    view! {
        <ActionForm action=save attr:class="inline-edit" attr:novalidate=true
            // Escape cancels, unless the NACE picker used it to close its list
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" && !ev.default_prevented() {
                    ev.prevent_default();
                    on_close.run(());
                }
            }
            on:submit:capture=move |ev| {
                touched.set(true);
                // only the shared rule stops the form: after "changed meanwhile", saving again
                // is how the administrator overwrites the other value on purpose
                if local_problem().is_some() {
                    ev.prevent_default();
                }
            }>
            {move || changed_meanwhile().then(|| view! {
                <p class="current">{t!(i18n, profile.saved_meanwhile)}" "<strong>{move || display.get()}</strong></p>
            })}
            <input type="hidden" name="espace_id" value=espace_id.clone()/>
            <input type="hidden" name="field" value=field.code()/>
            <input type="hidden" name="expected" prop:value=move || expected.get() value=expected.get_untracked()/>
            <p class="hint" id=hint_id.clone()>{help}</p>
            {control}
            <p class="field-error" id=error_id aria-live="polite">
                {move || shown_problem.get().map(|p| text::problem(i18n.get_locale(), p))}
            </p>
            <div class="actions">
                <button type="submit" disabled=move || save.pending().get()>{t!(i18n, common.save)}</button>
                <button type="submit" class="secondary" formmethod="get" formaction=tab formnovalidate=true
                    on:click=move |ev| {
                        ev.prevent_default();
                        on_close.run(());
                    }>
                    {t!(i18n, common.cancel)}
                </button>
            </div>
        </ActionForm>
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
