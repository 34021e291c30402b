//! Service health: Microsoft Graph `serviceHealthIssue` documents, parsed leniently, and matched
//! against a case's description (the seed's first step: look for an existing, documented problem).
//!
//! - [`parse_document`] reads what an engineer pastes: a Graph `…/serviceAnnouncement/issues`
//!   response, a `healthOverviews?$expand=issues` response, a bare array or one issue; or text
//!   copied from the admin center's Service health page, a service-health e-mail or a chat
//!   quote (`text.rs`).
//! - [`to_graph_document`] writes issues back as Graph JSON, compactly.
//! - [`issues_from_values`] reads a case's `service_health` array with the same per-issue code.
//! - [`match_issues`] scores each issue against the description through shared bilingual
//!   concepts ([`concepts`]), so a Japanese description can match an English issue.
//!
//! Graph documents its enums in camelCase but its own examples use PascalCase, so every enum is
//! read without regard to case and unknown values are kept, never rejected: a new status from
//! Microsoft must not make the whole paste fail.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub mod bench;
mod concepts;
mod graph;
mod html;
mod json;
mod matching;
mod parse;
mod text;

pub use concepts::{concepts, symptoms_and_objects, word_family, ConceptKind};
pub use graph::{issue_to_graph, to_graph_document, GraphIssue};
pub use html::html_to_text;
pub(crate) use matching::claims_posted;
pub use matching::{match_issues, match_issues_with, Matcher, QUOTED_ID};
pub(crate) use matching::{rank_read_text, Ranked};
pub use parse::{issues_from_values, parse_document, ParseError};

/// `classification` of an issue. Unknown values are kept, not rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Classification {
    Advisory,
    Incident,
    Unknown(String),
}

impl Classification {
    /// Reads a Graph value in any case (`incident`, `Incident`, `INCIDENT`).
    pub fn parse(value: &str) -> Classification {
        if same(value, "advisory") {
            Classification::Advisory
        } else if same(value, "incident") {
            Classification::Incident
        } else {
            Classification::Unknown(value.to_string())
        }
    }

    /// The camelCase Graph value, or the original text of an unknown one.
    pub fn as_str(&self) -> &str {
        match self {
            Classification::Advisory => "advisory",
            Classification::Incident => "incident",
            Classification::Unknown(s) => s,
        }
    }
}

/// Graph `serviceHealthStatus`, every documented value (reserved ones included) plus `Unknown`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    ServiceOperational,
    Investigating,
    RestoringService,
    VerifyingService,
    ServiceRestored,
    PostIncidentReviewPublished,
    ServiceDegradation,
    ServiceInterruption,
    ExtendedRecovery,
    FalsePositive,
    InvestigationSuspended,
    Resolved,
    MitigatedExternal,
    Mitigated,
    ResolvedExternal,
    Confirmed,
    Reported,
    UnknownFutureValue,
    /// A value this build does not know, kept as written.
    Unknown(String),
}

impl Status {
    const KNOWN: [(Status, &'static str, &'static str); 18] = [
        (
            Status::ServiceOperational,
            "serviceOperational",
            "Service operational",
        ),
        (Status::Investigating, "investigating", "Investigating"),
        (
            Status::RestoringService,
            "restoringService",
            "Restoring service",
        ),
        (
            Status::VerifyingService,
            "verifyingService",
            "Verifying service",
        ),
        (
            Status::ServiceRestored,
            "serviceRestored",
            "Service restored",
        ),
        (
            Status::PostIncidentReviewPublished,
            "postIncidentReviewPublished",
            "Post-incident report published",
        ),
        (
            Status::ServiceDegradation,
            "serviceDegradation",
            "Service degradation",
        ),
        (
            Status::ServiceInterruption,
            "serviceInterruption",
            "Service interruption",
        ),
        (
            Status::ExtendedRecovery,
            "extendedRecovery",
            "Extended recovery",
        ),
        (Status::FalsePositive, "falsePositive", "False positive"),
        (
            Status::InvestigationSuspended,
            "investigationSuspended",
            "Investigation suspended",
        ),
        (Status::Resolved, "resolved", "Resolved"),
        (
            Status::MitigatedExternal,
            "mitigatedExternal",
            "Mitigated (external)",
        ),
        (Status::Mitigated, "mitigated", "Mitigated"),
        (
            Status::ResolvedExternal,
            "resolvedExternal",
            "Resolved (external)",
        ),
        (Status::Confirmed, "confirmed", "Confirmed"),
        (Status::Reported, "reported", "Reported"),
        (Status::UnknownFutureValue, "unknownFutureValue", "Unknown"),
    ];

    /// Reads a Graph value in any case. The retired Service Communications API spelled the
    /// post-incident status `PostIncidentReportPublished`; it is read as the Graph value.
    pub fn parse(value: &str) -> Status {
        if same(value, "postIncidentReportPublished") {
            return Status::PostIncidentReviewPublished;
        }
        Status::KNOWN
            .iter()
            .find(|(_, name, _)| same(value, name))
            .map(|(s, _, _)| s.clone())
            .unwrap_or_else(|| Status::Unknown(value.to_string()))
    }

    /// The camelCase Graph value, or the original text of an unknown one.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Unknown(s) => s,
            known => Status::KNOWN
                .iter()
                .find(|(s, _, _)| s == known)
                .map_or("", |(_, name, _)| name),
        }
    }

    /// The English label the Microsoft 365 admin center shows.
    pub fn label(&self) -> &str {
        match self {
            Status::Unknown(s) => s,
            known => Status::KNOWN
                .iter()
                .find(|(s, _, _)| s == known)
                .map_or("", |(_, _, label)| label),
        }
    }

    /// Whether Microsoft is still working on the issue. Restored, resolved, mitigated, false
    /// positives and published post-incident reviews are over; an unknown value counts as active,
    /// because hiding a live incident costs more than showing a finished one.
    pub fn is_active(&self) -> bool {
        !matches!(
            self,
            Status::ServiceOperational
                | Status::ServiceRestored
                | Status::PostIncidentReviewPublished
                | Status::FalsePositive
                | Status::Resolved
                | Status::ResolvedExternal
                | Status::Mitigated
                | Status::MitigatedExternal
        )
    }
}

/// As the Graph string, so that a serialized [`HealthIssue`] reads back the same (the app puts
/// parsed issues into a case's `service_health`).
impl Serialize for Classification {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Read leniently, as the parser reads a document: any case, unknown values kept.
impl<'de> Deserialize<'de> for Classification {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| Classification::parse(&s))
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| Status::parse(&s))
    }
}

/// Graph `serviceHealthOrigin`: whose side the cause is on. `Customer` issues are ones the
/// customer's own tenant must act on, which matters for routing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Microsoft,
    ThirdParty,
    Customer,
    Unknown(String),
}

impl Origin {
    /// Reads a Graph value in any case.
    pub fn parse(value: &str) -> Origin {
        [
            (Origin::Microsoft, "microsoft"),
            (Origin::ThirdParty, "thirdParty"),
            (Origin::Customer, "customer"),
        ]
        .into_iter()
        .find(|(_, name)| same(value, name))
        .map_or_else(|| Origin::Unknown(value.to_string()), |(o, _)| o)
    }

    /// The camelCase Graph value, or the original text of an unknown one.
    pub fn as_str(&self) -> &str {
        match self {
            Origin::Microsoft => "microsoft",
            Origin::ThirdParty => "thirdParty",
            Origin::Customer => "customer",
            Origin::Unknown(s) => s,
        }
    }
}

impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Whether a Graph enum value names `name`, ignoring case, `_`, `-` and spaces, so that
/// `Service_Degradation` and `SERVICEDEGRADATION` read like `serviceDegradation`. Compared in
/// place: thousands of issues are parsed at once.
fn same(value: &str, name: &str) -> bool {
    let mut value = value
        .bytes()
        .filter(|b| !matches!(b, b'_' | b'-' | b' '))
        .map(|b| b.to_ascii_lowercase());
    let mut name = name.bytes().map(|b| b.to_ascii_lowercase());
    loop {
        match (value.next(), name.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// One Microsoft Graph v1.0 `serviceHealthIssue`, reduced to what triage needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthIssue {
    pub id: String,
    pub title: String,
    pub impact_description: String,
    pub classification: Classification,
    /// The `status` value as given (any case); see [`HealthIssue::is_active`] and `status_kind`.
    pub status: String,
    /// `status`, read.
    pub status_kind: Status,
    pub origin: Origin,
    pub service: String,
    pub feature: String,
    pub feature_group: String,
    /// `isResolved`, or, when the document leaves it out, whether the status is a finished one.
    pub is_resolved: bool,
    pub start_date_time: Option<String>,
    pub end_date_time: Option<String>,
    pub last_modified_date_time: Option<String>,
    /// The latest post's body as given. Reducing HTML to text is the slowest part of reading a
    /// large document and matching rarely needs the post, so it is done on demand:
    /// [`HealthIssue::latest_post_text`]. Serialized as `latestPost`, already reduced, which the
    /// parser reads back when there are no `posts`.
    #[serde(rename = "latestPost", serialize_with = "serialize_post")]
    pub latest_post: Option<PostBody>,
}

/// A post's `description`: its content and whether that content is HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct PostBody {
    pub content: String,
    pub html: bool,
}

impl PostBody {
    /// The body as plain text (see [`html_to_text`]).
    pub fn text(&self) -> String {
        if self.html {
            html_to_text(&self.content)
        } else {
            html::plain_to_text(&self.content)
        }
    }
}

fn serialize_post<S: serde::Serializer>(post: &Option<PostBody>, s: S) -> Result<S::Ok, S::Error> {
    post.as_ref().map(PostBody::text).serialize(s)
}

impl HealthIssue {
    /// The latest post as plain text, if there is one with any text.
    pub fn latest_post_text(&self) -> Option<String> {
        self.latest_post
            .as_ref()
            .map(PostBody::text)
            .filter(|text| !text.is_empty())
    }

    /// Whether the issue is still open: not marked resolved and not in a finished status.
    pub fn is_active(&self) -> bool {
        !self.is_resolved && self.status_kind.is_active()
    }
}

/// A skipped or doubtful part of a service-health document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParseWarning {
    /// Where: a JSON path such as `$.value[3]`.
    pub path: String,
    pub message: String,
}

/// What a document held: the usable issues and what was skipped.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Parsed {
    pub issues: Vec<HealthIssue>,
    pub warnings: Vec<ParseWarning>,
    /// Service display names from a `healthOverviews` response, in document order, for the app's
    /// service list. Empty for an issues-only document.
    pub services: Vec<String>,
    /// The document says it is demo data (`"@escalationTriage.sample": true` at the top), so the
    /// app can badge it even when it was pasted rather than loaded from the sample button.
    pub sample: bool,
    /// The issues were read from text a person copied (the admin center, an e-mail, a chat)
    /// rather than from Graph JSON, so the app shows them for confirmation before using them.
    pub from_text: bool,
}

/// How well one issue explains a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueMatch {
    pub issue_id: String,
    pub title: String,
    /// 0..1; at or above [`MATCH_THRESHOLD`] the issue explains the case. A finished issue's
    /// score is already reduced.
    pub score: f32,
    pub is_match: bool,
    /// Shared concepts (e.g. `mail`, `receive`) that the case and the issue both mention, most
    /// telling first.
    pub shared_terms: Vec<String>,
}

pub const MATCH_THRESHOLD: f32 = 0.5;
