//! The first schema: every table the design names.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000001_create_schema"
    }
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}
fn text(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().not_null().take()
}
fn text_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().null().take()
}
fn int(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().take()
}
fn int_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).integer().null().take()
}
fn big(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().take()
}
fn big_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().null().take()
}
fn boolean(col: impl IntoIden, default: bool) -> ColumnDef {
    ColumnDef::new(col)
        .boolean()
        .not_null()
        .default(default)
        .take()
}
fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .take()
}
fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().take()
}
fn real(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).double().not_null().take()
}
fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .take()
}
fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create().name(name).table(table).take();
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt
}

/// Regions and the chain taxonomy: reference data every record points at.
async fn reference_tables(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Regions::Table)
            .col(
                ColumnDef::new(Regions::Code)
                    .string_len(12)
                    .not_null()
                    .primary_key(),
            )
            .col(text(Regions::Name))
            .col(ColumnDef::new(Regions::Level).small_integer().not_null())
            .col(ColumnDef::new(Regions::ParentCode).string_len(12).null())
            .take(),
    )
    .await?;
    m.create_index(index(
        "idx_regions_parent",
        Regions::Table,
        &["parent_code"],
    ))
    .await?;

    m.create_table(
        Table::create()
            .table(Chains::Table)
            .col(
                ColumnDef::new(Chains::Code)
                    .string_len(32)
                    .not_null()
                    .primary_key(),
            )
            .col(text(Chains::Name))
            .col(ColumnDef::new(Chains::ParentCode).string_len(32).null())
            .col(int(Chains::Position))
            .take(),
    )
    .await?;
    Ok(())
}

/// Incubators and the accounts, sessions and API tokens of their people.
async fn account_tables(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Incubators::Table)
            .col(id(Incubators::Id))
            .col(text(Incubators::Name))
            .col(text(Incubators::Kind))
            .col(text(Incubators::Level))
            .col(
                ColumnDef::new(Incubators::CountyCode)
                    .string_len(12)
                    .not_null(),
            )
            .col(text(Incubators::Park))
            .col(text(Incubators::Address))
            .col(text(Incubators::Chains))
            .col(int(Incubators::Version))
            .col(big_null(Incubators::CreatedBy))
            .col(ts(Incubators::CreatedAt))
            .col(ts(Incubators::UpdatedAt))
            .foreign_key(&mut fk(
                "fk_incubators_county",
                (Incubators::Table, Incubators::CountyCode),
                (Regions::Table, Regions::Code),
                ForeignKeyAction::Restrict,
            ))
            .take(),
    )
    .await?;

    m.create_table(
        Table::create()
            .table(Users::Table)
            .col(id(Users::Id))
            .col(
                ColumnDef::new(Users::Username)
                    .string_len(64)
                    .not_null()
                    .unique_key(),
            )
            .col(text(Users::PasswordHash))
            .col(text(Users::Role))
            .col(ColumnDef::new(Users::ScopeCode).string_len(12).null())
            .col(big_null(Users::IncubatorId))
            .col(text(Users::DisplayName))
            .col(boolean(Users::Disabled, false))
            .col(int(Users::AuthEpoch))
            .col(big_null(Users::ProfileId))
            .col(ts(Users::CreatedAt))
            .col(ts(Users::UpdatedAt))
            .foreign_key(&mut fk(
                "fk_users_scope",
                (Users::Table, Users::ScopeCode),
                (Regions::Table, Regions::Code),
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut fk(
                "fk_users_incubator",
                (Users::Table, Users::IncubatorId),
                (Incubators::Table, Incubators::Id),
                ForeignKeyAction::Restrict,
            ))
            .take(),
    )
    .await?;

    m.create_table(
        Table::create()
            .table(Sessions::Table)
            .col(
                ColumnDef::new(Sessions::Id)
                    .string_len(64)
                    .not_null()
                    .primary_key(),
            )
            .col(text(Sessions::Data))
            .col(big_null(Sessions::UserId))
            .col(ts(Sessions::ExpiresAt))
            .take(),
    )
    .await?;
    m.create_index(index("idx_sessions_user", Sessions::Table, &["user_id"]))
        .await?;

    m.create_table(
        Table::create()
            .table(ApiTokens::Table)
            .col(id(ApiTokens::Id))
            .col(big(ApiTokens::UserId))
            .col(text(ApiTokens::Name))
            .col(
                ColumnDef::new(ApiTokens::TokenHash)
                    .string_len(64)
                    .not_null()
                    .unique_key(),
            )
            .col(ts(ApiTokens::CreatedAt))
            .col(ts_null(ApiTokens::LastUsedAt))
            .col(ts_null(ApiTokens::RevokedAt))
            .foreign_key(&mut fk(
                "fk_tokens_user",
                (ApiTokens::Table, ApiTokens::UserId),
                (Users::Table, Users::Id),
                ForeignKeyAction::Cascade,
            ))
            .take(),
    )
    .await?;
    Ok(())
}

/// The 乡贤会 and 乡贤联谊会 of villages and townships, one per region.
async fn association_tables(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Associations::Table)
            .col(id(Associations::Id))
            .col(
                ColumnDef::new(Associations::RegionCode)
                    .string_len(12)
                    .not_null(),
            )
            .col(text(Associations::Name))
            .col(ColumnDef::new(Associations::FoundedOn).date().null())
            .col(text(Associations::Head))
            .col(int(Associations::MemberCount))
            .col(int(Associations::Version))
            .col(big_null(Associations::CreatedBy))
            .col(ts(Associations::CreatedAt))
            .col(ts(Associations::UpdatedAt))
            .foreign_key(&mut fk(
                "fk_associations_region",
                (Associations::Table, Associations::RegionCode),
                (Regions::Table, Regions::Code),
                ForeignKeyAction::Restrict,
            ))
            .take(),
    )
    .await?;
    m.create_index(
        index(
            "uq_associations_region",
            Associations::Table,
            &["region_code"],
        )
        .unique()
        .take(),
    )
    .await?;
    Ok(())
}

/// The 乡贤 profiles and the codes that let a person claim one.
async fn profile_tables(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Profiles::Table)
            .col(id(Profiles::Id))
            .col(text(Profiles::Name))
            .col(text_null(Profiles::Gender))
            .col(int_null(Profiles::BirthYear))
            .col(
                ColumnDef::new(Profiles::HometownCode)
                    .string_len(12)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Profiles::CountyCode)
                    .string_len(6)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Profiles::ResidenceCode)
                    .string_len(12)
                    .null(),
            )
            .col(text(Profiles::Employer))
            .col(text(Profiles::Title))
            .col(text_null(Profiles::Education))
            .col(text(Profiles::Chains))
            .col(text(Profiles::Expertise))
            .col(text(Profiles::Bio))
            .col(text(Profiles::Intents))
            .col(text_null(Profiles::CapitalRange))
            .col(text_null(Profiles::Mobile))
            .col(text_null(Profiles::Wechat))
            .col(text_null(Profiles::Email))
            .col(boolean(Profiles::ConsentMatch, false))
            .col(text_null(Profiles::ConsentBasis))
            .col(ts_null(Profiles::ConsentAt))
            .col(big_null(Profiles::ConsentBy))
            .col(boolean(Profiles::Listed, true))
            .col(text(Profiles::Tier))
            .col(boolean(Profiles::Verified, false))
            .col(ts_null(Profiles::VerifiedAt))
            .col(big_null(Profiles::VerifiedBy))
            .col(ts_null(Profiles::LastConfirmedAt))
            .col(text(Profiles::Tags))
            .col(big_null(Profiles::OwnerUserId))
            .col(big_null(Profiles::MergedInto))
            .col(int(Profiles::Version))
            .col(big_null(Profiles::CreatedBy))
            .col(big_null(Profiles::UpdatedBy))
            .col(ts(Profiles::CreatedAt))
            .col(ts(Profiles::UpdatedAt))
            .col(ts_null(Profiles::DeletedAt))
            .foreign_key(&mut fk(
                "fk_profiles_hometown",
                (Profiles::Table, Profiles::HometownCode),
                (Regions::Table, Regions::Code),
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut fk(
                "fk_profiles_residence",
                (Profiles::Table, Profiles::ResidenceCode),
                (Regions::Table, Regions::Code),
                ForeignKeyAction::Restrict,
            ))
            .take(),
    )
    .await?;
    m.create_index(index(
        "idx_profiles_hometown",
        Profiles::Table,
        &["hometown_code"],
    ))
    .await?;
    m.create_index(index(
        "idx_profiles_county",
        Profiles::Table,
        &["county_code"],
    ))
    .await?;
    m.create_index(index(
        "idx_profiles_name",
        Profiles::Table,
        &["name", "hometown_code"],
    ))
    .await?;
    m.create_index(index("idx_profiles_mobile", Profiles::Table, &["mobile"]))
        .await?;
    m.create_index(index(
        "idx_profiles_owner",
        Profiles::Table,
        &["owner_user_id"],
    ))
    .await?;

    m.create_table(
        Table::create()
            .table(ClaimCodes::Table)
            .col(id(ClaimCodes::Id))
            .col(big(ClaimCodes::ProfileId))
            .col(
                ColumnDef::new(ClaimCodes::CodeHash)
                    .string_len(64)
                    .not_null()
                    .unique_key(),
            )
            .col(ts(ClaimCodes::ExpiresAt))
            .col(ts_null(ClaimCodes::UsedAt))
            .col(big_null(ClaimCodes::UsedBy))
            .col(big_null(ClaimCodes::CreatedBy))
            .col(ts(ClaimCodes::CreatedAt))
            .foreign_key(&mut fk(
                "fk_claim_codes_profile",
                (ClaimCodes::Table, ClaimCodes::ProfileId),
                (Profiles::Table, Profiles::Id),
                ForeignKeyAction::Cascade,
            ))
            .take(),
    )
    .await?;
    Ok(())
}

/// Projects and their pipeline of people and contacts.
async fn project_tables(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Projects::Table)
            .col(id(Projects::Id))
            .col(text(Projects::Title))
            .col(ColumnDef::new(Projects::Segment).string_len(32).not_null())
            .col(text(Projects::Description))
            .col(text(Projects::Needs))
            .col(
                ColumnDef::new(Projects::CountyCode)
                    .string_len(12)
                    .not_null(),
            )
            .col(text(Projects::Park))
            .col(big(Projects::InvestmentWan))
            .col(text(Projects::Stage))
            .col(text(Projects::TargetCompanies))
            .col(big_null(Projects::OwnerUserId))
            .col(int(Projects::Version))
            .col(big_null(Projects::CreatedBy))
            .col(ts(Projects::CreatedAt))
            .col(ts(Projects::UpdatedAt))
            .foreign_key(&mut fk(
                "fk_projects_county",
                (Projects::Table, Projects::CountyCode),
                (Regions::Table, Regions::Code),
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut fk(
                "fk_projects_segment",
                (Projects::Table, Projects::Segment),
                (Chains::Table, Chains::Code),
                ForeignKeyAction::Restrict,
            ))
            .take(),
    )
    .await?;

    m.create_table(
        Table::create()
            .table(PipelineEntries::Table)
            .col(id(PipelineEntries::Id))
            .col(big(PipelineEntries::ProjectId))
            .col(big(PipelineEntries::ProfileId))
            .col(text(PipelineEntries::Status))
            .col(text(PipelineEntries::Note))
            .col(big_null(PipelineEntries::AssignedTo))
            .col(ts_null(PipelineEntries::LastContactAt))
            .col(big_null(PipelineEntries::CreatedBy))
            .col(ts(PipelineEntries::CreatedAt))
            .col(ts(PipelineEntries::UpdatedAt))
            .foreign_key(&mut fk(
                "fk_pipeline_project",
                (PipelineEntries::Table, PipelineEntries::ProjectId),
                (Projects::Table, Projects::Id),
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_pipeline_profile",
                (PipelineEntries::Table, PipelineEntries::ProfileId),
                (Profiles::Table, Profiles::Id),
                ForeignKeyAction::Cascade,
            ))
            .take(),
    )
    .await?;
    m.create_index(
        index(
            "uq_pipeline_project_profile",
            PipelineEntries::Table,
            &["project_id", "profile_id"],
        )
        .unique()
        .take(),
    )
    .await?;
    m.create_index(index(
        "idx_pipeline_profile",
        PipelineEntries::Table,
        &["profile_id"],
    ))
    .await?;

    m.create_table(
        Table::create()
            .table(PipelineContacts::Table)
            .col(id(PipelineContacts::Id))
            .col(big(PipelineContacts::EntryId))
            .col(text(PipelineContacts::Channel))
            .col(text(PipelineContacts::Summary))
            .col(ColumnDef::new(PipelineContacts::At).date().not_null())
            .col(big_null(PipelineContacts::ByUser))
            .col(ts(PipelineContacts::CreatedAt))
            .foreign_key(&mut fk(
                "fk_contacts_entry",
                (PipelineContacts::Table, PipelineContacts::EntryId),
                (PipelineEntries::Table, PipelineEntries::Id),
                ForeignKeyAction::Cascade,
            ))
            .take(),
    )
    .await?;
    m.create_index(index(
        "idx_contacts_entry",
        PipelineContacts::Table,
        &["entry_id"],
    ))
    .await?;
    Ok(())
}

/// Incubator openings and the applications to them.
async fn opening_tables(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Openings::Table)
            .col(id(Openings::Id))
            .col(big(Openings::IncubatorId))
            .col(text(Openings::Kind))
            .col(text(Openings::Title))
            .col(real(Openings::AreaM2))
            .col(int(Openings::Units))
            .col(int(Openings::UnitsAvailable))
            .col(real(Openings::MonthlyRent))
            .col(ColumnDef::new(Openings::AvailableFrom).date().not_null())
            .col(text(Openings::Chains))
            .col(boolean(Openings::SubsidyEligible, false))
            .col(big_null(Openings::CreatedBy))
            .col(ts(Openings::CreatedAt))
            .col(ts(Openings::UpdatedAt))
            .col(ts_null(Openings::DeletedAt))
            .foreign_key(&mut fk(
                "fk_openings_incubator",
                (Openings::Table, Openings::IncubatorId),
                (Incubators::Table, Incubators::Id),
                ForeignKeyAction::Cascade,
            ))
            .check(Expr::col(Openings::UnitsAvailable).gte(0))
            .take(),
    )
    .await?;
    m.create_index(index(
        "idx_openings_incubator",
        Openings::Table,
        &["incubator_id"],
    ))
    .await?;

    m.create_table(
        Table::create()
            .table(Applications::Table)
            .col(id(Applications::Id))
            .col(big(Applications::OpeningId))
            .col(big(Applications::FounderUserId))
            .col(big_null(Applications::ProfileId))
            .col(text(Applications::Plan))
            .col(int(Applications::TeamSize))
            .col(real(Applications::AreaNeededM2))
            .col(text(Applications::Status))
            .col(text(Applications::Note))
            .col(big_null(Applications::DecidedBy))
            .col(ts(Applications::CreatedAt))
            .col(ts(Applications::UpdatedAt))
            .foreign_key(&mut fk(
                "fk_applications_opening",
                (Applications::Table, Applications::OpeningId),
                (Openings::Table, Openings::Id),
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_applications_founder",
                (Applications::Table, Applications::FounderUserId),
                (Users::Table, Users::Id),
                ForeignKeyAction::Cascade,
            ))
            .take(),
    )
    .await?;
    m.create_index(index(
        "idx_applications_opening",
        Applications::Table,
        &["opening_id"],
    ))
    .await?;
    m.create_index(index(
        "idx_applications_founder",
        Applications::Table,
        &["founder_user_id"],
    ))
    .await?;
    Ok(())
}

/// The audit trail, the search change queue and notices.
async fn record_tables(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(AuditEvents::Table)
            .col(id(AuditEvents::Id))
            .col(ts(AuditEvents::At))
            .col(big_null(AuditEvents::ActorId))
            .col(text(AuditEvents::ActorName))
            .col(text(AuditEvents::Action))
            .col(text(AuditEvents::Entity))
            .col(text_null(AuditEvents::EntityId))
            .col(text_null(AuditEvents::Before))
            .col(text_null(AuditEvents::After))
            .col(text(AuditEvents::Detail))
            .col(text(AuditEvents::ClientAddr))
            .take(),
    )
    .await?;
    m.create_index(index("idx_audit_at", AuditEvents::Table, &["at"]))
        .await?;
    m.create_index(index("idx_audit_actor", AuditEvents::Table, &["actor_id"]))
        .await?;

    m.create_table(
        Table::create()
            .table(SearchChanges::Table)
            .col(id(SearchChanges::Id))
            .col(text(SearchChanges::Entity))
            .col(big(SearchChanges::EntityId))
            .col(ts(SearchChanges::CreatedAt))
            .take(),
    )
    .await?;

    m.create_table(
        Table::create()
            .table(Notices::Table)
            .col(id(Notices::Id))
            .col(big(Notices::UserId))
            .col(text(Notices::Kind))
            .col(text(Notices::Message))
            .col(text(Notices::Link))
            .col(ts_null(Notices::ReadAt))
            .col(ts(Notices::CreatedAt))
            .foreign_key(&mut fk(
                "fk_notices_user",
                (Notices::Table, Notices::UserId),
                (Users::Table, Users::Id),
                ForeignKeyAction::Cascade,
            ))
            .take(),
    )
    .await?;
    m.create_index(index("idx_notices_user", Notices::Table, &["user_id"]))
        .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        reference_tables(m).await?;
        account_tables(m).await?;
        association_tables(m).await?;
        profile_tables(m).await?;
        project_tables(m).await?;
        opening_tables(m).await?;
        record_tables(m).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so foreign keys never block a drop.
        for table in [
            Notices::Table.into_iden(),
            SearchChanges::Table.into_iden(),
            AuditEvents::Table.into_iden(),
            Applications::Table.into_iden(),
            Openings::Table.into_iden(),
            PipelineContacts::Table.into_iden(),
            PipelineEntries::Table.into_iden(),
            Projects::Table.into_iden(),
            ClaimCodes::Table.into_iden(),
            Profiles::Table.into_iden(),
            Associations::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
            Incubators::Table.into_iden(),
            Chains::Table.into_iden(),
            Regions::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Regions {
    Table,
    Code,
    Name,
    Level,
    ParentCode,
}
#[derive(DeriveIden)]
enum Chains {
    Table,
    Code,
    Name,
    ParentCode,
    Position,
}
#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    PasswordHash,
    Role,
    ScopeCode,
    IncubatorId,
    DisplayName,
    Disabled,
    AuthEpoch,
    ProfileId,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    UserId,
    ExpiresAt,
}
#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}
#[derive(DeriveIden)]
enum Associations {
    Table,
    Id,
    RegionCode,
    Name,
    FoundedOn,
    Head,
    MemberCount,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum Profiles {
    Table,
    Id,
    Name,
    Gender,
    BirthYear,
    HometownCode,
    CountyCode,
    ResidenceCode,
    Employer,
    Title,
    Education,
    Chains,
    Expertise,
    Bio,
    Intents,
    CapitalRange,
    Mobile,
    Wechat,
    Email,
    ConsentMatch,
    ConsentBasis,
    ConsentAt,
    ConsentBy,
    Listed,
    Tier,
    Verified,
    VerifiedAt,
    VerifiedBy,
    LastConfirmedAt,
    Tags,
    OwnerUserId,
    MergedInto,
    Version,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}
#[derive(DeriveIden)]
enum ClaimCodes {
    Table,
    Id,
    ProfileId,
    CodeHash,
    ExpiresAt,
    UsedAt,
    UsedBy,
    CreatedBy,
    CreatedAt,
}
#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Title,
    Segment,
    Description,
    Needs,
    CountyCode,
    Park,
    InvestmentWan,
    Stage,
    TargetCompanies,
    OwnerUserId,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum PipelineEntries {
    Table,
    Id,
    ProjectId,
    ProfileId,
    Status,
    Note,
    AssignedTo,
    LastContactAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum PipelineContacts {
    Table,
    Id,
    EntryId,
    Channel,
    Summary,
    At,
    ByUser,
    CreatedAt,
}
#[derive(DeriveIden)]
enum Incubators {
    Table,
    Id,
    Name,
    Kind,
    Level,
    CountyCode,
    Park,
    Address,
    Chains,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum Openings {
    Table,
    Id,
    IncubatorId,
    Kind,
    Title,
    AreaM2,
    Units,
    UnitsAvailable,
    MonthlyRent,
    AvailableFrom,
    Chains,
    SubsidyEligible,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}
#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    OpeningId,
    FounderUserId,
    ProfileId,
    Plan,
    TeamSize,
    AreaNeededM2,
    Status,
    Note,
    DecidedBy,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    ActorId,
    ActorName,
    Action,
    Entity,
    EntityId,
    Before,
    After,
    Detail,
    ClientAddr,
}
#[derive(DeriveIden)]
enum SearchChanges {
    Table,
    Id,
    Entity,
    EntityId,
    CreatedAt,
}
#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    UserId,
    Kind,
    Message,
    Link,
    ReadAt,
    CreatedAt,
}
