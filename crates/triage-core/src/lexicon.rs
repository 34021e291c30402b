//! Word lists (region names, "other tenants", "outage", …) matched against a text.
//!
//! The rules and the advice check a few hundred short phrases per case. Scanning the text once per
//! phrase would cost more than the whole model, so each list is compiled once into hashes of its
//! phrases, the text's runs of up to three words are hashed once per case, and each Latin-script
//! phrase is then one binary search. Japanese phrases, which have no word boundaries, are found as
//! substrings.

use std::sync::OnceLock;

use crate::features::{is_cjk, Normalized};

/// Phrases of more than this many words are found by substring search instead (no list has one).
const MAX_WORDS: usize = 3;

/// A word list, compiled on first use.
pub struct Lexicon {
    phrases: &'static [&'static str],
    compiled: OnceLock<Compiled>,
}

struct Compiled {
    /// Sorted hashes of the Latin-script phrases.
    latin: Vec<u64>,
    /// Japanese phrases, found as substrings.
    japanese: Vec<&'static str>,
    /// Latin-script phrases too long to index, found as substrings.
    long: Vec<&'static str>,
}

impl Lexicon {
    pub const fn new(phrases: &'static [&'static str]) -> Lexicon {
        Lexicon {
            phrases,
            compiled: OnceLock::new(),
        }
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            let (mut latin, mut japanese, mut long) = (Vec::new(), Vec::new(), Vec::new());
            for &p in self.phrases {
                let spans = word_spans(p);
                if p.chars().any(is_cjk) {
                    japanese.push(p);
                } else if spans.is_empty() || spans.len() > MAX_WORDS {
                    long.push(p);
                } else {
                    latin.push(hash_words(p, &spans));
                }
            }
            latin.sort_unstable();
            Compiled {
                latin,
                japanese,
                long,
            }
        })
    }
}

/// A normalised text, indexed for phrase look-ups.
pub struct Words<'a> {
    text: &'a str,
    /// Sorted hashes of every run of 1 to [`MAX_WORDS`] consecutive words.
    grams: Vec<u64>,
    /// Whether Japanese phrases can occur at all (most tickets are in one language).
    has_cjk: bool,
}

#[inline(always)]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() && !is_cjk(c)
    }
}

/// Byte spans of the Latin-script words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

const FNV64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV64_PRIME: u64 = 0x0100_0000_01b3;

#[inline(always)]
fn fnv64(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV64_PRIME);
    }
    h
}

/// 64-bit FNV-1a over the words joined by one space: no collisions to fear among a few hundred
/// entries.
fn hash_words(text: &str, spans: &[(usize, usize)]) -> u64 {
    let mut h = FNV64_OFFSET;
    for (i, &(s, e)) in spans.iter().enumerate() {
        if i > 0 {
            h = fnv64(h, b" ");
        }
        h = fnv64(h, &text.as_bytes()[s..e]);
    }
    h
}

impl<'a> Words<'a> {
    /// Indexes `text`, which should already be normalised (lower case, half-width).
    pub fn new(text: &'a str) -> Words<'a> {
        Words::from_spans(text, &word_spans(text), text.chars().any(is_cjk))
    }

    /// Indexes a normalised text, reusing the word boundaries found while normalising.
    pub fn of(normalized: &'a Normalized) -> Words<'a> {
        Words::from_spans(
            &normalized.text,
            &normalized.word_spans(),
            normalized.has_cjk(),
        )
    }

    fn from_spans(text: &'a str, spans: &[(usize, usize)], has_cjk: bool) -> Words<'a> {
        let mut grams = Vec::with_capacity(spans.len() * MAX_WORDS);
        for start in 0..spans.len() {
            let mut h = FNV64_OFFSET;
            for (n, &(s, e)) in spans[start..].iter().take(MAX_WORDS).enumerate() {
                if n > 0 {
                    h = fnv64(h, b" ");
                }
                h = fnv64(h, &text.as_bytes()[s..e]);
                grams.push(h);
            }
        }
        grams.sort_unstable();
        grams.dedup();
        Words {
            text,
            grams,
            has_cjk,
        }
    }

    /// True when any phrase of the list occurs: as whole words for Latin script, anywhere for
    /// Japanese.
    pub fn any(&self, lexicon: &Lexicon) -> bool {
        let c = lexicon.compiled();
        c.latin.iter().any(|h| self.grams.binary_search(h).is_ok())
            || (self.has_cjk && c.japanese.iter().any(|p| self.text.contains(p)))
            || c.long.iter().any(|p| self.text.contains(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions(text: &str, phrase: &'static str) -> bool {
        let list: &'static [&'static str] = Box::leak(Box::new([phrase]));
        Words::new(text).any(&Lexicon::new(list))
    }

    #[test]
    fn normalised_texts_index_the_same_words() {
        let n = crate::features::normalize("Ｓｉｔｅ DOWN again; can't ACCESS");
        let list: &'static [&'static str] = &["site down", "can't access", "down again"];
        assert!(Words::of(&n).any(&Lexicon::new(list)));
        assert_eq!(Words::of(&n).grams, Words::new(&n.text).grams);
    }

    #[test]
    fn latin_phrases_match_whole_words_only() {
        let text = "the site is down again; can't access other tenants";
        assert!(mentions(text, "down"));
        assert!(mentions(text, "can't access"));
        assert!(mentions(text, "other tenants"));
        assert!(!mentions(text, "site down"));
        assert!(!mentions("the download failed", "down"));
        assert!(!mentions("a queue backlog", "eu"));
    }

    #[test]
    fn japanese_and_long_phrases_match_as_substrings() {
        assert!(mentions("東日本リージョンで障害", "東日本"));
        assert!(!mentions("outage", "障害"));
        assert!(mentions("one two three four five", "two three four five"));
    }

    #[test]
    fn empty_and_odd_texts_are_fine() {
        assert!(!mentions("", "down"));
        assert!(!mentions("🙂 \u{0}", "障害"));
    }
}
