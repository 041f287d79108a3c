//! Working days in China: weekends, the official public holidays and the
//! adjusted working weekend days (调休) from `calendar.txt`, which follows the
//! State Council's yearly notice and is compiled in. A date the file does not
//! list is a working day from Monday to Friday.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};

/// The official calendar as shipped.
const CALENDAR: &str = include_str!("calendar.txt");

/// What the calendar says of one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// A public holiday, even on a weekday.
    Holiday,
    /// An adjusted working day (调休上班), even on a weekend.
    Workday,
}

/// The dates that differ from the Monday-to-Friday rule.
#[derive(Debug, Default)]
pub struct Calendar {
    days: HashMap<NaiveDate, DayKind>,
}

fn date(raw: &str, line: usize) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| format!("第 {line} 行：日期“{raw}”应写作 YYYY-MM-DD"))
}

impl Calendar {
    /// Parses the calendar's text; the first bad line is named.
    pub fn parse(text: &str) -> Result<Calendar, String> {
        let mut days = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = raw.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let mut parts = content.split_whitespace();
            let span = parts.next().unwrap_or("");
            let kind = match parts.next() {
                Some("holiday") => DayKind::Holiday,
                Some("workday") => DayKind::Workday,
                other => {
                    return Err(format!(
                        "第 {line} 行：类型应为 holiday 或 workday，而不是 {other:?}"
                    ));
                }
            };
            let (first, last) = match span.split_once("..") {
                Some((a, b)) => (date(a, line)?, date(b, line)?),
                None => (date(span, line)?, date(span, line)?),
            };
            if last < first || (last - first).num_days() > 31 {
                return Err(format!("第 {line} 行：日期范围 {span} 不合理"));
            }
            for d in first.iter_days().take_while(|d| *d <= last) {
                if days.insert(d, kind).is_some() {
                    return Err(format!("第 {line} 行：{d} 已列出过"));
                }
            }
        }
        Ok(Calendar { days })
    }

    /// The compiled-in official calendar. A file that does not parse (a unit
    /// test keeps it parsing) falls back to weekends only.
    pub fn official() -> &'static Calendar {
        static OFFICIAL: OnceLock<Calendar> = OnceLock::new();
        OFFICIAL.get_or_init(|| Calendar::parse(CALENDAR).unwrap_or_default())
    }

    pub fn kind(&self, d: NaiveDate) -> Option<DayKind> {
        self.days.get(&d).copied()
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.kind(d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`th working day after `from` (`from` itself does not count, so
    /// a request filed on a holiday starts counting on the next working day).
    pub fn working_days_after(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        // A year of days bounds the walk whatever the calendar says.
        for _ in 0..(n as usize * 7 + 366) {
            if left == 0 {
                break;
            }
            d = match d.succ_opt() {
                Some(next) => next,
                None => break,
            };
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// When something filed on `filed` is due: `n` working days later.
pub fn due_on(filed: NaiveDate, n: u32) -> NaiveDate {
    Calendar::official().working_days_after(filed, n)
}

/// Whether something due on `due` is overdue on `today` (the due day itself is in time).
pub fn is_overdue(due: NaiveDate, today: NaiveDate) -> bool {
    today > due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn the_shipped_calendar_parses() {
        let cal = Calendar::parse(CALENDAR).expect("calendar.txt parses");
        assert_eq!(cal.kind(d("2026-10-07")), Some(DayKind::Holiday));
        assert_eq!(cal.kind(d("2026-10-10")), Some(DayKind::Workday));
        assert_eq!(cal.kind(d("2027-02-06")), Some(DayKind::Holiday));
    }

    #[test]
    fn national_day_week_and_its_saturday_workday_are_counted_as_the_notice_says() {
        let cal = Calendar::official();
        // 2026-09-30 is a Wednesday; 10-01..10-07 are holidays; 10-08 Thu, 10-09 Fri,
        // 10-10 Sat (调休上班), 10-11 Sun off, 10-12 Mon, 10-13 Tue.
        assert!(!cal.is_working_day(d("2026-10-01")));
        assert!(!cal.is_working_day(d("2026-10-05")));
        assert!(cal.is_working_day(d("2026-10-10")));
        assert!(!cal.is_working_day(d("2026-10-11")));
        assert_eq!(cal.working_days_after(d("2026-09-30"), 1), d("2026-10-08"));
        assert_eq!(cal.working_days_after(d("2026-09-30"), 3), d("2026-10-10"));
        assert_eq!(cal.working_days_after(d("2026-09-30"), 5), d("2026-10-13"));
        // Filed on the holiday itself: counting starts after it.
        assert_eq!(cal.working_days_after(d("2026-10-03"), 5), d("2026-10-13"));
    }

    #[test]
    fn a_plain_weekend_is_skipped_and_a_workday_sunday_counts() {
        let cal = Calendar::official();
        // Fri 2026-11-13 + 1 working day = Mon 11-16.
        assert_eq!(cal.working_days_after(d("2026-11-13"), 1), d("2026-11-16"));
        // Sun 2026-09-20 is a 调休 working day.
        assert_eq!(cal.working_days_after(d("2026-09-18"), 1), d("2026-09-20"));
        // Spring Festival 2026: Fri 02-13 -> Sat 02-14 works, then 02-15..23 off, Tue 02-24.
        assert_eq!(cal.working_days_after(d("2026-02-13"), 2), d("2026-02-24"));
    }

    #[test]
    fn due_day_is_in_time_and_the_day_after_is_overdue() {
        let due = due_on(d("2026-09-30"), 5);
        assert!(!is_overdue(due, d("2026-10-13")));
        assert!(is_overdue(due, d("2026-10-14")));
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = Calendar::parse("2026-13-01 holiday x\n").unwrap_err();
        assert!(err.contains("第 1 行"), "{err}");
        let err = Calendar::parse("2026-01-01 weekend x\n").unwrap_err();
        assert!(err.contains("holiday"), "{err}");
    }
}
