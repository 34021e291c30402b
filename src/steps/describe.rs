//! Step 1: what happens, then who the customer is and the optional facts. The verdict (beside
//! or below the step) updates as the engineer types.

use triage_core::{Scope, Symptom};
use yew::prelude::*;

use super::StepProps;
use crate::i18n::strings;
use crate::state::{Action, Field, Others};

/// Services offered when no service-health document names them.
const SERVICES: &[&str] = &[
    "Exchange Online",
    "Microsoft Teams",
    "SharePoint Online",
    "OneDrive for Business",
    "Microsoft Entra",
    "Microsoft Intune",
    "Microsoft 365 apps",
    "Microsoft 365 suite",
    "Microsoft 365 for the web",
    "Microsoft Defender XDR",
    "Microsoft Purview",
    "Power BI",
    "Power Platform",
    "Planner",
    "Azure",
    "Dynamics 365",
];

#[function_component(Describe)]
pub fn describe(props: &StepProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let text = strings(lang);
    let draft = &state.draft;

    let edit = |field: Field| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            state.dispatch(Action::Edit(field, value));
        })
    };
    let edit_text = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value();
            state.dispatch(Action::Edit(Field::Text, value));
        })
    };

    let tenant_error = tenant_error(&draft.tenant, lang);
    let mut services: Vec<&str> = state.health.services.iter().map(String::as_str).collect();
    for service in SERVICES {
        if !services.contains(service) {
            services.push(service);
        }
    }

    let scope_options = Scope::ALL.iter().enumerate().map(|(i, &scope)| {
        let state = state.clone();
        let checked = draft.scope == Some(scope);
        html! {
            <label class="choice">
                <input type="radio" name="scope" value={scope.id()} {checked}
                    data-testid={format!("scope-{}", scope.id())}
                    onchange={Callback::from(move |_| state.dispatch(Action::SetScope(Some(scope))))} />
                { text.scope_names[i] }
            </label>
        }
    });
    let scope_unknown = {
        let state = state.clone();
        html! {
            <label class="choice">
                <input type="radio" name="scope" value="" checked={draft.scope.is_none()}
                    onchange={Callback::from(move |_| state.dispatch(Action::SetScope(None)))} />
                { text.not_sure }
            </label>
        }
    };
    let others_options = [
        (Others::Yes, text.yes),
        (Others::No, text.no),
        (Others::Unknown, text.not_sure),
    ]
    .into_iter()
    .map(|(value, label)| {
        let state = state.clone();
        html! {
            <label class="choice">
                <input type="radio" name="others" checked={draft.others == value}
                    data-testid={format!("others-{value:?}").to_ascii_lowercase()}
                    onchange={Callback::from(move |_| state.dispatch(Action::SetOthers(value)))} />
                { label }
            </label>
        }
    });

    let set_symptom = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            state.dispatch(Action::SetSymptom(Symptom::from_id(&value)));
        })
    };
    let symptom_options = Symptom::ALL.iter().map(|&symptom| {
        let label = triage_core::question::answer(symptom).text;
        html! {
            <option value={symptom.id()} selected={draft.symptom == Some(symptom)}>
                { label.text(lang).to_string() }
            </option>
        }
    });

    html! {
        <div class="describe">
            <form class="form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="field">
                    <label for="problem">{ text.text_label }</label>
                    <textarea id="problem" rows="4" data-testid="problem" value={draft.text.clone()}
                        oninput={edit_text} aria-describedby="problem-hint" />
                    <p id="problem-hint" class="hint">{ text.text_hint }</p>
                </div>
                <div class="field">
                    <label for="service">{ text.service_label }</label>
                    <input id="service" type="text" list="service-list" autocomplete="off"
                        data-testid="service" value={draft.service.clone()} oninput={edit(Field::Service)}
                        aria-describedby="service-hint" />
                    <datalist id="service-list">
                        { for services.iter().map(|s| html! { <option value={s.to_string()} /> }) }
                    </datalist>
                    <p id="service-hint" class="hint">{ text.service_hint }</p>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="customer">{ text.customer_label }</label>
                        <input id="customer" type="text" autocomplete="organization"
                            data-testid="customer" value={draft.customer.clone()} oninput={edit(Field::Customer)} />
                    </div>
                    <div class="field">
                        <label for="tenant">{ text.tenant_label }</label>
                        <input id="tenant" type="text" spellcheck="false" autocomplete="off"
                            data-testid="tenant" value={draft.tenant.clone()} oninput={edit(Field::Tenant)}
                            aria-describedby="tenant-hint tenant-error"
                            aria-invalid={tenant_error.is_some().then_some("true")} />
                        <p id="tenant-hint" class="hint">{ text.tenant_hint }</p>
                        { crate::components::tenant_lookup(state, &props.config) }
                        <p id="tenant-error" class="error" data-testid="tenant-error" aria-live="polite">
                            { tenant_error.unwrap_or_default() }
                        </p>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="since">{ text.since_label }</label>
                        <input id="since" type="text" data-testid="since" value={draft.since.clone()}
                            oninput={edit(Field::Since)} aria-describedby="since-hint" />
                        <p id="since-hint" class="hint">{ text.since_hint }</p>
                    </div>
                    <div class="field">
                        <label for="region">{ text.region_label }</label>
                        <input id="region" type="text" data-testid="region" value={draft.region.clone()}
                            oninput={edit(Field::Region)} aria-describedby="region-hint" />
                        <p id="region-hint" class="hint">{ text.region_hint }</p>
                    </div>
                </div>
                <fieldset class="choices">
                    <legend>{ text.scope_legend }</legend>
                    { for scope_options }
                    { scope_unknown }
                </fieldset>
                <fieldset class="choices">
                    <legend>{ text.others_legend }</legend>
                    { for others_options }
                </fieldset>
                <div class="field">
                    <label for="symptom">{ text.symptom_label }</label>
                    <select id="symptom" data-testid="symptom" onchange={set_symptom} aria-describedby="symptom-hint">
                        <option value="" selected={draft.symptom.is_none()}>{ text.not_sure }</option>
                        { for symptom_options }
                    </select>
                    <p id="symptom-hint" class="hint">{ text.symptom_hint }</p>
                </div>
            </form>
        </div>
    }
}

/// The message for a tenant that is neither a GUID nor an onmicrosoft.com domain; none while empty.
fn tenant_error(tenant: &str, lang: crate::i18n::Lang) -> Option<String> {
    if tenant.trim().is_empty() {
        return None;
    }
    triage_core::customer::parse_tenant(tenant)
        .err()
        .map(|error| error.message.text(lang).to_string())
}
