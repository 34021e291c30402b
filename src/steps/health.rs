//! Step 2: service health first. Open the customer's service health, load its issues, and see
//! which of them explains the problem.

use triage_core::health::{IssueMatch, ParseWarning};
use triage_core::session::IssueRow;
use yew::prelude::*;

use super::{JudgedProps, LinkList};
use crate::browser;
use crate::components::CopyButton;
use crate::i18n::{fill, strings};
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
    let decision = &judgement.decision;
    let picked = match &draft.health_outcome {
        Some(HealthOutcome::Documented { issue_id }) => Some(issue_id.clone()),
        _ => None,
    };
    // The engine's match, unless the engineer picked or rejected one.
    let best = decision
        .issue
        .clone()
        .filter(|_| decision.route == triage_core::Route::KnownIssue && picked.is_none());
    // The document itself says it is demo data, however it was loaded.
    let is_sample = state.health.sample;

    let choose = |outcome: Option<HealthOutcome>, advance: bool| {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::SetHealthOutcome(outcome.clone()));
            if advance {
                state.dispatch(Action::Next);
            }
        })
    };

    let reject = |id: String| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::RejectIssue(id.clone())))
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
                <details class={classes!("dropzone", dragging.then_some("dragging"))}
                    ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                    <summary>{ text.paste_label }</summary>
                    <label for="health-paste" class="visually-hidden">{ text.paste_label }</label>
                    <textarea id="health-paste" rows="4" spellcheck="false" data-testid="health-paste"
                        value={(*pasted).clone()} oninput={on_paste_input} />
                    <p class="hint">{ text.drop_hint }</p>
                    <button type="button" class="secondary" data-testid="load-pasted"
                        disabled={pasted.trim().is_empty()} onclick={on_load_pasted}>{ text.load_pasted }</button>
                </details>
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
                        <IssueTable state={state.clone()} issues={preview.view.issues.clone()} matches={Vec::new()}
                            label={text.preview_table_label} testid="preview-issues" choosable=false />
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
                    <IssueTable state={state.clone()} issues={state.health.issues.clone()} matches={matches.clone()}
                        label={text.issues_table_label} testid="issues" choosable=true
                        suggested={best.as_ref().map(|b| b.id.clone())} />
                }
            </section>

            <section aria-labelledby="health-outcome-title" class="outcome">
                <h3 id="health-outcome-title">{ text.health_outcome_title }</h3>
                if let Some(issue) = decision.issue.as_ref().filter(|_| picked.is_some()) {
                    <p data-testid="health-picked">{ fill(text.picked_note, &[("id", &issue.id), ("title", &issue.title)]) }</p>
                } else if let Some(best) = &best {
                    <p data-testid="health-match">{ fill(text.match_found, &[("id", &best.id), ("title", &best.title)]) }</p>
                    <button type="button" class="primary" data-testid="outcome-documented"
                        onclick={choose(Some(HealthOutcome::Documented { issue_id: best.id.clone() }), false)}>
                        { fill(text.outcome_documented, &[("id", &best.id)]) }
                    </button>
                    <button type="button" class="secondary" data-testid="reject-match"
                        onclick={reject(best.id.clone())}>{ text.reject_issue }</button>
                } else if !state.health.issues.is_empty() {
                    <p data-testid="health-no-match">{ text.no_match }{ " " }{ text.no_match_pick_hint }</p>
                }
                <button type="button" class={if best.is_some() { "secondary" } else { "primary" }} data-testid="outcome-nothing"
                    onclick={choose(Some(HealthOutcome::NothingDocumented), true)}>{ text.outcome_nothing }</button>
            </section>

            if picked.is_some() {
                <CustomerMessage state={state.clone()} config={props.config.clone()} judgement={judgement.clone()} />
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
    state: UseReducerHandle<crate::state::State>,
    issues: Vec<IssueRow>,
    matches: Vec<IssueMatch>,
    /// The table's accessible name and test id: the loaded issues, or a preview's.
    label: &'static str,
    testid: &'static str,
    /// Whether rows can be picked as the explanation (not in a preview of pasted text).
    choosable: bool,
    /// The engine's match, while the engineer has not decided.
    #[prop_or_default]
    suggested: Option<String>,
}

/// The loaded issues, best match first, each with why it matches; any of them can be picked as
/// the explanation, and the engine's match rejected.
#[function_component(IssueTable)]
fn issue_table(props: &IssueTableProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let text = strings(lang);
    let draft = &state.draft;
    let picked = match &draft.health_outcome {
        Some(HealthOutcome::Documented { issue_id }) => Some(issue_id.as_str()),
        _ => None,
    };
    let dispatch = |action: fn(String) -> Action, id: String| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(action(id.clone())))
    };
    let pick =
        |id: String| Action::SetHealthOutcome(Some(HealthOutcome::Documented { issue_id: id }));
    // The issues that share something with the case come first, best first; then the others, as
    // the document lists them.
    let scored = |issue: &IssueRow| props.matches.iter().find(|m| m.issue_id == issue.id);
    let ordered = props
        .matches
        .iter()
        .filter_map(|m| props.issues.iter().find(|i| i.id == m.issue_id))
        .chain(props.issues.iter().filter(|i| scored(i).is_none()));
    let rows = ordered.map(|issue| {
        let rejected = draft.rejected.contains(&issue.id);
        let chosen = picked == Some(issue.id.as_str());
        let m = scored(issue).filter(|m| m.is_match && !rejected);
        let suggested = props.suggested.as_deref() == Some(issue.id.as_str());
        let start = issue.start_date_time.as_deref().unwrap_or("").replace('T', " ");
        let start = start.trim_end_matches('Z').get(..16).unwrap_or(&start).to_string();
        // Each cell carries its column's name, shown beside it when the table is stacked.
        let [id, service, title, status, class, start_label] = text.issue_columns;
        html! {
            <tr class={classes!(m.is_some().then_some("match"))} data-testid={format!("issue-{}", issue.id)}>
                <td data-label={id}><code>{ issue.id.clone() }</code></td>
                <td data-label={service}>{ issue.service.clone() }</td>
                <td data-label={title}>
                    { issue.title.clone() }
                    if let Some(m) = m {
                        <div class="match-reason">
                            <span class="badge match">{ text.matches_badge }</span>{ " " }
                            { fill(text.match_reason, &[("terms", &m.shared_terms.join(", "))]) }
                        </div>
                    }
                    if props.choosable {
                    <div class="issue-decision">
                        if chosen {
                            <span class="badge match" data-testid={format!("picked-{}", issue.id)}>{ text.picked_badge }</span>
                        } else {
                            <button type="button" class="secondary small" data-testid={format!("pick-{}", issue.id)}
                                onclick={dispatch(pick, issue.id.clone())}>
                                { text.pick_issue }<span class="visually-hidden">{ format!(" ({})", issue.id) }</span>
                            </button>
                        }
                        if rejected {
                            { " " }<span class="badge" data-testid={format!("rejected-{}", issue.id)}>{ text.rejected_badge }</span>
                        } else if suggested {
                            { " " }<button type="button" class="secondary small" data-testid={format!("reject-{}", issue.id)}
                                onclick={dispatch(Action::RejectIssue, issue.id.clone())}>
                                { text.reject_issue }<span class="visually-hidden">{ format!(" ({})", issue.id) }</span>
                            </button>
                        }
                    </div>
                    }
                </td>
                <td data-label={status}>{ crate::i18n::status_label(&issue.status, lang) }</td>
                <td data-label={class}>{ crate::i18n::classification_label(&issue.classification, lang) }</td>
                <td data-label={start_label}>{ start }</td>
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
    judgement: std::rc::Rc<triage_core::session::Judgement>,
}

/// The end of the flow for a posted issue: what to tell the customer, as the engine wrote it for
/// the issue in the decision record.
#[function_component(CustomerMessage)]
fn customer_message(props: &CustomerMessageProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let text = strings(lang);
    let outputs = &props.judgement.outputs;
    let (Some(issue), Some(message)) = (&props.judgement.decision.issue, &outputs.customer_message)
    else {
        return html! {};
    };
    let message = message.text(lang).to_string();
    let ids: Vec<&'static str> = outputs
        .customer_links
        .iter()
        .filter_map(|l| match l {
            triage_core::flow::LinkRef::Id(id) => Some(*id),
            triage_core::flow::LinkRef::Url(_) => None,
        })
        .collect();
    html! {
        <section class="summary" aria-labelledby="customer-message-title" data-testid="customer-message">
            <h3 id="customer-message-title">{ text.customer_message_title }</h3>
            <p>{ fill(text.known_issue_end, &[("id", &issue.id)]) }</p>
            <pre class="message" data-testid="customer-message-text">{ message.clone() }</pre>
            <CopyButton text={message} label={text.copy} done={text.copied} failed={text.copy_failed} testid="copy-customer-message" />
            <LinkList state={state.clone()} config={props.config.clone()} ids={ids} issue_id={Some(issue.id.clone())} />
        </section>
    }
}
