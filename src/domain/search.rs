//! What a search box takes. A search is cut, never refused (a box that says "too long" helps
//! nobody), and bounded: the work it costs the server grows with its words, and a request body
//! can hold a megabyte of them.

/// Longest search looked at, in characters; the boxes say so with `maxlength`.
pub const MAX_CHARS: usize = 100;

/// Words of a search used at most: more narrow nothing down in practice.
pub const MAX_WORDS: usize = 5;

/// The part of what was typed that is searched: trimmed, at most `MAX_CHARS` characters.
pub fn bounded(typed: &str) -> &str {
    let typed = typed.trim();
    match typed.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => typed[..end].trim_end(),
        None => typed,
    }
}

/// Each word once, in the order typed, at most `limit` of them.
pub fn distinct<'a>(words: impl IntoIterator<Item = &'a str>, limit: usize) -> Vec<&'a str> {
    let mut kept: Vec<&str> = Vec::new();
    for word in words {
        if kept.len() == limit {
            break;
        }
        if !word.is_empty() && !kept.contains(&word) {
            kept.push(word);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_cut_at_its_longest() {
        assert_eq!(bounded("  muller "), "muller");
        let long = "é".repeat(MAX_CHARS + 50);
        assert_eq!(bounded(&long).chars().count(), MAX_CHARS);
        let two_megabytes = "a ".repeat(1 << 20);
        assert!(bounded(&two_megabytes).len() <= MAX_CHARS);
    }

    #[test]
    fn words_are_kept_once_and_up_to_the_limit() {
        assert_eq!(distinct("a b a c".split(' '), 8), ["a", "b", "c"]);
        assert_eq!(distinct("a  b".split(' '), 8), ["a", "b"]);
        assert_eq!(distinct("a b c d".split(' '), 2), ["a", "b"]);
        let many = (0..1000).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(
            distinct(many.iter().map(String::as_str), MAX_WORDS),
            ["0", "1", "2", "3", "4"]
        );
    }
}
