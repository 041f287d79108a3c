//! Encryption at rest and a tamper-evident audit log (等保 2.0 level 2).
//!
//! Schema only: the contacts stay text columns, now holding ciphertext (`enc:…`) that the
//! application writes; a keyed hash of the mobile finds duplicates; each audit row gets
//! the hash chain columns, and a unique `prev_hash` makes a fork impossible even between
//! two servers on one PostgreSQL. Sealing the rows that exist is a data step the
//! application runs at start (it needs the key, which a migration must not know).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000050_seal_contacts_and_chain_audit"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // An index over ciphertext finds nothing; the hash column takes its place.
        m.drop_index(
            Index::drop()
                .name("idx_profiles_mobile")
                .table(Profiles::Table)
                .to_owned(),
        )
        .await?;
        add_text(m, Profiles::Table, Profiles::MobileHash).await?;
        m.create_index(
            Index::create()
                .name("idx_profiles_mobile_hash")
                .table(Profiles::Table)
                .col(Profiles::MobileHash)
                .to_owned(),
        )
        .await?;
        for col in [
            AuditEvents::PrevHash,
            AuditEvents::Hash,
            AuditEvents::SnapshotDigest,
        ] {
            add_text(m, AuditEvents::Table, col).await?;
        }
        m.create_index(
            Index::create()
                .name("uq_audit_events_prev_hash")
                .table(AuditEvents::Table)
                .col(AuditEvents::PrevHash)
                .unique()
                .to_owned(),
        )
        .await?;
        // Where an archived stretch of the chain ended, so the rest still verifies.
        m.create_table(
            Table::create()
                .table(AuditAnchors::Table)
                .col(
                    ColumnDef::new(AuditAnchors::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AuditAnchors::LastId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(AuditAnchors::LastHash).text().not_null())
                .col(
                    ColumnDef::new(AuditAnchors::RowCount)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(AuditAnchors::File).text().not_null())
                .col(
                    ColumnDef::new(AuditAnchors::ArchivedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        // Small settings of the encryption: the progress of a key rotation.
        m.create_table(
            Table::create()
                .table(CryptoState::Table)
                .col(
                    ColumnDef::new(CryptoState::Name)
                        .text()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(CryptoState::Value).text().not_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CryptoState::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(AuditAnchors::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("uq_audit_events_prev_hash")
                .table(AuditEvents::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            AuditEvents::SnapshotDigest,
            AuditEvents::Hash,
            AuditEvents::PrevHash,
        ] {
            drop_col(m, AuditEvents::Table, col).await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_profiles_mobile_hash")
                .table(Profiles::Table)
                .to_owned(),
        )
        .await?;
        drop_col(m, Profiles::Table, Profiles::MobileHash).await?;
        m.create_index(
            Index::create()
                .name("idx_profiles_mobile")
                .table(Profiles::Table)
                .col(Profiles::Mobile)
                .to_owned(),
        )
        .await
    }
}

async fn add_text(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    col: impl IntoIden,
) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(table)
            .add_column(ColumnDef::new(col).text().null())
            .to_owned(),
    )
    .await
}

async fn drop_col(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    col: impl IntoIden,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
        .await
}

#[derive(DeriveIden)]
enum Profiles {
    Table,
    Mobile,
    MobileHash,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    PrevHash,
    Hash,
    SnapshotDigest,
}

#[derive(DeriveIden)]
enum AuditAnchors {
    Table,
    Id,
    LastId,
    LastHash,
    RowCount,
    File,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum CryptoState {
    Table,
    Name,
    Value,
}
