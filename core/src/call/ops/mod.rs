//! The operations of the call API, one table.

mod checkout;
mod money;
mod password;
mod subsidy;
mod validate;

use serde_json::Value;

use crate::error::Error;

/// One operation of the call API.
#[derive(Clone, Copy)]
pub struct Operation {
    /// Its name, such as `subsidy.quote`.
    pub name: &'static str,
    /// What it does, in one line.
    pub summary: &'static str,
    pub(crate) run: fn(Value) -> Result<Value, Error>,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

macro_rules! op {
    ($name:literal, $summary:literal, $run:path) => {
        Operation {
            name: $name,
            summary: $summary,
            run: $run,
        }
    };
}

/// Every operation, by name.
pub const OPERATIONS: &[Operation] = &[
    op!("operations", "list the operations", list_operations),
    op!(
        "money.parse",
        "read an amount such as `¥3,768.00`",
        money::parse
    ),
    op!(
        "money.allocate",
        "split an amount over lines by largest remainder",
        money::allocate
    ),
    op!(
        "subsidy.quote",
        "quote a subsidy: estimate on the order total or binding figure on the contract",
        subsidy::quote
    ),
    op!(
        "subsidy.quote_batch",
        "quote many orders at once (for simulations)",
        subsidy::quote_batch
    ),
    op!(
        "policy.load",
        "load and check subsidy policies from TOML or JSON",
        subsidy::load
    ),
    op!(
        "checkout.offer",
        "vouchers offered and refused at checkout",
        checkout::offer
    ),
    op!(
        "checkout.suggest",
        "the voucher set that deducts most, priced",
        checkout::suggest
    ),
    op!(
        "checkout.price",
        "price an order with subsidy and the selected vouchers",
        checkout::price
    ),
    op!(
        "checkout.pay",
        "the wallet after an order's deductions",
        checkout::pay
    ),
    op!(
        "checkout.cancel",
        "the wallet after a cancelled order's deductions are restored",
        checkout::cancel
    ),
    op!(
        "voucher.status",
        "whether a voucher can pay at an instant",
        checkout::status
    ),
    op!(
        "campaign.grab",
        "apply for or grab a campaign voucher",
        checkout::grab
    ),
    op!(
        "validate.uscc",
        "unified social credit code (GB 32100-2015)",
        validate::uscc
    ),
    op!(
        "validate.resident_id",
        "resident ID number (GB 11643)",
        validate::resident_id
    ),
    op!("validate.mobile", "mobile number", validate::mobile),
    op!(
        "validate.landline",
        "landline number `area code-number`",
        validate::landline
    ),
    op!("validate.email", "email address", validate::email),
    op!("validate.postcode", "postcode", validate::postcode),
    op!(
        "validate.username",
        "provider sub-user username",
        validate::username
    ),
    op!(
        "validate.login_account",
        "Henan login account",
        validate::login_account
    ),
    op!(
        "validate.upload",
        "upload metadata by kind",
        validate::upload
    ),
    op!(
        "validate.product_listing",
        "product listing form (商品上架)",
        validate::product_listing
    ),
    op!(
        "validate.expert",
        "expert entry form (专家录入)",
        validate::expert
    ),
    op!(
        "validate.account_registration",
        "account registration form, national or Henan",
        validate::account_registration
    ),
    op!(
        "validate.enterprise_registration",
        "national enterprise registration form",
        validate::enterprise_registration
    ),
    op!(
        "validate.henan_enterprise_registration",
        "Henan enterprise registration form",
        validate::henan_enterprise_registration
    ),
    op!(
        "validate.provider_registration",
        "national provider registration form",
        validate::provider_registration
    ),
    op!(
        "password.check",
        "check a password against a policy or preset",
        password::check
    ),
    op!(
        "password.policy",
        "a password preset's rules",
        password::policy
    ),
    op!(
        "password.hash",
        "hash a password (argon2id, PHC string)",
        password::hash
    ),
    op!(
        "password.verify",
        "verify a password against a PHC hash",
        password::verify
    ),
];

fn list_operations(_: Value) -> Result<Value, Error> {
    let list: Vec<Value> = OPERATIONS
        .iter()
        .map(|o| serde_json::json!({"name": o.name, "summary": o.summary}))
        .collect();
    Ok(serde_json::json!({ "operations": list }))
}
