// The typed camelCase API of the nodejs build: coverage of every operation,
// agreement with the JSON entry on every vector, money as strings, errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import init, * as huiqi from "huiqi";
import { casesOf, Num, parseExact } from "./vectors.mjs";
import { TYPED, typedCall, plain, comparable, sameProblem, RUST_TYPE_NAME } from "./typed.mjs";

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
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(huiqi.isHuiqiError(error), `not a HuiqiError: ${error?.stack ?? error}`);
    return error;
  }
  assert.fail("expected a HuiqiError, nothing was thrown");
}

test("import, require and init() all reach the same build", async () => {
  await init(); // nothing to do in Node; the same line works in a page
  const required = createRequire(import.meta.url)("huiqi");
  assert.equal(required.quote, huiqi.quote);
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  assert.equal(huiqi.version(), pkg.version, "package.json and the crate agree on the version");
});

test("every operation of the core has its typed function, and nothing else is exported", () => {
  const ops = huiqi.operations().operations.map((o) => o.name);
  assert.deepEqual([...ops].sort(), Object.keys(TYPED).sort());
  for (const op of ops) assert.equal(typeof huiqi[TYPED[op].fn], "function", op);
  const exported = Object.keys(huiqi).filter((k) => k !== "default").sort();
  const expected = [...Object.values(TYPED).map((s) => s.fn), "call", "version", "isHuiqiError", "initSync"];
  assert.deepEqual(exported, [...new Set(expected)].sort());
});

test("every vector gives the same result through its typed function as through call()", () => {
  let compared = 0;
  const skipped = [];
  for (const c of vectors) {
    if (c.requestValue === undefined) continue; // raw request text: JSON entry only
    const request = plain(c.requestValue, Num);
    const run = typedCall(huiqi, c.op, request);
    if (!run) {
      skipped.push(`${c.name} (${c.op})`);
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
      assert.deepEqual(comparable(value), answer.value, where);
    } else {
      assert.ok(error && huiqi.isHuiqiError(error), `${where}: expected a HuiqiError, got ${error ?? "no error"}`);
      assert.equal(error.problems.length, answer.errors.length, where);
      error.problems.forEach((p, i) =>
        assert.ok(sameProblem(p, answer.errors[i]), `${where}: ${JSON.stringify(p)} vs ${JSON.stringify(answer.errors[i])}`),
      );
      assert.equal(error.code, answer.errors[0].code, where);
    }
    compared++;
  }
  console.log(`typed API: ${compared} vectors compared with call(), ${skipped.length} not expressible as arguments`);
  assert.ok(compared > 280, `only ${compared} compared`);
  // Only requests with keys the functions have no argument for are skipped.
  assert.ok(skipped.length < 10, skipped.join(", "));
});

test("money crosses as strings with two decimals, never as numbers", () => {
  const q = huiqi.quote(henanOrder);
  assert.equal(q.subsidy, "73.50");
  assert.equal(q.payable, "171.50");
  assert.equal(q.stage, "estimate");
  assert.equal(typeof q.base, "string");
  assert.deepEqual(huiqi.parseMoney("¥3,768.00"), { amount: "3768.00", fen: 376800 });
  assert.deepEqual(huiqi.allocate("0.10", ["1", "1", "1"]).shares, ["0.04", "0.03", "0.03"]);

  // A number where money is expected is a typed error naming the field.
  const e = thrown(() => huiqi.quote({ ...henanOrder, order_total: 245 }));
  assert.equal(e.code, "money.not_a_string");
  assert.equal(e.category, "money");
  assert.equal(e.field, "order_total");
  const deep = thrown(() =>
    huiqi.checkoutPrice({ lines: [{ id: "1", product: "p", unit_price: 234.5 }], now: "2023-07-31 11:34:09" }),
  );
  assert.equal(deep.code, "money.not_a_string");
  assert.equal(deep.field, "checkout.lines[0].unit_price");
  assert.equal(thrown(() => huiqi.allocate(1, ["1"])).field, "total");
  assert.equal(thrown(() => huiqi.allocate("1", ["1", 2])).field, "weights[1]");
  assert.equal(thrown(() => huiqi.parseMoney(245)).code, "request.invalid");

  // The largest amount keeps every fen: beyond 2^53 the fen come as a BigInt.
  const max = huiqi.parseMoney("999999999999999.99");
  assert.equal(max.amount, "999999999999999.99");
  assert.equal(max.fen, 99999999999999999n);
});

test("the binding figure, batches, policies and presets", () => {
  const binding = huiqi.quote({ ...henanOrder, order_total: "3768.00", contract_amount: "120.00", date: "2018-07-30" });
  assert.equal(binding.stage, "binding");
  assert.equal(binding.summary_zh, "预计补贴金额不超过 ¥36.00");
  const batch = huiqi.quoteBatch({
    policy: "henan",
    terms: { date: "2018-07-24", enterprise: { certified: true, claim: "claimed" } },
    order_totals: ["245.00", "0.05", "0.01"],
  });
  assert.deepEqual(batch, { subsidies: ["73.50", "0.02", "0.00"], total: "73.52", problems: [] });
  const loaded = huiqi.loadPolicies('id = "p"\nname = "P"\nratio = "25%"\neffective_from = 2025-01-01\n', "toml", "2025-06-01");
  assert.equal(loaded.in_force, "p");
  assert.equal(loaded.policies[0].ratio, "0.25");
  const inline = huiqi.quote({ ...henanOrder, policy: loaded.policies[0], date: "2025-06-01" });
  assert.equal(inline.subsidy, "61.25");
  const schema = thrown(() => huiqi.loadPolicies('id = "p"\nname = "P"\nratio = "25%"\nper_order = "5"\neffective_from = 2025-01-01\n', "toml"));
  assert.equal(schema.code, "policy.schema");
  assert.match(schema.messageEn, /caps/);
  assert.equal(huiqi.passwordPolicy("national").max_length, 18);
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
  assert.deepEqual(huiqi.checkoutOffer(checkout).usable.map((v) => v.number), ["A", "B"]);
  const suggestion = huiqi.checkoutSuggest(checkout);
  assert.equal(suggestion.subsidy, "73.50");
  const priced = huiqi.checkoutPrice(checkout, suggestion.selected);
  assert.equal(priced.payable, suggestion.payable);
  // payable + vouchers + subsidy = total, on strings, to the fen.
  const fen = (m) => Math.round(Number(m) * 100);
  assert.equal(fen(priced.payable) + fen(priced.voucher_deduction) + fen(priced.subsidy), fen(priced.total));
  const deductions = priced.vouchers.map((v) => ({ number: v.number, amount: v.deduction }));
  const paid = huiqi.checkoutPay(vouchers, deductions).vouchers;
  const restored = huiqi.checkoutCancel(paid, deductions).vouchers;
  assert.deepEqual(restored.map((v) => v.balance), ["60.00", "500.00"]);
  assert.equal(huiqi.checkoutPrice(checkout).voucher_deduction, "0.00", "no selection: no voucher");
  const status = huiqi.voucherStatus(vouchers[1], "2023-08-18 23:59:59");
  assert.equal(status.usable, true);
  assert.equal(huiqi.voucherStatus(vouchers[1], "2023-08-19T00:00:00+08:00").reason.code, "voucher.expired");
  const unknown = thrown(() => huiqi.checkoutPrice(checkout, ["Z"]));
  assert.equal(unknown.code, "voucher.unknown");
  assert.equal(unknown.category, "voucher");
});

test("campaign grabs: granted, or refused with a typed error", () => {
  const campaign = {
    id: "C1", name: "2023 创新服务券", starts_at: "2023-07-15 00:00:00", ends_at: "2023-08-18 23:59:59", stock: 1,
    voucher: { name: "创新服务券", face_value: "5000.00", valid_from: "2023-07-15", valid_to: "2023-12-31" },
  };
  const grant = huiqi.campaignGrab(campaign, { certified: true, now: "2023-07-20 10:00:00" }, "1700008");
  assert.equal(grant.stock_after, 0);
  assert.equal(grant.voucher.balance, "5000.00");
  assert.equal(huiqi.campaignGrab(campaign, { certified: true, now: "2023-07-20 10:00:00" }).voucher, null);
  const ended = thrown(() => huiqi.campaignGrab(campaign, { certified: true, now: "2023-08-19 00:00:00" }));
  assert.equal(ended.code, "campaign.ended");
  assert.equal(thrown(() => huiqi.campaignGrab({ ...campaign, stock: 0 }, { certified: true, now: "2023-07-20 10:00:00" })).code, "campaign.out_of_stock");
});

test("validation answers every violation; only malformed calls throw", () => {
  const uscc = huiqi.validateUscc("91350100M000100Y43");
  assert.equal(uscc.valid, true);
  assert.equal(uscc.info.province, "福建省");
  const bad = huiqi.validateUscc("91350100M000100Y44");
  assert.equal(bad.valid, false);
  assert.equal(bad.violations[0].code, "uscc.check_character");
  assert.equal(huiqi.validateResidentId("11010519491231002X", "2026-01-01").info.gender, "female");
  assert.equal(huiqi.validateResidentId("11010519491231002X").valid, true, "today defaults to the clock");
  for (const [fn, good, wrong] of [
    ["validateMobile", "13012344321", "1301234432"],
    ["validateLandline", "0371-66666666", "371-66666666"],
    ["validateEmail", "a@example.com", "a@"],
    ["validatePostcode", "450000", "45000"],
    ["validateUsername", "abc_123", ""],
    ["validateLoginAccount", "zhangsan01", "张三"],
  ]) {
    assert.equal(huiqi[fn](good).valid, true, `${fn}(${good})`);
    const verdict = huiqi[fn](wrong);
    assert.equal(verdict.valid, false, `${fn}(${wrong})`);
    assert.ok(verdict.violations.length > 0 && verdict.violations.every((v) => v.message_zh && v.message_en));
  }
  const upload = huiqi.validateUpload("expert_photo", { name: "me.gif", size_bytes: 2048 * 1024 });
  assert.deepEqual(upload.violations.map((v) => v.code).sort(), ["upload.format", "upload.too_large"]);
  const form = huiqi.validateAccountRegistration({ platform: "national", role: "enterprise", password: "x" });
  assert.equal(form.valid, false);
  assert.ok(form.violations.length >= 3, "every violation at once");
  for (const fn of ["validateProductListing", "validateExpert", "validateHenanEnterpriseRegistration"]) {
    assert.equal(huiqi[fn]({}).valid, false, fn);
  }
  for (const fn of ["validateEnterpriseRegistration", "validateProviderRegistration"]) {
    assert.equal(huiqi[fn]({}, "2025-01-01").valid, false, fn);
    assert.equal(huiqi[fn]({}).valid, false, fn);
  }
  assert.equal(thrown(() => huiqi.validateUpload("selfie", { name: "a.png", size_bytes: 1 })).field, "kind");
});

test("passwords: check without hashing, hash, verify, history", () => {
  const v = huiqi.checkPassword("zhangsan123", "national", { username: "zhangsan" });
  assert.deepEqual(v.violations.map((p) => p.code), ["password.classes", "password.contains_username"]);
  assert.ok(v.violations.every((p) => !p.message_en.includes("zhangsan123") && !p.message_zh.includes("zhangsan123")));
  assert.equal(huiqi.checkPassword("Abcdef1!", "national").valid, true);
  assert.equal(huiqi.checkPassword("Abcdef1!", { name: "mine", min_length: 12, max_length: 64 }).violations[0].code, "password.length");

  const { hash } = huiqi.hashPassword("Current#2024", CHEAP);
  assert.match(hash, /^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
  assert.notEqual(huiqi.hashPassword("Current#2024", CHEAP).hash, hash, "fresh salts from crypto.getRandomValues");
  assert.deepEqual(huiqi.verifyPassword("Current#2024", hash), { matches: true });
  assert.deepEqual(huiqi.verifyPassword("current#2024", hash), { matches: false });
  const same = huiqi.checkPassword("Current#2024", "national", { current_hash: hash });
  assert.deepEqual(same.violations.map((p) => p.code), ["password.same_as_current"]);
  const history = huiqi.checkPassword("Current#2024", "national", { history_hashes: [hash] });
  assert.deepEqual(history.violations.map((p) => p.code), ["password.in_history"]);
  const badHash = thrown(() => huiqi.checkPassword("Current#2024", "national", { current_hash: "plain" }));
  assert.equal(badHash.code, "password.bad_hash");
  assert.equal(badHash.field, "context.current_hash");
  assert.ok(!badHash.message.includes("Current#2024"), "no password in errors");
  assert.equal(thrown(() => huiqi.verifyPassword("x", "$2b$10$abc")).code, "password.bad_hash");
  assert.equal(thrown(() => huiqi.checkPassword("x", "nationl")).code, "password.unknown_preset");
  // The default (OWASP) cost works in the module too.
  assert.match(huiqi.hashPassword("Sesame#2024").hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
});

test("thrown errors carry code, category, field, both messages, detail and every problem", () => {
  const e = thrown(() => huiqi.parseMoney("1.234"));
  assert.ok(e instanceof Error);
  assert.equal(e.name, "HuiqiError");
  assert.equal(e.code, "money.too_many_decimals");
  assert.equal(e.category, "money");
  assert.equal(e.field, "input");
  assert.equal(e.messageEn, "amount `1.234` has more than 2 decimal places");
  assert.match(e.messageZh, /小数超过 2 位/);
  assert.match(e.message, /^money\.too_many_decimals .*amount `1\.234` has more than 2 decimal places/);
  assert.deepEqual(e.problems, [
    { code: "money.too_many_decimals", field: "input", message_en: e.messageEn, message_zh: e.messageZh },
  ]);
  assert.equal(e.detail, null);
  assert.match(e.stack, /HuiqiError/);

  // With a field, the message names it; detail comes along when there is some.
  const f = thrown(() => huiqi.validateMobile(13012344321));
  assert.equal(f.field, "value");
  assert.equal(f.message, "request.invalid at `value`: invalid type: expected a string, found the integer `13012344321`");
  const limit = thrown(() => huiqi.checkoutPrice({ lines: Array.from({ length: 1001 }, (_, i) => ({ id: `${i}`, product: "p", unit_price: "1" })), now: "2023-07-31 11:34:09" }));
  assert.equal(limit.code, "checkout.too_many_lines");
  assert.equal(limit.category, "voucher");
  // Detail, when a problem has some, is on the error too (garbage.test.mjs: the
  // string-length limit); violations carry theirs in the verdict.
  assert.ok(huiqi.checkPassword("short", "national").violations.some((v) => v.detail !== undefined));

  // Several problems: all of them, the first one leading the message.
  const several = thrown(() => huiqi.quote({ policy: [{ id: "a", name: "A", ratio: "0.3", effective_from: "2020-01-01" }, { id: "b", name: "B", ratio: "0.3", effective_from: "2020-01-01" }], order_total: "1", date: "2020-02-01", enterprise: { certified: true, claim: "claimed" } }));
  assert.equal(several.code, "policy.ambiguous");
  assert.equal(several.problems.length, 1);

  // Messages are readable: no Rust type names, no panics, no backtraces.
  const typeName = thrown(() => huiqi.quote({ ...henanOrder, enterprise: "x" }));
  assert.equal(typeName.field, "enterprise");
  assert.match(typeName.messageEn, /^invalid type: expected an object, found the string `x`$/);
  for (const e of [
    typeName,
    thrown(() => huiqi.validateExpert({ age: "forty" })),
    thrown(() => huiqi.checkoutPrice({ lines: [{ id: "1", product: "p", unit_price: "1", quantity: -1 }], now: "2023-07-31 11:34:09" })),
    thrown(() => huiqi.validateUpload("expert_photo", { name: "a.png", size_bytes: 1.5 })),
  ]) {
    for (const text of [e.message, e.messageEn, e.messageZh]) {
      assert.doesNotMatch(text, RUST_TYPE_NAME);
      assert.doesNotMatch(text, /Standing|panicked|backtrace|RUST_|\.rs:/);
    }
  }
  const vouchers = thrown(() => huiqi.checkoutPay([5], []));
  assert.equal(vouchers.field, "vouchers[0]");
  assert.doesNotMatch(vouchers.message, /struct|Voucher\b/);
});
