//! Share links: the case travels in the URL fragment (`#case=…`), which browsers never send to a
//! server, as base64url-encoded JSON.

use crate::state::Draft;

const PREFIX: &str = "case=";
/// Larger service-health documents stay behind: the link must stay pasteable.
const MAX_HEALTH_BYTES: usize = 16 * 1024;
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

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

fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let values: Vec<u32> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|&a| a == c).map(|v| v as u32))
        .collect::<Option<_>>()?;
    for chunk in values.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &v)| n | (v << (18 - 6 * i)));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let encoded = encode(&bytes);
            assert!(encoded.bytes().all(|c| ALPHABET.contains(&c)));
            assert_eq!(decode(&encoded), Some(bytes));
        }
        assert_eq!(encode(b"Man"), "TWFu");
        assert_eq!(encode(b"Ma"), "TWE");
    }

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
