//! `bench --without-encryption` is the baseline that measures what encryption at rest costs
//! (issue 12): the same run with nothing sealed, and it says so in its figures. It is
//! refused where it could leave clear contacts behind (a real database). No timing is
//! asserted.

use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_xiangxian");

fn bench(extra: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN)
        .args(["bench", "--profiles", "60", "--rounds", "1", "--json"])
        .args(extra)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run bench");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn figures(stdout: &str) -> Value {
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn the_baseline_run_says_it_seals_nothing_and_the_normal_run_says_it_seals() {
    let (ok, stdout, stderr) = bench(&["--without-encryption"]);
    assert!(ok, "baseline bench failed:\n{stdout}\n{stderr}");
    assert_eq!(figures(&stdout)["encryption"], false, "{stdout}");

    let (ok, stdout, stderr) = bench(&[]);
    assert!(ok, "bench failed:\n{stdout}\n{stderr}");
    assert_eq!(figures(&stdout)["encryption"], true, "{stdout}");
}

#[test]
fn the_baseline_is_refused_on_a_real_database() {
    let (ok, _, stderr) = bench(&[
        "--without-encryption",
        "--database-url",
        "postgres://postgres@127.0.0.1:5432/xxt_never_created",
    ]);
    assert!(!ok);
    assert!(stderr.contains("--without-encryption"), "{stderr}");
}
