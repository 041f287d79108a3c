//! The `import_stages` table: an uploaded sheet kept between its preview and
//! 确认导入, for its owner only, until it expires.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "import_stages")]
pub struct Model {
    /// A random id (32 hex digits); knowing it is not enough, the owner is checked too.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub user_id: i64,
    pub filename: String,
    pub bytes: Vec<u8>,
    /// JSON: the clerk's mapping corrections, `{"sheet index": {"column index": "field" | null}}`.
    pub mapping: String,
    /// JSON of the last preview's report, so a refresh does not run (and reveal) again.
    pub report: Option<String>,
    /// JSON list of profile ids whose contacts the preview already compared.
    pub revealed: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// Set on a receipt: the import was written and `report` is its final report.
    pub imported_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
