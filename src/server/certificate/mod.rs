//! Certificate sign-in: who a client certificate says its holder is, once its chain, validity,
//! revocation and key usage have been checked against the trust anchors the portal is configured
//! with. The TLS side (`tls`) only collects the certificate; every check happens here, after the
//! handshake, so a refused certificate gets a page saying why instead of a browser TLS error.

pub mod pki;
pub mod renewal;
pub mod tls;

use crate::domain::timestamp::Timestamp;
use crate::domain::{certificate::SignInRefusal, ssn::Ssn};
use rustls_pki_types::{CertificateDer, CertificateRevocationListDer, TrustAnchor, UnixTime};
use std::path::Path;
use webpki::{
    CertRevocationList, EndEntityCert, ExpirationPolicy, KeyUsage, OwnedCertRevocationList,
    RevocationCheckDepth, RevocationOptionsBuilder, UnknownStatusPolicy,
};
use x509_parser::prelude::{FromDer, X509Certificate};

/// OID 2.5.4.5, the subject's serialNumber attribute: the SSN of the certificate.
const SERIAL_NUMBER: &str = "2.5.4.5";

/// The person a verified certificate names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub ssn: Ssn,
    pub given_name: String,
    pub family_name: String,
    /// Unix seconds.
    pub valid_until: Timestamp,
}

/// The certification authorities trusted for sign-in and their revocation lists.
#[derive(Debug)]
pub struct TrustStore {
    anchors: Vec<TrustAnchor<'static>>,
    crls: Vec<CertRevocationList<'static>>,
    issued: Vec<Issue>,
}

/// When a revocation list was issued and by whom, read when it is loaded: a renewal must not go
/// back in time, and the portal must not run on a list past its next update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// The issuing authority's name (its subject, as text), for the log and the metrics.
    pub issuer: String,
    issuer_der: Vec<u8>,
    /// Unix seconds.
    pub this_update: Timestamp,
    /// Unix seconds; a list without one is never out of date.
    pub next_update: Option<Timestamp>,
}

#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0}: not a PEM file of certificates: {1}")]
    Certificate(String, String),
    #[error("{0}: not a PEM file of revocation lists: {1}")]
    Crl(String, String),
    #[error("{0} holds no {1}")]
    Empty(String, &'static str),
    #[error("{0}: a revocation list not signed by any trust anchor (issuer {1})")]
    Unsigned(String, String),
    #[error(
        "{0}: the revocation list of {1} was issued at {2}, before the one in use (issued at {3})"
    )]
    Older(String, String, Timestamp, Timestamp),
}

impl TrustStore {
    /// Reads the trust anchors (PEM certificates) and their revocation lists (PEM CRLs); both
    /// must hold at least one, since a certificate whose revocation cannot be checked is refused.
    pub fn load(anchors: &Path, crls: &Path) -> Result<Self, TrustError> {
        let read = |path: &Path| {
            std::fs::read(path).map_err(|e| TrustError::Read(path.display().to_string(), e))
        };
        Self::from_pem(&read(anchors)?, &read(crls)?).map_err(|e| match e {
            TrustError::Certificate(_, why) => {
                TrustError::Certificate(anchors.display().to_string(), why)
            }
            TrustError::Crl(_, why) => TrustError::Crl(crls.display().to_string(), why),
            TrustError::Unsigned(_, issuer) => {
                TrustError::Unsigned(crls.display().to_string(), issuer)
            }
            TrustError::Empty(_, what) => TrustError::Empty(
                if what == "certificate" { anchors } else { crls }
                    .display()
                    .to_string(),
                what,
            ),
            other => other,
        })
    }

    pub fn from_pem(anchors: &[u8], crls: &[u8]) -> Result<Self, TrustError> {
        use rustls_pki_types::pem::PemObject;
        let anchors = CertificateDer::pem_slice_iter(anchors)
            .map(|der| der.map_err(|e| TrustError::Certificate(String::new(), e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        let crls = CertificateRevocationListDer::pem_slice_iter(crls)
            .map(|der| der.map_err(|e| TrustError::Crl(String::new(), e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        if anchors.is_empty() {
            return Err(TrustError::Empty(String::new(), "certificate"));
        }
        if crls.is_empty() {
            return Err(TrustError::Empty(String::new(), "revocation list"));
        }
        let issued = crls
            .iter()
            .map(|crl| issue(crl, &anchors))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            anchors: anchors
                .iter()
                .map(|der| {
                    webpki::anchor_from_trusted_cert(der)
                        .map(|a| a.to_owned())
                        .map_err(|e| TrustError::Certificate(String::new(), format!("{e:?}")))
                })
                .collect::<Result<_, _>>()?,
            crls: crls
                .iter()
                .map(|der| {
                    OwnedCertRevocationList::from_der(der)
                        .map(CertRevocationList::from)
                        .map_err(|e| TrustError::Crl(String::new(), format!("{e:?}")))
                })
                .collect::<Result<_, _>>()?,
            issued,
        })
    }

    /// Each revocation list's issuer and dates.
    pub fn issued(&self) -> &[Issue] {
        &self.issued
    }

    /// When the first of the revocation lists reaches its next update (Unix seconds).
    pub fn next_update(&self) -> Option<Timestamp> {
        self.issued.iter().filter_map(|i| i.next_update).min()
    }

    /// Refuses `renewed` when one of its lists was issued before the list of the same
    /// authority in this store: an old file put back must not undo a revocation.
    pub fn check_renewal(&self, renewed: &TrustStore) -> Result<(), TrustError> {
        for new in &renewed.issued {
            if let Some(old) = self
                .issued
                .iter()
                .find(|old| old.issuer_der == new.issuer_der && old.this_update > new.this_update)
            {
                return Err(TrustError::Older(
                    String::new(),
                    new.issuer.clone(),
                    new.this_update,
                    old.this_update,
                ));
            }
        }
        Ok(())
    }

    /// The subjects of the trust anchors: the TLS listener names them to the browser, which
    /// then offers only certificates they issued.
    pub fn subjects(&self) -> Vec<rustls::DistinguishedName> {
        self.anchors
            .iter()
            .map(|a| rustls::DistinguishedName::in_sequence(&a.subject))
            .collect()
    }

    /// Checks `chain` (the holder's certificate first, then any intermediates it was sent with)
    /// at `now` (Unix seconds) and reads whom it names.
    pub fn verify(
        &self,
        chain: &[CertificateDer<'_>],
        now: Timestamp,
    ) -> Result<Identity, SignInRefusal> {
        let (end_entity, intermediates) =
            chain.split_first().ok_or(SignInRefusal::NoCertificate)?;
        let (_, parsed) =
            X509Certificate::from_der(end_entity).map_err(|_| SignInRefusal::Unreadable)?;
        let cert = EndEntityCert::try_from(end_entity).map_err(|_| SignInRefusal::Unreadable)?;
        let crls: Vec<&CertRevocationList<'_>> = self.crls.iter().collect();
        #[allow(clippy::expect_used)] // `load` refuses a store without a revocation list
        let revocation = RevocationOptionsBuilder::new(&crls)
            .expect("a trust store has at least one revocation list")
            .with_depth(RevocationCheckDepth::Chain)
            .with_status_policy(UnknownStatusPolicy::Deny)
            .with_expiration_policy(ExpirationPolicy::Enforce)
            .build();
        let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(
            u64::try_from(now.unix()).unwrap_or(0),
        ));
        cert.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &self.anchors,
            intermediates,
            time,
            KeyUsage::client_auth(),
            Some(revocation),
            None,
        )
        .map_err(|e| refusal(&e, &parsed))?;
        if !signs_digitally(&parsed) {
            return Err(SignInRefusal::WrongKeyUsage);
        }
        identity(&parsed)
    }
}

/// Reads a revocation list's issuer and dates, once its signature is verified by one of the
/// trust anchors (webpki verifies it only when a certificate is checked: a bad list would
/// otherwise refuse every sign-in).
fn issue(crl: &[u8], anchors: &[CertificateDer<'_>]) -> Result<Issue, TrustError> {
    use x509_parser::revocation_list::CertificateRevocationList;
    let (_, list) = CertificateRevocationList::from_der(crl)
        .map_err(|e| TrustError::Crl(String::new(), e.to_string()))?;
    let issuer = list.issuer().to_string();
    let signed = anchors.iter().any(|anchor| {
        X509Certificate::from_der(anchor).is_ok_and(|(_, anchor)| {
            anchor.subject().as_raw() == list.issuer().as_raw()
                && list.verify_signature(anchor.public_key()).is_ok()
        })
    });
    if !signed {
        return Err(TrustError::Unsigned(String::new(), issuer));
    }
    Ok(Issue {
        issuer,
        issuer_der: list.issuer().as_raw().to_vec(),
        this_update: Timestamp::from_unix(list.last_update().timestamp()),
        next_update: list
            .next_update()
            .map(|t| Timestamp::from_unix(t.timestamp())),
    })
}

/// What a verification error means to the holder.
fn refusal(error: &webpki::Error, cert: &X509Certificate<'_>) -> SignInRefusal {
    use webpki::Error as E;
    match error {
        E::CertExpired { .. } => SignInRefusal::Expired,
        E::CertNotValidYet { .. } => SignInRefusal::NotYetValid,
        E::CertRevoked => SignInRefusal::Revoked,
        E::RequiredEkuNotFoundContext(_) | E::EmptyEkuExtension => SignInRefusal::WrongKeyUsage,
        E::UnknownIssuer if cert.subject() == cert.issuer() => SignInRefusal::SelfSigned,
        E::BadDer | E::BadDerTime | E::TrailingData(_) | E::UnsupportedCertVersion => {
            SignInRefusal::Unreadable
        }
        // an unknown issuer, a broken signature, a CA certificate used as a person's, a
        // revocation list that is out of date or missing: nothing the portal can vouch for
        _ => SignInRefusal::UntrustedIssuer,
    }
}

/// A key usage extension, when there is one, must allow digital signatures: the TLS handshake
/// is signed with the key.
fn signs_digitally(cert: &X509Certificate<'_>) -> bool {
    match cert.key_usage() {
        Ok(Some(usage)) => usage.value.digital_signature(),
        Ok(None) => true,
        Err(_) => false,
    }
}

/// The SSN from the subject's one serialNumber attribute, and the holder's names.
fn identity(cert: &X509Certificate<'_>) -> Result<Identity, SignInRefusal> {
    let subject = cert.subject();
    let values = |oid: &str| -> Vec<String> {
        subject
            .iter_attributes()
            .filter(|a| a.attr_type().to_id_string() == oid)
            .map(|a| a.as_str().map(str::to_owned).unwrap_or_default())
            .collect()
    };
    let serials = values(SERIAL_NUMBER);
    let ssn = match serials.as_slice() {
        [] => return Err(SignInRefusal::SsnMissing),
        [one] => Ssn::parse(one).map_err(|_| SignInRefusal::SsnMalformed)?,
        _ => return Err(SignInRefusal::SsnDuplicated),
    };
    let first = |oid: &str| values(oid).into_iter().next().unwrap_or_default();
    let (mut given_name, mut family_name) = (first("2.5.4.42"), first("2.5.4.4"));
    if given_name.is_empty() && family_name.is_empty() {
        // a certificate with only a common name: "Given Family"
        let common = first("2.5.4.3");
        let (given, family) = common.rsplit_once(' ').unwrap_or(("", &common));
        (given_name, family_name) = (given.to_owned(), family.to_owned());
    }
    Ok(Identity {
        ssn,
        given_name,
        family_name,
        valid_until: Timestamp::from_unix(cert.validity().not_after.timestamp()),
    })
}
