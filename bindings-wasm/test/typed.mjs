// How each operation's request maps onto the typed camelCase function: the
// function and its arguments, in order, by request key. Shared by the Node
// tests and the page test. `whole` passes the request object itself.

export const TYPED = {
  "operations": { fn: "operations", args: [] },
  "money.parse": { fn: "parseMoney", args: ["input"] },
  "money.allocate": { fn: "allocate", args: ["total", "weights"] },
  "subsidy.quote": { fn: "quote", whole: true },
  "subsidy.quote_batch": { fn: "quoteBatch", whole: true },
  "policy.load": { fn: "loadPolicies", args: ["text", "format", "date"] },
  "checkout.offer": { fn: "checkoutOffer", args: ["checkout"] },
  "checkout.suggest": { fn: "checkoutSuggest", args: ["checkout"] },
  "checkout.price": { fn: "checkoutPrice", args: ["checkout", "selected"] },
  "checkout.pay": { fn: "checkoutPay", args: ["vouchers", "deductions"] },
  "checkout.cancel": { fn: "checkoutCancel", args: ["vouchers", "deductions"] },
  "voucher.status": { fn: "voucherStatus", args: ["voucher", "now"] },
  "campaign.grab": { fn: "campaignGrab", args: ["campaign", "attempt", "voucher_number"] },
  "validate.uscc": { fn: "validateUscc", args: ["value"] },
  "validate.resident_id": { fn: "validateResidentId", args: ["value", "today"] },
  "validate.mobile": { fn: "validateMobile", args: ["value"] },
  "validate.landline": { fn: "validateLandline", args: ["value"] },
  "validate.email": { fn: "validateEmail", args: ["value"] },
  "validate.postcode": { fn: "validatePostcode", args: ["value"] },
  "validate.username": { fn: "validateUsername", args: ["value"] },
  "validate.login_account": { fn: "validateLoginAccount", args: ["value"] },
  "validate.upload": { fn: "validateUpload", args: ["kind", "file"] },
  "validate.product_listing": { fn: "validateProductListing", args: ["form"] },
  "validate.expert": { fn: "validateExpert", args: ["form"] },
  "validate.account_registration": { fn: "validateAccountRegistration", args: ["form"] },
  "validate.enterprise_registration": { fn: "validateEnterpriseRegistration", args: ["form", "today"] },
  "validate.henan_enterprise_registration": { fn: "validateHenanEnterpriseRegistration", args: ["form"] },
  "validate.provider_registration": { fn: "validateProviderRegistration", args: ["form", "today"] },
  "password.check": { fn: "checkPassword", args: ["password", "policy", "context"] },
  "password.policy": { fn: "passwordPolicy", args: ["name"] },
  "password.hash": { fn: "hashPassword", args: ["password", "cost"] },
  "password.verify": { fn: "verifyPassword", args: ["password", "hash"] },
};

/** The typed call for a request object, or null when the request cannot be
 * written as the function's arguments (a key the function has no argument
 * for, or not an object at all). */
export function typedCall(api, op, request) {
  const spec = TYPED[op];
  if (!spec) return null;
  if (spec.whole) return () => api[spec.fn](request);
  if (request === null || typeof request !== "object" || Array.isArray(request)) return null;
  if (Object.keys(request).some((k) => !spec.args.includes(k))) return null;
  return () => api[spec.fn](...spec.args.map((k) => request[k]));
}

/** Plain JS from a value of vectors.mjs's parseExact (integers as numbers). */
export function plain(value, Num) {
  if (value instanceof Map) {
    const out = {};
    for (const [k, v] of value) {
      Object.defineProperty(out, k, { value: plain(v, Num), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => plain(v, Num));
  if (value instanceof Num) return value.kind === "int" ? Number(value.value) : value.value;
  return value;
}

/** JSON-comparable form of a typed answer: BigInts become numbers. */
export function comparable(value) {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? Number(v) : v)));
}

/** serde's wording for a Rust type, which the typed API rewrites for JS callers. */
export const RUST_TYPE_NAME = /expected ((struct|enum) [A-Z]\w*|[ui](8|16|32|64)\b|f(32|64)\b)/;

/** True when `typed` (a problem of a thrown error) is `answered` (a problem of
 * the JSON answer), but for serde's Rust type names the typed API rewrites. */
export function sameProblem(typed, answered) {
  const rewritten = RUST_TYPE_NAME.test(answered.message_en);
  return typed.code === answered.code
    && typed.field === answered.field
    && JSON.stringify(typed.detail) === JSON.stringify(answered.detail)
    && (rewritten || (typed.message_en === answered.message_en && typed.message_zh === answered.message_zh));
}
