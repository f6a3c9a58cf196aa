#!/usr/bin/env bash
# Every test of huiqi, as CI runs it (.ci/run calls this script).
#
# On a fresh machine it needs the Rust toolchain (1.89+, with rustfmt and
# clippy), CPython 3.11 with pip, Node 20 with npm, a Java 17 JDK and apt;
# each binding's test script installs its own tools (maturin and friends in a
# venv, the wasm32 target, wasm-bindgen-cli, npm packages, JNA, Chromium)
# into ${HUIQI_CACHE:-$HOME/.cache/huiqi}, outside the repository, and reuses
# them on the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
started=$SECONDS

step "toolchain"
cargo --version
rustc --version
for pair in fmt:rustfmt clippy:clippy; do
    if ! cargo "${pair%%:*}" --version >/dev/null 2>&1; then
        echo "installing the ${pair##*:} component"
        rustup component add "${pair##*:}"
    fi
done

step "format"
cargo fmt --all -- --check

step "clippy, every crate (warnings are errors)"
# The uniffi-bindgen binary is left out: its `cli` feature would spread to
# every crate built in the same invocation. bindings-mobile/test.sh builds it.
cargo clippy --workspace --exclude huiqi-uniffi-bindgen --all-targets --locked -- -D warnings

step "Rust tests: unit, property, state-machine, vector, CLI and doc tests"
# The binding crates are tested in their own languages below.
target_dir="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target_dir"
log="$target_dir/test-output.txt"
status=0
cargo test --locked -p huiqi-core -p huiqi-cli -p huiqi-tests -- --nocapture >"$log" 2>&1 || status=$?
grep -E '^\s+Running|^\s+Doc-tests|^test result|^shared vectors' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "tests failed; the end of $log:"
    tail -n 150 "$log"
    exit "$status"
fi

step "examples"
for example in henan_order checkout_with_vouchers policy_from_toml; do
    cargo run --quiet --locked -p huiqi-core --example "$example" >/dev/null
    echo "example $example: ok"
done

step "documentation (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps --quiet -p huiqi-core -p huiqi-cli -p huiqi-tests

step "benchmarks compile"
cargo bench --locked --no-run --quiet -p huiqi-core -p huiqi-tests

step "the demo checks the manuals' figures"
./scripts/demo.sh >/dev/null
echo "demo: every manual figure matches"

for binding in python wasm mobile; do
    step "bindings-$binding"
    binding_started=$SECONDS
    "./bindings-$binding/test.sh"
    echo "bindings-$binding: passed in $((SECONDS - binding_started)) s"
done

step "all tests passed in $((SECONDS - started)) s"
