//! The verdict's JSON shape is the public contract of the web app and the batch command: these
//! tests pin the field names and ids so that a rename is a deliberate, visible change.

use serde_json::{json, Value};
use triage_core::{classify, Case, Facts, Route, Scope};

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

fn escalation() -> Value {
    let case = Case {
        id: Some("c-1".into()),
        text: "Virtual machines in North Europe are down after a cooling failure in the datacenter; several customers are hit.".into(),
        facts: Facts { scope: Some(Scope::MultipleTenants), region: Some("North Europe".into()), ..Facts::default() },
        ..Case::default()
    };
    serde_json::to_value(classify(&case)).unwrap()
}

#[test]
fn verdict_fields() {
    let v = escalation();
    assert_eq!(
        keys(&v),
        [
            "alternatives",
            "band",
            "confidence",
            "id",
            "lang",
            "match_score",
            "matched_issue",
            "next_steps",
            "product",
            "question",
            "reasons",
            "route",
            "scores",
            "severity",
            "warnings"
        ]
    );
    assert_eq!(v["id"], "c-1");
    assert!(Route::from_id(v["route"].as_str().unwrap()).is_some());
    assert!(["high", "medium", "low"].contains(&v["band"].as_str().unwrap()));
    assert_eq!(v["lang"], "en");
    assert!(v["matched_issue"].is_null() && v["match_score"].is_null());
    assert!(v["alternatives"].is_array());
}

/// A close call names its runner-up and asks the question that separates the two; answering it
/// (sending the case again with the fact set) decides for the answer and asks nothing more.
#[test]
fn a_close_call_asks_and_the_answer_decides() {
    use triage_core::{Route, Symptom};
    let mut case = Case {
        text: "Pages will not open for several tenants, or open with a broken layout".into(),
        facts: Facts {
            scope: Some(Scope::MultipleTenants),
            ..Facts::default()
        },
        ..Case::default()
    };
    let first = classify(&case);
    let asked = first
        .question
        .clone()
        .expect("a close call asks a question");
    assert!(!first.alternatives.is_empty());
    let v = serde_json::to_value(&first).unwrap();
    assert_eq!(v["question"]["answers"][0]["fact"], "symptom");
    assert!(v["question"]["text_ja"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    for answer in &asked.answers {
        case.facts.symptom = Symptom::from_id(&answer.value);
        let after = classify(&case);
        let wanted = Route::ALL
            .into_iter()
            .find(|&r| triage_core::question::symptom_of(r) == case.facts.symptom)
            .unwrap();
        assert_eq!(after.route, wanted, "answer {}", answer.value);
        assert!(after.question.is_none());
    }
}

#[test]
fn scores_are_keyed_by_route_id() {
    let v = escalation();
    let ids: Vec<&str> = Route::ALL.iter().map(|r| r.id()).collect();
    let mut expected = ids.clone();
    expected.sort_unstable();
    assert_eq!(keys(&v["scores"]), expected);
}

#[test]
fn reasons_steps_severity_and_warnings() {
    let v = escalation();
    for reason in v["reasons"].as_array().unwrap() {
        assert_eq!(keys(reason), ["basis", "rule", "text_en", "text_ja"]);
        let kind = reason["basis"]["kind"].as_str().unwrap();
        let basis_keys = keys(&reason["basis"]);
        match kind {
            "phrase" => assert_eq!(basis_keys, ["kind", "text"]),
            "fact" => assert_eq!(basis_keys, ["kind", "name", "value"]),
            "issue" => assert_eq!(basis_keys, ["id", "kind", "title"]),
            "no_matching_issue" => assert_eq!(basis_keys, ["kind"]),
            other => panic!("unknown basis kind {other}"),
        }
        let rules = [
            "check_service_health",
            "fix_with_admin_privileges",
            "undocumented",
            "unavailable",
            "bug",
            "network_disruption",
            "regional_multi_tenant",
        ];
        assert!(rules.contains(&reason["rule"].as_str().unwrap()));
    }
    for step in v["next_steps"].as_array().unwrap() {
        assert_eq!(keys(step), ["text_en", "text_ja"]);
    }
    assert_eq!(
        keys(&v["severity"]),
        ["impact", "level", "text_en", "text_ja"]
    );
    assert!(["A", "B", "C"].contains(&v["severity"]["level"].as_str().unwrap()));
    assert!(["microsoft_365", "azure", "dynamics_365"].contains(&v["product"].as_str().unwrap()));

    let short = serde_json::to_value(classify(&Case {
        text: "??".into(),
        ..Case::default()
    }))
    .unwrap();
    let warning = &short["warnings"][0];
    assert_eq!(keys(warning), ["code", "text_en", "text_ja"]);
    assert!(short["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "text_too_short"));
    assert!(short["severity"].is_null() || short["route"] != "partner_fix");
}

#[test]
fn verdicts_round_trip_through_json() {
    let v = classify(&Case {
        text: "メールの送信が遅延しています".into(),
        ..Case::default()
    });
    let back: triage_core::Verdict =
        serde_json::from_value(serde_json::to_value(&v).unwrap()).unwrap();
    assert_eq!(back, v);
}

#[test]
fn cases_read_the_documented_input() {
    let c: Case = serde_json::from_value(json!({
        "id": "x", "text": "t", "lang": "ja", "service": "Exchange Online",
        "facts": {"scope": "whole_tenant", "region": "Japan East", "health_checked": true, "troubleshooting_done": false},
        "service_health": [], "unknown": 1
    }))
    .unwrap();
    assert_eq!(c.facts.scope, Some(Scope::WholeTenant));
}
