//! Region codes (行政区划代码, GB/T 2260) and the residence-permit regions.
//!
//! Sources:
//! - GB/T 2260-2007 《中华人民共和国行政区划代码》 and the Ministry of Civil
//!   Affairs' yearly list 《中华人民共和国县级以上行政区划代码》 (2025), which
//!   give the 34 province-level codes below. 71 台湾省, 81 香港特别行政区 and
//!   82 澳门特别行政区 appear at province level only (`710000`, `810000`,
//!   `820000`), with no city or county codes under them.
//! - 国办发〔2018〕81号 《港澳台居民居住证申领发放办法》 第三条: "香港居民公民身份号码
//!   地址码使用810000，澳门居民公民身份号码地址码使用820000，台湾居民公民身份号码地址码
//!   使用830000". `830000` is not a GB/T 2260 code; it appears only in the
//!   numbers of residence permits.
//!
//! What a region code proves, and what it does not:
//! - In a resident ID number it is the county where the holder's household
//!   was registered when the number was assigned (GB 11643-1999). The
//!   number never changes (居民身份证法 第三条), so the code says nothing about
//!   where the holder lives or is registered now, and it stays valid after
//!   that county is merged, renamed or re-coded. In a residence-permit number
//!   (`810000`, `820000`, `830000`) it says only which permit it is.
//! - In a USCC it is the registering office's region, not where the entity
//!   operates.
//! - The library checks the province level and the shape of the code, not
//!   the county part against a county table: numbers keep the codes of
//!   counties that no longer exist, and registration offices of some
//!   development zones use statistical codes (统计用区划代码) that GB/T 2260
//!   does not list. A code that passes is therefore well formed and in a
//!   real province, not proof that its county exists today.

/// The 34 province-level divisions of GB/T 2260, by two-digit code.
const PROVINCES: [(&str, &str); 34] = [
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
    ("71", "台湾省"),
    ("81", "香港特别行政区"),
    ("82", "澳门特别行政区"),
];

/// Province-level divisions with no subordinate codes in GB/T 2260.
const WITHOUT_SUBDIVISIONS: [&str; 3] = ["71", "81", "82"];

/// The residence-permit region of Taiwan residents (国办发〔2018〕81号).
pub(crate) const TAIWAN_PERMIT: &str = "830000";

/// The province, autonomous region, municipality or SAR of a two-digit
/// GB/T 2260 code.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// What a six-digit region code names, when it is well formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Region {
    /// A GB/T 2260 code in this province-level division.
    Province(&'static str),
    /// `830000`: a Taiwan resident's residence permit.
    TaiwanPermit,
}

/// Reads a six-digit GB/T 2260 code (or `830000`): six ASCII digits, a real
/// province-level division, and `0000` after 71, 81 and 82, which have no
/// subdivisions.
pub(crate) fn region_of(code: &str) -> Option<Region> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if code == TAIWAN_PERMIT {
        return Some(Region::TaiwanPermit);
    }
    let (province, rest) = code.split_at(2);
    let name = province_name(province)?;
    if WITHOUT_SUBDIVISIONS.contains(&province) && rest != "0000" {
        return None;
    }
    Some(Region::Province(name))
}

/// True for a GB/T 2260 code or prefix of 2, 4 or 6 digits in a real
/// province-level division, as subsidy policies list eligible regions.
pub(crate) fn is_region_prefix(prefix: &str) -> bool {
    if !matches!(prefix.len(), 2 | 4 | 6) || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (province, rest) = prefix.split_at(2);
    province_name(province).is_some()
        && (!WITHOUT_SUBDIVISIONS.contains(&province) || rest.bytes().all(|b| b == b'0'))
}

/// True for a six-digit GB/T 2260 code (not a permit region): an
/// enterprise's region.
pub(crate) fn is_enterprise_region(code: &str) -> bool {
    matches!(region_of(code), Some(Region::Province(_)))
}

/// serde for an enterprise's optional region code: refused unless
/// [`is_enterprise_region`].
pub(crate) fn enterprise_region<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    use serde::Deserialize;
    let Some(code) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    if is_enterprise_region(&code) {
        return Ok(Some(code));
    }
    let shown = crate::error::echo(&code);
    Err(crate::error::serde_bridge::fail(
        crate::error::Problem::new(
            crate::error::Code::Format,
            None,
            format!(
                "地区代码 `{shown}` 应为实有省级行政区划内的 6 位行政区划代码（GB/T 2260），如 `410102`"
            ),
            format!(
                "region `{shown}` must be a six-digit GB/T 2260 code in a real province, such as `410102`"
            ),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_every_gb_t_2260_province_once() {
        let mut codes: Vec<&str> = PROVINCES.iter().map(|(c, _)| *c).collect();
        codes.dedup();
        assert_eq!(codes.len(), 34);
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        // The published list: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82.
        let expected: Vec<String> = [11..=15, 21..=23, 31..=37, 41..=46, 50..=54, 61..=65]
            .into_iter()
            .flatten()
            .chain([71, 81, 82])
            .map(|n| n.to_string())
            .collect();
        assert_eq!(codes, expected);
    }

    #[test]
    fn permit_regions_and_subdivisions() {
        assert_eq!(region_of("830000"), Some(Region::TaiwanPermit));
        assert_eq!(
            region_of("810000"),
            Some(Region::Province("香港特别行政区"))
        );
        assert_eq!(region_of("810100"), None);
        assert_eq!(region_of("830100"), None);
        assert_eq!(region_of("410102"), Some(Region::Province("河南省")));
        assert_eq!(region_of("990000"), None);
        assert_eq!(region_of("41010"), None);
        assert!(is_region_prefix("41") && is_region_prefix("4101") && is_region_prefix("81"));
        assert!(!is_region_prefix("83") && !is_region_prefix("8101") && !is_region_prefix("99"));
        assert!(is_enterprise_region("410102") && !is_enterprise_region("830000"));
    }
}
