//! What to tell the customer when nothing goes to Microsoft.
//!
//! A known issue needs no ticket: the customer needs to hear that Microsoft is on it, where to
//! follow it, and that the partner is watching. A partner fix needs a record of what was found and
//! done, so that a recurrence starts from there rather than from zero.

use serde::Serialize;

use super::troubleshoot::CheckItem;
use super::{heading, t, LinkRef, Text, NONE_RECORDED};
use crate::case::Lang;
use crate::config::{LocalText, MESSAGE_PLACEHOLDERS};
use crate::links::ids;
use crate::verdict::{Bilingual, Product};

/// A posted issue to tell the customer about.
#[derive(Debug, Clone, Copy)]
pub struct KnownIssueNotice<'a> {
    /// The service-health issue id (`EX1234567`) or Azure tracking id.
    pub issue_id: &'a str,
    /// The issue's title as service health shows it.
    pub title: &'a str,
    /// The partner's name, for the signature.
    pub partner: &'a str,
    /// Azure issues are followed in Azure Service Health; everything else, Dynamics 365 included,
    /// in Microsoft 365 service health.
    pub product: Product,
    /// The portal owner's wording (`customerMessage` in the config), with the placeholders
    /// `{issueId}`, `{title}` and `{partner}`. A language it leaves out keeps the built-in text.
    pub template: Option<&'a LocalText>,
}

/// A message ready to send, with the pages it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerMessage {
    #[serde(flatten)]
    pub text: Bilingual,
    pub links: Vec<LinkRef>,
}

/// The built-in notice; only where the issue is posted differs between Microsoft 365 and Azure.
macro_rules! notice {
    ($posted_en:literal, $follow_en:literal, $posted_ja:literal, $follow_ja:literal) => {
        t(
            concat!(
                "Hello,\n\n",
                "Thank you for reporting this problem. Microsoft is aware of it and is working on a fix: it is posted in ",
                $posted_en,
                " as {issueId}, \"{title}\".\n\n",
                $follow_en,
                "\n\n",
                "As Microsoft is already working on it, no support ticket is needed. We keep monitoring the issue and will let you know when it is resolved or if anything changes for you.\n\n",
                "Best regards,\n{partner}",
            ),
            concat!(
                "ご担当者様\n\n",
                "いつもお世話になっております。\n",
                "ご報告いただいた事象は Microsoft が既に把握しており、現在対応中です。",
                $posted_ja,
                "に「{issueId}: {title}」として掲載されています。\n\n",
                $follow_ja,
                "\n\n",
                "Microsoft が対応中のため、本件について新たにサポート リクエストを作成する必要はありません。引き続き弊社で状況を確認し、解決した際や状況に変化があった際にはご連絡いたします。\n\n",
                "{partner}",
            ),
        )
    };
}

const M365_NOTICE: Text = notice!(
    "Microsoft 365 service health",
    "You can follow its progress in the Microsoft 365 admin center under Health > Service health (issue {issueId}). Wide outages are also posted on https://status.cloud.microsoft.",
    "Microsoft 365 のサービス正常性",
    "進捗は、Microsoft 365 管理センターの [正常性] > [サービス正常性] (問題 ID: {issueId}) でご確認いただけます。大規模な障害の場合は https://status.cloud.microsoft にも情報が掲載されます。"
);

const AZURE_NOTICE: Text = notice!(
    "Azure Service Health",
    "You can follow its progress in the Azure portal under Service Health (tracking ID {issueId}). Wide outages are also posted on https://azure.status.microsoft.",
    "Azure のサービス正常性",
    "進捗は、Azure portal の [Service Health] (追跡 ID: {issueId}) でご確認いただけます。大規模な障害の場合は https://azure.status.microsoft にも情報が掲載されます。"
);

const M365_LINKS: &[LinkRef] = &[
    LinkRef::Id(ids::M365_ISSUE),
    LinkRef::Id(ids::M365_SERVICE_HEALTH),
    LinkRef::Id(ids::M365_STATUS),
];
const AZURE_LINKS: &[LinkRef] = &[
    LinkRef::Id(ids::AZURE_SERVICE_HEALTH),
    LinkRef::Id(ids::AZURE_STATUS),
];

/// Replaces the placeholders of [`MESSAGE_PLACEHOLDERS`] (`{issueId}`, `{title}`, `{partner}`) in
/// one pass, so a title that happens to contain `{partner}` is left as it is. Unknown `{…}` are
/// kept, and the trailing spaces an empty value leaves are removed.
pub fn fill_template(template: &str, issue_id: &str, title: &str, partner: &str) -> String {
    let values = [issue_id.trim(), title.trim(), partner.trim()];
    let mut out = String::with_capacity(template.len() + title.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let placeholder = MESSAGE_PLACEHOLDERS.iter().zip(values).find(|(name, _)| {
            rest.strip_prefix(**name)
                .is_some_and(|r| r.starts_with('}'))
        });
        match placeholder {
            Some((name, value)) => {
                out.push_str(value);
                rest = &rest[name.len() + 1..];
            }
            None => out.push('{'),
        }
    }
    out.push_str(rest);
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The message telling the customer that Microsoft already knows about the problem.
pub fn known_issue_message(n: &KnownIssueNotice) -> CustomerMessage {
    let (default, links) = match n.product {
        Product::Azure => (AZURE_NOTICE, AZURE_LINKS),
        Product::Microsoft365 | Product::Dynamics365 => (M365_NOTICE, M365_LINKS),
    };
    let text = |lang: Lang| {
        let template = n
            .template
            .and_then(|l| l.get(lang))
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(default.get(lang));
        fill_template(template, n.issue_id, n.title, n.partner)
    };
    CustomerMessage {
        text: Bilingual::new(text(Lang::En), text(Lang::Ja)),
        links: links.to_vec(),
    }
}

/// What the partner found and did, for the customer and for the next engineer.
#[derive(Debug, Clone, Copy)]
pub struct PartnerFixReport<'a> {
    /// The customer's description of the problem.
    pub case_text: &'a str,
    /// What the engineer found to be the cause, in their own words (may be empty).
    pub finding: &'a str,
    /// The checklist the engineer worked through.
    pub checklist: &'a [CheckItem],
    /// The ids of the items ticked as done.
    pub checked: &'a [&'a str],
    /// Whether service health was checked, and the posted issues found not to explain it.
    pub health_checked: bool,
    pub rejected: &'a [String],
}

const L_REPORTED: Text = t("Problem reported", "ご報告いただいた事象");
const L_FOUND: Text = t("What we found", "確認した内容");
const L_HEALTH: Text = t("Microsoft service health", "Microsoft のサービス正常性");
const L_DONE: Text = t("What we did", "実施した対応");
const L_NEXT: Text = t("Next steps", "今後の対応");
const CONFIRM: Text = t(
    "Confirm with the affected users that the problem is gone.",
    "影響を受けていたユーザーの方に、問題が解消したことをご確認いただきます。",
);
const REMAINING: Text = t(
    "If it comes back, we continue with the next checks:",
    "再発した場合は、次の確認項目を実施します。",
);
/// The checklist is ordered by relevance; a customer needs the next few, not all of them.
const MAX_REMAINING: usize = 3;
const ESCALATE_IF: Text = t(
    "If it persists after that and fits one of the kinds of problem Microsoft fixes, we escalate \
     it to Microsoft from Partner Center.",
    "それでも解決せず、Microsoft が対応する種類の問題に当てはまる場合は、パートナー センターから \
     Microsoft にエスカレーションします。",
);

/// The summary of a problem the partner solved: what was reported, found and done, and what next.
pub fn partner_fix_summary(r: &PartnerFixReport) -> Bilingual {
    let (done, remaining): (Vec<&CheckItem>, Vec<&CheckItem>) =
        r.checklist.iter().partition(|i| r.checked.contains(&i.id));
    let write = |lang: Lang| {
        let finding = r.finding.trim();
        let mut out = vec![
            heading(lang, L_REPORTED),
            r.case_text.trim().to_string(),
            String::new(),
        ];
        if r.health_checked {
            let ids = r.rejected.join(", ");
            out.push(heading(lang, L_HEALTH));
            out.push(match (lang, ids.is_empty()) {
                (Lang::En, true) => "Checked: no issue Microsoft has posted explains this problem.".into(),
                (Lang::Ja, true) => "確認済みです。Microsoft が掲載している問題の中に、この事象に該当するものはありませんでした。".into(),
                (Lang::En, false) => format!("Checked: the issue Microsoft has posted ({ids}) does not explain this problem."),
                (Lang::Ja, false) => format!("確認済みです。Microsoft が掲載している問題 ({ids}) は、この事象には該当しませんでした。"),
            });
            out.push(String::new());
        }
        out.extend([
            heading(lang, L_FOUND),
            if finding.is_empty() {
                NONE_RECORDED.get(lang).to_string()
            } else {
                finding.to_string()
            },
            String::new(),
            heading(lang, L_DONE),
        ]);
        if done.is_empty() {
            out.push(NONE_RECORDED.get(lang).to_string());
        }
        out.extend(done.iter().map(|i| format!("- {}", i.title.text(lang))));
        out.push(String::new());
        out.push(heading(lang, L_NEXT));
        out.push(format!("- {}", CONFIRM.get(lang)));
        if !remaining.is_empty() {
            out.push(format!("- {}", REMAINING.get(lang)));
            out.extend(
                remaining
                    .iter()
                    .take(MAX_REMAINING)
                    .map(|i| format!("  - {}", i.title.text(lang))),
            );
        }
        out.push(format!("- {}", ESCALATE_IF.get(lang)));
        out.join("\n")
    };
    Bilingual::new(write(Lang::En), write(Lang::Ja))
}
