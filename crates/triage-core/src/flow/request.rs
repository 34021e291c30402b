//! The service request, ready to paste into the form Partner Center opens.
//!
//! Microsoft's engineers ask the same questions on every request: what happens, who is affected,
//! where, since when, what service health says, what was tried. Writing them down before filing
//! saves a round trip, and the first round trip is where the severity's response time goes.

use serde::{Deserialize, Serialize};

use super::categories::{category, route_label};
use super::decision::{workload_of, Decision};
use super::workload::{Analysis, Signal, Workload};
use super::{heading, line, product_name, t, Text, NONE_RECORDED, NOT_STATED};
use crate::case::{Case, Lang, Scope};
use crate::customer::TenantRef;
use crate::verdict::{Bilingual, Product, Route, Severity};

/// Partner Center documents no limit for the request's title; the forms it opens show about this
/// many characters in their lists, so a longer title is cut (between words) to stay readable.
pub const TITLE_MAX_CHARS: usize = 120;
/// A service name longer than this is cut so that the title keeps room for the symptom.
const PREFIX_MAX_CHARS: usize = 40;

/// What the engineer decided and entered on the way to filing.
#[derive(Debug, Clone)]
pub struct RequestInput<'a> {
    pub case: &'a Case,
    /// The decision record: the route, the service and product, the severity, the overrides.
    pub decision: &'a Decision,
    pub customer_name: &'a str,
    /// The customer's tenant: its ID (Partner Center's "Microsoft ID") or a domain.
    pub tenant: Option<&'a TenantRef>,
    /// When the problem started, as the engineer wrote it.
    pub since: &'a str,
    /// What the engineer found and changed.
    pub finding: &'a str,
    /// Whether other customers report the same, when the engineer said.
    pub others: Option<bool>,
    /// Posted issues related to the case (e.g. `EX1234567`), besides the decision's own.
    pub related_issue_ids: Vec<String>,
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
    /// The level as Partner Center's form names it, in the request's language: `B (moderate
    /// impact)`, `B (中程度の影響)`.
    pub label: String,
    pub reason: String,
}

/// The request, every text in one language. The field names are the JSON download's contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequest {
    pub lang: Lang,
    /// The route filed under.
    pub route: Route,
    /// The category's name.
    pub category: String,
    pub title: String,
    /// Multi-line plain text with labelled sections.
    pub description: String,
    pub severity: RequestSeverity,
    pub product: Product,
    pub product_name: String,
    /// The service the problem is about, as Microsoft names it.
    pub service: String,
    /// A suggested topic, e.g. "Exchange Online > Mail flow > Delayed or missing email".
    pub support_topic: String,
    pub customer_name: String,
    /// The tenant ID, when the engineer gave one (a GUID).
    pub tenant_id: Option<String>,
    /// The customer's domain, when the engineer gave that instead.
    pub tenant_domain: Option<String>,
    pub incident_ids: Vec<String>,
}

/// One labelled field of the request as the hand-off shows it, in the request's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestField {
    /// Stable: `title`, `description`, `severity`, `product`, `topic`, `tenant`, `incidents`.
    pub id: String,
    pub label: String,
    pub value: String,
}

// ---- labels ------------------------------------------------------------------------------------

const L_TITLE: Text = t("Title", "件名");
const L_CATEGORY: Text = t("Category", "カテゴリ");
const L_PRODUCT: Text = t("Product", "製品");
const L_TOPIC: Text = t("Support topic", "サポート トピック");
const L_SEVERITY: Text = t("Severity", "重大度");
const L_CUSTOMER: Text = t("Customer", "顧客");
const L_TENANT: Text = t("Tenant ID", "テナント ID");
const L_DOMAIN: Text = t("Domain", "ドメイン");
const L_SERVICE: Text = t("Service", "サービス");
const L_OTHERS: Text = t("Other customers affected", "他の顧客での発生");
const L_FINDING: Text = t("What we found and changed", "確認した原因と対応内容");
const L_DECISIONS: Text = t("Engineer's decisions", "担当エンジニアの判断");
const L_INCIDENTS: Text = t("Incident IDs", "インシデント ID");
const L_DESCRIPTION: Text = t("Description", "説明");
const L_SYMPTOMS: Text = t("Symptoms", "症状");
const L_SCOPE: Text = t("Affected users", "影響範囲");
const L_REGION: Text = t("Region", "地域");
const L_STARTED: Text = t("Started", "発生日時");
const L_HEALTH: Text = t("Service health", "サービス正常性");
const L_DONE: Text = t("Troubleshooting done", "実施済みのトラブルシューティング");
const L_WHY: Text = t("Why this goes to Microsoft", "Microsoft に依頼する理由");

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

/// The closing mark of a quotation that `c` opens, if it opens one. A straight `"` closes itself;
/// apostrophes are left alone, as `couldn't` is no quotation.
fn closing_quote(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        '«' => Some('»'),
        _ => None,
    }
}

/// Chars of `text` with whether each lies inside a quotation (an error message quoted by the
/// customer, say). An unclosed quotation runs to the end.
fn quoted(text: &str) -> Vec<(usize, char, bool)> {
    let mut out = Vec::new();
    let mut open: Option<char> = None;
    for (i, c) in text.char_indices() {
        match open {
            Some(close) if c == close => {
                out.push((i, c, true));
                open = None;
            }
            Some(_) => out.push((i, c, true)),
            None => {
                open = closing_quote(c);
                out.push((i, c, open.is_some()));
            }
        }
    }
    out
}

/// The first sentence of the text, on one line: it ends at a line break, at `。！？`, or at `.!?`
/// followed by a space (so `contoso.com` and `5.7.1` stay whole), but never inside a quotation.
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    let chars = quoted(text);
    let mut out = String::new();
    for (n, &(_, c, inside)) in chars.iter().enumerate() {
        let next = chars.get(n + 1).map(|&(_, c, _)| c);
        match c {
            '\n' | '\r' => break,
            '。' | '！' | '？' if !inside => break,
            '.' | '!' | '?' if !inside && next.is_none_or(char::is_whitespace) => break,
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

/// Scripts written without spaces: a cut may fall between two of their characters.
fn unspaced(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}')
}

/// Cuts `s` to at most `max` characters, ellipsis included: between words (or after a `、`, or
/// between two Japanese characters), never inside a word, a code or a quotation. A quotation that
/// does not fit is left out whole (unless the text opens with it: then there is nothing before it
/// to keep).
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(1);
    let chars = quoted(s);
    // Byte offsets where the text may end, each the end of the part kept.
    let mut best = None;
    for (n, &(i, c, inside)) in chars.iter().enumerate().take(keep + 1) {
        let prev = n.checked_sub(1).map(|p| chars[p]);
        let allowed = match prev {
            None => false,
            Some((_, p, prev_inside)) => {
                let outside = !inside || (closing_quote(c).is_some() && !prev_inside);
                let closes = prev_inside && !inside;
                outside
                    && (c.is_whitespace()
                        || matches!(p, '、' | ',' | '，')
                        || closes
                        || (unspaced(p) && unspaced(c))
                        || closing_quote(c).is_some())
            }
        };
        if allowed && n <= keep {
            best = Some(i);
        }
    }
    let cut = best.unwrap_or_else(|| chars.get(keep).map_or(s.len(), |&(i, _, _)| i));
    let trimmed = s[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:-–、，".contains(c));
    format!("{trimmed}…")
}

/// `Exchange Online: Mail to external recipients is delayed`, at most [`TITLE_MAX_CHARS`].
fn title(service: &str, text: &str, lang: Lang) -> String {
    let service = shorten(service.trim(), PREFIX_MAX_CHARS);
    let sentence = first_sentence(text);
    // Service names are ASCII; full Unicode lowercasing would only add its tables.
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

fn severity(decision: &Decision, lang: Lang) -> RequestSeverity {
    let level_label = |level: Severity| {
        let letter = match level {
            Severity::A => "A",
            Severity::B => "B",
            Severity::C => "C",
        };
        format!("{letter} ({})", impact_text(level).get(lang))
    };
    match &decision.severity {
        Some(s) => RequestSeverity {
            level: s.level,
            impact: s.impact.clone(),
            label: level_label(s.level),
            reason: s.text.text(lang).to_string(),
        },
        None => RequestSeverity {
            level: Severity::B,
            impact: Severity::B.impact().to_string(),
            label: level_label(Severity::B),
            reason: NO_SUGGESTION.get(lang).to_string(),
        },
    }
}

/// What the request says about service health.
fn health_result(lang: Lang, d: &Decision, related: &[String]) -> String {
    let list = |ids: &[String]| ids.join(", ");
    let ja = lang == Lang::Ja;
    if !d.health_checked {
        return if ja {
            "まだ確認していません。"
        } else {
            "Not checked yet."
        }
        .into();
    }
    let mut out = vec![if ja {
        "確認済みです。"
    } else {
        "Checked."
    }
    .to_string()];
    match &d.issue {
        Some(issue) if d.route == Route::KnownIssue => out.push(if ja {
            format!("掲載済みの問題 {} がこの問題に該当します。", issue.id)
        } else {
            format!("Posted issue {} explains this problem.", issue.id)
        }),
        _ if related.is_empty() && d.rejected.is_empty() => out.push(if ja {
            "この問題に該当する問題は掲載されていません。".into()
        } else {
            "No posted issue explains this problem.".into()
        }),
        _ => {
            if !related.is_empty() {
                out.push(if ja {
                    format!(
                        "関連する投稿: {}。いずれもこの問題を説明していません。",
                        list(related)
                    )
                } else {
                    format!(
                        "Related posts: {}. None of them explains this problem.",
                        list(related)
                    )
                });
            }
        }
    }
    if !d.rejected.is_empty() {
        out.push(if ja {
            format!(
                "{} はこの問題に該当しないことを確認しました。",
                list(&d.rejected)
            )
        } else {
            format!(
                "We checked {} and found that it does not explain this problem.",
                list(&d.rejected)
            )
        });
    }
    out.join(if ja { "" } else { " " })
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

/// The decision's issue first, then the related ones; trimmed, non-empty, without repeats, and
/// without those the engineer rejected.
fn incident_ids(input: &RequestInput) -> Vec<String> {
    let d = input.decision;
    let mut out: Vec<String> = Vec::new();
    let own = d.issue.as_ref().map(|i| &i.id);
    for id in own
        .into_iter()
        .chain(&input.related_issue_ids)
        .map(|s| s.trim())
    {
        let rejected = d.rejected.iter().any(|r| r.eq_ignore_ascii_case(id));
        if !id.is_empty() && !rejected && !out.iter().any(|o| o.eq_ignore_ascii_case(id)) {
            out.push(id.to_string());
        }
    }
    out
}

impl ServiceRequest {
    /// Writes the request from the decision record and what the engineer entered.
    pub fn new(input: &RequestInput) -> ServiceRequest {
        let lang = input.lang;
        let case = input.case;
        let d = input.decision;
        let route = d.route;
        let service = d.service.as_str();
        let a = Analysis::for_service(workload_of(service), &case.text, d.product);
        let incident_ids = incident_ids(input);
        let (tenant_id, tenant_domain) = match input.tenant {
            Some(TenantRef::Id(id)) => (Some(id.clone()), None),
            Some(TenantRef::Domain(domain)) => (None, Some(domain.clone())),
            None => (None, None),
        };
        let customer_name = input.customer_name.trim();
        let customer = match input.tenant {
            Some(t) => format!(
                "{} ({}: {t})",
                or_not_stated(Some(customer_name), lang),
                tenant_label(t).get(lang)
            ),
            None => or_not_stated(Some(customer_name), lang),
        };
        let scope = case.facts.scope.map(|s| scope_text(s).get(lang));
        let done: Vec<String> = input
            .troubleshooting_done
            .iter()
            .map(|b| b.text(lang).trim())
            .filter(|s| !s.is_empty())
            .map(|s| format!("- {s}"))
            .collect();
        let others = input.others.map(|yes| match (yes, lang) {
            (true, Lang::En) => "Yes: other customers report the same problem.",
            (false, Lang::En) => "No: only this customer is affected so far.",
            (true, Lang::Ja) => "あり (他の顧客からも同じ問題が報告されています)",
            (false, Lang::Ja) => "なし (現時点ではこの顧客のみ)",
        });
        let mut desc = vec![
            heading(lang, L_SYMPTOMS),
            case.text.trim().to_string(),
            String::new(),
            line(lang, L_CUSTOMER, &customer),
            line(lang, L_SERVICE, service),
            line(lang, L_SCOPE, &or_not_stated(scope, lang)),
        ];
        if let Some(others) = others {
            desc.push(line(lang, L_OTHERS, others));
        }
        desc.extend([
            line(
                lang,
                L_REGION,
                &or_not_stated(case.facts.region.as_deref(), lang),
            ),
            line(lang, L_STARTED, &or_not_stated(Some(input.since), lang)),
            line(
                lang,
                L_HEALTH,
                &health_result(lang, d, &input.related_issue_ids_without(d)),
            ),
            String::new(),
            heading(lang, L_FINDING),
            or_none_recorded(input.finding, lang),
            String::new(),
            heading(lang, L_DONE),
        ]);
        if done.is_empty() {
            desc.push(NONE_RECORDED.get(lang).to_string());
        }
        desc.extend(done);
        desc.push(String::new());
        desc.push(line(lang, L_WHY, &why(route, lang)));
        if !d.statements.is_empty() {
            desc.push(String::new());
            desc.push(heading(lang, L_DECISIONS));
            desc.extend(d.statements.iter().map(|s| format!("- {}", s.text(lang))));
        }

        ServiceRequest {
            lang,
            route,
            category: route_label(route).text(lang).to_string(),
            title: title(service, &case.text, lang),
            description: desc.join("\n"),
            severity: severity(d, lang),
            product: d.product,
            product_name: product_name(d.product).to_string(),
            service: service.to_string(),
            support_topic: support_topic(&a, route, lang),
            customer_name: customer_name.to_string(),
            tenant_id,
            tenant_domain,
            incident_ids,
        }
    }

    fn tenant(&self) -> (Text, String) {
        match (&self.tenant_id, &self.tenant_domain) {
            (_, Some(domain)) if self.tenant_id.is_none() => (L_DOMAIN, domain.clone()),
            (id, _) => (L_TENANT, or_not_stated(id.as_deref(), self.lang)),
        }
    }

    fn severity_text(&self) -> String {
        let s = &self.severity;
        match self.lang {
            Lang::En => format!("{}. {}", s.label, s.reason),
            Lang::Ja => format!("{}。{}", s.label, s.reason),
        }
    }

    fn incidents_text(&self) -> String {
        if self.incident_ids.is_empty() {
            NONE.get(self.lang).to_string()
        } else {
            self.incident_ids.join(", ")
        }
    }

    /// The fields the hand-off shows one by one, each with its label in the request's language.
    pub fn fields(&self) -> Vec<RequestField> {
        let lang = self.lang;
        let (tenant_label, tenant) = self.tenant();
        let field = |id: &str, label: Text, value: String| RequestField {
            id: id.to_string(),
            label: label.get(lang).to_string(),
            value,
        };
        vec![
            field("title", L_TITLE, self.title.clone()),
            field("description", L_DESCRIPTION, self.description.clone()),
            field("severity", L_SEVERITY, self.severity_text()),
            field("product", L_PRODUCT, self.product_name.clone()),
            field("topic", L_TOPIC, self.support_topic.clone()),
            field("tenant", tenant_label, tenant),
            field("incidents", L_INCIDENTS, self.incidents_text()),
        ]
    }

    /// Every field, labelled, in the request's language: for "copy all" and the .txt download.
    pub fn as_text(&self) -> String {
        let lang = self.lang;
        let (tenant_label, tenant) = self.tenant();
        [
            line(lang, L_TITLE, &self.title),
            line(lang, L_CATEGORY, &self.category),
            line(lang, L_PRODUCT, &self.product_name),
            line(lang, L_TOPIC, &self.support_topic),
            line(lang, L_SEVERITY, &self.severity_text()),
            line(
                lang,
                L_CUSTOMER,
                &or_not_stated(Some(&self.customer_name), lang),
            ),
            line(lang, tenant_label, &tenant),
            line(lang, L_INCIDENTS, &self.incidents_text()),
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

impl RequestInput<'_> {
    /// The related posts, less the decision's own issue and the rejected ones (said separately).
    fn related_issue_ids_without(&self, d: &Decision) -> Vec<String> {
        incident_ids(self)
            .into_iter()
            .filter(|id| {
                d.issue
                    .as_ref()
                    .is_none_or(|i| !i.id.eq_ignore_ascii_case(id))
            })
            .collect()
    }
}

fn tenant_label(tenant: &TenantRef) -> Text {
    match tenant {
        TenantRef::Id(_) => L_TENANT,
        TenantRef::Domain(_) => L_DOMAIN,
    }
}

fn or_none_recorded(value: &str, lang: Lang) -> String {
    let value = value.trim();
    if value.is_empty() {
        NONE_RECORDED.get(lang).to_string()
    } else {
        value.to_string()
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
    fn sentences_do_not_end_inside_a_quotation() {
        assert_eq!(
            first_sentence("Users see \"Try again. Or not.\" on sign-in. Since 9:00."),
            "Users see \"Try again. Or not.\" on sign-in"
        );
        assert_eq!(
            first_sentence("「接続できません。再試行してください。」と表示されます。以上。"),
            "「接続できません。再試行してください。」と表示されます"
        );
        // An apostrophe is no quotation.
        assert_eq!(first_sentence("It can't send. Really."), "It can't send");
    }

    #[test]
    fn shortening_cuts_between_words_never_inside_a_quotation() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("alpha beta gamma", 12), "alpha beta…");
        assert_eq!(shorten("あいうえおかきくけこ", 5), "あいうえ…");
        assert_eq!(
            shorten("あいうえお、かきくけこさしすせそ", 10),
            "あいうえお、かきく…"
        );
        // Latin inside Japanese is a word: it is not cut.
        assert_eq!(shorten("エラー AADSTS50076 が出る", 12), "エラー…");
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
        assert_eq!(
            shorten(
                "Users get \"Access denied for this mailbox\" in Outlook",
                30
            ),
            "Users get…"
        );
        assert_eq!(
            shorten("Users get \"Access denied\" in Outlook on the web", 30),
            "Users get \"Access denied\" in…"
        );
        // Only a text that opens with a quotation too long to fit is cut inside it.
        assert_eq!(
            shorten("「エラーが発生しました」と表示され続けています", 10),
            "「エラーが発生しま…"
        );
    }
}
