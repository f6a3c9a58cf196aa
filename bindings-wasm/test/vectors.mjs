// The shared test vectors (tests/vectors/*.json), loaded and matched by the
// rules of tests/src/lib.rs, for the Node tests and the page test alike
// (no Node-only imports here).
//
// JSON is read with a small exact reader so that numbers compare the way
// serde_json's do: an integer (within 64 bits) and a float are different
// values, and integers beyond 2^53 keep every digit. Requests are written
// back the way serde_json writes a Value: keys in byte order, numbers as
// they were written.

/** A JSON number: its text, and `int` (a BigInt) or `float` (a double). */
export class Num {
  constructor(text) {
    this.text = text;
    const integer = /^-?\d+$/.test(text);
    const big = integer ? BigInt(text) : 0n;
    // serde_json reads an integer beyond i64/u64 as a float.
    if (integer && big >= -(2n ** 63n) && big < 2n ** 64n) {
      this.kind = "int";
      this.value = big;
    } else {
      this.kind = "float";
      this.value = Number(text);
    }
  }
  equals(other) {
    return other instanceof Num && other.kind === this.kind && other.value === this.value;
  }
  toString() {
    return this.text;
  }
}

/** Parses JSON text; objects become Maps (last duplicate key wins), numbers Nums. */
export function parseExact(text) {
  let at = 0;
  const fail = (why) => {
    throw new SyntaxError(`${why} at offset ${at}`);
  };
  const space = () => {
    while (at < text.length && " \t\r\n".includes(text[at])) at++;
  };
  const value = () => {
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      const map = new Map();
      space();
      if (text[at] === "}") {
        at++;
        return map;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail("expected a key");
        const key = string();
        space();
        if (text[at++] !== ":") fail("expected ':'");
        map.set(key, value());
        space();
        const next = text[at++];
        if (next === "}") return map;
        if (next !== ",") fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      at++;
      const items = [];
      space();
      if (text[at] === "]") {
        at++;
        return items;
      }
      for (;;) {
        items.push(value());
        space();
        const next = text[at++];
        if (next === "]") return items;
        if (next !== ",") fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    for (const [word, result] of [["true", true], ["false", false], ["null", null]]) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return result;
      }
    }
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = at;
    const m = number.exec(text);
    if (!m) fail("unexpected character");
    at += m[0].length;
    return new Num(m[0]);
  };
  const string = () => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    if (at >= text.length) fail("unterminated string");
    at++;
    return JSON.parse(text.slice(start, at));
  };
  const result = value();
  space();
  if (at !== text.length) fail("trailing characters");
  return result;
}

const utf8 = new TextEncoder();
function byteOrder(a, b) {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

/** Writes a value of parseExact back as serde_json writes a Value. */
export function writeExact(value) {
  if (value instanceof Map) {
    const keys = [...value.keys()].sort(byteOrder);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${writeExact(value.get(k))}`).join(",")}}`;
  }
  if (Array.isArray(value)) return `[${value.map(writeExact).join(",")}]`;
  if (value instanceof Num) return value.text;
  return JSON.stringify(value);
}

/** Shows a value of parseExact, for failure messages. */
export function show(value) {
  const text = writeExact(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The matching rules of tests/src/lib.rs; returns null or where it differs. */
export function mismatch(expected, actual, path = "$") {
  if (expected instanceof Map && actual instanceof Map) {
    for (const [key, e] of expected) {
      if (!actual.has(key)) return `${path}.${key}: missing`;
      const why = mismatch(e, actual.get(key), `${path}.${key}`);
      if (why) return why;
    }
    return null;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      return `${path}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const why = mismatch(expected[i], actual[i], `${path}[${i}]`);
      if (why) return why;
    }
    return null;
  }
  if (equal(expected, actual)) return null;
  return `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

/** Scalars (an object or array reaching here is not of the actual's type). */
function equal(a, b) {
  if (a instanceof Num) return a.equals(b);
  if (a instanceof Map || Array.isArray(a)) return false;
  return a === b;
}

/** Cases of one vector file's text: {file, name, op, request, expect | expectErrors}. */
export function casesOf(file, text) {
  const doc = parseExact(text);
  const cases = doc instanceof Map ? doc.get("cases") : undefined;
  if (!Array.isArray(cases)) throw new Error(`${file}: no \`cases\` array`);
  return cases.map((c, index) => {
    const name = c.get("name");
    if (typeof name !== "string") throw new Error(`${file}[${index}]: no name`);
    const op = c.get("op");
    if (typeof op !== "string") throw new Error(`${file}: ${name}: no op`);
    let request;
    if (c.has("request") && !c.has("request_text")) request = writeExact(c.get("request"));
    else if (!c.has("request") && typeof c.get("request_text") === "string") request = c.get("request_text");
    else throw new Error(`${file}: ${name}: needs exactly one of \`request\` or \`request_text\``);
    const hasValue = c.has("expect");
    if (hasValue === c.has("expect_errors")) {
      throw new Error(`${file}: ${name}: needs exactly one of \`expect\` or \`expect_errors\``);
    }
    return {
      file,
      name,
      op,
      request,
      requestValue: c.get("request"),
      expect: hasValue ? c.get("expect") : undefined,
      expectErrors: hasValue ? undefined : c.get("expect_errors"),
    };
  });
}

/** Runs one case through `call(op, requestJson)`; null when it passes. */
export function runCase(testCase, call) {
  const answerText = call(testCase.op, testCase.request);
  let answer;
  try {
    answer = parseExact(answerText);
  } catch (e) {
    return `answer is not JSON (${e.message}): ${answerText}`;
  }
  const ok = answer instanceof Map ? answer.get("ok") : undefined;
  let why;
  if (testCase.expect !== undefined) {
    if (ok !== true) return `expected success, got ${show(answer)}`;
    why = mismatch(testCase.expect, answer.get("value"));
  } else {
    if (ok !== false) return `expected errors, got ${show(answer)}`;
    why = mismatch(testCase.expectErrors, answer.get("errors"));
  }
  return why && `${why}\n    full answer: ${show(answer)}`;
}
