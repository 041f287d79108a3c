//! How a profile is shown: contacts masked for everyone but the person
//! themself; the full values only through an audited reveal.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::domain::mobile::{mask_handle, mask_mobile};
use crate::entity::json_list::from_json_list;
use crate::entity::profile;
use crate::error::AppResult;
use crate::service::audit::Audited;
use crate::service::region::RegionNames;

/// A profile as the API shows it.
#[derive(Debug, Serialize)]
pub struct ProfileView {
    pub id: i64,
    pub name: String,
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    pub hometown_code: String,
    pub hometown: String,
    pub county_code: String,
    pub residence_code: Option<String>,
    pub residence: Option<String>,
    pub employer: String,
    pub title: String,
    pub education: Option<String>,
    pub chains: Vec<String>,
    pub expertise: String,
    pub bio: String,
    pub intents: Vec<String>,
    pub capital_range: Option<String>,
    pub mobile: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
    /// Whether `mobile`, `wechat` and `email` above are masked.
    pub contacts_masked: bool,
    pub consent_match: bool,
    pub consent_basis: Option<String>,
    pub consent_at: Option<DateTime<Utc>>,
    pub consent_by: Option<i64>,
    pub listed: bool,
    pub tier: String,
    pub verified: bool,
    pub verified_at: Option<DateTime<Utc>>,
    pub last_confirmed_at: Option<DateTime<Utc>>,
    pub tags: Vec<String>,
    pub claimed: bool,
    pub version: i32,
    pub created_by: Option<i64>,
    pub updated_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The contacts of a profile, masked.
pub fn masked_contacts(p: &profile::Model) -> (Option<String>, Option<String>, Option<String>) {
    (
        p.mobile.as_deref().map(mask_mobile),
        p.wechat.as_deref().map(mask_handle),
        p.email.as_deref().map(mask_handle),
    )
}

/// Masked contacts, for lists of people found elsewhere (a project's matches).
#[derive(Clone, Debug, Default, Serialize)]
pub struct MaskedContacts {
    pub mobile: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
}

/// The masked contacts of the profiles among `ids` (at most a page of them).
pub async fn masked_contacts_of(
    conn: &impl ConnectionTrait,
    ids: &[i64],
) -> AppResult<HashMap<i64, MaskedContacts>> {
    let rows = profile::Entity::find()
        .filter(profile::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows
        .iter()
        .map(|p| {
            let (mobile, wechat, email) = masked_contacts(p);
            (
                p.id,
                MaskedContacts {
                    mobile,
                    wechat,
                    email,
                },
            )
        })
        .collect())
}

impl ProfileView {
    /// The view for `viewer`: full contacts only when the viewer is the person.
    pub fn for_viewer(p: profile::Model, viewer: &CurrentUser, names: &RegionNames) -> Self {
        let own = p.owner_user_id == Some(viewer.id());
        Self::new(p, names, own)
    }

    /// `full_contacts` only for the person themself.
    pub fn new(p: profile::Model, names: &RegionNames, full_contacts: bool) -> Self {
        let (mobile, wechat, email) = if full_contacts {
            (
                p.mobile.clone().map(String::from),
                p.wechat.clone().map(String::from),
                p.email.clone().map(String::from),
            )
        } else {
            masked_contacts(&p)
        };
        Self {
            id: p.id,
            hometown: names.local_name(&p.hometown_code),
            residence: p.residence_code.as_deref().map(|c| names.full_name(c)),
            chains: from_json_list(&p.chains),
            intents: from_json_list(&p.intents),
            tags: from_json_list(&p.tags),
            claimed: p.owner_user_id.is_some(),
            contacts_masked: !full_contacts,
            mobile,
            wechat,
            email,
            name: p.name,
            gender: p.gender,
            birth_year: p.birth_year,
            hometown_code: p.hometown_code,
            county_code: p.county_code,
            residence_code: p.residence_code,
            employer: p.employer,
            title: p.title,
            education: p.education,
            expertise: p.expertise,
            bio: p.bio,
            capital_range: p.capital_range.map(String::from),
            consent_match: p.consent_match,
            consent_basis: p.consent_basis,
            consent_at: p.consent_at,
            consent_by: p.consent_by,
            listed: p.listed,
            tier: p.tier,
            verified: p.verified,
            verified_at: p.verified_at,
            last_confirmed_at: p.last_confirmed_at,
            version: p.version,
            created_by: p.created_by,
            updated_by: p.updated_by,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

impl Audited for profile::Model {
    const ENTITY: &'static str = "profile";

    fn audit_id(&self) -> i64 {
        self.id
    }

    /// Contacts masked, so the log itself never becomes a second copy of
    /// everyone's phone number.
    fn snapshot(&self) -> Value {
        let p = self;
        let (mobile, wechat, email) = masked_contacts(p);
        json!({
            "name": p.name, "gender": p.gender, "birth_year": p.birth_year,
            "hometown_code": p.hometown_code, "residence_code": p.residence_code,
            "employer": p.employer, "title": p.title, "education": p.education,
            "chains": from_json_list(&p.chains), "expertise": p.expertise, "bio": p.bio,
            "intents": from_json_list(&p.intents), "capital_range": p.capital_range,
            "mobile": mobile, "wechat": wechat, "email": email,
            "consent_match": p.consent_match, "consent_basis": p.consent_basis,
            "listed": p.listed, "tier": p.tier, "verified": p.verified,
            "tags": from_json_list(&p.tags), "owner_user_id": p.owner_user_id,
            "merged_into": p.merged_into, "version": p.version,
            "deleted": p.deleted_at.is_some(),
        })
    }
}
