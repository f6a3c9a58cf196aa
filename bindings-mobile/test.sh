#!/usr/bin/env bash
# Tests of the mobile bindings (run from the repository root by scripts/test.sh,
# or from anywhere):
#   1. installs, once, what it needs: Debian's libjna-java (JNA for the JVM)
#      and the npm package kotlin-compiler, pinned, into
#      ${HUIQI_CACHE:-$HOME/.cache/huiqi}/npm-kotlin (never inside the repo);
#   3. builds the library and generates the Kotlin and Swift bindings
#      (generate.sh; honours CARGO_TARGET_DIR) and checks the Swift output;
#   4. compiles the generated Kotlin with the Kotlin tests and the README's
#      Kotlin quickstart, and runs them on the JVM against the built library:
#      every shared vector through `call` and through the typed functions,
#      the typed API, garbage input, the quickstart.
# Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

KOTLIN_COMPILER_VERSION="2.4.20"
cache="${HUIQI_CACHE:-$HOME/.cache/huiqi}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
jna_jar=/usr/share/java/jna.jar
kotlin_home="$cache/npm-kotlin"
kotlinc="$kotlin_home/node_modules/kotlin-compiler/bin/kotlinc-jvm"
build="$here/kotlin-tests/build"

step() { printf '\n--> mobile: %s\n' "$*"; }
started=$SECONDS

step "JNA ($jna_jar)"
if [ ! -f "$jna_jar" ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    # A fresh image may have no package lists yet.
    $sudo apt-get install -y --no-install-recommends libjna-java \
        || { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends libjna-java; }
fi
echo "JNA: $jna_jar"

step "Kotlin compiler (npm kotlin-compiler@$KOTLIN_COMPILER_VERSION)"
installed=""
if [ -f "$kotlin_home/node_modules/kotlin-compiler/package.json" ]; then
    installed="$(node -p "require('$kotlin_home/node_modules/kotlin-compiler/package.json').version")"
fi
if [ "$installed" != "$KOTLIN_COMPILER_VERSION" ] || [ ! -x "$kotlinc" ]; then
    mkdir -p "$kotlin_home"
    npm install --prefix "$kotlin_home" --no-audit --no-fund --loglevel=error \
        "kotlin-compiler@$KOTLIN_COMPILER_VERSION"
fi
echo "kotlinc: $kotlinc"

step "clippy on the uniffi-bindgen binary (scripts/test.sh leaves it out)"
# Alone: its `cli` feature of uniffi must not spread to other crates.
cargo clippy --locked -p huiqi-uniffi-bindgen --all-targets --quiet -- -D warnings

step "build the library and generate the bindings"
"$here/generate.sh"
library_dir="$target_dir/release"

step "Swift bindings generated (no Swift compiler here)"
swift="$here/generated/swift/Huiqi.swift"
for file in "$swift" "$here/generated/swift/HuiqiFFI.h" "$here/generated/swift/HuiqiFFI.modulemap"; do
    [ -s "$file" ] || { echo "missing: $file"; exit 1; }
done
grep -q 'public func subsidyQuote(' "$swift" || { echo "$swift lacks subsidyQuote"; exit 1; }
grep -q 'enum HuiqiError: Swift.Error' "$swift" || { echo "$swift lacks HuiqiError"; exit 1; }
echo "swift: $(wc -l <"$swift") lines in $swift"

step "the README's Kotlin quickstart"
mkdir -p "$build/readme"
quickstart="$build/readme/ReadmeQuickstart.kt"
"$here/kotlin-tests/extract-quickstart.sh" "$root/README.md" >"$quickstart.new"
mv "$quickstart.new" "$quickstart"
echo "extracted into $quickstart"

step "compile the Kotlin tests"
sources=("$here/generated/kotlin/io/huiqi/huiqi.kt" "$quickstart")
while IFS= read -r file; do sources+=("$file"); done \
    < <(find "$here/kotlin-tests/src" -name '*.kt' | sort)
jar="$build/huiqi-kotlin-tests.jar"
# Compiling takes a while; skip it when no source (nor the compiler) changed.
stamp="$(cat "${sources[@]}" | sha256sum | cut -d' ' -f1)-$KOTLIN_COMPILER_VERSION"
if [ -f "$jar" ] && [ "$(cat "$build/sources.sha256" 2>/dev/null)" = "$stamp" ]; then
    echo "unchanged since the last compile: $jar"
else
    rm -f "$jar" "$build/sources.sha256"
    "$kotlinc" -nowarn -include-runtime -cp "$jna_jar" -d "$jar" "${sources[@]}"
    echo "$stamp" >"$build/sources.sha256"
    echo "compiled: $jar"
fi

step "run the Kotlin tests on the JVM"
java -Djna.library.path="$library_dir" -cp "$jar:$jna_jar" io.huiqi.tests.MainKt \
    "$root/tests/vectors"

step "passed in $((SECONDS - started)) s"
