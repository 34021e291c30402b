//! A readable page, in both languages, when the app panics, instead of a frozen or blank widget.

use crate::i18n::{EN, JA};

/// Replaces Yew's default hook (which only logs) with one that also shows the message.
pub fn install_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show(&info.to_string());
    }));
}

/// Writes the message into `#app` with DOM calls only: after a panic, Yew cannot be trusted to render.
pub fn show(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into))
    else {
        return;
    };
    let make = |tag: &str, text: &str, lang: Option<&str>| {
        let element = document.create_element(tag).ok()?;
        element.set_text_content(Some(text));
        if let Some(lang) = lang {
            let _ = element.set_attribute("lang", lang);
        }
        Some(element)
    };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    let _ = panel.set_attribute("class", "panic");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "panic");
    for (strings, lang) in [(&EN, "en"), (&JA, "ja")] {
        if let Some(title) = make("h1", strings.panic_title, Some(lang)) {
            let _ = panel.append_child(&title);
        }
        if let Some(body) = make("p", strings.panic_body, Some(lang)) {
            let _ = panel.append_child(&body);
        }
    }
    if let Some(details) = make("pre", detail, None) {
        let _ = details.set_attribute("class", "panic-detail");
        let _ = panel.append_child(&details);
    }
    root.set_inner_html("");
    let _ = root.append_child(&panel);
}
