//! The five triage steps, one component each, and what they share.

mod describe;
mod escalation;
mod handoff;
mod health;
mod troubleshoot;

use std::rc::Rc;

use triage_core::config::Config;
use triage_core::links::{Links, Provenance};
use triage_core::session::Judgement;
use yew::prelude::*;

pub use describe::Describe;
pub use escalation::EscalationCheck;
pub use handoff::HandOff;
pub use health::ServiceHealth;
pub use troubleshoot::Troubleshoot;

use crate::i18n::{link_label, strings};
use crate::state::State;

pub type AppConfig = Config;

#[derive(Properties, PartialEq, Clone)]
pub struct StepProps {
    pub state: UseReducerHandle<State>,
    pub config: Rc<AppConfig>,
}

/// What the steps after the first one get: they build on the engine's conclusions, so the page
/// shows them only once the engine has judged the case.
#[derive(Properties, PartialEq, Clone)]
pub struct JudgedProps {
    pub state: UseReducerHandle<State>,
    pub config: Rc<AppConfig>,
    pub judgement: Rc<Judgement>,
}

#[derive(Properties, PartialEq)]
pub struct LinkListProps {
    pub state: UseReducerHandle<State>,
    pub config: Rc<AppConfig>,
    pub ids: Vec<&'static str>,
    #[prop_or_default]
    pub issue_id: Option<String>,
}

/// Deep links for the current customer, each marked documented or community practice.
#[function_component(LinkList)]
pub fn link_list(props: &LinkListProps) -> Html {
    let lang = props.state.lang;
    let text = strings(lang);
    let links = Links::new(&props.config.links);
    let tenant = triage_core::customer::parse_tenant(&props.state.draft.tenant).ok();
    let items = props.ids.iter().map(|&id| {
        let label = link_label(id, lang);
        match links.build(id, tenant.as_ref(), props.issue_id.as_deref()) {
            Some(link) => {
                let note = match link.provenance {
                    Provenance::Documented => text.documented,
                    Provenance::Community => text.community,
                    Provenance::Configured => text.configured,
                };
                html! {
                    <li>
                        <a href={link.url.clone()} target="_blank" rel="noopener noreferrer" data-testid={format!("link-{id}")}>{ label }</a>
                        <span class={classes!("provenance", format!("provenance-{}", provenance_id(link.provenance)))}>{ note }</span>
                    </li>
                }
            }
            None => html! {
                <li class="muted" data-testid={format!("link-{id}-unavailable")}>{ label }{ " — " }{ text.link_needs_tenant }</li>
            },
        }
    });
    html! { <ul class="links">{ for items }</ul> }
}

fn provenance_id(provenance: Provenance) -> &'static str {
    match provenance {
        Provenance::Documented => "documented",
        Provenance::Community => "community",
        Provenance::Configured => "configured",
    }
}
