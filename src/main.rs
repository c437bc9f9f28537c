//! Starts the eSpace server: configuration, database, demo data, then serves on the site address.

// the release build monomorphises the app's deeply nested view types here, in the binary
#![recursion_limit = "512"]

use clap::Parser;
use espace::server::{
    back_office::{
        certifications::{self, CertificationsCommand},
        codes::{self, CodesCommand},
        mail::{self, MailCommand},
        messages::{self, MessagesCommand},
        operators::{self, OperatorsCommand},
        procedures::{self, ProceduresCommand},
        sources::{self, SourcesCommand},
    },
    certificate::{
        pki::{Subject, TestPki},
        renewal, tls,
    },
    clock::Clock,
    config::{Config, LogFormat},
    db::{backup::backup, copy::copy_database},
    health, logging, sign_in,
};
use espace::start::router;
use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

/// jemalloc rather than glibc's malloc: see Cargo.toml (measured with `scripts/bench.sh`).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The eSpace server; with a subcommand, the administration's back office.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The operator running a back-office command (`espace operators add` registers one). Not
    /// `ESPACE_…`: those are the configuration's.
    #[arg(long, global = true, env = "BACK_OFFICE_OPERATOR")]
    operator: Option<String>,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Access codes for companies (back office; operators only).
    #[command(subcommand)]
    Codes(CodesCommand),
    /// Requests to certify an eSpace for a field of activity (back office; operators only).
    #[command(subcommand)]
    Certifications(CertificationsCommand),
    /// Submitted procedures (back office; operators only).
    #[command(subcommand)]
    Procedures(ProceduresCommand),
    /// Messages to eSpaces and their replies (back office; operators only).
    #[command(subcommand)]
    Messages(MessagesCommand),
    /// The authentic sources' files about companies (back office; operators only).
    #[command(subcommand)]
    Sources(SourcesCommand),
    /// Mail the mail server refused for good (back office; operators only).
    #[command(subcommand)]
    Mail(MailCommand),
    /// Who may run the back office.
    #[command(subcommand)]
    Operators(OperatorsCommand),
    /// Copies a SQLite database into a new PostgreSQL database (moving an installation to
    /// several app servers), in one transaction, and checks the row counts.
    CopyDatabase {
        /// The SQLite database, e.g. sqlite://espace.db
        #[arg(long)]
        from: String,
        /// The PostgreSQL database, e.g. postgres://espace@db.example/espace (created when
        /// missing; it must hold no data yet).
        #[arg(long)]
        to: String,
    },
    /// Asks the running server whether it is ready (`/readyz`), or only alive: exits 0 when it
    /// is. For a container's health check; the server must listen on plain HTTP.
    Healthcheck {
        /// Only whether the process answers (`/healthz`).
        #[arg(long)]
        live: bool,
        /// Where it listens; by default the configured site address.
        #[arg(long)]
        addr: Option<SocketAddr>,
    },
    /// Copies the SQLite database to a new file while the server runs and writes (a consistent
    /// snapshot, checked before it is named). For PostgreSQL, use pg_dump (README).
    Backup {
        /// The new file, e.g. /var/backups/espace/espace-2026-12-05.db
        #[arg(long)]
        to: PathBuf,
    },
    /// Writes a test PKI (authority, revocation list, server certificate, the demo persons'
    /// certificates and refused ones) for trying certificate sign-in; never for production.
    Pki {
        /// The folder to write into (created when missing).
        #[arg(long)]
        out: PathBuf,
        /// Names the server certificate is for.
        #[arg(long, default_values = ["localhost", "127.0.0.1"])]
        server_name: Vec<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let operator = cli.operator.unwrap_or_default();
    let operator = operator.as_str();
    let outcome = match cli.command {
        None => serve().await,
        Some(Command::Codes(command)) => {
            back_office(|config| async move { codes::run(&config, operator, command).await }).await
        }
        Some(Command::Certifications(command)) => {
            back_office(
                |config| async move { certifications::run(&config, operator, command).await },
            )
            .await
        }
        Some(Command::Procedures(command)) => {
            back_office(|config| async move { procedures::run(&config, operator, command).await })
                .await
        }
        Some(Command::Messages(command)) => {
            back_office(|config| async move { messages::run(&config, operator, command).await })
                .await
        }
        Some(Command::Sources(command)) => {
            back_office(|config| async move { sources::run(&config, operator, command).await })
                .await
        }
        Some(Command::Mail(command)) => {
            back_office(|config| async move { mail::run(&config, operator, command).await }).await
        }
        Some(Command::Operators(command)) => {
            back_office(|config| async move { operators::run(&config, operator, command).await })
                .await
        }
        Some(Command::Pki { out, server_name }) => write_test_pki(&out, &server_name),
        Some(Command::Healthcheck { live, addr }) => healthcheck(live, addr).await,
        Some(Command::Backup { to }) => back_up(&to).await,
        Some(Command::CopyDatabase { from, to }) => {
            logging::start(LogFormat::Text);
            copy_database(&from, &to)
                .await
                .map(|copied| print!("copied, rows by table:\n{copied}"))
                .map_err(|e| format!("copy-database: {e}"))
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The configuration file: `ESPACE_CONFIG`, else `Leptos.toml` here.
fn config_path() -> PathBuf {
    PathBuf::from(std::env::var("ESPACE_CONFIG").unwrap_or_else(|_| "Leptos.toml".into()))
}

/// Runs a back-office command on the configured database and prints its answer.
async fn back_office<F: Future<Output = espace::server::back_office::Answer>>(
    command: impl FnOnce(Config) -> F,
) -> Result<(), String> {
    let config = Config::load(&config_path()).map_err(|e| e.to_string())?;
    logging::start(config.log_format);
    print!("{}", command(config).await.map_err(|e| e.to_string())?);
    Ok(())
}

async fn serve() -> Result<(), String> {
    let path = config_path();
    let config = Config::load(&path).map_err(|e| e.to_string())?;
    logging::start(config.log_format);
    let options = leptos_options(&path)?;
    let addr = options.site_addr;
    let listening: Vec<SocketAddr> = std::iter::once(addr).chain(config.login_addr).collect();
    config
        .check_demo_stays_local(&listening)
        .map_err(|e| e.to_string())?;
    let portal = config.portal_name.clone();
    let tls = tls_configs(&config)?;
    let login_addr = config.login_addr;
    let app = router(config, options)
        .await
        .map_err(|e| format!("start-up failed: {e}"))?;
    let bind = |addr: SocketAddr| async move {
        tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))
    };
    let listener = bind(addr).await?;
    let (stop, stopped) = tokio::sync::watch::channel(());
    let until_stopped = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.changed().await;
        }
    };
    let mut servers = tokio::task::JoinSet::new();
    match tls {
        Some((site, login)) => {
            tracing::info!("{portal} listening on https://{addr}");
            println!("eSpace is running: https://{addr}");
            servers.spawn(tls::serve(listener, site, app.clone(), until_stopped()));
            if let (Some(login), Some(login_addr)) = (login, login_addr) {
                let listener = bind(login_addr).await?;
                tracing::info!("certificate sign-in listening on https://{login_addr}");
                servers.spawn(tls::serve(listener, login, app, until_stopped()));
            }
        }
        None => {
            tracing::info!("{portal} listening on http://{addr}");
            println!("eSpace is running: http://{addr}");
            // Leptos streams HTML in chunks: without TCP_NODELAY each keep-alive request waits ~40 ms.
            use axum::serve::ListenerExt;
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            // the peer's address: the certificate a reverse proxy forwards is believed only from
            // the trusted proxies
            let app = app.into_make_service_with_connect_info::<SocketAddr>();
            let until = until_stopped();
            servers.spawn(async move {
                if let Err(e) = axum::serve(listener, app)
                    .with_graceful_shutdown(until)
                    .await
                {
                    tracing::error!("server error: {e}");
                }
            });
        }
    }
    shutdown().await;
    let _ = stop.send(());
    while servers.join_next().await.is_some() {}
    Ok(())
}

async fn back_up(to: &std::path::Path) -> Result<(), String> {
    let config = Config::load(&config_path()).map_err(|e| e.to_string())?;
    let done = backup(&config.database_url, to)
        .await
        .map_err(|e| format!("backup: {e}"))?;
    println!("backed up to {} ({} bytes)", to.display(), done.bytes);
    Ok(())
}

async fn healthcheck(live: bool, addr: Option<SocketAddr>) -> Result<(), String> {
    let addr = match addr {
        Some(addr) => addr,
        None => leptos_options(&config_path())?.site_addr,
    };
    let path = if live { health::LIVE } else { health::READY };
    println!("{}", health::ask(addr, path).await?);
    Ok(())
}

/// The `[package.metadata.leptos]` table of the configuration file (the site address).
fn leptos_options(path: &std::path::Path) -> Result<leptos::config::LeptosOptions, String> {
    Ok(
        leptos::config::get_configuration(Some(&path.to_string_lossy()))
            .map_err(|e| {
                format!(
                    "configuration error: [package.metadata.leptos] in {}: {e}",
                    path.display()
                )
            })?
            .leptos_options,
    )
}

type TlsConfig = std::sync::Arc<rustls::ServerConfig>;

/// The site's TLS configuration and the login listener's (which asks for a client certificate),
/// when the configuration names a TLS certificate.
fn tls_configs(config: &Config) -> Result<Option<(TlsConfig, Option<TlsConfig>)>, String> {
    let (Some(certificate), Some(key)) = (&config.tls_certificate, &config.tls_key) else {
        return Ok(None);
    };
    let certificate = tls::ServerCertificate::load(certificate, key).map_err(|e| e.to_string())?;
    renewal::spawn(certificate.clone(), Clock::default());
    let site = tls::server_config(certificate.clone(), None).map_err(|e| e.to_string())?;
    let hints = sign_in::trust(config)
        .map_err(|e| e.to_string())?
        .map(|trust| trust.current().subjects());
    let login = match (config.login_addr, hints) {
        (Some(_), Some(hints)) => {
            Some(tls::server_config(certificate, Some(hints)).map_err(|e| e.to_string())?)
        }
        (Some(_), None) => {
            return Err(
                "espace.login_addr needs espace.trust_anchors and espace.revocation_lists".into(),
            );
        }
        _ => None,
    };
    Ok(Some((site, login)))
}

/// `espace pki --out DIR`: the demo persons' certificates and the refused kinds.
fn write_test_pki(out: &std::path::Path, server_names: &[String]) -> Result<(), String> {
    let pki = TestPki::new().map_err(|e| e.to_string())?;
    let holders = espace::server::demo::certificate_holders();
    let subjects: Vec<Subject<'_>> = holders
        .iter()
        .map(|(ssn, given_name, family_name)| Subject {
            ssn,
            given_name,
            family_name,
        })
        .collect();
    let names: Vec<&str> = server_names.iter().map(String::as_str).collect();
    pki.write(out, &names, &subjects)
        .map_err(|e| e.to_string())?;
    println!("test PKI written to {}", out.display());
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(e) => {
                tracing::warn!("no SIGTERM handler, stop with Ctrl-C: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
