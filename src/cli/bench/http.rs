//! The HTTP part of the benchmark: keep-alive clients (8, 32, 64) sending the
//! query set to the real server, with a minimal HTTP/1.1 reader; and how long a
//! server takes to be ready on the index that is already there.

use std::time::{Duration, Instant};

use super::measure::millis;
use super::workload::QUERIES;

/// The client counts of the HTTP phase; the first is the headline figure.
pub(super) const CLIENTS: [usize; 3] = [8, 32, 64];

/// What `clients` concurrent clients saw.
#[derive(Debug, serde::Serialize)]
pub(super) struct HttpRun {
    pub clients: usize,
    pub requests: usize,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Answers other than 200, and broken connections (the client reconnects).
    pub errors: usize,
    /// Each answered request's milliseconds, for figures over several runs.
    #[serde(skip)]
    pub samples: Vec<f64>,
}

/// `clients` clients, each sending the query set `rounds` times over keep-alive connections.
pub(super) async fn http_load(
    base: &str,
    token: &str,
    rounds: usize,
    clients: usize,
) -> anyhow::Result<HttpRun> {
    use tokio::io::AsyncWriteExt;
    let host = base.trim_start_matches("http://").to_owned();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let host = host.clone();
        let token = token.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut errors = 0;
            let mut stream = tokio::net::TcpStream::connect(&host).await?;
            let mut buf = vec![0u8; 1 << 16];
            for round in 0..rounds {
                for (k, (text, chain, region)) in QUERIES.iter().enumerate() {
                    if (round + k + client) % 2 == 1 {
                        continue;
                    }
                    let q: String = url_encode(text);
                    let path = format!("/api/v1/profiles?q={q}&chain={chain}&region={region}&per_page=10");
                    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n");
                    let t = Instant::now();
                    let answered = match stream.write_all(request.as_bytes()).await {
                        Ok(()) => read_response(&mut stream, &mut buf).await,
                        Err(e) => Err(e.into()),
                    };
                    match answered {
                        Ok(()) => samples.push(t.elapsed().as_secs_f64() * 1000.0),
                        Err(_) => {
                            errors += 1;
                            stream = tokio::net::TcpStream::connect(&host).await?;
                        }
                    }
                }
            }
            anyhow::Ok((samples, errors))
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (samples, failed) = task.await??;
        all.extend(samples);
        errors += failed;
    }
    let secs = start.elapsed().as_secs_f64();
    let requests = all.len() + errors;
    let rps = all.len() as f64 / secs.max(1e-9);
    let (p50_ms, p99_ms) = millis(&mut all);
    Ok(HttpRun {
        clients,
        requests,
        rps,
        p50_ms,
        p99_ms,
        errors,
        samples: all,
    })
}

/// Milliseconds until `GET /readyz` answers 200 (the server is listening already).
pub(super) async fn ready_after(base: &str, started: Instant) -> anyhow::Result<f64> {
    use tokio::io::AsyncWriteExt;
    let host = base.trim_start_matches("http://").to_owned();
    let mut buf = vec![0u8; 1 << 14];
    loop {
        let mut stream = tokio::net::TcpStream::connect(&host).await?;
        let request = format!("GET /readyz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await?;
        if read_response(&mut stream, &mut buf).await.is_ok() {
            return Ok(started.elapsed().as_secs_f64() * 1000.0);
        }
        if started.elapsed() > Duration::from_secs(600) {
            anyhow::bail!("/readyz not ready after 600 s");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Reads one HTTP/1.1 response with a Content-Length body.
async fn read_response(stream: &mut tokio::net::TcpStream, buf: &mut [u8]) -> anyhow::Result<()> {
    use tokio::io::AsyncReadExt;
    let mut data: Vec<u8> = Vec::new();
    loop {
        let n = tokio::time::timeout(Duration::from_secs(30), stream.read(buf)).await??;
        if n == 0 {
            anyhow::bail!("connection closed");
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_lowercase();
            if !head.starts_with("http/1.1 200") {
                anyhow::bail!("unexpected response: {}", head.lines().next().unwrap_or(""));
            }
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0);
            while data.len() < end + 4 + length {
                let n = stream.read(buf).await?;
                if n == 0 {
                    anyhow::bail!("connection closed");
                }
                data.extend_from_slice(&buf[..n]);
            }
            return Ok(());
        }
    }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
