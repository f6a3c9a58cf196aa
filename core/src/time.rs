//! Dates and instants in Asia/Shanghai.
//!
//! China has kept UTC+8 without daylight saving since 1991, so a fixed
//! offset is exact for every date a voucher or policy can carry; no time-zone
//! database is needed (which also keeps the browser and mobile builds small).
//!
//! Dates are read and written by the fixed shapes below rather than with
//! chrono's `format`/`parse_from_str`: those interpret strftime patterns at
//! run time, and that interpreter was a tenth of chrono's share of the WASM
//! module for four fixed patterns.

use std::fmt;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Code, Problem, echo, serde_bridge};

/// UTC+8, Asia/Shanghai.
pub fn shanghai() -> FixedOffset {
    // 8 hours is always a valid offset; the fallback is never taken.
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// The calendar date in Shanghai at `instant`.
pub fn shanghai_date(instant: DateTime<FixedOffset>) -> NaiveDate {
    instant.with_timezone(&shanghai()).date_naive()
}

/// An instant as Shanghai local time, `2023-08-18 23:59:59`, as the
/// manuals write it (for messages).
pub fn shanghai_text(instant: DateTime<FixedOffset>) -> String {
    let local = instant.with_timezone(&shanghai()).naive_local();
    format!(
        "{} {:02}:{:02}:{:02}",
        IsoDate(local.date()),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// `shanghai_text`, with the fraction of a second when there is one
/// (`2023-07-20 10:00:00.5`): for messages comparing two instants that
/// may differ by less than a second.
pub fn shanghai_text_exact(instant: DateTime<FixedOffset>) -> String {
    let whole = shanghai_text(instant);
    let micros = instant.timestamp_subsec_micros();
    if micros == 0 {
        return whole;
    }
    let fraction = format!("{micros:06}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// A date written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug)]
pub struct IsoDate(pub NaiveDate);

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

/// `text` if it is ASCII digits only, as a number.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The date of `YYYYMMDD` (eight ASCII digits), if it is a real date.
pub fn date_of_digits(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 {
        return None;
    }
    let year = i32::try_from(digits(text.get(..4)?)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(text.get(4..6)?)?, digits(text.get(6..)?)?)
}

/// The date of exactly `YYYY-MM-DD`, if it is a real date.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if text.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let year = i32::try_from(digits(text.get(..4)?)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(text.get(5..7)?)?, digits(text.get(8..)?)?)
}

/// The local date-time of exactly `YYYY-MM-DD HH:MM:SS` (or with `T`), with an optional
/// fraction of a second (`.5`, `.123456`: one to nine digits), as RFC 3339
/// allows and as a naive `datetime` with microseconds is written.
fn iso_local(text: &str) -> Option<NaiveDateTime> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let bytes = whole.as_bytes();
    // A space as the manuals write it, or ISO 8601's `T` (as Python's
    // `isoformat()` of a naive `datetime` writes it).
    if whole.len() != 19
        || !matches!(bytes.get(10), Some(b' ' | b'T'))
        || bytes.get(13) != Some(&b':')
        || bytes.get(16) != Some(&b':')
    {
        return None;
    }
    let nanos = match fraction {
        None => 0,
        Some(f) if (1..=9).contains(&f.len()) => {
            let places = u32::try_from(9 - f.len()).ok()?;
            digits(f)?.checked_mul(10u32.checked_pow(places)?)?
        }
        Some(_) => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(
        digits(whole.get(11..13)?)?,
        digits(whole.get(14..16)?)?,
        digits(whole.get(17..)?)?,
        nanos,
    )?;
    Some(iso_date(whole.get(..10)?)?.and_time(time))
}

/// Today's date in Shanghai, from the system clock.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&shanghai()).date_naive()
}

/// The current instant, in Shanghai time.
pub fn now() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&shanghai())
}

/// Reads `YYYY-MM-DD`.
pub fn parse_date(input: &str) -> Result<NaiveDate, Problem> {
    iso_date(input.trim()).ok_or_else(|| {
        Problem::new(
            Code::InvalidDate,
            None,
            format!("`{}` 不是有效日期，格式应为 `YYYY-MM-DD`", echo(input)),
            format!(
                "`{}` is not a valid date; write it as `YYYY-MM-DD`",
                echo(input)
            ),
        )
    })
}

/// Reads an instant: RFC 3339 (`2023-08-18T23:59:59+08:00`, `…Z`) or a local
/// Shanghai time `YYYY-MM-DD HH:MM:SS` as the manuals write it.
pub fn parse_instant(input: &str) -> Result<DateTime<FixedOffset>, Problem> {
    let text = input.trim();
    let read = DateTime::parse_from_rfc3339(text).ok().or_else(|| {
        iso_local(text).and_then(|local| shanghai().from_local_datetime(&local).single())
    });
    if let Some(instant) = read {
        return if keepable(instant.to_utc()) {
            Ok(instant)
        } else {
            Err(not_keepable(input, instant.to_utc()))
        };
    }
    Err(Problem::new(
        Code::InvalidDateTime,
        None,
        format!(
            "`{}` 不是有效时间，格式应为 `2023-08-18T23:59:59+08:00` 或 `2023-08-18 23:59:59`（北京时间）",
            echo(input)
        ),
        format!(
            "`{}` is not a valid date-time; write it as `2023-08-18T23:59:59+08:00` or `2023-08-18 23:59:59` (Shanghai time)",
            echo(input)
        ),
    ))
}

/// Whether an instant can be kept: its UTC date within years 1 to 9999,
/// and not a leap second. Instants are written in UTC (RFC 3339, four-digit
/// years) and read back by every binding's own time type (Python's
/// `datetime` ends at 9999 and, like JavaScript's `Date`, has no second
/// 60): such an instant would be accepted once and then refused, or changed
/// (Python turns `23:59:60` into `23:59:59`), wherever it is read again.
pub fn keepable(instant: DateTime<chrono::Utc>) -> bool {
    (1..=9999).contains(&instant.year()) && instant.nanosecond() < 1_000_000_000
}

/// The refusal of `instant` (given as `input`), which `keepable` refuses.
pub(crate) fn not_keepable(input: &str, instant: DateTime<chrono::Utc>) -> Problem {
    if instant.nanosecond() >= 1_000_000_000 {
        Problem::new(
            Code::InvalidDateTime,
            None,
            format!("时间 `{}` 是闰秒（第 60 秒），无法保存", echo(input)),
            format!(
                "`{}` is a leap second (second 60), which cannot be kept",
                echo(input)
            ),
        )
    } else {
        out_of_range(input)
    }
}

/// The refusal of an instant outside years 1 to 9999, `input` as given.
fn out_of_range(input: &str) -> Problem {
    Problem::new(
        Code::InvalidDateTime,
        None,
        format!(
            "时间 `{}` 超出可用范围（按协调世界时计，须在 0001-01-01 至 9999-12-31 之间）",
            echo(input)
        ),
        format!(
            "`{}` is outside the times that can be kept (0001-01-01 to 9999-12-31 in UTC)",
            echo(input)
        ),
    )
}

/// serde for `NaiveDate` fields, with our error codes.
pub mod date {
    use super::*;

    /// Serialises as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&IsoDate(*date))
    }

    /// Deserialises from `YYYY-MM-DD`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_date(&text).map_err(serde_bridge::fail)
    }
}

/// serde for `Option<NaiveDate>` fields.
pub mod option_date {
    use super::*;

    /// Serialises as `YYYY-MM-DD` or null.
    pub fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => serializer.collect_str(&IsoDate(*d)),
            None => serializer.serialize_none(),
        }
    }

    /// Deserialises from `YYYY-MM-DD` or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            Some(text) => parse_date(&text).map(Some).map_err(serde_bridge::fail),
            None => Ok(None),
        }
    }
}

/// serde for instants (`DateTime<FixedOffset>`), with our error codes.
pub mod instant {
    use super::*;

    /// Serialises as RFC 3339.
    pub fn serialize<S: Serializer>(
        instant: &DateTime<FixedOffset>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        instant.to_rfc3339().serialize(serializer)
    }

    /// Deserialises from RFC 3339 or `YYYY-MM-DD HH:MM:SS` (Shanghai).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_instant(&text).map_err(serde_bridge::fail)
    }
}

/// serde for `Option<DateTime<FixedOffset>>` fields.
pub mod option_instant {
    use super::*;

    /// Serialises as RFC 3339 or null.
    pub fn serialize<S: Serializer>(
        instant: &Option<DateTime<FixedOffset>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        instant.map(|i| i.to_rfc3339()).serialize(serializer)
    }

    /// Deserialises from RFC 3339, `YYYY-MM-DD HH:MM:SS` (Shanghai) or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            Some(text) => parse_instant(&text).map(Some).map_err(serde_bridge::fail),
            None => Ok(None),
        }
    }
}

/// serde for UTC instants (`DateTime<Utc>`, the approval engine's times):
/// written as RFC 3339 in UTC (`2023-07-20T02:00:00Z`), read from RFC 3339
/// with any offset or `YYYY-MM-DD HH:MM:SS` (Shanghai).
pub mod instant_utc {
    use super::*;
    use chrono::Utc;

    /// Serialises as RFC 3339 in UTC, to the second.
    pub fn serialize<S: Serializer>(
        instant: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        instant
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            .serialize(serializer)
    }

    /// Deserialises from RFC 3339 or `YYYY-MM-DD HH:MM:SS` (Shanghai).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_instant(&text)
            .map(|i| i.with_timezone(&Utc))
            .map_err(serde_bridge::fail)
    }
}

/// serde for `Option<DateTime<Utc>>` fields.
pub mod option_instant_utc {
    use super::*;
    use chrono::Utc;

    /// Serialises as RFC 3339 in UTC or null.
    pub fn serialize<S: Serializer>(
        instant: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        instant
            .map(|i| i.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            .serialize(serializer)
    }

    /// Deserialises from RFC 3339, `YYYY-MM-DD HH:MM:SS` (Shanghai) or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            Some(text) => parse_instant(&text)
                .map(|i| Some(i.with_timezone(&Utc)))
                .map_err(serde_bridge::fail),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_kept_between_years_1_and_9999_in_utc() {
        for kept in [
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "0001-01-01 08:00:00",
            "9999-12-31T23:59:59-00:00",
        ] {
            assert!(parse_instant(kept).is_ok(), "{kept}");
        }
        // In UTC these are 10000-01-01 and 0000-12-31: writing them in UTC
        // would give text no reader takes back.
        for lost in [
            "9999-12-31T23:00:00-08:00",
            "0001-01-01 07:59:59",
            "0001-01-01T00:00:00+00:01",
        ] {
            let refused = parse_instant(lost).unwrap_err();
            assert_eq!(refused.code, Code::InvalidDateTime, "{lost}");
            assert!(
                refused
                    .message_en
                    .contains("outside the times that can be kept"),
                "{lost}"
            );
        }
    }

    #[test]
    fn leap_seconds_are_refused_as_no_binding_keeps_them() {
        for leap in [
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.5Z",
            "2017-01-01T07:59:60+08:00",
        ] {
            let refused = parse_instant(leap).unwrap_err();
            assert_eq!(refused.code, Code::InvalidDateTime, "{leap}");
            assert!(refused.message_en.contains("leap second"), "{leap}");
        }
        // Shanghai wall time has no second 60 to read at all.
        let refused = parse_instant("2017-01-01 07:59:60").unwrap_err();
        assert_eq!(refused.code, Code::InvalidDateTime);
        assert!(parse_instant("2016-12-31T23:59:59.999999Z").is_ok());
    }

    #[test]
    fn shanghai_dates() {
        let late = parse_instant("2023-08-18T23:59:59+08:00").unwrap();
        assert_eq!(
            shanghai_date(late),
            NaiveDate::from_ymd_opt(2023, 8, 18).unwrap()
        );
        let utc = parse_instant("2023-08-18T16:00:00Z").unwrap();
        assert_eq!(
            shanghai_date(utc),
            NaiveDate::from_ymd_opt(2023, 8, 19).unwrap()
        );
        let local = parse_instant("2023-08-18 23:59:59").unwrap();
        assert_eq!(local, late);
    }

    #[test]
    fn bad_dates() {
        for bad in [
            "2023-02-30",
            "2023-2-3",
            "20230203",
            "",
            "2023-02-03x",
            "２０２３-02-03",
        ] {
            assert_eq!(
                parse_date(bad).unwrap_err().code,
                Code::InvalidDate,
                "{bad}"
            );
        }
        for bad in [
            "2023-08-18",
            "2023-8-18 23:59:59",
            "2023-08-18 24:00:00",
            "2023-08-18 23:59:5x",
            "2023-08-18  23:59:59",
            "2023-08-18 23:59:59.",
            "2023-08-18 23:59:59.1234567890",
            "2023-08-18 23:59:59.5x",
            "2023-08-18 23:59:59.+5",
            "2023-08-18 23:59:60.5",
            "2023-08-18t23:59:59",
            "2023-08-18_23:59:59",
        ] {
            assert_eq!(
                parse_instant(bad).unwrap_err().code,
                Code::InvalidDateTime,
                "{bad}"
            );
        }
    }

    #[test]
    fn fixed_shapes() {
        let date = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(parse_date("2024-02-29").unwrap(), date);
        assert_eq!(IsoDate(date).to_string(), "2024-02-29");
        assert_eq!(
            IsoDate(NaiveDate::from_ymd_opt(987, 1, 5).unwrap()).to_string(),
            "0987-01-05"
        );
        assert_eq!(date_of_digits("20240229"), Some(date));
        for bad in ["20230229", "2024022", "2024-229", "+2024022", "20241301"] {
            assert_eq!(date_of_digits(bad), None, "{bad}");
        }
        let instant = parse_instant("2023-08-18 07:05:09").unwrap();
        assert_eq!(shanghai_text(instant), "2023-08-18 07:05:09");
        // A fraction of a second, as a naive Python `datetime` writes it.
        for (text, rfc) in [
            ("2023-08-18 07:05:09.5", "2023-08-18T07:05:09.500+08:00"),
            (
                "2023-08-18 07:05:09.123456",
                "2023-08-18T07:05:09.123456+08:00",
            ),
            (
                "2023-08-18 07:05:09.000000001",
                "2023-08-18T07:05:09.000000001+08:00",
            ),
        ] {
            assert_eq!(
                parse_instant(text).unwrap(),
                DateTime::parse_from_rfc3339(rfc).unwrap(),
                "{text}"
            );
        }
        assert_eq!(
            shanghai_text(parse_instant("2023-08-18T16:00:00Z").unwrap()),
            "2023-08-19 00:00:00"
        );
    }
}
