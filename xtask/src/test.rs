//! `cargo xtask test`: every check, in order, stopping at the first failure.

use std::path::Path;

use crate::run::{self, Counts};
use crate::{size, tools};

pub fn run_all(root: &Path) -> Result<(), String> {
    let env = tools::ensure_test_tools(root)?;
    let mut total = Counts::default();
    let result = stages(root, &env, &mut total);
    println!();
    match &result {
        Ok(()) => println!("All checks passed."),
        Err(message) => println!("Stopped: {message}"),
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    result
}

/// A check that is not a test runner (fmt, clippy, the build, the budget) counts as one test.
fn check(total: &mut Counts, result: Result<(), String>) -> Result<(), String> {
    match result {
        Ok(()) => {
            total.passed += 1;
            Ok(())
        }
        Err(e) => {
            total.failed += 1;
            Err(e)
        }
    }
}

fn tests(total: &mut Counts, (counts, result): (Counts, Result<(), String>)) -> Result<(), String> {
    *total += counts;
    if result.is_err() && counts.failed == 0 {
        // It failed before any test ran, e.g. a compile error.
        total.failed += 1;
    }
    result
}

fn stages(root: &Path, env: &tools::ToolEnv, total: &mut Counts) -> Result<(), String> {
    let cargo = |args: &[&str]| {
        let mut command = env.command("cargo");
        command.args(args).current_dir(root);
        command
    };

    check(
        total,
        run::step(
            "1/6 cargo fmt --check",
            &mut cargo(&["fmt", "--all", "--check"]),
        ),
    )?;
    check(
        total,
        run::step(
            "1/6 clippy (native)",
            &mut cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
    )?;
    check(
        total,
        run::step(
            "1/6 clippy (wasm32)",
            &mut cargo(&[
                "clippy",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "escalation-triage",
                "-p",
                "triage-worker",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
    )?;
    tests(
        total,
        run::tests(
            "2/6 native tests",
            &mut cargo(&["test", "--workspace", "--exclude", "e2e"]),
        ),
    )?;
    tests(
        total,
        run::tests(
            "3/6 component tests in headless Chromium",
            &mut cargo(&[
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "escalation-triage",
            ]),
        ),
    )?;
    check(total, crate::build(root, true))?;
    tests(
        total,
        run::tests(
            "5/6 end-to-end tests in headless Chromium",
            cargo(&["test", "-p", "e2e", "--", "--test-threads=2"])
                .env("E2E_DIST", root.join("dist")),
        ),
    )?;
    println!("==> 6/6 size budget");
    check(total, size::check(&root.join("dist")))
}
