//! Everything the flow writes for a case, rendered from the decision record in the engine's
//! worker, so the page only shows it: the service request, the customer message or the
//! partner-fix summary, the Partner Center steps, and the host page's `result` event.

use serde::{Deserialize, Serialize};

use super::customer_message::PartnerFixReport;
use super::customer_message::{known_issue_message, partner_fix_summary, KnownIssueNotice};
use super::decision::{workload_of, Decision, Decisions, FixOutcome, Inputs};
use super::handoff::{handoff, HandOff};
use super::request::{RequestField, RequestInput, ServiceRequest};
use super::troubleshoot::{checked_titles, CheckItem};
use super::LinkRef;
use crate::case::Case;
use crate::customer::parse_tenant;
use crate::health::IssueMatch;
use crate::verdict::{Band, Bilingual, Route};

/// An issue that shares this much with the case is named in the request as related.
pub const RELATED_SCORE: f32 = 0.3;

/// The flow's texts for the case as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outputs {
    /// The service request, field by field, in the request's language.
    pub request_fields: Vec<RequestField>,
    /// All of it as labelled text ("copy all", the .txt download).
    pub request_text: String,
    /// The JSON download.
    pub request_json: String,
    /// What to tell the customer when a posted issue explains the problem.
    pub customer_message: Option<Bilingual>,
    /// The pages the customer message refers to.
    pub customer_links: Vec<LinkRef>,
    /// The summary to keep when the partner fixed it.
    pub partner_fix: Option<Bilingual>,
    /// How to file from Partner Center, for the decision's product.
    pub hand_off: HandOff,
    /// The host page's `result` event, without its `type` and `version`.
    pub result: serde_json::Value,
}

/// What [`render`] works from.
pub struct Material<'a> {
    pub case: &'a Case,
    pub decision: &'a Decision,
    pub decisions: &'a Decisions,
    pub inputs: &'a Inputs,
    /// The engine's confidence in its own suggestion.
    pub band: Band,
    pub matches: &'a [IssueMatch],
    pub checklist: &'a [CheckItem],
}

/// The host page's `result` event: the same route, request and message the page shows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultEvent<'a> {
    route: &'static str,
    engine_route: &'static str,
    overrides: Vec<&'static str>,
    band: Band,
    severity: Option<String>,
    product: Option<crate::verdict::Product>,
    service: &'a str,
    title: &'a str,
    description: &'a str,
    matched_issue: Option<&'a str>,
    rejected_issues: &'a [String],
    customer_message: Option<&'a str>,
    lang: &'static str,
}

pub fn render(m: &Material) -> Outputs {
    let d = m.decision;
    let inputs = m.inputs;
    let lang = inputs.request_lang;
    let tenant = parse_tenant(&inputs.tenant).ok();
    let checked: Vec<&str> = inputs.checked.iter().map(String::as_str).collect();
    let related: Vec<String> = m
        .matches
        .iter()
        .filter(|x| x.score >= RELATED_SCORE)
        .map(|x| x.issue_id.clone())
        .collect();
    let request = ServiceRequest::new(&RequestInput {
        case: m.case,
        decision: d,
        customer_name: &inputs.customer,
        tenant: tenant.as_ref(),
        since: &inputs.since,
        finding: &inputs.finding,
        others: inputs.others,
        related_issue_ids: related,
        troubleshooting_done: checked_titles(m.checklist, &checked),
        lang,
    });

    let known = d
        .issue
        .as_ref()
        .filter(|_| d.route == Route::KnownIssue)
        .map(|issue| {
            known_issue_message(&KnownIssueNotice {
                issue_id: &issue.id,
                title: &issue.title,
                partner: &inputs.partner,
                product: workload_of(&issue.service).map_or(d.product, |w| w.product()),
                template: Some(&inputs.message_template),
            })
        });
    let partner_fix = (d.route == Route::PartnerFix && m.decisions.fix == Some(FixOutcome::Fixed))
        .then(|| {
            partner_fix_summary(&PartnerFixReport {
                case_text: &m.case.text,
                finding: &inputs.finding,
                checklist: m.checklist,
                checked: &checked,
                health_checked: d.health_checked,
                rejected: &d.rejected,
            })
        });
    let message = known
        .as_ref()
        .map(|k| &k.text)
        .or(partner_fix.as_ref())
        .map(|b| b.text(lang));
    let escalation = d.route.is_escalation();
    let result = serde_json::to_value(ResultEvent {
        route: d.route.id(),
        engine_route: d.engine_route.id(),
        overrides: d.overrides.iter().map(|o| o.id()).collect(),
        band: m.band,
        severity: escalation.then(|| request.severity.label.chars().take(1).collect()),
        product: escalation.then_some(request.product),
        service: &request.service,
        title: &request.title,
        description: &request.description,
        matched_issue: d.issue.as_ref().map(|i| i.id.as_str()),
        rejected_issues: &d.rejected,
        customer_message: message,
        lang: lang.code(),
    })
    .unwrap_or_default();

    Outputs {
        request_fields: request.fields(),
        request_text: request.as_text(),
        request_json: request.to_json(),
        customer_links: known.as_ref().map(|k| k.links.clone()).unwrap_or_default(),
        customer_message: known.map(|k| k.text),
        partner_fix,
        hand_off: handoff(d.product),
        result,
    }
}
