#!/usr/bin/env bash
# Every test of huiqi, as CI runs it (.ci/run calls this script).
#
# Needs: the Rust toolchain (1.88+) with rustfmt and clippy, as the machine's
# rustup provides. Nothing else is installed for now; the bindings' tools
# (maturin, wasm-bindgen-cli, npm packages, JNA) arrive with the bindings.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

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

step "clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "unit, property, state-machine, vector, CLI and doc tests"
target_dir="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target_dir"
log="$target_dir/test-output.txt"
status=0
cargo test --workspace --locked -- --nocapture >"$log" 2>&1 || status=$?
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
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "benchmarks compile"
cargo bench --workspace --locked --no-run --quiet

step "the demo checks the manuals' figures"
./scripts/demo.sh >/dev/null
echo "demo: every manual figure matches"

step "all tests passed"
