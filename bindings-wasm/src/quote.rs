//! `quote`: one order's subsidy, with every field, in one call (the twin of
//! Python's `huiqi.quote`).
//!
//! `subsidyQuote(request)` crosses as JSON text and builds its whole answer,
//! explanation included: tens of microseconds. Here the usual call (a preset
//! by name, the total as a string, the date, the standing) is read straight
//! from its arguments, quoted by the core, and answered as a `Quote` whose
//! fields are made when read. Anything else (a policy object, optional
//! terms, a value that does not read) goes the strict way: the same request
//! `subsidyQuote` takes, decoded by the core, with the same errors and paths.
//!
//! Still ≈5–10 µs in Node: the terms are read key by key across the
//! boundary, the answer is a wasm-bindgen class that a `FinalizationRegistry`
//! frees, and each field read decodes a string. Pages and scripts quoting
//! order after order use `quoter` ([`crate::quoter`]), which reads the
//! policy and terms once, through `request` and `decoded` below, and
//! answers each order's subsidy and payable in a fraction of a microsecond.

use huiqi_core::api::QuoteAnswer;
use huiqi_core::money::Money;
use huiqi_core::subsidy::{
    Claim, EnterpriseStanding, QuoteInput, SubsidyPolicy, SubsidyQuote, SubsidyUsage,
};
use std::cell::OnceCell;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::{error, to_js};

#[wasm_bindgen(typescript_custom_section)]
const TERMS: &str = r#"
/** What `quote` is given besides the policy and the order total. */
export interface QuoteTerms {
  /** The order date, YYYY-MM-DD (Asia/Shanghai). */
  date: NaiveDate;
  /** The enterprise is certified. */
  certified: boolean;
  /** Its subsidy claim. */
  claim: Claim;
  /** Its GB/T 2260 region code, if the policy restricts regions. */
  region?: string | null;
  /** The confirmed contract amount: the binding figure is quoted on it. */
  contract_amount?: Money | null;
  /** The order's category, if the policy restricts categories. */
  category?: string | null;
  /** The order's provider, if the policy restricts providers. */
  provider?: string | null;
  /** Subsidy the enterprise already had this year. */
  enterprise_year_used?: Money;
  /** Subsidy already drawn from the pool. */
  pool_used?: Money;
}
"#;

/// The policy a quote was made under: a preset (loaded once) or one given.
enum Held {
    Preset(&'static SubsidyPolicy),
    Given(Box<SubsidyPolicy>),
}

impl Held {
    fn get(&self) -> &SubsidyPolicy {
        match self {
            Held::Preset(policy) => policy,
            Held::Given(policy) => policy,
        }
    }
}

/// One order's subsidy: the fields of `subsidyQuote`'s answer, each made
/// when it is read (`toJSON()` gives the whole answer object).
#[wasm_bindgen(js_name = Quote)]
pub struct Quote {
    policy: Held,
    quote: SubsidyQuote,
    /// The whole answer, written out the first time a field needs it.
    answer: OnceCell<serde_json::Value>,
}

#[wasm_bindgen(js_class = Quote)]
impl Quote {
    /// The subsidy, a decimal string of yuan ("73.50").
    #[wasm_bindgen(getter, unchecked_return_type = "Money")]
    pub fn subsidy(&self) -> String {
        self.quote.subsidy.to_string()
    }

    /// Left to pay: base − subsidy (优惠后总额, "171.50").
    #[wasm_bindgen(getter, unchecked_return_type = "Money")]
    pub fn payable(&self) -> String {
        self.quote.payable().to_string()
    }

    /// The amount the ratio applies to.
    #[wasm_bindgen(getter, unchecked_return_type = "Money")]
    pub fn base(&self) -> String {
        self.quote.base.to_string()
    }

    /// ratio × base, rounded: before any cap.
    #[wasm_bindgen(getter, unchecked_return_type = "Money")]
    pub fn by_ratio(&self) -> String {
        self.quote.by_ratio.to_string()
    }

    /// The policy applied.
    #[wasm_bindgen(getter)]
    pub fn policy_id(&self) -> String {
        self.policy.get().id.clone()
    }

    /// Its name.
    #[wasm_bindgen(getter)]
    pub fn policy_name(&self) -> String {
        self.policy.get().name.clone()
    }

    /// One line in Chinese ("预计补贴 ¥73.50").
    #[wasm_bindgen(getter)]
    pub fn summary_zh(&self) -> String {
        self.quote.summary_zh()
    }

    /// One line in English.
    #[wasm_bindgen(getter)]
    pub fn summary_en(&self) -> String {
        self.quote.summary_en()
    }

    /// `"estimate"` (on the order total) or `"binding"` (on the contract).
    #[wasm_bindgen(getter, unchecked_return_type = "Stage")]
    pub fn stage(&self) -> Result<JsValue, JsValue> {
        self.field("stage")
    }

    /// The policy's ratio ("0.30").
    #[wasm_bindgen(getter, unchecked_return_type = "Ratio")]
    pub fn ratio(&self) -> Result<JsValue, JsValue> {
        self.field("ratio")
    }

    /// The rounding rule.
    #[wasm_bindgen(getter, unchecked_return_type = "Rounding")]
    pub fn rounding(&self) -> Result<JsValue, JsValue> {
        self.field("rounding")
    }

    /// The cap per order, if any.
    #[wasm_bindgen(getter, unchecked_return_type = "Money | null")]
    pub fn cap_per_order(&self) -> Result<JsValue, JsValue> {
        self.field("cap_per_order")
    }

    /// The yearly cap and its use, if any.
    #[wasm_bindgen(getter, unchecked_return_type = "Headroom | null")]
    pub fn cap_per_enterprise_year(&self) -> Result<JsValue, JsValue> {
        self.field("cap_per_enterprise_year")
    }

    /// The budget pool and its use, if any.
    #[wasm_bindgen(getter, unchecked_return_type = "Headroom | null")]
    pub fn budget_pool(&self) -> Result<JsValue, JsValue> {
        self.field("budget_pool")
    }

    /// What limited the subsidy.
    #[wasm_bindgen(getter, unchecked_return_type = "Bound")]
    pub fn bound_by(&self) -> Result<JsValue, JsValue> {
        self.field("bound_by")
    }

    /// Why the order gets nothing; empty when eligible.
    #[wasm_bindgen(getter, unchecked_return_type = "Reason[]")]
    pub fn ineligible(&self) -> Result<JsValue, JsValue> {
        self.field("ineligible")
    }

    /// Every step, in both languages.
    #[wasm_bindgen(getter, unchecked_return_type = "ExplanationLine[]")]
    pub fn explanation(&self) -> Result<JsValue, JsValue> {
        self.field("explanation")
    }

    /// The whole answer, as `subsidyQuote` gives it (`JSON.stringify` uses it).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "QuoteAnswer")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(self.answer()?)
    }
}

impl Quote {
    fn new(policy: Held, quote: SubsidyQuote) -> Quote {
        Quote {
            policy,
            quote,
            answer: OnceCell::new(),
        }
    }

    fn answer(&self) -> Result<&serde_json::Value, JsValue> {
        if let Some(answer) = self.answer.get() {
            return Ok(answer);
        }
        let answer = QuoteAnswer::of(self.policy.get(), self.quote.clone());
        let value = serde_json::to_value(answer).map_err(|_| error::internal())?;
        Ok(self.answer.get_or_init(|| value))
    }

    fn field(&self, key: &str) -> Result<JsValue, JsValue> {
        to_js(self.answer()?.get(key).unwrap_or(&serde_json::Value::Null))
    }
}

/// The argument keys read on the fast path, made once.
struct Keys {
    date: JsValue,
    certified: JsValue,
    claim: JsValue,
}

thread_local! {
    static KEYS: Keys = Keys {
        date: JsValue::from_str("date"),
        certified: JsValue::from_str("certified"),
        claim: JsValue::from_str("claim"),
    };
}

/// `quote(policy, orderTotal, terms)`: one order's subsidy.
///
/// `policy` is a preset name (`"henan"`), a policy object or a list of
/// versions (the one in force on `date` applies); `orderTotal` a decimal
/// string of yuan; `terms` holds `date` ("YYYY-MM-DD", Asia/Shanghai),
/// `certified`, `claim` and, when needed, `region`, `contract_amount` (the
/// binding figure is then quoted on it), `category`, `provider`,
/// `enterprise_year_used` and `pool_used`. Throws a `HuiqiError` as
/// `subsidyQuote` would for the same request.
#[wasm_bindgen(js_name = quote)]
pub fn quote(
    #[wasm_bindgen(unchecked_param_type = "PolicySource")] policy: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Money")] order_total: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "QuoteTerms")] terms: &JsValue,
) -> Result<Quote, JsValue> {
    if let Some(quoted) = fast(policy, order_total, terms) {
        return Ok(quoted);
    }
    strict(policy, order_total, terms)
}

/// The usual call, or `None` for the strict path. Nothing here refuses:
/// whatever does not read goes the strict way, which says why.
fn fast(policy: &JsValue, order_total: &JsValue, terms: &JsValue) -> Option<Quote> {
    let preset = huiqi_core::subsidy::preset_ref(&policy.as_string()?).ok()?;
    let total = order_total.as_string().filter(|t| t.len() <= 40)?;
    let terms = terms.dyn_ref::<Object>()?;
    // Three keys, no more: any other key (optional or mistyped) is read
    // strictly, so a misspelt `contract_amount` is an error, not ignored.
    if Object::keys(terms).length() != 3 {
        return None;
    }
    let (date, certified, claim) = KEYS.with(|k| {
        Some((
            Reflect::get(terms, &k.date).ok()?.as_string()?,
            Reflect::get(terms, &k.certified).ok()?.as_bool()?,
            Reflect::get(terms, &k.claim).ok()?.as_string()?,
        ))
    })?;
    let input = QuoteInput {
        order_total: Money::parse(&total).ok()?,
        contract_amount: None,
        date: huiqi_core::time::parse_date(&date).ok()?,
        enterprise: EnterpriseStanding {
            certified,
            claim: claim_named(&claim)?,
            region: None,
        },
        category: None,
        provider: None,
        usage: SubsidyUsage::default(),
    };
    Some(Quote::new(Held::Preset(preset), preset.quote(&input)))
}

fn claim_named(name: &str) -> Option<Claim> {
    huiqi_core::call::decode(&serde_json::Value::String(name.to_owned())).ok()
}

/// Every term `quote` and `quoter` take (`QuoteTerms`), in their order,
/// and where each goes in a `subsidy.quote` request: in `enterprise`, in
/// `usage`, or at its top (`None`).
const TERMS: [(&str, Option<&str>); 9] = [
    ("date", None),
    ("certified", Some("enterprise")),
    ("claim", Some("enterprise")),
    ("region", Some("enterprise")),
    ("contract_amount", None),
    ("category", None),
    ("provider", None),
    ("enterprise_year_used", Some("usage")),
    ("pool_used", Some("usage")),
];

/// The `subsidy.quote` request these arguments make, decoded by the core.
fn strict(policy: &JsValue, order_total: &JsValue, terms: &JsValue) -> Result<Quote, JsValue> {
    let (policy, input) = decoded(&request(policy, order_total, terms)?)?;
    let quote = policy.quote(&input);
    Ok(Quote::new(Held::Given(Box::new(policy)), quote))
}

/// The `subsidy.quote` request these arguments make, as the core's JSON
/// value, read as strictly as `subsidyQuote` reads its request.
pub(crate) fn request(
    policy: &JsValue,
    order_total: &JsValue,
    terms: &JsValue,
) -> Result<serde_json::Value, JsValue> {
    let request = Object::new();
    let set = |on: &Object, key: &str, value: &JsValue| {
        Reflect::set(on, &JsValue::from_str(key), value).map(|_| ())
    };
    // What `JSON` leaves out or empties is named where it was given, not
    // read as missing (a `Map` of terms has no terms).
    let refused = |problem| Err(error::to_js_error(vec![problem]));
    for (value, at) in [
        (policy, "policy"),
        (order_total, "order_total"),
        (terms, ""),
    ] {
        if let Some(problem) = crate::diagnose::dropped(value, at) {
            return refused(problem);
        }
    }
    set(&request, "policy", policy)?;
    set(&request, "order_total", order_total)?;
    if let Some(terms) = terms.dyn_ref::<Object>() {
        let enterprise = Object::new();
        let usage = Object::new();
        for key in Object::keys(terms).iter() {
            let name = key.as_string().unwrap_or_default();
            let Ok(value) = Reflect::get(terms, &key) else {
                return refused(crate::diagnose::threw(&name));
            };
            let group = TERMS
                .iter()
                .find(|(term, _)| *term == name)
                .map(|(_, group)| *group);
            if let (Some(_), Some(problem)) = (group, crate::diagnose::dropped(&value, &name)) {
                return refused(problem);
            }
            match group {
                Some(Some("enterprise")) => set(&enterprise, &name, &value)?,
                Some(Some(_)) => set(&usage, &name, &value)?,
                Some(None) => set(&request, &name, &value)?,
                // An argument of its own: in the terms it would silently
                // replace the one given.
                None if name == "policy" || name == "order_total" => {
                    return Err(error::to_js_error(vec![huiqi_core::Problem::new(
                        huiqi_core::Code::InvalidRequest,
                        Some(&name),
                        format!("`{name}` 是单独的参数，不能写在条款中"),
                        format!("`{name}` is an argument of its own, not a term"),
                    )]));
                }
                // Not a term: the request's own keys (`enterprise`, `usage`)
                // would be replaced by the terms' and lost, and the core
                // would list the request's keys, not the terms'.
                None => {
                    let terms = TERMS
                        .iter()
                        .map(|(t, _)| format!("`{t}`"))
                        .collect::<Vec<_>>();
                    return Err(error::to_js_error(vec![huiqi_core::Problem::new(
                        huiqi_core::Code::InvalidRequest,
                        Some(&name),
                        format!("未知条款 `{name}`；可用：{}", terms.join("、")),
                        format!(
                            "unknown term `{name}`; expected one of {}",
                            terms.join(", ")
                        ),
                    )]));
                }
            }
        }
        set(&request, "enterprise", &enterprise)?;
        if Object::keys(&usage).length() > 0 {
            set(&request, "usage", &usage)?;
        }
    } else if !terms.is_undefined() {
        return Err(error::to_js_error(vec![huiqi_core::Problem::new(
            huiqi_core::Code::InvalidRequest,
            None,
            "条款应为对象 {date, certified, claim, …}",
            "the terms must be an object {date, certified, claim, …}",
        )]));
    }
    crate::parsed(&request)
}

/// A `subsidy.quote` request decoded by the core: the policy in force on its
/// date and what is quoted on, or the errors `subsidyQuote` throws for it.
pub(crate) fn decoded(request: &serde_json::Value) -> Result<(SubsidyPolicy, QuoteInput), JsValue> {
    let whole: huiqi_core::api::QuoteRequest = huiqi_core::call::decode(request).map_err(|e| {
        // Named at the term given (`claim`), not at `enterprise.claim`.
        error::to_js_error(huiqi_core::api::flat_terms(e.problems()))
    })?;
    let policy = whole
        .policy
        .resolve_at(whole.date, "date")
        .map_err(|problem| error::to_js_error(vec![problem]))?
        .clone();
    let input = QuoteInput {
        order_total: whole.order_total,
        contract_amount: whole.contract_amount,
        date: whole.date,
        enterprise: whole.enterprise,
        category: whole.category,
        provider: whole.provider,
        usage: whole.usage,
    };
    Ok((policy, input))
}
