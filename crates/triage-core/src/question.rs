//! When two routes are close: the runner-ups, and the one question whose answer separates them.
//!
//! Every route but "known issue" has a [`Symptom`] that stands for it, so a question between two
//! routes is answered by setting the `symptom` fact, which the rules then weigh like any other
//! fact. "Known issue" is decided by service health: when it is one of the two, a posted issue
//! matched without much to spare or came close without matching, and the question is whether that
//! issue describes the problem (answered by picking it, [`ISSUE`], or setting it aside,
//! [`ISSUE_ASIDE`]).

use crate::case::{Facts, Symptom};
use crate::health::IssueMatch;
use crate::verdict::{Alternative, Answer, Bilingual, Question, Route};

/// The question whether a posted issue describes the problem.
pub const POSTED_ISSUE: &str = "posted_issue";
/// The answer that picks the posted issue as the one that explains the problem (its `value` is the
/// issue's id).
pub const ISSUE: &str = "issue";
/// The answer that sets the posted issue aside: it does not explain the problem.
pub const ISSUE_ASIDE: &str = "issue_aside";

/// A route is an alternative when its probability is at least this…
const MIN_ALTERNATIVE: f32 = 0.1;
/// …and the verdict's route leads it by less than this. Chosen on the held-out split (`cargo
/// xtask eval` prints the trade-off): a question then comes with about one verdict in seven, and
/// reaches three in five of the wrong verdicts whose runner-up is right (43 of 71); a lead of 0.35
/// asks about half as often and reaches two in five of them (29).
const MAX_LEAD: f32 = 0.5;

/// The symptom that stands for a route.
pub fn symptom_of(route: Route) -> Option<Symptom> {
    match route {
        Route::KnownIssue => None,
        Route::PartnerFix => Some(Symptom::Local),
        Route::EscalateUndocumented => Some(Symptom::Undocumented),
        Route::EscalateUnavailable => Some(Symptom::Outage),
        Route::EscalateBug => Some(Symptom::Wrong),
        Route::EscalateNetwork => Some(Symptom::Slow),
        Route::EscalateRegional => Some(Symptom::RegionDown),
    }
}

/// The routes that came close to `route`, closest first.
pub fn alternatives(route: Route, probs: &[f32; 7]) -> Vec<Alternative> {
    let top = probs[route.index()];
    let mut out: Vec<Alternative> = Route::ALL
        .into_iter()
        .filter(|&r| r != route)
        .filter(|r| {
            let p = probs[r.index()];
            p >= MIN_ALTERNATIVE && top - p < MAX_LEAD
        })
        .map(|r| Alternative {
            route: r,
            score: probs[r.index()],
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.route.cmp(&b.route)));
    out
}

/// The question that separates `route` from its closest alternative. When one of the two is
/// "known issue", it asks whether the `posted` issue (the one that matched, or came close without
/// matching) describes the problem; otherwise it asks for the symptom, unless the engineer has
/// already given one.
pub fn question(
    route: Route,
    alternatives: &[Alternative],
    facts: &Facts,
    posted: Option<&IssueMatch>,
) -> Option<Question> {
    let closest = alternatives.first()?.route;
    if let Some(issue) =
        posted.filter(|_| route == Route::KnownIssue || closest == Route::KnownIssue)
    {
        return Some(posted_issue(issue));
    }
    let a = symptom_of(route)?;
    if facts.symptom.is_some() {
        return None;
    }
    let b = alternatives.iter().find_map(|alt| symptom_of(alt.route))?;
    let (id, text) = wording(a, b);
    Some(Question {
        id,
        text,
        answers: [a, b].into_iter().map(answer).collect(),
    })
}

/// Whether a posted issue that matched without much to spare, or came close, describes the problem.
fn posted_issue(issue: &IssueMatch) -> Question {
    let answer = |fact: &str, en: &str, ja: &str| Answer {
        fact: fact.into(),
        value: issue.issue_id.clone(),
        text: Bilingual::new(en, ja),
    };
    Question {
        id: POSTED_ISSUE.into(),
        text: Bilingual::new(
            format!(
                "Does the posted issue {} “{}” describe this problem?",
                issue.issue_id, issue.title
            ),
            format!(
                "掲載されている問題 {}「{}」はこの問題に該当しますか？",
                issue.issue_id, issue.title
            ),
        ),
        answers: vec![
            answer(
                ISSUE,
                "Yes, this posted issue explains it",
                "はい、この問題に該当します",
            ),
            answer(
                ISSUE_ASIDE,
                "No, it is a different problem",
                "いいえ、別の問題です",
            ),
        ],
    }
}

/// The question's id and text for a pair of symptoms, in either order.
fn wording(a: Symptom, b: Symptom) -> (String, Bilingual) {
    use Symptom::*;
    let has = |x: Symptom, y: Symptom| (a == x && b == y) || (a == y && b == x);
    let (en, ja) = if has(Outage, Slow) {
        (
            "Is one service down, or are services slow or timing out?",
            "1 つのサービスが停止していますか？それとも複数のサービスが遅い、またはタイムアウトしていますか？",
        )
    } else if has(Outage, RegionDown) || has(Slow, RegionDown) {
        (
            "Is it failing everywhere, or only for resources in one region or datacenter?",
            "全体で発生していますか？それとも特定のリージョンやデータセンターのリソースだけで発生していますか？",
        )
    } else if has(Outage, Wrong) {
        (
            "Is the service unreachable, or does it work but show or do something wrong?",
            "サービスに接続できない状態ですか？それとも利用はできるものの、表示や動作がおかしい状態ですか？",
        )
    } else if has(Wrong, Undocumented) {
        (
            "Is it a defect, or does the service behave differently from its documentation?",
            "不具合ですか？それともドキュメントに記載された動作と異なる状態ですか？",
        )
    } else if a == Local || b == Local {
        (
            "Could a setting, licence, client or recent change on the customer's side explain it?",
            "お客様側の設定、ライセンス、クライアント、または最近の変更で説明できますか？",
        )
    } else {
        (
            "Which describes the problem better?",
            "問題の状況に近いのはどちらですか？",
        )
    };
    let mut ids = [a.id(), b.id()];
    ids.sort_unstable();
    (format!("{}_or_{}", ids[0], ids[1]), Bilingual::new(en, ja))
}

/// The answer that sets a symptom, in words an engineer recognises: the question's buttons, and
/// the choices of the form's "what does it look like?" field.
pub fn answer(symptom: Symptom) -> Answer {
    let (en, ja) = match symptom {
        Symptom::Local => (
            "A setting, licence, client or change on the customer's side",
            "お客様側の設定、ライセンス、クライアント、または変更が原因",
        ),
        Symptom::Undocumented => (
            "It differs from the documentation or the service description",
            "ドキュメントやサービスの説明と動作が異なる",
        ),
        Symptom::Outage => (
            "The service is down or refuses everyone",
            "サービスが停止している、または誰も利用できない",
        ),
        Symptom::Wrong => (
            "It works, but shows or does something wrong",
            "利用はできるが、表示や動作がおかしい",
        ),
        Symptom::Slow => (
            "It is slow, times out or drops connections",
            "遅い、タイムアウトする、または接続が切れる",
        ),
        Symptom::RegionDown => (
            "Resources in one region or datacenter are failing",
            "特定のリージョンやデータセンターのリソースだけが停止している",
        ),
    };
    Answer {
        fact: "symptom".into(),
        value: symptom.id().into(),
        text: Bilingual::new(en, ja),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probs(pairs: &[(Route, f32)]) -> [f32; 7] {
        let mut p = [0.0; 7];
        for &(r, x) in pairs {
            p[r.index()] = x;
        }
        p
    }

    #[test]
    fn a_close_runner_up_is_an_alternative_and_a_distant_one_is_not() {
        let close = probs(&[
            (Route::EscalateUnavailable, 0.5),
            (Route::EscalateNetwork, 0.4),
        ]);
        let alts = alternatives(Route::EscalateUnavailable, &close);
        assert_eq!(alts.len(), 1);
        assert_eq!(alts[0].route, Route::EscalateNetwork);
        let clear = probs(&[
            (Route::EscalateUnavailable, 0.9),
            (Route::EscalateNetwork, 0.1),
        ]);
        assert!(alternatives(Route::EscalateUnavailable, &clear).is_empty());
    }

    #[test]
    fn the_question_offers_the_two_symptoms_and_is_not_asked_twice() {
        let alts = [Alternative {
            route: Route::EscalateNetwork,
            score: 0.4,
        }];
        let q = question(Route::EscalateUnavailable, &alts, &Facts::default(), None).unwrap();
        assert_eq!(q.id, "outage_or_slow");
        let values: Vec<&str> = q.answers.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(values, ["outage", "slow"]);
        assert!(q.answers.iter().all(|a| a.fact == "symptom"));
        let answered = Facts {
            symptom: Some(Symptom::Slow),
            ..Facts::default()
        };
        assert_eq!(
            question(Route::EscalateUnavailable, &alts, &answered, None),
            None
        );
    }

    #[test]
    fn a_posted_issue_is_asked_about_when_known_issue_is_one_of_the_two() {
        let known = Alternative {
            route: Route::KnownIssue,
            score: 0.4,
        };
        let network = Alternative {
            route: Route::EscalateNetwork,
            score: 0.2,
        };
        let similar = IssueMatch {
            issue_id: "TM900123".into(),
            title: "Users may be unable to join Microsoft Teams meetings".into(),
            score: 0.3,
            is_match: false,
            shared_terms: vec!["join".into()],
        };
        let answered = Facts {
            symptom: Some(Symptom::Wrong),
            ..Facts::default()
        };
        // The symptom given does not answer whether the issue describes the problem.
        for facts in [Facts::default(), answered] {
            let q = question(
                Route::EscalateBug,
                &[known, network],
                &facts,
                Some(&similar),
            )
            .unwrap();
            assert_eq!(q.id, POSTED_ISSUE);
            assert!(q.text.text_en.contains("TM900123") && q.text.text_ja.contains("TM900123"));
            let answers: Vec<(&str, &str)> = q
                .answers
                .iter()
                .map(|a| (a.fact.as_str(), a.value.as_str()))
                .collect();
            assert_eq!(answers, [(ISSUE, "TM900123"), (ISSUE_ASIDE, "TM900123")]);
        }
        // Without the issue, or with "known issue" further down, the symptom is asked for.
        let q = question(
            Route::EscalateBug,
            &[known, network],
            &Facts::default(),
            None,
        );
        assert_eq!(q.unwrap().id, "slow_or_wrong");
        let q = question(
            Route::EscalateBug,
            &[network, known],
            &Facts::default(),
            Some(&similar),
        );
        assert_eq!(q.unwrap().id, "slow_or_wrong");
        // A known issue's verdict with a runner-up asks about the issue that matched; a clear one
        // asks nothing.
        let q = question(
            Route::KnownIssue,
            &[network],
            &Facts::default(),
            Some(&similar),
        );
        assert_eq!(q.unwrap().id, POSTED_ISSUE);
        let q = question(Route::KnownIssue, &[], &Facts::default(), Some(&similar));
        assert_eq!(q, None);
    }
}
