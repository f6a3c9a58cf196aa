//! 居民身份证号码, GB 11643-1999: 6-digit region, 8-digit birth date,
//! 3-digit sequence (odd for men, even for women) and an ISO 7064
//! MOD 11-2 check character (`0-9` or `X`). Residence permits of Hong Kong,
//! Macao and Taiwan residents carry numbers of the same form with the
//! region `810000`, `820000` or `830000` (国办发〔2018〕81号); see
//! [`super::regions`] for what a region code proves.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::regions::{Region, region_of};
use crate::error::{Code, Problem, Violations, echo};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A valid resident ID number, taken apart.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ResidentIdInfo {
    /// The number with an upper-case `X`.
    pub normalized: String,
    /// Region code (first 6 digits).
    pub region_code: String,
    /// Province of the region code (for a residence permit: the region
    /// whose residents hold it).
    pub province: String,
    /// A resident ID card's number, or a residence permit's.
    pub kind: IdNumberKind,
    /// Birth date.
    #[serde(with = "crate::time::date")]
    pub birth_date: NaiveDate,
    /// `male` or `female`, from the sequence number's parity.
    pub gender: Gender,
}

/// Which document a number belongs to, as its region code tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum IdNumberKind {
    /// 居民身份证: a GB/T 2260 region.
    ResidentId,
    /// 港澳台居民居住证: region `810000`, `820000` or `830000`.
    ResidencePermit,
}

/// Gender as encoded in the sequence number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Odd sequence number.
    Male,
    /// Even sequence number.
    Female,
}

/// The ISO 7064 MOD 11-2 check character for the first 17 digits.
pub fn resident_id_check_character(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    CHECK.get((sum % 11) as usize).copied()
}

/// Validates a number; the birth date must be real, not before 1900 and not
/// after `today`.
pub fn validate_resident_id(input: &str, today: NaiveDate) -> Result<ResidentIdInfo, Violations> {
    check_resident_id(input, "id_number", today)
}

pub(crate) fn check_resident_id(
    input: &str,
    field: &str,
    today: NaiveDate,
) -> Result<ResidentIdInfo, Violations> {
    let mut v = Violations::new();
    let at = Some(field);
    if input.trim().is_empty() {
        v.push(super::report::required(field));
        return Err(v);
    }
    let number: String = input
        .chars()
        .map(|c| if c == 'x' { 'X' } else { c })
        .collect();
    let chars: Vec<char> = number.chars().collect();
    if chars.len() != 18 {
        let hint_zh = if chars.len() == 15 {
            "（15 位旧号码请换用 18 位号码）"
        } else {
            ""
        };
        let hint_en = if chars.len() == 15 {
            " (use the 18-digit number instead of the old 15-digit one)"
        } else {
            ""
        };
        v.push(Problem::new(
            Code::Length,
            at,
            format!("身份证号码应为 18 位，当前 {} 位{hint_zh}", chars.len()),
            format!(
                "a resident ID number has 18 characters, `{}` has {}{hint_en}",
                echo(input),
                chars.len()
            ),
        ));
    }
    let shape_ok = chars
        .iter()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || (i == 17 && *c == 'X'));
    if !shape_ok {
        v.push(Problem::new(
            Code::Charset,
            at,
            "身份证号码前 17 位必须是数字，最后一位是数字或 `X`".to_owned(),
            format!(
                "`{}`: the first 17 characters must be digits and the last a digit or `X`",
                echo(input)
            ),
        ));
    }
    if !v.is_empty() {
        return Err(v);
    }
    let region = number.get(..6).unwrap_or_default().to_owned();
    let place = match region_of(&region) {
        Some(Region::TaiwanPermit) => Some(("台湾省", IdNumberKind::ResidencePermit)),
        Some(Region::Province(name)) if region == "810000" || region == "820000" => {
            Some((name, IdNumberKind::ResidencePermit))
        }
        Some(Region::Province(name)) => Some((name, IdNumberKind::ResidentId)),
        None => None,
    };
    if place.is_none() {
        v.push(Problem::new(
            Code::IdRegion,
            at,
            format!("前 6 位地区码 `{region}` 既不是实有省级行政区划内的代码（GB/T 2260），也不是港澳台居民居住证地址码"),
            format!("the region code `{region}` is neither a code in a real province (GB/T 2260) nor a residence-permit region"),
        ));
    }
    let birth_text = number.get(6..14).unwrap_or_default();
    let birth = crate::time::date_of_digits(birth_text);
    let birth_ok = birth.is_some_and(|d| d.year() >= 1900 && d <= today);
    if !birth_ok {
        v.push(Problem::new(
            Code::IdBirthDate,
            at,
            format!("第 7–14 位出生日期 `{birth_text}` 不是 1900 年至今的真实日期"),
            format!("the birth date `{birth_text}` (digits 7 to 14) is not a real date between 1900 and today"),
        ));
    }
    let expected = resident_id_check_character(number.get(..17).unwrap_or_default());
    let actual = chars.last().copied();
    if expected != actual {
        let expected = expected.map(String::from).unwrap_or_default();
        let actual = actual.map(String::from).unwrap_or_default();
        v.push(
            Problem::new(
                Code::IdCheckCharacter,
                at,
                format!("校验位应为 `{expected}`，实为 `{actual}`"),
                format!("the check character is `{actual}`, expected `{expected}`"),
            )
            .with_detail(serde_json::json!({"expected": expected, "actual": actual})),
        );
    }
    let (Some((province, kind)), Some(birth_date), true) = (place, birth, v.is_empty()) else {
        return Err(v);
    };
    let sequence = number
        .get(14..17)
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(0);
    Ok(ResidentIdInfo {
        normalized: number,
        region_code: region,
        province: province.to_owned(),
        kind,
        birth_date,
        gender: if sequence % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_standard_example_validates() {
        // GB 11643-1999's worked example.
        let info = validate_resident_id("11010519491231002X", today()).unwrap();
        assert_eq!(
            info.birth_date,
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(info.gender, Gender::Female);
        assert_eq!(info.province, "北京市");
        assert_eq!(
            validate_resident_id("11010519491231002x", today())
                .unwrap()
                .normalized,
            "11010519491231002X"
        );
    }

    #[test]
    fn residence_permits_validate() {
        // Sample numbers of 北京市公安局's permit specimens.
        let taiwan = validate_resident_id("830000199201300022", today()).unwrap();
        assert_eq!(taiwan.kind, IdNumberKind::ResidencePermit);
        assert_eq!(taiwan.province, "台湾省");
        let hong_kong = validate_resident_id("810000199408230021", today()).unwrap();
        assert_eq!(hong_kong.province, "香港特别行政区");
        assert_eq!(hong_kong.kind, IdNumberKind::ResidencePermit);
        let beijing = validate_resident_id("11010519491231002X", today()).unwrap();
        assert_eq!(beijing.kind, IdNumberKind::ResidentId);
    }

    #[test]
    fn impossible_dates_and_checks_are_caught() {
        let err = validate_resident_id("110105194902300021", today()).unwrap_err();
        assert!(err.has(Code::IdBirthDate));
        let err = validate_resident_id("110105194912310021", today()).unwrap_err();
        assert!(err.has(Code::IdCheckCharacter));
        let err = validate_resident_id("110105491231002", today()).unwrap_err();
        assert!(err.has(Code::Length));
    }
}
