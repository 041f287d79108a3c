use migration::{Migrator, MigratorTrait};

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
