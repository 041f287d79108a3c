//! The request bodies of the document, with the bounds the validators apply, read from
//! `domain::limits` and the services' `MAX_*`: a bound changed there changes here.

use chrono::Datelike;
use serde_json::{Map, Value, json};

use super::schema::*;
use crate::domain::limits::{
    Text, account, application, association, incubator, opening, pipeline, profile, project,
};
use crate::domain::{
    ApplicationStatus, CapitalRange, ContactChannel, Education, Gender, IncubatorKind,
    IncubatorLevel, Intent, Need, OpeningKind, PipelineStatus, Role, Stage, Tier,
};
use crate::service::matching::MAX_LIMIT;
use crate::service::opening::write::{MAX_AREA_M2, MAX_RENT, MAX_UNITS};
use crate::service::profile::reveal::purpose_codes;
use crate::service::project::input::MAX_INVESTMENT_WAN;
use crate::service::token::{DEFAULT_DAYS, MAX_DAYS};

fn profile_fields() -> Map<String, Value> {
    let year = chrono::Utc::now().year();
    let props = json!({
        "name": nullable(json!({"type": "string", "minLength": profile::NAME.min,
            "maxLength": profile::NAME.max,
            "description": "汉字、字母、空格、“·”、“-”、“'”；不以“·”开头或结尾"})),
        "gender": nullable(codes(Gender::codes())),
        "birth_year": nullable(int(i64::from(profile::EARLIEST_BIRTH_YEAR),
            i64::from(year - profile::MIN_AGE))),
        "hometown_code": nullable(json!({"type": "string", "pattern": HOMETOWN_CODE,
            "description": "咸宁市的乡镇（9 位）或村（12 位）代码，须存在",
            "examples": ["421222100201", "421222100"]})),
        "residence_code": nullable(json!({"type": "string", "pattern": "^([0-9]{6})?$",
            "examples": ["440305"],
            "description": "现居地，全国任一县级代码，须存在；空串清除"})),
        "employer": nullable(text(profile::EMPLOYER)),
        "title": nullable(text(profile::TITLE)),
        "education": nullable(codes(Education::codes())),
        "chains": nullable(array(codes(segment_codes()))),
        "expertise": nullable(text(profile::EXPERTISE)),
        "bio": nullable(text(profile::BIO)),
        "intents": nullable(array(codes(Intent::codes()))),
        "capital_range": nullable(codes(CapitalRange::codes())),
        "mobile": nullable(json!({"type": "string", "pattern": MOBILE, "examples": ["13812345678"],
            "description": "11 位手机号；也接受 +86/0086 前缀、空格、连字符和全角数字，存为 11 位"})),
        "wechat": nullable(json!({"type": "string",
            "pattern": format!("^([A-Za-z0-9_-]{{1,{}}})?$", profile::WECHAT.max)})),
        "email": nullable(json!({"type": "string", "maxLength": profile::EMAIL.max,
            "pattern": "^([^@\\s]+@[^\\s.][^\\s]*\\.[^\\s]*)?$"})),
        "consent_match": nullable(boolean()),
        "consent_basis": nullable(text(profile::CONSENT_BASIS)),
        "listed": nullable(boolean()),
        "tier": nullable(codes(Tier::codes())),
        "tags": nullable(names(profile::TAGS, "标签")),
    });
    props.as_object().cloned().unwrap_or_default()
}

fn with_version(mut props: Map<String, Value>, required: bool) -> Value {
    let version = json!({"type": "integer", "minimum": i32::MIN, "maximum": i32::MAX,
        "description": "修改前读取到的 version；过期时 409 stale_version"});
    props.insert(
        "version".into(),
        if required { version } else { nullable(version) },
    );
    Value::Object(props)
}

fn project_fields() -> Map<String, Value> {
    json!({
        "title": nullable(text(project::TITLE)),
        "segment": nullable(codes(segment_codes())),
        "description": nullable(text(project::DESCRIPTION)),
        "needs": nullable(array(codes(Need::codes()))),
        "county_code": nullable(json!({"type": "string", "pattern": CITY_COUNTY_CODE, "examples": ["421222"]})),
        "park": nullable(text(project::PARK)),
        "investment_wan": nullable(int(0, MAX_INVESTMENT_WAN)),
        "jobs": nullable(json!({"type": "integer", "minimum": 0, "maximum": project::MAX_JOBS,
            "description": "新增就业岗位（可选）"})),
        "stage": nullable(json!({"type": "string", "enum": Stage::codes(),
            "description": "招引中 → 洽谈中 → 已签约 → 已落地，每次一步；已落地外任何阶段可改为已搁置，\
                已搁置只能回到搁置前的阶段；已落地为最终阶段。不允许的改动为 400（field 为 stage，并说明当前可改为哪些阶段）"})),
        "target_companies": nullable(names(project::TARGET_COMPANIES, "名称")),
        "public": nullable(json!({"type": "boolean",
            "description": "是否向乡贤会组织者和乡贤公开项目摘要（默认否）"})),
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

fn incubator_fields() -> Map<String, Value> {
    let levels = [IncubatorLevel::codes(), vec![""]].concat();
    json!({
        "name": nullable(text(incubator::NAME)),
        "kind": nullable(codes(IncubatorKind::codes())),
        "level": nullable(json!({"type": "string", "enum": levels,
            "description": "空串表示未评级"})),
        "county_code": nullable(json!({"type": "string", "pattern": CITY_COUNTY_CODE, "examples": ["421222"]})),
        "park": nullable(text(incubator::PARK)),
        "address": nullable(text(incubator::ADDRESS)),
        "chains": nullable(array(codes(chain_codes()))),
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

fn opening_fields() -> Value {
    json!({
        "kind": nullable(codes(OpeningKind::codes())),
        "title": nullable(text(opening::TITLE)),
        "area_m2": nullable(json!({"type": "number", "minimum": 1, "maximum": MAX_AREA_M2})),
        "units": nullable(int(1, MAX_UNITS)),
        "monthly_rent": nullable(json!({"type": "number", "minimum": 0, "maximum": MAX_RENT})),
        "available_from": nullable(json!({"type": "string", "format": "date", "pattern": DATE,
            "description": "2000-01-01 至 2100-12-31"})),
        "chains": nullable(array(codes(chain_codes()))),
        "subsidy_eligible": nullable(boolean()),
    })
}

pub(super) fn requests() -> Value {
    let mut create_fields = profile_fields();
    create_fields.insert(
        "force".into(),
        nullable(json!({"type": "boolean",
            "description": "疑似重复（同村同名或手机号相同）时确认不是同一人，仍然保存"})),
    );
    let profile_create = create_request(create_fields, &["name", "hometown_code"]);
    let username = pattern(&format!(
        "^[A-Za-z0-9_.@-]{{{},{}}}$",
        account::USERNAME.min,
        account::USERNAME.max
    ));
    let Text { min, max } = account::PASSWORD;
    let password = json!({"type": "string", "minLength": min, "maxLength": max,
        "description": format!("{min}–{max} 个字符，不能是常见密码，不能包含用户名或手机号；\
            `dengbao` 策略（默认）下须含大写字母、小写字母、数字、其他符号中的至少三类，\
            且不能与最近 5 次的密码相同")});
    let association = json!({
        "region_code": nullable(json!({"type": "string", "pattern": HOMETOWN_CODE,
            "examples": ["421222100201"]})),
        "name": nullable(text(association::NAME)),
        "founded_on": nullable(json!({"type": "string", "format": "date", "description": "不晚于今天"})),
        "head": nullable(text(association::HEAD)),
        "member_count": nullable(int(0, i64::from(association::MAX_MEMBERS))),
    });
    json!({
        "LoginReq": request(json!({"username": string(), "password": string()}),
            &["username", "password"]),
        "PasswordReq": request(json!({"current": string(), "new": password}), &["current", "new"]),
        "RegisterReq": request(json!({
            "username": username,
            "password": password,
            "name": profile_create["properties"]["name"],
            "hometown_code": profile_create["properties"]["hometown_code"],
            "mobile": profile_fields()["mobile"],
        }), &["username", "password", "name", "hometown_code"]),
        "TokenReq": request(json!({"name": text(account::TOKEN_NAME),
            "expires_in_days": nullable(json!({"type": "integer", "minimum": 1, "maximum": MAX_DAYS,
                "description": format!("有效天数，默认 {DEFAULT_DAYS}，最多 {MAX_DAYS}；超出时 400 指明该字段")}))}),
            &["name"]),
        "CreateUserReq": request(json!({
            "username": username,
            "password": password,
            "role": codes(Role::codes()),
            "scope": nullable(pattern(REGION_CODE)),
            "incubator_id": nullable(id()),
            "display_name": nullable(string()),
        }), &["username", "password", "role"]),
        "UpdateUserReq": request(json!({
            "disabled": nullable(boolean()),
            "password": nullable(password),
            "role": nullable(codes(Role::codes())),
            "scope": nullable(pattern(REGION_CODE)),
            "incubator_id": nullable(id()),
            "display_name": nullable(string()),
        }), &[]),
        "ProfileCreateReq": profile_create,
        "ProfileUpdateReq": request(with_version(profile_fields(), true), &["version"]),
        "RevealReq": request(json!({
            "purpose_code": nullable(codes(purpose_codes().map(|(code, _)| code).collect())),
            "purpose": nullable(json!({"type": "string", "maxLength": profile::REVEAL_PURPOSE.max,
                "description": "用途说明；purpose_code 为 other 或未给出时必填，至少 5 个字"})),
        }), &[]),
        "ConsentReq": request(json!({"consent_match": boolean(),
            "basis": nullable(json!({"type": "string", "maxLength": profile::CONSENT_BASIS.max,
                "description": "written 书面 · phone 电话 · in_person 当面 · online 线上；他人代为记录同意时必填。本人已注册账号时只有本人能更改"})),
            "note": nullable(text(profile::CONSENT_NOTE))}),
            &["consent_match"]),
        "MergeReq": request(json!({"into": id()}), &["into"]),
        "ClaimReq": request(json!({"code": {"type": "string",
            "description": "10 位字母和数字，可带分隔符"}}), &["code"]),
        "AssociationCreateReq": create_request(into_map(association.clone()), &["region_code", "name"]),
        "AssociationUpdateReq": request(association, &[]),
        "ProjectCreateReq": create_request(project_fields(), &["title", "segment", "county_code"]),
        "ProjectUpdateReq": request(with_version(project_fields(), true), &["version"]),
        "IncubatorCreateReq": create_request(incubator_fields(), &["name", "kind", "county_code"]),
        "IncubatorUpdateReq": request(with_version(incubator_fields(), false), &[]),
        "OpeningCreateReq": create_request(into_map(opening_fields()),
            &["kind", "title", "area_m2", "units", "monthly_rent"]),
        "OpeningUpdateReq": request(opening_fields(), &[]),
        "ApplyReq": request(json!({
            "plan": text(application::PLAN),
            "team_size": nullable(int(1, application::MAX_TEAM_SIZE)),
            "area_needed_m2": nullable(json!({"type": "number", "exclusiveMinimum": 0,
                "maximum": MAX_AREA_M2})),
        }), &["plan"]),
        "DecideReq": request(json!({
            "status": codes(ApplicationStatus::codes()),
            "note": nullable(text(application::DECISION_NOTE)),
        }), &["status"]),
        "ShortlistReq": request(json!({"profile_id": id()}), &["profile_id"]),
        "CollaborationReq": request(json!({"limit": nullable(int(1, MAX_LIMIT as i64))}), &[]),
        "PipelineUpdateReq": request(json!({
            "status": nullable(codes(PipelineStatus::codes())),
            "note": nullable(text(pipeline::NOTE)),
            "assigned_to": nullable(id()),
            "next_follow_up_on": nullable(follow_up_day()),
        }), &[]),
        "ContactReq": request(json!({
            "channel": codes(ContactChannel::codes()),
            "summary": text(pipeline::CONTACT_SUMMARY),
            "at": nullable(json!({"anyOf": [
                {"type": "string", "format": "date", "pattern": DATE,
                 "description": "不早于 2000-01-01，不晚于今天"},
                {"type": "string", "pattern": BLANK, "description": "空白：今天"}]})),
            "status": nullable(codes(PipelineStatus::codes())),
            "next_follow_up_on": nullable(follow_up_day()),
        }), &["channel", "summary"]),
    })
}

/// 下次跟进日期: a day from today to a year ahead, or blank to clear it.
fn follow_up_day() -> Value {
    json!({"anyOf": [
        {"type": "string", "format": "date", "pattern": DATE,
         "description": "不早于今天，不晚于一年后"},
        {"type": "string", "pattern": BLANK, "description": "空白：清除下次跟进日期"}]})
}
