//! The page: header (language, saved cases, start over, share), the step list, the current step.

use std::rc::Rc;

use triage_core::config::{self, Config};
use yew::prelude::*;

use crate::browser;
use crate::components::{CopyButton, EngineStatusNote, VerdictPanel};
use crate::embed;
use crate::engine::{use_engine, Connector};
use crate::i18n::{fill, strings, Lang};
use crate::recovery::{self, Damaged, Saved};
use crate::share;
use crate::state::{feed_to_json, restore_feed, Action, Draft, FeedNotice, State, Step, FEED_KEY};
use crate::steps::{
    Describe, EscalationCheck, HandOff, JudgedProps, ServiceHealth, StepProps, Troubleshoot,
};

const DRAFT_KEY: &str = "escalation-triage.draft";
const HISTORY_KEY: &str = "escalation-triage.history";
/// Set once the introduction has been shown on this device.
const INTRO_KEY: &str = "escalation-triage.intro-seen";

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The language to start in; `None` asks the browser (URL, last choice, browser languages).
    #[prop_or_default]
    pub lang: Option<Lang>,
    /// How to reach the engine; `None` starts it in a Web Worker.
    #[prop_or_default]
    pub engine: Option<Connector>,
}

/// What the page starts from: the state, a broken share link's error, and the saved values that
/// could not be read.
struct Start {
    state: State,
    link_error: Option<String>,
    damaged: Vec<Damaged>,
}

/// The state to start from: a shared case in the link, else the case saved on this device, else a
/// new one. A case that was open here and is replaced by a shared one goes to the history. Saved
/// values that cannot be read are set aside before anything is saved over them; so is a damaged
/// stored service-health feed, which is kept apart from the case.
fn initial_state(lang: Lang) -> Start {
    let restored = recovery::restore(
        browser::load(DRAFT_KEY).as_deref(),
        browser::load(HISTORY_KEY).as_deref(),
    );
    let damaged = restored
        .unreadable
        .into_iter()
        .map(|(what, raw)| {
            let key = match what {
                Saved::Draft => DRAFT_KEY,
                Saved::History => HISTORY_KEY,
            };
            Damaged {
                what,
                key: key.to_string(),
                kept_as: browser::set_aside(key, &raw),
                raw,
            }
        })
        .collect();
    let mut current = restored
        .draft
        .unwrap_or_else(|| Draft::new(browser::new_case_id(), browser::now()));
    let stored_feed = browser::load(FEED_KEY);
    let feed_notice = match restore_feed(&mut current, stored_feed.as_deref()) {
        Ok(notice) => notice,
        Err(_) => stored_feed
            .and_then(|stored| browser::set_aside(FEED_KEY, &stored))
            .map(|key| FeedNotice::SetAside { key }),
    };
    let mut state = State::new(lang, current, restored.history);
    state.feed_notice = feed_notice;
    let (state, link_error) = match share::draft_from_fragment(&browser::fragment()) {
        Some(Ok(shared)) => {
            browser::clear_fragment();
            let state = Rc::new(state);
            let state = yew::Reducible::reduce(
                state,
                Action::Open {
                    draft: Box::new(shared),
                    now: browser::now(),
                },
            );
            ((*state).clone(), None)
        }
        Some(Err(error)) => (state, Some(error)),
        None => (state, None),
    };
    Start {
        state,
        link_error,
        damaged,
    }
}

/// Whether a saved value may be written: not while an unreadable one is there and no copy of it
/// could be kept.
fn writable(damaged: &[Damaged], key: &str) -> bool {
    !damaged.iter().any(|d| d.key == key && d.kept_as.is_none())
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let initial = props.lang;
    let start = use_memo((), move |_| {
        initial_state(initial.unwrap_or_else(browser::initial_lang))
    });
    let state = {
        let start = start.clone();
        use_reducer(move || start.state.clone())
    };
    let options = use_memo((), |_| embed::Options::from_url());
    // The introduction shows on a first visit to the full page, and afterwards when asked for.
    let intro_open = {
        let embedded = options.embedded;
        use_state(move || !embedded && browser::load(INTRO_KEY).is_none())
    };
    use_effect_with((), |_| browser::save(INTRO_KEY, "1"));
    // The portal owner's configuration; `loaded` once config.json has been read (or found absent).
    let config = use_state(|| (Rc::new(Config::default()), false));
    let config_errors = use_state(Vec::<config::ConfigError>::new);
    {
        let config = config.clone();
        let config_errors = config_errors.clone();
        let state = state.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let url = browser::query_param("config").unwrap_or_else(|| "config.json".into());
                // No configuration file at all is fine: the built-in defaults apply.
                let Ok(text) = browser::fetch_text(&url).await else {
                    config.set((Rc::new(Config::default()), true));
                    return;
                };
                let loaded = config::parse_config(&text);
                if let Some(lang) = loaded.config.default_language {
                    if !browser::lang_was_chosen() {
                        state.dispatch(Action::SetLang(lang));
                    }
                }
                config.set((Rc::new(loaded.config), true));
                config_errors.set(loaded.errors);
            });
        });
    }
    {
        let state = state.clone();
        let prefill = options.prefill.clone();
        use_effect_with((), move |_| {
            if !prefill.is_empty() {
                state.dispatch(Action::Prefill {
                    tenant: prefill.customer,
                    service: prefill.service,
                    text: prefill.text,
                    id: browser::new_case_id(),
                    now: browser::now(),
                });
            }
        });
    }
    use_effect_with(options.theme, |theme| {
        browser::set_theme(match theme {
            embed::Theme::Auto => None,
            embed::Theme::Light => Some("light"),
            embed::Theme::Dark => Some("dark"),
        })
    });
    let (app_config, config_loaded) = (*config).clone();
    use_engine(&state, props.engine.clone(), &app_config);
    use_host_messages(&state, &app_config, config_loaded);
    let text = strings(state.lang);

    {
        let lang = state.lang;
        use_effect_with(lang, move |lang| {
            let text = strings(*lang);
            browser::apply_lang(*lang, &format!("{} – {}", text.product, text.tagline));
        });
    }
    // Autosave: the case and the history are written on every change, except over unreadable
    // saved data that could not be set aside; the case's feed whenever a document was read, or
    // the engineer is told that it is too large to keep.
    let save = |key: &'static str| {
        let start = start.clone();
        move |json: String| {
            if writable(&start.damaged, key) {
                browser::save(key, &json);
            }
        }
    };
    {
        let save = save(DRAFT_KEY);
        use_effect_with(state.draft.clone(), move |draft| {
            save(draft.to_saved_json())
        });
    }
    {
        let state = state.clone();
        let read = (state.draft.id.clone(), state.health.clone());
        use_effect_with(read, move |_| {
            let draft = &state.draft;
            let notice = if draft.health_doc.is_empty() {
                browser::remove(FEED_KEY);
                None
            } else if browser::try_save(FEED_KEY, &feed_to_json(draft)).is_ok() {
                None
            } else {
                // An older feed must not come back in its place after a reload.
                browser::remove(FEED_KEY);
                Some(FeedNotice::TooLarge {
                    bytes: draft.health_doc.len(),
                })
            };
            if notice.is_some() || matches!(state.feed_notice, Some(FeedNotice::TooLarge { .. })) {
                state.dispatch(Action::FeedNotice(notice));
            }
        });
    }
    {
        let start = start.clone();
        use_effect_with(state.history.clone(), move |history| {
            if !writable(&start.damaged, HISTORY_KEY) {
                return;
            }
            let Ok(json) = serde_json::to_string(history) else {
                return;
            };
            if browser::try_save(HISTORY_KEY, &json).is_err() {
                // Too large with the earlier cases' feeds: the cases come first.
                let without: Vec<Draft> = history
                    .iter()
                    .map(|d| Draft {
                        health_doc: String::new(),
                        ..d.clone()
                    })
                    .collect();
                if let Ok(json) = serde_json::to_string(&without) {
                    browser::save(HISTORY_KEY, &json);
                }
            }
        });
    }

    // Focus moves to the new step's heading, so keyboard and screen-reader users land on it.
    let heading = use_node_ref();
    let first_render = use_mut_ref(|| true);
    {
        let heading = heading.clone();
        use_effect_with(state.draft.step, move |_| {
            if std::mem::replace(&mut *first_render.borrow_mut(), false) {
                return;
            }
            if let Some(element) = heading.cast::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        });
    }

    let dispatch = |make: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(make()))
    };
    let set_lang = |lang: Lang| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::SetLang(lang)))
    };
    let reset = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::Reset {
                id: browser::new_case_id(),
                now: browser::now(),
            })
        })
    };

    let step = state.draft.step;
    let total = Step::ALL.len().to_string();
    let position = fill(
        text.step_of,
        &[("n", &(step.index() + 1).to_string()), ("total", &total)],
    );
    let share_url = format!(
        "{}#{}",
        browser::page_base(),
        share::fragment_for(&state.draft)
    );
    let step_props = StepProps {
        state: state.clone(),
        config: app_config.clone(),
    };
    // The steps after the first one build on the engine's conclusions.
    let judged = |judgement| JudgedProps {
        state: state.clone(),
        config: app_config.clone(),
        judgement,
    };
    let step_view = match (step, state.judgement.clone()) {
        (Step::Describe, _) => html! { <Describe ..step_props /> },
        (_, None) => html! { <EngineStatusNote state={state.clone()} /> },
        (Step::ServiceHealth, Some(j)) => html! { <ServiceHealth ..judged(j) /> },
        (Step::Troubleshoot, Some(j)) => html! { <Troubleshoot ..judged(j) /> },
        (Step::EscalationCheck, Some(j)) => html! { <EscalationCheck ..judged(j) /> },
        (Step::HandOff, Some(j)) => html! { <HandOff ..judged(j) /> },
    };

    let show_intro = *intro_open;
    let toggle_about = Callback::from(move |_| intro_open.set(!show_intro));

    html! {
        <div class={classes!("app", options.embedded.then_some("embedded"))} id="app-root">
            <a class="skip-link" href="#step-heading">{ text.skip_to_step }</a>
            <header class="masthead">
                <div class="brand">
                    <h1 data-testid="product-name">{ text.product }</h1>
                    <p class="tagline">{ text.tagline }</p>
                </div>
                <div class="lang-switch" role="group" aria-label={text.switch_label}>
                    { for Lang::ALL.iter().map(|&lang| html! {
                        <button type="button" lang={lang.code()}
                            data-testid={format!("lang-{}", lang.code())}
                            aria-pressed={(lang == state.lang).to_string()}
                            onclick={set_lang(lang)}>
                            { strings(lang).lang_name }
                        </button>
                    }) }
                </div>
                // A menu on narrow screens; the stylesheet shows the tools in the row on wide ones.
                <details class="menu" open={browser::wider_than(721.0)}>
                    <summary class="button-like" data-testid="menu">{ text.menu }</summary>
                <div class="toolbar">
                    <button type="button" class="secondary" data-testid="about" aria-expanded={show_intro.to_string()}
                        aria-controls="intro" onclick={toggle_about}>{ text.about }</button>
                    <SavedCases state={state.clone()} />
                    <button type="button" class="secondary" data-testid="start-over" onclick={dispatch(|| Action::AskReset)}>
                        { text.start_over }
                    </button>
                    if options.embedded {
                        <a class="button-like" data-testid="open-full-page" target="_blank" rel="noopener noreferrer"
                            href={format!("{}?lang={}#{}", browser::page_base(), state.lang.code(), share::fragment_for(&state.draft))}>
                            { text.open_full_page }
                        </a>
                    }
                </div>
                </details>
            </header>
            if show_intro {
                <p class="intro" id="intro" data-testid="intro">
                    { text.intro }{ " " }
                    <a href={source_url(state.lang)} target="_blank" rel="noopener noreferrer">
                        { text.source_link }
                    </a>
                </p>
            }
            if !start.damaged.is_empty() {
                <div role="alert">
                    <details open=true class="notice" data-testid="damaged-notice">
                        <summary><strong>{ text.damaged_title }</strong></summary>
                        { for start.damaged.iter().map(|d| damaged_item(d, state.lang)) }
                    </details>
                </div>
            }
            if !config_errors.is_empty() {
                <div class="notice" role="status" data-testid="config-notice">
                    <p>{ text.config_notice }</p>
                    <ul>{ for config_errors.iter().map(|e| html! { <li><code>{ e.path.clone() }</code>{ ": " }{ e.message.text(state.lang).to_string() }</li> }) }</ul>
                </div>
            }
            if let Some(error) = &start.link_error {
                <p class="notice error" role="alert">{ fill(text.share_broken, &[("error", error)]) }</p>
            }
            if state.confirming_reset {
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body" data-testid="confirm-reset">
                    <h2 id="confirm-title">{ text.confirm_reset_title }</h2>
                    <p id="confirm-body">{ text.confirm_reset_body }</p>
                    <div class="step-actions">
                        <button type="button" class="secondary" onclick={dispatch(|| Action::CancelReset)}>{ text.cancel }</button>
                        <button type="button" class="primary" data-testid="confirm-reset-yes" onclick={reset}>{ text.confirm_reset_yes }</button>
                    </div>
                </div>
            }
            <main id="main">
            <nav aria-label={text.steps_label}>
                <ol class="steps" data-testid="steps">
                    { for Step::ALL.iter().map(|&s| {
                        let current = s == step;
                        let state = state.clone();
                        html! {
                            <li class={classes!(current.then_some("current"))}>
                                <button type="button"
                                    aria-current={current.then_some("step")}
                                    data-testid={format!("goto-{}", s.index() + 1)}
                                    onclick={Callback::from(move |_| state.dispatch(Action::GoTo(s)))}>
                                    <span class="step-number">{ s.index() + 1 }</span>
                                    <span class="step-name">{ text.step_names[s.index()] }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            </nav>
            <div class="workspace">
                <section class="step" aria-labelledby="step-heading" data-testid="step">
                    <p class="step-position">{ position }</p>
                    <h2 id="step-heading" tabindex="-1" ref={heading}>{ text.step_names[step.index()] }</h2>
                    <p class="step-hint">{ text.step_hints[step.index()] }</p>
                    { step_view }
                    <div class="step-actions">
                        if step != Step::Describe {
                            <button type="button" class="secondary" data-testid="back" onclick={dispatch(|| Action::Back)}>{ text.back }</button>
                        }
                        if step != Step::HandOff {
                            <button type="button" class="primary" data-testid="next" onclick={dispatch(|| Action::Next)}>{ text.next }</button>
                        }
                    </div>
                </section>
                <VerdictPanel state={state.clone()} />
            </div>
            </main>
            <footer class="footer">
                <p>{ text.autosaved }{ " " }{ text.privacy }</p>
                <CopyButton text={share_url} label={text.share} done={text.share_done} failed={text.share_failed} testid="share" />
            </footer>
        </div>
    }
}

/// One unreadable saved value: what it was, where its copy is kept, and its text to download.
fn damaged_item(damaged: &Damaged, lang: Lang) -> Html {
    let text = strings(lang);
    let what = match damaged.what {
        Saved::Draft => text.damaged_draft,
        Saved::History => text.damaged_history,
    };
    let message = match &damaged.kept_as {
        Some(key) => fill(text.damaged_kept, &[("what", what), ("key", key)]),
        None => fill(text.damaged_left, &[("what", what)]),
    };
    let download = {
        let (name, raw) = (damaged.file_name(), damaged.raw.clone());
        Callback::from(move |_| {
            let _ = browser::download(&name, "text/plain;charset=utf-8", &raw);
        })
    };
    html! {
        <p>
            { message }{ " " }
            <button type="button" class="link-button" data-testid="download-damaged" onclick={download}>
                { text.damaged_download }
            </button>
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct SavedCasesProps {
    state: UseReducerHandle<State>,
}

/// The short history of earlier cases on this device.
#[function_component(SavedCases)]
fn saved_cases(props: &SavedCasesProps) -> Html {
    let state = &props.state;
    let text = strings(state.lang);
    let clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ClearHistory))
    };
    html! {
        <details class="saved-cases" data-testid="saved-cases">
            <summary>{ format!("{} ({})", text.saved_cases, state.history.len()) }</summary>
            <div class="saved-cases-panel">
                <p class="hint">{ text.saved_cases_note }</p>
                if state.history.is_empty() {
                    <p class="muted">{ text.no_saved_cases }</p>
                } else {
                    <ul>
                        { for state.history.iter().map(|draft| {
                            let title = case_title(draft, text.untitled_case);
                            let state = state.clone();
                            let opened = draft.clone();
                            html! {
                                <li>
                                    <button type="button" class="link-button" data-testid="reopen"
                                        onclick={Callback::from(move |_| state.dispatch(Action::Open {
                                            draft: Box::new(opened.clone()),
                                            now: browser::now(),
                                        }))}>
                                        { format!("{} {}", text.reopen, title) }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                    <button type="button" class="secondary small" data-testid="clear-history" onclick={clear}>{ text.clear_history }</button>
                }
            </div>
        </details>
    }
}

/// "Customer — first words of the problem", for the history list.
fn case_title(draft: &Draft, untitled: &str) -> String {
    let problem: String = draft.text.chars().take(48).collect();
    match (draft.customer.trim(), problem.trim()) {
        ("", "") => untitled.to_string(),
        ("", p) => p.to_string(),
        (c, "") => c.to_string(),
        (c, p) => format!("{c} — {p}"),
    }
}

/// Microsoft's page that lists the five kinds of problem partners hand to Microsoft.
fn source_url(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "https://learn.microsoft.com/en-us/partner-center/customer-support",
        Lang::Ja => "https://learn.microsoft.com/ja-jp/partner-center/customer-support",
    }
}

/// The conversation with a host page: `ready` once the configuration is known, `result` when the
/// flow reaches an end, `resize` when the content's height changes; and the host's requests,
/// accepted from allowed origins only.
#[hook]
fn use_host_messages(state: &UseReducerHandle<State>, config: &Rc<Config>, loaded: bool) {
    let origins = Rc::new(config.allowed_host_origins.clone());
    {
        let origins = origins.clone();
        let state = state.clone();
        use_effect_with((origins.clone(), loaded), move |_| {
            let mut ignored = 0u32;
            let listener = loaded.then(|| {
                let origins = origins.clone();
                browser::listen_messages(move |origin, data| {
                    if !embed::allowed(&origin, &origins) {
                        ignored += 1;
                        browser::warn(&format!(
                            "Escalation Triage ignored a message from {origin}: that origin is not in allowedHostOrigins ({ignored} ignored so far)."
                        ));
                        return;
                    }
                    match embed::read_request(&data) {
                        Some(embed::HostRequest::SetLanguage(lang)) => state.dispatch(Action::SetLang(lang)),
                        Some(embed::HostRequest::Prefill(p)) => state.dispatch(Action::Prefill {
                            tenant: p.customer,
                            service: p.service,
                            text: p.text,
                            id: browser::new_case_id(),
                            now: browser::now(),
                        }),
                        None => browser::warn(&format!("Escalation Triage ignored a message from {origin} it does not understand.")),
                    }
                })
            });
            if loaded && browser::in_frame() {
                browser::post_to_host(
                    &embed::message(embed::READY, serde_json::Value::Null),
                    &origins,
                );
            }
            move || drop(listener)
        });
    }

    // A result, each time the flow reaches one of its ends.
    let result = embed::result_message(state);
    {
        let origins = origins.clone();
        use_effect_with((result, loaded), move |(result, loaded)| {
            if let (Some(result), true) = (result, loaded) {
                browser::post_to_host(result, &origins);
            }
        });
    }

    // The host resizes its frame to the content (the custom element does).
    let last_height = use_mut_ref(|| 0);
    use_effect(move || {
        if let Some(height) = browser::content_height("app-root") {
            if loaded && *last_height.borrow() != height {
                *last_height.borrow_mut() = height;
                browser::post_to_host(
                    &embed::message(embed::RESIZE, serde_json::json!({ "height": height })),
                    &origins,
                );
            }
        }
    });
}
