//! Synthetic service-health documents for timing parse + match on a large tenant history.
//!
//! Generated in code rather than committed: a 5,000-issue file is megabytes of noise in the
//! repository. The issues are plausible (real service names, Graph's field set, HTML posts in the
//! usual "Title / User impact / Current status" shape, mixed enum casing) so that the timing
//! reflects real work, but they are invented and deterministic for a given seed.

use serde_json::{json, Value};

/// (service, id prefix, feature, featureGroup, title, impact)
const TEMPLATES: [(&str, &str, &str, &str, &str, &str); 16] = [
    (
        "Exchange Online",
        "EX",
        "Mail flow",
        "E-Mail timely delivery",
        "Some users may experience delays receiving email from external senders",
        "Users may notice that inbound messages from outside the organization arrive late.",
    ),
    (
        "Exchange Online",
        "EX",
        "Outlook on the web",
        "Access",
        "Users may be unable to open attachments in Outlook on the web",
        "Attachments may fail to open or preview when users select them in Outlook on the web.",
    ),
    (
        "Exchange Online",
        "EX",
        "Management and Provisioning",
        "Admin",
        "Admins may see errors when editing mail flow rules in the Exchange admin center",
        "Admins may be unable to save changes to transport rules in the Exchange admin center.",
    ),
    (
        "Microsoft Teams",
        "TM",
        "Teams Components",
        "Meetings",
        "Users may be unable to join Microsoft Teams meetings from the desktop client",
        "Users attempting to join meetings may see a spinning icon and fail to connect.",
    ),
    (
        "Microsoft Teams",
        "TM",
        "Teams Components",
        "Chat",
        "Users may see delays when sending or receiving chat messages in Microsoft Teams",
        "Chat messages may take several minutes to appear for recipients.",
    ),
    (
        "Microsoft Teams",
        "TM",
        "Teams Components",
        "Presence",
        "Presence status may not update correctly for some Microsoft Teams users",
        "Users may appear offline or away while they are active.",
    ),
    (
        "SharePoint Online",
        "SP",
        "SharePoint Features",
        "Sites",
        "Users may be unable to access some SharePoint Online sites",
        "Users may receive an error when navigating to affected team sites.",
    ),
    (
        "SharePoint Online",
        "SP",
        "Search",
        "Search",
        "Search results in SharePoint Online may be incomplete or out of date",
        "Recently added documents may not appear in search results.",
    ),
    (
        "OneDrive for Business",
        "OD",
        "Sync",
        "Files",
        "Users may experience delays when syncing files with the OneDrive sync client",
        "Files changed on the device may take longer than expected to upload.",
    ),
    (
        "Microsoft Entra",
        "ID",
        "Sign-in",
        "Authentication",
        "Some users may be unable to sign in to Microsoft 365 services",
        "Users may receive an error when authenticating to multiple Microsoft 365 apps.",
    ),
    (
        "Microsoft Entra",
        "ID",
        "Self-service password reset",
        "Password management",
        "Users may be unable to complete self-service password reset",
        "Users may see an error after verifying their identity in the password reset flow.",
    ),
    (
        "Microsoft 365 suite",
        "MO",
        "Portal",
        "Microsoft 365 admin center",
        "Admins may see delays loading usage reports in the Microsoft 365 admin center",
        "Usage reports may take longer than usual to load or show stale data.",
    ),
    (
        "Microsoft Intune",
        "IT",
        "Device enrollment",
        "Devices",
        "Some devices may fail to enroll in Microsoft Intune",
        "New Windows devices may return an error during enrollment.",
    ),
    (
        "Power BI",
        "PB",
        "Dataset refresh",
        "Data",
        "Scheduled dataset refreshes in Power BI may fail",
        "Users may see refresh failures for datasets that use on-premises gateways.",
    ),
    (
        "Microsoft 365 apps",
        "OS",
        "Outlook",
        "Desktop client",
        "Outlook desktop may stop responding when opening shared calendars",
        "Users may see Outlook freeze when they open a calendar shared by a colleague.",
    ),
    (
        "Microsoft Purview",
        "PV",
        "Data loss prevention",
        "Policies",
        "DLP policy tips may not display in Outlook on the web",
        "Users may not see policy tips when composing messages that contain sensitive data.",
    ),
];

const STATUSES: [&str; 10] = [
    "investigating",
    "ServiceDegradation",
    "serviceInterruption",
    "restoringService",
    "ExtendedRecovery",
    "serviceRestored",
    "PostIncidentReviewPublished",
    "falsePositive",
    "verifyingService",
    "INVESTIGATIONSUSPENDED",
];

const STEPS: [&str; 4] = [
    "We're reviewing service telemetry to isolate the source of the problem.",
    "We've identified a recent configuration change that may be contributing to impact and are reverting it.",
    "Our fix is deploying to the affected infrastructure and we're monitoring as it saturates.",
    "We've confirmed that the deployed fix resolved impact in our internal testing environment.",
];

/// SplitMix64: tiny, deterministic, good enough to vary templates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A Graph list-issues response (`{"@odata.context", "value": [...]}`) with `n` invented issues.
pub fn synthetic_issues(n: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let value: Vec<Value> = (0..n).map(|i| issue(&mut rng, i)).collect();
    json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/issues",
        "value": value,
    })
    .to_string()
}

fn issue(rng: &mut Rng, i: usize) -> Value {
    let (service, prefix, feature, group, title, impact) = TEMPLATES[rng.below(TEMPLATES.len())];
    let status = STATUSES[rng.below(STATUSES.len())];
    let resolved = !super::Status::parse(status).is_active();
    let day = 1 + rng.below(28);
    let hour = rng.below(24);
    let start = format!(
        "2025-{:02}-{day:02}T{hour:02}:{:02}:00Z",
        1 + i % 12,
        rng.below(60)
    );
    let posts: Vec<Value> = (0..1 + rng.below(4))
        .map(|p| {
            json!({
                "createdDateTime": format!("2025-{:02}-{day:02}T{:02}:{:02}:00Z", 1 + i % 12, (hour + p) % 24, rng.below(60)),
                "postType": if p == 0 { "regular" } else { "Quick" },
                "description": {
                    "contentType": "html",
                    "content": format!(
                        "<p>Title: {title}</p><p>User impact: {impact}</p><p>More info: Affected users may see this in region {r}.</p>\
                         <p>Current status: {step}</p><p>Scope of impact: Impact is specific to some users who are served through the affected infrastructure.</p>\
                         <p>Next update by: Tuesday, {day} at {h}:00 PM UTC</p>",
                        r = rng.below(9),
                        step = STEPS[p % STEPS.len()],
                        h = 1 + rng.below(11),
                    ),
                },
            })
        })
        .collect();
    json!({
        "startDateTime": start,
        "endDateTime": if resolved { Value::from(start.clone()) } else { Value::Null },
        "lastModifiedDateTime": start,
        "title": title,
        "id": format!("{prefix}{:07}", 1_000_000 + i),
        "impactDescription": impact,
        "classification": if rng.below(3) == 0 { "Advisory" } else { "incident" },
        "origin": "microsoft",
        "status": status,
        "service": service,
        "feature": feature,
        "featureGroup": group,
        "isResolved": resolved,
        "details": [{ "name": "NotifyInApp", "value": "True" }],
        "posts": posts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_documents_parse_completely_and_deterministically() {
        let text = synthetic_issues(200, 7);
        assert_eq!(text, synthetic_issues(200, 7));
        let parsed = super::super::parse_document(&text).expect("parses");
        assert_eq!(parsed.issues.len(), 200);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert!(parsed.issues.iter().all(|i| i.latest_post_text().is_some()));
    }
}
