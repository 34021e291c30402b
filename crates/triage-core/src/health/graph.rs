//! Issues written back as Microsoft Graph JSON: what `triage read-health` prints, and the compact
//! document the app keeps (on this device and in a case) instead of what was pasted.
//!
//! The compact document holds only what triage reads: each issue's fields and its latest post as
//! plain text. A Graph export's post history, in HTML, is most of its size, so a feed of several
//! megabytes usually keeps in a fraction of that; [`parse_document`](super::parse_document)
//! reads it back to the same issues.

use serde_json::{json, Map, Value};

use super::{Classification, HealthIssue, Origin, Parsed};

/// One issue as a Graph v1.0 `serviceHealthIssue` (the properties triage uses). The latest post
/// is a `text` post; fields the source did not give are `null`.
pub fn issue_to_graph(issue: &HealthIssue) -> Value {
    let text = |s: &str| {
        if s.is_empty() {
            Value::Null
        } else {
            Value::String(s.to_string())
        }
    };
    let classification = match &issue.classification {
        Classification::Unknown(s) => text(s),
        known => text(known.as_str()),
    };
    let origin = match &issue.origin {
        Origin::Unknown(s) => text(s),
        known => text(known.as_str()),
    };
    let status = match issue.status_kind.as_str() {
        "" => text(&issue.status),
        known => text(known),
    };
    let posts: Vec<Value> = issue
        .latest_post_text()
        .map(|content| {
            json!({
                "postType": "regular",
                "description": {"contentType": "text", "content": content},
            })
        })
        .into_iter()
        .collect();
    json!({
        "id": issue.id,
        "title": issue.title,
        "impactDescription": text(&issue.impact_description),
        "classification": classification,
        "origin": origin,
        "status": status,
        "service": text(&issue.service),
        "feature": text(&issue.feature),
        "featureGroup": text(&issue.feature_group),
        "isResolved": issue.is_resolved,
        "startDateTime": issue.start_date_time,
        "endDateTime": issue.end_date_time,
        "lastModifiedDateTime": issue.last_modified_date_time,
        "posts": posts,
    })
}

/// The issues as one Graph-shaped document, `{"value": [...]}`, that reads back to the same
/// issues, the service names of a `healthOverviews` document and the sample marker included.
pub fn to_graph_document(parsed: &Parsed) -> String {
    let mut value: Vec<Value> = parsed
        .services
        .iter()
        .map(|service| json!({"service": service, "issues": []}))
        .collect();
    value.extend(parsed.issues.iter().map(issue_to_graph));
    let mut document = Map::new();
    if parsed.sample {
        document.insert("@escalationTriage.sample".into(), Value::Bool(true));
    }
    document.insert("value".into(), Value::Array(value));
    Value::Object(document).to_string()
}
