//! Form building blocks: a labelled field whose error sits next to it, tied by aria attributes.

use super::messages;
use crate::{domain::validation::Problem, i18n::*};
use leptos::prelude::*;

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
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id.clone()>
                {move || label.get()}
                {required.then(|| view! {
                    <span class="star" aria-hidden="true">" *"</span>
                    <span class="visually-hidden">{move || format!(" ({})", t_string!(i18n, common.mandatory_mark))}</span>
                })}
            </label>
            <input type="text" id=id name=name autocomplete=autocomplete
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=error_id.clone()
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <p class="field-error" id=error_id aria-live="polite">
                {move || problem.get().map(|p| messages::problem(i18n, p))}
            </p>
        </div>
    }
}
