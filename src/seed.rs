//! Reference data every database needs: the taxonomy.

use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Set};

use crate::db::Db;
use crate::domain::CHAINS;
use crate::entity::chain;

/// Inserts the chains and segments that are missing (names are refreshed).
pub async fn ensure_chains(db: &Db) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for (position, (code, name, segments)) in CHAINS.iter().enumerate() {
        rows.push(chain::ActiveModel {
            code: Set((*code).into()),
            name: Set((*name).into()),
            parent_code: Set(None),
            position: Set(position as i32 * 100),
        });
        for (i, (seg, seg_name)) in segments.iter().enumerate() {
            rows.push(chain::ActiveModel {
                code: Set((*seg).into()),
                name: Set((*seg_name).into()),
                parent_code: Set(Some((*code).into())),
                position: Set(position as i32 * 100 + i as i32 + 1),
            });
        }
    }
    let txn = db.write().await?;
    chain::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(chain::Column::Code)
                .update_column(chain::Column::Name)
                .to_owned(),
        )
        .exec_without_returning(&*txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
