//! The footer of every page and the pages it links to: accessibility statement, privacy notice,
//! legal notice, help and contact (`domain::about`). Plain links and server-rendered text: no
//! island, nothing for the browser to run.

use super::{
    answer::{Loading, answer_view},
    title::PageTitle,
};
use crate::{
    api::about::load_about,
    domain::about::{AboutPage, AboutText},
    i18n::*,
    text,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The address of an about page.
pub fn about_path(page: AboutPage) -> String {
    format!("/about/{}", page.code())
}

/// A link's words: the footer's short ones.
fn link_name(i18n: leptos_i18n::I18nContext<Locale>, page: AboutPage) -> String {
    match page {
        AboutPage::Accessibility => t_string!(i18n, about.accessibility),
        AboutPage::Privacy => t_string!(i18n, about.privacy),
        AboutPage::Legal => t_string!(i18n, about.legal),
        AboutPage::Help => t_string!(i18n, about.help),
    }
    .to_string()
}

/// A page's title.
fn title(i18n: leptos_i18n::I18nContext<Locale>, page: AboutPage) -> String {
    match page {
        AboutPage::Accessibility => t_string!(i18n, about.accessibility_title),
        AboutPage::Privacy => t_string!(i18n, about.privacy_title),
        AboutPage::Legal => t_string!(i18n, about.legal),
        AboutPage::Help => t_string!(i18n, about.help),
    }
    .to_string()
}

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <nav aria-label=move || t_string!(i18n, about.footer).to_string()>
                <ul>
                    {AboutPage::ALL.into_iter().map(|page| view! {
                        <li><a href=about_path(page)>{move || link_name(i18n, page)}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        </footer>
    }
}

#[component]
pub fn AboutPageView() -> impl IntoView {
    let params = use_params_map();
    let page = move || params.with(|p| p.get("page").and_then(|code| AboutPage::from_code(&code)));
    let text = Resource::new(
        move || params.with(|p| p.get("page").unwrap_or_default()),
        load_about,
    );
    let i18n = use_i18n();
    let heading = Signal::derive(move || page().map(|page| title(i18n, page)).unwrap_or_default());
    view! {
        <PageTitle text=heading/>
        <section class="card about">
            <h1>{heading}</h1>
            <Suspense fallback=Loading>
                {move || text.get().map(|answer| answer_view(answer, |about: AboutText| view! { <About about/> }))}
            </Suspense>
        </section>
    }
}

#[component]
fn About(about: AboutText) -> impl IntoView {
    let i18n = use_i18n();
    let language = move || text::language_of(i18n.get_locale());
    let paragraphs = {
        let text = about.text.clone();
        move || {
            text.in_language(language())
                .split("\n\n")
                .map(|paragraph| view! { <p>{paragraph.to_owned()}</p> })
                .collect_view()
        }
    };
    view! {
        {paragraphs}
        {(about.email.is_some() || about.phone.is_some()).then(|| view! {
            <dl class="contact">
                {about.email.map(|email| view! {
                    <dt>{t!(i18n, about.email)}</dt>
                    <dd><a href=format!("mailto:{email}")>{email.clone()}</a></dd>
                })}
                {about.phone.map(|phone| view! {
                    <dt>{t!(i18n, about.phone)}</dt>
                    <dd><a href=format!("tel:{}", phone.replace(' ', ""))>{phone.clone()}</a></dd>
                })}
            </dl>
        })}
    }
}
