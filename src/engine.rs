//! The link to the engine.
//!
//! The classifier, its model, the service-health parser and matcher, and the checklist are a
//! second wasm module (`crates/triage-worker`) that runs in a Web Worker, started once the first
//! screen is up: the first page load stays small, and reading a large document never blocks
//! typing. Requests and replies are `triage_core::session` messages as JSON text; replies become
//! [`Action`]s.

use std::rc::Rc;

use triage_core::session::{Reply, Request};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};
use yew::prelude::*;

use crate::state::{Action, EngineStatus, SignInEvent, State};

/// Where the running engine's transport is kept.
type Slot = Rc<std::cell::RefCell<Option<Box<dyn Transport>>>>;

thread_local! {
    /// The running engine's transport, for requests a component sends by itself (signing in).
    static ENGINE: std::cell::RefCell<Option<Slot>> = const { std::cell::RefCell::new(None) };
}

/// Sends a request to the running engine, if there is one (the sign-in component's requests; the
/// document and the case go through [`use_engine`]'s effects).
pub fn send(request: &Request) {
    ENGINE.with(|engine| {
        if let Some(transport) = engine.borrow().as_ref() {
            if let Some(transport) = transport.borrow().as_ref() {
                transport.send(request);
            }
        }
    });
}

/// The worker's script, beside index.html: it loads the engine's glue code and wasm.
const WORKER_SCRIPT: &str = "worker.js";

/// Where requests go: a Web Worker in the app, the engine in-process in component tests.
pub trait Transport {
    fn send(&self, request: &Request);
}

/// Starts an engine that answers with `on_reply`.
pub type Connect = dyn Fn(Rc<dyn Fn(Reply)>) -> Result<Box<dyn Transport>, String>;

/// How the app reaches its engine; the default is the Web Worker.
#[derive(Clone)]
pub struct Connector(pub Rc<Connect>);

impl PartialEq for Connector {
    fn eq(&self, other: &Connector) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct WorkerTransport {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

impl WorkerTransport {
    fn start(on_reply: Rc<dyn Fn(Reply)>) -> Result<Box<dyn Transport>, String> {
        let worker = Worker::new(WORKER_SCRIPT).map_err(|e| {
            e.as_string()
                .or_else(|| js_sys::Error::from(e).message().as_string())
                .unwrap_or_else(|| "the browser refused to start a Web Worker".into())
        })?;
        let on_message = {
            let on_reply = on_reply.clone();
            Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                // Read through `Value`: in the page's wasm that is kilobytes smaller than reading
                // the text straight into the reply's types.
                let reply = event
                    .data()
                    .as_string()
                    .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
                    .and_then(|value| {
                        Reply::read_sign_in(&value)
                            .or_else(|| serde::Deserialize::deserialize(&value).ok())
                    })
                    .unwrap_or_else(|| {
                        Reply::Failed("the engine answered in a form this page cannot read".into())
                    });
                on_reply(reply)
            })
        };
        // A script that cannot load gives a plain event; an exception in the worker, an ErrorEvent.
        let on_error = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            let message = event
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| format!("{WORKER_SCRIPT} could not be loaded"));
            on_reply(Reply::Failed(message))
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Box::new(WorkerTransport {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        }))
    }
}

impl Transport for WorkerTransport {
    fn send(&self, request: &Request) {
        if let Ok(json) = serde_json::to_string(request) {
            let _ = self.worker.post_message(&JsValue::from_str(&json));
        }
    }
}

impl Drop for WorkerTransport {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Starts the engine after the first render and keeps it told: the document to read whenever one
/// is loaded, the case to judge whenever it, the engineer's decisions and entries (or the document
/// read) change. Only the newest judgement is kept: answers to older cases are dropped.
#[hook]
pub fn use_engine(
    state: &UseReducerHandle<State>,
    connector: Option<Connector>,
    config: &triage_core::config::Config,
) {
    let transport = use_mut_ref(|| None::<Box<dyn Transport>>);
    let newest = use_mut_ref(|| 0u32);
    {
        let dispatcher = state.dispatcher();
        let (transport, newest) = (transport.clone(), newest.clone());
        use_effect_with((), move |_| {
            let failed = dispatcher.clone();
            let on_reply: Rc<dyn Fn(Reply)> = Rc::new(move |reply| match reply {
                Reply::Ready => dispatcher.dispatch(Action::EngineReady),
                Reply::Failed(message) | Reply::Refused(message) => {
                    dispatcher.dispatch(Action::EngineFailed(message))
                }
                Reply::Health { generation, view } => dispatcher.dispatch(Action::HealthRead {
                    generation,
                    result: Ok(view),
                }),
                Reply::HealthPreview { generation, view } => {
                    dispatcher.dispatch(Action::HealthPreviewed { generation, view })
                }
                Reply::HealthRefused { generation, error } => {
                    dispatcher.dispatch(Action::HealthRead {
                        generation,
                        result: Err(error),
                    })
                }
                Reply::Judged { seq, judgement } => {
                    if seq == *newest.borrow() {
                        dispatcher.dispatch(Action::Judged(Rc::from(judgement)))
                    }
                }
                Reply::SignInUrl { url } => {
                    dispatcher.dispatch(Action::SignIn(SignInEvent::Url(url)))
                }
                Reply::SignedIn {
                    tenant,
                    read_at,
                    doc,
                } => dispatcher.dispatch(Action::SignIn(SignInEvent::Read {
                    tenant,
                    read_at,
                    doc,
                })),
                Reply::SignInFailed { kind, message } => {
                    dispatcher.dispatch(Action::SignIn(SignInEvent::Failed { kind, message }))
                }
                Reply::SignedOut => dispatcher.dispatch(Action::SignIn(SignInEvent::SignedOut)),
                Reply::TenantLookup { domain, result } => {
                    dispatcher.dispatch(Action::SignIn(SignInEvent::LookedUp { domain, result }))
                }
            });
            let connect =
                connector.map_or_else(|| Rc::new(WorkerTransport::start) as Rc<Connect>, |c| c.0);
            match connect(on_reply) {
                Ok(started) => *transport.borrow_mut() = Some(started),
                Err(message) => failed.dispatch(Action::EngineFailed(message)),
            }
            ENGINE.with(|engine| *engine.borrow_mut() = Some(transport.clone()));
            move || {
                ENGINE.with(|engine| engine.borrow_mut().take());
                drop(transport.borrow_mut().take())
            }
        });
    }

    let ready = state.engine == EngineStatus::Ready;
    let send = {
        let transport = transport.clone();
        move |request: Request| {
            if let Some(transport) = transport.borrow().as_ref() {
                transport.send(&request);
            }
        }
    };
    {
        let send = send.clone();
        let load = state.health_load.clone();
        let generation = load.as_ref().map(|l| l.generation);
        use_effect_with((generation, ready), move |(_, ready)| {
            if let (Some(load), true) = (load, *ready) {
                send(Request::ReadHealth {
                    generation: load.generation,
                    doc: load.doc.clone(),
                });
            }
        });
    }
    let draft = &state.draft;
    let inputs = draft.inputs(state.lang, &config.partner.name, &config.customer_message);
    use_effect_with(
        (
            draft.to_case(),
            draft.decisions(),
            inputs,
            state.health.clone(),
            ready,
        ),
        move |(case, decisions, inputs, _, ready)| {
            if *ready {
                let seq = {
                    let mut newest = newest.borrow_mut();
                    *newest += 1;
                    *newest
                };
                send(Request::Judge {
                    seq,
                    case: case.clone(),
                    decisions: decisions.clone(),
                    inputs: Box::new(inputs.clone()),
                });
            }
        },
    );
}
