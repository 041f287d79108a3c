//! An import that wrote leaves a receipt: a staged row marked `imported_at` that holds
//! the final report (and the file only while it has rejected rows to download), so the
//! page can redirect after the post and a refresh or the back button shows the result
//! instead of asking to send the form again. Receipts expire with the other stages.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000180_add_import_receipts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ImportStages::Table)
                .add_column(
                    ColumnDef::new(ImportStages::ImportedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ImportStages::Table)
                .drop_column(ImportStages::ImportedAt)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ImportStages {
    Table,
    ImportedAt,
}
