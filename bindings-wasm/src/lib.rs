//! WebAssembly bindings of huiqi: the npm package `huiqi`, for pages and Node.
//!
//! Thin by design: each function converts its JS arguments into the request
//! of one call-API operation of `huiqi-core`, runs it, and converts the
//! answer back. No rule is written here.
//!
//! - [`call`] is the generic JSON entry: an operation name and a request as
//!   JSON text in, the answer as JSON text out; it never throws.
//! - Every operation also has a camelCase function (`quote`, `checkPassword`,
//!   `validateUscc`, …) taking JS values and returning the operation's
//!   `value` exactly as the call API answers it (snake_case keys, money as
//!   strings with two decimals); a failure throws a `HuiqiError` (see
//!   [`error`]).
//!
//! The TypeScript types of requests and answers are hand-written in
//! `src/types.d.ts` and appended to the generated `.d.ts`.

mod convert;
mod error;

use huiqi_core::Problem;
use huiqi_core::call::{Answer, call_value};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use convert::{Path, answer_to_js, json_text_from_js, string_from_js, value_from_js};

/// The hand-written TypeScript types of requests and answers.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Runs `op` on `request` and converts the answer: the value, or a thrown
/// `HuiqiError`. Every typed function ends here.
fn run(op: &str, request: Result<Value, Problem>) -> Result<JsValue, JsValue> {
    let request = request.map_err(|problem| error::to_js_error(vec![problem]))?;
    match call_value(op, request).into_result() {
        Ok(value) => answer_to_js(&value),
        Err(problems) => Err(error::to_js_error(problems)),
    }
}

/// A request object from positional arguments, each under its request key;
/// an `undefined` argument is left out (absent).
fn request(args: &[(&str, &JsValue)]) -> Result<Value, Problem> {
    let mut map = Map::new();
    for (key, value) in args {
        if value.is_undefined() {
            continue;
        }
        map.insert((*key).to_owned(), value_from_js(value, &Path::key(key))?);
    }
    Ok(Value::Object(map))
}

/// A whole request object passed by the caller. Anything JSON can carry
/// goes to the core, which refuses a non-object exactly as `call()` does.
fn whole(request: &JsValue) -> Result<Value, Problem> {
    if request.is_undefined() || request.is_function() {
        return Err(convert::invalid(
            &Path::default(),
            "请求应为对象 {...}".to_owned(),
            "the request must be an object {...}".to_owned(),
        ));
    }
    value_from_js(request, &Path::default())
}

// ---------------------------------------------------------------------------
// The generic JSON entry.

/// Runs any operation on a JSON request and returns the JSON answer:
/// `{"ok":true,"value":…}` or `{"ok":false,"errors":[problem,…]}`. Never
/// throws: arguments that are not strings, and request text holding a lone
/// surrogate, are answered with an error too.
#[wasm_bindgen(js_name = call)]
pub fn call(
    #[wasm_bindgen(unchecked_param_type = "OperationName | (string & {})")] op: JsValue,
    #[wasm_bindgen(js_name = requestJson, unchecked_param_type = "string")] request_json: JsValue,
) -> String {
    let problem = match (
        string_from_js(&op, &Path::default()),
        json_text_from_js(&request_json),
    ) {
        (Ok(op), Ok(text)) => return huiqi_core::call::call(&op, &text),
        (Err(problem), _) | (_, Err(problem)) => problem,
    };
    serde_json::to_string(&Answer::err(vec![problem]))
        .unwrap_or_else(|_| FALLBACK_ANSWER.to_owned())
}

/// The answer if encoding an answer ever failed (it cannot: only strings,
/// numbers and string-keyed maps).
const FALLBACK_ANSWER: &str = r#"{"ok":false,"errors":[{"code":"internal.error","field":null,"message_zh":"无法生成应答","message_en":"the answer could not be encoded"}]}"#;

/// Every operation of the call API, with a one-line summary.
#[wasm_bindgen(js_name = operations, unchecked_return_type = "OperationList")]
pub fn operations() -> Result<JsValue, JsValue> {
    run("operations", Ok(Value::Object(Map::new())))
}

/// The package version (the Rust crates' version).
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// True when `error` is an error thrown by this package.
#[wasm_bindgen(js_name = isHuiqiError, unchecked_return_type = "error is HuiqiError")]
pub fn is_huiqi_error(#[wasm_bindgen(unchecked_param_type = "unknown")] error: &JsValue) -> bool {
    error.is_instance_of::<js_sys::Error>()
        && js_sys::Reflect::get(error, &JsValue::from_str("name"))
            .ok()
            .and_then(|name| name.as_string())
            .is_some_and(|name| name == error::ERROR_NAME)
}

// ---------------------------------------------------------------------------
// Money.

/// Reads an amount such as `"¥3,768.00"`: `{amount: "3768.00", fen: 376800}`.
#[wasm_bindgen(js_name = parseMoney, unchecked_return_type = "ParsedMoney")]
pub fn parse_money(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<JsValue, JsValue> {
    run("money.parse", request(&[("input", &input)]))
}

/// Splits `total` over lines in proportion to `weights` by largest
/// remainder; the shares sum exactly to the total.
#[wasm_bindgen(js_name = allocate, unchecked_return_type = "Allocation")]
pub fn allocate(
    #[wasm_bindgen(unchecked_param_type = "Money")] total: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Money[]")] weights: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "money.allocate",
        request(&[("total", &total), ("weights", &weights)]),
    )
}

// ---------------------------------------------------------------------------
// Subsidies.

/// Quotes a subsidy: the estimate on the order total, or the binding figure
/// on the contract amount when one is given.
#[wasm_bindgen(js_name = quote, unchecked_return_type = "Quote")]
pub fn quote(
    #[wasm_bindgen(unchecked_param_type = "QuoteRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    run("subsidy.quote", whole(&request))
}

/// Quotes many orders of one enterprise at once (for simulations).
#[wasm_bindgen(js_name = quoteBatch, unchecked_return_type = "QuoteBatch")]
pub fn quote_batch(
    #[wasm_bindgen(unchecked_param_type = "QuoteBatchRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    run("subsidy.quote_batch", whole(&request))
}

/// Loads and checks subsidy policies from TOML or JSON text; with `date`,
/// also names the version in force on that date.
#[wasm_bindgen(js_name = loadPolicies, unchecked_return_type = "LoadedPolicies")]
pub fn load_policies(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PolicyFormat")] format: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DateString | null")] date: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "policy.load",
        request(&[("text", &text), ("format", &format), ("date", &date)]),
    )
}

// ---------------------------------------------------------------------------
// Vouchers and checkout.

/// The vouchers a checkout offers (usable now, in scope of some line, with
/// the most each could deduct) and those it refuses, with the reason.
#[wasm_bindgen(js_name = checkoutOffer, unchecked_return_type = "Offer")]
pub fn checkout_offer(
    #[wasm_bindgen(unchecked_param_type = "Checkout")] checkout: JsValue,
) -> Result<JsValue, JsValue> {
    run("checkout.offer", request(&[("checkout", &checkout)]))
}

/// The voucher set that deducts most (ties: soonest expiry), priced.
#[wasm_bindgen(js_name = checkoutSuggest, unchecked_return_type = "Suggestion")]
pub fn checkout_suggest(
    #[wasm_bindgen(unchecked_param_type = "Checkout")] checkout: JsValue,
) -> Result<JsValue, JsValue> {
    run("checkout.suggest", request(&[("checkout", &checkout)]))
}

/// Prices an order with the subsidy and the selected vouchers (by number).
#[wasm_bindgen(js_name = checkoutPrice, unchecked_return_type = "Pricing")]
pub fn checkout_price(
    #[wasm_bindgen(unchecked_param_type = "Checkout")] checkout: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[]")] selected: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "checkout.price",
        request(&[("checkout", &checkout), ("selected", &selected)]),
    )
}

/// The wallet after an order's deductions are taken from the vouchers.
#[wasm_bindgen(js_name = checkoutPay, unchecked_return_type = "Wallet")]
pub fn checkout_pay(
    #[wasm_bindgen(unchecked_param_type = "Voucher[]")] vouchers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VoucherAmount[]")] deductions: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "checkout.pay",
        request(&[("vouchers", &vouchers), ("deductions", &deductions)]),
    )
}

/// The wallet after a cancelled order's deductions are given back.
#[wasm_bindgen(js_name = checkoutCancel, unchecked_return_type = "Wallet")]
pub fn checkout_cancel(
    #[wasm_bindgen(unchecked_param_type = "Voucher[]")] vouchers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VoucherAmount[]")] deductions: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "checkout.cancel",
        request(&[("vouchers", &vouchers), ("deductions", &deductions)]),
    )
}

/// Whether a voucher can pay at the instant `now` (RFC 3339, or
/// `YYYY-MM-DD HH:MM:SS` in Shanghai time), and if not, why.
#[wasm_bindgen(js_name = voucherStatus, unchecked_return_type = "VoucherStatusAnswer")]
pub fn voucher_status(
    #[wasm_bindgen(unchecked_param_type = "Voucher")] voucher: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Instant")] now: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "voucher.status",
        request(&[("voucher", &voucher), ("now", &now)]),
    )
}

/// Applies for or grabs a campaign voucher. A refusal throws (`campaign.*`
/// codes); with `voucherNumber`, the granted voucher is issued under it.
#[wasm_bindgen(js_name = campaignGrab, unchecked_return_type = "Grant")]
pub fn campaign_grab(
    #[wasm_bindgen(unchecked_param_type = "Campaign")] campaign: JsValue,
    #[wasm_bindgen(unchecked_param_type = "GrabAttempt")] attempt: JsValue,
    #[wasm_bindgen(js_name = voucherNumber, unchecked_optional_param_type = "string | null")]
    voucher_number: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "campaign.grab",
        request(&[
            ("campaign", &campaign),
            ("attempt", &attempt),
            ("voucher_number", &voucher_number),
        ]),
    )
}

// ---------------------------------------------------------------------------
// Validation. A value that breaks rules is a successful answer,
// `{valid: false, violations: [...]}`; only a malformed call throws.

macro_rules! validate_value {
    ($(#[$doc:meta])* $name:ident, $js:ident, $op:literal, $info:literal) => {
        $(#[$doc])*
        #[wasm_bindgen(js_name = $js, unchecked_return_type = $info)]
        pub fn $name(
            #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
        ) -> Result<JsValue, JsValue> {
            run($op, request(&[("value", &value)]))
        }
    };
}

validate_value!(
    /// A unified social credit code (GB 32100-2015); when valid, `info`
    /// parses it (authority, entity type, region, organisation code).
    validate_uscc, validateUscc, "validate.uscc", "Verdict<UsccInfo>"
);
validate_value!(
    /// A mobile number.
    validate_mobile, validateMobile, "validate.mobile", "Verdict"
);
validate_value!(
    /// A landline number `area code-number[-extension]`.
    validate_landline, validateLandline, "validate.landline", "Verdict"
);
validate_value!(
    /// An email address.
    validate_email, validateEmail, "validate.email", "Verdict"
);
validate_value!(
    /// A postcode.
    validate_postcode, validatePostcode, "validate.postcode", "Verdict"
);
validate_value!(
    /// A provider sub-user username.
    validate_username, validateUsername, "validate.username", "Verdict"
);
validate_value!(
    /// A Henan login account.
    validate_login_account, validateLoginAccount, "validate.login_account", "Verdict"
);

/// A resident ID number (GB 11643); `today` (`YYYY-MM-DD`, default: the
/// clock's date in Shanghai) bounds the birth date. When valid, `info`
/// gives the region, birth date and gender.
#[wasm_bindgen(js_name = validateResidentId, unchecked_return_type = "Verdict<ResidentIdInfo>")]
pub fn validate_resident_id(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DateString | null")] today: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "validate.resident_id",
        request(&[("value", &value), ("today", &today)]),
    )
}

/// An upload's metadata (name, size, pixel size) against its kind's rules.
#[wasm_bindgen(js_name = validateUpload, unchecked_return_type = "Verdict")]
pub fn validate_upload(
    #[wasm_bindgen(unchecked_param_type = "UploadKind")] kind: JsValue,
    #[wasm_bindgen(unchecked_param_type = "UploadMeta")] file: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "validate.upload",
        request(&[("kind", &kind), ("file", &file)]),
    )
}

macro_rules! validate_form {
    ($(#[$doc:meta])* $name:ident, $js:ident, $op:literal, $form:literal) => {
        $(#[$doc])*
        #[wasm_bindgen(js_name = $js, unchecked_return_type = "Verdict")]
        pub fn $name(
            #[wasm_bindgen(unchecked_param_type = $form)] form: JsValue,
        ) -> Result<JsValue, JsValue> {
            run($op, request(&[("form", &form)]))
        }
    };
}

macro_rules! validate_dated_form {
    ($(#[$doc:meta])* $name:ident, $js:ident, $op:literal, $form:literal) => {
        $(#[$doc])*
        #[wasm_bindgen(js_name = $js, unchecked_return_type = "Verdict")]
        pub fn $name(
            #[wasm_bindgen(unchecked_param_type = $form)] form: JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = "DateString | null")] today: JsValue,
        ) -> Result<JsValue, JsValue> {
            run($op, request(&[("form", &form), ("today", &today)]))
        }
    };
}

validate_form!(
    /// The product listing form (商品上架).
    validate_product_listing, validateProductListing, "validate.product_listing",
    "ProductListingForm"
);
validate_form!(
    /// The expert entry form (专家录入).
    validate_expert, validateExpert, "validate.expert", "ExpertForm"
);
validate_form!(
    /// The account registration form, national or Henan.
    validate_account_registration, validateAccountRegistration,
    "validate.account_registration", "AccountRegistrationForm"
);
validate_dated_form!(
    /// The national enterprise registration form; `today` (default: the
    /// clock's date in Shanghai) bounds the establishment date.
    validate_enterprise_registration, validateEnterpriseRegistration,
    "validate.enterprise_registration", "EnterpriseRegistrationForm"
);
validate_form!(
    /// The Henan enterprise registration form.
    validate_henan_enterprise_registration, validateHenanEnterpriseRegistration,
    "validate.henan_enterprise_registration", "HenanEnterpriseRegistrationForm"
);
validate_dated_form!(
    /// The national provider registration form; `today` (default: the
    /// clock's date in Shanghai) bounds the dates in it.
    validate_provider_registration, validateProviderRegistration,
    "validate.provider_registration", "ProviderRegistrationForm"
);

// ---------------------------------------------------------------------------
// Passwords. Passwords go in and never come back, not even in errors.

/// Checks a password against a policy (a preset name or a policy object):
/// every violation at once. Hashes in `context` (current, history) are
/// verified only when given; without them no hashing is done.
#[wasm_bindgen(js_name = checkPassword, unchecked_return_type = "Verdict")]
pub fn check_password(
    #[wasm_bindgen(unchecked_param_type = "string")] password: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PasswordPresetName | PasswordPolicy")] policy: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PasswordContext")] context: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "password.check",
        request(&[
            ("password", &password),
            ("policy", &policy),
            ("context", &context),
        ]),
    )
}

/// A password preset's rules (`national`, `henan`, `nist`).
#[wasm_bindgen(js_name = passwordPolicy, unchecked_return_type = "PasswordPolicy")]
pub fn password_policy(
    #[wasm_bindgen(unchecked_param_type = "PasswordPresetName")] name: JsValue,
) -> Result<JsValue, JsValue> {
    run("password.policy", request(&[("name", &name)]))
}

/// Hashes a password (Argon2id, PHC string, fresh random salt from the
/// host's `crypto.getRandomValues`); default cost: OWASP's 19 MiB, t=2, p=1.
#[wasm_bindgen(js_name = hashPassword, unchecked_return_type = "PasswordHash")]
pub fn hash_password(
    #[wasm_bindgen(unchecked_param_type = "string")] password: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HashCost | null")] cost: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "password.hash",
        request(&[("password", &password), ("cost", &cost)]),
    )
}

/// Verifies a password against an Argon2 PHC hash; a malformed hash throws
/// (`password.bad_hash`) rather than answering "no match".
#[wasm_bindgen(js_name = verifyPassword, unchecked_return_type = "PasswordMatch")]
pub fn verify_password(
    #[wasm_bindgen(unchecked_param_type = "string")] password: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] hash: JsValue,
) -> Result<JsValue, JsValue> {
    run(
        "password.verify",
        request(&[("password", &password), ("hash", &hash)]),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The types, as appended to the generated declarations.
    const TYPES: &str = include_str!("types.d.ts");

    /// The quoted names of the union `export type {name} = … ;` in the types.
    fn union(name: &str) -> BTreeSet<String> {
        let start = format!("export type {name} =");
        let body = TYPES
            .split_once(&start)
            .and_then(|(_, rest)| rest.split_once(';'))
            .map(|(body, _)| body)
            .unwrap_or_default();
        body.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn error_codes_in_the_types_are_the_core_codes() {
        let core: BTreeSet<String> = huiqi_core::Code::ALL
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect();
        assert_eq!(union("ErrorCode"), core);
    }

    #[test]
    fn error_categories_in_the_types_are_the_core_categories() {
        let core: BTreeSet<String> = huiqi_core::Category::ALL
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        assert_eq!(union("ErrorCategory"), core);
    }

    #[test]
    fn operation_names_in_the_types_are_the_core_operations() {
        let core: BTreeSet<String> = huiqi_core::call::OPERATIONS
            .iter()
            .map(|o| o.name.to_owned())
            .collect();
        assert_eq!(union("OperationName"), core);
    }

    #[test]
    fn presets_in_the_types_are_the_core_presets() {
        let core: BTreeSet<String> = huiqi_core::subsidy::preset_names()
            .iter()
            .map(|n| (*n).to_owned())
            .collect();
        assert_eq!(union("PolicyPresetName"), core);
    }

    #[test]
    fn rounding_names_in_the_types_are_the_core_names() {
        let core: BTreeSet<String> = huiqi_core::Rounding::ALL
            .iter()
            .flat_map(|r| [r.name().to_owned(), r.name_zh().to_owned()])
            .collect();
        assert_eq!(union("RoundingName"), core);
    }

    #[test]
    fn password_presets_and_upload_kinds_in_the_types_exist() {
        let presets = union("PasswordPresetName");
        assert_eq!(presets.len(), 3);
        for name in presets {
            assert!(
                huiqi_core::password::PasswordPolicy::preset(&name).is_ok(),
                "{name}"
            );
        }
        let kinds = union("UploadKind");
        assert_eq!(kinds.len(), 7);
        for kind in kinds {
            let parsed: Result<huiqi_core::validate::UploadKind, _> =
                serde_json::from_value(serde_json::Value::String(kind.clone()));
            assert!(parsed.is_ok(), "{kind}");
        }
    }
}
