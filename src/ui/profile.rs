//! "My eSpace profile": three tabs as real routes (Signalétique / Users / Certifications) under
//! one heading and breadcrumb. The Users tab lives in `ui::users`.
//!
//! Each tab is a page of its own, so the tabs are links in a `<nav>` marked `aria-current`,
//! not the WAI-ARIA tabs pattern: that one is for panels shown in place, and its arrow keys would
//! load a page at each press.

use super::{
    espace::{EspacePage, use_current_espace},
    title::PageTitle,
};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_location};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Identity,
    Users,
    Certifications,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Identity, Tab::Users, Tab::Certifications];

    fn path(self) -> &'static str {
        match self {
            Tab::Identity => "",
            Tab::Users => "/users",
            Tab::Certifications => "/certifications",
        }
    }

    /// The tab of an address: its own page or one below it (a member's data sheet is under
    /// Users).
    fn of_path(path: &str) -> Tab {
        let below = path.split("/profile").nth(1).unwrap_or("");
        Tab::ALL
            .into_iter()
            .find(|t| !t.path().is_empty() && below.starts_with(t.path()))
            .unwrap_or(Tab::Identity)
    }

    fn label(self, i18n: leptos_i18n::I18nContext<Locale>) -> String {
        match self {
            Tab::Identity => t_string!(i18n, profile.tab_identity),
            Tab::Users => t_string!(i18n, profile.tab_users),
            Tab::Certifications => t_string!(i18n, profile.tab_certifications),
        }
        .to_string()
    }
}

/// The heading and tabs (once the eSpace is loaded), and the page of the tab below them,
/// rendered outside the heading's closure (see `EspaceLayout`).
#[component]
pub fn ProfileLayout() -> impl IntoView {
    let location = use_location();
    let current = Memo::new(move |_| Tab::of_path(&location.pathname.get()));
    view! {
        <EspacePage quiet=true page=move || view! { <ProfileHeader current/> }/>
        <div class="card tabpanel">
            <Outlet/>
        </div>
    }
}

#[component]
fn ProfileHeader(current: Memo<Tab>) -> impl IntoView {
    let i18n = use_i18n();
    let espace = use_current_espace();
    let base = format!("/espace/{}/profile", espace.profile.id);
    let espace_home = format!("/espace/{}", espace.profile.id);
    let name = espace.profile.name.clone();
    let title = {
        let name = name.clone();
        move || format!("{} – {}", current.get().label(i18n), name)
    };
    view! {
        <PageTitle text=Signal::derive(title)/>
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, nav.breadcrumb).to_string()>
            <ol>
                <li><a href=espace_home>{t!(i18n, nav.home)}</a></li>
                <li aria-current="page">{move || format!("{} – {}", name, current.get().label(i18n))}</li>
            </ol>
        </nav>
        <h1>{t!(i18n, profile.title)}</h1>
        <nav class="tabs" aria-label=move || t_string!(i18n, profile.tabs).to_string()>
            {Tab::ALL.into_iter().map(|tab| {
                let selected = move || current.get() == tab;
                view! {
                    <a href=format!("{base}{}", tab.path()) aria-current=move || selected().then_some("page")>
                        {move || tab.label(i18n)}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}
