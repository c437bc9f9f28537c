//! The HTML shell and the router: which page answers which address.

use crate::{
    i18n::*,
    ui::{
        about::{AboutPageView, Footer},
        business_data::BusinessDataPage,
        certifications::CertificationsTab,
        communications::{CommunicationsPage, MessagePage},
        create_espace::CreateEspacePage,
        documents::DocumentsPage,
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
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

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
                <Islands options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The script that runs the page's islands (`islands.js` says how and when). Like Leptos'
/// `HydrationScripts`, it tells the renderer that only islands hydrate, so the rest of the page
/// carries no hydration markers.
#[component]
fn Islands(options: LeptosOptions) -> impl IntoView {
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let package = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    let script = format!(
        "({})({:?}, {:?});",
        include_str!("islands.js").trim_end().trim_end_matches(';'),
        format!("{package}.js"),
        format!("{package}.wasm"),
    );
    view! { <script type="module" nonce=nonce>{script}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    provide_page_language();
    view! {
        <Stylesheet id="leptos" href="/pkg/espace.css"/>
        <I18nContextProvider>
            <Shell/>
        </I18nContextProvider>
    }
}

/// On the server, the page's language (`browser_language`), for the i18n provider, which uses a
/// context it finds instead of making its own. The browser reads it back from `<html lang>`;
/// only the server writes the language cookie (the language switch posts).
#[cfg(feature = "ssr")]
fn provide_page_language() {
    use leptos_i18n::context::{I18nContextOptions, init_i18n_context_with_options};
    let language = crate::api::guard::browser_language();
    let header = leptos_use::UseLocalesOptions::default()
        .ssr_lang_header_getter(move || Some(language.code().to_owned()));
    let options = I18nContextOptions::default().ssr_lang_header_getter(header);
    provide_context(init_i18n_context_with_options::<Locale>(options));
}

#[component]
fn Shell() -> impl IntoView {
    provide_session();
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
                    <Route path=path!("/about/:page") view=AboutPageView ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/espace/:id") view=EspaceLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=EspaceHome/>
                        <Route path=path!("/procedures") view=ProceduresPage/>
                        <Route path=path!("/documents") view=DocumentsPage/>
                        <Route path=path!("/data") view=BusinessDataPage/>
                        <Route path=path!("/communications") view=CommunicationsPage/>
                        <Route path=path!("/communications/:message_id") view=MessagePage/>
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
            <Footer/>
    }
}
