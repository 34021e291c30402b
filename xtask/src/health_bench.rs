//! `cargo xtask bench`, service-health part: the `health_bench` example of triage-core, built for
//! speed like any native tool (the `native` profile), parses and matches a 5,000-issue document.

use std::path::Path;

pub fn bench(root: &Path) -> Result<(), String> {
    crate::run::step(
        "service-health parse + match (native build)",
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root)
            .args([
                "run",
                "--quiet",
                "--profile",
                "native",
                "-p",
                "triage-core",
                "--example",
                "health_bench",
            ]),
    )
}
