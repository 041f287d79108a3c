//! `bench --instances N` on PostgreSQL: N servers on the one database, each with its own copy
//! of the index that LISTEN/NOTIFY keeps up to date, driven together by the same client mix;
//! and how long a write acknowledged by one server takes to show in another's search.
//!
//! The servers run in this process (own pools, indexes, indexers and listeners each; they share
//! only the process and its data key), so their figures come from one bench run and one set of
//! synthetic data. Separate processes would go through the same database and notifications.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::http::{HttpRun, http_load};
use super::measure::millis;
use crate::config::Config;
use crate::state::AppState;

/// Clients per instance in the load, as the target names (8 per instance).
const CLIENTS_PER_INSTANCE: usize = 8;
/// Writes whose visibility on another instance is timed.
const LAG_WRITES: usize = 60;
/// Longest wait for one write to appear elsewhere before it counts as lost.
const LAG_GIVE_UP: Duration = Duration::from_secs(30);

/// What the cluster phase reports.
#[derive(Debug, Serialize)]
pub(super) struct ClusterRun {
    pub instances: usize,
    pub clients_per_instance: usize,
    pub per_instance: Vec<HttpRun>,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: usize,
    /// From a write's 201 on one instance to its hit in another instance's search.
    pub visible_elsewhere_p50_ms: f64,
    pub visible_elsewhere_p99_ms: f64,
    pub visible_elsewhere_max_ms: f64,
    /// Writes that never showed on the other instance within 30 s.
    pub not_visible: usize,
}

/// Starts `instances` servers on `config`'s database, each on a copy of the index in
/// `index_dir`, and measures them. `village` is where the timed writes register people.
pub(super) async fn run(
    config: &Config,
    index_dir: &Path,
    instances: usize,
    token: &str,
    rounds: usize,
    village: &str,
) -> anyhow::Result<ClusterRun> {
    let mut servers = Vec::new();
    for i in 0..instances {
        let dir = config.data_dir.join(format!("instance-{i}"));
        let mut own = Config::for_data_dir(&dir, Some(config.database_url.0.clone()));
        own.data_key_file = config.data_key_file.clone();
        own.cipher = config.cipher;
        own.rate_limit_per_second = 0;
        copy_dir(index_dir, &own.index_dir())?;
        let app = crate::app::build(own).await?;
        let base = format!("http://{}", app.local_addr());
        let state = app.state.clone();
        let task = tokio::spawn(app.run(std::future::pending()));
        super::http::ready_after(&base, Instant::now()).await?;
        servers.push((base, state, task));
    }

    let loads: Vec<_> = servers
        .iter()
        .map(|(base, _, _)| {
            let (base, token) = (base.clone(), token.to_owned());
            tokio::spawn(
                async move { http_load(&base, &token, rounds, CLIENTS_PER_INSTANCE).await },
            )
        })
        .collect();
    let states: Vec<AppState> = servers.iter().map(|(_, s, _)| s.clone()).collect();
    let bases: Vec<String> = servers.iter().map(|(b, _, _)| b.clone()).collect();
    let lags = time_visibility(&bases, &states, token, village).await?;
    let mut per_instance = Vec::new();
    for load in loads {
        per_instance.push(load.await??);
    }
    for (_, _, task) in &servers {
        task.abort();
    }

    let mut all: Vec<f64> = per_instance
        .iter()
        .flat_map(|r| r.samples.iter().copied())
        .collect();
    let (p50_ms, p99_ms) = millis(&mut all);
    let (mut seen, not_visible) = lags;
    let (lag_p50, lag_p99) = millis(&mut seen);
    Ok(ClusterRun {
        instances,
        clients_per_instance: CLIENTS_PER_INSTANCE,
        rps: per_instance.iter().map(|r| r.rps).sum(),
        errors: per_instance.iter().map(|r| r.errors).sum(),
        per_instance,
        p50_ms,
        p99_ms,
        visible_elsewhere_p50_ms: lag_p50,
        visible_elsewhere_p99_ms: lag_p99,
        visible_elsewhere_max_ms: seen.iter().copied().fold(0.0, f64::max),
        not_visible,
    })
}

/// Writes a profile through instance `k % n` and waits for it in the index of `(k + 1) % n`,
/// one write at a time while the load runs. Returns the lags (ms) and how many never showed.
async fn time_visibility(
    bases: &[String],
    states: &[AppState],
    token: &str,
    village: &str,
) -> anyhow::Result<(Vec<f64>, usize)> {
    let n = bases.len();
    let mut lags = Vec::new();
    let mut lost = 0;
    for k in 0..LAG_WRITES {
        let body = serde_json::json!({
            "name": format!("集群{}", chinese_number(k)),
            "hometown_code": village,
            "chains": ["optical.fiber"],
        });
        let answer = post_json(&bases[k % n], token, "/api/v1/profiles", &body).await?;
        let acknowledged = Instant::now();
        let id = answer["id"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("创建档案未返回 id：{answer}"))?;
        let other = &states[(k + 1) % n];
        let query = search_index::SearchQuery {
            ids: Some(vec![id]),
            limit: 1,
            ..Default::default()
        };
        loop {
            if other.search.index.search(&query)?.total > 0 {
                lags.push(acknowledged.elapsed().as_secs_f64() * 1000.0);
                break;
            }
            if acknowledged.elapsed() > LAG_GIVE_UP {
                lost += 1;
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok((lags, lost))
}

/// Names that differ per write and read as names: 零 一 二 … for the digits of `k`.
fn chinese_number(k: usize) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    k.to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}

/// One POST with a JSON body on its own connection; the JSON answer of a 2xx.
async fn post_json(
    base: &str,
    token: &str,
    path: &str,
    body: &serde_json::Value,
) -> anyhow::Result<serde_json::Value> {
    let host = base.trim_start_matches("http://");
    let body = body.to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(host).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer)).await??;
    let text = String::from_utf8_lossy(&answer);
    let (head, json) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| anyhow::anyhow!("不完整的 HTTP 应答"))?;
    if !head.starts_with("HTTP/1.1 2") {
        anyhow::bail!("{path}：{}；{json}", head.lines().next().unwrap_or(""));
    }
    Ok(serde_json::from_str(json)?)
}

/// Copies the files of an index folder (flat: tantivy keeps no subfolders). The single
/// server's writer may still be merging segments, which deletes files under the copy: a
/// pass that loses a file starts again, until one pass copies every file it listed.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut attempt = 0;
    loop {
        match copy_once(from, to) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && attempt < 50 => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

fn copy_once(from: &Path, to: &Path) -> std::io::Result<()> {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_differ_per_write() {
        assert_eq!(super::chinese_number(0), "零");
        assert_eq!(super::chinese_number(407), "四零七");
    }
}
