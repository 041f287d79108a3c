//! The HTTP part of the benchmark: eight keep-alive clients sending the query
//! set to the real server, with a minimal HTTP/1.1 reader.

use std::time::{Duration, Instant};

use super::QUERIES;
use super::measure::millis;

/// Eight clients, each sending the query set `rounds` times over keep-alive connections.
pub(super) async fn http_load(
    base: &str,
    token: &str,
    rounds: usize,
) -> anyhow::Result<(f64, f64, f64)> {
    use tokio::io::AsyncWriteExt;
    let host = base.trim_start_matches("http://").to_owned();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..8 {
        let host = host.clone();
        let token = token.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::new();
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
                    stream.write_all(request.as_bytes()).await?;
                    read_response(&mut stream, &mut buf).await?;
                    samples.push(t.elapsed().as_secs_f64() * 1000.0);
                }
            }
            anyhow::Ok(samples)
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    let secs = start.elapsed().as_secs_f64();
    let rps = all.len() as f64 / secs.max(1e-9);
    let (p50, p99) = millis(&mut all);
    Ok((rps, p50, p99))
}

/// Reads one HTTP/1.1 response with a Content-Length body.
async fn read_response(
    stream: &mut tokio::net::TcpStream,
    buf: &mut Vec<u8>,
) -> anyhow::Result<()> {
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
