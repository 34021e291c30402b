//! Times the engine on one 500-character case against 50 loaded service-health issues (parsed
//! once, as the app keeps them); `cargo xtask bench` runs it in release mode and reads the JSON
//! line it prints: `{"chars", "issues", "iterations", "median_us", "p95_us", "model_bytes"}`.

use std::time::Instant;

use triage_core::health::{bench::synthetic_issues, parse_document};
use triage_core::{classify_with_health, model, Case, Facts, Scope};

const ITERATIONS: usize = 20_000;
const ISSUES: usize = 50;

fn main() {
    let sentence = "Since this morning several users in the Osaka office report that Outlook keeps \
                    asking for credentials and then shows a connection error; Teams chat still works. ";
    let text: String = sentence.chars().cycle().take(500).collect();
    let case = Case {
        id: Some("bench".into()),
        text,
        facts: Facts {
            scope: Some(Scope::SomeUsers),
            ..Facts::default()
        },
        ..Case::default()
    };
    let health = parse_document(&synthetic_issues(ISSUES, 7)).expect("synthetic issues parse");
    let classify = |case: &Case| classify_with_health(case, &health);
    // Load the model and warm the caches outside the timed loop.
    for _ in 0..200 {
        std::hint::black_box(classify(&case));
    }
    let mut times: Vec<f64> = (0..ITERATIONS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(classify(std::hint::black_box(&case)));
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{{\"chars\": {}, \"issues\": {ISSUES}, \"iterations\": {ITERATIONS}, \"median_us\": {:.2}, \"p95_us\": {:.2}, \"model_bytes\": {}}}",
        case.text.chars().count(),
        at(0.5),
        at(0.95),
        model::shipped_bytes().len()
    );
}
