// Per-call cost of a few operations through the nodejs build, side by side
// in one run, with the ratio of the typed quote to the same arithmetic in
// plain JS with integer fen. Not a test (figures depend on the machine): run
// it by hand after ./build.sh:
//
//   node bindings-wasm/bench/bench.mjs [seconds per benchmark, default 2]
//
// The plain-JS baseline does what a page would do without the library for
// the quote's sum: read the order total's decimal string into integer fen,
// apply 30% half away from zero, and write the subsidy and the payable as
// decimal strings. It checks no eligibility, loads no policy, explains
// nothing; the typed quote does all of that, so the ratio is an upper bound
// on what the library's arithmetic costs.
//
// `quoter.quote` (a handle made once by `quoter(policy, terms)`, then one
// call per order) is the per-call path issue 8 asks to be within 3× of the
// baseline. Its ratio is printed from the runs above, and again with the two
// taking turns in 50 ms slices: the medians, and the fastest slice of each
// (the least disturbed by whatever else the machine runs).
import assert from "node:assert/strict";
import * as huiqi from "huiqi";

const seconds = Number(process.argv[2] ?? 2);

const order = {
  policy: "henan",
  order_total: "245.00",
  date: "2018-07-24",
  enterprise: { certified: true, claim: "claimed" },
};
const orderJson = JSON.stringify(order);
const terms = { date: "2018-07-24", certified: true, claim: "claimed" };
const passwordRequest = { policy: "national", password: "Zhang#2024san", context: { username: "zhangsan", mobile: "13012344321" } };
const checkout = {
  lines: [
    { id: "1", product: "sku-1", unit_price: "245.00", quantity: 2 },
    { id: "2", product: "sku-2", unit_price: "99.50" },
  ],
  vouchers: [
    { number: "A", face_value: "60.00", balance: "60.00", valid_from: "2023-07-15", valid_to: "2023-08-10" },
    { number: "B", face_value: "500.00", balance: "200.00", valid_from: "2023-07-15", valid_to: "2023-08-18" },
  ],
  now: "2023-07-31 11:34:09",
  subsidy: { policy: "henan", enterprise: { certified: true, claim: "claimed" } },
};

/** "245.00" → 24500: the decimal string as integer fen. */
function toFen(text) {
  const dot = text.indexOf(".");
  if (dot < 0) return Number(text) * 100;
  const fraction = (text.slice(dot + 1) + "00").slice(0, 2);
  return Number(text.slice(0, dot)) * 100 + Number(fraction);
}

/** 7350 → "73.50". */
function fromFen(fen) {
  const cents = fen % 100;
  return `${(fen - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
}

/** The quote's sum in plain JS: 30% of the total, half away from zero, to the fen. */
function plainQuote(request) {
  const total = toFen(request.order_total);
  const subsidy = Math.floor((total * 30 + 50) / 100);
  return { subsidy: fromFen(subsidy), payable: fromFen(total - subsidy) };
}

const quoter = huiqi.quoter("henan", terms);

{
  const typed = huiqi.subsidyQuote(order);
  const plain = plainQuote(order);
  assert.deepEqual([plain.subsidy, plain.payable], [typed.subsidy, typed.payable]);
  assert.deepEqual(quoter.quote(order.order_total), plain);
}

function measure(fn) {
  // Warm up, then count calls in batches until the time is up.
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) fn();
  let calls = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  let sink = 0;
  while (now < end) {
    for (let i = 0; i < 100; i++) sink += fn() ? 1 : 0;
    calls += 100;
    now = performance.now();
  }
  if (sink < 0) console.log(sink); // keeps the results alive
  return ((now - start) * 1000) / calls; // µs per call
}

/** Per-call µs of `a` and `b`, run in turn in 50 ms slices: [median, fastest] of each. */
function alternating(a, b, slices) {
  const times = [[], []];
  const slice = (fn) => {
    let calls = 0;
    let sink = 0;
    const start = performance.now();
    let now = start;
    while (now < start + 50) {
      for (let i = 0; i < 100; i++) sink += fn() ? 1 : 0;
      calls += 100;
      now = performance.now();
    }
    if (sink < 0) console.log(sink);
    return ((now - start) * 1000) / calls;
  };
  for (let i = 0; i < slices; i++) {
    times[0].push(slice(a));
    times[1].push(slice(b));
  }
  return times.map((t) => t.sort((x, y) => x - y)).map((t) => [t[t.length >> 1], t[0]]);
}

const plainCall = () => {
  const q = plainQuote(order);
  return q.subsidy.length + q.payable.length;
};
const quoterCall = () => {
  const q = quoter.quote("245.00");
  return q.subsidy.length + q.payable.length;
};

const benchmarks = [
  ["plain JS: 30% of \"245.00\" in integer fen", plainCall],
  ["quoter.quote (Henan preset, handle made once)", quoterCall],
  ["quote (Henan preset; subsidy and payable read)", () => {
    const q = huiqi.quote("henan", "245.00", terms);
    return q.subsidy.length + q.payable.length;
  }],
  ["subsidyQuote (Henan preset, explained)", () => huiqi.subsidyQuote(order)],
  ["call subsidy.quote (same, JSON text)", () => huiqi.call("subsidy.quote", orderJson)],
  ["passwordCheck (national preset, no hashing)", () => huiqi.passwordCheck(passwordRequest)],
  ["validateUscc (valid code)", () => huiqi.validateUscc({ value: "91350100M000100Y43" })],
  ["checkoutPrice (subsidy and two vouchers)", () => huiqi.checkoutPrice({ checkout, selected: ["A", "B"] })],
];

console.log(`huiqi (nodejs build), Node ${process.version}, ${seconds} s each`);
const results = new Map();
for (const [name, fn] of benchmarks) {
  const micros = measure(fn);
  results.set(name, micros);
  console.log(`${name.padEnd(46)} ${micros.toFixed(3).padStart(9)} µs/call`);
}
const [plainName, quoterName, quoteName, typedName] = benchmarks.map(([name]) => name);
const plain = results.get(plainName);
const ratio = (name) => (results.get(name) / plain).toFixed(1);
console.log(`quoter.quote / plain JS integer fen: ${ratio(quoterName)}× (issue 8's target: within 3×)`);
const [plainSlices, quoterSlices] = alternating(plainCall, quoterCall, Math.max(20, Math.round(seconds * 20)));
for (const [i, which] of [[0, "medians"], [1, "fastest"]]) {
  const [p, q] = [plainSlices[i], quoterSlices[i]];
  console.log(`  taking turns in 50 ms slices, ${which}: plain JS ${p.toFixed(3)} µs, quoter.quote ${q.toFixed(3)} µs: ${(q / p).toFixed(1)}×`);
}
console.log(`quote / plain JS integer fen: ${ratio(quoteName)}×`);
console.log(`subsidyQuote / plain JS integer fen: ${ratio(typedName)}×`);
