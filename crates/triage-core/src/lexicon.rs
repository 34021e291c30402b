//! Word lists (region names, "other tenants", "outage", …) matched against a text.
//!
//! The rules and the advice check a few hundred short phrases per case. Scanning the text once per
//! phrase would cost more than the whole model, so each list is compiled once into hashes of its
//! phrases, the text's runs of up to three words are hashed once per case, and each Latin-script
//! phrase is then one binary search. Japanese phrases, which have no word boundaries, are found as
//! substrings.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::features::{is_cjk, Normalized};
use crate::verdict::Route;

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
    /// Hashes of every run of 1 to [`MAX_WORDS`] consecutive words.
    grams: FxSet<u64>,
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

/// A fixed, sorted list of short words, looked up many times per case (every word of a text is
/// checked against it). Each word is kept as one number that sorts as the word does: its bytes
/// big-endian, padded with zeros, and its length in the last byte. A binary search then compares
/// numbers instead of calling a byte comparison at every step.
pub(crate) struct ShortWords<const N: usize>([u128; N]);

impl<const N: usize> ShortWords<N> {
    /// The longest word that can be listed or found.
    const MAX_LEN: usize = 15;

    /// Fails to compile unless `words` has `N` words, each at most [`Self::MAX_LEN`] bytes, in
    /// increasing order without repeats.
    pub const fn new(words: &[&str]) -> ShortWords<N> {
        assert!(words.len() == N, "wrong number of words");
        let mut keys = [0u128; N];
        let mut i = 0;
        while i < N {
            let bytes = words[i].as_bytes();
            assert!(bytes.len() <= Self::MAX_LEN, "word too long");
            let mut key = 0u128;
            let mut j = 0;
            while j < Self::MAX_LEN {
                let byte = if j < bytes.len() { bytes[j] } else { 0 };
                key = (key << 8) | byte as u128;
                j += 1;
            }
            keys[i] = (key << 8) | bytes.len() as u128;
            assert!(i == 0 || keys[i - 1] < keys[i], "words out of order");
            i += 1;
        }
        ShortWords(keys)
    }

    pub fn contains(&self, word: &[u8]) -> bool {
        if word.len() > Self::MAX_LEN {
            return false;
        }
        let mut key = [0u8; 16];
        key[..word.len()].copy_from_slice(word);
        key[15] = word.len() as u8;
        self.0.binary_search(&u128::from_be_bytes(key)).is_ok()
    }
}

/// FxHash (as in rustc), for the engine's hash maps and sets: their keys are short words or their
/// 64-bit hashes, looked up once per word of every ticket and issue; SipHash's protection against
/// chosen keys is not needed for keys that come from a fixed dictionary or are hashes already.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub(crate) type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// 64-bit FNV-1a: start from [`FNV64_OFFSET`] and feed bytes with [`fnv64`].
pub(crate) const FNV64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV64_PRIME: u64 = 0x0100_0000_01b3;

#[inline(always)]
pub(crate) fn fnv64(mut h: u64, bytes: &[u8]) -> u64 {
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
        let mut grams = FxSet::default();
        grams.reserve(spans.len() * MAX_WORDS);
        for start in 0..spans.len() {
            let mut h = FNV64_OFFSET;
            for (n, &(s, e)) in spans[start..].iter().take(MAX_WORDS).enumerate() {
                if n > 0 {
                    h = fnv64(h, b" ");
                }
                h = fnv64(h, &text.as_bytes()[s..e]);
                grams.insert(h);
            }
        }
        Words {
            text,
            grams,
            has_cjk,
        }
    }

    /// The text's sentences, each indexed on its own.
    pub fn sentences(&self) -> impl Iterator<Item = Words<'a>> {
        self.text
            .split(['.', '!', '?', ';', '。', '！', '？', '\n'])
            .filter(|s| !s.trim().is_empty())
            .map(Words::new)
    }

    /// True when a clause of the text names a phrase of the list and does not rule it out
    /// ([`RULED_OUT`]: "other tenants are fine", 「他のテナントでは発生していない」). Clauses end where
    /// sentences do and at commas and colons: 「複数のお客様でも発生しており、東日本は正常です」 rules
    /// out the east, not the other customers.
    pub fn affirms(&self, lexicon: &Lexicon) -> bool {
        self.any(lexicon)
            && (!self.may_rule_out()
                || self
                    .text
                    .split(CLAUSE_ENDS)
                    .map(Words::new)
                    .any(|clause| clause.any(lexicon) && !clause.rules_out()))
    }

    /// Whether the text says what it names is not hit or not the cause (see [`Words::affirms`]),
    /// and does not only wonder whether it is (「ネットワークの問題ではないか」, "not sure it is a
    /// DNS problem").
    fn rules_out(&self) -> bool {
        self.may_rule_out() && !self.any(&HEDGES)
    }

    /// Whether the text has words that can rule something out: most tickets have none, and then
    /// no clause needs to be read on its own.
    pub fn may_rule_out(&self) -> bool {
        self.any(&RULED_OUT) || (self.any(&NEGATORS) && self.any(&NOT_THE_PROBLEM))
    }

    /// True when any phrase of the list occurs: as whole words for Latin script, anywhere for
    /// Japanese.
    pub fn any(&self, lexicon: &Lexicon) -> bool {
        let c = lexicon.compiled();
        c.latin.iter().any(|h| self.grams.contains(h))
            || (self.has_cjk && c.japanese.iter().any(|p| self.text.contains(p)))
            || c.long.iter().any(|p| self.text.contains(p))
    }
}

/// Words that say what their clause names is not hit or not the cause: an engineer ruling
/// something out ("other tenants are fine", "DNS looks fine", 「他のテナントでは発生していない」).
static RULED_OUT: Lexicon = Lexicon::new(&[
    "not affected",
    "aren't affected",
    "isn't affected",
    "weren't affected",
    "unaffected",
    "not impacted",
    "unimpacted",
    "no impact",
    "not seeing it",
    "not seeing this",
    "aren't seeing it",
    "aren't seeing this",
    "isn't seeing it",
    "don't see it",
    "doesn't see it",
    "no reports",
    "not experiencing",
    "aren't experiencing",
    "aren't having",
    "no issues",
    "no problems",
    "are fine",
    "is fine",
    "seem fine",
    "seems fine",
    "look fine",
    "looks fine",
    "are ok",
    "is ok",
    "are okay",
    "is okay",
    "work fine",
    "works fine",
    "working fine",
    "are normal",
    "is normal",
    "all good",
    "ruled out",
    "not the cause",
    "no change",
    "no changes",
    "nothing changed",
    "not changed",
    "haven't changed",
    "hasn't changed",
    "didn't change",
    "only this tenant",
    "only our tenant",
    "only this customer",
    "just this tenant",
    "just this customer",
    "発生していな",
    "発生していませ",
    "発生しておりませ",
    "発生しておら",
    "起きていな",
    "起きていませ",
    "起きておりませ",
    "影響はな",
    "影響はありませ",
    "影響なし",
    "影響を受けていな",
    "影響は出ていな",
    "再現しな",
    "再現しませ",
    "再現せず",
    "問題ない",
    "問題なし",
    "問題はない",
    "問題ありませ",
    "問題はありませ",
    "は正常",
    "では正常",
    "も正常",
    "報告はな",
    "報告はありませ",
    "当社のみ",
    "弊社のみ",
    "このテナントのみ",
    "このテナントだけ",
    "このお客様のみ",
    "このお客様だけ",
    "問題ではな",
    "問題ではありませ",
    "原因ではな",
    "原因ではありませ",
    "関係ない",
    "関係なさ",
    "関係ありませ",
    "無関係",
    "変更なし",
    "変更はな",
    "変更はありませ",
    "変更していな",
    "変更はしていな",
    "変更しておりませ",
    "変えていな",
]);

/// Where a clause ends, in a normalised text or as written (see [`Words::affirms`]).
const CLAUSE_ENDS: [char; 15] = [
    '.', '!', '?', ';', ',', ':', '。', '！', '？', '、', '；', '，', '：', '\n', '\r',
];

/// The byte ranges of `text`, as written, of the clauses that rule out what they name (see
/// [`Words::affirms`]): the model's phrases from them explain nothing.
pub fn ruled_out_clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), '\n')]) {
        if CLAUSE_ENDS.contains(&c) {
            let normalized = crate::features::normalize(&text[start..i]);
            if Words::of(&normalized).rules_out() {
                out.push((start, i));
            }
            start = i + c.len_utf8();
        }
    }
    out
}

/// Words that wonder rather than rule out.
static HEDGES: Lexicon = Lexicon::new(&[
    "not sure",
    "unsure",
    "wonder",
    "might",
    "maybe",
    "may be",
    "could be",
    "possibly",
    "suspect",
    "ではないか",
    "ではないでしょうか",
    "ではなかろうか",
    "じゃないか",
    "のではな",
]);

/// "Not a", and what it says is not the problem: "not a network issue", "licensing isn't the
/// problem" rule out what their clause names. ("No" is left out: "other tenants have the same
/// issue, no fix yet" rules nothing out.)
static NEGATORS: Lexicon = Lexicon::new(&[
    "not a",
    "not an",
    "not the",
    "not our",
    "isn't a",
    "isn't an",
    "isn't the",
    "aren't the",
    "wasn't the",
]);
static NOT_THE_PROBLEM: Lexicon = Lexicon::new(&[
    "issue", "problem", "cause", "culprit", "to blame", "at fault",
]);

/// What a ticket says about a problem, in words any engineer uses, in English and Japanese: the
/// symptom (slow, down, shown wrong, not as documented, one user after a change) and how far it
/// reaches (several services, other tenants). The model weighs them beside the text's n-grams,
/// and the verdict quotes them as reasons: they are checkable, unlike a product name.
pub struct Signal {
    pub id: &'static str,
    /// The route the signal is evidence for, or `None` for breadth that fits every escalation.
    pub route: Option<Route>,
    pub en: &'static str,
    pub ja: &'static str,
    pub words: Lexicon,
}

macro_rules! signal {
    ($id:literal, $route:expr, $en:literal, $ja:literal, [$($w:literal),* $(,)?]) => {
        Signal { id: $id, route: $route, en: $en, ja: $ja, words: Lexicon::new(&[$($w),*]) }
    };
}

/// The signal with this id (one of [`SIGNALS`]).
pub fn signal(id: &str) -> &'static Signal {
    SIGNALS
        .iter()
        .find(|s| s.id == id)
        .unwrap_or(&SIGNALS[SIGNALS.len() - 1])
}

/// Every signal, in a fixed order (their feature hashes and the reasons' order follow it).
pub static SIGNALS: [Signal; 22] = [
    signal!(
        "slow",
        Some(Route::EscalateNetwork),
        "slowness or latency",
        "遅延・応答の遅さ",
        [
            "slow",
            "slowness",
            "slowly",
            "latency",
            "laggy",
            "lag",
            "sluggish",
            "high latency",
            "遅い",
            "遅延",
            "重い",
            "遅く"
        ]
    ),
    signal!(
        "timeout",
        Some(Route::EscalateNetwork),
        "time-outs",
        "タイムアウト",
        [
            "time out",
            "times out",
            "timed out",
            "timing out",
            "timeout",
            "timeouts",
            "タイムアウト"
        ]
    ),
    signal!(
        "packet_loss",
        Some(Route::EscalateNetwork),
        "packet loss or jitter",
        "パケットロスやジッター",
        [
            "packet loss",
            "packets",
            "jitter",
            "dropped packets",
            "retransmissions",
            "パケットロス",
            "パケット損失",
            "ジッター"
        ]
    ),
    signal!(
        "connection_drops",
        Some(Route::EscalateNetwork),
        "dropped or reset connections",
        "接続の切断・リセット",
        [
            "connection reset",
            "connections drop",
            "connection drops",
            "disconnects",
            "dropped calls",
            "drops",
            "tcp reset",
            "接続が切れ",
            "切断",
            "途切れ"
        ]
    ),
    signal!(
        "dns",
        Some(Route::EscalateNetwork),
        "name resolution or routing",
        "名前解決や経路",
        [
            "dns resolution",
            "name resolution",
            "nslookup",
            "traceroute",
            "tracert",
            "routing",
            "peering",
            "isp",
            "isps",
            "carrier",
            "carriers",
            "bgp",
            "edge node",
            "名前解決",
            "経路",
            "ルーティング",
            "回線",
            "プロバイダー"
        ]
    ),
    signal!(
        "several_services",
        Some(Route::EscalateNetwork),
        "several services at once",
        "複数のサービスで同時に発生",
        [
            "several services",
            "multiple services",
            "all services",
            "every service",
            "all microsoft 365 services",
            "across services",
            "複数のサービス",
            "全サービス",
            "すべてのサービス",
            "各サービス"
        ]
    ),
    signal!(
        "down",
        Some(Route::EscalateUnavailable),
        "the service is down or unavailable",
        "サービスの停止・利用不可",
        [
            "down",
            "outage",
            "unavailable",
            "not available",
            "offline",
            "service unavailable",
            "completely down",
            "totally down",
            "cannot access",
            "can't access",
            "停止",
            "ダウン",
            "利用できない",
            "使えない",
            "全く使えない",
            "アクセスできない"
        ]
    ),
    signal!(
        "cannot_sign_in",
        Some(Route::EscalateUnavailable),
        "nobody can sign in",
        "サインインできない",
        [
            "cannot sign in",
            "can't sign in",
            "cant sign in",
            "unable to sign in",
            "cannot log in",
            "can't log in",
            "unable to log in",
            "サインインできない",
            "ログインできない",
            "サインインできず",
            "ログインできず"
        ]
    ),
    signal!(
        "server_error",
        Some(Route::EscalateUnavailable),
        "server errors (HTTP 5xx)",
        "サーバー エラー (HTTP 5xx)",
        [
            "500",
            "502",
            "503",
            "504",
            "internal server error",
            "bad gateway",
            "service unavailable",
            "gateway timeout"
        ]
    ),
    signal!(
        "wrong_display",
        Some(Route::EscalateBug),
        "something is shown or done wrong",
        "表示や動作の誤り",
        [
            "garbled",
            "wrong",
            "incorrect",
            "incorrectly",
            "misaligned",
            "overlapping",
            "duplicated",
            "blank",
            "corrupted",
            "文字化け",
            "表示が崩れ",
            "崩れ",
            "誤った",
            "間違った",
            "正しく表示されない",
            "おかしい",
            "重複"
        ]
    ),
    signal!(
        "broken_control",
        Some(Route::EscalateBug),
        "a control is missing or does nothing",
        "ボタンや機能が消えた・反応しない",
        [
            "button",
            "greyed out",
            "grayed out",
            "does nothing",
            "nothing happens",
            "unresponsive",
            "not clickable",
            "missing",
            "disappeared",
            "ボタン",
            "グレーアウト",
            "反応しない",
            "何も起きない",
            "押せない",
            "消えた",
            "表示されない"
        ]
    ),
    signal!(
        "regression",
        Some(Route::EscalateBug),
        "it broke after an update",
        "更新後に発生した不具合",
        [
            "after the update",
            "since the update",
            "after update",
            "after updating",
            "new version",
            "latest version",
            "latest build",
            "used to work",
            "worked before",
            "regression",
            "since the latest",
            "アップデート後",
            "更新後",
            "アップデート以降",
            "更新以降",
            "以前は",
            "バージョン"
        ]
    ),
    signal!(
        "crash",
        Some(Route::EscalateBug),
        "crashes or freezes",
        "クラッシュやフリーズ",
        [
            "crash",
            "crashes",
            "crashed",
            "freezes",
            "freeze",
            "hangs",
            "exception",
            "stack trace",
            "クラッシュ",
            "強制終了",
            "フリーズ",
            "落ちる"
        ]
    ),
    signal!(
        "docs_differ",
        Some(Route::EscalateUndocumented),
        "it differs from the documentation",
        "ドキュメントと異なる動作",
        [
            "documentation",
            "documented",
            "docs",
            "the doc",
            "according to",
            "per the",
            "service description",
            "learn.microsoft.com",
            "ドキュメント",
            "公開情報",
            "サービスの説明",
            "記載",
            "説明と異なる",
            "仕様"
        ]
    ),
    signal!(
        "limit",
        Some(Route::EscalateUndocumented),
        "a limit or quota",
        "上限や制限",
        [
            "limit",
            "limits",
            "quota",
            "maximum",
            "max",
            "threshold",
            "cap",
            "throttled",
            "throttling",
            "上限",
            "制限",
            "最大",
            "スロットリング"
        ]
    ),
    signal!(
        "one_user",
        Some(Route::PartnerFix),
        "only one user",
        "1 人のユーザーのみ",
        [
            "one user",
            "single user",
            "only one user",
            "a single user",
            "just one user",
            "only me",
            "one mailbox",
            "1名",
            "一名",
            "1人",
            "一人",
            "1 人",
            "特定のユーザー",
            "1ユーザー"
        ]
    ),
    signal!(
        "after_change",
        Some(Route::PartnerFix),
        "a recent change on the customer's side",
        "お客様側の最近の変更",
        [
            "we changed",
            "after changing",
            "after we",
            "we enabled",
            "we disabled",
            "we migrated",
            "recently changed",
            "we moved",
            "changed the",
            "変更した",
            "変更後",
            "設定変更",
            "移行後",
            "有効にした",
            "無効にした"
        ]
    ),
    signal!(
        "licence",
        Some(Route::PartnerFix),
        "a licence or subscription",
        "ライセンスやサブスクリプション",
        [
            "licence",
            "license",
            "licensed",
            "unlicensed",
            "licenses",
            "licences",
            "subscription",
            "trial",
            "ライセンス",
            "サブスクリプション"
        ]
    ),
    signal!(
        "dns_record",
        Some(Route::PartnerFix),
        "a DNS record or domain setting",
        "DNS レコードやドメイン設定",
        [
            "mx record",
            "cname",
            "txt record",
            "spf",
            "dkim",
            "dmarc",
            "autodiscover",
            "dns record",
            "dns records",
            "レコード"
        ]
    ),
    signal!(
        "policy",
        Some(Route::PartnerFix),
        "a policy, permission or password setting",
        "ポリシー・権限・パスワードの設定",
        [
            "policy",
            "conditional access",
            "permission",
            "permissions",
            "password",
            "mfa",
            "retention policy",
            "ポリシー",
            "条件付きアクセス",
            "アクセス許可",
            "権限",
            "パスワード"
        ]
    ),
    signal!(
        "region",
        Some(Route::EscalateRegional),
        "a named region or datacenter",
        "特定のリージョンやデータセンター",
        [
            "region",
            "regional",
            "datacenter",
            "data center",
            "datacentre",
            "availability zone",
            "east us",
            "west us",
            "central us",
            "north central us",
            "south central us",
            "us east",
            "us west",
            "north europe",
            "west europe",
            "uk south",
            "uk west",
            "france central",
            "germany west central",
            "japan east",
            "japan west",
            "southeast asia",
            "east asia",
            "australia east",
            "australia southeast",
            "brazil south",
            "canada central",
            "central india",
            "korea central",
            "south africa north",
            "europe",
            "emea",
            "apac",
            "asia pacific",
            "north america",
            "latin america",
            "リージョン",
            "地域",
            "データセンター",
            "東日本",
            "西日本",
            "東南アジア",
            "アジア太平洋",
            "欧州",
            "ヨーロッパ",
            "北米",
            "南米",
            "tokyo",
            "osaka",
            "uk",
            "united kingdom",
            "australia",
            "asia",
            "singapore",
            "hong kong",
            "india",
            "brazil",
            "canada",
            "germany",
            "france",
            "netherlands",
            "ireland",
            "sweden",
            "norway",
            "switzerland",
            "korea",
            "virginia",
            "texas",
            "iowa",
            "dublin",
            "amsterdam",
            "frankfurt",
            "london",
            "sydney",
            "melbourne",
            "eu tenants",
            "us tenants",
            "九州",
            "北海道",
            "東北",
            "関西",
            "関東",
            "東京",
            "大阪",
            "オーストラリア",
            "シンガポール",
            "香港",
            "インド",
            "韓国",
            "ドイツ",
            "フランス",
            "英国",
            "イギリス",
            "米国",
            "アメリカ",
            "カナダ",
            "ブラジル",
            "特定の地域"
        ]
    ),
    signal!(
        "other_tenants",
        None,
        "other tenants are affected",
        "他のテナントにも影響",
        [
            "other tenants",
            "multiple tenants",
            "several tenants",
            "many tenants",
            "all tenants",
            "across tenants",
            "other customers",
            "multiple customers",
            "several customers",
            "many customers",
            "all our customers",
            "all customers",
            "other organizations",
            "other organisations",
            "other companies",
            "other partners",
            "widespread",
            "worldwide",
            "globally",
            "複数のテナント",
            "他のテナント",
            "他テナント",
            "複数テナント",
            "他の顧客",
            "複数の顧客",
            "他社",
            "複数のお客様",
            "他のお客様",
            "全テナント",
            "お客様すべて",
            "すべてのお客様",
            "世界的",
            "広範囲"
        ]
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions(text: &str, phrase: &'static str) -> bool {
        let list: &'static [&'static str] = Box::leak(Box::new([phrase]));
        Words::new(text).any(&Lexicon::new(list))
    }

    #[test]
    fn a_clause_that_rules_something_out_does_not_affirm_it() {
        static OTHERS: Lexicon = Lexicon::new(&["other tenants", "他のテナント", "複数のお客様"]);
        let affirms = |text: &str| Words::of(&crate::features::normalize(text)).affirms(&OTHERS);
        for text in [
            "Other tenants see the same since 9:00.",
            "Slow for us, and other tenants report it too; our UK office is fine.",
            "Not just us: other tenants see it too.",
            "他のテナントでも発生しています。",
            "複数のお客様でも発生しており、東日本リージョンは正常です。",
            "他のテナントでも同じで、ネットワークの問題ではないかと考えています。",
            "Other tenants have the same issue with no fix yet.",
            "Users in other tenants are not seeing their mail either.",
        ] {
            assert!(affirms(text), "{text}");
        }
        for text in [
            "Other tenants are fine.",
            "Other tenants we manage are not affected.",
            "Mail is slow; other tenants aren't seeing it.",
            "他のテナントでは発生していません。",
            "他のテナントは正常です。",
        ] {
            assert!(!affirms(text), "{text}");
        }
    }

    #[test]
    fn clauses_that_rule_out_are_found_where_they_are_written() {
        let text =
            "Teams drops calls. Not a network issue, the line is clean. 他テナントは問題なし。";
        let spans: Vec<&str> = ruled_out_clauses(text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect();
        assert_eq!(spans, [" Not a network issue", " 他テナントは問題なし"]);
    }

    #[test]
    fn normalised_texts_index_the_same_words() {
        let n = crate::features::normalize("Ｓｉｔｅ DOWN again; can't ACCESS");
        let list: &'static [&'static str] = &["site down", "can't access", "down again"];
        assert!(Words::of(&n).any(&Lexicon::new(list)));
        assert_eq!(Words::of(&n).grams, Words::new(&n.text).grams);
    }

    #[test]
    fn short_words_are_found_exactly() {
        const LIST: &[&str] = &["a", "ab", "abc", "fifteen-letters", "teams", "エラー"];
        let words: ShortWords<6> = ShortWords::new(LIST);
        for w in LIST {
            assert!(words.contains(w.as_bytes()), "{w}");
        }
        for w in ["", "b", "abd", "team", "teamss", "エラ", "fifteen-letterz"] {
            assert!(!words.contains(w.as_bytes()), "{w}");
        }
        // Padding and length are part of the key: a NUL byte is not nothing.
        assert!(!words.contains(b"ab\0"));
        assert!(!words.contains(b"a\0"));
        // Longer than any listed word can be.
        assert!(!words.contains(b"fifteen-letters!"));
    }

    #[test]
    #[should_panic(expected = "out of order")]
    fn short_words_must_be_listed_in_order() {
        let _ = ShortWords::<2>::new(&["teams", "outlook"]);
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
