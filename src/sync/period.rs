//! Which Hugging Face daily list to fetch: one day, an ISO week, a month or
//! the trending list, checked before anything goes over the network so a
//! typo costs nothing.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use super::SyncError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HfPeriod {
    Day(NaiveDate),
    /// ISO week `week` of ISO year `year`.
    Week {
        year: i32,
        week: u32,
    },
    Month {
        year: i32,
        month: u32,
    },
    /// What the HF papers page shows as trending now (`sort=trending`).
    Trending,
}

impl HfPeriod {
    /// Today's list; the daily lists are dated in UTC.
    pub fn today() -> HfPeriod {
        HfPeriod::Day(chrono::Utc::now().date_naive())
    }

    /// `YYYY-MM-DD`.
    pub fn parse_day(input: &str) -> Result<HfPeriod, SyncError> {
        NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d")
            .map(HfPeriod::Day)
            .map_err(|_| bad(input, "date", "expected YYYY-MM-DD, e.g. 2026-11-27"))
    }

    /// `YYYY-Www` (ISO week, e.g. `2026-W48`).
    pub fn parse_week(input: &str) -> Result<HfPeriod, SyncError> {
        let problem = "expected YYYY-Www, e.g. 2026-W48";
        let (year, week) = input
            .trim()
            .split_once(['-'])
            .ok_or_else(|| bad(input, "week", problem))?;
        let week = week
            .strip_prefix(['W', 'w'])
            .ok_or_else(|| bad(input, "week", problem))?;
        let (year, week) = match (year.parse::<i32>(), week.parse::<u32>()) {
            (Ok(y), Ok(w)) if year.len() == 4 && (1..=2).contains(&week.len()) => (y, w),
            _ => return Err(bad(input, "week", problem)),
        };
        if NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).is_none() {
            return Err(bad(input, "week", "that year has no such ISO week"));
        }
        Ok(HfPeriod::Week { year, week })
    }

    /// `YYYY-MM`.
    pub fn parse_month(input: &str) -> Result<HfPeriod, SyncError> {
        let first = format!("{}-01", input.trim());
        match NaiveDate::parse_from_str(&first, "%Y-%m-%d") {
            Ok(date) if input.trim().len() == 7 => Ok(HfPeriod::Month {
                year: date.year(),
                month: date.month(),
            }),
            _ => Err(bad(input, "month", "expected YYYY-MM, e.g. 2026-11")),
        }
    }

    /// The query parameter naming this period (`date=2026-11-27`).
    pub fn query(&self) -> String {
        match self {
            HfPeriod::Day(_) => format!("date={self}"),
            HfPeriod::Week { .. } => format!("week={self}"),
            HfPeriod::Month { .. } => format!("month={self}"),
            HfPeriod::Trending => "sort=trending".to_string(),
        }
    }
}

impl fmt::Display for HfPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HfPeriod::Day(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            HfPeriod::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            HfPeriod::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            HfPeriod::Trending => write!(f, "trending"),
        }
    }
}

fn bad(input: &str, what: &'static str, problem: &str) -> SyncError {
    SyncError::Argument {
        input: input.to_string(),
        what,
        problem: problem.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_weeks_and_months_round_trip_to_query_parameters() {
        let day = HfPeriod::parse_day("2026-11-27").unwrap();
        assert_eq!(day.query(), "date=2026-11-27");
        let week = HfPeriod::parse_week("2026-W5").unwrap();
        assert_eq!(
            week,
            HfPeriod::Week {
                year: 2026,
                week: 5
            }
        );
        assert_eq!(week.query(), "week=2026-W05");
        assert_eq!(
            HfPeriod::parse_week("2026-w48").unwrap().to_string(),
            "2026-W48"
        );
        let month = HfPeriod::parse_month("2026-03").unwrap();
        assert_eq!(month.query(), "month=2026-03");
    }

    #[test]
    fn malformed_periods_say_the_expected_shape() {
        for bad_day in ["2026-13-01", "27/11/2026", "2026-02-30", ""] {
            let err = HfPeriod::parse_day(bad_day).unwrap_err().to_string();
            assert!(err.contains("expected YYYY-MM-DD"), "{bad_day}: {err}");
        }
        for bad_week in ["2026-48", "2026W48", "26-W01", "2026-W123"] {
            let err = HfPeriod::parse_week(bad_week).unwrap_err().to_string();
            assert!(err.contains("expected YYYY-Www"), "{bad_week}: {err}");
        }
        for bad_month in ["2026-13", "2026-1", "2026-11-01", "nov"] {
            let err = HfPeriod::parse_month(bad_month).unwrap_err().to_string();
            assert!(err.contains("expected YYYY-MM"), "{bad_month}: {err}");
        }
    }

    #[test]
    fn week_53_exists_only_in_long_years() {
        assert!(HfPeriod::parse_week("2026-W53").is_ok());
        let err = HfPeriod::parse_week("2025-W53").unwrap_err().to_string();
        assert!(err.contains("no such ISO week"), "{err}");
        assert!(HfPeriod::parse_week("2025-W00").is_err());
    }
}
