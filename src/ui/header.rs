//! The page header: portal name, current eSpace with a switch between the person's eSpaces, the
//! person's name opening a menu with the SSN of the session's certificate (help "Adding users"
//! FAQ), and the FR · DE · EN switch.

use super::{answer::alert, idle::IdleWarning, session::use_session};
use crate::text;
use crate::{
    api::session::{SaveLanguage, SignOut},
    domain::{language::Language, person::Viewer},
    i18n::*,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <a class="skip-link" href="#content">{t!(i18n, nav.skip)}</a>
        <header class="site-header">
            <div class="bar">
                <Suspense fallback=|| view! { <span class="portal-name">"\u{a0}"</span> }>
                    {move || session.0.get().map(|info| match info {
                        Ok(info) => {
                            let viewer = info.viewer.clone();
                            view! {
                                <a class="portal-name" href="/">{info.portal_name.clone()}</a>
                                {viewer.clone().map(|v| view! { <EspaceSwitch viewer=v.clone()/><UnreadLink viewer=v/> })}
                                <div class="spacer"></div>
                                {match viewer {
                                    Some(v) => view! { <UserMenu viewer=v/><IdleWarning/> }.into_any(),
                                    None => view! {
                                        <a class="button secondary" href="/login">{t!(i18n, header.sign_in)}</a>
                                    }.into_any(),
                                }}
                            }.into_any()
                        }
                        Err(fault) => alert(text::fault(i18n.get_locale(), &fault)),
                    })}
                </Suspense>
                <LanguageSwitch/>
            </div>
        </header>
    }
}

/// The id of the eSpace an address is in.
fn espace_of(path: &str) -> Option<String> {
    Some(path.strip_prefix("/espace/")?.split('/').next()?.to_owned())
}

/// The current eSpace (from the address) and links to the others the person may enter.
#[component]
fn EspaceSwitch(viewer: Viewer) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let espaces = StoredValue::new(viewer.espaces);
    let current = move || {
        let id = espace_of(&location.pathname.get())?;
        espaces.with_value(|all| all.iter().find(|e| e.id.as_str() == id).cloned())
    };
    view! {
        <details class="menu espace-switch">
            <summary>
                <span class="label">{t!(i18n, header.current_espace)}</span>
                <span class="value">{move || current().map(|e| e.name).unwrap_or_else(|| t_string!(i18n, header.my_espaces).to_string())}</span>
            </summary>
            <nav class="menu-panel" aria-label=move || t_string!(i18n, header.switch_espace).to_string()>
                <ul>
                    {move || espaces.get_value().into_iter().map(|e| {
                        let href = format!("/espace/{}", e.id);
                        let is_current = current().is_some_and(|c| c.id == e.id);
                        view! {
                            <li><a href=href aria-current=is_current.then_some("true")>{e.name}</a></li>
                        }
                    }).collect_view()}
                    <li class="separator"><a href="/espaces/new">{t!(i18n, home.create)}</a></li>
                </ul>
            </nav>
        </details>
    }
}

/// In an eSpace with messages the person has not opened, how many, leading to them.
#[component]
fn UnreadLink(viewer: Viewer) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let espaces = StoredValue::new(viewer.espaces.clone());
    let current = move || {
        let id = espace_of(&location.pathname.get())?;
        let count = viewer.unread_in(&id);
        let name = espaces.with_value(|all| {
            all.iter()
                .find(|e| e.id.as_str() == id)
                .map(|e| e.name.clone())
        })?;
        (count > 0).then_some((id, name, count))
    };
    move || {
        current().map(|(id, espace, count)| {
            let label = t_string!(i18n, communications.header_unread, count, espace).to_string();
            view! {
                <a class="unread-link" href=crate::paths::communications(&id) aria-label=label>
                    <span aria-hidden="true">"✉ "</span>{t!(i18n, communications.unread_count, count)}
                </a>
            }
        })
    }
}

/// Clicking the name opens a menu showing, under "User", the SSN of this session's certificate.
#[component]
fn UserMenu(viewer: Viewer) -> impl IntoView {
    let i18n = use_i18n();
    let product = viewer.certificate.product;
    view! {
        <details class="menu user-menu">
            <summary>{viewer.full_name()}</summary>
            <div class="menu-panel">
                <dl>
                    <dt>{t!(i18n, header.user)}</dt>
                    <dd class="ssn">{viewer.certificate.ssn.to_string()}</dd>
                    <dt>{t!(i18n, header.certificate)}</dt>
                    <dd>{move || text::product(i18n.get_locale(), product)}</dd>
                </dl>
                <p class="hint">{t!(i18n, idle.menu_hint)}</p>
                <p><a href="/me">{t!(i18n, me.menu_link)}</a></p>
                <form method="post" action=SignOut::url()>
                    <button type="submit" class="secondary">{t!(i18n, header.sign_out)}</button>
                </form>
            </div>
        </details>
    }
}

/// The buttons post the choice: the server sets the cookie (and saves it for the signed-in
/// person) and sends the page back in that language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form class="languages" method="post" action=SaveLanguage::url()
            aria-label=move || t_string!(i18n, header.languages).to_string()>
            {Language::ALL.into_iter().map(|language| {
                let locale = text::locale_of(language);
                view! {
                    <button type="submit" name="language" value=language.code() lang=language.code()
                        title=language.endonym()
                        aria-pressed=move || (i18n.get_locale() == locale).to_string()>
                        {language.code().to_uppercase()}
                    </button>
                }
            }).collect_view()}
        </form>
    }
}
