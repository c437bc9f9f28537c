//! The warning before an idle session ends (WCAG 2.2.1): five minutes before the earliest moment
//! the server may end it, a modal dialog says when, and "Stay signed in" starts the time again;
//! once it is over, the dialog says so and offers to sign in again.
//!
//! The page counts from its last request to the server that it knows of: loading it, a posted
//! form. Other tabs of the same browser share their count through
//! `localStorage`, so a person busy in one tab is not warned in another. Without JavaScript
//! there is no timer: the user menu says how long a session lasts.

use super::dialog::show_modal;
use crate::{
    api::session::{SignOut, StaySignedIn},
    domain::session::{ENDS_AT_THE_EARLIEST, Idle},
    i18n::*,
};
use leptos::server_fn::ServerFn;
use leptos::{html, prelude::*};

/// Where tabs leave the time (ms since the epoch) of their last request.
const LAST_REQUEST_KEY: &str = "espace.last-request";
/// How often the page looks at the time.
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

#[island]
pub fn IdleWarning() -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(Idle::Active);
    // the latest request of this browser's tabs: what both the state and the time shown count from
    let last_request = RwSignal::new(0.0);
    let stay = ServerAction::<StaySignedIn>::new();
    let dialog = NodeRef::<html::Dialog>::new();

    let noted = move || {
        let now = js_sys::Date::now();
        last_request.set(now);
        state.set(Idle::Active);
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(LAST_REQUEST_KEY, &now.to_string());
        }
    };
    // a request: this page's load (every navigation loads a page), each posted form
    Effect::new(move |_| noted());
    let on_submit = window_event_listener(leptos::ev::submit, move |_| noted());
    on_cleanup(move || on_submit.remove());
    Effect::new(move |_| match stay.value().get() {
        Some(Ok(Ok(()))) => noted(),
        Some(_) => state.set(Idle::Ended),
        None => {}
    });
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                let shared = local_storage()
                    .and_then(|s| s.get_item(LAST_REQUEST_KEY).ok().flatten())
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(0.0);
                if shared > last_request.get_untracked() {
                    last_request.set(shared);
                }
                let last = last_request.get_untracked();
                let next = Idle::after(((js_sys::Date::now() - last) / 1000.0) as i64);
                if next != state.get_untracked() {
                    state.set(next);
                }
            },
            CHECK_EVERY,
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    // modal while there is something to say, its first control focused (again when "about to
    // end" turns into "ended"); closing it puts focus back where it was
    let shown = Memo::new(move |_| std::mem::discriminant(&state.get()));
    Effect::new(move |_| {
        let active = shown.get() == std::mem::discriminant(&Idle::Active);
        let Some(dialog) = dialog.get() else { return };
        if active {
            dialog.close();
            return;
        }
        // once the view has put the words and buttons in
        request_animation_frame(move || show_modal(&dialog));
    });

    let ends_at = move || clock_time(last_request.get() + (ENDS_AT_THE_EARLIEST * 1000) as f64);
    view! {
        <dialog class="dialog card" node_ref=dialog role="alertdialog"
            aria-labelledby="idle-title" aria-describedby="idle-text"
            // Escape would leave the warning unanswered and the time running: it means "stay"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                if state.get_untracked() != Idle::Ended {
                    stay.dispatch(StaySignedIn {});
                }
            }>
            {move || match state.get() {
                // nothing to say: on the server, and until the time comes
                Idle::Active => ().into_any(),
                Idle::Ending { .. } => view! {
                    <h2 id="idle-title">{t!(i18n, idle.ending_title)}</h2>
                    <p id="idle-text">{t_string!(i18n, idle.ending_text, time = ends_at()).to_string()}</p>
                    <div class="actions">
                        <form method="post" action=StaySignedIn::url() on:submit=move |ev| {
                            ev.prevent_default();
                            stay.dispatch(StaySignedIn {});
                        }>
                            <button type="submit">{t!(i18n, idle.stay)}</button>
                        </form>
                        <form method="post" action=SignOut::url()>
                            <button type="submit" class="secondary">{t!(i18n, header.sign_out)}</button>
                        </form>
                    </div>
                }.into_any(),
                Idle::Ended => view! {
                    <h2 id="idle-title">{t!(i18n, idle.ended_title)}</h2>
                    <p id="idle-text">{t!(i18n, idle.ended_text)}</p>
                    <div class="actions">
                        <a class="button" href="/login" rel="external">{t!(i18n, idle.sign_in_again)}</a>
                    </div>
                }.into_any(),
            }}
        </dialog>
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// `ms` since the epoch as the browser's local time of day, "18:46".
fn clock_time(ms: f64) -> String {
    let at = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}", at.get_hours(), at.get_minutes())
}
