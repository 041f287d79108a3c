//! Writes to projects, each in one transaction with its audit event.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, Set};

use super::input::{ProjectFields, ProjectReq, validate};
use super::load;
use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::db::Db;
use crate::domain::{Role, Stage, stage_move};
use crate::entity::json_list::to_json_list;
use crate::entity::project;
use crate::error::{AppError, AppResult};
use crate::service::audit;
use crate::service::{fields, guarded, referral};

const WRITERS: &[Role] = &[Role::Staff];

/// Creates a project in the caller's scope (staff of the county or the city, administrators).
pub async fn create(db: &Db, actor: &CurrentUser, req: ProjectReq) -> AppResult<project::Model> {
    policy::require_role(actor, &[Role::Admin, Role::Staff])?;
    if req.version.is_some() {
        return Err(AppError::invalid("version", "新建项目时不能指定 version"));
    }
    let f = validate(db.conn(), req).await?;
    let title = fields::required("title", f.title.clone(), "项目名称")?;
    let segment = fields::required(
        "segment",
        f.segment,
        "产业链细分领域（如 terminal.components）",
    )?;
    let county = fields::required("county_code", f.county.clone(), "项目所在县（市、区）代码")?;
    policy::place_in(actor, "county_code", county.as_str(), WRITERS)?;
    let now = Utc::now();
    let mut model = project::ActiveModel {
        title: Set(title),
        segment: Set(segment.as_str().to_owned()),
        description: Set(String::new()),
        needs: Set("[]".into()),
        county_code: Set(county.to_string()),
        park: Set(String::new()),
        investment_wan: Set(0),
        stage: Set(Stage::Attracting.as_str().into()),
        target_companies: Set("[]".into()),
        owner_user_id: Set(Some(actor.id())),
        public: Set(false),
        version: Set(1),
        created_by: Set(Some(actor.id())),
        created_at: Set(now),
        updated_at: Set(now),
        jobs: Set(None),
        stage_before_shelved: Set(None),
        landed_at: Set(None),
        ..Default::default()
    };
    // A project entered already shelved is taken to have been shelved while
    // being attracted; one entered as landed landed now.
    match f.stage {
        Some(Stage::Shelved) => {
            model.stage_before_shelved = Set(Some(Stage::Attracting.as_str().into()));
        }
        Some(Stage::Landed) => model.landed_at = Set(Some(now)),
        _ => {}
    }
    apply(&mut model, f);
    let txn = db.write().await?;
    let created = model.insert(&*txn).await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    txn.commit().await?;
    Ok(created)
}

/// Copies the given fields onto the model.
fn apply(m: &mut project::ActiveModel, f: ProjectFields) {
    if let Some(v) = f.title {
        m.title = Set(v);
    }
    if let Some(v) = f.segment {
        m.segment = Set(v.as_str().to_owned());
    }
    if let Some(v) = f.description {
        m.description = Set(v);
    }
    if let Some(v) = f.needs {
        m.needs = Set(to_json_list(
            &v.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        ));
    }
    if let Some(v) = f.county {
        m.county_code = Set(v.to_string());
    }
    if let Some(v) = f.park {
        m.park = Set(v);
    }
    if let Some(v) = f.investment_wan {
        m.investment_wan = Set(v);
    }
    if let Some(v) = f.jobs {
        m.jobs = Set(Some(v));
    }
    if let Some(v) = f.stage {
        m.stage = Set(v.as_str().to_owned());
    }
    if let Some(v) = f.target_companies {
        m.target_companies = Set(to_json_list(&v));
    }
    if let Some(v) = f.public {
        m.public = Set(v);
    }
}

/// `PATCH`: requires the version the editor saw. The row is written only if
/// it still has that version, so of two editors who saw the same version
/// exactly one wins and the other gets 409.
pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: ProjectReq,
) -> AppResult<project::Model> {
    let version = req.version.ok_or_else(|| {
        AppError::invalid("version", "请提供项目的 version（修改前读取到的版本号）")
    })?;
    let f = validate(db.conn(), req).await?;
    let txn = db.write().await?;
    let before = load(&*txn, actor, id, Access::Write).await?;
    if before.version != version {
        return Err(AppError::stale_version());
    }
    if let Some(county) = &f.county
        && county.as_str() != before.county_code
    {
        policy::place_in(actor, "county_code", county.as_str(), WRITERS)?;
    }
    let now = Utc::now();
    let mut model = <project::ActiveModel as Default>::default();
    let landed = match f.stage {
        Some(to) => move_stage(&mut model, &before, to, now)?,
        None => false,
    };
    apply(&mut model, f);
    model.version = Set(before.version + 1);
    model.updated_at = Set(now);
    // The stage too: of two moves made from the same state exactly one is written.
    let guard = Condition::all()
        .add(project::Column::Version.eq(version))
        .add(project::Column::Stage.eq(before.stage.as_str()));
    let after = guarded::update(&*txn, id, model, guard).await?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    if landed {
        referral::credit_landed(&*txn, &actor.ctx(), id, now).await?;
    }
    txn.commit().await?;
    Ok(after)
}

/// Checks a stage move of `before` to `to` (400 naming `stage` and the moves
/// allowed from here) and sets what goes with it; whether the project lands now.
fn move_stage(
    model: &mut project::ActiveModel,
    before: &project::Model,
    to: Stage,
    now: chrono::DateTime<Utc>,
) -> AppResult<bool> {
    let from = Stage::parse(&before.stage).map_err(|m| AppError::invalid("stage", m))?;
    let shelved_from = before
        .stage_before_shelved
        .as_deref()
        .and_then(|s| Stage::parse(s).ok());
    stage_move::check_move(from, to, shelved_from).map_err(|m| AppError::invalid("stage", m))?;
    if from == to {
        return Ok(false);
    }
    if to == Stage::Shelved {
        model.stage_before_shelved = Set(Some(from.as_str().to_owned()));
    } else if from == Stage::Shelved {
        model.stage_before_shelved = Set(None);
    }
    if to == Stage::Landed {
        model.landed_at = Set(Some(now));
    }
    Ok(to == Stage::Landed)
}
