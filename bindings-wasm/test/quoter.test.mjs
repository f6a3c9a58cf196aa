// `quoter(policy, terms)`: the handle that quotes order after order. Every
// answer must be `subsidyQuote`'s for the same order (figures and the whole
// explained answer), every refusal its error, whatever the policy, rounding,
// caps, usage, standing or total, and however often the handle is used.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import * as huiqi from "huiqi";
import { casesOf, Num } from "./vectors.mjs";
import { plain, flatField, thrown as thrownBy } from "./typed.mjs";

const vectorsDir = fileURLToPath(new URL("../../tests/vectors/", import.meta.url));
const vectors = readdirSync(vectorsDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .flatMap((f) => casesOf(f, readFileSync(join(vectorsDir, f), "utf8")));

const terms = { date: "2018-07-24", certified: true, claim: "claimed" };

/** The `subsidy.quote` request for `policy`, `orderTotal` and flat `terms`. */
function request(policy, orderTotal, flat) {
  const { certified, claim, region, enterprise_year_used, pool_used, ...top } = flat;
  const enterprise = { certified, claim, ...(region === undefined ? {} : { region }) };
  const usage = { enterprise_year_used, pool_used };
  for (const key of Object.keys(usage)) if (usage[key] === undefined) delete usage[key];
  const request = { policy, order_total: orderTotal, ...top, enterprise };
  return Object.keys(usage).length ? { ...request, usage } : request;
}

/** Runs `fn`, which must throw a HuiqiError; returns it. */
const thrown = (fn) => thrownBy(huiqi, fn);

/** What a thrown error says: everything but the stack. */
function said(error) {
  const { code, category, field, messageZh, messageEn, detail, problems, message, name } = error;
  return { code, category, field, messageZh, messageEn, detail, problems, message, name };
}

/** "12345" fen as the total's text, in one of the forms a page sends. */
function totalText(fen, form) {
  const yuan = Math.floor(fen / 100);
  const cents = String(fen % 100).padStart(2, "0");
  if (form === 1 && cents.endsWith("0")) return `${yuan}.${cents[0]}`;
  if (form === 2 && cents === "00") return String(yuan);
  return `${yuan}.${cents}`;
}

const capped = {
  id: "capped", name: "封顶政策", ratio: "33.33%", rounding: "half_even", effective_from: "2020-01-01",
  caps: { per_order: "500.00", per_enterprise_per_year: "800.00", budget_pool: "10000.00" },
};
const policies = [
  ["henan", terms],
  [{ ...capped, rounding: "down" }, { ...terms, date: "2024-03-01" }],
  [{ ...capped, rounding: "up" }, { ...terms, date: "2024-03-01", enterprise_year_used: "450.00", pool_used: "9999.00" }],
  [{ ...capped, ratio: "12.5%", rounding: "half_toward_zero" }, { ...terms, date: "2024-03-01", pool_used: "9800.00" }],
  [{ ...capped, ratio: "12.5%" }, { ...terms, date: "2024-03-01", enterprise_year_used: "900.00" }],
  [{ ...capped, ratio: "100%", caps: {} }, { ...terms, date: "2024-03-01" }],
  ["henan", { ...terms, claim: "declined" }],
  ["henan", { ...terms, certified: false, claim: "unclaimed" }],
  ["henan", { ...terms, date: "2017-12-31" }],
];

test("the manual's figure, and the whole answer as subsidyQuote gives it", () => {
  const quoter = huiqi.quoter("henan", terms);
  assert.ok(quoter instanceof huiqi.Quoter);
  assert.deepEqual(quoter.quote("245.00"), { subsidy: "73.50", payable: "171.50" });
  assert.deepEqual(Object.keys(quoter.quote("245.00")), ["subsidy", "payable"]);
  assert.deepEqual(quoter.explain("245.00"), huiqi.subsidyQuote(request("henan", "245.00", terms)));
  assert.equal(quoter.explain("245.00").summary_zh, "预计补贴 ¥73.50");
});

test("a handle says which policy it quotes under: the version in force on the terms' date", () => {
  const preset = huiqi.quoter("henan", terms).policy;
  assert.equal(preset.ratio, "0.30");
  // Given back as an object, it quotes alike and is said back whole.
  const again = huiqi.quoter(preset, terms);
  assert.deepEqual(again.policy, preset);
  assert.deepEqual(again.quote("245.00"), { subsidy: "73.50", payable: "171.50" });
  // Of two versions, the one whose start has come on the date.
  const later = { ...preset, id: "henan-later", effective_from: "2018-08-01" };
  assert.equal(huiqi.quoter([preset, later], terms).policy.id, preset.id);
  assert.equal(huiqi.quoter([preset, later], { ...terms, date: "2018-08-02" }).policy.id, "henan-later");
});

test("every total, policy, rounding, cap, usage and standing: subsidyQuote's subsidy and payable", () => {
  let compared = 0;
  for (const [policy, flat] of policies) {
    const quoter = huiqi.quoter(policy, flat);
    const fens = [];
    for (let fen = 0; fen <= 100_000; fen += 37) fens.push(fen); // 0.00 … 1000.00
    fens.push(1, 2, 3, 5, 15, 25, 35, 49, 50, 51, 99, 100, 101, 149_999, 150_000, 150_001, 1_499_997, 1_500_000);
    fens.push(4_294_967_295_00, 4_294_967_296_00, 12_345_678_901_234, 99_999_999_999_999_999);
    for (const [i, fen] of fens.entries()) {
      const total = fen > Number.MAX_SAFE_INTEGER ? "999999999999999.99" : totalText(fen, i % 3);
      const whole = huiqi.subsidyQuote(request(policy, total, flat));
      const where = `${JSON.stringify(policy).slice(0, 40)} ${JSON.stringify(flat)} ${total}`;
      assert.deepEqual(quoter.quote(total), { subsidy: whole.subsidy, payable: whole.payable }, where);
      if (i % 50 === 0) assert.deepEqual(quoter.explain(total), whole, where);
      compared++;
    }
  }
  assert.ok(compared > 20_000, `${compared} compared`);
});

test("totals written every way the core reads them, and ones it refuses, answer as subsidyQuote does", () => {
  const quoter = huiqi.quoter("henan", terms);
  const totals = [
    "0", "0.00", "0.0", "0.01", "0.05", "007.5", "245", "245.5", " 245.00 ", "\t245.00\n", "3,768.00", "1,234,567.89",
    "¥245.00", "￥3,768.00", "-0", "999999999999999.99", "999,999,999,999,999.99", `${" ".repeat(70)}1.00`,
    // Refused:
    "", " ", "1.234", "245.", ".5", "-5.00", "+5", "1e3", "abc", "1,00.00", "1000000000000000.00", "２４５", "\ud800",
    "9".repeat(70_000), 245, 245.5, 0, -1, NaN, Infinity, null, undefined, true, 10n, {}, [], ["245.00"], { amount: "245.00" },
  ];
  for (const total of totals) {
    const where = typeof total === "string" ? JSON.stringify(total.slice(0, 30)) : String(total);
    let whole;
    let refusal;
    try {
      whole = huiqi.subsidyQuote(request("henan", total, terms));
    } catch (error) {
      refusal = error;
    }
    if (refusal === undefined) {
      assert.deepEqual(quoter.quote(total), { subsidy: whole.subsidy, payable: whole.payable }, where);
      assert.deepEqual(quoter.explain(total), whole, where);
    } else {
      assert.ok(huiqi.isHuiqiError(refusal), `${where}: ${refusal}`);
      assert.deepEqual(said(thrown(() => quoter.quote(total))), said(refusal), where);
      assert.deepEqual(said(thrown(() => quoter.explain(total))), said(refusal), where);
      if (total !== undefined) assert.equal(refusal.field, "order_total", where);
    }
  }
  // A refusal leaves the handle as it was.
  assert.deepEqual(quoter.quote("245.00"), { subsidy: "73.50", payable: "171.50" });
});

test("a contract amount is one order's: a handle refuses it, as Python's quoter does", () => {
  const refused = thrown(() => huiqi.quoter("henan", { ...terms, contract_amount: "120.00" }));
  assert.deepEqual([refused.code, refused.field], ["request.invalid", "contract_amount"]);
  assert.match(refused.messageEn, /^a contract amount is one order's .*`quote`$/);
  // Absent as null or undefined, as every optional term.
  for (const absent of [null, undefined]) {
    assert.equal(huiqi.quoter("henan", { ...terms, contract_amount: absent }).quote("245.00").subsidy, "73.50");
  }
  assert.match(refused.messageZh, /^合同金额属于单个订单/);
  // Each order with its own contract amount is quoted one by one.
  assert.equal(huiqi.quote("henan", "1.00", { ...terms, contract_amount: "120.00" }).subsidy, "36.00");
});

test("bad terms are refused when the handle is made, as quote refuses them", () => {
  const cases = [
    ["henan", { ...terms, date: "2018-02-30" }],
    ["henan", { ...terms, claim: "maybe" }],
    ["henan", { ...terms, certified: "yes" }],
    ["henan", { ...terms, contract_amout: "120.00" }],
    ["henan", { ...terms, contract_amount: 120 }],
    ["henan", { ...terms, region: "999999" }],
    ["henan", { date: "2018-07-24" }],
    ["henan", "2018-07-24"],
    ["henan", undefined],
    ["atlantis", terms],
    [{ ...capped, ratio: "130%" }, terms],
  ];
  for (const [policy, flat] of cases) {
    const where = JSON.stringify([policy, flat]);
    const want = thrown(() => huiqi.quote(policy, "245.00", flat));
    assert.deepEqual(said(thrown(() => huiqi.quoter(policy, flat))), said(want), where);
  }
  // Versions none of which is in force on the date quote nothing, as one
  // policy out of its dates does: not refused.
  const later = [{ ...capped, effective_from: "2030-01-01" }];
  assert.equal(huiqi.quote(later, "245.00", terms).subsidy, "0.00");
  assert.equal(huiqi.quoter(later, terms).quote("245.00").subsidy, "0.00");
  // The total is each order's, the policy the handle's: neither is a term.
  for (const key of ["order_total", "policy"]) {
    const e = thrown(() => huiqi.quoter("henan", { ...terms, [key]: "1.00" }));
    assert.deepEqual([e.code, e.field], ["request.invalid", key]);
  }
  // Nor are the request's own groups: `enterprise` was replaced by the terms'
  // and its `declined` lost (trial), and `usage` passed unchecked.
  for (const [key, value] of [
    ["enterprise", { certified: false, claim: "declined" }],
    ["usage", { pool_used: "1.00" }],
    ["colour", "red"],
  ]) {
    for (const call of [() => huiqi.quote("henan", "245.00", { ...terms, [key]: value }),
                        () => huiqi.quoter("henan", { ...terms, [key]: value })]) {
      const e = thrown(call);
      assert.deepEqual([e.code, e.field], ["request.invalid", key]);
      assert.match(e.messageEn, /^unknown term `\w+`; expected one of `date`, `certified`, `claim`/);
    }
  }
});

test("every subsidy.quote vector: the same answer or error through a handle", () => {
  let compared = 0;
  for (const c of vectors.filter((v) => v.op === "subsidy.quote" && v.requestValue !== undefined)) {
    const { policy, order_total, enterprise, usage, ...top } = plain(c.requestValue, Num);
    const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (!isObject(enterprise) || (usage !== undefined && !isObject(usage))) continue;
    const flat = { ...top, ...enterprise, ...(usage ?? {}) };
    const answer = JSON.parse(huiqi.call(c.op, c.request));
    const where = `${c.file}: ${c.name}`;
    if (flat.contract_amount != null) {
      // One order's: a handle refuses it (quoted one by one, as above).
      const e = thrown(() => huiqi.quoter(policy, flat));
      // At contract_amount, or (a vector refused anyway) where call() refuses it first.
      const at = answer.ok ? ["contract_amount"] : ["contract_amount", flatField(answer.errors[0].field)];
      assert.ok(at.includes(e.field), `${where}: refused at ${e.field}`);
      compared++;
      continue;
    }
    let quoter;
    try {
      quoter = huiqi.quoter(policy, flat);
    } catch (error) {
      // Refused on its terms: a problem subsidyQuote has too.
      assert.ok(huiqi.isHuiqiError(error), `${where}: ${error}`);
      assert.ok(!answer.ok, `${where}: the handle refused what call() quotes: ${error.message}`);
      assert.ok(answer.errors.some((p) => p.code === error.code && flatField(p.field) === error.field), `${where}: ${error.message}`);
      compared++;
      continue;
    }
    if (answer.ok) {
      assert.deepEqual(quoter.quote(order_total), { subsidy: answer.value.subsidy, payable: answer.value.payable }, where);
      assert.deepEqual(quoter.explain(order_total), answer.value, where);
    } else {
      const e = thrown(() => quoter.quote(order_total));
      assert.deepEqual([e.code, e.field], [answer.errors[0].code, flatField(answer.errors[0].field)], where);
    }
    compared++;
  }
  assert.ok(compared >= 40, `only ${compared} vectors compared`);
});

test("a handle is reused and independent: terms read once, handles apart, memory growth survived", () => {
  const mine = { ...terms };
  const quoter = huiqi.quoter("henan", mine);
  mine.claim = "declined";
  mine.contract_amount = "1.00";
  const declined = huiqi.quoter("henan", { ...terms, claim: "declined" });
  const totals = [];
  for (let i = 0; i < 2_000; i++) totals.push(totalText(i * 9_973 % 10_000_000, i % 3));
  const before = totals.map((t) => quoter.quote(t));
  assert.deepEqual(declined.quote("245.00"), { subsidy: "0.00", payable: "245.00" });
  // Make the module's memory grow (a large batch), then quote again: the
  // answers read the new memory, not a stale view of the old one.
  const buffer = huiqi.subsidyQuoteBatch({
    policy: "henan",
    terms: { date: "2018-07-24", enterprise: { certified: true, claim: "claimed" } },
    order_totals: Array.from({ length: 200_000 }, (_, i) => totalText(i, 0)),
  });
  assert.equal(buffer.subsidies.length, 200_000);
  assert.deepEqual(totals.map((t) => quoter.quote(t)), before);
  assert.deepEqual(quoter.quote("245.00"), { subsidy: "73.50", payable: "171.50" });
  const answers = new Set(before.map((f) => f.subsidy));
  assert.ok(answers.size > 1_000, "distinct answers, not one object reused");
  quoter.free();
  declined.free();
});
