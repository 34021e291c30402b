//! Pieces shared by the steps.

mod copy;
mod signin;
mod verdict;

pub use copy::CopyButton;
pub use signin::{tenant_lookup, SignIn};
pub use verdict::{EngineStatusNote, VerdictPanel};
