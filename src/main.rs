//! Starts the eSpace server: configuration, database, demo data, then serves on the site address.

// the release build monomorphises the app's deeply nested view types here, in the binary
#![recursion_limit = "512"]

use clap::Parser;
use espace::server::{
    app::router,
    back_office::{
        certifications::{self, CertificationsCommand},
        codes::{self, CodesCommand},
        operators::{self, OperatorsCommand},
        procedures::{self, ProceduresCommand},
    },
    config::Config,
};
use std::{path::PathBuf, process::ExitCode};
use tracing_subscriber::EnvFilter;

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
    /// Who may run the back office.
    #[command(subcommand)]
    Operators(OperatorsCommand),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
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
        Some(Command::Operators(command)) => {
            back_office(|config| async move { operators::run(&config, command).await }).await
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

fn config_path() -> PathBuf {
    PathBuf::from(std::env::var("ESPACE_CONFIG").unwrap_or_else(|_| "Leptos.toml".into()))
}

/// Runs a back-office command on the configured database and prints its answer.
async fn back_office<F: Future<Output = Result<String, String>>>(
    command: impl FnOnce(Config) -> F,
) -> Result<(), String> {
    let config = Config::load(&config_path()).map_err(|e| e.to_string())?;
    print!("{}", command(config).await?);
    Ok(())
}

async fn serve() -> Result<(), String> {
    let path = config_path();
    let config = Config::load(&path).map_err(|e| e.to_string())?;
    let options = leptos::config::get_configuration(Some(&path.to_string_lossy()))
        .map_err(|e| {
            format!(
                "configuration error: [package.metadata.leptos] in {}: {e}",
                path.display()
            )
        })?
        .leptos_options;
    let addr = options.site_addr;
    let portal = config.portal_name.clone();
    let app = router(config, options)
        .await
        .map_err(|e| format!("start-up failed: {e}"))?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("{portal} listening on http://{addr}");
    println!("eSpace is running: http://{addr}");
    // Leptos streams HTML in chunks: without TCP_NODELAY each keep-alive request waits ~40 ms.
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| format!("server error: {e}"))
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("SIGTERM handler");
    tokio::select! {
        _ = ctrl_c => {},
        _ = term.recv() => {},
    }
}
