//! Projects are need-to-know: a `public` flag (default false) marks the ones whose summary
//! founders and organizers may see. And 请求协同: county staff ask the staff of a person's
//! home county to introduce someone outside their own scope to a project.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000020_add_project_public_and_collaboration"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Projects::Table)
                .add_column(
                    ColumnDef::new(Projects::Public)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CollaborationRequests::Table)
                .col(
                    ColumnDef::new(CollaborationRequests::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(CollaborationRequests::ProjectId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CollaborationRequests::ProfileId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CollaborationRequests::HomeCounty)
                        .string_len(12)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CollaborationRequests::Status)
                        .text()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CollaborationRequests::RequestedBy)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(CollaborationRequests::DecidedBy)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(CollaborationRequests::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CollaborationRequests::DecidedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_collaboration_project")
                        .from(
                            CollaborationRequests::Table,
                            CollaborationRequests::ProjectId,
                        )
                        .to(Projects::Table, Projects::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_collaboration_profile")
                        .from(
                            CollaborationRequests::Table,
                            CollaborationRequests::ProfileId,
                        )
                        .to(Profiles::Table, Profiles::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_collaboration_home_county")
                .table(CollaborationRequests::Table)
                .col(CollaborationRequests::HomeCounty)
                .col(CollaborationRequests::Status)
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CollaborationRequests::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Projects::Table)
                .drop_column(Projects::Public)
                .take(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Public,
}

#[derive(DeriveIden)]
enum Profiles {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CollaborationRequests {
    Table,
    Id,
    ProjectId,
    ProfileId,
    HomeCounty,
    Status,
    RequestedBy,
    DecidedBy,
    CreatedAt,
    DecidedAt,
}
