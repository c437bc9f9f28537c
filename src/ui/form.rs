//! Form building blocks: a labelled field whose error sits next to it, tied by aria attributes.

use crate::text;
use crate::{
    domain::{
        error::{Answer, Fault},
        validation::{FieldError, Problem, problem_of},
    },
    i18n::*,
};
use leptos::prelude::*;

/// The field errors of a server function's last answer, when it refused the form as invalid.
pub fn refused_fields<T>(answer: Option<Result<Answer<T>, Fault>>) -> Vec<FieldError> {
    match answer {
        Some(Ok(Err(refusal))) => refusal.field_errors().to_vec(),
        _ => Vec::new(),
    }
}

/// The problem a field shows: the shared domain rule's once `checked` (the user typed or tried
/// to submit), else the server's from its last answer.
pub fn shown_problem(
    checked: bool,
    local: &[FieldError],
    server: &[FieldError],
    field: &str,
) -> Option<Problem> {
    checked
        .then(|| problem_of(local, field))
        .flatten()
        .or_else(|| problem_of(server, field))
}

/// The star of a mandatory field's label, and what it means for screen readers.
#[component]
pub fn Mandatory() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="star" aria-hidden="true">" *"</span>
        <span class="visually-hidden">{move || format!(" ({})", t_string!(i18n, common.mandatory_mark))}</span>
    }
}

/// A labelled one-line text input. `problem` is the field's current problem, from the shared
/// domain rule as the user types, or from the server's answer.
#[component]
pub fn TextField(
    #[prop(into)] name: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] problem: Signal<Option<Problem>>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] autocomplete: Option<String>,
    /// Help shown under the label, read out with the field.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The input's `type`; `text` when not given.
    #[prop(optional)]
    kind: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id.clone()>
                {move || label.get()}
                {required.then(|| view! { <Mandatory/> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{move || hint.get()}</p> })}
            <input type=kind.unwrap_or("text") id=id name=name autocomplete=autocomplete
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described_by
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <p class="field-error" id=error_id aria-live="polite">
                {move || problem.get().map(|p| text::problem(i18n.get_locale(), p))}
            </p>
        </div>
    }
}

/// A group of radio buttons bound to one field, each option with an optional explanation.
#[component]
pub fn Choices(
    name: &'static str,
    legend: Signal<String>,
    problem: Signal<Option<Problem>>,
    value: RwSignal<String>,
    options: Vec<&'static str>,
    /// An option's label and explanation in the current language.
    describe: fn(leptos_i18n::I18nContext<Locale>, &str) -> (String, Option<String>),
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("field-{name}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset class="field choices" class:invalid=move || problem.get().is_some()
            aria-describedby=described_by>
            <legend>
                {move || legend.get()}
                <span class="star" aria-hidden="true">" *"</span>
                <span class="visually-hidden">{move || format!(" ({})", t_string!(i18n, common.mandatory_mark))}</span>
            </legend>
            {options.into_iter().map(|code| {
                let id = format!("field-{name}-{code}");
                let hint_id = format!("{id}-hint");
                let has_hint = describe(i18n, code).1.is_some();
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=name value=code
                            aria-describedby=has_hint.then(|| hint_id.clone())
                            checked=value.get_untracked() == code
                            prop:checked=move || value.get() == code
                            on:change=move |_| value.set(code.to_owned())/>
                        <label for=id>{move || describe(i18n, code).0}</label>
                        {has_hint.then(|| view! {
                            <p class="choice-hint" id=hint_id>{move || describe(i18n, code).1}</p>
                        })}
                    </div>
                }
            }).collect_view()}
            <p class="field-error" id=error_id aria-live="polite">
                {move || problem.get().map(|p| text::problem(i18n.get_locale(), p))}
            </p>
        </fieldset>
    }
}
