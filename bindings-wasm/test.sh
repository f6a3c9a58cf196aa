#!/usr/bin/env bash
# Every test of the WASM bindings (the npm package `huiqi`); scripts/test.sh
# runs it from the repository root. On a fresh machine it installs what it
# needs (see tools.sh) into ${HUIQI_CACHE:-$HOME/.cache/huiqi}, never into
# the repository, and reuses it on the next run.
#
#   1. tools: wasm32 target, wasm-bindgen-cli, binaryen/typescript/playwright-core, Chromium
#   2. Rust: clippy on the host and on wasm32 (warnings are errors), unit tests
#   3. build: both wasm-bindgen targets, wasm-opt -Oz (build.sh)
#   4. types: tsc --noEmit --strict on a usage file and on every succeeding vector
#      (request and full answer), resolved as Node and as a bundler
#   5. Node tests: every shared vector, the typed API, errors, garbage, the README quickstart
#   6. the web build in headless Chromium
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tools.sh
source "$here/tools.sh"
started=$SECONDS
phase() { printf '  -- %s\n' "$*"; }

phase "tools (${HUIQI_CACHE})"
tools_started=$SECONDS
ensure_node
ensure_wasm_target
ensure_wasm_bindgen
ensure_npm_tools
ensure_chromium
echo "    tools ready in $((SECONDS - tools_started)) s"

cd "$repo_dir"
phase "rustfmt, clippy (host and wasm32, warnings are errors), unit tests"
cargo fmt -p huiqi-wasm -- --check
cargo clippy --quiet --locked -p huiqi-wasm --no-deps --all-targets -- -D warnings
cargo clippy --quiet --locked -p huiqi-wasm --no-deps --all-targets --target wasm32-unknown-unknown -- -D warnings
if ! log=$(cargo test --quiet --locked -p huiqi-wasm 2>&1); then
    echo "$log"
    exit 1
fi
grep -E '^test result' <<<"$log" | head -n 1

phase "build (web and nodejs targets, wasm-opt -Oz)"
HUIQI_WASM_TOOLS_READY=1 "$here/build.sh"

phase "TypeScript: tsc --noEmit --strict on test/types/usage.ts and every succeeding vector"
typecheck=$(mktemp -d)
trap 'rm -rf "$typecheck"' EXIT
cp "$here/test/types/usage.ts" "$here"/test/types/tsconfig.*.json "$typecheck/"
(cd "$here" && node test/types/gen-vectors.mjs) >"$typecheck/vectors.ts"
echo "    $(tail -n 1 "$typecheck/vectors.ts" | sed 's|^// ||') typed as calls and answers (vectors.ts)"
echo '{"name": "usage", "private": true, "type": "module"}' >"$typecheck/package.json"
mkdir -p "$typecheck/node_modules"
ln -s "$here" "$typecheck/node_modules/huiqi"
for resolution in node web; do
    (cd "$typecheck" && "$TSC" -p "tsconfig.$resolution.json" --noEmit --strict)
    echo "    tsc ($resolution resolution, $("$TSC" --version)): no errors"
done

phase "Node tests (node:test) and the page test (headless Chromium)"
cd "$here"
node --test --test-reporter=spec \
    test/vectors.test.mjs test/api.test.mjs test/quoter.test.mjs test/garbage.test.mjs test/readme.test.mjs \
    test/web.test.mjs

echo "    module sizes (bytes): $(cat "$here/pkg/sizes.json")"
# The size budget (size-budget.json): a page downloads this much.
node -e '
const [sizes, budget] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
for (const [stage, limit] of Object.entries(budget.max_bytes)) {
  if (!(stage in sizes)) throw new Error(`sizes.json has no ${stage}`);
  if (sizes[stage] > limit) { console.error(`    ${stage}: ${sizes[stage]} bytes, over the budget of ${limit}`); process.exit(1); }
  console.log(`    ${stage}: ${sizes[stage]} bytes, within the budget of ${limit}`);
}' "$here/pkg/sizes.json" "$here/size-budget.json"
echo "    bindings-wasm: all passed in $((SECONDS - started)) s"
