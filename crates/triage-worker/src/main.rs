//! The engine's Web Worker: answers the app's requests (JSON text) with
//! [`triage_core::session::Session`], in the order they arrive. Signing in to the customer's
//! tenant and reading its service health from Graph need the network, so this worker answers
//! those requests itself (`signin.rs`), when the network answers.

#[cfg(target_arch = "wasm32")]
mod signin;

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;
    use std::rc::Rc;

    use triage_core::session::{Reply, Request, Session};
    use triage_core::signin::SignInError;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = {
        let scope = scope.clone();
        Rc::new(move |reply: &Reply| {
            // Serialising our own types cannot fail; posting a string cannot either.
            let json = serde_json::to_string(reply).unwrap_or_default();
            let _ = scope.post_message(&JsValue::from_str(&json));
        })
    };
    let session = RefCell::new(Session::default());
    let sign_in = signin::Shared::default();
    let answer = post.clone();
    let worker = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let request = match event.data().as_string().map(|t| serde_json::from_str(&t)) {
            Some(Ok(request)) => request,
            Some(Err(error)) => {
                answer(&Reply::Refused(format!(
                    "the engine cannot read this request: {error}"
                )));
                return;
            }
            None => {
                answer(&Reply::Refused(
                    "the engine takes requests as JSON text".into(),
                ));
                return;
            }
        };
        let later = |task: std::pin::Pin<Box<dyn std::future::Future<Output = Reply>>>| {
            let answer = answer.clone();
            wasm_bindgen_futures::spawn_local(async move { answer(&task.await) });
        };
        match request {
            Request::SignIn {
                tenant,
                settings,
                redirect_uri,
            } => answer(
                &sign_in
                    .borrow_mut()
                    .start(&worker, &tenant, &settings, &redirect_uri),
            ),
            Request::SignInRedirect(redirect) => later(Box::pin(signin::finish(
                sign_in.clone(),
                worker.clone(),
                redirect,
            ))),
            Request::SignInAborted { closed } => answer(&sign_in.borrow_mut().abort(&if closed {
                SignInError::PopupClosed
            } else {
                SignInError::PopupBlocked
            })),
            Request::ReadAgain => later(Box::pin(signin::read_again(
                sign_in.clone(),
                worker.clone(),
            ))),
            Request::SignOut => answer(&sign_in.borrow_mut().sign_out()),
            Request::LookUpTenant { domain, login_host } => later(Box::pin(signin::look_up(
                worker.clone(),
                domain,
                login_host,
            ))),
            other => answer(&session.borrow_mut().handle(other)),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page.
    on_message.forget();
    // Messages sent before this point were dropped: the app waits for it before sending any.
    post(&Reply::Ready);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("triage-worker runs in a browser's Web Worker; on the command line, use `triage`.");
    std::process::exit(2);
}
