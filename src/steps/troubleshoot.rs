//! Step 3: what the partner can fix with admin privileges, as a checklist suited to the service
//! and the suspected cause.

use triage_core::flow::LinkRef;
use yew::prelude::*;

use super::{JudgedProps, LinkList};
use crate::i18n::strings;
use crate::state::{Action, Field, FixOutcome};

#[function_component(Troubleshoot)]
pub fn troubleshoot(props: &JudgedProps) -> Html {
    let state = &props.state;
    let judgement = &props.judgement;
    let lang = state.lang;
    let text = strings(lang);
    let draft = &state.draft;
    let items = &judgement.checklist;
    let extra = draft
        .service()
        .and_then(|s| {
            props
                .config
                .troubleshooting_links
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(s))
        })
        .map(|(_, links)| links.clone())
        .unwrap_or_default();

    let rows = items.iter().map(|item| {
        let id = item.id;
        let checked = draft.checked.iter().any(|c| c == id);
        let toggle = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::ToggleCheck(id.to_string())))
        };
        let link = match item.link {
            Some(LinkRef::Url(_)) => item.link.and_then(|l| l.url(lang)).map(|url| html! {
                <a href={url} target="_blank" rel="noopener noreferrer">{ text.open_guide }</a>
            }),
            Some(LinkRef::Id(link_id)) => Some(html! {
                <LinkList state={state.clone()} config={props.config.clone()} ids={vec![link_id]} />
            }),
            None => None,
        };
        html! {
            <li class="check">
                <label class="choice">
                    <input type="checkbox" {checked} onchange={toggle} data-testid={format!("check-{id}")} />
                    <strong>{ item.title.text(lang).to_string() }</strong>
                </label>
                <p class="hint">{ item.detail.text(lang).to_string() }</p>
                { link.unwrap_or_default() }
            </li>
        }
    });

    let edit_finding = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value();
            state.dispatch(Action::Edit(Field::Finding, value));
        })
    };
    let set_outcome = |outcome: FixOutcome| {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::SetFixOutcome(Some(outcome)));
            if outcome == FixOutcome::NotFixed {
                state.dispatch(Action::Next);
            }
        })
    };

    html! {
        <div class="troubleshoot">
            <section class="flow-section" aria-labelledby="checklist-title">
                <h3 id="checklist-title">{ text.checklist_title }</h3>
                <ul class="checklist" data-testid="checklist">{ for rows }</ul>
                if !extra.is_empty() {
                    <h4>{ text.portal_links_title }</h4>
                    <ul class="links">
                        { for extra.iter().map(|l| html! {
                            <li><a href={l.url.clone()} target="_blank" rel="noopener noreferrer">{ l.label.text(lang).to_string() }</a></li>
                        }) }
                    </ul>
                }
            </section>
            <section class="flow-section outcome" aria-labelledby="fix-outcome-title">
                <h3 id="fix-outcome-title">{ text.fix_outcome_title }</h3>
                <div class="field wide">
                    <label for="finding">{ text.finding_label }</label>
                    <textarea id="finding" rows="3" data-testid="finding" value={draft.finding.clone()}
                        oninput={edit_finding} aria-describedby="finding-hint" />
                    <p id="finding-hint" class="hint">{ text.finding_hint }</p>
                </div>
                <button type="button" class="secondary" data-testid="fixed" onclick={set_outcome(FixOutcome::Fixed)}>{ text.fixed }</button>
                <button type="button" class="primary" data-testid="not-fixed" onclick={set_outcome(FixOutcome::NotFixed)}>{ text.not_fixed }</button>
            </section>
            if draft.fix_outcome == Some(FixOutcome::Fixed) {
                <PartnerFixSummary ..props.clone() />
            }
        </div>
    }
}

/// The end of the flow when the partner fixed it: a summary to keep with the ticket.
#[function_component(PartnerFixSummary)]
fn partner_fix_summary_view(props: &JudgedProps) -> Html {
    let state = &props.state;
    let judgement = &props.judgement;
    let lang = state.lang;
    let text = strings(lang);
    // Written by the engine once the decision record says the partner fixed it.
    let Some(summary) = &judgement.outputs.partner_fix else {
        return html! {};
    };
    let summary = summary.text(lang).to_string();
    html! {
        <section class="summary" aria-labelledby="partner-fix-title" data-testid="partner-fix-summary">
            <h3 id="partner-fix-title">{ text.partner_fix_title }</h3>
            <p>{ text.partner_fix_end }</p>
            <pre class="message">{ summary.clone() }</pre>
            <crate::components::CopyButton text={summary} label={text.copy} done={text.copied} failed={text.copy_failed} testid="copy-partner-fix" />
        </section>
    }
}
