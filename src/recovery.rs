//! Reading back what was saved on this device without losing what cannot be read: the readable
//! parts are restored, and each unreadable value is reported with its text, so that the page can
//! set it aside (`browser::set_aside`) before anything is saved over it.

use serde_json::Value;

use crate::state::Draft;

/// Which saved value could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// The case being worked on.
    Draft,
    /// The list of earlier cases.
    History,
}

/// An unreadable saved value, as found and as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    pub what: Saved,
    /// The storage key it was read from.
    pub key: String,
    /// The text as it was stored, unchanged.
    pub raw: String,
    /// Where a copy is kept on this device; `None` when no copy could be made, in which case the
    /// original is not saved over.
    pub kept_as: Option<String>,
}

impl Damaged {
    /// A file name for downloading the text (no characters that file systems refuse).
    pub fn file_name(&self) -> String {
        let base = self.kept_as.as_deref().unwrap_or(&self.key);
        let base: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        format!("{base}.txt")
    }
}

/// What could be read, and what could not.
#[derive(Debug, Default, PartialEq)]
pub struct Restored {
    pub draft: Option<Draft>,
    pub history: Vec<Draft>,
    /// The values that could not be read (wholly or in part), with their text.
    pub unreadable: Vec<(Saved, String)>,
}

/// Reads the saved case and history. A case that is not a saved case is unreadable; a history
/// that is not a list, or has entries that are not cases, is unreadable, and its readable
/// entries are restored all the same. Absent or empty values are simply absent.
pub fn restore(draft: Option<&str>, history: Option<&str>) -> Restored {
    let mut restored = Restored::default();
    if let Some(raw) = draft.filter(|raw| !raw.trim().is_empty()) {
        match Draft::from_json(raw) {
            Ok(draft) => restored.draft = Some(draft),
            Err(_) => restored.unreadable.push((Saved::Draft, raw.to_string())),
        }
    }
    if let Some(raw) = history.filter(|raw| !raw.trim().is_empty()) {
        let entries = serde_json::from_str::<Value>(raw)
            .ok()
            .and_then(|value| value.as_array().map(Vec::len));
        restored.history = Draft::list_from_json(raw);
        if entries != Some(restored.history.len()) {
            restored.unreadable.push((Saved::History, raw.to_string()));
        }
    }
    restored
}

/// The key an unreadable value is kept under: beside the original, stamped with the time.
pub fn damaged_key(key: &str, stamp: &str) -> String {
    format!("{key}.damaged-{stamp}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_saves_come_back_and_nothing_is_reported() {
        let mut draft = Draft::new("case-1".into(), 1.0);
        draft.text = "Teams calls drop".into();
        let json = serde_json::to_string(&draft).unwrap();
        let history = serde_json::to_string(&vec![draft.clone()]).unwrap();
        let restored = restore(Some(&json), Some(&history));
        assert_eq!(restored.draft, Some(draft.clone()));
        assert_eq!(restored.history, vec![draft]);
        assert!(restored.unreadable.is_empty());
        assert_eq!(restore(None, Some("")), Restored::default());
    }

    #[test]
    fn an_unreadable_case_is_reported_with_its_text_and_the_history_still_restored() {
        let mut earlier = Draft::new("case-0".into(), 1.0);
        earlier.customer = "Fabrikam".into();
        let history = serde_json::to_string(&vec![earlier.clone()]).unwrap();
        let broken = r#"{"id": "case-1", "text": "Teams calls dr"#;
        let restored = restore(Some(broken), Some(&history));
        assert_eq!(restored.draft, None);
        assert_eq!(restored.history, vec![earlier]);
        assert_eq!(
            restored.unreadable,
            vec![(Saved::Draft, broken.to_string())]
        );
    }

    #[test]
    fn a_history_with_a_damaged_entry_keeps_the_others_and_is_reported_whole() {
        let mut earlier = Draft::new("case-0".into(), 1.0);
        earlier.text = "Mail is delayed".into();
        let good = serde_json::to_string(&earlier).unwrap();
        let raw = format!("[{good}, \"garbage\"]");
        let restored = restore(None, Some(&raw));
        assert_eq!(restored.history, vec![earlier]);
        assert_eq!(restored.unreadable, vec![(Saved::History, raw)]);

        let restored = restore(None, Some("not json at all"));
        assert!(restored.history.is_empty());
        assert_eq!(restored.unreadable.len(), 1);
    }

    #[test]
    fn the_kept_copy_has_its_own_key_and_a_safe_file_name() {
        let key = damaged_key("escalation-triage.draft", "2026-12-02T08:50:12.345Z");
        assert_eq!(
            key,
            "escalation-triage.draft.damaged-2026-12-02T08:50:12.345Z"
        );
        let damaged = Damaged {
            what: Saved::Draft,
            key: "escalation-triage.draft".into(),
            raw: "{".into(),
            kept_as: Some(key),
        };
        assert_eq!(
            damaged.file_name(),
            "escalation-triage.draft.damaged-2026-12-02T08-50-12.345Z.txt"
        );
    }
}
