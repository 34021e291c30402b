//! Step 4: does the problem fit one of the five kinds Microsoft fixes? The engine's pick comes
//! pre-selected with its reasons; the engineer may change it, and the request says so.

use triage_core::flow::categories::{categories, official_source_url};
use yew::prelude::*;

use super::JudgedProps;
use crate::i18n::{fill, strings};
use crate::state::{Action, Choice, Step};

#[function_component(EscalationCheck)]
pub fn escalation_check(props: &JudgedProps) -> Html {
    let state = &props.state;
    let judgement = &props.judgement;
    let lang = state.lang;
    let text = strings(lang);
    let decision = &judgement.decision;
    // The engine's suggestion for this step: what it judges with the issues the engineer set aside
    // left out.
    let engine = judgement.verdict.route;
    // The engineer's choice, else the route the decision record follows when it is an escalation.
    let selected = state.draft.choice.or_else(|| {
        decision
            .route
            .is_escalation()
            .then_some(Choice::Category(decision.route))
    });

    let options = categories().into_iter().map(|category| {
        let route = category.route;
        let choice = Choice::Category(route);
        let state = state.clone();
        let suggested = route == engine;
        html! {
            <li>
                <label class="category">
                    <input type="radio" name="category" checked={selected == Some(choice)}
                        data-testid={format!("category-{}", route.id())}
                        onchange={Callback::from(move |_| state.dispatch(Action::Choose(Some(choice))))} />
                    <span>
                        <strong>{ category.name.text(lang).to_string() }</strong>
                        if suggested {
                            <span class="badge match" data-testid="engine-pick">{ text.engine_pick }</span>
                        }
                        <span class="hint">{ category.explanation.text(lang).to_string() }</span>
                    </span>
                </label>
            </li>
        }
    });
    let none_fits = {
        let state = state.clone();
        html! {
            <li>
                <label class="category">
                    <input type="radio" name="category" checked={selected == Some(Choice::NoneFits)}
                        data-testid="category-none"
                        onchange={Callback::from(move |_| state.dispatch(Action::Choose(Some(Choice::NoneFits))))} />
                    <span><strong>{ text.none_fits }</strong></span>
                </label>
            </li>
        }
    };
    let back_to_troubleshooting = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::GoTo(Step::Troubleshoot)))
    };
    // Where the engineer overruled the engine, as the request states it.
    let changed = decision
        .statements
        .last()
        .filter(|_| matches!(state.draft.choice, Some(Choice::Category(route)) if route != engine))
        .map(|s| s.text(lang).to_string());

    html! {
        <div class="escalation">
            <section class="flow-section" aria-labelledby="categories-title">
                <h3 id="categories-title">{ text.categories_title }</h3>
                <p class="hint">
                    { text.categories_hint }{ " " }
                    <a href={official_source_url(lang)} target="_blank" rel="noopener noreferrer">{ text.official_wording }</a>
                </p>
                if !engine.is_escalation() {
                    <p class="notice" data-testid="engine-no-escalation">
                        { fill(text.engine_no_escalation, &[("route", engine.name().text(lang))]) }
                    </p>
                }
                <fieldset class="categories">
                    <legend class="visually-hidden">{ text.categories_title }</legend>
                    <ul>{ for options }{ none_fits }</ul>
                </fieldset>
                if let Some(note) = changed {
                    <p class="notice" data-testid="choice-changed">{ note }</p>
                }
                if selected == Some(Choice::NoneFits) {
                    <div class="notice" role="status" data-testid="none-fits-message">
                        <p>{ text.none_fits_message }</p>
                        <button type="button" class="secondary" onclick={back_to_troubleshooting}>{ text.back_to_troubleshooting }</button>
                    </div>
                }
            </section>
        </div>
    }
}
