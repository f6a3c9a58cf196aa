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

# A Kotlin string holding a lone surrogate (half an emoji, cut by
# `take(n)`) has no UTF-8 form: uniffi's encoder throws
# java.nio.charset.MalformedInputException before the library is reached,
# which an app catching HuiqiException does not expect. Refuse it as the
# library's own error, in the core's words (call::lone_surrogate_in_text).
python3 - "$out/kotlin/io/huiqi/huiqi.kt" "$root/core/src/call/mod.rs" <<'PY'
import re, sys
kotlin_path, core_path = sys.argv[1], sys.argv[2]
core = open(core_path, encoding="utf-8").read()
words = re.search(r'fn lone_surrogate_in_text[^{]*\{\s*Problem::new\(\s*Code::InvalidRequest,\s*field,\s*'
                  r'"([^"]+)",\s*"([^"]+)",', core)
if not words:
    sys.exit("generate.sh: the core's lone-surrogate wording was not found in call/mod.rs")
zh, en = words.group(1), words.group(2)
kotlin = open(kotlin_path, encoding="utf-8").read()
old = "            encode(CharBuffer.wrap(value))\n"
if kotlin.count(old) != 1:
    sys.exit("generate.sh: uniffi's string encoder is not where it was (uniffi changed?)")
problem = f'Problem("request.invalid", null, "{zh}", "{en}")'
new = ("            try {\n"
       "                encode(CharBuffer.wrap(value))\n"
       "            } catch (e: java.nio.charset.CharacterCodingException) {\n"
       f'                throw HuiqiException.Request("request.invalid", null, "{zh}", "{en}", listOf({problem}))\n'
       "            }\n")
open(kotlin_path, "w", encoding="utf-8").write(kotlin.replace(old, new))
PY

echo "generated:"
find "$out" -type f | sort | sed "s|^$root/|  |"
echo "$library"
