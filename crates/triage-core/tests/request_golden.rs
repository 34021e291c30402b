//! The service request as a Microsoft engineer receives it, over a table of cases in both
//! languages: the title, service and product, every field the engineer filled in, the tenant
//! named for what it is, and a Japanese request written in Japanese.

use triage_core::flow::{Decisions, HealthOutcome, Inputs};
use triage_core::session::{Judgement, Reply, Request, Session};
use triage_core::{Case, Facts, Lang, Scope};

const SAMPLE: &str = include_str!("../../../static/sample-service-health.json");
const GUID: &str = "7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b";

struct Golden {
    lang: Lang,
    service: &'static str,
    text: &'static str,
    tenant: &'static str,
    /// The issue the engineer picked, if any.
    picked: Option<&'static str>,
    title: &'static str,
    service_named: &'static str,
    product: &'static str,
    /// The tenant line of the request.
    tenant_line: &'static str,
}

const CASES: &[Golden] = &[
    // A quoted error message with full stops inside stays whole.
    Golden {
        lang: Lang::En,
        service: "Exchange Online",
        text: "Users get \"Your message couldn't be delivered. The recipient's mailbox is full.\" when mailing the sales team. It started today.",
        tenant: GUID,
        picked: None,
        title: "Exchange Online: Users get \"Your message couldn't be delivered. The recipient's mailbox is full.\" when mailing the…",
        service_named: "Exchange Online",
        product: "Microsoft 365",
        tenant_line: "Tenant ID: 7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b",
    },
    // A quotation that does not fit is left out whole, and the cut falls between words.
    Golden {
        lang: Lang::En,
        service: "Microsoft Entra",
        text: "Since the update every user who opens the admin portal gets “AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication” and cannot go on.",
        tenant: "fabrikam.onmicrosoft.com",
        picked: None,
        title: "Microsoft Entra: Since the update every user who opens the admin portal gets…",
        service_named: "Microsoft Entra",
        product: "Microsoft 365",
        tenant_line: "Domain: fabrikam.onmicrosoft.com",
    },
    // The service chosen wins over a service the text merely mentions.
    Golden {
        lang: Lang::En,
        service: "Exchange Online",
        text: "Mail that Teams sends for missed chats bounces with 550 5.7.1 for every external user.",
        tenant: GUID,
        picked: None,
        title: "Exchange Online: Mail that Teams sends for missed chats bounces with 550 5.7.1 for every external user",
        service_named: "Exchange Online",
        product: "Microsoft 365",
        tenant_line: "Tenant ID: 7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b",
    },
    // No service chosen: the picked issue's service, not a word of the text.
    Golden {
        lang: Lang::En,
        service: "",
        text: "Customers tell us that what they send to our Teams users' addresses shows up hours late.",
        tenant: GUID,
        picked: Some("EX9000102"),
        title: "Exchange Online: Customers tell us that what they send to our Teams users' addresses shows up hours late",
        service_named: "Exchange Online",
        product: "Microsoft 365",
        tenant_line: "Tenant ID: 7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b",
    },
    Golden {
        lang: Lang::En,
        service: "Azure",
        text: "All VMs in Japan East stopped at 14:05 JST. Resource Health shows a platform event.",
        tenant: GUID,
        picked: None,
        title: "Azure: All VMs in Japan East stopped at 14:05 JST",
        service_named: "Azure",
        product: "Azure",
        tenant_line: "Tenant ID: 7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b",
    },
    // Japanese: a 「」 quotation with 。 inside stays whole.
    Golden {
        lang: Lang::Ja,
        service: "Exchange Online",
        text: "Outlook で「この操作を完了できません。もう一度お試しください。」と表示され、共有メールボックスを開けません。昨日からです。",
        tenant: GUID,
        picked: None,
        title: "Exchange Online: Outlook で「この操作を完了できません。もう一度お試しください。」と表示され、共有メールボックスを開けません",
        service_named: "Exchange Online",
        product: "Microsoft 365",
        tenant_line: "【テナント ID】7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b",
    },
    // Japanese: a long sentence is cut between characters, never inside the quoted error.
    Golden {
        lang: Lang::Ja,
        service: "Microsoft Teams",
        text: "10 時ごろから全社の Teams で会議に参加しようとすると「We couldn't connect you to the meeting. Please try again later and contact your admin if this keeps happening.」と表示され、営業部も経理部も会議に参加できない状態が続いています。",
        tenant: "contoso.onmicrosoft.com",
        picked: None,
        title: "Microsoft Teams: 10 時ごろから全社の Teams で会議に参加しようとすると…",
        service_named: "Microsoft Teams",
        product: "Microsoft 365",
        tenant_line: "【ドメイン】contoso.onmicrosoft.com",
    },
];

fn judge(g: &Golden) -> Judgement {
    let mut session = Session::default();
    session.handle(Request::ReadHealth {
        generation: 1,
        doc: SAMPLE.into(),
    });
    let case = Case {
        text: g.text.into(),
        service: Some(g.service.to_string()).filter(|s| !s.is_empty()),
        facts: Facts {
            scope: Some(Scope::WholeTenant),
            region: Some("Japan East".into()),
            ..Facts::default()
        },
        ..Case::default()
    };
    let decisions = Decisions {
        health: Some(match g.picked {
            Some(id) => HealthOutcome::Documented {
                issue_id: id.into(),
            },
            None => HealthOutcome::NothingDocumented,
        }),
        ..Decisions::default()
    };
    let inputs = Inputs {
        customer: "Fabrikam".into(),
        tenant: g.tenant.into(),
        since: "2026-12-01 09:10 JST".into(),
        finding: match g.lang {
            Lang::En => {
                "The MX record was right; we re-created the connector and it made no difference."
                    .into()
            }
            Lang::Ja => "コネクタを作り直しましたが、改善しませんでした。".into(),
        },
        others: Some(true),
        request_lang: g.lang,
        partner: "Contoso".into(),
        ..Inputs::default()
    };
    match session.handle(Request::Judge {
        seq: 1,
        case,
        decisions,
        inputs: Box::new(inputs),
    }) {
        Reply::Judged { judgement, .. } => *judgement,
        other => panic!("a judgement, not {other:?}"),
    }
}

fn field(j: &Judgement, id: &str) -> String {
    j.outputs
        .request_fields
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.value.clone())
        .unwrap_or_else(|| panic!("no {id} field"))
}

#[test]
fn requests_match_the_golden_table() {
    for g in CASES {
        let j = judge(g);
        let text = &j.outputs.request_text;
        let title = field(&j, "title");
        assert_eq!(title, g.title, "{}", g.text);
        assert!(title.chars().count() <= triage_core::flow::request::TITLE_MAX_CHARS);
        assert_eq!(j.decision.service, g.service_named, "{}", g.text);
        assert_eq!(field(&j, "product"), g.product, "{}", g.text);
        assert!(
            field(&j, "topic").starts_with(&format!("{} >", g.service_named)),
            "{}",
            field(&j, "topic")
        );
        assert!(text.contains(g.tenant_line), "{text}");
        // Every field the engineer filled in is there.
        let description = field(&j, "description");
        for filled in [
            g.text,
            "Fabrikam",
            "2026-12-01 09:10 JST",
            "Japan East",
            match g.lang {
                Lang::En => "we re-created the connector",
                Lang::Ja => "コネクタを作り直しましたが",
            },
        ] {
            assert!(
                description.contains(filled),
                "{filled} missing:\n{description}"
            );
        }
        let labels: &[&str] = match g.lang {
            Lang::En => &[
                "What we found and changed:",
                "Other customers affected: Yes",
                "Affected users: The whole tenant",
                "Service: ",
            ],
            Lang::Ja => &[
                "【確認した原因と対応内容】",
                "【他の顧客での発生】あり",
                "【影響範囲】テナント全体",
                "【サービス】",
            ],
        };
        for label in labels {
            assert!(
                description.contains(label),
                "{label} missing:\n{description}"
            );
        }
    }
}

/// ASCII words a Japanese request may carry: product and service names, codes, and what the
/// engineer typed.
fn foreign_words(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut rest = text.to_string();
    for a in allowed {
        rest = rest.replace(a, " ");
    }
    rest.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1)
        .map(str::to_string)
        .collect()
}

#[test]
fn japanese_requests_are_written_in_japanese() {
    for g in CASES.iter().filter(|g| g.lang == Lang::Ja) {
        let j = judge(g);
        let mut allowed = vec![
            g.text,
            g.tenant,
            "コネクタを作り直しましたが、改善しませんでした。",
            "Fabrikam",
            "Japan East",
            "JST",
            g.service_named,
            "Microsoft 365",
            "Microsoft",
            "Outlook",
            "Teams",
            "ID",
        ];
        let ids: Vec<String> = j.matches.iter().map(|m| m.issue_id.clone()).collect();
        allowed.extend(ids.iter().map(String::as_str));
        let all = format!(
            "{}\n{}",
            j.outputs.request_text,
            j.outputs
                .request_fields
                .iter()
                .map(|f| format!("{}: {}", f.label, f.value))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let foreign = foreign_words(&all, &allowed);
        assert!(
            foreign.is_empty(),
            "English in the Japanese request: {foreign:?}\n{all}"
        );
        // Partner Center's Japanese severity label, never the API's English word.
        let severity = field(&j, "severity");
        assert!(
            severity.contains("(重大な影響)")
                || severity.contains("(中程度の影響)")
                || severity.contains("(最小限の影響)"),
            "{severity}"
        );
        assert!(!severity.contains("moderate") && !severity.contains("critical"));
    }
}
