//! 下次跟进日期: the day a clerk means to call the person again. It is set with a
//! logged contact or on its own, cleared with a blank, and an open entry whose
//! day has come is "due" (待跟进) on the board and in `?due=true`.

use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, Condition};

use super::{OPEN, codes, is_open};
use crate::entity::pipeline_entry;
use crate::error::AppResult;
use crate::service::fields;

/// The furthest a follow-up may be planned ahead.
pub const MAX_DAYS_AHEAD: i64 = 366;

/// What a request says of the follow-up day: left alone, cleared, or set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowUp {
    Keep,
    Clear,
    On(NaiveDate),
}

impl FollowUp {
    /// From the request's `next_follow_up_on`: absent keeps, blank clears, a date from
    /// today to a year ahead sets.
    pub fn parse(raw: &Option<String>) -> AppResult<Self> {
        let Some(raw) = raw.as_deref() else {
            return Ok(Self::Keep);
        };
        if raw.trim().is_empty() {
            return Ok(Self::Clear);
        }
        let today = fields::today();
        let latest = today + Duration::days(MAX_DAYS_AHEAD);
        fields::date("next_follow_up_on", raw, today, latest).map(Self::On)
    }

    /// The value to store, if the request changes it.
    pub fn change(self) -> Option<Option<NaiveDate>> {
        match self {
            Self::Keep => None,
            Self::Clear => Some(None),
            Self::On(day) => Some(Some(day)),
        }
    }
}

/// Whether an open entry's follow-up day has come.
pub fn is_due(e: &pipeline_entry::Model) -> bool {
    is_open(e)
        && e.next_follow_up_on
            .is_some_and(|day| day <= fields::today())
}

/// The SQL twin of `is_due`.
pub(super) fn due_condition() -> Condition {
    Condition::all()
        .add(pipeline_entry::Column::Status.is_in(codes(&OPEN)))
        .add(pipeline_entry::Column::NextFollowUpOn.lte(fields::today()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_keeps_blank_clears_and_a_date_sets() {
        assert_eq!(FollowUp::parse(&None).unwrap(), FollowUp::Keep);
        assert_eq!(FollowUp::parse(&Some(" ".into())).unwrap(), FollowUp::Clear);
        let today = fields::today();
        let day = today + Duration::days(7);
        let parsed = FollowUp::parse(&Some(day.to_string())).unwrap();
        assert_eq!(parsed, FollowUp::On(day));
        assert_eq!(parsed.change(), Some(Some(day)));
        assert_eq!(FollowUp::Clear.change(), Some(None));
        assert_eq!(FollowUp::Keep.change(), None);
    }

    #[test]
    fn a_past_day_or_one_beyond_a_year_is_refused_with_the_field() {
        let today = fields::today();
        for bad in [
            (today - Duration::days(1)).to_string(),
            (today + Duration::days(MAX_DAYS_AHEAD + 1)).to_string(),
            "下周一".to_owned(),
        ] {
            let err = FollowUp::parse(&Some(bad.clone())).unwrap_err();
            assert!(
                format!("{err:?}").contains("next_follow_up_on"),
                "{bad}: {err:?}"
            );
        }
    }
}
