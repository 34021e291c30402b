//! The engine behind a message boundary.
//!
//! In the browser the classifier, its model, the service-health parser and matcher, and the
//! troubleshooting checklist (which follows from the verdict) run in a Web Worker that starts after
//! the first screen is up: the first page load stays small, and reading a large service-health
//! document never blocks typing. The app and the worker exchange
//! [`Request`]s and [`Reply`]s as JSON text; [`Session`] is the worker's side, plain Rust, so the
//! same code is tested natively.

use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::flow::decision::{decide, Decision, Decisions, Grounds, Inputs, IssueRef};
use crate::flow::outputs::{render, Material, Outputs};
use crate::flow::{checklist, CheckItem};
use crate::health::{self, Classification, IssueMatch, ParseWarning, Parsed, Status};
use crate::verdict::Verdict;

/// What the app asks of the engine. Requests are answered in the order they are sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Reads a service-health document (JSON text; empty for none). On success it becomes the
    /// document later cases are judged against; a malformed one leaves the loaded one in place.
    ReadHealth { generation: u32, doc: String },
    /// Judges a case against the loaded service health, with what the engineer decided and
    /// entered so far: the answer carries the decision record and everything written from it.
    Judge {
        seq: u32,
        case: Case,
        #[serde(default)]
        decisions: Decisions,
        #[serde(default)]
        inputs: Box<Inputs>,
    },
}

/// What the engine answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The engine has started and takes requests; sent once, before anything else.
    Ready,
    /// The engine could not start (sent by the worker's loader, not by [`Session`]).
    Failed(String),
    /// The answer to [`Request::ReadHealth`]: what the document holds…
    Health { generation: u32, view: HealthView },
    /// …or why it was refused (the document read before stays loaded).
    HealthRefused { generation: u32, error: String },
    /// The answer to [`Request::Judge`].
    Judged { seq: u32, judgement: Box<Judgement> },
    /// A request that could not be read (a version mismatch between the app and the worker).
    Refused(String),
}

/// A loaded service-health document as the app shows it: the issues without their posts (the
/// engine keeps those for matching), what was skipped, and the services it names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HealthView {
    pub issues: Vec<IssueRow>,
    pub warnings: Vec<ParseWarning>,
    pub services: Vec<String>,
    pub sample: bool,
}

/// One issue, as a row of the app's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueRow {
    pub id: String,
    pub title: String,
    pub service: String,
    pub status: Status,
    pub classification: Classification,
    pub start_date_time: Option<String>,
}

impl From<&Parsed> for HealthView {
    fn from(parsed: &Parsed) -> HealthView {
        HealthView {
            issues: parsed
                .issues
                .iter()
                .map(|issue| IssueRow {
                    id: issue.id.clone(),
                    title: issue.title.clone(),
                    service: issue.service.clone(),
                    status: issue.status_kind.clone(),
                    classification: issue.classification.clone(),
                    start_date_time: issue.start_date_time.clone(),
                })
                .collect(),
            warnings: parsed.warnings.clone(),
            services: parsed.services.clone(),
            sample: parsed.sample,
        }
    }
}

/// Everything the engine concludes about a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    /// The engine's verdict, with the issues the engineer set aside left out.
    pub verdict: Verdict,
    /// The loaded issues that share anything with the case, best first (a large document's other
    /// issues would only make every answer longer).
    pub matches: Vec<IssueMatch>,
    /// The admin checks worth making first, for the service, the symptom and the route.
    pub checklist: Vec<CheckItem>,
    /// Where the flow goes: the verdict and the engineer's decisions, derived once.
    pub decision: Decision,
    /// What the flow writes from the decision: request, messages, hand-off, `result` event.
    pub outputs: Outputs,
}

/// The engine's side of the conversation: the loaded service health, and the answers.
#[derive(Debug, Default)]
pub struct Session {
    health: Parsed,
}

impl Session {
    pub fn handle(&mut self, request: Request) -> Reply {
        match request {
            Request::ReadHealth { generation, doc } => match self.read_health(&doc) {
                Ok(view) => Reply::Health { generation, view },
                Err(error) => Reply::HealthRefused { generation, error },
            },
            Request::Judge {
                seq,
                case,
                decisions,
                inputs,
            } => Reply::Judged {
                seq,
                judgement: Box::new(self.judge(&case, &decisions, &inputs)),
            },
        }
    }

    /// Answers a request given as JSON text, as the worker receives it.
    pub fn handle_json(&mut self, request: &str) -> Reply {
        match serde_json::from_str(request) {
            Ok(request) => self.handle(request),
            Err(error) => Reply::Refused(format!("the engine cannot read this request: {error}")),
        }
    }

    fn judge(&self, case: &Case, decisions: &Decisions, inputs: &Inputs) -> Judgement {
        let engine = crate::classify_with_health(case, &self.health);
        let aside = decisions.set_aside();
        let verdict = if aside.is_empty() {
            engine.clone()
        } else {
            crate::engine::classify_setting_aside(case, &self.health, &aside)
        };
        let service = case.service.as_deref();
        let matches: Vec<IssueMatch> =
            health::match_issues(&case.text, service, &self.health.issues)
                .into_iter()
                .filter(|m| m.score > 0.0)
                .collect();
        let issue = |id: &str| {
            self.health
                .issues
                .iter()
                .find(|i| i.id.eq_ignore_ascii_case(id))
                .map(|i| IssueRef {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    service: i.service.clone(),
                })
        };
        let decision = decide(&Grounds {
            case,
            engine: &engine,
            acting: &verdict,
            decisions,
            issue: &issue,
        });
        // The checks follow the route the flow takes.
        let mut for_checks = verdict.clone();
        for_checks.route = decision.route;
        for_checks.product = Some(decision.product);
        let checklist = checklist(Some(&decision.service), &for_checks, &case.text);
        let outputs = render(&Material {
            case,
            decision: &decision,
            decisions,
            inputs,
            band: engine.band,
            matches: &matches,
            checklist: &checklist,
        });
        Judgement {
            verdict,
            matches,
            checklist,
            decision,
            outputs,
        }
    }

    fn read_health(&mut self, doc: &str) -> Result<HealthView, String> {
        if doc.trim().is_empty() {
            self.health = Parsed::default();
        } else {
            self.health = health::parse_document(doc).map_err(|e| e.to_string())?;
        }
        Ok(HealthView::from(&self.health))
    }
}
