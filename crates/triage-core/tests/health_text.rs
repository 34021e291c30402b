//! Service health pasted as text: copies of the Microsoft 365 admin center's Service health page
//! (issue list and issue details, English and Japanese), service-health e-mails and a chat quote.
//!
//! The fixtures in `tests/fixtures/health/text/` are invented, written in the shapes those pages
//! and messages have.

use triage_core::health::{parse_document, Classification, HealthIssue, ParseError, Status};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("fixtures/health/text/", $name))
    };
}

/// (id, title, service, status, classification) of every issue read.
fn summary(issues: &[HealthIssue]) -> Vec<(&str, &str, &str, Status, Classification)> {
    issues
        .iter()
        .map(|i| {
            (
                i.id.as_str(),
                i.title.as_str(),
                i.service.as_str(),
                i.status_kind.clone(),
                i.classification.clone(),
            )
        })
        .collect()
}

fn read(text: &str) -> triage_core::health::Parsed {
    let parsed = parse_document(text).unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.from_text, "read as text");
    parsed
}

#[test]
fn the_english_issue_list_gives_every_row() {
    let parsed = read(fixture!("admin-list-en.txt"));
    assert_eq!(
        summary(&parsed.issues),
        [
            (
                "EX1190321",
                "Some users may see delays receiving email from external senders",
                "Exchange Online",
                Status::ServiceDegradation,
                Classification::Incident
            ),
            (
                "TM1190877",
                "Users can't join Teams meetings from the Outlook calendar",
                "Microsoft Teams",
                Status::Investigating,
                Classification::Incident
            ),
            (
                "SP1190450",
                "Sharing links to some sites may show an access denied page",
                "SharePoint Online",
                Status::RestoringService,
                Classification::Advisory
            ),
            (
                "OD1189902",
                "Sync may stop for files larger than 10 GB",
                "OneDrive for Business",
                Status::ServiceRestored,
                Classification::Advisory
            ),
        ]
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let restored = &parsed.issues[3];
    assert!(restored.is_resolved && !restored.is_active());
    assert!(parsed.issues[0].is_active());
    // The Graph value, not the label.
    assert_eq!(parsed.issues[0].status, "serviceDegradation");
    assert_eq!(
        parsed.issues[0].last_modified_date_time.as_deref(),
        Some("2026-12-01T09:40:00")
    );
}

#[test]
fn the_japanese_issue_list_copied_cell_by_cell_gives_every_row() {
    let parsed = read(fixture!("admin-list-ja.txt"));
    assert_eq!(
        summary(&parsed.issues),
        [
            (
                "EX1190321",
                "外部の送信者からのメールの受信が遅れる場合があります",
                "Exchange Online",
                Status::ServiceDegradation,
                Classification::Incident
            ),
            (
                "TM1190877",
                "Outlook の予定表から Teams 会議に参加できません",
                "Microsoft Teams",
                Status::Investigating,
                Classification::Incident
            ),
            (
                "SP1190450",
                "一部のサイトの共有リンクで「アクセスが拒否されました」と表示される場合があります",
                "SharePoint Online",
                Status::RestoringService,
                Classification::Advisory
            ),
        ]
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn the_english_details_page_gives_the_issue_with_its_impact_and_start() {
    let parsed = read(fixture!("admin-details-en.txt"));
    assert_eq!(
        summary(&parsed.issues),
        [(
            "TM1190877",
            "Users can't join Teams meetings from the Outlook calendar",
            "Microsoft Teams",
            Status::Investigating,
            Classification::Incident
        )]
    );
    let issue = &parsed.issues[0];
    assert_eq!(
        issue.impact_description,
        "Users selecting Join in a Teams meeting invitation in the Outlook calendar may see nothing happen."
    );
    // "Estimated start time" at the top, in the page's zone (GMT+9), read as UTC.
    assert_eq!(
        issue.start_date_time.as_deref(),
        Some("2026-11-30T22:30:00Z")
    );
    assert_eq!(
        issue.last_modified_date_time.as_deref(),
        Some("2026-12-01T00:12:00Z")
    );
    assert_eq!(issue.origin, triage_core::health::Origin::Microsoft);
    let post = issue.latest_post_text().expect("the update is kept");
    assert!(
        post.contains("Current status: We're reviewing telemetry"),
        "{post}"
    );
    assert!(post.contains("Scope of impact: Any user"), "{post}");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn the_japanese_details_page_gives_the_issue() {
    let parsed = read(fixture!("admin-details-ja.txt"));
    assert_eq!(
        summary(&parsed.issues),
        [(
            "TM1190877",
            "Outlook の予定表から Teams 会議に参加できません",
            "Microsoft Teams",
            Status::Investigating,
            Classification::Incident
        )]
    );
    let issue = &parsed.issues[0];
    assert!(issue
        .impact_description
        .starts_with("Outlook の予定表で Teams 会議の [参加]"));
    // The page wrote no zone: the time is kept as written.
    assert_eq!(
        issue.start_date_time.as_deref(),
        Some("2026-12-01T07:30:00")
    );
    assert!(issue
        .latest_post_text()
        .unwrap()
        .contains("Current status: 会議参加サービスのテレメトリ"));
}

#[test]
fn notification_emails_give_the_issue_in_both_languages() {
    for (text, title, start) in [
        (
            fixture!("email-en.txt"),
            "Some users may see delays receiving email from external senders",
            "2026-12-01T00:40:00Z",
        ),
        (
            fixture!("email-ja.txt"),
            "外部の送信者からのメールの受信が遅れる場合があります",
            "2026-12-01T00:40:00Z",
        ),
    ] {
        let parsed = read(text);
        assert_eq!(
            summary(&parsed.issues),
            [(
                "EX1190321",
                title,
                "Exchange Online",
                Status::ServiceDegradation,
                Classification::Incident
            )]
        );
        let issue = &parsed.issues[0];
        assert_eq!(issue.start_date_time.as_deref(), Some(start));
        assert!(!issue.impact_description.is_empty());
        assert!(issue.latest_post_text().unwrap().contains("Next update by"));
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }
    assert_eq!(
        read(fixture!("email-en.txt")).issues[0].feature,
        "E-Mail and calendar access"
    );
}

#[test]
fn a_chat_quote_gives_each_quoted_issue_and_nothing_else() {
    let parsed = read(fixture!("chat-quote.txt"));
    assert_eq!(
        summary(&parsed.issues),
        [
            (
                "EX1190321",
                "Some users may see delays receiving email from external senders",
                // Not named in the quote: the id's prefix says it.
                "Exchange Online",
                Status::Unknown(String::new()),
                Classification::Unknown(String::new())
            ),
            (
                "TM1190877",
                "Users can't join Teams meetings from the Outlook calendar",
                "Microsoft Teams",
                Status::Unknown(String::new()),
                Classification::Unknown(String::new())
            ),
        ]
    );
    // A status nobody gave: the issue counts as active.
    assert!(parsed.issues.iter().all(HealthIssue::is_active));
}

#[test]
fn the_list_and_then_the_details_of_one_issue_make_one_issue() {
    let text = format!(
        "{}\n\n{}",
        fixture!("admin-list-en.txt"),
        fixture!("admin-details-en.txt")
    );
    let parsed = read(&text);
    assert_eq!(parsed.issues.len(), 4);
    let teams = parsed.issues.iter().find(|i| i.id == "TM1190877").unwrap();
    assert!(teams.impact_description.starts_with("Users selecting Join"));
}

#[test]
fn unreadable_parts_are_warnings_with_their_line() {
    let text = "Title\tID\tAffected service\tIssue type\tStatus\n\
                Mail is slow\tEX1200001\tExchange Online\tIncident\tQuite bad\n\
                A row without an id\t\tExchange Online\tAdvisory\tInvestigating\n\
                Calendar sync fails\tEX1200002\tExchange Online\tProblem\tInvestigating\n";
    let parsed = read(text);
    let ids: Vec<&str> = parsed.issues.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["EX1200001", "EX1200002"]);
    let warnings: Vec<(&str, &str)> = parsed
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert_eq!(warnings[0].0, "line 3");
    assert!(warnings[0].1.contains("no issue id"), "{warnings:?}");
    assert_eq!(warnings[1].0, "line 2");
    assert!(warnings[1].1.contains("\"Quite bad\""), "{warnings:?}");
    assert_eq!(warnings[2].0, "line 4");
    assert!(warnings[2].1.contains("\"Problem\""), "{warnings:?}");
    // Kept as written.
    assert_eq!(parsed.issues[0].status, "Quite bad");
}

#[test]
fn an_issue_without_a_title_is_skipped_and_named() {
    let err = parse_document("Issue ID: EX1200003\nStatus: Investigating\n").unwrap_err();
    let ParseError::Shape { path, message } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(path, "line 1");
    assert!(message.contains("EX1200003 has no title"), "{message}");
}

#[test]
fn text_without_an_issue_says_what_was_expected_in_both_languages() {
    for text in [
        "Hello, the customer says Outlook is broken.",
        "[10:02] Hana Sato\nAnyone seen this?",
        "See KB5034441 and MC700001.",
    ] {
        let err = parse_document(text).unwrap_err();
        assert_eq!(err, ParseError::NoIssue, "{text}");
        let message = err.bilingual();
        assert!(message.text_en.contains("Service health page"));
        assert!(message.text_en.contains("EX1234567"));
        assert!(message.text_ja.contains("サービス正常性"));
    }
}

#[test]
fn json_is_still_read_as_json() {
    // A broken JSON document keeps its JSON error, even when it names an issue id.
    let err = parse_document("{\"value\": [{\"id\": \"EX1190321\",").unwrap_err();
    assert!(matches!(err, ParseError::Syntax { .. }), "{err:?}");
    let err = parse_document("[{\"id\": \"EX1190321\" \"title\": \"x\"}]").unwrap_err();
    assert!(matches!(err, ParseError::Syntax { .. }), "{err:?}");
    let parsed = parse_document(r#"[{"id": "EX1190321", "title": "Mail is slow"}]"#).unwrap();
    assert!(!parsed.from_text);
    // A quote in brackets is text.
    let parsed = parse_document("[EX1190321] Mail is slow").unwrap();
    assert!(parsed.from_text);
    assert_eq!(parsed.issues[0].title, "Mail is slow");
}

#[test]
fn fields_before_the_issue_id_belong_to_the_first_issue() {
    let text =
        "Status: Service interruption\nIssue type: Incident\nAffected services: Microsoft Teams\n\
                Issue ID: TM1200010\nTitle: Users can't sign in to Teams\n";
    let parsed = read(text);
    assert_eq!(
        summary(&parsed.issues),
        [(
            "TM1200010",
            "Users can't sign in to Teams",
            "Microsoft Teams",
            Status::ServiceInterruption,
            Classification::Incident
        )]
    );
}

#[test]
fn a_list_copied_cell_by_cell_ends_at_a_blank_line() {
    let text = format!(
        "{}\n{}",
        fixture!("admin-list-ja.txt"),
        fixture!("admin-details-ja.txt")
    );
    let parsed = read(&text);
    let ids: Vec<&str> = parsed.issues.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["EX1190321", "TM1190877", "SP1190450"]);
    let teams = &parsed.issues[1];
    assert!(
        teams.impact_description.starts_with("Outlook の予定表で"),
        "{teams:?}"
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}
