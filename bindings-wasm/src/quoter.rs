//! `quoter`: a policy and an enterprise's terms read once, then order after
//! order quoted in a fraction of a microsecond (issue 8: a typed quote
//! within 3× of the same sum in plain JS on integer fen).
//!
//! The handle is made the strict way: the `subsidy.quote` request `quote`
//! makes, decoded by the core, so a bad term is refused with the code and
//! path `subsidyQuote` gives it. Each order's figures then come from the
//! core's [`FenQuoter`] on whole fen, and cross through `js/quoter.js`: the
//! total's ASCII is written straight into a buffer here, and the subsidy and
//! the payable, written here as ASCII, come back as one `{subsidy, payable}`
//! object. wasm-bindgen's own crossings cost more than the whole quote (in
//! Node: a string argument copied through an allocation; each string answer
//! decoded by `TextDecoder`, ≈0.2 µs; a class per answer, freed through a
//! `FinalizationRegistry`, ≈2 µs of collection). A total that does not read
//! that way (not a string, not ASCII, not an amount) goes the strict way,
//! which answers as `subsidyQuote` does or throws its error at
//! `order_total`.

use huiqi_core::api::QuoteAnswer;
use huiqi_core::money::Money;
use huiqi_core::money::text::{MONEY_TEXT_MAX, write_fen};
use huiqi_core::subsidy::{BatchTerms, FenQuoter, QuoteInput, SubsidyPolicy, SubsidyQuote};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error;

#[wasm_bindgen(module = "/js/quoter.js")]
extern "C" {
    /// Gives the snippet the module's memory.
    #[wasm_bindgen(js_name = bindMemory)]
    fn bind_memory(memory: &JsValue);
    /// Copies a string's ASCII to `at` (room for `capacity`): its length, or -1.
    #[wasm_bindgen(js_name = readAscii)]
    fn read_ascii(value: &JsValue, at: u32, capacity: u32) -> i32;
    /// `{subsidy, payable}` from both amounts' ASCII: where each starts and
    /// its length.
    fn figures(subsidy_at: u32, subsidy_len: u32, payable_at: u32, payable_len: u32) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const FIGURES: &str = r#"
/** One order's subsidy and what is left to pay, from `Quoter.quote`. */
export interface QuoteFigures {
  /** The subsidy, a decimal string of yuan ("73.50"). */
  subsidy: Money;
  /** Left to pay: base − subsidy (优惠后总额, "171.50"). */
  payable: Money;
}
"#;

/// The longest order total read on the fast path. Any amount the core
/// accepts in ASCII fits ("999,999,999,999,999.99" with spaces around);
/// a longer string is read strictly (and refused at `order_total`).
const TOTAL_MAX: usize = 64;

/// A policy and an enterprise's terms, ready to quote order after order:
/// `quoter(policy, terms)`, then `quote(orderTotal)` per order.
#[wasm_bindgen(js_name = Quoter)]
pub struct Quoter {
    /// The policy in force on the terms' date.
    policy: SubsidyPolicy,
    /// What is quoted on; each order sets its total.
    input: QuoteInput,
    /// The subsidy and payable of an order on its total, in fen.
    fen: FenQuoter,
    /// The request the terms make (total "0.00"), for reading a total the
    /// fast way cannot: the core then decodes it with that total.
    request: serde_json::Value,
}

/// `quoter(policy, terms)`: a handle quoting order after order under
/// `policy` on `terms`, as `quote(policy, orderTotal, terms)` would.
///
/// `policy` is a preset name (`"henan"`), a policy object or a list of
/// versions (the one in force on `date` applies); `terms` holds `date`,
/// `certified`, `claim` and, when needed, `region`, `category`, `provider`,
/// `enterprise_year_used` and `pool_used`, read now (changing the object
/// later changes nothing). Throws a `HuiqiError` as `quote` would for the
/// same policy and terms. A `contract_amount` is refused (at
/// `contract_amount`), as Python's `quoter` refuses it: it is one order's
/// (its binding quote is on it, whatever the order's total), so a handle
/// holding one would quote every order alike.
#[wasm_bindgen(js_name = quoter)]
pub fn quoter(
    #[wasm_bindgen(unchecked_param_type = "PolicySource")] policy: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Omit<QuoteTerms, \"contract_amount\">")] terms: &JsValue,
) -> Result<Quoter, JsValue> {
    // Any valid total does: each order sets its own.
    let request = crate::quote::request(policy, &JsValue::from_str("0.00"), terms)?;
    let (policy, input) = crate::quote::decoded(&request)?;
    if input.contract_amount.is_some() {
        return Err(error::to_js_error(vec![
            huiqi_core::api::quoter_contract_amount(),
        ]));
    }
    let fen = policy.fen_quoter(&BatchTerms {
        date: input.date,
        enterprise: input.enterprise.clone(),
        category: input.category.clone(),
        provider: input.provider.clone(),
        usage: input.usage,
        draw_down: false,
    });
    // The snippet reads and writes the module's memory itself.
    bind_memory(&wasm_bindgen::memory());
    Ok(Quoter {
        policy,
        input,
        fen,
        request,
    })
}

#[wasm_bindgen(js_class = Quoter)]
impl Quoter {
    /// One order's subsidy and payable, as decimal strings of yuan
    /// (`{subsidy: "73.50", payable: "171.50"}`): the `subsidy` and
    /// `payable` of `subsidyQuote` for the same order. A bad total throws
    /// the `HuiqiError` `subsidyQuote` throws (at `order_total`).
    #[wasm_bindgen(unchecked_return_type = "QuoteFigures")]
    pub fn quote(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Money")] order_total: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let (subsidy, payable) = match read_fen(order_total)? {
            Some(total) => self.fen.quote(total),
            // A total to read strictly: refused, or a form the fast
            // reading does not take.
            None => {
                let quote = self.strict(order_total)?;
                (quote.subsidy.to_fen(), quote.payable().to_fen())
            }
        };
        // Each amount at the end of its buffer: where it starts and its length.
        let mut texts = [[0_u8; MONEY_TEXT_MAX]; 2];
        let [subsidy_text, payable_text] = &mut texts;
        let subsidy = placed(subsidy, subsidy_text)?;
        let payable = placed(payable, payable_text)?;
        Ok(figures(subsidy.0, subsidy.1, payable.0, payable.1))
    }

    /// The policy in force on the terms' date, as `policyLoad` gives it
    /// (Python's `Quoter.policy`).
    #[wasm_bindgen(getter, unchecked_return_type = "SubsidyPolicy")]
    pub fn policy(&self) -> Result<JsValue, JsValue> {
        let value = serde_json::to_value(&self.policy).map_err(|_| error::internal())?;
        crate::to_js(&value)
    }

    /// The whole answer for one order, exactly as `subsidyQuote` gives it
    /// (explanation, reasons and summaries included).
    #[wasm_bindgen(unchecked_return_type = "QuoteAnswer")]
    pub fn explain(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Money")] order_total: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let quote = self.quoted(order_total, read_fen(order_total)?)?;
        let answer = QuoteAnswer::of(&self.policy, quote);
        let value = serde_json::to_value(answer).map_err(|_| error::internal())?;
        crate::to_js(&value)
    }
}

impl Quoter {
    /// The core's whole quote on `order_total`, already read as `fen` when
    /// it could be, else read the strict way.
    fn quoted(&mut self, order_total: &JsValue, fen: Option<i64>) -> Result<SubsidyQuote, JsValue> {
        match fen.and_then(|fen| Money::from_fen(fen).ok()) {
            Some(total) => {
                self.input.order_total = total;
                Ok(self.policy.quote(&self.input))
            }
            None => self.strict(order_total),
        }
    }

    /// The quote on a total read as `subsidyQuote` reads it: the terms'
    /// request with this total, decoded by the core, which refuses a bad
    /// total with the same code, path and messages.
    fn strict(&self, order_total: &JsValue) -> Result<SubsidyQuote, JsValue> {
        if let Some(problem) = crate::diagnose::dropped(order_total, "order_total") {
            return Err(error::to_js_error(vec![problem]));
        }
        let holder = Object::new();
        Reflect::set(&holder, &JsValue::from_str("order_total"), order_total)?;
        // What JSON cannot carry (NaN, a BigInt, a lone surrogate) is
        // refused here, at `order_total`.
        let given = crate::parsed(&holder)?;
        let mut request = self.request.clone();
        if let Some(fields) = request.as_object_mut() {
            match given.get("order_total") {
                Some(total) => fields.insert("order_total".to_owned(), total.clone()),
                // `undefined` (or a function): missing, as the core says.
                None => fields.remove("order_total"),
            };
        }
        let (_, input) = crate::quote::decoded(&request)?;
        Ok(self.policy.quote(&input))
    }
}

/// An order total in fen when it is an ASCII string the core reads as an
/// amount; `None` for anything else (read strictly, to say why).
fn read_fen(order_total: &JsValue) -> Result<Option<i64>, JsValue> {
    let mut text = [0_u8; TOTAL_MAX];
    let read = read_ascii(order_total, address(&mut text)?, TOTAL_MAX as u32);
    Ok(usize::try_from(read)
        .ok()
        .and_then(|len| text.get(..len))
        .and_then(|ascii| std::str::from_utf8(ascii).ok())
        .and_then(|total| Money::parse(total).ok())
        .map(Money::to_fen))
}

/// Where `bytes` lies in the module's memory, for the snippet: its address
/// exposed, so the compiler knows JS may read and write there.
fn address(bytes: &mut [u8]) -> Result<u32, JsValue> {
    u32::try_from(bytes.as_mut_ptr().expose_provenance()).map_err(|_| error::internal())
}

/// Writes `fen` at the end of `text`: where it starts and its length.
fn placed(fen: i64, text: &mut [u8; MONEY_TEXT_MAX]) -> Result<(u32, u32), JsValue> {
    let len = write_fen(fen, text);
    let from = text.len().saturating_sub(len);
    let start = address(text.get_mut(from..).unwrap_or_default())?;
    Ok((start, u32::try_from(len).map_err(|_| error::internal())?))
}
