//! The output: which way a case goes, how sure the engine is, and why.
//!
//! [`Verdict`] is the public JSON contract shared by the web app and the `triage` batch command.
//! Field names and enum ids are snake_case and stable; every human-readable text comes in English
//! and Japanese side by side (`text_en`, `text_ja`), and `lang` says which one to show.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::case::Lang;

/// The seven routes. The ids are part of the public JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    KnownIssue,
    PartnerFix,
    EscalateUndocumented,
    EscalateUnavailable,
    EscalateBug,
    EscalateNetwork,
    EscalateRegional,
}

impl Route {
    pub const ALL: [Route; 7] = [
        Route::KnownIssue,
        Route::PartnerFix,
        Route::EscalateUndocumented,
        Route::EscalateUnavailable,
        Route::EscalateBug,
        Route::EscalateNetwork,
        Route::EscalateRegional,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Route::KnownIssue => "known_issue",
            Route::PartnerFix => "partner_fix",
            Route::EscalateUndocumented => "escalate_undocumented",
            Route::EscalateUnavailable => "escalate_unavailable",
            Route::EscalateBug => "escalate_bug",
            Route::EscalateNetwork => "escalate_network",
            Route::EscalateRegional => "escalate_regional",
        }
    }

    pub fn from_id(id: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|r| r.id() == id)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// True for the five routes that hand the problem to Microsoft.
    pub fn is_escalation(self) -> bool {
        !matches!(self, Route::KnownIssue | Route::PartnerFix)
    }

    /// The seed rule a route stands for: every route is one branch of Microsoft's guidance.
    pub fn seed_rule(self) -> SeedRule {
        match self {
            Route::KnownIssue => SeedRule::CheckServiceHealth,
            Route::PartnerFix => SeedRule::FixWithAdminPrivileges,
            Route::EscalateUndocumented => SeedRule::Undocumented,
            Route::EscalateUnavailable => SeedRule::Unavailable,
            Route::EscalateBug => SeedRule::Bug,
            Route::EscalateNetwork => SeedRule::NetworkDisruption,
            Route::EscalateRegional => SeedRule::RegionalMultiTenant,
        }
    }

    /// A short name for people, in either language.
    pub fn name(self) -> Bilingual {
        let (en, ja) = match self {
            Route::KnownIssue => ("a known, posted issue", "公開済みの既知の問題"),
            Route::PartnerFix => ("fixable by the partner", "パートナーで解決可能"),
            Route::EscalateUndocumented => (
                "escalate: undocumented behaviour",
                "エスカレート: 文書化されていない動作",
            ),
            Route::EscalateUnavailable => (
                "escalate: service unavailable",
                "エスカレート: サービス利用不可",
            ),
            Route::EscalateBug => ("escalate: bug", "エスカレート: バグ"),
            Route::EscalateNetwork => (
                "escalate: network disruption",
                "エスカレート: ネットワークの中断",
            ),
            Route::EscalateRegional => (
                "escalate: regional multi-tenant issue",
                "エスカレート: マルチテナントに影響する地域の問題",
            ),
        };
        Bilingual::new(en, ja)
    }
}

/// Confidence shown to people instead of a raw number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    High,
    Medium,
    Low,
}

impl Band {
    /// High at 0.75 and above, medium at 0.5 and above, low below.
    pub fn from_confidence(confidence: f32) -> Band {
        if confidence >= 0.75 {
            Band::High
        } else if confidence >= 0.5 {
            Band::Medium
        } else {
            Band::Low
        }
    }
}

/// The same message in both languages the tool speaks. Flattened into its parent in JSON, so a
/// reason reads `{"basis": …, "rule": …, "text_en": "…", "text_ja": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    pub text_en: String,
    pub text_ja: String,
}

impl Bilingual {
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Bilingual {
        Bilingual {
            text_en: en.into(),
            text_ja: ja.into(),
        }
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.text_en,
            Lang::Ja => &self.text_ja,
        }
    }
}

/// The sentence of Microsoft's guidance ("Escalate problems to Microsoft", Partner Center) that a
/// reason applies. The doc comment of each variant quotes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeedRule {
    /// "Your first steps should be to check service health for existing, documented problems."
    CheckServiceHealth,
    /// "If that doesn't address the customer issue, then you can use your admin privileges to
    /// troubleshoot the software, settings, and configuration."
    FixWithAdminPrivileges,
    /// Hand off to Microsoft: "Undocumented problems with services that aren't operating according
    /// to service descriptions."
    Undocumented,
    /// Hand off to Microsoft: "Unavailable services".
    Unavailable,
    /// Hand off to Microsoft: "Bugs and other irregularities that affect service appearance or
    /// operation".
    Bug,
    /// Hand off to Microsoft: "Large-scale network disruptions".
    NetworkDisruption,
    /// Hand off to Microsoft: "Regional issues with multi-tenant impact".
    RegionalMultiTenant,
}

/// What a reason rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "BasisFields")]
pub enum Basis {
    /// Words of the case text that pushed the model most towards the route (quoted from the input).
    Phrase { text: String },
    /// A fact the engineer gave (`scope`, `region`, `health_checked`, `troubleshooting_done`).
    Fact { name: String, value: String },
    /// A service-health issue that matches the case.
    Issue { id: String, title: String },
    /// Service health was checked (or given) and no issue matches the case.
    NoMatchingIssue,
}

/// One reason for the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ReasonFields")]
pub struct Reason {
    pub basis: Basis,
    pub rule: SeedRule,
    #[serde(flatten)]
    pub text: Bilingual,
}

/// One thing the engineer does now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Step {
    pub text: Bilingual,
}

/// Partner Center's break-fix severity levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// Critical: significant loss or degradation of services; production services down (2 h).
    A,
    /// Moderate: moderate loss or degradation; production services partially affected (4 h).
    B,
    /// Minimal: services still available, or non-production services affected (8 h).
    C,
}

impl Severity {
    /// The impact word Partner Center's API uses for the level.
    pub fn impact(self) -> &'static str {
        match self {
            Severity::A => "critical",
            Severity::B => "moderate",
            Severity::C => "minimal",
        }
    }
}

/// The severity to pick when filing the service request, and why (escalations only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "SeverityFields")]
pub struct SeveritySuggestion {
    pub level: Severity,
    /// `critical`, `moderate` or `minimal`, as Partner Center's `ServiceRequest.Severity` spells it.
    pub impact: String,
    #[serde(flatten)]
    pub text: Bilingual,
}

/// The product to choose under Service requests > New request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Product {
    #[serde(rename = "microsoft_365")]
    Microsoft365,
    #[serde(rename = "azure")]
    Azure,
    #[serde(rename = "dynamics_365")]
    Dynamics365,
}

/// Something that limits how far the verdict can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// Too few words to judge from the text.
    TextTooShort,
    /// Only the beginning of a very long text was read.
    TextTruncated,
    /// Neither English nor Japanese was recognised and `lang` was not given.
    LanguageNotRecognised,
    /// A service-health entry could not be read and was skipped.
    HealthEntrySkipped,
    /// The facts contradict each other or the text.
    ConflictingFacts,
    /// The shipped model could not be loaded; only the rules judged.
    ModelUnavailable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "WarningFields")]
pub struct Warning {
    pub code: WarningCode,
    #[serde(flatten)]
    pub text: Bilingual,
}

// Reading a flattened field or an internally tagged enum makes serde buffer the whole object
// first, which is slow and, in the app's wasm (the worker sends verdicts as JSON), large. These
// read the same JSON field by field.

#[derive(Deserialize)]
struct BasisFields {
    kind: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
}

impl TryFrom<BasisFields> for Basis {
    type Error = String;

    fn try_from(f: BasisFields) -> Result<Basis, String> {
        Ok(match f.kind.as_str() {
            "phrase" => Basis::Phrase { text: f.text },
            "fact" => Basis::Fact {
                name: f.name,
                value: f.value,
            },
            "issue" => Basis::Issue {
                id: f.id,
                title: f.title,
            },
            "no_matching_issue" => Basis::NoMatchingIssue,
            other => return Err(format!("unknown kind of reason: {other}")),
        })
    }
}

#[derive(Deserialize)]
struct ReasonFields {
    basis: Basis,
    rule: SeedRule,
    text_en: String,
    text_ja: String,
}

impl From<ReasonFields> for Reason {
    fn from(f: ReasonFields) -> Reason {
        Reason {
            basis: f.basis,
            rule: f.rule,
            text: Bilingual::new(f.text_en, f.text_ja),
        }
    }
}

#[derive(Deserialize)]
struct SeverityFields {
    level: Severity,
    impact: String,
    text_en: String,
    text_ja: String,
}

impl From<SeverityFields> for SeveritySuggestion {
    fn from(f: SeverityFields) -> SeveritySuggestion {
        SeveritySuggestion {
            level: f.level,
            impact: f.impact,
            text: Bilingual::new(f.text_en, f.text_ja),
        }
    }
}

#[derive(Deserialize)]
struct WarningFields {
    code: WarningCode,
    text_en: String,
    text_ja: String,
}

impl From<WarningFields> for Warning {
    fn from(f: WarningFields) -> Warning {
        Warning {
            code: f.code,
            text: Bilingual::new(f.text_en, f.text_ja),
        }
    }
}

/// A route that came close to the verdict's, with its probability.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub route: Route,
    pub score: f32,
}

/// One answer to the verdict's question: the fact it sets on the case (`{"symptom": "slow"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "AnswerFields")]
pub struct Answer {
    /// The name of the fact in `Case::facts` (`symptom`, `scope`, …).
    pub fact: String,
    /// The value to set, as the JSON contract spells it (`slow`, `multiple_tenants`, `true`).
    pub value: String,
    #[serde(flatten)]
    pub text: Bilingual,
}

/// The one question that separates the verdict's route from its closest alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "QuestionFields")]
pub struct Question {
    /// A stable id, e.g. `outage_or_slow`.
    pub id: String,
    #[serde(flatten)]
    pub text: Bilingual,
    pub answers: Vec<Answer>,
}

#[derive(Deserialize)]
struct AnswerFields {
    fact: String,
    value: String,
    text_en: String,
    text_ja: String,
}

impl From<AnswerFields> for Answer {
    fn from(f: AnswerFields) -> Answer {
        Answer {
            fact: f.fact,
            value: f.value,
            text: Bilingual::new(f.text_en, f.text_ja),
        }
    }
}

#[derive(Deserialize)]
struct QuestionFields {
    id: String,
    text_en: String,
    text_ja: String,
    answers: Vec<Answer>,
}

impl From<QuestionFields> for Question {
    fn from(f: QuestionFields) -> Question {
        Question {
            id: f.id,
            text: Bilingual::new(f.text_en, f.text_ja),
            answers: f.answers,
        }
    }
}

/// The engine's answer for one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The case's id, echoed.
    pub id: Option<String>,
    pub route: Route,
    /// The probability of `route`, 0..1.
    pub confidence: f32,
    pub band: Band,
    /// The probability of every route (they sum to about 1), keyed by route id.
    pub scores: BTreeMap<Route, f32>,
    /// The id of the service-health issue that explains the case, if one does.
    pub matched_issue: Option<String>,
    /// How well that issue matched, 0..1.
    pub match_score: Option<f32>,
    pub reasons: Vec<Reason>,
    pub next_steps: Vec<Step>,
    /// Escalations only.
    pub severity: Option<SeveritySuggestion>,
    /// Escalations only.
    pub product: Option<Product>,
    /// The language to answer in: the case's `lang`, else the detected one, else English.
    pub lang: Lang,
    pub warnings: Vec<Warning>,
    /// Routes that came close to `route`, closest first (empty when the verdict is clear).
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
    /// When an alternative is close: the question whose answer separates the two.
    #[serde(default)]
    pub question: Option<Question>,
}
