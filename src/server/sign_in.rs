//! `GET /certificate/sign-in`: signs in the holder of the certificate presented to the login
//! listener, or forwarded by a trusted reverse proxy, and sends them to the home page; a refused
//! certificate sends them to the sign-in page, which says why. Every outcome is logged.

use crate::{
    domain::certificate::SignInRefusal,
    server::{
        certificate::{
            TrustError,
            renewal::Trust,
            tls::{self, PeerCertificates},
        },
        config::Config,
        metrics,
        services::Services,
        session,
    },
};
use axum::{
    Extension,
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use rustls_pki_types::{CertificateDer, pem::PemObject};
use sha2::{Digest, Sha256};
use tower_sessions::Session;

pub async fn certificate_sign_in(
    Extension(services): Extension<Services>,
    session: Session,
    request: Parts,
) -> Response {
    let Some(trust) = services.trust.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let chain = match presented(&request, &services.config) {
        Ok(chain) => chain,
        Err(refusal) => return refused(&services.config, refusal, None),
    };
    let fingerprint = fingerprint(&chain[0]);
    let identity = match trust.current().verify(&chain, services.clock.now()) {
        Ok(identity) => identity,
        Err(refusal) => return refused(&services.config, refusal, Some(&fingerprint)),
    };
    let persons = &services.store.persons;
    let holder = match persons.holder(&identity.ssn).await {
        Ok(Some(holder)) => Ok(Some(holder)),
        Ok(None) => persons.enrol(&identity, services.clock.now()).await,
        Err(e) => Err(e),
    };
    let holder = match holder {
        Ok(Some(holder)) => holder,
        // revoked here, though not (yet) on the revocation list this server holds
        Ok(None) => {
            return refused(&services.config, SignInRefusal::Revoked, Some(&fingerprint));
        }
        Err(e) => {
            tracing::error!(certificate = %fingerprint, "certificate sign-in failed: {e}");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    if let Err(e) = session::sign_in(&session, &identity.ssn, &chain, services.clock.now()).await {
        tracing::error!(certificate = %fingerprint, "certificate sign-in failed: {e}");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    tracing::info!(certificate = %fingerprint, person = %holder.person_id, "signed in with a certificate");
    metrics::signed_in("certificate");
    let home = Redirect::to(&services.config.public_link("/"));
    match holder.language {
        Some(language) => (
            [(header::SET_COOKIE, session::language_cookie(language))],
            home,
        )
            .into_response(),
        None => home.into_response(),
    }
}

/// The header in which the reverse proxy proves a request passed through it.
pub const PROXY_SECRET_HEADER: &str = "espace-proxy-secret";

/// The chain the client presented in the handshake, or else the one the reverse proxy
/// forwarded: believed only from a trusted proxy's address with the proxy's secret.
fn presented(
    request: &Parts,
    config: &Config,
) -> Result<Vec<CertificateDer<'static>>, SignInRefusal> {
    if let Some(PeerCertificates(chain)) = request.extensions.get::<PeerCertificates>()
        && !chain.is_empty()
    {
        return Ok(chain.to_vec());
    }
    let forwarded = config
        .proxy_certificate_header
        .as_deref()
        .and_then(|name| request.headers.get(name))
        .filter(|value| !value.is_empty());
    let Some(forwarded) = forwarded else {
        return Err(SignInRefusal::NoCertificate);
    };
    let from_proxy = tls::remote_address(request)
        .is_some_and(|peer| config.trusted_proxies.contains(&peer.ip()))
        && config.proxy_secret.as_ref().is_some_and(|secret| {
            request
                .headers
                .get(PROXY_SECRET_HEADER)
                .is_some_and(|presented| secret.is_in(presented.as_bytes()))
        });
    if !from_proxy {
        tracing::warn!(
            peer = ?tls::remote_address(request),
            "ignored a certificate header that did not come through the proxy (its address or its secret)"
        );
        return Err(SignInRefusal::NoCertificate);
    }
    // nginx's $ssl_client_escaped_cert: the PEM, percent-encoded
    let pem = percent_encoding::percent_decode(forwarded.as_bytes()).collect::<Vec<u8>>();
    let chain = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| SignInRefusal::Unreadable)?;
    if chain.is_empty() {
        return Err(SignInRefusal::Unreadable);
    }
    Ok(chain)
}

fn refused(config: &Config, refusal: SignInRefusal, fingerprint: Option<&str>) -> Response {
    metrics::sign_in_refused(refusal.code());
    tracing::warn!(
        reason = refusal.code(),
        certificate = fingerprint.unwrap_or("none"),
        "certificate sign-in refused"
    );
    Redirect::to(&config.public_link(&format!("/login?refused={}", refusal.code()))).into_response()
}

/// A short name of a certificate for the logs, which never hold the certificate itself.
fn fingerprint(certificate: &CertificateDer<'_>) -> String {
    hex::encode(&Sha256::digest(certificate.as_ref())[..8])
}

/// The trust store a certificate sign-in configuration names, if it names one.
pub fn trust(config: &Config) -> Result<Option<Trust>, TrustError> {
    match (&config.trust_anchors, &config.revocation_lists) {
        (Some(anchors), Some(crls)) => Trust::load(
            anchors,
            crls,
            i64::from(config.revocation_list_margin_hours) * 3600,
        )
        .map(Some),
        _ => Ok(None),
    }
}
