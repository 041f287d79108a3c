//! Realistic, deterministic 乡贤 profiles for the demo and the bench: profile
//! `i` depends only on `i`. Names from common surnames and given-name
//! characters, real villages of the city, employers and cities of the
//! electronic-information industry, bios written from the plan's vocabulary.
//! Mobile numbers use the 170 virtual-operator prefix and are synthetic.

use crate::domain::{CapitalRange, Education, Gender, Intent, Tier};

/// One generated person, in the shape of a profile request.
#[derive(Clone, Debug)]
pub struct SynthProfile {
    pub name: String,
    pub gender: Gender,
    pub birth_year: i32,
    pub hometown_code: String,
    pub residence_code: &'static str,
    pub employer: &'static str,
    pub title: &'static str,
    pub education: Education,
    pub chains: Vec<&'static str>,
    pub expertise: String,
    pub bio: String,
    pub intents: Vec<Intent>,
    pub capital_range: CapitalRange,
    pub mobile: String,
    pub consent_match: bool,
    pub listed: bool,
    pub tier: Tier,
    pub verified: bool,
    pub tags: Vec<&'static str>,
}

mod vocabulary;

use vocabulary::*;

/// The codes of the city's villages, in order: where synthetic people come from.
pub async fn villages(conn: &impl sea_orm::ConnectionTrait) -> Result<Vec<String>, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

    use crate::entity::region;
    Ok(region::Entity::find()
        .filter(region::Column::Code.starts_with(crate::domain::CITY_CODE))
        .filter(region::Column::Level.eq(5))
        .order_by_asc(region::Column::Code)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect())
}

/// A small, fast, well-mixed hash: profile `i` must not look like profile `i+1`.
fn mix(i: u64, salt: u64) -> u64 {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xD1B5_4A32_D192_ED03);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn pick<T: Copy>(items: &[T], i: u64, salt: u64) -> T {
    items[(mix(i, salt) % items.len() as u64) as usize]
}

fn weighted<T: Copy>(items: &[(T, u32)], i: u64, salt: u64) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = (mix(i, salt) % u64::from(total)) as u32;
    for (item, weight) in items {
        if roll < *weight {
            return *item;
        }
        roll -= weight;
    }
    items[0].0
}

fn chance(i: u64, salt: u64, percent: u64) -> bool {
    mix(i, salt) % 100 < percent
}

/// The i-th person; `villages` are real village codes of the city.
pub fn profile(i: u64, villages: &[String]) -> SynthProfile {
    let gender = if chance(i, 1, 72) {
        Gender::Male
    } else {
        Gender::Female
    };
    let given = if gender == Gender::Male {
        pick(GIVEN_MALE, i, 3)
    } else {
        pick(GIVEN_FEMALE, i, 3)
    };
    let name = format!("{}{}", pick(SURNAMES, i, 2), given);
    let (segment, employers, phrases) = pick(SEGMENTS, i, 4);
    let employer = pick(employers, i, 5);
    let title = weighted(TITLES, i, 6);
    let first = pick(phrases, i, 7);
    let second = pick(phrases, i, 8);
    let expertise = if first == second {
        first.to_owned()
    } else {
        format!("{first}、{second}")
    };
    let mut chains = vec![segment];
    if chance(i, 9, 20) {
        let (other, _, _) = pick(SEGMENTS, i, 10);
        if other != segment {
            chains.push(other);
        }
    }
    let hometown_code = if villages.is_empty() {
        "421222100201".to_owned()
    } else {
        villages[(mix(i, 11) % villages.len() as u64) as usize].clone()
    };
    let birth_year = 1958 + (mix(i, 12) % 40) as i32;
    let school = pick(SCHOOLS, i, 13);
    let graduated = birth_year + 22;
    let intents = {
        let mut v = Vec::new();
        for (intent, percent, salt) in [
            (Intent::Invest, 35, 14),
            (Intent::Tech, 45, 15),
            (Intent::Startup, 20, 16),
            (Intent::Advisor, 25, 17),
            (Intent::Introduce, 20, 18),
            (Intent::Donate, 10, 19),
        ] {
            if chance(i, salt, percent) {
                v.push(intent);
            }
        }
        v
    };
    let capital_range = if intents.contains(&Intent::Invest) {
        pick(
            &[
                CapitalRange::M1To5,
                CapitalRange::M5To20,
                CapitalRange::M5To20,
                CapitalRange::M20To100,
                CapitalRange::Over100m,
                CapitalRange::Under1m,
            ],
            i,
            20,
        )
    } else {
        pick(
            &[
                CapitalRange::None,
                CapitalRange::None,
                CapitalRange::Under1m,
            ],
            i,
            20,
        )
    };
    let wish = match intents.first() {
        Some(Intent::Invest) => "有意回乡投资兴业",
        Some(Intent::Tech) => "愿与家乡企业开展技术合作",
        Some(Intent::Startup) => "计划返乡创业",
        Some(Intent::Advisor) => "愿为家乡产业发展担任顾问",
        Some(Intent::Introduce) => "可为家乡引荐行业资源",
        _ => "关心家乡发展",
    };
    let segment_name = crate::domain::taxonomy::segment_name(segment).unwrap_or(segment);
    let bio = format!(
        "{graduated}年毕业于{school}，现任{employer}{title}，长期从事{first}相关工作，熟悉{segment_name}产业链上下游，{wish}。"
    );
    let tier = if chance(i, 21, 4) {
        Tier::Renowned
    } else if chance(i, 22, 18) {
        Tier::Key
    } else {
        Tier::Normal
    };
    SynthProfile {
        name,
        gender,
        birth_year,
        hometown_code,
        residence_code: weighted(RESIDENCES, i, 23),
        employer,
        title,
        education: pick(
            &[
                Education::Doctorate,
                Education::Master,
                Education::Master,
                Education::Bachelor,
                Education::Bachelor,
                Education::Bachelor,
                Education::College,
            ],
            i,
            24,
        ),
        chains,
        expertise,
        bio,
        intents,
        capital_range,
        mobile: format!("170{:08}", mix(i, 25) % 100_000_000),
        consent_match: chance(i, 26, 70),
        listed: chance(i, 27, 95),
        tier,
        verified: chance(i, 28, 55),
        tags: if chance(i, 29, 30) {
            vec![pick(TAGS, i, 30)]
        } else {
            Vec::new()
        },
    }
}

impl SynthProfile {
    /// The profile fields the write path takes.
    pub fn fields(&self) -> crate::service::profile::ProfileFields {
        use crate::domain::{ChainSegment, Mobile, RegionCode};
        crate::service::profile::ProfileFields {
            name: Some(self.name.clone()),
            gender: Some(Some(self.gender)),
            birth_year: Some(Some(self.birth_year)),
            hometown: RegionCode::parse(&self.hometown_code).ok(),
            residence: Some(RegionCode::parse(self.residence_code).ok()),
            employer: Some(self.employer.to_owned()),
            title: Some(self.title.to_owned()),
            education: Some(Some(self.education)),
            chains: Some(
                self.chains
                    .iter()
                    .filter_map(|c| ChainSegment::parse(c).ok())
                    .collect(),
            ),
            expertise: Some(self.expertise.clone()),
            bio: Some(self.bio.clone()),
            intents: Some(self.intents.clone()),
            capital_range: Some(Some(self.capital_range)),
            mobile: Some(Mobile::parse(&self.mobile).ok()),
            wechat: None,
            email: None,
            consent_match: Some(self.consent_match),
            consent_basis: Some(self.consent_match.then(|| "书面同意书".to_owned())),
            listed: Some(self.listed),
            tier: Some(self.tier),
            tags: Some(self.tags.iter().map(|t| (*t).to_owned()).collect()),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_index_gives_the_same_person() {
        let villages = vec!["421222100201".to_owned(), "421223100201".to_owned()];
        let a = profile(42, &villages);
        let b = profile(42, &villages);
        assert_eq!(a.name, b.name);
        assert_eq!(a.bio, b.bio);
        assert_eq!(a.mobile, b.mobile);
        assert_ne!(profile(43, &villages).bio, a.bio);
    }

    #[test]
    fn generated_values_pass_the_domain_rules() {
        for i in 0..2_000 {
            let p = profile(i, &[]);
            assert!(crate::domain::PersonName::parse(&p.name).is_ok());
            assert!(crate::domain::Mobile::parse(&p.mobile).is_ok());
            for c in &p.chains {
                assert!(crate::domain::ChainSegment::parse(c).is_ok());
            }
        }
    }
}
