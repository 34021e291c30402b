//! A button that copies a text and says so.

use yew::prelude::*;

use crate::browser;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    pub label: AttrValue,
    pub done: AttrValue,
    pub failed: AttrValue,
    #[prop_or_default]
    pub testid: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Idle,
    Copied,
    Refused,
}

#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let outcome = use_state(|| Outcome::Idle);
    let onclick = {
        let text = props.text.clone();
        let outcome = outcome.clone();
        Callback::from(move |_| {
            let text = text.clone();
            let outcome = outcome.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = browser::copy_text(&text).await;
                outcome.set(if copied {
                    Outcome::Copied
                } else {
                    Outcome::Refused
                });
            });
        })
    };
    let status = match *outcome {
        Outcome::Idle => "",
        Outcome::Copied => props.done.as_str(),
        Outcome::Refused => props.failed.as_str(),
    };
    html! {
        <span class="copy">
            <button type="button" class="secondary small" data-testid={props.testid.clone()} {onclick}>{ props.label.clone() }</button>
            <span class="copy-status" role="status">{ status }</span>
        </span>
    }
}
