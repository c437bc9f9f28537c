//! The HTML shell and the router: which page answers which address.

use crate::{
    i18n::*,
    ui::{
        certifications::CertificationsTab,
        create_espace::CreateEspacePage,
        espace::{EspaceHome, EspaceLayout},
        header::Header,
        home::HomePage,
        identity::IdentityTab,
        invitations::InvitationLinkPage,
        login::LoginPage,
        not_found::NotFound,
        own_profile::OwnProfilePage,
        procedures::{NewProcedurePage, ProcedurePage, ProceduresPage},
        profile::ProfileLayout,
        session::provide_session,
        users::{
            UsersTab, activity::ActivityPageView, add::AddUserPage, bulk::BulkInvitePage,
            sheet::MemberSheetPage,
        },
    },
};
use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_i18n::context::UseLocalesOptions;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

/// Remembers the interface language between visits (and, once signed in, between devices
/// through the person's saved choice, written into this cookie at sign-in).
pub const LANGUAGE_COOKIE: &str = "espace_lang";
pub const LANGUAGE_COOKIE_MAX_AGE_SECONDS: i64 = 365 * 24 * 60 * 60;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::security_headers::provide_nonce();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Starts the app in the browser once the browser is idle after loading the page. Every page
/// works as HTML (forms post, links load), so nothing needs the script to arrive first, and the
/// page's paint does not wait for it. This is Leptos' `HydrationScripts` with `defer` without
/// its preload links: those start the 700 kB wasm with the page, which a phone on a slow
/// connection then downloads before the page's largest paint (Lighthouse's LCP of the Users tab
/// went from 4.7 to 1.1 s without them).
#[component]
fn IdleHydration(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let package = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    let start = format!(
        "const start = () => import({js:?}).then((app) => app.default({{ module_or_path: {wasm:?} }}).then(() => app.hydrate()));\
         if ('requestIdleCallback' in window) requestIdleCallback(start, {{ timeout: 2000 }}); else start();",
        js = format!("{package}.js"),
        wasm = format!("{package}.wasm"),
    );
    view! { <script type="module" nonce=nonce>{start}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let cookie_options = CookieOptions::<Locale>::default()
        .path("/")
        .max_age(LANGUAGE_COOKIE_MAX_AGE_SECONDS * 1000)
        .same_site(leptos_use::SameSite::Lax);
    view! {
        <Stylesheet id="leptos" href="/pkg/espace.css"/>
        <I18nContextProvider cookie_name=LANGUAGE_COOKIE>
            <Shell/>
        </I18nContextProvider>
    }
}

#[component]
fn Shell() -> impl IntoView {
    provide_session();
    // Runs only in the browser, once hydrated: lets tests (and people debugging) tell a live page
    // from server-rendered HTML.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Router>
            <Frame/>
        </Router>
    }
}

/// What every page shares, inside the router: the header, the page, and what a plain post left it.
#[component]
fn Frame() -> impl IntoView {
    crate::ui::flash::provide_flash();
    focus_heading_after_navigation();
    view! {
            <Header/>
            <main id="content" tabindex="-1">
                // Async: pages are small, and waiting for their data lets a page answer 404
                // (an unknown eSpace, a disabled demo portal) before the response starts.
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/espaces/new") view=CreateEspacePage ssr=SsrMode::Async/>
                    <Route path=path!("/me") view=OwnProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/invitation/:secret") view=InvitationLinkPage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/espace/:id") view=EspaceLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=EspaceHome/>
                        <Route path=path!("/procedures") view=ProceduresPage/>
                        <Route path=path!("/procedures/new") view=NewProcedurePage/>
                        <Route path=path!("/procedures/:procedure_id") view=ProcedurePage/>
                        <ParentRoute path=path!("/profile") view=ProfileLayout>
                            <Route path=path!("") view=IdentityTab/>
                            <Route path=path!("/users") view=UsersTab/>
                            <Route path=path!("/users/new") view=AddUserPage/>
                            <Route path=path!("/users/import") view=BulkInvitePage/>
                            <Route path=path!("/users/activity") view=ActivityPageView/>
                            <Route path=path!("/users/:member_id") view=MemberSheetPage/>
                            <Route path=path!("/certifications") view=CertificationsTab/>
                        </ParentRoute>
                    </ParentRoute>
                </Routes>
            </main>
    }
}

/// After a navigation in the browser (another page, not the same page's query), focus goes to
/// the new page's main heading, which a screen reader then reads, as a page load would start
/// at the top (WCAG 2.4.3); the page may still be loading its data, so it is looked for over a
/// few frames.
fn focus_heading_after_navigation() {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            focus_main_heading(30);
        }
        path
    });
}

fn focus_main_heading(tries: u8) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let heading = document()
            .query_selector("main h1")
            .ok()
            .flatten()
            .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
        match heading {
            Some(heading) => {
                let _ = heading.set_attribute("tabindex", "-1");
                let _ = heading.focus();
            }
            None if tries > 0 => focus_main_heading(tries - 1),
            None => {}
        }
    });
}

/// On the server, the browser's language for a first visit: the best of FR/DE/EN by the
/// `Accept-Language` q-values (the domain rule), or none, which makes it French.
fn browser_language() -> UseLocalesOptions {
    UseLocalesOptions::default().ssr_lang_header_getter(|| {
        #[cfg(feature = "ssr")]
        {
            use crate::domain::language::Language;
            let parts = use_context::<http::request::Parts>()?;
            let header = parts
                .headers
                .get(http::header::ACCEPT_LANGUAGE)?
                .to_str()
                .ok()?;
            Language::negotiate(header).map(|l| l.code().to_owned())
        }
        #[cfg(not(feature = "ssr"))]
        None
    })
}
