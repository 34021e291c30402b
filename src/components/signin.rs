//! Reading the customer's service health by signing in to their tenant, and looking up a tenant
//! ID from a domain.
//!
//! The page only opens the sign-in popup (synchronously in the click, so that popup blockers let
//! it through), points it at the address the engine makes, relays what the redirect page
//! (`static/signed-in.html`) posts back, and shows where things stand. The engine's worker keeps
//! the PKCE verifier and the token, redeems the code and reads Graph (`triage_core::signin`); its
//! answer is loaded like a pasted document.

use std::cell::RefCell;
use std::rc::Rc;

use triage_core::session::Request;
use triage_core::signin::Redirect;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::browser;
use crate::engine::send;
use crate::i18n::{fill, strings};
use crate::state::{Action, SignInEvent, SignInPhase, State};
use crate::steps::AppConfig;

#[derive(Properties, PartialEq)]
pub struct SignInProps {
    pub state: UseReducerHandle<State>,
    pub config: Rc<AppConfig>,
}

type Popup = Rc<RefCell<Option<web_sys::Window>>>;

/// "Read the customer's service health": sign in through a popup, then the engine reads Graph.
#[function_component(SignIn)]
pub fn sign_in(props: &SignInProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let text = strings(lang);
    let view = state.sign_in.clone();
    let popup: Popup = use_mut_ref(|| None);
    use_redirect_relay(&popup, state);
    use_popup_watch(&popup, &view.phase);
    {
        // The engine made the sign-in address: show it in the popup opened by the click.
        let popup = popup.clone();
        use_effect_with(view.phase.clone(), move |phase| {
            if let (SignInPhase::Authorizing(url), Some(window)) = (phase, popup.borrow().as_ref())
            {
                let _ = window.location().set_href(url);
            }
        });
    }

    let on_read = {
        let (state, config, popup) = (state.clone(), props.config.clone(), popup.clone());
        Callback::from(move |_| {
            let base = browser::page_base();
            let request = Request::SignIn {
                tenant: state.draft.tenant.clone(),
                settings: config.sign_in.clone(),
                redirect_uri: format!("{}signed-in.html", &base[..=base.rfind('/').unwrap_or(0)]),
            };
            let ready = config.sign_in.client_id.is_some()
                && triage_core::customer::parse_tenant(&state.draft.tenant).is_ok();
            if !ready {
                // The engine explains what is missing; no window to open.
                return send(&request);
            }
            let opened = web_sys::window().and_then(|w| {
                w.open_with_url_and_target_and_features(
                    "",
                    "escalation-triage-sign-in",
                    "popup,width=520,height=640",
                )
                .ok()
                .flatten()
            });
            match opened {
                Some(window) => {
                    *popup.borrow_mut() = Some(window);
                    state.dispatch(Action::SignIn(SignInEvent::Opening));
                    send(&request);
                }
                None => send(&Request::SignInAborted { closed: false }),
            }
        })
    };
    let on_read_again = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::SignIn(SignInEvent::Reading));
            send(&Request::ReadAgain);
        })
    };
    let on_sign_out = Callback::from(|_| send(&Request::SignOut));
    let busy = !matches!(view.phase, SignInPhase::Idle | SignInPhase::Failed { .. });

    html! {
        <div class="sign-in" data-testid="sign-in">
            if let Some(tenant) = &view.tenant {
                <p data-testid="signed-in">
                    { fill(text.signed_in_to, &[("tenant", tenant)]) }{ " " }
                    <button type="button" class="link-button" data-testid="read-again" disabled={busy}
                        onclick={on_read_again}>{ text.read_again }</button>{ " · " }
                    <button type="button" class="link-button" data-testid="sign-out"
                        onclick={on_sign_out}>{ text.sign_out }</button>
                </p>
            } else {
                <button type="button" class="primary" data-testid="sign-in-read" disabled={busy}
                    aria-describedby="sign-in-hint" onclick={on_read}>{ text.signin_read }</button>
                <p id="sign-in-hint" class="hint">{ text.signin_hint }</p>
            }
            {
                match &view.phase {
                    SignInPhase::Idle => html! {},
                    SignInPhase::Opening | SignInPhase::Authorizing(_) => status(text.signin_waiting),
                    SignInPhase::Reading => status(text.signin_reading),
                    SignInPhase::Failed { kind, message } => html! {
                        <p class="error" role="alert" data-testid="sign-in-error" data-kind={kind.clone()}>
                            { message.text(lang).to_string() }
                        </p>
                    },
                }
            }
        </div>
    }
}

fn status(text: &'static str) -> Html {
    html! {
        <p class="muted" role="status" data-testid="sign-in-status">
            <span class="spinner" aria-hidden="true"></span>{ " " }{ text }
        </p>
    }
}

/// Relays what the redirect page posts from the popup (`{code, state}` or `{error,
/// error_description}`, from this site's own origin) to the engine, which checks the state.
#[hook]
fn use_redirect_relay(popup: &Popup, state: &UseReducerHandle<State>) {
    let (popup, dispatcher) = (popup.clone(), state.dispatcher());
    use_effect_with((), move |_| {
        let own = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let listener = browser::listen_messages(move |origin, data| {
            let from_redirect = data.get("state").is_some() || data.get("error").is_some();
            if origin != own || !from_redirect || popup.borrow_mut().take().is_none() {
                return;
            }
            let field = |key: &str| data[key].as_str().map(str::to_string);
            dispatcher.dispatch(Action::SignIn(SignInEvent::Reading));
            send(&Request::SignInRedirect(Redirect {
                code: field("code"),
                state: field("state"),
                error: field("error"),
                error_description: field("error_description"),
            }));
        });
        move || drop(listener)
    });
}

/// While the popup is open, notices when it is closed without an answer. It must be seen closed
/// twice in a row, so that the redirect page's message, posted just before it closes, wins.
#[hook]
fn use_popup_watch(popup: &Popup, phase: &SignInPhase) {
    let popup = popup.clone();
    let waiting = matches!(phase, SignInPhase::Opening | SignInPhase::Authorizing(_));
    use_effect_with(waiting, move |&waiting| {
        let window = web_sys::window();
        let watch = window.as_ref().filter(|_| waiting).map(|window| {
            let mut seen_closed = 0;
            let tick = Closure::<dyn FnMut()>::new(move || {
                let closed = popup
                    .borrow()
                    .as_ref()
                    .is_some_and(|p| p.closed().unwrap_or(true));
                seen_closed = if closed { seen_closed + 1 } else { 0 };
                if seen_closed == 2 && popup.borrow_mut().take().is_some() {
                    send(&Request::SignInAborted { closed: true });
                }
            });
            let id = window.set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                400,
            );
            (tick, id)
        });
        move || {
            if let (Some(window), Some((_tick, Ok(id)))) = (window, watch) {
                window.clear_interval_with_handle(id);
            }
        }
    });
}

/// "Look up the tenant ID" beside step 1's tenant field, when a domain is typed there: the engine
/// asks the sign-in service which tenant owns it and the ID replaces the domain. A plain function
/// rather than a component: it keeps no state of its own, and a component costs the first page
/// load more.
pub fn tenant_lookup(state: &UseReducerHandle<State>, config: &AppConfig) -> Html {
    let lang = state.lang;
    let text = strings(lang);
    let typed = state.draft.tenant.trim().to_string();
    let on_look_up = {
        let (state, typed) = (state.clone(), typed.clone());
        let login_host = config.sign_in.login_host.clone();
        Callback::from(move |_| {
            state.dispatch(Action::SignIn(SignInEvent::LookingUp(typed.clone())));
            send(&Request::LookUpTenant {
                domain: typed.clone(),
                login_host: login_host.clone(),
            });
        })
    };
    let outcome = match &state.sign_in.lookup {
        Some((domain, None)) => html! {
            <p class="muted" role="status" data-testid="lookup-status">{ fill(text.lookup_running, &[("domain", domain)]) }</p>
        },
        Some((domain, Some(Ok(_)))) => html! {
            <p class="hint" role="status" data-testid="lookup-status">{ fill(text.lookup_done, &[("domain", domain)]) }</p>
        },
        Some((_, Some(Err(message)))) => html! {
            <p class="error" role="alert" data-testid="lookup-error">{ message.text(lang).to_string() }</p>
        },
        None => html! {},
    };
    html! {
        <>
            if typed.contains('.') {
                <button type="button" class="link-button" data-testid="lookup-tenant"
                    onclick={on_look_up}>{ text.lookup_button }</button>
            }
            { outcome }
        </>
    }
}
