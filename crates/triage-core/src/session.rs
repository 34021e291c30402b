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
use crate::signin::{Redirect, SignInError, SignInSettings};
use crate::verdict::{Bilingual, Verdict};

/// What the app asks of the engine. Requests are answered in the order they are sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Reads a service-health document (Graph JSON, or text copied from the admin center, an
    /// e-mail or a chat; empty for none). Graph JSON becomes the document later cases are judged
    /// against; text is only read and shown ([`Reply::HealthPreview`]) until the page sends its
    /// issues back as JSON. A malformed document leaves the loaded one in place.
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
    /// Starts signing in to the customer's tenant (step 1's tenant) to read its service health;
    /// answered with [`Reply::SignInUrl`] for the popup the page has opened.
    SignIn {
        tenant: String,
        settings: SignInSettings,
        redirect_uri: String,
    },
    /// What the redirect page posted from the popup: the engine redeems the code, reads the
    /// unresolved issues from Graph, and answers [`Reply::SignedIn`] or [`Reply::SignInFailed`].
    SignInRedirect(Redirect),
    /// The page gave up on the popup: the browser blocked it, or it was closed (`closed`) before
    /// the redirect.
    SignInAborted { closed: bool },
    /// Reads the service health again with the token held since signing in.
    ReadAgain,
    /// Forgets the token.
    SignOut,
    /// Looks up the tenant ID of a domain (the OpenID configuration of `login_host`).
    LookUpTenant { domain: String, login_host: String },
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
    /// …or, for pasted text, what it holds without loading it: `view.doc` is those issues as
    /// Graph JSON, to be sent back once the engineer confirms them…
    HealthPreview { generation: u32, view: HealthView },
    /// …or why it was refused (the document read before stays loaded).
    HealthRefused { generation: u32, error: Bilingual },
    /// The answer to [`Request::Judge`].
    Judged { seq: u32, judgement: Box<Judgement> },
    /// A request that could not be read (a version mismatch between the app and the worker).
    Refused(String),
    // The sign-in replies are read by the page by hand ([`Reply::read_sign_in`]): derived reading
    // code for them would cost the first page load kilobytes.
    /// Where the sign-in popup goes.
    #[serde(skip_deserializing)]
    SignInUrl { url: String },
    /// Service health was read from Microsoft Graph for `tenant` at `read_at` (ISO 8601): the
    /// issues as one document, which the page loads like a pasted one. The token stays in the
    /// engine.
    #[serde(skip_deserializing)]
    SignedIn {
        tenant: String,
        read_at: String,
        doc: String,
    },
    /// Signing in or reading did not work: what to do (`kind` is [`SignInError::kind`]).
    #[serde(skip_deserializing)]
    SignInFailed { kind: String, message: Bilingual },
    /// The token is forgotten.
    #[serde(skip_deserializing)]
    SignedOut,
    /// The answer to [`Request::LookUpTenant`]: the tenant ID, or why there is none.
    #[serde(skip_deserializing)]
    TenantLookup {
        domain: String,
        result: Result<String, Bilingual>,
    },
}

impl Reply {
    /// Reads a sign-in reply from its JSON form; `None` for any other reply.
    pub fn read_sign_in(value: &serde_json::Value) -> Option<Reply> {
        let text = |v: &serde_json::Value, key: &str| v[key].as_str().map(str::to_string);
        let bilingual =
            |v: &serde_json::Value| Some(Bilingual::new(text(v, "text_en")?, text(v, "text_ja")?));
        if value.as_str() == Some("SignedOut") {
            return Some(Reply::SignedOut);
        }
        let (name, v) = value.as_object()?.iter().next()?;
        Some(match name.as_str() {
            "SignInUrl" => Reply::SignInUrl {
                url: text(v, "url")?,
            },
            "SignedIn" => Reply::SignedIn {
                tenant: text(v, "tenant")?,
                read_at: text(v, "read_at")?,
                doc: text(v, "doc")?,
            },
            "SignInFailed" => Reply::SignInFailed {
                kind: text(v, "kind")?,
                message: bilingual(&v["message"])?,
            },
            "TenantLookup" => Reply::TenantLookup {
                domain: text(v, "domain")?,
                result: match text(&v["result"], "Ok") {
                    Some(id) => Ok(id),
                    None => Err(bilingual(&v["result"]["Err"])?),
                },
            },
            _ => return None,
        })
    }

    /// The reply for a sign-in failure.
    pub fn sign_in_failed(error: &SignInError) -> Reply {
        Reply::SignInFailed {
            kind: error.kind().to_string(),
            message: error.message(),
        }
    }
}

/// A loaded service-health document as the app shows it: the issues without their posts (the
/// engine keeps those for matching), what was skipped, and the services it names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HealthView {
    /// The document as the engine keeps it: the issues as compact Graph JSON (see
    /// [`health::to_graph_document`]), which is what the page keeps and stores. Empty for none.
    #[serde(default)]
    pub doc: String,
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
            doc: String::new(),
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
                Ok((view, true)) => Reply::HealthPreview { generation, view },
                Ok((view, false)) => Reply::Health { generation, view },
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
            // Signing in needs the network and a random source: the worker answers these itself.
            Request::SignIn { .. }
            | Request::SignInRedirect(_)
            | Request::SignInAborted { .. }
            | Request::ReadAgain
            | Request::SignOut
            | Request::LookUpTenant { .. } => {
                Reply::Refused("signing in needs the engine's Web Worker".into())
            }
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
        let crate::engine::Judged {
            verdict: engine,
            acting: mut verdict,
            matches,
        } = crate::engine::judge_with_health(case, &self.health, &decisions.set_aside());
        // An engineer who has said which posted issue explains the problem has answered whether
        // the one that came close does.
        if decisions.health.is_some()
            && verdict
                .question
                .as_ref()
                .is_some_and(|q| q.id == crate::question::POSTED_ISSUE)
        {
            verdict.question = None;
        }
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

    /// The view of a document, and whether it is only a preview (text, not loaded).
    fn read_health(&mut self, doc: &str) -> Result<(HealthView, bool), Bilingual> {
        if doc.trim().is_empty() {
            self.health = Parsed::default();
            return Ok((HealthView::default(), false));
        }
        let parsed = health::parse_document(doc).map_err(|e| e.bilingual())?;
        let mut view = HealthView::from(&parsed);
        view.doc = health::to_graph_document(&parsed);
        let preview = parsed.from_text;
        if !preview {
            self.health = parsed;
        }
        Ok((view, preview))
    }
}
