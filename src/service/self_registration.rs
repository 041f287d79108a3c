//! 扫码登记: a person scans the QR poster of their village and sends their own details. The
//! profile it makes is unlisted and unverified (out of search, lists and matching) and
//! waits in the village's queue; an organizer of the village accepts it (verified and
//! listed) or rejects it (the personal data is erased). The public page answers the same
//! whatever was sent, so it confirms nothing about who is already on file.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::auth::throttle::LoginThrottle;
use crate::db::Db;
use crate::domain::{CITY_CODE, Intent, RegionCode, RegionLevel, Role};
use crate::entity::{profile, self_registration};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event, action};
use crate::service::guarded;
use crate::service::profile::{ProfileReq, input, me, view, write};
use crate::service::region::{self, RegionNames};

pub const PENDING: &str = "pending";
pub const ACCEPTED: &str = "accepted";
pub const REJECTED: &str = "rejected";

/// What a person types on the village's page.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfRegisterReq {
    pub name: String,
    pub mobile: Option<String>,
    pub employer: Option<String>,
    pub title: Option<String>,
    pub intents: Option<Vec<Intent>>,
    /// Agrees to be contacted for 乡贤 work (PIPL: given here, by the person, online).
    pub consent_match: bool,
}

/// The village a poster is for: a 12-digit village of 咸宁市 that exists, or not found.
pub async fn village(conn: &impl ConnectionTrait, raw: &str) -> AppResult<(RegionCode, String)> {
    let not_found = || AppError::not_found("村（社区）");
    let code = RegionCode::parse(raw).map_err(|_| not_found())?;
    if code.level() != RegionLevel::Village || !code.is_within(CITY_CODE) {
        return Err(not_found());
    }
    let row = region::find(conn, &code).await?.ok_or_else(not_found)?;
    Ok((code, spoken_name(&row.name)))
}

/// The name people call a village by: 利和村 for 利和村委会, 雁塔社区 for 雁塔社区居委会.
fn spoken_name(official: &str) -> String {
    for (suffix, spoken) in [
        ("村民委员会", "村"),
        ("村委会", "村"),
        ("社区居民委员会", "社区"),
        ("社区居委会", "社区"),
        ("居民委员会", "社区"),
        ("居委会", "社区"),
    ] {
        if let Some(stem) = official.strip_suffix(suffix) {
            return format!("{stem}{spoken}");
        }
    }
    official.to_owned()
}

/// The address of a village's 扫码登记 page, as its poster and QR code give it.
pub fn page_link(origin: &str, village: &RegionCode) -> String {
    format!("{origin}/register/{}", village.as_str())
}

/// The village of a poster, for those who may print it: its organizers, the staff of its
/// county and administrators. For anyone else it does not exist.
pub async fn poster(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    raw: &str,
) -> AppResult<(RegionCode, String)> {
    let found = village(conn, raw).await?;
    let allowed = may_print(actor) && (actor.role == Role::Admin || actor.covers(found.0.as_str()));
    if !allowed {
        return Err(AppError::not_found("村（社区）"));
    }
    Ok(found)
}

/// Files what a person sent from the poster of `village`: an unlisted draft and its place
/// in the queue, in one transaction. Rate limited per address like account registration.
pub async fn submit(
    db: &Db,
    limits: &LoginThrottle,
    client_addr: &str,
    village_code: &str,
    req: SelfRegisterReq,
) -> AppResult<i64> {
    let (village, _) = village(db.conn(), village_code).await?;
    limits
        .register(client_addr)
        .map_err(AppError::too_many_requests)?;
    let result = file(db, client_addr, &village, req).await;
    if matches!(
        result,
        Err(AppError::Invalid { .. } | AppError::BadRequest(_))
    ) {
        limits.unregister(client_addr);
    }
    result
}

async fn file(
    db: &Db,
    client_addr: &str,
    village: &RegionCode,
    req: SelfRegisterReq,
) -> AppResult<i64> {
    let mut fields = input::validate(
        db.conn(),
        ProfileReq {
            name: Some(req.name),
            hometown_code: Some(village.as_str().to_owned()),
            mobile: req.mobile,
            employer: req.employer,
            title: req.title,
            intents: req.intents,
            consent_match: Some(req.consent_match),
            consent_basis: req.consent_match.then(|| "online".to_owned()),
            ..Default::default()
        },
    )
    .await?;
    fields.listed = Some(false);
    let mut actor = CurrentUser::system("扫码登记");
    actor.client_addr = client_addr.to_owned();
    let txn = db.write().await?;
    let draft = write::insert(&*txn, &actor, fields, None).await?;
    let queued = self_registration::ActiveModel {
        profile_id: Set(draft.id),
        village_code: Set(village.as_str().to_owned()),
        status: Set(PENDING.into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(queued.id)
}

/// Whether the caller decides registrations at all: organizers (of the village, checked
/// per registration) and administrators. Staff print posters but do not decide.
pub fn may_decide(actor: &CurrentUser) -> bool {
    matches!(actor.role, Role::Organizer | Role::Admin)
}

/// Whether the caller prints posters at all: organizers, staff and administrators (each
/// for the villages they cover).
pub fn may_print(actor: &CurrentUser) -> bool {
    matches!(actor.role, Role::Organizer | Role::Staff | Role::Admin)
}

/// One waiting registration as its organizer sees it (the mobile masked).
#[derive(Debug, Serialize)]
pub struct QueueItem {
    pub id: i64,
    pub profile_id: i64,
    pub name: String,
    pub village: String,
    pub employer: String,
    pub title: String,
    pub mobile: Option<String>,
    /// Someone already on file in the caller's scope has the same mobile.
    pub possible_duplicate: bool,
    pub created_at: chrono::DateTime<Utc>,
}

/// The registrations waiting in the caller's villages, oldest first (organizers of the
/// village and administrators; for anyone else the queue is empty).
pub async fn queue(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    names: &RegionNames,
    limit: u64,
) -> AppResult<Vec<QueueItem>> {
    if !may_decide(actor) {
        return Ok(Vec::new());
    }
    let mut query =
        self_registration::Entity::find().filter(self_registration::Column::Status.eq(PENDING));
    if let Some(scope) = actor.scope().filter(|_| actor.role != Role::Admin) {
        query = query.filter(self_registration::Column::VillageCode.starts_with(scope));
    }
    let rows = query
        .order_by_asc(self_registration::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(p) = profile::Entity::find_by_id(row.profile_id)
            .one(conn)
            .await?
        else {
            continue;
        };
        if policy::profile(actor, &p, ProfileAction::Verify).is_err() {
            continue;
        }
        let possible_duplicate = match &p.mobile_hash {
            Some(hash) => profile::Entity::find()
                .filter(profile::Column::MobileHash.eq(hash.clone()))
                .filter(profile::Column::Id.ne(p.id))
                .filter(profile::Column::DeletedAt.is_null())
                .one(conn)
                .await?
                .is_some_and(|other| policy::profile(actor, &other, ProfileAction::Read).is_ok()),
            None => false,
        };
        let (mobile, _, _) = view::masked_contacts(&p);
        out.push(QueueItem {
            id: row.id,
            profile_id: p.id,
            name: p.name.clone(),
            village: names.local_name(&row.village_code),
            employer: p.employer.clone(),
            title: p.title.clone(),
            mobile,
            possible_duplicate,
            created_at: row.created_at,
        });
    }
    Ok(out)
}

/// Accepts (`true`) or rejects a waiting registration. Accepted: the profile is verified
/// and listed. Rejected: its personal data is erased. A second decision is 409.
pub async fn decide(db: &Db, actor: &CurrentUser, id: i64, accept: bool) -> AppResult<()> {
    let txn = db.write().await?;
    let row = self_registration::Entity::find_by_id(id)
        .one(&*txn)
        .await?
        .ok_or_else(|| AppError::not_found("扫码登记"))?;
    // The profile's own rule decides, so an organizer of another village gets not-found.
    let p = crate::service::profile::load(&*txn, actor, row.profile_id, ProfileAction::Verify)
        .await
        .map_err(|_| AppError::not_found("扫码登记"))?;
    if !may_decide(actor) {
        return Err(AppError::not_found("扫码登记"));
    }
    let now = Utc::now();
    let decided = self_registration::ActiveModel {
        status: Set(if accept { ACCEPTED } else { REJECTED }.into()),
        decided_at: Set(Some(now)),
        decided_by: Set(Some(actor.id())),
        ..Default::default()
    };
    let guard = self_registration::Column::Status.eq(PENDING);
    guarded::update_where(
        &*txn,
        id,
        self_registration::Entity::update_many()
            .set(decided)
            .filter(guard),
    )
    .await?
    .ok_or_else(|| AppError::conflict("already_decided", "这条扫码登记已经处理过了"))?;
    if accept {
        write::verify_in(&*txn, actor, p, true).await?;
    } else {
        let pid = p.id;
        me::anonymise(&*txn, p, now).await?;
        me::redact_audit(&*txn, actor, profile::Model::ENTITY, &[pid]).await?;
        audit::record(
            &*txn,
            &actor.ctx(),
            Event::new(action::DELETE, profile::Model::ENTITY, pid)
                .detail("扫码登记未通过，个人信息已删除"),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn villages_are_called_what_people_call_them() {
        assert_eq!(super::spoken_name("利和村委会"), "利和村");
        assert_eq!(super::spoken_name("雁塔社区居委会"), "雁塔社区");
        assert_eq!(super::spoken_name("古龙社区居民委员会"), "古龙社区");
        assert_eq!(super::spoken_name("石泉村"), "石泉村");
    }
}
