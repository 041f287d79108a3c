//! 乡贤组织 above the village (同乡会, 商会, 博士联谊会, …) with their members,
//! and the requests founders file with the 返乡创业综合服务中心. A profile is a
//! member of an organisation at most once (unique index).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000090_create_organizations_and_service_requests"
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

fn text<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).text().not_null().to_owned()
}

fn at<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn at_or_null<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn big<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

fn big_or_null<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().null().to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: &[&str], unique: bool) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(Alias::new(*c));
    }
    if unique {
        idx.unique();
    }
    idx.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Organizations::Table)
                .col(id_col(Organizations::Id))
                .col(text(Organizations::Kind))
                .col(text(Organizations::Name))
                .col(text(Organizations::RegionCode))
                .col(ColumnDef::new(Organizations::FoundedOn).date().null())
                .col(text(Organizations::Note))
                .col(ColumnDef::new(Organizations::Version).integer().not_null())
                .col(big_or_null(Organizations::CreatedBy))
                .col(at(Organizations::CreatedAt))
                .col(at(Organizations::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_organizations_region",
            Organizations::Table,
            &["region_code"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(OrganizationMembers::Table)
                .col(id_col(OrganizationMembers::Id))
                .col(big(OrganizationMembers::OrganizationId))
                .col(big(OrganizationMembers::ProfileId))
                .col(text(OrganizationMembers::Role))
                .col(ColumnDef::new(OrganizationMembers::Since).date().null())
                .col(big_or_null(OrganizationMembers::CreatedBy))
                .col(at(OrganizationMembers::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_organization_members_org_profile",
            OrganizationMembers::Table,
            &["organization_id", "profile_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "idx_organization_members_profile",
            OrganizationMembers::Table,
            &["profile_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(ServiceRequests::Table)
                .col(id_col(ServiceRequests::Id))
                .col(big(ServiceRequests::FounderUserId))
                .col(big_or_null(ServiceRequests::ProfileId))
                .col(text(ServiceRequests::CountyCode))
                .col(text(ServiceRequests::Kind))
                .col(text(ServiceRequests::Summary))
                .col(text(ServiceRequests::Status))
                .col(text(ServiceRequests::Note))
                .col(big_or_null(ServiceRequests::HandledBy))
                .col(at_or_null(ServiceRequests::HandledAt))
                .col(ColumnDef::new(ServiceRequests::Rating).integer().null())
                .col(at_or_null(ServiceRequests::RatedAt))
                .col(at(ServiceRequests::SubmittedAt))
                .col(at(ServiceRequests::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_service_requests_county",
            ServiceRequests::Table,
            &["county_code", "status"],
            false,
        ))
        .await?;
        m.create_index(index(
            "idx_service_requests_founder",
            ServiceRequests::Table,
            &["founder_user_id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ServiceRequests::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(OrganizationMembers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Organizations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    Kind,
    Name,
    RegionCode,
    FoundedOn,
    Note,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrganizationMembers {
    Table,
    Id,
    OrganizationId,
    ProfileId,
    Role,
    Since,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ServiceRequests {
    Table,
    Id,
    FounderUserId,
    ProfileId,
    CountyCode,
    Kind,
    Summary,
    Status,
    Note,
    HandledBy,
    HandledAt,
    Rating,
    RatedAt,
    SubmittedAt,
    UpdatedAt,
}
