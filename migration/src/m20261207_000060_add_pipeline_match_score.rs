//! Each 对接 entry keeps the match score and its parts as they were when the person was
//! shortlisted, so that what happened to the entry (signed, landed, dropped) can be set
//! against what the engine said of the person: `GET /api/v1/matching/report`. Entries made
//! before this change have neither.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000060_add_pipeline_match_score"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(PipelineEntries::Table)
                .add_column(ColumnDef::new(PipelineEntries::MatchScore).double().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(PipelineEntries::Table)
                .add_column(ColumnDef::new(PipelineEntries::MatchParts).text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [PipelineEntries::MatchParts, PipelineEntries::MatchScore] {
            m.alter_table(
                Table::alter()
                    .table(PipelineEntries::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum PipelineEntries {
    Table,
    MatchScore,
    MatchParts,
}
