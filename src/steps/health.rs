//! Step 2: service health first. Open the customer's service health, load its issues, and see
//! which of them explains the problem.

use triage_core::health::{IssueMatch, ParseWarning};
use triage_core::session::IssueRow;
use yew::prelude::*;

use super::{JudgedProps, LinkList};
use crate::browser;
use crate::components::{CopyButton, VerdictPanel};
use crate::i18n::{fill, strings, Lang};
use crate::state::{Action, FeedNotice, HealthOutcome};

/// The demo's sample document, copied into `dist/` and fetched only when asked for.
const SAMPLE_URL: &str = "sample-service-health.json";

#[function_component(ServiceHealth)]
pub fn service_health(props: &JudgedProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let text = strings(lang);
    let draft = &state.draft;
    let pasted = use_state(String::new);
    let dragging = use_state(|| false);
    let judgement = &props.judgement;

    let load = |source: String, doc: String| Action::LoadHealth { doc, source };
    let on_paste_input = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            pasted.set(
                e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                    .value(),
            )
        })
    };
    let on_load_pasted = {
        let state = state.clone();
        let pasted = pasted.clone();
        let source = text.source_pasted.to_string();
        Callback::from(move |_| state.dispatch(load(source.clone(), (*pasted).clone())))
    };
    let load_files = {
        let state = state.clone();
        move |files: Option<web_sys::FileList>| {
            let Some(file) = files.and_then(|list| list.get(0)) else {
                return;
            };
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::read_file(&file).await {
                    Ok(doc) => state.dispatch(load(file.name(), doc)),
                    Err(message) => state.dispatch(Action::HealthLoadFailed(message)),
                }
            });
        }
    };
    let on_file = {
        let load_files = load_files.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            load_files(input.files());
            input.set_value("");
        })
    };
    let on_drop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            load_files(e.data_transfer().and_then(|d| d.files()));
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let fetch_into = |url: String, source: String| {
        let state = state.clone();
        Callback::from(move |_| {
            let (state, url, source) = (state.clone(), url.clone(), source.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match browser::fetch_text(&url).await {
                    Ok(doc) => state.dispatch(Action::LoadHealth { doc, source }),
                    Err(message) => state.dispatch(Action::HealthLoadFailed(message)),
                }
            });
        })
    };
    let on_sample = fetch_into(SAMPLE_URL.to_string(), text.source_sample.to_string());
    let portal_source = props.config.service_health_source.clone();
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ClearHealth))
    };
    let on_preview = |confirm: bool| {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(if confirm {
                Action::ConfirmPreview
            } else {
                Action::CancelPreview
            })
        })
    };

    let matches = &judgement.matches;
    let best = matches.first().filter(|m| m.is_match).cloned();
    // The document itself says it is demo data, however it was loaded.
    let is_sample = state.health.sample;

    let outcome = draft.health_outcome.clone();
    let choose = |outcome: Option<HealthOutcome>, advance: bool| {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::SetHealthOutcome(outcome.clone()));
            if advance {
                state.dispatch(Action::Next);
            }
        })
    };

    html! {
        <div class="service-health">
            <section aria-labelledby="health-links-title">
                <h3 id="health-links-title">{ text.health_links_title }</h3>
                <LinkList state={state.clone()} config={props.config.clone()} ids={health_link_ids(&draft.service)} />
            </section>

            <section aria-labelledby="health-load-title" class="loader">
                <h3 id="health-load-title">{ text.health_load_title }</h3>
                <p class="hint">{ text.health_load_hint }</p>
                <crate::components::SignIn state={state.clone()} config={props.config.clone()} />
                <div class="loader-actions">
                    <button type="button" class="secondary" data-testid="load-sample" onclick={on_sample}>{ text.load_sample }</button>
                    if let Some(url) = portal_source {
                        <button type="button" class="secondary" data-testid="load-portal"
                            onclick={fetch_into(url, text.source_portal.to_string())}>{ text.load_portal }</button>
                    }
                    <label class="file-button">
                        <input type="file" accept=".json,application/json,.txt,text/plain,.eml" class="visually-hidden"
                            data-testid="health-file" onchange={on_file} />
                        <span class="button-like">{ text.choose_file }</span>
                    </label>
                </div>
                <div class={classes!("dropzone", dragging.then_some("dragging"))}
                    ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                    <label for="health-paste">{ text.paste_label }</label>
                    <textarea id="health-paste" rows="4" spellcheck="false" data-testid="health-paste"
                        value={(*pasted).clone()} oninput={on_paste_input} />
                    <p class="hint">{ text.drop_hint }</p>
                    <button type="button" class="secondary" data-testid="load-pasted"
                        disabled={pasted.trim().is_empty()} onclick={on_load_pasted}>{ text.load_pasted }</button>
                </div>
                if state.health_load.as_ref().is_some_and(|l| l.fresh) {
                    <p class="muted" role="status" data-testid="health-reading">
                        <span class="spinner" aria-hidden="true"></span>{ " " }{ text.health_reading }
                    </p>
                }
                if let Some(error) = &state.health_error {
                    <p class="error" role="alert" data-testid="health-error">{ error.text(lang).to_string() }</p>
                }
                if let Some(preview) = &state.health_preview {
                    <section class="preview" aria-labelledby="health-preview-title" data-testid="health-preview">
                        <h4 id="health-preview-title">
                            { fill(text.preview_title, &[("source", &preview.source), ("n", &preview.view.issues.len().to_string())]) }
                        </h4>
                        <p class="hint">{ text.preview_hint }</p>
                        { warnings(&preview.view.warnings, text.entries_skipped) }
                        <IssueTable lang={lang} issues={preview.view.issues.clone()} matches={Vec::new()}
                            label={text.preview_table_label} testid="preview-issues" />
                        <div class="loader-actions">
                            <button type="button" class="primary" data-testid="preview-use" onclick={on_preview(true)}>
                                { fill(text.preview_use, &[("n", &preview.view.issues.len().to_string())]) }
                            </button>
                            <button type="button" class="secondary" data-testid="preview-cancel" onclick={on_preview(false)}>
                                { text.preview_cancel }
                            </button>
                        </div>
                    </section>
                }
            </section>

            <section aria-labelledby="health-issues-title">
                <h3 id="health-issues-title">
                    { fill(text.issues_title, &[("n", &state.health.issues.len().to_string())]) }
                    if is_sample {
                        <span class="badge sample" data-testid="sample-badge">{ text.sample_badge }</span>
                    }
                </h3>
                if let Some(notice) = &state.feed_notice {
                    <p class="notice" role="status" data-testid="feed-notice">{ feed_notice(notice, text) }</p>
                }
                if state.health.issues.is_empty() {
                    <p class="muted">{ text.no_issues_loaded }</p>
                } else {
                    <p class="hint">
                        { fill(text.loaded_from, &[("source", &draft.health_source)]) }{ " " }
                        <button type="button" class="link-button" onclick={on_clear}>{ text.remove_issues }</button>
                    </p>
                    { warnings(&state.health.warnings, text.entries_skipped) }
                    <IssueTable lang={lang} issues={state.health.issues.clone()} matches={matches.clone()}
                        label={text.issues_table_label} testid="issues" />
                }
            </section>

            <section aria-labelledby="health-outcome-title" class="outcome">
                <h3 id="health-outcome-title">{ text.health_outcome_title }</h3>
                if let Some(best) = &best {
                    <p data-testid="health-match">{ fill(text.match_found, &[("id", &best.issue_id), ("title", &best.title)]) }</p>
                    <button type="button" class="primary" data-testid="outcome-documented"
                        onclick={choose(Some(HealthOutcome::Documented { issue_id: best.issue_id.clone() }), false)}>
                        { fill(text.outcome_documented, &[("id", &best.issue_id)]) }
                    </button>
                } else if !state.health.issues.is_empty() {
                    <p data-testid="health-no-match">{ text.no_match }</p>
                }
                <button type="button" class={if best.is_some() { "secondary" } else { "primary" }} data-testid="outcome-nothing"
                    onclick={choose(Some(HealthOutcome::NothingDocumented), true)}>{ text.outcome_nothing }</button>
            </section>

            <VerdictPanel state={state.clone()} />
            if let Some(HealthOutcome::Documented { issue_id }) = outcome {
                <CustomerMessage state={state.clone()} config={props.config.clone()} issue_id={issue_id}
                    product={judgement.verdict.product.unwrap_or(triage_core::Product::Microsoft365)} />
            }
        </div>
    }
}

/// What was skipped or doubtful in a document, folded away.
fn warnings(warnings: &[ParseWarning], summary: &str) -> Html {
    if warnings.is_empty() {
        return html! {};
    }
    html! {
        <details class="warnings">
            <summary>{ fill(summary, &[("n", &warnings.len().to_string())]) }</summary>
            <ul>{ for warnings.iter().map(|w| html! { <li><code>{ w.path.clone() }</code>{ ": " }{ w.message.clone() }</li> }) }</ul>
        </details>
    }
}

fn feed_notice(notice: &FeedNotice, text: &crate::i18n::Strings) -> String {
    match notice {
        FeedNotice::TooLarge { bytes } => {
            // Tenths of a megabyte, in integers: formatting a float would cost the page kilobytes.
            let tenths = (bytes + 50_000) / 100_000;
            let size = format!("{}.{} MB", tenths.max(1) / 10, tenths.max(1) % 10);
            fill(text.feed_too_large, &[("size", &size)])
        }
        FeedNotice::Lost { source } => fill(text.feed_lost, &[("source", source)]),
        FeedNotice::SetAside { key } => fill(text.feed_set_aside, &[("key", key)]),
    }
}

/// Azure problems look in Azure Service Health; everything else in Microsoft 365's.
fn health_link_ids(service: &str) -> Vec<&'static str> {
    if service.trim().eq_ignore_ascii_case("azure") {
        vec!["azure_service_health", "azure_status"]
    } else {
        vec!["aobo_service_health", "m365_service_health", "m365_status"]
    }
}

#[derive(Properties, PartialEq)]
struct IssueTableProps {
    lang: Lang,
    issues: Vec<IssueRow>,
    matches: Vec<IssueMatch>,
    /// The table's accessible name and test id: the loaded issues, or a preview's.
    label: &'static str,
    testid: &'static str,
}

/// The loaded issues, best match first, each with why it matches.
#[function_component(IssueTable)]
fn issue_table(props: &IssueTableProps) -> Html {
    let text = strings(props.lang);
    // The issues that share something with the case come first, best first; then the others, as
    // the document lists them.
    let scored = |issue: &IssueRow| props.matches.iter().find(|m| m.issue_id == issue.id);
    let ordered = props
        .matches
        .iter()
        .filter_map(|m| props.issues.iter().find(|i| i.id == m.issue_id))
        .chain(props.issues.iter().filter(|i| scored(i).is_none()));
    let rows = ordered.map(|issue| {
        let m = scored(issue).filter(|m| m.is_match);
        let start = issue.start_date_time.as_deref().unwrap_or("").replace('T', " ");
        let start = start.trim_end_matches('Z').get(..16).unwrap_or(&start).to_string();
        html! {
            <tr class={classes!(m.is_some().then_some("match"))} data-testid={format!("issue-{}", issue.id)}>
                <td><code>{ issue.id.clone() }</code></td>
                <td>{ issue.service.clone() }</td>
                <td>
                    { issue.title.clone() }
                    if let Some(m) = m {
                        <div class="match-reason">
                            <span class="badge match">{ text.matches_badge }</span>{ " " }
                            { fill(text.match_reason, &[("terms", &m.shared_terms.join(", "))]) }
                        </div>
                    }
                </td>
                <td>{ crate::i18n::status_label(&issue.status, props.lang) }</td>
                <td>{ crate::i18n::classification_label(&issue.classification, props.lang) }</td>
                <td>{ start }</td>
            </tr>
        }
    });
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label={props.label}>
            <table class="issues" data-testid={props.testid}>
                <thead>
                    <tr>
                        { for text.issue_columns.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CustomerMessageProps {
    state: UseReducerHandle<crate::state::State>,
    config: std::rc::Rc<super::AppConfig>,
    issue_id: String,
    product: triage_core::Product,
}

/// The end of the flow for a documented issue: what to tell the customer.
#[function_component(CustomerMessage)]
fn customer_message(props: &CustomerMessageProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let text = strings(lang);
    let Some(issue) = state.health.issues.iter().find(|i| i.id == props.issue_id) else {
        return html! {};
    };
    let message = triage_core::flow::customer_message::known_issue_message(
        &triage_core::flow::customer_message::KnownIssueNotice {
            issue_id: &issue.id,
            title: &issue.title,
            partner: &props.config.partner.name,
            product: props.product,
            template: Some(&props.config.customer_message),
        },
    )
    .text;
    let message = message.text(lang).to_string();
    html! {
        <section class="summary" aria-labelledby="customer-message-title" data-testid="customer-message">
            <h3 id="customer-message-title">{ text.customer_message_title }</h3>
            <p>{ fill(text.known_issue_end, &[("id", &issue.id)]) }</p>
            <pre class="message" data-testid="customer-message-text">{ message.clone() }</pre>
            <CopyButton text={message} label={text.copy} done={text.copied} failed={text.copy_failed} testid="copy-customer-message" />
            <LinkList state={state.clone()} config={props.config.clone()} ids={vec!["m365_issue", "m365_status"]} issue_id={Some(issue.id.clone())} />
        </section>
    }
}
