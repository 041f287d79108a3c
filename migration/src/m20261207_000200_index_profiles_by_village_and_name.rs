//! A large import looks up each row's (village, name) among the registry's people before
//! writing it: an index on the pair answers that directly, where the village or the name
//! alone matched thousands of rows at a million profiles.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000200_index_profiles_by_village_and_name"
    }
}

const INDEX: &str = "idx_profiles_hometown_name";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(INDEX)
                .table(Profiles::Table)
                .col(Profiles::HometownCode)
                .col(Profiles::Name)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(INDEX).table(Profiles::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Profiles {
    Table,
    HometownCode,
    Name,
}
