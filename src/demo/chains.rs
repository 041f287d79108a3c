//! The demo's 以商招商 and 优秀乡贤企业: jobs on some projects, referrals by
//! people and companies, and one signed project moved to 已落地 so that its
//! referrals are credited the way a clerk's would be.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::auth::CurrentUser;
use crate::db::Db;
use crate::entity::{profile, project};
use crate::service::project::input::ProjectReq;
use crate::service::project::write as projects;
use crate::service::referral::{self, ReferralReq};

/// (project title, jobs it creates).
const JOBS: &[(&str, i64)] = &[
    ("LED背光模组基地", 320),
    ("100G光模块封装测试", 180),
    ("液晶显示模组及配套项目", 600),
    ("无线充电接收端模组生产线", 450),
];

/// (project title, referring company, note).
const COMPANY_REFERRALS: &[(&str, &str, &str)] = &[
    (
        "LED背光模组基地",
        "格莱德电子",
        "配套企业引荐上游背光模组厂商",
    ),
    ("100G光模块封装测试", "博创科技", "在光博会上引荐"),
    ("无线充电接收端模组生产线", "瀛通通讯", "本地链主企业引荐"),
];

fn err(e: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!(e.public_message())
}

async fn project_titled(db: &Db, title: &str) -> anyhow::Result<Option<project::Model>> {
    Ok(project::Entity::find()
        .filter(project::Column::Title.eq(title))
        .one(db.conn())
        .await?)
}

/// The first listed person of `segment`, to refer its project.
async fn person_of(db: &Db, segment: &str) -> anyhow::Result<Option<i64>> {
    Ok(profile::Entity::find()
        .filter(profile::Column::Chains.contains(format!("\"{segment}\"")))
        .filter(profile::Column::Listed.eq(true))
        .filter(profile::Column::DeletedAt.is_null())
        .order_by_desc(profile::Column::Id)
        .one(db.conn())
        .await?
        .map(|p| p.id))
}

pub async fn load(db: &Db) -> anyhow::Result<()> {
    let system = CurrentUser::system("demo");
    for (title, jobs) in JOBS {
        if let Some(p) = project_titled(db, title).await? {
            let req = ProjectReq {
                jobs: Some(*jobs),
                version: Some(p.version),
                ..Default::default()
            };
            projects::update(db, &system, p.id, req)
                .await
                .map_err(err)?;
        }
    }
    for (title, company, note) in COMPANY_REFERRALS {
        if let Some(p) = project_titled(db, title).await? {
            let req = ReferralReq {
                project_id: Some(p.id),
                company: Some((*company).into()),
                note: Some((*note).into()),
                ..Default::default()
            };
            referral::create(db, &system, req).await.map_err(err)?;
            if let Some(person) = person_of(db, &p.segment).await? {
                let req = ReferralReq {
                    project_id: Some(p.id),
                    profile_id: Some(person),
                    note: Some("在深圳咸宁商会活动中牵线".into()),
                    ..Default::default()
                };
                referral::create(db, &system, req).await.map_err(err)?;
            }
        }
    }
    // The signed optical-module project lands now: its referrals are credited.
    if let Some(p) = project_titled(db, "100G光模块封装测试").await? {
        let req = ProjectReq {
            stage: Some("landed".into()),
            version: Some(p.version),
            ..Default::default()
        };
        projects::update(db, &system, p.id, req)
            .await
            .map_err(err)?;
    }
    Ok(())
}
