//! Enterprises of returning founders and their monthly subsidy claims
//! (专栏4-2). Money is stored in integer 分; one claim per enterprise and
//! month, enforced by a unique index.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000080_create_enterprises_and_subsidy_claims"
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

fn fen<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Enterprises::Table)
                .col(id_col(Enterprises::Id))
                .col(ColumnDef::new(Enterprises::Name).text().not_null())
                .col(ColumnDef::new(Enterprises::CreditCode).text().not_null())
                .col(
                    ColumnDef::new(Enterprises::FirstBusiness)
                        .boolean()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Enterprises::ApplicationId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Enterprises::FounderUserId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Enterprises::IncubatorId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Enterprises::CountyCode).text().not_null())
                .col(
                    ColumnDef::new(Enterprises::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_enterprises_credit_code")
                .table(Enterprises::Table)
                .col(Enterprises::CreditCode)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_enterprises_application")
                .table(Enterprises::Table)
                .col(Enterprises::ApplicationId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SubsidyClaims::Table)
                .col(id_col(SubsidyClaims::Id))
                .col(
                    ColumnDef::new(SubsidyClaims::EnterpriseId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(SubsidyClaims::Month).text().not_null())
                .col(fen(SubsidyClaims::PropertyFen))
                .col(fen(SubsidyClaims::SanitationFen))
                .col(fen(SubsidyClaims::RentFen))
                .col(fen(SubsidyClaims::UtilitiesFen))
                .col(fen(SubsidyClaims::SubsidyFen))
                .col(ColumnDef::new(SubsidyClaims::Status).text().not_null())
                .col(ColumnDef::new(SubsidyClaims::Note).text().not_null())
                .col(
                    ColumnDef::new(SubsidyClaims::DecidedBy)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(SubsidyClaims::DecidedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(SubsidyClaims::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_subsidy_claims_enterprise_month")
                .table(SubsidyClaims::Table)
                .col(SubsidyClaims::EnterpriseId)
                .col(SubsidyClaims::Month)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SubsidyClaims::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Enterprises::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Enterprises {
    Table,
    Id,
    Name,
    CreditCode,
    FirstBusiness,
    ApplicationId,
    FounderUserId,
    IncubatorId,
    CountyCode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SubsidyClaims {
    Table,
    Id,
    EnterpriseId,
    Month,
    PropertyFen,
    SanitationFen,
    RentFen,
    UtilitiesFen,
    SubsidyFen,
    Status,
    Note,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}
