//! ODBC's date and time structs over the providers' calendar
//! (`apiodbc_providers::calendar`), and the ODBC literal forms `yyyy-mm-dd`,
//! `hh:mm:ss` and `yyyy-mm-dd hh:mm:ss[.f]`.

use apiodbc_providers::calendar;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A wall-clock time with nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Time {
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanos: u32,
}

impl Time {
    pub fn is_midnight(&self) -> bool {
        *self == Time::default()
    }
}

pub const SECONDS_PER_DAY: i64 = 86_400;

/// The date `days` after 1970-01-01.
pub fn date_from_days(days: i64) -> Date {
    let (year, month, day) = calendar::civil_from_days(days);
    Date {
        year: year as i32,
        month,
        day,
    }
}

/// Days from 1970-01-01 to `date`.
pub fn days_from_date(date: Date) -> i64 {
    calendar::days_from_civil(date.year.into(), date.month, date.day)
}

/// Whether `date` exists in the calendar.
pub fn is_valid(date: Date) -> bool {
    calendar::is_date(date.year.into(), date.month, date.day)
}

/// Splits seconds since the epoch into a date and a time.
pub fn split(secs: i64, nanos: u32) -> (Date, Time) {
    let days = secs.div_euclid(SECONDS_PER_DAY);
    let rest = secs.rem_euclid(SECONDS_PER_DAY) as u32;
    (
        date_from_days(days),
        Time {
            hour: rest / 3600,
            minute: rest / 60 % 60,
            second: rest % 60,
            nanos,
        },
    )
}

/// Seconds since the epoch of a date and time.
pub fn join(date: Date, time: Time) -> i64 {
    days_from_date(date) * SECONDS_PER_DAY
        + i64::from(time.hour) * 3600
        + i64::from(time.minute) * 60
        + i64::from(time.second)
}

pub fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// `hh:mm:ss` with the fraction, when there is one, without trailing zeros.
pub fn format_time(t: Time) -> String {
    let mut s = format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second);
    if t.nanos != 0 {
        let frac = format!("{:09}", t.nanos);
        s.push('.');
        s.push_str(frac.trim_end_matches('0'));
    }
    s
}

pub fn format_timestamp(secs: i64, nanos: u32) -> String {
    let (d, t) = split(secs, nanos);
    format!("{} {}", format_date(d), format_time(t))
}

/// Parses `yyyy-mm-dd`.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let date = Date {
        year: digits(y)?.try_into().ok()?,
        month: digits(m)?.try_into().ok()?,
        day: digits(d)?.try_into().ok()?,
    };
    is_valid(date).then_some(date)
}

/// Parses `hh:mm:ss[.fffffffff]`.
pub fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim();
    let (hms, frac) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let mut parts = hms.splitn(3, ':');
    let (h, m, sec) = (parts.next()?, parts.next()?, parts.next()?);
    let nanos = match frac {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 9 => {
            digits(f)? as u32 * 10u32.pow(9 - f.len() as u32)
        }
        Some(_) => return None,
    };
    let t = Time {
        hour: digits(h)?.try_into().ok()?,
        minute: digits(m)?.try_into().ok()?,
        second: digits(sec)?.try_into().ok()?,
        nanos,
    };
    (t.hour < 24 && t.minute < 60 && t.second < 60).then_some(t)
}

/// Parses `yyyy-mm-dd[( |T)hh:mm:ss[.f]][Z]`, or a date alone (midnight).
pub fn parse_timestamp(s: &str) -> Option<(Date, Time)> {
    let s = s.trim();
    let s = s.strip_suffix('Z').unwrap_or(s);
    match s.split_once([' ', 'T']) {
        Some((d, t)) => Some((parse_date(d)?, parse_time(t)?)),
        None => Some((parse_date(s)?, Time::default())),
    }
}

fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_the_calendar() {
        for days in [-719_468, -1, 0, 1, 59, 10_957, 11_016, 19_782, 2_932_896] {
            assert_eq!(days_from_date(date_from_days(days)), days);
        }
        assert_eq!(
            date_from_days(11_016),
            Date {
                year: 2000,
                month: 2,
                day: 29
            }
        );
        assert_eq!(format_timestamp(-1, 500_000_000), "1969-12-31 23:59:59.5");
    }

    #[test]
    fn literals_parse_strictly() {
        assert!(parse_date("2024-02-30").is_none());
        assert!(parse_date("abc").is_none());
        let (d, t) = parse_timestamp("2024-02-29T12:34:56.25Z").unwrap();
        assert_eq!((d.day, t.second, t.nanos), (29, 56, 250_000_000));
        assert!(parse_time("24:00:00").is_none());
        assert!(parse_timestamp("2024-01-01").unwrap().1.is_midnight());
    }
}
