//! Walking the triage steps, shared by the flow and embedding tests.

use crate::Browser;

/// A shared-mailbox problem, used by the service-health, sign-in and decision tests.
pub const SHARED_MAILBOX: &str = "Since this morning several users get an error when they open the shared mailbox in Outlook on the web. Their own mailboxes work.";

/// The tenant every test case uses.
pub const TENANT: &str = "7c3a1e52-90d4-4b8e-a1f2-3c4d5e6f7a8b";

/// Fills the Describe step.
pub async fn describe(
    browser: &Browser,
    customer: &str,
    service: &str,
    text: &str,
    scope: Option<&str>,
    region: &str,
) {
    browser
        .type_into(r#"[data-testid="customer"]"#, customer)
        .await;
    browser.type_into(r#"[data-testid="tenant"]"#, TENANT).await;
    browser
        .type_into(r#"[data-testid="service"]"#, service)
        .await;
    browser.type_into(r#"[data-testid="problem"]"#, text).await;
    browser
        .type_into(r#"[data-testid="since"]"#, "09:10 JST")
        .await;
    if let Some(scope) = scope {
        browser
            .click(&format!(r#"[data-testid="scope-{scope}"]"#))
            .await;
    }
    if !region.is_empty() {
        browser.type_into(r#"[data-testid="region"]"#, region).await;
    }
}

pub async fn route_shown(browser: &Browser) -> String {
    browser
        .attr(r#"[data-testid="verdict-route"]"#, "data-route")
        .await
        .unwrap_or_default()
}

/// Steps 2-4 for an escalation: nothing documented, not fixed, then the escalation check.
pub async fn walk_to_escalation_check(browser: &Browser, shots: Option<&str>) {
    browser.click(r#"[data-testid="next"]"#).await;
    browser.wait_for(r#"[data-testid="load-sample"]"#).await;
    browser.assert_accessible("service health").await;
    if let Some(prefix) = shots {
        browser
            .screenshot(&format!("{prefix}-2-service-health"))
            .await;
    }
    browser.click(r#"[data-testid="outcome-nothing"]"#).await;
    browser.wait_for(r#"[data-testid="checklist"]"#).await;
    browser.assert_accessible("troubleshoot").await;
    if let Some(prefix) = shots {
        browser
            .screenshot(&format!("{prefix}-3-troubleshoot"))
            .await;
    }
    browser.click(r#"[data-testid="not-fixed"]"#).await;
    browser.wait_for(r#"[data-testid="category-none"]"#).await;
    browser.assert_accessible("escalation check").await;
    if let Some(prefix) = shots {
        browser
            .screenshot(&format!("{prefix}-4-escalation-check"))
            .await;
    }
}

/// The checked category on the escalation check.
pub async fn checked_category(browser: &Browser) -> String {
    browser
        .eval(r#"const c = document.querySelector('input[name="category"]:checked'); return c ? c.dataset.testid : null"#)
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}
