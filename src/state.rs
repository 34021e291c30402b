//! The app's state and every transition of it, as a pure reducer: components only dispatch.

use std::rc::Rc;

use yew::Reducible;

use crate::i18n::Lang;

/// The triage steps, in the seed's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Describe,
    ServiceHealth,
    Troubleshoot,
    EscalationCheck,
    HandOff,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Describe,
        Step::ServiceHealth,
        Step::Troubleshoot,
        Step::EscalationCheck,
        Step::HandOff,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Step {
        Step::ALL[(self.index() + 1).min(Step::ALL.len() - 1)]
    }

    pub fn previous(self) -> Step {
        Step::ALL[self.index().saturating_sub(1)]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub lang: Lang,
    pub step: Step,
}

impl State {
    pub fn new(lang: Lang) -> State {
        State {
            lang,
            step: Step::Describe,
        }
    }
}

pub enum Action {
    SetLang(Lang),
    GoTo(Step),
    Next,
    Back,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::GoTo(step) => next.step = step,
            Action::Next => next.step = self.step.next(),
            Action::Back => next.step = self.step.previous(),
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn steps_move_forward_and_back_within_bounds() {
        let state = State::new(Lang::En);
        let state = reduce(state, Action::Back);
        assert_eq!(state.step, Step::Describe);
        let state = reduce(state, Action::Next);
        assert_eq!(state.step, Step::ServiceHealth);
        let state = reduce(state, Action::GoTo(Step::HandOff));
        let state = reduce(state, Action::Next);
        assert_eq!(state.step, Step::HandOff);
    }

    #[test]
    fn switching_language_keeps_the_step() {
        let state = reduce(State::new(Lang::En), Action::GoTo(Step::Troubleshoot));
        let state = reduce(state, Action::SetLang(Lang::Ja));
        assert_eq!((state.lang, state.step), (Lang::Ja, Step::Troubleshoot));
    }
}
