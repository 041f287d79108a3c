//! 扫码登记: what a person sends from a village's QR poster waits here for the village's
//! organizer. The profile it created stays unlisted and unverified until accepted; a
//! rejected one is deleted with its personal data.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000120_create_self_registrations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SelfRegistrations::Table)
                .col(
                    ColumnDef::new(SelfRegistrations::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(SelfRegistrations::ProfileId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SelfRegistrations::VillageCode)
                        .text()
                        .not_null(),
                )
                .col(ColumnDef::new(SelfRegistrations::Status).text().not_null())
                .col(
                    ColumnDef::new(SelfRegistrations::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(SelfRegistrations::DecidedAt).timestamp_with_time_zone())
                .col(ColumnDef::new(SelfRegistrations::DecidedBy).big_integer())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_self_registrations_village_status")
                .table(SelfRegistrations::Table)
                .col(SelfRegistrations::VillageCode)
                .col(SelfRegistrations::Status)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SelfRegistrations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SelfRegistrations {
    Table,
    Id,
    ProfileId,
    VillageCode,
    Status,
    CreatedAt,
    DecidedAt,
    DecidedBy,
}
