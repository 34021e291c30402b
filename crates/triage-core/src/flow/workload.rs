//! Which Microsoft service a case is about, and what the text hints at as the cause.
//!
//! The engineer may pick the service as Microsoft 365 service health spells it ("Exchange Online",
//! "Microsoft Entra (formerly Identity Service)") or leave it empty and write "Outlook", "Teams" or
//! "メール" in the text. Both are read leniently so the checklist and the request can be tailored.

use serde::{Deserialize, Serialize};

use super::Matcher;
use crate::advice;
use crate::verdict::Product;

/// A service as Microsoft 365 service health groups them (plus Azure, which has its own health).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Workload {
    Exchange,
    Teams,
    SharePoint,
    OneDrive,
    Entra,
    Intune,
    Apps,
    Suite,
    PowerBi,
    Dynamics,
    Azure,
}

struct Def {
    workload: Workload,
    /// As Microsoft 365 service health spells it.
    name: &'static str,
    product: Product,
    matcher: Matcher,
}

/// Table order breaks ties: a more specific service comes before a broader one.
const DEFS: [Def; 11] = [
    Def {
        workload: Workload::Exchange,
        name: "Exchange Online",
        product: Product::Microsoft365,
        matcher: Matcher {
            keywords: &[
                "exchange*",
                "outlook*",
                "mail*",
                "email*",
                "e-mail*",
                "mx",
                "smtp",
                "ndr*",
                "spf",
                "dkim",
                "dmarc",
                "calendar*",
                "メール",
                "予定表",
                "受信トレイ",
                "アウトルック",
            ],
            except: &[],
        },
    },
    Def {
        workload: Workload::Teams,
        name: "Microsoft Teams",
        product: Product::Microsoft365,
        matcher: Matcher {
            keywords: &["teams", "microsoftteams", "チームズ"],
            except: &[],
        },
    },
    Def {
        workload: Workload::SharePoint,
        name: "SharePoint Online",
        product: Product::Microsoft365,
        matcher: Matcher {
            keywords: &["sharepoint*", "share point", "シェアポイント"],
            except: &[],
        },
    },
    Def {
        workload: Workload::OneDrive,
        name: "OneDrive for Business",
        product: Product::Microsoft365,
        matcher: Matcher {
            keywords: &["onedrive*", "one drive", "ワンドライブ"],
            except: &[],
        },
    },
    Def {
        workload: Workload::Entra,
        name: "Microsoft Entra",
        product: Product::Microsoft365,
        matcher: Matcher {
            keywords: &[
                "entra*",
                "identity service",
                "orgliveid",
                "azure ad",
                "azure active directory",
                "aad",
                "aadsts*",
                "sign-in*",
                "sign in",
                "signing in",
                "signin*",
                "log in",
                "login*",
                "logon",
                "mfa",
                "multi-factor",
                "multifactor",
                "conditional access",
                "password*",
                "sso",
                "single sign-on",
                "サインイン",
                "ログイン",
                "多要素",
                "条件付きアクセス",
                "パスワード",
                "認証",
            ],
            except: &["ライセンス認証"],
        },
    },
    Def {
        workload: Workload::Intune,
        name: "Microsoft Intune",
        product: Product::Microsoft365,
        matcher: Matcher {
            keywords: &[
                "intune*",
                "mobile device management",
                "mdm",
                "autopilot",
                "enrol*",
                "compliance polic*",
                "non-compliant",
                "noncompliant",
                "インチューン",
                "デバイス登録",
                "デバイスの登録",
                "準拠",
            ],
            except: &[],
        },
    },
    Def {
        workload: Workload::Apps,
        name: "Microsoft 365 apps",
        product: Product::Microsoft365,
        matcher: Matcher {
            keywords: &[
                "microsoft 365 apps",
                "microsoft 365 for the web",
                "office for the web",
                "office app*",
                "o365client",
                "word",
                "excel",
                "powerpoint",
                "onenote",
                "activation",
                "ワード",
                "エクセル",
                "パワーポイント",
                "ライセンス認証",
            ],
            except: &[],
        },
    },
    Def {
        workload: Workload::Suite,
        name: "Microsoft 365 suite",
        product: Product::Microsoft365,
        matcher: Matcher {
            keywords: &["microsoft 365 suite", "osdpplatform"],
            except: &[],
        },
    },
    Def {
        workload: Workload::PowerBi,
        name: "Power BI",
        product: Product::Microsoft365,
        matcher: Matcher {
            keywords: &["power bi", "powerbi*"],
            except: &[],
        },
    },
    Def {
        workload: Workload::Dynamics,
        name: "Dynamics 365 Apps",
        product: Product::Dynamics365,
        matcher: Matcher {
            keywords: &[
                "dynamics*",
                "d365",
                "crm",
                "dataverse",
                "power platform",
                "power apps",
                "powerapps",
                "power automate",
                "finance and operations",
                "business central",
            ],
            except: &[],
        },
    },
    Def {
        workload: Workload::Azure,
        name: "Azure",
        product: Product::Azure,
        matcher: Matcher {
            keywords: &[
                "azure",
                "virtual machine*",
                "vm",
                "vms",
                "aks",
                "kubernetes",
                "app service*",
                "storage account*",
                "blob*",
                "cosmos*",
                "front door",
                "key vault*",
                "resource group*",
                "load balancer*",
                "vnet*",
                "expressroute",
                "仮想マシン",
                "ストレージ アカウント",
                "ストレージアカウント",
                "リソース グループ",
            ],
            except: &[
                "azure ad",
                "azure active directory",
                "azure information protection",
            ],
        },
    },
];

impl Workload {
    fn def(self) -> &'static Def {
        // Every variant has exactly one row, in declaration order.
        &DEFS[self as usize]
    }

    /// The name as Microsoft 365 service health spells it ("Exchange Online", "Microsoft Entra").
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The product to pick under New request in Partner Center.
    pub fn product(self) -> Product {
        self.def().product
    }
}

/// The services a case is about, most likely first: those the `service` field names (in the
/// order it names them), then those the text mentions, earliest mention first.
pub fn workloads(service: Option<&str>, text: &str) -> Vec<Workload> {
    let mut out = Vec::new();
    for source in [service.unwrap_or(""), text] {
        let source = super::normalize(source);
        let mut found: Vec<(usize, Workload)> = DEFS
            .iter()
            .filter_map(|d| d.matcher.first(&source).map(|at| (at, d.workload)))
            .collect();
        // Stable: equal positions keep table order.
        found.sort_by_key(|(at, _)| *at);
        for (_, w) in found {
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// What the text suggests is going on, independent of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Signal {
    MailDelivery,
    SignIn,
    ConditionalAccess,
    Mfa,
    AadstsCode,
    Client,
    Sharing,
    Licence,
    Device,
    Network,
}

const SIGNALS: [(Signal, Matcher); 10] = [
    (
        Signal::MailDelivery,
        Matcher {
            keywords: &[
                "not delivered",
                "undeliverable",
                "not receiv*",
                "not being receiv*",
                "not arriv*",
                "never arriv*",
                "delayed",
                "delay*",
                "bounce*",
                "ndr*",
                "spam",
                "junk",
                "quarantin*",
                "mail flow",
                "mailflow",
                "mx",
                "spf",
                "dkim",
                "dmarc",
                "can't send",
                "cannot send",
                "can't receive",
                "cannot receive",
                "missing email*",
                "missing mail*",
                "届かない",
                "届きません",
                "届かず",
                "不達",
                "受信できな",
                "送信できな",
                "遅延",
                "迷惑メール",
                "検疫",
                "バウンス",
                "配信",
            ],
            except: &[],
        },
    ),
    (
        Signal::SignIn,
        Matcher {
            keywords: &[
                "sign-in*",
                "sign in",
                "signing in",
                "signin*",
                "log in",
                "logging in",
                "login*",
                "logon",
                "password*",
                "credential*",
                "aadsts*",
                "locked out",
                "サインイン",
                "ログイン",
                "パスワード",
                "資格情報",
                "認証",
            ],
            except: &["ライセンス認証"],
        },
    ),
    (
        Signal::ConditionalAccess,
        Matcher {
            keywords: &[
                "conditional access",
                "aadsts53*",
                "blocked by policy",
                "compliant device",
                "条件付きアクセス",
                "アクセスがブロック",
            ],
            except: &[],
        },
    ),
    (
        Signal::Mfa,
        Matcher {
            keywords: &[
                "mfa",
                "multi-factor",
                "multifactor",
                "two-factor",
                "2fa",
                "authenticator",
                "verification code",
                "aadsts50074",
                "aadsts50076",
                "aadsts50079",
                "多要素",
                "二要素",
                "確認コード",
                "認証アプリ",
            ],
            except: &[],
        },
    ),
    (
        Signal::AadstsCode,
        Matcher {
            keywords: &["aadsts*"],
            except: &[],
        },
    ),
    (
        Signal::Client,
        Matcher {
            keywords: &[
                "outlook*",
                "desktop",
                "client",
                "crash*",
                "freez*",
                "hang*",
                "not responding",
                "cache",
                "profile",
                "update*",
                "version*",
                "add-in*",
                "addin*",
                "new teams",
                "クラッシュ",
                "フリーズ",
                "固ま",
                "応答なし",
                "応答しない",
                "起動しない",
                "起動できない",
                "キャッシュ",
                "プロファイル",
                "バージョン",
                "アドイン",
            ],
            except: &[],
        },
    ),
    (
        Signal::Sharing,
        Matcher {
            keywords: &[
                "share",
                "shared",
                "sharing",
                "external user*",
                "guest*",
                "anyone link*",
                "access request*",
                "共有",
                "ゲスト",
                "外部ユーザー",
                "社外ユーザー",
            ],
            except: &["shared mailbox"],
        },
    ),
    (
        Signal::Licence,
        Matcher {
            keywords: &[
                "licen*",
                "unlicensed",
                "subscription*",
                "usage location",
                "not assigned",
                "service plan*",
                "ライセンス",
                "サブスクリプション",
                "利用場所",
            ],
            except: &[],
        },
    ),
    (
        Signal::Device,
        Matcher {
            keywords: &[
                "enrol*",
                "complian*",
                "noncompliant",
                "non-compliant",
                "autopilot",
                "device*",
                "mdm",
                "登録",
                "準拠",
                "デバイス",
                "端末",
            ],
            except: &[],
        },
    ),
    (
        Signal::Network,
        Matcher {
            keywords: &[
                "network*",
                "latency",
                "packet*",
                "vpn",
                "proxy",
                "firewall",
                "isp",
                "isps",
                "timeout*",
                "timed out",
                "slow*",
                "lag*",
                "connectivity",
                "disconnect*",
                "traceroute",
                "ネットワーク",
                "回線",
                "プロキシ",
                "ファイアウォール",
                "タイムアウト",
                "遅い",
                "切断",
                "通信",
                "つながらない",
                "繋がらない",
            ],
            except: &[],
        },
    ),
];

/// What the flow knows about a case before tailoring anything to it.
#[derive(Debug, Clone)]
pub(crate) struct Analysis {
    pub workloads: Vec<Workload>,
    pub signals: Vec<Signal>,
    pub product: Product,
}

impl Analysis {
    /// `product` is the engine's, when it gave one (escalations only); otherwise the main
    /// service's, else the engine's own reading of the service and text.
    pub fn new(service: Option<&str>, text: &str, product: Option<Product>) -> Analysis {
        let workloads = workloads(service, text);
        let normalized = super::normalize(text);
        let signals = SIGNALS
            .iter()
            .filter(|(_, m)| m.matches(&normalized))
            .map(|(s, _)| *s)
            .collect();
        let product = product
            .or_else(|| workloads.first().map(|w| w.product()))
            .unwrap_or_else(|| advice::product(service, &normalized));
        Analysis {
            workloads,
            signals,
            product,
        }
    }

    /// The case as filed: under the one service decided on (not guessed from the text), with
    /// the text's hints about the cause.
    pub fn for_service(workload: Option<Workload>, text: &str, product: Product) -> Analysis {
        let normalized = super::normalize(text);
        Analysis {
            workloads: workload.into_iter().collect(),
            signals: SIGNALS
                .iter()
                .filter(|(_, m)| m.matches(&normalized))
                .map(|(s, _)| *s)
                .collect(),
            product,
        }
    }

    pub fn primary(&self) -> Option<Workload> {
        self.workloads.first().copied()
    }

    pub fn has(&self, signal: Signal) -> bool {
        self.signals.contains(&signal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_workload_has_its_own_row() {
        for (i, d) in DEFS.iter().enumerate() {
            assert_eq!(d.workload as usize, i, "{}", d.name);
        }
    }

    #[test]
    fn service_names_are_read_leniently() {
        let one = |s: &str| workloads(Some(s), "").first().copied();
        assert_eq!(one("Exchange Online"), Some(Workload::Exchange));
        assert_eq!(one("exchange"), Some(Workload::Exchange));
        assert_eq!(
            one("Microsoft Entra (formerly Identity Service)"),
            Some(Workload::Entra)
        );
        assert_eq!(one("Identity Service"), Some(Workload::Entra));
        assert_eq!(one("Microsoft 365 apps"), Some(Workload::Apps));
        assert_eq!(one("Microsoft 365 suite"), Some(Workload::Suite));
        assert_eq!(one("Dynamics 365 Apps"), Some(Workload::Dynamics));
        assert_eq!(
            one("Mobile Device Management for Office 365"),
            Some(Workload::Intune)
        );
        assert_eq!(one("Azure"), Some(Workload::Azure));
        assert_eq!(
            one("ＯｎｅＤｒｉｖｅ for Business"),
            Some(Workload::OneDrive)
        );
        assert_eq!(one("Microsoft Forms"), None);
    }

    #[test]
    fn the_text_fills_in_when_the_service_is_missing() {
        assert_eq!(
            workloads(None, "Outlook で社外からのメールが届かない"),
            vec![Workload::Exchange]
        );
        assert_eq!(
            workloads(None, "Azure AD sign-in fails for Teams"),
            vec![Workload::Entra, Workload::Teams]
        );
        assert_eq!(
            workloads(Some("Microsoft Teams"), "users cannot sign in"),
            vec![Workload::Teams, Workload::Entra]
        );
        assert!(workloads(None, "Excel のライセンス認証ができない").contains(&Workload::Apps));
        assert!(!workloads(None, "Excel のライセンス認証ができない").contains(&Workload::Entra));
    }
}
