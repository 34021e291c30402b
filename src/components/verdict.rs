//! The engine's conclusion so far: route, confidence band, top reasons, warnings.

use triage_core::{Band, Verdict};
use yew::prelude::*;

use crate::i18n::{strings, Lang};

#[derive(Properties, PartialEq)]
pub struct VerdictPanelProps {
    pub verdict: std::rc::Rc<Verdict>,
    pub lang: Lang,
    /// Nothing typed yet: show how to start instead of a verdict on nothing.
    pub empty: bool,
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
    let text = strings(props.lang);
    let lang = props.lang;
    let verdict = &props.verdict;
    let body = if props.empty {
        html! { <p class="muted">{ text.verdict_empty }</p> }
    } else {
        let band = verdict.band;
        html! {
            <>
                <p class="verdict-route">
                    <strong data-testid="verdict-route" data-route={verdict.route.id()}>
                        { verdict.route.name().text(lang).to_string() }
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
                if let Some(severity) = &verdict.severity {
                    <p class="severity">
                        <strong>{ text.severity_label }{ ": " }</strong>
                        { format!("{:?} — ", severity.level) }{ severity.text.text(lang).to_string() }
                    </p>
                }
                if let Some(product) = verdict.product {
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
