//! The size budgets: what the first page load fetches, and the engine the app starts after the
//! first screen, in raw, gzip and brotli bytes.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Gzip bytes allowed for everything the first page load fetches.
pub const BUDGET_GZIP: usize = 250_000;

/// Files the app fetches by itself as it starts, beside what index.html references.
const FETCHED_AT_START: &[&str] = &["config.json"];

/// The engine's Web Worker, which the app starts once the first screen is up (the classifier and
/// its model, the service-health parser and matcher, the checklist): its loader, then its glue
/// code and wasm, whose names carry a hash after a build.
const ENGINE_LOADER: &str = "worker.js";
const ENGINE_PREFIX: &str = "triage-worker";

/// Gzip bytes allowed for the engine: the model alone is about 37 KB of it; it also reads and
/// matches service health, signs in and reads Graph, and writes everything the flow produces (the
/// decision record, the service request, the messages), which the first page load does not carry.
pub const ENGINE_BUDGET_GZIP: usize = 300_000;

struct Row {
    name: String,
    raw: usize,
    gzip: usize,
    brotli: usize,
}

pub fn check(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| {
        format!(
            "cannot read {}: {e} (run `cargo xtask build` first)",
            index.display()
        )
    })?;
    let mut files = vec![index.clone()];
    for reference in local_references(&html) {
        let path = dist.join(reference.trim_start_matches('/'));
        if !path.is_file() {
            return Err(format!(
                "index.html references {reference}, which is not in {}",
                dist.display()
            ));
        }
        if !files.contains(&path) {
            files.push(path);
        }
    }
    files.extend(
        FETCHED_AT_START
            .iter()
            .map(|name| dist.join(name))
            .filter(|path| path.is_file()),
    );
    let engine = engine_files(dist)?;

    let first = table(dist, "first page load", &files, BUDGET_GZIP)?;
    println!();
    let later = table(
        dist,
        "after the first screen (engine)",
        &engine,
        ENGINE_BUDGET_GZIP,
    )?;
    let over = [
        ("the first page load", first, BUDGET_GZIP),
        ("the engine", later, ENGINE_BUDGET_GZIP),
    ]
    .into_iter()
    .filter(|(_, gzip, budget)| gzip > budget)
    .map(|(what, gzip, budget)| format!("{what} is {gzip} gzip bytes, over the budget of {budget}"))
    .collect::<Vec<_>>();
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}

/// The worker's loader, glue code and wasm in `dist`.
fn engine_files(dist: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(ENGINE_PREFIX))
        })
        .collect();
    files.sort();
    let has = |suffix: &str| files.iter().any(|p| p.to_string_lossy().ends_with(suffix));
    let loader = dist.join(ENGINE_LOADER);
    if !loader.is_file() || !has(".js") || !has("_bg.wasm") {
        return Err(format!(
            "the engine's worker ({ENGINE_LOADER}, {ENGINE_PREFIX}*.js and {ENGINE_PREFIX}*_bg.wasm) is missing from {}",
            dist.display()
        ));
    }
    files.insert(0, loader);
    Ok(files)
}

/// Prints one group of files with its totals and budget; returns its gzip total.
fn table(dist: &Path, title: &str, files: &[PathBuf], budget: usize) -> Result<usize, String> {
    let rows = files
        .iter()
        .map(|path| measure(dist, path))
        .collect::<Result<Vec<_>, _>>()?;
    println!("{title:<48} {:>10} {:>10} {:>10}", "raw", "gzip", "brotli");
    for row in &rows {
        println!(
            "{:<48} {:>10} {:>10} {:>10}",
            row.name, row.raw, row.gzip, row.brotli
        );
    }
    let total = |f: fn(&Row) -> usize| rows.iter().map(f).sum::<usize>();
    let (raw, gzip, brotli) = (total(|r| r.raw), total(|r| r.gzip), total(|r| r.brotli));
    println!("{:<48} {raw:>10} {gzip:>10} {brotli:>10}", "total (bytes)");
    println!(
        "budget: {gzip} of {budget} gzip bytes ({:.0} %)",
        gzip as f64 * 100.0 / budget as f64
    );
    Ok(gzip)
}

fn measure(dist: &Path, path: &PathBuf) -> Result<Row, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).map_err(|e| e.to_string())?;
    let gzip = gz.finish().map_err(|e| e.to_string())?.len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params).map_err(|e| e.to_string())?;
    Ok(Row {
        name: path
            .strip_prefix(dist)
            .unwrap_or(path)
            .display()
            .to_string(),
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    })
}

/// Same-origin `href` and `src` values of the page's `<link>`, `<script>` and `<img>` tags: what
/// the browser fetches as it loads the page (links that a person may follow are not).
fn local_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let name = tag.split_whitespace().next().unwrap_or_default();
        if !matches!(name, "link" | "script" | "img") {
            continue;
        }
        for attribute in [" href=\"", " src=\""] {
            let Some(start) = tag.find(attribute) else {
                continue;
            };
            let value = tag[start + attribute.len()..]
                .split('"')
                .next()
                .unwrap_or_default();
            let external = value.contains("://") || value.starts_with("//");
            if !external && !value.is_empty() && !value.starts_with("data:") {
                found.push(value.split(['?', '#']).next().unwrap_or(value).to_string());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::local_references;

    #[test]
    fn finds_same_origin_assets_only() {
        let html = r##"<link rel="preload" href="/app_bg.wasm" as="fetch"><script type="module" src="/boot.js?v=1"></script>
<a href="/other.html">x</a><a href="#main">skip</a><link rel="stylesheet" href="/style.css">
<link rel="preconnect" href="https://partner.microsoft.com/">"##;
        assert_eq!(
            local_references(html),
            vec!["/app_bg.wasm", "/boot.js", "/style.css"]
        );
    }
}
