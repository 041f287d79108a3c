//! Test doubles for the outbox's channels: an SMTP sink (Python's aiosmtpd, started by
//! the test, writing each message decoded as one JSON line) and an SMS provider that
//! keeps what it was asked to send.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use xiangxian::service::notify::channel::SmsProvider;

const SINK: &str = r#"
import sys, json, email
from email import policy
from aiosmtpd.controller import Controller
class Handler:
    async def handle_DATA(self, server, session, envelope):
        m = email.message_from_bytes(envelope.content, policy=policy.default)
        body = m.get_body(('plain',)).get_content()
        with open(sys.argv[2], 'a', encoding='utf-8') as f:
            f.write(json.dumps({"to": envelope.rcpt_tos, "subject": str(m['subject']),
                                "body": body}, ensure_ascii=False) + "\n")
        return '250 OK'
c = Controller(Handler(), hostname='127.0.0.1', port=int(sys.argv[1]))
c.start()
print('ready', flush=True)
sys.stdin.read()
c.stop()
"#;

/// Whether the sink can run here; on CI it must.
pub fn available() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok && std::env::var("CI").is_ok() {
        panic!("aiosmtpd is not installed (python3 -m pip install aiosmtpd)");
    }
    ok
}

/// A free local port (bound, then released).
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// A running sink; killed when dropped.
pub struct Sink {
    _child: Child,
    file: PathBuf,
    _dir: tempfile::TempDir,
}

impl Sink {
    pub async fn start(port: u16) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("mail.jsonl");
        let mut child = Command::new("python3")
            .args(["-c", SINK, &port.to_string(), file.to_str().expect("path")])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start aiosmtpd");
        let out = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(out)
            .read_line(&mut line)
            .await
            .expect("ready line");
        assert_eq!(line.trim(), "ready");
        Self {
            _child: child,
            file,
            _dir: dir,
        }
    }

    /// The messages received so far.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect()
    }
}

/// An SMS provider that keeps `(mobile, text)` of each send.
#[derive(Clone, Default)]
pub struct KeptSms(pub Arc<Mutex<Vec<(String, String)>>>);

#[async_trait::async_trait]
impl SmsProvider for KeptSms {
    fn name(&self) -> &'static str {
        "kept"
    }

    async fn send(&self, mobile: &str, text: &str) -> Result<(), String> {
        self.0
            .lock()
            .expect("lock")
            .push((mobile.to_owned(), text.to_owned()));
        Ok(())
    }
}

impl KeptSms {
    pub fn texts(&self) -> Vec<(String, String)> {
        self.0.lock().expect("lock").clone()
    }
}
