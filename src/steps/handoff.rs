//! Step 5: file the request from Partner Center, with a ready-to-paste request.

use triage_core::flow::handoff::{handoff, HandOffStep};
use triage_core::flow::request::{RequestInput, ServiceRequest};
use triage_core::flow::troubleshoot::checked_titles;
use triage_core::flow::LinkRef;
use triage_core::links::Links;
use triage_core::session::Judgement;
use yew::prelude::*;

use super::JudgedProps;
use crate::browser;
use crate::components::CopyButton;
use crate::i18n::{link_label, strings, Lang};
use crate::state::{Action, Choice, State, Step};

/// An issue that shares this much with the case is named in the request as related.
const RELATED_SCORE: f32 = 0.3;

/// The request for the case as it stands.
pub fn service_request(state: &State, judgement: &Judgement, lang: Lang) -> ServiceRequest {
    let draft = &state.draft;
    let case = draft.to_case();
    let verdict = &judgement.verdict;
    let mut incident_ids: Vec<String> = verdict.matched_issue.iter().cloned().collect();
    for m in &judgement.matches {
        if m.score >= RELATED_SCORE && !incident_ids.contains(&m.issue_id) {
            incident_ids.push(m.issue_id.clone());
        }
    }
    let done = checked_titles(&judgement.checklist, &state.checked());
    let tenant = triage_core::customer::parse_tenant(&draft.tenant).ok();
    ServiceRequest::new(&RequestInput {
        case: &case,
        verdict,
        chosen_route: state.route(judgement),
        customer_name: draft.customer.trim(),
        tenant: tenant.as_ref().map(|t| t.as_str()),
        since: draft.since.trim(),
        health_checked: draft.health_outcome.is_some(),
        matched_or_related_issue_ids: incident_ids,
        troubleshooting_done: done,
        lang,
    })
}

#[function_component(HandOff)]
pub fn hand_off(props: &JudgedProps) -> Html {
    let state = &props.state;
    let judgement = &props.judgement;
    let lang = state.lang;
    let text = strings(lang);
    let request_lang = state.draft.request_lang.unwrap_or(lang);
    let request = service_request(state, judgement, request_lang);
    let plan = handoff(request.product);
    let links = Links::new(&props.config.links);
    let tenant = triage_core::customer::parse_tenant(&state.draft.tenant).ok();

    let step_item = |step: &HandOffStep| {
        let link = step.link.and_then(|link| match link {
            LinkRef::Id(id) => links
                .build(id, tenant.as_ref(), None)
                .map(|l| (l.url, link_label(id, lang).to_string())),
            LinkRef::Url(_) => link.url(lang).map(|url| (url, text.open_guide.to_string())),
        });
        html! {
            <li>
                { step.text.text(lang).to_string() }
                if let Some((url, label)) = link {
                    { " " }<a href={url} target="_blank" rel="noopener noreferrer">{ label }</a>
                }
            </li>
        }
    };
    let not_escalation = !state.route(judgement).is_escalation();
    let go_check = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::GoTo(Step::EscalationCheck)))
    };
    let set_request_lang = |l: Lang| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::SetRequestLang(l)))
    };
    let all = request.as_text();
    let json = request.to_json();
    let file_base = format!("service-request-{}", state.draft.id);
    let download = |name: String, mime: &'static str, contents: String| {
        Callback::from(move |_| {
            let _ = browser::download(&name, mime, &contents);
        })
    };
    let severity = format!(
        "{:?} ({}) — {}",
        request.severity.level, request.severity.impact, request.severity.reason
    );
    let fields: Vec<(&str, &str, String)> = vec![
        ("title", text.field_title, request.title.clone()),
        (
            "description",
            text.field_description,
            request.description.clone(),
        ),
        ("severity", text.field_severity, severity),
        ("product", text.field_product, request.product_name.clone()),
        ("topic", text.field_topic, request.support_topic.clone()),
        (
            "tenant",
            text.field_tenant,
            request.tenant_id.clone().unwrap_or_default(),
        ),
        (
            "incidents",
            text.field_incidents,
            request.incident_ids.join(", "),
        ),
    ];

    html! {
        <div class="handoff">
            if not_escalation || state.draft.choice == Some(Choice::NoneFits) {
                <div class="notice" role="status" data-testid="handoff-not-escalation">
                    <p>{ text.handoff_not_escalation }</p>
                    <button type="button" class="secondary" onclick={go_check}>{ text.step_names[3] }</button>
                </div>
            }
            <section class="flow-section" aria-labelledby="pc-steps-title">
                <h3 id="pc-steps-title">{ text.pc_steps_title }</h3>
                <ol class="pc-steps" data-testid="pc-steps">{ for plan.current_steps.iter().map(step_item) }</ol>
                <details>
                    <summary>{ text.pc_older_path }</summary>
                    <ol>{ for plan.older_steps.iter().map(step_item) }</ol>
                </details>
                <h4>{ text.pc_roles }</h4>
                <ul>{ for plan.roles.iter().map(|r| html! { <li>{ r.text(lang).to_string() }</li> }) }</ul>
                <h4>{ text.pc_why }</h4>
                <ul>{ for plan.reminders.iter().map(|r| html! { <li>{ r.text(lang).to_string() }</li> }) }</ul>
            </section>
            <section class="flow-section request" aria-labelledby="request-title" data-testid="request">
                <h3 id="request-title">{ text.request_title }</h3>
                <div class="lang-switch" role="group" aria-label={text.request_lang_label}>
                    { for Lang::ALL.iter().map(|&l| html! {
                        <button type="button" lang={l.code()} aria-pressed={(l == request_lang).to_string()}
                            data-testid={format!("request-lang-{}", l.code())} onclick={set_request_lang(l)}>
                            { strings(l).lang_name }
                        </button>
                    }) }
                </div>
                <dl class="request-fields">
                    { for fields.into_iter().map(|(id, label, value)| html! {
                        <div class="request-field">
                            <dt>{ label }</dt>
                            <dd>
                                <pre class="message" data-testid={format!("request-{id}")}>{ value.clone() }</pre>
                                <CopyButton text={value} label={text.copy} done={text.copied} failed={text.copy_failed} testid={format!("copy-{id}")} />
                            </dd>
                        </div>
                    }) }
                </dl>
                <div class="step-actions start">
                    <CopyButton text={all.clone()} label={text.copy_all} done={text.copied} failed={text.copy_failed} testid="copy-all" />
                    <button type="button" class="secondary" data-testid="download-txt"
                        onclick={download(format!("{file_base}.txt"), "text/plain;charset=utf-8", all)}>{ text.download_text }</button>
                    <button type="button" class="secondary" data-testid="download-json"
                        onclick={download(format!("{file_base}.json"), "application/json", json)}>{ text.download_json }</button>
                    <button type="button" class="secondary" onclick={Callback::from(|_| browser::print())}>{ text.print }</button>
                </div>
            </section>
        </div>
    }
}
