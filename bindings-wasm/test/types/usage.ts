// Compiled with `tsc --noEmit --strict` against the built package's .d.ts
// (generated from the core's types by tsify, the functions' signatures from
// the core's operation table), twice: resolved as Node does
// (tsconfig.node.json) and as a bundler for a page does (tsconfig.web.json).
// Each `@ts-expect-error` line must fail to type-check, so the types are
// structured and not `any`.
import init, {
  call, subsidyQuote, subsidyQuoteBatch, passwordCheck, passwordHash, passwordVerify, validateUscc,
  checkoutPrice, checkoutSuggest, campaignGrab, moneyParse, moneyAllocate, isHuiqiError, operations,
  policyLoad, validateUpload, validateResidentId, voucherStatus, quote, quoter,
} from "huiqi";
import type {
  Answer, Checkout, Code, HuiqiError, Money, OperationName, PricedOrder, Problem, QuoteAnswer,
  QuoteRequest, QuoteTerms, UsccVerdict, Verdict, Quote, Quoter, QuoteFigures,
} from "huiqi";

await init();

const request: QuoteRequest = {
  policy: "henan",
  order_total: "245.00",
  date: "2018-07-24",
  enterprise: { certified: true, claim: "claimed" },
};
const q: QuoteAnswer = subsidyQuote(request);
const subsidy: Money = q.subsidy;
const stage: "estimate" | "binding" = q.stage;
// @ts-expect-error money is a string, never a number
const asNumber: number = q.subsidy;
// @ts-expect-error a number where money is expected
subsidyQuote({ ...request, order_total: 245 });
// @ts-expect-error an unknown claim
subsidyQuote({ ...request, enterprise: { certified: true, claim: "maybe" } });
// @ts-expect-error a key the request does not have
subsidyQuote({ ...request, currency: "CNY" });
// @ts-expect-error the request is one object, not arguments
subsidyQuote("henan", "245.00");

const terms: QuoteTerms = { date: "2018-07-24", certified: true, claim: "claimed" };
const fast: Quote = quote("henan", "245.00", terms);
const payable: Money = fast.payable;
const fastStage: "estimate" | "binding" = fast.stage;
const whole: QuoteAnswer = fast.toJSON();
quote("henan", "3768.00", { ...terms, contract_amount: "120.00" });
// @ts-expect-error a misspelt term
quote("henan", "3768.00", { ...terms, contract_amout: "120.00" });
// @ts-expect-error money is a string
quote("henan", 245, terms);

const orders: Quoter = quoter("henan", terms);
const figures: QuoteFigures = orders.quote("245.00");
const figureSubsidy: Money = figures.subsidy;
const figurePayable: Money = orders.quote("245.00").payable;
const explained: QuoteAnswer = orders.explain("245.00");
quoter([{ id: "p", name: "P", ratio: "25%", effective_from: "2025-01-01" }], { ...terms, pool_used: "10.00" });
orders.free();
// @ts-expect-error money is a string
orders.quote(245);
// @ts-expect-error the figures hold the subsidy and the payable only
figures.stage;
// @ts-expect-error a misspelt term
quoter("henan", { ...terms, contract_amout: "120.00" });
// @ts-expect-error the total is quote's argument, not the handle's
quoter("henan", "245.00", terms);

const batch = subsidyQuoteBatch({ policy: "henan", terms: { date: "2018-07-24", enterprise: request.enterprise }, order_totals: ["1.00"] });
const shares: Money[] = batch.subsidies;

const verdict: Verdict = passwordCheck({ policy: "national", password: "zhangsan123", context: { username: "zhangsan" } });
const codes: Code[] = verdict.violations.map((p: Problem) => p.code);
// @ts-expect-error not a preset
passwordCheck({ policy: "strong", password: "x" });
passwordCheck({ policy: { name: "mine", min_length: 12, max_length: 64, required_classes: ["digit"] }, password: "x" });

const uscc: UsccVerdict = validateUscc({ value: "91350100M000100Y43" });
const province: string | undefined = uscc.info?.province;
validateResidentId({ value: "11010519491231002X" });
validateResidentId({ value: "11010519491231002X", today: "2026-01-01" });
// @ts-expect-error not an upload kind
validateUpload({ kind: "selfie", file: { name: "a.png", size_bytes: 1 } });

const checkout: Checkout = {
  lines: [{ id: "1", product: "sku-1", unit_price: "234.00" }],
  vouchers: [{ number: "A", face_value: "500.00", balance: "500.00", valid_from: "2023-07-15", valid_to: "2023-08-18" }],
  now: "2023-07-31 11:34:09",
};
const priced: PricedOrder = checkoutPrice({ checkout, selected: ["A"] });
const unselected: PricedOrder = checkoutPrice({ checkout });
const selected: string[] = checkoutSuggest({ checkout }).selected;
const after: Money = priced.vouchers[0].balance_after;
const usable: boolean = voucherStatus({ voucher: checkout.vouchers![0], now: "2023-08-18 23:59:59" }).usable;

const grant = campaignGrab({
  campaign: {
    id: "C", name: "C", starts_at: "2023-07-15 00:00:00", ends_at: "2023-08-18 23:59:59", stock: 1,
    voucher: { name: "V", face_value: "10.00", valid_from: "2023-07-15", valid_to: "2023-12-31" },
  },
  attempt: { certified: true, now: "2023-07-20 10:00:00" },
  voucher_number: "1700008",
});
const stock: number = grant.stock_after;

const fen: number | bigint = moneyParse({ input: "¥3,768.00" }).fen;
const split: Money[] = moneyAllocate({ total: "0.10", weights: ["1", "1", "1"] }).shares;
const { hash } = passwordHash({ password: "Sesame#2024", cost: { memory_kib: 64, iterations: 1, parallelism: 1 } });
const matches: boolean = passwordVerify({ password: "Sesame#2024", hash }).matches;
const inForce: string | null = policyLoad({ text: "id = 'p'", format: "toml" }).in_force;
const names: string[] = operations({}).operations.map((o) => o.name);

const op: OperationName = "money.parse";
const answer = JSON.parse(call(op, '{"input": "1"}')) as Answer<{ amount: Money; fen: number }>;
if (answer.ok) {
  const amount: Money = answer.value.amount;
} else {
  const first: Problem = answer.errors[0];
}
// @ts-expect-error not an operation name
call("money.parse_all", "{}");

try {
  moneyParse({ input: "1.234" });
} catch (e: unknown) {
  if (isHuiqiError(e)) {
    const error: HuiqiError = e;
    const code: Code = error.code;
    const details: string[] = [error.category, error.messageZh, error.messageEn, error.field ?? ""];
    const all: Problem[] = error.problems;
    // @ts-expect-error not a code
    const wrong: Code = "money.bad";
  }
}

export {
  subsidy, stage, asNumber, shares, codes, province, unselected, selected, after, usable, stock, fen,
  split, matches, inForce, names,
};
