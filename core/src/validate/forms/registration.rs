//! Registration forms: the account step of both platforms (seeds 001, 002),
//! the national enterprise information (seed 002 §3.2), the Henan enterprise
//! registration (seed 001) and the national provider background (seed 002
//! provider §3.1).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{
    PasswordFields, agreement, optional_check, password, password_context, required_bool,
    required_check, required_upload, required_uscc,
};
use crate::error::{Code, Problem, Violations};
use crate::password::PasswordPolicy;
use crate::validate::{
    Report, UploadKind, UploadMeta, check_email, check_landline, check_login_account, check_mobile,
    check_phone, check_postcode,
};

/// 注册帐号: the account step of registration, on either platform.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct AccountRegistrationForm {
    /// 平台: `national` (国家中小企业数字化转型促进中心) or `henan` (河南省企业上云).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub platform: Option<String>,
    /// 角色: `enterprise` (企业用户 / 用户会员) or `provider` (服务商 / 云服务商).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub role: Option<String>,
    /// 用户名 / 登录帐号: national: at most 50 characters without whitespace
    /// (design); Henan: a login account (no Chinese, 9–19 characters).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub username: Option<String>,
    /// 手机号: mobile; required on the national platform, optional on Henan's.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mobile: Option<String>,
    /// 邮箱: email; optional.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub email: Option<String>,
    /// 密码: password, under the platform's password rules; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub password: Option<String>,
    /// 确认密码: the password again; required, must match.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub password_confirmation: Option<String>,
    /// 我已阅读并同意《用户服务协议》和《隐私声明》: must be `true`.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub agreement_accepted: Option<bool>,
}

/// 企业信息（企业背景）: the key fields of a national enterprise registration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct EnterpriseRegistrationForm {
    /// 企业名称: enterprise name; required, at most 100 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    /// 法定代表人手机号码: the legal representative's mobile; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub legal_rep_mobile: Option<String>,
    /// 联系电话: contact phone, mobile or landline; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contact_phone: Option<String>,
    /// 邮箱: email; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub email: Option<String>,
    /// 注册成立时间: date of establishment `YYYY-MM-DD`, not after today; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub established_on: Option<String>,
    /// 企业营业执照: business licence (JPEG/JPG/PNG, at most 10 MB); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub licence: Option<UploadMeta>,
    /// 企业登记注册类型: registration type; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub registration_type: Option<String>,
    /// 是否已上市: whether listed on a stock exchange; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub listed: Option<bool>,
    /// 所属行业: industries; 1–10 distinct (the maximum is design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industries: Option<Vec<String>>,
    /// 所属重点产业链: key industry chain; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub key_industry_chain: Option<String>,
    /// 注册法人: registered legal representative; required, at most 30 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub legal_representative: Option<String>,
    /// 联系人: contact person; required, at most 30 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contact_name: Option<String>,
    /// 职务: the contact's position; required, at most 30 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contact_title: Option<String>,
    /// 邮编: postcode, 6 digits; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub postcode: Option<String>,
    /// 统一社会信用代码: unified social credit code; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub uscc: Option<String>,
    /// 纳税信用等级: tax credit rating `A`, `B`, `M`, `C` or `D`; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tax_credit_rating: Option<String>,
    /// 核心产品名称: core product name; required, at most 100 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub core_product: Option<String>,
}

/// 企业会员注册: the Henan platform's enterprise registration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct HenanEnterpriseRegistrationForm {
    /// 登录帐号: login account (no Chinese, 9–19 characters); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub account: Option<String>,
    /// 企业名称: enterprise name; required, at most 100 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    /// 企业性质: nature of the enterprise (私营企业, 国有企业, …); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub nature: Option<String>,
    /// 所属地市: city; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub city: Option<String>,
    /// 所属区县: district; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub district: Option<String>,
    /// 企业所属行业: industry; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industry: Option<String>,
    /// 统一社会信用代码: unified social credit code; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub uscc: Option<String>,
    /// 去年全年营业收入（万元）: last year's revenue in 万元, at most 2 decimals; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub revenue_last_year: Option<String>,
    /// 去年利税总额（万元）: last year's profit and tax in 万元, at most 2
    /// decimals, not negative; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tax_total: Option<String>,
    /// 注册地址: registered address; optional, at most 200 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub registered_address: Option<String>,
    /// 通讯地址: mailing address; required, at most 200 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mailing_address: Option<String>,
    /// 法人代表: legal representative; required, at most 30 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub legal_representative: Option<String>,
    /// 座机号码: landline `区号-座机号`; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub landline: Option<String>,
    /// 联系手机: mobile; optional.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mobile: Option<String>,
    /// 登录密码: password under the Henan rules; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub password: Option<String>,
    /// 确认密码: the password again; required, must match.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub password_confirmation: Option<String>,
    /// 是否通过两化融合管理体系贯标: certified under the integration of
    /// informatization and industrialization management system; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub two_integration_certified: Option<bool>,
    /// 我已经认真阅读并同意《用户注册协议》: must be `true`.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub agreement_accepted: Option<bool>,
}

/// 服务商背景: the key fields of a national provider registration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct ProviderRegistrationForm {
    /// 企业名称: enterprise name; required, at most 100 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    /// 统一社会信用代码: unified social credit code; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub uscc: Option<String>,
    /// 企业营业执照: business licence (JPEG/JPG/PNG, at most 10 MB); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub licence: Option<UploadMeta>,
    /// 服务商服务范围: service scope; 1–20 distinct (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub service_scope: Option<Vec<String>>,
    /// 核心产品和解决方案: core products and solutions; 1–20 distinct (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub core_solutions: Option<Vec<String>>,
    /// 服务行业: industries served; 1–20 distinct (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industries: Option<Vec<String>>,
    /// 资质能力: qualifications; 0–20 distinct (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub qualifications: Option<Vec<String>>,
    /// 工业客户累计数量（个）: industrial customers so far; required, 0–10 000 000 (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industrial_customer_count: Option<i64>,
    /// 起始运行时间: date operations began `YYYY-MM-DD`, not after today; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub started_on: Option<String>,
    /// 人员总数（人）: head count; required, 1–10 000 000 (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub head_count: Option<i64>,
    /// 近三年收入（亿元）: revenue of three consecutive years (design), one
    /// entry each; exactly 3.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub revenues: Option<Vec<ProviderRevenue>>,
    /// 近三年平均销售额（万元）: average sales of the last three years in 万元,
    /// at most 2 decimals; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub avg_sales_wan: Option<String>,
    /// 近三年工业领域年平均销售额（万元）: average yearly industrial sales in
    /// 万元, at most 2 decimals, not above the average sales (design); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub avg_industrial_sales_wan: Option<String>,
    /// 申报方案（总）年销售额占工业年销售额的平均占比: the declared solutions'
    /// share of industrial sales in percent, 0–100 with at most 2 decimals; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industrial_share_percent: Option<String>,
    /// 所属行业: the provider's own industry; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub primary_industry: Option<String>,
}

/// One year's revenue of a provider (2020年收入（亿元）, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct ProviderRevenue {
    /// The year; 1990–2100 and not after the current year (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub year: Option<i64>,
    /// Revenue in 亿元, at most 4 decimals (design: 1 万元 precision); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub amount_yi: Option<String>,
}

/// Checks the account step of a registration; every violation at once. The
/// password follows the platform's preset ([`PasswordPolicy::national`] or
/// [`PasswordPolicy::henan`]); with no valid platform only its presence and
/// confirmation are checked.
pub fn validate_account_registration(form: &AccountRegistrationForm) -> Violations {
    let mut r = Report::new();
    let platform = r.choice("platform", form.platform.as_deref(), &["national", "henan"]);
    r.choice("role", form.role.as_deref(), &["enterprise", "provider"]);
    let username = form.username.as_deref();
    let mobile = form.mobile.as_deref();
    match platform {
        Some("national") => {
            national_username(&mut r, "username", username);
            required_check(&mut r, "mobile", mobile, check_mobile);
        }
        Some(_) => {
            required_check(&mut r, "username", username, check_login_account);
            optional_check(&mut r, "mobile", mobile, check_mobile);
        }
        None => {
            r.required("username", username);
            optional_check(&mut r, "mobile", mobile, check_mobile);
        }
    }
    optional_check(&mut r, "email", form.email.as_deref(), check_email);
    let policy = match platform {
        Some("national") => Some(PasswordPolicy::national()),
        Some(_) => Some(PasswordPolicy::henan()),
        None => None,
    };
    let fields = PasswordFields {
        password: ("password", form.password.as_deref()),
        confirmation: (
            "password_confirmation",
            form.password_confirmation.as_deref(),
        ),
    };
    password(&mut r, fields, policy, &password_context(username, mobile));
    agreement(
        &mut r,
        "agreement_accepted",
        form.agreement_accepted,
        "《用户服务协议》和《隐私声明》",
    );
    r.finish()
}

/// National username (design): at most 50 characters, no whitespace or
/// control characters.
fn national_username(r: &mut Report, field: &str, value: Option<&str>) {
    let Some(name) = r.required_text(field, value, 50) else {
        return;
    };
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        r.push(Problem::new(
            Code::Charset,
            Some(field),
            "用户名不能包含空白或控制字符",
            "username must not contain whitespace or control characters",
        ));
    }
}

/// Checks a national enterprise registration; every violation at once.
/// `today` bounds the date of establishment.
pub fn validate_enterprise_registration(
    form: &EnterpriseRegistrationForm,
    today: NaiveDate,
) -> Violations {
    let mut r = Report::new();
    r.required_text("name", form.name.as_deref(), 100);
    required_check(
        &mut r,
        "legal_rep_mobile",
        form.legal_rep_mobile.as_deref(),
        check_mobile,
    );
    required_check(
        &mut r,
        "contact_phone",
        form.contact_phone.as_deref(),
        check_phone,
    );
    required_check(&mut r, "email", form.email.as_deref(), check_email);
    r.date(
        "established_on",
        form.established_on.as_deref(),
        Some(today),
    );
    required_upload(
        &mut r,
        "licence",
        UploadKind::NationalLicence,
        form.licence.as_ref(),
    );
    r.required("registration_type", form.registration_type.as_deref());
    required_bool(&mut r, "listed", form.listed);
    r.list("industries", form.industries.as_deref(), 1, 10);
    r.required("key_industry_chain", form.key_industry_chain.as_deref());
    r.required_text(
        "legal_representative",
        form.legal_representative.as_deref(),
        30,
    );
    r.required_text("contact_name", form.contact_name.as_deref(), 30);
    r.required_text("contact_title", form.contact_title.as_deref(), 30);
    required_check(&mut r, "postcode", form.postcode.as_deref(), check_postcode);
    required_uscc(&mut r, "uscc", form.uscc.as_deref());
    r.choice(
        "tax_credit_rating",
        form.tax_credit_rating.as_deref(),
        &["A", "B", "M", "C", "D"],
    );
    r.required_text("core_product", form.core_product.as_deref(), 100);
    r.finish()
}

/// Checks a Henan enterprise registration; every violation at once. The
/// password follows [`PasswordPolicy::henan`].
pub fn validate_henan_enterprise_registration(
    form: &HenanEnterpriseRegistrationForm,
) -> Violations {
    let mut r = Report::new();
    let account = form.account.as_deref();
    required_check(&mut r, "account", account, check_login_account);
    r.required_text("name", form.name.as_deref(), 100);
    r.required("nature", form.nature.as_deref());
    r.required("city", form.city.as_deref());
    r.required("district", form.district.as_deref());
    r.required("industry", form.industry.as_deref());
    required_uscc(&mut r, "uscc", form.uscc.as_deref());
    r.quantity("revenue_last_year", form.revenue_last_year.as_deref(), 2);
    r.quantity("tax_total", form.tax_total.as_deref(), 2);
    r.optional_text(
        "registered_address",
        form.registered_address.as_deref(),
        200,
    );
    r.required_text("mailing_address", form.mailing_address.as_deref(), 200);
    r.required_text(
        "legal_representative",
        form.legal_representative.as_deref(),
        30,
    );
    required_check(&mut r, "landline", form.landline.as_deref(), check_landline);
    optional_check(&mut r, "mobile", form.mobile.as_deref(), check_mobile);
    let fields = PasswordFields {
        password: ("password", form.password.as_deref()),
        confirmation: (
            "password_confirmation",
            form.password_confirmation.as_deref(),
        ),
    };
    let context = password_context(account, form.mobile.as_deref());
    password(&mut r, fields, Some(PasswordPolicy::henan()), &context);
    required_bool(
        &mut r,
        "two_integration_certified",
        form.two_integration_certified,
    );
    agreement(
        &mut r,
        "agreement_accepted",
        form.agreement_accepted,
        "《用户注册协议》",
    );
    r.finish()
}

/// Checks a national provider registration; every violation at once.
/// `today` bounds the start of operations and the revenue years.
pub fn validate_provider_registration(
    form: &ProviderRegistrationForm,
    today: NaiveDate,
) -> Violations {
    let mut r = Report::new();
    r.required_text("name", form.name.as_deref(), 100);
    required_uscc(&mut r, "uscc", form.uscc.as_deref());
    required_upload(
        &mut r,
        "licence",
        UploadKind::NationalLicence,
        form.licence.as_ref(),
    );
    r.list("service_scope", form.service_scope.as_deref(), 1, 20);
    r.list("core_solutions", form.core_solutions.as_deref(), 1, 20);
    r.list("industries", form.industries.as_deref(), 1, 20);
    r.list("qualifications", form.qualifications.as_deref(), 0, 20);
    r.number(
        "industrial_customer_count",
        form.industrial_customer_count,
        0,
        10_000_000,
    );
    r.date("started_on", form.started_on.as_deref(), Some(today));
    r.number("head_count", form.head_count, 1, 10_000_000);
    revenues(&mut r, form.revenues.as_deref().unwrap_or_default(), today);
    let sales = r.quantity("avg_sales_wan", form.avg_sales_wan.as_deref(), 2);
    let industrial = r.quantity(
        "avg_industrial_sales_wan",
        form.avg_industrial_sales_wan.as_deref(),
        2,
    );
    if let (Some(sales), Some(industrial)) = (sales, industrial)
        && industrial > sales
    {
        r.push(
            Problem::new(
                Code::Mismatch,
                Some("avg_industrial_sales_wan"),
                format!("工业领域年平均销售额 `{industrial}` 万元高于近三年平均销售额 `{sales}` 万元"),
                format!(
                    "average industrial sales of `{industrial}` ten-thousand yuan exceed average sales of `{sales}` ten-thousand yuan"
                ),
            )
            .with_detail(serde_json::json!({
                "avg_sales_wan": sales.to_string(), "avg_industrial_sales_wan": industrial.to_string()
            })),
        );
    }
    let share_field = "industrial_share_percent";
    let share = r.quantity(share_field, form.industrial_share_percent.as_deref(), 2);
    if let Some(share) = share
        && share > Decimal::ONE_HUNDRED
    {
        r.push(
            Problem::new(
                Code::Range,
                Some(share_field),
                format!("占比应在 0 到 100 之间，当前为 {share}"),
                format!("the share must be between 0 and 100 percent, it is {share}"),
            )
            .with_detail(serde_json::json!({"min": 0, "max": 100, "actual": share.to_string()})),
        );
    }
    r.required("primary_industry", form.primary_industry.as_deref());
    r.finish()
}

/// Exactly three yearly revenues, of three consecutive years (design).
fn revenues(r: &mut Report, revenues: &[ProviderRevenue], today: NaiveDate) {
    r.count("revenues", revenues.len(), 3, 3);
    let this_year = i64::from(today.year());
    let mut years = Vec::new();
    for (index, revenue) in revenues.iter().enumerate() {
        let year_field = format!("revenues[{index}].year");
        if let Some(year) = r.number(&year_field, revenue.year, 1990, 2100) {
            if year > this_year {
                r.push(
                    Problem::new(
                        Code::Range,
                        Some(&year_field),
                        format!("收入年份 {year} 不能晚于今年（{this_year}）"),
                        format!("revenue year {year} must not be after this year ({this_year})"),
                    )
                    .with_detail(serde_json::json!({"max": this_year, "actual": year})),
                );
            } else {
                years.push(year);
            }
        }
        r.quantity(
            &format!("revenues[{index}].amount_yi"),
            revenue.amount_yi.as_deref(),
            4,
        );
    }
    if revenues.len() != 3 || years.len() != 3 {
        return; // already reported
    }
    let mut sorted = years.clone();
    sorted.sort_unstable();
    let consecutive = sorted
        .windows(2)
        .all(|pair| matches!(pair, [a, b] if *b == *a + 1));
    if !consecutive {
        let shown: Vec<String> = years.iter().map(i64::to_string).collect();
        r.push(
            Problem::new(
                Code::Mismatch,
                Some("revenues"),
                format!(
                    "近三年收入应为连续三个不同年份，当前为 {}",
                    shown.join("、")
                ),
                format!(
                    "the three revenues must be of three consecutive years, they are {}",
                    shown.join(", ")
                ),
            )
            .with_detail(serde_json::json!({"years": years})),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{at, file, found, list, pairs, s};
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 9, 5).unwrap_or_default()
    }

    // --- account ---

    fn national_account() -> AccountRegistrationForm {
        AccountRegistrationForm {
            platform: s("national"),
            role: s("enterprise"),
            username: s("zhongyuan_jixie"),
            mobile: s("13012344321"),
            email: s("it@zyjx.com.cn"),
            password: s("Zyjx#2023ok"),
            password_confirmation: s("Zyjx#2023ok"),
            agreement_accepted: Some(true),
        }
    }

    fn henan_account() -> AccountRegistrationForm {
        AccountRegistrationForm {
            platform: s("henan"),
            role: s("provider"),
            username: s("henanyun2018"),
            mobile: None,
            email: None,
            password: s("yun2018abc"),
            password_confirmation: s("yun2018abc"),
            agreement_accepted: Some(true),
        }
    }

    #[test]
    fn valid_accounts() {
        let v = validate_account_registration(&national_account());
        assert!(v.is_empty(), "{v}");
        let v = validate_account_registration(&henan_account());
        assert!(v.is_empty(), "{v}");
    }

    #[test]
    fn national_account_mistakes() {
        let form = AccountRegistrationForm {
            role: s("expert"),
            username: s("zhang san"),
            mobile: None,
            email: s("zhangsan@"),
            password: s("Mima 2023!"),
            password_confirmation: s("Mima 2023?"),
            agreement_accepted: None,
            ..national_account()
        };
        let v = validate_account_registration(&form);
        assert_eq!(
            found(&v),
            pairs(&[
                (Code::Choice, "role"),
                (Code::Charset, "username"),
                (Code::Required, "mobile"),
                (Code::Format, "email"),
                (Code::PasswordCharset, "password"),
                (Code::PasswordConfirmation, "password_confirmation"),
                (Code::Required, "agreement_accepted"),
            ]),
        );
        let leaks = |p: &Problem| p.message_en.contains("Mima") || p.message_zh.contains("Mima");
        assert!(!v.as_slice().iter().any(leaks));
    }

    #[test]
    fn national_password_must_not_contain_username_or_mobile() {
        let form = AccountRegistrationForm {
            username: s("wangwei"),
            password: s("Wangwei@2023"),
            password_confirmation: s("Wangwei@2023"),
            ..national_account()
        };
        assert_eq!(
            found(&validate_account_registration(&form)),
            pairs(&[(Code::PasswordContainsUsername, "password")]),
        );
        let form = AccountRegistrationForm {
            password: s("A1!13012344321"),
            password_confirmation: s("A1!13012344321"),
            ..national_account()
        };
        assert_eq!(
            found(&validate_account_registration(&form)),
            pairs(&[(Code::PasswordContainsMobile, "password")]),
        );
    }

    #[test]
    fn henan_account_mistakes() {
        let form = AccountRegistrationForm {
            username: s("河南企业abc"),
            mobile: s("admin"),
            password: s("short1"),
            password_confirmation: None,
            agreement_accepted: Some(false),
            ..henan_account()
        };
        assert_eq!(
            found(&validate_account_registration(&form)),
            pairs(&[
                (Code::Length, "username"),
                (Code::Charset, "username"),
                (Code::Format, "mobile"),
                (Code::PasswordLength, "password"),
                (Code::Required, "password_confirmation"),
                (Code::Required, "agreement_accepted"),
            ]),
        );
    }

    #[test]
    fn unknown_platform_checks_what_it_can() {
        let form = AccountRegistrationForm {
            platform: s("shanghai"),
            ..henan_account()
        };
        assert_eq!(
            found(&validate_account_registration(&form)),
            pairs(&[(Code::Choice, "platform")])
        );
        assert_eq!(
            found(&validate_account_registration(
                &AccountRegistrationForm::default()
            )),
            pairs(&[
                (Code::Required, "platform"),
                (Code::Required, "role"),
                (Code::Required, "username"),
                (Code::Required, "password"),
                (Code::Required, "password_confirmation"),
                (Code::Required, "agreement_accepted"),
            ]),
        );
    }

    // --- national enterprise ---

    fn enterprise() -> EnterpriseRegistrationForm {
        EnterpriseRegistrationForm {
            name: s("福州闽江精密机械有限公司"),
            legal_rep_mobile: s("13012344321"),
            contact_phone: s("0591-87654321"),
            email: s("office@mjjm.com.cn"),
            established_on: s("2008-03-18"),
            licence: file("营业执照.jpg", 2_400_000),
            registration_type: s("有限责任公司"),
            listed: Some(false),
            industries: list(&["通用设备制造业"]),
            key_industry_chain: s("高端装备"),
            legal_representative: s("陈志强"),
            contact_name: s("林晓燕"),
            contact_title: s("信息化主管"),
            postcode: s("350001"),
            uscc: s("91350100M000100Y43"),
            tax_credit_rating: s("A"),
            core_product: s("数控精密齿轮箱"),
        }
    }

    #[test]
    fn valid_enterprise() {
        let v = validate_enterprise_registration(&enterprise(), today());
        assert!(v.is_empty(), "{v}");
    }

    #[test]
    fn enterprise_mistakes() {
        let form = EnterpriseRegistrationForm {
            legal_rep_mobile: s("0591-87654321"),
            contact_phone: s("87654321"),
            email: None,
            established_on: s("2023-09-06"),
            licence: file("营业执照.pdf", 11 * 1024 * 1024),
            listed: None,
            industries: list(&[]),
            postcode: s("35000"),
            uscc: s("91350100M000100Y44"),
            tax_credit_rating: s("AAA"),
            ..enterprise()
        };
        assert_eq!(
            found(&validate_enterprise_registration(&form, today())),
            pairs(&[
                (Code::Format, "legal_rep_mobile"),
                (Code::Format, "contact_phone"),
                (Code::Required, "email"),
                (Code::Range, "established_on"),
                (Code::UploadFormat, "licence.name"),
                (Code::UploadTooLarge, "licence.size_bytes"),
                (Code::Required, "listed"),
                (Code::Count, "industries"),
                (Code::Format, "postcode"),
                (Code::UsccCheckCharacter, "uscc"),
                (Code::Choice, "tax_credit_rating"),
            ]),
        );
        let bad_date = EnterpriseRegistrationForm {
            established_on: s("2008/03/18"),
            ..enterprise()
        };
        assert_eq!(
            found(&validate_enterprise_registration(&bad_date, today())),
            pairs(&[(Code::InvalidDate, "established_on")]),
        );
    }

    // --- Henan enterprise ---

    fn henan() -> HenanEnterpriseRegistrationForm {
        HenanEnterpriseRegistrationForm {
            account: s("zzzhongyuan01"),
            name: s("郑州中原精工机械有限公司"),
            nature: s("私营企业"),
            city: s("郑州市"),
            district: s("中原区"),
            industry: s("金属制品业"),
            uscc: s("914403001922038216"),
            revenue_last_year: s("2223.50"),
            tax_total: s("186"),
            registered_address: s("郑州市中原区建设西路 100 号"),
            mailing_address: s("郑州市中原区建设西路 100 号"),
            legal_representative: s("赵卫国"),
            landline: s("0371-66666666"),
            mobile: s("18511111111"),
            password: s("zyjg@2018abc"),
            password_confirmation: s("zyjg@2018abc"),
            two_integration_certified: Some(true),
            agreement_accepted: Some(true),
        }
    }

    #[test]
    fn valid_henan_enterprise() {
        let v = validate_henan_enterprise_registration(&henan());
        assert!(v.is_empty(), "{v}");
        let minimal = HenanEnterpriseRegistrationForm {
            registered_address: None,
            mobile: s(""),
            ..henan()
        };
        assert!(validate_henan_enterprise_registration(&minimal).is_empty());
    }

    #[test]
    fn henan_enterprise_mistakes() {
        let form = HenanEnterpriseRegistrationForm {
            account: s("zhongyuan"),
            uscc: s("23243443"),
            revenue_last_year: s("2223.505"),
            tax_total: s("-5"),
            city: s(" "),
            registered_address: s(&"路".repeat(201)),
            landline: s("037166666666"),
            mobile: s("admin"),
            password: s("密码zyjg2018"),
            password_confirmation: s("zyjg2018"),
            two_integration_certified: None,
            agreement_accepted: None,
            ..henan()
        };
        assert_eq!(
            found(&validate_henan_enterprise_registration(&form)),
            pairs(&[
                (Code::Required, "city"),
                (Code::Length, "uscc"),
                (Code::DecimalInvalid, "revenue_last_year"),
                (Code::MoneyNegative, "tax_total"),
                (Code::Length, "registered_address"),
                (Code::Format, "landline"),
                (Code::Format, "mobile"),
                (Code::PasswordCharset, "password"),
                (Code::PasswordConfirmation, "password_confirmation"),
                (Code::Required, "two_integration_certified"),
                (Code::Required, "agreement_accepted"),
            ]),
        );
        let short = HenanEnterpriseRegistrationForm {
            account: s("zhongyua"),
            ..henan()
        };
        assert_eq!(
            found(&validate_henan_enterprise_registration(&short)),
            pairs(&[(Code::Length, "account")]),
        );
    }

    // --- provider ---

    fn revenue(year: i64, amount: &str) -> ProviderRevenue {
        ProviderRevenue {
            year: Some(year),
            amount_yi: s(amount),
        }
    }

    fn provider() -> ProviderRegistrationForm {
        ProviderRegistrationForm {
            name: s("杭州数智工业科技有限公司"),
            uscc: s("91330100799655058B"),
            licence: file("licence.png", 5_000_000),
            service_scope: list(&["工业软件", "设备上云", "数据分析"]),
            core_solutions: list(&["数智 MES", "设备物联平台"]),
            industries: list(&["通用设备制造业", "纺织业"]),
            qualifications: None,
            industrial_customer_count: Some(1260),
            started_on: s("2007-06-01"),
            head_count: Some(420),
            revenues: Some(vec![
                revenue(2020, "1.2500"),
                revenue(2021, "1.6"),
                revenue(2022, "2.0812"),
            ]),
            avg_sales_wan: s("16437.33"),
            avg_industrial_sales_wan: s("12800"),
            industrial_share_percent: s("35.5"),
            primary_industry: s("软件和信息技术服务业"),
        }
    }

    #[test]
    fn valid_provider() {
        let v = validate_provider_registration(&provider(), today());
        assert!(v.is_empty(), "{v}");
        let shuffled = ProviderRegistrationForm {
            revenues: Some(vec![
                revenue(2022, "2"),
                revenue(2020, "1"),
                revenue(2021, "1.5"),
            ]),
            qualifications: list(&["CMMI 3", "ISO 27001"]),
            ..provider()
        };
        assert!(validate_provider_registration(&shuffled, today()).is_empty());
    }

    #[test]
    fn provider_mistakes() {
        let form = ProviderRegistrationForm {
            service_scope: None,
            qualifications: list(&["CMMI 3", "CMMI 3"]),
            industrial_customer_count: Some(-1),
            started_on: s("2024-01-01"),
            head_count: Some(0),
            revenues: Some(vec![revenue(2020, "1.23456"), revenue(2022, "2")]),
            avg_sales_wan: s("10000"),
            avg_industrial_sales_wan: s("12800.5"),
            industrial_share_percent: s("100.01"),
            primary_industry: None,
            ..provider()
        };
        assert_eq!(
            found(&validate_provider_registration(&form, today())),
            pairs(&[
                (Code::Count, "service_scope"),
                (Code::DuplicateItem, "qualifications[1]"),
                (Code::Range, "industrial_customer_count"),
                (Code::Range, "started_on"),
                (Code::Range, "head_count"),
                (Code::Count, "revenues"),
                (Code::DecimalInvalid, "revenues[0].amount_yi"),
                (Code::Mismatch, "avg_industrial_sales_wan"),
                (Code::Range, "industrial_share_percent"),
                (Code::Required, "primary_industry"),
            ]),
        );
    }

    #[test]
    fn revenue_years_must_be_three_consecutive_past_years() {
        let gap = ProviderRegistrationForm {
            revenues: Some(vec![
                revenue(2019, "1"),
                revenue(2021, "1"),
                revenue(2022, "1"),
            ]),
            ..provider()
        };
        assert_eq!(
            found(&validate_provider_registration(&gap, today())),
            pairs(&[(Code::Mismatch, "revenues")]),
        );
        let twice = ProviderRegistrationForm {
            revenues: Some(vec![
                revenue(2021, "1"),
                revenue(2021, "1"),
                revenue(2022, "1"),
            ]),
            ..provider()
        };
        assert_eq!(
            found(&validate_provider_registration(&twice, today())),
            pairs(&[(Code::Mismatch, "revenues")]),
        );
        let future = ProviderRegistrationForm {
            revenues: Some(vec![
                revenue(2022, "1"),
                revenue(2023, "1"),
                revenue(2024, "1"),
            ]),
            ..provider()
        };
        assert_eq!(
            found(&validate_provider_registration(&future, today())),
            pairs(&[(Code::Range, "revenues[2].year")]),
        );
    }

    // --- call API ---

    fn answer(op: &str, request: serde_json::Value) -> serde_json::Value {
        serde_json::to_value(crate::call::call_value(op, request)).unwrap_or_default()
    }

    #[test]
    fn dated_forms_through_the_call_api() {
        let op = "validate.enterprise_registration";
        let ok = answer(
            op,
            serde_json::json!({"form": enterprise(), "today": "2023-09-05"}),
        );
        assert_eq!(
            ok,
            serde_json::json!({"ok": true, "value": {"valid": true, "violations": []}})
        );
        let early = answer(
            op,
            serde_json::json!({"form": enterprise(), "today": "2008-03-17"}),
        );
        assert_eq!(at(&early, "/value/valid"), false);
        assert_eq!(at(&early, "/value/violations/0/code"), "field.range");
        assert_eq!(at(&early, "/value/violations/0/field"), "established_on");

        let op = "validate.provider_registration";
        let ok = answer(
            op,
            serde_json::json!({"form": provider(), "today": "2023-09-05"}),
        );
        assert_eq!(at(&ok, "/value/valid"), true);
        let unknown_key = answer(op, serde_json::json!({"form": {"nmae": "x"}}));
        assert_eq!(at(&unknown_key, "/ok"), false);
        assert_eq!(at(&unknown_key, "/errors/0/code"), "request.invalid");
    }

    #[test]
    fn account_forms_through_the_call_api() {
        let form = AccountRegistrationForm {
            agreement_accepted: Some(false),
            ..national_account()
        };
        let a = answer(
            "validate.account_registration",
            serde_json::json!({"form": form}),
        );
        assert_eq!(at(&a, "/value/violations/0/field"), "agreement_accepted");
        assert_eq!(at(&a, "/value/violations/0/code"), "field.required");
        let a = answer(
            "validate.henan_enterprise_registration",
            serde_json::json!({"form": henan()}),
        );
        assert_eq!(at(&a, "/value/valid"), true);
        let a = answer(
            "validate.henan_enterprise_registration",
            serde_json::json!({"form": {}}),
        );
        assert_eq!(at(&a, "/value/valid"), false);
        let dated = answer(
            "validate.account_registration",
            serde_json::json!({"form": {}, "today": "2023-09-05"}),
        );
        assert_eq!(at(&dated, "/ok"), false, "only dated forms take `today`");
    }
}
