//! A confirmation (seed 000: "Confirm your choice by clicking on 'Delete'"): the question, a
//! confirm button labelled with the action itself, and a way back.
//!
//! It is opened by the page's address (`?confirm=…`), so that a link opens it without
//! JavaScript, and it holds the form that does the action, which posts to its server function.
//! The server renders it open; once hydrated it becomes modal: focus moves to the confirm
//! button and stays inside, Escape closes it like "Cancel", and the page puts focus back where
//! the person was.

use crate::i18n::*;
use leptos::{html, prelude::*};
use leptos_router::hooks::use_navigate;

#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] confirm: Signal<String>,
    /// The cancel button's label; "Cancel" when not given.
    #[prop(optional, into)]
    cancel: Option<Signal<String>>,
    /// The server function the form posts to.
    action: &'static str,
    /// The page without the query that opened the dialog: where "Cancel" leads.
    back: String,
    /// Once hydrated, confirming runs this instead of posting, and the dialog closes.
    on_confirm: Callback<()>,
    /// The form's hidden fields: what the action is about.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<html::Dialog>::new();
    let navigate = use_navigate();
    let close = {
        let back = back.clone();
        move || navigate(&back, Default::default())
    };
    // hydrated: modal, focus on the confirm button
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            show_modal(&dialog);
        }
    });
    let cancel_label = move || match cancel {
        Some(label) => label.get(),
        None => t_string!(i18n, common.cancel).to_string(),
    };
    let on_cancel = {
        let close = close.clone();
        move |ev: leptos::ev::Event| {
            ev.prevent_default();
            close();
        }
    };
    let _ = (on_cancel, on_confirm);
    view! {
        <ModalDialog back=back.clone()>
            <form method="post" action=action>
                {children()}
                <h2 id="dialog-title">{move || title.get()}</h2>
                <p id="dialog-text">{move || text.get()}</p>
                <div class="actions">
                    <button type="submit">{move || confirm.get()}</button>
                    <a class="button secondary" href=back>{cancel_label}</a>
                </div>
            </form>
        </ModalDialog>
    }
}

/// Spike: the part of a confirmation that runs in the browser, an island; its form, rendered by
/// the server, posts as it does without JavaScript.
#[island]
fn ModalDialog(back: String, children: Children) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            show_modal(&dialog);
        }
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <dialog class="dialog card" open=true node_ref=dialog role="alertdialog"
            aria-labelledby="dialog-title" aria-describedby="dialog-text"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                let _ = window().location().set_href(&back);
            }>
            {children()}
        </dialog>
    }
}

/// Makes `dialog` modal, the rest of the page out of reach until it is answered (one the server
/// rendered open is not modal, so it is closed first), and focuses its first button or link: the
/// answer it asks for. Closing it later puts focus back where it was before.
pub fn show_modal(dialog: &web_sys::HtmlDialogElement) {
    use wasm_bindgen::JsCast;
    dialog.close();
    let _ = dialog.show_modal();
    let first = dialog.query_selector("button, a").ok().flatten();
    if let Some(control) = first.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = control.focus();
    }
}

/// A button that opens a part of the page its address names (`?{name}={value}`: a
/// confirmation, a field's form): a GET form, so it works without JavaScript; once hydrated the
/// router goes there without reloading the page.
#[component]
pub fn Opener(
    /// The page, without query.
    path: String,
    name: &'static str,
    #[prop(into)] value: String,
    #[prop(optional, into)] class: Option<String>,
    /// The button's accessible name, when its text alone does not say what it opens.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    /// For a button that shows a part of the page: whether it is shown.
    #[prop(optional, into)]
    expanded: Option<Signal<bool>>,
    children: Children,
) -> impl IntoView {
    let navigate = use_navigate();
    let href = format!(
        "{path}?{name}={}",
        form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
    );
    view! {
        <form method="get" action=path class="opener" on:submit=move |ev| {
            ev.prevent_default();
            navigate(&href, Default::default());
        }>
            <input type="hidden" name=name value=value/>
            <button type="submit" class=class aria-label=move || label.map(|l| l.get())
                aria-expanded=move || expanded.map(|e| e.get().to_string())>{children()}</button>
        </form>
    }
}
