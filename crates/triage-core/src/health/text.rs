//! Reading service health from text a person copied: the Microsoft 365 admin center's Service
//! health page (its issue list or one issue's details, in English or Japanese), the service-health
//! e-mails Microsoft sends, or a post quoted in a chat ("EX1234567 - Users may be unable to …").
//!
//! None of these is a format with a specification, so the reader looks for what they all have:
//! issue ids (two capital letters and six to eight digits), labelled fields ("Status: …",
//! 「状態」), and, for the issue list, a header row of known column names. Whatever it finds
//! becomes the same [`HealthIssue`] the JSON reader gives; what it cannot use is a warning that
//! names its line.

use super::{Classification, HealthIssue, Origin, ParseWarning, Parsed, PostBody, Status};

/// What a label or a column header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Id,
    Service,
    Feature,
    Status,
    Classification,
    Start,
    End,
    Updated,
    Impact,
    /// "Current status": what Microsoft is doing, prose (kept in the post), not the status value.
    Progress,
    Scope,
    NextUpdate,
    RootCause,
    Origin,
    /// An e-mail's subject line: holds the id and the title.
    Subject,
}

/// Labels as the admin center and the e-mails write them, compared after [`norm`] (lower case,
/// no spaces). Longer labels first where one starts another.
const LABELS: &[(&str, Field)] = &[
    ("title", Field::Title),
    ("issuetitle", Field::Title),
    ("タイトル", Field::Title),
    ("件名", Field::Subject),
    ("subject", Field::Subject),
    ("id", Field::Id),
    ("issueid", Field::Id),
    ("incidentid", Field::Id),
    ("問題id", Field::Id),
    ("インシデントid", Field::Id),
    ("affectedservice", Field::Service),
    ("affectedservices", Field::Service),
    ("service", Field::Service),
    ("影響を受けるサービス", Field::Service),
    ("サービス", Field::Service),
    ("feature", Field::Feature),
    ("affectedfeature", Field::Feature),
    ("機能", Field::Feature),
    ("影響を受ける機能", Field::Feature),
    ("status", Field::Status),
    ("状態", Field::Status),
    ("ステータス", Field::Status),
    ("currentstatus", Field::Progress),
    ("現在の状態", Field::Progress),
    ("現在の状況", Field::Progress),
    ("状況", Field::Progress),
    ("issuetype", Field::Classification),
    ("classification", Field::Classification),
    ("問題の種類", Field::Classification),
    ("種類", Field::Classification),
    ("分類", Field::Classification),
    ("starttime", Field::Start),
    ("estimatedstarttime", Field::Start),
    ("startdate", Field::Start),
    ("開始時刻", Field::Start),
    ("開始日時", Field::Start),
    ("開始時間", Field::Start),
    ("推定開始時刻", Field::Start),
    ("endtime", Field::End),
    ("終了時刻", Field::End),
    ("終了日時", Field::End),
    ("終了時間", Field::End),
    ("updated", Field::Updated),
    ("lastupdated", Field::Updated),
    ("更新日時", Field::Updated),
    ("最終更新日時", Field::Updated),
    ("最終更新", Field::Updated),
    ("userimpact", Field::Impact),
    ("impact", Field::Impact),
    ("ユーザーへの影響", Field::Impact),
    ("ユーザーの影響", Field::Impact),
    ("scopeofimpact", Field::Scope),
    ("影響の範囲", Field::Scope),
    ("影響範囲", Field::Scope),
    ("nextupdateby", Field::NextUpdate),
    ("nextupdate", Field::NextUpdate),
    ("次回の更新", Field::NextUpdate),
    ("次回の更新予定", Field::NextUpdate),
    ("次回更新予定", Field::NextUpdate),
    ("rootcause", Field::RootCause),
    ("preliminaryrootcause", Field::RootCause),
    ("根本原因", Field::RootCause),
    ("予備の根本原因", Field::RootCause),
    ("issueorigin", Field::Origin),
    ("問題の発生元", Field::Origin),
    ("origin", Field::Origin),
];

/// Statuses as the Japanese admin center names them (English names are read by [`Status::parse`],
/// which ignores case and spaces).
const JA_STATUSES: &[(&str, Status)] = &[
    ("サービスは正常です", Status::ServiceOperational),
    ("正常", Status::ServiceOperational),
    ("調査中", Status::Investigating),
    ("サービスの復元中", Status::RestoringService),
    ("サービスを復元中", Status::RestoringService),
    ("復元中", Status::RestoringService),
    ("サービスの確認中", Status::VerifyingService),
    ("サービスを確認中", Status::VerifyingService),
    ("確認中", Status::VerifyingService),
    ("サービスが復元されました", Status::ServiceRestored),
    ("サービスの復元済み", Status::ServiceRestored),
    ("復元済み", Status::ServiceRestored),
    (
        "インシデントの事後レポートを発行済み",
        Status::PostIncidentReviewPublished,
    ),
    (
        "事後レポートを発行済み",
        Status::PostIncidentReviewPublished,
    ),
    ("サービスの低下", Status::ServiceDegradation),
    ("サービス低下", Status::ServiceDegradation),
    ("サービスの中断", Status::ServiceInterruption),
    ("サービス中断", Status::ServiceInterruption),
    ("拡張復旧", Status::ExtendedRecovery),
    ("拡張回復", Status::ExtendedRecovery),
    ("延長回復", Status::ExtendedRecovery),
    ("誤検知", Status::FalsePositive),
    ("調査の中断", Status::InvestigationSuspended),
    ("調査中断", Status::InvestigationSuspended),
    ("解決済み", Status::Resolved),
    ("軽減済み", Status::Mitigated),
];

/// Words in an admin-center status cell that are not statuses but are often copied with them.
const EN_STATUS_ALIASES: &[(&str, Status)] = &[
    ("normalservice", Status::ServiceOperational),
    ("healthy", Status::ServiceOperational),
    ("servicedegraded", Status::ServiceDegradation),
    ("degraded", Status::ServiceDegradation),
    (
        "postincidentreviewpublished",
        Status::PostIncidentReviewPublished,
    ),
];

/// Services named by an id's prefix, for an issue whose text does not name its service (a chat
/// quote). Only prefixes whose service is certain are listed.
const SERVICE_BY_PREFIX: &[(&str, &str)] = &[
    ("EX", "Exchange Online"),
    ("TM", "Microsoft Teams"),
    ("SP", "SharePoint Online"),
    ("OD", "OneDrive for Business"),
    ("MO", "Microsoft 365 suite"),
];

/// Two-letter prefixes that look like issue ids but are not service-health issues: Knowledge
/// Base articles and Message center posts.
const NOT_ISSUES: &[&str] = &["KB", "MC"];

/// One line of the text, tidied: bullets, quote marks and surrounding spaces removed.
struct Line<'a> {
    /// 1-based, as an editor counts.
    number: usize,
    text: &'a str,
}

/// An issue being gathered from the lines that mention it.
#[derive(Default)]
struct Draft {
    id: String,
    /// The line of the id, for warnings.
    line: usize,
    title: Option<String>,
    /// The title came from a "Title:" label, which beats a guess from a heading or an id line.
    title_labelled: bool,
    service: Option<String>,
    feature: Option<String>,
    status: Option<(String, usize)>,
    classification: Option<(String, usize)>,
    start: Option<(String, usize)>,
    end: Option<(String, usize)>,
    updated: Option<(String, usize)>,
    impact: Option<String>,
    origin: Option<String>,
    /// "Current status", "Scope of impact", "Root cause", "Next update by", as read: the post.
    post: Vec<String>,
}

/// Reads issues from text. `None` when nothing in it looks like a service-health issue.
pub(super) fn read_text(text: &str) -> Option<Parsed> {
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, raw)| Line {
            number: i + 1,
            text: tidy(raw),
        })
        .collect();
    let mut parsed = Parsed::default();
    let mut drafts = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        if let Some((columns, used)) = header(&lines[at..]) {
            let tabbed = lines[at].text.contains('\t');
            at += used;
            at += read_table(
                &lines[at..],
                &columns,
                tabbed,
                &mut drafts,
                &mut parsed.warnings,
            );
        } else {
            at += read_record(&lines[at..], &mut drafts);
        }
    }
    if drafts.is_empty() {
        return None;
    }
    // The same issue copied twice (the list and then its details) is one issue.
    let mut merged: Vec<Draft> = Vec::new();
    for draft in drafts {
        match merged.iter_mut().find(|d| d.id == draft.id) {
            Some(earlier) => earlier.absorb(draft),
            None => merged.push(draft),
        }
    }
    for draft in merged {
        match draft.finish(&mut parsed.warnings) {
            Ok(issue) => parsed.issues.push(issue),
            Err(warning) => parsed.warnings.push(warning),
        }
    }
    Some(parsed)
}

fn tidy(raw: &str) -> &str {
    raw.trim()
        .trim_start_matches(['>', '•', '・', '*', '-', '–', '|'])
        .trim_end_matches('|')
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
}

/// Lower case without spaces, hyphens or a trailing colon, for comparing labels and values.
fn norm(s: &str) -> String {
    s.trim()
        .trim_end_matches([':', '：'])
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '　'))
        // Labels are ASCII or Japanese: no Unicode case tables needed.
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn label(s: &str) -> Option<Field> {
    let s = norm(s);
    LABELS.iter().find(|(l, _)| *l == s).map(|(_, f)| *f)
}

/// `Label: value` (either colon); the value may be empty (it follows on the next lines).
fn labelled(line: &str) -> Option<(Field, &str)> {
    let colon = line.find([':', '：'])?;
    let field = label(&line[..colon])?;
    let rest = &line[colon..];
    let rest = rest[rest.chars().next()?.len_utf8()..].trim();
    Some((field, rest))
}

/// Every issue id in `s`, with its byte offset.
fn ids(s: &str) -> Vec<(usize, &str)> {
    let bytes = s.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if starts_word && bytes[i].is_ascii_uppercase() && bytes[i + 1].is_ascii_uppercase() {
            let digits = bytes[i + 2..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let end = i + 2 + digits;
            let ends_word = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
            if (6..=8).contains(&digits) && ends_word && !NOT_ISSUES.contains(&&s[i..i + 2]) {
                found.push((i, &s[i..end]));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// A header row of the issue list: known column names, tab-separated on one line or one per line
/// (as a copied grid gives them). Returns the columns and how many lines the header took.
fn header(lines: &[Line]) -> Option<(Vec<Option<Field>>, usize)> {
    let first = lines.first()?.text;
    let is_column = |field: Option<Field>| {
        matches!(
            field,
            Some(
                Field::Title
                    | Field::Id
                    | Field::Service
                    | Field::Feature
                    | Field::Status
                    | Field::Classification
                    | Field::Start
                    | Field::End
                    | Field::Updated
            )
        )
    };
    if first.contains('\t') {
        let columns: Vec<Option<Field>> = first.split('\t').map(label).collect();
        let known = columns.iter().filter(|c| is_column(**c)).count();
        return (known >= 3 && columns.contains(&Some(Field::Title))).then_some((columns, 1));
    }
    let columns: Vec<Option<Field>> = lines
        .iter()
        .map(|l| label(l.text))
        .take_while(|field| is_column(*field))
        .collect();
    (columns.len() >= 3 && columns.contains(&Some(Field::Title)))
        .then(|| (columns.clone(), columns.len()))
}

/// The rows under a header, until a blank line after the rows or the end. Returns lines used.
fn read_table(
    lines: &[Line],
    columns: &[Option<Field>],
    tabbed: bool,
    drafts: &mut Vec<Draft>,
    warnings: &mut Vec<ParseWarning>,
) -> usize {
    let mut used = 0;
    let mut rows: Vec<(usize, Vec<&str>)> = Vec::new();
    if tabbed {
        for line in lines {
            if !line.text.contains('\t') {
                if line.text.is_empty() {
                    used += 1;
                    continue;
                }
                break;
            }
            used += 1;
            rows.push((line.number, line.text.split('\t').map(str::trim).collect()));
        }
    } else {
        // One cell per line: a row is as many lines as there are columns. Where there is an id
        // column, each id fixes where its row starts, so a missing cell costs one row, not all.
        // The rows end at the first blank line.
        let cells: Vec<&Line> = lines.iter().collect();
        let end = cells
            .iter()
            .position(|l| l.text.is_empty())
            .unwrap_or(cells.len());
        let cells: Vec<&Line> = cells[..end]
            .iter()
            .copied()
            .filter(|l| !l.text.is_empty())
            .collect();
        used = end;
        let id_column = columns.iter().position(|c| *c == Some(Field::Id));
        let width = columns.len();
        match id_column {
            Some(k) => {
                let starts: Vec<usize> = cells
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| ids(l.text).first().is_some_and(|(_, id)| *id == l.text))
                    .map(|(i, _)| i.saturating_sub(k))
                    .collect();
                for (n, start) in starts.iter().enumerate() {
                    let stop = starts.get(n + 1).copied().unwrap_or(cells.len());
                    let row = &cells[*start..(*start + width).min(stop).min(cells.len())];
                    if let Some(first) = row.first() {
                        rows.push((first.number, row.iter().map(|l| l.text).collect()));
                    }
                }
            }
            None => {
                for row in cells.chunks(width) {
                    rows.push((row[0].number, row.iter().map(|l| l.text).collect()));
                }
            }
        }
    }
    for (number, cells) in rows {
        let mut draft = Draft {
            line: number,
            ..Draft::default()
        };
        for (cell, field) in cells.iter().zip(columns) {
            if let Some(field) = field {
                draft.set(*field, cell, number);
            }
        }
        if draft.id.is_empty() {
            // A list without an id column: the id may still be in the title cell.
            if let Some((_, id)) = cells.iter().flat_map(|c| ids(c)).next() {
                draft.id = id.to_string();
            }
        }
        if draft.id.is_empty() {
            warnings.push(ParseWarning {
                path: format!("line {number}"),
                message: "row skipped: it has no issue id (such as EX1234567); add the admin center's ID column to the copy".into(),
            });
        } else {
            drafts.push(draft);
        }
    }
    used.max(1)
}

/// Labelled fields and id lines, from the first line until a table header or the end. A new id
/// starts a new issue. Returns lines used.
fn read_record(lines: &[Line], drafts: &mut Vec<Draft>) -> usize {
    let mut used = 0;
    // The last line that was neither a label nor an id: a details page's heading (its title)
    // comes just before the id line.
    let mut heading: Option<&str> = None;
    // A label alone on its line ("User impact"): its value is the paragraph after it.
    let mut pending: Option<(Field, usize, String)> = None;
    // Fields given before any id (an e-mail whose status comes before its issue id): they belong
    // to the first issue.
    let mut early: Vec<(Field, String, usize)> = Vec::new();
    let put = |drafts: &mut Vec<Draft>,
               early: &mut Vec<(Field, String, usize)>,
               field: Field,
               value: &str,
               number: usize| match drafts.last_mut() {
        Some(draft) => draft.set(field, value, number),
        None => early.push((field, value.to_string(), number)),
    };
    let flush = |pending: &mut Option<(Field, usize, String)>,
                 drafts: &mut Vec<Draft>,
                 early: &mut Vec<(Field, String, usize)>| {
        if let Some((field, number, value)) = pending.take() {
            put(drafts, early, field, &value, number);
        }
    };
    let start = |drafts: &mut Vec<Draft>,
                 early: &mut Vec<(Field, String, usize)>,
                 id: &str,
                 number: usize| {
        start_issue(drafts, id, number);
        let draft = drafts.last_mut().expect("just started");
        for (field, value, number) in early.drain(..) {
            draft.set(field, &value, number);
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && header(&lines[i..]).is_some() {
            break;
        }
        used += 1;
        let text = line.text;
        if text.is_empty() {
            flush(&mut pending, drafts, &mut early);
            heading = None;
            continue;
        }
        let found = ids(text);
        if let Some((field, value)) = labelled(text) {
            flush(&mut pending, drafts, &mut early);
            heading = None;
            match field {
                Field::Id | Field::Subject => {
                    let Some((at, id)) = ids(value).first().copied() else {
                        continue;
                    };
                    start(drafts, &mut early, id, line.number);
                    let draft = drafts.last_mut().expect("just started");
                    if field == Field::Subject {
                        if let Some(kind) = value[..at].split_whitespace().find_map(classification)
                        {
                            draft.classification = Some((kind.as_str().to_string(), line.number));
                        }
                        read_id_line_rest(draft, after_id(&value[at + id.len()..]), line.number);
                    }
                }
                _ if value.is_empty() => pending = Some((field, line.number, String::new())),
                _ => put(drafts, &mut early, field, value, line.number),
            }
            continue;
        }
        if pending.is_some() && label(text).is_none() && found.is_empty() {
            if let Some((_, _, value)) = pending.as_mut() {
                value.push_str(text);
            }
            flush(&mut pending, drafts, &mut early);
            continue;
        }
        if let Some(field) = label(text) {
            flush(&mut pending, drafts, &mut early);
            heading = None;
            pending = Some((field, line.number, String::new()));
            continue;
        }
        if let Some((at, id)) = found.first().copied() {
            flush(&mut pending, drafts, &mut early);
            let before = text[..at].trim();
            let heading = heading.take();
            start(drafts, &mut early, id, line.number);
            let draft = drafts.last_mut().expect("just started");
            let rest = after_id(&text[at + id.len()..]);
            // "Incident EX1234567 - …": the word before the id may be the issue type.
            if let Some(kind) = classification(before) {
                draft.classification = Some((kind.as_str().to_string(), line.number));
            } else if !before.is_empty() && draft.title.is_none() && rest.is_empty() {
                draft.title = Some(before.trim_end_matches([':', '-', '–']).trim().to_string());
            }
            read_id_line_rest(draft, rest, line.number);
            if draft.title.is_none() {
                draft.title = heading.filter(|h| label(h).is_none()).map(str::to_string);
            }
            continue;
        }
        heading = Some(text);
    }
    flush(&mut pending, drafts, &mut early);
    used.max(1)
}

/// Starts a new issue for `id`, unless the last one is that issue (its id repeated in an update).
fn start_issue(drafts: &mut Vec<Draft>, id: &str, line: usize) {
    if drafts.last().is_some_and(|d| d.id == id) {
        return;
    }
    drafts.push(Draft {
        id: id.to_string(),
        line,
        ..Draft::default()
    });
}

/// The text after an id: without the separator that joins them (" - ", ": ", ", ", "]").
fn after_id(rest: &str) -> &str {
    rest.trim_start_matches([']', ')', '】', '）'])
        .trim()
        .trim_start_matches(['-', '–', '—', ':', '：', ',', '、', '|'])
        .trim()
}

/// What follows an id on its line: "Microsoft Teams, Last updated: …" in a details page, or the
/// title in a chat quote or an e-mail's subject ("Exchange Online - Users may be unable to …").
fn read_id_line_rest(draft: &mut Draft, rest: &str, number: usize) {
    if rest.is_empty() {
        return;
    }
    let mut title_parts: Vec<&str> = Vec::new();
    let first_comma = rest.find([',', '、']);
    let comma_mode = first_comma.is_some_and(|at| known_service(rest[..at].trim()));
    if comma_mode {
        // "Microsoft Teams, Last updated: Dec 1, 2026, …": a label takes the rest of the line.
        let mut rest = rest;
        while !rest.is_empty() {
            if let Some((field, value)) = labelled(rest) {
                draft.set(field, value, number);
                break;
            }
            let (part, tail) = match rest.find([',', '、']) {
                Some(at) => (
                    &rest[..at],
                    &rest[at + rest[at..].chars().next().map_or(1, char::len_utf8)..],
                ),
                None => (rest, ""),
            };
            let part = part.trim();
            if draft.service.is_none() && known_service(part) {
                draft.service = Some(part.to_string());
            } else if let Some(kind) = classification(part) {
                draft.classification = Some((kind.as_str().to_string(), number));
            } else if !part.is_empty() {
                title_parts.push(part);
            }
            rest = tail.trim_start();
        }
    } else {
        let parts: Vec<&str> = rest
            .split(" - ")
            .flat_map(|p| p.split(" – "))
            .flat_map(|p| p.split(" — "))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let last = parts.len().saturating_sub(1);
        for (i, part) in parts.iter().enumerate() {
            // A service or an issue type is only a prefix: the last part is the title.
            if i < last && draft.service.is_none() && known_service(part) {
                draft.service = Some(part.to_string());
            } else if i < last && classification(part).is_some() {
                let kind = classification(part).expect("checked");
                draft.classification = Some((kind.as_str().to_string(), number));
            } else {
                title_parts.push(part);
            }
        }
    }
    if draft.title.is_none() && !title_parts.is_empty() {
        draft.title = Some(title_parts.join(if comma_mode { ", " } else { " - " }));
    }
}

/// Whether `s` names a Microsoft 365 service, as the admin center writes them (a short name that
/// starts with a product family's word).
fn known_service(s: &str) -> bool {
    const FAMILIES: &[&str] = &[
        "Exchange",
        "Microsoft ",
        "SharePoint",
        "OneDrive",
        "Office",
        "Power ",
        "Dynamics",
        "Planner",
        "Viva",
        "Yammer",
        "Skype",
        "Windows",
        "Identity",
        "Azure",
        "Intune",
        "Project",
        "Sway",
    ];
    s.split_whitespace().count() <= 5
        && !s.ends_with('.')
        && FAMILIES.iter().any(|f| s.starts_with(f))
}

fn classification(s: &str) -> Option<Classification> {
    match norm(s).as_str() {
        "incident" | "インシデント" | "事故" => Some(Classification::Incident),
        "advisory" | "アドバイザリ" | "アドバイザリー" | "勧告" => {
            Some(Classification::Advisory)
        }
        _ => None,
    }
}

fn status(s: &str) -> Status {
    let n = norm(s);
    if let Some((_, status)) = JA_STATUSES.iter().find(|(name, _)| *name == n) {
        return status.clone();
    }
    if let Some((_, status)) = EN_STATUS_ALIASES.iter().find(|(name, _)| *name == n) {
        return status.clone();
    }
    Status::parse(s.trim())
}

impl Draft {
    /// Sets a field from a value as written; the first value wins (a details page repeats fields
    /// in older updates below the newest).
    fn set(&mut self, field: Field, value: &str, number: usize) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let keep = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = Some(value.to_string());
            }
        };
        let keep_at = |slot: &mut Option<(String, usize)>| {
            if slot.is_none() {
                *slot = Some((value.to_string(), number));
            }
        };
        match field {
            Field::Id | Field::Subject => {
                if self.id.is_empty() {
                    if let Some((_, id)) = ids(value).first() {
                        self.id = id.to_string();
                    }
                }
            }
            Field::Title if !self.title_labelled => {
                self.title = Some(value.to_string());
                self.title_labelled = true;
            }
            Field::Title => {}
            Field::Service => keep(&mut self.service),
            Field::Feature => keep(&mut self.feature),
            Field::Status => keep_at(&mut self.status),
            Field::Classification => keep_at(&mut self.classification),
            Field::Start => keep_at(&mut self.start),
            Field::End => keep_at(&mut self.end),
            Field::Updated => keep_at(&mut self.updated),
            Field::Impact => keep(&mut self.impact),
            Field::Origin => keep(&mut self.origin),
            Field::Progress | Field::Scope | Field::NextUpdate | Field::RootCause => {
                let name = match field {
                    Field::Progress => "Current status",
                    Field::Scope => "Scope of impact",
                    Field::NextUpdate => "Next update by",
                    _ => "Root cause",
                };
                let entry = format!("{name}: {value}");
                if !self.post.contains(&entry) && !self.post.iter().any(|p| p.starts_with(name)) {
                    self.post.push(entry);
                }
            }
        }
    }

    /// Takes from a second copy of the same issue whatever this one lacks.
    fn absorb(&mut self, other: Draft) {
        fn fill<T>(slot: &mut Option<T>, other: Option<T>) {
            if slot.is_none() {
                *slot = other;
            }
        }
        fill(&mut self.title, other.title);
        fill(&mut self.service, other.service);
        fill(&mut self.feature, other.feature);
        fill(&mut self.status, other.status);
        fill(&mut self.classification, other.classification);
        fill(&mut self.start, other.start);
        fill(&mut self.end, other.end);
        fill(&mut self.updated, other.updated);
        fill(&mut self.impact, other.impact);
        fill(&mut self.origin, other.origin);
        if self.post.is_empty() {
            self.post = other.post;
        }
    }

    fn finish(self, warnings: &mut Vec<ParseWarning>) -> Result<HealthIssue, ParseWarning> {
        let at = |number: usize| format!("line {number}");
        let Some(title) = self.title.filter(|t| !t.is_empty()) else {
            return Err(ParseWarning {
                path: at(self.line),
                message: format!(
                    "{}{} has no title (expected \"Title: …\", the heading above the id, or text after it such as \"{} - Users may …\")",
                    super::parse::SKIPPED,
                    self.id,
                    self.id
                ),
            });
        };
        let (status, status_kind) = match &self.status {
            None => (String::new(), Status::Unknown(String::new())),
            Some((written, number)) => {
                let kind = status(written);
                if let Status::Unknown(_) = kind {
                    warnings.push(ParseWarning {
                        path: at(*number),
                        message: format!(
                            "{}: status \"{written}\" is not one the admin center uses; kept as written",
                            self.id
                        ),
                    });
                    (written.clone(), kind)
                } else {
                    (kind.as_str().to_string(), kind)
                }
            }
        };
        let classification = match &self.classification {
            None => Classification::Unknown(String::new()),
            Some((written, number)) => classification(written).unwrap_or_else(|| {
                warnings.push(ParseWarning {
                    path: at(*number),
                    message: format!(
                        "{}: issue type \"{written}\" is neither Incident nor Advisory; kept as written",
                        self.id
                    ),
                });
                Classification::Unknown(written.clone())
            }),
        };
        let mut time = |slot: &Option<(String, usize)>, what: &str| {
            let (written, number) = slot.as_ref()?;
            let read = date_time(written);
            if read.is_none() {
                warnings.push(ParseWarning {
                    path: at(*number),
                    message: format!("{}: the {what} \"{written}\" is not a date and time this reader knows; left out", self.id),
                });
            }
            read
        };
        let start_date_time = time(&self.start, "start time");
        let end_date_time = time(&self.end, "end time");
        let last_modified_date_time = time(&self.updated, "update time");
        let service = self.service.unwrap_or_else(|| {
            SERVICE_BY_PREFIX
                .iter()
                .find(|(prefix, _)| self.id.starts_with(prefix))
                .map_or_else(String::new, |(_, service)| service.to_string())
        });
        let is_resolved = self.status.is_some() && !status_kind.is_active();
        let latest_post = (!self.post.is_empty()).then(|| PostBody {
            content: self.post.join("\n"),
            html: false,
        });
        Ok(HealthIssue {
            id: self.id,
            title,
            impact_description: self.impact.unwrap_or_default(),
            classification,
            status,
            status_kind,
            origin: self
                .origin
                .map_or(Origin::Unknown(String::new()), |o| Origin::parse(&o)),
            service,
            feature: self.feature.unwrap_or_default(),
            feature_group: String::new(),
            is_resolved,
            start_date_time,
            end_date_time,
            last_modified_date_time,
            latest_post,
        })
    }
}

/// A date and time as the admin center, the e-mails or a person write it, as ISO 8601: in UTC
/// (`…Z`) when the text names its zone (UTC, GMT±h, JST, UTC+09:00), else as written, without
/// a zone. `None` when no date is found.
pub(crate) fn date_time(s: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let s = s.trim();
    // Tokens: runs of digits, runs of letters, and the signs that matter.
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut kind = 0u8; // 1 digits, 2 letters
    for c in s.chars() {
        let k = if c.is_ascii_digit() {
            1
        } else if c.is_ascii_alphabetic() {
            2
        } else {
            0
        };
        if k != kind || k == 0 {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            kind = k;
        }
        if k != 0 {
            current.push(c);
        } else if matches!(c, '+' | '-' | ':' | '年' | '月' | '日' | '時' | '分' | '/') {
            tokens.push(c.to_string());
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    let num = |t: &str| t.parse::<i64>().ok();
    let (mut year, mut month, mut day) = (None, None, None);
    let (mut hour, mut minute) = (None, None);
    let mut pm = None;
    let mut offset: Option<i64> = None; // minutes east of UTC
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        let next = tokens.get(i + 1).map(String::as_str);
        let lower = t.to_ascii_lowercase();
        if let Some(n) = num(t) {
            if t.len() == 4 && year.is_none() && (1990..=2200).contains(&n) {
                year = Some(n);
                // 2026-12-01, 2026/12/01, 2026年12月1日
                if matches!(next, Some("-" | "/" | "年")) {
                    month = tokens.get(i + 2).and_then(|t| num(t));
                    if tokens
                        .get(i + 3)
                        .is_some_and(|t| matches!(t.as_str(), "-" | "/" | "月"))
                    {
                        day = tokens.get(i + 4).and_then(|t| num(t));
                    }
                    i += 5;
                    continue;
                }
            } else if next == Some(":") && hour.is_none() && day.is_some() {
                hour = Some(n);
                minute = tokens.get(i + 2).and_then(|t| num(t));
                i += 3;
                // seconds
                if tokens.get(i).is_some_and(|t| t == ":") {
                    i += 2;
                }
                continue;
            } else if next == Some("時") && hour.is_none() {
                hour = Some(n);
                minute = Some(0);
                if tokens.get(i + 3).is_some_and(|t| t == "分") {
                    minute = tokens.get(i + 2).and_then(|t| num(t));
                }
            } else if month.is_some() && day.is_none() && t.len() <= 2 {
                day = Some(n);
            } else if day.is_none() && month.is_none() && t.len() <= 2 && next == Some("/") {
                // 12/01/2026 (month first, as the US admin center writes it)
                month = Some(n);
                day = tokens.get(i + 2).and_then(|t| num(t));
                i += 3;
                continue;
            }
        } else if let Some(m) = MONTHS.iter().position(|m| lower.starts_with(m)) {
            if lower.len() >= 3 && month.is_none() {
                month = Some(m as i64 + 1);
            }
        } else if lower == "am" || lower == "pm" {
            pm = Some(lower == "pm");
        } else if matches!(lower.as_str(), "utc" | "gmt" | "z" | "coordinated") {
            offset = Some(0);
            // UTC+9, GMT+09:00, UTC-05:00
            if let (Some(sign @ ("+" | "-")), Some(h)) =
                (next, tokens.get(i + 2).and_then(|t| num(t)))
            {
                let (h, mut m) = if tokens[i + 2].len() == 4 {
                    (h / 100, h % 100)
                } else {
                    (h, 0)
                };
                if tokens.get(i + 3).is_some_and(|t| t == ":") {
                    m = tokens.get(i + 4).and_then(|t| num(t)).unwrap_or(0);
                    i += 2;
                }
                let minutes = h * 60 + m;
                offset = Some(if sign == "-" { -minutes } else { minutes });
                i += 3;
                continue;
            }
        } else if lower == "jst" {
            offset = Some(9 * 60);
        }
        i += 1;
    }
    if s.contains("午後") {
        pm = Some(true);
    } else if s.contains("午前") {
        pm = Some(false);
    }
    let (year, month, day) = (year?, month?, day?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut hour = hour.unwrap_or(0);
    let minute = minute.unwrap_or(0);
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    if hour > 23 || minute > 59 {
        return None;
    }
    // An ISO offset written after the time: 2026-12-01T08:00:00+09:00
    if offset.is_none() {
        if let Some(at) = s.rfind(['+', '-']).filter(|at| s[..*at].contains(':')) {
            let zone = &s[at + 1..];
            let digits: String = zone.chars().filter(char::is_ascii_digit).collect();
            if digits.len() == 4 {
                let minutes =
                    digits[..2].parse::<i64>().ok()? * 60 + digits[2..].parse::<i64>().ok()?;
                offset = Some(if s[at..].starts_with('-') {
                    -minutes
                } else {
                    minutes
                });
            }
        }
    }
    Some(match offset {
        None => format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00"),
        Some(offset) => {
            let minutes = days_from_civil(year, month, day) * 1440 + hour * 60 + minute - offset;
            let (days, rest) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
            let (y, m, d) = civil_from_days(days);
            format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:00Z", rest / 60, rest % 60)
        }
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_date_formats_people_paste() {
        for (text, iso) in [
            ("2026-12-01T08:00:00Z", "2026-12-01T08:00:00Z"),
            ("2026-12-01T08:00:00+09:00", "2026-11-30T23:00:00Z"),
            (
                "Monday, December 1, 2026, at 11:30 PM UTC",
                "2026-12-01T23:30:00Z",
            ),
            ("Dec 1, 2026, 8:05 AM GMT+9", "2026-11-30T23:05:00Z"),
            ("Dec 1, 2026 8:05 AM", "2026-12-01T08:05:00"),
            (
                "2026年12月1日 (月) 8:00 (UTC+09:00)",
                "2026-11-30T23:00:00Z",
            ),
            ("2026年12月1日 午後3時30分 JST", "2026-12-01T06:30:00Z"),
            ("2026/12/01 15:00", "2026-12-01T15:00:00"),
            ("12/1/2026, 3:00 PM", "2026-12-01T15:00:00"),
        ] {
            assert_eq!(date_time(text).as_deref(), Some(iso), "{text}");
        }
        assert_eq!(date_time("soon"), None);
        assert_eq!(date_time("2026-13-45"), None);
    }

    #[test]
    fn finds_ids_but_not_kb_articles() {
        let found: Vec<&str> = ids("EX1234567, see KB5034441 and MC700001; [TM123456] AB12")
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        assert_eq!(found, ["EX1234567", "TM123456"]);
    }
}
