//! The person's own profile (reached from the name menu): names from the certificate,
//! contact details they keep themselves, their certificates. The language is saved by
//! `session::save_language`, as the switch in the header does.

use crate::domain::{
    error::{Answer, Fault},
    person::OwnProfile,
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

#[server(endpoint = "load_own_profile")]
pub async fn load_own_profile() -> Result<Answer<OwnProfile>, Fault> {
    use super::guard::*;
    answer(async {
        let holder = require_signed_in().await?;
        let services = services()?;
        let profile = services
            .persons()
            .own_profile(
                &holder.person_id,
                &holder.certificate.ssn,
                services.clock.now(),
            )
            .await?;
        profile.ok_or_else(|| fault("the holder of a valid certificate has no person row"))
    })
    .await
}

/// Saves the caller's contact details (validated by `Contact::validate`); only ever the
/// caller's own, since the person comes from the session. Posted without JavaScript, it
/// returns to the profile page.
#[server(endpoint = "save_contact")]
pub async fn save_contact(
    email: String,
    phone: String,
    mobile: String,
    fax: String,
    function: String,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, person::Contact};
    let outcome = answer(async {
        let holder = require_signed_in().await?;
        let contact = Contact::validate(&email, &phone, &mobile, &fax, &function)
            .map_err(Refusal::Invalid)?;
        services()?
            .persons()
            .save_contact(&holder.person_id, &contact)
            .await?;
        Ok(())
    })
    .await;
    return_plain_post(
        SaveContact::PATH,
        &outcome,
        &[
            ("email", &email),
            ("phone", &phone),
            ("mobile", &mobile),
            ("fax", &fax),
            ("function", &function),
        ],
        None,
    )
    .await;
    outcome
}
