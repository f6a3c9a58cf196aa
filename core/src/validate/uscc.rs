//! 统一社会信用代码, GB 32100-2015.
//!
//! 18 characters: registration authority (1), entity type (1), region code
//! of the registering office (6, GB/T 2260), the entity's organisation code
//! (9, GB 11714, with its own check character) and a check character over
//! the first 17. The alphabet is `0-9` and the capitals without I, O, S, V
//! and Z.

use serde::{Deserialize, Serialize};

use super::regions::{Region, region_of};
use crate::error::{Code, Problem, Violations, echo};

/// The 31 characters of the code, in value order.
pub const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of the first 17 characters: 3^i mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// Weights of the organisation code's 8 body characters (GB 11714).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A valid code, taken apart.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UsccInfo {
    /// The code in upper case.
    pub normalized: String,
    /// Registration authority (登记管理部门).
    pub authority: Named,
    /// Entity type (机构类别).
    pub entity_type: Named,
    /// Region code of the registering office (登记管理机关行政区划码).
    pub region_code: String,
    /// Its province, or `国家` for national-level registration (`100000`).
    pub province: String,
    /// The organisation code (主体标识码), `XXXXXXXX-X` without the dash.
    pub organization_code: String,
    /// What a portal may show but need not refuse: an authority or entity
    /// type missing from the code table known to this version
    /// (`uscc.authority`, `uscc.entity_type`).
    pub warnings: Vec<Problem>,
}

/// A code with its Chinese and English names.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Named {
    /// The code character.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
}

fn value_of(c: char) -> Option<u32> {
    USCC_ALPHABET
        .chars()
        .position(|a| a == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// The check character for the first 17 characters of a code, or `None` if
/// one of them is outside the alphabet or there are not 17.
pub fn uscc_check_character(first17: &str) -> Option<char> {
    let mut sum = 0;
    let mut count = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value_of(c)? * w;
        count += 1;
    }
    if count != 17 || first17.chars().count() != 17 {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(check as usize)
}

/// The GB 11714 check character for an organisation code's 8 body characters.
pub fn organization_check_character(body: &str) -> Option<char> {
    let mut sum = 0;
    let mut count = 0;
    for (c, w) in body.chars().zip(ORG_WEIGHTS) {
        let v = c.to_digit(36)?;
        sum += v * w;
        count += 1;
    }
    if count != 8 || body.chars().count() != 8 {
        return None;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10)?,
    })
}

/// Registration authorities (登记管理部门代码, 1st character).
///
/// Sources: GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》 with its
/// amendment GB 32100-2015/XG1-2016 (1–9, A, Y); 农经发〔2018〕4号 (N, rural
/// collective economic organisations); the Overseas NGO Law of 2017, which
/// makes 公安 the registrar of overseas NGOs' representative offices (G),
/// confirmed by issued codes such as `G1610000713522976L`; 中侨厅〔2019〕29号
/// (Q, 侨联 organisations); J (住房城乡建设: homeowners' assemblies) as issued
/// by housing departments and listed by validators in use. The research
/// notes behind each row are in the commit that added them.
const AUTHORITIES: [(char, &str, &str); 15] = [
    ('1', "机构编制", "institutional establishment"),
    ('2', "外交", "foreign affairs"),
    ('3', "司法行政", "judicial administration"),
    ('4', "文化", "culture"),
    ('5', "民政", "civil affairs"),
    ('6', "旅游", "tourism"),
    ('7', "宗教", "religious affairs"),
    ('8', "工会", "trade unions"),
    ('9', "工商（市场监管）", "market regulation"),
    (
        'A',
        "中央军委改革和编制办公室",
        "CMC reform and establishment office",
    ),
    ('G', "公安", "public security"),
    ('J', "住房城乡建设", "housing and urban-rural development"),
    ('N', "农业（农业农村）", "agriculture and rural affairs"),
    ('Q', "侨联", "federation of returned overseas Chinese"),
    ('Y', "其他", "other"),
];

/// Entity types (机构类别代码, 2nd character) of each authority, from the
/// same sources. `9` (其他) exists under every authority of the 2016 table
/// but 9 (工商) and Y; Y has only `1` ("不再具体划分机构类别，统一用1表示").
const ENTITY_TYPES: [(char, char, &str, &str); 43] = [
    ('1', '1', "机关", "government agency"),
    ('1', '2', "事业单位", "public institution"),
    (
        '1',
        '3',
        "中央编办直接管理机构编制的群众团体",
        "mass organisation",
    ),
    ('1', '9', "其他", "other"),
    ('2', '1', "外国常驻新闻机构", "resident foreign news agency"),
    ('2', '9', "其他", "other"),
    ('3', '1', "律师执业机构", "law firm"),
    ('3', '2', "公证处", "notary office"),
    ('3', '3', "基层法律服务所", "grassroots legal service"),
    ('3', '4', "司法鉴定机构", "forensic appraisal institution"),
    ('3', '5', "仲裁委员会", "arbitration commission"),
    ('3', '9', "其他", "other"),
    ('4', '1', "外国在华文化中心", "foreign cultural centre"),
    ('4', '9', "其他", "other"),
    ('5', '1', "社会团体", "social organisation"),
    (
        '5',
        '2',
        "民办非企业单位（社会服务机构）",
        "social service organisation",
    ),
    ('5', '3', "基金会", "foundation"),
    ('5', '4', "村民委员会", "villagers' committee"),
    ('5', '5', "居民委员会", "residents' committee"),
    ('5', '9', "其他", "other"),
    (
        '6',
        '1',
        "外国旅游部门常驻代表机构",
        "foreign tourism office",
    ),
    (
        '6',
        '2',
        "港澳台地区旅游部门常驻内地（大陆）代表机构",
        "Hong Kong, Macao or Taiwan tourism office",
    ),
    ('6', '9', "其他", "other"),
    ('7', '1', "宗教活动场所", "place of religious activity"),
    ('7', '2', "宗教院校", "religious college"),
    ('7', '9', "其他", "other"),
    ('8', '1', "基层工会", "grassroots trade union"),
    ('8', '9', "其他", "other"),
    ('9', '1', "企业", "enterprise"),
    ('9', '2', "个体工商户", "individual business"),
    ('9', '3', "农民专业合作社", "farmers' cooperative"),
    ('A', '1', "军队事业单位", "military public institution"),
    ('A', '9', "其他", "other"),
    (
        'G',
        '1',
        "境外非政府组织代表机构",
        "overseas NGO representative office",
    ),
    ('J', '1', "业主大会", "homeowners' assembly"),
    ('N', '1', "组级集体经济组织", "group-level collective"),
    ('N', '2', "村级集体经济组织", "village-level collective"),
    ('N', '3', "乡镇级集体经济组织", "township-level collective"),
    ('N', '9', "其他", "other"),
    (
        'Q',
        '1',
        "区县级侨联组织",
        "county-level overseas Chinese federation",
    ),
    (
        'Q',
        '2',
        "乡镇级侨联组织",
        "township-level overseas Chinese federation",
    ),
    (
        'Q',
        '3',
        "村级侨联组织",
        "village-level overseas Chinese federation",
    ),
    ('Y', '1', "其他", "other"),
];

fn authority(c: char) -> Option<(&'static str, &'static str)> {
    AUTHORITIES
        .iter()
        .find(|(code, _, _)| *code == c)
        .map(|(_, zh, en)| (*zh, *en))
}

fn entity_type(authority: char, kind: char) -> Option<(&'static str, &'static str)> {
    ENTITY_TYPES
        .iter()
        .find(|(a, t, _, _)| *a == authority && *t == kind)
        .map(|(_, _, zh, en)| (*zh, *en))
}

/// Validates a code and takes it apart. Lower-case letters are accepted
/// and reported upper-case; every other deviation is a violation.
pub fn validate_uscc(input: &str) -> Result<UsccInfo, Violations> {
    check_uscc(input, "uscc")
}

pub(crate) fn check_uscc(input: &str, field: &str) -> Result<UsccInfo, Violations> {
    let mut v = Violations::new();
    let at = Some(field);
    if input.trim().is_empty() {
        v.push(super::report::required(field));
        return Err(v);
    }
    let code: String = input.chars().map(|c| c.to_ascii_uppercase()).collect();
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        v.push(
            Problem::new(
                Code::Length,
                at,
                format!(
                    "统一社会信用代码应为 18 位，`{}` 为 {} 位",
                    echo(input),
                    chars.len()
                ),
                format!(
                    "a unified social credit code has 18 characters, `{}` has {}",
                    echo(input),
                    chars.len()
                ),
            )
            .with_detail(serde_json::json!({"expected": 18, "actual": chars.len()})),
        );
    }
    // Shown as typed: the code is read in upper case, but a message that
    // showed `Z` for a typed `z` would show a character the input lacks.
    let bad: Vec<char> = input
        .chars()
        .filter(|c| value_of(c.to_ascii_uppercase()).is_none())
        .collect();
    if !bad.is_empty() {
        let excluded = bad
            .iter()
            .any(|c| matches!(c.to_ascii_uppercase(), 'I' | 'O' | 'S' | 'V' | 'Z'));
        let hint_zh = if excluded {
            "（代码不使用字母 `I`、`O`、`S`、`V`、`Z`）"
        } else {
            ""
        };
        let hint_en = if excluded {
            " (the code never uses the letters `I`, `O`, `S`, `V`, `Z`)"
        } else {
            ""
        };
        let shown: String = bad.iter().collect();
        v.push(Problem::new(
            Code::Charset,
            at,
            format!(
                "`{}` 含有不允许的字符 `{}`{hint_zh}",
                echo(input),
                echo(&shown)
            ),
            format!(
                "`{}` holds characters outside the code's alphabet: `{}`{hint_en}",
                echo(input),
                echo(&shown)
            ),
        ));
    }
    if !v.is_empty() {
        return Err(v);
    }
    let [a, t, region @ .., _] = chars.as_slice() else {
        return Err(v);
    };
    let region: String = region.iter().take(6).collect();

    // Authorities keep adding categories (G1, J1, Q1, 54, 55 came after the
    // 2015 table), and a code whose two check characters hold is almost
    // surely real: a pair missing from our table is a warning, never a
    // violation, so that a valid code is never refused for our table's age.
    let mut warnings = Vec::new();
    let authority_names = authority(*a);
    let type_names = entity_type(*a, *t);
    if authority_names.is_none() {
        warnings.push(Problem::new(
            Code::UsccAuthority,
            at,
            format!("第 1 位登记管理部门代码 `{a}` 不在已收录的代码表中，请核对"),
            format!("the registration authority code `{a}` (1st character) is not in the code table known here; please check it"),
        ));
    } else if type_names.is_none() {
        warnings.push(Problem::new(
            Code::UsccEntityType,
            at,
            format!("登记管理部门 `{a}` 下的机构类别代码 `{t}`（第 2 位）不在已收录的代码表中，请核对"),
            format!(
                "the entity type code `{t}` (2nd character) of authority `{a}` is not in the code table known here; please check it"
            ),
        ));
    }
    let province = if region == "100000" {
        Some("国家")
    } else {
        match region_of(&region) {
            Some(Region::Province(name)) => Some(name),
            _ => None,
        }
    };
    if province.is_none() {
        v.push(Problem::new(
            Code::UsccRegion,
            at,
            format!("第 3–8 位行政区划码 `{region}` 不是实有省级行政区划内的代码（GB/T 2260）"),
            format!("the region code `{region}` (characters 3 to 8) is not a code in a real province (GB/T 2260)"),
        ));
    }
    let organization: String = chars.iter().skip(8).take(9).collect();
    let (org_body, org_check) = organization.split_at(8.min(organization.len()));
    if organization_check_character(org_body)
        .map(String::from)
        .as_deref()
        != Some(org_check)
    {
        v.push(Problem::new(
            Code::UsccOrganizationCode,
            at,
            format!("第 9–17 位主体标识码 `{organization}` 的校验位不正确（GB 11714）"),
            format!("the organisation code `{organization}` (characters 9 to 17) fails its GB 11714 check"),
        ));
    }
    let first17: String = chars.iter().take(17).collect();
    let expected = uscc_check_character(&first17);
    let actual = chars.last().copied();
    if expected != actual {
        let expected = expected.map(String::from).unwrap_or_default();
        let actual = actual.map(String::from).unwrap_or_default();
        v.push(
            Problem::new(
                Code::UsccCheckCharacter,
                at,
                format!("校验位应为 `{expected}`，实为 `{actual}`"),
                format!("the check character is `{actual}`, expected `{expected}`"),
            )
            .with_detail(serde_json::json!({"expected": expected, "actual": actual})),
        );
    }
    if !v.is_empty() {
        return Err(v);
    }
    let named = |code: char, names: Option<(&str, &str)>| {
        let (zh, en) = names.unwrap_or(("未收录", "not in the code table"));
        Named {
            code: code.to_string(),
            name_zh: zh.to_owned(),
            name_en: en.to_owned(),
        }
    };
    Ok(UsccInfo {
        authority: named(*a, authority_names),
        entity_type: named(*t, type_names),
        province: province.unwrap_or_default().to_owned(),
        region_code: region,
        organization_code: organization,
        normalized: code,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_codes_validate() {
        for code in [
            "91350100M000100Y43",
            "914403001922038216",
            "91330100799655058B",
            "9144030071526726XG",
        ] {
            let info = validate_uscc(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(info.normalized, code);
        }
        let info = validate_uscc("91350100m000100y43").unwrap();
        assert_eq!(info.normalized, "91350100M000100Y43");
        assert_eq!(info.entity_type.name_zh, "企业");
        assert_eq!(info.province, "福建省");
        assert_eq!(info.region_code, "350100");
    }

    #[test]
    fn categories_issued_after_2015_are_known() {
        for (code, authority, kind) in [
            ("G1110000MA001234XF", "公安", "境外非政府组织代表机构"),
            ("G1610000713522976L", "公安", "境外非政府组织代表机构"),
            ("55410102MA001234XL", "民政", "居民委员会"),
        ] {
            let info = validate_uscc(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(info.authority.name_zh, authority);
            assert_eq!(info.entity_type.name_zh, kind);
            assert!(info.warnings.is_empty());
        }
    }

    #[test]
    fn unlisted_pairs_are_valid_with_a_warning() {
        // Y takes only 1; with correct check characters Y2 is still valid.
        let first17 = "Y2410100MA001234X";
        let code = format!("{first17}{}", uscc_check_character(first17).unwrap());
        let info = validate_uscc(&code).unwrap();
        assert_eq!(info.warnings.len(), 1);
        assert_eq!(info.warnings[0].code, Code::UsccEntityType);
        assert_eq!(info.entity_type.name_zh, "未收录");
        let first17 = "B1410100MA001234X";
        let code = format!("{first17}{}", uscc_check_character(first17).unwrap());
        let info = validate_uscc(&code).unwrap();
        assert_eq!(info.warnings[0].code, Code::UsccAuthority);
    }

    #[test]
    fn every_table_pair_has_a_known_authority() {
        for (a, t, zh, en) in ENTITY_TYPES {
            assert!(authority(a).is_some(), "{a}{t}");
            assert!(!zh.is_empty() && en.is_ascii(), "{a}{t}");
        }
    }

    #[test]
    fn wrong_check_character_names_the_right_one() {
        let err = validate_uscc("91350100M000100Y44").unwrap_err();
        assert_eq!(err.len(), 1);
        let p = &err.as_slice()[0];
        assert_eq!(p.code, Code::UsccCheckCharacter);
        assert_eq!(
            p.detail,
            Some(serde_json::json!({"expected": "3", "actual": "4"}))
        );
    }

    #[test]
    fn excluded_letters_get_a_hint() {
        let err = validate_uscc("91350100M000100YO3").unwrap_err();
        assert!(err.has(Code::Charset));
        assert!(
            err.as_slice()[0]
                .message_en
                .contains("`I`, `O`, `S`, `V`, `Z`")
        );
    }
}
