//! The page: header with the language switch, the step list, the current step.

use yew::prelude::*;

use crate::browser;
use crate::i18n::{fill, strings, Lang};
use crate::state::{Action, State, Step};

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The language to start in; `None` asks the browser (URL, last choice, browser languages).
    #[prop_or_default]
    pub lang: Option<Lang>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let initial = props.lang;
    let state = use_reducer(move || State::new(initial.unwrap_or_else(browser::initial_lang)));
    let text = strings(state.lang);

    {
        let lang = state.lang;
        use_effect_with(lang, move |lang| {
            let text = strings(*lang);
            browser::apply_lang(*lang, &format!("{} – {}", text.product, text.tagline));
        });
    }

    // Focus moves to the new step's heading, so keyboard and screen-reader users land on it.
    let heading = use_node_ref();
    let first_render = use_mut_ref(|| true);
    {
        let heading = heading.clone();
        use_effect_with(state.step, move |_| {
            if std::mem::replace(&mut *first_render.borrow_mut(), false) {
                return;
            }
            if let Some(element) = heading.cast::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        });
    }

    let set_lang = |lang: Lang| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::SetLang(lang)))
    };
    let go = |action: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(action()))
    };

    let step = state.step;
    let total = Step::ALL.len().to_string();
    let position = fill(
        text.step_of,
        &[("n", &(step.index() + 1).to_string()), ("total", &total)],
    );

    html! {
        <div class="app">
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
            </header>
            <main id="main">
                <p class="intro" data-testid="intro">
                    { text.intro }{ " " }
                    <a href={source_url(state.lang)} target="_blank" rel="noopener noreferrer">
                        { text.source_link }
                    </a>
                </p>
                <nav aria-label={text.steps_label}>
                    <ol class="steps" data-testid="steps">
                        { for Step::ALL.iter().map(|&s| {
                            let current = s == step;
                            let state = state.clone();
                            html! {
                                <li class={classes!(current.then_some("current"))}>
                                    <button type="button"
                                        aria-current={current.then_some("step")}
                                        onclick={Callback::from(move |_| state.dispatch(Action::GoTo(s)))}>
                                        <span class="step-number">{ s.index() + 1 }</span>
                                        <span class="step-name">{ text.step_names[s.index()] }</span>
                                        if current {
                                            <span class="visually-hidden">{ format!(" ({})", text.current_step) }</span>
                                        }
                                    </button>
                                </li>
                            }
                        }) }
                    </ol>
                </nav>
                <section class="step" aria-labelledby="step-heading" data-testid="step">
                    <p class="step-position">{ position }</p>
                    <h2 id="step-heading" tabindex="-1" ref={heading}>{ text.step_names[step.index()] }</h2>
                    <p class="step-hint">{ text.step_hints[step.index()] }</p>
                    <div class="step-actions">
                        if step != Step::Describe {
                            <button type="button" class="secondary" onclick={go(|| Action::Back)}>{ text.back }</button>
                        }
                        if step != Step::HandOff {
                            <button type="button" class="primary" onclick={go(|| Action::Next)}>{ text.next }</button>
                        }
                    </div>
                </section>
            </main>
            <footer class="footer">
                <p>{ text.privacy }</p>
            </footer>
        </div>
    }
}

/// Microsoft's page that lists the five kinds of problem partners hand to Microsoft.
fn source_url(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "https://learn.microsoft.com/en-us/partner-center/customer-support",
        Lang::Ja => "https://learn.microsoft.com/ja-jp/partner-center/customer-support",
    }
}
