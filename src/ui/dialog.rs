//! A confirmation (help "Adding users": "Confirm your choice by clicking on 'Delete'"): the
//! question, a confirm button labelled with the action itself, and a way back.
//!
//! It is opened by the page's address (`?confirm=…`), so that a link opens it without
//! JavaScript, and it holds the form that does the action, which posts to its server function.
//! The server renders it open; once its island has run it becomes modal: focus moves to the
//! confirm button and stays inside, and Escape leads back like "Cancel".

use crate::i18n::*;
use leptos::{html, prelude::*};
use leptos_router::hooks::use_query_map;

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
    /// The form's hidden fields: what the action is about.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let cancel_label = move || match cancel {
        Some(label) => label.get(),
        None => t_string!(i18n, common.cancel).to_string(),
    };
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

/// The part of a confirmation that runs in the browser; the form inside, rendered by the server,
/// posts as it does without JavaScript.
#[island]
fn ModalDialog(back: String, children: Children) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            show_modal(&dialog);
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
/// confirmation, a field's form): a GET form, which loads the page with that part open. Back at
/// the address [`closing`] gives, the button has the focus again.
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
    let returning = use_query_map()
        .with_untracked(|query| query.get_str("closed") == Some(&format!("{name}:{value}")));
    view! {
        <form method="get" action=path class="opener">
            <input type="hidden" name=name value=value/>
            <button type="submit" class=class autofocus=returning aria-label=move || label.map(|l| l.get())
                aria-expanded=move || expanded.map(|e| e.get().to_string())>{children()}</button>
        </form>
    }
}

/// The address `page` (which may have a query) where what the [`Opener`] `name`/`value` opened
/// is closed, and that opener has the focus: where "Cancel" leads.
pub fn closing(page: &str, name: &str, value: &str) -> String {
    let closed: String =
        form_urlencoded::byte_serialize(format!("{name}:{value}").as_bytes()).collect();
    let join = if page.contains('?') { '&' } else { '?' };
    format!("{page}{join}closed={closed}")
}
