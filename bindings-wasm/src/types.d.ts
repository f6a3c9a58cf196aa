
// ---------------------------------------------------------------------------
// Types of the huiqi package, hand-written from huiqi-core's request and
// answer shapes (appended to the generated declarations by wasm-bindgen).
// Keys are the call API's own (snake_case), so a request or answer looks the
// same here, in the shared test vectors, in Python and from `huiqi call`.
// `src/lib.rs` checks the code and operation lists below against the core.

/** An amount of yuan, as a string. Answers always hold two decimals
 * (`"171.50"`); requests also accept `"245"`, `"¥3,768.00"`, `"￥245.00"`.
 * Never a JS number: a number where money is expected is a `money.not_a_string` error. */
export type Money = string;
/** A share as a string: `"0.30"` or `"30%"`. */
export type RatioText = string;
/** A calendar date `YYYY-MM-DD` (Asia/Shanghai). */
export type DateString = string;
/** An instant: RFC 3339 (`2023-08-18T23:59:59+08:00`) or Shanghai local time `2023-08-18 23:59:59`. */
export type Instant = string;
/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// --- errors -----------------------------------------------------------------

/** Every stable error and violation code. */
export type ErrorCode =
  | "internal.error"
  | "request.unknown_operation" | "request.malformed_json" | "request.invalid"
  | "request.duplicate_key" | "request.too_large" | "request.truncated"
  | "request.invalid_date" | "request.invalid_datetime"
  | "money.empty" | "money.invalid" | "money.too_many_decimals" | "money.negative"
  | "money.overflow" | "money.not_a_string" | "money.invalid_ratio" | "money.unknown_rounding"
  | "allocation.no_lines" | "allocation.zero_weights" | "decimal.invalid"
  | "policy.syntax" | "policy.schema" | "policy.inconsistent" | "policy.unknown_preset"
  | "policy.ambiguous" | "policy.none_in_force"
  | "subsidy.not_in_force" | "subsidy.not_certified" | "subsidy.not_claimed" | "subsidy.declined"
  | "subsidy.region_not_eligible" | "subsidy.category_not_eligible" | "subsidy.provider_not_eligible"
  | "voucher.inconsistent" | "voucher.not_yet_valid" | "voucher.expired" | "voucher.not_active"
  | "voucher.no_balance" | "voucher.out_of_scope" | "voucher.unknown" | "voucher.duplicate"
  | "voucher.restore_mismatch"
  | "checkout.no_lines" | "checkout.duplicate_line" | "checkout.bad_quantity"
  | "checkout.too_many_lines" | "checkout.too_many_vouchers"
  | "campaign.not_listed" | "campaign.not_started" | "campaign.ended" | "campaign.out_of_stock"
  | "campaign.limit_reached" | "campaign.not_certified" | "campaign.inconsistent"
  | "campaign.voucher_expired"
  | "field.required" | "field.length" | "field.charset" | "field.format" | "field.range"
  | "field.count" | "field.duplicate" | "field.mismatch" | "field.choice"
  | "uscc.check_character" | "uscc.authority" | "uscc.entity_type" | "uscc.region"
  | "uscc.organization_code"
  | "id.check_character" | "id.birth_date" | "id.region"
  | "upload.format" | "upload.too_large" | "upload.too_small" | "upload.dimensions_missing"
  | "password.length" | "password.charset" | "password.classes" | "password.required_class"
  | "password.contains_username" | "password.contains_mobile" | "password.contains_email"
  | "password.same_as_current" | "password.in_history" | "password.common"
  | "password.confirmation" | "password.bad_hash" | "password.hashing"
  | "password.cost_too_high"
  | "password.policy_invalid" | "password.unknown_preset";

/** The family of a code. */
export type ErrorCategory =
  "request" | "money" | "policy" | "voucher" | "validation" | "password" | "internal";

/** One problem, in the core's public shape (a violation, or an error). */
export interface Problem {
  code: ErrorCode;
  /** Path of the field it is about (`checkout.lines[0].unit_price`), or null. */
  field: string | null;
  message_zh: string;
  message_en: string;
  /** Machine-readable detail (limits, actual values), when there is some. */
  detail?: JsonValue;
}

/** What every function of this package throws (check with `isHuiqiError`). */
export interface HuiqiError extends Error {
  name: "HuiqiError";
  /** The first problem's code, category, field and messages. */
  code: ErrorCode;
  category: ErrorCategory;
  field: string | null;
  messageZh: string;
  messageEn: string;
  detail: JsonValue | null;
  /** Every problem, the first one leading. */
  problems: Problem[];
}

// --- the JSON entry -----------------------------------------------------------

/** Every operation name of the call API. */
export type OperationName =
  | "operations" | "money.parse" | "money.allocate"
  | "subsidy.quote" | "subsidy.quote_batch" | "policy.load"
  | "checkout.offer" | "checkout.suggest" | "checkout.price" | "checkout.pay" | "checkout.cancel"
  | "voucher.status" | "campaign.grab"
  | "validate.uscc" | "validate.resident_id" | "validate.mobile" | "validate.landline"
  | "validate.email" | "validate.postcode" | "validate.username" | "validate.login_account"
  | "validate.upload" | "validate.product_listing" | "validate.expert"
  | "validate.account_registration" | "validate.enterprise_registration"
  | "validate.henan_enterprise_registration" | "validate.provider_registration"
  | "password.check" | "password.policy" | "password.hash" | "password.verify";

/** The parsed text `call` returns. */
export type Answer<T = JsonValue> =
  | { ok: true; value: T }
  | { ok: false; errors: Problem[] };

export interface OperationList {
  operations: { name: OperationName; summary: string }[];
}

// --- money --------------------------------------------------------------------

export interface ParsedMoney {
  /** Two decimals: `"3768.00"`. */
  amount: Money;
  /** The amount in fen; a `bigint` above 2^53 − 1 fen (≈ ¥90 trillion). */
  fen: number | bigint;
}

export interface Allocation {
  /** One share per weight, summing exactly to the total. */
  shares: Money[];
}

export type RoundingName =
  | "half_away_from_zero" | "half_even" | "half_toward_zero" | "up" | "down"
  | "四舍五入" | "银行家舍入" | "五舍六入" | "进一" | "去尾";

// --- subsidy policies and quotes -------------------------------------------------

/** The subsidy presets shipped with the library. */
export type PolicyPresetName = "henan";

export interface Caps {
  per_order?: Money;
  per_enterprise_per_year?: Money;
  budget_pool?: Money;
}

/** Who qualifies; an empty or absent list means any. */
export interface Eligibility {
  /** GB/T 2260 region code prefixes: `"41"`, `"4101"`, `"410102"`. */
  regions?: string[];
  categories?: string[];
  providers?: string[];
}

export type Stacking = "subsidy_first" | "vouchers_first";

/** A subsidy policy as data (as in TOML or JSON policy files). */
export interface SubsidyPolicy {
  id: string;
  version?: string;
  name: string;
  ratio: RatioText;
  rounding?: RoundingName;
  stacking?: Stacking;
  effective_from: DateString;
  effective_to?: DateString | null;
  caps?: Caps;
  eligibility?: Eligibility;
}

/** A preset name, one policy, or several versions (the one in force on the date is used). */
export type PolicyChoice = PolicyPresetName | SubsidyPolicy | SubsidyPolicy[];

export type Claim = "unclaimed" | "claimed" | "declined";

export interface EnterpriseStanding {
  /** Certified (企业认证 passed). */
  certified: boolean;
  /** The answer to the one-time eligibility offer (领取 / 我不要). */
  claim: Claim;
  /** GB/T 2260 region code of the enterprise, e.g. `"410102"`. */
  region?: string | null;
}

/** Subsidy already granted, which the yearly cap and the pool count against. */
export interface SubsidyUsage {
  enterprise_year_used?: Money;
  pool_used?: Money;
}

export interface QuoteRequest {
  policy: PolicyChoice;
  order_total: Money;
  /** When given, the quote is the binding figure on it (预计补贴金额不超过). */
  contract_amount?: Money | null;
  date: DateString;
  enterprise: EnterpriseStanding;
  category?: string | null;
  provider?: string | null;
  usage?: SubsidyUsage;
}

export type Stage = "estimate" | "binding";
export type Bound = "ratio" | "cap_per_order" | "cap_per_enterprise_year" | "budget_pool" | "ineligible";

export interface Headroom {
  limit: Money;
  used: Money;
  left: Money;
}

export interface ExplanationLine {
  /** `eligibility`, `base`, `ratio`, `cap_per_order`, `cap_per_enterprise_year`,
   * `budget_pool`, `result`, `voucher` or `payable`. */
  step: string;
  /** True for the line that bound the result. */
  binding: boolean;
  text_zh: string;
  text_en: string;
}

/** The quote itself, as a checkout's `subsidy_quote` holds it. */
export interface SubsidyQuote {
  stage: Stage;
  base: Money;
  ratio: RatioText;
  rounding: RoundingName;
  by_ratio: Money;
  cap_per_order: Money | null;
  cap_per_enterprise_year: Headroom | null;
  budget_pool: Headroom | null;
  subsidy: Money;
  bound_by: Bound;
  /** Why the order gets nothing (`subsidy.*` codes); empty when eligible. */
  ineligible: ErrorCode[];
}

export interface Reason {
  code: ErrorCode;
  message_zh: string;
  message_en: string;
}

export interface Quote {
  policy_id: string;
  policy_name: string;
  stage: Stage;
  base: Money;
  ratio: RatioText;
  rounding: RoundingName;
  by_ratio: Money;
  cap_per_order: Money | null;
  cap_per_enterprise_year: Headroom | null;
  budget_pool: Headroom | null;
  subsidy: Money;
  /** base − subsidy. */
  payable: Money;
  bound_by: Bound;
  ineligible: Reason[];
  summary_zh: string;
  summary_en: string;
  explanation: ExplanationLine[];
}

export interface BatchTerms {
  date: DateString;
  enterprise: EnterpriseStanding;
  category?: string | null;
  provider?: string | null;
  usage?: SubsidyUsage;
  /** True: each order draws down the pool and yearly cap for the next. */
  draw_down?: boolean;
}

export interface QuoteBatchRequest {
  policy: PolicyChoice;
  terms: BatchTerms;
  order_totals: Money[];
}

export interface QuoteBatch {
  /** One subsidy per order total. */
  subsidies: Money[];
  /** Their sum; null when it is larger than the largest amount (`problems` says so). */
  total: Money | null;
  /** What could not be answered (a total too large), each at its field. */
  problems: Problem[];
}

export type PolicyFormat = "toml" | "json";

export interface LoadedPolicies {
  /** The versions, by start date, as the library reads them. */
  policies: SubsidyPolicy[];
  /** The id of the version in force on the date asked about, if any. */
  in_force: string | null;
}

// --- vouchers and checkout ----------------------------------------------------------

export type VoucherStatusName = "active" | "frozen" | "void";
export type BillingMode = "separate";

/** What a voucher may pay for; a line is in scope when it matches every non-empty list. */
export interface VoucherScope {
  products?: string[];
  categories?: string[];
  providers?: string[];
}

export interface Voucher {
  /** 服务券号. */
  number: string;
  name?: string;
  face_value: Money;
  /** Never above the face value. */
  balance: Money;
  valid_from: DateString;
  /** Inclusive: the voucher pays until 23:59:59 Shanghai time on this day. */
  valid_to: DateString;
  status?: VoucherStatusName;
  scope?: VoucherScope;
  billing_mode?: BillingMode;
}

/** A voucher as answers give it back (every field present). */
export interface VoucherRecord extends Voucher {
  name: string;
  status: VoucherStatusName;
  scope: VoucherScope;
  billing_mode: BillingMode;
}

export interface OrderLine {
  /** Unique within the order. */
  id: string;
  product: string;
  category?: string | null;
  provider?: string | null;
  unit_price: Money;
  /** At least 1; default 1. */
  quantity?: number;
}

export interface SubsidyTerms {
  policy: PolicyPresetName | SubsidyPolicy;
  enterprise: EnterpriseStanding;
  usage?: SubsidyUsage;
}

/** An order at checkout (at most 1000 lines and 200 vouchers). */
export interface Checkout {
  lines: OrderLine[];
  /** The enterprise's vouchers. */
  vouchers?: Voucher[];
  now: Instant;
  contract_amount?: Money | null;
  subsidy?: SubsidyTerms | null;
}

export interface OfferedVoucher {
  number: string;
  balance: Money;
  valid_to: DateString;
  /** What it would deduct if it were the only voucher used. */
  max_deduction: Money;
}

export interface RefusedVoucher {
  number: string;
  reason: ErrorCode;
  message_zh: string;
  message_en: string;
}

export interface Offer {
  /** Soonest expiry first. */
  usable: OfferedVoucher[];
  refused: RefusedVoucher[];
}

export interface LineShare {
  line: string;
  amount: Money;
}

export interface AppliedVoucher {
  number: string;
  deduction: Money;
  balance_before: Money;
  balance_after: Money;
  lines: LineShare[];
}

export interface LinePricing {
  id: string;
  amount: Money;
  subsidy_eligible: boolean;
  subsidy: Money;
  voucher_deduction: Money;
  payable: Money;
}

/** A priced order: always `payable + voucher_deduction + subsidy = total`. */
export interface Pricing {
  order_total: Money;
  /** The contract amount if given, else the order total. */
  total: Money;
  subsidy: Money;
  voucher_deduction: Money;
  payable: Money;
  subsidy_quote: SubsidyQuote | null;
  /** In the order they were applied. */
  vouchers: AppliedVoucher[];
  lines: LinePricing[];
  explanation: ExplanationLine[];
  /** Present when subsidy terms were given. */
  summary_zh?: string;
  summary_en?: string;
}

export interface Suggestion extends Pricing {
  /** The suggested voucher numbers. */
  selected: string[];
}

export interface VoucherAmount {
  number: string;
  amount: Money;
}

export interface Wallet {
  vouchers: VoucherRecord[];
}

export interface VoucherStatusAnswer {
  usable: boolean;
  reason: Reason | null;
  balance: Money;
  face_value: Money;
}

export interface VoucherTemplate {
  name: string;
  face_value: Money;
  valid_from: DateString;
  valid_to: DateString;
  scope?: VoucherScope;
  billing_mode?: BillingMode;
}

export interface Campaign {
  id: string;
  name: string;
  /** Default true. */
  listed?: boolean;
  starts_at: Instant;
  /** Inclusive, to the last whole second. */
  ends_at: Instant;
  stock: number;
  /** Default 1. */
  per_enterprise_limit?: number;
  voucher: VoucherTemplate;
}

export interface GrabAttempt {
  certified: boolean;
  /** Vouchers already held from this campaign; default 0. */
  held?: number;
  now: Instant;
}

export interface Grant {
  granted: true;
  stock_after: number;
  held_after: number;
  /** The issued voucher, when a voucher number was given. */
  voucher: VoucherRecord | null;
}

// --- validation ------------------------------------------------------------------

/** The answer of every validation: all violations at once. */
export interface Verdict<Info = never> {
  valid: boolean;
  violations: Problem[];
  /** When valid and the check parses something. */
  info?: Info;
}

export interface Named {
  code: string;
  name_zh: string;
  name_en: string;
}

export interface UsccInfo {
  normalized: string;
  authority: Named;
  entity_type: Named;
  region_code: string;
  province: string;
  organization_code: string;
  /** An authority or entity type missing from the code table: shown, not refused. */
  warnings: Problem[];
}

export interface ResidentIdInfo {
  normalized: string;
  region_code: string;
  province: string;
  kind: "resident_id" | "residence_permit";
  birth_date: DateString;
  gender: "male" | "female";
}

export type UploadKind =
  | "henan_licence" | "henan_id_front" | "henan_id_back" | "national_licence"
  | "product_image" | "case_document" | "expert_photo";

/** What a portal knows of an uploaded file (the library never sees the file). */
export interface UploadMeta {
  /** With its extension. */
  name: string;
  size_bytes: number;
  width?: number | null;
  height?: number | null;
}

type Opt<T> = T | null;

export interface ProductCase {
  customer_name?: Opt<string>;
  annual_output?: Opt<string>;
  sale_amount?: Opt<string>;
  delivery_months?: Opt<number>;
  contact_name?: Opt<string>;
  contact_title?: Opt<string>;
  contact_phone?: Opt<string>;
  intro_document?: Opt<UploadMeta>;
}

export interface ProductContact {
  name?: Opt<string>;
  mobile?: Opt<string>;
  email?: Opt<string>;
}

export interface IntroBanner {
  title?: Opt<string>;
  text?: Opt<string>;
  image?: Opt<UploadMeta>;
}

export interface UserCase {
  text?: Opt<string>;
  image?: Opt<UploadMeta>;
}

export interface IntroPage {
  banner?: Opt<IntroBanner>;
  highlights?: Opt<string[]>;
  description?: Opt<string>;
  user_cases?: Opt<UserCase[]>;
  service_support?: Opt<string>;
}

export interface ProductSpec {
  name?: Opt<string>;
  purchase_mode?: Opt<string>;
  pricing_mode?: Opt<string>;
  unit_price?: Opt<string>;
}

/** 商品上架. Blank optional fields count as absent. */
export interface ProductListingForm {
  solution_name?: Opt<string>;
  product_name?: Opt<string>;
  catalogue?: Opt<string>;
  tags?: Opt<string[]>;
  display_image?: Opt<UploadMeta>;
  categories?: Opt<string[]>;
  industries?: Opt<string[]>;
  lowest_price?: Opt<string>;
  highest_price?: Opt<string>;
  delivery_cycle_days?: Opt<number>;
  delivery_person_days?: Opt<number>;
  cases?: Opt<ProductCase[]>;
  contact?: Opt<ProductContact>;
  intro_page?: Opt<IntroPage>;
  specs?: Opt<ProductSpec[]>;
}

/** 专家录入. */
export interface ExpertForm {
  name?: Opt<string>;
  age?: Opt<number>;
  /** `male` or `female`. */
  gender?: Opt<string>;
  industrial_internet_fields?: Opt<string[]>;
  industry_fields?: Opt<string[]>;
  operations_fields?: Opt<string[]>;
  years_industrial_internet?: Opt<number>;
  years_industry?: Opt<number>;
  experience?: Opt<string>;
  title?: Opt<string>;
  education?: Opt<string>;
  photo?: Opt<UploadMeta>;
  introduction?: Opt<string>;
}

/** 注册帐号, on either platform. */
export interface AccountRegistrationForm {
  /** `national` or `henan`. */
  platform?: Opt<string>;
  /** `enterprise` or `provider`. */
  role?: Opt<string>;
  username?: Opt<string>;
  mobile?: Opt<string>;
  email?: Opt<string>;
  password?: Opt<string>;
  password_confirmation?: Opt<string>;
  agreement_accepted?: Opt<boolean>;
}

/** National enterprise registration. */
export interface EnterpriseRegistrationForm {
  name?: Opt<string>;
  legal_rep_mobile?: Opt<string>;
  contact_phone?: Opt<string>;
  email?: Opt<string>;
  established_on?: Opt<DateString>;
  licence?: Opt<UploadMeta>;
  registration_type?: Opt<string>;
  listed?: Opt<boolean>;
  industries?: Opt<string[]>;
  key_industry_chain?: Opt<string>;
  legal_representative?: Opt<string>;
  contact_name?: Opt<string>;
  contact_title?: Opt<string>;
  postcode?: Opt<string>;
  uscc?: Opt<string>;
  tax_credit_rating?: Opt<string>;
  core_product?: Opt<string>;
}

/** Henan enterprise registration. */
export interface HenanEnterpriseRegistrationForm {
  account?: Opt<string>;
  name?: Opt<string>;
  nature?: Opt<string>;
  city?: Opt<string>;
  district?: Opt<string>;
  industry?: Opt<string>;
  uscc?: Opt<string>;
  revenue_last_year?: Opt<string>;
  tax_total?: Opt<string>;
  registered_address?: Opt<string>;
  mailing_address?: Opt<string>;
  legal_representative?: Opt<string>;
  landline?: Opt<string>;
  mobile?: Opt<string>;
  password?: Opt<string>;
  password_confirmation?: Opt<string>;
  two_integration_certified?: Opt<boolean>;
  agreement_accepted?: Opt<boolean>;
}

export interface ProviderRevenue {
  year?: Opt<number>;
  amount_yi?: Opt<string>;
}

/** National provider registration. */
export interface ProviderRegistrationForm {
  name?: Opt<string>;
  uscc?: Opt<string>;
  licence?: Opt<UploadMeta>;
  service_scope?: Opt<string[]>;
  core_solutions?: Opt<string[]>;
  industries?: Opt<string[]>;
  qualifications?: Opt<string[]>;
  industrial_customer_count?: Opt<number>;
  started_on?: Opt<DateString>;
  head_count?: Opt<number>;
  revenues?: Opt<ProviderRevenue[]>;
  avg_sales_wan?: Opt<string>;
  avg_industrial_sales_wan?: Opt<string>;
  industrial_share_percent?: Opt<string>;
  primary_industry?: Opt<string>;
}

// --- passwords -------------------------------------------------------------------

export type PasswordPresetName = "national" | "henan" | "nist";
export type CharClass = "digit" | "upper" | "lower" | "special";

export interface AllowedCharacters {
  /** Default true. */
  letters?: boolean;
  /** Default true. */
  digits?: boolean;
  /** The allowed specials in one string. */
  specials?: string;
}

/** A password policy as data; the presets are three of these. */
export interface PasswordPolicy {
  name: string;
  min_length: number;
  max_length: number;
  allowed?: AllowedCharacters;
  min_classes?: number;
  required_classes?: CharClass[];
  forbid_username?: boolean;
  forbid_mobile?: boolean;
  forbid_email?: boolean;
  forbid_current?: boolean;
  /** Absent: every supplied past hash is checked; 0: none. */
  history_depth?: number;
  blocklist?: boolean;
}

/** What the check knows besides the password; past passwords only as Argon2 PHC hashes. */
export interface PasswordContext {
  username?: string | null;
  mobile?: string | null;
  email?: string | null;
  current_hash?: string | null;
  /** Most recent first. */
  history_hashes?: string[];
}

export interface HashCost {
  memory_kib: number;
  iterations: number;
  parallelism: number;
}

export interface PasswordHash {
  /** `$argon2id$v=19$m=19456,t=2,p=1$…`. */
  hash: string;
}

export interface PasswordMatch {
  matches: boolean;
}
