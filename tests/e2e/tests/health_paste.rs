//! Step 2 with service health pasted as text, and the loaded feed across reloads.

use e2e::steps::{describe, route_shown, SHARED_MAILBOX};
use e2e::{dist_dir, Browser, Server};

/// What an engineer copies from the admin center: the issue list, then one issue's details.
const ADMIN_CENTER_COPY: &str = "Active issues
Title\tID\tAffected service\tIssue type\tStatus\tUpdated
Users can't open shared mailboxes in Outlook on the web\tEX1190555\tExchange Online\tIncident\tService degradation\tDec 1, 2026, 9:40 AM
Meeting recordings may take longer to appear in chat\tTM1190601\tMicrosoft Teams\tAdvisory\tInvestigating\tDec 1, 2026, 8:02 AM

Users can't open shared mailboxes in Outlook on the web
EX1190555, Exchange Online, Last updated: Dec 1, 2026, 9:40 AM GMT+9
Estimated start time: Dec 1, 2026, 7:15 AM GMT+9
User impact
Users may see an error when they open a shared mailbox in Outlook on the web; their own mailbox opens normally.
";

/// Opens the paste section of step 2 (folded away until asked for), as a user does before pasting.
async fn open_paste_box(browser: &Browser) {
    let open = browser
        .eval("return document.querySelector('details.dropzone').open;")
        .await;
    if open != serde_json::Value::Bool(true) {
        browser.click("details.dropzone > summary").await;
    }
    browser.wait_for(r#"[data-testid="health-paste"]"#).await;
}

/// Puts text into the paste box as a paste would (typing a tab would move the focus instead).
async fn paste(browser: &Browser, text: &str) {
    open_paste_box(browser).await;
    let script = format!(
        "const box = document.querySelector('[data-testid=\"health-paste\"]'); \
         box.value = {}; box.dispatchEvent(new Event('input', {{bubbles: true}}));",
        serde_json::to_string(text).unwrap()
    );
    browser.eval(&script).await;
    browser.click(r#"[data-testid="load-pasted"]"#).await;
}

#[tokio::test]
async fn an_admin_center_copy_is_previewed_confirmed_and_matched() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
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

    // Text with no issue in it: said plainly, nothing else changes.
    paste(&browser, "The customer says Outlook is broken again.").await;
    let error = browser
        .wait_for_text(r#"[data-testid="health-error"]"#, "no service-health issue")
        .await;
    assert!(error.contains("EX1234567"), "{error}");

    paste(&browser, ADMIN_CENTER_COPY).await;
    let preview = browser
        .wait_for_text(r#"[data-testid="health-preview"]"#, "2 issues")
        .await;
    assert!(preview.contains("EX1190555"), "{preview}");
    assert!(preview.contains("Service degradation"), "{preview}");
    assert!(preview.contains("TM1190601"), "{preview}");
    assert!(
        preview.contains("2026-11-30 22:15"),
        "start, in UTC: {preview}"
    );
    assert_eq!(
        browser.text_of(r#"[data-testid="preview-use"]"#).await,
        "Use these 2 issues"
    );
    // Not used yet: nothing is loaded, nothing matches.
    let loaded = browser
        .eval("return document.querySelectorAll('[data-testid=\"issues\"] tbody tr').length")
        .await;
    assert_eq!(loaded, 0);
    browser.assert_accessible("service health preview").await;

    browser.click(r#"[data-testid="preview-use"]"#).await;
    let matched = browser
        .wait_for_text(r#"[data-testid="health-match"]"#, "EX1190555")
        .await;
    assert!(matched.contains("shared mailboxes"), "{matched}");
    assert_eq!(route_shown(&browser).await, "known_issue");
    let gone = browser
        .eval("return document.querySelector('[data-testid=\"health-preview\"]') === null")
        .await;
    assert_eq!(gone, true);
    browser
        .assert_accessible("service health from the paste")
        .await;

    // In Japanese, a paste that cannot be read is explained in Japanese.
    browser.click(r#"[data-testid="lang-ja"]"#).await;
    paste(&browser, "Outlook がまた壊れたそうです").await;
    browser
        .wait_for_text(r#"[data-testid="health-error"]"#, "見つかりません")
        .await;
    // The loaded issues stay.
    browser.wait_for(r#"[data-testid="issue-EX1190555"]"#).await;
    browser.quit().await;
}

#[tokio::test]
async fn a_loaded_feed_is_there_after_a_reload() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
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
    browser.click(r#"[data-testid="next"]"#).await;
    browser.click(r#"[data-testid="load-sample"]"#).await;
    browser
        .wait_for_text(r#"[data-testid="health-match"]"#, "EX9000101")
        .await;
    browser.client.refresh().await.expect("reload");
    browser
        .wait_for_text(r#"[data-testid="health-match"]"#, "EX9000101")
        .await;
    browser.wait_for(r#"[data-testid="sample-badge"]"#).await;
    let notice = browser
        .eval("return document.querySelector('[data-testid=\"feed-notice\"]') === null")
        .await;
    assert_eq!(notice, true, "nothing to say when the feed was kept");
    browser.quit().await;
}

#[tokio::test]
async fn a_feed_too_large_to_keep_is_announced_and_the_case_survives_the_reload() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
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
    browser.click(r#"[data-testid="next"]"#).await;
    open_paste_box(&browser).await;
    // This device's storage is nearly full: some room for the case, none for a large feed.
    let room = browser
        .eval(
            "let i = 0; for (const size of [1 << 20, 1 << 16, 1 << 12]) { \
               const chunk = 'x'.repeat(size); \
               try { for (;;) { localStorage.setItem('filler-' + i, chunk); i++; } } catch (e) {} } \
             for (let k = 0; k < 8; k++) { localStorage.removeItem('filler-' + (i - 1 - k)); } \
             return i;",
        )
        .await;
    assert!(room.as_u64().unwrap_or(0) > 8, "filled: {room}");
    // A feed of 300 issues, as Graph sends them.
    browser
        .eval(
            "const issues = []; for (let n = 0; n < 300; n++) { issues.push({ \
               id: 'EX' + (1300000 + n), title: 'Mail flow issue number ' + n + ' in one region', \
               impactDescription: 'Users may see delays when they send or receive mail. '.repeat(8), \
               classification: 'advisory', status: 'serviceDegradation', service: 'Exchange Online' }); } \
             const box = document.querySelector('[data-testid=\"health-paste\"]'); \
             box.value = JSON.stringify({ value: issues }); \
             box.dispatchEvent(new Event('input', {bubbles: true}));",
        )
        .await;
    browser.click(r#"[data-testid="load-pasted"]"#).await;
    let notice = browser
        .wait_for_text(r#"[data-testid="feed-notice"]"#, "too large to keep")
        .await;
    assert!(notice.contains(" MB)"), "{notice}");
    browser.wait_for(r#"[data-testid="issue-EX1300299"]"#).await;
    browser.assert_accessible("feed not kept").await;

    browser.client.refresh().await.expect("reload");
    let notice = browser
        .wait_for_text(r#"[data-testid="feed-notice"]"#, "was not kept")
        .await;
    assert!(notice.contains("pasted text"), "{notice}");
    browser.click(r#"[data-testid="back"]"#).await;
    assert_eq!(
        browser.value_of(r#"[data-testid="problem"]"#).await,
        SHARED_MAILBOX,
        "the case itself was kept"
    );
    browser.eval("localStorage.clear()").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_damaged_stored_feed_is_set_aside_not_overwritten() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    browser
        .eval(
            "localStorage.setItem('escalation-triage.health', '{\"case\": \"case-1\", \"doc\": ');",
        )
        .await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for(r#"[data-testid="product-name"]"#).await;
    browser.click(r#"[data-testid="next"]"#).await;
    let notice = browser
        .wait_for_text(r#"[data-testid="feed-notice"]"#, "could not be read")
        .await;
    assert!(
        notice.contains("escalation-triage.health.damaged-"),
        "{notice}"
    );
    let kept = browser
        .eval(
            "const key = Object.keys(localStorage).find(k => k.startsWith('escalation-triage.health.damaged-')); \
             return [localStorage.getItem(key), localStorage.getItem('escalation-triage.health')];",
        )
        .await;
    assert_eq!(
        kept,
        serde_json::json!(["{\"case\": \"case-1\", \"doc\": ", null])
    );
    browser.assert_accessible("feed set aside").await;
    browser.quit().await;
}
