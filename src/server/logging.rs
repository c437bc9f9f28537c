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

/// An error and its causes (`source()`), as one line: `what failed: why: why that`. A cause
/// whose text the line shows already (an error that quotes its cause) is not repeated.
pub struct Chain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut shown = self.0.to_string();
        f.write_str(&shown)?;
        let mut cause = self.0.source();
        while let Some(error) = cause {
            let text = error.to_string();
            if !shown.contains(&text) {
                write!(f, ": {text}")?;
                shown.push_str(&text);
            }
            cause = error.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Chain;

    #[derive(Debug, thiserror::Error)]
    #[error("{what}")]
    struct Failed {
        what: &'static str,
        #[source]
        cause: Option<Box<Failed>>,
    }

    fn failed(what: &'static str, cause: Option<Failed>) -> Failed {
        Failed {
            what,
            cause: cause.map(Box::new),
        }
    }

    #[test]
    fn a_chain_shows_every_cause_once() {
        let disk = failed("disk full", None);
        let write = failed("writing the page", Some(disk));
        let saving = failed("saving the member", Some(write));
        assert_eq!(
            Chain(&saving).to_string(),
            "saving the member: writing the page: disk full"
        );
        let quoting = failed(
            "error returned from database: disk full",
            Some(failed("disk full", None)),
        );
        assert_eq!(
            Chain(&quoting).to_string(),
            "error returned from database: disk full"
        );
    }
}
