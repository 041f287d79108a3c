//! What the benchmark reads of its own run: percentiles of samples, the
//! process's peak memory and the machine's load (Linux `/proc`).

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

pub(super) fn millis(samples: &mut [f64]) -> (f64, f64) {
    samples.sort_by(|a, b| a.total_cmp(b));
    (percentile(samples, 50.0), percentile(samples, 99.0))
}

/// A memory figure of process `process` (`self` or a pid) from Linux `/proc/…/status`
/// (`VmHWM`, the peak resident size; `VmRSS`, the resident size now), in bytes; 0 when the
/// process is gone.
pub(super) fn status_bytes(process: &str, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{process}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// Peak resident memory of this process (Linux), in bytes.
pub(super) fn peak_rss() -> u64 {
    status_bytes("self", "VmHWM")
}

/// Starts a new peak for [`peak_rss`] at the current resident size (Linux), so a phase's own
/// peak can be read; what earlier phases left allocated still counts.
pub(super) fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The 1-minute load average (Linux): the machine is shared, and figures mean little without it.
pub(super) fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0.0)
}
