//! Account controls (等保 2.0 身份鉴别): token expiry, the forced password
//! change after an administrator's reset, password age and history, and the
//! server's own secrets (the key of the anonymous forms' CSRF tokens).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000040_add_account_controls"
    }
}

/// Tokens issued before expiry existed get the default lifetime from now on.
const LEGACY_TOKEN_DAYS: u64 = 90;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(
                    ColumnDef::new(Users::MustChangePassword)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(
                    ColumnDef::new(Users::PasswordChangedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ApiTokens::Table)
                .add_column(
                    ColumnDef::new(ApiTokens::ExpiresAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .take(),
        )
        .await?;
        let expires = sea_orm_migration::sea_orm::prelude::ChronoUtc::now()
            + std::time::Duration::from_secs(LEGACY_TOKEN_DAYS * 24 * 3600);
        m.exec_stmt(
            Query::update()
                .table(ApiTokens::Table)
                .value(ApiTokens::ExpiresAt, expires)
                .and_where(Expr::col(ApiTokens::ExpiresAt).is_null())
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PasswordHistory::Table)
                .col(
                    ColumnDef::new(PasswordHistory::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(PasswordHistory::UserId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PasswordHistory::PasswordHash)
                        .text()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PasswordHistory::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_password_history_user")
                        .from(PasswordHistory::Table, PasswordHistory::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_password_history_user")
                .table(PasswordHistory::Table)
                .col(PasswordHistory::UserId)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ServerSecrets::Table)
                .col(
                    ColumnDef::new(ServerSecrets::Name)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ServerSecrets::Value).text().not_null())
                .col(
                    ColumnDef::new(ServerSecrets::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sessions_expires")
                .table(Sessions::Table)
                .col(Sessions::ExpiresAt)
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_sessions_expires")
                .table(Sessions::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(ServerSecrets::Table).take())
            .await?;
        m.drop_table(Table::drop().table(PasswordHistory::Table).take())
            .await?;
        m.alter_table(
            Table::alter()
                .table(ApiTokens::Table)
                .drop_column(ApiTokens::ExpiresAt)
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::PasswordChangedAt)
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::MustChangePassword)
                .take(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    MustChangePassword,
    PasswordChangedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum PasswordHistory {
    Table,
    Id,
    UserId,
    PasswordHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ServerSecrets {
    Table,
    Name,
    Value,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    ExpiresAt,
}
