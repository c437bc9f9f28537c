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

/// Binds a form control (input, radio button, textarea or select) to `value` both ways, keeping
/// what a person typed or chose before the page hydrated: the WebAssembly arrives seconds after
/// the HTML on a slow connection, and a `prop:value` would then replace the typed text with the
/// signal's value.
/// Here the control's value becomes the signal's once it is hydrated, and from then on the
/// signal's changes (a form emptied after saving) go to the control.
pub fn bind_value<E>(control: NodeRef<E>, value: RwSignal<String>)
where
    E: leptos::tachys::html::element::ElementType + 'static,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    bind_control(
        control,
        value.into(),
        Callback::new(move |typed| value.set(typed)),
    );
}

/// [`bind_value`] for a value kept elsewhere: `current` is read, `changed` told what was typed.
pub fn bind_control<E>(control: NodeRef<E>, current: Signal<String>, changed: Callback<String>)
where
    E: leptos::tachys::html::element::ElementType + 'static,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    use wasm_bindgen::JsCast;
    // what the server rendered: a control holding something else when it hydrates was typed in
    let rendered = current.get_untracked();
    let hydrated = StoredValue::new(false);
    Effect::new(move |_| {
        let wanted = current.get();
        let Some(control) = control.get() else {
            return;
        };
        let control: &web_sys::Element = control.unchecked_ref();
        let shown = control_value(control);
        if !hydrated.get_value() {
            hydrated.set_value(true);
            if shown != rendered {
                changed.run(shown);
                return;
            }
        }
        if shown != wanted {
            set_control_value(control, &wanted);
        }
    });
}

fn is_radio(input: &web_sys::HtmlInputElement) -> bool {
    input.type_() == "radio"
}

/// What a control holds; a radio button holds its value while checked, nothing otherwise.
fn control_value(control: &web_sys::Element) -> String {
    use wasm_bindgen::JsCast;
    if let Some(input) = control.dyn_ref::<web_sys::HtmlInputElement>() {
        if is_radio(input) && !input.checked() {
            String::new()
        } else {
            input.value()
        }
    } else if let Some(text) = control.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        text.value()
    } else if let Some(select) = control.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.value()
    } else {
        String::new()
    }
}

/// Puts `value` in a control; a radio button is checked when it is its value.
fn set_control_value(control: &web_sys::Element, value: &str) {
    use wasm_bindgen::JsCast;
    if let Some(input) = control.dyn_ref::<web_sys::HtmlInputElement>() {
        if is_radio(input) {
            input.set_checked(value == input.value());
        } else {
            input.set_value(value);
        }
    } else if let Some(text) = control.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        text.set_value(value);
    } else if let Some(select) = control.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
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
    let input = NodeRef::<leptos::html::Input>::new();
    bind_value(input, value);
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id.clone()>
                {move || label.get()}
                {required.then(|| view! { <Mandatory/> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{move || hint.get()}</p> })}
            <input type=kind.unwrap_or("text") id=id name=name autocomplete=autocomplete node_ref=input
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described_by
                value=value.get_untracked()
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
                // a choice made before hydration stays made: this radio holds its code while
                // chosen, nothing otherwise, and only the radio chosen tells it
                let radio = NodeRef::<leptos::html::Input>::new();
                let held = Signal::derive(move || {
                    if value.get() == code { code.to_owned() } else { String::new() }
                });
                let chosen = Callback::new(move |chosen: String| {
                    if !chosen.is_empty() {
                        value.set(chosen);
                    }
                });
                bind_control(radio, held, chosen);
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=name value=code node_ref=radio
                            aria-describedby=has_hint.then(|| hint_id.clone())
                            checked=value.get_untracked() == code
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
