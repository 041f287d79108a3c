//! 乡情返乡活动 and 创业培训: events, and one invitation per person and event
//! (a unique index), each with the hash of its personal RSVP link.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000100_create_events_and_invitations"
    }
}

fn id_col<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn at<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn at_null<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Events::Table)
                .col(id_col(Events::Id))
                .col(ColumnDef::new(Events::Kind).text().not_null())
                .col(ColumnDef::new(Events::Title).text().not_null())
                .col(ColumnDef::new(Events::RegionCode).text().not_null())
                .col(at(Events::StartsAt))
                .col(ColumnDef::new(Events::Place).text().not_null())
                .col(ColumnDef::new(Events::Capacity).integer().not_null())
                .col(ColumnDef::new(Events::Provider).text().not_null())
                .col(ColumnDef::new(Events::CreatedBy).big_integer().null())
                .col(ColumnDef::new(Events::Version).integer().not_null())
                .col(at(Events::CreatedAt))
                .col(at(Events::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_events_region_starts")
                .table(Events::Table)
                .col(Events::RegionCode)
                .col(Events::StartsAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EventInvitations::Table)
                .col(id_col(EventInvitations::Id))
                .col(
                    ColumnDef::new(EventInvitations::EventId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EventInvitations::ProfileId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(EventInvitations::Status).text().not_null())
                .col(
                    ColumnDef::new(EventInvitations::TokenHash)
                        .text()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EventInvitations::TokenSalt)
                        .text()
                        .not_null(),
                )
                .col(at_null(EventInvitations::TokenUsedAt))
                .col(at_null(EventInvitations::AnsweredAt))
                .col(at_null(EventInvitations::AttendedAt))
                .col(
                    ColumnDef::new(EventInvitations::CheckedInBy)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(EventInvitations::InvitedBy)
                        .big_integer()
                        .null(),
                )
                .col(at(EventInvitations::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_event_invitations_event_profile")
                .table(EventInvitations::Table)
                .col(EventInvitations::EventId)
                .col(EventInvitations::ProfileId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_event_invitations_token")
                .table(EventInvitations::Table)
                .col(EventInvitations::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_event_invitations_profile")
                .table(EventInvitations::Table)
                .col(EventInvitations::ProfileId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EventInvitations::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Events::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Kind,
    Title,
    RegionCode,
    StartsAt,
    Place,
    Capacity,
    Provider,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventInvitations {
    Table,
    Id,
    EventId,
    ProfileId,
    Status,
    TokenHash,
    TokenSalt,
    TokenUsedAt,
    AnsweredAt,
    AttendedAt,
    CheckedInBy,
    InvitedBy,
    CreatedAt,
}
