//! The service request, ready to paste into the form Partner Center opens.
//!
//! Microsoft's engineers ask the same questions on every request: what happens, who is affected,
//! where, since when, what service health says, what was tried. Writing them down before filing
//! saves a round trip, and the first round trip is where the severity's response time goes.

use serde::{Deserialize, Serialize};

use super::categories::{category, route_label};
use super::workload::{Analysis, Signal, Workload};
use super::{heading, line, normalize, product_name, t, Text, NONE_RECORDED, NOT_STATED};
use crate::advice;
use crate::case::{Case, Lang, Scope};
use crate::verdict::{Bilingual, Product, Route, Severity, Verdict};

/// Partner Center's service request title is short; 120 characters keep it readable in lists.
pub const TITLE_MAX_CHARS: usize = 120;
/// A service name longer than this is cut so that the title keeps room for the symptom.
const PREFIX_MAX_CHARS: usize = 40;

/// What the engineer confirmed on the way to filing.
#[derive(Debug, Clone)]
pub struct RequestInput<'a> {
    pub case: &'a Case,
    pub verdict: &'a Verdict,
    /// The category the engineer files under: usually `verdict.route`, but theirs to change.
    pub chosen_route: Route,
    pub customer_name: &'a str,
    /// The customer's tenant ID (Partner Center's "Microsoft ID") or primary domain.
    pub tenant: Option<&'a str>,
    /// When the problem started, as the engineer wrote it.
    pub since: &'a str,
    pub health_checked: bool,
    /// Service-health issues that match or relate to the case (e.g. `EX1234567`).
    pub matched_or_related_issue_ids: Vec<String>,
    /// What was tried already: checklist titles, or the engineer's own words in both fields.
    pub troubleshooting_done: Vec<Bilingual>,
    /// The language to write the request in.
    pub lang: Lang,
}

/// The severity to pick, with the reason in the request's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSeverity {
    pub level: Severity,
    /// `critical`, `moderate` or `minimal`, as Partner Center's API spells it.
    pub impact: String,
    pub reason: String,
}

/// The request, every text in one language. The field names are the JSON download's contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequest {
    pub lang: Lang,
    /// The chosen route.
    pub route: Route,
    /// The category's name.
    pub category: String,
    pub title: String,
    /// Multi-line plain text with labelled sections.
    pub description: String,
    pub severity: RequestSeverity,
    pub product: Product,
    pub product_name: String,
    /// A suggested topic, e.g. "Exchange Online > Mail flow > Delayed or missing email".
    pub support_topic: String,
    pub customer_name: String,
    pub tenant_id: Option<String>,
    pub incident_ids: Vec<String>,
}

// ---- labels ------------------------------------------------------------------------------------

const L_TITLE: Text = t("Title", "件名");
const L_CATEGORY: Text = t("Category", "カテゴリ");
const L_PRODUCT: Text = t("Product", "製品");
const L_TOPIC: Text = t("Support topic", "サポート トピック");
const L_SEVERITY: Text = t("Severity", "重大度");
const L_CUSTOMER: Text = t("Customer", "顧客");
const L_TENANT: Text = t("Tenant ID", "テナント ID");
const L_INCIDENTS: Text = t("Incident IDs", "インシデント ID");
const L_DESCRIPTION: Text = t("Description", "説明");
const L_SYMPTOMS: Text = t("Symptoms", "症状");
const L_SCOPE: Text = t("Affected users", "影響範囲");
const L_REGION: Text = t("Region", "地域");
const L_STARTED: Text = t("Started", "発生日時");
const L_HEALTH: Text = t("Service health", "サービス正常性");
const L_DONE: Text = t("Troubleshooting done", "実施済みのトラブルシューティング");
const L_WHY: Text = t("Why this goes to Microsoft", "Microsoft に依頼する理由");
const L_CHANGED: Text = t("Category changed", "カテゴリの変更");

const NONE: Text = t("None", "なし");
const UNTITLED: Text = t("Service problem", "サービスの問題");
const NO_SUGGESTION: Text = t(
    "No severity was suggested for this category: confirm it from the business impact.",
    "このカテゴリでは重大度が提案されていません。ビジネスへの影響から判断してください。",
);

/// The given text, or "Not stated" when there is none.
fn or_not_stated(value: Option<&str>, lang: Lang) -> String {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or(NOT_STATED.get(lang))
        .to_string()
}

fn scope_text(scope: Scope) -> Text {
    match scope {
        Scope::SingleUser => t("One user", "1 ユーザー"),
        Scope::SomeUsers => t("Some users", "一部のユーザー"),
        Scope::WholeTenant => t("The whole tenant", "テナント全体"),
        Scope::MultipleTenants => t("Several tenants", "複数のテナント"),
    }
}

fn impact_text(level: Severity) -> Text {
    match level {
        Severity::A => t("critical impact", "重大な影響"),
        Severity::B => t("moderate impact", "中程度の影響"),
        Severity::C => t("minimal impact", "最小限の影響"),
    }
}

// ---- support topic -----------------------------------------------------------------------------

/// A suggested support topic: the service, an area of it, and the problem.
struct TopicDef {
    workload: Workload,
    /// The symptom that selects this area; `None` marks the service's default area.
    signal: Option<Signal>,
    area: Text,
    /// When the area implies the problem; otherwise the route names it.
    problem: Option<Text>,
}

const fn topic(workload: Workload, signal: Option<Signal>, area: Text) -> TopicDef {
    TopicDef {
        workload,
        signal,
        area,
        problem: None,
    }
}

const TOPICS: &[TopicDef] = &[
    TopicDef {
        workload: Workload::Exchange,
        signal: Some(Signal::MailDelivery),
        area: t("Mail flow", "メール フロー"),
        problem: Some(t("Delayed or missing email", "メールの遅延または未着")),
    },
    topic(
        Workload::Exchange,
        Some(Signal::SignIn),
        t(
            "Outlook sign-in and connectivity",
            "Outlook のサインインと接続",
        ),
    ),
    topic(
        Workload::Exchange,
        None,
        t("Mailbox and Outlook", "メールボックスと Outlook"),
    ),
    topic(
        Workload::Teams,
        None,
        t("Meetings, chat and calling", "会議、チャット、通話"),
    ),
    topic(
        Workload::SharePoint,
        Some(Signal::Sharing),
        t("Sharing and permissions", "共有とアクセス許可"),
    ),
    topic(Workload::SharePoint, None, t("Sites", "サイト")),
    topic(
        Workload::OneDrive,
        Some(Signal::Sharing),
        t("Sharing and permissions", "共有とアクセス許可"),
    ),
    topic(
        Workload::OneDrive,
        None,
        t("Sync and files", "同期とファイル"),
    ),
    topic(
        Workload::Entra,
        Some(Signal::ConditionalAccess),
        t("Conditional Access", "条件付きアクセス"),
    ),
    topic(
        Workload::Entra,
        Some(Signal::Mfa),
        t("Multifactor authentication", "多要素認証"),
    ),
    topic(
        Workload::Entra,
        None,
        t("Sign-in and authentication", "サインインと認証"),
    ),
    topic(
        Workload::Intune,
        None,
        t(
            "Device enrollment and compliance",
            "デバイスの登録とコンプライアンス",
        ),
    ),
    topic(
        Workload::Apps,
        Some(Signal::Licence),
        t(
            "Installation and activation",
            "インストールとライセンス認証",
        ),
    ),
    topic(Workload::Apps, None, t("Office apps", "Office アプリ")),
    topic(
        Workload::PowerBi,
        None,
        t("Reports and data refresh", "レポートとデータ更新"),
    ),
    topic(
        Workload::Dynamics,
        None,
        t("Environment and apps", "環境とアプリ"),
    ),
    topic(Workload::Azure, None, t("Technical", "技術")),
];

const GENERAL_AREA: Text = t("General", "全般");

fn route_problem(route: Route) -> Text {
    match route {
        Route::EscalateUndocumented => t(
            "Not working as documented",
            "ドキュメントどおりに動作しない",
        ),
        Route::EscalateUnavailable => t("Service unavailable", "サービスを利用できない"),
        Route::EscalateBug => t("Error or unexpected behaviour", "エラーまたは想定外の動作"),
        Route::EscalateNetwork => t(
            "Connectivity or network problem",
            "接続またはネットワークの問題",
        ),
        Route::EscalateRegional => t("Regional service degradation", "地域的なサービスの低下"),
        Route::KnownIssue | Route::PartnerFix => UNTITLED,
    }
}

fn support_topic(a: &Analysis, route: Route, lang: Lang) -> String {
    let primary = a.primary();
    let rows = || TOPICS.iter().filter(|d| Some(d.workload) == primary);
    let row = rows()
        .find(|d| d.signal.is_some_and(|s| a.has(s)))
        .or_else(|| rows().find(|d| d.signal.is_none()));
    let service = primary.map_or_else(|| product_name(a.product), Workload::name);
    let area = row.map_or(GENERAL_AREA, |d| d.area);
    let problem = row.and_then(|d| d.problem).unwrap_or(route_problem(route));
    format!("{service} > {} > {}", area.get(lang), problem.get(lang))
}

// ---- title -------------------------------------------------------------------------------------

/// The first sentence of the text, on one line: it ends at a line break, at `。！？`, or at `.!?`
/// followed by a space (so `contoso.com` and `5.7.1` stay whole).
fn first_sentence(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' | '。' | '！' | '？' => break,
            '.' | '!' | '?' if chars.peek().is_none_or(|n| n.is_whitespace()) => break,
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Cuts `s` to at most `max` characters, ellipsis included. English is cut between words (unless
/// that would lose more than half); Japanese, which has no spaces, after a `、` or between characters.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(1);
    let head: String = s.chars().take(keep).collect();
    let inside_word = s.chars().nth(keep).is_some_and(|c| !c.is_whitespace());
    let cut = if inside_word {
        head.char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace() || matches!(c, '、' | ','))
            .map(|(i, c)| if c == '、' { i + c.len_utf8() } else { i })
            .filter(|i| head[..*i].chars().count() >= keep / 2)
            .unwrap_or(head.len())
    } else {
        head.len()
    };
    let trimmed = head[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:-–".contains(c));
    format!("{trimmed}…")
}

/// `Exchange Online: Mail to external recipients is delayed`, at most [`TITLE_MAX_CHARS`].
fn title(service: &str, text: &str, lang: Lang) -> String {
    let service = shorten(service.trim(), PREFIX_MAX_CHARS);
    let sentence = first_sentence(text);
    // Service names are ASCII; full Unicode lowercasing would only add its tables to the app.
    let already_named = sentence
        .to_ascii_lowercase()
        .starts_with(&service.to_ascii_lowercase());
    if sentence.is_empty() {
        let fallback = if service.is_empty() {
            UNTITLED.get(lang)
        } else {
            &service
        };
        return shorten(fallback, TITLE_MAX_CHARS);
    }
    if service.is_empty() || already_named {
        return shorten(&sentence, TITLE_MAX_CHARS);
    }
    let budget = TITLE_MAX_CHARS.saturating_sub(service.chars().count() + 2);
    format!("{service}: {}", shorten(&sentence, budget))
}

// ---- the request -------------------------------------------------------------------------------

fn severity(input: &RequestInput, normalized: &str, lang: Lang) -> RequestSeverity {
    // The engine's suggestion holds for the engine's route; another route is judged afresh.
    let suggestion = if input.chosen_route == input.verdict.route {
        input.verdict.severity.clone()
    } else {
        None
    }
    .or_else(|| advice::severity(input.chosen_route, &input.case.facts, normalized));
    match suggestion {
        Some(s) => RequestSeverity {
            level: s.level,
            impact: s.impact,
            reason: s.text.text(lang).to_string(),
        },
        None => RequestSeverity {
            level: Severity::B,
            impact: Severity::B.impact().to_string(),
            reason: NO_SUGGESTION.get(lang).to_string(),
        },
    }
}

fn health_result(lang: Lang, checked: bool, ids: &[String], escalation: bool) -> String {
    let list = ids.join(", ");
    match (lang, checked, ids.is_empty()) {
        (Lang::En, true, true) => "Checked: no matching issue is posted.".into(),
        (Lang::Ja, true, true) => "確認済みです。該当する問題は掲載されていません。".into(),
        (Lang::En, false, true) => "Not checked yet.".into(),
        (Lang::Ja, false, true) => "まだ確認していません。".into(),
        (Lang::En, checked, false) => format!(
            "{} Related posts: {list}.{}",
            if checked {
                "Checked."
            } else {
                "Not checked in full."
            },
            if escalation {
                " They do not explain this problem in full."
            } else {
                ""
            }
        ),
        (Lang::Ja, checked, false) => format!(
            "{}関連する投稿: {list}。{}",
            if checked {
                "確認済みです。"
            } else {
                "十分には確認していません。"
            },
            if escalation {
                "いずれもこの問題を十分には説明していません。"
            } else {
                ""
            }
        ),
    }
}

fn why(route: Route, lang: Lang) -> String {
    match category(route) {
        Some(c) => match lang {
            Lang::En => format!("{}. {}", c.name.text_en, c.explanation.text_en),
            Lang::Ja => format!("{}。{}", c.name.text_ja, c.explanation.text_ja),
        },
        None => route.name().text(lang).to_string(),
    }
}

fn changed(from: Route, to: Route, lang: Lang) -> String {
    let (from, to) = (route_label(from), route_label(to));
    match lang {
        Lang::En => format!(
            "The engineer changed the category from “{}” (the tool's suggestion) to “{}”.",
            from.text_en, to.text_en
        ),
        Lang::Ja => format!(
            "担当エンジニアがカテゴリを「{}」(ツールの提案) から「{}」に変更しました。",
            from.text_ja, to.text_ja
        ),
    }
}

/// The trimmed, non-empty, de-duplicated issue ids, the engine's match included.
fn incident_ids(input: &RequestInput) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let given = input.matched_or_related_issue_ids.iter();
    for id in given.chain(&input.verdict.matched_issue).map(|s| s.trim()) {
        if !id.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(id)) {
            out.push(id.to_string());
        }
    }
    out
}

impl ServiceRequest {
    /// Writes the request from what the engine found and what the engineer confirmed.
    pub fn new(input: &RequestInput) -> ServiceRequest {
        let lang = input.lang;
        let case = input.case;
        let route = input.chosen_route;
        let normalized = normalize(&case.text);
        let a = Analysis::new(case.service.as_deref(), &case.text, input.verdict.product);
        // The canonical service name when it is recognised, else what the engineer typed.
        let service: &str = match a.primary() {
            Some(w) => w.name(),
            None => case
                .service
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .unwrap_or(product_name(a.product)),
        };
        let tenant_id = input
            .tenant
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from);
        let incident_ids = incident_ids(input);

        let customer = match &tenant_id {
            Some(id) => format!(
                "{} ({}: {id})",
                input.customer_name.trim(),
                L_TENANT.get(lang)
            ),
            None => input.customer_name.trim().to_string(),
        };
        let scope = case.facts.scope.map(|s| scope_text(s).get(lang));
        let done: Vec<String> = input
            .troubleshooting_done
            .iter()
            .map(|b| b.text(lang).trim())
            .filter(|s| !s.is_empty())
            .map(|s| format!("- {s}"))
            .collect();
        let mut d = vec![
            heading(lang, L_SYMPTOMS),
            case.text.trim().to_string(),
            String::new(),
            line(lang, L_CUSTOMER, &customer),
            line(lang, L_SCOPE, &or_not_stated(scope, lang)),
            line(
                lang,
                L_REGION,
                &or_not_stated(case.facts.region.as_deref(), lang),
            ),
            line(lang, L_STARTED, &or_not_stated(Some(input.since), lang)),
            line(
                lang,
                L_HEALTH,
                &health_result(
                    lang,
                    input.health_checked,
                    &incident_ids,
                    route.is_escalation(),
                ),
            ),
            String::new(),
            heading(lang, L_DONE),
        ];
        if done.is_empty() {
            d.push(NONE_RECORDED.get(lang).to_string());
        }
        d.extend(done);
        d.push(String::new());
        d.push(line(lang, L_WHY, &why(route, lang)));
        if route != input.verdict.route {
            d.push(line(
                lang,
                L_CHANGED,
                &changed(input.verdict.route, route, lang),
            ));
        }

        ServiceRequest {
            lang,
            route,
            category: route_label(route).text(lang).to_string(),
            title: title(service, &case.text, lang),
            description: d.join("\n"),
            severity: severity(input, &normalized, lang),
            product: a.product,
            product_name: product_name(a.product).to_string(),
            support_topic: support_topic(&a, route, lang),
            customer_name: input.customer_name.trim().to_string(),
            tenant_id,
            incident_ids,
        }
    }

    /// Every field, labelled, in the request's language: for "copy all" and the .txt download.
    pub fn as_text(&self) -> String {
        let lang = self.lang;
        let s = &self.severity;
        let severity = format!(
            "{} ({}){}{}",
            match s.level {
                Severity::A => "A",
                Severity::B => "B",
                Severity::C => "C",
            },
            impact_text(s.level).get(lang),
            match lang {
                Lang::En => ". ",
                Lang::Ja => "。",
            },
            s.reason
        );
        let ids = if self.incident_ids.is_empty() {
            NONE.get(lang).to_string()
        } else {
            self.incident_ids.join(", ")
        };
        [
            line(lang, L_TITLE, &self.title),
            line(lang, L_CATEGORY, &self.category),
            line(lang, L_PRODUCT, &self.product_name),
            line(lang, L_TOPIC, &self.support_topic),
            line(lang, L_SEVERITY, &severity),
            line(lang, L_CUSTOMER, &self.customer_name),
            line(
                lang,
                L_TENANT,
                &or_not_stated(self.tenant_id.as_deref(), lang),
            ),
            line(lang, L_INCIDENTS, &ids),
            heading(lang, L_DESCRIPTION),
            self.description.clone(),
        ]
        .join("\n")
    }

    /// The JSON download: pretty-printed, with the field names of this struct.
    pub fn to_json(&self) -> String {
        // Plain strings and enums only: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_where_people_end_them() {
        assert_eq!(
            first_sentence("Mail to contoso.com bounces with 5.7.1. It started today."),
            "Mail to contoso.com bounces with 5.7.1"
        );
        assert_eq!(
            first_sentence("  社外からのメールが届きません。昨日から発生しています。"),
            "社外からのメールが届きません"
        );
        assert_eq!(first_sentence("first line\nsecond line"), "first line");
        assert_eq!(first_sentence("a   b\tc"), "a b c");
    }

    #[test]
    fn shortening_prefers_word_and_comma_boundaries() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("alpha beta gamma", 12), "alpha beta…");
        assert_eq!(
            shorten("あいうえお、かきくけこさしすせそ", 10),
            "あいうえお、…"
        );
        assert_eq!(shorten("あいうえおかきくけこ", 5), "あいうえ…");
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
    }
}
