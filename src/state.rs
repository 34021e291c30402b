//! The app's state and every transition of it, as a pure reducer: components only dispatch.
//!
//! The case being triaged is a [`Draft`]: plain data that is autosaved, kept in the history and put
//! into share links. Everything else here is what the engine concluded from it (what the service
//! health document holds, the verdict), which arrives as actions because the engine runs in a
//! Web Worker (`crate::engine`), or is about the screen (language, dialogs).

use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;
use triage_core::config::LocalText;
use triage_core::flow::decision::{Decisions, Inputs};
use triage_core::session::{HealthView, Judgement};
use triage_core::{Bilingual, Case, Facts, Route, Scope, Symptom};
use yew::Reducible;

use crate::i18n::{fill, Lang};

/// How many earlier cases the history keeps.
pub const HISTORY_LIMIT: usize = 12;

/// The triage steps, in the seed's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    #[default]
    Describe,
    ServiceHealth,
    Troubleshoot,
    EscalationCheck,
    HandOff,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Describe,
        Step::ServiceHealth,
        Step::Troubleshoot,
        Step::EscalationCheck,
        Step::HandOff,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Step {
        Step::ALL[(self.index() + 1).min(Step::ALL.len() - 1)]
    }

    pub fn previous(self) -> Step {
        Step::ALL[self.index().saturating_sub(1)]
    }
}

/// Whether other customers report the same problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Others {
    #[default]
    Unknown,
    Yes,
    No,
}

// What the engineer decides on the way: the engine turns these, with its verdict, into the one
// decision record every step reads (`triage_core::flow::decision`).
pub use triage_core::flow::decision::{Choice, FixOutcome, HealthOutcome};

/// Text fields of the Describe step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Customer,
    Tenant,
    Service,
    Text,
    Since,
    Region,
    /// What troubleshooting found (for the partner-fix summary).
    Finding,
}

/// One case being triaged: everything the engineer entered or decided.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Draft {
    pub id: String,
    /// When the case was started or last put aside, in milliseconds since the Unix epoch.
    pub updated: f64,
    pub step: Step,
    pub customer: String,
    pub tenant: String,
    pub service: String,
    pub text: String,
    pub since: String,
    pub scope: Option<Scope>,
    pub region: String,
    pub others: Others,
    /// What the problem looks like, when the engineer has said (in step 1 or by answering the
    /// verdict's question).
    pub symptom: Option<Symptom>,
    /// The service-health document as loaded (JSON text), and where it came from.
    pub health_doc: String,
    pub health_source: String,
    pub health_outcome: Option<HealthOutcome>,
    /// Posted issues the engineer said do not explain the problem ("Not this one").
    pub rejected: Vec<String>,
    /// Ids of the checklist items the engineer ticked.
    pub checked: Vec<String>,
    pub finding: String,
    pub fix_outcome: Option<FixOutcome>,
    pub choice: Option<Choice>,
    /// The language of the service request, when it differs from the screen's.
    pub request_lang: Option<Lang>,
}

impl Draft {
    /// The case as saved on this device on every change: without its service-health feed,
    /// which is kept apart (see [`FEED_KEY`]) so that a large feed cannot stop the case from
    /// being saved.
    pub fn to_saved_json(&self) -> String {
        let mut saved = self.clone();
        saved.health_doc = String::new();
        serde_json::to_string(&saved).unwrap_or_default()
    }

    pub fn new(id: String, now: f64) -> Draft {
        Draft {
            id,
            updated: now,
            ..Draft::default()
        }
    }

    /// Reads a case as saved (autosave, history, share links). Read by hand, like the
    /// configuration: a derived `Deserialize` would add about 10 KB to the first page load. A
    /// field that is missing or damaged takes its default, so an older or partly damaged save
    /// still opens with everything else in it.
    pub fn from_json(json: &str) -> Result<Draft, String> {
        let value: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Draft::from_value(&value).ok_or_else(|| "it is not a saved case".to_string())
    }

    /// Reads a list of saved cases (the history), skipping any entry that is not one.
    pub fn list_from_json(json: &str) -> Vec<Draft> {
        serde_json::from_str::<Value>(json)
            .ok()
            .and_then(|value| {
                value
                    .as_array()
                    .map(|items| items.iter().filter_map(Draft::from_value).collect())
            })
            .unwrap_or_default()
    }

    fn from_value(value: &Value) -> Option<Draft> {
        let fields = value.as_object()?;
        let field = |name: &str| fields.get(name).unwrap_or(&Value::Null);
        let text = |name: &str| field(name).as_str().unwrap_or_default().to_string();
        let issue_id = field("health_outcome")["issue_id"]
            .as_str()
            .unwrap_or_default();
        Some(Draft {
            id: text("id"),
            updated: field("updated").as_f64().unwrap_or_default(),
            step: one_of(Step::ALL, field("step")).unwrap_or_default(),
            customer: text("customer"),
            tenant: text("tenant"),
            service: text("service"),
            text: text("text"),
            since: text("since"),
            scope: one_of(Scope::ALL, field("scope")),
            region: text("region"),
            others: one_of([Others::Unknown, Others::Yes, Others::No], field("others"))
                .unwrap_or_default(),
            symptom: field("symptom").as_str().and_then(Symptom::from_id),
            health_doc: text("health_doc"),
            health_source: text("health_source"),
            health_outcome: one_of(
                [
                    HealthOutcome::NothingDocumented,
                    HealthOutcome::Documented {
                        issue_id: issue_id.to_string(),
                    },
                ],
                field("health_outcome"),
            ),
            rejected: strings(field("rejected")),
            checked: strings(field("checked")),
            finding: text("finding"),
            fix_outcome: one_of(
                [FixOutcome::Fixed, FixOutcome::NotFixed],
                field("fix_outcome"),
            ),
            choice: one_of(
                Route::ALL
                    .map(Choice::Category)
                    .into_iter()
                    .chain([Choice::NoneFits]),
                field("choice"),
            ),
            request_lang: one_of(Lang::ALL, field("request_lang")),
        })
    }

    /// True until the engineer has typed anything worth keeping.
    pub fn is_blank(&self) -> bool {
        self.customer.trim().is_empty()
            && self.tenant.trim().is_empty()
            && self.text.trim().is_empty()
    }

    /// The service, if one is given.
    pub fn service(&self) -> Option<&str> {
        let service = self.service.trim();
        (!service.is_empty()).then_some(service)
    }

    /// The case the engine judges: the form's facts, and "other customers report the same" read as
    /// a multi-tenant scope unless the engineer chose a scope. The service-health document is not
    /// carried in the case: the engine reads it once, when it is loaded, and judges against that.
    pub fn to_case(&self) -> Case {
        let scope = self.scope.or(match self.others {
            Others::Yes => Some(Scope::MultipleTenants),
            _ => None,
        });
        let region = self.region.trim();
        Case {
            id: Some(self.id.clone()),
            text: self.text.clone(),
            lang: None,
            service: self.service().map(str::to_string),
            facts: Facts {
                scope,
                region: (!region.is_empty()).then(|| region.to_string()),
                health_checked: self.health_outcome.as_ref().map(|_| true),
                troubleshooting_done: self.fix_outcome.map(|o| o == FixOutcome::NotFixed),
                symptom: self.symptom,
            },
            service_health: Vec::new(),
        }
    }

    /// What the engineer decided, for the engine's decision record.
    pub fn decisions(&self) -> Decisions {
        Decisions {
            health: self.health_outcome.clone(),
            rejected: self.rejected.clone(),
            fix: self.fix_outcome,
            choice: self.choice,
        }
    }

    /// What the engineer typed besides the case, for the request and the messages; the request
    /// is written in `lang` unless the engineer chose another language for it.
    pub fn inputs(&self, lang: Lang, partner: &str, template: &LocalText) -> Inputs {
        Inputs {
            customer: self.customer.clone(),
            tenant: self.tenant.clone(),
            since: self.since.clone(),
            finding: self.finding.clone(),
            checked: self.checked.clone(),
            others: match self.others {
                Others::Unknown => None,
                Others::Yes => Some(true),
                Others::No => Some(false),
            },
            request_lang: self.request_lang.unwrap_or(lang),
            partner: partner.to_string(),
            message_template: template.clone(),
        }
    }
}

/// The strings of a JSON array; anything else in it is skipped.
fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The candidate that serializes to `value`: an enum read back through its own `Serialize`, so
/// that reading and writing cannot disagree.
fn one_of<T: Serialize>(candidates: impl IntoIterator<Item = T>, value: &Value) -> Option<T> {
    candidates
        .into_iter()
        .find(|candidate| serde_json::to_value(candidate).is_ok_and(|v| v == *value))
}

/// Whether the engine (a Web Worker started after the first screen) takes requests yet.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum EngineStatus {
    #[default]
    Starting,
    Ready,
    /// It could not start, or stopped; the message says why.
    Failed(String),
}

/// A service-health document on its way to the engine, which reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthLoad {
    pub generation: u32,
    pub doc: String,
    pub source: String,
    /// Loaded by the engineer just now (rather than reopened with a case): once read, the
    /// service-health outcome is asked again.
    pub fresh: bool,
}

/// Issues read from pasted text, waiting for the engineer's "Use these issues".
#[derive(Debug, Clone, PartialEq)]
pub struct HealthPreview {
    /// What was read; `view.doc` holds the issues as Graph JSON, which is what gets loaded.
    pub view: HealthView,
    pub source: String,
}

/// What the engineer must be told about the loaded feed on this device.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedNotice {
    /// Too large for this device's storage: it will be gone after a reload.
    TooLarge { bytes: usize },
    /// The feed loaded before the reload was not kept.
    Lost { source: String },
    /// The stored feed could not be read; it was set aside under `key`, not deleted.
    SetAside { key: String },
}

/// Where the loaded feed is kept on this device: apart from the case, which is saved on every
/// keystroke and must stay small enough to be saved at all.
pub const FEED_KEY: &str = "escalation-triage.health";

/// The stored form of the case's feed.
pub fn feed_to_json(draft: &Draft) -> String {
    #[derive(Serialize)]
    struct Stored<'a> {
        case: &'a str,
        source: &'a str,
        doc: &'a str,
    }
    serde_json::to_string(&Stored {
        case: &draft.id,
        source: &draft.health_source,
        doc: &draft.health_doc,
    })
    .unwrap_or_default()
}

/// The stored feed is not what [`feed_to_json`] writes: it is set aside, not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DamagedFeed;

/// Puts the stored feed back into the case it belongs to, or says that the case's feed was not
/// kept.
pub fn restore_feed(
    draft: &mut Draft,
    stored: Option<&str>,
) -> Result<Option<FeedNotice>, DamagedFeed> {
    if let Some(stored) = stored {
        let value: Value = serde_json::from_str(stored).map_err(|_| DamagedFeed)?;
        let field = |name: &str| value.get(name).and_then(Value::as_str).ok_or(DamagedFeed);
        let (case, source, doc) = (field("case")?, field("source")?, field("doc")?);
        if case == draft.id && draft.health_doc.is_empty() {
            draft.health_doc = doc.to_string();
            draft.health_source = source.to_string();
        }
    }
    if draft.health_doc.is_empty() && !draft.health_source.is_empty() {
        // Said once: the case is saved without the source from now on.
        let source = std::mem::take(&mut draft.health_source);
        return Ok(Some(FeedNotice::Lost { source }));
    }
    Ok(None)
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub lang: Lang,
    pub draft: Draft,
    pub engine: EngineStatus,
    /// What the engine read from `draft.health_doc`.
    pub health: Rc<HealthView>,
    /// The document the engine is reading, if any: it replaces `draft.health_doc` once read.
    pub health_load: Option<Rc<HealthLoad>>,
    /// Counts documents sent to the engine; the newest one wins.
    pub health_generation: u32,
    /// Why the last load of a service-health document was refused (what was loaded before stays).
    pub health_error: Option<triage_core::Bilingual>,
    /// Issues read from pasted text, shown for confirmation before they are loaded.
    pub health_preview: Option<Rc<HealthPreview>>,
    /// What became of the loaded feed on this device, when the engineer must be told.
    pub feed_notice: Option<FeedNotice>,
    /// The engine's conclusions on the draft, once it has given them.
    pub judgement: Option<Rc<Judgement>>,
    /// Earlier cases, newest first.
    pub history: Vec<Draft>,
    /// "Start over" waits for a confirmation.
    pub confirming_reset: bool,
    /// Signing in to the customer's tenant to read its service health; the token stays in the
    /// engine.
    pub sign_in: Rc<SignInView>,
}

/// What the page shows of signing in and of the tenant lookup.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignInView {
    pub phase: SignInPhase,
    /// The tenant signed in to, while the engine holds a token for it.
    pub tenant: Option<String>,
    /// The last tenant lookup: the domain, then the tenant ID or why there is none.
    pub lookup: Option<(String, Option<Result<String, Bilingual>>)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum SignInPhase {
    #[default]
    Idle,
    /// The popup is open; the engine is making the sign-in address.
    Opening,
    /// The popup shows the sign-in page at this address.
    Authorizing(String),
    /// The engine redeems the code and reads Graph.
    Reading,
    /// Signing in or reading did not work: why, and what to do.
    Failed { kind: String, message: Bilingual },
}

/// A step of signing in, from the page or the engine.
pub enum SignInEvent {
    Opening,
    Url(String),
    Reading,
    Read {
        tenant: String,
        read_at: String,
        doc: String,
    },
    Failed {
        kind: String,
        message: Bilingual,
    },
    SignedOut,
    LookingUp(String),
    LookedUp {
        domain: String,
        result: Result<String, Bilingual>,
    },
}

impl State {
    pub fn new(lang: Lang, draft: Draft, history: Vec<Draft>) -> State {
        let mut state = State {
            lang,
            draft,
            engine: EngineStatus::Starting,
            health: Rc::default(),
            health_load: None,
            health_generation: 0,
            health_error: None,
            health_preview: None,
            feed_notice: None,
            judgement: None,
            history,
            confirming_reset: false,
            sign_in: Rc::default(),
        };
        state.reload_health();
        state
    }

    /// The ids of the checklist items the engineer ticked.
    pub fn checked(&self) -> Vec<&str> {
        self.draft.checked.iter().map(String::as_str).collect()
    }

    /// The route the flow follows, from the engine's decision record.
    pub fn route(&self, judgement: &Judgement) -> Route {
        judgement.decision.route
    }

    /// Sends a document to the engine: the one being loaded, or (with `None`) the draft's own,
    /// after the draft was replaced.
    fn load_health(&mut self, load: Option<(String, String)>) {
        self.health_generation += 1;
        let fresh = load.is_some();
        let (doc, source) = load.unwrap_or_else(|| {
            (
                self.draft.health_doc.clone(),
                self.draft.health_source.clone(),
            )
        });
        self.health_load = Some(Rc::new(HealthLoad {
            generation: self.health_generation,
            doc,
            source,
            fresh,
        }));
    }

    /// The draft was replaced: what was shown for the old one goes, and the new one's document
    /// (if any) is read.
    fn reload_health(&mut self) {
        self.health = Rc::default();
        self.health_error = None;
        self.load_health(None);
    }
}

pub enum Action {
    SetLang(Lang),
    GoTo(Step),
    Next,
    Back,
    Edit(Field, String),
    SetScope(Option<Scope>),
    SetOthers(Others),
    /// What the problem looks like (`None`: not sure).
    SetSymptom(Option<Symptom>),
    /// A service-health document (JSON text) and where it came from.
    LoadHealth {
        doc: String,
        source: String,
    },
    /// Loading failed before there was a document (e.g. the network); the message says why.
    HealthLoadFailed(String),
    /// The engine read pasted text sent with `generation`: its issues, for confirmation.
    HealthPreviewed {
        generation: u32,
        view: HealthView,
    },
    /// Use the previewed issues, or drop them.
    ConfirmPreview,
    CancelPreview,
    /// What became of the loaded feed on this device (`None`: it was kept).
    FeedNotice(Option<FeedNotice>),
    ClearHealth,
    SetHealthOutcome(Option<HealthOutcome>),
    /// "Not this one": the posted issue does not explain the problem.
    RejectIssue(String),
    ToggleCheck(String),
    SetFixOutcome(Option<FixOutcome>),
    Choose(Option<Choice>),
    SetRequestLang(Lang),
    AskReset,
    CancelReset,
    /// Confirmed: the current case goes to the history and a blank one starts.
    Reset {
        id: String,
        now: f64,
    },
    /// Reopens a case from the history (or a share link); the current one goes to the history.
    Open {
        draft: Box<Draft>,
        now: f64,
    },
    ClearHistory,
    /// Fields a host page or the URL fills in. A case already under way for another customer is
    /// put aside in the history first, so nothing typed is lost.
    Prefill {
        tenant: Option<String>,
        service: Option<String>,
        text: Option<String>,
        id: String,
        now: f64,
    },
    /// The engine takes requests.
    EngineReady,
    EngineFailed(String),
    /// A step of signing in to the customer's tenant, or of the tenant lookup.
    SignIn(SignInEvent),
    /// The engine read a document sent with `generation`: what it holds, or why it was refused.
    HealthRead {
        generation: u32,
        result: Result<HealthView, triage_core::Bilingual>,
    },
    /// The engine's conclusions on the draft as it is now.
    Judged(Rc<Judgement>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let draft = &mut next.draft;
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::GoTo(step) => draft.step = step,
            Action::Next => {
                // Moving on records what the step's own "continue" button records, so that
                // the request never says "not checked" after the engineer went past a step.
                match draft.step {
                    Step::ServiceHealth if draft.health_outcome.is_none() => {
                        draft.health_outcome = Some(HealthOutcome::NothingDocumented)
                    }
                    Step::Troubleshoot if draft.fix_outcome.is_none() => {
                        draft.fix_outcome = Some(FixOutcome::NotFixed)
                    }
                    Step::EscalationCheck if draft.choice.is_none() => {
                        draft.choice = next
                            .judgement
                            .as_ref()
                            .map(|j| j.decision.route)
                            .filter(|r| r.is_escalation())
                            .map(Choice::Category)
                    }
                    _ => {}
                }
                draft.step = draft.step.next();
            }
            Action::Back => draft.step = draft.step.previous(),
            Action::Edit(field, value) => {
                let slot = match field {
                    Field::Customer => &mut draft.customer,
                    Field::Tenant => &mut draft.tenant,
                    Field::Service => &mut draft.service,
                    Field::Text => &mut draft.text,
                    Field::Since => &mut draft.since,
                    Field::Region => &mut draft.region,
                    Field::Finding => &mut draft.finding,
                };
                *slot = value;
            }
            Action::SetScope(scope) => draft.scope = scope,
            Action::SetSymptom(symptom) => draft.symptom = symptom,
            Action::SetOthers(others) => draft.others = others,
            Action::LoadHealth { doc, source } => {
                next.health_error = None;
                next.health_preview = None;
                next.load_health(Some((doc, source)));
            }
            Action::HealthLoadFailed(message) => {
                next.health_error = Some(triage_core::Bilingual::new(message.clone(), message))
            }
            Action::HealthPreviewed { generation, view } => {
                let Some(load) = next.health_load.take_if(|l| l.generation == generation) else {
                    return self;
                };
                next.health_error = None;
                next.health_preview = Some(Rc::new(HealthPreview {
                    view,
                    source: load.source.clone(),
                }));
            }
            Action::ConfirmPreview => {
                if let Some(preview) = next.health_preview.take() {
                    let HealthPreview { view, source } = Rc::unwrap_or_clone(preview);
                    next.load_health(Some((view.doc, source)));
                }
            }
            Action::CancelPreview => next.health_preview = None,
            Action::FeedNotice(notice) => next.feed_notice = notice,
            Action::ClearHealth => {
                next.feed_notice = None;
                draft.health_doc.clear();
                draft.health_source.clear();
                draft.health_outcome = None;
                draft.rejected.clear();
                next.reload_health();
            }
            Action::SetHealthOutcome(outcome) => {
                if let Some(HealthOutcome::Documented { issue_id }) = &outcome {
                    draft.rejected.retain(|r| r != issue_id);
                }
                draft.health_outcome = outcome;
            }
            Action::RejectIssue(id) => {
                if matches!(&draft.health_outcome, Some(HealthOutcome::Documented { issue_id }) if *issue_id == id)
                {
                    draft.health_outcome = None;
                }
                if !draft.rejected.contains(&id) {
                    draft.rejected.push(id);
                }
            }
            Action::ToggleCheck(id) => {
                if let Some(at) = draft.checked.iter().position(|c| *c == id) {
                    draft.checked.remove(at);
                } else {
                    draft.checked.push(id);
                }
            }
            Action::SetFixOutcome(outcome) => draft.fix_outcome = outcome,
            Action::Choose(choice) => {
                // Filing under a category means troubleshooting did not fix it.
                if matches!(choice, Some(Choice::Category(_)))
                    && draft.fix_outcome == Some(FixOutcome::Fixed)
                {
                    draft.fix_outcome = Some(FixOutcome::NotFixed);
                }
                draft.choice = choice;
            }
            Action::SetRequestLang(lang) => draft.request_lang = Some(lang),
            Action::AskReset => next.confirming_reset = true,
            Action::CancelReset => next.confirming_reset = false,
            Action::Reset { id, now } => {
                let old = std::mem::replace(&mut next.draft, Draft::new(id, now));
                archive(&mut next.history, old, now);
                next.confirming_reset = false;
                next.reload_health();
            }
            Action::Open { draft: opened, now } => {
                let old = std::mem::replace(&mut next.draft, *opened);
                next.history.retain(|d| d.id != next.draft.id);
                archive(&mut next.history, old, now);
                next.reload_health();
            }
            Action::ClearHistory => next.history.clear(),
            Action::Prefill {
                tenant,
                service,
                text,
                id,
                now,
            } => {
                let other_customer = tenant
                    .as_deref()
                    .is_some_and(|t| !draft.tenant.trim().is_empty() && draft.tenant.trim() != t);
                if other_customer {
                    let old = std::mem::replace(&mut next.draft, Draft::new(id, now));
                    archive(&mut next.history, old, now);
                    next.reload_health();
                }
                let draft = &mut next.draft;
                for (slot, value) in [
                    (&mut draft.tenant, tenant),
                    (&mut draft.service, service),
                    (&mut draft.text, text),
                ] {
                    if let Some(value) = value {
                        *slot = value;
                    }
                }
            }
            Action::EngineReady => next.engine = EngineStatus::Ready,
            Action::EngineFailed(message) => {
                // A verdict from before the engine stopped would no longer follow what is typed.
                next.engine = EngineStatus::Failed(message);
                next.judgement = None;
            }
            Action::HealthRead { generation, result } => {
                let Some(load) = next.health_load.take_if(|l| l.generation == generation) else {
                    // An older document, overtaken by a newer one.
                    return self;
                };
                let load = Rc::unwrap_or_clone(load);
                match result {
                    Ok(mut view) => {
                        // The engine's compact form is what the case keeps (and this device
                        // stores): the issues as Graph JSON, without the post history.
                        let doc = std::mem::take(&mut view.doc);
                        next.health = Rc::new(view);
                        next.health_error = None;
                        let draft = &mut next.draft;
                        if load.fresh {
                            draft.health_outcome = None;
                        }
                        draft.health_doc = doc;
                        draft.health_source = load.source;
                    }
                    // A malformed document never replaces what was loaded before.
                    Err(error) => {
                        next.health_error = Some(triage_core::Bilingual::new(
                            format!("{}: {}", load.source, error.text_en),
                            format!("{}: {}", load.source, error.text_ja),
                        ));
                    }
                }
            }
            Action::Judged(judgement) => next.judgement = Some(judgement),
            Action::SignIn(event) => {
                let mut view = (*next.sign_in).clone();
                match event {
                    SignInEvent::Opening => view.phase = SignInPhase::Opening,
                    SignInEvent::Url(url) => view.phase = SignInPhase::Authorizing(url),
                    SignInEvent::Reading => view.phase = SignInPhase::Reading,
                    SignInEvent::Read {
                        tenant,
                        read_at,
                        doc,
                    } => {
                        // "2026-12-02T09:05:31.000Z" reads as "2026-12-02 09:05 UTC".
                        let time = format!(
                            "{} UTC",
                            read_at.get(..16).unwrap_or(&read_at).replace('T', " ")
                        );
                        let source = fill(
                            crate::i18n::strings(next.lang).source_graph,
                            &[("tenant", &tenant), ("time", &time)],
                        );
                        view.phase = SignInPhase::Idle;
                        view.tenant = Some(tenant);
                        next.health_error = None;
                        next.load_health(Some((doc, source)));
                    }
                    SignInEvent::Failed { kind, message } => {
                        if kind == "expired" {
                            view.tenant = None;
                        }
                        view.phase = SignInPhase::Failed { kind, message };
                    }
                    SignInEvent::SignedOut => view = SignInView::default(),
                    SignInEvent::LookingUp(domain) => view.lookup = Some((domain, None)),
                    SignInEvent::LookedUp { domain, result } => {
                        if let Ok(id) = &result {
                            next.draft.tenant = id.clone();
                        }
                        view.lookup = Some((domain, Some(result)));
                    }
                }
                next.sign_in = Rc::new(view);
            }
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// Puts a case at the top of the history, unless it is blank; keeps the history short.
fn archive(history: &mut Vec<Draft>, mut draft: Draft, now: f64) {
    if draft.is_blank() {
        return;
    }
    draft.updated = now;
    history.retain(|d| d.id != draft.id);
    history.insert(0, draft);
    history.truncate(HISTORY_LIMIT);
}

#[cfg(test)]
mod tests {
    use super::*;
    use triage_core::session::{Reply, Request, Session};

    fn start() -> State {
        State::new(Lang::En, Draft::new("case-1".into(), 1.0), Vec::new())
    }

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    const SAMPLE: &str = include_str!("../static/sample-service-health.json");

    /// The engineer loads a service-health document.
    fn load(state: State, doc: &str, source: &str) -> State {
        reduce(
            state,
            Action::LoadHealth {
                doc: doc.into(),
                source: source.into(),
            },
        )
    }

    /// The engine's answer to a document the state sent.
    fn read(session: &mut Session, load: &HealthLoad) -> Action {
        let (generation, result) = match session.handle(Request::ReadHealth {
            generation: load.generation,
            doc: load.doc.clone(),
        }) {
            Reply::Health { generation, view } => (generation, Ok(view)),
            Reply::HealthPreview { generation, view } => {
                return Action::HealthPreviewed { generation, view }
            }
            Reply::HealthRefused { generation, error } => (generation, Err(error)),
            other => panic!("a health reply, not {other:?}"),
        };
        Action::HealthRead { generation, result }
    }

    /// Plays the engine's part for the document the state is waiting on.
    fn answer_health(state: State, session: &mut Session) -> State {
        let load = state.health_load.clone().expect("a document on its way");
        let answer = read(session, &load);
        reduce(state, answer)
    }

    #[test]
    fn a_saved_case_reads_back_as_it_was_written() {
        let full = Draft {
            id: "case-5".into(),
            updated: 1_764_000_000_123.0,
            step: Step::EscalationCheck,
            customer: "Fabrikam".into(),
            tenant: "fabrikam.onmicrosoft.com".into(),
            service: "Exchange Online".into(),
            text: "メールが届かない \"quoted\"".into(),
            since: "09:00".into(),
            scope: Some(Scope::WholeTenant),
            region: "Japan East".into(),
            others: Others::Yes,
            symptom: Some(Symptom::RegionDown),
            health_doc: SAMPLE.into(),
            health_source: "sample".into(),
            health_outcome: Some(HealthOutcome::Documented {
                issue_id: "EX9000101".into(),
            }),
            rejected: vec!["EX9000102".into()],
            checked: vec!["mx_records".into(), "message_trace".into()],
            finding: "MX points elsewhere".into(),
            fix_outcome: Some(FixOutcome::NotFixed),
            choice: Some(Choice::Category(Route::EscalateBug)),
            request_lang: Some(Lang::Ja),
        };
        let json = serde_json::to_string(&full).unwrap();
        assert_eq!(Draft::from_json(&json), Ok(full.clone()));

        let mut other = full.clone();
        other.health_outcome = Some(HealthOutcome::NothingDocumented);
        other.choice = Some(Choice::NoneFits);
        other.fix_outcome = Some(FixOutcome::Fixed);
        other.scope = None;
        let history = serde_json::to_string(&vec![full, other.clone()]).unwrap();
        let history = history.replacen('[', "[42,", 1);
        let read = Draft::list_from_json(&history);
        assert_eq!(read.len(), 2, "the entry that is not a case is skipped");
        assert_eq!(read[1], other);
    }

    #[test]
    fn an_old_or_damaged_save_still_opens_with_what_it_holds() {
        let draft = Draft::from_json(
            r#"{"id": "case-1", "text": "Teams calls drop", "step": "no_such_step", "scope": 7, "checked": ["a", 3]}"#,
        )
        .unwrap();
        assert_eq!(draft.id, "case-1");
        assert_eq!(draft.text, "Teams calls drop");
        assert_eq!(draft.step, Step::Describe);
        assert_eq!(draft.scope, None);
        assert_eq!(draft.checked, vec!["a".to_string()]);
        assert!(Draft::from_json("[1, 2]").is_err());
        let error = Draft::from_json("{\"id\": ").unwrap_err();
        assert!(error.contains("line 1"), "{error}");
    }

    #[test]
    fn steps_move_forward_and_back_within_bounds() {
        let state = reduce(start(), Action::Back);
        assert_eq!(state.draft.step, Step::Describe);
        let state = reduce(state, Action::Next);
        assert_eq!(state.draft.step, Step::ServiceHealth);
        let state = reduce(state, Action::GoTo(Step::HandOff));
        let state = reduce(state, Action::Next);
        assert_eq!(state.draft.step, Step::HandOff);
    }

    #[test]
    fn switching_language_keeps_the_case() {
        let state = reduce(start(), Action::Edit(Field::Text, "Mail is delayed".into()));
        let state = reduce(state, Action::GoTo(Step::Troubleshoot));
        let state = reduce(state, Action::SetLang(Lang::Ja));
        assert_eq!(state.lang, Lang::Ja);
        assert_eq!(state.draft.step, Step::Troubleshoot);
        assert_eq!(state.draft.text, "Mail is delayed");
    }

    #[test]
    fn the_draft_and_its_document_go_to_the_engine_and_a_late_answer_is_dropped() {
        let mut session = Session::default();
        let state = load(start(), SAMPLE, "sample");
        let first = state.health_load.clone().unwrap();
        assert!(first.fresh);
        assert_eq!(state.draft.health_doc, "", "not before the engine read it");
        let state = load(state, "{\"value\": []}", "pasted");
        // The sample's answer arrives after the newer document was sent: it is dropped.
        let late = reduce(state.clone(), read(&mut session, &first));
        assert_eq!(late, state);
        let state = answer_health(state, &mut session);
        assert_eq!(state.draft.health_source, "pasted");
        assert!(state.health_load.is_none());
        assert!(state.health.issues.is_empty());
    }

    #[test]
    fn other_customers_reporting_counts_as_multi_tenant() {
        let mut draft = Draft::new("c".into(), 0.0);
        draft.others = Others::Yes;
        assert_eq!(draft.to_case().facts.scope, Some(Scope::MultipleTenants));
        draft.scope = Some(Scope::SingleUser);
        assert_eq!(draft.to_case().facts.scope, Some(Scope::SingleUser));
    }

    #[test]
    fn an_answered_question_becomes_the_cases_symptom_and_can_be_taken_back() {
        let state = reduce(start(), Action::SetSymptom(Some(Symptom::Slow)));
        assert_eq!(state.draft.symptom, Some(Symptom::Slow));
        assert_eq!(state.draft.to_case().facts.symptom, Some(Symptom::Slow));
        let json = serde_json::to_string(&state.draft).unwrap();
        assert!(json.contains(r#""symptom":"slow""#), "{json}");
        let state = reduce(state, Action::SetSymptom(None));
        assert_eq!(state.draft.to_case().facts.symptom, None);
    }

    #[test]
    fn a_malformed_document_keeps_what_was_loaded() {
        let mut session = Session::default();
        let state = load(start(), SAMPLE, "sample");
        let state = answer_health(state, &mut session);
        let loaded = state.health.issues.len();
        assert!(loaded > 0);
        // The case keeps the engine's compact form of the document.
        assert!(state.draft.health_doc.len() < SAMPLE.len());
        assert!(state.draft.health_doc.contains("EX9000101"));
        let state = load(state, "{\"value\": [", "pasted");
        let state = answer_health(state, &mut session);
        assert_eq!(state.health.issues.len(), loaded);
        assert_eq!(state.draft.health_source, "sample");
        let error = state
            .health_error
            .expect("an error for the broken document");
        assert!(error.text_en.starts_with("pasted: "), "{error:?}");
        assert!(error.text_ja.starts_with("pasted: "), "{error:?}");
    }

    const PASTED: &str = "EX1190321 - Some users may see delays receiving email from external senders\nTM1190877 - Users can't join Teams meetings from the Outlook calendar\n";

    #[test]
    fn pasted_text_is_shown_first_and_loaded_only_when_confirmed() {
        let mut session = Session::default();
        let state = answer_health(load(start(), SAMPLE, "sample"), &mut session);
        let loaded = state.health.clone();
        let state = answer_health(load(state, PASTED, "pasted text"), &mut session);
        let preview = state.health_preview.clone().expect("a preview");
        assert_eq!(preview.view.issues.len(), 2);
        assert_eq!(preview.source, "pasted text");
        // Nothing changed yet: the sample is still what the case is matched against.
        assert_eq!(state.health, loaded);
        assert_eq!(state.draft.health_source, "sample");

        // Cancelled: the preview goes, the sample stays.
        let cancelled = reduce(state.clone(), Action::CancelPreview);
        assert!(cancelled.health_preview.is_none());
        assert_eq!(cancelled.health, loaded);

        // Confirmed: the previewed issues are loaded.
        let state = reduce(state, Action::ConfirmPreview);
        assert!(state.health_preview.is_none());
        let state = answer_health(state, &mut session);
        let ids: Vec<&str> = state.health.issues.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["EX1190321", "TM1190877"]);
        assert_eq!(state.draft.health_source, "pasted text");
    }

    #[test]
    fn a_paste_with_no_issue_is_refused_in_both_languages_and_keeps_what_was_loaded() {
        let mut session = Session::default();
        let state = answer_health(load(start(), SAMPLE, "sample"), &mut session);
        let loaded = state.health.clone();
        let state = answer_health(
            load(state, "Outlook is broken again", "pasted text"),
            &mut session,
        );
        assert_eq!(state.health, loaded);
        assert!(state.health_preview.is_none());
        let error = state.health_error.expect("refused");
        assert!(
            error.text_en.contains("no service-health issue"),
            "{error:?}"
        );
        assert!(error.text_ja.contains("見つかりません"), "{error:?}");
    }

    #[test]
    fn the_feed_is_kept_apart_from_the_case_and_put_back_on_reload() {
        let mut draft = Draft::new("case-3".into(), 1.0);
        draft.health_doc = "{\"value\": []}".into();
        draft.health_source = "sample".into();
        let stored = feed_to_json(&draft);
        // The case is saved without its feed, the feed on its own.
        let saved: Value = serde_json::from_str(&draft.to_saved_json()).unwrap();
        assert_eq!(saved["health_doc"], "");
        assert_eq!(saved["health_source"], "sample");

        let mut reloaded = Draft::from_json(&draft.to_saved_json()).unwrap();
        assert_eq!(restore_feed(&mut reloaded, Some(&stored)), Ok(None));
        assert_eq!(reloaded, draft);

        // Another case's feed is not this one's: the engineer is told the feed was not kept.
        let mut other = Draft::from_json(&draft.to_saved_json()).unwrap();
        other.id = "case-4".into();
        assert_eq!(
            restore_feed(&mut other, Some(&stored)),
            Ok(Some(FeedNotice::Lost {
                source: "sample".into()
            }))
        );
        assert_eq!(other.health_source, "", "said once");
        let mut fresh = Draft::new("case-5".into(), 1.0);
        assert_eq!(restore_feed(&mut fresh, None), Ok(None));
        // Damaged: not used.
        for damaged in ["{\"case\": \"case-3\", \"doc\": ", "[1]", "{\"case\": 3}"] {
            let mut draft = Draft::new("case-3".into(), 1.0);
            assert_eq!(
                restore_feed(&mut draft, Some(damaged)),
                Err(DamagedFeed),
                "{damaged}"
            );
        }
    }

    #[test]
    fn a_reopened_case_sends_its_own_document_and_keeps_its_outcome() {
        let mut session = Session::default();
        let mut saved = Draft::new("case-9".into(), 1.0);
        saved.text = "Shared mailbox fails".into();
        saved.health_doc = SAMPLE.into();
        saved.health_source = "sample".into();
        saved.health_outcome = Some(HealthOutcome::NothingDocumented);
        let state = reduce(
            start(),
            Action::Open {
                draft: Box::new(saved),
                now: 2.0,
            },
        );
        let load = state.health_load.clone().unwrap();
        assert!(!load.fresh);
        assert_eq!(load.doc, SAMPLE);
        let state = answer_health(state, &mut session);
        assert!(!state.health.issues.is_empty());
        assert_eq!(
            state.draft.health_outcome,
            Some(HealthOutcome::NothingDocumented)
        );
    }

    #[test]
    fn start_over_keeps_the_old_case_in_the_history() {
        let state = reduce(
            start(),
            Action::Edit(Field::Text, "Teams calls drop".into()),
        );
        let state = reduce(state, Action::AskReset);
        assert!(state.confirming_reset);
        let state = reduce(
            state,
            Action::Reset {
                id: "case-2".into(),
                now: 2.0,
            },
        );
        assert!(!state.confirming_reset);
        assert_eq!(state.draft.id, "case-2");
        assert!(state.draft.text.is_empty());
        assert_eq!(state.history.len(), 1);
        assert_eq!(state.history[0].text, "Teams calls drop");

        // Reopening swaps the two; a blank case is not kept.
        let old = Box::new(state.history[0].clone());
        let state = reduce(
            state,
            Action::Open {
                draft: old,
                now: 3.0,
            },
        );
        assert_eq!(state.draft.text, "Teams calls drop");
        assert!(state.history.is_empty());
        let state = reduce(state, Action::ClearHistory);
        assert!(state.history.is_empty());
    }

    #[test]
    fn prefill_fills_a_blank_case_and_puts_another_customers_case_aside() {
        let prefill = |tenant: &str, id: &str| Action::Prefill {
            tenant: Some(tenant.into()),
            service: Some("Microsoft Teams".into()),
            text: None,
            id: id.into(),
            now: 9.0,
        };
        let state = reduce(start(), prefill("contoso.onmicrosoft.com", "case-2"));
        assert_eq!(state.draft.id, "case-1");
        assert_eq!(state.draft.tenant, "contoso.onmicrosoft.com");
        assert_eq!(state.draft.service, "Microsoft Teams");
        let state = reduce(state, Action::Edit(Field::Text, "Calls drop".into()));
        // The same customer again keeps the case; another customer starts a new one.
        let state = reduce(state, prefill("contoso.onmicrosoft.com", "case-3"));
        assert_eq!(
            (state.draft.id.as_str(), state.draft.text.as_str()),
            ("case-1", "Calls drop")
        );
        let state = reduce(state, prefill("fabrikam.onmicrosoft.com", "case-4"));
        assert_eq!(state.draft.id, "case-4");
        assert!(state.draft.text.is_empty());
        assert_eq!(state.history[0].text, "Calls drop");
    }

    #[test]
    fn history_is_bounded() {
        let mut state = start();
        for n in 0..(HISTORY_LIMIT + 5) {
            state = reduce(state, Action::Edit(Field::Text, format!("problem {n}")));
            state = reduce(
                state,
                Action::Reset {
                    id: format!("case-{n}-next"),
                    now: n as f64,
                },
            );
        }
        assert_eq!(state.history.len(), HISTORY_LIMIT);
        assert_eq!(
            state.history[0].text,
            format!("problem {}", HISTORY_LIMIT + 4)
        );
    }

    /// The engine's judgement of the draft as it stands, decisions included, as the app asks for it.
    fn judged(state: State, session: &mut Session) -> State {
        let request = Request::Judge {
            seq: 1,
            case: state.draft.to_case(),
            decisions: state.draft.decisions(),
            inputs: Box::new(
                state
                    .draft
                    .inputs(state.lang, "Contoso", &LocalText::default()),
            ),
        };
        let Reply::Judged { judgement, .. } = session.handle(request) else {
            panic!("a judgement");
        };
        reduce(state, Action::Judged(Rc::from(judgement)))
    }

    fn route(state: &State) -> Route {
        state.route(state.judgement.as_deref().expect("a judgement"))
    }

    #[test]
    fn the_engineers_choice_overrides_the_route() {
        let mut session = Session::default();
        let state = reduce(
            start(),
            Action::Edit(
                Field::Text,
                "The usage report shows wrong numbers since the update".into(),
            ),
        );
        let state = judged(state, &mut session);
        let engine = route(&state);
        let state = reduce(
            state,
            Action::Choose(Some(Choice::Category(Route::EscalateUndocumented))),
        );
        let state = judged(state, &mut session);
        assert_eq!(route(&state), Route::EscalateUndocumented);
        let state = judged(reduce(state, Action::Choose(None)), &mut session);
        assert_eq!(route(&state), engine);
    }

    #[test]
    fn next_records_what_the_continue_buttons_record() {
        let mut session = Session::default();
        let state = load(start(), SAMPLE, "sample");
        let state = answer_health(state, &mut session);
        let state = reduce(
            state,
            Action::Edit(
                Field::Text,
                "Since this morning several users get an error when they open the shared mailbox in Outlook on the web.".into(),
            ),
        );
        let state = judged(reduce(state, Action::Next), &mut session);
        assert_eq!(state.draft.step, Step::ServiceHealth);
        assert_eq!(route(&state), Route::KnownIssue);
        // Next past the engine's match: nothing posted explains it, as the continue button says.
        let state = judged(reduce(state, Action::Next), &mut session);
        assert_eq!(
            state.draft.health_outcome,
            Some(HealthOutcome::NothingDocumented)
        );
        assert_ne!(route(&state), Route::KnownIssue);
        let state = judged(reduce(state, Action::Next), &mut session);
        assert_eq!(state.draft.fix_outcome, Some(FixOutcome::NotFixed));
        let decided = route(&state);
        let state = reduce(state, Action::Next);
        assert_eq!(state.draft.step, Step::HandOff);
        if decided.is_escalation() {
            assert_eq!(state.draft.choice, Some(Choice::Category(decided)));
        }
        let request = &state.judgement.as_ref().unwrap().outputs.request_text;
        assert!(!request.contains("Not checked yet"), "{request}");
    }

    #[test]
    fn picking_or_rejecting_an_issue_is_kept_with_the_case() {
        let state = reduce(start(), Action::RejectIssue("EX9000101".into()));
        let state = reduce(state, Action::RejectIssue("EX9000101".into()));
        assert_eq!(state.draft.rejected, vec!["EX9000101".to_string()]);
        let state = reduce(
            state,
            Action::SetHealthOutcome(Some(HealthOutcome::Documented {
                issue_id: "EX9000101".into(),
            })),
        );
        assert!(
            state.draft.rejected.is_empty(),
            "picking takes a rejection back"
        );
        let state = reduce(state, Action::RejectIssue("EX9000101".into()));
        assert_eq!(
            state.draft.health_outcome, None,
            "rejecting takes a pick back"
        );
        let json = serde_json::to_string(&state.draft).unwrap();
        assert_eq!(Draft::from_json(&json).unwrap().rejected, vec!["EX9000101"]);
        assert_eq!(state.draft.decisions().rejected, vec!["EX9000101"]);
        // Filing under a category takes back "fixed".
        let state = reduce(state, Action::SetFixOutcome(Some(FixOutcome::Fixed)));
        let state = reduce(
            state,
            Action::Choose(Some(Choice::Category(Route::EscalateBug))),
        );
        assert_eq!(state.draft.fix_outcome, Some(FixOutcome::NotFixed));
    }

    #[test]
    fn an_engine_that_stops_takes_its_last_verdict_with_it() {
        let state = reduce(
            start(),
            Action::Edit(Field::Text, "Teams calls drop".into()),
        );
        let Reply::Judged { judgement, .. } = Session::default().handle(Request::Judge {
            seq: 1,
            case: state.draft.to_case(),
            decisions: state.draft.decisions(),
            inputs: Box::default(),
        }) else {
            panic!("a judgement");
        };
        let state = reduce(state, Action::EngineReady);
        let state = reduce(state, Action::Judged(Rc::from(judgement)));
        assert!(state.judgement.is_some());
        let state = reduce(state, Action::EngineFailed("stopped".into()));
        assert_eq!(state.engine, EngineStatus::Failed("stopped".into()));
        assert!(state.judgement.is_none());
        assert_eq!(state.draft.text, "Teams calls drop", "the case stays");
    }
}
