//! The NACE picker: a combobox (WAI-ARIA 1.2 pattern) whose list the server fills as the
//! administrator types a code or words of the activity; arrows move through it, Enter chooses,
//! Escape closes it. Without JavaScript it is a plain text field for the code.

use crate::{api::profile::search_nace, domain::company::nace::NaceActivity, i18n::*, text};
use leptos::prelude::*;

#[component]
pub fn NacePicker(
    id: String,
    value: RwSignal<String>,
    /// The activity stored, whose label shows under the field until another is typed.
    chosen: Option<NaceActivity>,
    described_by: String,
    invalid: Signal<bool>,
    /// Told of every change the administrator makes, typed or chosen.
    on_input: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let results = RwSignal::new(Vec::<NaceActivity>::new());
    let expanded = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let chosen = RwSignal::new(chosen);
    let input = NodeRef::<leptos::html::Input>::new();
    crate::ui::form::bind_value(input, value);
    // answers can arrive out of order while someone types: only the latest question's counts
    let latest = StoredValue::new(0u64);
    let ask = move |query: String| {
        let question = latest.get_value() + 1;
        latest.set_value(question);
        let language = text::language_of(i18n.get_locale_untracked())
            .code()
            .to_owned();
        leptos::task::spawn_local(async move {
            if let Ok(Ok(found)) = search_nace(query, language).await
                && latest.try_get_value() == Some(question)
            {
                results.try_set(found);
                active.try_set(None);
            }
        });
    };
    let choose = move |index: usize| {
        if let Some(activity) = results.with_untracked(|r| r.get(index).cloned()) {
            value.set(activity.code.clone());
            chosen.set(Some(activity));
            expanded.set(false);
            active.set(None);
            on_input.run(());
        }
    };
    let listbox_id = format!("{id}-listbox");
    let option_id = {
        let id = id.clone();
        move |index: usize| format!("{id}-option-{index}")
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = results.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                if !expanded.get_untracked() {
                    expanded.set(true);
                    if count == 0 {
                        ask(value.get_untracked());
                    }
                }
                if count > 0 {
                    let down = ev.key() == "ArrowDown";
                    active.set(Some(match active.get_untracked() {
                        None if down => 0,
                        None => count - 1,
                        Some(i) if down => (i + 1) % count,
                        Some(i) => (i + count - 1) % count,
                    }));
                }
            }
            "Enter" if expanded.get_untracked() && active.get_untracked().is_some() => {
                ev.prevent_default();
                choose(active.get_untracked().unwrap_or_default());
            }
            "Escape" if expanded.get_untracked() => {
                ev.prevent_default();
                expanded.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let label_of = move |activity: &NaceActivity| {
        activity
            .labels
            .get(text::language_of(i18n.get_locale()))
            .to_owned()
    };
    let announcement = move || {
        if !expanded.get() {
            return String::new();
        }
        match results.with(Vec::len) {
            0 => t_string!(i18n, profile.nace_none).to_string(),
            count => t_string!(i18n, profile.nace_results, count).to_string(),
        }
    };
    let options = {
        let option_id = option_id.clone();
        move || {
            results
                .get()
                .into_iter()
                .enumerate()
                .map(|(index, activity)| {
                    let label = label_of(&activity);
                    view! {
                        <li role="option" id=option_id(index)
                            aria-selected=move || (active.get() == Some(index)).to_string()
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| choose(index)>
                            <span class="code">{activity.code.clone()}</span>" "{label}
                        </li>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <div class="combobox">
            <input type="text" id=id.clone() name="value" autofocus=true role="combobox"
                aria-autocomplete="list" autocomplete="off"
                maxlength=crate::domain::search::MAX_CHARS
                aria-expanded=move || expanded.get().to_string()
                aria-controls=listbox_id.clone()
                aria-activedescendant=move || active.get().map(option_id.clone())
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                value=value.get_untracked() node_ref=input
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    value.set(typed.clone());
                    chosen.set(None);
                    expanded.set(true);
                    ask(typed);
                    on_input.run(());
                }
                on:keydown=keydown
                on:blur=move |_| expanded.set(false)/>
            <ul role="listbox" id=listbox_id
                aria-label=move || t_string!(i18n, profile.nace_choices).to_string()
                class:hidden=move || !expanded.get() || results.with(Vec::is_empty)>
                {options}
            </ul>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
            <p class="chosen">{move || chosen.get().map(|a| label_of(&a))}</p>
        </div>
    }
}
