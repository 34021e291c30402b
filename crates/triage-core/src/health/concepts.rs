//! Shared concepts: the bridge between a Japanese or English description and English service
//! health.
//!
//! A bilingual dictionary (`data/concepts.tsv`, compiled in) maps surface forms to concept ids
//! such as `receive` or `shared_mailbox`. Latin text is matched word by word after light
//! normalisation (lowercase, apostrophes dropped, -s/-es/-ed/-ing stripped); Japanese text, which
//! has no spaces to split on, is matched by substring with no tokenizer. In both, the longest form
//! wins where forms overlap, so `共有メールボックス` is `shared_mailbox`, not also `share` and `mail`.
//!
//! The dictionary is written by hand from general Microsoft 365 vocabulary and Microsoft's
//! Japanese UI terms. Its documentation lives here rather than in the file, which ships inside
//! the engine's worker. One concept per line, tab-separated; `#` starts a comment line:
//!
//! 1. `id`: shown to engineers as a shared term, so keep it readable.
//! 2. `kind`: `symptom`, what fails (receive, join, sign_in): a match needs a shared symptom;
//!    `object`, what it fails on (mail, meeting, file); `service`, a Microsoft 365 service or
//!    client, only a bonus when both sides agree; `generic`, recognised (and returned by
//!    [`concepts`]) but never scored.
//! 3. `weight`: how telling a shared mention is, from 0.6 (broad: mail, file) to 2.0 (very
//!    specific).
//! 4. `implies`: comma-separated ids this concept also means, or `-`.
//! 5. and on: surface forms, English and Japanese, one per column. Latin forms match whole words
//!    after the normalisation above, so list one form per word family and add irregular forms
//!    (sent, took). Where forms overlap the longest wins: list compound forms (共有メールボックス,
//!    mail flow rule, 送信者) so that their parts do not also fire.

use std::sync::OnceLock;

use serde::Serialize;

use crate::lexicon::{fnv64, FxMap, ShortWords, FNV64_OFFSET};

const DATA: &str = include_str!("../../data/concepts.tsv");

/// The dictionary may hold at most this many concepts ([`Set`] is a fixed bitset).
const MAX_CONCEPTS: usize = 512;

/// What a concept says about a problem; decides how it counts in matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConceptKind {
    /// What fails: `receive`, `join`, `sign_in`. A match needs a shared symptom.
    Symptom,
    /// What it fails on: `mail`, `meeting`, `file`.
    Object,
    /// A service or client: `exchange`, `teams`. Agreement is a bonus only.
    Service,
    /// Recognised but not scored: `user`, `error`, `intermittent`.
    Generic,
}

pub(crate) struct Concept {
    pub id: &'static str,
    pub kind: ConceptKind,
    pub weight: f32,
    implies: Vec<u16>,
}

/// A Latin form after its first word: the remaining word stems and what the whole form means.
struct Phrase {
    rest: Vec<Box<[u8]>>,
    concepts: Vec<u16>,
}

pub(crate) struct Dictionary {
    pub concepts: Vec<Concept>,
    /// First word stem → the forms starting with it.
    latin: FxMap<Box<[u8]>, Vec<Phrase>>,
    /// A quick "certainly not a first stem" test before hashing: most words of an issue are in
    /// no form, and this rejects most of them for the price of one bit.
    first_stems: WordFilter,
    /// Japanese forms (spaces removed, ASCII lowercased), longest first.
    japanese: Vec<(String, Vec<u16>)>,
}

/// The concept ids found in a text, in the order first found, each once, with the concepts they
/// imply (`shared_mailbox` brings `mailbox` and `mail`). Generic concepts are included.
pub fn concepts(text: &str) -> Vec<&'static str> {
    let dict = dictionary();
    concept_ids(dict, text)
        .into_iter()
        .map(|c| dict.concepts[usize::from(c)].id)
        .collect()
}

/// The symptoms and objects among a text's [`concepts`]: what it says fails, and on what.
pub fn symptoms_and_objects(text: &str) -> Vec<&'static str> {
    let dict = dictionary();
    concept_ids(dict, text)
        .into_iter()
        .map(|c| &dict.concepts[usize::from(c)])
        .filter(|c| matches!(c.kind, ConceptKind::Symptom | ConceptKind::Object))
        .map(|c| c.id)
        .collect()
}

fn concept_ids(dict: &Dictionary, text: &str) -> Vec<u16> {
    let mut seen = Set::default();
    let mut order = Vec::new();
    Scanner::default().scan(dict, text, &mut |c| {
        if !seen.contains(c) {
            seen.insert(c);
            order.push(c);
        }
    });
    let mut i = 0;
    while i < order.len() {
        for &implied in &dict.concepts[usize::from(order[i])].implies {
            if !seen.contains(implied) {
                seen.insert(implied);
                order.push(implied);
            }
        }
        i += 1;
    }
    order
}

pub(crate) fn dictionary() -> &'static Dictionary {
    static DICT: OnceLock<Dictionary> = OnceLock::new();
    DICT.get_or_init(|| Dictionary::parse(DATA).0)
}

impl Dictionary {
    /// Builds the dictionary. Bad lines are skipped, never fatal, and reported in the second
    /// value so that a test can insist there are none.
    fn parse(data: &'static str) -> (Dictionary, Vec<String>) {
        let mut problems = Vec::new();
        let mut concepts = Vec::new();
        let mut rows = Vec::new();
        for (n, line) in data.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').map(str::trim).collect();
            let (kind, weight) = match (cols.get(1), cols.get(2).and_then(|w| tenths(w))) {
                (Some(&"symptom"), Some(w)) => (ConceptKind::Symptom, w),
                (Some(&"object"), Some(w)) => (ConceptKind::Object, w),
                (Some(&"service"), Some(w)) => (ConceptKind::Service, w),
                (Some(&"generic"), Some(w)) => (ConceptKind::Generic, w),
                _ => {
                    problems.push(format!("line {}: bad kind or weight", n + 1));
                    continue;
                }
            };
            if cols.len() < 5 || concepts.len() >= MAX_CONCEPTS {
                problems.push(format!("line {}: no forms, or too many concepts", n + 1));
                continue;
            }
            if concepts.iter().any(|c: &Concept| c.id == cols[0]) {
                problems.push(format!("line {}: duplicate id {}", n + 1, cols[0]));
                continue;
            }
            concepts.push(Concept {
                id: cols[0],
                kind,
                weight,
                implies: Vec::new(),
            });
            rows.push(cols);
        }
        let index = |id: &str| concepts.iter().position(|c| c.id == id);
        let mut implies = Vec::new();
        for cols in &rows {
            let mut list = Vec::new();
            for id in cols[3].split(',').map(str::trim).filter(|s| *s != "-") {
                match index(id) {
                    Some(i) => list.push(i as u16),
                    None => problems.push(format!("{}: implies unknown concept {id}", cols[0])),
                }
            }
            implies.push(list);
        }
        for (concept, list) in concepts.iter_mut().zip(implies) {
            concept.implies = list;
        }

        let mut latin: FxMap<Box<[u8]>, Vec<Phrase>> = FxMap::default();
        let mut japanese: Vec<(String, Vec<u16>)> = Vec::new();
        let mut scanner = Scanner::default();
        for (i, cols) in rows.iter().enumerate() {
            let concept = i as u16;
            for form in &cols[4..] {
                if form.is_ascii() {
                    let stems = scanner.stems(form);
                    let Some((first, rest)) = stems.split_first() else {
                        problems.push(format!("{}: form {form:?} has no words", cols[0]));
                        continue;
                    };
                    let phrases = latin.entry(first.clone()).or_default();
                    let rest = rest.to_vec();
                    match phrases.iter_mut().find(|p| p.rest == rest) {
                        Some(p) if !p.concepts.contains(&concept) => p.concepts.push(concept),
                        Some(_) => {}
                        None => phrases.push(Phrase {
                            rest,
                            concepts: vec![concept],
                        }),
                    }
                } else {
                    let key = squash(form);
                    match japanese.iter_mut().find(|(f, _)| *f == key) {
                        Some((_, list)) if !list.contains(&concept) => list.push(concept),
                        Some(_) => {}
                        None => japanese.push((key, vec![concept])),
                    }
                }
            }
        }
        japanese.sort_by_key(|(form, _)| std::cmp::Reverse(form.chars().count()));
        let mut first_stems = WordFilter::default();
        for stem in latin.keys() {
            first_stems.insert(stem);
        }
        (
            Dictionary {
                concepts,
                latin,
                first_stems,
                japanese,
            },
            problems,
        )
    }
}

/// A weight as the dictionary writes it, in whole tenths: `2`, `0.6`; `1.25` is refused. (The
/// standard library's float parser, with its tables, would add 18 KB gzip to the engine's worker
/// for this alone.)
fn tenths(text: &str) -> Option<f32> {
    let digit = |c: u8| c.is_ascii_digit().then(|| f32::from(c - b'0'));
    match *text.as_bytes() {
        [units] => digit(units),
        [units, b'.', tenth] => Some((digit(units)? * 10.0 + digit(tenth)?) / 10.0),
        _ => None,
    }
}

/// Reusable buffers for scanning many texts (matching scans every issue).
#[derive(Default)]
pub(crate) struct Scanner {
    /// The lowercased ASCII letters and digits of the text being scanned, words back to back.
    latin: Vec<u8>,
    /// Word stems as spans of `latin`.
    words: Vec<(usize, usize)>,
    japanese: String,
    taken: Vec<(usize, usize, usize)>,
}

impl Scanner {
    /// Calls `found` with each concept named in `text` (implied ones not included; repeats possible).
    pub fn scan(&mut self, dict: &Dictionary, text: &str, found: &mut impl FnMut(u16)) {
        let has_japanese = self.split_words(text);
        self.match_latin(dict, &mut |c, _| found(c));
        if has_japanese {
            self.scan_japanese(dict, text, found);
        }
    }

    /// Adds the concepts named in `text` to `into`, without what they imply; see [`Set::close`].
    pub fn add(&mut self, dict: &Dictionary, text: &str, into: &mut Set) {
        self.scan(dict, text, &mut |c| into.insert(c));
    }

    /// The concepts in `text` with everything they imply.
    pub fn set(&mut self, dict: &Dictionary, text: &str, into: &mut Set) {
        self.add(dict, text, into);
        into.close(dict);
    }

    /// Matches the stems left by [`Scanner::split_words`], longest form first at each word;
    /// `found` gets each concept with the span of words (indices into `words`) naming it.
    fn match_latin(&self, dict: &Dictionary, found: &mut impl FnMut(u16, std::ops::Range<usize>)) {
        let word = |i: usize| {
            let (s, e) = self.words[i];
            &self.latin[s..e]
        };
        let mut i = 0;
        while i < self.words.len() {
            let mut used = 1;
            let phrases = Some(word(i))
                .filter(|w| dict.first_stems.may_contain(w))
                .and_then(|w| dict.latin.get(w));
            if let Some(phrases) = phrases {
                let mut best: Option<&Phrase> = None;
                for p in phrases {
                    let fits = i + p.rest.len() < self.words.len()
                        && p.rest
                            .iter()
                            .enumerate()
                            .all(|(k, w)| word(i + 1 + k) == &w[..]);
                    if fits && best.is_none_or(|b| p.rest.len() > b.rest.len()) {
                        best = Some(p);
                    }
                }
                if let Some(p) = best {
                    used += p.rest.len();
                    p.concepts.iter().for_each(|&c| found(c, i..i + used));
                }
            }
            i += used;
        }
    }

    fn scan_japanese(&mut self, dict: &Dictionary, text: &str, found: &mut impl FnMut(u16)) {
        self.japanese.clear();
        self.japanese.push_str(&squash(text));
        self.taken.clear();
        for (form_index, (form, _)) in dict.japanese.iter().enumerate() {
            for (start, _) in self.japanese.match_indices(form.as_str()) {
                let end = start + form.len();
                if !self.taken.iter().any(|&(s, e, _)| start < e && s < end) {
                    self.taken.push((start, end, form_index));
                }
            }
        }
        self.taken.sort_unstable();
        for &(_, _, form_index) in &self.taken {
            dict.japanese[form_index].1.iter().for_each(|&c| found(c));
        }
    }

    /// Splits `text` into lowercased ASCII words (full-width letters folded, apostrophes dropped
    /// so that "can't" is `cant`; everything else separates words) and leaves their stems in
    /// `words`. Returns whether the text has Japanese characters, so that one pass decides
    /// whether the substring scan is needed. Byte-wise, as issue text is almost all ASCII.
    fn split_words(&mut self, text: &str) -> bool {
        let bytes = text.as_bytes();
        // Words are written back into `latin` as they are read; they never take more bytes than
        // the text (a full-width letter is three bytes in, one out).
        self.latin.clear();
        self.latin.resize(bytes.len(), 0);
        self.words.clear();
        let (mut written, mut start, mut japanese) = (0, None, false);
        let mut read = 0;
        while let Some(&b) = bytes.get(read) {
            if b.is_ascii_alphanumeric() {
                // A run of ASCII letters and digits, copied lowercased in one go.
                let run = bytes[read..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(bytes.len() - read);
                let (from, to) = (&bytes[read..read + run], written..written + run);
                if let Some(dst) = self.latin.get_mut(to) {
                    for (d, s) in dst.iter_mut().zip(from) {
                        *d = s.to_ascii_lowercase();
                    }
                }
                start.get_or_insert(written);
                written += run;
                read += run;
                continue;
            }
            read += 1;
            let letter = match b {
                b'\'' => continue, // "can't" is one word, `cant`
                0x80.. => {
                    let c = text
                        .get(read - 1..)
                        .and_then(|t| t.chars().next())
                        .unwrap_or(' ');
                    read += c.len_utf8() - 1;
                    japanese |= is_japanese(c);
                    match fold_width(c) {
                        '’' | '‘' => continue,
                        c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase() as u8),
                        _ => None,
                    }
                }
                _ => None,
            };
            match letter {
                Some(l) => {
                    start.get_or_insert(written);
                    if let Some(slot) = self.latin.get_mut(written) {
                        *slot = l;
                    }
                    written += 1;
                }
                None => {
                    if let Some(s) = start.take() {
                        self.words.push((s, written));
                    }
                }
            }
        }
        if let Some(s) = start {
            self.words.push((s, written));
        }
        self.latin.truncate(written);
        for (s, e) in &mut self.words {
            // A stem is always a prefix of its word.
            *e = *s + stem_bytes(&self.latin[*s..*e]).len();
        }
        japanese
    }

    /// Adds the concepts named in `text` to `into` (as [`Scanner::add`]), and appends to `stems`
    /// the hashes of its Latin word stems worth comparing (no function words, numbers or
    /// one-letter words). Reads the text once.
    pub fn add_with_stems(
        &mut self,
        dict: &Dictionary,
        text: &str,
        into: &mut Set,
        stems: &mut Vec<u64>,
    ) {
        let has_japanese = self.split_words(text);
        self.last_stems(stems);
        self.match_latin(dict, &mut |c, _| into.insert(c));
        if has_japanese {
            self.scan_japanese(dict, text, &mut |c| into.insert(c));
        }
    }

    /// Adds the concepts named in `text` to `into` (as [`Scanner::add`]), its content stems to
    /// `stems` (as [`Scanner::add_with_stems`]), and to `named` each content stem that is part of
    /// a form of a scored concept (symptom, object or service) with that concept: what a
    /// description can account for by naming the concept in other words or another language.
    /// Reads the text once.
    pub fn add_with_named(
        &mut self,
        dict: &Dictionary,
        text: &str,
        into: &mut Set,
        stems: &mut Vec<u64>,
        named: &mut Vec<(u64, u16)>,
    ) {
        let has_japanese = self.split_words(text);
        self.last_stems(stems);
        self.match_latin(dict, &mut |c, span| {
            into.insert(c);
            if dict.concepts[usize::from(c)].kind != ConceptKind::Generic {
                for i in span {
                    if let Some(h) = self.stem_hash(i) {
                        named.push((h, c));
                    }
                }
            }
        });
        if has_japanese {
            self.scan_japanese(dict, text, &mut |c| into.insert(c));
        }
    }

    /// The content stems of the words [`Scanner::split_words`] left.
    fn last_stems(&self, out: &mut Vec<u64>) {
        out.extend((0..self.words.len()).filter_map(|i| self.stem_hash(i)));
    }

    /// The hash of the `i`th word's stem, if it is a content word (see [`Scanner::last_stems`]).
    fn stem_hash(&self, i: usize) -> Option<u64> {
        let (s, e) = self.words[i];
        let w = &self.latin[s..e];
        if w.len() < 2
            || w.iter().all(u8::is_ascii_digit)
            || (STOP_FILTER.may_contain(w) && STOP_STEMS.contains(w))
        {
            return None;
        }
        Some(fnv64(FNV64_OFFSET, w))
    }

    /// The word stems of a dictionary form.
    fn stems(&mut self, form: &str) -> Vec<Box<[u8]>> {
        self.split_words(form);
        self.words
            .iter()
            .map(|&(s, e)| Box::from(&self.latin[s..e]))
            .collect()
    }
}

/// A one-hash Bloom filter over words, keyed on length and first and last letters.
struct WordFilter([u64; 64]);

impl Default for WordFilter {
    fn default() -> Self {
        WordFilter([0; 64])
    }
}

impl WordFilter {
    const fn bit(word: &[u8]) -> usize {
        let (first, last) = match word {
            [first, .., last] => (*first, *last),
            [only] => (*only, *only),
            [] => (0, 0),
        };
        let key = first as usize * 31 + last as usize * 7 + word.len() * 131;
        key % (64 * 64)
    }

    /// A filter holding `words`, built at compile time.
    const fn of(words: &[&str]) -> WordFilter {
        let mut bits = [0u64; 64];
        let mut i = 0;
        while i < words.len() {
            let bit = WordFilter::bit(words[i].as_bytes());
            bits[bit / 64] |= 1 << (bit % 64);
            i += 1;
        }
        WordFilter(bits)
    }

    fn insert(&mut self, word: &[u8]) {
        let bit = WordFilter::bit(word);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn may_contain(&self, word: &[u8]) -> bool {
        let bit = WordFilter::bit(word);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Stems that say nothing about which problem an issue is: function words, and the words every
/// service-health post and every ticket use ("users may be unable to…"). Written as the stemmer
/// leaves them ("pleas", "unabl"), since that is what is looked up; sorted: every word of every
/// text is.
const STOP_STEM_WORDS: &[&str] = &[
    "admin",
    "affect",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "anyon",
    "are",
    "as",
    "at",
    "be",
    "been",
    "befor",
    "but",
    "by",
    "can",
    "cannot",
    "cant",
    "could",
    "customer",
    "did",
    "do",
    "doe",
    "doesnt",
    "dont",
    "everyon",
    "experienc",
    "for",
    "from",
    "had",
    "has",
    "hav",
    "he",
    "her",
    "hi",
    "his",
    "if",
    "impact",
    "in",
    "into",
    "is",
    "issu",
    "it",
    "its",
    "just",
    "may",
    "me",
    "microsoft",
    "might",
    "mor",
    "morn",
    "my",
    "no",
    "not",
    "now",
    "of",
    "on",
    "onl",
    "or",
    "other",
    "our",
    "pleas",
    "problem",
    "see",
    "she",
    "sinc",
    "so",
    "som",
    "still",
    "tenant",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "ther",
    "thes",
    "this",
    "thos",
    "to",
    "toda",
    "unabl",
    "user",
    "ver",
    "was",
    "we",
    "wer",
    "what",
    "when",
    "which",
    "whil",
    "who",
    "will",
    "with",
    "would",
    "you",
    "your",
];

static STOP_STEMS: ShortWords<{ STOP_STEM_WORDS.len() }> = ShortWords::new(STOP_STEM_WORDS);
/// Rules out most words before [`STOP_STEMS`] is searched: every word of every issue is looked up.
static STOP_FILTER: WordFilter = WordFilter::of(STOP_STEM_WORDS);

/// Words the suffix rules would spoil: `teams` is the product, not a plural of "team".
const NO_STEM: [&str; 4] = ["teams", "news", "always", "dynamics"];

/// A light stemmer: enough that "delays", "delayed" and "delay" meet, not a linguistic one.
/// It only needs to be consistent, as forms go through it too.
#[cfg(test)]
fn stem(word: &str) -> &str {
    let len = stem_bytes(word.as_bytes()).len();
    &word[..len]
}

/// What a phrase says once case, inflection and spacing are set aside, as a key: "Messages" and
/// "message", "times out" and "time  out" give the same one. Words outside ASCII count as they
/// are, lowercased. Reasons compare many phrases, so nothing is allocated.
pub fn word_family(phrase: &str) -> u64 {
    let mut h = FNV64_OFFSET;
    let mut buf = [0u8; 48];
    for w in phrase
        .split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '\''))
        .filter(|w| !w.is_empty())
    {
        if w.is_ascii() && w.len() <= buf.len() {
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            h = fnv64(h, stem_bytes(lower));
        } else {
            let mut utf8 = [0u8; 4];
            for c in w.chars().flat_map(char::to_lowercase) {
                h = fnv64(h, c.encode_utf8(&mut utf8).as_bytes());
            }
        }
        h = fnv64(h, &[0xff]);
    }
    h
}

/// [`stem`] on the lowercased ASCII bytes the scanner works with; the stem is a prefix.
fn stem_bytes(word: &[u8]) -> &[u8] {
    // Most words end in none of the letters the rules look at: leave them at once.
    let last = word.last().copied().unwrap_or(b' ');
    if word.len() <= 3 || !matches!(last, b's' | b'g' | b'd' | b'e' | b'y') {
        return word;
    }
    if last == b's' && NO_STEM.iter().any(|w| w.as_bytes() == word) {
        return word;
    }
    let long_enough = |s: &[u8]| s.len() >= 3;
    let mut w = word;
    if let Some(s) = w.strip_suffix(b"ies").filter(|s| long_enough(s)) {
        w = s;
    } else if let Some(s) = w
        .strip_suffix(b"s")
        .filter(|s| long_enough(s) && !matches!(s.last(), Some(b's' | b'u' | b'i')))
    {
        w = s;
    }
    let before = w.len();
    for suffix in [&b"ing"[..], b"ied", b"ed"] {
        if let Some(s) = w.strip_suffix(suffix).filter(|s| long_enough(s)) {
            w = s;
            break;
        }
    }
    if w.len() < before {
        // "logged" → "logg" → "log"; but "called" stays "call".
        let n = w.len();
        if n >= 4 && w[n - 1] == w[n - 2] && !matches!(w[n - 1], b'l' | b's' | b'z' | b'e' | b'o') {
            w = &w[..n - 1];
        }
    }
    if let Some(s) = w
        .strip_suffix(b"e")
        .or_else(|| w.strip_suffix(b"y"))
        .filter(|s| long_enough(s))
    {
        w = s;
    }
    w
}

/// Full-width ASCII (ＭＦＡ, ＯｎｅＤｒｉｖｅ) and the ideographic space read as plain ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}')
}

/// A Japanese text or form for substring matching: width folded, ASCII lowercased, no spaces
/// (engineers write both メールフロー ルール and メールフロールール).
fn squash(text: &str) -> String {
    text.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A set of concept indices.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Set([u64; MAX_CONCEPTS / 64]);

impl Set {
    pub fn insert(&mut self, c: u16) {
        let c = usize::from(c) % MAX_CONCEPTS;
        self.0[c / 64] |= 1 << (c % 64);
    }

    pub fn contains(&self, c: u16) -> bool {
        let c = usize::from(c) % MAX_CONCEPTS;
        self.0[c / 64] & (1 << (c % 64)) != 0
    }

    /// Members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros();
                bits &= bits - 1;
                Some((i * 64) as u16 + bit as u16)
            })
        })
    }

    /// Adds everything the members imply, transitively.
    pub fn close(&mut self, dict: &Dictionary) {
        loop {
            let before = self.clone();
            for c in before.iter() {
                if let Some(concept) = dict.concepts.get(usize::from(c)) {
                    for &i in &concept.implies {
                        self.insert(i);
                    }
                }
            }
            if *self == before {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_has_no_bad_lines() {
        let (dict, problems) = Dictionary::parse(DATA);
        assert_eq!(problems, Vec::<String>::new());
        assert!(dict.concepts.len() > 100);
        let forms = dict.latin.values().map(Vec::len).sum::<usize>() + dict.japanese.len();
        assert!(forms > 600, "{forms} forms");
    }

    #[test]
    fn weights_are_read_in_tenths_as_the_float_parser_reads_them() {
        for w in ["0", "2", "0.6", "1.2", "1.3", "1.8", "9.9"] {
            assert_eq!(tenths(w), w.parse::<f32>().ok(), "{w}");
        }
        for bad in ["", "1.", ".5", "1.25", "12", "-1", "1,2", "x"] {
            assert_eq!(tenths(bad), None, "{bad}");
        }
        let (_, problems) = Dictionary::parse("x\tsymptom\t1.25\t-\tx\n");
        assert_eq!(problems, ["line 1: bad kind or weight"]);
    }

    #[test]
    fn content_words_are_paired_with_the_concepts_they_name() {
        let dict = dictionary();
        let mut scanner = Scanner::default();
        let hash = |scanner: &mut Scanner, word: &str| {
            let mut out = Vec::new();
            scanner.add_with_stems(dict, word, &mut Set::default(), &mut out);
            out[0]
        };
        let id = |name: &str| dict.concepts.iter().position(|c| c.id == name).unwrap() as u16;
        let (mut set, mut stems, mut named) = (Set::default(), Vec::new(), Vec::new());
        scanner.add_with_named(
            dict,
            "Users intermittently may not receive email in the shared mailbox during the Contoso upgrade",
            &mut set,
            &mut stems,
            &mut named,
        );
        let receive = hash(&mut scanner, "receive");
        let shared = hash(&mut scanner, "shared");
        let mailbox = hash(&mut scanner, "mailbox");
        assert!(named.contains(&(receive, id("receive"))), "{named:?}");
        // A phrase pairs each of its words with the concept of the whole phrase, not its parts.
        assert!(named.contains(&(shared, id("shared_mailbox"))), "{named:?}");
        assert!(
            named.contains(&(mailbox, id("shared_mailbox"))),
            "{named:?}"
        );
        assert!(!named.iter().any(|&(_, c)| c == id("mailbox")), "{named:?}");
        // Generic concepts ("intermittently") and words in no form ("Contoso") are not paired.
        assert!(named
            .iter()
            .all(|&(_, c)| dict.concepts[usize::from(c)].kind != ConceptKind::Generic));
        let contoso = hash(&mut scanner, "contoso");
        assert!(!named.iter().any(|&(h, _)| h == contoso));
        assert!(stems.contains(&contoso) && stems.contains(&receive));
        assert!(set.contains(id("shared_mailbox")));
    }

    #[test]
    fn word_families_set_case_inflection_and_spacing_aside() {
        assert_eq!(word_family("Messages"), word_family("message"));
        assert_eq!(word_family("times  out"), word_family("time out"));
        assert_eq!(word_family("「文字化け」"), word_family("「文字化け」 "));
        assert_ne!(word_family("文字化け"), word_family("表示"));
        assert_ne!(word_family("sign in"), word_family("sign out"));
        assert_ne!(word_family("Teams"), word_family("team"));
    }

    #[test]
    fn stems_meet() {
        for group in [
            &["delay", "delays", "delayed", "delaying"][..],
            &["receive", "received", "receives", "receiving"],
            &["meeting", "meetings"],
            &["policy", "policies"],
            &["reply", "replies", "replied"],
            &["log", "logged", "logging"],
            &["call", "calls", "called", "calling"],
            &["mailbox", "mailboxes"],
            &["share", "shared", "sharing", "shares"],
            &["delivery", "deliver", "delivered"],
        ] {
            let first = stem(group[0]);
            for w in group {
                assert_eq!(stem(w), first, "{w}");
            }
        }
        assert_eq!(stem("access"), "access");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("teams"), "teams");
        assert_eq!(stem("need"), "need");
    }

    /// The list holds stems, as the scanner compares them: a word listed as written ("please",
    /// stemmed to "pleas") would never be stopped.
    #[test]
    fn function_words_are_stopped_in_every_form() {
        for word in [
            "please",
            "these",
            "those",
            "there",
            "were",
            "have",
            "having",
            "since",
            "before",
            "while",
            "some",
            "only",
            "very",
            "more",
            "today",
            "morning",
            "anyone",
            "everyone",
            "issue",
            "issues",
            "unable",
            "experience",
            "experiencing",
            "they",
            "does",
            "users",
        ] {
            assert!(STOP_STEMS.contains(stem(word).as_bytes()), "{word}");
        }
        for word in ["mailbox", "meeting", "delayed", "outlook"] {
            assert!(!STOP_STEMS.contains(stem(word).as_bytes()), "{word}");
        }
        // The quick filter in front of the list lets every listed stem through.
        for word in STOP_STEM_WORDS {
            assert!(STOP_FILTER.may_contain(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn finds_concepts_in_both_languages() {
        assert_eq!(
            concepts("Users can't receive e-mail"),
            ["user", "unable", "receive", "mail"]
        );
        assert_eq!(concepts("メールが届かない"), ["mail", "receive"]);
        let shared = concepts("共有メールボックスが開けない");
        assert_eq!(
            shared,
            ["shared_mailbox", "unable_access", "mailbox", "mail"]
        );
        assert!(!shared.contains(&"share"));
        assert_eq!(concepts("ＭＦＡ の 二段階認証"), ["mfa"]);
        assert_eq!(
            concepts("メールフロー ルールを編集"),
            ["mail_flow_rule", "edit"]
        );
        assert!(concepts("外部の送信者からのメール")
            .iter()
            .all(|c| *c != "send"));
    }

    #[test]
    fn longest_latin_form_wins() {
        assert_eq!(
            concepts("Admins can't edit mail flow rules"),
            ["unable", "edit", "mail_flow_rule"]
        );
        let c = concepts("users cannot open the shared mailbox");
        assert!(c.contains(&"shared_mailbox") && c.contains(&"unable_access"));
        assert!(!c.contains(&"share"));
        assert!(concepts("Microsoft Teams").contains(&"teams"));
        assert!(!concepts("our IT team").contains(&"teams"));
    }
}
