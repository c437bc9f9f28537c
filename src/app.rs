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

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
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
