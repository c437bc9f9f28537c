//! A business eSpace: the layout that loads it for its pages (home tiles and the profile), and
//! its home page with the seed-002 tiles that exist so far.

use super::title::PageTitle;
use super::{messages, not_found::NotFound};
use crate::{
    api::espaces::load_espace,
    domain::{
        error::{Answer, Fault, Refusal},
        espace::EspaceView,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_params_map};

pub fn espace_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").unwrap_or_default())
}

#[component]
pub fn EspaceLayout() -> impl IntoView {
    let i18n = use_i18n();
    let id = espace_id();
    let view_of = Resource::new(move || id.get(), load_espace);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || view_of.get().map(|answer: Result<Answer<EspaceView>, Fault>| match answer {
                Ok(Ok(espace)) => {
                    // the pages below read it; a change of address renders them anew
                    provide_context(espace);
                    view! { <Outlet/> }.into_any()
                }
                Ok(Err(Refusal::NotFound)) => view! { <NotFound/> }.into_any(),
                Ok(Err(refusal)) => view! {
                    <section class="card">
                        <p role="alert" class="banner error">{messages::refusal(i18n, &refusal)}</p>
                        <p><a class="button" href="/login">{t!(i18n, header.sign_in)}</a></p>
                    </section>
                }.into_any(),
                Err(fault) => view! { <p role="alert" class="banner error">{messages::fault(i18n, &fault)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The eSpace of the address, as loaded by [`EspaceLayout`].
pub fn use_current_espace() -> EspaceView {
    expect_context()
}

#[component]
pub fn EspaceHome() -> impl IntoView {
    let i18n = use_i18n();
    let EspaceView { profile, role } = use_current_espace();
    view! {
        <PageTitle text=profile.name.clone()/>
        <section class="espace-home">
            <p class="eyebrow">{t!(i18n, espace.home_title)}</p>
            <h1>{profile.name.clone()}</h1>
            <p class="role">{move || t_string!(i18n, espace.your_role, role = messages::role(i18n, role)).to_string()}</p>
            <ul class="tiles">
                <li class="tile">
                    <h2><a href=format!("/espace/{}/profile", profile.id)>{t!(i18n, espace.profile_tile)}</a></h2>
                    <p>{t!(i18n, espace.profile_tile_text)}</p>
                </li>
            </ul>
        </section>
    }
}
