//! The shipped `model.bin` must be exactly what training on `data/corpus` produces: no hand-edited
//! or stale model can ship. If this fails after a corpus or feature change, run `cargo xtask train`.

use std::path::Path;
use std::sync::OnceLock;

use triage_core::model::Model;
use triage_core::train::{Labeled, TrainReport};
use triage_core::{model, train};

fn corpus() -> &'static [Labeled] {
    static CORPUS: OnceLock<Vec<Labeled>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/corpus");
        train::load_corpus(&dir).expect("the corpus loads")
    })
}

/// Training takes seconds; both tests share one run.
fn trained() -> &'static (Model, TrainReport) {
    static TRAINED: OnceLock<(Model, TrainReport)> = OnceLock::new();
    TRAINED.get_or_init(|| train::train(corpus()).expect("training succeeds"))
}

#[test]
fn shipped_model_equals_a_fresh_retrain_of_the_corpus() {
    let (model, report) = trained();
    let bytes = model.to_bytes();
    assert!(
        bytes.len() <= train::MAX_MODEL_BYTES,
        "{} bytes",
        bytes.len()
    );
    assert!(
        bytes == model::shipped_bytes(),
        "model.bin is stale: run `cargo xtask train` ({} bytes trained, {} shipped, {} rows)",
        bytes.len(),
        model::shipped_bytes().len(),
        report.rows_kept
    );
}

#[test]
fn held_out_and_known_issue_lines_never_reach_training() {
    let corpus = corpus();
    // The first corpus (no source) is split by a hash of the id, about a fifth held out; a held
    // out writer's lines are all held out, and no other writer's are.
    let first: Vec<_> = corpus.iter().filter(|c| c.source.is_none()).collect();
    let held = first.iter().filter(|c| c.held_out()).count();
    assert!(
        held * 100 >= first.len() * 12 && held * 100 <= first.len() * 28,
        "{held} of {}",
        first.len()
    );
    for c in corpus.iter().filter(|c| c.source.is_some()) {
        assert_eq!(
            c.held_out(),
            c.source.as_deref() == Some(train::HELD_OUT_SOURCE),
            "{}",
            c.id()
        );
    }
    // Rewriting every held-out line (text and label) and the text of every known-issue line must
    // not change the trained model.
    let mut scrambled = corpus.to_vec();
    for c in scrambled
        .iter_mut()
        .filter(|c| c.held_out() || c.route == triage_core::Route::KnownIssue)
    {
        c.case.text = "text the trainer must not read".into();
        if c.held_out() {
            c.route = triage_core::Route::PartnerFix;
        }
    }
    let (scrambled_model, _) = train::train(&scrambled).expect("training succeeds");
    assert_eq!(trained().0.to_bytes(), scrambled_model.to_bytes());
}
