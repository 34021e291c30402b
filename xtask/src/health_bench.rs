//! `cargo xtask bench`, service-health part: the `health_bench` example of triage-core parses and
//! matches a 5,000-issue document, natively and built for speed.

use std::path::Path;

pub fn bench(root: &Path) -> Result<(), String> {
    crate::run::step(
        "service-health parse + match (native build)",
        &mut crate::run::native_example(root, "health_bench"),
    )
}
