//! The demo's projects, incubators, openings, 对接 entries in every stage and
//! an application, all written through the same services as the API.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::auth::{AuthVia, CurrentUser};
use crate::db::Db;
use crate::domain::Role;
use crate::entity::{pipeline_entry, profile, user};
use crate::service::application::write::{self as applications, ApplyReq, DecideReq};
use crate::service::incubator::{self, IncubatorReq};
use crate::service::matching::MatchWeights;
use crate::service::matching::outcome::Scorer;
use crate::service::opening::write::{self as openings, OpeningReq};
use crate::service::pipeline::write::{
    self as pipeline, ContactReq, PipelineUpdateReq, ShortlistReq,
};
use crate::service::project::input::ProjectReq;
use crate::service::project::write as projects;

use super::work_data::{INCUBATORS, PROJECTS};

fn err(e: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!(e.public_message())
}

pub(super) async fn actor_of(db: &Db, username: &str) -> anyhow::Result<Option<CurrentUser>> {
    let Some(u) = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    let role = Role::parse(&u.role).map_err(anyhow::Error::msg)?;
    Ok(Some(CurrentUser {
        user: u,
        role,
        via: AuthVia::Session,
        client_addr: "local".into(),
    }))
}

/// Loads the demo's work items; returns the id of the first incubator (for the operator login).
pub async fn load(db: &Db) -> anyhow::Result<Option<i64>> {
    let system = CurrentUser::system("demo");
    let mut project_ids = Vec::new();
    for (title, segment, description, needs, county, park, investment, stage, targets) in PROJECTS {
        let req = ProjectReq {
            title: Some((*title).into()),
            segment: Some((*segment).into()),
            description: Some((*description).into()),
            needs: Some(needs.iter().map(|n| (*n).to_owned()).collect()),
            county_code: Some((*county).into()),
            park: Some((*park).into()),
            investment_wan: Some(*investment),
            stage: Some((*stage).into()),
            target_companies: Some(targets.iter().map(|t| (*t).to_owned()).collect()),
            // The projects still being attracted are advertised (their public summary).
            public: Some(*stage == "attracting"),
            ..Default::default()
        };
        project_ids.push((
            projects::create(db, &system, req).await.map_err(err)?.id,
            *segment,
        ));
    }
    let mut first_incubator = None;
    for (i, (name, kind, level, county, park, address, chains)) in INCUBATORS.iter().enumerate() {
        let req = IncubatorReq {
            name: Some((*name).into()),
            kind: Some((*kind).into()),
            level: Some((*level).into()),
            county_code: Some((*county).into()),
            park: Some((*park).into()),
            address: Some((*address).into()),
            chains: Some(chains.iter().map(|c| (*c).to_owned()).collect()),
            version: None,
        };
        let inc = incubator::create(db, &system, req).await.map_err(err)?;
        first_incubator.get_or_insert(inc.id);
        for (kind, title, area, units, rent) in [
            ("desk", "开放工位", 6.0, 20, 300.0 + 50.0 * i as f64),
            ("office", "独立办公室", 40.0, 4, 2_000.0),
            ("plant", "标准厂房", 800.0, 2, 12_000.0),
        ] {
            let req = OpeningReq {
                kind: Some(kind.into()),
                title: Some(title.into()),
                area_m2: Some(area),
                units: Some(units),
                monthly_rent: Some(rent),
                available_from: None,
                chains: Some(chains.iter().map(|c| (*c).to_owned()).collect()),
                subsidy_eligible: Some(kind != "plant"),
            };
            openings::create(db, &system, inc.id, req)
                .await
                .map_err(err)?;
        }
    }
    // 对接 entries in every stage: for each project, consenting people of its segment.
    let stages = [
        "recommended",
        "contacted",
        "negotiating",
        "signed",
        "landed",
        "dropped",
    ];
    // No index is open yet: the kept scores leave the text part out.
    let weights = MatchWeights::default();
    for (n, (project_id, segment)) in project_ids.iter().enumerate() {
        let people: Vec<i64> = profile::Entity::find()
            .filter(profile::Column::Chains.contains(format!("\"{segment}\"")))
            .filter(profile::Column::ConsentMatch.eq(true))
            .filter(profile::Column::Listed.eq(true))
            .filter(profile::Column::DeletedAt.is_null())
            .order_by_asc(profile::Column::Id)
            .limit(4)
            .all(db.conn())
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        for (k, person) in people.into_iter().enumerate() {
            let entry = pipeline::shortlist(
                db,
                &system,
                *project_id,
                ShortlistReq { profile_id: person },
                Scorer {
                    search: None,
                    weights: &weights,
                },
            )
            .await
            .map_err(err)?;
            let target = stages[(n + k) % stages.len()];
            let path: &[&str] = match target {
                "contacted" => &["contacted"],
                "negotiating" => &["contacted", "negotiating"],
                "signed" => &["contacted", "negotiating", "signed"],
                "landed" => &["contacted", "negotiating", "signed", "landed"],
                "dropped" => &["contacted", "dropped"],
                _ => &[],
            };
            for status in path {
                if *status != "dropped" && *status != "contacted" {
                    let contact = ContactReq {
                        channel: "meeting".into(),
                        summary: format!("就{status}阶段事项面谈"),
                        at: None,
                        status: None,
                        next_follow_up_on: None,
                    };
                    pipeline::add_contact(db, &system, entry.id, contact)
                        .await
                        .map_err(err)?;
                } else if *status == "contacted" {
                    let contact = ContactReq {
                        channel: "phone".into(),
                        summary: "电话介绍项目，对方有兴趣".into(),
                        at: None,
                        status: None,
                        // Some calls are due again today, others within the week.
                        next_follow_up_on: Some(
                            (crate::service::fields::today()
                                + Duration::days(((n + k) % 8) as i64))
                            .to_string(),
                        ),
                    };
                    pipeline::add_contact(db, &system, entry.id, contact)
                        .await
                        .map_err(err)?;
                }
                let req = PipelineUpdateReq {
                    status: Some((*status).into()),
                    note: None,
                    assigned_to: None,
                    next_follow_up_on: None,
                };
                pipeline::update(db, &system, entry.id, req)
                    .await
                    .map_err(err)?;
            }
            // A few conversations have gone quiet, so the board shows stalled entries.
            if k == 0 && target != "landed" && target != "dropped" {
                let long_ago = Utc::now() - Duration::days(45);
                let txn = db.write().await?;
                pipeline_entry::Entity::update_many()
                    .col_expr(
                        pipeline_entry::Column::LastContactAt,
                        Expr::value(Some(long_ago)),
                    )
                    .col_expr(pipeline_entry::Column::CreatedAt, Expr::value(long_ago))
                    .filter(pipeline_entry::Column::Id.eq(entry.id))
                    .exec(&*txn)
                    .await?;
                txn.commit().await?;
            }
        }
    }
    // The demo founder has applied for a desk, and it has been accepted.
    if let (Some(founder), Some(inc)) = (actor_of(db, "founder").await?, first_incubator) {
        let live = crate::service::opening::live_with_incubators(db.conn()).await?;
        if let Some((opening, _)) = live.iter().find(|(o, i)| i.id == inc && o.kind == "desk") {
            let req = ApplyReq {
                plan: Some("返乡创办物联网网关研发公司，首期团队 3 人".into()),
                team_size: Some(3),
                area_needed_m2: Some(6.0),
            };
            let application = applications::apply(db, &founder, opening.id, req)
                .await
                .map_err(err)?;
            let decide = DecideReq {
                status: Some("accepted".into()),
                note: Some("欢迎入驻".into()),
            };
            applications::decide(db, &system, application.id, decide)
                .await
                .map_err(err)?;
        }
    }
    super::subsidy::load(db).await?;
    Ok(first_incubator)
}
