//! Installs what the build and the tests need, when it is missing, and only then.
//!
//! Everything comes from the package registries: the wasm32 target from rustup, Trunk and
//! wasm-bindgen-cli from crates.io, wasm-opt from the npm package `binaryen`, Chromium and
//! chromedriver from Debian. Trunk itself never downloads anything (`offline = true` in Trunk.toml).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run;

const TRUNK_VERSION: &str = "0.21.14";
const WASM_OPT_VERSION: &str = "version_132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Japanese glyphs for the screenshots the end-to-end tests take.
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const BROWSER_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-noto-cjk"];

/// The environment the build tools run in: cargo's bin directory and `node_modules/.bin` first on
/// PATH, so Trunk finds the wasm-opt we installed and not an older one.
pub struct ToolEnv {
    path: OsString,
}

impl ToolEnv {
    fn new(root: &Path) -> ToolEnv {
        let mut dirs = vec![root.join("node_modules/.bin"), cargo_bin_dir()];
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        let path = std::env::join_paths(dirs).unwrap_or_default();
        ToolEnv { path }
    }

    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .env("PATH", &self.path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .env("CHROMEDRIVER", CHROMEDRIVER);
        command
    }
}

fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// The wasm target, Trunk, wasm-bindgen-cli and wasm-opt.
pub fn ensure_build_tools(root: &Path) -> Result<ToolEnv, String> {
    let env = ToolEnv::new(root);
    ensure_wasm_target(&env)?;
    let bindgen_version = wasm_bindgen_version(root)?;
    check_trunk_toml(root, &bindgen_version)?;
    ensure_cargo_tool(
        &env,
        "trunk",
        TRUNK_VERSION,
        &["--locked"],
        "about 6 minutes",
    )?;
    // wasm-bindgen-cli's own lockfile names a crate version the registry no longer has: no --locked.
    ensure_cargo_tool(
        &env,
        "wasm-bindgen",
        &bindgen_version,
        &[],
        "about 2 minutes",
    )?;
    ensure_wasm_opt(root, &env)?;
    Ok(env)
}

/// Everything for the build plus Chromium and chromedriver for the browser tests.
pub fn ensure_test_tools(root: &Path) -> Result<ToolEnv, String> {
    let env = ensure_build_tools(root)?;
    ensure_chromium(&env)?;
    Ok(env)
}

fn ensure_wasm_target(env: &ToolEnv) -> Result<(), String> {
    let installed = run::output(
        env.command("rustup")
            .args(["target", "list", "--installed"]),
    )
    .map_err(|e| format!("rustup is needed to add the {WASM_TARGET} target: {e}"))?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("✓ rust target {WASM_TARGET}");
        return Ok(());
    }
    run::step(
        &format!("installing the {WASM_TARGET} target (rustup, seconds)"),
        env.command("rustup").args(["target", "add", WASM_TARGET]),
    )
}

/// The `wasm-bindgen` version that Cargo.lock resolved; the CLI must be the same version.
fn wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
            {
                return Ok(version.to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn check_trunk_toml(root: &Path, bindgen_version: &str) -> Result<(), String> {
    let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml"))
        .map_err(|e| format!("cannot read Trunk.toml: {e}"))?;
    let expected = format!("wasm_bindgen = \"{bindgen_version}\"");
    if trunk_toml.lines().any(|line| line.trim() == expected) {
        Ok(())
    } else {
        Err(format!(
            "Trunk.toml must say `{expected}` under [tools]: Cargo.lock resolves wasm-bindgen {bindgen_version}"
        ))
    }
}

/// `cargo install`s `name` at exactly `version` unless that version already answers `--version`.
fn ensure_cargo_tool(
    env: &ToolEnv,
    name: &str,
    version: &str,
    extra: &[&str],
    takes: &str,
) -> Result<(), String> {
    if let Ok(out) = run::output(env.command(name).arg("--version")) {
        if out.split_whitespace().any(|word| word == version) {
            println!("✓ {name} {version}");
            return Ok(());
        }
    }
    let krate = if name == "wasm-bindgen" {
        "wasm-bindgen-cli"
    } else {
        name
    };
    let mut command = env.command("cargo");
    command
        .args(["install", krate, "--version", version])
        .args(extra);
    run::step(
        &format!("installing {krate} {version} with cargo install (first run only, {takes})"),
        &mut command,
    )
}

fn ensure_wasm_opt(root: &Path, env: &ToolEnv) -> Result<(), String> {
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    if let Ok(out) = run::output(Command::new(&wasm_opt).arg("--version")) {
        if out.contains(WASM_OPT_VERSION) {
            println!("✓ wasm-opt {WASM_OPT_VERSION} (npm binaryen)");
            return Ok(());
        }
    }
    run::step(
        "installing wasm-opt and axe-core from npm (npm ci, seconds)",
        env.command("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(root),
    )
}

fn ensure_chromium(env: &ToolEnv) -> Result<(), String> {
    if [CHROMIUM, CHROMEDRIVER, CJK_FONT]
        .iter()
        .all(|p| Path::new(p).exists())
    {
        println!("✓ chromium, chromedriver and CJK fonts");
        return Ok(());
    }
    let packages = BROWSER_PACKAGES.join(" ");
    let is_root = run::output(Command::new("id").arg("-u"))
        .map(|uid| uid.trim() == "0")
        .unwrap_or(false);
    if !is_root {
        return Err(format!(
            "the browser tests need Chromium, chromedriver and Japanese fonts ({CHROMIUM}, {CHROMEDRIVER}, {CJK_FONT}).\n\
             Install them once with:\n    sudo apt-get update && sudo apt-get install -y {packages}"
        ));
    }
    run::step(
        "updating the Debian package lists (apt-get update)",
        env.command("apt-get").arg("update"),
    )?;
    run::step(
        &format!("installing {packages} (apt-get, about a minute)"),
        env.command("apt-get")
            .args(["install", "-y"])
            .args(BROWSER_PACKAGES)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}
