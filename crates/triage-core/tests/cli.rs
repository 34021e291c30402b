//! The `triage` batch command, run as a real process.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

#[test]
fn good_lines_give_one_verdict_each_in_order() {
    let input = concat!(
        r#"{"id": "a", "text": "Users in every branch see packet loss and DNS timeouts to Exchange Online."}"#,
        "\n\n",
        r#"{"id": 7, "text": "会議室の Teams デバイスにサインインできません。", "lang": "ja", "facts": {"scope": "single_user"}}"#,
        "\n"
    );
    let out = run(&["classify"], input.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = lines(&out);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["id"], "a");
    assert_eq!(v[1]["id"], "7");
    assert_eq!(v[1]["lang"], "ja");
    assert!(v
        .iter()
        .all(|x| x["route"].is_string() && x["scores"].is_object()));
}

#[test]
fn bad_lines_are_reported_and_the_batch_goes_on() {
    let input = concat!(
        "{not json\n",
        r#"{"id": "no-text", "facts": {}}"#,
        "\n",
        r#"{"id": "wrong", "text": 5}"#,
        "\n",
        r#"{"id": "bad-scope", "text": "x", "facts": {"scope": "galaxy"}}"#,
        "\n",
        r#"{"id": "ok", "text": "The usage report shows doubled numbers since the update."}"#,
        "\n"
    );
    let out = run(&["classify"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let v = lines(&out);
    assert_eq!(v.len(), 5);
    assert_eq!(v[0]["id"], serde_json::Value::Null);
    assert_eq!(v[0]["line"], 1);
    assert!(v[0]["error"].as_str().unwrap().contains("not valid JSON"));
    assert_eq!(v[1]["id"], "no-text");
    assert_eq!(v[1]["line"], 2);
    assert!(v[1]["error"].as_str().unwrap().contains("text"));
    assert_eq!(v[2]["id"], "wrong");
    assert_eq!(v[3]["id"], "bad-scope");
    assert!(v[3]["error"].is_string());
    assert_eq!(v[4]["id"], "ok");
    assert!(v[4]["route"].is_string());
}

#[test]
fn pretty_prints_indented_objects() {
    let out = run(
        &["classify", "--pretty"],
        br#"{"id": "p", "text": "Mail is delayed for all users."}"#,
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() > 5);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["id"], "p");
}

#[test]
fn empty_input_is_fine() {
    let out = run(&["classify"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn help_documents_input_output_and_exit_codes() {
    for args in [
        &["--help"][..],
        &["classify", "--help"][..],
        &["read-health", "--help"][..],
    ] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8(out.stdout).unwrap();
        for needle in [
            "classify",
            "--pretty",
            "\"text\"",
            "\"error\"",
            "escalate_regional",
            "EXIT STATUS",
            "read-health",
            "serviceHealthIssue",
            "admin center",
        ] {
            assert!(help.contains(needle), "help lacks {needle}");
        }
    }
}

#[test]
fn unusable_arguments_exit_2_with_a_message() {
    for args in [
        &[][..],
        &["judge"][..],
        &["classify", "--fast"][..],
        &["read-health", "--fast"][..],
    ] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
        assert!(out.stdout.is_empty());
    }
}

const HEALTH_LIST: &str = include_str!("fixtures/health/text/admin-list-ja.txt");

#[test]
fn read_health_prints_graph_issues_from_pasted_text() {
    let out = run(&["read-health"], HEALTH_LIST.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = lines(&out);
    assert_eq!(v.len(), 1);
    let issues = v[0]["issues"].as_array().unwrap();
    let ids: Vec<&str> = issues.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["EX1190321", "TM1190877", "SP1190450"]);
    assert_eq!(issues[0]["status"], "serviceDegradation");
    assert_eq!(issues[0]["classification"], "incident");
    assert_eq!(issues[0]["service"], "Exchange Online");
    assert_eq!(issues[2]["classification"], "advisory");
    assert_eq!(issues[2]["isResolved"], false);
    assert_eq!(v[0]["warnings"], serde_json::json!([]));
    // What it prints is Graph JSON the command (and the app) reads back to the same issues.
    let again = run(
        &["read-health"],
        serde_json::json!({"value": issues}).to_string().as_bytes(),
    );
    assert_eq!(lines(&again)[0]["issues"], v[0]["issues"]);
}

#[test]
fn read_health_reads_graph_json_and_names_warnings() {
    let doc = r#"{"value": [{"id": "EX1", "title": "Mail is slow", "status": "Investigating"}, {"id": 5}]}"#;
    let out = run(&["read-health", "--pretty"], doc.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() > 3, "pretty: {text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["issues"][0]["status"], "investigating");
    assert_eq!(v["warnings"][0]["path"], "$.value[1].id");
}

#[test]
fn read_health_explains_what_it_cannot_read_and_exits_1() {
    for (input, expected) in [
        (
            &b"The customer says mail is broken."[..],
            "no service-health issue",
        ),
        (&b"{\"value\": ["[..], "line 1"),
        (&b""[..], "empty"),
        (&b"\xff\xfe"[..], "UTF-8"),
    ] {
        let out = run(&["read-health"], input);
        assert_eq!(out.status.code(), Some(1));
        let v = lines(&out);
        let error = v[0]["error"].as_str().unwrap();
        assert!(error.contains(expected), "{error}");
    }
}
