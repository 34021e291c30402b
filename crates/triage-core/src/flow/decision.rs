//! One decision record: the route the flow acts on, derived in one place from the engine's verdict
//! and what the engineer decided.
//!
//! The engine suggests; the engineer decides. They may pick a posted issue the engine missed,
//! reject the one it matched, fix the problem themselves, or file under another category (or
//! none). [`decide`] turns the verdict and those decisions into a [`Decision`]; the verdict panel,
//! every step, the service request, the customer message and the host page's `result` event all
//! read that record, so they cannot disagree. Where the engineer overruled the engine, the record
//! says so in both languages ("The engine suggested X; the engineer chose Y").

use serde::{Deserialize, Serialize};

use super::categories::route_label;
use super::workload::{workloads, Workload};
use super::{normalize, product_name};
use crate::advice;
use crate::case::{Case, Lang};
use crate::config::LocalText;
use crate::verdict::{Bilingual, Product, Route, SeveritySuggestion, Verdict};

/// What the service-health step concluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum HealthOutcome {
    /// The engineer found the posted issue that explains the problem: the flow ends at the
    /// customer message. Any loaded issue may be picked, not only the engine's match.
    Documented { issue_id: String },
    /// Service health was checked and nothing posted explains it.
    NothingDocumented,
}

/// What troubleshooting concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixOutcome {
    /// Fixed with admin privileges: the flow ends at the partner-fix summary.
    Fixed,
    NotFixed,
}

/// The engineer's pick in the escalation check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "choice", content = "route")]
pub enum Choice {
    Category(Route),
    NoneFits,
}

/// Everything the engineer decided on the way, as saved with the case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "DecisionFields", from = "DecisionFields")]
pub struct Decisions {
    pub health: Option<HealthOutcome>,
    /// Issues the engineer said do not explain the problem ("Not this one").
    pub rejected: Vec<String>,
    pub fix: Option<FixOutcome>,
    pub choice: Option<Choice>,
}

/// [`Decisions`] on the way to the engine, field by field: reading a tagged enum makes serde
/// buffer the whole value first, which costs the worker's wasm kilobytes.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct DecisionFields {
    /// The issue that explains the problem.
    picked: Option<String>,
    /// Nothing posted explains it.
    none_posted: bool,
    rejected: Vec<String>,
    fix: Option<FixOutcome>,
    category: Option<Route>,
    none_fits: bool,
}

impl From<Decisions> for DecisionFields {
    fn from(d: Decisions) -> DecisionFields {
        DecisionFields {
            none_posted: d.health == Some(HealthOutcome::NothingDocumented),
            picked: match d.health {
                Some(HealthOutcome::Documented { issue_id }) => Some(issue_id),
                _ => None,
            },
            rejected: d.rejected,
            fix: d.fix,
            category: match d.choice {
                Some(Choice::Category(route)) => Some(route),
                _ => None,
            },
            none_fits: d.choice == Some(Choice::NoneFits),
        }
    }
}

impl From<DecisionFields> for Decisions {
    fn from(f: DecisionFields) -> Decisions {
        Decisions {
            health: match (f.picked, f.none_posted) {
                (Some(issue_id), _) => Some(HealthOutcome::Documented { issue_id }),
                (None, true) => Some(HealthOutcome::NothingDocumented),
                (None, false) => None,
            },
            rejected: f.rejected,
            fix: f.fix,
            choice: match (f.category, f.none_fits) {
                (Some(route), _) => Some(Choice::Category(route)),
                (None, true) => Some(Choice::NoneFits),
                (None, false) => None,
            },
        }
    }
}

/// Set aside every issue: nothing posted explains the problem.
pub const ALL_ISSUES: &str = "*";

impl Decisions {
    /// The issues the engine must not match when it judges the case for the flow: the rejected
    /// ones, or all of them ([`ALL_ISSUES`]) once the engineer said none explains it.
    pub fn set_aside(&self) -> Vec<String> {
        match self.health {
            Some(HealthOutcome::NothingDocumented) => vec![ALL_ISSUES.to_string()],
            Some(HealthOutcome::Documented { .. }) => Vec::new(),
            None => self.rejected.clone(),
        }
    }

    /// Whether `issue` was rejected.
    pub fn rejects(&self, issue: &str) -> bool {
        self.rejected.iter().any(|r| r.eq_ignore_ascii_case(issue))
    }
}

/// What the engineer typed besides the case, for the request and the messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Inputs {
    pub customer: String,
    /// The tenant as typed: a tenant ID or a domain.
    pub tenant: String,
    /// When the problem started, as typed.
    pub since: String,
    /// "What you found and changed".
    pub finding: String,
    /// Ids of the checklist items ticked.
    pub checked: Vec<String>,
    /// Whether other customers report the same problem, when the engineer said.
    pub others: Option<bool>,
    /// The language to write the service request in.
    pub request_lang: Lang,
    /// The partner's name, for the customer message's signature.
    pub partner: String,
    /// The portal owner's wording of the known-issue message.
    pub message_template: LocalText,
}

/// A posted issue, as far as the flow needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueRef {
    pub id: String,
    pub title: String,
    /// As service health names it ("Exchange Online").
    pub service: String,
}

/// Where the engineer overruled the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Override {
    /// A posted issue the engine did not match explains the problem.
    PickedIssue { issue: String },
    /// The issue the engine matched does not explain the problem.
    RejectedMatch { issue: String },
    /// Troubleshooting with admin privileges fixed it.
    Fixed,
    /// Another category than the engine's.
    Category { route: Route },
    /// None of the five kinds of problem Microsoft fixes applies.
    NoneFits,
}

impl Override {
    /// A stable id, for the host page.
    pub fn id(&self) -> &'static str {
        match self {
            Override::PickedIssue { .. } => "picked_issue",
            Override::RejectedMatch { .. } => "rejected_match",
            Override::Fixed => "fixed",
            Override::Category { .. } => "category",
            Override::NoneFits => "none_fits",
        }
    }
}

/// The record every view reads: where the flow goes, and why it differs from the engine, if it does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The route the flow acts on.
    pub route: Route,
    /// The engine's own suggestion, with every loaded issue considered.
    pub engine_route: Route,
    pub engine_issue: Option<String>,
    /// The posted issue that explains the problem (known issues only).
    pub issue: Option<IssueRef>,
    /// Issues the engineer said do not explain it.
    pub rejected: Vec<String>,
    pub health_checked: bool,
    pub overrides: Vec<Override>,
    /// The engineer's overrides as sentences, in both languages.
    pub statements: Vec<Bilingual>,
    /// The flow has ended without a hand-off: a posted issue explains it, or the partner fixed it.
    pub ended: bool,
    /// The service the case is about, as Microsoft names it, and the product it belongs to.
    pub service: String,
    pub product: Product,
    /// The severity to file with (escalations only).
    pub severity: Option<SeveritySuggestion>,
}

impl Decision {
    /// Whether the flow has reached one of its ends: a posted issue or a fix, or the hand-off of
    /// an escalation (`at_hand_off`: the engineer is on the last step).
    pub fn reached_end(&self, at_hand_off: bool) -> bool {
        self.ended || (at_hand_off && self.route.is_escalation())
    }

    /// Whether the route differs from the engine's suggestion.
    pub fn overruled(&self) -> bool {
        !self.overrides.is_empty()
    }
}

/// What [`decide`] works from.
pub struct Grounds<'a> {
    pub case: &'a Case,
    /// The engine's verdict with every loaded issue considered.
    pub engine: &'a Verdict,
    /// The engine's verdict with the issues the engineer set aside left out: the one the flow
    /// builds on when the engineer has not decided otherwise.
    pub acting: &'a Verdict,
    pub decisions: &'a Decisions,
    /// The loaded issue with this id, if there is one.
    pub issue: &'a dyn Fn(&str) -> Option<IssueRef>,
}

/// Derives the decision record. The engineer's decisions count in the flow's order: a posted
/// issue that explains the problem ends the flow; then a fix; then the category picked.
pub fn decide(g: &Grounds) -> Decision {
    let d = g.decisions;
    let engine_issue = g.engine.matched_issue.clone();
    let lookup = |id: &str| {
        (g.issue)(id).unwrap_or_else(|| IssueRef {
            id: id.to_string(),
            title: String::new(),
            service: String::new(),
        })
    };
    let mut overrides = Vec::new();
    let engine_matched = |id: &str| {
        engine_issue
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(id))
    };
    // The engine's match set aside, by name or by "nothing explains it".
    let match_rejected = engine_issue
        .as_deref()
        .is_some_and(|e| d.rejects(e) || d.health == Some(HealthOutcome::NothingDocumented));
    if let (true, Some(e)) = (match_rejected, &engine_issue) {
        overrides.push(Override::RejectedMatch { issue: e.clone() });
    }
    // What the flow follows on the engine's word, given what the engineer set aside: once its
    // match is rejected, or nothing posted explains the problem, it goes on as if no issue
    // matched, to the likeliest other route.
    let none_matches = match_rejected || d.health == Some(HealthOutcome::NothingDocumented);
    let base = match g.acting.route {
        Route::KnownIssue if none_matches => runner_up(g.acting),
        r => r,
    };

    let (route, issue, ended) = if let Some(HealthOutcome::Documented { issue_id }) = &d.health {
        if !engine_matched(issue_id) {
            overrides.push(Override::PickedIssue {
                issue: issue_id.clone(),
            });
        }
        (Route::KnownIssue, Some(lookup(issue_id)), true)
    } else if d.fix == Some(FixOutcome::Fixed) {
        if base != Route::PartnerFix {
            overrides.push(Override::Fixed);
        }
        (Route::PartnerFix, None, true)
    } else {
        match d.choice {
            Some(Choice::Category(route)) => {
                if route != base {
                    overrides.push(Override::Category { route });
                }
                (route, None, false)
            }
            Some(Choice::NoneFits) => {
                overrides.push(Override::NoneFits);
                (Route::PartnerFix, None, false)
            }
            None => {
                let issue = (base == Route::KnownIssue)
                    .then(|| g.acting.matched_issue.as_deref().map(lookup))
                    .flatten();
                (base, issue, false)
            }
        }
    };

    let (service, product) = service_and_product(g.case, issue.as_ref(), g.acting);
    let severity = route.is_escalation().then(|| {
        if route == g.acting.route {
            g.acting.severity.clone()
        } else {
            None
        }
        .or_else(|| advice::severity(route, &g.case.facts, &normalize(&g.case.text)))
    });
    let statements = overrides
        .iter()
        .map(|o| statement(o, g.engine.route, engine_issue.as_deref()))
        .collect();
    Decision {
        route,
        engine_route: g.engine.route,
        engine_issue,
        issue,
        rejected: d.rejected.clone(),
        health_checked: d.health.is_some(),
        overrides,
        statements,
        ended,
        service,
        product,
        severity: severity.flatten(),
    }
}

/// The likeliest route other than a known issue: what the engine would say with no issue posted.
fn runner_up(verdict: &Verdict) -> Route {
    Route::ALL
        .into_iter()
        .filter(|r| *r != Route::KnownIssue)
        .fold(Route::PartnerFix, |best, r| {
            let score = |r: Route| verdict.scores.get(&r).copied().unwrap_or_default();
            if score(r) > score(best) {
                r
            } else {
                best
            }
        })
}

/// The service named by the engineer, else by the posted issue, and the product it belongs to.
/// Never guessed from a word of the description: a mail problem that mentions Teams is still
/// filed under the service the engineer chose.
fn service_and_product(
    case: &Case,
    issue: Option<&IssueRef>,
    verdict: &Verdict,
) -> (String, Product) {
    let typed = case
        .service
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let known = |name: &str| workloads(Some(name), "").first().copied();
    if let Some(w) = typed.and_then(known) {
        return (w.name().to_string(), w.product());
    }
    if let Some(w) = issue.map(|i| i.service.as_str()).and_then(known) {
        return (w.name().to_string(), w.product());
    }
    let product = verdict.product.unwrap_or_else(|| match typed {
        Some(s) => advice::product(Some(s), ""),
        None => Product::Microsoft365,
    });
    let service = typed.map_or_else(|| product_name(product).to_string(), str::to_string);
    (service, product)
}

/// The workload a service name stands for, if it is one Microsoft names.
pub(crate) fn workload_of(service: &str) -> Option<Workload> {
    workloads(Some(service), "").first().copied()
}

fn statement(o: &Override, engine: Route, engine_issue: Option<&str>) -> Bilingual {
    let from = route_label(engine);
    let suggested_en = match engine_issue {
        Some(id) if engine == Route::KnownIssue => {
            format!("The engine suggested posted issue {id}")
        }
        _ => format!("The engine suggested “{}”", from.text_en),
    };
    let suggested_ja = match engine_issue {
        Some(id) if engine == Route::KnownIssue => {
            format!("ツールは掲載済みの問題 {id} を提案しましたが、")
        }
        _ => format!("ツールは「{}」を提案しましたが、", from.text_ja),
    };
    match o {
        Override::PickedIssue { issue } => match engine_issue {
            Some(_) => Bilingual::new(
                format!("{suggested_en}; the engineer chose {issue} as the posted issue that explains this problem."),
                format!("{suggested_ja}担当エンジニアはこの問題に該当する掲載済みの問題として {issue} を選びました。"),
            ),
            None => Bilingual::new(
                format!("The engine matched no posted issue (it suggested “{}”); the engineer chose {issue} as the posted issue that explains this problem.", from.text_en),
                format!("ツールは該当する掲載済みの問題を見つけられませんでした (提案は「{}」)。担当エンジニアはこの問題に該当する掲載済みの問題として {issue} を選びました。", from.text_ja),
            ),
        },
        Override::RejectedMatch { issue } => Bilingual::new(
            format!("The engine suggested posted issue {issue}; the engineer found that it does not explain this problem."),
            format!("ツールは掲載済みの問題 {issue} を提案しましたが、担当エンジニアはこの問題には該当しないと判断しました。"),
        ),
        Override::Fixed => Bilingual::new(
            format!("{suggested_en}; the engineer fixed the problem with admin privileges."),
            format!("{suggested_ja}担当エンジニアが管理者権限で問題を解決しました。"),
        ),
        Override::Category { route } => {
            let to = route_label(*route);
            Bilingual::new(
                format!("{suggested_en}; the engineer chose “{}”.", to.text_en),
                format!("{suggested_ja}担当エンジニアは「{}」を選びました。", to.text_ja),
            )
        }
        Override::NoneFits => Bilingual::new(
            format!("{suggested_en}; the engineer found that none of the five kinds of problem Microsoft fixes applies."),
            format!("{suggested_ja}担当エンジニアは Microsoft が対応する 5 種類の問題のいずれにも当てはまらないと判断しました。"),
        ),
    }
}
