//! What the Excel import of clerks' own sheets needs: a contact note and a
//! residence as typed on profiles (landlines, “微信同号”, “东莞长安” that names
//! no county), and staged uploads, so that 确认导入 writes what the preview
//! showed without a second upload. A stage belongs to one user and expires.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000030_add_import_staging"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Profiles::Table)
                .add_column(ColumnDef::new(Profiles::ContactNote).string_len(200).null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Profiles::Table)
                .add_column(
                    ColumnDef::new(Profiles::ResidenceText)
                        .string_len(100)
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ImportStages::Table)
                .col(
                    ColumnDef::new(ImportStages::Id)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ImportStages::UserId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ImportStages::Filename)
                        .string_len(255)
                        .not_null(),
                )
                .col(ColumnDef::new(ImportStages::Bytes).blob().not_null())
                .col(ColumnDef::new(ImportStages::Mapping).text().not_null())
                .col(ColumnDef::new(ImportStages::Report).text().null())
                .col(ColumnDef::new(ImportStages::Revealed).text().not_null())
                .col(
                    ColumnDef::new(ImportStages::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ImportStages::ExpiresAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_import_stages_expires")
                .table(ImportStages::Table)
                .col(ImportStages::ExpiresAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ImportStages::Table).to_owned())
            .await?;
        for col in [Profiles::ContactNote, Profiles::ResidenceText] {
            m.alter_table(
                Table::alter()
                    .table(Profiles::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Profiles {
    Table,
    ContactNote,
    ResidenceText,
}

#[derive(DeriveIden)]
enum ImportStages {
    Table,
    Id,
    UserId,
    Filename,
    Bytes,
    Mapping,
    Report,
    Revealed,
    CreatedAt,
    ExpiresAt,
}
