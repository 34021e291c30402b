//! `cargo xtask train | eval | bench`: the classifier's model, its scores and its speed.
//!
//! `root` is the repository root (the workspace directory).

use std::path::{Path, PathBuf};

use triage_core::train::{self, Confusion, Labeled};
use triage_core::{classify, Case, Lang, Route};

/// The held-out macro-F1 below which `eval` fails. The split holds out one writer's tickets whole
/// (a style the model never saw), so it is lower than a random split of lines would give.
const MIN_HELD_OUT_MACRO_F1: f64 = 0.80;
/// `bench` fails above this median time per case (with 50 loaded service-health issues).
const MAX_MEDIAN_MICROS: f64 = 100.0;

pub(crate) fn corpus_dir(root: &Path) -> PathBuf {
    root.join("data/corpus")
}

fn model_path(root: &Path) -> PathBuf {
    root.join("crates/triage-core/model/model.bin")
}

/// Retrains `model.bin` from `data/corpus` (held-out cases excluded) and prints what went in.
pub fn train(root: &Path) -> Result<(), String> {
    let corpus = train::load_corpus(&corpus_dir(root))?;
    let (model, report) = train::train(&corpus)?;
    let bytes = model.to_bytes();
    let path = model_path(root);
    std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;

    println!(
        "corpus: {} cases in {}",
        corpus.len(),
        corpus_dir(root).display()
    );
    println!("{:<28} {:>5} {:>5}", "route / lang", "train", "held");
    let (mut train_n, mut held_n) = (0, 0);
    for ((route, lang), (t, h)) in &report.counts {
        println!("{:<28} {t:>5} {h:>5}", format!("{} / {lang}", route.id()));
        train_n += t;
        held_n += h;
    }
    println!("training cases: {train_n}, held-out cases: {held_n}");
    println!(
        "buckets used: {}, rows kept: {}, temperature: {:.2}",
        report.buckets_used, report.rows_kept, report.temperature
    );
    println!(
        "wrote {} ({} bytes, budget {})",
        path.display(),
        bytes.len(),
        train::MAX_MODEL_BYTES
    );
    Ok(())
}

fn short(r: Route) -> &'static str {
    match r {
        Route::KnownIssue => "known",
        Route::PartnerFix => "partner",
        Route::EscalateUndocumented => "undoc",
        Route::EscalateUnavailable => "unavail",
        Route::EscalateBug => "bug",
        Route::EscalateNetwork => "network",
        Route::EscalateRegional => "regional",
    }
}

/// Prints per-route figures, the confusion matrix, accuracy and macro-F1.
fn print_scores(title: &str, c: &Confusion) {
    println!("\n== {title} (n={})", c.total());
    println!(
        "{:<22} {:>6} {:>6} {:>6} {:>4}",
        "route", "prec", "recall", "f1", "n"
    );
    for r in Route::ALL {
        println!(
            "{:<22} {:>6.3} {:>6.3} {:>6.3} {:>4}",
            r.id(),
            c.precision(r),
            c.recall(r),
            c.f1(r),
            c.support(r)
        );
    }
    print!("\nexpected \\ predicted");
    for r in Route::ALL {
        print!(" {:>8}", short(r));
    }
    println!();
    for r in Route::ALL {
        print!("{:<20}", short(r));
        for p in Route::ALL {
            print!(" {:>8}", c.m[r.index()][p.index()]);
        }
        println!();
    }
    println!(
        "accuracy={:.3} macro_f1={:.3} n={}",
        c.accuracy(),
        c.macro_f1(),
        c.total()
    );
}

/// What the engine did on a set of labelled cases, in aggregate.
#[derive(Default)]
struct Outcome {
    all: Confusion,
    by_lang: [Confusion; 2],
    /// Per band (high, medium, low): (right, verdicts).
    bands: [(u32, u32); 3],
    /// Known-issue verdicts that name no matched issue (must be none).
    known_without_issue: u32,
    /// Verdicts carrying a question.
    questions: u32,
    /// Per verdict: (confidence, right, lead over the runner-up, runner-up's score, runner-up right).
    calls: Vec<(f32, bool, f32, f32, bool)>,
    /// Sum over verdicts of −ln(the probability given to the expected route).
    log_loss: f64,
}

/// The probability below which log-loss counts a route as given 1 in 10,000: verdicts round their
/// scores to four decimals, so 0 means "below 0.00005", not impossible.
const LOG_LOSS_FLOOR: f64 = 1e-4;

impl Outcome {
    /// Mean log-loss of the expected route: how honest the scores are, counting every verdict and
    /// not only which route won (lower is better; 1.95 is a uniform guess over seven routes).
    fn log_loss(&self) -> f64 {
        self.log_loss / self.calls.len().max(1) as f64
    }

    /// How often a verdict in band `band` (0 high, 1 medium, 2 low) is right, and the share of
    /// verdicts in it.
    fn band(&self, band: usize) -> (f64, f64) {
        let (right, total) = self.bands[band];
        (
            f64::from(right) / f64::from(total.max(1)),
            f64::from(total) / f64::from(self.all.total().max(1)),
        )
    }

    fn of(cases: &[(Case, Route, Lang)], judge: impl Fn(&Case) -> triage_core::Verdict) -> Outcome {
        let mut o = Outcome::default();
        for (case, expected, lang) in cases {
            let v = judge(case);
            o.all.add(*expected, v.route);
            o.by_lang[usize::from(*lang == Lang::Ja)].add(*expected, v.route);
            let band = match v.band {
                triage_core::Band::High => 0,
                triage_core::Band::Medium => 1,
                triage_core::Band::Low => 2,
            };
            o.bands[band].1 += 1;
            o.bands[band].0 += u32::from(v.route == *expected);
            o.known_without_issue +=
                u32::from(v.route == Route::KnownIssue && v.matched_issue.is_none());
            o.questions += u32::from(v.question.is_some());
            o.log_loss -= f64::from(v.scores.get(expected).copied().unwrap_or(0.0))
                .max(LOG_LOSS_FLOOR)
                .ln();
            let mut ranked: Vec<(Route, f32)> = v.scores.iter().map(|(r, p)| (*r, *p)).collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            let (second, p2) = ranked
                .iter()
                .copied()
                .find(|(r, _)| *r != v.route)
                .unwrap_or((v.route, 0.0));
            o.calls.push((
                v.confidence,
                v.route == *expected,
                v.confidence - p2,
                p2,
                second == *expected,
            ));
        }
        o
    }

    /// How precise and how common "high" would be at each threshold, and how often a question
    /// would be asked (and reach a wrong verdict whose runner-up is right) at each lead.
    fn print_calibration(&self) {
        let n = self.calls.len().max(1) as f64;
        print!("  high at ≥t (precision/coverage):");
        for t in [0.6f32, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98] {
            let sel: Vec<_> = self.calls.iter().filter(|c| c.0 >= t).collect();
            let right = sel.iter().filter(|c| c.1).count();
            print!(
                " {t:.2}: {:.3}/{:.2}",
                right as f64 / sel.len().max(1) as f64,
                sel.len() as f64 / n
            );
        }
        println!();
        let fixable = self.calls.iter().filter(|c| !c.1 && c.4).count();
        print!("  question when lead <l and runner-up ≥0.1 (asked share, fixable wrong verdicts reached of {fixable}):");
        for l in [0.2f32, 0.3, 0.35, 0.4, 0.5, 0.6] {
            let asked: Vec<_> = self
                .calls
                .iter()
                .filter(|c| c.2 < l && c.3 >= 0.1)
                .collect();
            let reached = asked.iter().filter(|c| !c.1 && c.4).count();
            print!(" {l:.2}: {:.2}/{reached}", asked.len() as f64 / n);
        }
        println!();
    }

    fn print(&self, title: &str) {
        print_scores(title, &self.all);
        for (lang, c) in Lang::ALL.iter().zip(&self.by_lang) {
            if c.total() > 0 {
                println!(
                    "  {}: accuracy={:.3} macro_f1={:.3} n={}",
                    lang.code(),
                    c.accuracy(),
                    c.macro_f1(),
                    c.total()
                );
            }
        }
        self.print_calibration();
        for (i, name) in ["high", "medium", "low"].iter().enumerate() {
            let (precision, coverage) = self.band(i);
            println!(
                "  band {name:<6}: precision={precision:.3} coverage={coverage:.3} n={}",
                self.bands[i].1
            );
        }
        println!(
            "  known_issue: precision={:.3} recall={:.3}; known_issue verdicts without a matched issue: {}; verdicts with a question: {}",
            self.all.precision(Route::KnownIssue),
            self.all.recall(Route::KnownIssue),
            self.known_without_issue,
            self.questions
        );
        println!("  log-loss of the expected route: {:.3}", self.log_loss());
    }
}

/// How right the verdicts are once the engineer has answered each verdict's question as the
/// expected route would, where one of its answers stands for that route: the symptom that stands
/// for it, or picking or setting aside the posted issue asked about. A question none of whose
/// answers fits leaves its verdict as it was.
fn print_answered(cases: &[(Case, Route, Lang)]) {
    use triage_core::question::{symptom_of, ISSUE, ISSUE_ASIDE};
    let (mut after, mut answered, mut fixed, mut broken) = (Confusion::default(), 0, 0, 0);
    for (case, expected, _) in cases {
        let before = classify(case);
        let answer = before.question.as_ref().and_then(|q| {
            q.answers.iter().find(|a| match a.fact.as_str() {
                "symptom" => triage_core::Symptom::from_id(&a.value) == symptom_of(*expected),
                ISSUE => *expected == Route::KnownIssue,
                ISSUE_ASIDE => *expected != Route::KnownIssue,
                _ => false,
            })
        });
        let route = match answer {
            None => before.route,
            Some(a) if a.fact == ISSUE => Route::KnownIssue,
            Some(a) if a.fact == ISSUE_ASIDE => {
                let health = triage_core::health::issues_from_values(&case.service_health);
                triage_core::engine::judge_with_health(
                    case,
                    &health,
                    std::slice::from_ref(&a.value),
                )
                .acting
                .route
            }
            Some(a) => {
                let mut case = case.clone();
                case.facts.symptom = triage_core::Symptom::from_id(&a.value);
                classify(&case).route
            }
        };
        answered += u32::from(answer.is_some());
        fixed += u32::from(before.route != *expected && route == *expected);
        broken += u32::from(before.route == *expected && route != *expected);
        after.add(*expected, route);
    }
    println!(
        "  after answering the verdict's question as the expected route would: accuracy={:.3} macro_f1={:.3} ({answered} answered: {fixed} verdicts put right, {broken} made wrong)",
        after.accuracy(),
        after.macro_f1()
    );
}

/// Reads the development set, passing only the fields a helpdesk would have.
fn dev_cases(path: &Path) -> Result<Vec<(Case, Route, Lang)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (no, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = || format!("{}:{}", path.display(), no + 1);
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}: {e}", at()))?;
        let expected = v["expected"]
            .as_str()
            .and_then(Route::from_id)
            .ok_or_else(|| format!("{}: no valid `expected`", at()))?;
        let mut given = serde_json::Map::new();
        for key in ["id", "lang", "text", "facts", "service_health"] {
            if let Some(x) = v.get(key) {
                given.insert(key.into(), x.clone());
            }
        }
        let case: Case = serde_json::from_value(serde_json::Value::Object(given))
            .map_err(|e| format!("{}: {e}", at()))?;
        let lang = case.lang.unwrap_or_default();
        out.push((case, expected, lang));
    }
    Ok(out)
}

/// Real tickets are shorter than corpus lines (median about 140 characters in English and 75 in
/// Japanese, against 220 and 120): the held-out split is also scored with each line cut to that.
const CUT_EN: usize = 140;
const CUT_JA: usize = 70;

/// The cases with each text cut to ticket length ([`cut_to_ticket`]).
fn cut_to_ticket_length(cases: &[(Case, Route, Lang)]) -> Vec<(Case, Route, Lang)> {
    cases
        .iter()
        .map(|(case, route, lang)| {
            (
                Case {
                    text: cut_to_ticket(&case.text, *lang),
                    ..case.clone()
                },
                *route,
                *lang,
            )
        })
        .collect()
}

/// A text's first sentences, up to [`CUT_EN`] or [`CUT_JA`] characters (a first sentence longer
/// than that is kept whole, up to twice as long).
pub(crate) fn cut_to_ticket(text: &str, lang: Lang) -> String {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '\n');
    let max = if lang == Lang::Ja { CUT_JA } else { CUT_EN };
    let mut cut = String::new();
    for sentence in text.split_inclusive(is_end) {
        if !cut.is_empty() && cut.chars().count() + sentence.chars().count() > max {
            break;
        }
        cut.push_str(sentence);
    }
    cut.chars().take(2 * max).collect()
}

/// Scores the shipped engine on the held-out split and on `../shared/data/dev-cases.jsonl` (if it
/// exists), in aggregate only, then retrains variants to show what each part is worth on both.
/// Fails when held-out macro-F1 is below 0.80.
pub fn eval(root: &Path, only: Option<&str>) -> Result<(), String> {
    let corpus = train::load_corpus(&corpus_dir(root))?;
    let held: Vec<(Case, Route, Lang)> = corpus
        .iter()
        .filter(|c| c.held_out())
        .map(|c: &Labeled| (c.case.clone(), c.route, c.lang()))
        .collect();
    if held.is_empty() {
        return Err("the held-out split is empty".into());
    }
    let held_out = Outcome::of(&held, classify);
    held_out.print("held-out split of data/corpus");
    print_answered(&held);
    let cut = cut_to_ticket_length(&held);
    let short = Outcome::of(&cut, classify);
    println!(
        "\n== held-out split cut to real-ticket length (first sentences up to {CUT_EN} characters in English, {CUT_JA} in Japanese)"
    );
    let (precision, coverage) = short.band(0);
    println!(
        "accuracy={:.3} macro_f1={:.3}; band high: precision={precision:.3} coverage={coverage:.3}; known_issue: precision={:.3} recall={:.3}; log-loss {:.3}",
        short.all.accuracy(),
        short.all.macro_f1(),
        short.all.precision(Route::KnownIssue),
        short.all.recall(Route::KnownIssue),
        short.log_loss()
    );

    let dev_path = root.join("../shared/data/dev-cases.jsonl");
    let dev = if dev_path.exists() {
        let dev = dev_cases(&dev_path)?;
        Outcome::of(&dev, classify)
            .print("dev-cases.jsonl (id, lang, text, facts, service_health only)");
        print_answered(&dev);
        Some(dev)
    } else {
        println!("\n{} is absent: no dev-case figures", dev_path.display());
        None
    };
    ablations(&corpus, &held, &cut, dev.as_deref(), only)?;

    let f1 = held_out.all.macro_f1();
    if f1 < MIN_HELD_OUT_MACRO_F1 {
        return Err(format!(
            "held-out macro-F1 {f1:.3} is below {MIN_HELD_OUT_MACRO_F1}"
        ));
    }
    Ok(())
}

/// Retrains the model with parts left out or changed, and switches engine parts off, printing
/// macro-F1 on the held-out split and the dev set for each.
fn ablations(
    corpus: &[Labeled],
    held: &[(Case, Route, Lang)],
    cut: &[(Case, Route, Lang)],
    dev: Option<&[(Case, Route, Lang)]>,
    only: Option<&str>,
) -> Result<(), String> {
    use triage_core::engine::{classify_with_options, Options};
    use triage_core::features::{
        DISTINCT_FEATURES, FACTS_WITH_TEXT, MASK_PRODUCTS, SIGNAL_FEATURES,
    };
    use triage_core::health::Matcher;
    let shipped = train::SHIPPED;
    let with = |options: u8| train::Setup { options, ..shipped };
    let variants: Vec<(&str, train::Setup, Options)> = vec![
        ("n-grams only, facts weigh 1", with(0), Options::SHIPPED),
        ("+ products masked", with(MASK_PRODUCTS), Options::SHIPPED),
        (
            "+ facts scaled with the text",
            with(MASK_PRODUCTS | FACTS_WITH_TEXT),
            Options::SHIPPED,
        ),
        ("+ concepts: shipped", shipped, Options::SHIPPED),
        (
            "shipped + signals",
            with(shipped.options | SIGNAL_FEATURES),
            Options::SHIPPED,
        ),
        (
            "shipped, each feature once",
            with(shipped.options | DISTINCT_FEATURES),
            Options::SHIPPED,
        ),
        (
            "shipped, without rules",
            shipped,
            Options {
                rules: false,
                ..Options::SHIPPED
            },
        ),
        (
            "shipped, near misses ignored",
            shipped,
            Options {
                near_misses: false,
                ..Options::SHIPPED
            },
        ),
        (
            "shipped, no softening when short",
            shipped,
            Options {
                soften_short: false,
                ..Options::SHIPPED
            },
        ),
        (
            "shipped, a match stands however",
            shipped,
            Options {
                clearly_other: false,
                ..Options::SHIPPED
            },
        ),
        (
            "shipped, old matcher",
            shipped,
            Options {
                matcher: Matcher::Concepts,
                ..Options::SHIPPED
            },
        ),
        (
            "shipped, matcher ignores quotes",
            shipped,
            Options {
                matcher: Matcher::RetrievalWithoutQuotes,
                ..Options::SHIPPED
            },
        ),
        (
            "shipped, matcher ignores codes",
            shipped,
            Options {
                matcher: Matcher::RetrievalWithoutCodes,
                ..Options::SHIPPED
            },
        ),
        (
            "shipped, no related symptoms",
            shipped,
            Options {
                matcher: Matcher::RetrievalWithoutRelated,
                ..Options::SHIPPED
            },
        ),
        (
            "shipped, 2^14 buckets",
            train::Setup {
                hash_bits: 14,
                ..shipped
            },
            Options::SHIPPED,
        ),
        (
            "shipped, 2^18 buckets",
            train::Setup {
                hash_bits: 18,
                ..shipped
            },
            Options::SHIPPED,
        ),
        (
            "shipped, not pruned to size",
            train::Setup {
                prune: false,
                ..shipped
            },
            Options::SHIPPED,
        ),
    ];
    println!(
        "\n== ablations (macro-F1; known_issue P/R; high-band precision/coverage; log-loss; cut: the held-out split cut to ticket length)"
    );
    println!(
        "{:<32} {:>8} {:>13} {:>11} {:>6} | {:>9} {:>6} | {:>8} {:>13} {:>11} {:>6} | {:>7}",
        "variant",
        "held F1",
        "held known",
        "held high",
        "LL",
        "cut high",
        "LL",
        "dev F1",
        "dev known",
        "dev high",
        "LL",
        "bytes"
    );
    let cell = |o: &Outcome| {
        let (precision, coverage) = o.band(0);
        (
            format!("{:.3}", o.all.macro_f1()),
            format!(
                "{:.2}/{:.2}",
                o.all.precision(Route::KnownIssue),
                o.all.recall(Route::KnownIssue)
            ),
            format!("{precision:.2}/{coverage:.2}"),
            format!("{:.3}", o.log_loss()),
        )
    };
    for (name, setup, options) in variants {
        if only.is_some_and(|only| !name.contains(only)) {
            continue;
        }
        let (model, report) = train::train_with(corpus, &setup)?;
        let judge = |c: &Case| classify_with_options(Some(&model), c, options);
        let h = cell(&Outcome::of(held, judge));
        let c = cell(&Outcome::of(cut, judge));
        let d = dev
            .map(|d| cell(&Outcome::of(d, judge)))
            .unwrap_or_default();
        println!(
            "{name:<32} {:>8} {:>13} {:>11} {:>6} | {:>9} {:>6} | {:>8} {:>13} {:>11} {:>6} | {:>7}",
            h.0, h.1, h.2, h.3, c.2, c.3, d.0, d.1, d.2, d.3, report.bytes
        );
    }
    Ok(())
}

/// Times `classify` on a 500-character case with 50 loaded issues in a native release build (the `bench` example of
/// triage-core), and checks the model's size.
pub fn bench(root: &Path) -> Result<(), String> {
    let output = crate::run::native_example(root, "bench")
        .output()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the bench example failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(stdout.trim())
        .map_err(|e| format!("unreadable bench output ({e}): {stdout}"))?;
    let median = report["median_us"]
        .as_f64()
        .ok_or("bench output has no median_us")?;
    let p95 = report["p95_us"]
        .as_f64()
        .ok_or("bench output has no p95_us")?;
    let iterations = report["iterations"].as_u64().unwrap_or(0);
    let chars = report["chars"].as_u64().unwrap_or(0);
    let issues = report["issues"].as_u64().unwrap_or(0);
    let size = std::fs::metadata(model_path(root))
        .map_err(|e| format!("model.bin: {e}"))?
        .len();
    println!(
        "classify, {chars}-character case, {issues} loaded issues, {iterations} iterations, native build (opt-level 3):"
    );
    println!("  median {median:.1} µs, p95 {p95:.1} µs");
    println!(
        "model.bin: {size} bytes (budget {})",
        train::MAX_MODEL_BYTES
    );
    if median > MAX_MEDIAN_MICROS {
        return Err(format!(
            "median {median:.1} µs is above {MAX_MEDIAN_MICROS} µs"
        ));
    }
    if size > train::MAX_MODEL_BYTES as u64 {
        return Err(format!(
            "model.bin is {size} bytes, above {}",
            train::MAX_MODEL_BYTES
        ));
    }
    Ok(())
}
