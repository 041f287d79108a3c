//! 以商招商 and 优秀乡贤企业: a project keeps the jobs it creates, the stage it
//! was shelved from (it may only go back there) and when it landed (the year
//! of its award); referrals name who brought a project lead and are credited
//! once the project lands.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000110_add_referrals_jobs_and_awards"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            ColumnDef::new(Projects::Jobs)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(Projects::StageBeforeShelved)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(Projects::LandedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            let mut column = column;
            m.alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
        }
        // Projects that landed before this change landed when they were last edited.
        m.exec_stmt(
            Query::update()
                .table(Projects::Table)
                .value(Projects::LandedAt, Expr::col(Projects::UpdatedAt))
                .and_where(Expr::col(Projects::Stage).eq("landed"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Referrals::Table)
                .col(
                    ColumnDef::new(Referrals::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Referrals::ProjectId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Referrals::ReferrerKind).text().not_null())
                .col(ColumnDef::new(Referrals::ProfileId).big_integer().null())
                .col(ColumnDef::new(Referrals::CompanyName).text().not_null())
                .col(ColumnDef::new(Referrals::Note).text().not_null())
                .col(ColumnDef::new(Referrals::CreatedBy).big_integer().null())
                .col(
                    ColumnDef::new(Referrals::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Referrals::CreditedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Referrals::Table, Referrals::ProjectId)
                        .to(Projects::Table, Projects::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_referrals_project")
                .table(Referrals::Table)
                .col(Referrals::ProjectId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_referrals_profile")
                .table(Referrals::Table)
                .col(Referrals::ProfileId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Referrals::Table).to_owned())
            .await?;
        for column in [
            Projects::Jobs,
            Projects::StageBeforeShelved,
            Projects::LandedAt,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Stage,
    UpdatedAt,
    Jobs,
    StageBeforeShelved,
    LandedAt,
}

#[derive(DeriveIden)]
enum Referrals {
    Table,
    Id,
    ProjectId,
    ReferrerKind,
    ProfileId,
    CompanyName,
    Note,
    CreatedBy,
    CreatedAt,
    CreditedAt,
}
