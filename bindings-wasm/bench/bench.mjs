// Calls per second of a few operations through the nodejs build, typed and
// through the JSON entry. Not a test: run it by hand (after ./build.sh):
//
//   node bindings-wasm/bench/bench.mjs [seconds per benchmark, default 2]
import * as huiqi from "huiqi";

const seconds = Number(process.argv[2] ?? 2);

const order = {
  policy: "henan",
  order_total: "3768.00",
  contract_amount: "120.00",
  date: "2018-07-30",
  enterprise: { certified: true, claim: "claimed" },
};
const orderJson = JSON.stringify(order);
const context = { username: "zhangsan", mobile: "13012344321" };
const passwordJson = JSON.stringify({ policy: "national", password: "Zhang#2024san", context });
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

const benchmarks = [
  ["checkPassword (national preset, no hashing)", () => huiqi.checkPassword("Zhang#2024san", "national", context)],
  ["call password.check (same, JSON text)", () => huiqi.call("password.check", passwordJson)],
  ["quote (Henan preset, binding figure)", () => huiqi.quote(order)],
  ["call subsidy.quote (same, JSON text)", () => huiqi.call("subsidy.quote", orderJson)],
  ["validateUscc (valid code)", () => huiqi.validateUscc("91350100M000100Y43")],
  ["checkoutPrice (subsidy and two vouchers)", () => huiqi.checkoutPrice(checkout, ["A", "B"])],
];

function measure(fn) {
  // Warm up, then count calls in batches until the time is up.
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) fn();
  let calls = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 100; i++) fn();
    calls += 100;
    now = performance.now();
  }
  return calls / ((now - start) / 1000);
}

console.log(`huiqi ${huiqi.version()} (nodejs build), Node ${process.version}, ${seconds} s each`);
for (const [name, fn] of benchmarks) {
  const perSecond = measure(fn);
  console.log(`${name.padEnd(46)} ${Math.round(perSecond).toLocaleString("en").padStart(10)} calls/s  ${(1e6 / perSecond).toFixed(2).padStart(7)} µs/call`);
}
