//! The decision record, walked through every kind of override the engineer can make: the verdict
//! panel's route, the service request, the customer message and the host page's `result` event
//! must all say the same thing, and the request must say where the engineer overruled the engine.

use triage_core::flow::{Choice, Decisions, FixOutcome, HealthOutcome, Inputs};
use triage_core::session::{Judgement, Reply, Request, Session};
use triage_core::{Case, Facts, Lang, Route, Scope};

const SAMPLE: &str = include_str!("../../../static/sample-service-health.json");
const SHARED_MAILBOX: &str = "Since this morning several users get an error when they open the shared mailbox in Outlook on the web. Their own mailboxes work.";
/// Says nothing a posted issue's words would match, yet the engineer knows EX9000102 is it.
const SLOW_MAIL: &str = "Customers tell us their messages to us only show up hours later since this morning; nothing bounces.";
const TEAMS_BUG: &str = "Since last week's update the Microsoft 365 admin center usage report shows zero active users for Teams although everyone uses it daily. Same in a clean test tenant and in every browser.";

fn session() -> Session {
    let mut session = Session::default();
    let read = session.handle(Request::ReadHealth {
        generation: 1,
        doc: SAMPLE.into(),
    });
    assert!(matches!(read, Reply::Health { .. }), "{read:?}");
    session
}

fn case(text: &str, service: &str) -> Case {
    Case {
        text: text.into(),
        service: Some(service.into()),
        facts: Facts {
            scope: Some(Scope::SomeUsers),
            ..Facts::default()
        },
        ..Case::default()
    }
}

fn inputs(lang: Lang) -> Inputs {
    Inputs {
        customer: "Fabrikam".into(),
        tenant: "fabrikam.onmicrosoft.com".into(),
        since: "09:10 JST".into(),
        finding: "Checked the transport rules; nothing changed on our side.".into(),
        request_lang: lang,
        partner: "Contoso Cloud Services".into(),
        ..Inputs::default()
    }
}

fn judge(session: &mut Session, case: &Case, decisions: Decisions, lang: Lang) -> Judgement {
    match session.handle(Request::Judge {
        seq: 1,
        case: case.clone(),
        decisions,
        inputs: Box::new(inputs(lang)),
    }) {
        Reply::Judged { judgement, .. } => *judgement,
        other => panic!("a judgement, not {other:?}"),
    }
}

/// Every view of the case agrees with the decision record.
fn assert_agree(j: &Judgement, lang: Lang) {
    let d = &j.decision;
    let o = &j.outputs;
    // The host page hears the route the panel shows.
    assert_eq!(o.result["route"], d.route.id(), "{}", o.result);
    assert_eq!(o.result["engineRoute"], d.engine_route.id());
    assert_eq!(o.result["lang"], lang.code());
    let overrides: Vec<&str> = d.overrides.iter().map(|o| o.id()).collect();
    assert_eq!(o.result["overrides"], serde_json::json!(overrides));
    // The request the host page gets is the one the page shows and copies.
    let field = |id: &str| {
        o.request_fields
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.value.clone())
            .unwrap_or_else(|| panic!("no {id} field"))
    };
    assert_eq!(o.result["title"], field("title"));
    assert_eq!(o.result["description"], field("description"));
    assert!(o.request_text.contains(&field("description")));
    // Every override is stated in the request, in its language.
    for s in &d.statements {
        assert!(
            field("description").contains(s.text(lang)),
            "the request lacks “{}”:\n{}",
            s.text(lang),
            field("description")
        );
    }
    // A known issue ends at the customer message naming that issue; nothing else has one.
    match (&d.issue, d.route) {
        (Some(issue), Route::KnownIssue) => {
            let message = o.customer_message.as_ref().expect("a customer message");
            assert!(message.text(lang).contains(&issue.id));
            assert_eq!(o.result["matchedIssue"], issue.id.as_str());
            assert_eq!(o.result["customerMessage"], message.text(lang));
        }
        _ => {
            assert!(o.customer_message.is_none());
            assert_eq!(o.result["matchedIssue"], serde_json::Value::Null);
        }
    }
    // Severity and product are an escalation's, and match the request's.
    if d.route.is_escalation() {
        let severity = field("severity");
        assert!(
            severity.starts_with(o.result["severity"].as_str().expect("a severity")),
            "{severity}"
        );
        assert_eq!(field("product"), triage_core::flow::product_name(d.product));
    } else {
        assert_eq!(o.result["severity"], serde_json::Value::Null);
    }
}

#[test]
fn the_engine_alone_decides_when_the_engineer_has_not() {
    let mut s = session();
    let j = judge(
        &mut s,
        &case(SHARED_MAILBOX, "Exchange Online"),
        Decisions::default(),
        Lang::En,
    );
    assert_eq!(j.decision.route, Route::KnownIssue);
    assert_eq!(j.decision.engine_route, Route::KnownIssue);
    assert_eq!(j.decision.issue.as_ref().unwrap().id, "EX9000101");
    assert!(j.decision.overrides.is_empty());
    assert!(!j.decision.ended, "not until the engineer confirms it");
    assert_agree(&j, Lang::En);
}

#[test]
fn picking_an_issue_the_engine_missed_ends_at_that_issue() {
    let mut s = session();
    let c = case(SLOW_MAIL, "Exchange Online");
    let before = judge(&mut s, &c, Decisions::default(), Lang::En);
    assert_eq!(before.verdict.matched_issue, None, "the engine misses it");
    for lang in Lang::ALL {
        let j = judge(
            &mut s,
            &c,
            Decisions {
                health: Some(HealthOutcome::Documented {
                    issue_id: "EX9000102".into(),
                }),
                ..Decisions::default()
            },
            lang,
        );
        let d = &j.decision;
        assert_eq!(d.route, Route::KnownIssue);
        assert!(d.ended);
        let issue = d.issue.as_ref().expect("the picked issue");
        assert_eq!(issue.id, "EX9000102");
        assert_eq!(
            issue.title,
            "Email messages from external senders may be delayed"
        );
        assert_eq!(d.overrides[0].id(), "picked_issue");
        let message = j.outputs.customer_message.as_ref().unwrap().text(lang);
        assert!(message.contains("Email messages from external senders may be delayed"));
        let request = &j.outputs.request_text;
        match lang {
            Lang::En => {
                assert!(
                    request.contains("the engineer chose EX9000102"),
                    "{request}"
                );
                assert!(request.contains("Posted issue EX9000102 explains this problem."));
            }
            Lang::Ja => {
                assert!(request.contains("担当エンジニアはこの問題に該当する掲載済みの問題として EX9000102 を選びました。"), "{request}");
            }
        }
        assert_agree(&j, lang);
    }
}

/// A posted issue that comes close without matching: the verdict asks whether it describes the
/// problem; "no" sets it aside (the question goes and "known issue" with it), "yes" picks it (the
/// question goes and the case ends at that issue).
#[test]
fn the_question_about_a_close_issue_is_answered_by_picking_or_setting_it_aside() {
    let mut s = session();
    let c = Case {
        text: "Users cannot join Teams calls on their phones.".into(),
        service: Some("Microsoft Teams".into()),
        ..Case::default()
    };
    let asked = judge(&mut s, &c, Decisions::default(), Lang::En);
    let v = &asked.verdict;
    assert_ne!(v.route, Route::KnownIssue);
    assert!(v.scores[&Route::KnownIssue] > 0.2, "{:?}", v.scores);
    let q = v.question.as_ref().expect("a question");
    assert_eq!(q.id, triage_core::question::POSTED_ISSUE);
    assert!(q.text.text_en.contains("TM9000201"), "{}", q.text.text_en);
    let [yes, no] = [0, 1].map(|i| &q.answers[i]);
    assert_eq!(
        (yes.fact.as_str(), yes.value.as_str()),
        ("issue", "TM9000201")
    );
    assert_eq!(
        (no.fact.as_str(), no.value.as_str()),
        ("issue_aside", "TM9000201")
    );

    let aside = judge(
        &mut s,
        &c,
        Decisions {
            rejected: vec![no.value.clone()],
            ..Decisions::default()
        },
        Lang::En,
    );
    assert_eq!(aside.verdict.scores[&Route::KnownIssue], 0.0);
    assert!(aside.verdict.confidence > v.confidence);
    assert!(aside
        .verdict
        .question
        .as_ref()
        .is_none_or(|q| q.id != triage_core::question::POSTED_ISSUE));
    assert_ne!(aside.decision.route, Route::KnownIssue);
    assert_agree(&aside, Lang::En);

    let picked = judge(
        &mut s,
        &c,
        Decisions {
            health: Some(HealthOutcome::Documented {
                issue_id: yes.value.clone(),
            }),
            ..Decisions::default()
        },
        Lang::Ja,
    );
    assert_eq!(picked.verdict.question, None);
    assert_eq!(picked.decision.route, Route::KnownIssue);
    assert_eq!(picked.decision.issue.as_ref().unwrap().id, "TM9000201");
    assert_agree(&picked, Lang::Ja);
}

#[test]
fn picking_another_issue_than_the_engines_match_is_stated() {
    let mut s = session();
    let j = judge(
        &mut s,
        &case(SHARED_MAILBOX, "Exchange Online"),
        Decisions {
            health: Some(HealthOutcome::Documented {
                issue_id: "EX9000103".into(),
            }),
            ..Decisions::default()
        },
        Lang::En,
    );
    assert_eq!(j.decision.issue.as_ref().unwrap().id, "EX9000103");
    assert!(j
        .outputs
        .request_text
        .contains("The engine suggested posted issue EX9000101; the engineer chose EX9000103"));
    assert_agree(&j, Lang::En);
}

#[test]
fn rejecting_the_engines_match_leads_on_as_if_none_matched() {
    let mut s = session();
    let c = case(SHARED_MAILBOX, "Exchange Online");
    for decisions in [
        Decisions {
            rejected: vec!["EX9000101".into()],
            ..Decisions::default()
        },
        // "No documented issue explains it" sets the engine's match aside just the same.
        Decisions {
            health: Some(HealthOutcome::NothingDocumented),
            ..Decisions::default()
        },
    ] {
        for lang in Lang::ALL {
            let j = judge(&mut s, &c, decisions.clone(), lang);
            let d = &j.decision;
            assert_ne!(d.route, Route::KnownIssue, "{decisions:?}");
            assert_eq!(d.engine_route, Route::KnownIssue);
            assert_eq!(d.engine_issue.as_deref(), Some("EX9000101"));
            assert_eq!(j.verdict.matched_issue, None);
            assert_eq!(d.overrides[0].id(), "rejected_match");
            assert!(j.outputs.customer_message.is_none());
            let request = &j.outputs.request_text;
            match lang {
                Lang::En => assert!(
                    request.contains("The engine suggested posted issue EX9000101; the engineer found that it does not explain this problem."),
                    "{request}"
                ),
                Lang::Ja => assert!(
                    request.contains("ツールは掲載済みの問題 EX9000101 を提案しましたが、担当エンジニアはこの問題には該当しないと判断しました。"),
                    "{request}"
                ),
            }
            assert_agree(&j, lang);
        }
    }
    let j = judge(
        &mut s,
        &c,
        Decisions {
            rejected: vec!["EX9000101".into()],
            ..Decisions::default()
        },
        Lang::En,
    );
    assert_eq!(
        j.outputs.result["rejectedIssues"],
        serde_json::json!(["EX9000101"])
    );
    // The table still shows the rejected issue; the request lists it only as rejected.
    assert!(j.matches.iter().any(|m| m.issue_id == "EX9000101"));
    assert!(!j
        .outputs
        .request_fields
        .iter()
        .any(|f| f.id == "incidents" && f.value.contains("EX9000101")));
}

#[test]
fn a_fix_ends_at_the_partner_fix_summary() {
    let mut s = session();
    let c = case(TEAMS_BUG, "Microsoft 365 suite");
    let engine = judge(&mut s, &c, Decisions::default(), Lang::En);
    assert!(engine.decision.route.is_escalation());
    for lang in Lang::ALL {
        let j = judge(
            &mut s,
            &c,
            Decisions {
                health: Some(HealthOutcome::NothingDocumented),
                fix: Some(FixOutcome::Fixed),
                ..Decisions::default()
            },
            lang,
        );
        let d = &j.decision;
        assert_eq!(d.route, Route::PartnerFix);
        assert!(d.ended);
        assert_eq!(d.overrides.last().unwrap().id(), "fixed");
        let summary = j
            .outputs
            .partner_fix
            .as_ref()
            .expect("a summary")
            .text(lang);
        assert!(summary.contains("Checked the transport rules"));
        assert_eq!(j.outputs.result["customerMessage"], summary);
        assert!(j.outputs.request_text.contains(match lang {
            Lang::En => "the engineer fixed the problem with admin privileges",
            Lang::Ja => "担当エンジニアが管理者権限で問題を解決しました",
        }));
        assert_agree(&j, lang);
    }
}

#[test]
fn another_category_and_none_fits_are_stated() {
    let mut s = session();
    let c = case(TEAMS_BUG, "Microsoft 365 suite");
    let engine = judge(&mut s, &c, Decisions::default(), Lang::En)
        .decision
        .route;
    let other = if engine == Route::EscalateUndocumented {
        Route::EscalateBug
    } else {
        Route::EscalateUndocumented
    };
    for lang in Lang::ALL {
        let j = judge(
            &mut s,
            &c,
            Decisions {
                health: Some(HealthOutcome::NothingDocumented),
                fix: Some(FixOutcome::NotFixed),
                choice: Some(Choice::Category(other)),
                ..Decisions::default()
            },
            lang,
        );
        assert_eq!(j.decision.route, other);
        assert_eq!(j.decision.overrides.len(), 1);
        assert_eq!(j.decision.overrides[0].id(), "category");
        assert!(j.decision.severity.is_some());
        assert_agree(&j, lang);

        let none = judge(
            &mut s,
            &c,
            Decisions {
                health: Some(HealthOutcome::NothingDocumented),
                fix: Some(FixOutcome::NotFixed),
                choice: Some(Choice::NoneFits),
                ..Decisions::default()
            },
            lang,
        );
        assert_eq!(none.decision.route, Route::PartnerFix);
        assert_eq!(none.decision.overrides[0].id(), "none_fits");
        assert!(!none.decision.reached_end(true), "nothing to file");
        assert_agree(&none, lang);
    }
    // Confirming the engine's own category is no override.
    let same = judge(
        &mut s,
        &c,
        Decisions {
            choice: Some(Choice::Category(engine)),
            ..Decisions::default()
        },
        Lang::En,
    );
    assert!(same.decision.overrides.is_empty());
    assert!(same.decision.reached_end(true));
    assert!(!same.decision.reached_end(false));
}

#[test]
fn every_decision_reaches_the_engine_as_it_was_made() {
    let picked = HealthOutcome::Documented {
        issue_id: "EX9000102".into(),
    };
    for decisions in [
        Decisions::default(),
        Decisions {
            health: Some(picked.clone()),
            rejected: vec!["EX9000101".into()],
            ..Decisions::default()
        },
        Decisions {
            health: Some(HealthOutcome::NothingDocumented),
            fix: Some(FixOutcome::Fixed),
            choice: Some(Choice::NoneFits),
            ..Decisions::default()
        },
        Decisions {
            fix: Some(FixOutcome::NotFixed),
            choice: Some(Choice::Category(Route::EscalateRegional)),
            ..Decisions::default()
        },
    ] {
        let json = serde_json::to_string(&decisions).unwrap();
        let back: Decisions = serde_json::from_str(&json).unwrap();
        assert_eq!(back, decisions, "{json}");
    }
    let none: Decisions = serde_json::from_str("{}").unwrap();
    assert_eq!(none, Decisions::default());
}
