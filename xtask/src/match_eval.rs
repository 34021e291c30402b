//! `cargo xtask match [--held] [--verbose]`: the service-health matcher alone, over the corpus.
//!
//! Every corpus line with `service_health` is matched as the engine matches it. A known-issue line
//! should match its own issue; any other line should match none. Lines do not say which of their
//! issues is the right one, so it is inferred: an issue that also appears on a line of another
//! route is a distractor, and among the rest, one of the line's own service is preferred. When
//! that still leaves more than one, any of them counts as right.
//!
//! By default only the training split is read (thresholds are chosen there); `--held` reads the
//! held-out split instead, for confirmation. `--cut` cuts each line to real-ticket length first,
//! as `cargo xtask eval` does for its cut figures. `--verbose` prints each miss and false match
//! with the scores of every issue on its line; `--id=ID` reads that one line only; `--old` scores
//! with the concepts-only matcher.

use std::collections::HashSet;
use std::path::Path;

use triage_core::health::{issues_from_values, match_issues_with, HealthIssue, Matcher, QUOTED_ID};
use triage_core::train::{self, Labeled};
use triage_core::{Lang, Route};

fn key(issue: &HealthIssue) -> (String, String) {
    (issue.title.clone(), issue.impact_description.clone())
}

#[derive(Default)]
struct Tally {
    /// Known lines: right issue matched, a distractor matched, nothing matched.
    right: u32,
    wrong: u32,
    missed: u32,
    /// Other lines: some issue matched, none matched.
    false_match: u32,
    clean: u32,
}

impl Tally {
    fn precision(&self) -> f64 {
        let m = self.right + self.wrong + self.false_match;
        f64::from(self.right) / f64::from(m.max(1))
    }
    fn recall(&self) -> f64 {
        let n = self.right + self.wrong + self.missed;
        f64::from(self.right) / f64::from(n.max(1))
    }
    fn line(&self, name: &str) -> String {
        format!(
            "{name:<10} P={:.3} R={:.3}  right={} wrong-issue={} missed={} false-match={} clean={}",
            self.precision(),
            self.recall(),
            self.right,
            self.wrong,
            self.missed,
            self.false_match,
            self.clean
        )
    }
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let held = args.iter().any(|a| a == "--held");
    let cut = args.iter().any(|a| a == "--cut");
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let old = args.iter().any(|a| a == "--old");
    let matcher = if old {
        Matcher::Concepts
    } else {
        Matcher::Retrieval
    };
    let corpus = train::load_corpus(&crate::engine::corpus_dir(root))?;
    // Distractors: issues seen on a line of another route (over the whole corpus: a label fact).
    let mut distractors: HashSet<(String, String)> = HashSet::new();
    for c in corpus.iter().filter(|c| c.route != Route::KnownIssue) {
        for issue in issues_from_values(&c.case.service_health).issues {
            distractors.insert(key(&issue));
        }
    }
    let only = args.iter().find_map(|a| a.strip_prefix("--id="));
    let lines: Vec<&Labeled> = corpus
        .iter()
        .filter(|c| c.held_out() == held && !c.case.service_health.is_empty())
        .filter(|c| only.is_none_or(|id| c.id() == id))
        .collect();
    let started = std::time::Instant::now();
    let mut all = Tally::default();
    let mut by_lang = [Tally::default(), Tally::default()];
    // Per line: known, the best score of a right issue, the best score of any other (on a line
    // of another route, both are the best score): for the threshold sweep.
    let mut sweep: Vec<(bool, f32, f32)> = Vec::new();
    // Per match: its score and whether it was right, for the confidence table; per line without a
    // match, the closest issue's score and whether the line is a known issue.
    let mut matched_scores: Vec<(f32, bool)> = Vec::new();
    let mut near_misses: Vec<(f32, bool)> = Vec::new();
    for c in &lines {
        let issues = issues_from_values(&c.case.service_health).issues;
        let cut_text;
        let text = if cut {
            cut_text = crate::engine::cut_to_ticket(&c.case.text, c.lang());
            &cut_text
        } else {
            &c.case.text
        };
        let (text, _) = triage_core::features::truncate(text);
        let known = c.route == Route::KnownIssue;
        let mut gold: Vec<&HealthIssue> = issues
            .iter()
            .filter(|i| !distractors.contains(&key(i)))
            .collect();
        if gold.is_empty() {
            gold = issues.iter().collect();
        }
        if gold.len() > 1 {
            let own: Vec<&HealthIssue> = gold
                .iter()
                .copied()
                .filter(|i| Some(i.service.as_str()) == c.case.service.as_deref())
                .collect();
            if !own.is_empty() {
                gold = own;
            }
        }
        let is_gold = |id: &str| gold.iter().any(|g| g.id == id);
        let matches = match_issues_with(matcher, text, c.case.service.as_deref(), &issues);
        let top = matches.iter().find(|m| m.is_match);
        let lang = usize::from(c.lang() == Lang::Ja);
        let kind = match (known, top) {
            (true, Some(m)) if is_gold(&m.issue_id) => "right",
            (true, Some(_)) => "wrong-issue",
            (true, None) => "missed",
            (false, Some(_)) => "false-match",
            (false, None) => "clean",
        };
        for t in [&mut all, &mut by_lang[lang]] {
            match kind {
                "right" => t.right += 1,
                "wrong-issue" => t.wrong += 1,
                "missed" => t.missed += 1,
                "false-match" => t.false_match += 1,
                _ => t.clean += 1,
            }
        }
        let best = |gold_side: bool| {
            matches
                .iter()
                .filter(|m| !known || is_gold(&m.issue_id) == gold_side)
                .map(|m| m.score)
                .fold(0.0f32, f32::max)
        };
        sweep.push((known, best(true), best(false)));
        match top {
            Some(m) => matched_scores.push((m.score, kind == "right")),
            None => near_misses.push((matches.first().map_or(0.0, |m| m.score), known)),
        }
        if verbose && kind != "right" && kind != "clean" {
            println!(
                "\n[{kind}] {} ({}) service={:?}\n  {}",
                c.id(),
                c.route.id(),
                c.case.service,
                text.replace('\n', " ")
            );
            println!("  concepts: {:?}", triage_core::health::concepts(text));
            for m in &matches {
                let mark = if known && is_gold(&m.issue_id) {
                    "*"
                } else {
                    " "
                };
                let issue = issues.iter().find(|i| i.id == m.issue_id);
                println!(
                    "  {mark} {:.3} {} {} [{}] {:?}",
                    m.score,
                    if m.is_match { "MATCH" } else { "     " },
                    m.issue_id,
                    issue.map_or("", |i| i.service.as_str()),
                    m.title
                );
                if let Some(i) = issue {
                    println!("      impact: {}", i.impact_description);
                    let own = format!("{}\n{}\n{}", i.title, i.impact_description, i.feature);
                    println!("      concepts: {:?}", triage_core::health::concepts(&own));
                }
                println!("      shared: {:?}", m.shared_terms);
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "\n== matcher on the {} split{} ({} lines with service health, {:.0} ms)",
        if held { "held-out" } else { "training" },
        if cut { ", cut to ticket length" } else { "" },
        lines.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    println!("{}", all.line("all"));
    for (lang, t) in Lang::ALL.iter().zip(&by_lang) {
        println!("{}", t.line(lang.code()));
    }
    // What a plain threshold on the best score would give (no margin rule): is the right issue
    // the best one and above t, and does any other issue reach t?
    print!("threshold sweep (P/R):");
    for t in [0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6] {
        let (mut right, mut matched, mut known) = (0u32, 0u32, 0u32);
        for &(is_known, gold, other) in &sweep {
            known += u32::from(is_known);
            let top = gold.max(other);
            if top >= t {
                matched += 1;
                right += u32::from(is_known && gold >= other);
            }
        }
        print!(
            " {t:.2}: {:.3}/{:.3}",
            f64::from(right) / f64::from(matched.max(1)),
            f64::from(right) / f64::from(known.max(1))
        );
    }
    println!();
    // How often a match is right at each score: what a known-issue verdict's confidence is set
    // from. A quoted issue ID scores exactly `QUOTED_ID`, so it has a row of its own.
    print!("matches right by score:");
    let rows: [(&str, &dyn Fn(f32) -> bool); 6] = [
        ("<0.45", &|s| s < 0.45),
        ("0.45-0.55", &|s| (0.45..0.55).contains(&s)),
        ("0.55-0.7", &|s| (0.55..0.7).contains(&s)),
        ("0.7-0.9", &|s| (0.7..0.9).contains(&s)),
        ("quoted ID", &|s| (s - QUOTED_ID).abs() < 1e-6),
        (">0.9", &|s| s > 0.9),
    ];
    for (label, inside) in rows {
        let (right, all) = tally(&matched_scores, inside);
        print!(" {label}: {right}/{all}");
    }
    println!();
    // How often a line whose closest issue does not match is a known issue all the same: what
    // keeps "known issue" possible in a verdict without a match.
    print!("known issues among lines without a match, by closest score:");
    for (low, high) in [(0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 1.0)] {
        let (known, all) = tally(&near_misses, |s| (low..high).contains(&s));
        print!(" {low:.1}-{high:.1}: {known}/{all}");
    }
    println!();
    Ok(())
}

/// Of the scored lines whose score is `inside`, how many are marked true, and how many there are.
fn tally(scored: &[(f32, bool)], inside: impl Fn(f32) -> bool) -> (usize, usize) {
    scored
        .iter()
        .filter(|&&(s, _)| inside(s))
        .fold((0, 0), |(yes, all), &(_, mark)| {
            (yes + usize::from(mark), all + 1)
        })
}
