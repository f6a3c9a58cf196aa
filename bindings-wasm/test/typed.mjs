// How an operation's request reaches its typed camelCase function: the
// function is named after the operation (`money.parse` → `moneyParse`) and
// takes the request object itself. Shared by the Node tests and the page test.

/** `validate.resident_id` → `validateResidentId`. */
export function jsName(op) {
  return op.split(/[._]/).map((part, i) => (i === 0 ? part : part[0].toUpperCase() + part.slice(1))).join("");
}

/** The typed call for a request object, or null when no function has the name. */
export function typedCall(api, op, request) {
  const fn = api[jsName(op)];
  return typeof fn === "function" ? () => fn(request) : null;
}

/** Plain JS from a value of vectors.mjs's parseExact (integers as numbers, or
 * BigInts beyond 2^53, as the typed answers give them). */
export function plain(value, Num) {
  if (value instanceof Map) {
    const out = {};
    for (const [k, v] of value) {
      Object.defineProperty(out, k, { value: plain(v, Num), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => plain(v, Num));
  if (value instanceof Num) {
    if (value.kind !== "int") return value.value;
    return value.value > BigInt(Number.MAX_SAFE_INTEGER) || value.value < -BigInt(Number.MAX_SAFE_INTEGER)
      ? value.value
      : Number(value.value);
  }
  return value;
}

/** True when a problem of a thrown error is a problem of the JSON answer. */
export function sameProblem(typed, answered) {
  return JSON.stringify(typed) === JSON.stringify(answered);
}

/** An answer as the JSON entry writes it: BigInts (fen beyond 2^53) as
 * numbers, so that JSON.stringify can compare it with call()'s answer. */
export function comparable(value) {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? Number(v) : v)));
}

/** Runs `fn`, which must throw a HuiqiError (as `api.isHuiqiError` tells);
 * returns it. Shared by the Node tests (no `node:assert`, for the page). */
export function thrown(api, fn) {
  try {
    fn();
  } catch (error) {
    if (!api.isHuiqiError(error)) throw new Error(`not a HuiqiError: ${error?.stack ?? error}`);
    return error;
  }
  throw new Error("expected a HuiqiError, nothing was thrown");
}

/** Where `quote`/`quoter` name a refused term given flat (`claim`): the
 * `subsidy.quote` request's field (`enterprise.claim`) without its group. */
export function flatField(field) {
  return typeof field === "string" ? field.replace(/^(terms\.)?(enterprise\.|usage\.)?/, "") : field;
}
