//! 商品上架 (解决方案与产品): the provider's product listing form, national
//! platform (seed 002 §4.4.1, DOMAIN §4).

use serde::{Deserialize, Serialize};

use super::{optional_check, present, required_upload};
use crate::error::{Code, Problem, Violations, echo};
use crate::money::Money;
use crate::validate::{Report, UploadKind, UploadMeta, check_email, check_mobile, check_phone};

/// Purchase modes of a spec: 按年, 按月, 按数量.
const PURCHASE_MODES: &[&str] = &["per_year", "per_month", "per_quantity"];
/// Pricing modes of a spec: 免费, 简单模式.
const PRICING_MODES: &[&str] = &["free", "simple"];

/// 商品上架: a solution-and-product listing, as submitted for review.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct ProductListingForm {
    /// 方案名称: solution name; required, at most 100 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub solution_name: Option<String>,
    /// 相关产品名称: related product name; required, at most 100 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub product_name: Option<String>,
    /// 目录: catalogue, by default 解决方案和产品; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub catalogue: Option<String>,
    /// 标签: tags buyers filter by; 1–20 distinct (the maximum is design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tags: Option<Vec<String>>,
    /// 展示图: display image (jpeg/png/jpg/bmp, at most 2 MB); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub display_image: Option<UploadMeta>,
    /// 方案分类: solution categories; 1–5 distinct.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub categories: Option<Vec<String>>,
    /// 适用行业: applicable industries; 1–3 distinct.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industries: Option<Vec<String>>,
    /// 销售历史最低价格: lowest historical sale price in 元; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub lowest_price: Option<String>,
    /// 销售历史最高价格: highest historical sale price in 元; required, not
    /// below the lowest.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub highest_price: Option<String>,
    /// 交付平均周期: average delivery cycle in whole days, 1–3650 (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub delivery_cycle_days: Option<i64>,
    /// 交付人工数量（人天）: delivery effort in person-days, 1–100000 (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub delivery_person_days: Option<i64>,
    /// 案例说明: customer cases; exactly 3.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cases: Option<Vec<ProductCase>>,
    /// 联系人信息: the listing's contact.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contact: Option<ProductContact>,
    /// 介绍页: the product's introduction page.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub intro_page: Option<IntroPage>,
    /// 规格: specs a buyer chooses from; 1–20 (the maximum is design), names
    /// distinct (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub specs: Option<Vec<ProductSpec>>,
}

/// 案例: one customer case of a listing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct ProductCase {
    /// 客户名称: customer name; required, at most 100 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_name: Option<String>,
    /// 客户年产值（万元）: customer's annual output in 万元, at most 2 decimals; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub annual_output: Option<String>,
    /// 方案销售额度（万元）: the solution's sale amount in 万元, at most 2 decimals; required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub sale_amount: Option<String>,
    /// 交付周期（月）: delivery cycle in whole months, 1–120 (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub delivery_months: Option<i64>,
    /// 客户联系人姓名: customer contact's name; optional, at most 30 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contact_name: Option<String>,
    /// 客户联系人职务: customer contact's title; optional, at most 30 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contact_title: Option<String>,
    /// 客户联系人联系方式: customer contact's phone, mobile or landline; optional.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contact_phone: Option<String>,
    /// 介绍文档: introduction document (pdf, office, images, zip, mp4; at
    /// most 100 MB); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub intro_document: Option<UploadMeta>,
}

/// 联系人信息: the contact of a listing; a mobile, an email or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct ProductContact {
    /// 姓名: contact name; required, at most 30 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    /// 手机: mobile number.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mobile: Option<String>,
    /// 邮箱: email address.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub email: Option<String>,
}

/// 介绍页: the product's introduction page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct IntroPage {
    /// Banner: title, text and image.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub banner: Option<IntroBanner>,
    /// 商品亮点: highlights; 1–10 distinct (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub highlights: Option<Vec<String>>,
    /// 商品说明: description (features, content, notes); required, at most
    /// 5000 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub description: Option<String>,
    /// 用户案例: user cases; exactly 3.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub user_cases: Option<Vec<UserCase>>,
    /// 服务支持: after-sales support (hours, content, hotline, email);
    /// required, at most 2000 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub service_support: Option<String>,
}

/// Banner of the introduction page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct IntroBanner {
    /// 标题: title; required, at most 50 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub title: Option<String>,
    /// 商品介绍: text under the title; optional, at most 500 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub text: Option<String>,
    /// 图片: banner image (jpeg/png/jpg/bmp, at most 2 MB; design: the
    /// display image's rules); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub image: Option<UploadMeta>,
}

/// 用户案例: one user case of the introduction page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct UserCase {
    /// 案例内容: the case text; required, at most 1000 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub text: Option<String>,
    /// 案例图片: the case image (the display image's rules, design); required.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub image: Option<UploadMeta>,
}

/// 规格: one spec of a listing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct ProductSpec {
    /// 规格名称: spec name; required, at most 50 characters (design).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    /// 购买方式: `per_year` (按年), `per_month` (按月) or `per_quantity` (按数量).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub purchase_mode: Option<String>,
    /// 定价模式: `free` (免费) or `simple` (简单模式).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub pricing_mode: Option<String>,
    /// 规格定价: unit price in 元 per [`unit_label`]; required and above zero
    /// under `simple`, absent or zero under `free`.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub unit_price: Option<String>,
}

/// 规格定价的单位: the unit of a spec's price for its purchase mode:
/// `per_year` → 元/年, `per_month` → 元/月, `per_quantity` → 元/个.
pub fn unit_label(purchase_mode: &str) -> Option<&'static str> {
    match purchase_mode {
        "per_year" => Some("元/年"),
        "per_month" => Some("元/月"),
        "per_quantity" => Some("元/个"),
        _ => None,
    }
}

/// Checks a product listing; every violation at once, each at its field path
/// (`cases[1].annual_output`, `specs[0].unit_price`, …).
pub fn validate_product_listing(form: &ProductListingForm) -> Violations {
    let mut r = Report::new();
    r.required_text("solution_name", form.solution_name.as_deref(), 100);
    r.required_text("product_name", form.product_name.as_deref(), 100);
    r.required("catalogue", form.catalogue.as_deref());
    r.list("tags", form.tags.as_deref(), 1, 20);
    required_upload(
        &mut r,
        "display_image",
        UploadKind::ProductImage,
        form.display_image.as_ref(),
    );
    r.list("categories", form.categories.as_deref(), 1, 5);
    r.list("industries", form.industries.as_deref(), 1, 3);
    prices(
        &mut r,
        form.lowest_price.as_deref(),
        form.highest_price.as_deref(),
    );
    r.number("delivery_cycle_days", form.delivery_cycle_days, 1, 3650);
    r.number(
        "delivery_person_days",
        form.delivery_person_days,
        1,
        100_000,
    );

    let cases = form.cases.as_deref().unwrap_or_default();
    r.count("cases", cases.len(), 3, 3);
    for (index, case) in cases.iter().enumerate() {
        product_case(&mut r, &format!("cases[{index}]"), case);
    }
    contact(&mut r, form.contact.as_ref());
    intro_page(&mut r, form.intro_page.as_ref());

    let specs = form.specs.as_deref().unwrap_or_default();
    r.count("specs", specs.len(), 1, 20);
    let mut names = std::collections::HashSet::new();
    for (index, spec) in specs.iter().enumerate() {
        let path = format!("specs[{index}]");
        product_spec(&mut r, &path, spec);
        if let Some(name) = present(spec.name.as_deref())
            && !names.insert(name.trim())
        {
            r.push(Problem::new(
                Code::DuplicateItem,
                Some(&format!("{path}.name")),
                format!("规格名称 `{}` 重复", echo(name)),
                format!("spec name `{}` is used twice", echo(name)),
            ));
        }
    }
    r.finish()
}

/// Both prices in 元, the lowest not above the highest.
fn prices(r: &mut Report, lowest: Option<&str>, highest: Option<&str>) {
    let lowest = r.money("lowest_price", lowest);
    let highest = r.money("highest_price", highest);
    if let (Some(low), Some(high)) = (lowest, highest)
        && low > high
    {
        r.push(
            Problem::new(
                Code::Mismatch,
                Some("highest_price"),
                format!("销售历史最高价格 `{high}` 元低于最低价格 `{low}` 元"),
                format!("the highest sale price `{high}` is below the lowest `{low}`"),
            )
            .with_detail(serde_json::json!({
                "lowest": low.to_string(), "highest": high.to_string()
            })),
        );
    }
}

fn product_case(r: &mut Report, path: &str, case: &ProductCase) {
    let at = |name: &str| format!("{path}.{name}");
    r.required_text(&at("customer_name"), case.customer_name.as_deref(), 100);
    r.quantity(&at("annual_output"), case.annual_output.as_deref(), 2);
    r.quantity(&at("sale_amount"), case.sale_amount.as_deref(), 2);
    r.number(&at("delivery_months"), case.delivery_months, 1, 120);
    r.optional_text(&at("contact_name"), case.contact_name.as_deref(), 30);
    r.optional_text(&at("contact_title"), case.contact_title.as_deref(), 30);
    optional_check(
        r,
        &at("contact_phone"),
        case.contact_phone.as_deref(),
        check_phone,
    );
    required_upload(
        r,
        &at("intro_document"),
        UploadKind::CaseDocument,
        case.intro_document.as_ref(),
    );
}

fn contact(r: &mut Report, contact: Option<&ProductContact>) {
    let none = ProductContact::default();
    let contact = contact.unwrap_or(&none);
    r.required_text("contact.name", contact.name.as_deref(), 30);
    let mobile = present(contact.mobile.as_deref());
    let email = present(contact.email.as_deref());
    if mobile.is_none() && email.is_none() {
        r.push(Problem::new(
            Code::Required,
            Some("contact"),
            "请至少填写手机或邮箱中的一种联系方式",
            "a mobile number or an email address is required",
        ));
    }
    optional_check(r, "contact.mobile", mobile, check_mobile);
    optional_check(r, "contact.email", email, check_email);
}

fn intro_page(r: &mut Report, page: Option<&IntroPage>) {
    let none = IntroPage::default();
    let page = page.unwrap_or(&none);
    let no_banner = IntroBanner::default();
    let banner = page.banner.as_ref().unwrap_or(&no_banner);
    r.required_text("intro_page.banner.title", banner.title.as_deref(), 50);
    r.optional_text("intro_page.banner.text", banner.text.as_deref(), 500);
    let image = banner.image.as_ref();
    required_upload(
        r,
        "intro_page.banner.image",
        UploadKind::ProductImage,
        image,
    );
    r.list("intro_page.highlights", page.highlights.as_deref(), 1, 10);
    r.required_text("intro_page.description", page.description.as_deref(), 5000);
    let cases = page.user_cases.as_deref().unwrap_or_default();
    r.count("intro_page.user_cases", cases.len(), 3, 3);
    for (index, case) in cases.iter().enumerate() {
        let path = format!("intro_page.user_cases[{index}]");
        r.required_text(&format!("{path}.text"), case.text.as_deref(), 1000);
        let image = case.image.as_ref();
        required_upload(r, &format!("{path}.image"), UploadKind::ProductImage, image);
    }
    r.required_text(
        "intro_page.service_support",
        page.service_support.as_deref(),
        2000,
    );
}

fn product_spec(r: &mut Report, path: &str, spec: &ProductSpec) {
    let price_field = format!("{path}.unit_price");
    r.required_text(&format!("{path}.name"), spec.name.as_deref(), 50);
    r.choice(
        &format!("{path}.purchase_mode"),
        spec.purchase_mode.as_deref(),
        PURCHASE_MODES,
    );
    let pricing = r.choice(
        &format!("{path}.pricing_mode"),
        spec.pricing_mode.as_deref(),
        PRICING_MODES,
    );
    let price = present(spec.unit_price.as_deref());
    match pricing {
        Some("simple") => {
            if let Some(amount) = r.money(&price_field, price)
                && amount.is_zero()
            {
                r.push(
                    Problem::new(
                        Code::Range,
                        Some(&price_field),
                        "简单模式的规格定价必须大于 0",
                        "a priced spec's unit price must be greater than 0",
                    )
                    .with_detail(serde_json::json!({"min_exclusive": "0.00", "actual": "0.00"})),
                );
            }
        }
        Some(_) => {
            let free = price.is_none_or(|p| Money::parse(p).is_ok_and(Money::is_zero));
            if let Some(p) = price.filter(|_| !free) {
                r.push(Problem::new(
                    Code::Mismatch,
                    Some(&price_field),
                    format!("免费规格不能设置定价，当前为 `{}`", echo(p)),
                    format!(
                        "a free spec must not have a unit price, it has `{}`",
                        echo(p)
                    ),
                ));
            }
        }
        // Unknown pricing mode: a given price must at least be an amount.
        None => {
            if price.is_some() {
                r.money(&price_field, price);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{at, file, found, list, pairs, s};
    use super::*;

    fn case(customer: &str, output: &str, amount: &str) -> ProductCase {
        ProductCase {
            customer_name: s(customer),
            annual_output: s(output),
            sale_amount: s(amount),
            delivery_months: Some(6),
            contact_name: s("王建国"),
            contact_title: s("信息中心主任"),
            contact_phone: s("0371-66666666"),
            intro_document: file("案例介绍.pdf", 3_500_000),
        }
    }

    fn user_case(text: &str) -> UserCase {
        UserCase {
            text: s(text),
            image: file("case.png", 480_000),
        }
    }

    fn spec(name: &str, purchase: &str, pricing: &str, price: Option<&str>) -> ProductSpec {
        ProductSpec {
            name: s(name),
            purchase_mode: s(purchase),
            pricing_mode: s(pricing),
            unit_price: price.map(str::to_owned),
        }
    }

    fn valid() -> ProductListingForm {
        ProductListingForm {
            solution_name: s("中小企业设备上云与生产管理数字化解决方案"),
            product_name: s("智造云 MES 生产执行系统"),
            catalogue: s("解决方案和产品"),
            tags: list(&["设备上云", "生产管理", "MES"]),
            display_image: file("展示图.jpg", 1_048_576),
            categories: list(&["生产制造", "设备管理"]),
            industries: list(&["金属制品业", "通用设备制造业"]),
            lowest_price: s("12,800.00"),
            highest_price: s("368000"),
            delivery_cycle_days: Some(45),
            delivery_person_days: Some(60),
            cases: Some(vec![
                case("郑州宇通精密机械有限公司", "52000", "36.8"),
                case("河南双汇食品有限公司", "6800000.50", "120"),
                case("洛阳中信重工配套件厂", "15000.25", "12.80"),
            ]),
            contact: Some(ProductContact {
                name: s("李明"),
                mobile: s("13012344321"),
                email: None,
            }),
            intro_page: Some(IntroPage {
                banner: Some(IntroBanner {
                    title: s("智造云 MES"),
                    text: s("面向离散制造中小企业的轻量化生产执行系统"),
                    image: file("banner.png", 1_500_000),
                }),
                highlights: list(&["7 天上线", "设备数据实时采集", "移动端报工"]),
                description: s("提供生产计划、工单派发、质量追溯、设备联网等功能。"),
                user_cases: Some(vec![
                    user_case("设备综合效率提升 18%"),
                    user_case("在制品库存下降 25%"),
                    user_case("订单准时交付率提升至 97%"),
                ]),
                service_support: s("售后服务时间：工作日 9:00–18:00；服务热线：0371-66666666"),
            }),
            specs: Some(vec![
                spec("基础版", "per_year", "simple", Some("12800.00")),
                spec("试用版", "per_month", "free", None),
                spec("实施服务", "per_quantity", "free", Some("0.00")),
            ]),
        }
    }

    #[test]
    fn a_complete_listing_is_valid() {
        let v = validate_product_listing(&valid());
        assert!(v.is_empty(), "{v}");
    }

    #[test]
    fn every_mistake_is_reported_at_its_path() {
        let mut form = valid();
        form.categories = list(&["一", "二", "三", "四", "五", "六"]);
        form.industries = list(&["金属制品业", "金属制品业"]);
        form.lowest_price = s("500000");
        form.highest_price = s("368000.00");
        form.cases = Some(vec![
            case("郑州宇通精密机械有限公司", "12.345", "36.8"),
            ProductCase {
                contact_phone: s("12345"),
                ..case("河南双汇食品有限公司", "100", "1")
            },
        ]);
        form.contact = Some(ProductContact {
            name: s("李明"),
            mobile: s(""),
            email: None,
        });
        if let Some(page) = form.intro_page.as_mut() {
            page.user_cases = Some(vec![UserCase {
                text: None,
                image: file("case.gif", 10),
            }]);
        }
        form.specs = Some(vec![
            spec("基础版", "per_year", "free", Some("99.00")),
            spec("专业版", "per_week", "simple", Some("0")),
            spec("基础版", "per_month", "simple", None),
        ]);
        let v = validate_product_listing(&form);
        assert_eq!(
            found(&v),
            pairs(&[
                (Code::Count, "categories"),
                (Code::DuplicateItem, "industries[1]"),
                (Code::Mismatch, "highest_price"),
                (Code::Count, "cases"),
                (Code::DecimalInvalid, "cases[0].annual_output"),
                (Code::Format, "cases[1].contact_phone"),
                (Code::Required, "contact"),
                (Code::Count, "intro_page.user_cases"),
                (Code::Required, "intro_page.user_cases[0].text"),
                (Code::UploadFormat, "intro_page.user_cases[0].image.name"),
                (Code::Mismatch, "specs[0].unit_price"),
                (Code::Choice, "specs[1].purchase_mode"),
                (Code::Range, "specs[1].unit_price"),
                (Code::Required, "specs[2].unit_price"),
                (Code::DuplicateItem, "specs[2].name"),
            ]),
        );
        assert!(
            v.as_slice()
                .iter()
                .all(|p| !p.message_zh.is_empty() && !p.message_en.is_empty())
        );
    }

    #[test]
    fn an_empty_form_reports_each_required_field() {
        let v = validate_product_listing(&ProductListingForm::default());
        let got = found(&v);
        for expected in pairs(&[
            (Code::Required, "solution_name"),
            (Code::Count, "tags"),
            (Code::Required, "display_image"),
            (Code::Required, "lowest_price"),
            (Code::Required, "delivery_cycle_days"),
            (Code::Count, "cases"),
            (Code::Required, "contact.name"),
            (Code::Required, "contact"),
            (Code::Required, "intro_page.banner.title"),
            (Code::Required, "intro_page.banner.image"),
            (Code::Count, "intro_page.highlights"),
            (Code::Count, "intro_page.user_cases"),
            (Code::Required, "intro_page.service_support"),
            (Code::Count, "specs"),
        ]) {
            assert!(got.contains(&expected), "missing {expected:?} in {got:?}");
        }
    }

    #[test]
    fn contact_methods_are_checked_when_present() {
        let mut form = valid();
        form.contact = Some(ProductContact {
            name: s(&"李".repeat(31)),
            mobile: s("1301234432"),
            email: s("li.ming@example"),
        });
        assert_eq!(
            found(&validate_product_listing(&form)),
            pairs(&[
                (Code::Length, "contact.name"),
                (Code::Format, "contact.mobile"),
                (Code::Format, "contact.email"),
            ]),
        );
        form.contact = Some(ProductContact {
            name: s("李明"),
            mobile: None,
            email: s("a@qq.com"),
        });
        assert!(validate_product_listing(&form).is_empty());
    }

    #[test]
    fn spec_price_rules() {
        let mut form = valid();
        form.specs = Some(vec![
            spec("一", "per_year", "simple", Some("0.01")),
            spec("二", "per_year", "free", Some("0")),
            spec("三", "per_year", "free", Some("  ")),
            spec("四", "per_year", "simple", Some("1.005")),
            spec("五", "per_year", "bargain", Some("abc")),
        ]);
        assert_eq!(
            found(&validate_product_listing(&form)),
            pairs(&[
                (Code::MoneyTooManyDecimals, "specs[3].unit_price"),
                (Code::Choice, "specs[4].pricing_mode"),
                (Code::MoneyInvalid, "specs[4].unit_price"),
            ]),
        );
    }

    #[test]
    fn unit_labels() {
        assert_eq!(unit_label("per_year"), Some("元/年"));
        assert_eq!(unit_label("per_month"), Some("元/月"));
        assert_eq!(unit_label("per_quantity"), Some("元/个"));
        assert_eq!(unit_label("per_week"), None);
    }

    #[test]
    fn decodes_snake_case_json_and_refuses_unknown_keys() {
        let form: Result<ProductListingForm, _> =
            serde_json::from_value(serde_json::json!({"solution_name": "方案", "cases": [{}]}));
        assert!(form.is_ok_and(|f| f.cases.is_some_and(|c| c.len() == 1)));
        let bad: Result<ProductListingForm, _> =
            serde_json::from_value(serde_json::json!({"solutionName": "方案"}));
        assert!(bad.is_err());
    }

    #[test]
    fn through_the_call_api() {
        let call = |request: serde_json::Value| {
            let answer = crate::call::call_value("validate.product_listing", request);
            serde_json::to_value(answer).unwrap_or_default()
        };
        let ok = call(serde_json::json!({"form": valid()}));
        assert_eq!(
            ok,
            serde_json::json!({"ok": true, "value": {"valid": true, "violations": []}})
        );
        let mut form = valid();
        form.lowest_price = s("¥400,000.00");
        let bad = call(serde_json::json!({"form": form}));
        assert_eq!(at(&bad, "/value/valid"), false);
        assert_eq!(at(&bad, "/value/violations/0/code"), "field.mismatch");
        assert_eq!(at(&bad, "/value/violations/0/field"), "highest_price");
        let expert = crate::call::call_value("validate.expert", serde_json::json!({"form": {}}));
        let expert = serde_json::to_value(expert).unwrap_or_default();
        assert_eq!(at(&expert, "/value/violations/0/field"), "name");
    }
}
