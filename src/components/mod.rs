//! Pieces shared by the steps.

mod copy;
mod signin;
mod verdict;

pub use copy::CopyButton;
pub use signin::{SignIn, TenantLookup};
pub use verdict::{EngineStatusNote, VerdictPanel};
