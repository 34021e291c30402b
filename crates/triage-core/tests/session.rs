//! The engine's side of the app–worker conversation, driven the way the app drives it.

use triage_core::session::{Judgement, Reply, Request, Session};
use triage_core::{Case, Route};

const SAMPLE: &str = include_str!("../../../static/sample-service-health.json");
const SHARED_MAILBOX: &str = "Since this morning several users get an error when they open the shared mailbox in Outlook on the web. Their own mailboxes work.";

fn case(text: &str) -> Case {
    Case {
        text: text.into(),
        service: Some("Exchange Online".into()),
        ..Case::default()
    }
}

fn read(session: &mut Session, generation: u32, doc: &str) -> Result<usize, String> {
    let request = Request::ReadHealth {
        generation,
        doc: doc.into(),
    };
    match session.handle(request) {
        Reply::Health {
            generation: answered,
            view,
        } => {
            assert_eq!(answered, generation);
            Ok(view.issues.len())
        }
        Reply::HealthRefused {
            generation: answered,
            error,
        } => {
            assert_eq!(answered, generation);
            Err(error.text_en)
        }
        other => panic!("expected a health reply, got {other:?}"),
    }
}

fn judge(session: &mut Session, seq: u32, text: &str) -> Judgement {
    judge_case(session, seq, case(text))
}

fn judge_case(session: &mut Session, seq: u32, case: Case) -> Judgement {
    match session.handle(Request::Judge {
        seq,
        case,
        decisions: Default::default(),
        inputs: Default::default(),
    }) {
        Reply::Judged {
            seq: answered,
            judgement,
        } => {
            assert_eq!(answered, seq);
            *judgement
        }
        other => panic!("expected a judgement, got {other:?}"),
    }
}

#[test]
fn a_case_is_judged_against_the_loaded_service_health() {
    let mut session = Session::default();
    let before = judge(&mut session, 1, SHARED_MAILBOX);
    assert_eq!(before.verdict.matched_issue, None);
    assert!(before.matches.is_empty());

    let issues = read(&mut session, 1, SAMPLE).expect("the sample parses");
    assert!(issues > 3, "{issues}");
    let after = judge(&mut session, 2, SHARED_MAILBOX);
    assert_eq!(after.verdict.route, Route::KnownIssue);
    assert_eq!(after.verdict.matched_issue.as_deref(), Some("EX9000101"));
    assert_eq!(after.matches[0].issue_id, "EX9000101");
    assert!(after.matches[0].is_match);
    // Only the issues that share something with the case are sent back.
    assert!(
        after.matches.len() < issues,
        "{} of {issues}",
        after.matches.len()
    );
    assert!(after.matches.iter().all(|m| m.score > 0.0));
}

/// The issue table and the verdict agree: an issue that shares the ticket's words, while the
/// text reads clearly as another kind of problem, is shown as one that comes close, not as a match.
#[test]
fn the_table_does_not_show_a_match_the_verdict_set_aside() {
    let mut session = Session::default();
    read(&mut session, 1, SAMPLE).unwrap();
    let case = Case {
        facts: triage_core::Facts {
            scope: Some(triage_core::Scope::SingleUser),
            ..Default::default()
        },
        ..case(
            "Since we removed her FullAccess permission yesterday, one user gets an error when she \
             opens the shared mailbox in Outlook on the web. We changed the permission on purpose \
             and forgot she needs it.",
        )
    };
    let judged = judge_case(&mut session, 1, case);
    assert_eq!(judged.verdict.route, Route::PartnerFix);
    assert_eq!(judged.verdict.matched_issue, None);
    assert_eq!(judged.matches[0].issue_id, "EX9000101");
    assert!(!judged.matches[0].is_match, "{:?}", judged.matches[0]);
    assert!(judged.matches.iter().all(|m| !m.is_match));
    assert_eq!(judged.decision.route, Route::PartnerFix);
}

/// The table and the verdict read the same text: past the length the engine reads, a match the
/// verdict never saw is not shown either.
#[test]
fn the_table_reads_no_further_than_the_verdict() {
    let mut session = Session::default();
    read(&mut session, 1, SAMPLE).unwrap();
    let filler = "The customer sent us a long log of unrelated lines. ".repeat(400);
    assert!(filler.len() > triage_core::features::MAX_TEXT_BYTES);
    let judged = judge(&mut session, 1, &format!("{filler}{SHARED_MAILBOX}"));
    assert_eq!(judged.verdict.matched_issue, None);
    assert!(
        judged.matches.iter().all(|m| m.issue_id != "EX9000101"),
        "{:?}",
        judged.matches
    );
    let whole = judge(&mut session, 2, SHARED_MAILBOX);
    assert_eq!(whole.verdict.matched_issue.as_deref(), Some("EX9000101"));
}

#[test]
fn a_malformed_document_leaves_the_loaded_one_and_an_empty_one_clears_it() {
    let mut session = Session::default();
    read(&mut session, 1, SAMPLE).unwrap();
    let error = read(&mut session, 2, "{\"value\": [").unwrap_err();
    assert!(error.contains("line 1"), "{error}");
    assert_eq!(
        judge(&mut session, 1, SHARED_MAILBOX)
            .verdict
            .matched_issue
            .as_deref(),
        Some("EX9000101")
    );

    assert_eq!(read(&mut session, 3, "  "), Ok(0));
    assert!(judge(&mut session, 2, SHARED_MAILBOX).matches.is_empty());
}

#[test]
fn the_health_view_carries_what_the_table_shows() {
    let mut session = Session::default();
    let Reply::Health { view, .. } = session.handle(Request::ReadHealth {
        generation: 7,
        doc: SAMPLE.into(),
    }) else {
        panic!("the sample parses");
    };
    assert!(view.sample, "the sample says it is demo data");
    let row = view.issues.iter().find(|r| r.id == "EX9000101").unwrap();
    assert_eq!(row.service, "Exchange Online");
    assert!(row.title.contains("shared mailboxes"), "{}", row.title);
    assert!(row.start_date_time.is_some());
}

const PASTED: &str = "Subject: Incident EX9000101 - Exchange Online - Users can't open shared mailboxes in Outlook on the web\nStatus: Service degradation\nUser impact: Users may see an error when they open a shared mailbox in Outlook on the web; their own mailboxes work.\n";

#[test]
fn pasted_text_is_previewed_and_loaded_only_when_sent_back_as_json() {
    let mut session = Session::default();
    let reply = session.handle(Request::ReadHealth {
        generation: 1,
        doc: PASTED.into(),
    });
    let Reply::HealthPreview {
        generation: 1,
        view,
    } = reply
    else {
        panic!("text is previewed: {reply:?}");
    };
    assert_eq!(view.issues.len(), 1);
    assert_eq!(view.issues[0].id, "EX9000101");
    assert_eq!(view.issues[0].service, "Exchange Online");
    // Previewed, not loaded: nothing matches yet.
    assert!(judge(&mut session, 1, SHARED_MAILBOX).matches.is_empty());
    // Confirmed: the page sends the previewed issues back, as Graph JSON, and they load.
    assert!(view.doc.starts_with("{\"value\":["), "{}", view.doc);
    assert_eq!(read(&mut session, 2, &view.doc), Ok(1));
    let judged = judge(&mut session, 2, SHARED_MAILBOX);
    assert_eq!(judged.matches[0].issue_id, "EX9000101");
    assert!(judged.matches[0].is_match, "{:?}", judged.matches);
}

#[test]
fn a_paste_without_issues_is_refused_in_both_languages_and_keeps_the_loaded_document() {
    let mut session = Session::default();
    read(&mut session, 1, SAMPLE).unwrap();
    let reply = session.handle(Request::ReadHealth {
        generation: 2,
        doc: "The customer says mail is broken.".into(),
    });
    let Reply::HealthRefused { error, .. } = reply else {
        panic!("{reply:?}");
    };
    assert!(
        error.text_en.contains("no service-health issue"),
        "{}",
        error.text_en
    );
    assert!(error
        .text_ja
        .contains("サービス正常性の問題が見つかりません"));
    assert_eq!(
        judge(&mut session, 1, SHARED_MAILBOX)
            .verdict
            .matched_issue
            .as_deref(),
        Some("EX9000101")
    );
}

#[test]
fn the_kept_document_is_compact_and_reads_back_the_same() {
    let mut session = Session::default();
    let Reply::Health { view, .. } = session.handle(Request::ReadHealth {
        generation: 1,
        doc: SAMPLE.into(),
    }) else {
        panic!("the sample parses");
    };
    assert!(
        view.doc.len() < SAMPLE.len(),
        "{} of {}",
        view.doc.len(),
        SAMPLE.len()
    );
    let Reply::Health { view: again, .. } = session.handle(Request::ReadHealth {
        generation: 2,
        doc: view.doc.clone(),
    }) else {
        panic!("the kept document parses");
    };
    assert_eq!(again.issues, view.issues);
    assert_eq!(again.services, view.services);
    assert!(again.sample);
    assert_eq!(again.doc, view.doc, "keeping it again changes nothing");
}

#[test]
fn replies_read_back_as_sent() {
    let mut session = Session::default();
    read(&mut session, 1, SAMPLE).unwrap();
    let replies = [
        Reply::Ready,
        Reply::Failed("no WebAssembly".into()),
        session.handle(Request::ReadHealth {
            generation: 2,
            doc: SAMPLE.into(),
        }),
        session.handle(Request::ReadHealth {
            generation: 3,
            doc: "[".into(),
        }),
        session.handle(Request::Judge {
            seq: 3,
            case: case(SHARED_MAILBOX),
            decisions: Default::default(),
            inputs: Default::default(),
        }),
        session.handle_json("{}"),
    ];
    for reply in replies {
        let json = serde_json::to_string(&reply).unwrap();
        let back: Reply = serde_json::from_str(&json).unwrap();
        assert_eq!(back, reply, "{json}");
    }
    let request = Request::Judge {
        seq: 4,
        case: case("Teams calls drop"),
        decisions: Default::default(),
        inputs: Default::default(),
    };
    let json = serde_json::to_string(&request).unwrap();
    assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);
    // A request from before the decisions travelled with the case still reads.
    let older = r#"{"Judge": {"seq": 5, "case": {"text": "Teams calls drop"}}}"#;
    let Ok(Request::Judge {
        seq: 5,
        decisions,
        inputs,
        ..
    }) = serde_json::from_str(older)
    else {
        panic!("an older judge request should read");
    };
    assert_eq!(decisions, Default::default());
    assert_eq!(*inputs, Default::default());
}

#[test]
fn every_kind_of_reason_reads_back_as_sent() {
    use triage_core::{Basis, Bilingual, Reason, SeedRule};
    for basis in [
        Basis::Phrase {
            text: "power failure".into(),
        },
        Basis::Fact {
            name: "scope".into(),
            value: "multiple_tenants".into(),
        },
        Basis::Issue {
            id: "EX9000101".into(),
            title: "Shared mailboxes".into(),
        },
        Basis::NoMatchingIssue,
    ] {
        let reason = Reason {
            basis,
            rule: SeedRule::RegionalMultiTenant,
            text: Bilingual::new("why", "理由"),
        };
        let json = serde_json::to_string(&reason).unwrap();
        assert!(json.contains(r#""text_en":"why""#), "{json}");
        assert_eq!(serde_json::from_str::<Reason>(&json).unwrap(), reason);
    }
    let error = serde_json::from_str::<Reason>(
        r#"{"basis": {"kind": "rumour"}, "rule": "bug", "text_en": "", "text_ja": ""}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("rumour"), "{error}");
}

#[test]
fn a_request_that_cannot_be_read_is_refused_with_the_reason() {
    let mut session = Session::default();
    let Reply::Refused(reason) = session.handle_json(r#"{"Judge": {"seq": "x"}}"#) else {
        panic!("refused");
    };
    assert!(reason.contains("cannot read this request"), "{reason}");
    assert!(
        reason.contains("seq") || reason.contains("invalid type"),
        "{reason}"
    );
}
