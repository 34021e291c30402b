//! The flow after the verdict: categories, checklist, hand-off, service request, customer messages.
//!
//! Verdicts are built by hand rather than by `classify`, so these tests pin the flow's behaviour
//! and do not move when the model is retrained.

use std::collections::BTreeMap;

use triage_core::config::LocalText;
use triage_core::customer::{parse_tenant, TenantRef};
use triage_core::flow::decision::Grounds;
use triage_core::flow::troubleshoot::{all_checks, MAX_ITEMS, MIN_ITEMS};
use triage_core::flow::{
    categories, checked_titles, checklist, decide, fill_template, handoff, known_issue_message,
    official_source_url, partner_fix_summary, CheckItem, Choice, Decision, Decisions,
    HealthOutcome, KnownIssueNotice, LinkRef, PartnerFixReport, RequestInput, ServiceRequest,
};
use triage_core::{
    Band, Bilingual, Case, Facts, Lang, Product, Route, Scope, Severity, SeveritySuggestion,
    Verdict,
};

// ---- helpers -----------------------------------------------------------------------------------

/// Hiragana or katakana: kanji alone could be Chinese, and Latin alone is an untranslated string.
fn is_japanese(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}'))
}

fn assert_bilingual(b: &Bilingual, what: &str) {
    assert!(!b.text_en.trim().is_empty(), "{what}: empty English");
    assert!(!b.text_ja.trim().is_empty(), "{what}: empty Japanese");
    assert!(
        is_japanese(&b.text_ja),
        "{what}: not Japanese: {}",
        b.text_ja
    );
    assert!(
        !is_japanese(&b.text_en),
        "{what}: Japanese in English: {}",
        b.text_en
    );
}

fn verdict(route: Route, product: Option<Product>) -> Verdict {
    Verdict {
        id: None,
        route,
        confidence: 0.9,
        band: Band::High,
        scores: BTreeMap::new(),
        matched_issue: None,
        match_score: None,
        reasons: Vec::new(),
        next_steps: Vec::new(),
        severity: route.is_escalation().then(|| SeveritySuggestion {
            level: Severity::B,
            impact: "moderate".into(),
            text: Bilingual::new(
                "Production services are partially affected.",
                "本番サービスが部分的に影響を受けています。",
            ),
        }),
        product,
        lang: Lang::En,
        warnings: Vec::new(),
        alternatives: Vec::new(),
        question: None,
    }
}

fn ids(items: &[CheckItem]) -> Vec<&'static str> {
    items.iter().map(|i| i.id).collect()
}

fn case(text: &str, service: Option<&str>) -> Case {
    Case {
        text: text.into(),
        service: service.map(String::from),
        facts: Facts {
            scope: Some(Scope::SomeUsers),
            region: Some("Japan East".into()),
            ..Facts::default()
        },
        ..Case::default()
    }
}

const MAIL_TEXT: &str = "Emails from external senders are not arriving since this morning. \
                         Internal mail works and the MX record points to Microsoft 365.";

/// The decision record for a verdict the engineer files under `chosen`, service health checked.
fn decision(case: &Case, verdict: &Verdict, chosen: Route) -> Decision {
    decide(&Grounds {
        case,
        engine: verdict,
        acting: verdict,
        decisions: &Decisions {
            health: Some(HealthOutcome::NothingDocumented),
            choice: Some(Choice::Category(chosen)),
            ..Decisions::default()
        },
        issue: &|_| None,
    })
}

fn domain() -> &'static TenantRef {
    static TENANT: std::sync::OnceLock<TenantRef> = std::sync::OnceLock::new();
    TENANT.get_or_init(|| parse_tenant("fabrikamjp.onmicrosoft.com").expect("a domain"))
}

fn input<'a>(case: &'a Case, decision: &'a Decision, lang: Lang) -> RequestInput<'a> {
    RequestInput {
        case,
        decision,
        customer_name: "Fabrikam Japan",
        tenant: Some(domain()),
        since: "2025-06-02 09:10 JST",
        finding: "",
        others: None,
        related_issue_ids: vec!["EX1104821".into()],
        troubleshooting_done: vec![
            Bilingual::new("Ran a message trace", "メッセージ追跡を実行"),
            Bilingual::new("Checked the MX record", "MX レコードを確認"),
        ],
        lang,
    }
}

/// The request for a case whose verdict is `v`, filed under `chosen`.
fn request(c: &Case, v: &Verdict, chosen: Route, lang: Lang) -> ServiceRequest {
    let d = decision(c, v, chosen);
    ServiceRequest::new(&input(c, &d, lang))
}

// ---- categories --------------------------------------------------------------------------------

#[test]
fn five_categories_one_per_escalation_route_in_both_languages() {
    let cats = categories();
    let routes: Vec<Route> = cats.iter().map(|c| c.route).collect();
    assert_eq!(
        routes,
        vec![
            Route::EscalateUndocumented,
            Route::EscalateUnavailable,
            Route::EscalateBug,
            Route::EscalateNetwork,
            Route::EscalateRegional,
        ]
    );
    for c in &cats {
        assert_bilingual(&c.name, c.route.id());
        assert_bilingual(&c.explanation, c.route.id());
    }
    assert_eq!(
        official_source_url(Lang::En),
        "https://learn.microsoft.com/en-us/partner-center/customer-support"
    );
    assert_eq!(
        official_source_url(Lang::Ja),
        "https://learn.microsoft.com/ja-jp/partner-center/customer-support"
    );
}

// ---- checklist ---------------------------------------------------------------------------------

#[test]
fn every_check_is_bilingual_with_a_unique_stable_id() {
    let all = all_checks();
    let mut seen = Vec::new();
    for item in &all {
        assert!(!item.id.is_empty());
        assert!(
            item.id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{}",
            item.id
        );
        assert!(!seen.contains(&item.id), "duplicate id {}", item.id);
        seen.push(item.id);
        assert_bilingual(&item.title, item.id);
        assert_bilingual(&item.detail, item.id);
        if let Some(LinkRef::Url(url)) = item.link {
            assert!(url.starts_with("https://"), "{url}");
        }
    }
}

#[test]
fn mail_delivery_problems_start_with_mail_flow_and_dns_checks() {
    let v = verdict(Route::PartnerFix, None);
    let items = checklist(Some("Exchange Online"), &v, MAIL_TEXT);
    let got = ids(&items);
    assert!(got[..3].contains(&"mail_dns_records"), "{got:?}");
    assert!(got[..3].contains(&"exchange_message_trace"), "{got:?}");

    // Japanese, no service picked: the text alone says it is mail.
    let items = checklist(
        None,
        &v,
        "社外からのメールが届きません。MX レコードは変更していません。",
    );
    assert!(
        ids(&items)[..3].contains(&"mail_dns_records"),
        "{:?}",
        ids(&items)
    );
}

#[test]
fn aadsts53003_leads_to_conditional_access() {
    let v = verdict(Route::PartnerFix, None);
    let items = checklist(
        None,
        &v,
        "Users get AADSTS53003 when signing in to Outlook on their phones.",
    );
    let got = ids(&items);
    assert_eq!(got[0], "entra_conditional_access", "{got:?}");
    assert!(got.contains(&"entra_sign_in_logs"), "{got:?}");

    let items = checklist(
        Some("Microsoft Entra (formerly Identity Service)"),
        &v,
        "サインイン時に AADSTS53003 エラーが表示されます",
    );
    assert_eq!(ids(&items)[0], "entra_conditional_access");
}

#[test]
fn checklists_fit_the_service_and_stay_between_four_and_eight_items() {
    let cases: &[(Option<&str>, Option<Product>, Route, &str)] = &[
        (None, None, Route::PartnerFix, ""),
        (
            Some("Microsoft Forms"),
            None,
            Route::EscalateBug,
            "forms will not open",
        ),
        (
            Some("Azure"),
            Some(Product::Azure),
            Route::EscalateUnavailable,
            "VM will not start",
        ),
        (
            None,
            Some(Product::Dynamics365),
            Route::EscalateBug,
            "Dynamics 365 Sales forms fail",
        ),
        (
            Some("Microsoft Teams"),
            None,
            Route::PartnerFix,
            "Teams keeps crashing after the update",
        ),
        (
            Some("SharePoint Online"),
            None,
            Route::PartnerFix,
            "guests cannot open a shared link",
        ),
        (
            Some("Microsoft Intune"),
            None,
            Route::PartnerFix,
            "devices fail to enroll",
        ),
        (
            Some("Power BI"),
            None,
            Route::EscalateBug,
            "report refresh fails",
        ),
        (
            None,
            None,
            Route::EscalateNetwork,
            "slow in all offices, high latency",
        ),
    ];
    for (service, product, route, text) in cases {
        let items = checklist(*service, &verdict(*route, *product), text);
        assert!(
            (MIN_ITEMS..=MAX_ITEMS).contains(&items.len()),
            "{service:?} {text}: {:?}",
            ids(&items)
        );
    }

    let azure = checklist(
        Some("Azure"),
        &verdict(Route::EscalateUnavailable, Some(Product::Azure)),
        "the VM will not start",
    );
    assert_eq!(azure[0].id, "azure_resource_health");
    assert!(ids(&azure)
        .iter()
        .all(|id| !id.starts_with("exchange") && *id != "licence_usage_location"));

    let network = checklist(
        None,
        &verdict(Route::EscalateNetwork, None),
        "Teams and Outlook are slow in every office since 10:00",
    );
    assert!(ids(&network).contains(&"network_connectivity_test"));

    let sharing = checklist(
        Some("SharePoint Online"),
        &verdict(Route::PartnerFix, None),
        "外部ユーザーと共有できません",
    );
    assert_eq!(sharing[0].id, "sharing_settings");
}

// ---- hand-off ----------------------------------------------------------------------------------

const PRODUCTS: [Product; 3] = [Product::Microsoft365, Product::Azure, Product::Dynamics365];

#[test]
fn every_handoff_string_is_bilingual() {
    for product in PRODUCTS {
        let h = handoff(product);
        assert_eq!(h.product, product);
        assert!(h.current_steps.len() >= 5, "{product:?}");
        assert!(h.older_steps.len() >= 5, "{product:?}");
        assert!(!h.roles.is_empty() && !h.reminders.is_empty());
        for s in h.current_steps.iter().chain(&h.older_steps) {
            assert_bilingual(&s.text, &format!("{product:?} step"));
        }
        for b in h.roles.iter().chain(&h.reminders) {
            assert_bilingual(b, &format!("{product:?} role/reminder"));
        }
    }
}

#[test]
fn handoff_follows_partner_center_and_its_terms() {
    let any = |texts: &[&Bilingual], en: &str, ja: &str| {
        texts.iter().any(|b| b.text_en.contains(en)) && texts.iter().any(|b| b.text_ja.contains(ja))
    };
    for product in PRODUCTS {
        let h = handoff(product);
        let current: Vec<&Bilingual> = h.current_steps.iter().map(|s| &s.text).collect();
        let older: Vec<&Bilingual> = h.older_steps.iter().map(|s| &s.text).collect();
        let reminders: Vec<&Bilingual> = h.reminders.iter().collect();
        assert!(any(&current, "Partner Center", "パートナー センター"));
        assert!(any(&current, "Customers", "[顧客]"));
        assert!(any(&current, "New request", "[新しい要求]"));
        assert!(any(&older, "Service management", "[サービス管理]"));
        assert!(any(&older, "Service requests", "[サービス要求]"));
        assert!(any(&reminders, "not the customer's", "お客様ではなく自社"));
        assert!(any(&reminders, "relationship", "関係が維持"));
        assert_eq!(
            h.current_steps[0].link,
            Some(LinkRef::Id(triage_core::links::ids::PARTNER_CENTER_HOME))
        );
    }

    let m365 = handoff(Product::Microsoft365);
    let older: Vec<&Bilingual> = m365.older_steps.iter().map(|s| &s.text).collect();
    assert!(any(
        &older,
        "Microsoft Office 365",
        "[Microsoft Office 365]"
    ));
    assert!(any(&older, "support topic", "サポート トピック"));
    let roles: Vec<&Bilingual> = m365.roles.iter().collect();
    assert!(any(&roles, "Admin agent", "管理エージェント"));
    assert!(any(&roles, "Helpdesk agent", "ヘルプデスク エージェント"));
    assert!(any(
        &roles,
        "Service support administrator",
        "サービス サポート管理者"
    ));
}

#[test]
fn azure_handoff_uses_the_cloud_solution_provider_plan() {
    let h = handoff(Product::Azure);
    let steps: Vec<&Bilingual> = h.current_steps.iter().map(|s| &s.text).collect();
    assert!(steps.iter().any(|s| s
        .text_en
        .contains("Support plan to Cloud Solution Provider")
        && s.text_ja.contains("Cloud Solution Provider")));
    assert!(h
        .reminders
        .iter()
        .any(|r| r.text_en.contains("Cloud Solution Provider")));
    assert!(h
        .roles
        .iter()
        .any(|r| r.text_en.contains("Support Request Contributor")));
    assert!(h
        .roles
        .iter()
        .any(|r| r.text_en.contains("Indirect resellers can't")));
    assert!(h
        .older_steps
        .iter()
        .any(|s| s.text.text_en.contains("Cloud Solution Provider")));

    let dynamics = handoff(Product::Dynamics365);
    assert!(dynamics
        .reminders
        .iter()
        .any(|r| r.text_en.contains("Advanced Support for Partners")));
}

// ---- service request ---------------------------------------------------------------------------

#[test]
fn short_titles_are_service_and_first_sentence() {
    let c = case(MAIL_TEXT, Some("exchange"));
    let v = verdict(Route::EscalateBug, Some(Product::Microsoft365));
    let r = request(&c, &v, Route::EscalateBug, Lang::En);
    assert_eq!(
        r.title,
        "Exchange Online: Emails from external senders are not arriving since this morning"
    );
}

#[test]
fn long_english_titles_are_cut_between_words() {
    let text = "When users in the Osaka office open shared calendars in Outlook the delegate \
                permissions appear to be ignored intermittently and meeting requests sent on \
                behalf of executives arrive without the delegate's name. More detail follows.";
    let c = case(text, Some("Exchange Online"));
    let v = verdict(Route::EscalateBug, Some(Product::Microsoft365));
    let r = request(&c, &v, Route::EscalateBug, Lang::En);
    assert!(r.title.chars().count() <= 120, "{}", r.title);
    assert!(r.title.ends_with('…'), "{}", r.title);
    let body = r
        .title
        .strip_prefix("Exchange Online: ")
        .and_then(|t| t.strip_suffix('…'))
        .expect("service prefix and ellipsis");
    assert!(text.starts_with(body), "{body}");
    // The cut falls between words: the next character in the text is a space.
    assert_eq!(text[body.len()..].chars().next(), Some(' '), "{body}");
    assert!(body.len() > 60, "cut too early: {body}");
}

#[test]
fn long_japanese_titles_are_cut_between_characters() {
    let text = "大阪オフィスのユーザーが共有予定表を開くと代理人のアクセス許可が断続的に無視され\
                役員の代理で送信した会議出席依頼に代理人の名前が表示されない現象が先週の月曜日から続いており\
                社内の複数の部署から問い合わせが寄せられていて業務に支障が出ている状況ですので早急な対応をお願いします\
                。詳細は以下のとおりです。";
    let c = case(text, Some("Exchange Online"));
    let v = verdict(Route::EscalateBug, Some(Product::Microsoft365));
    let r = request(&c, &v, Route::EscalateBug, Lang::Ja);
    assert_eq!(r.title.chars().count(), 120, "{}", r.title);
    assert!(
        r.title.starts_with("Exchange Online: 大阪オフィス"),
        "{}",
        r.title
    );
    assert!(r.title.ends_with('…'));
    let body = &r.title["Exchange Online: ".len()..r.title.len() - '…'.len_utf8()];
    assert!(text.starts_with(body));
}

#[test]
fn the_description_has_every_section_in_the_chosen_language() {
    let c = case(MAIL_TEXT, Some("Exchange Online"));
    let v = verdict(Route::EscalateBug, Some(Product::Microsoft365));

    let en = request(&c, &v, Route::EscalateBug, Lang::En);
    for label in [
        "Symptoms:",
        "Customer: Fabrikam Japan (Domain: fabrikamjp.onmicrosoft.com)",
        "Service: Exchange Online",
        "Affected users: Some users",
        "Region: Japan East",
        "Started: 2025-06-02 09:10 JST",
        "Service health: Checked. Related posts: EX1104821. None of them explains this problem.",
        "Troubleshooting done:",
        "- Ran a message trace",
        "Why this goes to Microsoft: Bug or irregular behaviour.",
    ] {
        assert!(
            en.description.contains(label),
            "missing {label}:\n{}",
            en.description
        );
    }
    assert!(en.description.contains(MAIL_TEXT));
    assert!(!en.description.contains("The engine suggested"));

    let ja = request(&c, &v, Route::EscalateBug, Lang::Ja);
    for label in [
        "【症状】",
        "【顧客】Fabrikam Japan",
        "【影響範囲】一部のユーザー",
        "【地域】Japan East",
        "【発生日時】2025-06-02 09:10 JST",
        "【サービス正常性】確認済みです。関連する投稿: EX1104821。いずれもこの問題を説明していません。",
        "【実施済みのトラブルシューティング】",
        "- メッセージ追跡を実行",
        "【Microsoft に依頼する理由】バグや異常な動作。",
    ] {
        assert!(
            ja.description.contains(label),
            "missing {label}:\n{}",
            ja.description
        );
    }
    assert_eq!(ja.category, "バグや異常な動作");
    assert_eq!(
        ja.support_topic,
        "Exchange Online > メール フロー > メールの遅延または未着"
    );
    assert_eq!(
        en.support_topic,
        "Exchange Online > Mail flow > Delayed or missing email"
    );
}

#[test]
fn missing_facts_are_said_to_be_missing() {
    let c = Case {
        text: "Teams meetings drop after ten minutes".into(),
        ..Case::default()
    };
    let v = verdict(Route::EscalateBug, None);
    let d = decide(&Grounds {
        case: &c,
        engine: &v,
        acting: &v,
        decisions: &Decisions::default(),
        issue: &|_| None,
    });
    let r = ServiceRequest::new(&RequestInput {
        case: &c,
        decision: &d,
        customer_name: "Contoso",
        tenant: None,
        since: "",
        finding: "",
        others: None,
        related_issue_ids: Vec::new(),
        troubleshooting_done: Vec::new(),
        lang: Lang::En,
    });
    assert!(r.description.contains("Affected users: Not stated"));
    assert!(r.description.contains("Started: Not stated"));
    assert!(r.description.contains("Service health: Not checked yet."));
    assert!(r
        .description
        .contains("Troubleshooting done:\nNone recorded"));
    assert_eq!(r.tenant_id, None);
    assert!(r.incident_ids.is_empty());
    assert_eq!(r.product, Product::Microsoft365);
    // No service was chosen and no posted issue names one: the title does not guess it from a
    // word of the text.
    assert!(
        r.title.starts_with("Microsoft 365: Teams meetings"),
        "{}",
        r.title
    );
    assert!(r
        .description
        .contains("What we found and changed:\nNone recorded"));
}

#[test]
fn a_changed_category_is_stated_and_the_severity_follows_it() {
    let c = case(MAIL_TEXT, Some("Exchange Online"));
    let v = verdict(Route::EscalateBug, Some(Product::Microsoft365));

    let same = request(&c, &v, Route::EscalateBug, Lang::En);
    assert!(!same.description.contains("The engine suggested"));
    assert_eq!(same.severity.level, Severity::B);

    let changed = request(&c, &v, Route::EscalateUnavailable, Lang::En);
    assert!(changed.description.contains(
        "- The engine suggested “Bug or irregular behaviour”; the engineer chose “Service \
         unavailable”."
    ));
    assert_eq!(changed.route, Route::EscalateUnavailable);
    assert_eq!(changed.category, "Service unavailable");
    // Partner Center's definitions: an unavailable service is severity A.
    assert_eq!(changed.severity.level, Severity::A);
    assert_eq!(changed.severity.impact, "critical");

    let ja = request(&c, &v, Route::EscalateUnavailable, Lang::Ja);
    assert!(ja
        .description
        .contains("ツールは「バグや異常な動作」を提案しましたが、担当エンジニアは「サービス利用不可」を選びました。"));

    // The engine said partner fix; the engineer escalates anyway: no engine severity to reuse.
    let pf = verdict(Route::PartnerFix, None);
    let r = request(&c, &pf, Route::EscalateBug, Lang::En);
    assert!(r
        .description
        .contains("The engine suggested “fixable by the partner”"));
    assert!(!r.severity.reason.is_empty());
}

#[test]
fn as_text_includes_every_field() {
    let c = case(MAIL_TEXT, Some("Exchange Online"));
    let v = verdict(Route::EscalateBug, Some(Product::Microsoft365));
    for lang in Lang::ALL {
        let d = decision(&c, &v, Route::EscalateBug);
        let r = ServiceRequest::new(&RequestInput {
            related_issue_ids: vec!["EX1104821".into(), " ex1104821 ".into(), "EX1200000".into()],
            ..input(&c, &d, lang)
        });
        let text = r.as_text();
        for value in [
            r.title.as_str(),
            r.category.as_str(),
            r.product_name.as_str(),
            r.support_topic.as_str(),
            r.severity.reason.as_str(),
            r.customer_name.as_str(),
            r.tenant_domain.as_deref().unwrap_or_default(),
            r.description.as_str(),
        ] {
            assert!(text.contains(value), "{lang:?}: missing {value}");
        }
        assert_eq!(r.incident_ids, vec!["EX1104821", "EX1200000"]);
        assert!(text.contains("EX1104821, EX1200000"));
        let severity = match lang {
            Lang::En => "Severity: B (moderate impact). Production services",
            Lang::Ja => "【重大度】B (中程度の影響)。本番サービス",
        };
        assert!(text.contains(severity), "{text}");
    }
}

#[test]
fn json_uses_stable_field_names_and_round_trips() {
    let c = case(MAIL_TEXT, Some("Exchange Online"));
    let v = verdict(Route::EscalateBug, Some(Product::Microsoft365));
    let r = request(&c, &v, Route::EscalateNetwork, Lang::Ja);
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("valid JSON");
    let keys: Vec<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "lang",
        "route",
        "category",
        "title",
        "description",
        "severity",
        "product",
        "product_name",
        "service",
        "support_topic",
        "customer_name",
        "tenant_id",
        "tenant_domain",
        "incident_ids",
    ];
    expected.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, expected);
    assert_eq!(json["lang"], "ja");
    assert_eq!(json["route"], "escalate_network");
    // The product id is the verdict's own (`Product`'s serde form), not a second spelling.
    assert_eq!(
        json["product"],
        serde_json::to_value(Product::Microsoft365).expect("product id")
    );
    assert_eq!(json["severity"]["level"], "B");
    assert_eq!(json["severity"]["impact"], "moderate");
    assert!(json["severity"]["reason"].is_string());
    assert_eq!(json["tenant_id"], serde_json::Value::Null);
    assert_eq!(json["tenant_domain"], "fabrikamjp.onmicrosoft.com");
    assert_eq!(json["severity"]["label"], "B (中程度の影響)");
    assert_eq!(json["incident_ids"][0], "EX1104821");
    let back: ServiceRequest = serde_json::from_str(&r.to_json()).expect("round trip");
    assert_eq!(back, r);
}

// ---- customer messages -------------------------------------------------------------------------

#[test]
fn the_known_issue_message_names_the_issue_and_where_to_follow_it() {
    let notice = KnownIssueNotice {
        issue_id: "EX1104821",
        title: "Users may see delays receiving email",
        partner: "Contoso Cloud Services",
        product: Product::Microsoft365,
        template: None,
    };
    let m = known_issue_message(&notice);
    assert_bilingual(&m.text, "known issue message");
    for text in [&m.text.text_en, &m.text.text_ja] {
        assert!(text.contains("EX1104821"));
        assert!(text.contains("Users may see delays receiving email"));
        assert!(text.contains("Contoso Cloud Services"));
        assert!(text.contains("https://status.cloud.microsoft"));
        assert!(!text.contains('{'), "unfilled placeholder: {text}");
    }
    assert!(m.text.text_en.contains("no support ticket is needed"));
    assert!(m.text.text_ja.contains("サービス正常性"));
    assert!(m
        .links
        .contains(&LinkRef::Id(triage_core::links::ids::M365_ISSUE)));

    let azure = known_issue_message(&KnownIssueNotice {
        issue_id: "VLSK-1T8",
        product: Product::Azure,
        ..notice
    });
    assert!(azure.text.text_en.contains("Azure Service Health"));
    assert!(azure
        .text
        .text_en
        .contains("https://azure.status.microsoft"));
    assert!(azure
        .links
        .contains(&LinkRef::Id(triage_core::links::ids::AZURE_SERVICE_HEALTH)));
}

#[test]
fn the_portal_owners_template_is_filled_per_language() {
    let template = LocalText {
        en: None,
        ja: Some("{partner} です。{issueId} ({title}) の影響です。{unknown}".into()),
    };
    let m = known_issue_message(&KnownIssueNotice {
        issue_id: "TM1288323",
        title: "Teams の会議に参加できない",
        partner: "コントソ",
        product: Product::Microsoft365,
        template: Some(&template),
    });
    assert_eq!(
        m.text.text_ja,
        "コントソ です。TM1288323 (Teams の会議に参加できない) の影響です。{unknown}"
    );
    // English was not overridden: the built-in text is used.
    assert!(m.text.text_en.starts_with("Hello,"));
    assert!(m.text.text_en.contains("TM1288323"));

    // Values are not themselves expanded, and an empty partner leaves no trailing space.
    assert_eq!(
        fill_template(
            "{issueId}: {title}\nRegards, {partner}",
            "EX1",
            "{partner}",
            ""
        ),
        "EX1: {partner}\nRegards,"
    );
}

#[test]
fn the_partner_fix_summary_lists_what_was_done_and_what_is_left() {
    let v = verdict(Route::PartnerFix, None);
    let items = checklist(Some("Exchange Online"), &v, MAIL_TEXT);
    let done = [items[0].id, items[1].id];
    assert!(items.len() >= 6, "{:?}", ids(&items));
    let s = partner_fix_summary(&PartnerFixReport {
        case_text: MAIL_TEXT,
        finding: "The MX record pointed to the old mail gateway.",
        checklist: &items,
        checked: &done,
        health_checked: true,
        rejected: &["EX1104821".to_string()],
    });
    assert_bilingual(&s, "partner fix summary");
    let (before_next, next) = s.text_en.split_once("Next steps:").expect("next steps");
    assert!(before_next.contains(MAIL_TEXT));
    assert!(before_next.contains("The MX record pointed to the old mail gateway."));
    assert!(before_next.contains(&format!("- {}", items[0].title.text_en)));
    assert!(before_next.contains(&format!("- {}", items[1].title.text_en)));
    assert!(next.contains(&format!("  - {}", items[2].title.text_en)));
    assert!(!next.contains(&items[0].title.text_en));
    // Only the next few checks: the list is ordered by relevance.
    assert!(!next.contains(&items[5].title.text_en));
    assert!(next.contains("Partner Center"));
    assert!(s.text_ja.contains("【実施した対応】"));
    assert!(before_next.contains("(EX1104821) does not explain this problem"));
    assert!(s
        .text_ja
        .contains("(EX1104821) は、この事象には該当しませんでした"));
    assert!(s.text_ja.contains("パートナー センター"));
}

#[test]
fn ticked_checks_become_the_troubleshooting_done() {
    let v = verdict(Route::EscalateBug, Some(Product::Microsoft365));
    let items = checklist(Some("Exchange Online"), &v, MAIL_TEXT);
    let done = checked_titles(&items, &["mail_dns_records", "not_in_the_list"]);
    assert_eq!(done.len(), 1);
    let c = case(MAIL_TEXT, Some("Exchange Online"));
    let d = decision(&c, &v, Route::EscalateBug);
    let r = ServiceRequest::new(&RequestInput {
        troubleshooting_done: done,
        ..input(&c, &d, Lang::Ja)
    });
    assert!(r
        .description
        .contains("- ドメインの MX、SPF、DKIM、DMARC レコードの確認"));
}
