// The two crossings of `Quoter.quote` (src/quoter.rs), written here because
// wasm-bindgen's own string crossings cost more than the whole quote: a
// string argument is copied through an allocation, a string answer decoded
// by `TextDecoder` (~0.2 µs each in Node), a slice passed as a fresh view.
// Amounts are ASCII, so char codes go straight between the string and the
// module's memory, and the two amounts come back in one object.
//
// An ES module for the web build; build.sh rewrites the nodejs build's copy
// to CommonJS (that glue `require`s its snippets). Keep to `export function`.

// The module's memory, and a byte view of it made again after it grows
// (the old buffer is then detached, its length 0).
let memory = null;
let bytes = new Uint8Array(0);

/** Gives this snippet the module's memory (`wasm_bindgen::memory()`). */
export function bindMemory(wasmMemory) {
  memory = wasmMemory;
  bytes = new Uint8Array(memory.buffer);
}

/** Writes `value`'s char codes at `at` (room for `capacity`) and returns
 * how many, or -1 when it is not a string, holds anything but ASCII or does
 * not fit (the caller then reads it the strict way, which says what is
 * wrong). */
export function readAscii(value, at, capacity) {
  if (typeof value !== "string" || value.length > capacity) return -1;
  if (bytes.byteLength === 0) bytes = new Uint8Array(memory.buffer);
  const into = bytes;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7f) return -1;
    into[at + i] = code;
  }
  return value.length;
}

/** `{subsidy, payable}` from both amounts' ASCII: where each starts in the
 * module's memory and its length. */
export function figures(subsidyAt, subsidyLength, payableAt, payableLength) {
  if (bytes.byteLength === 0) bytes = new Uint8Array(memory.buffer);
  const from = bytes;
  return { subsidy: text(from, subsidyAt, subsidyLength), payable: text(from, payableAt, payableLength) };
}

/** The `n` char codes at `i` as a string. One `fromCharCode` call for the
 * lengths of amounts up to ¥99,999,999.99 (one flat string; `+=` would
 * build a rope), a loop beyond. */
function text(b, i, n) {
  switch (n) {
    case 4: return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]);
    case 5: return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4]);
    case 6: return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5]);
    case 7: return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6]);
    case 8: return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
    case 9: return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7], b[i + 8]);
    case 10: return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7], b[i + 8], b[i + 9]);
    case 11: return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7], b[i + 8], b[i + 9], b[i + 10]);
    default: {
      let s = "";
      for (let k = i; k < i + n; k++) s += String.fromCharCode(b[k]);
      return s;
    }
  }
}
