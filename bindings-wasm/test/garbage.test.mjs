// Garbage in: typed errors out, never a wasm trap (`unreachable`, a
// WebAssembly.RuntimeError), never a silently changed value, and the module
// keeps working afterwards.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

import * as huiqi from "huiqi";
import { casesOf, Num } from "./vectors.mjs";
import { jsName, plain, typedCall } from "./typed.mjs";

/** serde's wording for a Rust type, which no message may hold. */
const RUST_TYPE_NAME = /expected ((struct|enum) [A-Z]\w*|[ui](8|16|32|64)\b|f(32|64)\b)/;

/** Runs `fn`; it must throw a HuiqiError, which is returned. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `wasm trap: ${error.stack}`);
    assert.ok(huiqi.isHuiqiError(error), `not a HuiqiError: ${error?.stack ?? error}`);
    assert.ok(typeof error.code === "string" && error.messageZh && error.messageEn);
    assert.doesNotMatch(error.message, /panicked|unreachable|RuntimeError|\.rs:\d/);
    assert.doesNotMatch(error.message, RUST_TYPE_NAME);
    return error;
  }
  assert.fail("expected a HuiqiError, nothing was thrown");
}

/** Runs `fn`: it returns, or throws a HuiqiError; never anything else. */
function survives(fn, what) {
  try {
    fn();
    return "returned";
  } catch (error) {
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `wasm trap on ${what}: ${error.stack}`);
    assert.ok(huiqi.isHuiqiError(error), `${what}: not a HuiqiError: ${error?.stack ?? error}`);
    return error.code;
  }
}

/** call() answers JSON with `ok`, whatever it is given. */
function answer(op, text) {
  const out = huiqi.call(op, text);
  assert.equal(typeof out, "string");
  const parsed = JSON.parse(out);
  assert.equal(typeof parsed.ok, "boolean");
  return parsed;
}

const order = { policy: "henan", order_total: "245.00", date: "2018-07-24", enterprise: { certified: true, claim: "claimed" } };

test("malformed and empty JSON through call() are answered, never thrown", () => {
  for (const text of ["", " ", "{", '{"input": "1"', "{'input': '1'}", "[1,]", '{"input": "1"} x', "\u0000", "NaN", "Infinity", "-Infinity", "undefined", '{"input": 1e999999}']) {
    const a = answer("money.parse", text);
    assert.equal(a.ok, false, JSON.stringify(text));
    assert.equal(a.errors[0].code, "request.malformed_json", JSON.stringify(text));
  }
  assert.equal(answer("money.parse", "null").errors[0].code, "request.invalid");
  assert.equal(answer("money.parse", '"1"').errors[0].code, "request.invalid");
  // Past the nesting limit before its end: the limit, as every limit.
  assert.equal(answer("money.parse", "[[[[[[[[[[".repeat(200)).errors[0].code, "request.too_large");
  assert.equal(answer("money.parse", '{"input":"1.00","input":"999.00"}').errors[0].code, "request.duplicate_key");
  assert.equal(answer("no.such.op", "{}").errors[0].code, "request.unknown_operation");
});

test("call() given values other than text answers a refusal at the argument, never crashes", () => {
  // Plain JavaScript is not held to the declared `(op: string, request: string)`.
  for (const [op, request, field] of [
    ["money.parse", { input: "1" }, "request"],
    ["money.parse", 42, "request"],
    ["money.parse", undefined, "request"],
    ["money.parse", null, "request"],
    [42, '{"input":"1"}', "op"],
    [undefined, '{"input":"1"}', "op"],
    [{}, {}, "op"],
  ]) {
    const a = answer(op, request);
    assert.equal(a.ok, false);
    assert.deepEqual([a.errors[0].code, a.errors[0].field], ["request.invalid", field]);
  }
  // The module is whole afterwards.
  assert.equal(answer("money.parse", '{"input":"3,768.00"}').value.fen, 376800);
});

test("lone surrogates are refused at their field, never turned into U+FFFD", () => {
  for (const bad of ["\ud800", "a\udc00b", "\udc00\ud800", "x\ud83d", "\ude00y"]) {
    const e = thrown(() => huiqi.validateMobile({ value: bad }));
    assert.equal(e.code, "request.invalid");
    assert.equal(e.field, "value");
    assert.match(e.messageEn, /lone surrogate/);
    assert.equal(answer("validate.mobile", JSON.stringify({ value: bad })).errors[0].code, "request.malformed_json");
  }
  assert.equal(thrown(() => huiqi.passwordCheck({ policy: "national", password: "pass\ud800word" })).field, "password");
  assert.equal(thrown(() => huiqi.subsidyQuote({ ...order, enterprise: { certified: true, claim: "claimed", region: "41\udfff" } })).field, "enterprise.region");
  const key = thrown(() => huiqi.subsidyQuote({ ...order, ["k\ud800"]: 1 }));
  // The key named as written, its surrogate escaped: not U+FFFD.
  assert.deepEqual([key.code, key.field], ["request.invalid", "k\\u{D800}"]);
  // Raw text given to call(): refused as Python's call_json refuses it, not
  // read with U+FFFD in the surrogate's place and kept (trial).
  for (const text of ['{"input": "1\ud800"}', '{"value": "\udc00"}']) {
    const refused = answer("money.parse", text);
    assert.deepEqual(refused.errors.map((e) => [e.code, e.field, e.message_en]),
      [["request.malformed_json", null, "the request is not valid Unicode text (a lone surrogate)"]]);
  }
  // Well-formed text, with surrogate pairs and a real U+FFFD, is accepted as is.
  assert.equal(huiqi.validateMobile({ value: "😀\ufffd" }).valid, false);
  assert.equal(huiqi.passwordCheck({ policy: "nist", password: "Abc😀def1!" }).valid, true);
});

test("NaN, Infinity, BigInt and numbers out of range where numbers are expected", () => {
  for (const n of [NaN, Infinity, -Infinity]) {
    // JSON has no NaN: JSON.stringify would write null, which would quietly
    // empty an optional field. It is refused where it stands.
    const e = thrown(() => huiqi.validateUpload({ kind: "expert_photo", file: { name: "a.png", size_bytes: n } }));
    assert.deepEqual([e.code, e.field], ["request.invalid", "file.size_bytes"]);
    assert.match(e.messageEn, /no `NaN` or `Infinity`/);
    assert.match(e.messageZh, /没有 `NaN` 或 `Infinity`/);
    assert.equal(thrown(() => huiqi.moneyAllocate({ total: "1", weights: [n] })).field, "weights[0]");
    const optional = thrown(() => huiqi.subsidyQuote({ ...order, contract_amount: n }));
    assert.deepEqual([optional.code, optional.field], ["request.invalid", "contract_amount"]);
  }
  // A real null in an optional field is still an absent value.
  assert.equal(huiqi.subsidyQuote({ ...order, contract_amount: null }).stage, "estimate");
  for (const n of [-1, 1.5, 2 ** 64, Number.MAX_VALUE, -0.0001]) {
    assert.equal(thrown(() => huiqi.validateUpload({ kind: "expert_photo", file: { name: "a.png", size_bytes: n } })).field, "file.size_bytes", String(n));
  }
  const big = thrown(() => huiqi.validateUpload({ kind: "expert_photo", file: { name: "a.png", size_bytes: 10n } }));
  assert.deepEqual([big.code, big.field], ["request.invalid", "file.size_bytes"]);
  assert.match(big.messageEn, /BigInt/);
  for (const n of [245, 245.5, NaN, 0, -1]) {
    const e = thrown(() => huiqi.subsidyQuote({ ...order, order_total: n }));
    assert.equal(e.field, "order_total");
  }
});

test("empty input and missing arguments", () => {
  assert.equal(thrown(() => huiqi.subsidyQuote()).messageEn, "the request must be an object {...}");
  assert.equal(thrown(() => huiqi.subsidyQuote(null)).code, "request.invalid");
  assert.match(thrown(() => huiqi.subsidyQuote({})).messageEn, /missing field/);
  assert.equal(thrown(() => huiqi.validateMobile({})).field, "value");
  assert.equal(thrown(() => huiqi.moneyParse({ input: "" })).code, "money.empty");
  assert.equal(huiqi.validateMobile({ value: "" }).valid, false);
  assert.equal(thrown(() => huiqi.checkoutPrice({ checkout: { lines: [], now: "2023-07-31 11:34:09" } })).code, "checkout.no_lines");
  assert.equal(thrown(() => huiqi.moneyAllocate({ total: "1", weights: [] })).code, "allocation.no_lines");
});

test("wrong types everywhere are typed errors naming the field", () => {
  const cases = [
    [() => huiqi.subsidyQuote([]), null],
    [() => huiqi.subsidyQuote("henan"), null],
    [() => huiqi.subsidyQuote({ ...order, enterprise: [] }), "enterprise"],
    [() => huiqi.subsidyQuote({ ...order, enterprise: { certified: "yes", claim: "claimed" } }), "enterprise.certified"],
    [() => huiqi.subsidyQuote({ ...order, policy: 5 }), "policy"],
    [() => huiqi.subsidyQuote({ ...order, date: 20180724 }), "date"],
    [() => huiqi.subsidyQuote({ ...order, date: "2018-02-30" }), "date"],
    [() => huiqi.checkoutPrice({ checkout: { lines: "x", now: "2023-07-31 11:34:09" } }), "checkout.lines"],
    [() => huiqi.checkoutPrice({ checkout: { lines: [{ id: 1, product: "p", unit_price: "1" }], now: "x" } }), "checkout.lines[0].id"],
    [() => huiqi.checkoutPrice({ checkout: { lines: [{ id: "1", product: "p", unit_price: "1" }], now: "yesterday" } }), "checkout.now"],
    [() => huiqi.checkoutPrice({ checkout: { lines: [{ id: "1", product: "p", unit_price: "1" }], now: "2023-07-31 11:34:09" }, selected: "A" }), "selected"],
    [() => huiqi.checkoutPay({ vouchers: {}, deductions: [] }), "vouchers"],
    [() => huiqi.validateUpload({ kind: ["product_image"], file: { name: "a.png", size_bytes: 1 } }), "kind"],
    [() => huiqi.validateExpert({ form: { age: "forty" } }), "form.age"],
    [() => huiqi.passwordCheck({ policy: "national", password: 12345678 }), "password"],
    [() => huiqi.passwordCheck({ policy: "national", password: "x", context: { history_hashes: "h" } }), "context.history_hashes"],
    [() => huiqi.policyLoad({ format: "yaml", text: "x" }), "format"],
    [() => huiqi.campaignGrab({ campaign: {}, attempt: {} }), "attempt.certified"],
  ];
  for (const [fn, field] of cases) {
    const e = thrown(fn);
    assert.equal(e.field, field, `${fn}: ${e.message}`);
    assert.doesNotMatch(e.message, RUST_TYPE_NAME);
  }
});

test("values cross as JSON.stringify writes them: nothing is silently a number or lost", () => {
  class Order {
    constructor() {
      Object.assign(this, order);
    }
  }
  // A class instance, an object without a prototype, one of another realm and a proxy read as plain objects.
  assert.equal(huiqi.subsidyQuote(new Order()).subsidy, "73.50");
  assert.equal(huiqi.subsidyQuote(Object.assign(Object.create(null), order)).subsidy, "73.50");
  const foreign = vm.runInNewContext("({policy: 'henan', order_total: '245.00', date: '2018-07-24', enterprise: {certified: true, claim: 'claimed'}})");
  assert.equal(huiqi.subsidyQuote(foreign).subsidy, "73.50");
  assert.equal(huiqi.subsidyQuote(new Proxy(order, {})).subsidy, "73.50");
  // A Map or a Set is written as {}: named where it is, not read as an object with its keys missing
  // (trial: "missing field `policy`" for a whole request given as a Map). A RegExp is an object without keys.
  for (const value of [new Map([["certified", true]]), new Set()]) {
    const e = thrown(() => huiqi.subsidyQuote({ ...order, enterprise: value }));
    assert.deepEqual([e.code, e.field], ["request.invalid", "enterprise"]);
    assert.match(e.messageEn, /^a `Map` or `Set` cannot be carried/);
  }
  const whole = thrown(() => huiqi.subsidyQuote(new Map(Object.entries(order))));
  assert.deepEqual([whole.field, whole.messageZh.startsWith("`Map` 和 `Set` 不能")], [null, true]);
  assert.match(thrown(() => huiqi.subsidyQuote({ ...order, enterprise: /x/ })).field, /^enterprise/);
  // A function or a Symbol is left out by JSON: named where it was given, not "missing" (trial).
  for (const [value, said] of [[() => "245.00", /^a function cannot be carried/], [Symbol("x"), /^a `Symbol` cannot be carried/]]) {
    const e = thrown(() => huiqi.subsidyQuote({ ...order, order_total: value }));
    assert.deepEqual([e.code, e.field], ["request.invalid", "order_total"]);
    assert.match(e.messageEn, said);
    const term = thrown(() => huiqi.quote("henan", "245.00", { date: "2018-07-24", certified: true, claim: value }));
    assert.deepEqual([term.field, said.test(term.messageEn)], ["claim", true]);
    // quote's and a handle's own arguments too (re-check).
    const terms = { date: "2018-07-24", certified: true, claim: "claimed" };
    assert.equal(thrown(() => huiqi.quote(value, "245.00", terms)).field, "policy");
    assert.equal(thrown(() => huiqi.quote("henan", value, terms)).field, "order_total");
    assert.match(thrown(() => huiqi.quoter("henan", terms).quote(value)).messageEn, said);
    assert.match(thrown(() => huiqi.quoter("henan", terms).explain(value)).messageEn, said);
  }
  assert.match(thrown(() => huiqi.quote("henan", "245.00", new Map(Object.entries(order.enterprise)))).messageEn,
    /^a `Map` or `Set` cannot be carried/);
  // Only where the core misses a field: a method, an object's toJSON, a class's arrow-function field are
  // not data, and a refusal elsewhere stands as the core gave it (re-check: a null elsewhere once made
  // every function in the request an error, hiding a misspelt key).
  const total = { toJSON: () => "245.00" };
  assert.equal(huiqi.subsidyQuote({ ...order, order_total: total, contract_amount: null }).subsidy, "73.50");
  class Enterprise {
    certified = true;
    claim = "claimed";
    describe = () => "an enterprise";
  }
  assert.equal(huiqi.subsidyQuote({ ...order, enterprise: new Enterprise(), category: null }).subsidy, "73.50");
  const typo = thrown(() => huiqi.subsidyQuote({ ...order, odrer: 1, enterprise: new Enterprise() }));
  assert.deepEqual([typo.code, typo.field], ["request.invalid", "odrer"]);
  // Where the core names a missing entry by another code, the Map it was in is named.
  const picks = thrown(() => huiqi.approvalDecide({
    request: { request_id: "r1", actor: { id: "li", roles: ["applicant"] },
      command: { type: "submit", route: "seal", name: "用印", picks: new Map([["leader", "zhou"]]) } },
    now: "2023-07-20 10:00:00", seed: 1 }));
  assert.deepEqual([picks.field, /^a `Map` or `Set`/.test(picks.messageEn)], ["request.command.picks", true]);
  // undefined in an object is absent; in an array it is null, which money refuses.
  assert.equal(huiqi.subsidyQuote({ ...order, category: undefined }).subsidy, "73.50");
  assert.equal(thrown(() => huiqi.moneyAllocate({ total: "1", weights: ["1", undefined] })).field, "weights[1]");
});

test("cycles, deep nesting, throwing getters and revoked proxies", () => {
  const cycle = { ...order, enterprise: { certified: true, claim: "claimed" } };
  cycle.enterprise.self = cycle;
  const c = thrown(() => huiqi.subsidyQuote(cycle));
  assert.deepEqual([c.code, c.field], ["request.invalid", "enterprise.self"]);
  assert.match(c.messageEn, /cycle/);
  let deep = "1";
  for (let i = 0; i < 1000; i++) deep = [deep];
  // A limit, refused as every limit is (request.too_large), however deep:
  // at 200,000 levels JSON.stringify gives up first, which once read as
  // "a cycle or a BigInt" (trial).
  for (const levels of [1000, 200_000]) {
    let value = "1";
    for (let i = 0; i < levels; i++) value = [value];
    const e = thrown(() => huiqi.moneyAllocate({ total: "1", weights: value }));
    assert.equal(e.code, "request.too_large", `${levels}`);
    assert.match(e.messageEn, /nested more than the 128 levels allowed/);
  }
  assert.equal(JSON.parse(huiqi.call("money.allocate", JSON.stringify({ total: "1", weights: deep }))).errors[0].code,
    "request.too_large");
  const getter = { ...order };
  Object.defineProperty(getter, "category", { enumerable: true, get() { throw new Error("boom"); } });
  const threw = thrown(() => huiqi.subsidyQuote(getter));
  assert.deepEqual([threw.code, threw.field], ["request.invalid", "category"]);
  assert.match(threw.messageEn, /^reading this value threw an exception/);
  // In quote's terms too: a HuiqiError, not the getter's own exception (re-check).
  const terms = { certified: true, claim: "claimed", get date() { throw new Error("boom"); } };
  for (const fn of [() => huiqi.quote("henan", "245.00", terms), () => huiqi.quoter("henan", terms)]) {
    const e = thrown(fn);
    assert.deepEqual([e.code, e.field], ["request.invalid", "date"]);
  }
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.equal(thrown(() => huiqi.subsidyQuote({ ...order, enterprise: proxy })).code, "request.invalid");
});

test("__proto__ keys neither pollute nor pass", () => {
  const hostile = JSON.parse('{"policy": "henan", "order_total": "245.00", "date": "2018-07-24", "enterprise": {"certified": true, "claim": "claimed"}, "__proto__": {"polluted": true}}');
  const e = thrown(() => huiqi.subsidyQuote(hostile));
  assert.equal(e.field, "__proto__");
  assert.equal({}.polluted, undefined);
  assert.equal(answer("subsidy.quote", '{"__proto__": {"polluted": true}}').ok, false);
  assert.equal({}.polluted, undefined);
});

test("huge strings: refused past the documented limits, cut in messages within them", () => {
  const big = "A".repeat(10_000_000);
  for (const call of [
    () => huiqi.validateUscc({ value: big }),
    () => huiqi.validateMobile({ value: "1".repeat(1_000_000) }),
    () => huiqi.moneyParse({ input: "9".repeat(1_000_000) }),
  ]) {
    const e = thrown(call);
    assert.equal(e.code, "request.too_large");
    assert.ok(e.messageEn.length < 300 && !e.messageEn.includes("AAAA"));
  }
  const v = huiqi.validateUscc({ value: "A".repeat(60_000) });
  assert.ok(v.violations[0].message_en.length < 300 && v.violations[0].message_en.includes("…"));
  assert.equal(answer("money.parse", JSON.stringify({ input: big })).errors[0].code, "request.too_large");
  assert.equal(thrown(() => huiqi.validateMobile({ value: "x".repeat(17 * 1024 * 1024) })).code, "request.too_large");
  const manyKeys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
  assert.match(thrown(() => huiqi.subsidyQuote({ ...order, ...manyKeys })).messageEn, /unknown field/);
});

// --- a seeded fuzz: garbage into every typed function and into call() ---

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const vectorsDir = fileURLToPath(new URL("../../tests/vectors/", import.meta.url));
const requests = readdirSync(vectorsDir)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => casesOf(f, readFileSync(join(vectorsDir, f), "utf8")))
  .filter((c) => c.requestValue !== undefined);

function garbage(random, depth = 0) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const kind = Math.floor(random() * (depth > 3 ? 8 : 12));
  switch (kind) {
    case 0: return pick([NaN, Infinity, -Infinity, -0, 0, 1, -1, 1.5, 2 ** 53, 2 ** 64, Number.MIN_VALUE, 1e308]);
    case 1: return pick(["", "henan", "national", "245.00", "¥3,768.00", "2018-07-24", "2023-08-18 23:59:59", "\ud800", "\udc00x", "😀", "\u0000\n`", "A".repeat(5000), "-1", "1e3", "0.001"]);
    case 2: return pick([null, undefined, true, false]);
    case 3: return pick([0n, -1n, 2n ** 64n, 2n ** 63n - 1n]);
    case 4: return pick([Symbol("x"), () => 0, new Date(0), new Map(), /r/, new Uint8Array(1), new String("s")]);
    case 5: return Object.create(null);
    case 6: return Array.from({ length: Math.floor(random() * 4) }, () => garbage(random, depth + 1));
    case 7: {
      const keys = ["value", "input", "policy", "order_total", "date", "enterprise", "lines", "now", "form", "__proto__", "constructor", "toString", "x"];
      const o = {};
      for (let i = Math.floor(random() * 5); i > 0; i--) o[pick(keys)] = garbage(random, depth + 1);
      return o;
    }
    default: {
      // A real request with one value somewhere replaced by garbage.
      const base = plain(pick(requests).requestValue, Num);
      return mutate(base, random, depth);
    }
  }
}

function mutate(value, random, depth) {
  if (value === null || typeof value !== "object" || random() < 0.25) return garbage(random, depth + 4);
  const keys = Object.keys(value);
  if (keys.length === 0) return value;
  const key = keys[Math.floor(random() * keys.length)];
  const copy = Array.isArray(value) ? [...value] : { ...value };
  copy[key] = mutate(value[key], random, depth + 1);
  return copy;
}

const fuzzCounts = { returned: 0, threw: 0 };

test("seeded fuzz: every typed function returns or throws a HuiqiError", () => {
  const random = rng(20240607);
  const functions = huiqi.operations({}).operations.map((o) => jsName(o.name)).filter((f) => f !== "passwordHash");
  for (let i = 0; i < 4000; i++) {
    const fn = functions[i % functions.length];
    const request = garbage(random);
    const outcome = survives(() => huiqi[fn](request), `${fn} #${i}`);
    fuzzCounts[outcome === "returned" ? "returned" : "threw"]++;
  }
  // Real requests of each operation, one value mangled, through their own function.
  for (let i = 0; i < 4000; i++) {
    const c = requests[Math.floor(random() * requests.length)];
    if (c.op === "password.hash") continue;
    const request = mutate(plain(c.requestValue, Num), random, 0);
    const run = typedCall(huiqi, c.op, request);
    if (!run) continue;
    const outcome = survives(run, `${c.op} (from ${c.name})`);
    fuzzCounts[outcome === "returned" ? "returned" : "threw"]++;
  }
  // Cheap hashing only: the default cost would make this slow, not unsafe.
  for (let i = 0; i < 50; i++) {
    survives(() => huiqi.passwordHash({ password: garbage(random), cost: { memory_kib: 8 + Math.floor(random() * 64), iterations: 1, parallelism: 1 } }), "passwordHash");
  }
});

test("seeded fuzz: call() answers JSON for mangled request texts", () => {
  const random = rng(7);
  const ops = huiqi.operations({}).operations.map((o) => o.name).filter((op) => op !== "password.hash");
  for (let i = 0; i < 3000; i++) {
    const c = requests[Math.floor(random() * requests.length)];
    let text = c.request;
    const cut = Math.floor(random() * (text.length + 1));
    switch (i % 4) {
      case 0: text = text.slice(0, cut); break;
      case 1: text = text.slice(0, cut) + String.fromCharCode(Math.floor(random() * 0x10000)) + text.slice(cut); break;
      case 2: text = text.slice(0, cut) + text.slice(cut + 1 + Math.floor(random() * 5)); break;
      default: text = text.slice(0, cut) + pick(random, ["NaN", "1e999", "-0", "null", "[]", "{}", '"\\ud800"', "9".repeat(400)]) + text.slice(cut);
    }
    const op = random() < 0.8 ? c.op : ops[Math.floor(random() * ops.length)];
    answer(op, text);
  }
});

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

test("after all this garbage, the module still works", () => {
  assert.equal(huiqi.subsidyQuote(order).payable, "171.50");
  assert.deepEqual(huiqi.moneyParse({ input: "¥3,768.00" }), { amount: "3768.00", fen: 376800 });
});

after(() => {
  console.log(`garbage fuzz: ${fuzzCounts.returned} calls returned, ${fuzzCounts.threw} threw a HuiqiError, none trapped`);
});
