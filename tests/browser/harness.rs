//! Starting chromedriver and a headless Chromium for one test, and the few
//! page actions the tests need (open, fill, choose, click, wait, read,
//! screenshot).
//!
//! chromedriver is looked for at `$CHROMEDRIVER` or `/usr/bin/chromedriver`.
//! When it is missing the test is skipped with a message — unless `CI` is
//! set, where a missing driver fails the run (CI installs it with
//! `apt-get install -y chromium chromium-driver`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};

/// How long a page may take to show what a test waits for.
const PATIENCE: Duration = Duration::from_secs(20);

/// The flags every run uses: no GPU, no sandbox (containers), nothing that
/// reaches the network on its own.
const CHROME_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=zh-CN",
];

/// A running chromedriver; stopped (by its own handle) when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn driver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

fn chrome_binary() -> Option<String> {
    if let Ok(bin) = std::env::var("CHROME_BIN") {
        return Some(bin);
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .find(|p| Path::new(p).exists())
    .map(|p| (*p).to_owned())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start_driver() -> Option<Driver> {
    let path = driver_path();
    if !path.exists() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "chromedriver not found at {} and CI is set: install it with \
                 `apt-get install -y chromium chromium-driver`",
                path.display()
            );
        }
        eprintln!(
            "SKIPPED browser test: chromedriver not found at {} (install with \
             `apt-get install -y chromium chromium-driver`, or set CHROMEDRIVER)",
            path.display()
        );
        return None;
    }
    let port = free_port();
    let child = Command::new(&path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver { child, port };
    // Ready when its status endpoint says so; never a fixed sleep.
    let http = reqwest::Client::new();
    let deadline = Instant::now() + PATIENCE;
    loop {
        let status = http
            .get(format!("http://127.0.0.1:{port}/status"))
            .send()
            .await;
        if let Ok(r) = status
            && let Ok(body) = r.json::<Value>().await
            && body["value"]["ready"] == true
        {
            return Some(driver);
        }
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One browser on one app: a fresh profile folder, a 1280×900 window.
pub struct Browser {
    pub client: Client,
    base: String,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

/// Starts chromedriver and Chromium for `app`; `None` (the test is skipped)
/// when chromedriver is not installed and `CI` is not set.
pub async fn open(app: &TestApp) -> Option<Browser> {
    let driver = start_driver().await?;
    let profile = tempfile::tempdir().expect("profile dir");
    let mut args: Vec<String> = CHROME_FLAGS.iter().map(|f| (*f).to_owned()).collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    args.push("--window-size=1280,900".into());
    let mut options = json!({ "args": args });
    if let Some(bin) = chrome_binary() {
        options["binary"] = json!(bin);
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), options);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("start headless Chromium");
    Some(Browser {
        client,
        base: app.base.clone(),
        _profile: profile,
        _driver: driver,
    })
}

/// Where screenshots go: `target/screenshots/`, kept as test artefacts.
pub fn screenshot_dir() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("screenshots")
}

impl Browser {
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("open page");
    }

    /// Waits until an element matching `css` is on the page.
    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(found) => found,
            Err(e) => {
                let at = self.client.current_url().await.map(|u| u.to_string());
                self.screenshot("failed-find").await;
                panic!("{css} never appeared on {at:?} (screenshot failed-find.png): {e}")
            }
        }
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    /// Sets a field's value as a date picker would (typing into `type=date` depends on
    /// the browser's locale).
    pub async fn set_value(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        let arg = serde_json::to_value(&field).expect("element reference");
        self.client
            .execute(
                "arguments[0].value = arguments[1];",
                vec![arg, serde_json::json!(value)],
            )
            .await
            .expect("set value");
    }

    /// The browser's back button.
    pub async fn back(&self) {
        self.client.back().await.expect("back");
    }

    pub async fn choose(&self, css: &str, value: &str) {
        let select = self.find(css).await;
        // Options may arrive a moment later (the village list is fetched).
        self.find(&format!("{css} option[value=\"{value}\"]")).await;
        select.select_by_value(value).await.expect("choose");
    }

    /// Scrolls `css` to the middle of the window (before a screenshot).
    pub async fn scroll_to(&self, css: &str) -> Element {
        let element = self.find(css).await;
        let arg = serde_json::to_value(&element).expect("element reference");
        self.client
            .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await
            .expect("scroll");
        element
    }

    /// Clicks `css`, first scrolled to the middle of the window: WebDriver
    /// scrolls it only to the edge, under the forms' sticky 保存 bar.
    pub async fn click(&self, css: &str) {
        self.scroll_to(css).await.click().await.expect("click");
    }

    /// Clicks a button or link that loads another page, and waits until the
    /// old page is gone — so what is read next is read from the new one.
    pub async fn submit(&self, css: &str) {
        let old = self.find("html").await;
        self.click(css).await;
        let deadline = Instant::now() + PATIENCE;
        while old.tag_name().await.is_ok() {
            assert!(Instant::now() < deadline, "{css} did not load a new page");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The text of `css`, read again if the page changed under it.
    pub async fn text(&self, css: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.find(css).await.text().await {
                Ok(text) => return text,
                Err(e) if Instant::now() > deadline => panic!("{css}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(25)).await,
            }
        }
    }

    /// Reloads `path` until `css` shows `wanted` (the index catches up).
    pub async fn wait_for_text(&self, path: &str, css: &str, wanted: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            self.open(path).await;
            let found = self.text(css).await;
            if found.contains(wanted) || Instant::now() > deadline {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        url.path().to_owned()
    }

    pub async fn sign_in(&self, username: &str) {
        self.open("/login").await;
        self.fill("#username", username).await;
        self.fill("#password", PASSWORD).await;
        self.submit("#login-submit").await;
        self.find("#who-name").await;
    }

    pub async fn sign_out(&self) {
        self.submit("#logout").await;
        self.find("#login-form").await;
    }

    /// Saves the window as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Resizes the window (a phone, or tall enough for a whole page).
    pub async fn window(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize");
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}
