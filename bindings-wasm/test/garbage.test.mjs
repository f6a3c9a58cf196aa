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
import { TYPED, plain, typedCall, RUST_TYPE_NAME } from "./typed.mjs";

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
  assert.equal(answer("money.parse", "[[[[[[[[[[".repeat(200)).errors[0].code, "request.malformed_json");
  assert.equal(answer("no.such.op", "{}").errors[0].code, "request.unknown_operation");
  // Arguments that are not strings are answered too.
  for (const [op, text] of [[undefined, undefined], [null, "{}"], ["money.parse", { input: "1" }], [42, "{}"], ["money.parse", 7n], [Symbol("s"), "{}"]]) {
    const a = answer(op, text);
    assert.equal(a.errors[0].code, "request.invalid");
  }
});

test("lone surrogates are refused, never turned into U+FFFD", () => {
  for (const bad of ["\ud800", "a\udc00b", "\udc00\ud800", "x\ud83d", "\ude00y"]) {
    const e = thrown(() => huiqi.validateMobile(bad));
    assert.equal(e.code, "request.invalid");
    assert.equal(e.field, "value");
    assert.match(e.messageEn, /lone surrogate/);
    // In call(): the raw text holds it (not an escape), so it is not JSON text.
    const a = answer("validate.mobile", `{"value": "${bad}"}`);
    assert.equal(a.errors[0].code, "request.malformed_json");
    // Escaped in JSON, the parser refuses it.
    const escaped = answer("validate.mobile", JSON.stringify({ value: bad }));
    assert.equal(escaped.errors[0].code, "request.malformed_json");
  }
  // Deep inside a request, in a key, in a password: the path is named.
  assert.equal(thrown(() => huiqi.checkPassword("pass\ud800word", "national")).field, "password");
  assert.equal(thrown(() => huiqi.quote({ ...order, enterprise: { certified: true, claim: "claimed", region: "41\udfff" } })).field, "enterprise.region");
  assert.equal(thrown(() => huiqi.quote({ ...order, ["k\ud800"]: 1 })).code, "request.invalid");
  // Well-formed text, with surrogate pairs and a real U+FFFD, is accepted as is.
  assert.equal(huiqi.validateMobile("😀\ufffd").valid, false);
  assert.equal(huiqi.checkPassword("Abc😀def1!", "nist").valid, true);
  assert.equal(huiqi.checkPassword("Abc\ufffddef1!", "nist").valid, true);
});

test("NaN, Infinity and numbers out of range where numbers are expected", () => {
  for (const [n, text] of [[NaN, "NaN"], [Infinity, "Infinity"], [-Infinity, "-Infinity"]]) {
    const e = thrown(() => huiqi.validateUpload("expert_photo", { name: "a.png", size_bytes: n }));
    assert.equal(e.code, "request.invalid");
    assert.equal(e.field, "file.size_bytes");
    assert.ok(e.messageEn.includes(text));
    assert.equal(thrown(() => huiqi.hashPassword("x", { memory_kib: n, iterations: 1, parallelism: 1 })).field, "cost.memory_kib");
    assert.equal(thrown(() => huiqi.allocate("1", [n])).field, "weights[0]");
  }
  for (const n of [-1, 1.5, 2 ** 64, Number.MAX_VALUE, -0.0001]) {
    assert.equal(thrown(() => huiqi.validateUpload("expert_photo", { name: "a.png", size_bytes: n })).field, "file.size_bytes", String(n));
  }
  // -0 is 0; an integer-valued double is an integer; a BigInt in range is an integer.
  assert.deepEqual(huiqi.validateUpload("expert_photo", { name: "a.png", size_bytes: -0 }).violations.map((v) => v.message_en), ["the file is empty"]);
  assert.equal(huiqi.validateUpload("expert_photo", { name: "a.png", size_bytes: 10n }).valid, true);
  assert.equal(thrown(() => huiqi.validateUpload("expert_photo", { name: "a.png", size_bytes: 2n ** 70n })).field, "file.size_bytes");
  // Money as a number is refused, whatever the number.
  for (const n of [245, 245.5, NaN, 0, -1]) {
    const e = thrown(() => huiqi.quote({ ...order, order_total: n }));
    assert.equal(e.field, "order_total");
    assert.ok(["money.not_a_string", "request.invalid"].includes(e.code));
  }
});

test("empty input and missing arguments", () => {
  assert.equal(thrown(() => huiqi.quote()).messageEn, "the request must be an object {...}");
  assert.equal(thrown(() => huiqi.quote(null)).code, "request.invalid");
  assert.match(thrown(() => huiqi.quote({})).messageEn, /missing field/);
  assert.match(thrown(() => huiqi.validateMobile()).messageEn, /missing field `value`/);
  assert.match(thrown(() => huiqi.checkoutPrice()).messageEn, /missing field `checkout`/);
  assert.equal(thrown(() => huiqi.parseMoney("")).code, "money.empty");
  assert.equal(huiqi.validateMobile("").valid, false);
  assert.equal(thrown(() => huiqi.checkoutPrice({ lines: [], now: "2023-07-31 11:34:09" })).code, "checkout.no_lines");
  assert.equal(thrown(() => huiqi.allocate("1", [])).code, "allocation.no_lines");
});

test("wrong types everywhere are typed errors naming the field", () => {
  const cases = [
    [() => huiqi.quote([]), null],
    [() => huiqi.quote("henan"), null],
    [() => huiqi.quote({ ...order, enterprise: [] }), "enterprise"],
    [() => huiqi.quote({ ...order, enterprise: { certified: "yes", claim: "claimed" } }), "enterprise.certified"],
    [() => huiqi.quote({ ...order, policy: 5 }), "policy"],
    [() => huiqi.quote({ ...order, date: 20180724 }), "date"],
    [() => huiqi.quote({ ...order, date: "2018-02-30" }), "date"],
    [() => huiqi.checkoutPrice({ lines: "x", now: "2023-07-31 11:34:09" }), "checkout.lines"],
    [() => huiqi.checkoutPrice({ lines: [{ id: 1, product: "p", unit_price: "1" }], now: "x" }), "checkout.lines[0].id"],
    [() => huiqi.checkoutPrice({ lines: [{ id: "1", product: "p", unit_price: "1" }], now: "yesterday" }), "checkout.now"],
    [() => huiqi.checkoutPrice({ lines: [{ id: "1", product: "p", unit_price: "1" }], now: "2023-07-31 11:34:09" }, "A"), "selected"],
    [() => huiqi.checkoutPay({}, []), "vouchers"],
    [() => huiqi.validateUpload(["product_image"], { name: "a.png", size_bytes: 1 }), "kind"],
    [() => huiqi.validateExpert({ age: "forty" }), "form.age"],
    [() => huiqi.checkPassword(12345678, "national"), "password"],
    [() => huiqi.checkPassword("x", "national", { history_hashes: "h" }), "context.history_hashes"],
    [() => huiqi.loadPolicies("x", "yaml"), "format"],
    // Keys are read in byte order, as the core's JSON objects keep them.
    [() => huiqi.campaignGrab({}, {}), "attempt.certified"],
  ];
  for (const [fn, field] of cases) {
    const e = thrown(fn);
    assert.equal(e.field, field, `${fn}: ${e.message}`);
    assert.doesNotMatch(e.message, RUST_TYPE_NAME);
  }
});

test("values JSON cannot carry are refused, not changed", () => {
  class Order {
    constructor() {
      Object.assign(this, order);
    }
  }
  const refused = [
    [new Date(), /instance of `Date`/],
    [new Map([["input", "1"]]), /instance of `Map`/],
    [new Set(), /instance of `Set`/],
    [/x/, /instance of `RegExp`/],
    [new Uint8Array(2), /instance of `Uint8Array`/],
    [new Order(), /instance of `Order`/],
    [new String("henan"), /instance of `String`/],
    [() => 1, /function/],
    [Symbol("s"), /symbol/],
  ];
  for (const [value, message] of refused) {
    const e = thrown(() => huiqi.quote({ ...order, enterprise: value }));
    assert.equal(e.field, "enterprise");
    assert.match(e.messageEn, message);
  }
  assert.match(thrown(() => huiqi.quote(new Order())).messageEn, /instance of `Order`/);
  // Objects without a prototype, and objects of another realm, are plain.
  const bare = Object.assign(Object.create(null), order);
  assert.equal(huiqi.quote(bare).subsidy, "73.50");
  const foreign = vm.runInNewContext("({policy: 'henan', order_total: '245.00', date: '2018-07-24', enterprise: {certified: true, claim: 'claimed'}})");
  assert.equal(huiqi.quote(foreign).subsidy, "73.50");
  // undefined in an object is absent (as in JSON.stringify); in an array it is refused.
  assert.equal(huiqi.quote({ ...order, category: undefined }).subsidy, "73.50");
  assert.equal(thrown(() => huiqi.allocate("1", ["1", undefined])).field, "weights[1]");
  // eslint-disable-next-line no-sparse-arrays
  assert.equal(thrown(() => huiqi.allocate("1", [, "1"])).field, "weights[0]");
  const long = [];
  long.length = 2 ** 32 - 1;
  assert.match(thrown(() => huiqi.allocate("1", long)).messageEn, /too long/);
});

test("cycles, deep nesting, throwing getters and proxies", () => {
  const cycle = { ...order };
  cycle.enterprise = { certified: true, claim: "claimed" };
  cycle.enterprise.self = cycle;
  assert.match(thrown(() => huiqi.quote(cycle)).messageEn, /nested more than 128 levels deep/);
  let deep = "1";
  for (let i = 0; i < 1000; i++) deep = [deep];
  assert.match(thrown(() => huiqi.allocate("1", deep)).messageEn, /nested more than 128/);
  let justDeep = "1";
  for (let i = 0; i < 100; i++) justDeep = [justDeep];
  assert.equal(thrown(() => huiqi.allocate("1", justDeep)).code, "money.not_a_string");

  const getter = { ...order };
  Object.defineProperty(getter, "category", { enumerable: true, get() { throw new Error("boom"); } });
  const e = thrown(() => huiqi.quote(getter));
  assert.equal(e.field, "category");
  assert.match(e.messageEn, /reading the value threw: boom/);
  const trap = new Proxy({}, { ownKeys() { throw new TypeError("no keys"); } });
  assert.match(thrown(() => huiqi.quote(trap)).messageEn, /threw: no keys/);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.match(thrown(() => huiqi.quote({ ...order, enterprise: proxy })).messageEn, /threw/);
  const getterArray = ["1"];
  Object.defineProperty(getterArray, 0, { get() { throw new Error("index"); } });
  assert.equal(thrown(() => huiqi.allocate("1", getterArray)).field, "weights[0]");
  // A proxy that behaves is read through.
  assert.equal(huiqi.quote(new Proxy(order, {})).subsidy, "73.50");
});

test("__proto__ keys neither pollute nor pass", () => {
  const hostile = JSON.parse('{"policy": "henan", "order_total": "245.00", "date": "2018-07-24", "enterprise": {"certified": true, "claim": "claimed"}, "__proto__": {"polluted": true}}');
  const e = thrown(() => huiqi.quote(hostile));
  assert.equal(e.field, "__proto__");
  assert.equal({}.polluted, undefined);
  const a = answer("subsidy.quote", '{"__proto__": {"polluted": true}}');
  assert.equal(a.ok, false);
  assert.equal({}.polluted, undefined);
});

test("huge strings: refused past the documented limits, cut in messages within them", () => {
  const big = "A".repeat(10_000_000);
  for (const call of [
    () => huiqi.validateUscc(big),
    () => huiqi.validateMobile("1".repeat(1_000_000)),
    () => huiqi.parseMoney("9".repeat(1_000_000)),
  ]) {
    const e = thrown(call);
    assert.equal(e.code, "request.too_large");
    assert.ok(e.messageEn.length < 300 && !e.messageEn.includes("AAAA"));
  }
  const v = huiqi.validateUscc("A".repeat(60_000));
  assert.equal(v.valid, false);
  assert.ok(v.violations[0].message_en.length < 300, "user input is cut in messages");
  assert.ok(v.violations[0].message_en.includes("…"));
  assert.equal(answer("money.parse", JSON.stringify({ input: big })).errors[0].code, "request.too_large");
  const huge = "x".repeat(64 * 1024 * 1024 + 1);
  const e = thrown(() => huiqi.validateMobile(huge));
  assert.equal(e.code, "request.invalid");
  assert.deepEqual(e.detail, { limit: 64 * 1024 * 1024, actual: 64 * 1024 * 1024 + 1 });
  assert.equal(answer("validate.mobile", huge).errors[0].code, "request.invalid");
  const manyKeys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
  assert.match(thrown(() => huiqi.quote({ ...order, ...manyKeys })).messageEn, /unknown field/);
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
  const functions = Object.values(TYPED).map((s) => s.fn).filter((f) => f !== "hashPassword");
  for (let i = 0; i < 4000; i++) {
    const fn = functions[i % functions.length];
    const args = Array.from({ length: Math.floor(random() * 4) }, () => garbage(random));
    const outcome = survives(() => huiqi[fn](...args), `${fn} #${i}`);
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
    survives(() => huiqi.hashPassword(garbage(random), { memory_kib: 8 + Math.floor(random() * 64), iterations: 1, parallelism: 1 }), "hashPassword");
  }
});

test("seeded fuzz: call() answers JSON for mangled request texts", () => {
  const random = rng(7);
  const ops = Object.keys(TYPED).filter((op) => op !== "password.hash");
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
  assert.equal(huiqi.quote(order).payable, "171.50");
  assert.deepEqual(huiqi.parseMoney("¥3,768.00"), { amount: "3768.00", fen: 376800 });
});

after(() => {
  console.log(`garbage fuzz: ${fuzzCounts.returned} calls returned, ${fuzzCounts.threw} threw a HuiqiError, none trapped`);
});
