//! `cargo xtask bench`, service-health part: parse + match against a large tenant history. Run by
//! xtask in the `native` profile; exits non-zero over budget.
//!
//! A partner pasting a year of a big tenant's service health can hand the app thousands of
//! issues; the verdict must still feel instant. The document is generated in code
//! (`triage_core::health::bench::synthetic_issues`), not read from a committed file.
//!
//! Timings are wall-clock, so run the bench on a quiet machine: on a two-core box that is also
//! compiling, the median mostly measures the compiler. The fastest run is printed as well, as the
//! best estimate of the code's own cost.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use triage_core::health::{bench::synthetic_issues, match_issues, parse_document};
use triage_core::session::{Reply, Request, Session};
use triage_core::Case;

const ISSUES: usize = 5_000;
const RUNS: usize = 11;
const BUDGET: Duration = Duration::from_millis(50);
/// An English and a Japanese description, used in turn: the Japanese one also takes the
/// substring scan, and both must fit the budget.
const CASES: [&str; 2] = [
    "Since this morning several users cannot join Microsoft Teams meetings from the desktop app.",
    "今朝から社外からのメールが届かない、または大幅に遅れて届くとユーザーから報告がありました。",
];

/// Builds the 5,000-issue document, times parse + match of one description against it (median
/// of several runs), then a whole judgement as the app asks for one on every edit (the document
/// already loaded), and fails when either is over 50 ms. `root` is the workspace root; the demo
/// sample there is parsed too, so that a broken sample fails here rather than in the demo.
fn bench(root: &Path) -> Result<(), String> {
    let sample_path = root.join("static/sample-service-health.json");
    let sample = std::fs::read_to_string(&sample_path)
        .map_err(|e| format!("{}: {e}", sample_path.display()))?;
    parse_document(&sample).map_err(|e| format!("{}: {e}", sample_path.display()))?;

    let document = synthetic_issues(ISSUES, 2024);
    let (mut parse, mut matching, mut total) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..RUNS {
        let case = CASES[run % CASES.len()];
        let start = Instant::now();
        let parsed = parse_document(&document).map_err(|e| format!("synthetic document: {e}"))?;
        let parsed_at = Instant::now();
        let matches = match_issues(case, None, &parsed.issues);
        let end = Instant::now();
        let found = matches.iter().filter(|m| m.is_match).count();
        if parsed.issues.len() != ISSUES || found == 0 {
            return Err(format!(
                "synthetic document: {} issues parsed, {found} matches for {case:?}; expected {ISSUES} and some",
                parsed.issues.len()
            ));
        }
        parse.push(parsed_at - start);
        matching.push(end - parsed_at);
        total.push(end - start);
    }
    let fastest = total.iter().min().copied().unwrap_or_default();
    let median_total = median(total);
    println!(
        "health: {ISSUES} issues ({:.1} MB), median of {RUNS} runs: parse {:.1} ms + match one case {:.1} ms = {:.1} ms (fastest {:.1} ms; budget {} ms)",
        document.len() as f64 / 1e6,
        ms(median(parse)),
        ms(median(matching)),
        ms(median_total),
        ms(fastest),
        BUDGET.as_millis(),
    );
    within_budget("service-health parse + match", median_total)?;

    let mut session = Session::default();
    if let Reply::HealthRefused { error, .. } = session.handle(Request::ReadHealth {
        generation: 1,
        doc: document,
    }) {
        return Err(format!("synthetic document refused: {}", error.text_en));
    }
    let mut judging = Vec::new();
    for run in 0..RUNS {
        let request = Request::Judge {
            seq: run as u32,
            case: Case {
                text: CASES[run % CASES.len()].into(),
                ..Case::default()
            },
            decisions: Default::default(),
            inputs: Default::default(),
        };
        let start = Instant::now();
        let reply = session.handle(request);
        judging.push(start.elapsed());
        match reply {
            Reply::Judged { judgement, .. } if !judgement.matches.is_empty() => {}
            _ => return Err("the session gave no judgement with matches".into()),
        }
    }
    let median_judging = median(judging);
    println!(
        "health: a whole judgement with the {ISSUES} issues loaded, median of {RUNS} runs: {:.1} ms (budget {} ms)",
        ms(median_judging),
        BUDGET.as_millis(),
    );
    within_budget(
        &format!("a judgement with {ISSUES} issues loaded"),
        median_judging,
    )
}

/// An error naming `what` when it took longer than the budget.
fn within_budget(what: &str, took: Duration) -> Result<(), String> {
    if took > BUDGET {
        return Err(format!(
            "{what} took {:.1} ms, over the {} ms budget",
            ms(took),
            BUDGET.as_millis()
        ));
    }
    Ok(())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> std::process::ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    match bench(&root) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}
