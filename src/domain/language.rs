//! The three languages of the portal and how a first visit picks one (help "User language").

use super::code::coded;

coded! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Language {
        Fr = "fr",
        De = "de",
        En = "en",
    }
}

impl Language {
    /// Used when the browser asks for none of the three.
    pub const DEFAULT: Language = Language::Fr;

    /// The language's own name, as the switch shows it to someone who may not read the others.
    pub fn endonym(self) -> &'static str {
        match self {
            Language::Fr => "Français",
            Language::De => "Deutsch",
            Language::En => "English",
        }
    }

    /// The browser's preferred supported language from an `Accept-Language` header, by its
    /// q-values (entries may carry spaces: `es, de;q=0.8`), or `None` when none is supported.
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut offers: Vec<(f32, Language)> = accept_language
            .split(',')
            .filter_map(|entry| {
                let mut parts = entry.trim().split(';');
                let tag = parts.next()?.trim();
                let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
                let language = Self::from_code(&primary)?;
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some((q, language))
            })
            .collect();
        // stable: among equal q-values the header's order wins
        offers.sort_by(|a, b| b.0.total_cmp(&a.0));
        offers.first().map(|(_, l)| *l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_a_supported_browser_language() {
        assert_eq!(Language::negotiate("de-DE"), Some(Language::De));
        assert_eq!(Language::negotiate("en-GB,en;q=0.9"), Some(Language::En));
        assert_eq!(Language::negotiate("es, de;q=0.8"), Some(Language::De));
        assert_eq!(
            Language::negotiate("lb-LU, fr;q=0.5, de;q=0.7"),
            Some(Language::De)
        );
        assert_eq!(Language::negotiate("FR-lu"), Some(Language::Fr));
    }

    #[test]
    fn none_when_nothing_is_supported() {
        assert_eq!(Language::negotiate("es"), None);
        assert_eq!(Language::negotiate(""), None);
        assert_eq!(Language::negotiate("de;q=0"), None);
        assert_eq!(Language::negotiate("de;q=abc"), None);
    }

    #[test]
    fn codes_round_trip() {
        for l in Language::ALL {
            assert_eq!(Language::from_code(l.code()), Some(l));
        }
    }
}
