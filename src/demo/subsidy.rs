//! The demo founder's enterprise with a year of monthly subsidy claims: ten
//! approved (so the ledger and the county report have figures) and the last
//! two waiting in the staff's queue. Written through the services, as the API does.

use chrono::{Datelike, Months, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use super::work::actor_of;
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::entity::application;
use crate::service::enterprise::{self, EnterpriseReq};
use crate::service::subsidy_claim::write::{self, ClaimReq, DecideReq};

fn err(e: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!(e.public_message())
}

/// Registers the enterprise of the demo founder's accepted application and
/// files the twelve months before this one.
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(founder) = actor_of(db, "founder").await? else {
        return Ok(());
    };
    let Some(app) = application::Entity::find()
        .filter(application::Column::FounderUserId.eq(founder.id()))
        .filter(application::Column::Status.eq("accepted"))
        .one(db.conn())
        .await?
    else {
        return Ok(());
    };
    let req = EnterpriseReq {
        name: Some("通城县信达无线科技有限公司".into()),
        credit_code: Some("91421222MA4F3K2L3M".into()),
        first_business: Some(true),
        application_id: Some(app.id),
    };
    let ent = enterprise::create(db, &founder, req).await.map_err(err)?;
    let system = CurrentUser::system("demo");
    let today = Utc::now().date_naive().with_day(1).unwrap_or_default();
    for back in (1..=12_u32).rev() {
        let Some(month) = today.checked_sub_months(Months::new(back)) else {
            continue;
        };
        // Summer months use more electricity.
        let utilities = if (6..=9).contains(&month.month()) {
            "1650.40"
        } else {
            "1100"
        };
        let claim = ClaimReq {
            enterprise_id: Some(ent.id),
            month: Some(month.format("%Y-%m").to_string()),
            property: Some(json!(800)),
            sanitation: Some(json!(100)),
            rent: Some(json!(6000)),
            utilities: Some(json!(utilities)),
        };
        let created = write::create(db, &founder, claim).await.map_err(err)?;
        if back > 2 {
            let decide = DecideReq {
                status: Some("approved".into()),
                note: Some("票据齐全".into()),
            };
            write::decide(db, &system, created.id, decide)
                .await
                .map_err(err)?;
        }
    }
    Ok(())
}
