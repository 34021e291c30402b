//! The triage flow in a real browser: each of the seven routes walked through the UI, with axe on
//! every step, the hand-off links for a given tenant, and the copied request.

use e2e::steps::{checked_category, describe, route_shown, walk_to_escalation_check, TENANT};
use e2e::{dist_dir, Browser, Server};

/// The hand-off step: exact links for the tenant, the request, copy all.
async fn check_hand_off(browser: &Browser, expect_in_request: &[&str]) -> String {
    browser.click(r#"[data-testid="next"]"#).await;
    browser.wait_for(r#"[data-testid="pc-steps"]"#).await;
    browser.assert_accessible("hand off").await;
    let links: Vec<String> = serde_json::from_value(
        browser
            .eval(r#"return [...document.querySelectorAll('[data-testid="pc-steps"] a')].map(a => a.href)"#)
            .await,
    )
    .unwrap();
    assert!(
        links
            .iter()
            .any(|l| l == "https://partner.microsoft.com/dashboard/commerce2/customers/list"),
        "{links:?}"
    );
    let tenant = browser.text_of(r#"[data-testid="request-tenant"]"#).await;
    assert_eq!(tenant.trim(), TENANT);
    browser.record_clipboard().await;
    browser.click(r#"[data-testid="copy-all"]"#).await;
    let copied = browser.last_copied().await;
    for needle in expect_in_request {
        assert!(
            copied.contains(needle),
            "the copied request lacks `{needle}`:\n{copied}"
        );
    }
    assert!(copied.contains(TENANT), "{copied}");
    copied
}

#[tokio::test]
async fn known_issue_from_the_sample_in_english_and_japanese() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    describe(
        &browser,
        "Fabrikam",
        "Exchange Online",
        "Since this morning several users get an error when they open the shared mailbox in Outlook on the web. Their own mailboxes work.",
        Some("some_users"),
        "",
    )
    .await;
    browser.assert_accessible("describe").await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.click(r#"[data-testid="load-sample"]"#).await;
    browser.wait_for(r#"[data-testid="sample-badge"]"#).await;
    let matched = browser
        .wait_for_text(r#"[data-testid="health-match"]"#, "EX9000101")
        .await;
    assert!(matched.contains("shared mailboxes"), "{matched}");
    assert_eq!(route_shown(&browser).await, "known_issue");
    browser
        .assert_accessible("service health with issues")
        .await;
    browser.click(r#"[data-testid="outcome-documented"]"#).await;
    let message = browser
        .text_of(r#"[data-testid="customer-message-text"]"#)
        .await;
    assert!(message.contains("EX9000101"), "{message}");
    assert_eq!(
        browser
            .attr(r#"[data-testid="link-m365_issue"]"#, "href")
            .await
            .as_deref(),
        Some("https://admin.microsoft.com/Adminportal/Home#/servicehealth/:/alerts/EX9000101")
    );
    browser.record_clipboard().await;
    browser
        .click(r#"[data-testid="copy-customer-message"]"#)
        .await;
    assert_eq!(browser.last_copied().await, message);
    browser.assert_accessible("customer message").await;
    browser.screenshot("flow-en-desktop-2-known-issue").await;

    // The same case in Japanese: the switch keeps it, the match stays.
    browser.click(r#"[data-testid="lang-ja"]"#).await;
    browser
        .wait_for_text(r#"[data-testid="customer-message"]"#, "顧客へのメッセージ")
        .await;
    let message = browser
        .text_of(r#"[data-testid="customer-message-text"]"#)
        .await;
    assert!(message.contains("EX9000101"), "{message}");
    assert_eq!(route_shown(&browser).await, "known_issue");
    browser
        .assert_accessible("customer message in Japanese")
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn known_issue_from_a_japanese_description() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&format!("{}?lang=ja", server.url())).await;
    describe(
        &browser,
        "ノースウィンド商事",
        "Exchange Online",
        "今朝から、Outlook on the web で共有メールボックスを開こうとするとエラーになります。自分のメールボックスは問題ありません。",
        Some("some_users"),
        "",
    )
    .await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.click(r#"[data-testid="load-sample"]"#).await;
    browser
        .wait_for_text(r#"[data-testid="health-match"]"#, "EX9000101")
        .await;
    assert_eq!(route_shown(&browser).await, "known_issue");
    browser.screenshot("flow-ja-desktop-2-known-issue").await;
    browser.quit().await;
}

#[tokio::test]
async fn partner_fix_in_japanese_ends_at_the_summary() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&format!("{}?lang=ja", server.url())).await;
    describe(
        &browser,
        "コントソ",
        "Exchange Online",
        "営業部のユーザー 1 人だけ、メールボックスの容量がいっぱいで新しいメールを受信できません。送信者には 554 5.2.2 が返っています。",
        Some("single_user"),
        "",
    )
    .await;
    assert_eq!(route_shown(&browser).await, "partner_fix");
    browser.assert_accessible("describe (ja)").await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.click(r#"[data-testid="outcome-nothing"]"#).await;
    browser.wait_for(r#"[data-testid="checklist"]"#).await;
    browser
        .type_into(
            r#"[data-testid="finding"]"#,
            "アーカイブを有効にして古いメールを移動しました。",
        )
        .await;
    browser.click(r#"[data-testid="fixed"]"#).await;
    let summary = browser
        .text_of(r#"[data-testid="partner-fix-summary"]"#)
        .await;
    assert!(summary.contains("アーカイブを有効にして"), "{summary}");
    browser.assert_accessible("partner-fix summary (ja)").await;
    browser
        .screenshot("flow-ja-desktop-3-partner-fix-summary")
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn regional_escalation_with_hand_off_links_and_request() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    describe(
        &browser,
        "Tailspin Toys",
        "Azure",
        "All of our customers with VMs in Japan East lost them at 14:05 JST; Resource Health shows a platform event after a power problem in one datacenter. Other regions are fine.",
        Some("multiple_tenants"),
        "Japan East",
    )
    .await;
    assert_eq!(route_shown(&browser).await, "escalate_regional");
    browser.screenshot("flow-en-desktop-1-describe").await;
    walk_to_escalation_check(&browser, Some("flow-en-desktop")).await;
    assert_eq!(
        checked_category(&browser).await,
        "category-escalate_regional"
    );
    browser.wait_for(r#"[data-testid="engine-pick"]"#).await;
    let copied = check_hand_off(&browser, &["Japan East", "Tailspin Toys"]).await;
    assert!(copied.contains("Azure"), "{copied}");
    browser.screenshot("flow-en-desktop-5-hand-off").await;
    browser.quit().await;
}

/// The unavailable route in Japanese, with a screenshot of every step at the given size.
async fn unavailable_in_japanese(width: u32, height: u32, shots: &str) {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(width, height).await;
    browser.open_app(&format!("{}?lang=ja", server.url())).await;
    describe(
        &browser,
        "ウッドグローブ銀行",
        "Microsoft Teams",
        "10 時ごろから、管理している全てのお客様で Teams のチャットと会議が読み込めません。日本だけでなく米国や欧州の他社 MSP からも同じ報告があり、HTTP 503 が返ります。サービス正常性にはまだ何も出ていません。",
        Some("multiple_tenants"),
        "",
    )
    .await;
    assert_eq!(route_shown(&browser).await, "escalate_unavailable");
    browser.assert_accessible("describe (ja)").await;
    browser.screenshot(&format!("{shots}-1-describe")).await;
    walk_to_escalation_check(&browser, Some(shots)).await;
    assert_eq!(
        checked_category(&browser).await,
        "category-escalate_unavailable"
    );
    check_hand_off(&browser, &["ウッドグローブ銀行", "503"]).await;
    browser.screenshot(&format!("{shots}-5-hand-off")).await;
    browser.quit().await;
}

#[tokio::test]
async fn unavailable_escalation_in_japanese() {
    unavailable_in_japanese(1280, 900, "flow-ja-desktop").await;
}

#[tokio::test]
async fn unavailable_escalation_in_japanese_in_a_small_frame() {
    unavailable_in_japanese(420, 560, "flow-ja-420x560").await;
}

#[tokio::test]
async fn bug_escalation_changed_to_undocumented_is_said_in_the_request() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(420, 560).await;
    browser.open_app(&server.url()).await;
    describe(
        &browser,
        "Adatum",
        "Microsoft 365 suite",
        "Since last week's update the Microsoft 365 admin center usage report shows zero active users for Teams although everyone uses it daily. Same in a clean test tenant and in every browser.",
        Some("whole_tenant"),
        "",
    )
    .await;
    browser.screenshot("flow-en-420x560-1-describe").await;
    assert_eq!(route_shown(&browser).await, "escalate_bug");
    walk_to_escalation_check(&browser, Some("flow-en-420x560")).await;
    assert_eq!(checked_category(&browser).await, "category-escalate_bug");
    browser
        .click(r#"[data-testid="category-escalate_undocumented"]"#)
        .await;
    browser.wait_for(r#"[data-testid="choice-changed"]"#).await;
    browser.assert_accessible("escalation check, changed").await;
    let copied = check_hand_off(&browser, &["Adatum"]).await;
    assert!(
        copied.contains("The engine suggested “Bug or irregular behaviour”; the engineer chose “Not working as documented”."),
        "the request should say the engineer overruled the engine:\n{copied}"
    );
    browser.screenshot("flow-en-420x560-5-hand-off").await;
    browser.quit().await;
}

#[tokio::test]
async fn network_escalation() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    describe(
        &browser,
        "Litware",
        "Microsoft Teams",
        "Since 08:00 Teams calls and SharePoint pages time out for all our customers on two different ISPs in Osaka; traceroutes show packet loss inside Microsoft's edge network and RTT jumped from 10 ms to 300 ms. Home and mobile connections see the same.",
        Some("multiple_tenants"),
        "",
    )
    .await;
    assert_eq!(route_shown(&browser).await, "escalate_network");
    walk_to_escalation_check(&browser, None).await;
    assert_eq!(
        checked_category(&browser).await,
        "category-escalate_network"
    );
    check_hand_off(&browser, &["Litware"]).await;
    browser.quit().await;
}

#[tokio::test]
async fn undocumented_escalation() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    describe(
        &browser,
        "Proseware",
        "Microsoft Teams",
        "The documentation says a meeting policy change applies within 24 hours, but after 4 days the new policy is still not applied to any user. We followed the documented steps exactly and reassigned the policy twice.",
        Some("whole_tenant"),
        "",
    )
    .await;
    assert_eq!(route_shown(&browser).await, "escalate_undocumented");
    walk_to_escalation_check(&browser, None).await;
    assert_eq!(
        checked_category(&browser).await,
        "category-escalate_undocumented"
    );
    check_hand_off(&browser, &["Proseware", "24 hours"]).await;
    browser.quit().await;
}

#[tokio::test]
async fn the_case_survives_a_reload_and_start_over_keeps_it_in_history() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    describe(
        &browser,
        "Relecloud",
        "Exchange Online",
        "Outbound mail to one partner domain is rejected with 550 5.7.1.",
        Some("some_users"),
        "",
    )
    .await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for(r#"[data-testid="load-sample"]"#).await;
    browser.click(r#"[data-testid="back"]"#).await;
    assert_eq!(
        browser.value_of(r#"[data-testid="customer"]"#).await,
        "Relecloud"
    );
    let problem = browser.value_of(r#"[data-testid="problem"]"#).await;
    assert_eq!(
        problem,
        "Outbound mail to one partner domain is rejected with 550 5.7.1."
    );

    browser.click(r#"[data-testid="start-over"]"#).await;
    browser.wait_for(r#"[data-testid="confirm-reset"]"#).await;
    browser.assert_accessible("start over confirmation").await;
    browser.click(r#"[data-testid="confirm-reset-yes"]"#).await;
    let blank = browser.value_of(r#"[data-testid="problem"]"#).await;
    assert_eq!(blank, "");
    browser
        .click(r#"[data-testid="saved-cases"] summary"#)
        .await;
    let saved = browser.text_of(r#"[data-testid="saved-cases"]"#).await;
    assert!(saved.contains("Relecloud"), "{saved}");
    browser.click(r#"[data-testid="reopen"]"#).await;
    let problem = browser.value_of(r#"[data-testid="problem"]"#).await;
    assert_eq!(
        problem,
        "Outbound mail to one partner domain is rejected with 550 5.7.1."
    );
    browser.quit().await;
}

#[tokio::test]
async fn a_share_link_reopens_the_case_in_another_browser() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let first = Browser::start(1280, 900).await;
    first.open_app(&server.url()).await;
    describe(
        &first,
        "Northwind",
        "Microsoft Teams",
        "Presence stays Unknown for every user since Monday.",
        Some("whole_tenant"),
        "",
    )
    .await;
    first.record_clipboard().await;
    first.click(r#"[data-testid="share"]"#).await;
    let link = first.last_copied().await;
    assert!(link.contains("#case="), "{link}");
    first.quit().await;

    let second = Browser::start(1280, 900).await;
    second.open_app(&link).await;
    assert_eq!(
        second.value_of(r#"[data-testid="customer"]"#).await,
        "Northwind"
    );
    // The case left the address bar once opened.
    let url = second.eval("return location.href").await;
    assert!(
        !url.as_str().unwrap_or_default().contains("#case="),
        "{url}"
    );
    second.quit().await;
}
