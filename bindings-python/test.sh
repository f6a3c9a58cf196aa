#!/usr/bin/env bash
# Builds the Python bindings' wheel and runs their tests.
#
# Run from anywhere (scripts/test.sh runs it from the repository root). Needs
# Rust (rustup) and CPython >= 3.11 with pip; on Debian, python3-venv is
# installed with apt-get when missing. Creates or reuses a virtual environment
# under ${HUIQI_CACHE:-$HOME/.cache/huiqi}/python-venv (never in the repo),
# installs the pinned tools of requirements-dev.txt (skipped when already
# there), checks that huiqi.pyi is what stubgen.py writes from the core,
# builds the wheel for that CPython with `maturin build --release` (honouring
# CARGO_TARGET_DIR), proves the wheel installs into a fresh throw-away venv,
# then installs it into the test venv and runs pytest, mypy and
# mypy.stubtest (the stubs against the built module).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

step() { printf '\n==> python: %s\n' "$*"; }

python="${PYTHON:-python3}"
cache="${HUIQI_CACHE:-$HOME/.cache/huiqi}"
venv="$cache/python-venv"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
export PYTHONDONTWRITEBYTECODE=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

step "interpreter"
if ! command -v "$python" >/dev/null 2>&1; then
    echo "no $python on PATH: install CPython 3.11 or newer" >&2
    exit 1
fi
"$python" - <<'PY'
import sys
print(sys.executable, sys.version.split()[0])
if sys.version_info < (3, 11):
    sys.exit("the Python bindings need CPython 3.11 or newer ")
PY
if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
        echo "installing python3-venv (Debian splits venv and ensurepip out of python3)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else
        echo "$python cannot create virtual environments: install the venv module (Debian: python3-venv)" >&2
        exit 1
    fi
fi

step "test tools in $venv"
mkdir -p "$cache"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi
requirements="$here/requirements-dev.txt"
stamp="$venv/.huiqi-requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" "$requirements" && "$venv/bin/python" -m pip check >/dev/null 2>&1; then
    echo "pinned tools already installed: $(tr '\n' ' ' <"$stamp" | grep -o '[a-z]*==[0-9.]*' | tr '\n' ' ')"
else
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -r "$requirements"
    cp "$requirements" "$stamp"
fi
"$venv/bin/maturin" --version

step "stubs: huiqi.pyi is what stubgen.py writes from the core"
"$venv/bin/python" "$here/stubgen.py" --check

step "wheel (maturin build --release)"
wheels="$target_dir/python-wheels"
rm -rf "$wheels"
mkdir -p "$wheels"
"$venv/bin/maturin" build --release --locked \
    --manifest-path "$here/Cargo.toml" \
    --interpreter "$venv/bin/python" \
    --out "$wheels"
wheel="$(ls "$wheels"/huiqi-*.whl)"
echo "built $(basename "$wheel")"

step "the wheel installs into a fresh virtual environment"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$python" -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install --quiet --no-index "$wheel"
(cd "$scratch" && "$scratch/venv/bin/python" - <<'PY'
from datetime import date
from decimal import Decimal
import huiqi

quote = huiqi.quote("henan", Decimal("245.00"), date=date(2018, 7, 24), certified=True, claim="claimed")
assert quote.subsidy == Decimal("73.50"), quote
assert huiqi.money_parse(input="245").amount == Decimal("245.00")
print("smoke import:", huiqi.__file__, "→ subsidy", quote.subsidy)
PY
)
rm -rf "$scratch"
trap - EXIT

step "pytest"
"$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall "$wheel"
cd "$here"
"$venv/bin/python" -m pytest -p no:cacheprovider

step "mypy --strict on the stubs' usage file, the benchmark and stubgen.py"
cd "$here/tests/typing"
"$venv/bin/python" -m mypy --strict --no-incremental --cache-dir=/dev/null usage.py ../../bench/bench_quotes.py ../../stubgen.py

step "mypy.stubtest: the stubs against the built module"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# `huiqi.huiqi` is the extension inside the package: its names are the
# package's, which the stubs declare.
printf 'huiqi.huiqi\n' >"$scratch/allowlist"
(cd "$scratch" && "$venv/bin/python" -m mypy.stubtest --allowlist "$scratch/allowlist" huiqi)
rm -rf "$scratch"
trap - EXIT

step "python bindings: all tests passed"
