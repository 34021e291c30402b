//! `cargo xtask train | eval | bench`: the classifier's model, its scores and its speed.
//!
//! `root` is the repository root (the workspace directory).

use std::path::{Path, PathBuf};

use triage_core::train::{self, Confusion, Labeled};
use triage_core::{classify, Case, Lang, Route};

/// The held-out macro-F1 below which `eval` fails.
const MIN_HELD_OUT_MACRO_F1: f64 = 0.85;
/// `bench` fails above this median time per case.
const MAX_MEDIAN_MICROS: f64 = 50.0;

fn corpus_dir(root: &Path) -> PathBuf {
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

/// Classifies labelled cases; prints the scores overall and per language, then the misses.
fn score(title: &str, cases: &[(Case, Route, Lang)]) -> Confusion {
    let mut all = Confusion::default();
    let mut by_lang = [Confusion::default(), Confusion::default()];
    let mut misses = Vec::new();
    for (case, expected, lang) in cases {
        let v = classify(case);
        all.add(*expected, v.route);
        by_lang[usize::from(*lang == Lang::Ja)].add(*expected, v.route);
        if v.route != *expected {
            let id = case.id.as_deref().unwrap_or("?");
            misses.push(format!(
                "{id}: {} -> {} ({:.2})",
                short(*expected),
                short(v.route),
                v.confidence
            ));
        }
    }
    print_scores(title, &all);
    for (lang, c) in Lang::ALL.iter().zip(&by_lang) {
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
    if !misses.is_empty() {
        println!("misclassified: {}", misses.join("; "));
    }
    all
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

/// Scores the shipped model on the held-out split, then on `../shared/data/dev-cases.jsonl` if it
/// exists. Fails when held-out macro-F1 is below 0.85.
pub fn eval(root: &Path) -> Result<(), String> {
    let corpus = train::load_corpus(&corpus_dir(root))?;
    let held: Vec<(Case, Route, Lang)> = corpus
        .iter()
        .filter(|c| train::is_held_out(c.id()))
        .map(|c: &Labeled| (c.case.clone(), c.route, c.lang()))
        .collect();
    if held.is_empty() {
        return Err("the held-out split is empty".into());
    }
    let held_out = score("held-out split of data/corpus", &held);

    let dev = root.join("../shared/data/dev-cases.jsonl");
    if dev.exists() {
        score(
            "dev-cases.jsonl (id, lang, text, facts, service_health only)",
            &dev_cases(&dev)?,
        );
    } else {
        println!("\n{} is absent: no dev-case figures", dev.display());
    }

    let f1 = held_out.macro_f1();
    if f1 < MIN_HELD_OUT_MACRO_F1 {
        return Err(format!(
            "held-out macro-F1 {f1:.3} is below {MIN_HELD_OUT_MACRO_F1}"
        ));
    }
    Ok(())
}

/// Times `classify` on a 500-character case in a native release build (the `bench` example of
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
    let size = std::fs::metadata(model_path(root))
        .map_err(|e| format!("model.bin: {e}"))?
        .len();
    println!(
        "classify, {chars}-character case, {iterations} iterations, native build (opt-level 3):"
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
