//! Step 5: file the request from Partner Center, with a ready-to-paste request.

use triage_core::flow::handoff::HandOffStep;
use triage_core::flow::LinkRef;
use triage_core::links::Links;
use yew::prelude::*;

use super::JudgedProps;
use crate::browser;
use crate::components::CopyButton;
use crate::i18n::{link_label, strings, Lang};
use crate::state::{Action, Choice, Step};

#[function_component(HandOff)]
pub fn hand_off(props: &JudgedProps) -> Html {
    let state = &props.state;
    let judgement = &props.judgement;
    let lang = state.lang;
    let text = strings(lang);
    let request_lang = state.draft.request_lang.unwrap_or(lang);
    // Written by the engine from its decision record, in the request's language.
    let outputs = &judgement.outputs;
    let plan = &outputs.hand_off;
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
    let all = outputs.request_text.clone();
    let json = outputs.request_json.clone();
    let file_base = format!("service-request-{}", state.draft.id);
    let download = |name: String, mime: &'static str, contents: String| {
        Callback::from(move |_| {
            let _ = browser::download(&name, mime, &contents);
        })
    };

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
                <details>
                    <summary>{ text.pc_roles }</summary>
                    <ul>{ for plan.roles.iter().map(|r| html! { <li>{ r.text(lang).to_string() }</li> }) }</ul>
                </details>
                <details>
                    <summary>{ text.pc_why }</summary>
                    <ul>{ for plan.reminders.iter().map(|r| html! { <li>{ r.text(lang).to_string() }</li> }) }</ul>
                </details>
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
                <dl class="request-fields" lang={request_lang.code()}>
                    { for outputs.request_fields.iter().map(|field| (field.id.clone(), field.label.clone(), field.value.clone())).map(|(id, label, value)| html! {
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
