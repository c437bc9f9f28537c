//! Signing in and out through the demo login portal, who is signed in, and their language.

use crate::domain::{
    certificate::Certificate,
    error::{Answer, Fault},
    person::Viewer,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What every page's header needs: the portal's configured name and who is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub portal_name: String,
    /// `None` when signed out.
    pub viewer: Option<Viewer>,
}

/// The portal name and the signed-in person with the certificate of this session and the
/// eSpaces that certificate enters.
#[server(endpoint = "current_session")]
pub async fn current_session() -> Result<SessionInfo, Fault> {
    use super::guard::*;
    let portal_name = answer(async { Ok(services()?.config.portal_name.clone()) })
        .await?
        .unwrap_or_default();
    let viewer = answer(async {
        let Some(holder) = signed_in().await? else {
            return Ok(None);
        };
        let entered = entered(&holder).await?;
        let espaces: Vec<_> = entered
            .memberships()
            .iter()
            .map(|m| m.espace.clone())
            .collect();
        let ids: Vec<_> = espaces.iter().map(|e| e.id.clone()).collect();
        let opening = message_the_page_opens();
        let counts = entered.unread_messages(opening.as_ref()).await?;
        let unread = ids
            .into_iter()
            .zip(counts)
            .filter(|(_, count)| *count > 0)
            .map(|(espace_id, count)| crate::domain::person::Unread { espace_id, count })
            .collect();
        Ok(Some(Viewer {
            person_id: holder.person_id,
            given_name: holder.given_name,
            family_name: holder.family_name,
            certificate: holder.certificate,
            espaces,
            unread,
        }))
    })
    .await?;
    Ok(SessionInfo {
        portal_name,
        viewer: viewer.unwrap_or(None),
    })
}

/// How the sign-in page offers to sign in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInChoices {
    /// The demo portal's certificates; empty when the demo portal does not exist.
    pub demo: Vec<Certificate>,
    /// Where to present a certificate (the login listener), when certificate sign-in is set up.
    pub certificate_link: Option<String>,
}

#[server(endpoint = "login_options")]
pub async fn login_options() -> Result<Answer<SignInChoices>, Fault> {
    use super::guard::*;
    answer(async {
        let services = services()?;
        let demo = match demo_portal_enabled(&services) {
            Ok(()) => services.persons().certificates().await?,
            Err(_) => Vec::new(),
        };
        Ok(SignInChoices {
            demo,
            certificate_link: services
                .trust
                .as_ref()
                .and(services.config.certificate_sign_in_link()),
        })
    })
    .await
}

/// Signs in with a demo certificate: a new session, the person's saved language as the
/// language cookie, then the home page. A plain form post, so it works without JavaScript.
#[server(endpoint = "sign_in_demo")]
pub async fn sign_in_demo(ssn: String) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, ssn::Ssn};
    answer(async {
        let services = services()?;
        demo_portal_enabled(&services)?;
        let ssn = Ssn::parse(&ssn).map_err(|_| Refusal::NotFound)?;
        let holder = services
            .persons()
            .holder(&ssn)
            .await?
            .ok_or(Refusal::NotFound)?;
        // a demo certificate has no chain to check again
        crate::server::session::sign_in(&session().await?, &ssn, &[], services.clock.now()).await?;
        crate::server::metrics::signed_in("demo");
        if let Some(language) = holder.language {
            set_language_cookie(language);
        }
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<Answer<()>, Fault> {
    use super::guard::*;
    answer(async {
        crate::server::session::sign_out(&session().await?).await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// "Stay signed in", from the warning a page shows before an idle session ends.
#[server(endpoint = "stay_signed_in")]
pub async fn stay_signed_in() -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::error::Refusal;
    answer(async {
        let now = services()?.clock.now();
        if !crate::server::session::stay(&session().await?, now).await? {
            return Err(Refusal::NotSignedIn.into());
        }
        Ok(())
    })
    .await
}

/// Saves the interface language the signed-in person chose, so their next sign-in starts in
/// it; signed out, the language cookie alone remembers it.
#[server(endpoint = "save_language")]
pub async fn save_language(language: String) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, language::Language, validation::Problem};
    answer(async {
        let language = Language::from_code(&language)
            .ok_or_else(|| Refusal::invalid("language", Problem::UnknownChoice))?;
        if let Some(holder) = signed_in().await? {
            services()?
                .persons()
                .set_language(&holder.person_id, language)
                .await?;
        }
        // the cookie for a form posted without JavaScript; the client sets it itself otherwise
        set_language_cookie(language);
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
fn demo_portal_enabled(
    services: &crate::server::services::Services,
) -> Result<(), super::guard::Failure> {
    use crate::{domain::error::Refusal, server::config::SignIn};
    match services.config.sign_in {
        SignIn::Demo => Ok(()),
        SignIn::Certificate => Err(Refusal::NotFound.into()),
    }
}

#[cfg(feature = "ssr")]
fn set_language_cookie(language: crate::domain::language::Language) {
    let cookie = crate::server::session::language_cookie(language);
    if let Ok(value) = http::HeaderValue::from_str(&cookie) {
        expect_context::<leptos_axum::ResponseOptions>()
            .append_header(http::header::SET_COOKIE, value);
    }
}
