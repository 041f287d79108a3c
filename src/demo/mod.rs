//! The demo data set: a living system within a minute of the first start.
//! Thousands of 乡贤 across the real villages, associations in part of the
//! townships, and one login per role.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

use crate::auth::{CurrentUser, password};
use crate::db::Db;
use crate::domain::Role;
use crate::entity::{association, profile, region, user};
use crate::service::audit::Ctx;
use crate::service::{profile::write, user as users};
use crate::synth;

mod chains;
mod events;
mod organizations;
mod subsidy;
mod work;
mod work_data;

/// How many 乡贤 the demo holds.
pub const DEMO_PROFILES: u64 = 3_000;

/// The demo's shared password: for trying the system locally, never for real data.
pub const DEMO_PASSWORD: &str = "xiangxian-demo-2026";

/// One demo login, printed at start.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: &'static str,
    pub role: Role,
    pub scope: Option<&'static str>,
    pub what: &'static str,
}

pub const LOGINS: &[DemoLogin] = &[
    DemoLogin {
        username: "admin",
        role: Role::Admin,
        scope: None,
        what: "市级管理员：用户、审计日志、全部数据",
    },
    DemoLogin {
        username: "city_staff",
        role: Role::Staff,
        scope: Some("4212"),
        what: "市级工作人员：全市名录、项目库、对接",
    },
    DemoLogin {
        username: "tc_staff",
        role: Role::Staff,
        scope: Some("421222"),
        what: "通城县工作人员：本县名录与项目",
    },
    DemoLogin {
        username: "jsz_organizer",
        role: Role::Organizer,
        scope: Some("421222100"),
        what: "隽水镇乡贤联谊会组织者：本镇档案、导入、乡贤会",
    },
    DemoLogin {
        username: "founder",
        role: Role::Founder,
        scope: None,
        what: "乡贤本人：本人档案、孵化空间、申请",
    },
];

/// The operator login, made once the first incubator exists.
pub const OPERATOR: &str = "gx_operator";

/// Loads the demo when the database holds no profiles; returns whether it did.
pub async fn load_if_empty(db: &Db) -> anyhow::Result<bool> {
    if profile::Entity::find().count(db.conn()).await? > 0 {
        return Ok(false);
    }
    load(db).await?;
    let first_incubator = work::load(db).await?;
    chains::load(db).await?;
    if let Some(incubator) = first_incubator {
        let hash = password::hash(DEMO_PASSWORD.to_owned())
            .await
            .map_err(|e| anyhow::anyhow!(e.public_message()))?;
        let txn = db.write().await?;
        users::insert(
            &*txn,
            &Ctx::system("demo"),
            OPERATOR,
            hash,
            Role::Operator,
            None,
            Some(incubator),
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!(e.public_message()))?;
        txn.commit().await?;
    }
    organizations::load(db).await?;
    events::load(db).await?;
    Ok(true)
}

async fn load(db: &Db) -> anyhow::Result<()> {
    let villages = synth::villages(db.conn()).await?;
    let hash = password::hash(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!(e.public_message()))?;
    let ctx = Ctx::system("demo");
    let system = CurrentUser::system("demo");
    let txn = db.write().await?;
    let mut founder_id = None;
    for login in LOGINS {
        if user::Entity::find()
            .filter(user::Column::Username.eq(login.username))
            .count(&*txn)
            .await?
            > 0
        {
            continue;
        }
        let created = users::insert(
            &*txn,
            &ctx,
            login.username,
            hash.clone(),
            login.role,
            login.scope.map(str::to_owned),
            None,
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!(e.public_message()))?;
        if login.role == Role::Founder {
            founder_id = Some(created.id);
        }
    }
    let now = Utc::now();
    let mut verified = Vec::new();
    for i in 0..DEMO_PROFILES {
        let person = synth::profile(i, &villages);
        // The founder login owns the first person, as if they had claimed it.
        let owner = if i == 0 { founder_id } else { None };
        let created = write::insert(&*txn, &system, person.fields(), owner)
            .await
            .map_err(|e| anyhow::anyhow!(e.public_message()))?;
        if i == 0
            && let Some(fid) = founder_id
        {
            user::Entity::update_many()
                .col_expr(user::Column::ProfileId, Expr::value(created.id))
                .filter(user::Column::Id.eq(fid))
                .exec(&*txn)
                .await?;
        }
        if person.verified {
            verified.push(created.id);
        }
    }
    // Verified some time ago, so the dashboard shows records going stale.
    for chunk in verified.chunks(500) {
        profile::Entity::update_many()
            .col_expr(profile::Column::Verified, Expr::value(true))
            .col_expr(
                profile::Column::VerifiedAt,
                Expr::value(now - Duration::days(200)),
            )
            .col_expr(
                profile::Column::LastConfirmedAt,
                Expr::value(now - Duration::days(200)),
            )
            .filter(profile::Column::Id.is_in(chunk.to_vec()))
            .exec(&*txn)
            .await?;
    }
    // Records entered long ago and never confirmed since.
    profile::Entity::update_many()
        .col_expr(
            profile::Column::CreatedAt,
            Expr::value(now - Duration::days(500)),
        )
        .filter(profile::Column::Id.lte(300))
        .filter(profile::Column::Verified.eq(false))
        .exec(&*txn)
        .await?;
    // 乡贤联谊会 in two thirds of the townships, 乡贤会 in part of their villages.
    let units = region::Entity::find()
        .filter(region::Column::Code.starts_with(crate::domain::CITY_CODE))
        .filter(region::Column::Level.gte(4))
        .order_by_asc(region::Column::Code)
        .all(&*txn)
        .await?;
    let mut rows = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        let roll = (i as u64).wrapping_mul(2_654_435_761) % 100;
        let (keep, suffix) = if unit.level == 4 {
            (roll < 66, "乡贤联谊会")
        } else {
            (roll < 45, "乡贤会")
        };
        if keep {
            let short = crate::service::region::normalise_place(&unit.name);
            rows.push(association::ActiveModel {
                region_code: Set(unit.code.clone()),
                name: Set(format!("{short}{suffix}")),
                founded_on: Set(chrono::NaiveDate::from_ymd_opt(
                    2021 + (roll % 4) as i32,
                    1 + (roll % 12) as u32,
                    1 + (roll % 28) as u32,
                )),
                head: Set(String::new()),
                member_count: Set(5 + (roll % 40) as i32),
                version: Set(1),
                created_by: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    for chunk in rows.chunks(500) {
        association::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&*txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The lines printed at start: where to go and how to sign in.
pub fn login_banner(base: &str) -> String {
    let mut out = format!(
        "演示数据已就绪。打开 {base}/login ，任选一个账号登录（密码均为 {DEMO_PASSWORD}）：\n"
    );
    for login in LOGINS {
        out.push_str(&format!("  {:<14} {}\n", login.username, login.what));
    }
    out.push_str(&format!(
        "  {OPERATOR:<14} 孵化载体运营方：咸宁高新区众创空间的空间与申请\n"
    ));
    out
}
