//! Makes the built page run under a strict Content-Security-Policy (`script-src 'self'`): Trunk
//! writes its wasm bootstrap as an inline `<script type="module">`, which such a policy refuses, so
//! it is moved into a file of its own. The bootstrap also learns to say so when the wasm cannot
//! load, instead of leaving the loading indicator spinning.

use std::path::Path;

const OPEN: &str = "<script type=\"module\">";
const CLOSE: &str = "</script>";

/// Shown in `#app` when the app cannot start (old browser, blocked download, damaged file).
const FAILED: &str = r#"const app = document.getElementById('app');
  if (app) {
    app.textContent = '';
    const box = document.createElement('div');
    box.className = 'panic';
    box.setAttribute('role', 'alert');
    for (const [lang, title, body] of [
      ['en', 'Escalation Triage could not start', 'The browser could not load the app. Reload the page; if it keeps failing, use a current version of Edge, Chrome, Firefox or Safari.'],
      ['ja', 'Escalation Triage を起動できませんでした', 'ブラウザーがアプリを読み込めませんでした。ページを再読み込みしてください。解決しない場合は、最新の Edge、Chrome、Firefox、Safari をお使いください。'],
    ]) {
      const h = document.createElement('h1');
      h.lang = lang;
      h.textContent = title;
      const p = document.createElement('p');
      p.lang = lang;
      p.textContent = body;
      box.append(h, p);
    }
    app.append(box);
  }
  console.error(error);"#;

/// Moves the inline bootstrap of `dist/index.html` into `dist/bootstrap-<hash>.js`.
pub fn externalize_bootstrap(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let Some(start) = html.find(OPEN) else {
        // Already a file (the step ran before): nothing inline is left.
        return Ok(());
    };
    let body_start = start + OPEN.len();
    let end = body_start
        + html[body_start..]
            .find(CLOSE)
            .ok_or("index.html: the inline bootstrap script is not closed")?;
    let script = bootstrap(&html[body_start..end])?;
    let name = format!("bootstrap-{:016x}.js", fnv1a(script.as_bytes()));
    std::fs::write(dist.join(&name), &script).map_err(|e| format!("cannot write {name}: {e}"))?;
    let tag = format!("<script type=\"module\" src=\"/{name}\"></script>");
    let page = format!("{}{tag}{}", &html[..start], &html[end + CLOSE.len()..]);
    std::fs::write(&index, page).map_err(|e| format!("cannot write {}: {e}", index.display()))?;
    println!("✓ moved the inline bootstrap into {name} (strict CSP)");
    Ok(())
}

/// Trunk's bootstrap with its start wrapped so that a failure is shown, not swallowed.
fn bootstrap(inline: &str) -> Result<String, String> {
    let inline = inline.trim();
    let (imports, rest): (Vec<&str>, Vec<&str>) = inline
        .lines()
        .partition(|line| line.trim_start().starts_with("import "));
    if imports.is_empty() {
        return Err("index.html: the inline bootstrap does not import the app".into());
    }
    Ok(format!(
        "{}\ntry {{\n{}\n}} catch (error) {{\n  {FAILED}\n}}\n",
        imports.join("\n"),
        rest.join("\n").trim()
    ))
}

pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_the_inline_module_into_a_file() {
        let dir = std::env::temp_dir().join(format!("csp-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = "<head><script type=\"module\">\nimport init, * as bindings from '/app.js';\nconst wasm = await init({ module_or_path: '/app_bg.wasm' });\nwindow.wasmBindings = bindings;\n</script><link rel=\"preload\" href=\"/app_bg.wasm\"></head>";
        std::fs::write(dir.join("index.html"), page).unwrap();
        externalize_bootstrap(&dir).unwrap();
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(!html.contains("<script type=\"module\">"), "{html}");
        let src = html
            .split("src=\"/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let script = std::fs::read_to_string(dir.join(src)).unwrap();
        assert!(script.starts_with("import init, * as bindings from '/app.js';\ntry {\n"));
        assert!(script.contains("await init({ module_or_path: '/app_bg.wasm' })"));
        assert!(script.contains("could not start"));
        // A second run finds nothing inline and changes nothing.
        externalize_bootstrap(&dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            html
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
