//! A 对接 entry carries the day the clerk means to call again (下次跟进日期), set
//! with a contact or on its own, so that the board can show what is due today
//! instead of every clerk keeping it on paper.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000170_add_pipeline_next_follow_up"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(PipelineEntries::Table)
                .add_column(
                    ColumnDef::new(PipelineEntries::NextFollowUpOn)
                        .date()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        // The board asks "what is due by today" of every entry in scope.
        m.create_index(
            Index::create()
                .name("idx_pipeline_entries_next_follow_up_on")
                .table(PipelineEntries::Table)
                .col(PipelineEntries::NextFollowUpOn)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_pipeline_entries_next_follow_up_on")
                .table(PipelineEntries::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(PipelineEntries::Table)
                .drop_column(PipelineEntries::NextFollowUpOn)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum PipelineEntries {
    Table,
    NextFollowUpOn,
}
