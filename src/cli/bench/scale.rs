//! The bench's paths that grow with the registry rather than with the query
//! rate: importing a large xlsx through the command line's batched import,
//! the city dashboard and coverage pages as a city staff member, a large
//! export, and the server's peak memory.

use std::time::Instant;

use serde_json::{Value, json};

use super::measure::{millis, peak_rss, status_bytes};
use crate::config::Config;
use crate::db::Db;
use crate::service::region::RegionNames;
use crate::synth;

/// Rows of the generated import: 100,000, fewer when the registry is small
/// (CI's `--profiles 2000` imports 200).
pub(super) fn default_import_rows(profiles: u64) -> u64 {
    (profiles / 10).clamp(100, 100_000)
}

/// Generates an xlsx of `rows` people (numbered after the loaded ones, so no mobile
/// repeats one) and imports it with the real `xiangxian import profiles` in a process of its
/// own on the same database: the time, the row report, and that process's peak memory
/// (read from `/proc/PID/status` while it runs), not the bench's.
pub(super) async fn import_phase(
    config: &Config,
    names: &RegionNames,
    villages: &[String],
    first: u64,
    rows: u64,
) -> anyhow::Result<Value> {
    let people: Vec<Vec<String>> = (first..first + rows)
        .map(|n| {
            let p = synth::profile(n, villages);
            vec![
                p.name.clone(),
                names.local_name(&p.hometown_code),
                // Distinct from the loaded ones: 171 instead of 170.
                format!("171{}", p.mobile.get(3..).unwrap_or_default()),
                p.employer.to_owned(),
                p.title.to_owned(),
            ]
        })
        .collect();
    let bytes = tokio::task::spawn_blocking(move || xlsx(&people)).await??;
    let sheet = config.data_dir.join("bench-import.xlsx");
    let report_file = config.data_dir.join("bench-import-report.json");
    std::fs::write(&sheet, &bytes)?;
    let args = [
        "import".as_ref(),
        "profiles".as_ref(),
        "--valid-rows".as_ref(),
        "--report".as_ref(),
        report_file.as_os_str(),
        sheet.as_os_str(),
    ];
    let (secs, peak) = run_command(config, &config.data_dir, &args).await?;
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&report_file)?)?;
    let count = |key: &str| report[key].as_u64().unwrap_or(0);
    let duplicates = report["duplicates"].as_array().map_or(0, Vec::len);
    Ok(json!({
        "import_rows": rows,
        "import_xlsx_bytes": bytes.len(),
        "import_s": (secs * 100.0).round() / 100.0,
        "import_rows_per_s": (count("rows") as f64 / secs.max(1e-9)).round(),
        "import_created": count("created"),
        "import_rejected": count("rejected"),
        "import_duplicates": duplicates,
        "import_peak_rss_bytes": peak,
    }))
}

/// Runs `xiangxian ARGS` in a process of its own on the bench's database and data key,
/// with `data_dir` as its folder: seconds taken and that process's peak resident memory
/// (its high-water mark read while it runs: it only grows, so the last reading before the
/// exit is the peak).
async fn run_command(
    config: &Config,
    data_dir: &std::path::Path,
    args: &[&std::ffi::OsStr],
) -> anyhow::Result<(f64, u64)> {
    let start = Instant::now();
    let mut child = tokio::process::Command::new(std::env::current_exe()?)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--database-url")
        .arg(&config.database_url.0)
        .arg("--data-key-file")
        .arg(&config.data_key_file)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let pid = child.id().unwrap_or_default();
    let mut peak = 0;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        peak = peak.max(status_bytes(&pid.to_string(), "VmHWM"));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    if !status.success() {
        let mut said = String::new();
        if let Some(mut err) = child.stderr.take() {
            use tokio::io::AsyncReadExt;
            err.read_to_string(&mut said).await?;
        }
        anyhow::bail!("xiangxian {args:?} failed ({status}): {said}");
    }
    Ok((start.elapsed().as_secs_f64(), peak))
}

/// `xiangxian reindex` as an operator runs it, in a fresh process with an index folder of
/// its own: its rate and peak memory, free of what the bench's earlier phases left resident
/// (the in-process rebuild starts from the load phase's leftovers, which vary run to run).
pub(super) async fn reindex_phase(config: &Config, db: &Db) -> anyhow::Result<Value> {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let profiles = crate::entity::profile::Entity::find()
        .filter(crate::entity::profile::Column::DeletedAt.is_null())
        .filter(crate::entity::profile::Column::Listed.eq(true))
        .count(db.conn())
        .await?;
    let dir = config.data_dir.join("reindex");
    std::fs::create_dir_all(&dir)?;
    let (secs, peak) = run_command(config, &dir, &["reindex".as_ref()]).await?;
    Ok(json!({
        "reindex_profiles": profiles,
        "reindex_s": (secs * 100.0).round() / 100.0,
        "reindex_per_s": (profiles as f64 / secs.max(1e-9)).round(),
        "reindex_peak_rss_bytes": peak,
    }))
}

fn xlsx(rows: &[Vec<String>]) -> anyhow::Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    for (c, h) in ["姓名", "籍贯", "手机号", "工作单位", "职务"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, v)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

/// GET `path` as the bearer of `token`: status and body length.
async fn get(host: &str, path: &str, token: &str) -> anyhow::Result<(u16, usize)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(host).await?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut data = Vec::new();
    stream.read_to_end(&mut data).await?;
    let end = data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(data.len(), |e| e + 4);
    let status = String::from_utf8_lossy(data.get(9..12).unwrap_or_default())
        .parse()
        .unwrap_or(0);
    Ok((status, data.len() - end))
}

/// Times the dashboard, coverage and an export of at most 50,000 rows on the
/// running server as a city staff member; the server's peak memory after.
pub(super) async fn pages_phase(
    base: &str,
    db: &Db,
    profiles: u64,
    rounds: usize,
) -> anyhow::Result<Value> {
    let ctx = crate::service::audit::Ctx::system("bench");
    let staff = crate::service::user::insert(
        db.conn(),
        &ctx,
        "bench_city_staff",
        String::new(),
        crate::domain::Role::Staff,
        Some(crate::domain::CITY_CODE.to_owned()),
        None,
        None,
    )
    .await
    .map_err(|e| anyhow::anyhow!(e.public_message()))?;
    let (_, token) = crate::service::token::issue(db, &ctx, staff.id, "bench")
        .await
        .map_err(|e| anyhow::anyhow!(e.public_message()))?;
    let host = base.trim_start_matches("http://");
    let mut out = serde_json::Map::new();
    let requests = rounds.clamp(3, 10);
    for (key, path) in [
        ("dashboard", "/"),
        ("coverage_api", "/api/v1/stats/coverage?region=4212"),
        ("coverage_page", "/coverage"),
    ] {
        let mut samples = Vec::new();
        for _ in 0..requests {
            let t = Instant::now();
            let (status, _) = get(host, path, &token).await?;
            if status != 200 {
                anyhow::bail!("{path} answered {status}");
            }
            samples.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let (p50, p99) = millis(&mut samples);
        out.insert(format!("{key}_p50_ms"), json!(p50));
        out.insert(format!("{key}_p99_ms"), json!(p99));
    }
    // The largest selection that fits in one export: the city, a county, or a county's
    // people of one chain (at a million a county alone is over the limit).
    let (path, expected_rows) = export_target(db).await?;
    out.insert("export_expected_rows".into(), json!(expected_rows));
    let before = peak_rss();
    let rss_before = status_bytes("self", "VmRSS");
    let t = Instant::now();
    let (status, bytes) = get(host, &path, &token).await?;
    out.insert("export_path".into(), json!(path));
    out.insert("export_rss_before_bytes".into(), json!(rss_before));
    out.insert(
        "export_rss_after_bytes".into(),
        json!(status_bytes("self", "VmRSS")),
    );
    out.insert("export_s".into(), json!(t.elapsed().as_secs_f64()));
    out.insert("export_status".into(), json!(status));
    out.insert("export_bytes".into(), json!(bytes));
    out.insert("export_peak_rss_before_bytes".into(), json!(before));
    out.insert("export_peak_rss_after_bytes".into(), json!(peak_rss()));
    if profiles > 50_000 {
        // Over the limit: refused after a count, before any row is read.
        let t = Instant::now();
        let (status, _) = get(host, "/api/v1/profiles/export", &token).await?;
        out.insert("export_refused_status".into(), json!(status));
        out.insert(
            "export_refused_ms".into(),
            json!(t.elapsed().as_secs_f64() * 1000.0),
        );
    }
    out.insert(
        "peak_rss_mb".into(),
        json!((peak_rss() as f64 / 1e6).round()),
    );
    Ok(Value::Object(out))
}

/// The export of the most rows within the limit, and how many rows it should hold, from
/// the counters the database keeps.
async fn export_target(db: &Db) -> anyhow::Result<(String, u64)> {
    use crate::service::{export::MAX_ROWS, tallies};
    let kinds = [tallies::LIVE, tallies::CHAIN];
    let counters = tallies::under(db.conn(), crate::domain::CITY_CODE, &kinds)
        .await
        .map_err(|e| anyhow::anyhow!(e.public_message()))?;
    let mut sizes: std::collections::BTreeMap<String, u64> = Default::default();
    for t in counters {
        let county = t.hometown_code.get(..6).unwrap_or_default();
        let n = u64::try_from(t.n).unwrap_or(0);
        let (city, selection) = if t.kind == tallies::LIVE {
            (Some(String::new()), format!("region={county}"))
        } else {
            (None, format!("region={county}&chain={}", t.key))
        };
        if let Some(city) = city {
            *sizes.entry(city).or_default() += n;
        }
        *sizes.entry(selection).or_default() += n;
    }
    let best = sizes
        .into_iter()
        .filter(|(_, n)| *n <= MAX_ROWS as u64)
        .max_by_key(|(_, n)| *n)
        .unwrap_or_default();
    let path = match best.0.as_str() {
        "" => "/api/v1/profiles/export".to_owned(),
        query => format!("/api/v1/profiles/export?{query}"),
    };
    Ok((path, best.1))
}
