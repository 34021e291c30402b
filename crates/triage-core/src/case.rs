//! The input: what the triage form collects about a customer's problem.

use serde::{Deserialize, Serialize};

/// The language a text is written in, and the language the tool answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 tag, as used in `lang` attributes and in the JSON contract.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Reads a language tag leniently: `ja`, `ja-JP`, `JA` and `en-GB` are all understood.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ja" | "jp" => Some(Lang::Ja),
            _ => None,
        }
    }
}

/// Who is affected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    SingleUser,
    SomeUsers,
    WholeTenant,
    MultipleTenants,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::SingleUser,
        Scope::SomeUsers,
        Scope::WholeTenant,
        Scope::MultipleTenants,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Scope::SingleUser => "single_user",
            Scope::SomeUsers => "some_users",
            Scope::WholeTenant => "whole_tenant",
            Scope::MultipleTenants => "multiple_tenants",
        }
    }

    pub fn from_id(id: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// What the problem looks like, in the engineer's own judgement: each kind stands for one route
/// other than "known issue", so a question that separates two routes is answered with one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Symptom {
    /// A setting, licence, client or change on the customer's side, or one user's problem.
    Local,
    /// The service does not behave as its documentation or service description says.
    Undocumented,
    /// The service is down or refuses everyone: errors, no sign-in, 5xx everywhere.
    Outage,
    /// The service works but shows or does something wrong: a regression, wrong data.
    Wrong,
    /// Slow, timing out, dropping connections or failing to resolve names.
    Slow,
    /// One region or datacenter is failing: power, cooling, storage, the platform.
    RegionDown,
}

impl Symptom {
    pub const ALL: [Symptom; 6] = [
        Symptom::Local,
        Symptom::Undocumented,
        Symptom::Outage,
        Symptom::Wrong,
        Symptom::Slow,
        Symptom::RegionDown,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Symptom::Local => "local",
            Symptom::Undocumented => "undocumented",
            Symptom::Outage => "outage",
            Symptom::Wrong => "wrong",
            Symptom::Slow => "slow",
            Symptom::RegionDown => "region_down",
        }
    }

    pub fn from_id(id: &str) -> Option<Symptom> {
        Symptom::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// What the engineer knows for certain, beside the free text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Facts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_checked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub troubleshooting_done: Option<bool>,
    /// What the problem looks like, when the engineer has said (for example by answering the
    /// verdict's question).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symptom: Option<Symptom>,
}

/// One customer problem, as the triage form or a line of the batch input gives it.
///
/// Every field but `text` is optional and unknown fields are ignored. `service_health` is kept as
/// raw JSON so that one malformed issue can be skipped with a warning instead of failing the case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Case {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    pub facts: Facts,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_health: Vec<serde_json::Value>,
}
