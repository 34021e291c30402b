//! Embedding: options from the URL, and the versioned `postMessage` protocol with the host page.
//!
//! Messages go only to the origins the portal owner allows (`allowedHostOrigins`), never to `*`;
//! messages from any other origin are ignored and counted in the console.

use serde_json::{json, Value};

use crate::browser;
use crate::i18n::Lang;
use crate::state::{State, Step};

pub const PROTOCOL_VERSION: u32 = 1;
pub const READY: &str = "escalation-triage:ready";
pub const RESULT: &str = "escalation-triage:result";
pub const RESIZE: &str = "escalation-triage:resize";
pub const SET_LANGUAGE: &str = "escalation-triage:set-language";
pub const PREFILL: &str = "escalation-triage:prefill";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

/// What the page's URL asks for: `?embed=1&lang=ja&theme=dark&customer=…&service=…`.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub embedded: bool,
    pub theme: Theme,
    pub prefill: Prefill,
}

/// Fields a host may fill in, by URL or by message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prefill {
    pub customer: Option<String>,
    pub service: Option<String>,
    pub text: Option<String>,
}

impl Prefill {
    pub fn is_empty(&self) -> bool {
        self.customer.is_none() && self.service.is_none() && self.text.is_none()
    }

    fn from_message(data: &Value) -> Prefill {
        let field = |name: &str| {
            data.get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Prefill {
            customer: field("customer"),
            service: field("service"),
            text: field("text"),
        }
    }
}

impl Options {
    pub fn from_url() -> Options {
        let param = |name: &str| {
            browser::query_param(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Options {
            embedded: matches!(param("embed").as_deref(), Some("1" | "true" | "yes")),
            theme: match param("theme").as_deref() {
                Some("light") => Theme::Light,
                Some("dark") => Theme::Dark,
                _ => Theme::Auto,
            },
            prefill: Prefill {
                customer: param("customer"),
                service: param("service"),
                text: None,
            },
        }
    }
}

/// What a host page asked for in a message it was allowed to send.
#[derive(Debug, Clone, PartialEq)]
pub enum HostRequest {
    SetLanguage(Lang),
    Prefill(Prefill),
}

/// Reads a host message; `None` for anything that is not a request of this protocol's version.
pub fn read_request(data: &Value) -> Option<HostRequest> {
    if data.get("version").and_then(Value::as_u64) != Some(u64::from(PROTOCOL_VERSION)) {
        return None;
    }
    match data.get("type").and_then(Value::as_str)? {
        SET_LANGUAGE => data
            .get("lang")
            .and_then(Value::as_str)
            .and_then(Lang::from_tag)
            .map(HostRequest::SetLanguage),
        PREFILL => Some(HostRequest::Prefill(Prefill::from_message(data)))
            .filter(|request| !matches!(request, HostRequest::Prefill(p) if p.is_empty())),
        _ => None,
    }
}

/// A message of this protocol: `{"type": …, "version": 1, …fields}`.
pub fn message(kind: &str, fields: Value) -> Value {
    let mut message = json!({ "type": kind, "version": PROTOCOL_VERSION });
    if let (Some(target), Value::Object(extra)) = (message.as_object_mut(), fields) {
        target.extend(extra);
    }
    message
}

/// The `result` event, once the flow has reached one of its ends: a posted issue, a fix, or the
/// hand-off of an escalation. The engine wrote it from the same decision record as the page's
/// verdict, request and message, so the host hears what the engineer sees.
pub fn result_message(state: &State) -> Option<Value> {
    let judgement = state.judgement.as_deref()?;
    judgement
        .decision
        .reached_end(state.draft.step == Step::HandOff)
        .then(|| message(RESULT, judgement.outputs.result.clone()))
}

/// Whether `origin` may talk to the widget.
pub fn allowed(origin: &str, allowed_origins: &[String]) -> bool {
    allowed_origins.iter().any(|allowed| allowed == origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_type_and_version() {
        let m = message(RESULT, json!({"route": "escalate_bug"}));
        assert_eq!(
            m,
            json!({"type": RESULT, "version": 1, "route": "escalate_bug"})
        );
        assert_eq!(
            message(READY, Value::Null),
            json!({"type": READY, "version": 1})
        );
    }

    #[test]
    fn host_requests_are_read_strictly() {
        assert_eq!(
            read_request(&json!({"type": SET_LANGUAGE, "version": 1, "lang": "ja-JP"})),
            Some(HostRequest::SetLanguage(Lang::Ja))
        );
        assert_eq!(
            read_request(
                &json!({"type": PREFILL, "version": 1, "customer": " contoso.onmicrosoft.com ", "service": ""})
            ),
            Some(HostRequest::Prefill(Prefill {
                customer: Some("contoso.onmicrosoft.com".into()),
                service: None,
                text: None
            }))
        );
        for ignored in [
            json!({"type": SET_LANGUAGE, "version": 2, "lang": "ja"}),
            json!({"type": SET_LANGUAGE, "lang": "ja"}),
            json!({"type": SET_LANGUAGE, "version": 1, "lang": "fr"}),
            json!({"type": PREFILL, "version": 1}),
            json!({"type": "something-else", "version": 1}),
            json!("escalation-triage:prefill"),
        ] {
            assert_eq!(read_request(&ignored), None, "{ignored}");
        }
    }

    #[test]
    fn only_listed_origins_are_allowed() {
        let list = vec!["https://contoso.sharepoint.com".to_string()];
        assert!(allowed("https://contoso.sharepoint.com", &list));
        assert!(!allowed(
            "https://contoso.sharepoint.com.evil.example",
            &list
        ));
        assert!(!allowed("null", &list));
        assert!(!allowed("*", &list));
    }
}
