//! How long each free-text field may be: the one place the validators
//! (`service::fields::text`, `name_list`), the API document (`openapi::schema`) and
//! the pages' `maxlength` (the template global `limits`, e.g.
//! `limits.profile.bio`) read them from, so the three cannot disagree.
//!
//! Lengths count characters (`char`s), not bytes. A maximum applies to the text
//! as sent, surrounding blanks included, because that is what the API document's
//! `maxLength` and a browser's `maxlength` can state; a minimum applies to the
//! trimmed text, so blanks do not count.

use std::collections::BTreeMap;

/// A bound on one text field: at least `min` characters once trimmed, at most
/// `max` as sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub min: usize,
    pub max: usize,
}

impl Text {
    /// Optional text of at most `max` characters.
    pub const fn up_to(max: usize) -> Self {
        Self { min: 0, max }
    }

    /// Text that must have `min..=max` characters.
    pub const fn between(min: usize, max: usize) -> Self {
        Self { min, max }
    }
}

/// A list of short names (tags, companies): at most `items` distinct non-blank
/// entries, each within `item`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct List {
    pub items: usize,
    pub item: Text,
}

/// 乡贤档案, and what is typed about one (consent, reveal).
pub mod profile {
    use super::{List, Text};

    /// Also `PersonName`'s bound, and the register form's.
    pub const NAME: Text = Text::between(1, 40);
    pub const EMPLOYER: Text = Text::up_to(100);
    pub const TITLE: Text = Text::up_to(60);
    pub const EXPERTISE: Text = Text::up_to(500);
    pub const BIO: Text = Text::up_to(2000);
    pub const WECHAT: Text = Text::up_to(40);
    pub const EMAIL: Text = Text::up_to(100);
    /// The consent basis, on the profile and on `POST …/consent`.
    pub const CONSENT_BASIS: Text = Text::up_to(60);
    /// The note of `POST …/consent`.
    pub const CONSENT_NOTE: Text = Text::up_to(200);
    /// The purpose text of `POST …/reveal`.
    pub const REVEAL_PURPOSE: Text = Text::up_to(200);
    pub const TAGS: List = List {
        items: 20,
        item: Text::up_to(30),
    };
    /// What an imported phone cell held beside the mobile; longer is cut.
    pub const CONTACT_NOTE: Text = Text::up_to(200);
    /// An imported 现居地 that names no county, as typed; longer is cut.
    pub const RESIDENCE_TEXT: Text = Text::up_to(100);
    /// The earliest birth year taken.
    pub const EARLIEST_BIRTH_YEAR: i32 = 1900;
    /// The youngest age a birth year may give: the latest year is this many
    /// years before the current one.
    pub const MIN_AGE: i32 = 14;
}

/// The Excel import.
pub mod import {
    use super::Text;

    /// The clerk's mapping corrections (`C=hometown,2!D=mobile`).
    pub const MAPPING: Text = Text::up_to(2000);
}

/// 项目库.
pub mod project {
    use super::{List, Text};

    pub const TITLE: Text = Text::between(2, 100);
    pub const DESCRIPTION: Text = Text::up_to(5000);
    pub const PARK: Text = Text::up_to(50);
    pub const TARGET_COMPANIES: List = List {
        items: 20,
        item: Text::up_to(50),
    };
    /// Jobs a project creates (a number, not a text).
    pub const MAX_JOBS: i64 = 100_000;
}

/// 以商招商 referrals.
pub mod referral {
    use super::Text;

    /// A referring company typed as free text.
    pub const COMPANY: Text = Text::between(2, 60);
    pub const NOTE: Text = Text::up_to(500);
}

/// 孵化载体.
pub mod incubator {
    use super::Text;

    pub const NAME: Text = Text::between(2, 60);
    pub const PARK: Text = Text::up_to(50);
    pub const ADDRESS: Text = Text::up_to(200);
}

/// 入驻空间.
pub mod opening {
    use super::Text;

    pub const TITLE: Text = Text::between(2, 60);
}

/// 入驻申请.
pub mod application {
    use super::Text;

    pub const PLAN: Text = Text::between(1, 2000);
    /// The note of a decision, told to the applicant.
    pub const DECISION_NOTE: Text = Text::up_to(1000);
    /// People in a team (a number, not a text).
    pub const MAX_TEAM_SIZE: i64 = 1000;
}

/// 对接 entries and their contact log.
pub mod pipeline {
    use super::Text;

    pub const NOTE: Text = Text::up_to(2000);
    pub const CONTACT_SUMMARY: Text = Text::between(1, 1000);
}

/// 乡贤会 and 乡贤联谊会.
pub mod association {
    use super::Text;

    pub const NAME: Text = Text::between(1, 60);
    pub const HEAD: Text = Text::up_to(40);
    /// Members (a number, not a text).
    pub const MAX_MEMBERS: i32 = 100_000;
}

/// 乡贤组织 above the village (同乡会, 商会, …).
pub mod organization {
    use super::Text;

    pub const NAME: Text = Text::between(2, 60);
    pub const NOTE: Text = Text::up_to(500);
}

/// Requests to the 返乡创业综合服务中心.
pub mod service_request {
    use super::Text;

    pub const SUMMARY: Text = Text::between(5, 1000);
    /// The staff's note to the founder.
    pub const NOTE: Text = Text::up_to(1000);
}

/// Enterprises and their monthly subsidy claims (专栏4-2).
pub mod subsidy {
    use super::Text;

    pub const ENTERPRISE_NAME: Text = Text::between(2, 100);
    /// The note of a decision, told to the enterprise.
    pub const DECISION_NOTE: Text = Text::up_to(1000);
}

/// 乡情返乡活动 and 创业培训 sessions.
pub mod event {
    use super::Text;

    pub const TITLE: Text = Text::between(2, 100);
    pub const PLACE: Text = Text::between(1, 200);
    /// The trainer of a training (湖北科技大学, …).
    pub const PROVIDER: Text = Text::up_to(100);
    /// Seats (a number, not a text).
    pub const MAX_CAPACITY: i32 = 100_000;
    /// At most this many people are invited in one call (ids or a filter).
    pub const MAX_INVITE: usize = 2_000;
}

/// Accounts and their API tokens.
pub mod account {
    use super::Text;

    /// Longer display names are cut, not refused.
    pub const DISPLAY_NAME: Text = Text::up_to(40);
    pub const TOKEN_NAME: Text = Text::between(1, 60);
    /// Letters, digits and `_ - . @`, counted once trimmed.
    pub const USERNAME: Text = Text::between(3, 64);
    /// Counted as typed: blanks are part of a password.
    pub const PASSWORD: Text = Text::between(8, 128);
}

/// Form boxes whose value is bounded by its format (a year, a code, an
/// amount) rather than by a length: only the browser's `maxlength`, the
/// validators check the value itself.
pub mod form {
    /// The search boxes of the list pages.
    pub const SEARCH: usize = 100;
    /// A person's name typed as a filter.
    pub const NAME_FILTER: usize = 40;
    pub const BIRTH_YEAR: usize = 4;
    /// A county code (6 digits).
    pub const COUNTY_CODE: usize = 6;
    /// A village code (12 digits), the longest region code.
    pub const VILLAGE_CODE: usize = 12;
    /// A mobile number with its +86 prefix, spaces or dashes.
    pub const MOBILE: usize = 20;
    /// A claim code with separators.
    pub const CLAIM_CODE: usize = 20;
    /// An amount of 万元.
    pub const INVESTMENT_WAN: usize = 10;
    /// Jobs created, up to `project::MAX_JOBS`.
    pub const JOBS: usize = 6;
    /// An area in square metres, with decimals.
    pub const AREA: usize = 10;
    /// A monthly rent in 元, with decimals.
    pub const RENT: usize = 12;
    pub const UNITS: usize = 6;
    /// A team size, in digits or as 三人.
    pub const TEAM_SIZE: usize = 4;
}

/// Every maximum by group and field, for the templates: `limits.profile.bio`
/// is `profile::BIO.max`. A test checks that every `limits.…` a template
/// names is listed here.
pub fn for_templates() -> BTreeMap<&'static str, BTreeMap<&'static str, usize>> {
    let group = |entries: &[(&'static str, usize)]| entries.iter().copied().collect();
    BTreeMap::from([
        (
            "profile",
            group(&[
                ("name", profile::NAME.max),
                ("employer", profile::EMPLOYER.max),
                ("title", profile::TITLE.max),
                ("expertise", profile::EXPERTISE.max),
                ("bio", profile::BIO.max),
                ("wechat", profile::WECHAT.max),
                ("email", profile::EMAIL.max),
                ("consent_basis", profile::CONSENT_BASIS.max),
                ("consent_note", profile::CONSENT_NOTE.max),
                ("reveal_purpose", profile::REVEAL_PURPOSE.max),
                ("tag", profile::TAGS.item.max),
            ]),
        ),
        (
            "project",
            group(&[
                ("title", project::TITLE.max),
                ("description", project::DESCRIPTION.max),
                ("park", project::PARK.max),
                ("target_company", project::TARGET_COMPANIES.item.max),
            ]),
        ),
        (
            "referral",
            group(&[
                ("company", referral::COMPANY.max),
                ("note", referral::NOTE.max),
            ]),
        ),
        (
            "incubator",
            group(&[
                ("name", incubator::NAME.max),
                ("park", incubator::PARK.max),
                ("address", incubator::ADDRESS.max),
            ]),
        ),
        ("opening", group(&[("title", opening::TITLE.max)])),
        (
            "application",
            group(&[
                ("plan", application::PLAN.max),
                ("decision_note", application::DECISION_NOTE.max),
            ]),
        ),
        (
            "pipeline",
            group(&[
                ("note", pipeline::NOTE.max),
                ("contact_summary", pipeline::CONTACT_SUMMARY.max),
            ]),
        ),
        (
            "association",
            group(&[
                ("name", association::NAME.max),
                ("head", association::HEAD.max),
            ]),
        ),
        (
            "organization",
            group(&[
                ("name", organization::NAME.max),
                ("note", organization::NOTE.max),
            ]),
        ),
        (
            "service_request",
            group(&[
                ("summary", service_request::SUMMARY.max),
                ("note", service_request::NOTE.max),
            ]),
        ),
        (
            "subsidy",
            group(&[
                ("enterprise_name", subsidy::ENTERPRISE_NAME.max),
                ("decision_note", subsidy::DECISION_NOTE.max),
            ]),
        ),
        (
            "event",
            group(&[
                ("title", event::TITLE.max),
                ("place", event::PLACE.max),
                ("provider", event::PROVIDER.max),
            ]),
        ),
        (
            "account",
            group(&[
                ("display_name", account::DISPLAY_NAME.max),
                ("token_name", account::TOKEN_NAME.max),
            ]),
        ),
        (
            "form",
            group(&[
                ("search", form::SEARCH),
                ("name_filter", form::NAME_FILTER),
                ("birth_year", form::BIRTH_YEAR),
                ("county_code", form::COUNTY_CODE),
                ("village_code", form::VILLAGE_CODE),
                ("mobile", form::MOBILE),
                ("claim_code", form::CLAIM_CODE),
                ("investment_wan", form::INVESTMENT_WAN),
                ("jobs", form::JOBS),
                ("area", form::AREA),
                ("rent", form::RENT),
                ("units", form::UNITS),
                ("team_size", form::TEAM_SIZE),
            ]),
        ),
    ])
}
