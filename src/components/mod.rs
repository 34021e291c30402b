//! Pieces shared by the steps.

mod copy;
mod verdict;

pub use copy::CopyButton;
pub use verdict::{EngineStatusNote, VerdictPanel};
