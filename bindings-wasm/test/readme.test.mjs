// The README's JS quickstart, run as a user would: the package packed with
// `npm pack`, installed into a fresh folder, the block run with Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { quickstart } from "./readme.mjs";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

test("the README's JS quickstart runs against the packed package and prints what it says", () => {
  const { code, expected } = quickstart();
  assert.ok(!code.includes("(written with the WASM bindings)"), "the placeholder is still there");
  assert.ok(expected.length >= 3, "the quickstart announces its output");
  const dir = mkdtempSync(join(tmpdir(), "huiqi-quickstart-"));
  try {
    const npm = (args) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, encoding: "utf8" });
    execFileSync("npm", ["pack", packageDir, "--pack-destination", dir, "--loglevel=error"], { cwd: dir, encoding: "utf8" });
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, "npm pack made a tarball");
    writeFileSync(join(dir, "package.json"), '{"name": "quickstart", "private": true}\n');
    npm(["install", "--offline", `./${tarball}`]);
    const installed = readdirSync(join(dir, "node_modules", "huiqi", "pkg"));
    assert.deepEqual(installed.sort(), ["node", "web"], "the package ships both builds");
    writeFileSync(join(dir, "quickstart.mjs"), code);
    const out = execFileSync(process.execPath, ["quickstart.mjs"], { cwd: dir, encoding: "utf8" });
    assert.deepEqual(out.trimEnd().split("\n"), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
