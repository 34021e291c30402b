//! Reading service-health JSON the way engineers paste it.
//!
//! The document is read into a pruned JSON tree (see `json.rs`) and then walked by hand, so that
//! every complaint can name a JSON path, and so that one broken issue costs a warning, not the
//! paste.

use std::fmt;

use serde_json::Value;

use super::json::{Fields, Key, Node};
use super::{Classification, HealthIssue, Origin, ParseWarning, Parsed, PostBody, Status};

/// Why a whole document could not be used. The message names the place and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing but whitespace.
    Empty,
    /// Not JSON; 1-based line and column as serde_json reports them.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not a service-health document; `path` is a JSON path such as `$.value`, or, for
    /// pasted text, a line such as `line 4`.
    Shape { path: String, message: String },
    /// Text (not JSON) in which no service-health issue could be found.
    NoIssue,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => f.write_str(
                "the document is empty: expected the JSON of a Graph serviceAnnouncement/issues response",
            ),
            ParseError::Syntax {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {message}"),
            ParseError::Shape { path, message } => write!(f, "{path}: {message}"),
            ParseError::NoIssue => f.write_str(NO_ISSUE_EN),
        }
    }
}

const NO_ISSUE_EN: &str = "no service-health issue found in this text: expected the JSON of a Graph serviceAnnouncement/issues response, or text copied from the Microsoft 365 admin center's Service health page (the issue list or one issue's details), a service-health e-mail, or a post with an issue id such as \"EX1234567 - Users may be unable to …\"";

impl ParseError {
    /// The error in both languages, for the app. The details of a JSON error (serde's message, a
    /// JSON path) are technical and stay as they are inside the Japanese sentence.
    pub fn bilingual(&self) -> crate::Bilingual {
        let en = self.to_string();
        let ja = match self {
            ParseError::Empty => "ドキュメントが空です。Graph の serviceAnnouncement/issues 応答の JSON か、Microsoft 365 管理センターの [サービス正常性] ページからコピーしたテキストを貼り付けてください。".to_string(),
            ParseError::Syntax { line, column, message } => {
                format!("{line} 行 {column} 列目を JSON として読み取れません ({message})。")
            }
            ParseError::Shape { path, message } => {
                format!("{path}: サービス正常性のドキュメントとして読み取れません ({message})。")
            }
            ParseError::NoIssue => "このテキストにはサービス正常性の問題が見つかりません。Graph の serviceAnnouncement/issues 応答の JSON か、Microsoft 365 管理センターの [サービス正常性] ページ (問題の一覧または問題の詳細) からコピーしたテキスト、サービス正常性の通知メール、または「EX1234567 - ユーザーが … できない場合があります」のように問題 ID を含む投稿を貼り付けてください。".to_string(),
        };
        crate::Bilingual::new(en, ja)
    }
}

impl std::error::Error for ParseError {}

/// Reads a pasted service-health document.
///
/// Accepted: a Graph v1.0 `GET /admin/serviceAnnouncement/issues` response (`{"value": [...]}`,
/// `@odata.*` keys ignored), a bare array of issues, one issue object, and
/// `GET /admin/serviceAnnouncement/healthOverviews?$expand=issues` (issues are taken from every
/// overview, service names go to [`Parsed::services`]). Broken issues are skipped with a warning;
/// the document fails only when it is not JSON, has the wrong shape, or no issue in it is usable.
///
/// Text that is not JSON (it does not start with `{`, `[` or `"`) is read as a copy of the admin
/// center's Service health page, a service-health e-mail or a chat quote (see `text.rs`), and
/// [`Parsed::from_text`] says so. A `[` that starts no JSON array of objects or strings starts a
/// chat line (`[10:02] Hana Sato`, `[EX1234567] …`).
pub fn parse_document(text: &str) -> Result<Parsed, ParseError> {
    let text = text.trim_start_matches('\u{feff}');
    let start = text.trim_start();
    if start.is_empty() {
        return Err(ParseError::Empty);
    }
    if !start.starts_with(['{', '[', '"']) {
        return read_text(text);
    }
    let root: Node = match serde_json::from_str(text) {
        Ok(root) => root,
        // `[EX1234567] …` or `[10:02] Hana Sato` (a chat), not `[{…` or `["…`.
        Err(_)
            if start.starts_with('[')
                && !start[1..].trim_start().starts_with(['{', '[', '"', ']']) =>
        {
            return read_text(text);
        }
        Err(e) => return Err(syntax_error(e)),
    };
    let mut parsed = Parsed::default();
    match &root {
        Node::Object(fields) => {
            if let Some(error) = fields.get(Key::Error) {
                return Err(graph_error(error));
            }
            parsed.sample = matches!(fields.get(Key::Sample), Some(Node::Bool(true)));
            if let Some(value) = fields.get(Key::Value) {
                let Node::Array(items) = value else {
                    return Err(shape("$.value", "an array of issues", value));
                };
                if let Some(next) = fields.str(Key::NextLink) {
                    parsed.warnings.push(ParseWarning {
                        path: "$['@odata.nextLink']".into(),
                        message: format!(
                            "this is one page of a longer list; the next page ({next}) is not included"
                        ),
                    });
                }
                read_items(items, "$.value", &mut parsed);
            } else if looks_like_overview(fields) {
                read_overview(fields, "$", &mut parsed);
            } else if fields.has(Key::Id) || fields.has(Key::Title) {
                match read_issue(fields, "$", &mut parsed.warnings) {
                    Ok(issue) => parsed.issues.push(issue),
                    Err(warning) => {
                        return Err(ParseError::Shape {
                            path: warning.path,
                            message: warning.message,
                        })
                    }
                }
            } else {
                return Err(ParseError::Shape {
                    path: "$".into(),
                    message: format!(
                        "expected a Graph response with `value`, an array of issues or one issue, found an object with {}",
                        describe_keys(text)
                    ),
                });
            }
        }
        Node::Array(items) => read_items(items, "$", &mut parsed),
        other => {
            return Err(shape(
                "$",
                "a Graph response object, an array of issues or one issue",
                other,
            ))
        }
    }
    no_usable_issue(parsed)
}

/// Text read as a copy of what a person sees.
fn read_text(text: &str) -> Result<Parsed, ParseError> {
    let mut parsed = super::text::read_text(text).ok_or(ParseError::NoIssue)?;
    parsed.from_text = true;
    no_usable_issue(parsed)
}

/// Fails a document whose every issue was skipped, with the first one's reason.
fn no_usable_issue(parsed: Parsed) -> Result<Parsed, ParseError> {
    let mut skipped = parsed
        .warnings
        .iter()
        .filter(|w| w.message.starts_with(SKIPPED));
    if let (true, Some(first)) = (parsed.issues.is_empty(), skipped.next()) {
        // Every issue was broken: say why the first one was, rather than "no issues".
        let more = match skipped.count() {
            0 => String::new(),
            n => format!(" ({n} more broken issues)"),
        };
        return Err(ParseError::Shape {
            path: first.path.clone(),
            message: format!(
                "no usable issue: {}{more}",
                first.message.trim_start_matches(SKIPPED)
            ),
        });
    }
    Ok(parsed)
}

/// Reads the issues held in raw JSON values (a case's `service_health`), skipping broken ones.
///
/// Paths in warnings start at `$.service_health`, the field of the case the values came from.
/// An element may also be a `healthOverviews` item; its issues are read too.
pub fn issues_from_values(values: &[Value]) -> Parsed {
    let items: Vec<Node> = values.iter().map(Node::from_value).collect();
    let mut parsed = Parsed::default();
    read_items(&items, "$.service_health", &mut parsed);
    parsed
}

/// The prefix of a warning for an issue that was left out (as opposed to a doubtful field).
pub(super) const SKIPPED: &str = "issue skipped: ";

fn read_items(items: &[Node], path: &str, parsed: &mut Parsed) {
    parsed.issues.reserve(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = || format!("{path}[{i}]");
        match item {
            Node::Object(fields) if looks_like_overview(fields) => {
                read_overview(fields, &item_path(), parsed)
            }
            Node::Object(fields) => {
                match read_issue(fields, path_of(path, i), &mut parsed.warnings) {
                    Ok(issue) => parsed.issues.push(issue),
                    Err(mut warning) => {
                        warning.message.insert_str(0, SKIPPED);
                        parsed.warnings.push(warning);
                    }
                }
            }
            other => parsed.warnings.push(ParseWarning {
                path: item_path(),
                message: format!("{SKIPPED}expected an issue object, found {}", other.kind()),
            }),
        }
    }
}

/// A JSON path built only when a warning needs it: most issues have none.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: &'a str,
    index: Option<usize>,
}

fn path_of(parent: &str, index: usize) -> Path<'_> {
    Path {
        parent,
        index: Some(index),
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "{}[{i}]", self.parent),
            None => f.write_str(self.parent),
        }
    }
}

/// A `healthOverviews` item (`serviceHealth`): a service with a status, no title, maybe issues.
fn looks_like_overview(fields: &Fields) -> bool {
    !fields.has(Key::Title)
        && (fields.has(Key::Issues) || (fields.has(Key::Service) && fields.has(Key::Status)))
}

fn read_overview(fields: &Fields, path: &str, parsed: &mut Parsed) {
    if let Some(name) = fields.str(Key::Service) {
        let name = name.trim();
        if !name.is_empty() && !parsed.services.iter().any(|s| s == name) {
            parsed.services.push(name.to_string());
        }
    }
    match fields.get(Key::Issues) {
        None | Some(Node::Null) => {}
        Some(Node::Array(items)) => read_items(items, &format!("{path}.issues"), parsed),
        Some(other) => parsed.warnings.push(ParseWarning {
            path: format!("{path}.issues"),
            message: format!(
                "expected an array of issues, found {}; ignored",
                other.kind()
            ),
        }),
    }
}

/// Reads one issue. `Err` (the issue is skipped) only when `id` or `title` is unusable; other
/// doubtful fields are dropped with a warning and the issue kept.
fn read_issue<'p>(
    fields: &Fields,
    path: impl Into<Path<'p>>,
    warnings: &mut Vec<ParseWarning>,
) -> Result<HealthIssue, ParseWarning> {
    let path = path.into();
    let id = required_string(fields, path, Key::Id)?;
    let title = required_string(fields, path, Key::Title)?;
    let mut text = |key| optional_string(fields, path, key, warnings);
    let impact_description = text(Key::ImpactDescription).unwrap_or_default();
    let classification = text(Key::Classification)
        .map_or(Classification::Unknown(String::new()), |s| {
            Classification::parse(&s)
        });
    let status = text(Key::Status).unwrap_or_default();
    let origin = text(Key::Origin).map_or(Origin::Unknown(String::new()), |s| Origin::parse(&s));
    let service = text(Key::Service).unwrap_or_default();
    let feature = text(Key::Feature).unwrap_or_default();
    let feature_group = text(Key::FeatureGroup).unwrap_or_default();
    let start_date_time = text(Key::StartDateTime);
    let end_date_time = text(Key::EndDateTime);
    let last_modified_date_time = text(Key::LastModifiedDateTime);
    let status_kind = Status::parse(&status);
    let is_resolved = match fields.get(Key::IsResolved) {
        Some(Node::Bool(b)) => *b,
        // PowerShell exports sometimes stringify booleans.
        Some(Node::Str(s)) if s.eq_ignore_ascii_case("true") => true,
        Some(Node::Str(s)) if s.eq_ignore_ascii_case("false") => false,
        None | Some(Node::Null) => !status_kind.is_active(),
        Some(other) => {
            warnings.push(ParseWarning {
                path: format!("{path}.isResolved"),
                message: format!(
                    "expected true or false, found {}; read from the status instead",
                    other.kind()
                ),
            });
            !status_kind.is_active()
        }
    };
    let latest_post = latest_post(fields, path, warnings);
    Ok(HealthIssue {
        id,
        title,
        impact_description,
        classification,
        status,
        status_kind,
        origin,
        service,
        feature,
        feature_group,
        is_resolved,
        start_date_time,
        end_date_time,
        last_modified_date_time,
        latest_post,
    })
}

impl<'a> From<&'a str> for Path<'a> {
    fn from(parent: &'a str) -> Self {
        Path {
            parent,
            index: None,
        }
    }
}

/// The body of the newest post (chosen while reading, see `json::Posts`).
fn latest_post(fields: &Fields, path: Path, warnings: &mut Vec<ParseWarning>) -> Option<PostBody> {
    let posts = match fields.get(Key::Posts) {
        Some(Node::Posts(posts)) => posts,
        // A `HealthIssue` serialized by this crate carries the text itself.
        None | Some(Node::Null) => {
            return fields.str(Key::LatestPost).map(|text| PostBody {
                content: text.to_string(),
                html: false,
            })
        }
        Some(other) => {
            warnings.push(ParseWarning {
                path: format!("{path}.posts"),
                message: format!(
                    "expected an array of posts, found {}; ignored",
                    other.kind()
                ),
            });
            return None;
        }
    };
    for (i, kind) in &posts.not_objects {
        warnings.push(ParseWarning {
            path: format!("{path}.posts[{i}]"),
            message: format!("expected a post object, found {kind}; ignored"),
        });
    }
    let post = posts.latest.as_ref()?;
    let content = post.content.as_deref()?;
    let html = !matches!(post.content_type.as_deref(), Some(t) if t.eq_ignore_ascii_case("text"));
    (!content.trim().is_empty()).then(|| PostBody {
        content: content.to_string(),
        html,
    })
}

/// `str::trim`, skipped when there is nothing to trim (the usual case, and thousands of fields).
fn trimmed(s: &str) -> &str {
    let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if edge(s.as_bytes().first()) && edge(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

fn required_string(fields: &Fields, path: Path, key: Key) -> Result<String, ParseWarning> {
    let name = key.name();
    match fields.get(key) {
        Some(Node::Str(s)) if !trimmed(s).is_empty() => Ok(trimmed(s).to_string()),
        Some(Node::Str(_)) => Err(ParseWarning {
            path: format!("{path}.{name}"),
            message: format!("`{name}` is empty"),
        }),
        None => Err(ParseWarning {
            path: path.to_string(),
            message: format!("missing `{name}`"),
        }),
        Some(other) => Err(ParseWarning {
            path: format!("{path}.{name}"),
            message: format!("expected a string, found {}", other.kind()),
        }),
    }
}

/// A string field; absent and null are `None`, a wrong type is `None` with a warning.
fn optional_string(
    fields: &Fields,
    path: Path,
    key: Key,
    warnings: &mut Vec<ParseWarning>,
) -> Option<String> {
    match fields.get(key)? {
        Node::Str(s) => Some(trimmed(s).to_string()),
        Node::Null => None,
        other => {
            warnings.push(ParseWarning {
                path: format!("{path}.{}", key.name()),
                message: format!("expected a string, found {}; ignored", other.kind()),
            });
            None
        }
    }
}

fn syntax_error(e: serde_json::Error) -> ParseError {
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let full = e.to_string();
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let message = match message.strip_prefix("EOF while parsing ") {
        Some(what) => format!("the document ends in the middle of {what}"),
        None => message.to_string(),
    };
    ParseError::Syntax {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// Graph answers a failed call with `{"error": {"code", "message"}}`; pasting that is common.
fn graph_error(error: &Node) -> ParseError {
    let get = |k| match error {
        Node::Object(fields) => fields.str(k).unwrap_or(""),
        _ => "",
    };
    let (code, message) = (get(Key::Code), get(Key::Message));
    ParseError::Shape {
        path: "$.error".into(),
        message: format!(
            "this is a Graph error response, not service health ({})",
            match (code.is_empty(), message.is_empty()) {
                (false, false) => format!("{code}: {message}"),
                (false, true) => code.to_string(),
                (true, false) => message.to_string(),
                (true, true) => "no details".to_string(),
            }
        ),
    }
}

fn shape(path: &str, expected: &str, found: &Node) -> ParseError {
    ParseError::Shape {
        path: path.to_string(),
        message: format!("expected {expected}, found {}", found.kind()),
    }
}

/// The keys of the top-level object, for the message about an unrecognised document. Only on
/// this error path is the document read a second time, in full.
fn describe_keys(text: &str) -> String {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return "unrecognised keys".into();
    };
    if map.is_empty() {
        return "no keys".into();
    }
    let mut keys: Vec<String> = map.keys().take(5).map(|k| format!("`{k}`")).collect();
    if map.len() > 5 {
        keys.push("…".into());
    }
    format!("keys {}", keys.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_keeps_serde_message_without_position() {
        let e = parse_document("{\"value\": [\n  {\"id\": \"EX1\"\n  \"title\": 1}]}").unwrap_err();
        assert_eq!(e.to_string(), "line 3, column 3: expected `,` or `}`");
        let e = parse_document("{\"value\": [").unwrap_err();
        assert!(
            e.to_string().contains("ends in the middle of a list"),
            "{e}"
        );
    }
}
