//! The database schema of 乡贤通, one migration per change.
//!
//! Migrations use only the schema DSL, never the application's entities, so an
//! old migration keeps meaning what it meant when it was written.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_schema;
mod m20261201_000001_create_application_active_index;
mod m20261207_000010_create_profile_transfers;
mod m20261207_000020_add_project_public_and_collaboration;
mod m20261207_000030_add_import_staging;
mod m20261207_000040_add_account_controls;
mod m20261207_000050_seal_contacts_and_chain_audit;
mod m20261207_000060_add_pipeline_match_score;
mod m20261207_000080_create_enterprises_and_subsidy_claims;
mod m20261207_000090_create_organizations_and_service_requests;
mod m20261207_000100_create_events_and_invitations;
mod m20261207_000110_add_referrals_jobs_and_awards;
mod m20261207_000120_create_self_registrations;
mod m20261207_000130_create_notification_outbox;
mod m20261207_000160_store_contact_hash_as_bytes;
mod m20261207_000170_add_pipeline_next_follow_up;
mod m20261207_000180_add_import_receipts;
mod m20261207_000190_create_profile_tallies;
mod m20261207_000200_index_profiles_by_village_and_name;
mod m20261207_000210_order_profile_tally_locks;
mod m20261208_000220_defer_bulk_profile_tallies;

/// Runs every migration in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_schema::Migration),
            Box::new(m20261201_000001_create_application_active_index::Migration),
            Box::new(m20261207_000010_create_profile_transfers::Migration),
            Box::new(m20261207_000020_add_project_public_and_collaboration::Migration),
            Box::new(m20261207_000050_seal_contacts_and_chain_audit::Migration),
            Box::new(m20261207_000040_add_account_controls::Migration),
            Box::new(m20261207_000030_add_import_staging::Migration),
            Box::new(m20261207_000060_add_pipeline_match_score::Migration),
            Box::new(m20261207_000080_create_enterprises_and_subsidy_claims::Migration),
            Box::new(m20261207_000090_create_organizations_and_service_requests::Migration),
            Box::new(m20261207_000100_create_events_and_invitations::Migration),
            Box::new(m20261207_000110_add_referrals_jobs_and_awards::Migration),
            Box::new(m20261207_000120_create_self_registrations::Migration),
            Box::new(m20261207_000130_create_notification_outbox::Migration),
            Box::new(m20261207_000160_store_contact_hash_as_bytes::Migration),
            Box::new(m20261207_000170_add_pipeline_next_follow_up::Migration),
            Box::new(m20261207_000180_add_import_receipts::Migration),
            Box::new(m20261207_000190_create_profile_tallies::Migration),
            Box::new(m20261207_000200_index_profiles_by_village_and_name::Migration),
            Box::new(m20261207_000210_order_profile_tally_locks::Migration),
            Box::new(m20261208_000220_defer_bulk_profile_tallies::Migration),
        ]
    }
}
