//! Escalation Triage in the browser: a Yew app that renders the engine's conclusions and dispatches
//! the user's actions. The deciding happens in `triage-core`; this crate only knows the browser.

pub mod app;
pub mod browser;
pub mod components;
pub mod embed;
pub mod engine;
pub mod i18n;
pub mod panic;
pub mod recovery;
pub mod share;
pub mod state;
pub mod steps;

pub use app::App;

/// Mounts the app into `#app` (replacing the loading indicator), or into `<body>` if the page has
/// no such element.
pub fn start() {
    panic::install_hook();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
