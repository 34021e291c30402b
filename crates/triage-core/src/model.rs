//! The linear model: one weight per (feature bucket, route), quantised to `i8`.
//!
//! A multinomial logistic regression over hashed features is small enough to ship inside the wasm
//! file, fast enough to run on every keystroke, and explains itself: a route's score is a sum of
//! per-feature weights, so the features that added most are the reasons.
//!
//! # `model.bin` (little-endian)
//!
//! | bytes | field |
//! |---|---|
//! | 4 | magic `TRGM` |
//! | 1 | format version (1) |
//! | 1 | hash bits `N`: features fold into `2^N` buckets |
//! | 1 | number of routes (7) |
//! | 1 | feature options (`features::SIGNAL_FEATURES` …) |
//! | 4 | f32 softmax temperature (calibration) |
//! | 7 × 4 | f32 bias per route |
//! | 7 × 4 | f32 scale per route: weight = `i8` × scale |
//! | 4 | u32 number of rows |
//! | rows | LEB128 gap to the previous row's bucket (first: bucket + 1), then 7 × `i8` |
//!
//! Buckets without a row weigh zero. Rows are sorted by bucket.

use std::sync::OnceLock;

use crate::case::Facts;
use crate::features::{self, Feature, Features, Normalized};
use crate::verdict::Route;

pub const ROUTES: usize = Route::ALL.len();
const MAGIC: &[u8; 4] = b"TRGM";
const VERSION: u8 = 1;

/// The model shipped with the crate (`cargo xtask train` writes it).
static SHIPPED_BYTES: &[u8] = include_bytes!("../model/model.bin");

/// The trained, quantised model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub hash_bits: u8,
    /// The feature options the model was trained with (`features::SIGNAL_FEATURES` …).
    pub options: u8,
    /// Logits are divided by it before the softmax: > 1 makes the model less sure of itself.
    pub temperature: f32,
    pub bias: [f32; ROUTES],
    pub scale: [f32; ROUTES],
    /// `(bucket, weights)`, sorted by bucket.
    pub rows: Box<[(u32, [i8; ROUTES])]>,
    /// bucket → 1 + row index, or 0: one memory read per feature at inference.
    index: Box<[u16]>,
}

/// The shipped model, parsed on first use. `Err` only if `model.bin` is broken, which the tests
/// rule out; the engine then judges by rules alone and says so.
pub fn shipped() -> Result<&'static Model, &'static str> {
    static MODEL: OnceLock<Result<Model, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::from_bytes(SHIPPED_BYTES))
        .as_ref()
        .map_err(String::as_str)
}

/// The shipped bytes, for size reports and the retraining test.
pub fn shipped_bytes() -> &'static [u8] {
    SHIPPED_BYTES
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or("model.bin is truncated")?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }

    fn leb128(&mut self) -> Result<u32, String> {
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(value)
                    .map_err(|_| "model.bin has a gap out of range".to_string());
            }
        }
        Err("model.bin has an overlong gap".into())
    }
}

impl Model {
    /// Builds a model, checking that rows are sorted, unique and inside `2^hash_bits` buckets.
    pub fn new(
        hash_bits: u8,
        temperature: f32,
        bias: [f32; ROUTES],
        scale: [f32; ROUTES],
        rows: Vec<(u32, [i8; ROUTES])>,
    ) -> Result<Model, String> {
        if !(8..=24).contains(&hash_bits) {
            return Err(format!("hash bits {hash_bits} out of 8..=24"));
        }
        if rows.len() >= usize::from(u16::MAX) {
            return Err(format!(
                "{} rows: more than the index can address",
                rows.len()
            ));
        }
        if !(temperature.is_finite() && temperature > 0.0)
            || bias.iter().chain(&scale).any(|x| !x.is_finite())
        {
            return Err("model.bin holds a non-finite number".into());
        }
        let buckets = 1usize << hash_bits;
        let mut index = vec![0u16; buckets];
        let mut last = None;
        for (i, &(bucket, _)) in rows.iter().enumerate() {
            if bucket as usize >= buckets || last.is_some_and(|l| l >= bucket) {
                return Err(format!("row {i}: bucket {bucket} out of order or range"));
            }
            last = Some(bucket);
            index[bucket as usize] = (i + 1) as u16;
        }
        Ok(Model {
            hash_bits,
            options: 0,
            temperature,
            bias,
            scale,
            rows: rows.into_boxed_slice(),
            index: index.into_boxed_slice(),
        })
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != MAGIC {
            return Err("model.bin does not start with TRGM".into());
        }
        let version = r.u8()?;
        if version != VERSION {
            return Err(format!("model.bin format {version}, expected {VERSION}"));
        }
        let hash_bits = r.u8()?;
        let routes = r.u8()?;
        if usize::from(routes) != ROUTES {
            return Err(format!("model.bin has {routes} routes, expected {ROUTES}"));
        }
        let options = r.u8()?;
        let temperature = r.f32()?;
        let mut bias = [0f32; ROUTES];
        let mut scale = [0f32; ROUTES];
        for b in &mut bias {
            *b = r.f32()?;
        }
        for s in &mut scale {
            *s = r.f32()?;
        }
        let n = r.u32()? as usize;
        let mut rows = Vec::with_capacity(n.min(bytes.len() / (ROUTES + 1)));
        let mut bucket: u32 = 0;
        for i in 0..n {
            let gap = r.leb128()?;
            bucket = if i == 0 {
                gap.wrapping_sub(1)
            } else {
                bucket.wrapping_add(gap)
            };
            let mut w = [0i8; ROUTES];
            for (x, b) in w.iter_mut().zip(r.take(ROUTES)?) {
                *x = *b as i8;
            }
            rows.push((bucket, w));
        }
        if r.at != bytes.len() {
            return Err("model.bin has trailing bytes".into());
        }
        let mut model = Model::new(hash_bits, temperature, bias, scale, rows)?;
        model.options = options;
        Ok(model)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.rows.len() * (ROUTES + 2));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[VERSION, self.hash_bits, ROUTES as u8, self.options]);
        out.extend_from_slice(&self.temperature.to_le_bytes());
        for x in self.bias.iter().chain(&self.scale) {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        let mut prev: Option<u32> = None;
        for (bucket, w) in &self.rows {
            let mut gap = prev.map_or(bucket + 1, |p| bucket - p);
            loop {
                let low = (gap & 0x7f) as u8;
                gap >>= 7;
                out.push(if gap == 0 { low } else { low | 0x80 });
                if gap == 0 {
                    break;
                }
            }
            out.extend(w.iter().map(|&x| x as u8));
            prev = Some(*bucket);
        }
        out
    }

    /// The bucket a feature hash falls into: the high bits are folded in, because FNV's low bits
    /// alone mix poorly.
    pub fn bucket(&self, hash: u32) -> u32 {
        bucket(hash, self.hash_bits)
    }

    /// 1 + the row a feature hash falls on, or 0 for a bucket without weights.
    #[inline(always)]
    fn row_of(&self, hash: u32) -> u16 {
        self.index[self.bucket(hash) as usize]
    }

    /// Scores a case from its collected features (see [`Model::score_text`]).
    pub fn score(&self, features: &Features) -> Scored {
        let mut b = ScoreBuilder::new(self);
        features.text.iter().for_each(|&f| b.add(f));
        b.finish(&features.facts)
    }

    /// Scores a normalised text and its facts as the features stream out of the extractor: the
    /// raw logits of every route (before the temperature), and the weights summed per span of
    /// the text, kept to explain the result ([`Model::contribution`]).
    pub fn score_text(&self, text: &Normalized, facts: &Facts) -> Scored {
        let mut b = ScoreBuilder::new(self);
        // Two spans per word (the word and the pair it starts) or three per Japanese character
        // (counted half a word), about: the list seldom grows.
        b.spans.reserve(text.word_count() * 3);
        features::each_text_feature_with(text, self.options, |f| b.add(f));
        let mut other = features::fact_features(facts);
        other.extend(features::meaning_features(text, self.options));
        b.finish(&other)
    }

    /// The raw logits of every route (before the temperature).
    pub fn logits(&self, features: &Features) -> [f32; ROUTES] {
        self.score(features).logits
    }

    /// How much a span of the text pushes `route` above the average route, in logit units: the
    /// model's own explanation.
    pub fn contribution(&self, span: &SpanWeights, norm: f32, route: Route) -> f32 {
        let mut mean = 0.0;
        for r in 0..ROUTES {
            mean += span.sum[r] as f32 * self.scale[r];
        }
        mean /= ROUTES as f32;
        let r = route.index();
        (span.sum[r] as f32 * self.scale[r] - mean) * norm
    }
}

/// `sum += w`, one route at a time. Written out: the loop is not unrolled in size-optimised
/// builds, and this runs for every feature of every case.
#[inline(always)]
fn add_row(sum: &mut [i32; ROUTES], w: &[i8; ROUTES]) {
    sum[0] += i32::from(w[0]);
    sum[1] += i32::from(w[1]);
    sum[2] += i32::from(w[2]);
    sum[3] += i32::from(w[3]);
    sum[4] += i32::from(w[4]);
    sum[5] += i32::from(w[5]);
    sum[6] += i32::from(w[6]);
}

/// Sums a case's weights as its features arrive.
struct ScoreBuilder<'m> {
    model: &'m Model,
    spans: Vec<SpanWeights>,
    features: usize,
    /// With [`features::DISTINCT_FEATURES`], one bit per bucket already counted.
    seen: Option<Vec<u64>>,
}

impl<'m> ScoreBuilder<'m> {
    fn new(model: &'m Model) -> ScoreBuilder<'m> {
        let distinct = model.options & features::DISTINCT_FEATURES != 0;
        ScoreBuilder {
            model,
            spans: Vec::new(),
            features: 0,
            seen: distinct.then(|| vec![0u64; (1usize << model.hash_bits).div_ceil(64)]),
        }
    }

    #[inline(always)]
    fn add(&mut self, f: Feature) {
        if let Some(seen) = &mut self.seen {
            let b = self.model.bucket(f.hash) as usize;
            let (word, bit) = (b / 64, 1u64 << (b % 64));
            if seen[word] & bit != 0 {
                return;
            }
            seen[word] |= bit;
        }
        self.features += 1;
        let i = self.model.row_of(f.hash);
        if i == 0 {
            return;
        }
        let w = &self.model.rows[usize::from(i) - 1].1;
        // Features of one span come out of the extractor together.
        let span = match self.spans.last_mut() {
            Some(last) if (last.start, last.end) == (f.start, f.end) => last,
            _ => {
                self.spans.push(SpanWeights {
                    start: f.start,
                    end: f.end,
                    sum: [0; ROUTES],
                });
                self.spans.last_mut().expect("just pushed")
            }
        };
        add_row(&mut span.sum, w);
    }

    fn finish(self, facts: &[u32]) -> Scored {
        let model = self.model;
        let mut text = [0i32; ROUTES];
        for s in &self.spans {
            for (t, x) in text.iter_mut().zip(s.sum) {
                *t += x;
            }
        }
        let mut fact_sum = [0i32; ROUTES];
        for i in facts.iter().map(|&h| model.row_of(h)).filter(|&i| i != 0) {
            for (f, &x) in fact_sum.iter_mut().zip(&model.rows[usize::from(i) - 1].1) {
                *f += i32::from(x);
            }
        }
        let (norm, fact_norm) = scales(model.options, self.features, facts.len());
        let mut logits = model.bias;
        for r in 0..ROUTES {
            logits[r] += model.scale[r] * (text[r] as f32 * norm + fact_sum[r] as f32 * fact_norm);
        }
        Scored {
            logits,
            spans: self.spans,
            norm,
        }
    }
}

/// A case as the model scored it.
#[derive(Debug, Clone)]
pub struct Scored {
    pub logits: [f32; ROUTES],
    /// The weights of the text's features, summed per span, in text order.
    pub spans: Vec<SpanWeights>,
    /// The 1/√n scaling of the text features.
    pub norm: f32,
}

/// The quantised weights of all features of one span of the text (a word, a word pair, or a
/// Japanese n-gram), summed.
#[derive(Debug, Clone)]
pub struct SpanWeights {
    pub start: u32,
    pub end: u32,
    pub sum: [i32; ROUTES],
}

/// Folds a 32-bit hash into `2^bits` buckets.
#[inline(always)]
pub fn bucket(hash: u32, bits: u8) -> u32 {
    (hash ^ (hash >> bits)) & ((1u32 << bits) - 1)
}

/// What each text feature and each fact feature is multiplied by, for a model with feature
/// `options`, given how many text features were counted and how many fact features there are.
pub fn scales(options: u8, text: usize, facts: usize) -> (f32, f32) {
    if options & features::FACTS_WITH_TEXT != 0 {
        let norm = text_norm(text + facts);
        (norm, norm)
    } else {
        (text_norm(text), 1.0)
    }
}

/// Text features are scaled by 1/√n so that a long ticket does not shout down a short one.
pub fn text_norm(n: usize) -> f32 {
    if n == 0 {
        0.0
    } else {
        1.0 / (n as f32).sqrt()
    }
}

/// Softmax with a temperature, stable for any finite logits.
pub fn softmax(logits: &[f32; ROUTES], temperature: f32) -> [f32; ROUTES] {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut out = [0f32; ROUTES];
    let mut sum = 0.0;
    for (o, &l) in out.iter_mut().zip(logits) {
        *o = ((l - max) / temperature).exp();
        sum += *o;
    }
    for o in &mut out {
        *o /= sum;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        let rows = vec![
            (0, [1, -2, 3, -4, 5, -6, 127]),
            (200, [-128; ROUTES]),
            (70_000, [0, 0, 0, 1, 0, 0, 0]),
        ];
        Model::new(17, 1.5, [0.1; ROUTES], [0.01; ROUTES], rows).unwrap()
    }

    /// A model with weight 10 on route 0 for every feature of `words` and of `facts`.
    fn weighing(options: u8, words: &str, facts: &Facts) -> Model {
        let mut buckets: Vec<u32> = features::text_features(&features::normalize(words))
            .iter()
            .map(|f| f.hash)
            .chain(features::fact_features(facts))
            .map(|h| bucket(h, 16))
            .collect();
        buckets.sort_unstable();
        buckets.dedup();
        let rows = buckets
            .into_iter()
            .map(|b| (b, [10, 0, 0, 0, 0, 0, 0]))
            .collect();
        let mut m = Model::new(16, 1.0, [0.0; ROUTES], [1.0; ROUTES], rows).unwrap();
        m.options = options;
        m
    }

    fn route0(m: &Model, text: &str, facts: &Facts) -> f32 {
        m.score_text(&features::normalize(text), facts).logits[0]
    }

    #[test]
    fn facts_weigh_one_each_or_go_with_the_text() {
        let facts = Facts {
            scope: Some(crate::case::Scope::MultipleTenants),
            ..Facts::default()
        };
        let none = Facts::default();
        let short = "x";
        let long = "x y z w v u t s r q p o n m l k j i h g f e d c b a";
        let alone = weighing(0, "", &facts);
        // Weighing 1, the fact adds its whole weight whatever the length of the text.
        assert_eq!(route0(&alone, short, &facts), 10.0);
        assert_eq!(route0(&alone, long, &facts), 10.0);
        // Going with the text, it is one feature among the text's: a long text dilutes it.
        let with = weighing(features::FACTS_WITH_TEXT, "", &facts);
        let (s, l) = (route0(&with, short, &facts), route0(&with, long, &facts));
        assert!(s < 10.0 && l < s / 3.0, "short {s}, long {l}");
        assert_eq!(route0(&with, long, &none), 0.0);
    }

    #[test]
    fn distinct_features_count_a_repeated_word_once() {
        let none = Facts::default();
        let counted = weighing(0, "outage", &none);
        let once = weighing(features::DISTINCT_FEATURES, "outage", &none);
        let one = route0(&once, "outage", &none);
        assert!(one > 0.0);
        // Said three times, the word's features count once; only the new pair "outage outage"
        // (no weight) is added to the count.
        let thrice = route0(&once, "outage outage outage", &none);
        assert!(thrice < one && thrice > one * 0.9, "{thrice} against {one}");
        let counted_thrice = route0(&counted, "outage outage outage", &none);
        assert!(counted_thrice > 1.5 * route0(&counted, "outage", &none));
    }

    #[test]
    fn bytes_round_trip() {
        let m = sample();
        assert_eq!(Model::from_bytes(&m.to_bytes()).unwrap(), m);
    }

    #[test]
    fn broken_bytes_are_refused_not_panicked_on() {
        let bytes = sample().to_bytes();
        for cut in 0..bytes.len() {
            assert!(Model::from_bytes(&bytes[..cut]).is_err());
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(Model::from_bytes(&extra).is_err());
    }

    #[test]
    fn the_shipped_model_loads_and_fits_the_budget() {
        let m = shipped().unwrap();
        assert!(shipped_bytes().len() <= 96 * 1024);
        assert_eq!(m.to_bytes(), shipped_bytes());
    }

    #[test]
    fn softmax_sums_to_one_even_for_extreme_logits() {
        let p = softmax(&[1e30, -1e30, 0.0, 5.0, 5.0, 1.0, -3.0], 1.0);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p.iter().all(|x| x.is_finite()));
    }
}
