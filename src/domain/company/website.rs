//! A company's website (Site Internet): an http or https address of a named host.

use crate::domain::validation::Problem;

/// Longest address accepted; real home pages are far shorter.
pub const MAX: usize = 255;

/// Checks an address and answers it normalised by the URL standard (lower-case host, a path of
/// at least `/`). Without a scheme, `https://` is assumed, as browsers do.
pub fn normalise(value: &str) -> Result<String, Problem> {
    let value = value.trim();
    let has_scheme = value.contains("://");
    let candidate = if has_scheme {
        value.to_owned()
    } else {
        format!("https://{value}")
    };
    let url = url::Url::parse(&candidate).map_err(|_| Problem::Website)?;
    let named_host = matches!(url.host(), Some(url::Host::Domain(host)) if host.contains('.'));
    if !matches!(url.scheme(), "http" | "https")
        || !named_host
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(Problem::Website);
    }
    let normalised = url.to_string();
    if normalised.chars().count() > MAX {
        return Err(Problem::TooLong { max: MAX });
    }
    Ok(normalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_normalise() {
        assert_eq!(
            normalise("https://www.muller-fils.lu").as_deref(),
            Ok("https://www.muller-fils.lu/")
        );
        assert_eq!(
            normalise(" WWW.Muller-Fils.LU/contact ").as_deref(),
            Ok("https://www.muller-fils.lu/contact")
        );
        assert_eq!(
            normalise("http://muller.lu/a?b=c").as_deref(),
            Ok("http://muller.lu/a?b=c")
        );
    }

    #[test]
    fn other_things_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "ftp://muller.lu",
            "https://localhost",
            "https://192.168.0.1",
            "https://user:secret@muller.lu",
            "muller",
            "https://",
            "https://mul ler.lu",
        ] {
            assert_eq!(normalise(bad), Err(Problem::Website), "{bad}");
        }
        let long = format!("https://muller.lu/{}", "a".repeat(MAX));
        assert_eq!(normalise(&long), Err(Problem::TooLong { max: MAX }));
    }
}
