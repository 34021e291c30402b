//! `cargo xtask …`: the project's automation. Run `cargo xtask help` for the list.

mod config_check;
mod csp;
mod engine;
mod health_bench;
mod match_eval;
mod run;
mod size;
mod test;
mod tools;
mod worker_names;

use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command> [options]

Commands:
  serve [--port N] [--release] [--demo-sign-in]
                                 build the app and serve it at http://127.0.0.1:8080 (or --port);
                                 --demo-sign-in: with stand-ins for Microsoft Entra ID and Graph on
                                 the next port, to try signing in without a Microsoft tenant
  test                           every check: fmt, clippy, native tests, browser component tests,
                                 release build, end-to-end tests, size budget
  build [--debug]                release build into dist/ (--debug: a quicker, larger build)
  size                           bytes of the first page load (raw, gzip, brotli) against the budget
  train                          train the classifier from data/corpus and write the shipped model
  eval [--only TEXT]             score the classifier on the held-out split and the development cases;
                                 --only: retrain just the ablation variants whose name contains TEXT
  match [--held] [--cut] [--verbose] [--id=ID] [--old]
                                 the service-health matcher alone on the corpus's training split
                                 (--held: the held-out split): does each line match its own issue
                                 or, for other routes, none? --cut: each line cut to ticket
                                 length; --verbose: every miss and false match;
                                 --id: one line only; --old: the concepts-only matcher
  bench                          time the classifier and the service-health matcher natively
  check-config FILE              validate a portal owner's configuration file (e.g. static/config.json)
  help                           this text

Missing tools (the wasm32 target, Trunk, wasm-bindgen-cli, wasm-opt, Chromium and chromedriver) are
installed on first use, and only then.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test::run_all(&root),
        Some("build") => match args.get(1).map(String::as_str) {
            None => build(&root, true),
            Some("--debug") => build(&root, false),
            Some(other) => Err(format!("unknown option for build: {other}")),
        },
        Some("size") => size::check(&root.join("dist")),
        Some("train") => engine::train(&root),
        Some("eval") => match (args.get(1).map(String::as_str), args.get(2)) {
            (None, _) => engine::eval(&root, None),
            (Some("--only"), Some(text)) => engine::eval(&root, Some(text)),
            _ => Err("eval takes no options but --only TEXT".into()),
        },
        Some("match") => match_eval::run(&root, &args[1..]),
        Some("check-config") => match args.get(1) {
            Some(file) => config_check::check_config(&root, std::path::Path::new(file)),
            None => Err(
                "check-config needs a file, e.g. cargo xtask check-config static/config.json"
                    .into(),
            ),
        },
        Some("bench") => engine::bench(&root).and_then(|()| health_bench::bench(&root)),
        Some("help" | "--help" | "-h") | None => {
            println!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Release build into `dist/` through Trunk, with the tools Trunk needs installed first.
pub fn build(root: &std::path::Path, release: bool) -> Result<(), String> {
    let env = tools::ensure_build_tools(root)?;
    let mut args = vec!["build"];
    if release {
        args.push("--release");
    }
    run::step(
        if release {
            "release build into dist/"
        } else {
            "debug build into dist/"
        },
        env.command("trunk").args(&args).current_dir(root),
    )?;
    csp::externalize_bootstrap(&root.join("dist"))?;
    worker_names::hash_engine_files(&root.join("dist"))
}

/// The stand-ins for Microsoft Entra ID and Graph on the port after the app's, and the address
/// that opens the app configured to sign in there.
fn start_stand_in(port: u16) -> Result<signin_standin::StandIn, String> {
    let app = format!("http://127.0.0.1:{port}");
    let next = port
        .checked_add(1)
        .ok_or("--demo-sign-in needs the port after --port free")?;
    let listener = std::net::TcpListener::bind(("127.0.0.1", next))
        .map_err(|e| format!("cannot start the sign-in stand-ins on port {next}: {e}"))?;
    let stand_in = signin_standin::StandIn::start_on(
        listener,
        signin_standin::Registration {
            app_origin: app.clone(),
            redirect_uri: format!("{app}/signed-in.html"),
        },
    )
    .map_err(|e| format!("cannot start the sign-in stand-ins: {e}"))?;
    let origin = stand_in.origin();
    println!(
        "Building and serving Escalation Triage with sign-in stand-ins (Ctrl+C stops it). Open\n  \
         {app}/?config={origin}/config.json\n\
         Any tenant signs in; {} lacks admin consent, {} cannot read service health; the tenant \
         lookup knows {}.",
        signin_standin::NO_CONSENT_TENANT,
        signin_standin::READ_ONLY_TENANT,
        signin_standin::DOMAINS[0].0,
    );
    Ok(stand_in)
}

fn serve(root: &std::path::Path, args: &[String]) -> Result<(), String> {
    let mut port = 8080u16;
    let mut release = false;
    let mut demo_sign_in = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--port" => {
                let value = rest
                    .next()
                    .ok_or("--port needs a number, e.g. --port 8081")?;
                port = value
                    .parse()
                    .map_err(|_| format!("--port: `{value}` is not a port number (1-65535)"))?;
            }
            "--release" => release = true,
            "--demo-sign-in" => demo_sign_in = true,
            other => return Err(format!("unknown option for serve: {other}")),
        }
    }
    let env = tools::ensure_build_tools(root)?;
    // Kept until trunk stops.
    let _stand_in = if demo_sign_in {
        Some(start_stand_in(port)?)
    } else {
        println!(
            "Building and serving Escalation Triage at http://127.0.0.1:{port}/ (Ctrl+C stops it)"
        );
        None
    };
    let port_text = port.to_string();
    let mut trunk_args = vec!["serve", "--address", "127.0.0.1", "--port", &port_text];
    if release {
        trunk_args.push("--release");
    }
    run::step(
        "trunk serve",
        env.command("trunk").args(&trunk_args).current_dir(root),
    )
}
