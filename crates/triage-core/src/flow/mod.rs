//! What the engineer does once the verdict is in: Microsoft's rule walked step by step.
//!
//! The seed rule is a sequence: check service health, troubleshoot with admin privileges, escalate
//! only five kinds of problem, and file the request from Partner Center. [`classify`](crate::classify)
//! says which branch a case is on; this module supplies what each branch needs on screen:
//!
//! - [`categories`]: the five kinds of problem Microsoft fixes, explained;
//! - [`troubleshoot`]: the admin checks worth doing first, picked for the service and the symptom;
//! - [`handoff`]: how to file from Partner Center, who may, and the reminders that matter;
//! - [`request`]: the ready-to-paste service request;
//! - [`customer_message`]: what to tell the customer when Microsoft already knows, or when the
//!   partner fixed it;
//! - [`decision`]: the one record of where the flow goes, from the verdict and the engineer's
//!   decisions, which every view reads;
//! - [`outputs`]: all of the above rendered for a case, in the engine's worker.
//!
//! Everything is plain data: texts come in English and Japanese side by side ([`Bilingual`]), links
//! are named by a stable id ([`LinkRef::Id`]) that the app turns into a URL for the customer's
//! tenant, or are plain documentation URLs ([`LinkRef::Url`]).

pub mod categories;
pub mod customer_message;
pub mod decision;
pub mod handoff;
pub mod outputs;
pub mod request;
pub mod troubleshoot;
pub mod workload;

use std::cell::RefCell;
use std::collections::BTreeSet;

use serde::{Deserialize, Deserializer, Serialize};

use crate::case::Lang;
use crate::verdict::{Bilingual, Product};

pub use categories::{categories, category, official_source_url, Category};
pub use customer_message::{
    fill_template, known_issue_message, partner_fix_summary, CustomerMessage, KnownIssueNotice,
    PartnerFixReport,
};
pub use decision::{decide, Choice, Decision, Decisions, FixOutcome, HealthOutcome, Inputs};
pub use handoff::{handoff, HandOff, HandOffStep};
pub use outputs::Outputs;
pub use request::{RequestField, RequestInput, RequestSeverity, ServiceRequest};
pub use troubleshoot::{checked_titles, checklist, CheckItem};
pub use workload::{workloads, Workload};

/// A link shown next to a step or a check.
///
/// Portal links depend on the customer's tenant, so they are named by id and built by the app
/// (`links.rs`); documentation pages are the same for everyone and carried as URLs. JSON:
/// `{"id": "entra_admin"}` or `{"url": "https://…"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRef {
    Id(#[serde(deserialize_with = "interned")] Interned),
    Url(#[serde(deserialize_with = "interned")] Interned),
}

/// `&'static str` under another name, so that serde's derive does not take it for a string
/// borrowed from the input (which would tie every reader to `'static` input).
pub(crate) type Interned = &'static str;

/// Reads back, as `'static`, a name that comes from one of this module's fixed tables (a check id,
/// a link id, a documentation URL) when a checklist crosses from the engine's worker to the app.
/// Only table entries cross, so each distinct name is allocated once and kept: a few dozen strings
/// for the life of the page.
pub(crate) fn interned<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<&'static str, D::Error> {
    thread_local! {
        static NAMES: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
    }
    let name = String::deserialize(deserializer)?;
    Ok(NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(&known) = names.get(name.as_str()) {
            return known;
        }
        let kept: &'static str = Box::leak(name.into_boxed_str());
        names.insert(kept);
        kept
    }))
}

/// Microsoft Learn pages are carried in their en-us form; the same path exists for ja-jp.
const LEARN_EN: &str = "https://learn.microsoft.com/en-us/";
const LEARN_JA: &str = "https://learn.microsoft.com/ja-jp/";

impl LinkRef {
    /// The URL of a [`LinkRef::Url`], in `lang` when it is a Microsoft Learn page (a Japanese
    /// engineer should land on the Japanese page). `None` for ids: only the app can build those.
    pub fn url(self, lang: Lang) -> Option<String> {
        match self {
            LinkRef::Id(_) => None,
            LinkRef::Url(url) => Some(match (lang, url.strip_prefix(LEARN_EN)) {
                (Lang::Ja, Some(path)) => format!("{LEARN_JA}{path}"),
                _ => url.to_string(),
            }),
        }
    }
}

/// How Partner Center names the product under New request. Product names are not translated.
pub fn product_name(product: Product) -> &'static str {
    match product {
        Product::Microsoft365 => "Microsoft 365",
        Product::Azure => "Azure",
        Product::Dynamics365 => "Dynamics 365",
    }
}

/// A constant English–Japanese pair: the tables of this module are written with it, and it becomes
/// a [`Bilingual`] only when handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Text {
    pub en: &'static str,
    pub ja: &'static str,
}

pub(crate) const fn t(en: &'static str, ja: &'static str) -> Text {
    Text { en, ja }
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }

    pub fn bilingual(self) -> Bilingual {
        Bilingual::new(self.en, self.ja)
    }
}

pub(crate) const NOT_STATED: Text = t("Not stated", "記載なし");
pub(crate) const NONE_RECORDED: Text = t("None recorded", "記録なし");

/// A section label: `Scope:` in English, `【影響範囲】` in Japanese, the way Japanese plain-text
/// reports mark their sections.
pub(crate) fn heading(lang: Lang, label: Text) -> String {
    match lang {
        Lang::En => format!("{}:", label.en),
        Lang::Ja => format!("【{}】", label.ja),
    }
}

/// A labelled one-line value.
pub(crate) fn line(lang: Lang, label: Text, value: &str) -> String {
    match lang {
        Lang::En => format!("{} {value}", heading(lang, label)),
        Lang::Ja => format!("{}{value}", heading(lang, label)),
    }
}

/// Words that reveal something about a case, matched leniently in lowercased text.
///
/// A keyword matches a whole word when it is ASCII (so `vm` does not fire inside `vmware`), and
/// anywhere when it is Japanese, which has no spaces. A trailing `*` makes an ASCII keyword a
/// prefix: `mail*` matches `mailbox`, `aadsts*` matches `aadsts53003`. `except` phrases are blanked
/// out first, so that `azure ad` does not count as Azure or `ライセンス認証` as a sign-in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Matcher {
    pub keywords: &'static [&'static str],
    pub except: &'static [&'static str],
}

impl Matcher {
    /// The byte offset of the earliest keyword in `text` (already normalised), if any.
    pub fn first(&self, text: &str) -> Option<usize> {
        let mut blanked;
        let text = if self.except.iter().any(|e| text.contains(e)) {
            blanked = text.to_string();
            for e in self.except {
                blanked = blanked.replace(e, &" ".repeat(e.len()));
            }
            blanked.as_str()
        } else {
            text
        };
        self.keywords.iter().filter_map(|k| find(text, k)).min()
    }

    pub fn matches(&self, text: &str) -> bool {
        self.first(text).is_some()
    }
}

/// Where `keyword` first occurs in `text` under [`Matcher`]'s rules.
fn find(text: &str, keyword: &str) -> Option<usize> {
    let (word, prefix) = match keyword.strip_suffix('*') {
        Some(w) => (w, true),
        None => (keyword, false),
    };
    if word.is_empty() {
        return None;
    }
    let ascii = word.is_ascii();
    // Only ASCII letters and digits glue words together; Japanese next to a Latin word is an edge.
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
    text.match_indices(word)
        .find(|(at, _)| {
            !ascii
                || (edge(text[..*at].chars().next_back())
                    && (prefix || edge(text[at + word.len()..].chars().next())))
        })
        .map(|(at, _)| at)
}

/// The case text as the matchers read it: lowercased, full-width Latin folded, spaces collapsed.
pub(crate) fn normalize(text: &str) -> String {
    crate::features::normalize(text).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_whole_words_prefixes_and_japanese() {
        let m = Matcher {
            keywords: &["vm", "mail*", "メール"],
            except: &[],
        };
        assert!(m.matches("the vm is down"));
        assert!(!m.matches("vmware tools"));
        assert!(m.matches("shared mailbox"));
        assert!(!m.matches("email"));
        assert!(m.matches("社外へのメールが届かない"));
        assert_eq!(m.first("x mailbox vm"), Some(2));
    }

    #[test]
    fn except_phrases_are_ignored() {
        let m = Matcher {
            keywords: &["azure"],
            except: &["azure ad"],
        };
        assert!(!m.matches("azure ad sign-in fails"));
        assert!(m.matches("azure ad sign-in fails on the azure vm"));
    }

    #[test]
    fn learn_links_follow_the_language() {
        let link =
            LinkRef::Url("https://learn.microsoft.com/en-us/partner-center/customer-support");
        assert_eq!(
            link.url(Lang::Ja).as_deref(),
            Some("https://learn.microsoft.com/ja-jp/partner-center/customer-support")
        );
        assert_eq!(
            LinkRef::Url("https://connectivity.office.com")
                .url(Lang::Ja)
                .as_deref(),
            Some("https://connectivity.office.com")
        );
        assert_eq!(
            LinkRef::Id(crate::links::ids::ENTRA_ADMIN_CENTER).url(Lang::En),
            None
        );
    }
}
