//! Facts beat guesses: the seed's logic applied on top of the model.
//!
//! The model reads words; these rules read what the engineer knows for certain (who is affected,
//! which region, whether service health was checked and what it says) and apply Microsoft's
//! guidance to it. A rule adds to or takes from route scores in log space, so strong evidence wins
//! but the model still decides between the routes a rule leaves open. Every rule names the seed
//! sentence ([`SeedRule`]) it implements. Word lists here are generic signals (region names, "other
//! tenants", "outage"), never phrases of particular tickets.

use crate::case::{Facts, Scope, Symptom};
use crate::health::IssueMatch;
use crate::lexicon::{signal, Lexicon, Words};
use crate::model::ROUTES;
use crate::verdict::{Basis, Bilingual, Route, SeedRule};

/// A rule that fired: what it rests on, which seed sentence it applies, and how it moved scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    pub rule: SeedRule,
    pub basis: Basis,
    /// Added to each route's log-score.
    pub boosts: [f32; ROUTES],
    pub text: Bilingual,
}

impl Fired {
    fn new(rule: SeedRule, basis: Basis, en: impl Into<String>, ja: impl Into<String>) -> Fired {
        Fired {
            rule,
            basis,
            boosts: [0.0; ROUTES],
            text: Bilingual::new(en, ja),
        }
    }

    fn push(mut self, route: Route, by: f32) -> Fired {
        self.boosts[route.index()] += by;
        self
    }

    /// Worth showing as a reason for `route`: it argued for it, or it argued for no route (it
    /// ruled others out, or only says something the engineer should weigh).
    pub fn supports(&self, route: Route) -> bool {
        let own = self.boosts[route.index()];
        own > 0.0 || (own == 0.0 && self.boosts.iter().all(|&b| b <= 0.0))
    }
}

/// What the rules look at.
pub struct Context<'a> {
    pub facts: &'a Facts,
    /// The normalised case text, indexed for the word lists.
    pub words: &'a Words<'a>,
    /// The service-health issue closest to the case (matching or not), if any was supplied.
    pub closest: Option<&'a IssueMatch>,
    /// Whether any service-health issue was supplied with the case.
    pub health_supplied: bool,
    /// The model's probabilities before any rule.
    pub model: [f32; ROUTES],
}

/// Regions by continent, as tickets name them: a text that names regions on two continents
/// describes something wider than one region or datacenter.
static CONTINENTS: [Lexicon; 4] = [
    // Asia ("Japan East" is found by "japan", 「東日本」 by 「日本」).
    Lexicon::new(&[
        "japan",
        "jp",
        "tokyo",
        "osaka",
        "asia",
        "singapore",
        "hong kong",
        "india",
        "korea",
        "日本",
        "東京",
        "大阪",
        "アジア",
        "シンガポール",
        "香港",
        "インド",
        "韓国",
    ]),
    // Oceania.
    Lexicon::new(&[
        "australia",
        "au",
        "sydney",
        "melbourne",
        "new zealand",
        "オーストラリア",
        "豪州",
        "ニュージーランド",
    ]),
    // Europe.
    Lexicon::new(&[
        "europe",
        "eu",
        "uk",
        "united kingdom",
        "france",
        "germany",
        "netherlands",
        "ireland",
        "dublin",
        "amsterdam",
        "frankfurt",
        "london",
        "paris",
        "sweden",
        "norway",
        "switzerland",
        "欧州",
        "ヨーロッパ",
        "英国",
        "イギリス",
        "ドイツ",
        "フランス",
        "オランダ",
    ]),
    // The Americas.
    Lexicon::new(&[
        "east us",
        "west us",
        "central us",
        "us east",
        "us west",
        "america",
        "united states",
        "canada",
        "brazil",
        "virginia",
        "texas",
        "iowa",
        "米国",
        "アメリカ",
        "北米",
        "南米",
        "カナダ",
        "ブラジル",
    ]),
];

/// Words that say regions are affected together.
static SEVERAL_REGIONS: Lexicon = Lexicon::new(&[
    "multiple regions",
    "several regions",
    "many regions",
    "every region",
    "all regions",
    "across regions",
    "across continents",
    "複数リージョン",
    "複数のリージョン",
    "全リージョン",
    "すべてのリージョン",
    "全てのリージョン",
    "複数の地域",
]);

/// Words that set some of the named places apart as unaffected ("UK tenants are fine"): then the
/// regions a text names are not all hit.
static UNAFFECTED: Lexicon = Lexicon::new(&[
    "fine",
    "unaffected",
    "not affected",
    "normal",
    "ok",
    "正常",
    "問題なし",
    "問題ない",
    "問題ありません",
    "影響なし",
    "影響はない",
    "影響はありません",
]);

/// Whether the text says the problem spans regions: it says so in words, or names regions on two
/// continents without setting any place apart as unaffected (in a sentence naming a place: "the
/// status page is normal" sets no place apart).
fn spans_regions(words: &Words) -> bool {
    let continents = |w: &Words| CONTINENTS.iter().filter(|c| w.any(c)).count();
    words.any(&SEVERAL_REGIONS)
        || (continents(words) > 1
            && !words
                .sentences()
                .any(|s| s.any(&UNAFFECTED) && continents(&s) > 0))
}

/// Words that say only one person or mailbox is affected.
static ONE_USER: Lexicon = Lexicon::new(&[
    "only one user",
    "a single user",
    "only me",
    "only my account",
    "just one user",
    "one mailbox only",
    "一人だけ",
    "1人だけ",
    "1名のみ",
    "一名のみ",
    "特定のユーザーのみ",
    "自分だけ",
]);

fn scope_fact(scope: Scope) -> Basis {
    Basis::Fact {
        name: "scope".into(),
        value: scope.id().into(),
    }
}

/// Applies every rule; returns those that fired, in a fixed order.
pub fn apply(ctx: &Context) -> Vec<Fired> {
    let mut out = Vec::new();
    service_health(ctx, &mut out);
    scope(ctx, &mut out);
    troubleshooting(ctx, &mut out);
    network_breadth(ctx, &mut out);
    symptom(ctx, &mut out);
    out
}

/// Below this match score an issue says nothing about the case.
pub const PARTIAL_MATCH: f32 = 0.2;

/// Seed: "Your first steps should be to check service health for existing, documented problems."
/// A matching posted issue makes the case a known issue; with none, the case is not one. A partial
/// match is weighed by its score: the matcher's recall is imperfect, and the model may see more.
fn service_health(ctx: &Context, out: &mut Vec<Fired>) {
    let partial = ctx
        .closest
        .filter(|m| !m.is_match && m.score >= PARTIAL_MATCH);
    if let Some(m) = ctx.closest.filter(|m| m.is_match) {
        out.push(
            Fired::new(
                SeedRule::CheckServiceHealth,
                Basis::Issue {
                    id: m.issue_id.clone(),
                    title: m.title.clone(),
                },
                format!(
                    "Service health already documents this problem: {} ({}).",
                    m.title, m.issue_id
                ),
                format!(
                    "サービス正常性にこの問題が既に記録されています: {} ({})。",
                    m.title, m.issue_id
                ),
            )
            .push(Route::KnownIssue, 6.0),
        );
    } else if let Some(m) = partial {
        out.push(
            Fired::new(
                SeedRule::CheckServiceHealth,
                Basis::Issue { id: m.issue_id.clone(), title: m.title.clone() },
                format!("Service health has a similar issue, {} ({}), but it does not clearly match: compare the symptoms.", m.title, m.issue_id),
                format!("サービス正常性に類似の問題 {} ({}) がありますが、明確には一致しません。症状を比較してください。", m.title, m.issue_id),
            )
            // Said, not weighed: only a matching issue makes a known issue.
            ,
        );
    } else if ctx.health_supplied || ctx.facts.health_checked == Some(true) {
        out.push(
            Fired::new(
                SeedRule::CheckServiceHealth,
                Basis::NoMatchingIssue,
                "Service health was checked: no documented issue matches this problem.",
                "サービス正常性を確認しましたが、この問題に該当する記録済みの問題はありません。",
            )
            .push(Route::KnownIssue, -3.0),
        );
    } else {
        out.push(
            Fired::new(
                SeedRule::CheckServiceHealth,
                Basis::NoMatchingIssue,
                "No service-health issues were given, so no documented issue can be confirmed: check service health first.",
                "サービス正常性の情報がないため、記録済みの問題か確認できません。まずサービス正常性を確認してください。",
            )
            .push(Route::KnownIssue, -1.5),
        );
    }
}

/// Who is affected decides between "the partner fixes it" and the multi-tenant escalations.
fn scope(ctx: &Context, out: &mut Vec<Fired>) {
    let region_fact = ctx
        .facts
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    // Word lists are looked up only by the branches that need them.
    let region_named = || region_fact.is_some() || ctx.words.any(&signal("region").words);
    let several_regions = || match region_fact {
        Some(region) => regions_in(region) > 1,
        None => spans_regions(ctx.words),
    };
    match ctx.facts.scope {
        Some(Scope::MultipleTenants) if several_regions() => {
            // Seed: a service unavailable "globally or across continents" is not a regional
            // issue; several regions in the form's region field, or regions on several continents
            // in the text, mean the outage spans them.
            let (value, en, ja) = match region_fact {
                Some(region) => (
                    region,
                    "Other tenants are affected in several regions: wider than one region or datacenter.",
                    "複数の地域で他のテナントも影響を受けています。1 つのリージョンやデータセンターを超える範囲です。",
                ),
                None => (
                    "named in the text",
                    "Other tenants are affected in regions on several continents: wider than one region or datacenter.",
                    "複数の大陸のリージョンで他のテナントも影響を受けています。1 つのリージョンやデータセンターを超える範囲です。",
                ),
            };
            out.push(
                Fired::new(
                    SeedRule::FixWithAdminPrivileges,
                    Basis::Fact {
                        name: "region".into(),
                        value: value.into(),
                    },
                    en,
                    ja,
                )
                .push(Route::EscalateRegional, -1.5)
                .push(Route::PartnerFix, -1.5),
            );
        }
        Some(Scope::MultipleTenants) if region_named() => {
            // Seed: hand off "Regional issues with multi-tenant impact". Many tenants in a named
            // region make a regional issue possible, not certain: outages and network disruptions
            // name regions too, so the push is light and the model decides.
            let mut f = Fired::new(
                SeedRule::RegionalMultiTenant,
                scope_fact(Scope::MultipleTenants),
                "Other tenants are affected in a named region: Microsoft's side, possibly a regional issue.",
                "特定の地域で他のテナントも影響を受けています。Microsoft 側の問題で、地域の問題の可能性があります。",
            )
            .push(Route::EscalateRegional, 0.5)
            .push(Route::PartnerFix, -1.5);
            if let Some(region) = region_fact {
                // One region in the form's field: not an outage "globally or across continents".
                f = f.push(Route::EscalateUnavailable, -1.0);
                f.basis = Basis::Fact {
                    name: "region".into(),
                    value: region.into(),
                };
            }
            out.push(f);
        }
        Some(Scope::MultipleTenants) => {
            // Many tenants and no region named: not the customer's settings, and not a regional
            // issue. Any other escalation (an outage, a bug, a network disruption, an undocumented
            // behaviour) can hit many tenants, so the text decides among them.
            out.push(
                Fired::new(
                    SeedRule::FixWithAdminPrivileges,
                    scope_fact(Scope::MultipleTenants),
                    "Other tenants are affected too and no region is named: the customer's own settings cannot be the cause.",
                    "他のテナントも影響を受けており、地域の限定もありません。お客様の設定が原因ではありません。",
                )
                .push(Route::PartnerFix, -1.5)
                .push(Route::EscalateRegional, -1.5),
            );
        }
        Some(Scope::SingleUser) => {
            // Seed: "use your admin privileges to troubleshoot the software, settings, and
            // configuration" — one user is almost always client, licence or setting; unless the
            // model reads a clear service defect.
            let defect = ctx.model[Route::EscalateBug.index()]
                + ctx.model[Route::EscalateUndocumented.index()];
            let partner = if defect >= 0.6 { 0.3 } else { 1.0 };
            out.push(
                Fired::new(
                    SeedRule::FixWithAdminPrivileges,
                    scope_fact(Scope::SingleUser),
                    "Only one user is affected: troubleshoot that user's licence, settings and client first.",
                    "影響は 1 人のユーザーのみです。まずそのユーザーのライセンス、設定、クライアントを確認してください。",
                )
                .push(Route::PartnerFix, partner)
                .push(Route::EscalateUnavailable, -2.5)
                .push(Route::EscalateRegional, -2.5)
                .push(Route::EscalateNetwork, -1.0),
            );
        }
        Some(scope @ (Scope::SomeUsers | Scope::WholeTenant)) => {
            // Seed: the outage categories are Microsoft's when they reach beyond one tenant; a
            // problem confined to this tenant is first checked with admin privileges.
            out.push(
                Fired::new(
                    SeedRule::FixWithAdminPrivileges,
                    scope_fact(scope),
                    "Only this customer's tenant is affected: not a multi-tenant outage; check its configuration first.",
                    "影響はこのお客様のテナント内に限られます。マルチテナントの障害ではないため、まず構成を確認してください。",
                )
                .push(Route::EscalateUnavailable, -1.5)
                .push(Route::EscalateRegional, -1.5),
            );
        }
        None if ctx.words.affirms(&signal("other_tenants").words)
            && region_named()
            && !spans_regions(ctx.words) =>
        {
            out.push(
                Fired::new(
                    SeedRule::RegionalMultiTenant,
                    Basis::Fact { name: "region".into(), value: region_fact.unwrap_or("named in the text").into() },
                    "The text names a region and says other tenants are affected: a regional multi-tenant issue.",
                    "本文に地域名と他テナントへの影響が書かれています。マルチテナントに影響する地域の問題です。",
                )
                .push(Route::EscalateRegional, 1.0)
                .push(Route::PartnerFix, -1.0),
            );
        }
        None => {}
    }
}

/// How many regions a region field names: "West Europe" is one, "US, EU and APAC" or
/// 「日本、米国」 are several.
fn regions_in(field: &str) -> usize {
    const SEVERAL: [&str; 9] = [
        "countries",
        "regions",
        "continents",
        "global",
        "worldwide",
        "か国",
        "カ国",
        "全世界",
        "複数",
    ];
    let lower = field.to_lowercase();
    if SEVERAL.iter().any(|w| lower.contains(w)) {
        return 2;
    }
    lower
        .split([',', '、', '/', ';', '・', '&'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split('と'))
        .filter(|p| !p.trim().is_empty())
        .count()
}

/// Seed: hand off "Large-scale network disruptions". Slowness, time-outs or dropped connections
/// on several services at once, or for many tenants, are the network between them and Microsoft,
/// not one service being down.
fn network_breadth(ctx: &Context, out: &mut Vec<Fired>) {
    let Some(symptom) = ["timeout", "slow", "packet_loss", "connection_drops"]
        .into_iter()
        .map(signal)
        .find(|s| ctx.words.any(&s.words))
    else {
        return;
    };
    let several = signal("several_services");
    let (en, ja) = if ctx.words.affirms(&several.words) {
        (several.en, several.ja)
    } else if ctx.facts.scope == Some(Scope::MultipleTenants)
        || ctx.words.affirms(&signal("other_tenants").words)
    {
        ("for many tenants", "複数のテナントで発生")
    } else {
        return;
    };
    out.push(
        Fired::new(
            SeedRule::NetworkDisruption,
            Basis::Phrase {
                text: symptom.en.into(),
            },
            format!(
                "{} {en}: a large-scale network disruption.",
                capitalise(symptom.en)
            ),
            format!(
                "{}（{ja}）: 大規模なネットワークの中断を示しています。",
                symptom.ja
            ),
        )
        .push(Route::EscalateNetwork, 2.0),
    );
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Seed: "If that doesn't address the customer issue, then you can use your admin privileges to
/// troubleshoot…" — troubleshooting that was done and failed points away from the partner.
fn troubleshooting(ctx: &Context, out: &mut Vec<Fired>) {
    let Some(done) = ctx.facts.troubleshooting_done else {
        return;
    };
    let basis = Basis::Fact {
        name: "troubleshooting_done".into(),
        value: done.to_string(),
    };
    out.push(if done {
        Fired::new(
            SeedRule::FixWithAdminPrivileges,
            basis,
            "Troubleshooting with admin privileges was done and did not fix it.",
            "管理者特権でのトラブルシューティングは実施済みで、解決していません。",
        )
        .push(Route::PartnerFix, -0.5)
    } else {
        Fired::new(
            SeedRule::FixWithAdminPrivileges,
            basis,
            "Troubleshooting with admin privileges has not been done yet.",
            "管理者特権でのトラブルシューティングはまだ実施されていません。",
        )
        .push(Route::PartnerFix, 0.5)
    });
}

/// The engineer's own reading of what the problem looks like (often the answer to the verdict's
/// question) is a fact: it points firmly to the route it stands for, but a matching service-health
/// issue still comes first.
fn symptom(ctx: &Context, out: &mut Vec<Fired>) {
    let Some(symptom) = ctx.facts.symptom else {
        return;
    };
    let (route, rule, en, ja) = match symptom {
        Symptom::Local => (Route::PartnerFix, SeedRule::FixWithAdminPrivileges, "The engineer says a setting, licence, client or change on the customer's side explains it.", "担当者の判断: お客様側の設定、ライセンス、クライアント、または変更が原因です。"),
        Symptom::Undocumented => (Route::EscalateUndocumented, SeedRule::Undocumented, "The engineer says the service differs from its documentation or service description.", "担当者の判断: サービスの動作がドキュメントやサービスの説明と異なります。"),
        Symptom::Outage => (Route::EscalateUnavailable, SeedRule::Unavailable, "The engineer says the service is down or refuses everyone.", "担当者の判断: サービスが停止している、または誰も利用できません。"),
        Symptom::Wrong => (Route::EscalateBug, SeedRule::Bug, "The engineer says the service works but shows or does something wrong.", "担当者の判断: 利用はできますが、表示や動作がおかしい状態です。"),
        Symptom::Slow => (Route::EscalateNetwork, SeedRule::NetworkDisruption, "The engineer says services are slow, time out or drop connections.", "担当者の判断: サービスが遅い、タイムアウトする、または接続が切れます。"),
        Symptom::RegionDown => (Route::EscalateRegional, SeedRule::RegionalMultiTenant, "The engineer says resources in one region or datacenter are failing.", "担当者の判断: 特定のリージョンやデータセンターのリソースが停止しています。"),
    };
    out.push(
        Fired::new(
            rule,
            Basis::Fact {
                name: "symptom".into(),
                value: symptom.id().into(),
            },
            en,
            ja,
        )
        .push(route, 3.0),
    );
}

/// Facts that contradict each other or the text, in both languages.
pub fn conflicts(facts: &Facts, words: &Words, health_supplied: bool) -> Vec<Bilingual> {
    let mut out = Vec::new();
    match facts.scope {
        Some(Scope::SingleUser | Scope::SomeUsers | Scope::WholeTenant)
            if words.affirms(&signal("other_tenants").words) =>
        {
            out.push(Bilingual::new(
                "The scope says one tenant, but the text says other tenants or customers are affected.",
                "影響範囲は 1 テナントとなっていますが、本文には他のテナントや顧客への影響が書かれています。",
            ))
        }
        Some(Scope::MultipleTenants) if words.any(&ONE_USER) => out.push(Bilingual::new(
            "The scope says several tenants, but the text says only one user is affected.",
            "影響範囲は複数テナントとなっていますが、本文には 1 人のユーザーのみと書かれています。",
        )),
        _ => {}
    }
    if facts.health_checked == Some(false) && health_supplied {
        out.push(Bilingual::new(
            "Service health is marked as not checked, yet service-health issues were supplied.",
            "サービス正常性は未確認となっていますが、サービス正常性の情報が渡されています。",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules for a case, with a model that has no opinion.
    fn run(facts: &Facts, text: &str, closest: Option<&IssueMatch>, supplied: bool) -> Vec<Fired> {
        run_with(
            facts,
            text,
            closest,
            supplied,
            [1.0 / ROUTES as f32; ROUTES],
        )
    }

    fn run_with(
        facts: &Facts,
        text: &str,
        closest: Option<&IssueMatch>,
        supplied: bool,
        model: [f32; ROUTES],
    ) -> Vec<Fired> {
        let normalized = crate::features::normalize(text);
        let words = Words::of(&normalized);
        apply(&Context {
            facts,
            words: &words,
            closest,
            health_supplied: supplied,
            model,
        })
    }

    fn issue(score: f32) -> IssueMatch {
        IssueMatch {
            issue_id: "EX1".into(),
            title: "Mail delayed".into(),
            score,
            is_match: score >= crate::health::MATCH_THRESHOLD,
            shared_terms: vec![],
        }
    }

    fn boost(fired: &[Fired], r: Route) -> f32 {
        fired.iter().map(|f| f.boosts[r.index()]).sum()
    }

    fn facts(scope: Option<Scope>, region: Option<&str>) -> Facts {
        Facts {
            scope,
            region: region.map(Into::into),
            ..Facts::default()
        }
    }

    #[test]
    fn a_matching_issue_makes_a_known_issue() {
        let m = issue(0.8);
        let f = Facts::default();
        let fired = run(&f, "mail is slow", Some(&m), true);
        assert!(boost(&fired, Route::KnownIssue) >= 5.0);
        assert!(matches!(&fired[0].basis, Basis::Issue { id, .. } if id == "EX1"));
        assert_eq!(fired[0].rule, SeedRule::CheckServiceHealth);
    }

    #[test]
    fn a_partial_match_is_said_but_never_weighed() {
        let f = Facts::default();
        let fired = run(&f, "x", Some(&issue(0.45)), true);
        assert!(matches!(fired[0].basis, Basis::Issue { .. }));
        assert!(fired[0].boosts.iter().all(|&b| b == 0.0));
        let faint = issue(0.1);
        assert_eq!(
            run(&f, "x", Some(&faint), true)[0].basis,
            Basis::NoMatchingIssue
        );
    }

    #[test]
    fn checked_health_without_a_match_rules_out_a_known_issue() {
        let f = Facts {
            health_checked: Some(true),
            ..Facts::default()
        };
        let fired = run(&f, "x", None, false);
        assert_eq!(fired[0].basis, Basis::NoMatchingIssue);
        assert!(boost(&fired, Route::KnownIssue) <= -3.0);
        let unchecked = run(&Facts::default(), "x", None, false);
        assert!(
            boost(&unchecked, Route::KnownIssue) < 0.0
                && boost(&unchecked, Route::KnownIssue) > -3.0
        );
    }

    #[test]
    fn multiple_tenants_with_a_region_pushes_regional() {
        let f = facts(Some(Scope::MultipleTenants), Some("Japan East"));
        let fired = run(&f, "storage is failing", None, false);
        assert!(boost(&fired, Route::EscalateRegional) > 0.0);
        assert!(boost(&fired, Route::PartnerFix) < 0.0);
        assert!(fired
            .iter()
            .any(|x| x.rule == SeedRule::RegionalMultiTenant));
        assert!(
            matches!(&fired[1].basis, Basis::Fact { name, value } if name == "region" && value == "Japan East")
        );
        // A region named only in the text counts too, in either language.
        let f = facts(Some(Scope::MultipleTenants), None);
        assert!(
            boost(
                &run(&f, "西日本 リージョンで停止", None, false),
                Route::EscalateRegional
            ) > 0.0
        );
    }

    #[test]
    fn one_region_is_not_a_global_outage_and_several_are_not_regional() {
        let one = run(
            &facts(Some(Scope::MultipleTenants), Some("Japan East")),
            "everything is down",
            None,
            false,
        );
        assert!(boost(&one, Route::EscalateUnavailable) < 0.0);
        assert!(boost(&one, Route::EscalateRegional) > 0.0);
        for several in [
            "US, EU and APAC",
            "日本、米国、英国",
            "Frankfurt / Sydney",
            "9 countries",
        ] {
            let fired = run(
                &facts(Some(Scope::MultipleTenants), Some(several)),
                "everything is down",
                None,
                false,
            );
            assert!(boost(&fired, Route::EscalateRegional) < 0.0, "{several}");
            assert!(
                boost(&fired, Route::EscalateUnavailable) >= 0.0,
                "{several}"
            );
        }
        assert_eq!(regions_in("West Europe"), 1);
        assert_eq!(regions_in("東日本"), 1);
        assert_eq!(regions_in("東日本と西日本"), 2);
    }

    #[test]
    fn regions_on_several_continents_in_the_text_are_not_regional() {
        let f = facts(Some(Scope::MultipleTenants), None);
        for text in [
            "Key Vault returns 503 in Australia East, Japan East and UK South",
            "東日本・オーストラリア東部・英国南部のホストプールすべてで接続できない",
            "VM の作成が複数リージョンで失敗する",
            // "Normal" said of something other than a place (the status page, service health)
            // sets no place apart.
            "東日本・オーストラリア東部で接続できない。サービス正常性に掲載なし。",
            "Key Vault returns 503 in Australia East and Japan East. The Azure status page is normal.",
        ] {
            let fired = run(&f, text, None, false);
            assert!(boost(&fired, Route::EscalateRegional) < 0.0, "{text}");
            assert!(boost(&fired, Route::EscalateUnavailable) >= 0.0, "{text}");
        }
        // Places named as unaffected leave one region hit: possibly regional.
        for text in [
            "Teams fails for our tenants in Australia East; Japan and UK tenants are fine",
            "東日本のテナントで停止、英国のテナントは正常",
            "storage is failing in Japan East",
        ] {
            let fired = run(&f, text, None, false);
            assert!(boost(&fired, Route::EscalateRegional) > 0.0, "{text}");
        }
        // The form's region field, when given, is what counts.
        let one = facts(Some(Scope::MultipleTenants), Some("Japan East"));
        let fired = run(
            &one,
            "errors in Japan East; a US customer saw it too",
            None,
            false,
        );
        assert!(boost(&fired, Route::EscalateRegional) > 0.0);
    }

    #[test]
    fn region_and_other_tenants_in_the_text_alone_push_regional() {
        let f = Facts::default();
        let fired = run(&f, "other tenants in west europe see the same", None, false);
        assert!(boost(&fired, Route::EscalateRegional) > 0.0);
        assert!(
            boost(
                &run(&f, "west europe is slow", None, false),
                Route::EscalateRegional
            ) == 0.0
        );
    }

    #[test]
    fn other_tenants_ruled_out_in_the_text_are_not_a_multi_tenant_fact() {
        let f = Facts::default();
        for text in [
            "mail to external recipients is slow; other tenants we manage are not affected",
            "外部宛てのメールが遅延している。他のテナントでは発生していない。",
        ] {
            let fired = run(&f, text, None, false);
            assert_eq!(boost(&fired, Route::EscalateNetwork), 0.0, "{text}");
        }
        let one_tenant = Facts {
            scope: Some(Scope::WholeTenant),
            ..Facts::default()
        };
        let words = |text: &'static str| Words::new(text);
        assert!(conflicts(&one_tenant, &words("other tenants are fine"), false).is_empty());
        assert_eq!(
            conflicts(&one_tenant, &words("other tenants see it too"), false).len(),
            1
        );
    }

    #[test]
    fn multiple_tenants_without_region_rule_out_the_partner_and_regional_only() {
        let f = facts(Some(Scope::MultipleTenants), None);
        for text in ["the portal is down", "the report totals look odd"] {
            let fired = run(&f, text, None, false);
            assert!(boost(&fired, Route::EscalateRegional) < 0.0);
            assert!(boost(&fired, Route::PartnerFix) < 0.0);
            for r in [
                Route::EscalateUnavailable,
                Route::EscalateBug,
                Route::EscalateNetwork,
                Route::EscalateUndocumented,
            ] {
                assert_eq!(boost(&fired, r), 0.0, "{text}: {r:?}");
            }
        }
    }

    #[test]
    fn a_single_user_points_to_the_partner_unless_the_model_sees_a_defect() {
        let f = facts(Some(Scope::SingleUser), None);
        let plain = run(&f, "cannot open the mailbox", None, false);
        assert!(boost(&plain, Route::PartnerFix) >= 1.0);
        assert!(boost(&plain, Route::EscalateUnavailable) < 0.0);
        let mut model = [0.05; ROUTES];
        model[Route::EscalateBug.index()] = 0.7;
        let defect = run_with(&f, "cannot open the mailbox", None, false, model);
        assert!(boost(&defect, Route::PartnerFix) < 1.0);
    }

    #[test]
    fn a_tenant_only_problem_is_not_a_multi_tenant_outage() {
        for scope in [Scope::SomeUsers, Scope::WholeTenant] {
            let f = facts(Some(scope), None);
            let fired = run(&f, "nobody can sign in", None, false);
            assert!(
                boost(&fired, Route::EscalateUnavailable) < 0.0
                    && boost(&fired, Route::EscalateRegional) < 0.0
            );
        }
    }

    #[test]
    fn done_troubleshooting_lowers_partner_fix_and_pending_raises_it() {
        let done = Facts {
            troubleshooting_done: Some(true),
            ..Facts::default()
        };
        assert!(boost(&run(&done, "x", None, false), Route::PartnerFix) < 0.0);
        let pending = Facts {
            troubleshooting_done: Some(false),
            ..Facts::default()
        };
        assert!(boost(&run(&pending, "x", None, false), Route::PartnerFix) > 0.0);
    }

    #[test]
    fn contradictions_are_reported() {
        let f = facts(Some(Scope::SingleUser), None);
        assert_eq!(
            conflicts(&f, &Words::new("other customers see it as well"), false).len(),
            1
        );
        let f = facts(Some(Scope::MultipleTenants), None);
        assert_eq!(
            conflicts(&f, &Words::new("only one user is affected"), false).len(),
            1
        );
        let f = Facts {
            health_checked: Some(false),
            ..Facts::default()
        };
        assert_eq!(conflicts(&f, &Words::new(""), true).len(), 1);
        assert!(conflicts(&Facts::default(), &Words::new("other tenants"), true).is_empty());
    }
}
