//! Every deep link the app shows, built in one place from templates.
//!
//! Microsoft documents few of the addresses a CSP helpdesk needs, and the undocumented ones change
//! without notice. So each link is a template with a stable id, a [`Provenance`] (is it in
//! Microsoft's docs, or only observed practice?) and a source, and the portal owner can replace any
//! template in `config.json` without a new build. The URLs and their provenance follow the domain
//! reference (`partner-center-domain.md` §2).
//!
//! Templates hold placeholders: `{tenantId}`, `{domain}`, `{tenant}` (the ID or the domain,
//! whichever is known) and `{issueId}`. A value is percent-encoded for where it lands, so a typed
//! value can never add a path segment, a query parameter or a fragment. A link whose placeholder
//! has no value is not built at all: a broken link that opens the partner's own tenant is worse
//! than no link.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::customer::TenantRef;
use crate::Bilingual;

/// How far a link can be trusted to keep working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The address is in Microsoft's documentation or returned by a Microsoft API.
    Documented,
    /// The address is used widely by partners' tools but not documented; it may break.
    Community,
    /// The portal owner set the address in `config.json`.
    Configured,
}

/// One way to build one link.
///
/// An id may have more than one template, in order of preference: [`Links::build`] takes the first
/// whose placeholders all have values. That is how the Azure links use the customer's tenant when
/// it is known (community form) and the documented tenant-less form otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTemplate {
    pub id: &'static str,
    pub template: String,
    pub provenance: Provenance,
    /// Where the address comes from, for the portal owner who wonders whether to trust it.
    pub source: &'static str,
}

/// A link ready to put in an `href`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub id: &'static str,
    pub url: String,
    pub provenance: Provenance,
}

/// The link ids. They are stable: the app and the portal owners' `config.json` files name them.
pub mod ids {
    pub const PARTNER_CENTER_HOME: &str = "partner_center_home";
    pub const PARTNER_CENTER_CUSTOMERS: &str = "partner_center_customers";
    pub const PARTNER_CENTER_CUSTOMER_REQUESTS: &str = "partner_center_customer_requests";
    pub const PARTNER_CENTER_SERVICE_REQUESTS: &str = "partner_center_service_requests";
    pub const AOBO_ADMIN_CENTER: &str = "aobo_admin_center";
    pub const AOBO_SERVICE_HEALTH: &str = "aobo_service_health";
    pub const AOBO_SERVICE_TICKET: &str = "aobo_service_ticket";
    pub const M365_SERVICE_HEALTH: &str = "m365_service_health";
    pub const M365_ISSUE: &str = "m365_issue";
    pub const M365_STATUS: &str = "m365_status";
    pub const AZURE_SERVICE_HEALTH: &str = "azure_service_health";
    pub const AZURE_NEW_SUPPORT_REQUEST: &str = "azure_new_support_request";
    pub const AZURE_STATUS: &str = "azure_status";
    pub const EXCHANGE_ADMIN_CENTER: &str = "exchange_admin_center";
    pub const ENTRA_ADMIN_CENTER: &str = "entra_admin_center";
    pub const INTUNE_ADMIN_CENTER: &str = "intune_admin_center";
    pub const TEAMS_ADMIN_CENTER: &str = "teams_admin_center";
    pub const SHAREPOINT_ADMIN_CENTER: &str = "sharepoint_admin_center";
    pub const DEFENDER_PORTAL: &str = "defender_portal";
}

/// The placeholders a link template may use.
pub const PLACEHOLDERS: [&str; 4] = ["tenantId", "domain", "tenant", "issueId"];

const AOBO: &str =
    "https://portal.office.com/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=";
const AZURE_HEALTH_BLADE: &str =
    "blade/Microsoft_Azure_Health/AzureHealthBrowseBlade/serviceIssues";
const AZURE_SUPPORT_BLADE: &str =
    "blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest";
const AZURE_TENANT_SOURCE: &str =
    "community practice: the portal.azure.com/#@tenant form is widely used but not documented";
const COMMUNITY_AOBO_SOURCE: &str =
    "community practice (CIPP and partners' scripts); not documented";
const CONFIGURED_SOURCE: &str = "the portal owner's config.json (links)";

/// The built-in templates, in the order the app lists them. Ids with a tenant-less fallback appear
/// twice, the preferred template first.
pub fn default_templates() -> Vec<LinkTemplate> {
    use ids::*;
    use Provenance::{Community, Documented};
    let template = |id, template: &str, provenance, source| LinkTemplate {
        id,
        template: template.to_string(),
        provenance,
        source,
    };
    vec![
        template(
            PARTNER_CENTER_HOME,
            "https://partner.microsoft.com/dashboard/home",
            Documented,
            "Partner Center docs (throughout)",
        ),
        template(
            PARTNER_CENTER_CUSTOMERS,
            "https://partner.microsoft.com/dashboard/commerce2/customers/list",
            Documented,
            "Partner Center docs, customers-overview",
        ),
        template(
            PARTNER_CENTER_CUSTOMER_REQUESTS,
            "https://partner.microsoft.com/dashboard/v2/support/customers/",
            Documented,
            "Partner Center docs, partner-security-requirements-mandating-mfa (the prefix of the \
             Support > Customer requests pages)",
        ),
        template(
            PARTNER_CENTER_SERVICE_REQUESTS,
            "https://partner.microsoft.com/dashboard/v2/support/servicerequests",
            Documented,
            "Partner Center docs (Support > Service requests)",
        ),
        template(
            AOBO_ADMIN_CENTER,
            &format!("{AOBO}o365admincenter"),
            Community,
            COMMUNITY_AOBO_SOURCE,
        ),
        template(
            AOBO_SERVICE_HEALTH,
            &format!("{AOBO}ServiceStatus"),
            Documented,
            "Partner Center API ManagedService resource (ServiceHealth link)",
        ),
        template(
            AOBO_SERVICE_TICKET,
            &format!("{AOBO}Support"),
            Documented,
            "Partner Center API ManagedService resource (ServiceTicket link)",
        ),
        template(
            M365_SERVICE_HEALTH,
            "https://admin.microsoft.com/AdminPortal/Home#/servicehealth",
            Documented,
            "Microsoft docs (SharePoint troubleshooting; Partner Center gdap-supported-workloads)",
        ),
        template(
            M365_ISSUE,
            "https://admin.microsoft.com/Adminportal/Home#/servicehealth/:/alerts/{issueId}",
            Community,
            "community practice (many admin tools); not documented",
        ),
        template(
            M365_STATUS,
            "https://status.cloud.microsoft",
            Documented,
            "Microsoft 365 docs, view-service-health",
        ),
        template(
            AZURE_SERVICE_HEALTH,
            &format!("https://portal.azure.com/#@{{tenant}}/{AZURE_HEALTH_BLADE}"),
            Community,
            AZURE_TENANT_SOURCE,
        ),
        template(
            AZURE_SERVICE_HEALTH,
            &format!("https://portal.azure.com/#{AZURE_HEALTH_BLADE}"),
            Documented,
            "Azure docs (Service Health)",
        ),
        template(
            AZURE_NEW_SUPPORT_REQUEST,
            &format!("https://portal.azure.com/#@{{tenant}}/{AZURE_SUPPORT_BLADE}"),
            Community,
            AZURE_TENANT_SOURCE,
        ),
        template(
            AZURE_NEW_SUPPORT_REQUEST,
            &format!("https://portal.azure.com/#{AZURE_SUPPORT_BLADE}"),
            Documented,
            "Azure docs (create a support request)",
        ),
        template(
            AZURE_STATUS,
            "https://azure.status.microsoft/en-us/status",
            Documented,
            "Azure docs, azure-status-overview",
        ),
        template(
            EXCHANGE_ADMIN_CENTER,
            "https://admin.exchange.microsoft.com/?landingpage=homepage&form=mac_sidebar&delegatedOrg={domain}",
            Community,
            COMMUNITY_AOBO_SOURCE,
        ),
        template(
            ENTRA_ADMIN_CENTER,
            "https://entra.microsoft.com/{tenant}",
            Community,
            COMMUNITY_AOBO_SOURCE,
        ),
        template(
            INTUNE_ADMIN_CENTER,
            "https://intune.microsoft.com/{tenant}",
            Community,
            COMMUNITY_AOBO_SOURCE,
        ),
        template(
            TEAMS_ADMIN_CENTER,
            "https://admin.teams.microsoft.com/?delegatedOrg={domain}",
            Documented,
            "Microsoft Graph delegatedAdminCustomer serviceManagementDetails (example response)",
        ),
        template(
            SHAREPOINT_ADMIN_CENTER,
            "https://admin.microsoft.com/sharepoint?delegatedOrg={domain}",
            Community,
            COMMUNITY_AOBO_SOURCE,
        ),
        template(
            DEFENDER_PORTAL,
            "https://security.microsoft.com/?tid={tenantId}",
            Community,
            COMMUNITY_AOBO_SOURCE,
        ),
    ]
}

/// The link templates in force: the built-in ones, with the portal owner's in place of theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    templates: Vec<LinkTemplate>,
}

impl Default for Links {
    fn default() -> Links {
        Links {
            templates: default_templates(),
        }
    }
}

impl Links {
    /// The built-in templates with `overrides` (link id → template) in place of theirs.
    ///
    /// An override that fails [`validate_template`] is skipped and the built-in template stays:
    /// `config::parse_config` has already reported it, and a working documented link beats a
    /// broken configured one.
    pub fn new(overrides: &BTreeMap<String, String>) -> Links {
        let mut templates: Vec<LinkTemplate> = Vec::new();
        for default in default_templates() {
            let id = default.id;
            match overrides
                .get(id)
                .filter(|template| validate_template(id, template).is_ok())
            {
                None => templates.push(default),
                // A later fallback of an id already overridden.
                Some(_) if templates.iter().any(|t| t.id == id) => {}
                Some(template) => templates.push(LinkTemplate {
                    id,
                    template: template.clone(),
                    provenance: Provenance::Configured,
                    source: CONFIGURED_SOURCE,
                }),
            }
        }
        Links { templates }
    }

    /// Every template in force, in order; an id may appear more than once (see [`LinkTemplate`]).
    pub fn templates(&self) -> &[LinkTemplate] {
        &self.templates
    }

    /// The link `id` for this tenant and service-health issue, or `None` when the id is unknown or
    /// a value its template needs is missing (for example an AOBO link without a tenant ID).
    pub fn build(
        &self,
        id: &str,
        tenant: Option<&TenantRef>,
        issue_id: Option<&str>,
    ) -> Option<Link> {
        self.templates
            .iter()
            .filter(|template| template.id == id)
            .find_map(|template| {
                Some(Link {
                    id: template.id,
                    url: expand(&template.template, tenant, issue_id)?,
                    provenance: template.provenance,
                })
            })
    }
}

/// Fills in a template; `None` when a placeholder has no value (or the template is malformed,
/// which [`validate_template`] prevents for configured templates).
fn expand(template: &str, tenant: Option<&TenantRef>, issue_id: Option<&str>) -> Option<String> {
    let mut url = String::with_capacity(template.len() + 40);
    for piece in pieces(template, &PLACEHOLDERS).ok()? {
        match piece {
            Piece::Text(text) => url.push_str(text),
            Piece::Placeholder(name) => {
                let value = match name {
                    "tenantId" => tenant.and_then(TenantRef::tenant_id),
                    "domain" => tenant.and_then(TenantRef::domain),
                    "tenant" => tenant.map(TenantRef::as_str),
                    "issueId" => issue_id.map(str::trim),
                    _ => None,
                }
                .filter(|value| !value.is_empty())?;
                // Encoded values hold no `?` or `#`, so the URL so far tells where this one lands.
                let component = if in_query(&url) {
                    Component::QueryValue
                } else {
                    Component::PathSegment
                };
                url.push_str(&percent_encode(value, component));
            }
        }
    }
    Some(url)
}

/// Whether text appended to `url_so_far` lands in a query: after a `?` that is not followed by a
/// `#`. A fragment without `?` is treated as a path, as single-page apps route it.
fn in_query(url_so_far: &str) -> bool {
    let after_fragment = url_so_far.rsplit('#').next().unwrap_or(url_so_far);
    after_fragment.contains('?')
}

/// Where in a URL an encoded value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    /// One path segment (also a path-like fragment such as `#/servicehealth/:/alerts/{issueId}`).
    PathSegment,
    /// The value of a `name=value` query parameter.
    QueryValue,
}

/// Percent-encodes `value` (as UTF-8) for `component`, per RFC 3986.
///
/// Unreserved characters (`A-Z a-z 0-9 - . _ ~`) are kept everywhere, as are `:` and `@`, which
/// both components allow. A query value also keeps `/` and `?`, which RFC 3986 allows there; a path
/// segment encodes them because they would start a new segment or the query. The sub-delimiters
/// (`& = + ; , ( ) ! * $ '`) are always encoded: in a query they split parameters, and the
/// portals' fragment routers give `;` and `( )` meanings of their own.
pub fn percent_encode(value: &str, component: Component) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':' | b'@')
            || (component == Component::QueryValue && matches!(byte, b'/' | b'?'));
        if keep {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    encoded
}

/// Checks a template the portal owner wrote for link `id`. The message says what to change.
///
/// A template must be an `https://` address, or a path on the app's own site starting with a
/// single `/`; may use only the known placeholders, and none in the host name (a typed value must
/// never pick the site a link opens); and must use the placeholders the built-in template for
/// the id always uses, since without them the link can't point at the customer's tenant.
pub fn validate_template(id: &str, template: &str) -> Result<(), String> {
    check_template(id, template).map_err(|message| message.text_en)
}

/// [`validate_template`] with the message in both languages, for `config.json` errors.
pub(crate) fn check_template(id: &str, template: &str) -> Result<(), Bilingual> {
    let defaults: Vec<LinkTemplate> = default_templates()
        .into_iter()
        .filter(|default| default.id == id)
        .collect();
    if defaults.is_empty() {
        let known = link_ids().join(", ");
        return Err(Bilingual::new(
            format!("“{id}” is not a link id. The link ids are: {known}."),
            format!("「{id}」というリンク ID はありません。使えるリンク ID: {known}"),
        ));
    }
    check_url(template, true)?;
    if https_authority(template).is_some_and(|(authority, _)| authority.contains(['{', '}'])) {
        return Err(Bilingual::new(
            "A placeholder can't be in the host name: a value typed into the form must never \
             choose the site a link opens.",
            "ホスト名にはプレースホルダーを使えません。フォームに入力された値でリンク先のサイトが\
             決まってはならないためです。",
        ));
    }
    let used = placeholder_names(template, &PLACEHOLDERS)?;
    let needed = PLACEHOLDERS.iter().find(|name| {
        !used.contains(name)
            && defaults.iter().all(|default| {
                placeholder_names(&default.template, &PLACEHOLDERS)
                    .is_ok_and(|names| names.contains(name))
            })
    });
    match needed {
        Some(name) => Err(Bilingual::new(
            format!(
                "This link needs the placeholder {{{name}}}, as the built-in template has it; \
                 without it the link can't point at the customer's tenant or issue."
            ),
            format!(
                "このリンクには、組み込みのテンプレートと同じくプレースホルダー {{{name}}} が必要です。\
                 これがないと、顧客のテナントや問題を指すリンクになりません。"
            ),
        )),
        None => Ok(()),
    }
}

/// Every link id, once each, in the order of [`default_templates`].
pub fn link_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = Vec::new();
    for template in default_templates() {
        if !ids.contains(&template.id) {
            ids.push(template.id);
        }
    }
    ids
}

/// A part of a text with `{placeholders}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

/// Splits `text` at its `{placeholders}`, refusing names not in `known` and unpaired braces. Shared
/// with the customer-message texts of `config.json`, which use the same syntax.
pub(crate) fn pieces<'a>(text: &'a str, known: &[&str]) -> Result<Vec<Piece<'a>>, Bilingual> {
    let mut pieces = Vec::new();
    let mut start = 0;
    while let Some(offset) = text[start..].find(['{', '}']) {
        let open = start + offset;
        let position = text[..open].chars().count() + 1;
        if text[open..].starts_with('}') {
            return Err(Bilingual::new(
                format!("The “}}” at character {position} has no “{{” before it."),
                format!("{position} 文字目の「}}」に対応する「{{」がありません。"),
            ));
        }
        let name_start = open + 1;
        let close = text[name_start..]
            .find(['{', '}'])
            .map(|offset| name_start + offset)
            .filter(|&close| text[close..].starts_with('}'));
        let Some(close) = close else {
            return Err(Bilingual::new(
                format!("The “{{” at character {position} is not closed by “}}”."),
                format!("{position} 文字目の「{{」に対応する「}}」がありません。"),
            ));
        };
        let name = &text[name_start..close];
        if !known.contains(&name) {
            let list = known
                .iter()
                .map(|name| format!("{{{name}}}"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Bilingual::new(
                format!("{{{name}}} is not a placeholder here. Use {list}."),
                format!("{{{name}}} はここでは使えないプレースホルダーです。使えるもの: {list}"),
            ));
        }
        pieces.push(Piece::Text(&text[start..open]));
        pieces.push(Piece::Placeholder(name));
        start = close + 1;
    }
    pieces.push(Piece::Text(&text[start..]));
    Ok(pieces)
}

fn placeholder_names<'a>(text: &'a str, known: &[&str]) -> Result<Vec<&'a str>, Bilingual> {
    Ok(pieces(text, known)?
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Placeholder(name) => Some(name),
            Piece::Text(_) => None,
        })
        .collect())
}

/// For an `https://` URL (any case), its authority (`host[:port]`) and the rest (`/path?query#…`).
pub(crate) fn https_authority(url: &str) -> Option<(&str, &str)> {
    const SCHEME: &str = "https://";
    let scheme = url.get(..SCHEME.len())?;
    if !scheme.eq_ignore_ascii_case(SCHEME) {
        return None;
    }
    let after = &url[SCHEME.len()..];
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    Some(after.split_at(end))
}

/// Checks that `url` is an `https://` address with a host name (or, when `allow_relative`, a path
/// on this site starting with a single `/`), and holds no spaces or control characters.
///
/// `http://` is refused: the https app's browser blocks a fetch over it as mixed content, and a
/// link over it can be rewritten in transit. A user name in the address
/// (`https://microsoft.com@example.net`) is refused because it hides the real host.
pub(crate) fn check_url(url: &str, allow_relative: bool) -> Result<(), Bilingual> {
    if let Some(index) = url
        .chars()
        .position(|c| c.is_whitespace() || c.is_control())
    {
        let n = index + 1;
        return Err(Bilingual::new(
            format!("Remove the space or control character at character {n} of the address."),
            format!("アドレスの {n} 文字目にある空白または制御文字を削除してください。"),
        ));
    }
    match https_authority(url) {
        Some(("", _)) => Err(Bilingual::new(
            "The address has no host name after https://.",
            "https:// の後にホスト名がありません。",
        )),
        Some((authority, _)) if authority.contains('@') => Err(Bilingual::new(
            "The host name can't contain “@”: an address such as https://name@host hides the site \
             it really opens.",
            "ホスト名に「@」は使えません。https://名前@ホスト のようなアドレスは、実際に開くサイトを\
             隠してしまいます。",
        )),
        Some(_) => Ok(()),
        None if allow_relative && url.starts_with('/') && !url.starts_with("//") => Ok(()),
        None if allow_relative => Err(Bilingual::new(
            "Use an https:// address, or a path on this site starting with a single “/”.",
            "https:// で始まるアドレスか、このサイト内の「/」1 つで始まるパスにしてください。",
        )),
        None => Err(Bilingual::new(
            "Use an address starting with https://.",
            "https:// で始まるアドレスにしてください。",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUID: &str = "7c3a1f2e-9b4d-4e8a-a1c2-3d4e5f6a7b8c";

    fn id() -> TenantRef {
        TenantRef::Id(GUID.into())
    }

    fn domain() -> TenantRef {
        TenantRef::Domain("contoso.onmicrosoft.com".into())
    }

    fn url(links: &Links, id: &str, tenant: Option<&TenantRef>, issue: Option<&str>) -> String {
        match links.build(id, tenant, issue) {
            Some(link) => link.url,
            None => panic!("no {id} link for {tenant:?} {issue:?}"),
        }
    }

    #[test]
    fn links_without_placeholders() {
        let links = Links::default();
        for (link, expected) in [
            (
                ids::PARTNER_CENTER_HOME,
                "https://partner.microsoft.com/dashboard/home",
            ),
            (
                ids::PARTNER_CENTER_CUSTOMERS,
                "https://partner.microsoft.com/dashboard/commerce2/customers/list",
            ),
            (
                ids::PARTNER_CENTER_CUSTOMER_REQUESTS,
                "https://partner.microsoft.com/dashboard/v2/support/customers/",
            ),
            (
                ids::PARTNER_CENTER_SERVICE_REQUESTS,
                "https://partner.microsoft.com/dashboard/v2/support/servicerequests",
            ),
            (
                ids::M365_SERVICE_HEALTH,
                "https://admin.microsoft.com/AdminPortal/Home#/servicehealth",
            ),
            (ids::M365_STATUS, "https://status.cloud.microsoft"),
            (
                ids::AZURE_STATUS,
                "https://azure.status.microsoft/en-us/status",
            ),
        ] {
            assert_eq!(url(&links, link, None, None), expected);
            assert_eq!(url(&links, link, Some(&id()), Some("EX1")), expected);
        }
    }

    #[test]
    fn links_for_a_tenant_id() {
        let links = Links::default();
        let tenant = Some(id());
        let tenant = tenant.as_ref();
        for (link, expected) in [
            (
                ids::AOBO_ADMIN_CENTER,
                format!("https://portal.office.com/Partner/BeginClientSession.aspx?CTID={GUID}&CSDEST=o365admincenter"),
            ),
            (
                ids::AOBO_SERVICE_HEALTH,
                format!("https://portal.office.com/Partner/BeginClientSession.aspx?CTID={GUID}&CSDEST=ServiceStatus"),
            ),
            (
                ids::AOBO_SERVICE_TICKET,
                format!("https://portal.office.com/Partner/BeginClientSession.aspx?CTID={GUID}&CSDEST=Support"),
            ),
            (
                ids::AZURE_SERVICE_HEALTH,
                format!("https://portal.azure.com/#@{GUID}/blade/Microsoft_Azure_Health/AzureHealthBrowseBlade/serviceIssues"),
            ),
            (
                ids::AZURE_NEW_SUPPORT_REQUEST,
                format!("https://portal.azure.com/#@{GUID}/blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest"),
            ),
            (ids::ENTRA_ADMIN_CENTER, format!("https://entra.microsoft.com/{GUID}")),
            (ids::INTUNE_ADMIN_CENTER, format!("https://intune.microsoft.com/{GUID}")),
            (ids::DEFENDER_PORTAL, format!("https://security.microsoft.com/?tid={GUID}")),
        ] {
            assert_eq!(url(&links, link, tenant, None), expected);
        }
        // The links that take a domain can't be made from an ID.
        for link in [
            ids::EXCHANGE_ADMIN_CENTER,
            ids::TEAMS_ADMIN_CENTER,
            ids::SHAREPOINT_ADMIN_CENTER,
        ] {
            assert_eq!(links.build(link, tenant, None), None, "{link}");
        }
    }

    #[test]
    fn links_for_a_domain() {
        let links = Links::default();
        let tenant = Some(domain());
        let tenant = tenant.as_ref();
        for (link, expected) in [
            (
                ids::EXCHANGE_ADMIN_CENTER,
                "https://admin.exchange.microsoft.com/?landingpage=homepage&form=mac_sidebar&delegatedOrg=contoso.onmicrosoft.com",
            ),
            (
                ids::TEAMS_ADMIN_CENTER,
                "https://admin.teams.microsoft.com/?delegatedOrg=contoso.onmicrosoft.com",
            ),
            (
                ids::SHAREPOINT_ADMIN_CENTER,
                "https://admin.microsoft.com/sharepoint?delegatedOrg=contoso.onmicrosoft.com",
            ),
            (
                ids::ENTRA_ADMIN_CENTER,
                "https://entra.microsoft.com/contoso.onmicrosoft.com",
            ),
            (
                ids::AZURE_SERVICE_HEALTH,
                "https://portal.azure.com/#@contoso.onmicrosoft.com/blade/Microsoft_Azure_Health/AzureHealthBrowseBlade/serviceIssues",
            ),
        ] {
            assert_eq!(url(&links, link, tenant, None), expected);
        }
        for link in [
            ids::AOBO_ADMIN_CENTER,
            ids::AOBO_SERVICE_HEALTH,
            ids::AOBO_SERVICE_TICKET,
            ids::DEFENDER_PORTAL,
        ] {
            assert_eq!(links.build(link, tenant, None), None, "{link}");
        }
    }

    #[test]
    fn missing_tenant_gives_none_or_the_documented_fallback() {
        let links = Links::default();
        assert_eq!(links.build(ids::AOBO_SERVICE_HEALTH, None, None), None);
        assert_eq!(links.build(ids::ENTRA_ADMIN_CENTER, None, None), None);
        let health = links.build(ids::AZURE_SERVICE_HEALTH, None, None);
        assert_eq!(
            health,
            Some(Link {
                id: ids::AZURE_SERVICE_HEALTH,
                url: "https://portal.azure.com/#blade/Microsoft_Azure_Health/AzureHealthBrowseBlade/serviceIssues".into(),
                provenance: Provenance::Documented,
            })
        );
        let with_tenant = links.build(ids::AZURE_SERVICE_HEALTH, Some(&id()), None);
        assert_eq!(
            with_tenant.map(|l| l.provenance),
            Some(Provenance::Community)
        );
        assert_eq!(
            url(&links, ids::AZURE_NEW_SUPPORT_REQUEST, None, None),
            "https://portal.azure.com/#blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest"
        );
        // An empty value counts as missing.
        let empty = TenantRef::Id(String::new());
        assert_eq!(links.build(ids::DEFENDER_PORTAL, Some(&empty), None), None);
    }

    #[test]
    fn issue_link_and_its_encoding() {
        let links = Links::default();
        assert_eq!(
            url(&links, ids::M365_ISSUE, None, Some(" EX1320296 ")),
            "https://admin.microsoft.com/Adminportal/Home#/servicehealth/:/alerts/EX1320296"
        );
        assert_eq!(
            url(&links, ids::M365_ISSUE, None, Some("EX 12/3?x#y;z")),
            "https://admin.microsoft.com/Adminportal/Home#/servicehealth/:/alerts/EX%2012%2F3%3Fx%23y%3Bz"
        );
        assert_eq!(links.build(ids::M365_ISSUE, None, None), None);
        assert_eq!(links.build(ids::M365_ISSUE, None, Some("  ")), None);
    }

    #[test]
    fn odd_domain_encoded_for_its_position() {
        let links = Links::default();
        let odd = TenantRef::Domain("a b/c?d#e&f=g+ü".into());
        assert_eq!(
            url(&links, ids::TEAMS_ADMIN_CENTER, Some(&odd), None),
            "https://admin.teams.microsoft.com/?delegatedOrg=a%20b/c?d%23e%26f%3Dg%2B%C3%BC"
        );
        assert_eq!(
            url(&links, ids::ENTRA_ADMIN_CENTER, Some(&odd), None),
            "https://entra.microsoft.com/a%20b%2Fc%3Fd%23e%26f%3Dg%2B%C3%BC"
        );
    }

    #[test]
    fn percent_encoding_keeps_unreserved() {
        let unreserved = "AZaz09-._~";
        assert_eq!(
            percent_encode(unreserved, Component::PathSegment),
            unreserved
        );
        assert_eq!(
            percent_encode(unreserved, Component::QueryValue),
            unreserved
        );
        assert_eq!(percent_encode("日", Component::PathSegment), "%E6%97%A5");
        assert_eq!(percent_encode("%", Component::QueryValue), "%25");
    }

    #[test]
    fn query_or_path_decided_by_the_text_before() {
        assert!(!in_query("https://x/a"));
        assert!(in_query("https://x/a?b="));
        assert!(!in_query("https://x/a?b#/c/"));
        assert!(in_query("https://x/#/c?d="));
    }

    #[test]
    fn overrides_replace_the_default_and_are_marked_configured() {
        let overrides = BTreeMap::from([
            (
                ids::AOBO_SERVICE_HEALTH.to_string(),
                "https://admin.microsoft.com/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=ServiceStatus".to_string(),
            ),
            (
                ids::AZURE_SERVICE_HEALTH.to_string(),
                "/go/azure-health".to_string(),
            ),
        ]);
        let links = Links::new(&overrides);
        assert_eq!(
            links.build(ids::AOBO_SERVICE_HEALTH, Some(&id()), None),
            Some(Link {
                id: ids::AOBO_SERVICE_HEALTH,
                url: format!("https://admin.microsoft.com/Partner/BeginClientSession.aspx?CTID={GUID}&CSDEST=ServiceStatus"),
                provenance: Provenance::Configured,
            })
        );
        // One configured template replaces both the tenant form and the tenant-less fallback.
        for tenant in [None, Some(id())] {
            let link = links.build(ids::AZURE_SERVICE_HEALTH, tenant.as_ref(), None);
            assert_eq!(
                link.map(|l| (l.url, l.provenance)),
                Some(("/go/azure-health".into(), Provenance::Configured))
            );
        }
        let count = |links: &Links| {
            links
                .templates()
                .iter()
                .filter(|t| t.id == ids::AZURE_SERVICE_HEALTH)
                .count()
        };
        assert_eq!((count(&Links::default()), count(&links)), (2, 1));
        // Untouched links keep their provenance.
        let home = links.build(ids::PARTNER_CENTER_HOME, None, None);
        assert_eq!(home.map(|l| l.provenance), Some(Provenance::Documented));
    }

    #[test]
    fn invalid_override_keeps_the_default() {
        let overrides = BTreeMap::from([
            (
                ids::AOBO_SERVICE_HEALTH.to_string(),
                "http://example.net/{tenantId}".to_string(),
            ),
            (
                "no_such_link".to_string(),
                "https://example.net/".to_string(),
            ),
        ]);
        assert_eq!(Links::new(&overrides), Links::default());
    }

    #[test]
    fn validation_accepts_the_defaults() {
        for template in default_templates() {
            assert_eq!(
                validate_template(template.id, &template.template),
                Ok(()),
                "{}",
                template.id
            );
        }
        assert_eq!(link_ids().len(), 19);
    }

    #[test]
    fn validation_errors_say_what_to_fix() {
        let error = |id: &str, template: &str| match validate_template(id, template) {
            Ok(()) => panic!("{template:?} accepted for {id}"),
            Err(message) => message,
        };
        let missing = error(
            ids::AOBO_SERVICE_HEALTH,
            "https://portal.office.com/Partner/BeginClientSession.aspx?CSDEST=ServiceStatus",
        );
        assert!(
            missing.contains("needs the placeholder {tenantId}"),
            "{missing}"
        );
        assert!(error(
            ids::M365_ISSUE,
            "https://admin.cloud.microsoft/#/servicehealth"
        )
        .contains("{issueId}"));
        assert!(error("aobo", "https://x.example/").contains("is not a link id"));
        assert!(
            error(ids::PARTNER_CENTER_HOME, "http://partner.microsoft.com/").contains("https://")
        );
        assert!(error(ids::PARTNER_CENTER_HOME, "//evil.example/").contains("single “/”"));
        assert!(error(ids::PARTNER_CENTER_HOME, "partner.microsoft.com").contains("https://"));
        assert!(error(ids::PARTNER_CENTER_HOME, "https:///dashboard").contains("no host name"));
        assert!(error(
            ids::PARTNER_CENTER_HOME,
            "https://partner.microsoft.com@evil.example/"
        )
        .contains("“@”"));
        assert!(error(ids::ENTRA_ADMIN_CENTER, "https://{tenant}.example/").contains("host name"));
        assert!(error(
            ids::ENTRA_ADMIN_CENTER,
            "https://entra.microsoft.com/{tenantID}"
        )
        .contains("{tenantID} is not a placeholder"));
        assert!(error(
            ids::ENTRA_ADMIN_CENTER,
            "https://entra.microsoft.com/{tenant"
        )
        .contains("not closed"));
        assert!(error(
            ids::ENTRA_ADMIN_CENTER,
            "https://entra.microsoft.com/tenant}"
        )
        .contains("has no “{”"));
        assert!(error(
            ids::PARTNER_CENTER_HOME,
            "https://partner.microsoft.com/ home"
        )
        .contains("character 31"));
        // A fallback id needs only what all its templates share: Azure works without a tenant.
        assert_eq!(
            validate_template(ids::AZURE_SERVICE_HEALTH, "https://portal.azure.com/#home"),
            Ok(())
        );
        // Another placeholder that is known is fine, in place of nothing.
        assert_eq!(
            validate_template(
                ids::ENTRA_ADMIN_CENTER,
                "https://entra.microsoft.com/{tenant}?x={issueId}"
            ),
            Ok(())
        );
    }
}
