//! The project's own small PKI, for tests and the demo: a certification authority, its
//! revocation list, a server certificate, and persons' certificates, good ones and the kinds of
//! bad ones the sign-in must refuse. Nothing here is trusted outside the tests and the demo.

use crate::domain::certificate::SignInRefusal;
use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, CertifiedIssuer,
    DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, KeyIdMethod, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, PKCS_ED25519, RevokedCertParams, SerialNumber,
    SigningKey,
};
use rustls_pki_types::pem::PemObject;
use std::path::Path;
use time::{Duration, OffsetDateTime};

/// The serial number of the one certificate the authority has revoked.
const REVOKED_SERIAL: u64 = 0x7e57_0bad;
/// Placeholder attribute (2.5.4.65, pseudonym) rewritten into a second serialNumber: rcgen
/// keeps one value per attribute type, and the DER of both OIDs has the same length.
const PLACEHOLDER_OID: [u8; 5] = [0x06, 0x03, 0x55, 0x04, 0x41];
const SERIAL_NUMBER_OID: [u8; 5] = [0x06, 0x03, 0x55, 0x04, 0x05];

/// The refusals a certificate of this PKI can be made to earn (`TestPki::person`): all but
/// presenting none and presenting garbage.
pub fn flaws() -> impl Iterator<Item = SignInRefusal> {
    SignInRefusal::ALL.into_iter().filter(|refusal| {
        !matches!(
            refusal,
            SignInRefusal::NoCertificate | SignInRefusal::Unreadable
        )
    })
}

/// A certificate and its private key, both PEM.
#[derive(Clone, Debug)]
pub struct Issued {
    pub certificate: String,
    pub key: String,
}

/// Whom a person's certificate names.
pub struct Subject<'a> {
    pub ssn: &'a str,
    pub given_name: &'a str,
    pub family_name: &'a str,
}

#[derive(Debug, thiserror::Error)]
#[error("test PKI: {0}")]
pub struct PkiError(String);

impl From<rcgen::Error> for PkiError {
    fn from(e: rcgen::Error) -> Self {
        Self(e.to_string())
    }
}

pub struct TestPki {
    authority: CertifiedIssuer<'static, KeyPair>,
    /// Another authority, for certificates the portal must not trust.
    stranger: CertifiedIssuer<'static, KeyPair>,
}

impl TestPki {
    pub fn new() -> Result<Self, PkiError> {
        Ok(Self {
            authority: authority(AUTHORITY)?,
            stranger: authority("Unknown Certification Authority")?,
        })
    }

    /// The trusted authority's certificate: the trust anchor to configure.
    pub fn authority_pem(&self) -> String {
        self.authority.pem()
    }

    /// The authority's revocation list, valid for a year, revoking one certificate.
    pub fn revocation_list_pem(&self) -> Result<String, PkiError> {
        self.revocation_list(1, Dates::from_now(), &[])
    }

    /// A later revocation list (number 2), which also revokes `certificates`: what the
    /// authority publishes once their holders have reported them lost.
    pub fn revocation_list_revoking(&self, certificates: &[&Issued]) -> Result<String, PkiError> {
        self.revocation_list(2, Dates::from_now(), certificates)
    }

    /// The authority's revocation list `number`, issued and next updated when `dates` say,
    /// revoking `certificates` and one more.
    pub fn revocation_list(
        &self,
        number: u64,
        dates: Dates,
        certificates: &[&Issued],
    ) -> Result<String, PkiError> {
        let serials = certificates
            .iter()
            .map(|issued| {
                let der =
                    rustls_pki_types::CertificateDer::from_pem_slice(issued.certificate.as_bytes())
                        .map_err(|e| PkiError(e.to_string()))?;
                let (_, parsed) = x509_parser::parse_x509_certificate(&der)
                    .map_err(|e| PkiError(e.to_string()))?;
                Ok(SerialNumber::from_slice(parsed.raw_serial()))
            })
            .collect::<Result<Vec<_>, PkiError>>()?;
        crl(&self.authority, number, dates, &serials)
    }

    /// A revocation list in the trusted authority's name signed with another key: its
    /// signature does not verify.
    pub fn forged_revocation_list(&self) -> Result<String, PkiError> {
        let forger = authority(AUTHORITY)?;
        crl(&forger, 3, Dates::from_now(), &[])
    }

    /// A TLS server certificate for `names` (host names or IP addresses).
    pub fn server(&self, names: &[&str]) -> Result<Issued, PkiError> {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())?;
        params.distinguished_name = name(&[(DnType::CommonName, names.first().unwrap_or(&""))]);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        validity(&mut params, -1, 365);
        let cert = params.signed_by(&key, &self.authority)?;
        Ok(Issued {
            certificate: cert.pem(),
            key: key.serialize_pem(),
        })
    }

    /// A person's authentication certificate naming `subject`: a good one, or one with the
    /// `flaw` that earns that refusal.
    pub fn person(
        &self,
        subject: &Subject<'_>,
        flaw: Option<SignInRefusal>,
    ) -> Result<Issued, PkiError> {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
        let common = format!("{} {}", subject.given_name, subject.family_name);
        let mut attributes = vec![
            (DnType::CommonName, common.as_str()),
            (DnType::CustomDnType(vec![2, 5, 4, 42]), subject.given_name),
            (DnType::CustomDnType(vec![2, 5, 4, 4]), subject.family_name),
        ];
        let serial = DnType::CustomDnType(vec![2, 5, 4, 5]);
        match flaw {
            Some(SignInRefusal::SsnMissing) => {}
            Some(SignInRefusal::SsnMalformed) => attributes.push((serial, "SSN-12345")),
            Some(SignInRefusal::SsnDuplicated) => {
                attributes.push((serial, subject.ssn));
                attributes.push((
                    DnType::CustomDnType(vec![2, 5, 4, 65]),
                    "99999999999999999999",
                ));
            }
            _ => attributes.push((serial, subject.ssn)),
        }
        let mut params = CertificateParams::default();
        params.distinguished_name = name(&attributes);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![if flaw == Some(SignInRefusal::WrongKeyUsage) {
            ExtendedKeyUsagePurpose::ServerAuth
        } else {
            ExtendedKeyUsagePurpose::ClientAuth
        }];
        match flaw {
            Some(SignInRefusal::Expired) => validity(&mut params, -400, -35),
            Some(SignInRefusal::NotYetValid) => validity(&mut params, 30, 400),
            _ => validity(&mut params, -1, 365),
        }
        if flaw == Some(SignInRefusal::Revoked) {
            params.serial_number = Some(SerialNumber::from(REVOKED_SERIAL));
        }
        let der = match flaw {
            Some(SignInRefusal::SelfSigned) => params.self_signed(&key)?.der().to_vec(),
            Some(SignInRefusal::UntrustedIssuer) => {
                params.signed_by(&key, &self.stranger)?.der().to_vec()
            }
            Some(SignInRefusal::SsnDuplicated) => {
                let der = params.signed_by(&key, &self.authority)?.der().to_vec();
                resign_with_second_serial(der, self.authority.key())?
            }
            _ => params.signed_by(&key, &self.authority)?.der().to_vec(),
        };
        Ok(Issued {
            certificate: pem("CERTIFICATE", &der),
            key: key.serialize_pem(),
        })
    }

    /// Writes the demo's files into `dir`: `authority.pem`, `revocation-list.pem`,
    /// `server.pem`/`server-key.pem` for `server_names`, and for each subject
    /// `<ssn>.pem`/`<ssn>-key.pem`, plus one certificate of each flaw under `refused/`.
    pub fn write(
        &self,
        dir: &Path,
        server_names: &[&str],
        subjects: &[Subject<'_>],
    ) -> Result<(), PkiError> {
        let write = |file: &Path, text: &str| {
            std::fs::write(file, text).map_err(|e| PkiError(format!("{}: {e}", file.display())))
        };
        let refused = dir.join("refused");
        std::fs::create_dir_all(&refused).map_err(|e| PkiError(e.to_string()))?;
        write(&dir.join("authority.pem"), &self.authority_pem())?;
        write(
            &dir.join("revocation-list.pem"),
            &self.revocation_list_pem()?,
        )?;
        let server = self.server(server_names)?;
        write(&dir.join("server.pem"), &server.certificate)?;
        write(&dir.join("server-key.pem"), &server.key)?;
        for subject in subjects {
            let issued = self.person(subject, None)?;
            write(
                &dir.join(format!("{}.pem", subject.ssn)),
                &issued.certificate,
            )?;
            write(&dir.join(format!("{}-key.pem", subject.ssn)), &issued.key)?;
        }
        if let Some(subject) = subjects.first() {
            for flaw in flaws() {
                let issued = self.person(subject, Some(flaw))?;
                write(
                    &refused.join(format!("{}.pem", flaw.code())),
                    &issued.certificate,
                )?;
                write(
                    &refused.join(format!("{}-key.pem", flaw.code())),
                    &issued.key,
                )?;
            }
        }
        Ok(())
    }
}

/// When a revocation list is issued and next updated.
#[derive(Clone, Copy, Debug)]
pub struct Dates {
    pub this_update: OffsetDateTime,
    pub next_update: OffsetDateTime,
}

impl Dates {
    /// Issued an hour ago, next updated in a year.
    pub fn from_now() -> Self {
        let now = OffsetDateTime::now_utc();
        Self {
            this_update: now - Duration::hours(1),
            next_update: now + Duration::days(365),
        }
    }
}

/// `issuer`'s revocation list `number`, revoking the test's known serial and `also_revoked`.
fn crl(
    issuer: &CertifiedIssuer<'static, KeyPair>,
    number: u64,
    dates: Dates,
    also_revoked: &[SerialNumber],
) -> Result<String, PkiError> {
    let revoked = |serial_number| RevokedCertParams {
        serial_number,
        revocation_time: dates.this_update,
        reason_code: Some(rcgen::RevocationReason::KeyCompromise),
        invalidity_date: None,
    };
    let crl = CertificateRevocationListParams {
        this_update: dates.this_update,
        next_update: dates.next_update,
        crl_number: SerialNumber::from(number),
        issuing_distribution_point: None,
        revoked_certs: std::iter::once(SerialNumber::from(REVOKED_SERIAL))
            .chain(also_revoked.iter().cloned())
            .map(revoked)
            .collect(),
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(issuer)?;
    Ok(crl.pem()?)
}

/// The trusted test authority's name.
const AUTHORITY: &str = "eSpace Test Certification Authority";

/// An authority with an Ed25519 key: its signatures have a fixed length, which lets a
/// certificate be re-signed after its subject is rewritten (`resign_with_second_serial`).
fn authority(common_name: &str) -> Result<CertifiedIssuer<'static, KeyPair>, PkiError> {
    let mut params = CertificateParams::default();
    params.distinguished_name = name(&[(DnType::CommonName, common_name)]);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    validity(&mut params, -1, 3650);
    Ok(CertifiedIssuer::self_signed(
        params,
        KeyPair::generate_for(&PKCS_ED25519)?,
    )?)
}

fn name(attributes: &[(DnType, &str)]) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    for (kind, value) in attributes {
        name.push(kind.clone(), *value);
    }
    name
}

fn validity(params: &mut CertificateParams, from_days: i64, to_days: i64) {
    let now = OffsetDateTime::now_utc();
    params.not_before = now + Duration::days(from_days);
    params.not_after = now + Duration::days(to_days);
}

fn pem(tag: &str, der: &[u8]) -> String {
    pem::encode(&pem::Pem::new(tag, der))
}

/// Turns the placeholder attribute of `der`'s subject into a second serialNumber and signs the
/// result again with `key` (Ed25519: the signature, the last 64 bytes, keeps its length).
fn resign_with_second_serial(mut der: Vec<u8>, key: &KeyPair) -> Result<Vec<u8>, PkiError> {
    let (tbs_start, tbs_end) = tbs_range(&der).ok_or_else(|| PkiError("bad DER".into()))?;
    let at = der[tbs_start..tbs_end]
        .windows(PLACEHOLDER_OID.len())
        .position(|w| w == PLACEHOLDER_OID)
        .ok_or_else(|| PkiError("no placeholder attribute".into()))?;
    der[tbs_start + at..tbs_start + at + SERIAL_NUMBER_OID.len()]
        .copy_from_slice(&SERIAL_NUMBER_OID);
    let signature = key.sign(&der[tbs_start..tbs_end])?;
    let len = der.len();
    der[len - signature.len()..].copy_from_slice(&signature);
    Ok(der)
}

/// Where the to-be-signed part of a certificate lies: the first element of its outer SEQUENCE.
fn tbs_range(der: &[u8]) -> Option<(usize, usize)> {
    let header = |at: usize| -> Option<(usize, usize)> {
        // (length of the header, length of the content) of the element starting at `at`
        let first = *der.get(at + 1)?;
        if first < 0x80 {
            return Some((2, usize::from(first)));
        }
        let bytes = usize::from(first & 0x7f);
        let len = der
            .get(at + 2..at + 2 + bytes)?
            .iter()
            .fold(0usize, |n, b| (n << 8) | usize::from(*b));
        Some((2 + bytes, len))
    };
    let (outer_header, _) = header(0)?;
    let (tbs_header, tbs_len) = header(outer_header)?;
    Some((outer_header, outer_header + tbs_header + tbs_len))
}
