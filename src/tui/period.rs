//! The date view: all papers, or one day, week or month, stepped backwards and
//! forwards like the day/week/month navigation of the HF papers page.

use chrono::{Datelike, Days, Months, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    All,
    Day(NaiveDate),
    /// The ISO week starting on this Monday.
    Week(NaiveDate),
    /// The month starting on this first day.
    Month(NaiveDate),
}

impl Period {
    /// all → day → week → month → all, each around `anchor` (the newest paper).
    pub fn cycle(self, anchor: NaiveDate) -> Period {
        let anchor = match self {
            Period::All => anchor,
            Period::Day(d) | Period::Week(d) | Period::Month(d) => d,
        };
        match self {
            Period::All => Period::Day(anchor),
            Period::Day(d) => Period::Week(week_start(d)),
            Period::Week(d) => Period::Month(month_start(d)),
            Period::Month(_) => Period::All,
        }
    }

    /// The period before (`-1`) or after (`1`) this one.
    pub fn step(self, direction: i32) -> Period {
        let forward = direction > 0;
        match self {
            Period::All => Period::All,
            Period::Day(d) => Period::Day(shift_days(d, 1, forward)),
            Period::Week(d) => Period::Week(shift_days(d, 7, forward)),
            Period::Month(d) => Period::Month(if forward {
                d.checked_add_months(Months::new(1)).unwrap_or(d)
            } else {
                d.checked_sub_months(Months::new(1)).unwrap_or(d)
            }),
        }
    }

    /// The first and last day covered, or `None` for all dates.
    pub fn range(self) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Period::All => None,
            Period::Day(d) => Some((d, d)),
            Period::Week(d) => Some((d, shift_days(d, 6, true))),
            Period::Month(d) => Some((
                d,
                d.checked_add_months(Months::new(1))
                    .and_then(|n| n.pred_opt())
                    .unwrap_or(d),
            )),
        }
    }

    /// How the top bar names the period.
    pub fn label(self) -> String {
        match self {
            Period::All => "all dates".into(),
            Period::Day(d) => d.format("%a %b %-d, %Y").to_string(),
            Period::Week(d) => format!("week {} of {}", d.iso_week().week(), d.iso_week().year()),
            Period::Month(d) => d.format("%B %Y").to_string(),
        }
    }
}

fn shift_days(d: NaiveDate, n: u64, forward: bool) -> NaiveDate {
    if forward {
        d.checked_add_days(Days::new(n)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n)).unwrap_or(d)
    }
}

fn week_start(d: NaiveDate) -> NaiveDate {
    shift_days(d, u64::from(d.weekday().num_days_from_monday()), false)
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn cycles_around_the_anchor() {
        let anchor = day(2026, 3, 14); // a Saturday
        let p = Period::All.cycle(anchor);
        assert_eq!(p, Period::Day(anchor));
        let p = p.cycle(anchor);
        assert_eq!(p.range(), Some((day(2026, 3, 9), day(2026, 3, 15))));
        let p = p.cycle(anchor);
        assert_eq!(p.range(), Some((day(2026, 3, 1), day(2026, 3, 31))));
        assert_eq!(p.cycle(anchor), Period::All);
    }

    #[test]
    fn steps_by_period() {
        assert_eq!(
            Period::Day(day(2026, 3, 1)).step(-1),
            Period::Day(day(2026, 2, 28))
        );
        assert_eq!(
            Period::Week(day(2026, 3, 9)).step(1),
            Period::Week(day(2026, 3, 16))
        );
        assert_eq!(
            Period::Month(day(2026, 1, 1)).step(-1).range(),
            Some((day(2025, 12, 1), day(2025, 12, 31)))
        );
        assert_eq!(Period::All.step(1), Period::All);
    }

    #[test]
    fn labels() {
        assert_eq!(Period::Day(day(2026, 3, 14)).label(), "Sat Mar 14, 2026");
        assert_eq!(Period::Week(day(2026, 3, 9)).label(), "week 11 of 2026");
        assert_eq!(Period::Month(day(2026, 3, 1)).label(), "March 2026");
    }
}
