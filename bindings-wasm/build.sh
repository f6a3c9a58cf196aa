#!/usr/bin/env bash
# Builds the npm package `huiqi` (bindings-wasm/) from the Rust crate:
#
#   1. cargo: the release module for wasm32-unknown-unknown (size-tuned);
#   2. wasm-bindgen: JS glue and .d.ts for the `web` target (pkg/web) and the
#      `nodejs` target (pkg/node);
#   3. wasm-opt -Oz (npm's binaryen): the module both builds ship.
#
# Installs its tools first (tools.sh). Honours CARGO_TARGET_DIR. Writes the
# sizes of each stage to pkg/sizes.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tools.sh
source "$here/tools.sh"
if [ -z "${HUIQI_WASM_TOOLS_READY:-}" ]; then # test.sh has just done it
    ensure_node
    ensure_wasm_target
    ensure_wasm_bindgen
    ensure_npm_tools
fi

cd "$repo_dir"
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$repo_dir/$target_dir" ;; esac

# The workspace's release profile is tuned for the native crates; the module
# is tuned here, for this build only (it has its own target folder): for
# size by default (pages download it): opt-level z is 7% smaller gzipped
# than s; HUIQI_WASM_OPT_LEVEL=3 gives a larger, faster module.
opt_level=${HUIQI_WASM_OPT_LEVEL:-z}
echo "    cargo build --release --target wasm32-unknown-unknown -p huiqi-wasm (opt-level $opt_level, fat LTO)"
CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt_level \
CARGO_PROFILE_RELEASE_LTO=fat \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
    cargo build --quiet --locked --release --target wasm32-unknown-unknown -p huiqi-wasm
raw="$target_dir/wasm32-unknown-unknown/release/huiqi_wasm.wasm"

pkg="$here/pkg"
rm -rf "$pkg"
mkdir -p "$pkg"
"$WASM_BINDGEN" --target web --out-dir "$pkg/web" --out-name huiqi "$raw"
"$WASM_BINDGEN" --target nodejs --out-dir "$pkg/node" --out-name huiqi "$raw"
bindgen_size=$(stat -c %s "$pkg/web/huiqi_bg.wasm")

# Rust's wasm32 target enables these features; wasm-opt must keep them.
opt_flags=(-Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
    --enable-mutable-globals --enable-reference-types --enable-multivalue)
"$WASM_OPT" "${opt_flags[@]}" "$pkg/web/huiqi_bg.wasm" -o "$pkg/web/huiqi_bg.opt.wasm"
# Both targets get the same module from wasm-bindgen; optimise it once.
if cmp -s "$pkg/web/huiqi_bg.wasm" "$pkg/node/huiqi_bg.wasm"; then
    cp "$pkg/web/huiqi_bg.opt.wasm" "$pkg/node/huiqi_bg.wasm"
else
    "$WASM_OPT" "${opt_flags[@]}" "$pkg/node/huiqi_bg.wasm" -o "$pkg/node/huiqi_bg.wasm"
fi
mv "$pkg/web/huiqi_bg.opt.wasm" "$pkg/web/huiqi_bg.wasm"

# The declarations carry the core's doc comments: rustdoc links
# ([`crate::limits::MAX_SPECIALS`]) read as plain code names in TypeScript.
# wasm-bindgen declares `[Symbol.dispose]` on classes (`Quote`), which
# type-checks only with TypeScript's `esnext.disposable` library: left out,
# so a project on ES2022 compiles without `skipLibCheck` (`free()` remains,
# and `using` still works at run time where the engine has it).
for dts in "$pkg/web/huiqi.d.ts" "$pkg/node/huiqi.d.ts"; do
    sed -i -E 's/\[`(crate::[a-z_]+::)?([^]`]+)`\]/`\2`/g' "$dts"
    sed -i '/^    \[Symbol\.dispose\](): void;$/d' "$dts"
done

# The web glue is an ES module, the node glue CommonJS, whatever the
# enclosing package says; node/index.mjs gives Node the web build's
# `init()`-then-call shape (there is nothing to initialise in Node).
echo '{"type": "module"}' >"$pkg/web/package.json"
echo '{"type": "commonjs"}' >"$pkg/node/package.json"
# The JS snippets (js/quoter.js) are ES modules, which the web glue imports
# and the node glue `require`s: Node 20 cannot require an ES module, so the
# node build's copies become CommonJS (each `export function f` a function
# and `exports.f = f`; a snippet holds nothing else that ESM alone reads).
snippets=$(find "$pkg/node/snippets" -name '*.js' 2>/dev/null || true)
for snippet in $snippets; do
    sed -i -E 's/^export function ([A-Za-z0-9_$]+)/exports.\1 = \1;\nfunction \1/' "$snippet"
    if grep -qE '^\s*(export|import)\b' "$snippet"; then
        echo "$snippet: ES module syntax left after the CommonJS rewrite" >&2
        exit 1
    fi
done
cp "$here/js/node-index.mjs" "$pkg/node/index.mjs"
cp "$here/js/node-index.d.mts" "$pkg/node/index.d.mts"

opt_size=$(stat -c %s "$pkg/web/huiqi_bg.wasm")
gzip_size=$(gzip -9 -c "$pkg/web/huiqi_bg.wasm" | wc -c)
raw_size=$(stat -c %s "$raw")
# What a page downloads: the module and the web glue with its JS snippets,
# each file gzipped.
glue_gzip_size=0
for js in "$pkg/web/huiqi.js" $(find "$pkg/web/snippets" -name '*.js' 2>/dev/null || true); do
    glue_gzip_size=$((glue_gzip_size + $(gzip -9 -c "$js" | wc -c)))
done
cat >"$pkg/sizes.json" <<EOF
{"cargo_release": $raw_size, "wasm_bindgen": $bindgen_size, "wasm_opt_oz": $opt_size, "wasm_opt_oz_gzip_9": $gzip_size, "web_glue_gzip_9": $glue_gzip_size, "package_gzip_9": $((gzip_size + glue_gzip_size))}
EOF
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
echo "    module size: cargo $(kib "$raw_size") -> wasm-bindgen $(kib "$bindgen_size")" \
    "-> wasm-opt -Oz $(kib "$opt_size") ($(kib "$gzip_size") gzipped)"
