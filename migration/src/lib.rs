//! The database schema of 乡贤通, one migration per change.
//!
//! Migrations use only the schema DSL, never the application's entities, so an
//! old migration keeps meaning what it meant when it was written.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_schema;
mod m20261201_000001_create_application_active_index;
mod m20261207_000010_create_profile_transfers;
mod m20261207_000080_create_enterprises_and_subsidy_claims;

/// Runs every migration in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_schema::Migration),
            Box::new(m20261201_000001_create_application_active_index::Migration),
            Box::new(m20261207_000010_create_profile_transfers::Migration),
            Box::new(m20261207_000080_create_enterprises_and_subsidy_claims::Migration),
        ]
    }
}
