//! The engine's conclusion so far: route, confidence band, top reasons, warnings.

use triage_core::Band;
use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::state::{EngineStatus, State};

#[derive(Properties, PartialEq)]
pub struct VerdictPanelProps {
    pub state: UseReducerHandle<State>,
    /// How many reasons to show.
    #[prop_or(3)]
    pub reasons: usize,
    #[prop_or(false)]
    pub next_steps: bool,
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
    let body = if state.draft.text.trim().is_empty() {
        // Nothing typed yet: how to start, not a verdict on nothing.
        html! { <p class="muted">{ text.verdict_empty }</p> }
    } else if let Some(judgement) = &state.judgement {
        let verdict = &judgement.verdict;
        let band = verdict.band;
        // The route the flow acts on and what the engineer overruled: the decision record.
        let decision = &judgement.decision;
        html! {
            <>
                <p class="verdict-route">
                    <strong data-testid="verdict-route" data-route={decision.route.id()}>
                        { decision.route.name().text(lang).to_string() }
                    </strong>
                    <span class={classes!("band", format!("band-{}", band_id(band)))} data-testid="verdict-band">
                        { band_name(band, lang) }
                    </span>
                </p>
                if !verdict.reasons.is_empty() {
                    <h4>{ text.reasons_title }</h4>
                    <ul class="reasons" data-testid="verdict-reasons">
                        { for verdict.reasons.iter().take(props.reasons).map(|r| html! {
                            <li>{ r.text.text(lang).to_string() }</li>
                        }) }
                    </ul>
                }
                if !decision.statements.is_empty() {
                    <h4>{ text.decisions_title }</h4>
                    <ul class="decisions" data-testid="verdict-decisions">
                        { for decision.statements.iter().map(|s| html! { <li>{ s.text(lang).to_string() }</li> }) }
                    </ul>
                }
                if let Some(severity) = &decision.severity {
                    <p class="severity">
                        <strong>{ text.severity_label }{ ": " }</strong>
                        { format!("{:?} — ", severity.level) }{ severity.text.text(lang).to_string() }
                    </p>
                }
                if let Some(product) = decision.route.is_escalation().then_some(decision.product) {
                    <p class="product">
                        <strong>{ text.product_label }{ ": " }</strong>
                        { triage_core::flow::product_name(product) }
                    </p>
                }
                if props.next_steps && !verdict.next_steps.is_empty() {
                    <h4>{ text.next_steps_title }</h4>
                    <ul class="next-steps">
                        { for verdict.next_steps.iter().map(|s| html! { <li>{ s.text.text(lang).to_string() }</li> }) }
                    </ul>
                }
                if !verdict.warnings.is_empty() {
                    <h4>{ text.warnings_title }</h4>
                    <ul class="warnings" data-testid="verdict-warnings">
                        { for verdict.warnings.iter().map(|w| html! { <li>{ w.text.text(lang).to_string() }</li> }) }
                    </ul>
                }
            </>
        }
    } else {
        html! { <EngineStatusNote state={state.clone()} /> }
    };
    html! {
        <aside class="verdict" aria-labelledby="verdict-title" data-testid="verdict">
            <h3 id="verdict-title">{ text.verdict_title }</h3>
            <div aria-live="polite">{ body }</div>
        </aside>
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
