use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::spawn_app;

#[tokio::test]
async fn migrations_go_down_and_up_again() {
    // On SQLite, a database of its own that no running app (indexer, session
    // expiry) reads while its tables are dropped and made again.
    let app = spawn_app().await;
    let own_dir = tempfile::tempdir().expect("tempdir");
    let own_db = if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        None
    } else {
        let config = xiangxian::config::Config::for_data_dir(own_dir.path(), None);
        Some(xiangxian::app::prepare_db(&config).await.expect("database"))
    };
    let conn = own_db.as_ref().unwrap_or(&app.db).conn();
    assert!(
        Migrator::get_pending_migrations(conn)
            .await
            .unwrap()
            .is_empty()
    );
    Migrator::down(conn, None).await.expect("down");
    assert_eq!(
        Migrator::get_pending_migrations(conn).await.unwrap().len(),
        Migrator::migrations().len()
    );
    Migrator::up(conn, None).await.expect("up again");
    assert!(
        Migrator::get_pending_migrations(conn)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_mobile_hash_kept_as_64_hex_digits_becomes_its_first_16_bytes_and_still_matches() {
    // spawn_app installs this process's data key; SQLite gets a database of its own, as above.
    let app = spawn_app().await;
    let own_dir = tempfile::tempdir().expect("tempdir");
    let own_db = if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        None
    } else {
        let config = xiangxian::config::Config::for_data_dir(own_dir.path(), None);
        Some(xiangxian::app::prepare_db(&config).await.expect("database"))
    };
    let db = own_db.as_ref().unwrap_or(&app.db);
    let conn = db.conn();
    let villages = xiangxian::synth::villages(conn).await.unwrap();
    let person = xiangxian::synth::profile(7, &villages);
    let actor = xiangxian::auth::CurrentUser::system("test");
    let created = xiangxian::service::profile::write::insert(conn, &actor, person.fields(), None)
        .await
        .unwrap();

    // Back to the version that stored 64 hex digits, and the row as that version wrote it.
    let all = Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name() == "m20261207_000160_store_contact_hash_as_bytes")
        .expect("the migration is listed");
    Migrator::down(conn, Some((all.len() - at) as u32))
        .await
        .expect("down");
    let backend = conn.get_database_backend();
    conn.execute_raw(Statement::from_string(
        backend,
        format!(
            "UPDATE profiles SET mobile_hash = mobile_hash || '00112233445566778899aabbccddeeff' \
             WHERE id = {}",
            created.id
        ),
    ))
    .await
    .unwrap();
    Migrator::up(conn, None).await.expect("up again");

    let stored: Option<Vec<u8>> = conn
        .query_one_raw(Statement::from_string(
            backend,
            format!("SELECT mobile_hash FROM profiles WHERE id = {}", created.id),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    assert_eq!(stored, xiangxian::crypto::mobile_hash(Some(&person.mobile)));
    let found = xiangxian::service::profile::duplicates::by_mobile(conn, &person.mobile)
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![created.id]
    );
}
