//! The home page: a welcome for visitors, the list of one's business eSpaces once signed in.

use super::{
    answer::{Loading, alert},
    invitations::{InvitationsResource, MyInvitations, invitations_resource},
    session::use_session,
    title::PageTitle,
};
use crate::text;
use crate::{domain::person::Viewer, i18n::*};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let invitations = invitations_resource();
    view! {
        <Suspense fallback=Loading>
            {move || session.0.get().map(|info| match info {
                Ok(info) => match info.viewer {
                    Some(viewer) => view! { <MyEspaces viewer invitations/> }.into_any(),
                    None => view! { <Welcome/> }.into_any(),
                },
                Err(fault) => alert(text::fault(i18n.get_locale(), &fault)),
            })}
        </Suspense>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, home.welcome_title).to_string())/>
        <section class="card hero">
            <h1>{t!(i18n, home.welcome_title)}</h1>
            <p class="tagline">{t!(i18n, portal.tagline)}</p>
            <p>{t!(i18n, home.welcome_text)}</p>
            <p>{t!(i18n, home.sign_in_hint)}</p>
            <p><a class="button" href="/login">{t!(i18n, header.sign_in)}</a></p>
        </section>
    }
}

#[component]
fn MyEspaces(viewer: Viewer, invitations: InvitationsResource) -> impl IntoView {
    let i18n = use_i18n();
    let empty = viewer.espaces.is_empty();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, home.title).to_string())/>
        <MyInvitations invitations/>
        <section class="card">
            <h1>{t!(i18n, home.title)}</h1>
            {empty.then(|| view! { <p class="empty">{t!(i18n, home.empty)}</p> })}
            <ul class="espace-list">
                {viewer.espaces.into_iter().map(|e| view! {
                    <li><a href=format!("/espace/{}", e.id)>{e.name}</a></li>
                }).collect_view()}
            </ul>
            <p><a class="button" href="/espaces/new">{t!(i18n, home.create)}</a></p>
        </section>
    }
}
