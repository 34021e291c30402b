//! The engine's conclusion so far, once per page: route, confidence band and the first reason in
//! a bar that stays in sight (at the bottom of a narrow frame, beside the step on a wide screen),
//! and on demand the rest: every reason, the routes that came close, the question that would tell
//! them apart, severity, product, next steps and warnings.

use triage_core::question;
use triage_core::verdict::{Answer, Bilingual, Question, Verdict};
use triage_core::{Band, Symptom};
use yew::prelude::*;

use crate::browser;
use crate::i18n::{fill, strings, Lang};
use crate::state::{Action, EngineStatus, HealthOutcome, State};

#[derive(Properties, PartialEq)]
pub struct VerdictPanelProps {
    pub state: UseReducerHandle<State>,
}

pub fn band_name(band: Band, lang: Lang) -> &'static str {
    let names = strings(lang).band_names;
    match band {
        Band::High => names[0],
        Band::Medium => names[1],
        Band::Low => names[2],
    }
}

#[function_component(VerdictPanel)]
pub fn verdict_panel(props: &VerdictPanelProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let text = strings(lang);
    let verdict = state
        .judgement
        .as_ref()
        .map(|j| &j.verdict)
        .filter(|_| !state.draft.text.trim().is_empty());
    let body = if state.draft.text.trim().is_empty() {
        // Nothing typed yet: how to start, not a verdict on nothing.
        html! { <p class="muted verdict-summary">{ text.verdict_empty }</p> }
    } else if let Some(verdict) = verdict {
        verdict_body(state, verdict)
    } else {
        html! { <div class="verdict-summary"><EngineStatusNote state={state.clone()} /></div> }
    };
    let asks = verdict.is_some_and(|v| v.question.is_some());
    html! {
        // Focusable: the panel scrolls on its own when it is taller than the screen.
        <aside class="verdict" aria-labelledby="verdict-title" data-testid="verdict" tabindex="0">
            <div class="verdict-head">
                <h2 id="verdict-title">{ text.verdict_title }</h2>
                if asks {
                    <span class="badge question-badge">{ text.question_badge }</span>
                }
            </div>
            { body }
        </aside>
    }
}

/// The verdict: the summary (route, band, first reason) always, the rest in a disclosure, open
/// (with no toggle) on wide screens, closed in the bar of a narrow one.
fn verdict_body(state: &UseReducerHandle<State>, verdict: &Verdict) -> Html {
    let lang = state.lang;
    let text = strings(lang);
    let band = verdict.band;
    // The route the flow acts on and what the engineer overruled: the engine's decision record.
    let decision = state.judgement.as_ref().map(|j| j.decision.clone());
    let route = decision.as_ref().map_or(verdict.route, |d| d.route);
    let severity = decision
        .as_ref()
        .map_or_else(|| verdict.severity.clone(), |d| d.severity.clone());
    let product = decision.as_ref().map_or(verdict.product, |d| {
        d.route.is_escalation().then_some(d.product)
    });
    let statements: Vec<Bilingual> = decision.map(|d| d.statements).unwrap_or_default();
    let alternatives: Vec<String> = verdict
        .alternatives
        .iter()
        .map(|a| {
            let percent = ((a.score * 100.0).round() as u32).to_string();
            fill(
                text.alternative,
                &[("route", a.route.name().text(lang)), ("n", &percent)],
            )
        })
        .collect();
    html! {
        <>
            <div class="verdict-summary" aria-live="polite">
                <p class="verdict-route">
                    <strong data-testid="verdict-route" data-route={route.id()}>
                        { route.name().text(lang).to_string() }
                    </strong>
                    <span class={classes!("band", format!("band-{}", band_id(band)))} data-testid="verdict-band">
                        { band_name(band, lang) }
                    </span>
                </p>
                if let Some(first) = verdict.reasons.first() {
                    <p class="verdict-first-reason" data-testid="verdict-first-reason">{ first.text.text(lang).to_string() }</p>
                }
                { list(text.decisions_title, "decisions", statements.iter().collect(), lang) }
            </div>
            <details class="verdict-more" open={browser::wider_than(960.0)}>
                <summary class="button-like verdict-toggle" data-testid="verdict-toggle">
                    <span class="when-closed">{ text.verdict_show }</span>
                    <span class="when-open">{ text.verdict_hide }</span>
                </summary>
                if !alternatives.is_empty() {
                    <p class="alternatives" data-testid="verdict-alternatives">
                        { fill(text.alternatives, &[("list", &alternatives.join(text.alternatives_separator))]) }
                    </p>
                }
                if let Some(question) = &verdict.question {
                    { question_view(state, question) }
                }
                { list(text.reasons_title, "reasons", verdict.reasons.iter().map(|r| &r.text).collect(), lang) }
                if let Some(severity) = &severity {
                    <p class="severity">
                        <strong>{ text.severity_label }{ ": " }</strong>
                        { format!("{:?} — ", severity.level) }{ severity.text.text(lang).to_string() }
                    </p>
                }
                if let Some(product) = product {
                    <p class="product">
                        <strong>{ text.product_label }{ ": " }</strong>
                        { triage_core::flow::product_name(product) }
                    </p>
                }
                { list(text.next_steps_title, "next-steps", verdict.next_steps.iter().map(|s| &s.text).collect(), lang) }
                { list(text.warnings_title, "warnings", verdict.warnings.iter().map(|w| &w.text).collect(), lang) }
            </details>
        </>
    }
}

/// The question that separates the verdict's route from the closest one: one button per answer,
/// each setting the case's `symptom` fact, after which the engine judges the case again.
fn question_view(state: &UseReducerHandle<State>, question: &Question) -> Html {
    let lang = state.lang;
    let text = strings(lang);
    let answers = question.answers.iter().filter_map(|answer| {
        let testid = match answer.fact.as_str() {
            "symptom" => format!("answer-{}", answer.value),
            other => format!("answer-{}", other.replace('_', "-")),
        };
        answer_action(answer)?;
        let (state, answer) = (state.clone(), answer.clone());
        let label = answer.text.text(lang).to_string();
        Some(html! {
            <button type="button" class="secondary answer" data-testid={testid}
                onclick={Callback::from(move |_| {
                    if let Some(action) = answer_action(&answer) {
                        state.dispatch(action);
                    }
                })}>
                { label }
            </button>
        })
    });
    html! {
        <section class="question" aria-labelledby="question-text" data-testid="verdict-question" data-question={question.id.clone()}>
            <h3>{ text.question_title }</h3>
            <p id="question-text" class="question-text">{ question.text.text(lang).to_string() }</p>
            <div class="answers" role="group" aria-labelledby="question-text">{ for answers }</div>
            <p class="hint">
                { if question.id == question::POSTED_ISSUE { text.question_issue_hint } else { text.question_hint } }
            </p>
        </section>
    }
}

/// What answering does: set the case's symptom, or pick or set aside the posted issue asked about.
fn answer_action(answer: &Answer) -> Option<Action> {
    Some(match answer.fact.as_str() {
        "symptom" => Action::SetSymptom(Some(Symptom::from_id(&answer.value)?)),
        question::ISSUE => Action::SetHealthOutcome(Some(HealthOutcome::Documented {
            issue_id: answer.value.clone(),
        })),
        question::ISSUE_ASIDE => Action::RejectIssue(answer.value.clone()),
        _ => return None,
    })
}

/// A titled list of the verdict's texts (`verdict-<class>` for tests); nothing when empty.
fn list(title: &'static str, class: &'static str, items: Vec<&Bilingual>, lang: Lang) -> Html {
    if items.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <h3>{ title }</h3>
            <ul class={class} data-testid={format!("verdict-{class}")}>
                { for items.into_iter().map(|t| html! { <li>{ t.text(lang).to_string() }</li> }) }
            </ul>
        </>
    }
}

fn band_id(band: Band) -> &'static str {
    match band {
        Band::High => "high",
        Band::Medium => "medium",
        Band::Low => "low",
    }
}

#[derive(Properties, PartialEq)]
pub struct EngineStatusNoteProps {
    pub state: UseReducerHandle<State>,
}

/// Shown where the engine's conclusions go until it has given them: it is starting, or why it
/// could not.
#[function_component(EngineStatusNote)]
pub fn engine_status_note(props: &EngineStatusNoteProps) -> Html {
    let text = strings(props.state.lang);
    match &props.state.engine {
        EngineStatus::Failed(error) => html! {
            <p class="error" role="alert" data-testid="engine-failed">
                { fill(text.engine_failed, &[("error", error)]) }
            </p>
        },
        _ => html! {
            <p class="muted" role="status" data-testid="engine-starting">
                <span class="spinner" aria-hidden="true"></span>{ " " }{ text.engine_starting }
            </p>
        },
    }
}
