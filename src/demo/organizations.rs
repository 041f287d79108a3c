//! The demo's 乡贤社团, made from the free-text tags the synthetic people
//! carry (深圳咸宁商会, 博士联谊会, …), with those people as members; and the
//! demo founder's requests to the 创业服务中心 in three states, one overdue.

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::work::actor_of;
use crate::db::Db;
use crate::domain::{OrgKind, OrgRole};
use crate::entity::{organization, organization_member, profile, service_request};
use crate::service::service_request::write::{self, RequestReq, UpdateReq};

/// (tag the people carry, organisation, kind, where it sits).
const FROM_TAGS: &[(&str, &str, OrgKind, &str)] = &[
    ("深圳咸宁商会", "深圳咸宁商会", OrgKind::Chamber, "4212"),
    ("武汉咸宁商会", "武汉咸宁商会", OrgKind::Chamber, "4212"),
    ("博士联谊会", "咸宁市博士联谊会", OrgKind::Doctoral, "4212"),
    (
        "海外高层次人才",
        "咸宁市海内外高层次人才联谊会",
        OrgKind::Talent,
        "4212",
    ),
    ("乡贤理事会", "通城县乡贤理事会", OrgKind::Council, "421222"),
];

/// Members taken per organisation (the first few hold its offices).
const MEMBERS: u64 = 60;

fn err(e: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!(e.public_message())
}

pub async fn load(db: &Db) -> anyhow::Result<()> {
    let txn = db.write().await?;
    let now = Utc::now();
    for (tag, name, kind, region) in FROM_TAGS {
        let org = organization::Entity::insert(organization::ActiveModel {
            kind: Set(kind.as_str().to_owned()),
            name: Set((*name).to_owned()),
            region_code: Set((*region).to_owned()),
            founded_on: NaiveDate::from_ymd_opt(2019, 6, 18).map_or(Set(None), |d| Set(Some(d))),
            note: Set(format!("由档案中标注“{tag}”的乡贤组成。")),
            version: Set(1),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(&*txn)
        .await?
        .last_insert_id;
        let mut query = profile::Entity::find()
            .filter(profile::Column::Tags.contains(format!("\"{tag}\"")))
            .filter(profile::Column::DeletedAt.is_null());
        if region.len() > 4 {
            query = query.filter(profile::Column::HometownCode.starts_with(*region));
        }
        let people = query
            .order_by_asc(profile::Column::Id)
            .limit(MEMBERS)
            .all(&*txn)
            .await?;
        let rows: Vec<organization_member::ActiveModel> = people
            .iter()
            .enumerate()
            .map(|(i, p)| organization_member::ActiveModel {
                organization_id: Set(org),
                profile_id: Set(p.id),
                role: Set(match i {
                    0 => OrgRole::President,
                    1 | 2 => OrgRole::VicePresident,
                    3 => OrgRole::Secretary,
                    4..=8 => OrgRole::Director,
                    _ => OrgRole::Member,
                }
                .as_str()
                .to_owned()),
                since: Set(NaiveDate::from_ymd_opt(
                    2019 + (i % 6) as i32,
                    1 + (i % 12) as u32,
                    1,
                )),
                created_by: Set(None),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        if !rows.is_empty() {
            organization_member::Entity::insert_many(rows)
                .exec_without_returning(&*txn)
                .await?;
        }
    }
    txn.commit().await?;
    service_requests(db).await
}

/// Three requests of the demo founder to 通城县: answered and rated, in hand,
/// and one waiting past its due date.
async fn service_requests(db: &Db) -> anyhow::Result<()> {
    let (Some(founder), Some(staff)) = (
        actor_of(db, "founder").await?,
        actor_of(db, "tc_staff").await?,
    ) else {
        return Ok(());
    };
    let file = |kind: &str, summary: &str| RequestReq {
        kind: Some(kind.into()),
        summary: Some(summary.into()),
        region_code: Some("421222".into()),
    };
    let act = |status: &str, note: &str| UpdateReq {
        status: Some(status.into()),
        note: Some(note.into()),
        rating: None,
    };
    let done = write::create(
        db,
        &founder,
        file(
            "registration",
            "想在通城高新区注册一家无线充电模组公司，需要办理流程指导",
        ),
    )
    .await
    .map_err(err)?;
    write::update(
        db,
        &staff,
        done.id,
        act("accepted", "已受理，请携带身份证到政务中心一楼"),
    )
    .await
    .map_err(err)?;
    write::update(
        db,
        &staff,
        done.id,
        act("resolved", "营业执照已办结，可到窗口领取"),
    )
    .await
    .map_err(err)?;
    let rate = UpdateReq {
        rating: Some(5),
        ..Default::default()
    };
    write::update(db, &founder, done.id, rate)
        .await
        .map_err(err)?;
    let in_hand = write::create(
        db,
        &founder,
        file("social_insurance", "从深圳回乡创业，社保关系需要转回通城"),
    )
    .await
    .map_err(err)?;
    write::update(db, &staff, in_hand.id, act("accepted", "已联系县社保局"))
        .await
        .map_err(err)?;
    let late = write::create(
        db,
        &founder,
        file("financing", "申请创业担保贷款，想了解额度和贴息政策"),
    )
    .await
    .map_err(err)?;
    // Filed three weeks ago and not yet taken: the queue shows it as overdue.
    service_request::Entity::update_many()
        .col_expr(
            service_request::Column::SubmittedAt,
            Expr::value(Utc::now() - Duration::days(21)),
        )
        .filter(service_request::Column::Id.eq(late.id))
        .exec(db.conn())
        .await?;
    Ok(())
}
