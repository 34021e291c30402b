//! Stand-ins for Microsoft Entra ID and Microsoft Graph on a loopback address, so that signing in
//! and reading service health can be tried (`cargo xtask serve --demo-sign-in`) and tested (the
//! end-to-end tests) without a Microsoft tenant. A small std-only HTTP server, one thread per
//! connection.
//!
//! It checks what the real services check:
//! - authorize (`GET /{tenant}/oauth2/v2.0/authorize`): the client ID, the registered redirect
//!   URI, `response_type=code`, an `S256` code challenge; it then redirects to the redirect URI
//!   with a code and the state at once (there is no one to sign in). For [`NO_CONSENT_TENANT`] it
//!   redirects with `error=consent_required` and an `AADSTS65001` description instead.
//! - token (`POST /{tenant}/oauth2/v2.0/token`): the grant type, the client ID, the code (used
//!   once, issued for this tenant), the redirect URI it was issued for, the PKCE verifier against
//!   the challenge, and an `Origin` header (a single-page app redeems cross-origin); it answers
//!   with CORS headers for that origin.
//! - issues (`GET /v1.0/admin/serviceAnnouncement/issues`): a bearer token it issued, the
//!   `isResolved eq false` filter; two pages linked by `@odata.nextLink`, the second one answered
//!   once with `429` and `Retry-After: 1` first; `403` for [`READ_ONLY_TENANT`], whose roles
//!   cannot read service health.
//! - OpenID configuration (`GET /{domain}/v2.0/.well-known/openid-configuration`): the issuer
//!   with the tenant ID for the domains in [`DOMAINS`], `400` with `AADSTS90002` for others.
//!
//! The issues are the demo's sample issues (`static/sample-service-health.json`) without its
//! sample marker, as Graph would list them.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use triage_core::signin::pkce_challenge;

/// The application (client) ID the stand-in's app registration has.
pub const CLIENT_ID: &str = "5e0c7a6d-2b1f-4c3e-9a8d-7f6e5d4c3b2a";
/// A tenant where the app has no admin consent.
pub const NO_CONSENT_TENANT: &str = "noconsent.onmicrosoft.com";
/// A tenant where the signed-in engineer's roles cannot read service health.
pub const READ_ONLY_TENANT: &str = "readonly.onmicrosoft.com";
/// Domains the tenant lookup knows, with their tenant IDs.
pub const DOMAINS: [(&str, &str); 2] = [
    ("fabrikam.com", "7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b"),
    (
        "fabrikam.onmicrosoft.com",
        "7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b",
    ),
];

const SAMPLE: &str = include_str!("../../../static/sample-service-health.json");
const ISSUES_PATH: &str = "/v1.0/admin/serviceAnnouncement/issues";

/// What the stand-in's app registration holds.
#[derive(Debug, Clone)]
pub struct Registration {
    /// The app's origin, which token requests must come from (`Origin`).
    pub app_origin: String,
    /// The one registered redirect URI (`<site>/signed-in.html`).
    pub redirect_uri: String,
}

struct Issued {
    tenant: String,
    challenge: String,
    redirect_uri: String,
}

#[derive(Default)]
struct Memory {
    codes: HashMap<String, Issued>,
    tokens: HashMap<String, String>,
    throttled: Vec<String>,
    log: Vec<String>,
}

/// The running stand-ins; stopped when dropped.
pub struct StandIn {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    memory: Arc<Mutex<Memory>>,
}

impl StandIn {
    /// Starts the stand-ins at a free port of `host` (e.g. `127.0.0.1`).
    pub fn start(host: &str, registration: Registration) -> std::io::Result<StandIn> {
        StandIn::start_on(TcpListener::bind((host, 0))?, registration)
    }

    /// Starts the stand-ins on a listener already bound (a fixed port for `cargo xtask serve`).
    pub fn start_on(listener: TcpListener, registration: Registration) -> std::io::Result<StandIn> {
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let memory = Arc::new(Mutex::new(Memory::default()));
        let (flag, kept) = (stop.clone(), memory.clone());
        let origin = format!("http://{addr}");
        let counter = Arc::new(AtomicU32::new(0));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::Relaxed) {
                    break;
                }
                if let Ok(stream) = stream {
                    let (registration, kept, origin, counter) = (
                        registration.clone(),
                        kept.clone(),
                        origin.clone(),
                        counter.clone(),
                    );
                    std::thread::spawn(move || {
                        serve(stream, &registration, &kept, &origin, &counter)
                    });
                }
            }
        });
        Ok(StandIn { addr, stop, memory })
    }

    /// The origin, e.g. `http://127.0.0.1:41234`: the `loginHost` and `graphHost` to configure.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A `config.json` for the app that signs in here (also served at `/config.json`).
    pub fn config_json(&self) -> String {
        config_for(&self.origin())
    }

    /// The requests answered so far, as `METHOD /path status` lines (no codes or tokens).
    pub fn log(&self) -> Vec<String> {
        self.memory
            .lock()
            .map(|m| m.log.clone())
            .unwrap_or_default()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(self.addr);
    }
}

fn config_for(origin: &str) -> String {
    json!({
        "version": 1,
        "partner": {"name": "Contoso Cloud Services (demo)"},
        "signIn": {"clientId": CLIENT_ID, "loginHost": origin, "graphHost": origin}
    })
    .to_string()
}

struct Request {
    method: String,
    path: String,
    query: HashMap<String, String>,
    headers: HashMap<String, String>,
    form: HashMap<String, String>,
}

struct Answer {
    status: &'static str,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn json(status: &'static str, body: Value) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string(),
        }
    }

    fn with(mut self, name: &str, value: &str) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// Percent-decodes a query or form value (`+` is a space).
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn pairs(text: &str) -> HashMap<String, String> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let method = words.next()?.to_string();
    let target = words.next()?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? <= 2 {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length.min(1 << 16)];
    reader.read_exact(&mut body).ok()?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    Some(Request {
        method,
        path: path.to_string(),
        query: pairs(query),
        headers,
        form: pairs(&String::from_utf8_lossy(&body)),
    })
}

fn serve(
    mut stream: TcpStream,
    registration: &Registration,
    memory: &Mutex<Memory>,
    origin: &str,
    counter: &AtomicU32,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(request) = read_request(&stream) else {
        return;
    };
    let answer = answer(&request, registration, memory, origin, counter);
    if let Ok(mut memory) = memory.lock() {
        memory.log.push(format!(
            "{} {} {}",
            request.method, request.path, answer.status
        ));
    }
    let mut head = format!(
        "HTTP/1.1 {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(answer.body.as_bytes());
    let _ = stream.flush();
}

fn entra_error(error: &str, description: &str) -> Answer {
    Answer::json(
        "400 Bad Request",
        json!({"error": error, "error_description": description, "error_codes": []}),
    )
}

fn answer(
    request: &Request,
    registration: &Registration,
    memory: &Mutex<Memory>,
    origin: &str,
    counter: &AtomicU32,
) -> Answer {
    let segments: Vec<&str> = request.path.trim_start_matches('/').split('/').collect();
    let cors = |answer: Answer| {
        answer
            .with(
                "Access-Control-Allow-Origin",
                &registration.app_origin.clone(),
            )
            .with("Access-Control-Expose-Headers", "Retry-After")
            .with("Vary", "Origin")
    };
    if request.method == "OPTIONS" {
        // The preflight for Graph's `Authorization` header.
        return cors(Answer::json("204 No Content", Value::Null))
            .with("Access-Control-Allow-Methods", "GET, POST")
            .with(
                "Access-Control-Allow-Headers",
                "Authorization, Content-Type",
            )
            .with("Access-Control-Max-Age", "600");
    }
    match (request.method.as_str(), segments.as_slice()) {
        ("GET", [tenant, "oauth2", "v2.0", "authorize"]) => {
            authorize(request, tenant, registration, memory, counter)
        }
        ("POST", [tenant, "oauth2", "v2.0", "token"]) => {
            cors(token(request, tenant, registration, memory, counter))
        }
        ("GET", [domain, "v2.0", ".well-known", "openid-configuration"]) => {
            openid(domain).with("Access-Control-Allow-Origin", "*")
        }
        ("GET", ["config.json"]) => Answer {
            status: "200 OK",
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: config_for(origin),
        }
        .with("Access-Control-Allow-Origin", "*"),
        ("GET", _) if request.path == ISSUES_PATH => cors(issues(request, memory, origin)),
        _ => Answer::json("404 Not Found", json!({"error": "not_found"})),
    }
}

fn authorize(
    request: &Request,
    tenant: &str,
    registration: &Registration,
    memory: &Mutex<Memory>,
    counter: &AtomicU32,
) -> Answer {
    let q = |key: &str| request.query.get(key).map(String::as_str).unwrap_or("");
    if q("client_id") != CLIENT_ID {
        return entra_error(
            "unauthorized_client",
            "AADSTS700016: Application not found in the directory.",
        );
    }
    if q("redirect_uri") != registration.redirect_uri {
        return entra_error(
            "invalid_request",
            "AADSTS50011: The redirect URI does not match the redirect URIs configured for the application.",
        );
    }
    if q("response_type") != "code" || q("code_challenge_method") != "S256" {
        return entra_error(
            "invalid_request",
            "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.",
        );
    }
    if q("code_challenge").len() != 43 {
        return entra_error("invalid_request", "AADSTS501491: Invalid code_challenge.");
    }
    let state = triage_core::signin::encode(q("state"));
    let location = if tenant.eq_ignore_ascii_case(NO_CONSENT_TENANT) {
        format!(
            "{}?error=consent_required&error_description={}&state={state}",
            registration.redirect_uri,
            triage_core::signin::encode(
                "AADSTS65001: The user or administrator has not consented to use the application."
            )
        )
    } else {
        let code = format!("code-{}", counter.fetch_add(1, Ordering::Relaxed));
        if let Ok(mut memory) = memory.lock() {
            memory.codes.insert(
                code.clone(),
                Issued {
                    tenant: tenant.to_ascii_lowercase(),
                    challenge: q("code_challenge").to_string(),
                    redirect_uri: q("redirect_uri").to_string(),
                },
            );
        }
        format!("{}?code={code}&state={state}", registration.redirect_uri)
    };
    Answer {
        status: "302 Found",
        headers: vec![("Location".into(), location)],
        body: String::new(),
    }
}

fn token(
    request: &Request,
    tenant: &str,
    registration: &Registration,
    memory: &Mutex<Memory>,
    counter: &AtomicU32,
) -> Answer {
    let f = |key: &str| request.form.get(key).map(String::as_str).unwrap_or("");
    if request.headers.get("origin") != Some(&registration.app_origin) {
        return entra_error(
            "invalid_request",
            "AADSTS9002327: Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
        );
    }
    if f("grant_type") != "authorization_code" {
        return entra_error(
            "unsupported_grant_type",
            "AADSTS70003: The grant type is not supported.",
        );
    }
    if f("client_id") != CLIENT_ID {
        return entra_error(
            "unauthorized_client",
            "AADSTS700016: Application not found in the directory.",
        );
    }
    // A code is used once, whatever happens next.
    let issued = memory
        .lock()
        .ok()
        .and_then(|mut m| m.codes.remove(f("code")));
    let Some(issued) = issued else {
        return entra_error(
            "invalid_grant",
            "AADSTS70008: The provided authorization code or refresh token has expired or was already used.",
        );
    };
    if issued.tenant != tenant.to_ascii_lowercase() {
        return entra_error(
            "invalid_grant",
            "AADSTS50148: The code was issued for another tenant.",
        );
    }
    if f("redirect_uri") != issued.redirect_uri {
        return entra_error(
            "invalid_grant",
            "AADSTS50011: The redirect URI does not match the one the code was issued for.",
        );
    }
    if pkce_challenge(f("code_verifier")) != issued.challenge {
        return entra_error(
            "invalid_grant",
            "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.",
        );
    }
    let access_token = format!(
        "standin-token-{}-{}",
        counter.fetch_add(1, Ordering::Relaxed),
        issued.challenge
    );
    if let Ok(mut memory) = memory.lock() {
        memory
            .tokens
            .insert(access_token.clone(), issued.tenant.clone());
    }
    Answer::json(
        "200 OK",
        json!({
            "token_type": "Bearer",
            "scope": "https://graph.microsoft.com/ServiceHealth.Read.All openid profile",
            "expires_in": 3599,
            "access_token": access_token,
        }),
    )
}

fn issues(request: &Request, memory: &Mutex<Memory>, origin: &str) -> Answer {
    let token = request
        .headers
        .get("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_string();
    let Some(tenant) = memory
        .lock()
        .ok()
        .and_then(|m| m.tokens.get(&token).cloned())
    else {
        return Answer::json(
            "401 Unauthorized",
            json!({"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty or invalid."}}),
        );
    };
    if tenant == READ_ONLY_TENANT {
        return Answer::json(
            "403 Forbidden",
            json!({"error": {"code": "UnknownError", "message": "Caller does not have the permission to read service health."}}),
        );
    }
    if request.query.get("$filter").map(String::as_str) != Some("isResolved eq false") {
        return Answer::json(
            "400 Bad Request",
            json!({"error": {"code": "BadRequest", "message": "The stand-in lists unresolved issues only: $filter=isResolved eq false."}}),
        );
    }
    let sample: Value = serde_json::from_str(SAMPLE).unwrap_or(Value::Null);
    let all = sample["value"].as_array().cloned().unwrap_or_default();
    let half = all.len() / 2;
    let context = "https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/issues";
    if request.query.get("$skiptoken").map(String::as_str) == Some("page2") {
        // The second page is throttled once per token first.
        let first_time = memory.lock().is_ok_and(|mut m| {
            let first = !m.throttled.contains(&token);
            if first {
                m.throttled.push(token.clone());
            }
            first
        });
        if first_time {
            return Answer::json(
                "429 Too Many Requests",
                json!({"error": {"code": "TooManyRequests", "message": "Too many requests."}}),
            )
            .with("Retry-After", "1");
        }
        return Answer::json(
            "200 OK",
            json!({"@odata.context": context, "value": all[half..]}),
        );
    }
    Answer::json(
        "200 OK",
        json!({
            "@odata.context": context,
            "value": all[..half],
            "@odata.nextLink": format!("{origin}{ISSUES_PATH}?$filter=isResolved%20eq%20false&$skiptoken=page2"),
        }),
    )
}

fn openid(domain: &str) -> Answer {
    let domain = domain.to_ascii_lowercase();
    match DOMAINS.iter().find(|(d, _)| *d == domain) {
        Some((_, id)) => Answer::json(
            "200 OK",
            json!({
                "issuer": format!("https://login.microsoftonline.com/{id}/v2.0"),
                "authorization_endpoint": format!("https://login.microsoftonline.com/{id}/oauth2/v2.0/authorize"),
                "token_endpoint": format!("https://login.microsoftonline.com/{id}/oauth2/v2.0/token"),
            }),
        ),
        None => entra_error(
            "invalid_tenant",
            &format!("AADSTS90002: Tenant '{domain}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(stand_in: &StandIn, path: &str, headers: &str) -> String {
        let mut stream = TcpStream::connect(stand_in.addr).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    fn stand_in() -> StandIn {
        StandIn::start(
            "127.0.0.1",
            Registration {
                app_origin: "http://127.0.0.1:1".into(),
                redirect_uri: "http://127.0.0.1:1/signed-in.html".into(),
            },
        )
        .unwrap()
    }

    #[test]
    fn serves_the_demo_configuration_and_the_tenant_lookup() {
        let stand_in = stand_in();
        let config = get(&stand_in, "/config.json", "");
        assert!(config.starts_with("HTTP/1.1 200"), "{config}");
        assert!(config.contains(CLIENT_ID) && config.contains(&stand_in.origin()));
        let found = get(
            &stand_in,
            "/fabrikam.com/v2.0/.well-known/openid-configuration",
            "",
        );
        assert!(found.contains(DOMAINS[0].1), "{found}");
        let missing = get(
            &stand_in,
            "/nowhere.example/v2.0/.well-known/openid-configuration",
            "",
        );
        assert!(missing.starts_with("HTTP/1.1 400") && missing.contains("AADSTS90002"));
    }

    #[test]
    fn refuses_what_entra_and_graph_refuse() {
        let stand_in = stand_in();
        // A redirect URI that is not registered.
        let wrong = get(
            &stand_in,
            "/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=5e0c7a6d-2b1f-4c3e-9a8d-7f6e5d4c3b2a&redirect_uri=http%3A%2F%2Fevil.example%2F&response_type=code&code_challenge_method=S256&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&state=s",
            "",
        );
        assert!(wrong.contains("AADSTS50011"), "{wrong}");
        // Graph without a token it issued.
        let anonymous = get(
            &stand_in,
            "/v1.0/admin/serviceAnnouncement/issues?$filter=isResolved%20eq%20false",
            "Authorization: Bearer made-up\r\n",
        );
        assert!(anonymous.starts_with("HTTP/1.1 401"), "{anonymous}");
    }

    fn post(stand_in: &StandIn, path: &str, origin: Option<&str>, body: &str) -> String {
        let mut stream = TcpStream::connect(stand_in.addr).unwrap();
        let origin = origin
            .map(|o| format!("Origin: {o}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: x\r\n{origin}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    /// Authorizes with the challenge of `verifier` and returns the code from the redirect.
    fn code_for(stand_in: &StandIn, verifier: &str) -> String {
        let answer = get(
            stand_in,
            &format!(
                "/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id={CLIENT_ID}&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fsigned-in.html&response_type=code&code_challenge_method=S256&code_challenge={}&state=s",
                pkce_challenge(verifier)
            ),
            "",
        );
        let location = answer
            .lines()
            .find_map(|l| l.strip_prefix("Location: "))
            .unwrap_or_else(|| panic!("{answer}"));
        location
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("code="))
            .unwrap()
            .to_string()
    }

    #[test]
    fn the_token_endpoint_checks_pkce_the_origin_and_single_use() {
        let stand_in = stand_in();
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let path = "/contoso.onmicrosoft.com/oauth2/v2.0/token";
        let app = Some("http://127.0.0.1:1");
        let body = |code: &str, verifier: &str| {
            format!(
                "client_id={CLIENT_ID}&grant_type=authorization_code&code={code}&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fsigned-in.html&code_verifier={verifier}"
            )
        };
        let code = code_for(&stand_in, verifier);
        let wrong = post(&stand_in, path, app, &body(&code, "another-verifier"));
        assert!(wrong.contains("AADSTS501481"), "{wrong}");
        let code = code_for(&stand_in, verifier);
        let no_origin = post(&stand_in, path, None, &body(&code, verifier));
        assert!(no_origin.contains("AADSTS9002327"), "{no_origin}");
        let ok = post(&stand_in, path, app, &body(&code, verifier));
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
        assert!(ok.contains("Access-Control-Allow-Origin: http://127.0.0.1:1"));
        let again = post(&stand_in, path, app, &body(&code, verifier));
        assert!(again.contains("AADSTS70008"), "{again}");
    }

    #[test]
    fn decodes_what_the_app_encodes() {
        let text = "a b/c?d=e&f+g%h";
        assert_eq!(decode(&triage_core::signin::encode(text)), text);
        assert_eq!(decode("a+b%2"), "a b%2");
    }
}
