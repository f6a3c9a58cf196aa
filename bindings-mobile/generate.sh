#!/usr/bin/env bash
# Builds the mobile library (release) and the uniffi-bindgen binary, then
# generates the Kotlin and Swift bindings into bindings-mobile/generated/
# (gitignored): generated/kotlin/io/huiqi/huiqi.kt and generated/swift/. The
# `huiqi` component is the core's (feature `uniffi`); its uniffi.toml (package
# io.huiqi, BigDecimal and java.time mappings) is read from core/.
#
# Honours CARGO_TARGET_DIR. Prints the library's path as its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

# Two cargo invocations on purpose: the bindgen's `cli` feature of uniffi
# would otherwise spread into the library built beside it.
cargo build --locked --release -p huiqi-mobile
cargo build --locked -p huiqi-uniffi-bindgen

library="$target_dir/release/libhuiqi_mobile.so"
bindgen="$target_dir/debug/uniffi-bindgen"
out="$here/generated"
rm -rf "$out/kotlin" "$out/swift"
mkdir -p "$out/kotlin" "$out/swift"

# --no-format: ktlint and swiftformat are not installed here, and formatting
# is cosmetic.
for language in kotlin swift; do
    "$bindgen" generate --library "$library" --language "$language" \
        --out-dir "$out/$language" --no-format
done

echo "generated:"
find "$out" -type f | sort | sed "s|^$root/|  |"
echo "$library"
