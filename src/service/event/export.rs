//! The spreadsheets of an event: the invitation list (contacts masked), the
//! call list with full mobiles (one audited `reveal` per download, purpose
//! `event`), and a training's roster for its provider (no contacts at all).

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{ACCEPTED, ATTENDED, WAITLISTED, load, status_label};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::db::Db;
use crate::entity::{event, event_invitation, profile};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Event, action};
use crate::service::fields::{china, today};
use crate::service::profile::reveal;
use crate::service::profile::view::masked_contacts;
use crate::service::region::RegionNames;
use crate::spreadsheet::StreamingXlsx;

/// A finished file and the name to offer it under.
pub struct File {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Which sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    /// 邀请名单: everyone invited, mobiles masked.
    Invitations,
    /// 电话通知名单: full mobiles, audited as one reveal.
    CallList,
    /// 培训花名册: those coming, for the training's provider.
    Roster,
}

impl Sheet {
    pub fn parse(raw: &str) -> AppResult<Self> {
        match raw {
            "invitations" => Ok(Self::Invitations),
            "calls" => Ok(Self::CallList),
            "roster" => Ok(Self::Roster),
            _ => Err(AppError::invalid(
                "sheet",
                "应为 invitations、calls 或 roster",
            )),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Invitations => "邀请名单",
            Self::CallList => "电话通知名单",
            Self::Roster => "培训花名册",
        }
    }

    fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Invitations => &[
                "序号",
                "姓名",
                "籍贯",
                "手机号（已脱敏）",
                "状态",
                "回复时间",
                "签到时间",
            ],
            Self::CallList => &["序号", "姓名", "籍贯", "手机号", "状态"],
            Self::Roster => &[
                "序号",
                "姓名",
                "性别",
                "出生年份",
                "籍贯",
                "工作单位",
                "职务职称",
                "状态",
            ],
        }
    }
}

/// Characters a file name may not hold on common systems.
fn safe_name(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if "\\/:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

fn local_time(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|t| {
        t.with_timezone(&china())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    })
    .unwrap_or_default()
}

/// Builds one sheet of an event the caller runs, and audits it.
pub async fn sheet(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    event_id: i64,
    which: Sheet,
) -> AppResult<File> {
    let e = load(db.conn(), actor, event_id).await?;
    if which == Sheet::Roster && e.kind != "training" {
        return Err(AppError::invalid("sheet", "培训花名册只用于创业培训活动"));
    }
    let mut query =
        event_invitation::Entity::find().filter(event_invitation::Column::EventId.eq(e.id));
    if which != Sheet::Invitations {
        query =
            query.filter(event_invitation::Column::Status.is_in([ACCEPTED, WAITLISTED, ATTENDED]));
    }
    let rows = query
        .order_by_asc(event_invitation::Column::Id)
        .all(db.conn())
        .await?;
    let people: HashMap<i64, profile::Model> = profile::Entity::find()
        .filter(profile::Column::Id.is_in(rows.iter().map(|r| r.profile_id)))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut lines = Vec::new();
    let mut revealed = 0usize;
    for (n, r) in rows.iter().enumerate() {
        let person = people
            .get(&r.profile_id)
            .filter(|p| policy::profile(actor, p, ProfileAction::Read).is_ok());
        let Some(p) = person else {
            lines.push(vec![(n + 1).to_string(), "其他地区乡贤".into()]);
            continue;
        };
        let hometown = names.local_name(&p.hometown_code);
        let status = status_label(&r.status).to_owned();
        lines.push(match which {
            Sheet::Invitations => vec![
                (n + 1).to_string(),
                p.name.clone(),
                hometown,
                masked_contacts(p).0.unwrap_or_default(),
                status,
                local_time(r.answered_at),
                local_time(r.attended_at),
            ],
            Sheet::CallList => {
                let may_reveal = policy::profile(actor, p, ProfileAction::Reveal).is_ok();
                let mobile = if may_reveal {
                    revealed += 1;
                    p.mobile
                        .as_ref()
                        .map(|m| m.as_str().to_owned())
                        .unwrap_or_default()
                } else {
                    masked_contacts(p).0.unwrap_or_default()
                };
                vec![
                    (n + 1).to_string(),
                    p.name.clone(),
                    hometown,
                    mobile,
                    status,
                ]
            }
            Sheet::Roster => vec![
                (n + 1).to_string(),
                p.name.clone(),
                p.gender
                    .as_deref()
                    .and_then(|g| crate::domain::Gender::parse(g).ok())
                    .map(|g| g.label().to_owned())
                    .unwrap_or_default(),
                p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                hometown,
                p.employer.clone(),
                p.title.clone(),
                status,
            ],
        });
    }
    let xlsx = StreamingXlsx::start(which.label(), which.headers());
    xlsx.push(lines).await.map_err(sheet_error)?;
    let bytes = xlsx.finish().await.map_err(sheet_error)?;
    let txn = db.write().await?;
    if which == Sheet::CallList {
        // The whole list is one reveal, with purpose `event`, counted once toward the daily limit.
        if reveal::used_today(&*txn, actor.id()).await? >= u64::from(reveal::daily_limit()) {
            drop(txn);
            reveal::notify_limit(db, actor).await?;
            return Err(AppError::Limit {
                code: "reveal_limit",
                message: "今日查看联系方式已达上限，请明日再试".into(),
            });
        }
        let detail = reveal::purpose_detail(Some("event"), Some(&e.title))?;
        audit::record(
            &*txn,
            &actor.ctx(),
            Event::new(action::REVEAL, "event", e.id)
                .detail(format!("{detail}；电话通知名单 {revealed} 人")),
        )
        .await?;
    } else {
        audit::record(
            &*txn,
            &actor.ctx(),
            Event::new(action::EXPORT, "event", e.id).detail(format!(
                "{}：{} 人",
                which.label(),
                rows.len()
            )),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(File {
        file_name: file_name(&e, which),
        bytes,
    })
}

/// `邀请名单-2027年通城县乡贤座谈会-2026-12-07.xlsx`: the sheet, the event, the day.
pub fn file_name(e: &event::Model, which: Sheet) -> String {
    format!(
        "{}-{}-{}.xlsx",
        which.label(),
        safe_name(&e.title),
        today().format("%Y-%m-%d")
    )
}

fn sheet_error(e: crate::spreadsheet::SheetError) -> AppError {
    AppError::Internal(anyhow::anyhow!(e.to_string()))
}
