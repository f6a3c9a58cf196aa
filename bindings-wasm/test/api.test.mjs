// The typed camelCase API of the nodejs build: every operation of the core's
// table, agreement with the JSON entry on every vector, money as strings,
// errors with code, category, field path and both messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import init, * as huiqi from "huiqi";
import { casesOf, Num } from "./vectors.mjs";
import { jsName, typedCall, plain, sameProblem, comparable, flatField, thrown as thrownBy } from "./typed.mjs";

const vectorsDir = fileURLToPath(new URL("../../tests/vectors/", import.meta.url));
const vectors = readdirSync(vectorsDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .flatMap((f) => casesOf(f, readFileSync(join(vectorsDir, f), "utf8")));

const CHEAP = { memory_kib: 64, iterations: 1, parallelism: 1 };
const henanOrder = {
  policy: "henan",
  order_total: "245.00",
  date: "2018-07-24",
  enterprise: { certified: true, claim: "claimed" },
};

/** Runs `fn`, which must throw a HuiqiError; returns it. */
const thrown = (fn) => thrownBy(huiqi, fn);

test("import, require and init() all reach the same build", async () => {
  await init(); // nothing to do in Node; the same line works in a page
  const required = createRequire(import.meta.url)("huiqi");
  assert.equal(required.subsidyQuote, huiqi.subsidyQuote);
});

test("every operation of the core's table is a function, and nothing else is exported", () => {
  const ops = huiqi.operations({}).operations.map((o) => o.name);
  assert.ok(ops.length >= 32, `${ops.length} operations`);
  for (const op of ops) assert.equal(typeof huiqi[jsName(op)], "function", op);
  const exported = Object.keys(huiqi).filter((k) => k !== "default").sort();
  const expected = [...ops.map(jsName), "call", "isHuiqiError", "initSync", "quote", "Quote", "quoter", "Quoter"];
  assert.deepEqual(exported, [...new Set(expected)].sort());
});

test("every vector gives the same result through its typed function as through call()", () => {
  let compared = 0;
  for (const c of vectors) {
    if (c.requestValue === undefined) continue; // raw request text: JSON entry only
    const run = typedCall(huiqi, c.op, plain(c.requestValue, Num));
    if (!run) {
      assert.equal(JSON.parse(huiqi.call(c.op, c.request)).errors[0].code, "request.unknown_operation", c.name);
      continue;
    }
    const answer = JSON.parse(huiqi.call(c.op, c.request));
    let value;
    let error;
    try {
      value = run();
    } catch (e) {
      error = e;
    }
    const where = `${c.file}: ${c.name}`;
    if (answer.ok) {
      assert.equal(error, undefined, `${where}: threw ${error}`);
      if (c.op !== "password.hash") assert.deepEqual(comparable(value), answer.value, where);
    } else {
      assert.ok(error && huiqi.isHuiqiError(error), `${where}: expected a HuiqiError, got ${error ?? "no error"}`);
      assert.equal(error.problems.length, answer.errors.length, where);
      error.problems.forEach((p, i) =>
        assert.ok(sameProblem(p, answer.errors[i]), `${where}: ${JSON.stringify(p)} vs ${JSON.stringify(answer.errors[i])}`),
      );
    }
    compared++;
  }
  console.log(`typed API: ${compared} vectors compared with call()`);
  assert.ok(compared > 400, `only ${compared} compared`);
});

/** `quote`'s arguments for a `subsidy.quote` request, or undefined when it has other keys. */
function quoteArguments(request) {
  const { policy, order_total, enterprise, usage, ...top } = request;
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isObject(enterprise) || (usage !== undefined && !isObject(usage))) return undefined;
  const allowed = new Set(["date", "contract_amount", "category", "provider"]);
  if (!Object.keys(top).every((k) => allowed.has(k))) return undefined;
  if (!Object.keys(enterprise).every((k) => ["certified", "claim", "region"].includes(k))) return undefined;
  return [policy, order_total, { ...top, ...enterprise, ...(usage ?? {}) }];
}

test("quote gives every subsidy.quote vector's answer or error, fast path or not", () => {
  let compared = 0;
  for (const c of vectors.filter((v) => v.op === "subsidy.quote" && v.requestValue !== undefined)) {
    const args = quoteArguments(plain(c.requestValue, Num));
    if (!args) continue;
    const answer = JSON.parse(huiqi.call(c.op, c.request));
    const where = `${c.file}: ${c.name}`;
    if (answer.ok) {
      const q = huiqi.quote(...args);
      assert.deepEqual(JSON.parse(JSON.stringify(q)), answer.value, where);
      for (const key of Object.keys(answer.value)) assert.deepEqual(comparable(q[key]), answer.value[key], `${where}: ${key}`);
    } else {
      const e = thrown(() => huiqi.quote(...args));
      // A refused term is named as given, flat (`claim`, not `enterprise.claim`).
      assert.deepEqual([e.code, e.field], [answer.errors[0].code, flatField(answer.errors[0].field)], where);
    }
    compared++;
  }
  assert.ok(compared >= 40, `only ${compared} vectors compared`);
});

test("quote: the manual's figure, optional terms, and mistakes refused as subsidyQuote refuses them", () => {
  const terms = { date: "2018-07-24", certified: true, claim: "claimed" };
  const q = huiqi.quote("henan", "245.00", terms);
  assert.deepEqual([q.subsidy, q.payable, q.stage, q.policy_id], ["73.50", "171.50", "estimate", "henan"]);
  assert.deepEqual(q.toJSON(), huiqi.subsidyQuote(henanOrder));
  const binding = huiqi.quote("henan", "3768.00", { ...terms, contract_amount: "120.00" });
  assert.deepEqual([binding.stage, binding.subsidy], ["binding", "36.00"]);
  const declined = huiqi.quote("henan", "245.00", { ...terms, claim: "declined" });
  assert.deepEqual([declined.subsidy, declined.ineligible.map((r) => r.code)], ["0.00", ["subsidy.declined"]]);
  // A misspelt optional key is an error, never a quietly different quote.
  const typo = thrown(() => huiqi.quote("henan", "3768.00", { ...terms, contract_amout: "120.00" }));
  assert.deepEqual([typo.code, typo.field], ["request.invalid", "contract_amout"]);
  const money = thrown(() => huiqi.quote("henan", 245, terms));
  assert.deepEqual([money.code, money.field], ["money.not_a_string", "order_total"]);
  assert.equal(thrown(() => huiqi.quote("henan", "245.00", { ...terms, date: "2018-02-30" })).field, "date");
  assert.equal(thrown(() => huiqi.quote("henan", "245.00", { ...terms, claim: "maybe" })).field, "claim");
  assert.equal(thrown(() => huiqi.quoter("henan", { ...terms, pool_used: "1.001" })).field, "pool_used");
  assert.equal(thrown(() => huiqi.quote("atlantis", "245.00", terms)).code, "policy.unknown_preset");
  assert.equal(thrown(() => huiqi.quote("henan", "245.00", "2018-07-24")).code, "request.invalid");
  // The total and the policy are arguments of their own: in the terms they
  // would silently replace the ones given.
  for (const key of ["order_total", "policy"]) {
    const inTerms = thrown(() => huiqi.quote("henan", "245.00", { ...terms, [key]: "1.00" }));
    assert.deepEqual([inTerms.code, inTerms.field, inTerms.messageEn], ["request.invalid", key, `\`${key}\` is an argument of its own, not a term`]);
  }
  // Terms are read when quoted: changing them later changes nothing.
  const mine = { ...terms };
  const kept = huiqi.quote("henan", "245.00", mine);
  mine.claim = "declined";
  assert.equal(kept.toJSON().subsidy, "73.50");
});

test("money crosses as strings with two decimals, never as numbers", () => {
  const q = huiqi.subsidyQuote(henanOrder);
  assert.equal(q.subsidy, "73.50");
  assert.equal(q.payable, "171.50");
  assert.equal(q.stage, "estimate");
  assert.equal(q.summary_zh, "预计补贴 ¥73.50");
  assert.deepEqual(huiqi.moneyParse({ input: "¥3,768.00" }), { amount: "3768.00", fen: 376800 });
  assert.deepEqual(huiqi.moneyAllocate({ total: "0.10", weights: ["1", "1", "1"] }).shares, ["0.04", "0.03", "0.03"]);
  // A number where money is expected is refused, naming the field.
  const e = thrown(() => huiqi.subsidyQuote({ ...henanOrder, order_total: 245 }));
  assert.equal(e.code, "money.not_a_string");
  assert.equal(e.category, "money");
  assert.equal(e.field, "order_total");
  const deep = thrown(() => huiqi.checkoutPrice({ checkout: { lines: [{ id: "1", product: "p", unit_price: 234.5 }], now: "2023-07-31 11:34:09" } }));
  assert.equal(deep.field, "checkout.lines[0].unit_price");
  // The largest amount keeps every fen: beyond 2^53 the fen come as a BigInt.
  const max = huiqi.moneyParse({ input: "999999999999999.99" });
  assert.equal(max.amount, "999999999999999.99");
  assert.equal(max.fen, 99999999999999999n);
});

test("the binding figure, batches and policies", () => {
  const binding = huiqi.subsidyQuote({ ...henanOrder, order_total: "3768.00", contract_amount: "120.00", date: "2018-07-30" });
  assert.equal(binding.stage, "binding");
  assert.equal(binding.summary_zh, "预计补贴金额不超过 ¥36.00");
  const batch = huiqi.subsidyQuoteBatch({
    policy: "henan",
    terms: { date: "2018-07-24", enterprise: { certified: true, claim: "claimed" } },
    order_totals: ["245.00", "0.05", "0.01"],
  });
  assert.deepEqual(batch, { subsidies: ["73.50", "0.02", "0.00"], total: "73.52", problems: [] });
  const text = 'id = "p"\nname = "P"\nratio = "25%"\neffective_from = 2025-01-01\n';
  const loaded = huiqi.policyLoad({ format: "toml", text, date: "2025-06-01" });
  assert.equal(loaded.in_force, "p");
  assert.equal(loaded.policies[0].ratio, "0.25");
  assert.equal(huiqi.subsidyQuote({ ...henanOrder, policy: loaded.policies[0], date: "2025-06-01" }).subsidy, "61.25");
  assert.equal(huiqi.subsidyQuote({ ...henanOrder, policy: loaded.policies, date: "2025-06-01" }).policy_id, "p");
  assert.equal(huiqi.passwordPolicy({ name: "national" }).max_length, 18);
});

test("checkout: offer, suggest, price, pay and cancel give back exactly what was taken", () => {
  const vouchers = [
    { number: "A", name: "创新服务券", face_value: "60.00", balance: "60.00", valid_from: "2023-07-15", valid_to: "2023-08-10" },
    { number: "B", name: "创新服务券", face_value: "500.00", balance: "500.00", valid_from: "2023-07-15", valid_to: "2023-08-18" },
  ];
  const checkout = {
    lines: [{ id: "1", product: "sku-1", unit_price: "245.00" }],
    vouchers,
    now: "2023-07-31 11:34:09",
    subsidy: { policy: "henan", enterprise: { certified: true, claim: "claimed" } },
  };
  assert.deepEqual(huiqi.checkoutOffer({ checkout }).usable.map((v) => v.number), ["A", "B"]);
  const suggestion = huiqi.checkoutSuggest({ checkout });
  assert.equal(suggestion.subsidy, "73.50");
  const priced = huiqi.checkoutPrice({ checkout, selected: suggestion.selected });
  assert.equal(priced.payable, suggestion.payable);
  const deductions = priced.vouchers.map((v) => ({ number: v.number, amount: v.deduction }));
  const paid = huiqi.checkoutPay({ vouchers, deductions }).vouchers;
  const restored = huiqi.checkoutCancel({ vouchers: paid, deductions }).vouchers;
  assert.deepEqual(restored.map((v) => v.balance), ["60.00", "500.00"]);
  assert.equal(huiqi.voucherStatus({ voucher: vouchers[1], now: "2023-08-18 23:59:59" }).usable, true);
  assert.equal(huiqi.voucherStatus({ voucher: vouchers[1], now: "2023-08-19T00:00:00+08:00" }).reason.code, "voucher.expired");
  const unknown = thrown(() => huiqi.checkoutPrice({ checkout, selected: ["Z"] }));
  assert.equal(unknown.code, "voucher.unknown");
  assert.equal(unknown.field, "selected[0]");
});

test("campaign grabs: granted, or refused with a typed error", () => {
  const campaign = {
    id: "C1", name: "2023 创新服务券", starts_at: "2023-07-15 00:00:00", ends_at: "2023-08-18 23:59:59", stock: 1,
    voucher: { name: "创新服务券", face_value: "5000.00", valid_from: "2023-07-15", valid_to: "2023-12-31" },
  };
  const attempt = { certified: true, now: "2023-07-20 10:00:00" };
  const grant = huiqi.campaignGrab({ campaign, attempt, voucher_number: "1700008" });
  assert.equal(grant.stock_after, 0);
  assert.equal(grant.voucher.balance, "5000.00");
  const blank = thrown(() => huiqi.campaignGrab({ campaign, attempt, voucher_number: " " }));
  assert.deepEqual([blank.code, blank.field], ["field.required", "voucher_number"]);
  const ended = thrown(() => huiqi.campaignGrab({ campaign, attempt: { certified: true, now: "2023-08-19 00:00:00" } }));
  assert.deepEqual([ended.code, ended.field], ["campaign.ended", "attempt.now"]);
});

test("validation answers every violation; only malformed calls throw", () => {
  const uscc = huiqi.validateUscc({ value: "G1110000MA001234XF" });
  assert.equal(uscc.info.authority.name_zh, "公安");
  assert.deepEqual(huiqi.validateUscc({ value: "91350100M000100Y44" }).violations.map((v) => v.code), ["uscc.check_character"]);
  const permit = huiqi.validateResidentId({ value: "830000199201300022", today: "2026-11-30" });
  assert.equal(permit.info.kind, "residence_permit");
  assert.equal(huiqi.validateEmail({ value: "service@example.xn--fiqs8s" }).valid, true);
  assert.equal(huiqi.validateLoginAccount({ value: "zhangsan123\u200b" }).violations[0].code, "field.charset");
  const upload = huiqi.validateUpload({ kind: "expert_photo", file: { name: "me.gif", size_bytes: 2048 * 1024 } });
  assert.deepEqual(upload.violations.map((v) => v.code).sort(), ["upload.format", "upload.too_large"]);
  assert.equal(huiqi.validateExpert({ form: {} }).valid, false);
  assert.equal(thrown(() => huiqi.validateUpload({ kind: "selfie", file: { name: "a.png", size_bytes: 1 } })).field, "kind");
});

test("passwords: check, hash, verify, history; never the password in a message", () => {
  const v = huiqi.passwordCheck({ policy: "national", password: "zhangsan123", context: { username: "zhangsan" } });
  assert.deepEqual(v.violations.map((p) => p.code), ["password.classes", "password.contains_username"]);
  assert.ok(v.violations.every((p) => !p.message_en.includes("zhangsan123") && !p.message_zh.includes("zhangsan123")));
  assert.deepEqual(huiqi.passwordCheck({ policy: "nist", password: "Ｐａｓｓｗｏｒｄ１２３" }).violations.map((p) => p.code), ["password.common"]);
  const { hash } = huiqi.passwordHash({ password: "Current#2024", cost: CHEAP });
  assert.match(hash, /^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
  assert.notEqual(huiqi.passwordHash({ password: "Current#2024", cost: CHEAP }).hash, hash, "fresh salts from crypto.getRandomValues");
  assert.deepEqual(huiqi.passwordVerify({ password: "Current#2024", hash }), { matches: true });
  const same = huiqi.passwordCheck({ policy: "national", password: "Current#2024", context: { current_hash: hash } });
  assert.deepEqual(same.violations.map((p) => p.code), ["password.same_as_current"]);
  const bad = thrown(() => huiqi.passwordCheck({ policy: "national", password: "Current#2024", context: { current_hash: "plain" } }));
  assert.deepEqual([bad.code, bad.field], ["password.bad_hash", "context.current_hash"]);
  assert.ok(!bad.message.includes("Current#2024"), "no password in errors");
});

test("thrown errors carry code, category, field, both messages, detail and every problem", () => {
  const e = thrown(() => huiqi.moneyParse({ input: "1.234" }));
  assert.ok(e instanceof Error);
  assert.equal(e.name, "HuiqiError");
  assert.equal(e.code, "money.too_many_decimals");
  assert.equal(e.category, "money");
  assert.equal(e.field, "input");
  assert.equal(e.messageEn, "amount `1.234` has more than 2 decimal places");
  assert.match(e.messageZh, /小数超过 2 位/);
  // The message every binding's exception carries: English, then Chinese.
  assert.equal(e.message, `money.too_many_decimals at \`input\`: ${e.messageEn} / ${e.messageZh}`);
  assert.deepEqual(e.problems, [{ code: "money.too_many_decimals", field: "input", message_en: e.messageEn, message_zh: e.messageZh }]);
  assert.equal(e.detail, null);
  const limit = thrown(() => huiqi.moneyParse({ input: "9".repeat(70_000) }));
  assert.deepEqual([limit.code, limit.category, limit.field], ["request.too_large", "request", "input"]);
  assert.deepEqual(limit.detail, { max: 65536, actual: 70000 });
  const typeName = thrown(() => huiqi.subsidyQuote({ ...henanOrder, enterprise: "x" }));
  assert.equal(typeName.field, "enterprise");
  assert.equal(typeName.messageEn, "invalid type: expected an object, found the string `x`");
});
