//! The engine's Web Worker: answers the app's requests (JSON text) with
//! [`triage_core::session::Session`], one at a time, in the order they arrive.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;

    use triage_core::session::{Reply, Session};
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = {
        let scope = scope.clone();
        move |reply: &Reply| {
            // Serialising our own types cannot fail; posting a string cannot either.
            let json = serde_json::to_string(reply).unwrap_or_default();
            let _ = scope.post_message(&JsValue::from_str(&json));
        }
    };
    let session = RefCell::new(Session::default());
    let answer = post.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = match event.data().as_string() {
            Some(request) => session.borrow_mut().handle_json(&request),
            None => Reply::Refused("the engine takes requests as JSON text".into()),
        };
        answer(&reply);
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
