//! Issues written back as Microsoft Graph JSON: what `triage read-health` prints, and the compact
//! document the app keeps (on this device and in a case) instead of what was pasted.
//!
//! The compact document holds only what triage reads: each issue's fields and its latest post as
//! plain text. A Graph export's post history, in HTML, is most of its size, so a feed of several
//! megabytes usually keeps in a fraction of that; [`parse_document`](super::parse_document)
//! reads it back to the same issues. Written through derived `Serialize` (not `serde_json::Value`),
//! which keeps the engine's worker small.

use serde::Serialize;

use super::{Classification, HealthIssue, Origin, Parsed};

/// A Graph v1.0 `serviceHealthIssue`, the properties triage uses; empty text is `null`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphIssue<'a> {
    id: &'a str,
    title: &'a str,
    impact_description: Option<&'a str>,
    classification: Option<&'a str>,
    origin: Option<&'a str>,
    status: Option<&'a str>,
    service: Option<&'a str>,
    feature: Option<&'a str>,
    feature_group: Option<&'a str>,
    is_resolved: bool,
    start_date_time: Option<&'a str>,
    end_date_time: Option<&'a str>,
    last_modified_date_time: Option<&'a str>,
    posts: Vec<GraphPost>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GraphPost {
    post_type: &'static str,
    description: GraphBody,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GraphBody {
    content_type: &'static str,
    content: String,
}

fn text(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// One issue as a Graph v1.0 `serviceHealthIssue`: enums as Graph's camelCase values, the latest
/// post as a `text` post, fields the source did not give as `null`.
pub fn issue_to_graph(issue: &HealthIssue) -> GraphIssue<'_> {
    let classification = match &issue.classification {
        Classification::Unknown(s) => s.as_str(),
        known => known.as_str(),
    };
    let origin = match &issue.origin {
        Origin::Unknown(s) => s.as_str(),
        known => known.as_str(),
    };
    let status = match issue.status_kind.as_str() {
        "" => issue.status.as_str(),
        known => known,
    };
    GraphIssue {
        id: &issue.id,
        title: &issue.title,
        impact_description: text(&issue.impact_description),
        classification: text(classification),
        origin: text(origin),
        status: text(status),
        service: text(&issue.service),
        feature: text(&issue.feature),
        feature_group: text(&issue.feature_group),
        is_resolved: issue.is_resolved,
        start_date_time: issue.start_date_time.as_deref(),
        end_date_time: issue.end_date_time.as_deref(),
        last_modified_date_time: issue.last_modified_date_time.as_deref(),
        posts: issue
            .latest_post_text()
            .map(|content| GraphPost {
                post_type: "regular",
                description: GraphBody {
                    content_type: "text",
                    content,
                },
            })
            .into_iter()
            .collect(),
    }
}

/// A `healthOverviews` item without issues: keeps a service name the document listed.
#[derive(Serialize)]
struct Overview<'a> {
    service: &'a str,
    issues: [(); 0],
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Overview(Overview<'a>),
    Issue(Box<GraphIssue<'a>>),
}

#[derive(Serialize)]
struct Document<'a> {
    #[serde(
        rename = "@escalationTriage.sample",
        skip_serializing_if = "std::ops::Not::not"
    )]
    sample: bool,
    value: Vec<Item<'a>>,
}

/// The issues as one Graph-shaped document, `{"value": [...]}`, that reads back to the same
/// issues, the service names of a `healthOverviews` document and the sample marker included.
pub fn to_graph_document(parsed: &Parsed) -> String {
    let services = parsed.services.iter().map(|service| {
        Item::Overview(Overview {
            service,
            issues: [],
        })
    });
    let issues = parsed
        .issues
        .iter()
        .map(|i| Item::Issue(Box::new(issue_to_graph(i))));
    serde_json::to_string(&Document {
        sample: parsed.sample,
        value: services.chain(issues).collect(),
    })
    .unwrap_or_default()
}
