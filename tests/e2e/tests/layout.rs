//! The layout, measured in a real browser: the widget at 420×560 keeps the problem's text box and
//! the verdict in sight while typing, the desktop shows the text box on the first screen and the
//! introduction once, no step scrolls sideways at 360 px, and every step passes axe in English and
//! Japanese. Also the verdict's question, and saved data that cannot be read.

use e2e::steps::{describe, route_shown};
use e2e::{dist_dir, Browser, Server};

/// A case between two escalations that the engine finds close, so its verdict asks a question:
/// the text, the question's id, the route before and after answering with the runner-up's symptom.
struct CloseCase {
    text: &'static str,
    question: &'static str,
    before: &'static str,
    after: &'static str,
}

const CLOSE_EN: CloseCase = CloseCase {
    text: "Teams is down for everyone and calls are very slow and time out",
    question: "outage_or_slow",
    before: "escalate_network",
    after: "escalate_unavailable",
};

const CLOSE_JA: CloseCase = CloseCase {
    text: "Teams が全員で使えず、通話も途切れます",
    question: "slow_or_wrong",
    before: "escalate_network",
    after: "escalate_bug",
};

/// Elements of the page that scroll sideways, or make the page do so, as `tag.class (scroll > client)`.
async fn sideways(browser: &Browser) -> Vec<String> {
    let found = browser
        .eval(
            r#"const out = [];
            const check = (el, name) => { if (el && el.scrollWidth > el.clientWidth + 1) out.push(`${name} (${el.scrollWidth} > ${el.clientWidth})`); };
            check(document.documentElement, 'html');
            check(document.body, 'body');
            check(document.getElementById('app-root'), '#app-root');
            check(document.querySelector('[data-testid="step"]'), 'the step');
            for (const el of document.querySelectorAll('#app-root *')) {
              const o = getComputedStyle(el).overflowX;
              if (o === 'auto' || o === 'scroll') check(el, el.tagName.toLowerCase() + '.' + el.className);
            }
            return out;"#,
        )
        .await;
    serde_json::from_value(found).unwrap_or_default()
}

/// At 420×560 in a frame: while the engineer types, the text box and the verdict bar (with the
/// route and the first reason) are both inside the viewport, one above the other.
async fn text_box_and_verdict_in_sight(lang: &str, text: &str) {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(420, 560).await;
    browser
        .open_app(&format!("{}?embed=1&lang={lang}", server.url()))
        .await;
    let header = browser.rect("header.masthead").await;
    let nav = browser.rect(r#"[data-testid="steps"]"#).await;
    let before = browser.rect(r#"[data-testid="problem"]"#).await;
    assert!(
        before.in_viewport(),
        "the text box is not on the first screen: {before:?}"
    );
    browser.type_into(r#"[data-testid="problem"]"#, text).await;
    browser.wait_for(r#"[data-testid="verdict-route"]"#).await;
    let focused = browser
        .eval("return document.activeElement && document.activeElement.dataset.testid")
        .await;
    assert_eq!(focused, "problem", "typing keeps the focus in the text box");
    let problem = browser.rect(r#"[data-testid="problem"]"#).await;
    let verdict = browser.rect(r#"[data-testid="verdict"]"#).await;
    let reason = browser
        .rect(r#"[data-testid="verdict-first-reason"]"#)
        .await;
    eprintln!(
        "{lang} 420x560: header {:.0}-{:.0}, steps {:.0}-{:.0}, text box {:.0}-{:.0} (before typing {:.0}), verdict bar {:.0}-{:.0}",
        header.top, header.bottom, nav.top, nav.bottom, problem.top, problem.bottom, before.top, verdict.top, verdict.bottom
    );
    assert!(problem.in_viewport(), "text box out of sight: {problem:?}");
    assert!(verdict.in_viewport(), "verdict out of sight: {verdict:?}");
    assert!(
        reason.in_viewport(),
        "first reason out of sight: {reason:?}"
    );
    assert!(
        problem.bottom <= verdict.top + 0.5,
        "the verdict bar covers the text box: {problem:?} {verdict:?}"
    );
    assert!(
        header.bottom - header.top <= 60.0,
        "the header takes {:.0} px",
        header.bottom - header.top
    );
    browser
        .assert_accessible(&format!("describe at 420×560 ({lang})"))
        .await;
    browser
        .screenshot_as_is(&format!("layout-{lang}-420x560-typing"))
        .await;

    // The bar opens to the whole panel, and closes again.
    browser.click(r#"[data-testid="verdict-toggle"]"#).await;
    browser.wait_for(r#"[data-testid="verdict-reasons"]"#).await;
    assert_eq!(
        browser
            .eval(r#"return document.querySelector('[data-testid="verdict-toggle"]').parentElement.open"#)
            .await,
        true
    );
    let panel = browser.rect(r#"[data-testid="verdict"]"#).await;
    assert!(panel.in_viewport(), "{panel:?}");
    browser
        .assert_accessible(&format!("verdict panel open ({lang})"))
        .await;
    browser
        .screenshot_as_is(&format!("layout-{lang}-420x560-verdict-open"))
        .await;
    browser.click(r#"[data-testid="verdict-toggle"]"#).await;

    // The tools are one menu away.
    browser.click(r#"[data-testid="menu"]"#).await;
    browser.click(r#"[data-testid="about"]"#).await;
    let intro = browser.text_of(r#"[data-testid="intro"]"#).await;
    assert!(intro.contains("Microsoft"), "{intro}");
    browser
        .assert_accessible(&format!("menu open ({lang})"))
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn in_a_420x560_frame_the_text_box_and_the_verdict_stay_in_sight_in_english() {
    text_box_and_verdict_in_sight(
        "en",
        "Since 10:00 Teams chat and meetings fail to load for every customer we manage; other MSPs report the same and the service returns HTTP 503.",
    )
    .await;
}

#[tokio::test]
async fn in_a_420x560_frame_the_text_box_and_the_verdict_stay_in_sight_in_japanese() {
    text_box_and_verdict_in_sight(
        "ja",
        "10 時ごろから、管理している全てのお客様で Teams のチャットと会議が読み込めません。他社 MSP からも同じ報告があり、HTTP 503 が返ります。",
    )
    .await;
}

#[tokio::test]
async fn on_a_desktop_the_text_box_is_on_the_first_screen_and_the_introduction_shows_once() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 800).await;
    browser.open_app(&server.url()).await;
    let intro = browser.text_of(r#"[data-testid="intro"]"#).await;
    assert!(intro.contains("Partner Center"), "{intro}");
    let problem = browser.rect(r#"[data-testid="problem"]"#).await;
    let verdict = browser.rect(r#"[data-testid="verdict"]"#).await;
    eprintln!(
        "1280x800, first visit: text box {:.0}-{:.0}, verdict {:.0}-{:.0}",
        problem.top, problem.bottom, verdict.top, verdict.bottom
    );
    browser
        .screenshot_as_is("layout-en-desktop-first-visit")
        .await;
    assert!(problem.in_viewport(), "{problem:?}");
    assert!(verdict.in_viewport(), "{verdict:?}");

    // The next visit starts at the form; the introduction is there on request.
    browser.client.refresh().await.expect("reload");
    browser.wait_for(r#"[data-testid="product-name"]"#).await;
    let shown = browser
        .eval(r#"return !!document.querySelector('[data-testid="intro"]')"#)
        .await;
    assert_eq!(shown, false, "the introduction repeats on every visit");
    let problem = browser.rect(r#"[data-testid="problem"]"#).await;
    eprintln!(
        "1280x800, next visit: text box {:.0}-{:.0}",
        problem.top, problem.bottom
    );
    assert!(problem.in_viewport(), "{problem:?}");
    browser.click(r#"[data-testid="about"]"#).await;
    assert!(browser
        .text_of(r#"[data-testid="intro"]"#)
        .await
        .contains("Partner Center"));
    browser.quit().await;
}

/// Every step at 360 px wide: nothing scrolls sideways, and axe finds nothing.
async fn every_step_fits_360(lang: &str, embed: bool) {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(360, 640).await;
    let embed_param = if embed { "&embed=1" } else { "" };
    browser
        .open_app(&format!("{}?lang={lang}{embed_param}", server.url()))
        .await;
    let label = |step: &str| format!("{step} at 360 px ({lang}{embed_param})");
    describe(
        &browser,
        "Woodgrove Bank International Holdings",
        "Microsoft Teams",
        "Since 10:00 Teams chat and meetings fail to load for every customer we manage; other MSPs in the US and Europe report the same and the service returns HTTP 503. Service health shows nothing yet.",
        Some("multiple_tenants"),
        "",
    )
    .await;
    let check = |step: &'static str| {
        let browser = &browser;
        let label = label(step);
        async move {
            let overflow = sideways(browser).await;
            assert!(
                overflow.is_empty(),
                "{label} scrolls sideways: {overflow:?}"
            );
            browser.assert_accessible(&label).await;
        }
    };
    check("describe").await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.click(r#"[data-testid="load-sample"]"#).await;
    browser.wait_for(r#"[data-testid="issues"] tbody tr"#).await;
    check("service health with the sample").await;
    if !embed {
        browser
            .screenshot(&format!("layout-{lang}-360-2-service-health"))
            .await;
    }
    browser.click(r#"[data-testid="outcome-nothing"]"#).await;
    browser.wait_for(r#"[data-testid="checklist"]"#).await;
    check("troubleshoot").await;
    browser.click(r#"[data-testid="not-fixed"]"#).await;
    browser.wait_for(r#"[data-testid="category-none"]"#).await;
    check("escalation check").await;
    browser.click(r#"[data-testid="next"]"#).await;
    browser.wait_for(r#"[data-testid="pc-steps"]"#).await;
    check("hand off").await;
    browser.click(r#"[data-testid="verdict-toggle"]"#).await;
    browser.wait_for(r#"[data-testid="verdict-reasons"]"#).await;
    check("hand off with the verdict open").await;
    browser.quit().await;
}

#[tokio::test]
async fn no_step_scrolls_sideways_at_360_px_in_english() {
    every_step_fits_360("en", false).await;
    every_step_fits_360("en", true).await;
}

#[tokio::test]
async fn no_step_scrolls_sideways_at_360_px_in_japanese() {
    every_step_fits_360("ja", false).await;
    every_step_fits_360("ja", true).await;
}

/// The verdict asks a question; answering it sets the case's symptom, the case is judged again,
/// the verdict changes and the question goes.
async fn answering_the_question(lang: &str, case: CloseCase, width: u32, height: u32) {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(width, height).await;
    let embed = if width < 960 { "&embed=1" } else { "" };
    browser
        .open_app(&format!("{}?lang={lang}{embed}", server.url()))
        .await;
    browser
        .type_into(r#"[data-testid="problem"]"#, case.text)
        .await;
    // The judgement of the whole text (not of a part typed so far) asks the question.
    browser
        .wait_for(&format!(
            r#"[data-testid="verdict-question"][data-question="{}"]"#,
            case.question
        ))
        .await;
    assert_eq!(route_shown(&browser).await, case.before);
    let reasons_before = browser
        .eval(r#"return document.querySelector('[data-testid="verdict-reasons"]').textContent"#)
        .await;
    if width < 960 {
        browser.click(r#"[data-testid="verdict-toggle"]"#).await;
    }
    let alternatives = browser
        .text_of(r#"[data-testid="verdict-alternatives"]"#)
        .await;
    assert!(alternatives.contains('%'), "{alternatives}");
    browser
        .assert_accessible(&format!("the verdict's question ({lang})"))
        .await;
    browser
        .screenshot(&format!("layout-{lang}-{width}x{height}-question"))
        .await;
    // The second answer stands for the runner-up.
    let answer = browser
        .eval(r#"return document.querySelectorAll('[data-testid="verdict-question"] button')[1].dataset.testid"#)
        .await;
    let answer = answer.as_str().expect("two answers").to_string();
    let symptom = answer.trim_start_matches("answer-").to_string();
    browser.click(&format!(r#"[data-testid="{answer}"]"#)).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let gone = browser
            .eval(r#"return !document.querySelector('[data-testid="verdict-question"]')"#)
            .await;
        if gone == true && route_shown(&browser).await == case.after {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the verdict did not change after answering {symptom}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let reasons_after = browser
        .eval(r#"return document.querySelector('[data-testid="verdict-reasons"]').textContent"#)
        .await;
    assert_ne!(reasons_before, reasons_after, "the reasons stayed the same");
    // The answer is the case's symptom, shown (and changeable) in step 1.
    assert_eq!(
        browser.value_of(r#"[data-testid="symptom"]"#).await,
        symptom
    );
    browser.quit().await;
}

#[tokio::test]
async fn answering_the_verdicts_question_changes_the_verdict_in_english() {
    answering_the_question("en", CLOSE_EN, 420, 560).await;
}

#[tokio::test]
async fn answering_the_verdicts_question_changes_the_verdict_in_japanese() {
    answering_the_question("ja", CLOSE_JA, 1280, 800).await;
}

#[tokio::test]
async fn saved_data_that_cannot_be_read_is_kept_aside_and_can_be_downloaded() {
    let server = Server::start(&dist_dir(), "127.0.0.1", vec![]);
    let browser = Browser::start(1280, 900).await;
    browser.open_app(&server.url()).await;
    // A case cut off mid-write, and a history with one good case and one damaged entry.
    let broken_draft = r#"{"id":"case-7","text":"Outbound mail to one partner domain is rej"#;
    let broken_history =
        r#"[{"id":"case-6","customer":"Relecloud","text":"Teams presence stays Unknown"}, "#;
    let broken_history = format!("{broken_history}\"garbage\", 42]");
    browser
        .eval_with(
            "localStorage.setItem('escalation-triage.draft', arguments[0]); \
             localStorage.setItem('escalation-triage.history', arguments[1]); return true;",
            vec![broken_draft.into(), broken_history.clone().into()],
        )
        .await;
    browser.client.refresh().await.expect("reload");
    let notice = browser.text_of(r#"[data-testid="damaged-notice"]"#).await;
    assert!(
        notice.contains("The case you were working on could not be read")
            && notice.contains("The list of saved cases could not be read"),
        "{notice}"
    );
    // Both unreadable values are kept, unchanged, under keys of their own.
    let kept: Vec<(String, String)> = serde_json::from_value(
        browser
            .eval(
                "return Object.keys(localStorage).filter(k => k.includes('.damaged-')).sort()\
                 .map(k => [k, localStorage.getItem(k)]);",
            )
            .await,
    )
    .unwrap();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept[0].0.starts_with("escalation-triage.draft.damaged-"));
    assert_eq!(kept[0].1, broken_draft);
    assert!(kept[1].0.starts_with("escalation-triage.history.damaged-"));
    assert_eq!(kept[1].1, broken_history);
    assert!(notice.contains(&kept[0].0), "{notice}");
    // What could be read is back.
    let saved = browser
        .text_of(r#"[data-testid="saved-cases"] summary"#)
        .await;
    assert!(saved.contains("(1)"), "{saved}");
    browser.assert_accessible("damaged-data notice").await;
    browser
        .screenshot("layout-en-desktop-damaged-storage")
        .await;

    // The download is the text as it was stored.
    browser
        .eval(
            "window.__blobs = []; URL.createObjectURL = (b) => { window.__blobs.push(b); return 'blob:recorded'; }; \
             HTMLAnchorElement.prototype.click = function () { window.__downloaded = this.download; }; return true;",
        )
        .await;
    browser.click(r#"[data-testid="download-damaged"]"#).await;
    let downloaded = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__blobs[0].text().then(t => done([window.__downloaded, t]));",
            vec![],
        )
        .await
        .expect("the download's text");
    let (name, text): (String, String) = serde_json::from_value(downloaded).unwrap();
    assert_eq!(text, broken_draft);
    assert!(name.ends_with(".txt") && !name.contains(':'), "{name}");

    // Said in Japanese too.
    browser.click(r#"[data-testid="lang-ja"]"#).await;
    let notice = browser
        .wait_for_text(r#"[data-testid="damaged-notice"]"#, "読み込めませんでした")
        .await;
    assert!(notice.contains("作業中のケース"), "{notice}");
    browser.assert_accessible("damaged-data notice (ja)").await;
    browser
        .screenshot("layout-ja-desktop-damaged-storage")
        .await;

    // A second reload finds nothing damaged: the new case was saved over the set-aside one.
    browser.client.refresh().await.expect("reload");
    browser.wait_for(r#"[data-testid="problem"]"#).await;
    let again = browser
        .eval(r#"return !!document.querySelector('[data-testid="damaged-notice"]')"#)
        .await;
    assert_eq!(again, false);
    browser.quit().await;
}
