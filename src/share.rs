//! Share links: the case travels in the URL fragment (`#case=…`), which browsers never send to a
//! server, as base64url-encoded JSON.

use triage_core::base64url::{decode, encode};

use crate::state::Draft;

const PREFIX: &str = "case=";
/// Larger service-health documents stay behind: the link must stay pasteable.
const MAX_HEALTH_BYTES: usize = 16 * 1024;

/// The fragment (without `#`) that reopens `draft`.
pub fn fragment_for(draft: &Draft) -> String {
    let mut shared = draft.clone();
    if shared.health_doc.len() > MAX_HEALTH_BYTES {
        shared.health_doc.clear();
        shared.health_source.clear();
    }
    let json = serde_json::to_string(&shared).unwrap_or_default();
    format!("{PREFIX}{}", encode(json.as_bytes()))
}

/// The case in a fragment, if it holds one. A damaged link gives an error that says so.
pub fn draft_from_fragment(fragment: &str) -> Option<Result<Draft, String>> {
    let data = fragment.strip_prefix(PREFIX)?;
    Some(
        decode(data)
            .ok_or_else(|| "the link is damaged (not base64url)".to_string())
            .and_then(|bytes| {
                let json =
                    String::from_utf8(bytes).map_err(|_| "the link is damaged (not UTF-8)")?;
                Draft::from_json(&json).map_err(|e| format!("the link does not hold a case: {e}"))
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_survives_the_link() {
        let mut draft = Draft::new("case-7".into(), 5.0);
        draft.text = "外部からのメールが届かない".into();
        draft.tenant = "contoso.onmicrosoft.com".into();
        let fragment = fragment_for(&draft);
        assert!(fragment.starts_with("case="));
        assert_eq!(draft_from_fragment(&fragment), Some(Ok(draft)));
    }

    #[test]
    fn damaged_and_foreign_fragments() {
        assert_eq!(draft_from_fragment("main"), None);
        assert!(matches!(draft_from_fragment("case=%%%"), Some(Err(_))));
        assert!(matches!(draft_from_fragment("case=e30x"), Some(Err(_))));
    }

    #[test]
    fn large_service_health_stays_behind() {
        let mut draft = Draft::new("case-8".into(), 5.0);
        draft.health_doc = "x".repeat(MAX_HEALTH_BYTES + 1);
        draft.health_source = "big.json".into();
        let shared = draft_from_fragment(&fragment_for(&draft)).unwrap().unwrap();
        assert!(shared.health_doc.is_empty() && shared.health_source.is_empty());
    }
}
