//! Calendar days and half-open intervals of days.
//!
//! The whole atlas works at day precision. A [`Day`] is written and read as an ISO 8601 calendar
//! date (`1955-05-06`) and nothing else. An [`Interval`] is **half-open**, `[from, to)`: it holds
//! on its `from` day and no longer on its `to` day, so Czechoslovakia, whose last day was
//! 31 December 1992, has `to = 1993-01-01`. A missing bound is open: "since before the atlas's
//! coverage" or "still so today".

use std::fmt;
use std::str::FromStr;

/// One calendar day (proleptic Gregorian), ordered by time.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(jiff::civil::Date);

/// Why a text is not a [`Day`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DayError {
    /// Not of the form `YYYY-MM-DD`.
    #[error("'{0}' is not a date of the form YYYY-MM-DD")]
    Shape(String),
    /// Of the right form, but no such day (`1955-02-30`).
    #[error("'{text}' is not a real day: {reason}")]
    Impossible {
        /// The text as given.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl Day {
    /// The day with this year, month (1–12) and day of the month.
    ///
    /// ```
    /// use bloc_model::Day;
    /// let d = Day::from_ymd(1955, 5, 14).unwrap();
    /// assert_eq!(d.to_string(), "1955-05-14");
    /// assert!(Day::from_ymd(1955, 2, 30).is_err());
    /// ```
    pub fn from_ymd(year: i16, month: i8, day: i8) -> Result<Self, DayError> {
        jiff::civil::Date::new(year, month, day)
            .map(Day)
            .map_err(|e| DayError::Impossible {
                text: format!("{year:04}-{month:02}-{day:02}"),
                reason: e.to_string(),
            })
    }

    /// Today's date in UTC, from the system clock.
    ///
    /// Only the program's entry point (`bloc_atlas::cli::main`) reads the clock, once; everything
    /// else is handed "today" as a value, so that tests can fix it and no result depends on the
    /// day a test runs.
    pub fn system_today() -> Self {
        Day(jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date())
    }

    /// The day in words, as a caption says it: "14 May 1955".
    ///
    /// ```
    /// use bloc_model::Day;
    /// assert_eq!("1955-05-14".parse::<Day>().unwrap().in_words(), "14 May 1955");
    /// ```
    pub fn in_words(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = MONTHS
            .get(usize::try_from(self.month() - 1).unwrap_or(0))
            .copied()
            .unwrap_or("");
        format!("{} {month} {}", self.day(), self.year())
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// The day after this one (saturating at the end of the calendar).
    pub fn next(self) -> Self {
        self.0.tomorrow().map(Day).unwrap_or(self)
    }

    /// The day before this one (saturating at the start of the calendar).
    pub fn previous(self) -> Self {
        self.0.yesterday().map(Day).unwrap_or(self)
    }

    /// The month (1–12).
    pub fn month(self) -> i8 {
        self.0.month()
    }

    /// The day of the month (1–31).
    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// Days since 1970-01-01 (negative before): a number line for sliders and spans.
    ///
    /// ```
    /// use bloc_model::Day;
    /// let d = Day::from_ymd(1955, 5, 14).unwrap();
    /// assert_eq!(Day::from_day_number(d.day_number()), d);
    /// assert_eq!(d.next().day_number(), d.day_number() + 1);
    /// ```
    pub fn day_number(self) -> i32 {
        let seconds = self.0.duration_since(EPOCH).as_secs();
        i32::try_from(seconds.div_euclid(86_400)).unwrap_or(i32::MAX)
    }

    /// The day with this [`Day::day_number`], saturating at the ends of the calendar.
    pub fn from_day_number(number: i32) -> Self {
        let span = jiff::SignedDuration::from_hours(i64::from(number) * 24);
        match EPOCH.checked_add(span) {
            Ok(date) => Day(date),
            Err(_) if number < 0 => Day(jiff::civil::Date::MIN),
            Err(_) => Day(jiff::civil::Date::MAX),
        }
    }

    /// The same day of the month `months` later (or earlier), clamped to the month's length
    /// (31 January + 1 month = 28 or 29 February).
    pub fn add_months(self, months: i32) -> Self {
        self.0
            .checked_add(jiff::Span::new().months(i64::from(months)))
            .map(Day)
            .unwrap_or(self)
    }

    /// The same month and day `years` later (or earlier), 29 February becoming 28 February.
    pub fn add_years(self, years: i16) -> Self {
        let year = self.0.year().saturating_add(years);
        let leap_day_lost = self.0.month() == 2 && self.0.day() == 29 && !is_leap(year);
        let day = if leap_day_lost { 28 } else { self.0.day() };
        jiff::civil::Date::new(year, self.0.month(), day)
            .map(Day)
            .unwrap_or(self)
    }
}

impl Day {
    /// 8 May 1945, VE Day: where an atlas's coverage starts unless its `atlas.toml` says otherwise.
    pub const COVERAGE_FROM: Day = Day(jiff::civil::date(1945, 5, 8));
}

const EPOCH: jiff::civil::Date = jiff::civil::date(1970, 1, 1);

fn is_leap(year: i16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl FromStr for Day {
    type Err = DayError;

    /// Parses exactly `YYYY-MM-DD`: no times, no week dates, no basic format.
    ///
    /// ```
    /// use bloc_model::Day;
    /// assert!("1990-10-03".parse::<Day>().is_ok());
    /// assert!("1990-10-3".parse::<Day>().is_err());
    /// assert!("1990-02-29".parse::<Day>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
            return Err(DayError::Shape(text.to_string()));
        }
        if !digits(5..7) || !digits(8..10) {
            return Err(DayError::Shape(text.to_string()));
        }
        let num = |r: std::ops::Range<usize>| {
            b[r].iter()
                .fold(0i32, |acc, d| acc * 10 + i32::from(d - b'0'))
        };
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        // The ranges above bound y < 10000, m < 100, d < 100: the casts cannot truncate.
        jiff::civil::Date::new(y as i16, m as i8, d as i8)
            .map(Day)
            .map_err(|e| DayError::Impossible {
                text: text.to_string(),
                reason: e.to_string(),
            })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl fmt::Debug for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A half-open interval of days, `[from, to)`; a missing bound is open.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Interval {
    /// First day on which the interval holds; `None`: since before the atlas's coverage.
    pub from: Option<Day>,
    /// First day on which it no longer holds; `None`: still holds today.
    pub to: Option<Day>,
}

impl Interval {
    /// The interval `[from, to)`.
    pub fn new(from: Option<Day>, to: Option<Day>) -> Self {
        Interval { from, to }
    }

    /// Whether the interval holds on `day`: on `from`, yes; on `to`, no.
    ///
    /// ```
    /// use bloc_model::{Day, Interval};
    /// let d = |s: &str| s.parse::<Day>().unwrap();
    /// let csk = Interval::new(None, Some(d("1993-01-01")));
    /// assert!(csk.contains(d("1992-12-31")));
    /// assert!(!csk.contains(d("1993-01-01")));
    /// ```
    pub fn contains(&self, day: Day) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day < t)
    }

    /// Whether the interval holds on no day at all (`to <= from`).
    pub fn is_empty(&self) -> bool {
        matches!((self.from, self.to), (Some(f), Some(t)) if t <= f)
    }

    /// Whether the two intervals share at least one day.
    pub fn overlaps(&self, other: &Interval) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(f), Some(t)) => f < t,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.from, self.to) {
            (Some(f), Some(t)) => f < t,
            _ => true,
        };
        !self.is_empty()
            && !other.is_empty()
            && starts_before_other_ends
            && other_starts_before_self_ends
    }

    /// Whether every day of `inner` is also a day of `self`.
    pub fn covers(&self, inner: &Interval) -> bool {
        let from_ok = match (self.from, inner.from) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a <= b,
        };
        let to_ok = match (self.to, inner.to) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => b <= a,
        };
        from_ok && to_ok
    }
}

impl fmt::Display for Interval {
    /// `1949-05-23 – 1990-10-03` with the end exclusive; open ends as `…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.from {
            Some(d) => write!(f, "{d}")?,
            None => write!(f, "…")?,
        }
        write!(f, " – ")?;
        match self.to {
            Some(d) => write!(f, "{d}"),
            None => write!(f, "…"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_iso_days() {
        assert_eq!(d("1949-04-04").to_string(), "1949-04-04");
        assert_eq!(d("2000-02-29").to_string(), "2000-02-29");
    }

    #[test]
    fn rejects_malformed_and_impossible_days() {
        for bad in [
            "",
            "1955",
            "1955-5-6",
            "1955/05/06",
            "19550506",
            "1955-05-06T00:00",
            "+955-05-06",
            " 1955-05-06",
            "1955-0a-06",
        ] {
            assert!(
                matches!(bad.parse::<Day>(), Err(DayError::Shape(_))),
                "{bad:?} accepted"
            );
        }
        for bad in [
            "1955-02-30",
            "1900-02-29",
            "1955-13-01",
            "1955-00-10",
            "1955-04-31",
        ] {
            assert!(
                matches!(bad.parse::<Day>(), Err(DayError::Impossible { .. })),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn half_open_interval_holds_on_from_and_not_on_to() {
        let i = Interval::new(Some(d("1955-05-14")), Some(d("1991-07-01")));
        assert!(!i.contains(d("1955-05-13")));
        assert!(i.contains(d("1955-05-14")));
        assert!(i.contains(d("1991-06-30")));
        assert!(!i.contains(d("1991-07-01")));
    }

    #[test]
    fn open_bounds() {
        let since = Interval::new(Some(d("1982-05-30")), None);
        assert!(since.contains(d("2024-01-01")));
        assert!(!since.contains(d("1982-05-29")));
        let until = Interval::new(None, Some(d("1991-12-26")));
        assert!(until.contains(d("1945-05-08")));
        assert!(!until.contains(d("1991-12-26")));
    }

    #[test]
    fn adjacent_intervals_do_not_overlap() {
        let a = Interval::new(Some(d("1949-04-04")), Some(d("1966-03-10")));
        let b = Interval::new(Some(d("1966-03-10")), Some(d("2009-04-04")));
        assert!(!a.overlaps(&b));
        assert!(!b.overlaps(&a));
        let c = Interval::new(Some(d("1966-03-09")), None);
        assert!(a.overlaps(&c));
        assert!(c.overlaps(&b));
        assert!(Interval::default().overlaps(&a));
    }

    #[test]
    fn empty_and_reversed_intervals() {
        assert!(Interval::new(Some(d("1990-01-01")), Some(d("1990-01-01"))).is_empty());
        assert!(Interval::new(Some(d("1990-01-02")), Some(d("1990-01-01"))).is_empty());
        assert!(!Interval::new(Some(d("1990-01-01")), Some(d("1990-01-02"))).is_empty());
    }

    #[test]
    fn covers_respects_open_bounds() {
        let unit = Interval::new(Some(d("1949-10-07")), Some(d("1990-10-03")));
        assert!(unit.covers(&Interval::new(Some(d("1955-05-14")), Some(d("1990-09-24")))));
        assert!(!unit.covers(&Interval::new(Some(d("1955-05-14")), None)));
        assert!(!unit.covers(&Interval::new(None, Some(d("1950-01-01")))));
        assert!(Interval::default().covers(&unit));
    }
}
