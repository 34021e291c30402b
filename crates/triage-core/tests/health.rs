//! Service health: parsing what engineers paste, and matching descriptions to issues.
//!
//! Fixtures live in `tests/fixtures/health/`; they are invented but shaped like Graph v1.0
//! responses (camelCase as the live API answers, PascalCase as the doc examples show).

use triage_core::health::{
    self, concepts, issues_from_values, match_issues, parse_document, Classification, HealthIssue,
    IssueMatch, Origin, ParseError, Status, MATCH_THRESHOLD,
};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("fixtures/health/", $name))
    };
}

const SAMPLE: &str = include_str!("../../../static/sample-service-health.json");

fn issues(text: &str) -> Vec<HealthIssue> {
    parse_document(text).expect("fixture parses").issues
}

fn list() -> Vec<HealthIssue> {
    issues(fixture!("list-issues.json"))
}

fn find<'a>(matches: &'a [IssueMatch], id: &str) -> &'a IssueMatch {
    matches
        .iter()
        .find(|m| m.issue_id == id)
        .unwrap_or_else(|| panic!("{id} not scored"))
}

fn best(text: &str, service: Option<&str>, issues: &[HealthIssue]) -> Option<String> {
    match_issues(text, service, issues)
        .into_iter()
        .find(|m| m.is_match)
        .map(|m| m.issue_id)
}

// ---- parsing -----------------------------------------------------------------------------------

#[test]
fn graph_list_issues_with_odata_keys() {
    let parsed = parse_document(fixture!("list-issues.json")).unwrap();
    assert_eq!(parsed.issues.len(), 9);
    assert!(parsed.services.is_empty());
    // The nextLink says this is only one page: worth telling the engineer.
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].path, "$['@odata.nextLink']");

    let first = &parsed.issues[0];
    assert_eq!(first.id, "EX1104821");
    assert_eq!(first.service, "Exchange Online");
    assert_eq!(first.feature_group, "E-Mail timely delivery");
    assert_eq!(first.classification, Classification::Incident);
    assert_eq!(first.status, "serviceDegradation");
    assert_eq!(first.status_kind, Status::ServiceDegradation);
    assert_eq!(first.origin, Origin::Microsoft);
    assert!(first.is_active());
    assert_eq!(first.end_date_time, None);
    // Of two posts, the later one.
    let post = first.latest_post_text().unwrap();
    assert!(post.contains("rerouting traffic"), "{post}");
    assert!(!post.contains('<'));

    let restored = parsed.issues.iter().find(|i| i.id == "EX1102210").unwrap();
    assert!(restored.is_resolved && !restored.is_active());
    // An empty posts array is no post, not an error.
    let no_posts = parsed.issues.iter().find(|i| i.id == "OD1107801").unwrap();
    assert_eq!(no_posts.latest_post_text(), None);
}

#[test]
fn health_overviews_with_expanded_issues() {
    let parsed = parse_document(fixture!("health-overviews.json")).unwrap();
    assert_eq!(
        parsed.services,
        [
            "Exchange Online",
            "Microsoft Entra",
            "Microsoft Teams",
            "SharePoint Online"
        ]
    );
    let ids: Vec<&str> = parsed.issues.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["EX1150234", "TM1150301", "TM1150118"]);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn overviews_without_issues_give_services_only() {
    let text = r#"{"value":[{"service":"Exchange Online","status":"ServiceOperational","id":"Exchange"},
                            {"service":"Identity Service","status":"ServiceRestored","id":"OrgLiveID"}]}"#;
    let parsed = parse_document(text).unwrap();
    assert!(parsed.issues.is_empty());
    assert_eq!(parsed.services, ["Exchange Online", "Identity Service"]);
}

#[test]
fn bare_array_of_issues() {
    let parsed = parse_document(fixture!("bare-array.json")).unwrap();
    assert_eq!(parsed.issues.len(), 2);
    assert_eq!(parsed.issues[1].id, "OD1160102");
    assert_eq!(parsed.issues[1].status_kind, Status::Investigating);
    assert!(parsed.warnings.is_empty());
}

#[test]
fn single_issue_object() {
    let parsed = parse_document(fixture!("single-issue.json")).unwrap();
    assert_eq!(parsed.issues.len(), 1);
    assert_eq!(parsed.issues[0].id, "MO1170045");
    assert_eq!(parsed.issues[0].service, "Microsoft 365 suite");
}

#[test]
fn camel_pascal_and_upper_case_enums_read_alike() {
    let parsed = parse_document(fixture!("pascal-case.json")).unwrap();
    let [restored, degraded, upper] = &parsed.issues[..] else {
        panic!("three issues expected, got {}", parsed.issues.len());
    };
    assert_eq!(restored.classification, Classification::Incident);
    assert_eq!(restored.origin, Origin::Microsoft);
    assert_eq!(restored.status_kind, Status::ServiceRestored);
    assert_eq!(
        restored.status, "ServiceRestored",
        "the original text is kept"
    );
    assert!(!restored.is_active());
    // A "Html" post whose content is plain text with newlines.
    assert!(restored
        .latest_post_text()
        .unwrap()
        .starts_with("Title: Some users may have been unable to send email"));
    assert_eq!(degraded.classification, Classification::Advisory);
    assert_eq!(degraded.origin, Origin::ThirdParty);
    assert_eq!(degraded.status_kind, Status::ServiceDegradation);
    assert_eq!(upper.classification, Classification::Advisory);
    assert_eq!(upper.origin, Origin::Microsoft);
    assert_eq!(upper.status_kind, Status::ExtendedRecovery);

    for (text, status) in [
        ("serviceDegradation", Status::ServiceDegradation),
        ("ServiceDegradation", Status::ServiceDegradation),
        ("SERVICEDEGRADATION", Status::ServiceDegradation),
        ("service_degradation", Status::ServiceDegradation),
        (
            "postIncidentReviewPublished",
            Status::PostIncidentReviewPublished,
        ),
        (
            "PostIncidentReportPublished",
            Status::PostIncidentReviewPublished,
        ),
        ("falsePositive", Status::FalsePositive),
    ] {
        assert_eq!(Status::parse(text), status, "{text}");
    }
}

#[test]
fn unknown_enum_values_are_kept() {
    let parsed = parse_document(fixture!("unknown-enums.json")).unwrap();
    assert_eq!(parsed.issues.len(), 2);
    let issue = &parsed.issues[0];
    assert_eq!(
        issue.classification,
        Classification::Unknown("maintenance".into())
    );
    assert_eq!(issue.origin, Origin::Unknown("partner".into()));
    assert_eq!(
        issue.status_kind,
        Status::Unknown("monitoringRecovery".into())
    );
    assert_eq!(issue.status_kind.as_str(), "monitoringRecovery");
    assert!(
        issue.is_active(),
        "an unknown status is not hidden as finished"
    );
    // A non-HTML content type is taken as text.
    assert_eq!(
        issue.latest_post_text().as_deref(),
        Some("Current status: monitoring")
    );
    let future = &parsed.issues[1];
    assert_eq!(future.status_kind, Status::UnknownFutureValue);
    assert!(future.is_active());
    assert_eq!(
        future.classification,
        Classification::Unknown("unknownFutureValue".into())
    );
}

#[test]
fn html_post_is_reduced_to_safe_text() {
    let parsed = parse_document(fixture!("html-post.json")).unwrap();
    let post = parsed.issues[0].latest_post_text().unwrap();
    assert_eq!(
        post,
        "Title: Users may be unable to open Office files stored in SharePoint Online\n\n\
         User impact: Users may see \"Sorry, something went wrong\" & the file won't open.\n\n\
         More info:\n\nWord <docx>\nExcel/PowerPoint\n\n\
         Current status: We’re deploying a fix.\n\
         Next update by: Tuesday, December 9, 2025, at 2:00 PM UTC"
    );
    assert!(!post.contains("not text") && !post.contains("margin") && !post.contains("EX-ref"));
}

#[test]
fn malformed_json_names_line_and_column() {
    let err = parse_document(fixture!("malformed.json")).unwrap_err();
    assert!(
        matches!(
            err,
            ParseError::Syntax {
                line: 6,
                column: 7,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "line 6, column 7: expected `,` or `}`");

    let err = parse_document("{\"value\": [\n  {\"id\": \"EX1\",").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("line 2, column 15: the document ends"),
        "{err}"
    );
}

#[test]
fn wrong_shape_names_the_json_path() {
    let err = parse_document(fixture!("shape-value-string.json")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.value: expected an array of issues, found a string"
    );
    let err = parse_document("\"EX1104821\"").unwrap_err();
    assert!(err.to_string().starts_with("$: expected"), "{err}");
    let err = parse_document(r#"{"foo": 1, "bar": 2}"#).unwrap_err();
    assert!(err.to_string().contains("`foo`"), "{err}");
    let err = parse_document(r#"{"id": "EX1", "title": ["x"]}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.title: expected a string, found an array"
    );
}

#[test]
fn one_broken_issue_is_skipped_and_the_rest_used() {
    let parsed = parse_document(fixture!("broken-issue.json")).unwrap();
    let ids: Vec<&str> = parsed.issues.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["TM1120001", "TM1120005"]);
    let warnings: Vec<(&str, &str)> = parsed
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                "$.value[1].title",
                "issue skipped: expected a string, found a number"
            ),
            ("$.value[2]", "issue skipped: missing `id`"),
            (
                "$.value[3]",
                "issue skipped: expected an issue object, found a string"
            ),
            (
                "$.value[4].impactDescription",
                "expected a string, found a number; ignored"
            ),
            (
                "$.value[4].posts[0]",
                "expected a post object, found a string; ignored"
            ),
        ]
    );
    // A stringified boolean is still read.
    assert!(!parsed.issues[1].is_resolved);
}

#[test]
fn a_list_of_only_broken_issues_fails_with_the_first_reason() {
    let err = parse_document(r#"{"value": [{"id": "EX1"}, {"id": 3, "title": "x"}]}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.value[0]: no usable issue: missing `title` (1 more broken issues)"
    );
    // An empty list is a valid answer: no issues.
    assert!(parse_document(r#"{"value": []}"#)
        .unwrap()
        .issues
        .is_empty());
}

#[test]
fn empty_input_and_graph_errors_are_explained() {
    for text in ["", "   \n\t", "\u{feff}"] {
        assert_eq!(parse_document(text), Err(ParseError::Empty));
    }
    assert!(ParseError::Empty.to_string().contains("empty"));
    let err = parse_document(
        r#"{"error": {"code": "UnknownError", "message": "Insufficient privileges"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.error: this is a Graph error response, not service health (UnknownError: Insufficient privileges)"
    );
}

#[test]
fn case_values_use_the_same_issue_code() {
    let values: Vec<serde_json::Value> = serde_json::from_str(
        r#"[{"id": "EX1", "title": "Mail delayed", "status": "INVESTIGATING"},
            {"id": "EX2", "title": false},
            {"service": "Exchange Online", "status": "serviceDegradation",
             "issues": [{"id": "EX3", "title": "Users can't send email"}]}]"#,
    )
    .unwrap();
    let parsed = issues_from_values(&values);
    let ids: Vec<&str> = parsed.issues.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["EX1", "EX3"]);
    assert_eq!(parsed.issues[0].status_kind, Status::Investigating);
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].path, "$.service_health[1].title");
    assert!(issues_from_values(&[]).issues.is_empty());
}

#[test]
fn parsed_issues_survive_a_round_trip_through_a_case() {
    // A serialized issue (the batch output, a saved case) reads back as the same issue; its post
    // comes back as the text it was reduced to.
    for text in [
        fixture!("list-issues.json"),
        fixture!("unknown-enums.json"),
        fixture!("pascal-case.json"),
        fixture!("html-post.json"),
    ] {
        let issues = issues(text);
        let values: Vec<serde_json::Value> = issues
            .iter()
            .map(|i| serde_json::to_value(i).unwrap())
            .collect();
        let again = issues_from_values(&values);
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
        let without_post = |list: &[triage_core::health::HealthIssue]| {
            list.iter()
                .map(|i| {
                    (
                        i.latest_post_text(),
                        triage_core::health::HealthIssue {
                            latest_post: None,
                            ..i.clone()
                        },
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(without_post(&again.issues), without_post(&issues));
    }
}

#[test]
fn large_documents_parse_completely() {
    let text = health::bench::synthetic_issues(5_000, 42);
    let parsed = parse_document(&text).unwrap();
    assert_eq!(parsed.issues.len(), 5_000);
    assert!(parsed.warnings.is_empty());
    let matches = match_issues("Users can't join Teams meetings", None, &parsed.issues);
    assert_eq!(matches.len(), 5_000);
    assert!(matches[0].is_match);
}

#[cfg(not(target_arch = "wasm32"))]
mod never_panics {
    use proptest::prelude::*;
    use triage_core::health::{concepts, html_to_text, match_issues, parse_document};

    const SEED: &str = include_str!("fixtures/health/broken-issue.json");

    proptest! {
        #[test]
        fn on_any_text(text in "\\PC{0,400}") {
            let _ = parse_document(&text);
            let _ = html_to_text(&text);
            let _ = concepts(&text);
        }

        #[test]
        fn on_json_with_a_cut_or_changed_byte(at in 0usize..SEED.len(), byte in any::<u8>()) {
            let mut bytes = SEED.as_bytes().to_vec();
            bytes[at] = byte;
            let text = String::from_utf8_lossy(&bytes);
            let _ = parse_document(&text);
            let _ = parse_document(&SEED[..at.min(SEED.len())]);
        }

        #[test]
        fn on_html_like_text(text in "[<>&#;a-z/!\"' x0-9-]{0,200}") {
            let out = html_to_text(&text);
            prop_assert!(out.chars().count() <= 4001);
        }

        #[test]
        fn matching_any_description(text in "\\PC{0,200}") {
            let issues = parse_document(include_str!("fixtures/health/list-issues.json")).unwrap().issues;
            for m in match_issues(&text, Some(&text), &issues) {
                prop_assert!((0.0..=1.0).contains(&m.score));
            }
        }
    }
}

// ---- matching ----------------------------------------------------------------------------------

#[test]
fn english_description_matches_its_issue() {
    let issues = list();
    let matches = match_issues(
        "Since this morning our users are not receiving any emails from outside the company.",
        None,
        &issues,
    );
    assert_eq!(matches[0].issue_id, "EX1104821");
    assert!(matches[0].is_match, "{:?}", matches[0]);
    assert!(matches[0].shared_terms.contains(&"receive".to_string()));
    assert!(matches[0].shared_terms.contains(&"mail".to_string()));
    assert_eq!(
        matches[0].title,
        "Users may be unable to receive email messages from external senders"
    );
    // Best first.
    assert!(matches.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn issues_edited_between_matches_are_read_again() {
    // Matching keeps the loaded issues reduced between calls; an issue whose text changes must
    // be read again, not scored as it was.
    let text =
        "Since this morning our users are not receiving any emails from outside the company.";
    let mut issues = list();
    let before = find(&match_issues(text, None, &issues), "EX1104821").score;
    assert_eq!(best(text, None, &issues).as_deref(), Some("EX1104821"));
    let i = issues.iter().position(|i| i.id == "EX1104821").unwrap();
    issues[i].title = "Admins may see an outdated logo on the sign-in page".into();
    issues[i].impact_description = "The company logo may not refresh after it is changed.".into();
    let again = match_issues(text, None, &issues);
    // Only its feature and latest post still speak of mail.
    let edited = find(&again, "EX1104821").score;
    assert!(edited < before * 0.6, "{before} {again:?}");
    assert_eq!(best(text, None, &issues), None);
    // A new post (a new modification time) is read again too.
    issues[i].latest_post = None;
    issues[i].last_modified_date_time = Some("2099-01-01T00:00:00Z".into());
    let without_post = find(&match_issues(text, None, &issues), "EX1104821").score;
    assert!(without_post < edited, "{without_post} vs {edited}");
    issues[i] = list()[i].clone();
    assert_eq!(best(text, None, &issues).as_deref(), Some("EX1104821"));
    // Its service counts too: the same issue posted for another service explains less.
    let exchange = Some("Exchange Online");
    let same = find(&match_issues(text, exchange, &issues), "EX1104821").score;
    issues[i].service = "SharePoint Online".into();
    let other = find(&match_issues(text, exchange, &issues), "EX1104821").score;
    assert!(other < same, "{other} vs {same}");
}

#[test]
fn japanese_description_matches_an_english_issue() {
    let issues = list();
    let matches = match_issues(
        "社外からのメールが届かない。社内同士は問題なし。",
        None,
        &issues,
    );
    assert_eq!(matches[0].issue_id, "EX1104821");
    assert!(matches[0].is_match);
    // The two concepts that tell this issue from the others come first (in either order).
    let mut first_two = matches[0].shared_terms[..2].to_vec();
    first_two.sort();
    assert_eq!(first_two, ["external", "receive"]);

    assert_eq!(
        best(
            "Teams の会議に参加できない。デスクトップアプリから参加しようとするとエラーになる。",
            None,
            &issues
        )
        .as_deref(),
        Some("TM1106118")
    );
    assert_eq!(
        best("OneDrive の同期が止まっている", None, &issues).as_deref(),
        Some("OD1107801")
    );
}

/// Open issues built from (id, service, title, impact), in that order.
fn posted(list: &[(&str, &str, &str, &str)]) -> Vec<HealthIssue> {
    let values: Vec<serde_json::Value> = list
        .iter()
        .map(|(id, service, title, impact)| {
            serde_json::json!({
                "id": id, "service": service, "title": title, "impactDescription": impact,
                "classification": "advisory", "status": "serviceDegradation",
                "feature": "", "featureGroup": "", "isResolved": false,
            })
        })
        .collect();
    issues_from_values(&values).issues
}

fn teams_notifications_and_presence() -> Vec<HealthIssue> {
    posted(&[
        (
            "TM1110132",
            "Microsoft Teams",
            "Users may not receive notifications in Microsoft Teams",
            "Users may not receive desktop or activity feed notifications for mentions and chat messages.",
        ),
        (
            "TM1095524",
            "Microsoft Teams",
            "Users may see incorrect presence status in Microsoft Teams",
            "Users may see their own or colleagues' presence stuck on Away or Unknown.",
        ),
        (
            "EX1101877",
            "Exchange Online",
            "Users may be unable to send email from Outlook on the web",
            "Users may receive an error when sending messages.",
        ),
    ])
}

#[test]
fn colloquial_japanese_matches_an_english_issue_and_not_its_neighbour() {
    // 「こない」 (does not come) is how people say a notification never arrives; the issue says
    // "may not receive". The presence issue of the same service is not the case's problem.
    let issues = teams_notifications_and_presence();
    let matches = match_issues(
        "Teams の通知がこない。メンションされても気付かない",
        None,
        &issues,
    );
    assert_eq!(matches[0].issue_id, "TM1110132");
    assert!(matches[0].is_match, "{:?}", matches[0]);
    assert!(!find(&matches, "TM1095524").is_match);
    let en = match_issues(
        "We are not getting Teams notifications on desktop for mentions",
        None,
        &issues,
    );
    assert_eq!(en[0].issue_id, "TM1110132", "{en:?}");
    assert!(en[0].is_match, "{en:?}");
}

#[test]
fn an_issue_that_may_receive_an_error_is_not_about_receiving() {
    // Microsoft writes "Admins may receive a generic error": that is an error, not mail that fails
    // to arrive, so a same-service issue about group owners does not explain missing mail.
    let issues = posted(&[(
        "EX1097745",
        "Exchange Online",
        "Admins may be unable to edit distribution group owners in the Exchange admin center",
        "Admins attempting to change the owner of a distribution group may receive a generic error.",
    )]);
    let matches = match_issues(
        "メールが全く届かない。全社で。",
        Some("Exchange Online"),
        &issues,
    );
    assert!(!matches[0].is_match, "{:?}", matches[0]);
    assert!(!matches[0].shared_terms.contains(&"receive".to_string()));
}

#[test]
fn an_issue_naming_nothing_the_dictionary_knows_explains_nothing() {
    // Sharing only the service with the case says nothing about the problem.
    let issues = posted(&[(
        "TM723270",
        "Microsoft Teams",
        "Some users may be unable to swap shifts in Shifts",
        "Frontline workers may see a message when requesting a swap.",
    )]);
    let matches = match_issues(
        "Teams の会議でライブ キャプションが勝手に英語に切り替わる",
        Some("Microsoft Teams"),
        &issues,
    );
    assert_eq!(matches[0].score, 0.0, "{:?}", matches[0]);
}

#[test]
fn a_quoted_issue_id_points_at_that_issue() {
    let issues = teams_notifications_and_presence();
    // The description alone says little ("is it this one?"), the ID says which.
    let matches = match_issues("Is TM1095524 why everyone looks offline?", None, &issues);
    assert_eq!(matches[0].issue_id, "TM1095524");
    assert!(matches[0].is_match, "{:?}", matches[0]);
    let matches = match_issues(
        "正常性に TM1095524 が出ていますが、これでしょうか?",
        None,
        &issues,
    );
    assert_eq!(matches[0].issue_id, "TM1095524");
    assert!(matches[0].is_match, "{:?}", matches[0]);
    // An ID that no loaded issue has is just a word.
    assert_eq!(best("Is TM9999999 why?", None, &issues), None);
}

#[test]
fn an_engineer_who_says_a_posted_issue_explains_it_tips_a_close_one_over() {
    let issues = posted(&[
        (
            "EX1200401",
            "Exchange Online",
            "Some users may experience delays receiving email from external senders",
            "Inbound messages from external senders may be delayed.",
        ),
        (
            "TM1200402",
            "Microsoft Teams",
            "Users may be unable to change their background effects in Teams meetings",
            "Users may find the background effects pane is empty during meetings.",
        ),
    ]);
    let text = "Parents' messages reach the office late.";
    let close = find(&match_issues(text, None, &issues), "EX1200401").clone();
    assert!(
        !close.is_match && close.score >= triage_core::rules::PARTIAL_MATCH,
        "{close:?}"
    );
    for claim in [
        format!("{text} It matches the transport delay incident currently posted."),
        format!("{text} 正常性に遅延のインシデントが掲載中なので、様子見で案内します。"),
    ] {
        let m = find(&match_issues(&claim, None, &issues), "EX1200401").clone();
        assert!(m.is_match, "{claim}: {m:?}");
    }
    // Turned around, the claim says nothing, and it never makes a match out of nothing.
    for text in [
        format!("{text} There is no advisory about it yet."),
        format!("{text} 正常性には掲載されていないようです。"),
        "Teams background effects are missing. There's an advisory about it.".to_string(),
    ] {
        let m = find(&match_issues(&text, None, &issues), "EX1200401").clone();
        assert!(!m.is_match, "{text}: {m:?}");
    }
}

#[test]
fn a_quoted_issue_set_aside_does_not_match() {
    let issues = teams_notifications_and_presence();
    // Without the quote, this matches the notification issue…
    let text = "Teams notifications are not received on desktop for mentions";
    assert_eq!(best(text, None, &issues).as_deref(), Some("TM1110132"));
    // …but an engineer who quotes it only to say it is not theirs has ruled it out, by ID or by
    // title, in English or Japanese.
    for aside in [
        "Health has TM1110132, but ours is different. Teams notifications are not received on desktop for mentions",
        "Only TM1110132 is posted. Teams notifications are not received on desktop for mentions",
        "Health shows \"Users may not receive notifications in Microsoft Teams\" but that is unrelated: Teams notifications are not received on desktop for mentions",
        "正常性には TM1110132 のみ。当方の事象は別で、Teams の通知がデスクトップでこない",
        // Saying what the real problem is, after quoting the issue, sets it aside too.
        "Health has TM1110132. Our actual problem: Teams notifications are not received on desktop for mentions",
        "Service health lists TM1110132. The customer's issue is that Teams notifications are not received on desktop for mentions",
    ] {
        let matches = match_issues(aside, None, &issues);
        assert!(
            !find(&matches, "TM1110132").is_match,
            "{aside}: {:?}",
            find(&matches, "TM1110132")
        );
    }
}

#[test]
fn an_error_code_the_issue_gives_too_points_at_it() {
    let issues = posted(&[
        (
            "EX1200101",
            "Exchange Online",
            "Users' email messages to some external recipients may be rejected",
            "Senders may receive NDRs with 550 5.7.708 when sending to some consumer domains.",
        ),
        (
            "EX1200102",
            "Exchange Online",
            "Users may be unable to receive email from external senders",
            "Messages from external senders may be delayed or not delivered.",
        ),
    ]);
    // Little shared wording, in Japanese: the code says which failure it is.
    let text = "Gmail 宛てだけ戻ってくる。エラーは 550 5.7.708 traffic not accepted from this IP.";
    let matches = match_issues(text, None, &issues);
    assert_eq!(matches[0].issue_id, "EX1200101", "{matches:?}");
    assert!(matches[0].is_match, "{:?}", matches[0]);
    assert_eq!(matches[0].shared_terms[0], "5.7.708");
    // Without the code, the same text matches nothing.
    let without = "Gmail 宛てだけ戻ってくる。traffic not accepted from this IP.";
    assert_eq!(best(without, None, &issues), None);
    // A bare HTTP status names no particular failure, and a code the issue does not give is no
    // evidence for it.
    assert_eq!(best(&format!("{without} HTTP 550"), None, &issues), None);
    assert_eq!(
        best(&format!("{without} 550 5.7.1 です"), None, &issues),
        None
    );
    // An engineer who says the posted issue is not theirs has read it, code and all.
    let aside = format!("{text} 正常性の EX1200101 とは別件です。");
    assert!(!find(&match_issues(&aside, None, &issues), "EX1200101").is_match);
    // So is one who says that what is posted differs, without quoting it.
    let aside = format!("{text} 正常性に出ているアドバイザリとは内容が異なる。");
    assert!(!find(&match_issues(&aside, None, &issues), "EX1200101").is_match);
}

#[test]
fn a_site_that_will_not_load_comes_close_to_an_issue_about_access() {
    // "Not loading" and "something went wrong" are how users see what the issue calls being
    // unable to access: the same failure in other words, which counts, though less than the
    // issue's own words.
    let issues = posted(&[
        (
            "SP1200201",
            "SharePoint Online",
            "Users may be unable to access SharePoint Online sites",
            "Users opening SharePoint sites may receive an error.",
        ),
        (
            "SP1200202",
            "SharePoint Online",
            "Users may not receive alert emails for SharePoint lists",
            "Alert emails for changes to SharePoint lists may not be sent.",
        ),
    ]);
    let text =
        "SharePoint sites are not loading for our users since 8am, they get 'Something went wrong'";
    let matches = match_issues(text, None, &issues);
    assert_eq!(matches[0].issue_id, "SP1200201", "{matches:?}");
    // Close enough that the verdict weighs it and asks whether it is the one.
    assert!(
        matches[0].score >= triage_core::rules::PARTIAL_MATCH,
        "{:?}",
        matches[0]
    );
    assert!(
        find(&matches, "SP1200202").score < matches[0].score / 2.0,
        "{matches:?}"
    );
    // The shared terms are the issue's own: the related symptom is not claimed as shared.
    assert!(
        !matches[0].shared_terms.contains(&"load".to_string()),
        "{:?}",
        matches[0]
    );
    let own_words = match_issues(
        "Users are unable to access the team site since 8am",
        None,
        &issues,
    );
    assert!(
        own_words[0].score > matches[0].score,
        "{own_words:?} {matches:?}"
    );
}

#[test]
fn a_failure_seen_from_the_other_side_comes_close_to_the_issue() {
    // A reply that never arrives is what the issue calls not being sent; a tab that stays blank
    // is one that does not load; guests who cannot join a team cannot access it; an app that will
    // not start cannot be opened. Each is the issue's failure as the user sees it, and the verdict
    // should weigh the issue and ask.
    let issues = posted(&[
        (
            "EX1200301",
            "Exchange Online",
            "Automatic replies may not be sent for some users",
            "Out of office replies configured in Outlook may not be sent to external senders.",
        ),
        (
            "PL1200302",
            "Planner",
            "Planner tabs in Microsoft Teams may not load",
            "Users adding or opening a Planner tab in a Teams channel may find it does not load.",
        ),
        (
            "TM1200303",
            "Microsoft Teams",
            "Guest users may be unable to access teams in other organizations",
            "Guests may receive an error when accessing teams they have been added to.",
        ),
        (
            "PP1200304",
            "Power Platform",
            "Users may be unable to open model-driven apps in Power Apps",
            "Model-driven apps may not load and users may see a blank page.",
        ),
    ]);
    for (text, id) in [
        (
            "外部の取引先から、休暇中の社員の自動応答が返ってこないと連絡がありました。",
            "EX1200301",
        ),
        (
            "The Planner tab in our Teams channel just shows blank since this morning.",
            "PL1200302",
        ),
        (
            "Our guest users cannot join the team since yesterday, they get an error.",
            "TM1200303",
        ),
        ("Power Apps の業務アプリが起動しない", "PP1200304"),
    ] {
        let matches = match_issues(text, None, &issues);
        assert_eq!(matches[0].issue_id, id, "{text}: {matches:?}");
        assert!(
            matches[0].score >= triage_core::rules::PARTIAL_MATCH,
            "{text}: {:?}",
            matches[0]
        );
    }
}

#[test]
fn words_a_description_names_in_other_words_count_as_accounted_for() {
    // The issue says "receive", "email", "inbox" and "external senders"; the engineer writes
    // "not getting", "mailbox" and "outside": other words, the same concepts. The issue about the
    // Focused Inbox tab shares the service and "inbox" but says things the description names
    // in no words at all.
    let issues = posted(&[
        (
            "EX1200001",
            "Exchange Online",
            "Users may not receive email from external senders",
            "Messages from external senders may not be delivered to user inboxes.",
        ),
        (
            "EX1200002",
            "Exchange Online",
            "Users may see messages sorted into the wrong Focused Inbox tab",
            "Messages may appear under Other instead of Focused in Outlook.",
        ),
    ]);
    let text = "Since 9am our mailboxes are not getting anything from outside companies; \
                internal traffic still arrives fine";
    let matches = match_issues(text, Some("Exchange Online"), &issues);
    assert_eq!(matches[0].issue_id, "EX1200001", "{matches:?}");
    assert!(matches[0].is_match, "{:?}", matches[0]);
    assert!(!find(&matches, "EX1200002").is_match, "{matches:?}");
    // It scores about as well as a description written in the issue's own words.
    let own_words = match_issues(
        "Since 9am users do not receive email from external senders",
        Some("Exchange Online"),
        &issues,
    );
    let own = find(&own_words, "EX1200001").score;
    assert!(
        matches[0].score >= 0.8 * own,
        "{} vs {own}",
        matches[0].score
    );
}

#[test]
fn service_health_showing_only_something_else_is_not_a_match() {
    let issues = teams_notifications_and_presence();
    // "Only" about the problem itself says nothing about service health…
    assert_eq!(
        best(
            "Only desktop notifications for mentions are not received in Teams",
            None,
            &issues
        )
        .as_deref(),
        Some("TM1110132")
    );
    // …but an engineer who says health shows only some other item has read it and ruled it out.
    for text in [
        "Service health only has a Teams advisory. Desktop notifications for mentions are not received in Teams",
        "正常性は Teams のアドバイザリのみ。Teams の通知がデスクトップでこない",
        "Nothing on the health dashboard besides a Teams advisory. Desktop notifications for mentions are not received in Teams",
        "正常性には Teams のアドバイザリしか出ていない。Teams の通知がデスクトップでこない",
    ] {
        assert_eq!(best(text, None, &issues), None, "{text}");
    }
    // 「しかない」 after a verb is not about what is posted: "there is nothing to do but wait".
    assert_eq!(
        best(
            "Teams の通知がデスクトップでこない。正常性に記事あり、待つしかないか",
            None,
            &issues
        )
        .as_deref(),
        Some("TM1110132")
    );
}

#[test]
fn mail_flow_rules_do_not_capture_a_shared_mailbox_problem() {
    let issues = list();
    for text in [
        "Users cannot open the shared mailbox in Outlook.",
        "共有メールボックスが開けないとユーザーから問い合わせがありました。",
    ] {
        let matches = match_issues(text, Some("Exchange Online"), &issues);
        let rules = find(&matches, "EX1104977");
        assert!(!rules.is_match, "{text}: {rules:?}");
        assert!(rules.score < MATCH_THRESHOLD / 2.0, "{text}: {rules:?}");
        assert!(matches.iter().all(|m| !m.is_match), "{text}: {matches:?}");
    }
}

#[test]
fn password_reset_does_not_capture_a_sign_in_problem() {
    let issues = list();
    for text in [
        "Several users cannot sign in to Outlook and Teams since 9am.",
        "ユーザーがサインインできない",
    ] {
        let matches = match_issues(text, None, &issues);
        assert!(!find(&matches, "ID1105512").is_match, "{text}");
        // ...while the real sign-in incident does.
        assert_eq!(matches[0].issue_id, "ID1105601", "{text}");
        assert!(matches[0].is_match, "{text}");
    }
    // And the reset issue is found when the reset is the problem.
    assert_eq!(
        best("パスワードのリセットができない", None, &issues).as_deref(),
        Some("ID1105512")
    );
}

#[test]
fn captions_do_not_capture_joining_meetings() {
    let issues = list();
    for text in [
        "Users can't join meetings in Teams",
        "Teams の会議に参加できない",
    ] {
        let matches = match_issues(text, Some("Microsoft Teams"), &issues);
        let captions = find(&matches, "TM1106230");
        assert!(!captions.is_match, "{text}: {captions:?}");
        assert_eq!(matches[0].issue_id, "TM1106118", "{text}");
    }
    // Captions are found when captions are the problem.
    assert_eq!(
        best("Teams 会議で字幕が表示されない", None, &issues).as_deref(),
        Some("TM1106230")
    );
}

#[test]
fn the_same_service_alone_is_not_a_match() {
    let issues = list();
    for (text, service) in [
        ("Outlook crashes when users print", Some("Exchange Online")),
        ("Teams の通話で音声が聞こえない", Some("Microsoft Teams")),
        ("SharePoint にアクセスできない", Some("SharePoint Online")),
    ] {
        let matches = match_issues(text, service, &issues);
        assert!(
            matches.iter().all(|m| !m.is_match),
            "{text}: {:?}",
            matches[0]
        );
    }
}

#[test]
fn a_resolved_issue_scores_lower_than_the_same_issue_open() {
    let issues = list();
    let text = "Mail sending was slow this morning, seems fine now";
    let resolved = issues.iter().find(|i| i.id == "EX1102210").unwrap().clone();
    let mut open = resolved.clone();
    open.id = "EX1102211".into();
    open.is_resolved = false;
    open.status_kind = Status::ServiceDegradation;
    let matches = match_issues(text, None, &[resolved, open]);
    let (open, resolved) = (&matches[0], &matches[1]);
    assert_eq!(open.issue_id, "EX1102211");
    assert!(open.is_match);
    // The finished issue's score is cut to 0.35; the words it shares still count.
    assert!(
        resolved.score > 0.0 && resolved.score < open.score * 0.7,
        "{resolved:?} {open:?}"
    );
    // It still shows up as an explanation worth reading, but does not decide the case alone,
    // even for a ticket that repeats it word for word.
    assert!(!resolved.is_match);
    assert!(resolved.shared_terms.contains(&"send".to_string()));
    let finished = [issues.iter().find(|i| i.id == "EX1102210").unwrap().clone()];
    let repeated = "Users are experiencing delays sending email messages";
    assert!(!match_issues(repeated, None, &finished)[0].is_match);
}

#[test]
fn service_given_by_the_form_is_a_bonus() {
    let issues = list();
    let text = "Outlook で受信できない";
    let with = find(
        &match_issues(text, Some("Exchange Online"), &issues),
        "EX1104821",
    )
    .score;
    let without = find(&match_issues(text, None, &issues), "EX1104821").score;
    assert!(with >= without);
    assert!(with >= MATCH_THRESHOLD);
}

#[test]
fn empty_or_unrelated_descriptions_match_nothing() {
    let issues = list();
    for text in ["", "   ", "hello", "請求書の送付先を変更したい 123"] {
        assert!(
            match_issues(text, None, &issues)
                .iter()
                .all(|m| !m.is_match),
            "{text}"
        );
    }
    assert!(match_issues("mail is slow", None, &[]).is_empty());
}

#[test]
fn concepts_are_shared_across_languages() {
    assert_eq!(concepts("メールが届かない"), ["mail", "receive"]);
    assert_eq!(
        concepts("users aren't receiving email"),
        ["user", "receive", "mail"]
    );
    let ja = concepts("Teams の会議に参加できない");
    let en = concepts("cannot join Teams meetings");
    for c in ["teams", "meeting", "join"] {
        assert!(ja.contains(&c) && en.contains(&c), "{c}: {ja:?} {en:?}");
    }
    assert!(concepts("共有メールボックス").contains(&"shared_mailbox"));
    assert!(concepts("メールフロー ルール").contains(&"mail_flow_rule"));
    assert!(concepts("ログインできない").contains(&"sign_in"));
    assert!(
        concepts("多要素認証").contains(&"mfa") && !concepts("多要素認証").contains(&"sign_in")
    );
    for (ja, en, c) in [
        (
            "ファイルのチェックアウトができない",
            "files cannot be checked out",
            "check_out",
        ),
        (
            "コミュニティに投稿できない",
            "cannot post in the community",
            "community",
        ),
        (
            "複合機からの SMTP 認証の送信が失敗",
            "SMTP AUTH submission fails",
            "smtp",
        ),
        ("アプリ一覧が空になる", "the app list is empty", "display"),
        (
            "Autopilot のキッティングが失敗",
            "Autopilot kitting fails",
            "enrollment",
        ),
    ] {
        assert!(
            concepts(ja).contains(&c) && concepts(en).contains(&c),
            "{c}: {:?} {:?}",
            concepts(ja),
            concepts(en)
        );
    }
    // A longer form is read as what it means, not as the shorter word inside it.
    for (text, is, is_not) in [
        ("保持ラベルが適用されない", "retention", "sensitivity_label"),
        (
            "retention label is not applied",
            "retention",
            "sensitivity_label",
        ),
        ("キーワードで検索できない", "search", "office_app"),
        ("有効期限切れと表示される", "expire", "disconnect"),
        ("受信拒否リストが効かない", "block", "receive"),
        ("送信元の SPF は pass している", "sender_recipient", "send"),
        ("Forms の回答送信でエラー", "submit", "send"),
        (
            "Power BI のスケジュールされた更新が失敗する",
            "update",
            "calendar",
        ),
        (
            "I get bounced back to the sign-in page in a loop",
            "redirect_loop",
            "ndr",
        ),
    ] {
        let found = concepts(text);
        assert!(
            found.contains(&is) && !found.contains(&is_not),
            "{text}: {found:?}"
        );
    }
    assert!(concepts("the portal doesn't work").contains(&"outage"));
    // A tile left as a grey box shows nothing.
    for text in [
        "the Planner tab is just a grey box",
        "カードが灰色の枠のまま",
    ] {
        assert!(concepts(text).contains(&"display"), "{text}");
    }
    // Offline is not connected: 「オフラインのまま」 against "unable to connect".
    for text in [
        "Outlook for Mac stays offline",
        "Mac の Outlook がオフラインのまま",
    ] {
        assert!(concepts(text).contains(&"connect"), "{text}");
    }
    assert!(concepts("the offline address book is old").contains(&"address_book"));
    // …but someone shown as offline or away is a presence status.
    for text in [
        "Users may appear offline in Teams",
        "everyone shows as Away",
    ] {
        let found = concepts(text);
        assert!(
            found.contains(&"presence") && !found.contains(&"connect"),
            "{text}: {found:?}"
        );
    }
    // "Forms" followed by Japanese is the product; an English "forms" is too common a word.
    assert!(concepts("Forms のアンケートが開けない").contains(&"forms"));
    assert!(!concepts("the web forms of our site").contains(&"forms"));
    // A dynamic group is an Entra group, not Dynamics 365.
    assert!(!concepts("the dynamic group is not picking up new hires").contains(&"dynamics"));
    assert!(concepts("Dynamics 365 Sales will not open").contains(&"dynamics"));
}

/// Every description against every fixture issue: the whole table, so a change to the dictionary
/// or the weights shows its effect on all of them at once.
#[test]
fn matching_quality_on_the_fixtures() {
    let issues = list();
    let sample = issues_of_sample();
    let cases: &[(&str, &[HealthIssue], Option<&str>)] = &[
        (
            "Since this morning our users are not receiving any emails from outside the company.",
            &issues,
            Some("EX1104821"),
        ),
        (
            "社外からのメールが届かない。社内同士は問題なし。",
            &issues,
            Some("EX1104821"),
        ),
        ("Outlook で受信できない", &issues, Some("EX1104821")),
        (
            "Users cannot open the shared mailbox in Outlook.",
            &issues,
            None,
        ),
        ("共有メールボックスが開けない", &issues, None),
        (
            "Several users cannot sign in to Outlook and Teams since 9am.",
            &issues,
            Some("ID1105601"),
        ),
        ("ユーザーがサインインできない", &issues, Some("ID1105601")),
        ("パスワードのリセットができない", &issues, Some("ID1105512")),
        (
            "Users can't join meetings in Teams",
            &issues,
            Some("TM1106118"),
        ),
        ("Teams の会議に参加できない", &issues, Some("TM1106118")),
        (
            "Captions are not showing in Teams meetings",
            &issues,
            Some("TM1106230"),
        ),
        ("Teams 会議で字幕が表示されない", &issues, Some("TM1106230")),
        (
            "SharePoint のサイトの表示が遅い",
            &issues,
            Some("SP1107455"),
        ),
        ("OneDrive の同期が止まっている", &issues, Some("OD1107801")),
        ("SharePoint にアクセスできない", &issues, None),
        ("Teams の通話で音声が聞こえない", &issues, None),
        (
            "Users report that emails to external recipients bounce with an NDR",
            &issues,
            None,
        ),
        (
            "Mail sending was slow this morning, seems fine now",
            &issues,
            None,
        ),
        ("共有メールボックスが開けない", &sample, Some("EX9000101")),
        (
            "Users cannot open the shared mailbox in OWA",
            &sample,
            Some("EX9000101"),
        ),
        (
            "外部からのメールの受信が遅れている",
            &sample,
            Some("EX9000102"),
        ),
        (
            "Emails from outside are arriving late",
            &sample,
            Some("EX9000102"),
        ),
        ("Teams のチャットが遅い", &sample, Some("TM9000202")),
        (
            "SharePoint に大きいファイルをアップロードできない",
            &sample,
            Some("SP9000301"),
        ),
        ("MFA を何度も求められる", &sample, Some("ID9000401")),
        (
            "管理センターで使用状況レポートが表示されない",
            &sample,
            Some("MO9000501"),
        ),
        ("Mac の OneDrive が同期しない", &sample, Some("OD9000601")),
        ("Teams の通話で音声が聞こえない", &sample, None),
    ];
    let mut wrong = Vec::new();
    for (text, issues, expected) in cases {
        let got = best(text, None, issues);
        if got.as_deref() != *expected {
            wrong.push(format!("{text}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

// ---- the app's sample file ---------------------------------------------------------------------

fn issues_of_sample() -> Vec<HealthIssue> {
    issues(SAMPLE)
}

#[test]
fn sample_file_is_marked_and_parses() {
    let raw: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(
        raw["@escalationTriage.sample"],
        serde_json::Value::Bool(true)
    );
    let parsed = parse_document(SAMPLE).unwrap();
    assert!(parsed.sample, "the app badges it from this flag");
    assert!(!parse_document(fixture!("list-issues.json")).unwrap().sample);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.issues.len(), 9);
    assert_eq!(parsed.issues.iter().filter(|i| i.is_active()).count(), 8);
    let services: std::collections::BTreeSet<&str> =
        parsed.issues.iter().map(|i| i.service.as_str()).collect();
    for s in [
        "Exchange Online",
        "Microsoft Teams",
        "SharePoint Online",
        "Microsoft Entra",
        "Microsoft 365 suite",
        "OneDrive for Business",
    ] {
        assert!(services.contains(s), "{s}");
    }
    for issue in &parsed.issues {
        // Two letters and seven digits, like real ids.
        let (prefix, digits) = issue.id.split_at(2);
        assert!(
            prefix.chars().all(|c| c.is_ascii_uppercase()),
            "{}",
            issue.id
        );
        assert!(
            digits.len() == 7 && digits.chars().all(|c| c.is_ascii_digit()),
            "{}",
            issue.id
        );
        assert!(issue.latest_post_text().is_some(), "{}", issue.id);
    }
}

#[test]
fn sample_matches_typical_descriptions() {
    let sample = issues_of_sample();
    assert_eq!(
        best("Teams の会議に参加できない", None, &sample).as_deref(),
        Some("TM9000201")
    );
    assert_eq!(
        best(
            "Users can't join Teams meetings from the desktop app",
            None,
            &sample
        )
        .as_deref(),
        Some("TM9000201")
    );
    assert_eq!(
        best(
            "Users aren't getting emails from external senders, they arrive an hour late",
            None,
            &sample
        )
        .as_deref(),
        Some("EX9000102")
    );
    assert_eq!(
        best(
            "共有メールボックスが開けない",
            Some("Exchange Online"),
            &sample
        )
        .as_deref(),
        Some("EX9000101")
    );
}

#[test]
fn where_the_failure_shows_need_not_be_named_by_the_issue() {
    let issues = issues(
        r#"[{"id": "TM339851", "title": "Users may be unable to share their screen in Teams meetings",
            "impactDescription": "Participants may see a black screen when a presenter shares their screen or a window.",
            "service": "Microsoft Teams", "feature": "Teams Components", "featureGroup": "Teams Components",
            "classification": "incident", "status": "serviceDegradation", "isResolved": false}]"#,
    );
    let score = |text: &str| match_issues(text, None, &issues)[0].score;
    let plain = score("When I share my screen in a Teams meeting the others only see black.");
    let everywhere = score(
        "When I share my screen in a Teams meeting the others only see black, on the Mac, in the browser and on phones.",
    );
    assert!(plain >= MATCH_THRESHOLD * 0.8, "{plain}");
    // Saying where it happens does not make the issue explain the case less.
    assert!(everywhere >= plain * 0.9, "{everywhere} vs {plain}");
    // What fails still has to be explained: the issue says nothing of printing.
    assert!(score("Printing from Teams on my Mac gives a black page.") < plain * 0.5);
}

#[test]
fn a_server_error_is_the_same_failure_in_any_words() {
    let issues = posted(&[
        (
            "SP1300101",
            "SharePoint Online",
            "Users may see HTTP 500 errors when opening SharePoint Online sites",
            "Users may receive an \"Internal Server Error\" page when navigating to some sites.",
        ),
        (
            "SP1300102",
            "SharePoint Online",
            "Search results in SharePoint Online may be incomplete",
            "Users may not see recently modified documents in search results.",
        ),
    ]);
    for text in [
        "社内ポータルのサイトを開くと「500 Internal Server Error」が表示される。全社で発生。",
        "Our intranet site throws a server error for everyone since 9am.",
    ] {
        assert_eq!(
            best(text, None, &issues).as_deref(),
            Some("SP1300101"),
            "{text}"
        );
        let matches = match_issues(text, None, &issues);
        assert!(
            find(&matches, "SP1300101")
                .shared_terms
                .iter()
                .any(|t| t == "server_error"),
            "{text}: {matches:?}"
        );
    }
    // A bare status code is not the failure named.
    assert_eq!(
        best("Our intranet site shows 500 since 9am.", None, &issues),
        None
    );
}
