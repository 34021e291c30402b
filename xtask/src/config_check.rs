//! `cargo xtask check-config FILE`: checks a portal owner's `config.json` before it is deployed.
//!
//! The app accepts any file and falls back to defaults field by field (see
//! `triage_core::config`), so a mistake would otherwise show up only as a missing link or a demo
//! value in production. This prints every problem with its JSON path, in English and Japanese,
//! exactly as the app would see them.

use std::path::{Path, PathBuf};

use triage_core::config::parse_config;

/// Checks `file`: prints "valid", or each error with its path and fails.
///
/// A relative `file` is taken from the current directory, as any command-line tool does, and
/// otherwise from the workspace `root`, since `cargo xtask` may be run from a subdirectory while
/// the usual argument is `static/config.json`.
pub fn check_config(root: &Path, file: &Path) -> Result<(), String> {
    let path = resolve(root, file);
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("can't read {}: {error}", path.display()))?;
    let errors = parse_config(&text).errors;
    if errors.is_empty() {
        println!("{}: valid", path.display());
        return Ok(());
    }
    for error in &errors {
        println!("{}: {}", error.path, error.message.text_en);
        println!(
            "{}  {}",
            " ".repeat(error.path.chars().count()),
            error.message.text_ja
        );
    }
    let count = errors.len();
    let noun = if count == 1 { "problem" } else { "problems" };
    Err(format!(
        "{count} {noun} in {}; the app would use the default for each value above",
        path.display()
    ))
}

fn resolve(root: &Path, file: &Path) -> PathBuf {
    if file.is_absolute() || file.exists() {
        file.to_path_buf()
    } else {
        root.join(file)
    }
}
