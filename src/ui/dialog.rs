//! A modal confirmation (seed 000: "Confirm your choice by clicking on 'Delete'"): the question,
//! a confirm button labelled with the action itself, and a way back. Focus moves to the
//! confirm button when it opens; Escape or the cancel button closes it.

use crate::i18n::*;
use leptos::{html, prelude::*};

#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is shown; the dialog closes itself on cancel and on confirm.
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] confirm: Signal<String>,
    /// The cancel button's label; "Cancel" when not given.
    #[prop(optional, into)]
    cancel: Option<Signal<String>>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirm_button = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if open.get()
            && let Some(button) = confirm_button.get()
        {
            let _ = button.focus();
        }
    });
    let cancel_label = move || match cancel {
        Some(label) => label.get(),
        None => t_string!(i18n, common.cancel).to_string(),
    };
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop">
                <div class="dialog card" role="alertdialog" aria-modal="true"
                    aria-labelledby="dialog-title" aria-describedby="dialog-text"
                    on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                    <h2 id="dialog-title">{move || title.get()}</h2>
                    <p id="dialog-text">{move || text.get()}</p>
                    <div class="actions">
                        <button type="button" node_ref=confirm_button on:click=move |_| {
                            open.set(false);
                            on_confirm.run(());
                        }>{move || confirm.get()}</button>
                        <button type="button" class="secondary" on:click=move |_| open.set(false)>
                            {cancel_label}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
