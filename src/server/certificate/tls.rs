//! The HTTPS listeners. axum's own server knows nothing of TLS, so this accept loop does the
//! handshake (rustls) and hands each request the certificates the client presented, which the
//! certificate sign-in reads (`PeerCertificates`).

use super::renewal::{Renewable, RenewalError};
use arc_swap::ArcSwap;
use axum::{Router, extract::ConnectInfo};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rustls::{
    DigitallySignedStruct, DistinguishedName, ServerConfig, SignatureScheme,
    client::danger::HandshakeSignatureValid,
    crypto::WebPkiSupportedAlgorithms,
    server::{
        ClientHello, ResolvesServerCert,
        danger::{ClientCertVerified, ClientCertVerifier},
    },
    sign::CertifiedKey,
};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, UnixTime, pem::PemObject};
use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// The certificates a client presented in the TLS handshake, its own first; only requests on
/// the login listener carry them.
#[derive(Clone, Debug)]
pub struct PeerCertificates(pub Arc<Vec<CertificateDer<'static>>>);

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{0}: {1}")]
    Pem(String, String),
    #[error("TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
}

/// The server's certificate chain and key (PEM files), as last renewed: every handshake takes
/// the one in use, so a renewed certificate is served from the next connection on.
#[derive(Debug)]
pub struct ServerCertificate {
    certificate: PathBuf,
    key: PathBuf,
    current: ArcSwap<CertifiedKey>,
}

impl ServerCertificate {
    pub fn load(certificate: &Path, key: &Path) -> Result<Arc<Self>, TlsError> {
        Ok(Arc::new(Self {
            certificate: certificate.to_owned(),
            key: key.to_owned(),
            current: ArcSwap::from_pointee(Self::read(certificate, key)?),
        }))
    }

    /// The chain and key, once the key is found to be the certificate's.
    fn read(certificate: &Path, key: &Path) -> Result<CertifiedKey, TlsError> {
        let pem_error = |path: &Path, e: rustls_pki_types::pem::Error| {
            TlsError::Pem(path.display().to_string(), e.to_string())
        };
        let chain = CertificateDer::pem_file_iter(certificate)
            .map_err(|e| pem_error(certificate, e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| pem_error(certificate, e))?;
        if chain.is_empty() {
            return Err(TlsError::Pem(
                certificate.display().to_string(),
                "no certificate".into(),
            ));
        }
        let key = PrivateKeyDer::from_pem_file(key).map_err(|e| pem_error(key, e))?;
        Ok(CertifiedKey::from_der(chain, key, &provider())?)
    }
}

impl ResolvesServerCert for ServerCertificate {
    fn resolve(&self, _: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current.load_full())
    }
}

impl Renewable for ServerCertificate {
    fn what(&self) -> &'static str {
        "TLS certificate"
    }

    fn files(&self) -> Vec<PathBuf> {
        vec![self.certificate.clone(), self.key.clone()]
    }

    fn renew(&self) -> Result<String, RenewalError> {
        let renewed = Self::read(&self.certificate, &self.key)?;
        let until = renewed
            .end_entity_cert()
            .ok()
            .and_then(|der| x509_parser::parse_x509_certificate(der).ok())
            .map(|(_, parsed)| parsed.validity().not_after.to_string())
            .unwrap_or_default();
        self.current.store(Arc::new(renewed));
        Ok(format!("valid until {until}"))
    }
}

/// The cryptography of every TLS connection: *ring*. rustls 0.23.48 deprecates it for lacking
/// post-quantum key exchange, which its aws-lc-rs provider has; moving there is a build of
/// aws-lc's C sources on every machine, not yet weighed (see the operations notes).
#[allow(deprecated)]
pub fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// A TLS server configuration serving `certificate`; with `client_hints`, it asks for a client
/// certificate issued by one of those authorities.
pub fn server_config(
    certificate: Arc<ServerCertificate>,
    client_hints: Option<Vec<DistinguishedName>>,
) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = Arc::new(provider());
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?;
    let mut config = match client_hints {
        Some(subjects) => builder.with_client_cert_verifier(Arc::new(CollectClientCertificate {
            subjects,
            algorithms: provider.signature_verification_algorithms,
        })),
        None => builder.with_no_client_auth(),
    }
    .with_cert_resolver(certificate);
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Asks for a client certificate (naming the trusted authorities), does not require one, and
/// takes whatever is presented: judging it is the sign-in's job (`TrustStore::verify`), which
/// can then tell the person why it is refused rather than end the handshake. The handshake
/// still proves the client holds the certificate's private key (`verify_tls1x_signature`).
#[derive(Debug)]
struct CollectClientCertificate {
    subjects: Vec<DistinguishedName>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for CollectClientCertificate {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &self.subjects
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Longest a client may take over the handshake before its connection is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Longest an HTTP/1.1 client may take to send a request's headers, the first included: one
/// that trickles them, or sends nothing, would otherwise hold its connection for ever
/// (slowloris).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` over TLS on `listener` until `shutdown` completes, then drains as the plain
/// listener does: no new connection is taken, idle ones are closed, and the requests under way
/// finish before this returns. Each request carries the client's address and any certificates
/// it presented.
pub async fn serve(
    listener: TcpListener,
    config: Arc<ServerConfig>,
    app: Router,
    shutdown: impl Future<Output = ()>,
) {
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = tcp.set_nodelay(true);
        let (acceptor, app) = (acceptor.clone(), app.clone());
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                Ok(Ok(tls)) => tls,
                Ok(Err(e)) => return tracing::debug!(%remote, "TLS handshake failed: {e}"),
                Err(_) => return tracing::debug!(%remote, "TLS handshake timed out"),
            };
            let presented = tls.get_ref().1.peer_certificates().map(|chain| {
                PeerCertificates(Arc::new(
                    chain.iter().map(|c| c.clone().into_owned()).collect(),
                ))
            });
            let service = hyper::service::service_fn(
                move |mut request: http::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(remote));
                    if let Some(presented) = &presented {
                        request.extensions_mut().insert(presented.clone());
                    }
                    app.clone().oneshot(request)
                },
            );
            // the protocol agreed in the handshake (ALPN), not guessed from the first bytes: the
            // guess waits, without a timeout, for a client that sends nothing
            let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
            let io = TokioIo::new(tls);
            let served = if h2 {
                let connection = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                    .timer(TokioTimer::new())
                    .serve_connection(io, service);
                watcher.watch(connection).await
            } else {
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT)
                    .serve_connection(io, service);
                watcher.watch(connection).await
            };
            if let Err(e) = served {
                tracing::debug!(%remote, "connection ended: {e}");
            }
        });
    }
    graceful.shutdown().await;
}

/// Where a request came from: the TCP peer, as either listener records it.
pub fn remote_address(request: &http::request::Parts) -> Option<SocketAddr> {
    request
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
}
