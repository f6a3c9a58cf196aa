// Every shared vector (tests/vectors/*.json) through the nodejs build's JSON
// entry, `call(op, requestJson)`, with the matching rules of tests/src/lib.rs.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { call } from "huiqi";
import { casesOf, runCase, Num, parseExact, mismatch } from "./vectors.mjs";

const vectorsDir = fileURLToPath(new URL("../../tests/vectors/", import.meta.url));
const files = readdirSync(vectorsDir).filter((f) => f.endsWith(".json")).sort();
let run = 0;
const failures = [];

for (const file of files) {
  const cases = casesOf(file, readFileSync(join(vectorsDir, file), "utf8"));
  test(`vectors ${file} (${cases.length} cases)`, () => {
    const failed = [];
    for (const c of cases) {
      run++;
      const why = runCase(c, call);
      if (why) failed.push(`${c.file}: ${c.name}: ${why}`);
    }
    failures.push(...failed);
    assert.deepEqual(failed, [], failed.join("\n"));
  });
}

test("there are over 300 vectors and every operation has some", () => {
  const all = files.flatMap((f) => casesOf(f, readFileSync(join(vectorsDir, f), "utf8")));
  assert.ok(all.length > 300, `${all.length} vectors`);
  const ops = new Set(all.map((c) => c.op));
  const listed = JSON.parse(call("operations", "{}")).value.operations.map((o) => o.name);
  for (const op of listed) assert.ok(ops.has(op), `no vector for ${op}`);
});

test("a wrong answer fails a case", () => {
  const [withValue] = casesOf("t", '{"cases": [{"name": "n", "op": "money.parse", "request": {"input": "1"}, "expect": {"amount": "1.00"}}]}');
  assert.equal(runCase(withValue, call), null);
  assert.match(runCase(withValue, () => '{"ok":true,"value":{"amount":"1.0"}}'), /\$\.amount: expected "1\.00", got "1\.0"/);
  assert.match(runCase(withValue, () => '{"ok":false,"errors":[]}'), /expected success/);
  assert.match(runCase(withValue, () => "not json"), /answer is not JSON/);
});

test("the matcher follows tests/src/lib.rs (its own unit test)", () => {
  const p = parseExact;
  assert.equal(mismatch(p('{"a": 1}'), p('{"a": 1, "b": 2}')), null);
  assert.notEqual(mismatch(p('{"a": 1, "c": 3}'), p('{"a": 1}')), null);
  assert.equal(mismatch(p('[{"a": 1}]'), p('[{"a": 1, "b": 2}]')), null);
  assert.notEqual(mismatch(p("[1]"), p("[1, 2]")), null);
  assert.notEqual(mismatch(p('"1.00"'), p('"1.0"')), null);
  assert.equal(mismatch(p("null"), p("null")), null);
  assert.equal(mismatch(p('{"a": {"b": [1, 2]}}'), p('{"a": {"b": [1, 3]}}')), "$.a.b[1]: expected 2, got 3");
  // As serde_json: an integer is not a float, and big integers keep every digit.
  assert.notEqual(mismatch(p("1"), p("1.0")), null);
  assert.notEqual(mismatch(p("99999999999999999"), p("100000000000000000")), null);
  assert.ok(new Num("99999999999999999").equals(new Num("99999999999999999")));
  assert.notEqual(mismatch(p("{}"), p("[]")), null);
  assert.notEqual(mismatch(p("[]"), p('"x"')), null);
});

after(() => {
  console.log(`shared vectors: ${run} run, ${failures.length} failed`);
});
