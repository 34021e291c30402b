//! Names the engine's worker files after their content. Trunk names a worker after its binary, so
//! without this a browser could keep last release's engine beside this release's page. With hashed
//! names they are cached for good like the rest of the build; only `worker.js`, a few bytes that
//! name them, keeps its name (served without long caching, like index.html).

use std::path::Path;

use crate::csp::fnv1a;

const GLUE: &str = "triage-worker.js";
const WASM: &str = "triage-worker_bg.wasm";
const LOADER: &str = "worker.js";

pub fn hash_engine_files(dist: &Path) -> Result<(), String> {
    let read = |name: &str| {
        std::fs::read(dist.join(name)).map_err(|e| format!("cannot read {name} in dist/: {e}"))
    };
    if !dist.join(WASM).is_file() && dist.join(LOADER).is_file() {
        // Already done (the step ran before): the loader names hashed files.
        return Ok(());
    }
    let loader = String::from_utf8(read(LOADER)?).map_err(|_| format!("{LOADER} is not text"))?;
    let (glue, wasm) = (read(GLUE)?, read(WASM)?);
    let hash = fnv1a(&[glue.as_slice(), wasm.as_slice()].concat());
    let glue_name = format!("triage-worker-{hash:016x}.js");
    let wasm_name = format!("triage-worker-{hash:016x}_bg.wasm");
    for name in [GLUE, WASM] {
        if !loader.contains(&format!("'./{name}'")) {
            return Err(format!("{LOADER} does not load './{name}'"));
        }
    }
    let loader = loader
        .replace(&format!("'./{GLUE}'"), &format!("'./{glue_name}'"))
        .replace(&format!("'./{WASM}'"), &format!("'./{wasm_name}'"));
    let rename = |from: &str, to: &str| {
        std::fs::rename(dist.join(from), dist.join(to))
            .map_err(|e| format!("cannot rename {from} to {to}: {e}"))
    };
    rename(GLUE, &glue_name)?;
    rename(WASM, &wasm_name)?;
    std::fs::write(dist.join(LOADER), loader).map_err(|e| format!("cannot write {LOADER}: {e}"))?;
    println!("✓ named the engine's files after their content ({glue_name}, {wasm_name})");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_the_engine_and_points_the_loader_at_it() {
        let dir = std::env::temp_dir().join(format!("worker-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let loader = "importScripts('./triage-worker.js');\nwasm_bindgen({ module_or_path: './triage-worker_bg.wasm' });\n";
        std::fs::write(dir.join(LOADER), loader).unwrap();
        std::fs::write(dir.join(GLUE), "glue").unwrap();
        std::fs::write(dir.join(WASM), "wasm").unwrap();
        hash_engine_files(&dir).unwrap();

        let loader = std::fs::read_to_string(dir.join(LOADER)).unwrap();
        let named = |suffix: &str| {
            loader
                .split('\'')
                .find(|s| s.starts_with("./triage-worker-") && s.ends_with(suffix))
                .unwrap_or_else(|| panic!("no {suffix} in {loader}"))
                .trim_start_matches("./")
                .to_string()
        };
        assert_eq!(
            std::fs::read_to_string(dir.join(named(".js"))).unwrap(),
            "glue"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join(named("_bg.wasm"))).unwrap(),
            "wasm"
        );
        assert!(!dir.join(GLUE).exists() && !dir.join(WASM).exists());
        // A second run finds the work done and changes nothing.
        hash_engine_files(&dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join(LOADER)).unwrap(), loader);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
