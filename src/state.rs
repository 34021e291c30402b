//! The app's state and every transition of it, as a pure reducer: components only dispatch.
//!
//! The case being triaged is a [`Draft`]: plain data that is autosaved, kept in the history and put
//! into share links. Everything else here is derived from it (the parsed service health, the
//! engine's verdict) or is about the screen (language, dialogs).

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use triage_core::flow::troubleshoot::{checklist, CheckItem};
use triage_core::health::{self, Parsed};
use triage_core::{Case, Facts, Route, Scope, Verdict};
use yew::Reducible;

use crate::i18n::Lang;

/// How many earlier cases the history keeps.
pub const HISTORY_LIMIT: usize = 12;

/// The triage steps, in the seed's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Others {
    #[default]
    Unknown,
    Yes,
    No,
}

/// What the service-health step concluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum HealthOutcome {
    /// A documented issue explains the problem: the flow ends at the customer message.
    Documented { issue_id: String },
    /// Service health was checked and nothing explains it.
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
    /// The service-health document as loaded (JSON text), and where it came from.
    pub health_doc: String,
    pub health_source: String,
    pub health_outcome: Option<HealthOutcome>,
    /// Ids of the checklist items the engineer ticked.
    pub checked: Vec<String>,
    pub finding: String,
    pub fix_outcome: Option<FixOutcome>,
    pub choice: Option<Choice>,
    /// The language of the service request, when it differs from the screen's.
    pub request_lang: Option<Lang>,
}

impl Draft {
    pub fn new(id: String, now: f64) -> Draft {
        Draft {
            id,
            updated: now,
            ..Draft::default()
        }
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
    /// a multi-tenant scope unless the engineer chose a scope. The loaded service health is judged
    /// from its parsed form ([`State`] keeps it), not carried in the case.
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
            },
            service_health: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub lang: Lang,
    pub draft: Draft,
    /// Parsed from `draft.health_doc`.
    pub health: Rc<Parsed>,
    /// Why the last load of a service-health document was refused (what was loaded before stays).
    pub health_error: Option<String>,
    /// The engine's verdict on the draft, recomputed on every change.
    pub verdict: Rc<Verdict>,
    /// Earlier cases, newest first.
    pub history: Vec<Draft>,
    /// "Start over" waits for a confirmation.
    pub confirming_reset: bool,
}

impl State {
    pub fn new(lang: Lang, draft: Draft, history: Vec<Draft>) -> State {
        let health = Rc::new(parse_health(&draft.health_doc).unwrap_or_default());
        let verdict = Rc::new(triage_core::classify_with_health(&draft.to_case(), &health));
        State {
            lang,
            draft,
            health,
            health_error: None,
            verdict,
            history,
            confirming_reset: false,
        }
    }

    /// The troubleshooting checklist for the case as it stands.
    pub fn checklist(&self) -> Vec<CheckItem> {
        checklist(self.draft.service(), &self.verdict, &self.draft.text)
    }

    /// The ids of the checklist items the engineer ticked.
    pub fn checked(&self) -> Vec<&str> {
        self.draft.checked.iter().map(String::as_str).collect()
    }

    /// The route the flow follows: the engineer's pick if they made one, else the engine's.
    pub fn route(&self) -> Route {
        match self.draft.choice {
            Some(Choice::Category(route)) => route,
            _ => self.verdict.route,
        }
    }

    fn rejudge(&mut self) {
        self.verdict = Rc::new(triage_core::classify_with_health(
            &self.draft.to_case(),
            &self.health,
        ));
    }
}

fn parse_health(doc: &str) -> Option<Parsed> {
    if doc.trim().is_empty() {
        return None;
    }
    health::parse_document(doc).ok()
}

pub enum Action {
    SetLang(Lang),
    GoTo(Step),
    Next,
    Back,
    Edit(Field, String),
    SetScope(Option<Scope>),
    SetOthers(Others),
    /// A service-health document (JSON text) and where it came from.
    LoadHealth {
        doc: String,
        source: String,
    },
    /// Loading failed before there was a document (e.g. the network); the message says why.
    HealthLoadFailed(String),
    ClearHealth,
    SetHealthOutcome(Option<HealthOutcome>),
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
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let draft = &mut next.draft;
        let mut rejudge = false;
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::GoTo(step) => draft.step = step,
            Action::Next => draft.step = draft.step.next(),
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
                rejudge = matches!(field, Field::Service | Field::Text | Field::Region);
            }
            Action::SetScope(scope) => {
                draft.scope = scope;
                rejudge = true;
            }
            Action::SetOthers(others) => {
                draft.others = others;
                rejudge = true;
            }
            Action::LoadHealth { doc, source } => match health::parse_document(&doc) {
                Ok(parsed) => {
                    next.health = Rc::new(parsed);
                    next.health_error = None;
                    draft.health_doc = doc;
                    draft.health_source = source;
                    draft.health_outcome = None;
                    rejudge = true;
                }
                // A malformed document never replaces what was loaded before.
                Err(error) => next.health_error = Some(format!("{source}: {error}")),
            },
            Action::HealthLoadFailed(message) => next.health_error = Some(message),
            Action::ClearHealth => {
                next.health = Rc::default();
                next.health_error = None;
                draft.health_doc.clear();
                draft.health_source.clear();
                draft.health_outcome = None;
                rejudge = true;
            }
            Action::SetHealthOutcome(outcome) => {
                draft.health_outcome = outcome;
                rejudge = true;
            }
            Action::ToggleCheck(id) => {
                if let Some(at) = draft.checked.iter().position(|c| *c == id) {
                    draft.checked.remove(at);
                } else {
                    draft.checked.push(id);
                }
            }
            Action::SetFixOutcome(outcome) => {
                draft.fix_outcome = outcome;
                rejudge = true;
            }
            Action::Choose(choice) => draft.choice = choice,
            Action::SetRequestLang(lang) => draft.request_lang = Some(lang),
            Action::AskReset => next.confirming_reset = true,
            Action::CancelReset => next.confirming_reset = false,
            Action::Reset { id, now } => {
                let old = std::mem::replace(&mut next.draft, Draft::new(id, now));
                archive(&mut next.history, old, now);
                next.health = Rc::default();
                next.health_error = None;
                next.confirming_reset = false;
                rejudge = true;
            }
            Action::Open { draft: opened, now } => {
                let old = std::mem::replace(&mut next.draft, *opened);
                next.history.retain(|d| d.id != next.draft.id);
                archive(&mut next.history, old, now);
                next.health = Rc::new(parse_health(&next.draft.health_doc).unwrap_or_default());
                next.health_error = None;
                rejudge = true;
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
                    next.health = Rc::default();
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
                rejudge = true;
            }
        }
        if rejudge {
            next.rejudge();
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

    fn start() -> State {
        State::new(Lang::En, Draft::new("case-1".into(), 1.0), Vec::new())
    }

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    const SAMPLE: &str = include_str!("../static/sample-service-health.json");

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
    fn typing_rejudges_the_case() {
        let text = "All our customers in Japan East lost their VMs after a power failure in the datacenter";
        let state = reduce(start(), Action::Edit(Field::Text, text.into()));
        let state = reduce(state, Action::SetScope(Some(Scope::MultipleTenants)));
        let state = reduce(state, Action::Edit(Field::Region, "Japan East".into()));
        assert_eq!(state.verdict.route, Route::EscalateRegional);
        // The customer's name does not change the verdict and does not recompute it.
        let before = state.verdict.clone();
        let state = reduce(state, Action::Edit(Field::Customer, "Fabrikam".into()));
        assert!(Rc::ptr_eq(&before, &state.verdict));
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
    fn a_malformed_document_keeps_what_was_loaded() {
        let state = reduce(
            start(),
            Action::LoadHealth {
                doc: SAMPLE.into(),
                source: "sample".into(),
            },
        );
        let loaded = state.health.issues.len();
        assert!(loaded > 0);
        let state = reduce(
            state,
            Action::LoadHealth {
                doc: "{\"value\": [".into(),
                source: "pasted".into(),
            },
        );
        assert_eq!(state.health.issues.len(), loaded);
        assert_eq!(state.draft.health_source, "sample");
        let error = state
            .health_error
            .expect("an error for the broken document");
        assert!(error.starts_with("pasted: "), "{error}");
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

    #[test]
    fn the_engineers_choice_overrides_the_route() {
        let state = reduce(
            start(),
            Action::Edit(
                Field::Text,
                "The usage report shows wrong numbers since the update".into(),
            ),
        );
        let state = reduce(
            state,
            Action::Choose(Some(Choice::Category(Route::EscalateUndocumented))),
        );
        assert_eq!(state.route(), Route::EscalateUndocumented);
        let state = reduce(state, Action::Choose(None));
        assert_eq!(state.route(), state.verdict.route);
    }
}
