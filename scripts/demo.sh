#!/usr/bin/env bash
# The main job for now: the manuals' worked examples through the `huiqi`
# command. Exits non-zero if any figure differs from the manual.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --locked -p huiqi-cli
huiqi="${CARGO_TARGET_DIR:-target}/debug/huiqi"

echo "## huiqi demo: each example checked against the manual's figure"
"$huiqi" demo

echo "## Henan order ¥245.00 with the province's 30% (seed 001)"
"$huiqi" quote --policy henan --amount 245.00 --date 2018-07-24

echo
echo "## Contract ¥120.00 on an order of ¥3768.00, with a ¥20.00 voucher"
"$huiqi" quote --policy henan --amount 3768.00 --contract 120.00 --voucher 20.00 --date 2018-07-30

echo
echo "## A password for the national platform (seed 002)"
"$huiqi" validate password --preset national --username zhangsan 'Zhang#2024x' || true
"$huiqi" validate password --preset national --username zhangsan 'zhangsan123' || true
