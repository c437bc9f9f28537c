//! A business eSpace: the layout that loads it for its pages (home tiles and the profile), and
//! its home page with the seed-002 tiles, each counting what waits in it.

use super::{
    answer::{Loading, answer_view},
    title::PageTitle,
};
use crate::text;
use crate::{
    api::espaces::load_espace,
    domain::{
        error::{Answer, Fault},
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

/// The eSpace of the address, loaded once by [`EspaceLayout`] for every page below it.
#[derive(Clone, Copy)]
struct EspaceResource(Resource<Result<Answer<EspaceView>, Fault>>);

/// Loads the eSpace and renders the page of the address outside any closure: the server runs a
/// `<Suspense>`'s closure twice, and pages built in there would create their resources twice.
#[component]
pub fn EspaceLayout() -> impl IntoView {
    let id = espace_id();
    provide_context(EspaceResource(Resource::new(move || id.get(), load_espace)));
    view! { <Outlet/> }
}

/// A page under an eSpace: `page` once the eSpace is loaded (in it, [`use_current_espace`]
/// gives it), else the refusal as every page shows it ("not found" for a non-member); `quiet`
/// shows nothing instead, for a layout whose page below says it. `page` must not create
/// resources: the route component creates them before, for the reason above.
#[component]
pub fn EspacePage<F, V>(page: F, #[prop(optional)] quiet: bool) -> impl IntoView
where
    F: Fn() -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let EspaceResource(espace) = expect_context();
    view! {
        <Suspense fallback=Loading>
            {move || {
                let page = page.clone();
                espace.get().map(move |answer| match answer {
                    Ok(Ok(espace)) => {
                        provide_context(espace);
                        page().into_any()
                    }
                    _ if quiet => ().into_any(),
                    refused => answer_view(refused, |_: EspaceView| ()),
                })
            }}
        </Suspense>
    }
}

/// The eSpace of the address, inside an [`EspacePage`].
pub fn use_current_espace() -> EspaceView {
    expect_context()
}

#[component]
pub fn EspaceHome() -> impl IntoView {
    view! { <EspacePage page=|| view! { <EspaceHomeTiles/> }/> }
}

/// The tiles of help "Ajouter un utilisateur"'s home, each with what it counts now.
#[component]
fn EspaceHomeTiles() -> impl IntoView {
    let i18n = use_i18n();
    let EspaceView {
        profile,
        role,
        counts,
    } = use_current_espace();
    let name = profile.name.clone();
    let procedures = crate::paths::procedures(&profile.id);
    let communications = crate::paths::communications(&profile.id);
    view! {
        <PageTitle text=name.clone()/>
        <section class="espace-home">
            <p class="eyebrow">{t!(i18n, espace.home_title)}</p>
            <h1>{name}</h1>
            <p class="role">{move || t_string!(i18n, espace.your_role, role = text::role(i18n.get_locale(), role)).to_string()}</p>
            <ul class="tiles">
                <li class="tile">
                    <h2><a href=procedures.clone()>{t!(i18n, procedures.title)}</a></h2>
                    <p>{t!(i18n, procedures.tile_text)}</p>
                    <ul class="counts">
                        <Count href=format!("{procedures}#heading-to-correct") count=counts.to_correct
                            label=move || t_string!(i18n, procedures.to_correct).to_string()/>
                        <Count href=format!("{procedures}#heading-drafts") count=counts.in_preparation
                            label=move || t_string!(i18n, procedures.drafts).to_string()/>
                    </ul>
                    <p><a href=format!("{procedures}/new")>{t!(i18n, procedures.new)}</a></p>
                </li>
                <li class="tile">
                    <h2><a href=crate::paths::business_data(&profile.id)>{t!(i18n, business_data.title)}</a></h2>
                    <p>{t!(i18n, business_data.tile_text)}</p>
                </li>
                <li class="tile">
                    <h2><a href=communications.clone()>{t!(i18n, communications.title)}</a></h2>
                    <p>{t!(i18n, communications.tile_text)}</p>
                    <ul class="counts">
                        <Count href=communications count=counts.unread
                            label=move || t_string!(i18n, communications.unread_link).to_string()/>
                    </ul>
                </li>
                <li class="tile">
                    <h2><a href=crate::paths::documents(&profile.id)>{t!(i18n, documents.title)}</a></h2>
                    <p>{t!(i18n, documents.tile_text)}</p>
                </li>
                <li class="tile">
                    <h2><a href=format!("/espace/{}/profile", profile.id)>{t!(i18n, espace.profile_tile)}</a></h2>
                    <p>{t!(i18n, espace.profile_tile_text)}</p>
                </li>
            </ul>
        </section>
    }
}

/// A tile's link to what it counts ("À corriger 2"), the number set apart.
#[component]
fn Count(href: String, count: u32, #[prop(into)] label: Signal<String>) -> impl IntoView {
    view! {
        <li>
            <a href=href>{label}" "<span class="count" class:zero=count == 0>{count}</span></a>
        </li>
    }
}

/// A page only administrators may open (help "Adding users": they manage the profile); others get
/// the 404 page, and the server refuses their calls anyway.
#[component]
pub fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let admin = use_current_espace()
        .role
        .allows(crate::domain::role::Permission::ManageProfile);
    move || {
        if admin {
            children().into_any()
        } else {
            view! { <super::not_found::NotFound/> }.into_any()
        }
    }
}
