//! Filing the request from Partner Center: the clicks, who may make them, and what not to forget.
//!
//! Partner Center's navigation has moved several times (Dashboard, Customer requests, Customers,
//! Administer), and the seed's steps are the 2018 ones. Both paths are given: today's, and the
//! older one the seed describes, because engineers meet both in internal runbooks.

use serde::{Deserialize, Serialize};

use super::{t, LinkRef, Text};
use crate::links::ids;
use crate::verdict::{Bilingual, Product};

/// One step, with the page it happens on when there is a link for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StepFields")]
pub struct HandOffStep {
    #[serde(flatten)]
    pub text: Bilingual,
    pub link: Option<LinkRef>,
}

/// Reads a step field by field: a flattened field would make serde buffer the whole object.
#[derive(Deserialize)]
struct StepFields {
    text_en: String,
    text_ja: String,
    link: Option<LinkRef>,
}

impl From<StepFields> for HandOffStep {
    fn from(f: StepFields) -> HandOffStep {
        HandOffStep {
            text: Bilingual::new(f.text_en, f.text_ja),
            link: f.link,
        }
    }
}

/// Everything the engineer needs to file the request for one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOff {
    pub product: Product,
    /// Today's Partner Center.
    pub current_steps: Vec<HandOffStep>,
    /// The path in Microsoft's "Escalate problems to Microsoft" page (the seed), as older
    /// runbooks describe it.
    pub older_steps: Vec<HandOffStep>,
    /// Who may file.
    pub roles: Vec<Bilingual>,
    /// Why the process is as it is, and the fields people get wrong.
    pub reminders: Vec<Bilingual>,
}

#[derive(Debug, Clone, Copy)]
struct StepDef {
    text: Text,
    link: Option<LinkRef>,
}

const fn step(text: Text, link: Option<LinkRef>) -> StepDef {
    StepDef { text, link }
}

impl StepDef {
    fn step(&self) -> HandOffStep {
        HandOffStep {
            text: self.text.bilingual(),
            link: self.link,
        }
    }
}

// ---- today's path ------------------------------------------------------------------------------

const CURRENT_HEAD: [StepDef; 3] = [
    step(
        t(
            "Sign in to Partner Center with an account that has the roles listed below.",
            "下記のロールを持つアカウントでパートナー センターにサインインします。",
        ),
        Some(LinkRef::Id(ids::PARTNER_CENTER_HOME)),
    ),
    step(
        t(
            "Select Customers (Administer in the newer navigation) and open the customer who needs \
             support. Check that your GDAP relationship with the customer is active.",
            "[顧客] (新しいナビゲーションでは [Administer]) を選択し、サポートが必要なお客様を開きます。\
             お客様との GDAP 関係が有効であることを確認します。",
        ),
        Some(LinkRef::Id(ids::PARTNER_CENTER_CUSTOMERS)),
    ),
    step(
        t(
            "Open the customer's Service management (or Service requests) page and select New \
             request. The Customer requests page under Support leads to the same form.",
            "お客様の [サービス管理] (または [サービス要求]) ページを開き、[新しい要求] を選択します。\
             [サポート] の [顧客の要求] ページからも同じ画面に進めます。",
        ),
        Some(LinkRef::Id(ids::PARTNER_CENTER_CUSTOMER_REQUESTS)),
    ),
];

/// The last form is the same in every portal, and so are its two classic mistakes.
const SUBMIT: StepDef = step(
    t(
        "Enter your own contact details, not the customer's, choose the severity, paste the \
         prepared description and submit. Note the request number.",
        "連絡先にはお客様ではなく自社の情報を入力し、重大度を選択して、用意した説明を貼り付けて送信\
         します。要求番号を控えておきます。",
    ),
    None,
);

const M365_CURRENT: &[StepDef] = &[
    step(
        t(
            "Choose Microsoft 365 as the product (workload). The Microsoft 365 admin center opens \
             in the customer's tenant, with you acting on the customer's behalf.",
            "製品 (ワークロード) として Microsoft 365 を選択します。Microsoft 365 管理センターが、\
             お客様のテナントで代理管理者として開きます。",
        ),
        Some(LinkRef::Id(ids::AOBO_ADMIN_CENTER)),
    ),
    step(
        t(
            "Select Support > New service request, describe the problem and select the support \
             topic.",
            "[サポート] > [新しいサービス要求] を選択し、問題を入力してサポート トピックを選択します。",
        ),
        Some(LinkRef::Id(ids::AOBO_SERVICE_TICKET)),
    ),
    SUBMIT,
    step(
        t(
            "Follow the request later under Support in the same admin center, where the customer's \
             requests are listed.",
            "後から同じ管理センターの [サポート] で、お客様のサービス要求の一覧から状況を確認します。",
        ),
        None,
    ),
];

const AZURE_CURRENT: &[StepDef] = &[
    step(
        t(
            "Choose Azure as the product (workload). The Azure portal opens in the customer's \
             directory.",
            "製品 (ワークロード) として Azure を選択します。Azure portal がお客様のディレクトリで開きます。",
        ),
        None,
    ),
    step(
        t(
            "Select Help + support > New support request.",
            "[ヘルプとサポート] > [新しいサポート リクエスト] を選択します。",
        ),
        Some(LinkRef::Id(ids::AZURE_NEW_SUPPORT_REQUEST)),
    ),
    step(
        t(
            "In Basics, choose the issue type (Technical), the customer's subscription, the \
             service and the problem type, and set Support plan to Cloud Solution Provider.",
            "[基本] で、問題の種類 (技術)、お客様のサブスクリプション、サービス、問題の分類を選択し、\
             [サポート プラン] に [Cloud Solution Provider] (クラウド ソリューション プロバイダー) を\
             指定します。",
        ),
        None,
    ),
    SUBMIT,
    step(
        t(
            "Follow the request later under Manage support requests.",
            "後から [サポートの要求の管理] で状況を確認します。",
        ),
        None,
    ),
];

const DYNAMICS_CURRENT: &[StepDef] = &[
    step(
        t(
            "Choose Dynamics 365 as the product (workload). The Power Platform admin center opens \
             for the customer's tenant.",
            "製品 (ワークロード) として Dynamics 365 を選択します。Power Platform 管理センターがお客様の\
             テナントで開きます。",
        ),
        None,
    ),
    step(
        t(
            "Open Help + support, select New support request and choose the affected environment.",
            "[ヘルプとサポート] を開いて [新しいサポート リクエスト] を選択し、問題が起きている環境を\
             選択します。",
        ),
        None,
    ),
    SUBMIT,
    step(
        t(
            "Follow the request later in the list of support requests under Help + support.",
            "後から [ヘルプとサポート] のサポート リクエストの一覧で状況を確認します。",
        ),
        None,
    ),
];

// ---- the seed's path ---------------------------------------------------------------------------

const OLDER_HEAD: [StepDef; 3] = [
    step(
        t(
            "Sign in to the Partner Center dashboard.",
            "パートナー センターのダッシュボードにサインインします。",
        ),
        Some(LinkRef::Id(ids::PARTNER_CENTER_HOME)),
    ),
    step(
        t(
            "Select Customers, then the customer who needs support.",
            "[顧客] を選択し、サポートが必要なお客様を選択します。",
        ),
        Some(LinkRef::Id(ids::PARTNER_CENTER_CUSTOMERS)),
    ),
    step(
        t(
            "Select Service management, then Service requests.",
            "[サービス管理] を選択し、[サービス要求] を選択します。",
        ),
        None,
    ),
];

const OFFICE_PORTAL_OLDER: [StepDef; 3] = [
    step(
        t(
            "The Office 365 portal opens: sign in with your Partner Center credentials.",
            "Office 365 ポータルが開くので、パートナー センターの資格情報でサインインします。",
        ),
        None,
    ),
    step(
        t(
            "In the left menu, select Support, then New service request.",
            "左側のメニューで [サポート] を選択し、[新しいサービス要求] を選択します。",
        ),
        None,
    ),
    step(
        t(
            "Select the support topic.",
            "サポート トピックを選択します。",
        ),
        None,
    ),
];

const M365_OLDER: &[StepDef] = &[
    step(
        t(
            "Select New request, then Microsoft Office 365.",
            "[新しい要求] を選択し、[Microsoft Office 365] を選択します。",
        ),
        None,
    ),
    OFFICE_PORTAL_OLDER[0],
    OFFICE_PORTAL_OLDER[1],
    OFFICE_PORTAL_OLDER[2],
];

const DYNAMICS_OLDER: &[StepDef] = &[
    step(
        t(
            "Select New request, then \"Office 365, Dynamics 365, Enterprise Mobility Suite\" (the \
             menu of 2019 to 2021).",
            "[新しい要求] を選択し、[Office 365, Dynamics 365, Enterprise Mobility Suite] を選択します \
             (2019 年から 2021 年のメニュー)。",
        ),
        None,
    ),
    OFFICE_PORTAL_OLDER[0],
    OFFICE_PORTAL_OLDER[1],
    OFFICE_PORTAL_OLDER[2],
];

const AZURE_OLDER: &[StepDef] = &[
    step(
        t(
            "Select New request, then Azure.",
            "[新しい要求] を選択し、[Azure] を選択します。",
        ),
        None,
    ),
    step(
        t(
            "The Azure portal opens in the customer's directory: select New support request.",
            "Azure portal がお客様のディレクトリで開くので、[新しいサポート リクエスト] を選択します。",
        ),
        Some(LinkRef::Id(ids::AZURE_NEW_SUPPORT_REQUEST)),
    ),
    step(
        t(
            "In Basics, set Support plan to Cloud Solution Provider; in Contact, enter your own \
             details; then select Create.",
            "[基本] で [サポート プラン] に [Cloud Solution Provider] を指定し、[連絡先] に自社の情報を\
             入力して、[作成] を選択します。",
        ),
        None,
    ),
];

// ---- roles -------------------------------------------------------------------------------------

const TENANT_ROLES: &[Text] = &[
    t(
        "Partner Center: Admin agent or Helpdesk agent.",
        "パートナー センター: 管理エージェントまたはヘルプデスク エージェント。",
    ),
    t(
        "In the customer's tenant (GDAP): Service support administrator, the least-privileged \
         Microsoft Entra role that can file and manage support requests.",
        "お客様のテナント (GDAP): サービス サポート管理者。サポート リクエストを作成、管理できる\
         最小権限の Microsoft Entra ロールです。",
    ),
];

const AZURE_ROLES: &[Text] = &[
    t(
        "Partner Center: Admin agent, to open the customer's service requests.",
        "パートナー センター: お客様のサービス要求を開くための管理エージェント。",
    ),
    t(
        "A reseller relationship: only the provider of the Azure subscription (a direct-bill \
         partner or an indirect provider) can file.",
        "リセラー関係: 作成できるのは Azure サブスクリプションの提供元 (直接請求パートナーまたは間接\
         プロバイダー) だけです。",
    ),
    t(
        "Any GDAP Microsoft Entra role (for example Directory Readers), plus the Azure RBAC role \
         Support Request Contributor on the subscription.",
        "任意の GDAP の Microsoft Entra ロール (ディレクトリ閲覧者など) に加えて、サブスクリプション\
         に対する Azure RBAC ロールのサポート リクエスト共同作成者 (Support Request Contributor)。",
    ),
    t(
        "Indirect resellers can't file Azure requests for their customers: ask your indirect \
         provider to file it.",
        "間接リセラーはお客様の Azure のサポート リクエストを作成できません。間接プロバイダーに作成を\
         依頼します。",
    ),
];

// ---- reminders ---------------------------------------------------------------------------------

const REMINDERS: [Text; 4] = [
    t(
        "Start from Partner Center, not by signing in to the portal directly: only then does the \
         request run in the customer's context, keep the partner–customer relationship and use \
         your CSP support entitlement. Signed in directly, you are in your own tenant.",
        "ポータルに直接サインインせず、必ずパートナー センターから開始します。そうすることで要求が\
         お客様のコンテキストで作成され、パートナーと顧客の関係が維持され、CSP のサポート特典が適用\
         されます。直接サインインすると、自社のテナントで作成されてしまいます。",
    ),
    t(
        "Give your own contact details, not the customer's: CSP customers can't file requests \
         themselves, so Microsoft contacts you, and you keep the customer informed.",
        "連絡先にはお客様ではなく自社の情報を入力します。CSP のお客様は自分でサービス要求を作成\
         できないため、Microsoft からの連絡はパートナーが受け、パートナーがお客様に状況を伝えます。",
    ),
    t(
        "Set the severity from the business impact: A when production is down, B when it is \
         partly affected, C when the service still works or only non-production is affected.",
        "重大度はビジネスへの影響で決めます。本番サービスが停止している場合は A、一部に影響がある場合は \
         B、サービスを引き続き利用できる場合や本番以外の環境だけの場合は C です。",
    ),
    t(
        "The 2-, 4- and 8-hour first-response times apply to requests in English; support in \
         Japanese is given during business hours.",
        "初回応答時間 (2 時間、4 時間、8 時間) は英語でのお問い合わせが対象です。日本語でのサポートは\
         営業時間内に提供されます。",
    ),
];

const AZURE_REMINDERS: &[Text] = &[t(
    "Support plan: choose Cloud Solution Provider. Requests for CSP customers need no separate \
     Azure support plan.",
    "[サポート プラン] では [Cloud Solution Provider] を選択します。CSP のお客様の要求には、別途 \
     Azure のサポート プランは必要ありません。",
)];

const DYNAMICS_REMINDERS: &[Text] = &[t(
    "Dynamics 365 requests for CSP customers require your organisation to hold Advanced Support \
     for Partners (ASfP) or a higher support plan.",
    "CSP のお客様の Dynamics 365 のサポート リクエストを作成するには、自社が Advanced Support for \
     Partners (ASfP) 以上のサポート プランを契約している必要があります。",
)];

struct ProductDef {
    current: &'static [StepDef],
    older: &'static [StepDef],
    roles: &'static [Text],
    reminders: &'static [Text],
}

fn def(product: Product) -> ProductDef {
    match product {
        Product::Microsoft365 => ProductDef {
            current: M365_CURRENT,
            older: M365_OLDER,
            roles: TENANT_ROLES,
            reminders: &[],
        },
        Product::Azure => ProductDef {
            current: AZURE_CURRENT,
            older: AZURE_OLDER,
            roles: AZURE_ROLES,
            reminders: AZURE_REMINDERS,
        },
        Product::Dynamics365 => ProductDef {
            current: DYNAMICS_CURRENT,
            older: DYNAMICS_OLDER,
            roles: TENANT_ROLES,
            reminders: DYNAMICS_REMINDERS,
        },
    }
}

/// How to file a request for `product` from Partner Center.
pub fn handoff(product: Product) -> HandOff {
    let d = def(product);
    let steps = |head: &[StepDef], tail: &[StepDef]| {
        head.iter()
            .chain(tail)
            .map(StepDef::step)
            .collect::<Vec<_>>()
    };
    HandOff {
        product,
        current_steps: steps(&CURRENT_HEAD, d.current),
        older_steps: steps(&OLDER_HEAD, d.older),
        roles: d.roles.iter().map(|r| r.bilingual()).collect(),
        // Product-specific first: they are the ones that differ from the last request filed.
        reminders: d
            .reminders
            .iter()
            .chain(&REMINDERS)
            .map(|r| r.bilingual())
            .collect(),
    }
}
