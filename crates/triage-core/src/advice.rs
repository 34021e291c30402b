//! What the engineer does with a verdict: the next steps, and for escalations the product and
//! severity to pick in Partner Center (break-fix severities A/B/C as Partner Center defines them).

use crate::case::{Facts, Scope};
use crate::lexicon::{Lexicon, Words};
use crate::verdict::{Bilingual, Product, Route, Severity, SeveritySuggestion, Step};

/// Words that say the affected service is not production.
static NON_PRODUCTION: Lexicon = Lexicon::new(&[
    "test tenant",
    "test environment",
    "non-production",
    "nonproduction",
    "non production",
    "sandbox",
    "staging",
    "dev tenant",
    "development tenant",
    "trial tenant",
    "検証環境",
    "テスト環境",
    "開発環境",
    "検証用テナント",
    "テスト用テナント",
    "本番以外",
]);

/// Words that say the service is down for the people affected, not merely misbehaving.
static DOWN: Lexicon = Lexicon::new(&[
    "outage",
    "down",
    "unavailable",
    "cannot sign in",
    "can't sign in",
    "cannot access",
    "can't access",
    "nobody can",
    "no one can",
    "all users",
    "everyone",
    "not loading",
    "unreachable",
    "障害",
    "利用できない",
    "使えない",
    "サインインできない",
    "アクセスできない",
    "全員",
    "全ユーザー",
    "停止",
]);

/// Words that say there is a way around the problem.
static WORKAROUND: Lexicon = Lexicon::new(&[
    "workaround",
    "work around",
    "回避策",
    "回避方法",
    "still works",
    "cosmetic",
]);

static AZURE: Lexicon = Lexicon::new(&[
    "azure",
    "virtual machine",
    "vm",
    "vms",
    "aks",
    "kubernetes",
    "app service",
    "storage account",
    "blob",
    "cosmos",
    "front door",
    "key vault",
    "resource group",
    "arm template",
    "load balancer",
    "vnet",
    "expressroute",
    "azure sql",
    "functions",
    "仮想マシン",
    "ストレージ アカウント",
    "ストレージアカウント",
]);
static DYNAMICS: Lexicon = Lexicon::new(&[
    "dynamics",
    "d365",
    "crm",
    "business central",
    "dataverse",
    "power platform",
    "finance and operations",
]);

/// The product to file under: the case's `service` if it names one, else what the text mentions,
/// else Microsoft 365 (the usual CSP support topic).
pub fn product(service: Option<&str>, normalized_text: &str) -> Product {
    product_in(service, &Words::new(normalized_text))
}

/// [`product`] for a text already indexed (the engine indexes each case once).
pub fn product_in(service: Option<&str>, text: &Words) -> Product {
    let pick = |w: &Words| {
        if w.any(&DYNAMICS) {
            Some(Product::Dynamics365)
        } else if w.any(&AZURE) {
            Some(Product::Azure)
        } else {
            None
        }
    };
    match service.map(str::to_lowercase) {
        Some(service) if !service.trim().is_empty() => pick(&Words::new(&service)),
        _ => pick(text),
    }
    .unwrap_or(Product::Microsoft365)
}

/// Partner Center's severity for an escalation: A when production is down, B when it is partly
/// affected, C when the service is still available or not production.
pub fn severity(route: Route, facts: &Facts, normalized_text: &str) -> Option<SeveritySuggestion> {
    severity_in(route, facts, &Words::new(normalized_text))
}

/// [`severity`] for a text already indexed.
pub fn severity_in(route: Route, facts: &Facts, text: &Words) -> Option<SeveritySuggestion> {
    if !route.is_escalation() {
        return None;
    }
    let any = |list: &Lexicon| text.any(list);
    let wide = matches!(
        facts.scope,
        Some(Scope::WholeTenant | Scope::MultipleTenants)
    );
    let (level, en, ja) = if any(&NON_PRODUCTION) {
        (
            Severity::C,
            "Only a non-production environment is affected.",
            "影響は本番以外の環境に限られます。",
        )
    } else if matches!(route, Route::EscalateUnavailable | Route::EscalateRegional)
        || (wide && any(&DOWN))
    {
        (
            Severity::A,
            "Production services are down for the customer: significant loss of service.",
            "お客様の本番サービスが停止しています。サービスの重大な損失です。",
        )
    } else if facts.scope == Some(Scope::SingleUser) || any(&WORKAROUND) {
        (
            Severity::C,
            "The service is still available (one user affected or a workaround exists): minimal impact.",
            "サービスは引き続き利用できます (影響は 1 ユーザーのみ、または回避策あり)。影響は最小です。",
        )
    } else {
        (
            Severity::B,
            "Production services are partially affected: moderate impact.",
            "本番サービスが部分的に影響を受けています。中程度の影響です。",
        )
    };
    Some(SeveritySuggestion {
        level,
        impact: level.impact().into(),
        text: Bilingual::new(en, ja),
    })
}

fn step(en: impl Into<String>, ja: impl Into<String>) -> Step {
    Step {
        text: Bilingual::new(en, ja),
    }
}

/// What to do now, in order.
pub fn next_steps(
    route: Route,
    matched_issue: Option<&str>,
    product: Option<Product>,
) -> Vec<Step> {
    let mut out = Vec::new();
    match route {
        Route::KnownIssue => {
            let id = matched_issue.unwrap_or("the matching issue");
            let id_ja = matched_issue.unwrap_or("該当する問題");
            out.push(step(
                format!("Tell the customer Microsoft is already working on it: share {id} and any workaround it gives."),
                format!("Microsoft が対応中であることをお客様に伝え、{id_ja} と記載の回避策を共有します。"),
            ));
            out.push(step(
                "Follow the issue in service health until it is resolved; no service request is needed unless the customer's impact differs from the post.",
                "解決するまでサービス正常性で問題を追跡します。影響が投稿内容と異なる場合を除き、サービス要求は不要です。",
            ));
            return out;
        }
        Route::PartnerFix => {
            out.push(step(
                "Troubleshoot with your admin privileges: licences, settings, configuration and the client.",
                "管理者特権でライセンス、設定、構成、クライアントを確認して解決します。",
            ));
            out.push(step(
                "Compare the behaviour with Microsoft's documentation and service limits before blaming the service.",
                "サービスの問題と判断する前に、Microsoft のドキュメントとサービスの制限と照らし合わせます。",
            ));
            out.push(step(
                "Escalate only if that fails and the problem fits one of Microsoft's categories.",
                "解決しない場合で、Microsoft が対応するカテゴリに当てはまるときだけエスカレートします。",
            ));
            return out;
        }
        Route::EscalateUndocumented => out.push(step(
            "Note the documentation or service description the service contradicts, and the steps that show it.",
            "サービスの動作と食い違うドキュメントやサービス説明の箇所と、再現手順をまとめます。",
        )),
        Route::EscalateUnavailable => out.push(step(
            "Record which services are down, since when, and the evidence that other tenants are affected.",
            "停止しているサービス、開始時刻、他のテナントにも影響がある根拠を記録します。",
        )),
        Route::EscalateBug => out.push(step(
            "Record the steps to reproduce, expected and actual results, screenshots, error text and when it started.",
            "再現手順、期待される結果と実際の結果、スクリーンショット、エラー内容、発生時刻を記録します。",
        )),
        Route::EscalateNetwork => out.push(step(
            "Collect latency, traceroute and DNS results from the affected locations, with times and ISPs, and rule out the customer's own network.",
            "影響のある拠点からの遅延、traceroute、DNS の結果を時刻と ISP とともに集め、お客様側のネットワークが原因でないことを確認します。",
        )),
        Route::EscalateRegional => out.push(step(
            "Record the region or datacenter, the services and tenants affected, and the start time.",
            "影響のある地域またはデータセンター、サービス、テナント、開始時刻を記録します。",
        )),
    }
    let (portal_en, portal_ja) = match product.unwrap_or(Product::Microsoft365) {
        Product::Microsoft365 => (
            "Microsoft 365: in the admin center that opens, choose Support > New service request and the support topic.",
            "Microsoft 365: 開いた管理センターで [サポート] > [新しいサービス要求] を選び、サポート トピックを選択します。",
        ),
        Product::Azure => (
            "Azure: in the Azure portal that opens, create a new support request with Support plan = Cloud Solution Provider.",
            "Azure: 開いた Azure portal で、サポート プランに Cloud Solution Provider を指定して新しいサポート リクエストを作成します。",
        ),
        Product::Dynamics365 => (
            "Dynamics 365: in the Power Platform admin center that opens, create the support request (an Advanced Support for Partners plan is required).",
            "Dynamics 365: 開いた Power Platform 管理センターでサポート リクエストを作成します (Advanced Support for Partners 以上のプランが必要です)。",
        ),
    };
    out.push(step(
        "Sign in to Partner Center, select Customers and the customer, then Service management > Service requests > New request: starting there keeps the partner–customer relationship.",
        "パートナー センターにサインインし、[顧客] からお客様を選び、[サービス管理] > [サービス要求] > [新しい要求] を選択します。パートナーと顧客の関係を維持するため、パートナー センターから開始します。",
    ));
    out.push(step(portal_en, portal_ja));
    out.push(step(
        "Give your own contact details, not the customer's, and the suggested severity with the business impact.",
        "連絡先にはお客様ではなく自社の情報を入力し、ビジネスへの影響とともに提案された重要度を指定します。",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_comes_from_the_service_then_the_text() {
        assert_eq!(product(Some("Azure Virtual Machines"), ""), Product::Azure);
        assert_eq!(
            product(Some("Exchange Online"), "our azure vm"),
            Product::Microsoft365
        );
        assert_eq!(
            product(None, "dynamics 365 sales forms fail"),
            Product::Dynamics365
        );
        assert_eq!(product(None, "仮想マシンが起動しない"), Product::Azure);
        assert_eq!(product(None, "teams calls drop"), Product::Microsoft365);
    }

    #[test]
    fn severity_follows_partner_centers_definitions() {
        let wide = Facts {
            scope: Some(Scope::WholeTenant),
            ..Facts::default()
        };
        let one = Facts {
            scope: Some(Scope::SingleUser),
            ..Facts::default()
        };
        assert_eq!(
            severity(Route::PartnerFix, &wide, "down").map(|s| s.level),
            None
        );
        assert_eq!(
            severity(Route::EscalateRegional, &Facts::default(), "")
                .unwrap()
                .level,
            Severity::A
        );
        assert_eq!(
            severity(Route::EscalateBug, &wide, "nobody can sign in")
                .unwrap()
                .level,
            Severity::A
        );
        assert_eq!(
            severity(Route::EscalateBug, &Facts::default(), "totals are wrong")
                .unwrap()
                .level,
            Severity::B
        );
        assert_eq!(
            severity(Route::EscalateBug, &one, "totals are wrong")
                .unwrap()
                .level,
            Severity::C
        );
        assert_eq!(
            severity(Route::EscalateUnavailable, &wide, "our test tenant is down")
                .unwrap()
                .level,
            Severity::C
        );
        assert_eq!(
            severity(Route::EscalateBug, &Facts::default(), "x")
                .unwrap()
                .impact,
            "moderate"
        );
    }

    #[test]
    fn escalations_end_in_partner_center_and_others_do_not() {
        for route in Route::ALL {
            let steps = next_steps(route, Some("EX1"), Some(Product::Azure));
            assert!(!steps.is_empty());
            let filed = steps
                .iter()
                .any(|s| s.text.text_en.contains("Partner Center"));
            assert_eq!(filed, route.is_escalation(), "{route:?}");
            assert!(steps.iter().all(|s| !s.text.text_ja.is_empty()));
        }
    }
}
