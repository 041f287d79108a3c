//! The real `xiangxian` binary as a child process: CLI commands, and a server
//! on an ephemeral port whose standard error (its logs) goes to a file.
//!
//! These tests run on SQLite in a folder of their own; under
//! `TEST_DATABASE_URL` they are skipped (they test the process and its data
//! folder, not the database backend).
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::Client;

/// The binary cargo built for these tests; `XIANGXIAN_BIN` overrides it where
/// several checkouts share one target folder (the uplifted `target/debug/xiangxian`
/// is then whichever checkout built last).
fn bin() -> String {
    std::env::var("XIANGXIAN_BIN")
        .ok()
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_xiangxian").to_owned())
}

/// Whether this run is on SQLite (the binary tests are skipped otherwise).
pub fn on_sqlite() -> bool {
    std::env::var("TEST_DATABASE_URL").map_or(true, |v| v.is_empty())
}

/// Runs a subcommand on `data_dir`, with `stdin` as its input.
pub fn cli(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// Creates an administrator through the CLI, the password on standard input.
pub fn create_admin(data_dir: &Path, username: &str, password: &str) {
    let out = cli(
        data_dir,
        &[
            "admin",
            "create",
            "--username",
            username,
            "--password-stdin",
        ],
        Some(&format!("{password}\n")),
    );
    assert!(
        out.status.success(),
        "admin create: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A running `xiangxian serve`.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts the server on a free port and waits until it listens. `env`
    /// adds environment variables (e.g. `RUST_LOG`); its logs are appended to `log`.
    pub fn start(data_dir: &Path, log: &Path, env: &[(&str, &str)]) -> Server {
        let err = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let mut child = Command::new(bin())
            .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(err))
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let copy = log.to_owned();
        // Reads the address from the first line, then keeps the pipe drained into the log.
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(first)) = lines.next() {
                let _ = tx.send(first.clone());
                append(&copy, &first);
            }
            for line in lines.map_while(Result::ok) {
                append(&copy, &line);
            }
        });
        let first = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| {
                panic!(
                    "server did not start: {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                )
            });
        let base = first
            .split("http://")
            .nth(1)
            .map(|rest| format!("http://{}", rest.trim_end_matches('/')))
            .unwrap_or_else(|| panic!("unexpected first line: {first}"));
        Server { child, base }
    }

    pub fn client(&self) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        Client {
            http,
            base: self.base.clone(),
            bearer: None,
        }
    }

    /// Waits until `/readyz` answers 200 (migrated, index caught up).
    pub async fn wait_ready(&self) {
        let c = self.client();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if c.get("/readyz").await.status == 200 {
                return;
            }
            assert!(Instant::now() < deadline, "not ready after 60 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown, no flushing, like a power cut of the process.
    pub fn kill9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// The SQLite URL of a data folder, for looking at it from the test.
    pub fn sqlite_url(data_dir: &Path) -> String {
        format!(
            "sqlite://{}?mode=rw",
            data_dir.join("xiangxian.db").display()
        )
    }

    /// SIGTERM, then waits for the graceful shutdown.
    pub fn stop(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "server exited with {exit}");
    }
}

impl Drop for Server {
    /// A failing test must not leave a server behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn append(path: &Path, line: &str) {
    if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(path) {
        let _ = writeln!(f, "{line}");
    }
}
