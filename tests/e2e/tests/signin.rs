//! Reading the customer's service health by signing in: the popup, the redirect page, the token
//! and Graph's pages in the engine's worker, against the stand-ins for Microsoft Entra ID and
//! Graph (crates/signin-standin), under the strict Content-Security-Policy widened only by the
//! configured hosts. Also the tenant lookup.

use e2e::steps::{describe, route_shown, SHARED_MAILBOX, TENANT};
use e2e::{dist_dir, Browser, Server, Site};
use signin_standin::{Registration, StandIn, NO_CONSENT_TENANT, READ_ONLY_TENANT};

/// The policy of docs/embedding.md with the sign-in hosts added to `connect-src`, as
/// docs/sign-in.md says.
fn csp_allowing(sign_in_origin: &str) -> (String, String) {
    (
        "Content-Security-Policy".into(),
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self' {sign_in_origin}; object-src 'none'; base-uri 'none'; form-action 'none'; \
             frame-ancestors 'none'; report-uri /csp-report"
        ),
    )
}

/// The app and the stand-ins, each on its own loopback origin.
fn start() -> (Server, StandIn) {
    let listener = Server::bind("127.0.0.1");
    let app = format!("http://{}", listener.local_addr().unwrap());
    let stand_in = StandIn::start(
        "127.0.0.1",
        Registration {
            app_origin: app.clone(),
            redirect_uri: format!("{app}/signed-in.html"),
        },
    )
    .expect("cannot start the stand-ins");
    let server = Server::start_on(
        listener,
        &dist_dir(),
        Site {
            headers: vec![csp_allowing(&stand_in.origin())],
            files: vec![("/config.json".into(), stand_in.config_json())],
        },
    );
    (server, stand_in)
}

/// Everything the page keeps or shows where a token could leak: storage, the address, the share
/// link and the document.
async fn kept_by_the_page(browser: &Browser) -> String {
    browser.record_clipboard().await;
    browser.click(r#"[data-testid="share"]"#).await;
    let link = browser.last_copied().await;
    let kept = browser
        .eval(
            "const all = []; for (const s of [localStorage, sessionStorage]) { for (let i = 0; i < s.length; i++) { all.push(s.key(i), s.getItem(s.key(i))); } } \
             all.push(location.href, document.documentElement.outerHTML); return all.join('\\n');",
        )
        .await;
    format!("{link}\n{}", kept.as_str().unwrap_or_default())
}

#[tokio::test]
async fn signing_in_reads_both_pages_and_finds_the_known_issue() {
    let (server, stand_in) = start();
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    describe(
        &browser,
        "Fabrikam",
        "Exchange Online",
        SHARED_MAILBOX,
        Some("some_users"),
        "",
    )
    .await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.click(r#"[data-testid="sign-in-read"]"#).await;
    let matched = browser
        .wait_for_text(r#"[data-testid="health-match"]"#, "EX9000101")
        .await;
    assert!(matched.contains("shared mailboxes"), "{matched}");
    assert_eq!(route_shown(&browser).await, "known_issue");
    let signed_in = browser.text_of(r#"[data-testid="signed-in"]"#).await;
    assert!(signed_in.contains(TENANT), "{signed_in}");
    let loaded = browser.text_of(".service-health").await;
    assert!(
        loaded.contains(&format!(
            "Loaded from Microsoft Graph for {TENANT}, read at"
        )),
        "{loaded}"
    );
    // Both pages, the second after a 429 and its Retry-After; the code redeemed once.
    let log = stand_in.log();
    let graph: Vec<&String> = log.iter().filter(|l| l.contains("/issues")).collect();
    let statuses: Vec<&str> = graph
        .iter()
        .filter(|l| l.starts_with("GET"))
        .map(|l| l.split(' ').nth(2).unwrap_or_default())
        .collect();
    assert_eq!(statuses, ["200", "429", "200"], "{log:?}");
    assert_eq!(
        log.iter()
            .filter(|l| l.starts_with("POST") && l.contains("/token"))
            .count(),
        1,
        "{log:?}"
    );
    // The sample's issues, all of them, from the two pages.
    let count = browser
        .eval(r#"return document.querySelectorAll('[data-testid="issues"] tbody tr').length"#)
        .await;
    assert_eq!(count.as_u64(), Some(9));
    browser
        .assert_accessible("service health read after signing in")
        .await;
    browser.screenshot("signin-en-2-service-health").await;

    let kept = kept_by_the_page(&browser).await;
    assert!(!kept.contains("standin-token"), "a token reached the page");
    assert!(
        !kept.contains("code="),
        "the authorization code stayed somewhere"
    );

    browser.click(r#"[data-testid="sign-out"]"#).await;
    browser.wait_for(r#"[data-testid="sign-in-read"]"#).await;
    // What was read stays loaded; only the token goes.
    assert!(browser
        .text_of(r#"[data-testid="health-match"]"#)
        .await
        .contains("EX9000101"));
    assert!(
        server.reports().is_empty(),
        "CSP violations: {:?}",
        server.reports()
    );
    browser.quit().await;
}

/// Signs in to `tenant` and returns the explanation shown, after checking its kind and that
/// nothing reads as "no issues".
async fn failure_for(tenant: &str, kind: &str) -> String {
    let (server, _stand_in) = start();
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    describe(
        &browser,
        "Fabrikam",
        "Exchange Online",
        SHARED_MAILBOX,
        None,
        "",
    )
    .await;
    browser.type_into(r#"[data-testid="tenant"]"#, tenant).await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.click(r#"[data-testid="sign-in-read"]"#).await;
    let error = browser.wait_for(r#"[data-testid="sign-in-error"]"#).await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some(kind)
    );
    let message = error.text().await.unwrap();
    assert!(
        message.starts_with("Service health was not read"),
        "{message}"
    );
    let no_match = browser
        .eval(r#"return document.querySelector('[data-testid="health-no-match"]') === null"#)
        .await;
    assert_eq!(no_match, serde_json::Value::Bool(true));
    browser
        .assert_accessible(&format!("service health, {kind}"))
        .await;
    assert!(server.reports().is_empty(), "{:?}", server.reports());
    browser.quit().await;
    message
}

#[tokio::test]
async fn missing_consent_says_who_must_grant_it() {
    let message = failure_for(NO_CONSENT_TENANT, "consent_missing").await;
    assert!(message.contains("AADSTS65001"), "{message}");
    assert!(message.contains("admin consent"), "{message}");
}

#[tokio::test]
async fn a_role_without_service_health_names_the_roles_that_have_it() {
    let message = failure_for(READ_ONLY_TENANT, "forbidden").await;
    assert!(message.contains("403"), "{message}");
    assert!(
        message.contains("Service Support Administrator"),
        "{message}"
    );
}

#[tokio::test]
async fn the_tenant_id_is_looked_up_from_a_domain() {
    let (server, _stand_in) = start();
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    browser
        .type_into(r#"[data-testid="tenant"]"#, "nowhere.example")
        .await;
    browser.click(r#"[data-testid="lookup-tenant"]"#).await;
    let error = browser
        .wait_for_text(
            r#"[data-testid="lookup-error"]"#,
            "not a domain of a Microsoft tenant",
        )
        .await;
    assert!(error.contains("nowhere.example"), "{error}");
    browser
        .type_into(r#"[data-testid="tenant"]"#, "Fabrikam.com")
        .await;
    browser.click(r#"[data-testid="lookup-tenant"]"#).await;
    browser
        .wait_for_text(r#"[data-testid="lookup-status"]"#, "Fabrikam.com")
        .await;
    assert_eq!(browser.value_of(r#"[data-testid="tenant"]"#).await, TENANT);
    browser.assert_accessible("tenant looked up").await;
    assert!(server.reports().is_empty(), "{:?}", server.reports());
    browser.quit().await;
}
