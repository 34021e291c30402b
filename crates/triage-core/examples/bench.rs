//! Times `classify` on one 500-character case; `cargo xtask bench` runs it in release mode and
//! reads the JSON line it prints: `{"chars", "iterations", "median_us", "p95_us", "model_bytes"}`.

use std::time::Instant;

use triage_core::{classify, model, Case, Facts, Scope};

const ITERATIONS: usize = 20_000;

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
        "{{\"chars\": {}, \"iterations\": {ITERATIONS}, \"median_us\": {:.2}, \"p95_us\": {:.2}, \"model_bytes\": {}}}",
        case.text.chars().count(),
        at(0.5),
        at(0.95),
        model::shipped_bytes().len()
    );
}
