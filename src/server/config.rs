//! The app's runtime configuration: the `[espace]` table of `Leptos.toml`, each key overridable by
//! an environment variable `ESPACE_<KEY>` (and `DATABASE_URL`). The site address comes from the
//! same file's `[package.metadata.leptos]` table through leptos_config (`LEPTOS_SITE_ADDR`).

use figment::{
    Figment,
    providers::{Env, Format, Toml},
};
use serde::Deserialize;
use std::{
    net::{IpAddr, SocketAddr},
    path::{Path, PathBuf},
};

fn yes() -> bool {
    true
}

fn a_day() -> u32 {
    24
}

fn thirty_two() -> u64 {
    32
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Shown in the header and the page titles; ours to choose, never an official brand.
    pub portal_name: String,
    /// `sqlite://file.db` (created on first start) or `postgres://…`.
    pub database_url: String,
    pub sign_in: SignIn,
    /// `sign_in = "demo"` signs anyone in as any enrolled person: the server refuses to start
    /// so on an address other people can reach unless this says it is meant.
    #[serde(default)]
    pub allow_demo_on_public_address: bool,
    /// Seed the demo eSpaces, persons and certificates into an empty database.
    pub demo_data: bool,
    /// With `demo_data`, also what the business data needs: Muller & Fils certified, the
    /// fiduciary's two mandates and the authentic sources' demo files. On unless turned off, as
    /// the integration tests do to build each such state themselves.
    #[serde(default = "yes")]
    pub demo_business_data: bool,
    /// Mark the session cookie `Secure`; on when the site is served over HTTPS.
    pub secure_cookies: bool,
    pub mail_transport: MailTransport,
    pub mail_from: String,
    /// Where `mail_transport = "smtp"` sends: `smtp://host:port` (plain, for a local relay),
    /// `smtp://host:587?tls=required` (STARTTLS) or `smtps://host` (TLS); user and password in
    /// the URL when the server asks for them.
    pub smtp_url: String,
    /// The address people reach the portal at, for the links in emails.
    pub public_url: String,
    /// Days an invitation can be accepted.
    pub invitation_days: u32,
    /// Certificate sign-in: the certification authorities trusted for signing in (PEM
    /// certificates) and their revocation lists (PEM CRLs).
    #[serde(default)]
    pub trust_anchors: Option<PathBuf>,
    #[serde(default)]
    pub revocation_lists: Option<PathBuf>,
    /// Hours before a revocation list's next update from which the log warns and the portal
    /// is no longer ready (`/readyz`): the time left to put its renewal in place.
    #[serde(default = "a_day")]
    pub revocation_list_margin_hours: u32,
    /// The server's TLS certificate chain and key (PEM): with them the site is served over HTTPS.
    #[serde(default)]
    pub tls_certificate: Option<PathBuf>,
    #[serde(default)]
    pub tls_key: Option<PathBuf>,
    /// The HTTPS listener that asks the browser for a client certificate (mutual TLS), e.g.
    /// `127.0.0.1:3443`; needs the TLS certificate and key.
    #[serde(default)]
    pub login_addr: Option<SocketAddr>,
    /// Where the sign-in page's button leads: the login listener's `/certificate/sign-in` as
    /// people reach it (by default `https://<login_addr>/certificate/sign-in`).
    #[serde(default)]
    pub certificate_sign_in_url: Option<String>,
    /// Behind a TLS-terminating reverse proxy: the request header holding the client
    /// certificate it verified (PEM, percent-encoded, as nginx's `$ssl_client_escaped_cert`),
    /// believed only from the `trusted_proxies` addresses and with the `proxy_secret`.
    #[serde(default)]
    pub proxy_certificate_header: Option<String>,
    #[serde(default)]
    pub trusted_proxies: Vec<IpAddr>,
    /// What the proxy adds in the `Espace-Proxy-Secret` header of every request it forwards (at
    /// least 32 characters): the certificate header is a public certificate, which anyone may
    /// hold, and an address proves nothing when others can connect from it, so the header
    /// counts only beside this proof that the request passed through the proxy, which checked
    /// the client's possession of the key.
    #[serde(default)]
    pub proxy_secret: Option<ProxySecret>,
    /// Where Prometheus metrics are served (`/metrics`), e.g. `127.0.0.1:9100`: a loopback
    /// address only, as they are for this machine's monitoring agent. None: not served.
    #[serde(default)]
    pub metrics_addr: Option<SocketAddr>,
    /// Compress pages and server functions' answers (brotli or gzip). On unless turned off, e.g.
    /// behind a proxy that compresses itself.
    #[serde(default = "yes")]
    pub compression: bool,
    /// The smallest answer compressed, in KiB: below it compressing costs more time than the
    /// transfer saves (measured, `server::compression`).
    #[serde(default = "thirty_two")]
    pub compression_min_kib: u64,
    /// `text` (the default, for a terminal) or `json` (one object per line, for a log collector).
    #[serde(default)]
    pub log_format: LogFormat,
    /// The texts of the footer's pages (accessibility, privacy, legal notice, help) in the three
    /// languages, and the help contact; each key defaults (`server::about`).
    #[serde(default)]
    pub about: super::about::About,
    /// Volume limits per person and per eSpace (`domain::quota`); each key defaults.
    #[serde(default)]
    pub quotas: crate::domain::quota::QuotaLimits,
}

/// The reverse proxy's secret: never shown, not even in a debug print of the configuration.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct ProxySecret(String);

impl ProxySecret {
    /// The shortest taken: 32 characters, so it cannot be guessed.
    pub const MIN_CHARS: usize = 32;

    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    fn is_long_enough(&self) -> bool {
        self.0.trim().chars().count() >= Self::MIN_CHARS
    }

    /// Whether a request's header holds the secret; the comparison takes the same time
    /// wherever the two first differ (their SHA-256 digests are compared).
    pub fn is_in(&self, header: &[u8]) -> bool {
        use sha2::{Digest, Sha256};
        Sha256::digest(header) == Sha256::digest(self.0.as_bytes())
    }
}

impl std::fmt::Debug for ProxySecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProxySecret(…)")
    }
}

/// How people sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignIn {
    /// The demo login portal lists the demo certificates; for trying the product and for tests.
    Demo,
    /// Only the official certificate sign-in: the demo portal does not exist.
    Certificate,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailTransport {
    /// Write each message to the log instead of sending it: the embedded default needs no server.
    Log,
    Smtp,
}

/// A configuration that cannot start the app, named by its key, in one line.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(String);

impl Config {
    /// Reads `path` (its `[espace]` table) and the environment over it.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let file = Figment::from(Toml::file(path)).focus("espace");
        let figment = Figment::from(file)
            // ESPACE_CONFIG names the file itself, it is not a key
            // ESPACE_QUOTAS__INVITATIONS_PER_PERSON: a key of the [espace.quotas] table
            .merge(Env::prefixed("ESPACE_").ignore(&["config"]).split("__"))
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database_url".into()),
            );
        let config: Config = figment
            .extract()
            .map_err(|e| ConfigError(describe(&e, path)))?;
        config.check()?;
        Ok(config)
    }

    /// Refuses the demo sign-in where others can reach it: a listening address (`listening`)
    /// or the public address that is not the machine's own loopback, unless
    /// `allow_demo_on_public_address`.
    pub fn check_demo_stays_local(&self, listening: &[SocketAddr]) -> Result<(), ConfigError> {
        if self.sign_in != SignIn::Demo || self.allow_demo_on_public_address {
            return Ok(());
        }
        let public = url::Url::parse(&self.public_url).ok();
        let public_host = public.as_ref().and_then(url::Url::host);
        let local_public = match public_host {
            Some(url::Host::Domain(name)) => name == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        let outside: Vec<String> = listening
            .iter()
            .filter(|addr| !addr.ip().is_loopback())
            .map(ToString::to_string)
            .chain((!local_public).then(|| self.public_url.clone()))
            .collect();
        if outside.is_empty() {
            return Ok(());
        }
        Err(ConfigError(format!(
            "sign_in = \"demo\" signs anyone in as any demo person, and {} is not this machine's loopback: use sign_in = \"certificate\", or set espace.allow_demo_on_public_address (ESPACE_ALLOW_DEMO_ON_PUBLIC_ADDRESS) = true if a public demo is meant",
            outside.join(", ")
        )))
    }

    /// Where the sign-in page sends people to present their certificate.
    pub fn certificate_sign_in_link(&self) -> Option<String> {
        use crate::paths::CERTIFICATE_SIGN_IN as PATH;
        self.certificate_sign_in_url
            .clone()
            .or_else(|| self.login_addr.map(|addr| format!("https://{addr}{PATH}")))
            .or_else(|| {
                self.proxy_certificate_header
                    .as_ref()
                    .map(|_| self.public_link(PATH))
            })
    }

    /// The address of `path` (starting with `/`) as people reach it, for the links in emails.
    pub fn public_link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }

    fn check(&self) -> Result<(), ConfigError> {
        if self.portal_name.trim().is_empty() {
            return Err(ConfigError(
                "espace.portal_name (ESPACE_PORTAL_NAME) must not be empty".into(),
            ));
        }
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError(format!(
                "espace.database_url (ESPACE_DATABASE_URL or DATABASE_URL) must start with sqlite: or postgres://, not {:?}",
                self.database_url
            )));
        }
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError(format!(
                "espace.mail_from (ESPACE_MAIL_FROM) is not an email address: {:?}",
                self.mail_from
            )));
        }
        let web_address = url::Url::parse(&self.public_url)
            .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.has_host());
        if !web_address {
            return Err(ConfigError(format!(
                "espace.public_url (ESPACE_PUBLIC_URL) must start with http:// or https://, not {:?}",
                self.public_url
            )));
        }
        if self.sign_in == SignIn::Certificate
            && (self.trust_anchors.is_none() || self.revocation_lists.is_none())
        {
            return Err(ConfigError(
                "sign_in = \"certificate\" needs espace.trust_anchors (ESPACE_TRUST_ANCHORS) and espace.revocation_lists (ESPACE_REVOCATION_LISTS)".into(),
            ));
        }
        if self.tls_certificate.is_some() != self.tls_key.is_some() {
            return Err(ConfigError(
                "espace.tls_certificate (ESPACE_TLS_CERTIFICATE) and espace.tls_key (ESPACE_TLS_KEY) go together".into(),
            ));
        }
        if self.login_addr.is_some() && self.tls_certificate.is_none() {
            return Err(ConfigError(
                "espace.login_addr (ESPACE_LOGIN_ADDR) needs espace.tls_certificate and espace.tls_key".into(),
            ));
        }
        if self.proxy_certificate_header.is_some()
            && !self
                .proxy_secret
                .as_ref()
                .is_some_and(ProxySecret::is_long_enough)
        {
            return Err(ConfigError(format!(
                "espace.proxy_certificate_header (ESPACE_PROXY_CERTIFICATE_HEADER) needs espace.proxy_secret (ESPACE_PROXY_SECRET) of at least {} characters, which the proxy sends in its Espace-Proxy-Secret header",
                ProxySecret::MIN_CHARS
            )));
        }
        if self
            .metrics_addr
            .is_some_and(|addr| !addr.ip().is_loopback())
        {
            return Err(ConfigError(
                "espace.metrics_addr (ESPACE_METRICS_ADDR) must be a loopback address (127.0.0.1 or [::1]): the metrics are for this machine's monitoring agent".into(),
            ));
        }
        if self.invitation_days == 0 {
            return Err(ConfigError(
                "espace.invitation_days (ESPACE_INVITATION_DAYS) must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

/// "espace.<key> (ESPACE_<KEY>): what is wrong, from where", on one line.
fn describe(error: &figment::Error, path: &Path) -> String {
    let key = error.path.join(".");
    let source = error
        .metadata
        .as_ref()
        .map_or_else(|| path.display().to_string(), |m| m.name.to_string());
    let what = error
        .kind
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if key.is_empty() {
        format!("[espace] in {}: {what}", path.display())
    } else {
        format!(
            "espace.{key} (ESPACE_{}): {what} (from {source})",
            key.to_uppercase()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn load(toml: &str) -> Result<Config, ConfigError> {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(toml.as_bytes()).unwrap();
        Config::load(file.path())
    }

    const GOOD: &str = r#"
[espace]
portal_name = "eGuichet"
database_url = "sqlite://espace.db"
sign_in = "demo"
demo_data = true
secure_cookies = false
mail_transport = "log"
mail_from = "no-reply@espace.example"
smtp_url = "smtp://127.0.0.1:25"
public_url = "http://127.0.0.1:3000"
invitation_days = 14
"#;

    #[test]
    fn reads_the_espace_table() {
        let config = load(GOOD).unwrap();
        assert_eq!(config.sign_in, SignIn::Demo);
        assert_eq!(config.portal_name, "eGuichet");
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let err = load(&GOOD.replace(r#"sign_in = "demo""#, r#"sign_in = "password""#))
            .unwrap_err()
            .to_string();
        assert!(err.contains("sign_in"), "{err}");
        assert!(!err.contains('\n'));
        let err = load(&GOOD.replace("demo_data = true", "demo_data = 3"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("demo_data"), "{err}");
        let err = load(&GOOD.replace("sqlite://espace.db", "mysql://x"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("database_url"), "{err}");
    }

    #[test]
    fn certificate_sign_in_needs_trust_anchors() {
        let err = load(&GOOD.replace(r#"sign_in = "demo""#, r#"sign_in = "certificate""#))
            .unwrap_err()
            .to_string();
        assert!(err.contains("trust_anchors"), "{err}");
        let config = load(&format!(
            "{}trust_anchors = \"ca.pem\"\nrevocation_lists = \"crl.pem\"\ntls_certificate = \"s.pem\"\ntls_key = \"k.pem\"\nlogin_addr = \"127.0.0.1:3443\"\n",
            GOOD.replace(r#"sign_in = "demo""#, r#"sign_in = "certificate""#)
        ))
        .unwrap();
        assert_eq!(
            config.certificate_sign_in_link().as_deref(),
            Some("https://127.0.0.1:3443/certificate/sign-in")
        );
    }

    #[test]
    fn a_public_url_is_a_web_address() {
        for wrong in ["127.0.0.1:3000", "http://", "ftp://127.0.0.1"] {
            let err = load(&GOOD.replace("http://127.0.0.1:3000", wrong))
                .unwrap_err()
                .to_string();
            assert!(err.contains("public_url"), "{wrong}: {err}");
        }
        assert!(load(&GOOD.replace("http://127.0.0.1:3000", "https://espace.example/")).is_ok());
    }

    #[test]
    fn the_proxy_mode_needs_a_long_secret() {
        let proxy = format!(
            "{GOOD}proxy_certificate_header = \"x-client-certificate\"\ntrusted_proxies = [\"127.0.0.1\"]\n"
        );
        for secret in ["", "proxy_secret = \"short\"\n"] {
            let err = load(&format!("{proxy}{secret}")).unwrap_err().to_string();
            assert!(err.contains("proxy_secret"), "{err}");
        }
        let config = load(&format!("{proxy}proxy_secret = \"{}\"\n", "s".repeat(32))).unwrap();
        assert_eq!(format!("{:?}", config.proxy_secret), "Some(ProxySecret(…))");
        assert!(
            config
                .proxy_secret
                .unwrap()
                .is_in("s".repeat(32).as_bytes())
        );
    }

    #[test]
    fn quotas_default_and_may_be_set() {
        use crate::domain::quota::QuotaLimits;
        assert_eq!(load(GOOD).unwrap().quotas, QuotaLimits::default());
        let raised = load(&format!(
            "{GOOD}\n[espace.quotas]\ninvitations_per_person = 500\n"
        ))
        .unwrap();
        assert_eq!(raised.quotas.invitations_per_person, 500);
        assert_eq!(raised.quotas.espaces_per_person, 10);
        let err = load(&format!("{GOOD}\n[espace.quotas]\ninvitations = 5\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("quotas"), "{err}");
    }

    #[test]
    fn the_demo_sign_in_stays_on_the_loopback_unless_allowed() {
        let local: SocketAddr = "127.0.0.1:3000".parse().unwrap();
        let public: SocketAddr = "0.0.0.0:3000".parse().unwrap();
        let demo = load(GOOD).unwrap();
        assert!(demo.check_demo_stays_local(&[local]).is_ok());
        let err = demo
            .check_demo_stays_local(&[local, public])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("0.0.0.0:3000") && err.contains("allow_demo_on_public_address"),
            "{err}"
        );
        // listening on the loopback behind a proxy that publishes it
        let proxied =
            load(&GOOD.replace("http://127.0.0.1:3000", "https://espace.example")).unwrap();
        assert!(proxied.check_demo_stays_local(&[local]).is_err());
        let localhost = load(&GOOD.replace("127.0.0.1:3000", "localhost:8443")).unwrap();
        assert!(localhost.check_demo_stays_local(&[local]).is_ok());
        let allowed = load(&format!("{GOOD}allow_demo_on_public_address = true\n")).unwrap();
        assert!(allowed.check_demo_stays_local(&[public]).is_ok());
        let certificate = Config {
            sign_in: SignIn::Certificate,
            ..proxied
        };
        assert!(certificate.check_demo_stays_local(&[public]).is_ok());
    }

    #[test]
    fn a_missing_key_is_named() {
        let err = load(&GOOD.replace("mail_from = \"no-reply@espace.example\"\n", ""))
            .unwrap_err()
            .to_string();
        assert!(err.contains("mail_from"), "{err}");
    }
}
