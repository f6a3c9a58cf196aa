// Runs in the page (web build, imported as "huiqi" through the page's import
// map): every shared vector through call(), the typed API on the same
// vectors, and a few calls that need the browser (crypto for salts, the
// clock, Error objects of the page's realm). Leaves a summary in
// `window.huiqiResult` for the test driving the browser.
import init, * as huiqi from "huiqi";
import { casesOf, runCase, Num } from "./vectors.mjs";
import { typedCall, plain, sameProblem, comparable } from "./typed.mjs";

async function main() {
  await init();
  const result = { vectors: 0, failures: [], typed: 0, checks: {} };
  const files = await (await fetch("/vectors/")).json();
  for (const file of files) {
    const cases = casesOf(file, await (await fetch(`/vectors/${file}`)).text());
    for (const c of cases) {
      result.vectors++;
      const why = runCase(c, huiqi.call);
      if (why) result.failures.push(`${file}: ${c.name}: ${why}`);
      if (c.requestValue === undefined) continue;
      const run = typedCall(huiqi, c.op, plain(c.requestValue, Num));
      if (!run) continue;
      const answer = JSON.parse(huiqi.call(c.op, c.request));
      try {
        const value = run();
        // A fresh salt each time: a hash is compared by its shape only.
        if (!answer.ok || (c.op !== "password.hash" && JSON.stringify(comparable(value)) !== JSON.stringify(answer.value))) {
          result.failures.push(`typed ${file}: ${c.name}: returned where call() answered ${JSON.stringify(answer).slice(0, 200)}`);
        }
      } catch (e) {
        const same = !answer.ok && huiqi.isHuiqiError(e) && e.problems.length === answer.errors.length
          && e.problems.every((p, i) => sameProblem(p, answer.errors[i]));
        if (!same) result.failures.push(`typed ${file}: ${c.name}: threw ${e} where call() answered ${JSON.stringify(answer).slice(0, 200)}`);
      }
      result.typed++;
    }
  }

  const checks = result.checks;
  const order = { policy: "henan", order_total: "245.00", date: "2018-07-24", enterprise: { certified: true, claim: "claimed" } };
  const q = huiqi.subsidyQuote(order);
  checks.quote = [q.subsidy, q.payable, q.summary_zh];
  const cost = { memory_kib: 64, iterations: 1, parallelism: 1 };
  const { hash } = huiqi.passwordHash({ password: "Sesame#2024", cost });
  const again = huiqi.passwordHash({ password: "Sesame#2024", cost }).hash;
  checks.hashing = [hash.slice(0, 28), hash !== again, huiqi.passwordVerify({ password: "Sesame#2024", hash }).matches];
  checks.today = huiqi.validateResidentId({ value: "11010519491231002X" }).valid; // the clock, through JS Date
  try {
    huiqi.subsidyQuote({ ...order, order_total: 245 });
    checks.error = "nothing thrown";
  } catch (e) {
    checks.error = [e instanceof Error, e.name, e.code, e.category, e.field, typeof e.messageZh, e.problems.length];
  }
  try {
    huiqi.validateMobile({ value: "\ud800" });
  } catch (e) {
    checks.loneSurrogate = [e.code, e.field];
  }
  try {
    huiqi.moneyAllocate({ total: "1", weights: ["1", NaN] });
  } catch (e) {
    checks.nan = [e.code, e.field];
  }
  checks.bigFen = typeof huiqi.moneyParse({ input: "999999999999999.99" }).fen;
  return result;
}

main().then(
  (result) => {
    window.huiqiResult = result;
  },
  (error) => {
    window.huiqiResult = { crashed: String(error && error.stack ? error.stack : error) };
  },
);
