// Compiled with `tsc --noEmit --strict` against the built package's .d.ts,
// twice: resolved as Node does (tsconfig.node.json) and as a bundler for a
// page does (tsconfig.web.json). Each `@ts-expect-error` line must fail to
// type-check, so the types are structured and not `any`.
import init, {
  call, quote, quoteBatch, checkPassword, hashPassword, verifyPassword, validateUscc,
  checkoutPrice, checkoutSuggest, campaignGrab, parseMoney, allocate, isHuiqiError, operations,
  loadPolicies, validateUpload, validateResidentId, voucherStatus,
} from "huiqi";
import type {
  Answer, Checkout, ErrorCode, HuiqiError, Money, Pricing, Problem, Quote, QuoteRequest, Verdict,
  UsccInfo,
} from "huiqi";

await init();

const request: QuoteRequest = {
  policy: "henan",
  order_total: "245.00",
  date: "2018-07-24",
  enterprise: { certified: true, claim: "claimed" },
};
const q: Quote = quote(request);
const subsidy: Money = q.subsidy;
const stage: "estimate" | "binding" = q.stage;
// @ts-expect-error money is a string, never a number
const asNumber: number = q.subsidy;
// @ts-expect-error a number where money is expected
quote({ ...request, order_total: 245 });
// @ts-expect-error an unknown claim
quote({ ...request, enterprise: { certified: true, claim: "maybe" } });
// @ts-expect-error a key the request does not have
quote({ ...request, currency: "CNY" });

const batch = quoteBatch({ policy: "henan", terms: { date: "2018-07-24", enterprise: request.enterprise }, order_totals: ["1.00"] });
const shares: Money[] = batch.subsidies;

const verdict: Verdict = checkPassword("zhangsan123", "national", { username: "zhangsan" });
const codes: ErrorCode[] = verdict.violations.map((p: Problem) => p.code);
// @ts-expect-error not a preset
checkPassword("x", "strong");
checkPassword("x", { name: "mine", min_length: 12, max_length: 64, required_classes: ["digit"] });

const uscc: Verdict<UsccInfo> = validateUscc("91350100M000100Y43");
const province: string | undefined = uscc.info?.province;
validateResidentId("11010519491231002X");
validateResidentId("11010519491231002X", "2026-01-01");
// @ts-expect-error not an upload kind
validateUpload("selfie", { name: "a.png", size_bytes: 1 });

const checkout: Checkout = {
  lines: [{ id: "1", product: "sku-1", unit_price: "234.00" }],
  vouchers: [{ number: "A", face_value: "500.00", balance: "500.00", valid_from: "2023-07-15", valid_to: "2023-08-18" }],
  now: "2023-07-31 11:34:09",
};
const priced: Pricing = checkoutPrice(checkout, ["A"]);
const unselected: Pricing = checkoutPrice(checkout);
const selected: string[] = checkoutSuggest(checkout).selected;
const after: Money = priced.vouchers[0].balance_after;
const usable: boolean = voucherStatus(checkout.vouchers![0], "2023-08-18 23:59:59").usable;

const grant = campaignGrab(
  { id: "C", name: "C", starts_at: "2023-07-15 00:00:00", ends_at: "2023-08-18 23:59:59", stock: 1,
    voucher: { name: "V", face_value: "10.00", valid_from: "2023-07-15", valid_to: "2023-12-31" } },
  { certified: true, now: "2023-07-20 10:00:00" },
  "1700008",
);
const stock: number = grant.stock_after;

const fen: number | bigint = parseMoney("¥3,768.00").fen;
const split: Money[] = allocate("0.10", ["1", "1", "1"]).shares;
const { hash } = hashPassword("Sesame#2024", { memory_kib: 64, iterations: 1, parallelism: 1 });
const matches: boolean = verifyPassword("Sesame#2024", hash).matches;
const inForce: string | null = loadPolicies("id = 'p'", "toml").in_force;
const names: string[] = operations().operations.map((o) => o.name);

const answer = JSON.parse(call("money.parse", '{"input": "1"}')) as Answer<{ amount: Money; fen: number }>;
if (answer.ok) {
  const amount: Money = answer.value.amount;
} else {
  const first: Problem = answer.errors[0];
}
// @ts-expect-error not an operation name
call(42, "{}");

try {
  parseMoney("1.234");
} catch (e: unknown) {
  if (isHuiqiError(e)) {
    const error: HuiqiError = e;
    const code: ErrorCode = error.code;
    const details: string[] = [error.category, error.messageZh, error.messageEn, error.field ?? ""];
    const all: Problem[] = error.problems;
    // @ts-expect-error not a code
    const wrong: ErrorCode = "money.bad";
  }
}

export {
  subsidy, stage, asNumber, shares, codes, province, unselected, selected, after, usable, stock, fen,
  split, matches, inForce, names,
};
