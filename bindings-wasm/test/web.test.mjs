// The web build in a real page: headless Chromium (Debian's, driven by
// playwright-core), the package served by a tiny static server, "huiqi"
// mapped to pkg/web/huiqi.js by an import map as a page without a bundler
// would. Runs every vector and the README quickstart in the page.
//
// Needs CHROMIUM (default /usr/bin/chromium) and WASM_TOOLS (the folder
// holding node_modules/playwright-core); test.sh sets both.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { quickstart } from "./readme.mjs";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const testDir = fileURLToPath(new URL(".", import.meta.url));
const vectorsDir = fileURLToPath(new URL("../../tests/vectors/", import.meta.url));
const tools = process.env.WASM_TOOLS ?? join(process.env.HOME ?? "", ".cache", "huiqi", "wasm-tools");
const { chromium } = createRequire(join(tools, "package.json"))("playwright-core");

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".html": "text/html" };
const IMPORT_MAP = '<script type="importmap">{"imports": {"huiqi": "/pkg/web/huiqi.js"}}</script>';

function page(body) {
  return `<!doctype html><html><head><meta charset="utf-8">${IMPORT_MAP}</head><body>${body}</body></html>`;
}

/** Serves /pkg/… (the package), /test/… (these tests), /vectors/… and two pages. */
function serve(request, response) {
  const url = new URL(request.url, "http://localhost");
  const send = (status, type, body) => {
    response.writeHead(status, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store" });
    response.end(body);
  };
  if (url.pathname === "/favicon.ico") return send(204, "image/x-icon", "");
  if (url.pathname === "/") return send(200, "text/html", page('<script type="module" src="/test/page.mjs"></script>'));
  if (url.pathname === "/quickstart") {
    return send(200, "text/html", page(`<script type="module">${quickstart().code}\nwindow.quickstartDone = true;</script>`));
  }
  if (url.pathname === "/vectors/") {
    return send(200, "application/json", JSON.stringify(readdirSync(vectorsDir).filter((f) => f.endsWith(".json")).sort()));
  }
  const roots = { "/pkg/": join(packageDir, "pkg"), "/test/": testDir, "/vectors/": vectorsDir };
  for (const [prefix, root] of Object.entries(roots)) {
    if (!url.pathname.startsWith(prefix)) continue;
    const file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || !existsSync(file)) break;
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    return response.end(readFileSync(file));
  }
  send(404, "text/plain", "not found");
}

let server;
let context;
let origin;
let profile;

before(async () => {
  server = createServer(serve);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  profile = mkdtempSync(join(tmpdir(), "huiqi-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens `path`, waits for `done` to be set, returns [its value, console lines, page errors]. */
async function open(path, done) {
  const tab = await context.newPage();
  const lines = [];
  const errors = [];
  tab.on("console", (message) => lines.push([message.type(), message.text()]));
  tab.on("pageerror", (error) => errors.push(String(error)));
  await tab.goto(origin + path);
  const handle = await tab.waitForFunction(`window.${done}`, undefined, { timeout: 120_000 }).catch((e) => {
    throw new Error(`${path}: ${e.message}\npage errors: ${errors.join("\n")}\nconsole: ${lines.map((l) => l.join(": ")).join("\n")}`);
  });
  const value = await handle.jsonValue();
  await tab.close();
  return [value, lines, errors];
}

test("the web build loads in Chromium and runs every vector, typed and through call()", async () => {
  const [result, lines, errors] = await open("/", "huiqiResult");
  assert.deepEqual(errors, []);
  assert.equal(result.crashed, undefined, result.crashed);
  console.log(`page: shared vectors: ${result.vectors} run, ${result.failures.length} failed; ${result.typed} through the typed API`);
  assert.deepEqual(result.failures, []);
  assert.ok(result.vectors > 300);
  assert.ok(result.typed > 400);
  const { checks } = result;
  assert.deepEqual(checks.quote, ["73.50", "171.50", "预计补贴 ¥73.50"]);
  assert.deepEqual(checks.hashing, ["$argon2id$v=19$m=64,t=1,p=1$", true, true]);
  assert.equal(checks.today, true);
  assert.deepEqual(checks.error, [true, "HuiqiError", "money.not_a_string", "money", "order_total", "string", 1]);
  assert.deepEqual(checks.loneSurrogate, ["request.invalid", "value"]);
  assert.deepEqual(checks.nan, ["request.invalid", "weights[1]"]);
  assert.equal(checks.bigFen, "bigint");
  // instantiateStreaming worked: no fallback warning about the MIME type.
  assert.deepEqual(lines.filter(([type]) => type === "warning" || type === "error"), []);
});

test("the README's JS quickstart runs in the page and prints what it says", async () => {
  const { expected } = quickstart();
  const [, lines, errors] = await open("/quickstart", "quickstartDone");
  assert.deepEqual(errors, []);
  assert.deepEqual(lines.filter(([type]) => type === "log").map(([, text]) => text), expected);
});
