//! The first screen in a real browser: product name, language switch, steps.

use e2e::{dist_dir, Browser, Server};

#[tokio::test]
async fn opens_in_english_and_switches_to_japanese_and_back() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;

    assert_eq!(
        browser.text_of(r#"[data-testid="product-name"]"#).await,
        "Escalation Triage"
    );
    assert!(browser
        .text_of(r#"[data-testid="intro"]"#)
        .await
        .contains("Partner Center"));
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        "en"
    );
    let steps = browser.text_of(r#"[data-testid="steps"]"#).await;
    assert!(
        steps.contains("Service health") && steps.contains("Hand off"),
        "{steps}"
    );
    browser.screenshot("first-screen-en-desktop").await;

    browser.click(r#"[data-testid="lang-ja"]"#).await;
    let intro = browser.text_of(r#"[data-testid="intro"]"#).await;
    assert!(intro.contains("パートナー センター"), "{intro}");
    assert!(browser
        .text_of(r#"[data-testid="steps"]"#)
        .await
        .contains("サービス正常性"));
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        "ja"
    );
    assert_eq!(
        browser.text_of(r#"[data-testid="product-name"]"#).await,
        "Escalation Triage"
    );
    assert_eq!(
        browser.eval(r#"return document.querySelector('[data-testid="lang-ja"]').getAttribute('aria-pressed')"#).await,
        "true"
    );
    browser.screenshot("first-screen-ja-desktop").await;

    // The choice is remembered across a reload; the introduction, shown once, is there on request.
    browser.client.refresh().await.expect("reload");
    browser.wait_for(r#"[data-testid="product-name"]"#).await;
    browser.click(r#"[data-testid="about"]"#).await;
    assert!(browser
        .text_of(r#"[data-testid="intro"]"#)
        .await
        .contains("パートナー センター"));

    browser.click(r#"[data-testid="lang-en"]"#).await;
    assert!(browser
        .text_of(r#"[data-testid="intro"]"#)
        .await
        .contains("Partner Center"));
    browser.quit().await;
}

#[tokio::test]
async fn lang_parameter_opens_in_japanese() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(420, 560).await;
    browser.open_app(&format!("{}?lang=ja", server.url())).await;
    assert!(browser
        .text_of(r#"[data-testid="steps"]"#)
        .await
        .contains("問題の内容"));
    browser.screenshot("first-screen-ja-420x560").await;
    browser.quit().await;
}

#[tokio::test]
async fn page_shows_a_loading_indicator_before_the_app_starts() {
    let html = std::fs::read_to_string(dist_dir().join("index.html")).expect("index.html");
    assert!(html.contains(r#"data-testid="loading""#) && html.contains(r#"role="status""#));
}
