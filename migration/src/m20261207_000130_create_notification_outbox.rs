//! Notices beyond the site: an outbox written in the same transaction as the event it
//! announces (e-mail and SMS, sent later by a dispatcher with retries), per-person opt-outs
//! by channel, and the one-time links of 请本人确认 (freshness). The outbox keeps ids and
//! non-personal words only; names and contacts are read at send time, so erasure leaves
//! nothing behind.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000130_create_notification_outbox"
    }
}

fn id_col<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(id_col(Outbox::Id))
                .col(ColumnDef::new(Outbox::UserId).big_integer())
                .col(ColumnDef::new(Outbox::ProfileId).big_integer())
                .col(ColumnDef::new(Outbox::Channel).text().not_null())
                .col(ColumnDef::new(Outbox::Template).text().not_null())
                .col(ColumnDef::new(Outbox::Params).text().not_null())
                .col(ColumnDef::new(Outbox::Status).text().not_null())
                .col(ColumnDef::new(Outbox::Attempts).integer().not_null())
                .col(
                    ColumnDef::new(Outbox::NextAttemptAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Outbox::LastError).text().not_null())
                .col(
                    ColumnDef::new(Outbox::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Outbox::SentAt).timestamp_with_time_zone())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notification_outbox_due")
                .table(Outbox::Table)
                .col(Outbox::Status)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notification_outbox_profile")
                .table(Outbox::Table)
                .col(Outbox::ProfileId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Optouts::Table)
                .col(id_col(Optouts::Id))
                .col(ColumnDef::new(Optouts::ProfileId).big_integer().not_null())
                .col(ColumnDef::new(Optouts::Channel).text().not_null())
                .col(
                    ColumnDef::new(Optouts::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notification_optouts_profile_channel")
                .table(Optouts::Table)
                .col(Optouts::ProfileId)
                .col(Optouts::Channel)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Confirms::Table)
                .col(id_col(Confirms::Id))
                .col(ColumnDef::new(Confirms::ProfileId).big_integer().not_null())
                .col(ColumnDef::new(Confirms::TokenSalt).text().not_null())
                .col(ColumnDef::new(Confirms::TokenHash).text().not_null())
                .col(ColumnDef::new(Confirms::RequestedBy).big_integer())
                .col(
                    ColumnDef::new(Confirms::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Confirms::ExpiresAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Confirms::UsedAt).timestamp_with_time_zone())
                .col(ColumnDef::new(Confirms::Correction).text())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_profile_confirm_requests_hash")
                .table(Confirms::Table)
                .col(Confirms::TokenHash)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Confirms::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Optouts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    #[sea_orm(iden = "notification_outbox")]
    Table,
    Id,
    UserId,
    ProfileId,
    Channel,
    Template,
    Params,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum Optouts {
    #[sea_orm(iden = "notification_optouts")]
    Table,
    Id,
    ProfileId,
    Channel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Confirms {
    #[sea_orm(iden = "profile_confirm_requests")]
    Table,
    Id,
    ProfileId,
    TokenSalt,
    TokenHash,
    RequestedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    Correction,
}
