//! `checkout.*`, `voucher.status`, `campaign.grab`.

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::call::{decode, encode};
use crate::error::Error;
use crate::voucher::{
    Campaign, Checkout, CheckoutError, GrabAttempt, Pricing, Voucher, VoucherAmount,
    check_voucher_number, unusable_text,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckoutRequest {
    checkout: Checkout,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceRequest {
    checkout: Checkout,
    #[serde(default)]
    selected: Vec<String>,
}

fn in_request(error: CheckoutError) -> Error {
    Error::from(error.to_request_problem())
}

pub(super) fn offer(request: Value) -> Result<Value, Error> {
    let r: CheckoutRequest = decode(request)?;
    encode(&r.checkout.offer().map_err(in_request)?)
}

pub(super) fn suggest(request: Value) -> Result<Value, Error> {
    let r: CheckoutRequest = decode(request)?;
    let (selected, pricing) = r.checkout.suggest().map_err(in_request)?;
    let mut answer = encode_pricing(&pricing)?;
    if let Some(map) = answer.as_object_mut() {
        map.insert("selected".to_owned(), json!(selected));
    }
    Ok(answer)
}

pub(super) fn price(request: Value) -> Result<Value, Error> {
    let r: PriceRequest = decode(request)?;
    encode_pricing(&r.checkout.price(&r.selected).map_err(in_request)?)
}

/// A pricing with its explanation and, when subsidised, the quote's summary.
fn encode_pricing(pricing: &Pricing) -> Result<Value, Error> {
    let mut answer = encode(pricing)?;
    if let Some(map) = answer.as_object_mut() {
        map.insert("explanation".to_owned(), encode(&pricing.explanation())?);
        if let Some(quote) = &pricing.subsidy_quote {
            map.insert("summary_zh".to_owned(), json!(quote.summary_zh()));
            map.insert("summary_en".to_owned(), json!(quote.summary_en()));
        }
    }
    Ok(answer)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WalletRequest {
    vouchers: Vec<Voucher>,
    deductions: Vec<VoucherAmount>,
}

pub(super) fn pay(request: Value) -> Result<Value, Error> {
    let r: WalletRequest = decode(request)?;
    encode(&json!({ "vouchers": crate::voucher::pay(&r.vouchers, &r.deductions)? }))
}

pub(super) fn cancel(request: Value) -> Result<Value, Error> {
    let r: WalletRequest = decode(request)?;
    encode(&json!({ "vouchers": crate::voucher::cancel(&r.vouchers, &r.deductions)? }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusRequest {
    voucher: Voucher,
    #[serde(with = "crate::time::instant")]
    now: DateTime<FixedOffset>,
}

pub(super) fn status(request: Value) -> Result<Value, Error> {
    let r: StatusRequest = decode(request)?;
    let reason = r.voucher.unusable_reason(r.now);
    let reason = reason.map(|code| {
        let (zh, en) = unusable_text(code);
        json!({"code": code, "message_zh": zh, "message_en": en})
    });
    encode(&json!({
        "usable": reason.is_none(),
        "reason": reason,
        "balance": r.voucher.balance,
        "face_value": r.voucher.face_value,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GrabRequest {
    campaign: Campaign,
    attempt: GrabAttempt,
    /// The number to give the issued voucher, if the caller wants it issued.
    #[serde(default)]
    voucher_number: Option<String>,
}

pub(super) fn grab(request: Value) -> Result<Value, Error> {
    let r: GrabRequest = decode(request)?;
    // Before the grab: stock is never spent on a voucher that cannot be issued.
    if let Some(problem) = r
        .voucher_number
        .as_deref()
        .and_then(|n| check_voucher_number(n, "voucher_number"))
    {
        return Err(problem.into());
    }
    let grant = r.campaign.grab(&r.attempt)?;
    let voucher = r.voucher_number.as_deref().map(|n| r.campaign.issue(n));
    encode(&json!({
        "granted": true,
        "stock_after": grant.stock_after,
        "held_after": grant.held_after,
        "voucher": voucher,
    }))
}
