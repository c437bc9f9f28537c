//! The portal's own pages, linked from every page's footer: the accessibility statement, the
//! privacy notice, the legal notice, and help and contact. Their texts are the operator's
//! (configuration, `[espace.about]`), each in the three languages.

use super::code::coded;
use super::language::Language;
use serde::{Deserialize, Serialize};

coded! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum AboutPage {
        Accessibility = "accessibility",
        Privacy = "privacy",
        Legal = "legal",
        Help = "help",
    }
}

/// A text in each of the portal's languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translated {
    pub fr: String,
    pub de: String,
    pub en: String,
}

impl Translated {
    pub fn new(fr: &str, de: &str, en: &str) -> Self {
        Self {
            fr: fr.into(),
            de: de.into(),
            en: en.into(),
        }
    }

    pub fn in_language(&self, language: Language) -> &str {
        match language {
            Language::Fr => &self.fr,
            Language::De => &self.de,
            Language::En => &self.en,
        }
    }
}

/// What an about page shows: its text, and for help the ways to reach the support.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AboutText {
    pub text: Translated,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_address() {
        for page in AboutPage::ALL {
            assert_eq!(AboutPage::from_code(page.code()), Some(page));
        }
        assert_eq!(AboutPage::from_code("admin"), None);
    }
}
