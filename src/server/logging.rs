//! The log: to standard output, as text for a terminal or as one JSON object per line for a log
//! collector (`log_format`). Either way each line carries the fields of the spans it was logged
//! in, so a request's id (`server::request_id`) is on every line logged while serving it.

use crate::server::config::LogFormat;
use tracing_subscriber::{EnvFilter, fmt::MakeWriter};

/// What is logged: `RUST_LOG`, by default `info` and only sqlx's warnings.
fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"))
}

/// Starts logging to standard output for the whole process; a second start keeps the first.
pub fn start(format: LogFormat) {
    let _ = tracing::subscriber::set_global_default(subscriber(format, std::io::stdout));
}

/// The subscriber writing `format` to `writer`; the tests give it a buffer.
pub fn subscriber<W>(format: LogFormat, writer: W) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_writer(writer);
    match format {
        LogFormat::Text => Box::new(logs.finish()),
        // every enclosing span, not only the innermost: the request's is the outermost
        LogFormat::Json => Box::new(
            logs.json()
                .with_current_span(false)
                .with_span_list(true)
                .finish(),
        ),
    }
}
