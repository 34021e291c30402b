//! Running child processes: announce, run, and say plainly what failed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Tests counted from a test runner's `test result:` lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: u32,
    pub failed: u32,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// Runs a command with its output shown as it comes; an error if it cannot start or fails.
pub fn step(label: &str, command: &mut Command) -> Result<(), String> {
    println!("==> {label}");
    let status = command
        .status()
        .map_err(|e| format!("{label}: cannot start {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{label} failed ({status})"))
    }
}

/// `cargo run` of one of triage-core's examples, built for speed like any native tool (the
/// `native` profile) rather than for size like the wasm.
pub fn native_example(root: &std::path::Path, example: &str) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root).args([
        "run",
        "--quiet",
        "--profile",
        "native",
        "-p",
        "triage-core",
        "--example",
        example,
    ]);
    command
}

/// Runs a command quietly and returns its standard output.
pub fn output(command: &mut Command) -> Result<String, String> {
    let out = command
        .stderr(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!("exited with {}", out.status))
    }
}

/// Runs a test command, echoing its output, and counts the tests it reports. The counts come back
/// even when it fails, so the summary can include them.
pub fn tests(label: &str, command: &mut Command) -> (Counts, Result<(), String>) {
    println!("==> {label}");
    let mut child = match command.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) => {
            return (
                Counts::default(),
                Err(format!(
                    "{label}: cannot start {:?}: {e}",
                    command.get_program()
                )),
            )
        }
    };
    let mut counts = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(found) = parse_test_result(&line) {
                counts += found;
            }
        }
    }
    let result = match child.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{label} failed ({status})")),
        Err(e) => Err(format!("{label}: {e}")),
    };
    (counts, result)
}

/// Reads `test result: ok. 12 passed; 0 failed; …` (cargo test and wasm-bindgen-test-runner).
pub fn parse_test_result(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let mut counts = Counts::default();
    let mut seen = false;
    for part in rest.split(';') {
        let words: Vec<&str> = part.split_whitespace().collect();
        if let [.., number, kind] = words.as_slice() {
            match *kind {
                "passed" => {
                    counts.passed = number.parse().ok()?;
                    seen = true;
                }
                "failed" => counts.failed = number.parse().ok()?,
                _ => {}
            }
        }
    }
    seen.then_some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_test_summaries() {
        let ok = "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(
            parse_test_result(ok),
            Some(Counts {
                passed: 12,
                failed: 0
            })
        );
        let failed =
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out";
        assert_eq!(
            parse_test_result(failed),
            Some(Counts {
                passed: 3,
                failed: 2
            })
        );
        assert_eq!(parse_test_result("running 3 tests"), None);
    }
}
