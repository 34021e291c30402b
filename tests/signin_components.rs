//! Component tests for signing in and the tenant lookup: the app mounted in headless Chromium with
//! an engine that answers the sign-in requests as the worker does without a network (the worker
//! itself, the popup and the stand-ins are tested end to end in tests/e2e/tests/signin.rs).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use escalation_triage::app::{App, AppProps};
use escalation_triage::engine::{Connector, Transport};
use escalation_triage::i18n::Lang;
use triage_core::session::{Reply, Request, Session};
use triage_core::signin::{self, Pending, SignInError};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TENANT_ID: &str = "7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b";

/// The engine in-process; sign-in requests get the worker's answers for a site without
/// `signIn.clientId` and a sign-in service that knows one domain.
struct Engine {
    session: RefCell<Session>,
    on_reply: Rc<dyn Fn(Reply)>,
}

impl Transport for Engine {
    fn send(&self, request: &Request) {
        let reply = match request.clone() {
            Request::SignIn {
                tenant,
                settings,
                redirect_uri,
            } => match Pending::new(&[1; 48], &tenant, &settings, &redirect_uri) {
                Ok(pending) => Reply::SignInUrl {
                    url: pending.authorize_url(),
                },
                Err(error) => Reply::sign_in_failed(&error),
            },
            Request::LookUpTenant { domain, .. } => {
                let result = signin::lookup_domain(&domain).and_then(|clean| {
                    if clean == "fabrikam.com" {
                        let body = format!(
                            r#"{{"issuer":"https://login.microsoftonline.com/{TENANT_ID}/v2.0"}}"#
                        );
                        signin::read_tenant_id(&clean, 200, &body)
                    } else {
                        signin::read_tenant_id(&clean, 400, "")
                    }
                });
                Reply::TenantLookup { domain, result }
            }
            Request::SignInAborted { .. } => Reply::sign_in_failed(&SignInError::PopupBlocked),
            other => self.session.borrow_mut().handle(other),
        };
        (self.on_reply)(reply);
    }
}

fn engine() -> Connector {
    Connector(Rc::new(|on_reply: Rc<dyn Fn(Reply)>| {
        on_reply(Reply::Ready);
        Ok(Box::new(Engine {
            session: RefCell::default(),
            on_reply,
        }) as Box<dyn Transport>)
    }))
}

async fn mount(lang: Lang) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    if let Some(old) = document.get_element_by_id("app") {
        old.remove();
    }
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let root = document.create_element("div").unwrap();
    root.set_id("app");
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            lang: Some(lang),
            engine: Some(engine()),
        },
    )
    .render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &web_sys::Element, css: &str) -> Option<web_sys::Element> {
    root.query_selector(css).unwrap()
}

fn text(root: &web_sys::Element, css: &str) -> String {
    find(root, css)
        .unwrap_or_else(|| panic!("no element matches {css}"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &web_sys::Element, css: &str) {
    find(root, css)
        .unwrap_or_else(|| panic!("no element matches {css}"))
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

fn type_into(root: &web_sys::Element, css: &str, value: &str) {
    // An input or a textarea: both take `value`.
    let field = find(root, css).unwrap_or_else(|| panic!("no element matches {css}"));
    js_sys::Reflect::set(&field, &"value".into(), &value.into()).unwrap();
    let event = web_sys::InputEvent::new("input").unwrap();
    field.dispatch_event(&event).unwrap();
}

async fn settle() {
    for _ in 0..3 {
        yew::scheduler::flush().await;
    }
}

#[wasm_bindgen_test]
async fn a_domain_is_replaced_by_its_tenant_id() {
    let root = mount(Lang::En).await;
    type_into(&root, r#"[data-testid="tenant"]"#, TENANT_ID);
    settle().await;
    assert!(
        find(&root, r#"[data-testid="lookup-tenant"]"#).is_none(),
        "a tenant ID needs no lookup"
    );
    type_into(&root, r#"[data-testid="tenant"]"#, "nowhere.example");
    settle().await;
    click(&root, r#"[data-testid="lookup-tenant"]"#);
    settle().await;
    assert!(text(&root, r#"[data-testid="lookup-error"]"#)
        .contains("not a domain of a Microsoft tenant"));
    type_into(&root, r#"[data-testid="tenant"]"#, "fabrikam.com");
    settle().await;
    click(&root, r#"[data-testid="lookup-tenant"]"#);
    settle().await;
    let tenant: web_sys::HtmlInputElement = find(&root, r#"[data-testid="tenant"]"#)
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(tenant.value(), TENANT_ID);
    assert!(text(&root, r#"[data-testid="lookup-status"]"#).contains("fabrikam.com"));
    assert!(text(&root, r#"[data-testid="tenant-error"]"#).is_empty());
}

#[wasm_bindgen_test]
async fn without_a_client_id_the_button_says_what_to_set_up_in_both_languages() {
    let root = mount(Lang::En).await;
    type_into(&root, r#"[data-testid="tenant"]"#, TENANT_ID);
    type_into(
        &root,
        r#"[data-testid="problem"]"#,
        "Users cannot open the shared mailbox in Outlook on the web.",
    );
    settle().await;
    click(&root, r#"[data-testid="next"]"#);
    settle().await;
    click(&root, r#"[data-testid="sign-in-read"]"#);
    settle().await;
    let error = find(&root, r#"[data-testid="sign-in-error"]"#).expect("no explanation");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        error.get_attribute("data-kind").as_deref(),
        Some("not_configured")
    );
    assert!(text(&root, r#"[data-testid="sign-in-error"]"#).contains("signIn.clientId"));
    // Nothing claims there are no issues.
    assert!(find(&root, r#"[data-testid="health-no-match"]"#).is_none());
    click(&root, r#"[data-testid="lang-ja"]"#);
    settle().await;
    let japanese = text(&root, r#"[data-testid="sign-in-error"]"#);
    assert!(
        japanese.contains("サインインが設定されていません"),
        "{japanese}"
    );
}
