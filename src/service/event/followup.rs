//! After the event: a conversation with an attendee becomes a 对接 entry of a
//! project in one step, through the pipeline service's own shortlist and
//! contact log (so its checks — consent, listing, scope, duplicates — apply).

use sea_orm::EntityTrait;

use super::{ATTENDED, load};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::domain::limits;
use crate::entity::{event_invitation, pipeline_entry};
use crate::error::{AppError, AppResult};
use crate::service::fields;
use crate::service::matching::outcome::Scorer;
use crate::service::pipeline::write::{self, ContactReq, ShortlistReq};

/// Puts the attendee of `invitation_id` on `project_id`'s pipeline and logs
/// the conversation at the event as its first contact (a 会谈 on the event's day).
pub async fn to_pipeline(
    db: &Db,
    actor: &CurrentUser,
    scorer: Scorer<'_>,
    event_id: i64,
    invitation_id: i64,
    project_id: i64,
    summary: &str,
) -> AppResult<pipeline_entry::Model> {
    let e = load(db.conn(), actor, event_id).await?;
    let inv = event_invitation::Entity::find_by_id(invitation_id)
        .one(db.conn())
        .await?
        .filter(|i| i.event_id == e.id)
        .ok_or_else(|| AppError::invalid("invitation_id", "该邀请不属于本活动"))?;
    if inv.status != ATTENDED {
        return Err(AppError::invalid(
            "invitation_id",
            "只有已签到的乡贤才能从活动转为对接",
        ));
    }
    // Checked before anything is written, so a bad summary leaves no entry behind.
    let summary = fields::text("summary", summary, limits::pipeline::CONTACT_SUMMARY)?;
    let summary = fields::text(
        "summary",
        &format!("{}：{summary}", e.title),
        limits::pipeline::CONTACT_SUMMARY,
    )?;
    let entry = write::shortlist(
        db,
        actor,
        project_id,
        ShortlistReq {
            profile_id: inv.profile_id,
        },
        scorer,
    )
    .await?;
    let on = fields::local_date(e.starts_at).min(fields::today());
    write::add_contact(
        db,
        actor,
        entry.id,
        ContactReq {
            channel: "meeting".into(),
            summary,
            at: Some(on.format("%Y-%m-%d").to_string()),
            status: None,
            next_follow_up_on: None,
        },
    )
    .await?;
    Ok(entry)
}
