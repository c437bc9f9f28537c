//! Text as searches compare it: lower-case and without accents, so that "emile" finds "Émile"
//! (the NACE picker's labels, members' names and addresses).

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}
