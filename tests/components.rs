//! Component tests: the app mounted in a real headless Chromium (`cargo xtask test`, stage 3).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use escalation_triage::app::{App, AppProps};
use escalation_triage::engine::{Connector, Transport};
use escalation_triage::i18n::Lang;
use triage_core::session::{Reply, Request, Session};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The engine in-process, answering at once: the Web Worker itself is tested end to end.
struct InProcess {
    session: RefCell<Session>,
    on_reply: Rc<dyn Fn(Reply)>,
}

impl Transport for InProcess {
    fn send(&self, request: &Request) {
        let reply = self.session.borrow_mut().handle(request.clone());
        (self.on_reply)(reply);
    }
}

fn in_process() -> Connector {
    Connector(Rc::new(|on_reply: Rc<dyn Fn(Reply)>| {
        on_reply(Reply::Ready);
        Ok(Box::new(InProcess {
            session: RefCell::default(),
            on_reply,
        }) as Box<dyn Transport>)
    }))
}

/// Mounts the app with a working engine into a fresh `#app` element and returns that element.
async fn mount(lang: Lang) -> web_sys::Element {
    mount_with(lang, in_process()).await
}

async fn mount_with(lang: Lang, engine: Connector) -> web_sys::Element {
    mount_on_device(lang, engine, &[]).await
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Mounts the app on a device that holds only `saved` (key, value) in its local storage.
async fn mount_on_device(
    lang: Lang,
    engine: Connector,
    saved: &[(&str, &str)],
) -> web_sys::Element {
    let document = document();
    if let Some(old) = document.get_element_by_id("app") {
        old.remove();
    }
    // Each test starts from a clean device: no saved case, no language choice.
    storage().clear().unwrap();
    for (key, value) in saved {
        storage().set_item(key, value).unwrap();
    }
    let root = document.create_element("div").unwrap();
    root.set_id("app");
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            lang: Some(lang),
            engine: Some(engine),
        },
    )
    .render();
    yew::scheduler::flush().await;
    root
}

fn text(root: &web_sys::Element, css: &str) -> String {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {css}"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &web_sys::Element, css: &str) {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {css}"))
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

#[wasm_bindgen_test]
async fn language_switch_changes_every_visible_string() {
    let root = mount(Lang::En).await;
    let english = root.text_content().unwrap();
    assert!(english.contains("Service health"));

    click(&root, r#"[data-testid="lang-ja"]"#);
    yew::scheduler::flush().await;
    let japanese = text(&root, "main");
    assert!(japanese.contains("サービス正常性"));
    // Nothing of the English page text is left in the main area but product names.
    for word in ["Describe", "Troubleshoot", "Hand off", "Next", "guidance"] {
        assert!(
            !japanese.contains(word),
            "`{word}` is still English: {japanese}"
        );
    }
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("ja")
    );
}

#[wasm_bindgen_test]
async fn next_and_back_walk_the_steps_and_mark_the_current_one() {
    let root = mount(Lang::En).await;
    assert_eq!(text(&root, "[aria-current=step] .step-name"), "Describe");
    click(&root, r#"[data-testid="next"]"#);
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "#step-heading"), "Service health");
    assert_eq!(
        text(&root, "[aria-current=step] .step-name"),
        "Service health"
    );
    assert_eq!(text(&root, ".step-position"), "Step 2 of 5");
    // Focus follows the step, so keyboard users land on the new heading.
    let focused = document().active_element().map(|e| e.id());
    assert_eq!(focused.as_deref(), Some("step-heading"));
    click(&root, r#"[data-testid="back"]"#);
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "#step-heading"), "Describe");
}

#[wasm_bindgen_test]
async fn a_panic_shows_a_readable_message_in_both_languages() {
    let root = mount(Lang::En).await;
    escalation_triage::panic::show("index out of bounds");
    let shown = text(&root, r#"[data-testid="panic"]"#);
    assert!(shown.contains("Something went wrong"));
    assert!(shown.contains("問題が発生しました"));
    assert!(shown.contains("index out of bounds"));
}

/// Types into a field as a person would: the value changes and an `input` event fires.
fn type_into(root: &web_sys::Element, css: &str, value: &str) {
    let element = root
        .query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {css}"));
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else {
        element
            .dyn_ref::<web_sys::HtmlTextAreaElement>()
            .unwrap()
            .set_value(value);
    }
    let event = web_sys::InputEvent::new("input").unwrap();
    element.dispatch_event(&event).unwrap();
}

fn attr(root: &web_sys::Element, css: &str, name: &str) -> Option<String> {
    root.query_selector(css).unwrap()?.get_attribute(name)
}

#[wasm_bindgen_test]
async fn the_verdict_follows_what_is_typed() {
    let root = mount(Lang::En).await;
    assert!(text(&root, r#"[data-testid="verdict"]"#).contains("Describe what happens"));
    type_into(
        &root,
        r#"[data-testid="problem"]"#,
        "All of our customers in Japan East lost their virtual machines after a power failure in the datacenter.",
    );
    yew::scheduler::flush().await;
    click(&root, r#"[data-testid="scope-multiple_tenants"]"#);
    type_into(&root, r#"[data-testid="region"]"#, "Japan East");
    yew::scheduler::flush().await;
    assert_eq!(
        attr(&root, r#"[data-testid="verdict-route"]"#, "data-route").as_deref(),
        Some("escalate_regional")
    );
    assert!(!text(&root, r#"[data-testid="verdict-reasons"]"#).is_empty());
}

#[wasm_bindgen_test]
async fn an_engine_that_cannot_start_is_explained_and_the_form_still_works() {
    let broken = Connector(Rc::new(|_: Rc<dyn Fn(Reply)>| {
        Err("Web Workers are turned off".to_string())
    }));
    let root = mount_with(Lang::En, broken).await;
    type_into(
        &root,
        r#"[data-testid="problem"]"#,
        "Teams calls drop after a minute for everyone.",
    );
    yew::scheduler::flush().await;
    let failed = text(&root, r#"[data-testid="engine-failed"]"#);
    assert!(failed.contains("Web Workers are turned off"), "{failed}");
    assert!(failed.contains("Reload the page"), "{failed}");
    click(&root, r#"[data-testid="next"]"#);
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "#step-heading"), "Service health");
    assert!(root
        .query_selector(r#"[data-testid="load-sample"]"#)
        .unwrap()
        .is_none());
    assert!(!text(&root, r#"[data-testid="engine-failed"]"#).is_empty());
}

#[wasm_bindgen_test]
async fn a_bad_tenant_says_what_is_wrong_in_the_current_language() {
    let root = mount(Lang::En).await;
    type_into(&root, r#"[data-testid="tenant"]"#, "contoso.com");
    yew::scheduler::flush().await;
    assert!(text(&root, r#"[data-testid="tenant-error"]"#).contains("onmicrosoft.com"));
    assert_eq!(
        attr(&root, "#tenant", "aria-invalid").as_deref(),
        Some("true")
    );
    click(&root, r#"[data-testid="lang-ja"]"#);
    yew::scheduler::flush().await;
    let japanese = text(&root, r#"[data-testid="tenant-error"]"#);
    assert!(
        japanese
            .chars()
            .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
        "{japanese}"
    );
    type_into(
        &root,
        r#"[data-testid="tenant"]"#,
        "contoso.onmicrosoft.com",
    );
    yew::scheduler::flush().await;
    assert!(text(&root, r#"[data-testid="tenant-error"]"#).is_empty());
    assert_eq!(attr(&root, "#tenant", "aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn a_saved_case_that_cannot_be_read_is_set_aside_said_and_not_saved_over() {
    let broken = r#"{"id": "case-7", "text": "Mail to one partner domain is rej"#;
    let root = mount_on_device(
        Lang::Ja,
        in_process(),
        &[("escalation-triage.draft", broken)],
    )
    .await;
    let notice = text(&root, r#"[data-testid="damaged-notice"]"#);
    assert!(
        notice.contains("作業中のケースを読み込めませんでした"),
        "{notice}"
    );
    let storage = storage();
    let kept: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with("escalation-triage.draft.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(storage.get_item(&kept[0]).unwrap().as_deref(), Some(broken));
    assert!(notice.contains(&kept[0]), "{notice}");
    // The new case is saved in its place, readable.
    let saved = storage
        .get_item("escalation-triage.draft")
        .unwrap()
        .unwrap();
    assert!(saved.starts_with('{') && saved != broken, "{saved}");
}
