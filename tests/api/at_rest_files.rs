//! File modes (DESIGN "At rest"): the data folder is created 0700, and the database, its WAL
//! and shared-memory files and the data key 0600 from the moment they exist: checked right
//! after the service creates them, in-process on both databases and as `serve` on SQLite.
#![allow(clippy::unwrap_used)] // a test should fail loudly
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::binary::{Server, on_sqlite};
use crate::helpers::spawn_app_with;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn assert_private(dir: &Path, sqlite: bool) {
    assert_eq!(mode(dir), 0o700, "data folder");
    assert_eq!(mode(&dir.join("data.key")), 0o600, "data key");
    if sqlite {
        for file in xiangxian::backup::database_files(&dir.join("xiangxian.db")) {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }
}

#[tokio::test]
async fn the_app_creates_its_folder_0700_and_its_files_0600() {
    let mut dir = None;
    let app = spawn_app_with(|c| {
        let nested = c.data_dir.join("new").join("data");
        c.data_key_file = nested.join("data.key");
        if c.is_sqlite() {
            c.database_url.0 = format!(
                "sqlite://{}?mode=rwc",
                nested.join("xiangxian.db").display()
            );
        }
        c.data_dir = nested.clone();
        dir = Some(nested);
    })
    .await;
    let dir = dir.unwrap();
    assert_private(&dir, app.database_url.starts_with("sqlite"));
}

#[tokio::test]
async fn serve_creates_its_folder_0700_and_its_files_0600() {
    if !on_sqlite() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("fresh");
    let server = Server::start(&dir, &root.path().join("server.log"), &[]);
    server.wait_ready().await;
    assert_private(&dir, true);
    server.stop();
}
