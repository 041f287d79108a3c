//! 乡情活动 of the demo: a 通城县 forum held a month ago with its attendance, a
//! coming one with answers, and a 创业培训 by 咸宁职业技术学院 inviting those who
//! want training. Past events cannot be created through the service (it refuses
//! a start in the past), so the rows are written here, with their audit events.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::work::actor_of;
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::entity::json_list::{from_json_list, to_json_list};
use crate::entity::{event, event_invitation, profile};
use crate::service::audit;
use crate::service::event::{ACCEPTED, ATTENDED, DECLINED, INVITED, WAITLISTED, rsvp};

struct Plan {
    kind: &'static str,
    title: &'static str,
    place: &'static str,
    provider: &'static str,
    days_from_now: i64,
    capacity: i32,
    statuses: &'static [&'static str],
}

const PLANS: [Plan; 3] = [
    Plan {
        kind: "forum",
        title: "2026年通城县乡贤座谈会",
        place: "通城县政务中心三楼会议室",
        provider: "",
        days_from_now: -30,
        capacity: 60,
        statuses: &[
            ATTENDED, ATTENDED, ATTENDED, ATTENDED, ATTENDED, DECLINED, DECLINED, INVITED,
        ],
    },
    Plan {
        kind: "homecoming",
        title: "2027年春节通城县乡贤家乡行",
        place: "通城高新区展示中心",
        provider: "",
        days_from_now: 45,
        capacity: 3,
        statuses: &[
            ACCEPTED, ACCEPTED, ACCEPTED, WAITLISTED, DECLINED, INVITED, INVITED,
        ],
    },
    Plan {
        kind: "training",
        title: "2027年通城县返乡创业培训班（第一期）",
        place: "咸宁职业技术学院通城教学点",
        provider: "咸宁职业技术学院",
        days_from_now: 20,
        capacity: 40,
        statuses: &[ACCEPTED, ACCEPTED, INVITED, INVITED, INVITED, INVITED],
    },
];

/// Loads the three events as 通城县's staff.
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(staff) = actor_of(db, "tc_staff").await? else {
        return Ok(());
    };
    let key = crate::auth::secret::load_or_create(db, crate::auth::secret::CSRF).await?;
    let people: Vec<profile::Model> = profile::Entity::find()
        .filter(profile::Column::HometownCode.starts_with("421222"))
        .filter(profile::Column::Listed.eq(true))
        .filter(profile::Column::ConsentMatch.eq(true))
        .filter(profile::Column::DeletedAt.is_null())
        .order_by_asc(profile::Column::Id)
        .limit(30)
        .all(db.conn())
        .await?;
    let txn = db.write().await?;
    // Six people who want training (创业培训), found by the training's invitation.
    let learners = learners_of(&people);
    for p in &learners {
        let mut intents = from_json_list(&p.intents);
        intents.push("training".into());
        profile::Entity::update_many()
            .col_expr(
                profile::Column::Intents,
                Expr::value(to_json_list(&intents)),
            )
            .filter(profile::Column::Id.eq(p.id))
            .exec(&*txn)
            .await?;
    }
    let ids: Vec<i64> = learners.iter().map(|p| p.id).collect();
    crate::service::search_change::profiles_changed(&*txn, &ids).await?;
    let groups = [
        &people[..people.len().min(8)],
        people.get(8..15).unwrap_or(&[]),
        &learners[..],
    ];
    for (plan, group) in PLANS.iter().zip(groups) {
        insert(&*txn, &staff, &key, plan, group).await?;
    }
    txn.commit().await?;
    Ok(())
}

fn learners_of(people: &[profile::Model]) -> Vec<profile::Model> {
    people.iter().skip(20).take(6).cloned().collect()
}

async fn insert(
    conn: &impl ConnectionTrait,
    staff: &CurrentUser,
    key: &str,
    plan: &Plan,
    people: &[profile::Model],
) -> anyhow::Result<()> {
    let now = Utc::now();
    let starts_at = (now + Duration::days(plan.days_from_now))
        .date_naive()
        .and_hms_opt(1, 30, 0)
        .map(|t| t.and_utc())
        .unwrap_or(now);
    let e = event::ActiveModel {
        kind: Set(plan.kind.into()),
        title: Set(plan.title.into()),
        region_code: Set("421222".into()),
        starts_at: Set(starts_at),
        place: Set(plan.place.into()),
        capacity: Set(plan.capacity),
        provider: Set(plan.provider.into()),
        created_by: Set(Some(staff.id())),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    audit::created(conn, &staff.ctx(), &e).await?;
    for (p, status) in people.iter().zip(plan.statuses) {
        let (salt, hash) = rsvp::new_link(key);
        let answered = (*status != INVITED).then_some(starts_at - Duration::days(7));
        let attended = (*status == ATTENDED).then_some(starts_at + Duration::minutes(10));
        let inv = event_invitation::ActiveModel {
            event_id: Set(e.id),
            profile_id: Set(p.id),
            status: Set((*status).into()),
            token_hash: Set(hash),
            token_salt: Set(salt),
            token_used_at: Set(answered.filter(|_| *status != ATTENDED)),
            answered_at: Set(answered),
            attended_at: Set(attended),
            checked_in_by: Set(attended.map(|_| staff.id())),
            invited_by: Set(Some(staff.id())),
            created_at: Set(starts_at - Duration::days(14)),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        audit::created(conn, &staff.ctx(), &inv).await?;
    }
    Ok(())
}
