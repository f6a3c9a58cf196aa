//! Every operation of the library as a typed function: a public request
//! type in, a public answer type out. One table,
//! [`for_each_operation!`](crate::for_each_operation), names each operation
//! once; the JSON call API ([`crate::call`]), `huiqi ops` and every
//! binding's exports are derived from it, so an operation added here needs
//! no new code in any binding.
//!
//! ```
//! use huiqi_core::api::{MoneyParseRequest, money_parse};
//! let parsed = money_parse(MoneyParseRequest { input: "¥3,768.00".into() })?;
//! assert_eq!(parsed.fen, 376_800);
//! # Ok::<(), huiqi_core::Error>(())
//! ```

mod approval;
mod checkout;
mod money;
mod password;
mod subsidy;
mod validate;

pub use approval::*;
pub use checkout::*;
pub use money::*;
pub use password::*;
pub use subsidy::*;
pub use validate::*;

pub use crate::approval::Route;
pub use crate::password::PasswordPolicy;
pub use crate::voucher::Offer;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The one table of operations. Calls `$callback!` with one row per
/// operation:
///
/// ```text
/// rust_name "json.name" "jsName" RequestType => AnswerType, "one-line summary";
/// ```
///
/// The types and functions are in [`crate::api`]. A binding writes its
/// exports once, as a macro over these rows.
#[macro_export]
macro_rules! for_each_operation {
    ($callback:path) => {
        $callback! {
            operations "operations" "operations" OperationsRequest => OperationList, "list the operations";
            money_parse "money.parse" "moneyParse" MoneyParseRequest => ParsedAmount, "read an amount such as `¥3,768.00`";
            money_allocate "money.allocate" "moneyAllocate" AllocateRequest => Allocation, "split an amount over lines by largest remainder";
            subsidy_quote "subsidy.quote" "subsidyQuote" QuoteRequest => QuoteAnswer, "quote a subsidy: estimate on the order total or binding figure on the contract";
            subsidy_quote_batch "subsidy.quote_batch" "subsidyQuoteBatch" BatchRequest => BatchAnswer, "quote many orders at once (for simulations)";
            policy_load "policy.load" "policyLoad" LoadRequest => LoadedPolicies, "load and check subsidy policies from TOML or JSON";
            checkout_offer "checkout.offer" "checkoutOffer" CheckoutRequest => Offer, "vouchers offered and refused at checkout";
            checkout_suggest "checkout.suggest" "checkoutSuggest" CheckoutRequest => PricedOrder, "the voucher set that deducts most, priced";
            checkout_price "checkout.price" "checkoutPrice" PriceRequest => PricedOrder, "price an order with subsidy and the selected vouchers";
            checkout_pay "checkout.pay" "checkoutPay" WalletRequest => Wallet, "the wallet after an order's deductions";
            checkout_cancel "checkout.cancel" "checkoutCancel" WalletRequest => Wallet, "the wallet after a cancelled order's deductions are restored";
            voucher_status "voucher.status" "voucherStatus" StatusRequest => VoucherUsability, "whether a voucher can pay at an instant";
            campaign_grab "campaign.grab" "campaignGrab" GrabRequest => GrabAnswer, "apply for or grab a campaign voucher";
            validate_uscc "validate.uscc" "validateUscc" ValueRequest => UsccVerdict, "unified social credit code (GB 32100-2015)";
            validate_resident_id "validate.resident_id" "validateResidentId" DatedValueRequest => ResidentIdVerdict, "resident ID number (GB 11643) or residence permit number";
            validate_mobile "validate.mobile" "validateMobile" ValueRequest => Verdict, "mobile number";
            validate_landline "validate.landline" "validateLandline" ValueRequest => Verdict, "landline number `area code-number`";
            validate_email "validate.email" "validateEmail" ValueRequest => Verdict, "email address";
            validate_postcode "validate.postcode" "validatePostcode" ValueRequest => Verdict, "postcode";
            validate_username "validate.username" "validateUsername" ValueRequest => Verdict, "provider sub-user username";
            validate_login_account "validate.login_account" "validateLoginAccount" ValueRequest => Verdict, "Henan login account";
            validate_upload "validate.upload" "validateUpload" UploadRequest => Verdict, "upload metadata by kind";
            validate_product_listing "validate.product_listing" "validateProductListing" ProductListingRequest => Verdict, "product listing form (商品上架)";
            validate_expert "validate.expert" "validateExpert" ExpertRequest => Verdict, "expert entry form (专家录入)";
            validate_account_registration "validate.account_registration" "validateAccountRegistration" AccountRegistrationRequest => Verdict, "account registration form, national or Henan";
            validate_enterprise_registration "validate.enterprise_registration" "validateEnterpriseRegistration" EnterpriseRegistrationRequest => Verdict, "national enterprise registration form";
            validate_henan_enterprise_registration "validate.henan_enterprise_registration" "validateHenanEnterpriseRegistration" HenanEnterpriseRegistrationRequest => Verdict, "Henan enterprise registration form";
            validate_provider_registration "validate.provider_registration" "validateProviderRegistration" ProviderRegistrationRequest => Verdict, "national provider registration form";
            password_check "password.check" "passwordCheck" CheckRequest => Verdict, "check a password against a policy or preset";
            password_policy "password.policy" "passwordPolicy" PolicyRequest => PasswordPolicy, "a password preset's rules";
            password_hash "password.hash" "passwordHash" HashRequest => PasswordHash, "hash a password (argon2id, PHC string)";
            password_verify "password.verify" "passwordVerify" VerifyRequest => Verification, "verify a password against a PHC hash";
            route_preset "route.preset" "routePreset" RoutePresetRequest => Route, "a shipped approval route (the town OA's, product listing)";
            route_load "route.load" "routeLoad" RouteLoadRequest => Route, "read an approval route from TOML or JSON and check it";
            route_preview "route.preview" "routePreview" RoutePreviewRequest => RoutePreview, "the branch and stages an application would take, and why";
            approval_decide "approval.decide" "approvalDecide" DecideRequest => Decided, "decide a command on an application: events and new state, or a refusal";
            approval_tick "approval.tick" "approvalTick" TickRequest => Decided, "reminders and timeouts due on an application";
            approval_replay "approval.replay" "approvalReplay" ReplayRequest => Replayed, "rebuild an application from its events, or apply the events after a stored one (evolve)";
            approval_history "approval.history" "approvalHistory" HistoryRequest => History, "an application's history (审批记录): a timestamped step per event, with stage names, people and comments";
            approval_allowed "approval.allowed" "approvalAllowed" AllowedRequest => AllowedActions, "what a person may do to an application at `now`, and why not";
            approval_list "approval.list" "approvalList" ListRequest => ApplicationList, "to-do, done, CC and own lists, filtered";
            flow_run "flow.run" "flowRun" Scenario => ScenarioReport, "play a scenario (route, application, timed steps): each step's answer, the end and the to-do lists";
        }
    };
}

/// `operations`: nothing to give.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct OperationsRequest {}

/// One operation, as `huiqi ops` lists it.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OperationInfo {
    /// Its name, such as `subsidy.quote`.
    pub name: String,
    /// What it does, in one line.
    pub summary: String,
}

/// Every operation.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OperationList {
    /// In table order.
    pub operations: Vec<OperationInfo>,
}

/// Lists the operations.
pub fn operations(_request: OperationsRequest) -> Result<OperationList, Error> {
    Ok(OperationList {
        operations: crate::call::OPERATIONS
            .iter()
            .map(|o| OperationInfo {
                name: o.name.to_owned(),
                summary: o.summary.to_owned(),
            })
            .collect(),
    })
}
