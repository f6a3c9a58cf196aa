//! 专家录入: a provider enters one of its experts (seed 002 §4.8).

use serde::{Deserialize, Serialize};

use super::required_upload;
use crate::error::{Code, Problem, Violations};
use crate::validate::{Report, UploadKind, UploadMeta};

/// 专家录入: an expert's record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct ExpertForm {
    /// 姓名: name; required, at most 30 characters.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    /// 年龄（岁）: age in years; required, 18–100 (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub age: Option<i64>,
    /// 性别: `male` (男) or `female` (女); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub gender: Option<String>,
    /// 工业互联网专业领域: industrial-internet fields; 1–10 distinct (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industrial_internet_fields: Option<Vec<String>>,
    /// 工业行业领域: industry fields; 1–10 distinct (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industry_fields: Option<Vec<String>>,
    /// 工业运行领域: industrial-operations fields; 1–10 distinct (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub operations_fields: Option<Vec<String>>,
    /// 工业互联网服务年限: years serving industrial internet; required, 0–80
    /// and not above the age (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub years_industrial_internet: Option<i64>,
    /// 工业领域服务年限: years serving industry; required, 0–80 and not above
    /// the age (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub years_industry: Option<i64>,
    /// 经验与业绩: experience and achievements; required, at most 200 characters.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub experience: Option<String>,
    /// 职务: title or position; optional, at most 50 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub title: Option<String>,
    /// 学历: education; optional, at most 50 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub education: Option<String>,
    /// 照片: photo (jpeg/jpg/png, under 2048 KB); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub photo: Option<UploadMeta>,
    /// 专家介绍: introduction (profile, research, results); required, at most
    /// 2000 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub introduction: Option<String>,
}

/// Checks an expert's record; every violation at once.
pub fn validate_expert(form: &ExpertForm) -> Violations {
    let mut r = Report::new();
    r.required_text("name", form.name.as_deref(), 30);
    let age = r.number("age", form.age, 18, 100);
    r.choice("gender", form.gender.as_deref(), &["male", "female"]);
    r.list(
        "industrial_internet_fields",
        form.industrial_internet_fields.as_deref(),
        1,
        10,
    );
    r.list("industry_fields", form.industry_fields.as_deref(), 1, 10);
    r.list(
        "operations_fields",
        form.operations_fields.as_deref(),
        1,
        10,
    );
    for (field, years) in [
        ("years_industrial_internet", form.years_industrial_internet),
        ("years_industry", form.years_industry),
    ] {
        let years = r.number(field, years, 0, 80);
        if let (Some(years), Some(age)) = (years, age)
            && years > age
        {
            r.push(
                Problem::new(
                    Code::Range,
                    Some(field),
                    format!("服务年限 {years} 年不能超过年龄 {age} 岁"),
                    format!("{years} years of service cannot exceed the age of {age}"),
                )
                .with_detail(serde_json::json!({"min": 0, "max": age, "actual": years})),
            );
        }
    }
    r.required_text("experience", form.experience.as_deref(), 200);
    r.optional_text("title", form.title.as_deref(), 50);
    r.optional_text("education", form.education.as_deref(), 50);
    required_upload(
        &mut r,
        "photo",
        UploadKind::ExpertPhoto,
        form.photo.as_ref(),
    );
    r.required_text("introduction", form.introduction.as_deref(), 2000);
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{file, found, list, pairs, s};
    use super::*;

    fn valid() -> ExpertForm {
        ExpertForm {
            name: s("张卫东"),
            age: Some(52),
            gender: s("male"),
            industrial_internet_fields: list(&["工业互联网平台", "标识解析"]),
            industry_fields: list(&["装备制造", "金属制品业"]),
            operations_fields: list(&["生产管控", "设备运维"]),
            years_industrial_internet: Some(8),
            years_industry: Some(28),
            experience: s(
                "主持完成 30 余家中小制造企业数字化改造项目，牵头制定省级工业互联网平台评价规范。",
            ),
            title: s("首席专家"),
            education: s("博士研究生"),
            photo: file("zhangweidong.jpg", 512_000),
            introduction: s(
                "长期从事制造业信息化与工业互联网研究，曾任某重型机械集团信息中心主任。",
            ),
        }
    }

    #[test]
    fn a_complete_record_is_valid() {
        let v = validate_expert(&valid());
        assert!(v.is_empty(), "{v}");
    }

    #[test]
    fn every_mistake_is_reported_at_its_path() {
        let form = ExpertForm {
            name: s(&"张".repeat(31)),
            age: Some(30),
            gender: s("男"),
            industry_fields: Some(Vec::new()),
            operations_fields: list(&["生产管控", " "]),
            years_industrial_internet: Some(81),
            years_industry: Some(35),
            experience: s(&"业".repeat(201)),
            photo: file("photo.png", 2048 * 1024),
            introduction: None,
            ..valid()
        };
        let v = validate_expert(&form);
        assert_eq!(
            found(&v),
            pairs(&[
                (Code::Length, "name"),
                (Code::Choice, "gender"),
                (Code::Count, "industry_fields"),
                (Code::Required, "operations_fields[1]"),
                (Code::Range, "years_industrial_internet"),
                (Code::Range, "years_industry"),
                (Code::Length, "experience"),
                (Code::UploadTooLarge, "photo.size_bytes"),
                (Code::Required, "introduction"),
            ]),
        );
        let above_age = v
            .as_slice()
            .iter()
            .find(|p| p.field.as_deref() == Some("years_industry"));
        assert!(above_age.is_some_and(|p| p.message_en.contains("age of 30")));
    }

    #[test]
    fn an_empty_record_reports_each_required_field() {
        assert_eq!(
            found(&validate_expert(&ExpertForm::default())),
            pairs(&[
                (Code::Required, "name"),
                (Code::Required, "age"),
                (Code::Required, "gender"),
                (Code::Count, "industrial_internet_fields"),
                (Code::Count, "industry_fields"),
                (Code::Count, "operations_fields"),
                (Code::Required, "years_industrial_internet"),
                (Code::Required, "years_industry"),
                (Code::Required, "experience"),
                (Code::Required, "photo"),
                (Code::Required, "introduction"),
            ]),
        );
    }

    #[test]
    fn age_bounds() {
        let young = ExpertForm {
            age: Some(17),
            years_industry: Some(0),
            ..valid()
        };
        assert_eq!(
            found(&validate_expert(&young)),
            pairs(&[(Code::Range, "age")])
        );
        let oldest = ExpertForm {
            age: Some(100),
            years_industry: Some(80),
            ..valid()
        };
        assert!(validate_expert(&oldest).is_empty());
    }
}
