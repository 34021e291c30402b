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

/// Keeps a copy of an unreadable saved value beside it, under `<key>.damaged-<time>`, and checks
/// that the copy reads back unchanged. `None` when the browser refused (storage full or off): the
/// caller must then not save over the original.
pub fn set_aside(key: &str, raw: &str) -> Option<String> {
    let storage = local_storage()?;
    let stamp = js_sys::Date::new_0().to_iso_string().as_string()?;
    let copy = crate::recovery::damaged_key(key, &stamp);
    storage.set_item(&copy, raw).ok()?;
    (storage.get_item(&copy).ok().flatten().as_deref() == Some(raw)).then_some(copy)
}

/// Saves a value on this device; a full or disabled storage is not an error worth interrupting
/// the user for, so it is ignored.
pub fn save(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Saves a value on this device, or says why not (the storage is full or unavailable).
pub fn try_save(key: &str, value: &str) -> Result<(), String> {
    let storage = local_storage().ok_or("this browser keeps nothing for this page")?;
    storage.set_item(key, value).map_err(|e| {
        js_sys::Error::from(e)
            .message()
            .as_string()
            .unwrap_or_default()
    })
}

pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
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

/// Whether the user (or the URL) chose a language, which a portal's default must not override.
pub fn lang_was_chosen() -> bool {
    query_param("lang").is_some() || load(LANG_KEY).is_some()
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

/// Whether the window is at least `px` CSS pixels wide: disclosures that the stylesheet keeps open
/// on wide screens start open there.
pub fn wider_than(px: f64) -> bool {
    window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|width| width.as_f64())
        .is_some_and(|width| width >= px)
}

/// Milliseconds since the Unix epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// A new case id, unique on this device.
pub fn new_case_id() -> String {
    format!("case-{}", now() as u64)
}

/// Copies text to the clipboard; `false` when the browser refuses (e.g. no permission in a frame).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Offers `contents` as a file download named `name`.
pub fn download(name: &str, mime: &str, contents: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let document = window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot create the file")?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot create the file")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot create a link")?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The text of a file the user chose or dropped.
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("{}: the file could not be read", file.name()))?;
    text.as_string()
        .ok_or_else(|| format!("{}: the file is not text", file.name()))
}

/// GETs a same-origin URL (the portal's service-health proxy) and returns the body.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    let window = window().ok_or("no window")?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url}: the request failed (network or permissions)"))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let body = response.text().map_err(|_| format!("{url}: no body"))?;
    wasm_bindgen_futures::JsFuture::from(body)
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| format!("{url}: the body is not text"))
}

/// The page's address without query or fragment.
pub fn page_base() -> String {
    window()
        .and_then(|w| {
            let location = w.location();
            Some(format!(
                "{}{}",
                location.origin().ok()?,
                location.pathname().ok()?
            ))
        })
        .unwrap_or_default()
}

/// The fragment without `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Removes the fragment from the address bar without reloading, once a shared case is opened.
pub fn clear_fragment() {
    if let Some(window) = window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!(
                    "{}{}",
                    page_base(),
                    window.location().search().unwrap_or_default()
                )),
            );
        }
    }
}

/// Opens the browser's print dialog (the stylesheet has a print view of the summary).
pub fn print() {
    if let Some(window) = window() {
        let _ = window.print();
    }
}

/// Posts a message to the page that embeds this one, once per allowed origin: the browser delivers
/// it only if the host's origin is that one, so nothing reaches a page that is not allowed.
pub fn post_to_host(message: &serde_json::Value, origins: &[String]) {
    let Some(window) = window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if wasm_bindgen::JsValue::from(parent.clone()) == wasm_bindgen::JsValue::from(window) {
        return; // Not embedded.
    }
    let Ok(data) = js_sys::JSON::parse(&message.to_string()) else {
        return;
    };
    for origin in origins {
        let _ = parent.post_message(&data, origin);
    }
}

/// Whether the page runs inside a frame.
pub fn in_frame() -> bool {
    window()
        .and_then(|w| {
            let parent = w.parent().ok().flatten()?;
            Some(wasm_bindgen::JsValue::from(parent) != wasm_bindgen::JsValue::from(w))
        })
        .unwrap_or(false)
}

/// A `message` listener on the window, removed when dropped.
pub struct MessageListener {
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for MessageListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(window) = window() {
            let _ = window.remove_event_listener_with_callback(
                "message",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Calls `on_message(origin, data)` for every message posted to this window; data that is not
/// JSON-shaped arrives as `null`.
pub fn listen_messages(
    mut on_message: impl FnMut(String, serde_json::Value) + 'static,
) -> Option<MessageListener> {
    use wasm_bindgen::JsCast;
    let window = window()?;
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
        move |event: web_sys::MessageEvent| {
            let data = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|s| s.as_string())
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or(serde_json::Value::Null);
            on_message(event.origin(), data);
        },
    );
    window
        .add_event_listener_with_callback("message", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(MessageListener { closure })
}

/// Sets `data-theme` on the document (`light`, `dark`), or removes it to follow the system.
pub fn set_theme(theme: Option<&str>) {
    if let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match theme {
            Some(theme) => root.set_attribute("data-theme", theme),
            None => root.remove_attribute("data-theme"),
        };
    }
}

/// The height of an element's content, for the host frame's size.
pub fn content_height(id: &str) -> Option<i32> {
    let element = window()?.document()?.get_element_by_id(id)?;
    Some(element.scroll_height())
}

pub fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
