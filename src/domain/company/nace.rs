//! NACE Rev. 2, the EU's classification of economic activities (Code NACE, Libellé NACE).
//! The code's shape is checked everywhere; the list itself (996 activities with their French,
//! German and English labels, from Eurostat — see `scripts/nace/generate.py`) stays on the
//! server, so the browser does not download it: the picker asks the server.

use crate::domain::{language::Language, validation::Problem};
use serde::{Deserialize, Serialize};

/// One activity of the classification at any of its four levels: section (`M`), division
/// (`69`), group (`69.2`) or class (`69.20`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NaceActivity {
    pub code: String,
    pub labels: NaceLabels,
}

/// The official label in each language of the interface.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NaceLabels {
    pub fr: String,
    pub de: String,
    pub en: String,
}

impl NaceLabels {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Fr => &self.fr,
            Language::De => &self.de,
            Language::En => &self.en,
        }
    }
}

/// Puts a typed code in the classification's form: `m` → `M`, `6201` → `62.01`, `692` →
/// `69.2`. Only the shape is checked here; [`Classification::find`] says whether it exists.
pub fn normalise(value: &str) -> Result<String, Problem> {
    let value = value.trim();
    let digits: String = value.chars().filter(|c| *c != '.').collect();
    let shaped = match digits.len() {
        1 if digits.bytes().all(|b| b.is_ascii_alphabetic()) => digits.to_ascii_uppercase(),
        2..=4 if digits.bytes().all(|b| b.is_ascii_digit()) => {
            let (division, rest) = digits.split_at(2);
            if rest.is_empty() {
                division.to_owned()
            } else {
                format!("{division}.{rest}")
            }
        }
        _ => return Err(Problem::NaceFormat),
    };
    // the dots, if typed, must be where the classification puts them
    if value.contains('.') && value != shaped {
        return Err(Problem::NaceFormat);
    }
    Ok(shaped)
}

#[cfg(feature = "ssr")]
pub use list::Classification;

#[cfg(feature = "ssr")]
mod list {
    use super::*;
    use crate::domain::folding::fold;
    use std::{collections::HashMap, sync::LazyLock};

    const DATA: &str = include_str!("../nace_rev2.tsv");

    /// The whole classification, read once from the data file compiled into the server.
    pub struct Classification {
        activities: Vec<(NaceActivity, Folded)>,
        by_code: HashMap<String, usize>,
    }

    /// Labels lower-cased and without accents, for searching ("societe" finds "Société").
    struct Folded([String; 3]);

    static CLASSIFICATION: LazyLock<Classification> = LazyLock::new(Classification::parse);

    impl Classification {
        pub fn get() -> &'static Classification {
            &CLASSIFICATION
        }

        fn parse() -> Self {
            let activities: Vec<_> = DATA
                .lines()
                .skip(1)
                .map(|line| {
                    let columns: Vec<&str> = line.split('\t').collect();
                    let labels = NaceLabels {
                        fr: columns[3].to_owned(),
                        de: columns[4].to_owned(),
                        en: columns[5].to_owned(),
                    };
                    let folded = Folded([fold(&labels.fr), fold(&labels.de), fold(&labels.en)]);
                    (
                        NaceActivity {
                            code: columns[0].to_owned(),
                            labels,
                        },
                        folded,
                    )
                })
                .collect();
            let by_code = activities
                .iter()
                .enumerate()
                .map(|(i, (a, _))| (a.code.clone(), i))
                .collect();
            Self {
                activities,
                by_code,
            }
        }

        pub fn len(&self) -> usize {
            self.activities.len()
        }

        pub fn is_empty(&self) -> bool {
            self.activities.is_empty()
        }

        /// The activity of a code in normalised form.
        pub fn find(&self, code: &str) -> Option<&NaceActivity> {
            self.by_code.get(code).map(|&i| &self.activities[i].0)
        }

        /// Checks a typed code: its shape, then that the classification has it.
        pub fn validate(&self, value: &str) -> Result<&NaceActivity, Problem> {
            self.find(&normalise(value)?).ok_or(Problem::NaceUnknown)
        }

        /// Activities matching what a person typed, in classification order, at most `limit`:
        /// those whose code starts with it, then those whose label in `language` contains
        /// every word of it. Nothing typed lists the sections, to browse from.
        pub fn search(&self, query: &str, language: Language, limit: usize) -> Vec<NaceActivity> {
            let query = crate::domain::search::bounded(query);
            let typed = fold(query);
            let words = crate::domain::search::distinct(
                typed.split_whitespace(),
                crate::domain::search::MAX_WORDS,
            );
            if words.is_empty() {
                return self
                    .activities
                    .iter()
                    .filter(|(a, _)| a.code.len() == 1)
                    .map(|(a, _)| a.clone())
                    .take(limit)
                    .collect();
            }
            let code = normalise(query).ok();
            let by_code = self
                .activities
                .iter()
                .filter(|(a, _)| code.as_deref().is_some_and(|code| a.code.starts_with(code)));
            let column = match language {
                Language::Fr => 0,
                Language::De => 1,
                Language::En => 2,
            };
            let by_label = self.activities.iter().filter(|(a, folded)| {
                code.as_deref().is_none_or(|code| !a.code.starts_with(code))
                    && words.iter().all(|w| folded.0[column].contains(w))
            });
            by_code
                .chain(by_label)
                .map(|(a, _)| a.clone())
                .take(limit)
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_codes_take_the_classification_shape() {
        assert_eq!(normalise(" m ").as_deref(), Ok("M"));
        assert_eq!(normalise("69").as_deref(), Ok("69"));
        assert_eq!(normalise("692").as_deref(), Ok("69.2"));
        assert_eq!(normalise("6920").as_deref(), Ok("69.20"));
        assert_eq!(normalise("69.20").as_deref(), Ok("69.20"));
        for bad in ["", "6", "69201", "6.920", "MM", "6a", "69,20", "Ω"] {
            assert_eq!(normalise(bad), Err(Problem::NaceFormat), "{bad}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_classification_has_all_four_levels_in_three_languages() {
        let list = Classification::get();
        assert_eq!(list.len(), 996);
        let class = list.validate("6201").unwrap();
        assert_eq!(class.labels.fr, "Programmation informatique");
        assert_eq!(class.labels.de, "Programmierungstätigkeiten");
        assert_eq!(class.labels.en, "Computer programming activities");
        assert_eq!(
            list.find("M").unwrap().labels.get(Language::Fr),
            "ACTIVITÉS SPÉCIALISÉES, SCIENTIFIQUES ET TECHNIQUES"
        );
        assert_eq!(
            list.find("69").unwrap().labels.en,
            "Legal and accounting activities"
        );
        assert_eq!(
            list.find("69.2").unwrap().labels.de,
            "Wirtschaftsprüfung und Steuerberatung; Buchführung"
        );
        assert_eq!(list.validate("99.99"), Err(Problem::NaceUnknown));
        assert_eq!(list.validate("X"), Err(Problem::NaceUnknown));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn search_by_code_then_by_label_in_the_viewers_language() {
        let list = Classification::get();
        let codes = |q: &str, l: Language| {
            list.search(q, l, 50)
                .into_iter()
                .map(|a| a.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes("62", Language::En),
            ["62", "62.0", "62.01", "62.02", "62.03", "62.09"]
        );
        assert!(codes("programmation", Language::Fr).contains(&"62.01".to_owned()));
        assert!(codes("PROGRAMMIERUNG", Language::De).contains(&"62.01".to_owned()));
        // accents do not matter, every word must be found
        assert!(codes("activites comptables", Language::Fr).contains(&"69.20".to_owned()));
        assert!(codes("computer programming", Language::Fr).is_empty());
        assert_eq!(codes("", Language::En).len(), 21);
        assert_eq!(list.search("a", Language::En, 5).len(), 5);
    }

    /// A query of two megabytes is searched as its first words: the probe's 2 MB query took
    /// 10.5 s of CPU, each of its words compared with every label.
    #[cfg(feature = "ssr")]
    #[test]
    fn only_the_start_of_a_long_query_is_searched() {
        let list = Classification::get();
        let huge = "programmation ".repeat(150_000) + "zzz";
        assert_eq!(
            list.search(&huge, Language::Fr, 50),
            list.search("programmation", Language::Fr, 50)
        );
        let many_words = (0..200_000).map(|i| format!("w{i} ")).collect::<String>();
        assert!(list.search(&many_words, Language::Fr, 50).is_empty());
    }
}
