//! Signing in and reading service health from Microsoft Graph, inside the engine's worker.
//!
//! The protocol is `triage_core::signin`; this module only does its network part. The access
//! token exists here alone, in memory: it is never posted to the page, stored or logged, and
//! [`SignIn::sign_out`] forgets it.

use std::cell::RefCell;
use std::rc::Rc;

use triage_core::session::Reply;
use triage_core::signin::{
    self, GraphAnswer, Pending, Redirect, SignInError, SignInSettings, MAX_PAGES,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DedicatedWorkerGlobalScope, Headers, RequestCache, RequestCredentials, RequestInit, Response,
};

/// The sign-in under way (between the authorize URL and the redirect), and the token once there.
#[derive(Default)]
pub struct SignIn {
    pending: Option<Pending>,
    signed_in: Option<(Pending, String)>,
}

pub type Shared = Rc<RefCell<SignIn>>;

impl SignIn {
    /// A new sign-in: the URL for the popup, or why not.
    pub fn start(
        &mut self,
        scope: &DedicatedWorkerGlobalScope,
        tenant: &str,
        settings: &SignInSettings,
        redirect_uri: &str,
    ) -> Reply {
        let mut random = [0u8; 48];
        let drawn = scope
            .crypto()
            .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut random))
            .is_ok();
        if !drawn {
            return failed(SignInError::Unexpected {
                detail: "the browser gave no random numbers".into(),
            });
        }
        match Pending::new(&random, tenant, settings, redirect_uri) {
            Ok(pending) => {
                let url = pending.authorize_url();
                self.pending = Some(pending);
                Reply::SignInUrl { url }
            }
            Err(error) => failed(error),
        }
    }

    /// Ends the sign-in under way (the popup was blocked or closed).
    pub fn abort(&mut self, error: &SignInError) -> Reply {
        self.pending = None;
        failed(error.clone())
    }

    pub fn sign_out(&mut self) -> Reply {
        self.pending = None;
        self.signed_in = None;
        Reply::SignedOut
    }
}

fn failed(error: SignInError) -> Reply {
    Reply::sign_in_failed(&error)
}

/// Redeems the code from the redirect and reads the service health; answers through `post`.
pub async fn finish(
    shared: Shared,
    scope: DedicatedWorkerGlobalScope,
    redirect: Redirect,
) -> Reply {
    // A redirect is used once: a second one (or one without a sign-in) has no state to match.
    let Some(pending) = shared.borrow_mut().pending.take() else {
        return failed(SignInError::WrongState);
    };
    let code = match pending.code_from(&redirect) {
        Ok(code) => code,
        Err(error) => return failed(error),
    };
    let (url, body) = pending.token_request(&code);
    let token = match http(&scope, "POST", &url, Some(&body), None).await {
        Ok((status, _, text)) => signin::read_token(status, &text),
        Err(error) => Err(error),
    };
    let token = match token {
        Ok(token) => token,
        Err(error) => return failed(error),
    };
    let reply = read(&scope, &pending, &token).await;
    if matches!(reply, Reply::SignedIn { .. }) {
        shared.borrow_mut().signed_in = Some((pending, token));
    }
    reply
}

/// Reads the service health again with the token held since signing in.
pub async fn read_again(shared: Shared, scope: DedicatedWorkerGlobalScope) -> Reply {
    let held = shared.borrow().signed_in.clone();
    match held {
        Some((pending, token)) => {
            let reply = read(&scope, &pending, &token).await;
            if matches!(&reply, Reply::SignInFailed { kind, .. } if kind == "expired") {
                shared.borrow_mut().signed_in = None;
            }
            reply
        }
        None => failed(SignInError::Expired),
    }
}

/// Every page of unresolved issues, following `@odata.nextLink` and waiting out `429`s.
async fn read(scope: &DedicatedWorkerGlobalScope, pending: &Pending, token: &str) -> Reply {
    let mut issues = Vec::new();
    let mut url = pending.issues_url();
    for _ in 0..MAX_PAGES {
        let mut attempt = 1;
        let page = loop {
            let (status, retry_after, body) =
                match http(scope, "GET", &url, None, Some(token)).await {
                    Ok(answer) => answer,
                    Err(error) => return failed(error),
                };
            match signin::read_graph(status, retry_after.as_deref(), &body, attempt) {
                GraphAnswer::Page(page) => break page,
                GraphAnswer::RetryAfter(seconds) => {
                    sleep(scope, seconds).await;
                    attempt += 1;
                }
                GraphAnswer::Failed(error) => return failed(error),
            }
        };
        issues.extend(page.issues);
        match page.next {
            // The token goes to Graph only.
            Some(next) if next.starts_with(&format!("{}/", pending.graph)) => url = next,
            Some(next) => {
                return failed(SignInError::Unexpected {
                    detail: format!("Graph pointed to a next page elsewhere ({next})"),
                })
            }
            None => {
                return Reply::SignedIn {
                    tenant: pending.tenant.clone(),
                    read_at: String::from(js_sys::Date::new_0().to_iso_string()),
                    doc: signin::document(issues),
                }
            }
        }
    }
    failed(SignInError::Unexpected {
        detail: format!("Graph kept pointing to more pages after {MAX_PAGES}"),
    })
}

/// Looks up the tenant ID of a domain.
pub async fn look_up(
    scope: DedicatedWorkerGlobalScope,
    domain: String,
    login_host: String,
) -> Reply {
    let result = match signin::lookup_domain(&domain) {
        Err(message) => Err(message),
        Ok(clean) => {
            let url = signin::openid_configuration_url(&login_host, &clean);
            match http(&scope, "GET", &url, None, None).await {
                Ok((status, _, body)) => signin::read_tenant_id(&clean, status, &body),
                Err(error) => Err(error.message()),
            }
        }
    };
    Reply::TenantLookup { domain, result }
}

/// One request: the status, the `Retry-After` header (when the server lets us see it) and the
/// body text.
async fn http(
    scope: &DedicatedWorkerGlobalScope,
    method: &str,
    url: &str,
    body: Option<&str>,
    bearer: Option<&str>,
) -> Result<(u16, Option<String>, String), SignInError> {
    let network = |error: JsValue| SignInError::Network {
        detail: js_sys::Error::from(error)
            .message()
            .as_string()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "the request failed".into()),
    };
    let init = RequestInit::new();
    init.set_method(method);
    init.set_cache(RequestCache::NoStore);
    init.set_credentials(RequestCredentials::Omit);
    let headers = Headers::new().map_err(network)?;
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/x-www-form-urlencoded")
            .map_err(network)?;
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(token) = bearer {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(network)?;
    }
    init.set_headers(&headers);
    let response: Response = JsFuture::from(scope.fetch_with_str_and_init(url, &init))
        .await
        .map_err(network)?
        .unchecked_into();
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(network)?
            .as_string()
            .unwrap_or_default(),
        Err(error) => return Err(network(error)),
    };
    Ok((response.status(), retry_after, text))
}

async fn sleep(scope: &DedicatedWorkerGlobalScope, seconds: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            (seconds * 1000) as i32,
        );
    });
    let _ = JsFuture::from(promise).await;
}
