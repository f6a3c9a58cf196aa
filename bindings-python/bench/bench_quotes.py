"""Benchmark: one million subsidy quotes, four ways, side by side.

    python bench/bench_quotes.py [--orders N] [--seed S]

The policy is a what-if variant of the Henan preset (30%, half away from zero
to the fen) with a per-order cap of ¥500.00, so both the rounding and the cap
are exercised; every method gets the same policy, date, enterprise standing
and order totals (random whole fen up to ¥5,000.00, fixed seed):

  (a) one `huiqi.quote` call per order (Decimal in, Decimal out);
  (b) one `huiqi.quote_batch` call over a numpy int64 array of fen;
  (c) pure Python `decimal.Decimal`: ratio × total, ROUND_HALF_UP on 0.01, capped;
  (d) numpy int64 arithmetic in fen: (fen × 30 + 50) // 100, capped.

(a), (b) and (d) are checked against (c): the run fails unless there are 0
mismatches. Times are the best of --repeat runs ((a) runs once). This is a
measurement, not a timed test: figures depend on the machine. Targets: (b) at least 50× faster than (c) and no slower than (d).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, TypeVar

import numpy as np
import numpy.typing as npt

import huiqi

T = TypeVar("T")
DATE = date(2018, 7, 24)
STANDING: dict[str, Any] = dict(date=DATE, certified=True, claim="claimed")
CAP = Decimal("500.00")
MAX_TOTAL_FEN = 500_000  # ¥5,000.00


def what_if_policy() -> huiqi.SubsidyPolicy:
    """The Henan preset with a per-order cap: a policy analyst's what-if."""
    document = huiqi.SubsidyPolicy.preset("henan").to_dict()
    document["id"] = "henan-what-if-cap"
    document["caps"] = {"per_order": CAP}
    return huiqi.SubsidyPolicy.from_dict(document)


def timed(label: str, fn: Callable[[], T], repeat: int) -> tuple[T, float]:
    """The best of `repeat` runs (first runs pay for page faults and caches)."""
    print(f"  running {label} ...", end="", flush=True)
    best = float("inf")
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
        print(f" {best:.4f} s", end="", flush=True)
    print(flush=True)
    assert result is not None
    return result, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20180724)
    parser.add_argument("--repeat", type=int, default=5, help="best of N runs for (b), (c), (d); (a) runs once")
    args = parser.parse_args(argv)
    n: int = args.orders

    policy = what_if_policy()
    ratio: Decimal = policy.ratio  # Decimal("0.30")
    cap = policy.caps["per_order"]
    assert cap == CAP and policy.rounding == "half_away_from_zero"
    cap_fen = huiqi.to_fen(cap)
    ratio_num = int(ratio * 100)  # 30 (per cent)

    rng = np.random.default_rng(args.seed)
    fen: npt.NDArray[np.int64] = rng.integers(0, MAX_TOTAL_FEN + 1, size=n, dtype=np.int64)
    fen_list: list[int] = fen.tolist()
    totals = [Decimal(f).scaleb(-2) for f in fen_list]  # exact: whole fen as yuan
    cent = Decimal("0.01")

    print(f"{n:,} orders, policy {policy.id!r}: ratio {ratio}, {policy.rounding}, cap {cap} per order")
    print(f"huiqi {huiqi.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")

    def per_call() -> list[Decimal]:
        quote = huiqi.quote
        return [quote(policy, t, **STANDING).subsidy for t in totals]

    def batch() -> npt.NDArray[np.int64]:
        out = np.empty_like(fen)
        huiqi.quote_batch(policy, fen, **STANDING, out=out)
        return out

    def pure_decimal() -> list[Decimal]:
        out = []
        for t in totals:
            s = (t * ratio).quantize(cent, rounding=ROUND_HALF_UP)
            out.append(s if s < cap else cap)
        return out

    def numpy_fen() -> npt.NDArray[np.int64]:
        s = (fen * ratio_num + 50) // 100
        return np.minimum(s, cap_fen)

    print("timings:")
    c, t_c = timed("(c) pure Python Decimal", pure_decimal, args.repeat)
    b, t_b = timed("(b) huiqi.quote_batch, int64 array", batch, args.repeat)
    d, t_d = timed("(d) numpy int64 in fen", numpy_fen, args.repeat)
    a, t_a = timed("(a) huiqi.quote per order", per_call, 1)

    c_fen = np.array([int(s.scaleb(2)) for s in c], dtype=np.int64)
    mismatches = {
        "(a)": sum(1 for x, y in zip(a, c) if x != y),
        "(b)": int(np.count_nonzero(b != c_fen)),
        "(d)": int(np.count_nonzero(d != c_fen)),
    }
    capped = int(np.count_nonzero(c_fen == cap_fen))

    def row(label: str, seconds: float) -> str:
        return f"  {label:<38} {seconds:9.4f} s {seconds / n * 1e9:10.1f} ns/order {t_c / seconds:9.3g}×"

    print()
    print(f"  {'method':<38} {'time':>11} {'per order':>18} {'vs (c)':>10}")
    print(row("(a) huiqi.quote, one call per order", t_a))
    print(row("(b) huiqi.quote_batch, one call", t_b))
    print(row("(c) pure Python decimal.Decimal", t_c))
    print(row("(d) numpy int64 arithmetic in fen", t_d))
    print()
    print(f"batch vs pure Decimal (b/c): {t_c / t_b:,.1f}× faster (target ≥ 50×)")
    print(f"batch vs numpy (b/d):        {t_d / t_b:,.2f}× (target ≥ 1×)")
    print(f"orders held to the cap:      {capped:,} of {n:,}")
    print("mismatches against (c):      " + ", ".join(f"{k} {v}" for k, v in mismatches.items()))
    total = sum(c, Decimal("0.00"))
    print(f"total subsidy:               ¥{total:,}")
    ok = not any(mismatches.values())
    if not ok:
        print("MISMATCH: the methods disagree", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
