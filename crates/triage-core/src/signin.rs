//! Signing in to the customer's tenant and reading its service health from Microsoft Graph.
//!
//! A helpdesk engineer with GDAP access signs in to the customer's tenant (Microsoft Entra ID,
//! OAuth 2.0 authorization code flow with PKCE for a single-page app, RFC 7636 `S256`), and the
//! engine reads `GET /v1.0/admin/serviceAnnouncement/issues?$filter=isResolved eq false` with the
//! delegated `ServiceHealth.Read.All` permission. The network part runs in the engine's Web Worker;
//! everything here is the protocol as plain data: the PKCE verifier and challenge, the authorize
//! URL and the token request, the `state` check, reading the token and Graph's pages, and turning
//! every failure into a message that says what to do ([`SignInError`]). The tenant lookup (a domain
//! to its tenant ID, from the OpenID configuration) is here too.
//!
//! Nothing here keeps a token: the worker holds it in memory and forgets it on sign-out.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Bilingual;

/// Where sign-in goes by default.
pub const DEFAULT_LOGIN_HOST: &str = "login.microsoftonline.com";
/// Where Graph is by default.
pub const DEFAULT_GRAPH_HOST: &str = "graph.microsoft.com";
/// The delegated permissions asked for: service health, and the sign-in itself.
pub const SCOPE: &str = "openid profile https://graph.microsoft.com/ServiceHealth.Read.All";
/// Graph's list of the tenant's service-health issues that are not resolved yet.
pub const ISSUES_PATH: &str =
    "/v1.0/admin/serviceAnnouncement/issues?$filter=isResolved%20eq%20false";
/// How many times a throttled (`429`) request is tried again before giving up.
pub const MAX_RETRIES: u32 = 3;
/// The longest wait honoured from `Retry-After`, in seconds.
pub const MAX_RETRY_AFTER: u32 = 30;
/// How many pages are followed at most (a guard against a `@odata.nextLink` loop).
pub const MAX_PAGES: usize = 50;

/// The portal owner's sign-in settings (`signIn` in `config.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInSettings {
    /// The application (client) ID of the portal owner's app registration; `None` until set up.
    pub client_id: Option<String>,
    /// Microsoft Entra ID's host, or an origin (`http://127.0.0.1:8081` for the local stand-ins).
    pub login_host: String,
    /// Microsoft Graph's host, or an origin.
    pub graph_host: String,
}

impl Default for SignInSettings {
    fn default() -> SignInSettings {
        SignInSettings {
            client_id: None,
            login_host: DEFAULT_LOGIN_HOST.to_string(),
            graph_host: DEFAULT_GRAPH_HOST.to_string(),
        }
    }
}

/// `https://host` for a bare host; an origin (`http://127.0.0.1:8081`) as given, without a
/// trailing slash.
pub fn origin_of(host: &str) -> String {
    let host = host.trim().trim_end_matches('/');
    if host.contains("://") {
        host.to_string()
    } else {
        format!("https://{host}")
    }
}

/// Whether a `loginHost` or `graphHost` value is usable: a host name (with an optional port), an
/// `https://` origin, or an `http://` origin on this machine (the stand-ins).
pub fn host_is_valid(host: &str) -> bool {
    let rest = if let Some(rest) = host.strip_prefix("https://") {
        rest
    } else if let Some(rest) = host.strip_prefix("http://") {
        let name = rest.split(':').next().unwrap_or_default();
        if !matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
            return false;
        }
        rest
    } else {
        host
    };
    let rest = rest.trim_end_matches('/');
    !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

// ---- PKCE (RFC 7636) ----

/// SHA-256 (FIPS 180-4).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bits.to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (state, value) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *state = state.wrapping_add(value);
        }
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

use crate::base64url::encode as base64url;

/// The PKCE `code_challenge` for a verifier: `BASE64URL(SHA256(ASCII(verifier)))` (method `S256`).
pub fn pkce_challenge(verifier: &str) -> String {
    base64url(&sha256(verifier.as_bytes()))
}

/// The secrets of one sign-in, made from random bytes the caller draws (the browser's
/// `crypto.getRandomValues` in the worker): the PKCE verifier (43 characters) and the `state`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub verifier: String,
    pub state: String,
    /// The tenant signed in to (GUID or domain), as the authority.
    pub tenant: String,
    pub redirect_uri: String,
    pub client_id: String,
    pub login: String,
    pub graph: String,
}

impl Pending {
    /// Starts a sign-in; refuses when the portal owner has not set up a client ID or the tenant is
    /// not usable as an authority.
    pub fn new(
        random: &[u8; 48],
        tenant: &str,
        settings: &SignInSettings,
        redirect_uri: &str,
    ) -> Result<Pending, SignInError> {
        let client_id = settings
            .client_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .ok_or(SignInError::NotConfigured)?;
        let tenant = crate::customer::parse_tenant(tenant)
            .map_err(|_| SignInError::NoTenant)?
            .to_string();
        Ok(Pending {
            verifier: base64url(&random[..32]),
            state: base64url(&random[32..]),
            tenant,
            redirect_uri: redirect_uri.to_string(),
            client_id: client_id.trim().to_string(),
            login: origin_of(&settings.login_host),
            graph: origin_of(&settings.graph_host),
        })
    }

    /// Where the popup goes: the tenant's authorize endpoint with the PKCE challenge.
    pub fn authorize_url(&self) -> String {
        format!(
            "{}/{}/oauth2/v2.0/authorize?client_id={}&response_type=code&redirect_uri={}\
             &response_mode=query&scope={}&state={}&code_challenge={}&code_challenge_method=S256\
             &prompt=select_account",
            self.login,
            encode(&self.tenant),
            encode(&self.client_id),
            encode(&self.redirect_uri),
            encode(SCOPE),
            encode(&self.state),
            encode(&pkce_challenge(&self.verifier)),
        )
    }

    /// Reads what the redirect page relayed: the code, if the `state` is ours and no error came.
    pub fn code_from(&self, redirect: &Redirect) -> Result<String, SignInError> {
        if let Some(error) = &redirect.error {
            return Err(classify_entra(
                error,
                redirect.error_description.as_deref().unwrap_or_default(),
            ));
        }
        if redirect.state.as_deref() != Some(self.state.as_str()) {
            return Err(SignInError::WrongState);
        }
        redirect
            .code
            .clone()
            .filter(|code| !code.is_empty())
            .ok_or(SignInError::WrongState)
    }

    /// The token request: its URL and its form-encoded body.
    pub fn token_request(&self, code: &str) -> (String, String) {
        (
            format!("{}/{}/oauth2/v2.0/token", self.login, encode(&self.tenant)),
            format!(
                "client_id={}&grant_type=authorization_code&code={}&redirect_uri={}\
                 &code_verifier={}&scope={}",
                encode(&self.client_id),
                encode(code),
                encode(&self.redirect_uri),
                encode(&self.verifier),
                encode(SCOPE),
            ),
        )
    }

    /// Graph's first page of unresolved issues.
    pub fn issues_url(&self) -> String {
        format!("{}{ISSUES_PATH}", self.graph)
    }
}

/// What the redirect page posted back from the popup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redirect {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// Percent-encodes a query or form value (everything but RFC 3986's unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Reads the token endpoint's answer: the access token, or why there is none.
pub fn read_token(status: u16, body: &str) -> Result<String, SignInError> {
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        return value["access_token"]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .ok_or_else(|| SignInError::Unexpected {
                detail: "the token endpoint answered without an access token".into(),
            });
    }
    match value["error"].as_str() {
        Some(error) => Err(classify_entra(
            error,
            value["error_description"].as_str().unwrap_or_default(),
        )),
        None => Err(SignInError::Unexpected {
            detail: format!("the token endpoint answered HTTP {status}"),
        }),
    }
}

/// One page of Graph's issue list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub issues: Vec<Value>,
    pub next: Option<String>,
}

/// What to do with one of Graph's answers.
#[derive(Debug, Clone, PartialEq)]
pub enum GraphAnswer {
    Page(Page),
    /// Throttled: wait this many seconds and ask again.
    RetryAfter(u32),
    Failed(SignInError),
}

/// Reads one of Graph's answers. `retry_after` is the `Retry-After` header, if the browser lets
/// the worker see it; `attempt` counts the tries of this page so far (1 for the first).
pub fn read_graph(status: u16, retry_after: Option<&str>, body: &str, attempt: u32) -> GraphAnswer {
    if status == 429 || status == 503 {
        if attempt > MAX_RETRIES {
            return GraphAnswer::Failed(SignInError::Throttled);
        }
        let wait = retry_after
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(2 * attempt)
            .min(MAX_RETRY_AFTER);
        return GraphAnswer::RetryAfter(wait);
    }
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    match status {
        200..=299 => match value["value"].as_array() {
            Some(issues) => GraphAnswer::Page(Page {
                issues: issues.clone(),
                next: value["@odata.nextLink"].as_str().map(str::to_string),
            }),
            None => GraphAnswer::Failed(SignInError::Unexpected {
                detail: "Graph answered without a list of issues (`value`)".into(),
            }),
        },
        401 => GraphAnswer::Failed(SignInError::Expired),
        403 => GraphAnswer::Failed(SignInError::Forbidden {
            detail: value["error"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        }),
        _ => GraphAnswer::Failed(SignInError::Unexpected {
            detail: format!(
                "Graph answered HTTP {status}{}",
                value["error"]["message"]
                    .as_str()
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default()
            ),
        }),
    }
}

/// The issues of every page as one document, in the form of a single Graph answer, so it is read
/// and matched like a pasted one.
pub fn document(issues: Vec<Value>) -> String {
    let mut doc = serde_json::Map::new();
    doc.insert(
        "@odata.context".into(),
        Value::from("https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/issues"),
    );
    doc.insert("value".into(), Value::Array(issues));
    Value::Object(doc).to_string()
}

/// Why signing in or reading service health did not work. Each kind has a message that says what
/// to do ([`SignInError::message`]); none of them reads as "no issues".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInError {
    /// The portal owner has not set `signIn.clientId`.
    NotConfigured,
    /// No usable tenant in step 1.
    NoTenant,
    /// The app has no consent in the customer's tenant (`AADSTS65001` and kin).
    ConsentMissing { code: String },
    /// The signed-in account is not in the tenant, or GDAP access has ended (`AADSTS50020`, …).
    NotInTenant { code: String },
    /// The app registration is not found or is set up wrongly (`AADSTS700016`, redirect URI…).
    AppSetup { code: String },
    /// The engineer cancelled the sign-in.
    Cancelled,
    /// Graph said `403`: the roles held in the tenant cannot read service health.
    Forbidden { detail: String },
    /// The token is no longer accepted (`401`): sign in again.
    Expired,
    /// Graph kept answering `429` after the retries.
    Throttled,
    /// The browser blocked the popup.
    PopupBlocked,
    /// The popup was closed before the sign-in finished.
    PopupClosed,
    /// The redirect did not carry the `state` this sign-in sent.
    WrongState,
    /// No connection to the sign-in service or to Graph.
    Network { detail: String },
    /// Anything else, with what the service said.
    Unexpected { detail: String },
}

/// `AADSTS12345` at the start of an error description, if any.
pub fn aadsts_code(description: &str) -> Option<&str> {
    let start = description.find("AADSTS")?;
    let rest = &description[start..];
    let end = rest[6..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(rest.len(), |n| n + 6);
    (end > 6).then(|| &rest[..end])
}

/// Sorts an Entra ID error (the `error` and `error_description` of a redirect or a token answer).
pub fn classify_entra(error: &str, description: &str) -> SignInError {
    let code = aadsts_code(description).unwrap_or(error).to_string();
    match code.as_str() {
        "AADSTS65001" | "AADSTS65004" | "AADSTS90094" | "AADSTS90008" | "AADSTS650051"
        | "AADSTS650052" | "AADSTS650056" | "AADSTS650057" => SignInError::ConsentMissing { code },
        "AADSTS50020" | "AADSTS50177" | "AADSTS50034" | "AADSTS500011" | "AADSTS50053"
        | "AADSTS53003" | "AADSTS50105" | "AADSTS90072" => SignInError::NotInTenant { code },
        "AADSTS700016" | "AADSTS50011" | "AADSTS9002326" | "AADSTS9002325" | "AADSTS900144"
        | "AADSTS7000218" => SignInError::AppSetup { code },
        _ => match error {
            "consent_required" | "interaction_required" if description.is_empty() => {
                SignInError::ConsentMissing { code }
            }
            "consent_required" => SignInError::ConsentMissing { code },
            "access_denied" if description.contains("AADSTS65004") => {
                SignInError::ConsentMissing { code }
            }
            "access_denied" => SignInError::Cancelled,
            _ => SignInError::Unexpected {
                detail: if description.is_empty() {
                    error.to_string()
                } else {
                    description.lines().next().unwrap_or(error).to_string()
                },
            },
        },
    }
}

/// The GDAP roles that can read a tenant's service health, as Microsoft names them.
pub const HEALTH_ROLES: (&str, &str) = (
    "Service Support Administrator or Global Reader",
    "サービス サポート管理者またはグローバル閲覧者",
);

impl SignInError {
    /// A short machine-readable name (for tests and for the page's markers).
    pub fn kind(&self) -> &'static str {
        match self {
            SignInError::NotConfigured => "not_configured",
            SignInError::NoTenant => "no_tenant",
            SignInError::ConsentMissing { .. } => "consent_missing",
            SignInError::NotInTenant { .. } => "not_in_tenant",
            SignInError::AppSetup { .. } => "app_setup",
            SignInError::Cancelled => "cancelled",
            SignInError::Forbidden { .. } => "forbidden",
            SignInError::Expired => "expired",
            SignInError::Throttled => "throttled",
            SignInError::PopupBlocked => "popup_blocked",
            SignInError::PopupClosed => "popup_closed",
            SignInError::WrongState => "wrong_state",
            SignInError::Network { .. } => "network",
            SignInError::Unexpected { .. } => "unexpected",
        }
    }

    /// What went wrong and what to do, in English and Japanese. Each begins by saying that service
    /// health was not read, so it is never taken for "no issues".
    pub fn message(&self) -> Bilingual {
        let (roles_en, roles_ja) = HEALTH_ROLES;
        let (en, ja) = match self {
            SignInError::NotConfigured => (
                "Signing in is not set up for this site. The portal owner registers an app in \
                 Microsoft Entra ID (single-page application, redirect URI <site>/signed-in.html, \
                 delegated permission ServiceHealth.Read.All) and sets signIn.clientId in \
                 config.json. Until then, load the service health from a file or paste it."
                    .to_string(),
                "このサイトではサインインが設定されていません。ポータルの管理者が Microsoft Entra ID \
                 にアプリを登録し (シングルページ アプリケーション、リダイレクト URI は \
                 <サイト>/signed-in.html、委任されたアクセス許可 ServiceHealth.Read.All)、config.json \
                 に signIn.clientId を設定する必要があります。それまではファイルか貼り付けでサービス正常性を読み込んでください。"
                    .to_string(),
            ),
            SignInError::NoTenant => (
                "Service health was not read: enter the customer's tenant ID or .onmicrosoft.com \
                 domain in step 1 first."
                    .to_string(),
                "サービス正常性は読み込まれていません。先に手順 1 で顧客のテナント ID か \
                 .onmicrosoft.com ドメインを入力してください。"
                    .to_string(),
            ),
            SignInError::ConsentMissing { code } => (
                format!(
                    "Service health was not read: this app has no consent in the customer's tenant \
                     ({code}). An administrator of the customer's tenant (or a partner with a GDAP \
                     role that may grant consent) grants admin consent for the app once; then sign \
                     in again."
                ),
                format!(
                    "サービス正常性は読み込まれていません。このアプリは顧客のテナントで同意されていません \
                     ({code})。顧客テナントの管理者 (または同意を付与できる GDAP ロールを持つパートナー) \
                     がこのアプリに管理者の同意を一度付与してから、もう一度サインインしてください。"
                ),
            ),
            SignInError::NotInTenant { code } => (
                format!(
                    "Service health was not read: the account you signed in with has no access to \
                     the customer's tenant ({code}). Check that your GDAP relationship with this \
                     customer is active and that you are in a security group it assigns roles to, \
                     or sign in with another account."
                ),
                format!(
                    "サービス正常性は読み込まれていません。サインインしたアカウントは顧客のテナントに\
                     アクセスできません ({code})。この顧客との GDAP リレーションシップが有効で、\
                     ロールが割り当てられたセキュリティ グループに所属しているか確認するか、別のアカウントでサインインしてください。"
                ),
            ),
            SignInError::AppSetup { code } => (
                format!(
                    "Service health was not read: the sign-in service refused this site's app \
                     registration ({code}). The portal owner checks signIn.clientId in config.json \
                     and the app's redirect URI (<site>/signed-in.html, platform single-page \
                     application)."
                ),
                format!(
                    "サービス正常性は読み込まれていません。サインイン サービスがこのサイトのアプリの登録を\
                     拒否しました ({code})。ポータルの管理者が config.json の signIn.clientId と、\
                     アプリのリダイレクト URI (<サイト>/signed-in.html、プラットフォームはシングルページ \
                     アプリケーション) を確認してください。"
                ),
            ),
            SignInError::Cancelled => (
                "Service health was not read: the sign-in was cancelled. Sign in again to read it."
                    .to_string(),
                "サービス正常性は読み込まれていません。サインインが取り消されました。読み込むにはもう一度サインインしてください。"
                    .to_string(),
            ),
            SignInError::Forbidden { .. } => (
                format!(
                    "Service health was not read: you signed in, but your roles in the customer's \
                     tenant cannot read service health (Graph answered 403). Ask for a GDAP role \
                     that can, such as {roles_en}, then sign in again."
                ),
                format!(
                    "サービス正常性は読み込まれていません。サインインはできましたが、顧客のテナントでの\
                     ロールではサービス正常性を読み取れません (Graph の応答は 403)。{roles_ja}など、\
                     読み取れる GDAP ロールを依頼してから、もう一度サインインしてください。"
                ),
            ),
            SignInError::Expired => (
                "Service health was not read: the sign-in has expired. Sign in again.".to_string(),
                "サービス正常性は読み込まれていません。サインインの有効期限が切れました。もう一度サインインしてください。"
                    .to_string(),
            ),
            SignInError::Throttled => (
                "Service health was not read: Microsoft Graph is busy and asked to wait several \
                 times. Try again in a minute."
                    .to_string(),
                "サービス正常性は読み込まれていません。Microsoft Graph が混み合っていて、何度も待機を求められました。\
                 1 分ほどしてからもう一度お試しください。"
                    .to_string(),
            ),
            SignInError::PopupBlocked => (
                "Service health was not read: the browser blocked the sign-in window. Allow \
                 pop-ups for this site, then select the button again."
                    .to_string(),
                "サービス正常性は読み込まれていません。ブラウザーがサインイン ウィンドウをブロックしました。\
                 このサイトのポップアップを許可してから、もう一度ボタンを選択してください。"
                    .to_string(),
            ),
            SignInError::PopupClosed => (
                "Service health was not read: the sign-in window was closed before signing in \
                 finished. Select the button again and complete the sign-in."
                    .to_string(),
                "サービス正常性は読み込まれていません。サインインが終わる前にサインイン ウィンドウが閉じられました。\
                 もう一度ボタンを選択し、サインインを完了してください。"
                    .to_string(),
            ),
            SignInError::WrongState => (
                "Service health was not read: the answer from the sign-in window does not belong \
                 to this sign-in, so it was ignored. Sign in again."
                    .to_string(),
                "サービス正常性は読み込まれていません。サインイン ウィンドウからの応答がこのサインインのものではないため、\
                 無視しました。もう一度サインインしてください。"
                    .to_string(),
            ),
            SignInError::Network { detail } => (
                format!(
                    "Service health was not read: no connection to the sign-in service or \
                     Microsoft Graph ({detail}). Check the network (and that the site's \
                     Content-Security-Policy allows these hosts), then try again."
                ),
                format!(
                    "サービス正常性は読み込まれていません。サインイン サービスまたは Microsoft Graph \
                     に接続できません ({detail})。ネットワーク (とサイトの Content-Security-Policy \
                     がこれらのホストを許可していること) を確認してから、もう一度お試しください。"
                ),
            ),
            SignInError::Unexpected { detail } => (
                format!(
                    "Service health was not read: {detail}. Try again; if it keeps failing, load \
                     the service health from a file instead."
                ),
                format!(
                    "サービス正常性は読み込まれていません: {detail}。もう一度お試しください。\
                     繰り返し失敗する場合は、ファイルからサービス正常性を読み込んでください。"
                ),
            ),
        };
        Bilingual::new(en, ja)
    }
}

// ---- Tenant lookup ----

/// Checks a domain typed for the tenant lookup: a name with at least one dot, letters, digits
/// and hyphens only.
pub fn lookup_domain(input: &str) -> Result<String, Bilingual> {
    let domain = input.trim().trim_end_matches('.').to_ascii_lowercase();
    let valid = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if valid {
        Ok(domain)
    } else {
        Err(Bilingual::new(
            format!(
                "“{}” is not a domain. Type one of the customer's domains, such as contoso.com or \
                 contoso.onmicrosoft.com, then look up the tenant ID.",
                input.trim()
            ),
            format!(
                "「{}」はドメインではありません。contoso.com や contoso.onmicrosoft.com のような顧客のドメインを\
                 入力してから、テナント ID を調べてください。",
                input.trim()
            ),
        ))
    }
}

/// The OpenID configuration of the tenant that owns `domain`.
pub fn openid_configuration_url(login_host: &str, domain: &str) -> String {
    format!(
        "{}/{}/v2.0/.well-known/openid-configuration",
        origin_of(login_host),
        encode(domain)
    )
}

/// Reads the tenant ID from the OpenID configuration (`issuer` is
/// `https://login.microsoftonline.com/{tenant id}/v2.0`).
pub fn read_tenant_id(domain: &str, status: u16, body: &str) -> Result<String, Bilingual> {
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        let id = value["issuer"].as_str().and_then(|issuer| {
            issuer
                .trim_end_matches('/')
                .split('/')
                .find_map(|part| crate::customer::parse_tenant(part).ok())
                .and_then(|t| t.tenant_id().map(str::to_string))
        });
        return id.ok_or_else(|| {
            Bilingual::new(
                format!("The sign-in service answered for {domain} without a tenant ID."),
                format!("サインイン サービスの {domain} への応答にテナント ID がありません。"),
            )
        });
    }
    let description = value["error_description"].as_str().unwrap_or_default();
    if matches!(status, 400 | 404) || aadsts_code(description) == Some("AADSTS90002") {
        Err(Bilingual::new(
            format!(
                "{domain} is not a domain of a Microsoft tenant. Check the spelling, or find the \
                 tenant ID on the customer's Account page in Partner Center."
            ),
            format!(
                "{domain} は Microsoft のテナントのドメインではありません。綴りを確認するか、\
                 パートナー センターの顧客の [アカウント] ページでテナント ID を確認してください。"
            ),
        ))
    } else {
        Err(Bilingual::new(
            format!("The tenant ID of {domain} could not be looked up (HTTP {status}). Try again."),
            format!(
                "{domain} のテナント ID を調べられませんでした (HTTP {status})。もう一度お試しください。"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SignInSettings {
        SignInSettings {
            client_id: Some("11111111-2222-3333-4444-555555555555".into()),
            ..SignInSettings::default()
        }
    }

    fn pending() -> Pending {
        Pending::new(
            &[7u8; 48],
            "contoso.onmicrosoft.com",
            &settings(),
            "https://triage.example/signed-in.html",
        )
        .unwrap()
    }

    #[test]
    fn sha256_matches_the_standard_vectors() {
        let hex = |b: [u8; 32]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            hex(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn pkce_challenge_matches_rfc_7636_appendix_b() {
        // The challenge printed in RFC 7636, Appendix B (also what any SHA-256 and base64url
        // tool gives for this verifier).
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        // Appendix B's octets give its verifier.
        let octets = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(
            base64url(&octets),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
    }

    #[test]
    fn the_verifier_is_43_characters_and_the_url_carries_the_challenge() {
        let p = pending();
        assert_eq!(p.verifier.len(), 43);
        let url = p.authorize_url();
        assert!(url.starts_with(
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?"
        ));
        assert!(url.contains(&format!("code_challenge={}", pkce_challenge(&p.verifier))));
        assert!(url.contains("code_challenge_method=S256"));
        assert!(url.contains(
            "scope=openid%20profile%20https%3A%2F%2Fgraph.microsoft.com%2FServiceHealth.Read.All"
        ));
        assert!(url.contains("redirect_uri=https%3A%2F%2Ftriage.example%2Fsigned-in.html"));
        assert!(
            !url.contains(&p.verifier),
            "the verifier never leaves the worker"
        );
    }

    #[test]
    fn sign_in_needs_a_client_id_and_a_tenant() {
        let none = SignInSettings::default();
        assert_eq!(
            Pending::new(&[0; 48], "contoso.onmicrosoft.com", &none, "x"),
            Err(SignInError::NotConfigured)
        );
        assert_eq!(
            Pending::new(&[0; 48], "", &settings(), "x"),
            Err(SignInError::NoTenant)
        );
    }

    #[test]
    fn a_wrong_state_is_refused() {
        let p = pending();
        let redirect = |state: &str| Redirect {
            code: Some("abc".into()),
            state: Some(state.into()),
            ..Redirect::default()
        };
        assert_eq!(p.code_from(&redirect(&p.state)), Ok("abc".into()));
        assert_eq!(
            p.code_from(&redirect("someone-elses")),
            Err(SignInError::WrongState)
        );
        assert_eq!(
            p.code_from(&Redirect {
                code: Some("abc".into()),
                ..Redirect::default()
            }),
            Err(SignInError::WrongState)
        );
    }

    #[test]
    fn the_token_request_carries_the_verifier_and_redirect_uri() {
        let p = pending();
        let (url, body) = p.token_request("the code");
        assert_eq!(
            url,
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert!(body.contains("grant_type=authorization_code"));
        assert!(body.contains("code=the%20code"));
        assert!(body.contains(&format!("code_verifier={}", p.verifier)));
        assert!(body.contains("redirect_uri=https%3A%2F%2Ftriage.example%2Fsigned-in.html"));
    }

    #[test]
    fn entra_errors_are_sorted_by_what_to_do() {
        let consent = "AADSTS65001: The user or administrator has not consented to use the \
                       application with ID 'x'.\r\nTrace ID: 1";
        assert_eq!(
            classify_entra("consent_required", consent),
            SignInError::ConsentMissing {
                code: "AADSTS65001".into()
            }
        );
        assert_eq!(
            classify_entra("invalid_request", "AADSTS90094: Admin consent is required.").kind(),
            "consent_missing"
        );
        assert_eq!(
            classify_entra("invalid_client", "AADSTS650052: The app needs access.").kind(),
            "consent_missing"
        );
        for code in ["AADSTS50020", "AADSTS50177"] {
            assert_eq!(
                classify_entra("invalid_request", &format!("{code}: User account …")).kind(),
                "not_in_tenant"
            );
        }
        assert_eq!(
            classify_entra("unauthorized_client", "AADSTS700016: Application not found").kind(),
            "app_setup"
        );
        assert_eq!(classify_entra("access_denied", "").kind(), "cancelled");
        assert_eq!(
            read_token(
                400,
                r#"{"error":"invalid_grant","error_description":"AADSTS50177: x"}"#
            )
            .unwrap_err()
            .kind(),
            "not_in_tenant"
        );
        assert_eq!(read_token(200, r#"{"access_token":"t"}"#), Ok("t".into()));
        assert_eq!(read_token(500, "").unwrap_err().kind(), "unexpected");
    }

    #[test]
    fn every_failure_says_service_health_was_not_read() {
        let all = [
            SignInError::NoTenant,
            SignInError::ConsentMissing { code: "c".into() },
            SignInError::NotInTenant { code: "c".into() },
            SignInError::AppSetup { code: "c".into() },
            SignInError::Cancelled,
            SignInError::Forbidden { detail: "".into() },
            SignInError::Expired,
            SignInError::Throttled,
            SignInError::PopupBlocked,
            SignInError::PopupClosed,
            SignInError::WrongState,
            SignInError::Network { detail: "d".into() },
            SignInError::Unexpected { detail: "d".into() },
        ];
        for error in all {
            let message = error.message();
            assert!(
                message.text_en.starts_with("Service health was not read"),
                "{error:?}"
            );
            assert!(
                message
                    .text_ja
                    .starts_with("サービス正常性は読み込まれていません"),
                "{error:?}"
            );
        }
        let forbidden = SignInError::Forbidden { detail: "".into() }.message();
        assert!(forbidden.text_en.contains("Service Support Administrator"));
        assert!(forbidden.text_ja.contains("サービス サポート管理者"));
    }

    #[test]
    fn graph_pages_throttling_and_refusals() {
        let page =
            r#"{"value":[{"id":"EX1"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/next"}"#;
        match read_graph(200, None, page, 1) {
            GraphAnswer::Page(p) => {
                assert_eq!(p.issues.len(), 1);
                assert_eq!(
                    p.next.as_deref(),
                    Some("https://graph.microsoft.com/v1.0/next")
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            read_graph(429, Some("1"), "", 1),
            GraphAnswer::RetryAfter(1)
        );
        assert_eq!(
            read_graph(429, Some("3600"), "", 1),
            GraphAnswer::RetryAfter(MAX_RETRY_AFTER)
        );
        assert_eq!(read_graph(429, None, "", 2), GraphAnswer::RetryAfter(4));
        assert_eq!(
            read_graph(429, Some("1"), "", MAX_RETRIES + 1),
            GraphAnswer::Failed(SignInError::Throttled)
        );
        let forbidden = r#"{"error":{"code":"UnknownError","message":""}}"#;
        assert!(matches!(
            read_graph(403, None, forbidden, 1),
            GraphAnswer::Failed(SignInError::Forbidden { .. })
        ));
        assert_eq!(
            read_graph(401, None, "", 1),
            GraphAnswer::Failed(SignInError::Expired)
        );
        // A success without a list is not taken for "no issues".
        assert!(matches!(
            read_graph(200, None, "{}", 1),
            GraphAnswer::Failed(SignInError::Unexpected { .. })
        ));
    }

    #[test]
    fn the_read_issues_become_one_document_the_parser_reads() {
        let doc = document(vec![serde_json::json!({
            "id": "EX1", "title": "Mail is delayed", "service": "Exchange Online",
            "status": "serviceDegradation", "classification": "incident", "isResolved": false
        })]);
        let parsed = crate::health::parse_document(&doc).unwrap();
        assert_eq!(parsed.issues.len(), 1);
        assert!(!parsed.sample);
    }

    #[test]
    fn the_tenant_lookup_reads_the_issuer() {
        let body = r#"{"issuer":"https://login.microsoftonline.com/7C3A1E52-90D4-4B8E-A1F2-3C4D5E6F7A8B/v2.0","token_endpoint":"x"}"#;
        assert_eq!(
            read_tenant_id("contoso.com", 200, body),
            Ok("7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b".into())
        );
        let unknown = r#"{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant 'nowhere.example' not found."}"#;
        let message = read_tenant_id("nowhere.example", 400, unknown).unwrap_err();
        assert!(message
            .text_en
            .contains("not a domain of a Microsoft tenant"));
        assert!(read_tenant_id("x.example", 404, "").is_err());
        assert!(read_tenant_id("x.example", 200, r#"{"issuer":"https://sts/none"}"#).is_err());
        assert_eq!(
            openid_configuration_url("login.microsoftonline.com", "contoso.com"),
            "https://login.microsoftonline.com/contoso.com/v2.0/.well-known/openid-configuration"
        );
        assert_eq!(lookup_domain(" Contoso.COM "), Ok("contoso.com".into()));
        assert!(lookup_domain("contoso").is_err());
        assert!(lookup_domain("a@contoso.com").is_err());
    }

    #[test]
    fn hosts_may_be_origins_on_loopback_only() {
        assert!(host_is_valid("login.microsoftonline.com"));
        assert!(host_is_valid("https://login.microsoftonline.us"));
        assert!(host_is_valid("http://127.0.0.1:8081"));
        assert!(!host_is_valid("http://login.example"));
        assert!(!host_is_valid("login example"));
        assert_eq!(
            origin_of("graph.microsoft.com"),
            "https://graph.microsoft.com"
        );
        assert_eq!(origin_of("http://127.0.0.1:9/"), "http://127.0.0.1:9");
    }

    #[test]
    fn sign_in_messages_cross_the_worker_boundary_as_json() {
        use crate::session::{Reply, Request, Session};
        let request = Request::SignIn {
            tenant: "contoso.onmicrosoft.com".into(),
            settings: settings(),
            redirect_uri: "https://triage.example/signed-in.html".into(),
        };
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);
        let json = serde_json::to_string(&Reply::sign_in_failed(&SignInError::Forbidden {
            detail: String::new(),
        }))
        .unwrap();
        assert!(json.contains(r#""kind":"forbidden""#), "{json}");
        // The page reads every sign-in reply back as the worker wrote it.
        let replies = [
            Reply::sign_in_failed(&SignInError::Forbidden {
                detail: String::new(),
            }),
            Reply::SignInUrl {
                url: "https://x/authorize".into(),
            },
            Reply::SignedIn {
                tenant: "t".into(),
                read_at: "2026-12-02T09:00:00.000Z".into(),
                doc: document(Vec::new()),
            },
            Reply::SignedOut,
            Reply::TenantLookup {
                domain: "fabrikam.com".into(),
                result: Ok("7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b".into()),
            },
            Reply::TenantLookup {
                domain: "x.example".into(),
                result: Err(crate::Bilingual::new("no", "いいえ")),
            },
        ];
        for reply in replies {
            let value = serde_json::to_value(&reply).unwrap();
            assert_eq!(Reply::read_sign_in(&value), Some(reply));
        }
        assert_eq!(Reply::read_sign_in(&serde_json::json!("Ready")), None);
        assert_eq!(
            Reply::read_sign_in(&serde_json::json!({"Failed": "x"})),
            None
        );
        // Without the worker there is no network: the session says so instead of pretending.
        assert!(matches!(
            Session::default().handle(Request::SignOut),
            Reply::Refused(_)
        ));
    }
}
