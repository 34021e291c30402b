//! The few places the app touches the browser directly: the URL, local storage and the document.
//! Components call these through hooks; nothing here holds state of its own.

use crate::i18n::Lang;

const LANG_KEY: &str = "escalation-triage.lang";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// A query parameter of the page's URL, e.g. `lang` in `?lang=ja`.
pub fn query_param(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

fn local_storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Saves a value on this device; a full or disabled storage is not an error worth interrupting
/// the user for, so it is ignored.
pub fn save(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// The language to start in: `?lang=`, then the user's last choice, then the browser's languages.
pub fn initial_lang() -> Lang {
    if let Some(lang) = query_param("lang").as_deref().and_then(Lang::from_tag) {
        return lang;
    }
    if let Some(lang) = load(LANG_KEY).as_deref().and_then(Lang::from_tag) {
        return lang;
    }
    let languages = window().map(|w| w.navigator().languages());
    languages
        .iter()
        .flat_map(|list| list.iter())
        .filter_map(|value| value.as_string())
        .find_map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// Remembers the choice and tells assistive technology which language the page is in.
pub fn apply_lang(lang: Lang, title: &str) {
    save(LANG_KEY, lang.code());
    if let Some(document) = window().and_then(|w| w.document()) {
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        document.set_title(title);
    }
}
