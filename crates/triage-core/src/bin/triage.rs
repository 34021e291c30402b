//! `triage classify`: the engine as a batch command, JSON Lines in, JSON Lines out.
//! `triage read-health`: a service-health document (Graph JSON or pasted text) in, Graph JSON out.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use triage_core::{classify, Case, Verdict};

const HELP: &str = "\
triage - decide which way Microsoft 365 / Azure problems go (Partner Center escalation triage)

USAGE:
    triage classify [--pretty]       classify cases read from standard input
    triage read-health [--pretty]    read a service-health document from standard input
    triage --help                    show this help
    triage classify --help           show this help

INPUT (standard input): JSON Lines, one case per line; blank lines are skipped.
    {\"id\": \"t-1\", \"text\": \"...\", \"lang\": \"en\"|\"ja\", \"service\": \"Exchange Online\",
     \"facts\": {\"scope\": \"single_user\"|\"some_users\"|\"whole_tenant\"|\"multiple_tenants\",
               \"region\": \"...\", \"health_checked\": true, \"troubleshooting_done\": false,
               \"symptom\": \"local\"|\"undocumented\"|\"outage\"|\"wrong\"|\"slow\"|\"region_down\"},
     \"service_health\": [ Microsoft Graph serviceHealthIssue, ... ]}
    Only \"text\" is required; unknown fields are ignored.

OUTPUT (standard output): one JSON verdict per input line, in input order, e.g.
    {\"id\": \"t-1\", \"route\": \"escalate_network\", \"confidence\": 0.82, \"band\": \"high\",
     \"scores\": {\"known_issue\": 0.01, ...}, \"matched_issue\": null, \"match_score\": null,
     \"reasons\": [...], \"next_steps\": [...], \"severity\": {...}, \"product\": \"microsoft_365\",
     \"lang\": \"en\", \"warnings\": [...],
     \"alternatives\": [{\"route\": \"escalate_unavailable\", \"score\": 0.31}],
     \"question\": {\"id\": \"outage_or_slow\", \"text_en\": \"...\", \"text_ja\": \"...\",
                  \"answers\": [{\"fact\": \"symptom\", \"value\": \"slow\", \"text_en\": \"...\", \"text_ja\": \"...\"}]}}
    \"alternatives\" lists the routes that came close (empty when the verdict is clear); when one
    did, \"question\" is the question that separates the two, and answering it means sending the
    case again with the answer's fact set. When one of the two is known_issue (a posted issue
    matched without much to spare, or came close without matching), the question
    (\"posted_issue\") asks whether that issue describes the problem: answer \"issue\" means it
    does, \"issue_aside\" that it does not, and the answer's value is the issue's id. Otherwise
    \"question\" is null.
    Routes: known_issue, partner_fix, escalate_undocumented, escalate_unavailable,
            escalate_bug, escalate_network, escalate_regional.
    A line that cannot be judged gives instead
    {\"id\": <its id or null>, \"line\": N, \"error\": \"what is wrong\"}
    and the batch goes on. --pretty prints each object indented over several lines.

READ-HEALTH INPUT (standard input): one service-health document, read as the app reads it:
    - Microsoft Graph JSON: a GET /admin/serviceAnnouncement/issues response ({\"value\": [...]}),
      a healthOverviews?$expand=issues response, an array of issues or one issue; or
    - text copied from the Microsoft 365 admin center's Service health page (the issue list or
      one issue's details, English or Japanese), a service-health notification e-mail, or chat
      lines quoting issues (\"EX1234567 - Users may be unable to ...\").

READ-HEALTH OUTPUT (standard output): one JSON object
    {\"issues\": [ Microsoft Graph serviceHealthIssue, ... ],
     \"warnings\": [{\"path\": \"$.value[3]\" or \"line 12\", \"message\": \"...\"}, ...]}
    Each issue has id, title, impactDescription, classification, origin, status (Graph values,
    e.g. \"serviceDegradation\"), service, feature, featureGroup, isResolved, startDateTime,
    endDateTime, lastModifiedDateTime (ISO 8601; UTC when the text named its zone) and posts (the
    latest post, as text). Warnings name the parts that were skipped or doubtful.
    A document that cannot be read gives {\"error\": \"what is wrong, and where\"} instead.

EXIT STATUS:
    classify:     0  every line was judged
                  1  at least one line could not be judged (or input/output failed)
    read-health:  0  the document was read (warnings may name skipped parts)
                  1  the document could not be read (or input/output failed)
    both:         2  unusable arguments
";

enum Command {
    Help,
    Classify { pretty: bool },
    ReadHealth { pretty: bool },
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    match args {
        [] => Err("missing command: expected `classify` or `read-health`".into()),
        [flag, ..] if flag == "--help" || flag == "-h" => Ok(Command::Help),
        [cmd, rest @ ..] if cmd == "classify" || cmd == "read-health" => {
            let mut pretty = false;
            for a in rest {
                match a.as_str() {
                    "--pretty" => pretty = true,
                    "--help" | "-h" => return Ok(Command::Help),
                    other => return Err(format!("unknown argument `{other}` for {cmd}")),
                }
            }
            Ok(if cmd == "classify" {
                Command::Classify { pretty }
            } else {
                Command::ReadHealth { pretty }
            })
        }
        [other, ..] => Err(format!(
            "unknown command `{other}`: expected `classify` or `read-health`"
        )),
    }
}

/// What a line that cannot be judged gives, in this key order.
#[derive(serde::Serialize)]
struct LineError {
    id: serde_json::Value,
    line: usize,
    error: String,
}

/// Judges one line: `Ok(verdict)` or `Err((id, message))`.
fn judge(line: &str) -> Result<Verdict, (serde_json::Value, String)> {
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| (serde_json::Value::Null, format!("not valid JSON: {e}")))?;
    let Some(object) = value.as_object() else {
        return Err((serde_json::Value::Null, "not a JSON object".into()));
    };
    let id = match object.get("id") {
        Some(v @ serde_json::Value::String(_)) => v.clone(),
        Some(serde_json::Value::Number(n)) => serde_json::Value::String(n.to_string()),
        _ => serde_json::Value::Null,
    };
    match object.get("text") {
        Some(serde_json::Value::String(_)) => {}
        Some(_) => return Err((id, "`text` is not a string".into())),
        None => return Err((id, "missing `text`".into())),
    }
    let mut object = object.clone();
    // The contract allows numeric ids; the case type holds strings.
    if id.is_string() {
        object.insert("id".into(), id.clone());
    }
    let case: Case = serde_json::from_value(serde_json::Value::Object(object))
        .map_err(|e| (id, format!("invalid case: {e}")))?;
    Ok(classify(&case))
}

/// Writes one JSON object and a newline. The verdict is serialised directly (not through
/// `serde_json::Value`, which would widen its `f32`s into long `f64` digits).
fn write_line<T: serde::Serialize>(
    out: &mut impl Write,
    value: &T,
    pretty: bool,
) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    out.write_all(b"\n")?;
    // Streaming: whoever reads the output sees each verdict as soon as it is made.
    out.flush()
}

fn run(pretty: bool) -> io::Result<bool> {
    // Read line by line (stdin's lock is buffered), so a long batch streams through.
    let mut reader = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut all_good = true;
    let mut buf = Vec::new();
    let mut number = 0usize;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        number += 1;
        let result = match std::str::from_utf8(&buf) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => judge(line.trim_start_matches('\u{feff}')),
            Err(_) => Err((serde_json::Value::Null, "not valid UTF-8".into())),
        };
        match result {
            Ok(verdict) => write_line(&mut out, &verdict, pretty)?,
            Err((id, error)) => {
                all_good = false;
                write_line(
                    &mut out,
                    &LineError {
                        id,
                        line: number,
                        error,
                    },
                    pretty,
                )?;
            }
        }
    }
    out.flush()?;
    Ok(all_good)
}

/// Reads one service-health document from standard input with the app's reader and prints its
/// issues as Graph JSON. `Ok(false)` when the document could not be read.
fn read_health(pretty: bool) -> io::Result<bool> {
    let mut input = Vec::new();
    io::Read::read_to_end(&mut io::stdin().lock(), &mut input)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let text = match String::from_utf8(input) {
        Ok(text) => text,
        Err(e) => {
            let error = format!(
                "the input is not valid UTF-8 (byte {}): save the document as UTF-8",
                e.utf8_error().valid_up_to()
            );
            write_line(&mut out, &serde_json::json!({ "error": error }), pretty)?;
            return Ok(false);
        }
    };
    match triage_core::health::parse_document(&text) {
        Ok(parsed) => {
            let issues: Vec<_> = parsed
                .issues
                .iter()
                .map(triage_core::health::issue_to_graph)
                .collect();
            let document = serde_json::json!({ "issues": issues, "warnings": parsed.warnings });
            write_line(&mut out, &document, pretty)?;
            Ok(true)
        }
        Err(error) => {
            let document = serde_json::json!({ "error": error.to_string() });
            write_line(&mut out, &document, pretty)?;
            Ok(false)
        }
    }
}

fn exit(result: io::Result<bool>) -> ExitCode {
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(1),
        Err(e) => {
            eprintln!("triage: {e}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect();
    let command = args
        .map_err(|a| format!("argument {a:?} is not valid UTF-8"))
        .and_then(|args| parse_args(&args));
    match command {
        Ok(Command::Help) => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Ok(Command::Classify { pretty }) => exit(run(pretty)),
        Ok(Command::ReadHealth { pretty }) => exit(read_health(pretty)),
        Err(message) => {
            eprintln!("triage: {message}\nTry `triage --help`.");
            ExitCode::from(2)
        }
    }
}
