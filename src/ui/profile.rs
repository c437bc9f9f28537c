//! "My eSpace profile": three tabs as real routes (Signalétique / Users / Certifications) under
//! one heading and breadcrumb. The Users tab lives in `ui::users`.

use super::{
    espace::{EspacePage, use_current_espace},
    title::PageTitle,
};
use crate::{domain::espace::EspaceProfile, i18n::*};
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

    fn dom_id(self) -> &'static str {
        match self {
            Tab::Identity => "tab-identity",
            Tab::Users => "tab-users",
            Tab::Certifications => "tab-certifications",
        }
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
        <div class="card tabpanel" role="tabpanel" aria-labelledby=move || current.get().dom_id()>
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
        <div class="tabs" role="tablist" aria-label=move || t_string!(i18n, profile.tabs).to_string()>
            {Tab::ALL.into_iter().map(|tab| {
                let selected = move || current.get() == tab;
                view! {
                    <a role="tab" id=tab.dom_id() href=format!("{base}{}", tab.path())
                        aria-selected=move || selected().to_string()
                        aria-current=move || selected().then_some("page")>
                        {move || tab.label(i18n)}
                    </a>
                }
            }).collect_view()}
        </div>
    }
}

/// Signalétique: the sections of seed 002's screenshot, each value or "not specified".
#[component]
pub fn IdentityTab() -> impl IntoView {
    view! { <EspacePage page=|| view! { <IdentitySheet/> }/> }
}

#[component]
fn IdentitySheet() -> impl IntoView {
    let i18n = use_i18n();
    let EspaceProfile {
        name,
        procedure_language,
        denomination,
        trade_name,
        website,
        national_id,
        vat_number,
        nace_code,
        rcs_number,
        ..
    } = use_current_espace().profile;
    let value = move |v: Option<String>| match v {
        Some(v) => view! { <dd>{v}</dd> }.into_any(),
        None => {
            view! { <dd class="not-specified">{t!(i18n, profile.not_specified)}</dd> }.into_any()
        }
    };
    let language = procedure_language.map(|l| l.endonym().to_owned());
    view! {
        <p class="intro">{t!(i18n, profile.intro)}</p>
        <section class="sheet">
            <h2>{t!(i18n, profile.name_section)}</h2>
            <dl><dt class="visually-hidden">{t!(i18n, profile.name_section)}</dt>{value(Some(name))}</dl>
        </section>
        <section class="sheet">
            <h2>{t!(i18n, profile.language_section)}</h2>
            <dl><dt class="visually-hidden">{t!(i18n, profile.language_section)}</dt>{value(language)}</dl>
        </section>
        <section class="sheet">
            <h2>{t!(i18n, profile.identity_section)}</h2>
            <dl class="grid">
                <dt>{t!(i18n, profile.denomination)}</dt>{value(denomination)}
                <dt>{t!(i18n, profile.trade_name)}</dt>{value(trade_name)}
                <dt>{t!(i18n, profile.website)}</dt>{value(website)}
                <dt>{t!(i18n, profile.national_id)}</dt>{value(national_id)}
                <dt>{t!(i18n, profile.vat_number)}</dt>{value(vat_number)}
                <dt>{t!(i18n, profile.nace_code)}</dt>{value(nace_code)}
                <dt>{t!(i18n, profile.nace_label)}</dt>{value(None)}
                <dt>{t!(i18n, profile.rcs_number)}</dt>{value(rcs_number)}
            </dl>
        </section>
    }
}

#[component]
pub fn CertificationsTab() -> impl IntoView {
    let i18n = use_i18n();
    view! { <EspacePage page=move || view! { <p class="empty">{t!(i18n, certifications.empty)}</p> }/> }
}
