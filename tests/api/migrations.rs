use migration::{Migrator, MigratorTrait};

use crate::helpers::spawn_app;

#[tokio::test]
async fn migrations_go_down_and_up_again() {
    let app = spawn_app().await;
    let conn = app.db.conn();
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
