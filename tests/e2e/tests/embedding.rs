//! The widget inside another site's page: the iframe, the postMessage events, the custom element,
//! and the strict Content-Security-Policy the built app must run under.

use e2e::steps::{describe, walk_to_escalation_check, TENANT};
use e2e::{dist_dir, Browser, Server, Site};

/// The policy portal owners serve the app with (docs/embedding.md), reporting to the test server.
fn strict_csp(frame_ancestors: &str) -> (String, String) {
    (
        "Content-Security-Policy".into(),
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; \
             frame-ancestors {frame_ancestors}; report-uri /csp-report"
        ),
    )
}

fn config_allowing(origin: &str) -> (String, String) {
    (
        "/config.json".into(),
        format!(
            r#"{{"version": 1, "partner": {{"name": "Contoso Cloud Services"}}, "allowedHostOrigins": ["{origin}"]}}"#
        ),
    )
}

/// A host page with the widget in a 420×560 iframe; it records every message it receives and can
/// post one to the widget.
fn host_page(widget: &str) -> (String, String) {
    (
        "/index.html".into(),
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contoso intranet: helpdesk</title></head>
<body><h1>Helpdesk</h1><p>Triage a customer's problem here.</p>
<iframe id="widget" title="Escalation Triage" width="420" height="560" src="{widget}?embed=1&customer={TENANT}&service=Azure"></iframe>
<script>
window.__events = [];
addEventListener('message', (e) => window.__events.push({{ origin: e.origin, data: e.data }}));
window.__post = (m) => document.getElementById('widget').contentWindow.postMessage(m, '{widget_origin}');
</script></body></html>"#,
            widget_origin = widget.trim_end_matches('/'),
        ),
    )
}

async fn events(browser: &Browser) -> Vec<serde_json::Value> {
    serde_json::from_value(browser.eval("return window.__events").await).unwrap_or_default()
}

async fn enter_widget(browser: &Browser) {
    browser.wait_for("#widget").await;
    browser
        .client
        .enter_frame(0)
        .await
        .expect("enter the widget's frame");
    browser.wait_for(r#"[data-testid="product-name"]"#).await;
}

#[tokio::test]
async fn an_allowed_host_gets_ready_resize_and_the_result() {
    let host_listener = Server::bind("127.0.0.2");
    let host_origin = format!("http://{}", host_listener.local_addr().unwrap());
    let widget = Server::start_site(
        &dist_dir(),
        "127.0.0.1",
        Site {
            headers: vec![strict_csp(&host_origin)],
            files: vec![config_allowing(&host_origin)],
        },
    );
    let host = Server::start_on(
        host_listener,
        &dist_dir(),
        Site {
            headers: vec![],
            files: vec![host_page(&widget.url())],
        },
    );
    let browser = Browser::start(1024, 768).await;
    browser.client.goto(&host.url()).await.unwrap();
    enter_widget(&browser).await;
    // The customer and the service came from the URL.
    assert_eq!(browser.value_of(r#"[data-testid="tenant"]"#).await, TENANT);
    assert_eq!(
        browser.value_of(r#"[data-testid="service"]"#).await,
        "Azure"
    );
    browser
        .type_into(r#"[data-testid="customer"]"#, "Tailspin Toys")
        .await;
    browser.type_into(
        r#"[data-testid="problem"]"#,
        "All of our customers with VMs in Japan East lost them at 14:05 JST after a power problem in one datacenter. Other regions are fine.",
    ).await;
    browser
        .click(r#"[data-testid="scope-multiple_tenants"]"#)
        .await;
    browser
        .type_into(r#"[data-testid="region"]"#, "Japan East")
        .await;
    browser.assert_accessible("embedded describe").await;
    walk_to_escalation_check(&browser, None).await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.wait_for(r#"[data-testid="request-title"]"#).await;
    let title = browser.text_of(r#"[data-testid="request-title"]"#).await;

    browser.client.enter_parent_frame().await.unwrap();
    browser.screenshot("embedded-420x560-hand-off").await;
    let got = events(&browser).await;
    let of = |kind: &str| {
        got.iter()
            .filter(|e| e["data"]["type"] == kind)
            .collect::<Vec<_>>()
    };
    assert!(
        got.iter().all(|e| e["origin"] == widget.origin()),
        "{got:?}"
    );
    assert_eq!(of("escalation-triage:ready").len(), 1, "{got:?}");
    assert!(!of("escalation-triage:resize").is_empty(), "{got:?}");
    let result = &of("escalation-triage:result")
        .last()
        .expect("a result event")["data"];
    assert_eq!(result["version"], 1);
    assert_eq!(result["route"], "escalate_regional");
    assert!(
        ["high", "medium", "low"].contains(&result["band"].as_str().unwrap_or_default()),
        "{result}"
    );
    assert!(
        ["A", "B", "C"].contains(&result["severity"].as_str().unwrap_or_default()),
        "{result}"
    );
    assert_eq!(result["product"], "azure");
    assert_eq!(result["title"].as_str().unwrap_or_default(), title.trim());
    assert!(
        result["description"]
            .as_str()
            .unwrap_or_default()
            .contains("Japan East"),
        "{result}"
    );

    // The host may switch the language.
    browser.eval(r#"window.__post({type: 'escalation-triage:set-language', version: 1, lang: 'ja'}); return true;"#).await;
    enter_widget(&browser).await;
    browser
        .wait_for_text(r#"[data-testid="steps"]"#, "引き継ぎ")
        .await;
    assert!(
        widget.reports().is_empty(),
        "CSP violations: {:?}",
        widget.reports()
    );
    browser.quit().await;
}

#[tokio::test]
async fn a_host_that_is_not_allowed_hears_nothing_and_is_not_heard() {
    let widget = Server::start_site(
        &dist_dir(),
        "127.0.0.1",
        Site {
            headers: vec![],
            files: vec![config_allowing("https://intranet.contoso.example")],
        },
    );
    let host = Server::start_site(
        &dist_dir(),
        "127.0.0.2",
        Site {
            headers: vec![],
            files: vec![host_page(&widget.url())],
        },
    );
    let browser = Browser::start(1024, 768).await;
    browser.client.goto(&host.url()).await.unwrap();
    enter_widget(&browser).await;
    describe(&browser, "Tailspin Toys", "Azure", "All of our customers with VMs in Japan East lost them after a power problem in one datacenter.", Some("multiple_tenants"), "Japan East").await;
    walk_to_escalation_check(&browser, None).await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.wait_for(r#"[data-testid="request-title"]"#).await;
    browser.client.enter_parent_frame().await.unwrap();
    browser.eval(r#"window.__post({type: 'escalation-triage:set-language', version: 1, lang: 'ja'}); return true;"#).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        events(&browser).await.is_empty(),
        "{:?}",
        events(&browser).await
    );
    enter_widget(&browser).await;
    let steps = browser.text_of(r#"[data-testid="steps"]"#).await;
    assert!(
        steps.contains("Hand off"),
        "the widget obeyed a host it should ignore: {steps}"
    );
    browser.quit().await;
}

#[tokio::test]
async fn the_custom_element_creates_the_frame_and_re_dispatches_events() {
    let host_listener = Server::bind("127.0.0.2");
    let host_origin = format!("http://{}", host_listener.local_addr().unwrap());
    let widget = Server::start_site(
        &dist_dir(),
        "127.0.0.1",
        Site {
            headers: vec![],
            files: vec![config_allowing(&host_origin)],
        },
    );
    let page = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title>
<script src="{w}embed.js" defer></script></head><body>
<script>window.__dom = []; document.addEventListener('escalation-triage:ready', (e) => window.__dom.push(e.detail));</script>
<escalation-triage src="{w}" lang="ja" theme="dark" title="Escalation Triage"></escalation-triage></body></html>"#,
        w = widget.url()
    );
    let host = Server::start_on(
        host_listener,
        &dist_dir(),
        Site {
            headers: vec![],
            files: vec![("/index.html".into(), page)],
        },
    );
    let browser = Browser::start(1024, 768).await;
    browser.client.goto(&host.url()).await.unwrap();
    let src = browser
        .attr("escalation-triage iframe", "src")
        .await
        .unwrap_or_default();
    assert!(
        src.contains("embed=1") && src.contains("lang=ja") && src.contains("theme=dark"),
        "{src}"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let dom = browser.eval("return window.__dom").await;
        if dom.as_array().is_some_and(|a| !a.is_empty()) {
            assert_eq!(dom[0]["type"], "escalation-triage:ready");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no ready event reached the page"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.client.enter_frame(0).await.unwrap();
    browser
        .wait_for_text(r#"[data-testid="steps"]"#, "問題の内容")
        .await;
    assert_eq!(
        browser
            .eval("return document.documentElement.dataset.theme")
            .await,
        "dark"
    );
    browser.quit().await;
}

#[tokio::test]
async fn a_full_triage_runs_under_the_strict_policy_with_no_violation() {
    let server = Server::start_site(
        &dist_dir(),
        "127.0.0.1",
        Site {
            headers: vec![strict_csp("'none'")],
            files: vec![],
        },
    );
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    browser.eval("window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI)); return true;").await;
    describe(&browser, "Adatum", "Exchange Online", "Since this morning several users get an error when they open the shared mailbox in Outlook on the web.", Some("some_users"), "").await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.click(r#"[data-testid="load-sample"]"#).await;
    browser.wait_for(r#"[data-testid="sample-badge"]"#).await;
    browser.click(r#"[data-testid="outcome-nothing"]"#).await;
    browser.click(r#"[data-testid="not-fixed"]"#).await;
    browser
        .click(r#"[data-testid="category-escalate_bug"]"#)
        .await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.wait_for(r#"[data-testid="request-title"]"#).await;
    browser.click(r#"[data-testid="lang-ja"]"#).await;
    browser
        .wait_for_text(r#"[data-testid="steps"]"#, "引き継ぎ")
        .await;
    let violations = browser.eval("return window.__violations").await;
    assert_eq!(violations, serde_json::json!([]));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        server.reports().is_empty(),
        "CSP violations: {:?}",
        server.reports()
    );
    browser.quit().await;
}
