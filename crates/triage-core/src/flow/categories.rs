//! The five kinds of problem Microsoft asks partners to hand off, one per escalation route.
//!
//! The seed lists them in a single line each; engineers new to CSP need a sentence more to tell,
//! say, "not working as documented" from "a bug". The explanations are ours, kept faithful to the
//! official list, which is linked for the exact wording.

use serde::Serialize;

use super::{t, Text};
use crate::case::Lang;
use crate::verdict::{Bilingual, Route};

/// One of Microsoft's escalation categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The escalation route that stands for this category.
    pub route: Route,
    pub name: Bilingual,
    pub explanation: Bilingual,
}

struct Def {
    route: Route,
    name: Text,
    explanation: Text,
}

/// In the order Microsoft lists them.
const DEFS: [Def; 5] = [
    Def {
        route: Route::EscalateUndocumented,
        name: t("Not working as documented", "ドキュメントどおりに動作しない"),
        explanation: t(
            "The service does not behave the way its service description or documentation says, and \
             the problem is not yet posted in service health. Point to the documented behaviour and \
             show what happens instead.",
            "サービスの説明やドキュメントに記載された動作と実際の動作が異なり、その問題がまだサービス\
             正常性に掲載されていない場合です。ドキュメントの記載箇所と、実際に起きていることを示します。",
        ),
    },
    Def {
        route: Route::EscalateUnavailable,
        name: t("Service unavailable", "サービス利用不可"),
        explanation: t(
            "The service, or a major part of it, cannot be used at all, and nothing in the \
             customer's configuration explains the outage.",
            "サービス全体、またはその主要な機能がまったく利用できず、お客様の構成に原因が見当たらない\
             場合です。",
        ),
    },
    Def {
        route: Route::EscalateBug,
        name: t("Bug or irregular behaviour", "バグや異常な動作"),
        explanation: t(
            "The service looks or behaves wrongly, with errors, broken pages or wrong results, in a \
             way that can be reproduced with a correct configuration.",
            "エラー、画面の崩れ、誤った結果など、サービスの表示や動作がおかしく、構成が正しくても再現\
             できる場合です。",
        ),
    },
    Def {
        route: Route::EscalateNetwork,
        name: t("Large-scale network disruption", "大規模なネットワークの中断"),
        explanation: t(
            "Access to Microsoft's services fails or slows down across many users or sites at once \
             because of a wide network problem, not a fault in the customer's own network.",
            "お客様自身のネットワークの不具合ではなく、広範囲のネットワークの問題によって、多数のユーザー\
             や拠点で同時に Microsoft のサービスへの接続が失われたり遅くなったりしている場合です。",
        ),
    },
    Def {
        route: Route::EscalateRegional,
        name: t(
            "Regional issue affecting many tenants",
            "複数のテナントに影響する地域の問題",
        ),
        explanation: t(
            "A problem tied to one geography or datacenter region that affects several tenants, not \
             only this customer.",
            "特定の地域やデータセンターのリージョンに関係する問題で、このお客様だけでなく複数のテナントに\
             影響している場合です。",
        ),
    },
];

impl Def {
    fn category(&self) -> Category {
        Category {
            route: self.route,
            name: self.name.bilingual(),
            explanation: self.explanation.bilingual(),
        }
    }
}

/// The five categories, in the order Microsoft lists them.
pub fn categories() -> [Category; 5] {
    DEFS.each_ref().map(Def::category)
}

/// The category an escalation route stands for; `None` for known issues and partner fixes.
pub fn category(route: Route) -> Option<Category> {
    DEFS.iter().find(|d| d.route == route).map(Def::category)
}

/// The Partner Center page that lists the categories today ("Provide different types of support
/// to your customers"), in the engineer's language.
pub fn official_source_url(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "https://learn.microsoft.com/en-us/partner-center/customer-support",
        Lang::Ja => "https://learn.microsoft.com/ja-jp/partner-center/customer-support",
    }
}

/// How a route is named to people: by its category when it is one, else by its route name.
pub(crate) fn route_label(route: Route) -> Bilingual {
    category(route).map_or_else(|| route.name(), |c| c.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_category_per_escalation_route() {
        let escalations: Vec<Route> = Route::ALL
            .into_iter()
            .filter(|r| r.is_escalation())
            .collect();
        let routes: Vec<Route> = categories().iter().map(|c| c.route).collect();
        assert_eq!(routes, escalations);
        assert!(category(Route::KnownIssue).is_none());
        assert_eq!(
            route_label(Route::PartnerFix).text_en,
            Route::PartnerFix.name().text_en
        );
    }
}
