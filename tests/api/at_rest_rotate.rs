//! `xiangxian rotate-key --new-key-file F` (DESIGN "At rest"): every sealed value moves to the
//! new key, the mobile hashes follow, the new key takes the old one's place and the old one
//! is retired beside it; a rotation interrupted half-way is finished by running it again.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use xiangxian::crypto::{self, Algorithm, Keyring};
use xiangxian::domain::Role;

use crate::at_rest_contacts::cn;
use crate::binary::cli;
use crate::helpers::{TestApp, spawn_app};

async fn stored(app: &TestApp, sql: &str) -> Vec<String> {
    let conn = app.db.conn();
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

fn rotate(app: &TestApp, new_key: &std::path::Path) -> (bool, String) {
    let out = cli(
        app.data_dir.path(),
        &[
            "rotate-key",
            "--new-key-file",
            new_key.to_str().unwrap(),
            "--database-url",
            &app.database_url,
        ],
        None,
    );
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn rotate_key_reseals_everything_and_resumes_after_a_crash() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let mut ids = Vec::new();
    for i in 0..4 {
        let r = org
            .post(
                "/api/v1/profiles",
                json!({"name": format!("轮换{}", cn(i)), "hometown_code": "421222100201",
                       "mobile": format!("1350000000{i}"), "email": format!("p{i}@example.org")}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        ids.push(r.body["id"].as_i64().unwrap());
    }
    let key_file = app.data_dir.path().join("data.key");
    let old = crypto::read_key_file(&key_file).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let new_file = dir.path().join("new.key");
    let new = crypto::create_key_file(&new_file).unwrap();

    // A crash half-way: the new key is beside the old one and one row is already moved.
    std::fs::copy(&new_file, crypto::store::next_key_path(&key_file)).unwrap();
    let both = Keyring::new(new.clone(), Algorithm::Sm4Gcm).also(old.clone());
    let first = &stored(
        &app,
        &format!("SELECT mobile FROM profiles WHERE id = {}", ids[0]),
    )
    .await[0];
    let moved = both.seal(&both.open(first).unwrap());
    app.db
        .conn()
        .execute_unprepared(&format!(
            "UPDATE profiles SET mobile = '{moved}' WHERE id = {}",
            ids[0]
        ))
        .await
        .unwrap();

    let (ok, said) = rotate(&app, &new_file);
    assert!(ok, "{said}");
    assert!(said.contains("继续上次未完成的轮换"), "{said}");

    // Every sealed value now names the new key; the old key is retired, the new one installed.
    for column in ["mobile", "email"] {
        for value in stored(
            &app,
            &format!("SELECT {column} FROM profiles WHERE {column} IS NOT NULL"),
        )
        .await
        {
            assert_eq!(
                crypto::key_id_of(&value),
                Some(new.id()),
                "{column}: {value}"
            );
        }
    }
    for value in stored(
        &app,
        "SELECT after FROM audit_events WHERE after IS NOT NULL",
    )
    .await
    {
        assert_eq!(crypto::key_id_of(&value), Some(new.id()));
    }
    assert_eq!(crypto::read_key_file(&key_file).unwrap().id(), new.id());
    assert!(!crypto::store::next_key_path(&key_file).exists());
    let mut retired = key_file.as_os_str().to_owned();
    retired.push(format!(".{}.retired", old.id()));
    assert_eq!(
        crypto::read_key_file(std::path::Path::new(&retired))
            .unwrap()
            .id(),
        old.id()
    );

    // This process now runs with the new key: contacts read back, hashes fit the new key.
    crypto::install(Keyring::new(new.clone(), Algorithm::Sm4Gcm));
    let shown = org
        .post(
            &format!("/api/v1/profiles/{}/reveal", ids[0]),
            json!({"purpose": "项目对接联系"}),
        )
        .await;
    assert_eq!(shown.body["mobile"], "13500000000", "{}", shown.text);
    let hash: Option<Vec<u8>> = {
        let conn = app.db.conn();
        conn.query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT mobile_hash FROM profiles WHERE id = {}", ids[3]),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap()
    };
    assert_eq!(hash, crypto::mobile_hash(Some("13500000003")));
    let (code, said) = {
        let out = cli(
            app.data_dir.path(),
            &["audit", "verify", "--database-url", &app.database_url],
            None,
        );
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(code, Some(0), "the chain survives a rotation: {said}");
}
