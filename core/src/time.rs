//! Dates and instants in Asia/Shanghai.
//!
//! China has kept UTC+8 without daylight saving since 1991, so a fixed
//! offset is exact for every date a voucher or policy can carry; no time-zone
//! database is needed (which also keeps the browser and mobile builds small).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
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
    instant
        .with_timezone(&shanghai())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
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
    let text = input.trim();
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let parsed = if shaped {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    } else {
        None
    };
    parsed.ok_or_else(|| {
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
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant);
    }
    if let Ok(local) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        && let Some(instant) = shanghai().from_local_datetime(&local).single()
    {
        return Ok(instant);
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

/// serde for `NaiveDate` fields, with our error codes.
pub mod date {
    use super::*;

    /// Serialises as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&date.format("%Y-%m-%d"))
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
            Some(d) => serializer.collect_str(&d.format("%Y-%m-%d")),
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            parse_instant("2023-08-18").unwrap_err().code,
            Code::InvalidDateTime
        );
    }
}
