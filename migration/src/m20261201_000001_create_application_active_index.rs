//! One active application per founder per opening, enforced by the database
//! (a partial unique index: rejected applications do not count), so that two
//! concurrent submissions cannot both get in on PostgreSQL either.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000001_create_application_active_index"
    }
}

const INDEX: &str = "uq_applications_active";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(INDEX)
                .table(Applications::Table)
                .col(Applications::OpeningId)
                .col(Applications::FounderUserId)
                .unique()
                .and_where(Expr::col(Applications::Status).ne("rejected"))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(INDEX)
                .table(Applications::Table)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    OpeningId,
    FounderUserId,
    Status,
}
