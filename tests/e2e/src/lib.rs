//! The end-to-end harness: a static server for the built app on a loopback port, chromedriver on
//! another, and a fresh headless Chromium driven through WebDriver.
//!
//! `cargo xtask test` builds `dist/` and runs these tests with `E2E_DIST` pointing at it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use fantoccini::{Client, Locator};

pub mod steps;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The built app: `E2E_DIST`, or `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the app first (`cargo xtask build`), or run `cargo xtask test`",
        dist.display()
    );
    dist
}

/// Where screenshots go: `target/screenshots/` at the workspace root.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("cannot create target/screenshots");
    dir
}

/// A small static file server on a loopback address, stopped when dropped. It also keeps the
/// bodies of POSTs to `/csp-report`, where a test's Content-Security-Policy sends violations.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    reports: Arc<Mutex<Vec<String>>>,
}

/// What a server serves beside the files of its root.
#[derive(Clone, Default)]
pub struct Site {
    /// Headers added to every response.
    pub headers: Vec<(String, String)>,
    /// Paths (e.g. `/config.json`) answered with this text instead of a file.
    pub files: Vec<(String, String)>,
}

impl Server {
    /// Serves `root` on `host` (e.g. `127.0.0.1`) at a free port, adding `headers` to every response.
    pub fn start(root: &Path, host: &str, headers: Vec<(String, String)>) -> Server {
        Server::start_site(
            root,
            host,
            Site {
                headers,
                files: Vec::new(),
            },
        )
    }

    pub fn start_site(root: &Path, host: &str, site: Site) -> Server {
        Server::start_on(Server::bind(host), root, site)
    }

    /// A loopback listener at a free port, for a server whose origin must be known before it starts.
    pub fn bind(host: &str) -> TcpListener {
        TcpListener::bind((host, 0)).expect("cannot bind a loopback port")
    }

    pub fn start_on(listener: TcpListener, root: &Path, site: Site) -> Server {
        let addr = listener.local_addr().expect("no local address");
        let stop = Arc::new(AtomicBool::new(false));
        let reports = Arc::new(Mutex::new(Vec::new()));
        let root = root.to_path_buf();
        let flag = stop.clone();
        let kept = reports.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::Relaxed) {
                    break;
                }
                if let Ok(stream) = stream {
                    let (root, site, kept) = (root.clone(), site.clone(), kept.clone());
                    std::thread::spawn(move || serve_one(stream, &root, &site, &kept));
                }
            }
        });
        Server {
            addr,
            stop,
            reports,
        }
    }

    /// The origin, e.g. `http://127.0.0.2:41234`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The CSP violation reports received so far.
    pub fn reports(&self) -> Vec<String> {
        self.reports.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The base URL, ending in `/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve_one(mut stream: TcpStream, root: &Path, site: &Site, reports: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut length = 0usize;
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        line.clear();
    }
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or("GET");
    let path = words
        .next()
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if method == "POST" {
        let mut body = vec![0u8; length.min(1 << 20)];
        let _ = reader.read_exact(&mut body);
        if path == "/csp-report" {
            if let Ok(mut kept) = reports.lock() {
                kept.push(String::from_utf8_lossy(&body).into_owned());
            }
        }
        let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        return;
    }
    let path = if path == "/" {
        "/index.html".to_string()
    } else {
        path
    };
    let relative = path.trim_start_matches('/');
    let file = root.join(relative);
    let served = site.files.iter().find(|(p, _)| *p == path);
    let (status, body, content_type) = if let Some((p, text)) = served {
        (
            "200 OK",
            text.clone().into_bytes(),
            content_type(Path::new(p)),
        )
    } else if relative.split('/').any(|part| part == "..") || !file.is_file() {
        ("404 Not Found", b"not found".to_vec(), "text/plain")
    } else {
        match std::fs::read(&file) {
            Ok(body) => ("200 OK", body, content_type(&file)),
            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        }
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in &site.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// An element's box in the viewport (`getBoundingClientRect`), with the viewport's size.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
    pub viewport_height: f64,
    pub viewport_width: f64,
}

impl Rect {
    /// Whether the whole box is inside the viewport (half a pixel of rounding allowed).
    pub fn in_viewport(&self) -> bool {
        self.top >= -0.5
            && self.left >= -0.5
            && self.bottom <= self.viewport_height + 0.5
            && self.right <= self.viewport_width + 0.5
    }
}

/// A headless Chromium session, with its own chromedriver and profile; both go when dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts Chromium with a window of `width`×`height` CSS pixels.
    pub async fn start(width: u32, height: u32) -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {CHROMEDRIVER}: {e} (install chromium-driver)")
            });
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start listening in 20 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = std::env::temp_dir().join(format!(
            "escalation-triage-e2e-{}-{port}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&profile);
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--hide-scrollbars".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut caps = serde_json::Map::new();
        // Headless windows have a minimum width; emulating the viewport gives exact small sizes.
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": args,
                "mobileEmulation": {
                    "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "mobile": false, "touch": false }
                }
            }),
        );
        let client = fantoccini::ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("cannot open a WebDriver session with Chromium");
        Browser {
            client,
            driver,
            profile,
        }
    }

    /// Opens `url` and waits until the app has replaced the loading indicator.
    pub async fn open_app(&self, url: &str) {
        self.client.goto(url).await.expect("cannot open the app");
        self.wait_for(r#"[data-testid="product-name"]"#).await;
    }

    /// Waits up to 20 s for an element.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches `{css}` after 20 s: {e}"))
    }

    pub async fn text_of(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("cannot read the text of `{css}`: {e}"))
    }

    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        // Into the middle of the view first, as a person scrolls to it: an element at the very
        // bottom counts as in view for WebDriver even when the sticky verdict bar covers it.
        self.eval_with(
            "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'center'}); return true;",
            vec![css.into()],
        )
        .await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    /// Runs a script in the page and returns its result.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs a script with arguments (`arguments[0]`, …) and returns its result.
    pub async fn eval_with(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Where an element is in the viewport, in CSS pixels.
    pub async fn rect(&self, css: &str) -> Rect {
        self.wait_for(css).await;
        let value = self
            .eval_with(
                "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
                 return [r.top, r.bottom, r.left, r.right, window.innerHeight, window.innerWidth];",
                vec![css.into()],
            )
            .await;
        let n: Vec<f64> = serde_json::from_value(value).expect("a rectangle");
        Rect {
            top: n[0],
            bottom: n[1],
            left: n[2],
            right: n[3],
            viewport_height: n[4],
            viewport_width: n[5],
        }
    }

    /// Types into a field (after clearing it).
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        element
            .clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear `{css}`: {e}"));
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
    }

    /// The value of an attribute of the first element matching `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.wait_for(css)
            .await
            .attr(name)
            .await
            .unwrap_or_else(|e| panic!("cannot read {name} of `{css}`: {e}"))
    }

    /// The current value of a form field.
    pub async fn value_of(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .prop("value")
            .await
            .unwrap_or_else(|e| panic!("cannot read the value of `{css}`: {e}"))
            .unwrap_or_default()
    }

    /// Waits until the element's text contains `needle`, and returns the text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.text_of(css).await;
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "`{css}` never contained `{needle}`; it says: {text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Replaces the clipboard with a recorder, so copy buttons can be checked without permissions.
    pub async fn record_clipboard(&self) {
        self.eval(
            "window.__copied = []; navigator.clipboard.writeText = (t) => { window.__copied.push(t); return Promise.resolve(); }; return true;",
        )
        .await;
    }

    /// What the copy buttons wrote since [`Browser::record_clipboard`], last first.
    pub async fn last_copied(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let value = self
                .eval("return (window.__copied || []).slice(-1)[0] || null")
                .await;
            if let Some(text) = value.as_str() {
                return text.to_string();
            }
            assert!(Instant::now() < deadline, "nothing was copied");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs axe-core (from the npm package) on the page and fails on any WCAG 2.x A/AA violation.
    pub async fn assert_accessible(&self, label: &str) {
        let axe = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/axe-core/axe.min.js"),
        )
        .expect("axe-core is missing: run `npm ci` (cargo xtask test does)");
        self.eval(&format!("{axe}\nreturn true;")).await;
        let result = self
            .eval(
                "return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })\n\
                 .then(r => r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(' | ')));",
            )
            .await;
        let violations: Vec<String> = serde_json::from_value(result).unwrap_or_default();
        assert!(
            violations.is_empty(),
            "axe found violations on {label}:\n{}",
            violations.join("\n")
        );
    }

    /// Saves a PNG of the viewport to `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        // Show the current step from its heading, as a person arriving at it sees it.
        self.eval("const h = document.getElementById('step-heading'); if (h) { h.scrollIntoView({block: 'start'}); window.scrollBy(0, -8); } else { window.scrollTo(0, 0); } return true;").await;
        let png = self.client.screenshot().await.expect("no screenshot");
        std::fs::write(screenshot_dir().join(format!("{name}.png")), png)
            .expect("cannot write the screenshot");
    }

    /// Saves a PNG of the viewport as it is (no scrolling first) to `target/screenshots/<name>.png`.
    pub async fn screenshot_as_is(&self, name: &str) {
        let png = self.client.screenshot().await.expect("no screenshot");
        std::fs::write(screenshot_dir().join(format!("{name}.png")), png)
            .expect("cannot write the screenshot");
    }

    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}
