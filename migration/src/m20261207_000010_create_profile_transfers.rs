//! Ownership transfers waiting for approval: a claim or a merge that would
//! hand a person's record to an account whose mobile does not match the
//! record's waits here until a staff member of the record's county (not the
//! one who issued the code or asked for the merge) approves or rejects it.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000010_create_profile_transfers"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ProfileTransfers::Table)
                .col(
                    ColumnDef::new(ProfileTransfers::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(ProfileTransfers::Kind).text().not_null())
                .col(
                    ColumnDef::new(ProfileTransfers::ProfileId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ProfileTransfers::IntoProfileId)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(ProfileTransfers::AccountUserId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ProfileTransfers::RequestedBy)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(ProfileTransfers::CountyCode)
                        .text()
                        .not_null(),
                )
                .col(ColumnDef::new(ProfileTransfers::Status).text().not_null())
                .col(
                    ColumnDef::new(ProfileTransfers::DecidedBy)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(ProfileTransfers::DecidedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(ProfileTransfers::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_profile_transfers_status")
                .table(ProfileTransfers::Table)
                .col(ProfileTransfers::Status)
                .col(ProfileTransfers::CountyCode)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ProfileTransfers::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ProfileTransfers {
    Table,
    Id,
    Kind,
    ProfileId,
    IntoProfileId,
    AccountUserId,
    RequestedBy,
    CountyCode,
    Status,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}
