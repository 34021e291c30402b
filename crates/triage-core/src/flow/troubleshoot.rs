//! The checks to make with admin privileges before escalating.
//!
//! The seed asks the partner to "use your admin privileges to troubleshoot the software, settings,
//! and configuration" before handing anything to Microsoft. What that means depends on the service
//! and the symptom: MX and SPF records for mail that does not arrive, Conditional Access for an
//! AADSTS53003. The checks are one table; each case ranks them by how well they fit.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use super::workload::{Analysis, Signal, Workload};
use super::{interned, t, Interned, LinkRef, Text};
use crate::links::ids;
use crate::verdict::{Bilingual, Product, Route, Verdict};

/// One check to make, with where to make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckItem {
    /// Stable: the app stores which items were ticked under this id.
    #[serde(deserialize_with = "interned")]
    pub id: Interned,
    pub title: Bilingual,
    pub detail: Bilingual,
    pub link: Option<LinkRef>,
}

/// At least this many checks are offered, so that the engineer always has somewhere to start.
pub const MIN_ITEMS: usize = 4;
/// At most this many: a longer list is skimmed, not worked through.
pub const MAX_ITEMS: usize = 8;

/// Which cases a check can apply to at all.
#[derive(Debug, Clone, Copy)]
enum Applies {
    /// Any product.
    Any,
    /// Microsoft 365 and Dynamics 365: tenant-level checks that do not exist for Azure resources.
    NotAzure,
    /// Microsoft 365 only.
    M365,
    /// Only when one of these services is involved.
    Only(&'static [Workload]),
}

struct Def {
    id: &'static str,
    title: Text,
    detail: Text,
    link: Option<LinkRef>,
    applies: Applies,
    /// The symptoms that make the check urgent, most telling first.
    signals: &'static [Signal],
    /// The routes for which the check gathers the evidence Microsoft will ask for.
    routes: &'static [Route],
    /// Offered only when a signal or route asks for it (a network test is noise for a licence
    /// problem).
    gated: bool,
}

const DIAGNOSE_ROUTES: &[Route] = &[
    Route::EscalateBug,
    Route::EscalateUndocumented,
    Route::EscalateUnavailable,
];
const OUTAGE_ROUTES: &[Route] = &[Route::EscalateUnavailable, Route::EscalateRegional];
const BEHAVIOUR_ROUTES: &[Route] = &[Route::EscalateBug, Route::EscalateUndocumented];
const NETWORK_ROUTES: &[Route] = &[Route::EscalateNetwork, Route::EscalateRegional];

/// The checks. Table order breaks ties, so the more generally useful check of two comes first.
const DEFS: &[Def] = &[
    Def {
        id: "exchange_message_trace",
        title: t(
            "Run a message trace and review mail flow rules",
            "メッセージ追跡の実行とメール フロー ルールの確認",
        ),
        detail: t(
            "In the Exchange admin center, trace an affected message to see where it stopped \
             (delivered, failed, quarantined or pending), then check the mail flow rules and \
             connectors that could redirect, reject or delay it.",
            "Exchange 管理センターで該当するメッセージを追跡し、どこで止まったか (配信済み、失敗、検疫、\
             保留中) を確認します。続いて、メッセージを転送、拒否、遅延させる可能性のあるメール フロー \
             ルールとコネクタを確認します。",
        ),
        link: Some(LinkRef::Id(ids::EXCHANGE_ADMIN_CENTER)),
        applies: Applies::Only(&[Workload::Exchange]),
        signals: &[Signal::MailDelivery],
        routes: &[],
        gated: false,
    },
    Def {
        id: "mail_dns_records",
        title: t(
            "Check the domain's MX, SPF, DKIM and DMARC records",
            "ドメインの MX、SPF、DKIM、DMARC レコードの確認",
        ),
        detail: t(
            "Compare the public DNS records with the values shown under Settings > Domains in the \
             Microsoft 365 admin center. A wrong MX record stops inbound mail; a missing or too \
             strict SPF, DKIM or DMARC record gets outbound mail rejected or sent to junk.",
            "Microsoft 365 管理センターの [設定] > [ドメイン] に表示される値と、公開されている DNS \
             レコードを比較します。MX レコードが誤っていると受信メールが届かず、SPF、DKIM、DMARC \
             のレコードが欠けていたり厳しすぎたりすると、送信メールが拒否されたり迷惑メールとして扱われたり\
             します。",
        ),
        link: Some(LinkRef::Url(
            "https://learn.microsoft.com/en-us/microsoft-365/admin/get-help-with-domains/create-dns-records-at-any-dns-hosting-provider",
        )),
        applies: Applies::Only(&[Workload::Exchange]),
        signals: &[Signal::MailDelivery],
        routes: &[],
        gated: false,
    },
    Def {
        id: "mail_quarantine_policies",
        title: t(
            "Look for the messages in quarantine and review the protection policies",
            "検疫されたメッセージと保護ポリシーの確認",
        ),
        detail: t(
            "In the Microsoft Defender portal, search quarantine for the missing messages and check \
             whether an anti-spam, anti-phishing or anti-malware policy, or the Tenant \
             Allow/Block List, stopped them.",
            "Microsoft Defender ポータルで、届かないメッセージが検疫されていないかを検索し、\
             迷惑メール対策、フィッシング対策、マルウェア対策の各ポリシーや、テナント許可/ブロック \
             リストで止められていないかを確認します。",
        ),
        link: Some(LinkRef::Id(ids::DEFENDER_PORTAL)),
        applies: Applies::Only(&[Workload::Exchange]),
        signals: &[Signal::MailDelivery],
        routes: &[],
        gated: false,
    },
    Def {
        id: "entra_conditional_access",
        title: t(
            "Review the Conditional Access policies that apply",
            "適用される条件付きアクセス ポリシーの確認",
        ),
        detail: t(
            "Open the failed sign-in and its Conditional Access tab to see which policy blocked it \
             and on which condition (device, location, app or client). Check a change with the \
             What If tool before making it. AADSTS530xx errors come from Conditional Access.",
            "失敗したサインインの [条件付きアクセス] タブで、どのポリシーがどの条件 (デバイス、場所、\
             アプリ、クライアント) でブロックしたかを確認します。ポリシーを変更する前に、What If \
             ツールで影響を確かめます。AADSTS530xx のエラーは条件付きアクセスによるものです。",
        ),
        link: Some(LinkRef::Url(
            "https://learn.microsoft.com/en-us/entra/identity/conditional-access/troubleshoot-conditional-access",
        )),
        applies: Applies::Only(&[Workload::Entra, Workload::Intune]),
        signals: &[Signal::ConditionalAccess, Signal::Device, Signal::SignIn],
        routes: &[],
        gated: false,
    },
    Def {
        id: "entra_sign_in_logs",
        title: t(
            "Read the sign-in logs and look up the AADSTS code",
            "サインイン ログの確認と AADSTS コードの調査",
        ),
        detail: t(
            "In the Microsoft Entra admin center, filter the sign-in logs by the affected user and \
             time and read the failure reason. Look up the AADSTS code on \
             https://login.microsoftonline.com/error.",
            "Microsoft Entra 管理センターでサインイン ログを対象ユーザーと時間帯で絞り込み、失敗の\
             理由を確認します。AADSTS コードは https://login.microsoftonline.com/error で調べます。",
        ),
        link: Some(LinkRef::Id(ids::ENTRA_ADMIN_CENTER)),
        applies: Applies::Only(&[Workload::Entra]),
        signals: &[Signal::SignIn, Signal::AadstsCode],
        routes: &[],
        gated: false,
    },
    Def {
        id: "entra_mfa_methods",
        title: t(
            "Check the user's MFA registration and account state",
            "ユーザーの MFA 登録とアカウントの状態の確認",
        ),
        detail: t(
            "Confirm that the user has a working registered method, that security defaults or \
             per-user MFA do not conflict with Conditional Access, and that the account is neither \
             locked nor waiting for a password reset.",
            "ユーザーが使用できる認証方法を登録しているか、セキュリティの既定値群やユーザーごとの MFA \
             が条件付きアクセスと競合していないか、アカウントがロックされたりパスワードのリセット待ちに\
             なったりしていないかを確認します。",
        ),
        link: Some(LinkRef::Id(ids::ENTRA_ADMIN_CENTER)),
        applies: Applies::Only(&[Workload::Entra]),
        signals: &[Signal::Mfa, Signal::SignIn],
        routes: &[],
        gated: true,
    },
    Def {
        id: "sharing_settings",
        title: t(
            "Compare sharing settings for the organisation and the site",
            "組織とサイトの共有設定の比較",
        ),
        detail: t(
            "In the SharePoint admin center, compare the organisation's external sharing level \
             with the site's or OneDrive's (it can't be more open than the organisation's), then \
             check the allowed or blocked domains and the guest settings in Microsoft Entra.",
            "SharePoint 管理センターで、組織の外部共有レベルと、サイトや OneDrive の外部共有レベルを\
             比較します (組織より緩い設定にはできません)。続いて、許可またはブロックするドメインと、\
             Microsoft Entra のゲストの設定を確認します。",
        ),
        link: Some(LinkRef::Id(ids::SHAREPOINT_ADMIN_CENTER)),
        applies: Applies::Only(&[Workload::SharePoint, Workload::OneDrive]),
        signals: &[Signal::Sharing],
        routes: &[],
        gated: false,
    },
    Def {
        id: "intune_enrollment_compliance",
        title: t(
            "Check device enrollment and compliance in Intune",
            "Intune でのデバイスの登録とコンプライアンスの確認",
        ),
        detail: t(
            "In the Intune admin center, look at the device's enrollment status, its compliance \
             policy results and the enrollment restrictions. A non-compliant device is often what \
             Conditional Access blocks.",
            "Intune 管理センターで、デバイスの登録状態、コンプライアンス ポリシーの評価結果、登録の制限を\
             確認します。条件付きアクセスでブロックされる原因は、デバイスが非準拠であることがよくあります。",
        ),
        link: Some(LinkRef::Id(ids::INTUNE_ADMIN_CENTER)),
        applies: Applies::Only(&[Workload::Intune]),
        signals: &[Signal::Device, Signal::ConditionalAccess],
        routes: &[],
        gated: false,
    },
    Def {
        id: "teams_policies",
        title: t(
            "Review the user's Teams policies and call history",
            "ユーザーの Teams ポリシーと通話履歴の確認",
        ),
        detail: t(
            "In the Teams admin center, check the meeting, messaging, calling and app policies \
             assigned to the user; for call or meeting quality, open the user's call history for \
             the affected sessions.",
            "Teams 管理センターで、ユーザーに割り当てられた会議、メッセージング、通話、アプリの各ポリシー\
             を確認します。通話や会議の品質の問題は、ユーザーの通話履歴で該当するセッションを確認します。",
        ),
        link: Some(LinkRef::Id(ids::TEAMS_ADMIN_CENTER)),
        applies: Applies::Only(&[Workload::Teams]),
        signals: &[Signal::Client, Signal::Network],
        routes: &[],
        gated: false,
    },
    Def {
        id: "client_version_cache",
        title: t(
            "Update the client, compare with the web version and clear the cache",
            "クライアントの更新、Web 版との比較、キャッシュのクリア",
        ),
        detail: t(
            "Make sure Outlook, Teams or OneDrive is on a current, supported version. Try the web \
             version to tell a client problem from a service one, then clear the cache or recreate \
             the profile.",
            "Outlook、Teams、OneDrive がサポート対象の最新バージョンかを確認します。Web 版でも同じ\
             問題が起きるかを試してクライアントとサービスのどちらの問題かを切り分け、キャッシュのクリアや\
             プロファイルの再作成を行います。",
        ),
        link: None,
        applies: Applies::Only(&[
            Workload::Exchange,
            Workload::Teams,
            Workload::OneDrive,
            Workload::Apps,
        ]),
        signals: &[Signal::Client],
        routes: &[],
        gated: false,
    },
    Def {
        id: "support_recovery_assistant",
        title: t(
            "Run Microsoft Support and Recovery Assistant on an affected computer",
            "影響を受けている PC での Microsoft Support and Recovery Assistant の実行",
        ),
        detail: t(
            "Its scenarios scan Outlook, Office activation and the Teams meeting add-in, and report \
             or fix the common client-side causes.",
            "Outlook、Office のライセンス認証、Teams 会議アドインなどのシナリオでスキャンを行い、\
             クライアント側のよくある原因を報告または修正します。",
        ),
        link: Some(LinkRef::Url(
            "https://learn.microsoft.com/en-us/microsoft-365/troubleshoot/administration/sara-command-line-version",
        )),
        applies: Applies::Only(&[Workload::Exchange, Workload::Apps, Workload::Teams]),
        signals: &[Signal::Client, Signal::Licence],
        routes: &[],
        gated: true,
    },
    Def {
        id: "remote_connectivity_analyzer",
        title: t(
            "Test from outside with Microsoft Remote Connectivity Analyzer",
            "Microsoft Remote Connectivity Analyzer による外部からのテスト",
        ),
        detail: t(
            "Run the Exchange Online or Teams tests (Autodiscover, Outlook connectivity, inbound \
             SMTP) from outside the customer's network to see whether the service is reachable and \
             the domain is published correctly.",
            "お客様のネットワークの外から Exchange Online や Teams のテスト (自動検出、Outlook の\
             接続、受信 SMTP など) を実行し、サービスに到達できるか、ドメインが正しく公開されているかを\
             確認します。",
        ),
        link: Some(LinkRef::Url("https://testconnectivity.microsoft.com")),
        applies: Applies::Only(&[Workload::Exchange, Workload::Teams]),
        signals: &[Signal::Client, Signal::Network, Signal::MailDelivery],
        routes: &[],
        gated: false,
    },
    Def {
        id: "azure_resource_health",
        title: t(
            "Check Resource Health for the affected resources",
            "影響を受けているリソースの Resource Health の確認",
        ),
        detail: t(
            "In the Azure portal, Resource Health tells whether each resource is available, \
             degraded or unavailable, and whether a platform event or a user action caused it. A \
             platform event is Microsoft's to fix.",
            "Azure portal の Resource Health で、各リソースが利用可能か、低下しているか、利用できないかと、\
             その原因がプラットフォームのイベントかユーザーの操作かを確認します。プラットフォームの\
             イベントであれば Microsoft が対応する問題です。",
        ),
        link: Some(LinkRef::Url(
            "https://learn.microsoft.com/en-us/azure/service-health/resource-health-overview",
        )),
        applies: Applies::Only(&[Workload::Azure]),
        signals: &[],
        routes: OUTAGE_ROUTES,
        gated: false,
    },
    Def {
        id: "azure_diagnose_and_solve",
        title: t(
            "Run \"Diagnose and solve problems\" on the resource",
            "リソースの [問題の診断と解決] の実行",
        ),
        detail: t(
            "Each resource in the Azure portal has its own troubleshooters; they read the \
             resource's telemetry and configuration and point to known causes.",
            "Azure portal の各リソースには専用のトラブルシューティング ツールがあり、リソースの\
             テレメトリと構成を読み取って既知の原因を示します。",
        ),
        link: Some(LinkRef::Id(ids::AZURE_SERVICE_HEALTH)),
        applies: Applies::Only(&[Workload::Azure]),
        signals: &[],
        routes: BEHAVIOUR_ROUTES,
        gated: false,
    },
    Def {
        id: "azure_activity_log",
        title: t(
            "Look for recent changes in the activity log",
            "アクティビティ ログでの最近の変更の確認",
        ),
        detail: t(
            "Look for deployments, configuration or scaling changes, policy assignments and role \
             changes on the resource and its resource group around the start time.",
            "発生時刻の前後に、リソースとそのリソース グループで、デプロイ、構成やスケーリングの変更、\
             ポリシーの割り当て、ロールの変更がなかったかを確認します。",
        ),
        link: None,
        applies: Applies::Only(&[Workload::Azure]),
        signals: &[],
        routes: &[],
        gated: false,
    },
    Def {
        id: "azure_network_watcher",
        title: t(
            "Diagnose the network path with Network Watcher",
            "Network Watcher によるネットワーク経路の診断",
        ),
        detail: t(
            "Use connection troubleshoot and IP flow verify to check the NSG rules, routes and DNS \
             between the source and the resource.",
            "接続のトラブルシューティングと IP フロー検証を使って、接続元とリソースの間の NSG ルール、\
             ルート、DNS を確認します。",
        ),
        link: None,
        applies: Applies::Only(&[Workload::Azure]),
        signals: &[Signal::Network],
        routes: NETWORK_ROUTES,
        gated: true,
    },
    Def {
        id: "dynamics_environment",
        title: t(
            "Check the environment, security roles and recent solution changes",
            "環境、セキュリティ ロール、最近のソリューションの変更の確認",
        ),
        detail: t(
            "In the Power Platform admin center, check the environment's state and capacity, the \
             user's security roles, and the solutions, plug-ins or flows imported or changed around \
             the start time.",
            "Power Platform 管理センターで、環境の状態と容量、ユーザーのセキュリティ ロール、発生時刻の\
             前後にインポートまたは変更されたソリューション、プラグイン、フローを確認します。",
        ),
        link: None,
        applies: Applies::Only(&[Workload::Dynamics]),
        signals: &[],
        routes: &[],
        gated: false,
    },
    Def {
        id: "network_connectivity_test",
        title: t(
            "Run the Microsoft 365 network connectivity test",
            "Microsoft 365 ネットワーク接続テストの実行",
        ),
        detail: t(
            "From an affected site, measure latency, the internet egress, DNS and the proxy path to \
             Microsoft's network. Compare with an unaffected site and note the times and ISPs.",
            "影響を受けている拠点から、Microsoft のネットワークまでの遅延、インターネットへの出口、DNS、\
             プロキシの経路を測定します。影響のない拠点の結果と比べ、時刻と ISP を記録します。",
        ),
        link: Some(LinkRef::Url("https://connectivity.office.com")),
        applies: Applies::M365,
        signals: &[Signal::Network],
        routes: NETWORK_ROUTES,
        gated: true,
    },
    Def {
        id: "licence_usage_location",
        title: t(
            "Check licences, service plans and usage location",
            "ライセンス、サービス プラン、利用場所の確認",
        ),
        detail: t(
            "Confirm that every affected user has the right licence with the needed service plan \
             turned on, and a usage location set: a licence can't be assigned without one, and \
             some features depend on it.",
            "影響を受けている各ユーザーに適切なライセンスが割り当てられ、必要なサービス プランが有効に\
             なっているか、利用場所が設定されているかを確認します。利用場所がないとライセンスを割り当てられず、\
             利用場所によって使える機能が変わることもあります。",
        ),
        link: Some(LinkRef::Url(
            "https://learn.microsoft.com/en-us/microsoft-365/admin/manage/assign-licenses-to-users",
        )),
        applies: Applies::NotAzure,
        signals: &[Signal::Licence],
        routes: &[],
        gated: false,
    },
    Def {
        id: "admin_center_diagnostics",
        title: t(
            "Run the admin center's built-in diagnostics",
            "管理センターの診断の実行",
        ),
        detail: t(
            "In the Microsoft 365 admin center, open Help & support, describe the problem and run \
             the diagnostics it offers: they test the tenant's settings against known causes and \
             often point straight to the fix.",
            "Microsoft 365 管理センターで [ヘルプとサポート] を開いて問題を入力し、表示される診断を\
             実行します。テナントの設定を既知の原因と照らし合わせ、解決方法を直接示してくれることが\
             よくあります。",
        ),
        link: Some(LinkRef::Url(
            "https://learn.microsoft.com/en-us/microsoft-365/admin/get-help-support",
        )),
        applies: Applies::M365,
        signals: &[],
        routes: DIAGNOSE_ROUTES,
        gated: false,
    },
    Def {
        id: "reproduce_and_scope",
        title: t(
            "Reproduce it and narrow down who is affected",
            "再現の確認と影響範囲の切り分け",
        ),
        detail: t(
            "Try another user, another device or a private browser window, and another network. \
             Knowing exactly who is affected and who is not separates a configuration problem \
             from a service one.",
            "別のユーザー、別のデバイスやブラウザーの InPrivate ウィンドウ、別のネットワークで試します。\
             影響を受けるユーザーと受けないユーザーを正確に把握すると、構成の問題かサービスの問題かを\
             見分けられます。",
        ),
        link: None,
        applies: Applies::Any,
        signals: &[],
        routes: &[],
        gated: false,
    },
    Def {
        id: "recent_tenant_changes",
        title: t(
            "Look for recent changes in the tenant",
            "テナントでの最近の変更の確認",
        ),
        detail: t(
            "Search the audit log for policy, licence, domain or role changes made shortly before \
             the problem started.",
            "問題が始まる直前に、ポリシー、ライセンス、ドメイン、ロールの変更がなかったかを監査ログで\
             確認します。",
        ),
        link: None,
        applies: Applies::NotAzure,
        signals: &[],
        routes: &[],
        gated: false,
    },
];

impl Def {
    fn item(&self) -> CheckItem {
        CheckItem {
            id: self.id,
            title: self.title.bilingual(),
            detail: self.detail.bilingual(),
            link: self.link,
        }
    }
}

/// The fit of a check made for the main service.
const MAIN_SERVICE: u32 = 4;
/// The fit of a check made for another service the case mentions.
const OTHER_SERVICE: u32 = 2;

/// How much a check fits the services involved: the main service counts most. Zero means it does
/// not apply.
fn service_fit(applies: Applies, a: &Analysis) -> u32 {
    match applies {
        Applies::Any => 1,
        Applies::NotAzure => u32::from(a.product != Product::Azure),
        Applies::M365 => u32::from(a.product == Product::Microsoft365),
        Applies::Only(ws) => match a.workloads.iter().position(|w| ws.contains(w)) {
            Some(0) => MAIN_SERVICE,
            Some(_) => OTHER_SERVICE,
            None => 0,
        },
    }
}

/// How much the symptoms call for a check: its most telling symptom counts 3, the next 2, the rest 1.
fn symptom_fit(signals: &[Signal], a: &Analysis) -> u32 {
    signals
        .iter()
        .enumerate()
        .filter(|(_, s)| a.has(**s))
        .map(|(i, _)| 3u32.saturating_sub(i as u32).max(1))
        .max()
        .unwrap_or(0)
}

/// The checks for a case, most relevant first: between [`MIN_ITEMS`] and [`MAX_ITEMS`] of them.
///
/// `service` is the service the engineer picked (any spelling); `text` is the case text. The
/// verdict's route favours the checks that gather what Microsoft will ask for, and its product
/// keeps Azure checks for Azure cases.
pub fn checklist(service: Option<&str>, verdict: &Verdict, text: &str) -> Vec<CheckItem> {
    let a = Analysis::new(service, text, verdict.product);
    let mut scored: Vec<(u32, &Def)> = DEFS
        .iter()
        .filter_map(|d| {
            let fit = service_fit(d.applies, &a);
            let symptoms = symptom_fit(d.signals, &a);
            let route = if d.routes.contains(&verdict.route) {
                2
            } else {
                0
            };
            let asked_for = symptoms > 0 || route > 0;
            // A service mentioned in passing ("…in Teams and Outlook") brings in its checks only
            // when the symptom points at them.
            let wanted = (!d.gated || asked_for) && (fit != OTHER_SERVICE || symptoms > 0);
            (fit > 0 && wanted).then_some((fit + symptoms + route, d))
        })
        .collect();
    // Stable sort: equal scores keep table order.
    scored.sort_by_key(|(score, _)| Reverse(*score));
    scored
        .into_iter()
        .take(MAX_ITEMS)
        .map(|(_, d)| d.item())
        .collect()
}

/// Every check the tool knows, in table order: for tests and for a "show all" view.
pub fn all_checks() -> Vec<CheckItem> {
    DEFS.iter().map(Def::item).collect()
}

/// The titles of the ticked items, in checklist order: what [`RequestInput`] lists as done.
///
/// [`RequestInput`]: super::RequestInput
pub fn checked_titles(items: &[CheckItem], checked: &[&str]) -> Vec<Bilingual> {
    items
        .iter()
        .filter(|i| checked.contains(&i.id))
        .map(|i| i.title.clone())
        .collect()
}
