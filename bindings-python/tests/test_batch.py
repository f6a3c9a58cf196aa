"""quote_batch over int64 buffers: same figures as single quotes, in place."""

from __future__ import annotations

import array
import json
import random
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

import huiqi

TERMS: dict[str, Any] = dict(date=date(2018, 7, 24), certified=True, claim="claimed")
CAPPED = huiqi.SubsidyPolicy.from_toml(
    """
id = "what-if"
name = "what-if: 30% capped at 500 per order"
ratio = "30%"
effective_from = 2018-01-01
[caps]
per_order = "500.00"
budget_pool = "20000"
"""
)


def yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def _orders(n: int, seed: int = 7) -> list[int]:
    rng = random.Random(seed)
    edges = [0, 1, 2, 3, 5, 15, 16, 166_666, 166_667, 166_668, 99_999_999_999_999_999]
    return edges + [rng.randrange(0, 1_000_000) for _ in range(n)]


@pytest.mark.parametrize("policy", ["henan", CAPPED], ids=["henan", "capped"])
def test_each_subsidy_is_the_single_quote(policy: Any) -> None:
    fen = _orders(300)
    result = huiqi.quote_batch(policy, np.array(fen, dtype=np.int64), **TERMS)
    assert isinstance(result, array.array) and result.typecode == "q" and len(result) == len(fen)
    for f, s in zip(fen, result):
        single = huiqi.quote(policy, yuan(f), **TERMS)
        assert yuan(s) == single.subsidy, f


def test_draw_down_is_a_sequence_of_single_quotes() -> None:
    fen = [100_000_00 + i for i in range(80)]  # ¥100,000 each: every order hits the caps
    result = huiqi.quote_batch(CAPPED, fen, **TERMS, draw_down=True)
    pool_used = Decimal("0.00")
    for f, s in zip(fen, result):
        single = huiqi.quote(CAPPED, yuan(f), **TERMS, pool_used=pool_used)
        assert yuan(s) == single.subsidy
        pool_used += single.subsidy
    assert sum(result) == 20_000_00  # the pool ran out exactly
    assert result[-1] == 0
    # Without draw-down each order is quoted alone.
    alone = huiqi.quote_batch(CAPPED, fen, **TERMS)
    assert set(alone) == {500_00}


def test_accepts_numpy_array_memoryview_and_list() -> None:
    fen = [24_500, 5, 1]
    expected = [7_350, 2, 0]
    sources: list[Any] = [
        np.array(fen, dtype=np.int64),
        array.array("q", fen),
        memoryview(array.array("q", fen)),
        fen,
        tuple(fen),
        np.array(fen + [0], dtype=np.int64)[:3],
    ]
    for source in sources:
        assert list(huiqi.quote_batch("henan", source, **TERMS)) == expected


def test_numpy_views_the_result_without_copying() -> None:
    result = huiqi.quote_batch("henan", np.array([24_500, 5], dtype=np.int64), **TERMS)
    view = np.frombuffer(result, dtype=np.int64)
    assert view.tolist() == [7_350, 2]
    result[0] = 42
    assert view[0] == 42  # same memory


def test_writes_into_out_in_place() -> None:
    fen = np.array([24_500, 5, 1, 100], dtype=np.int64)
    out = np.full(4, -1, dtype=np.int64)
    returned = huiqi.quote_batch("henan", fen, **TERMS, out=out)
    assert returned is out
    assert out.tolist() == [7_350, 2, 0, 30]
    out_array = array.array("q", [9, 9, 9, 9])
    assert huiqi.quote_batch("henan", fen, **TERMS, out=out_array) is out_array
    assert list(out_array) == [7_350, 2, 0, 30]


def test_strided_buffers_and_overlap_are_handled() -> None:
    wide = np.array([24_500, 0, 5, 0, 1, 0], dtype=np.int64)
    strided = wide[::2]  # not contiguous: copied
    out = np.zeros(6, dtype=np.int64)
    huiqi.quote_batch("henan", strided, **TERMS, out=out[::2])
    assert out.tolist() == [7_350, 0, 2, 0, 0, 0]
    # In place: the input is the output.
    same = np.array([24_500, 5, 1], dtype=np.int64)
    huiqi.quote_batch("henan", same, **TERMS, out=same)
    assert same.tolist() == [7_350, 2, 0]


def test_empty_batches() -> None:
    assert list(huiqi.quote_batch("henan", np.array([], dtype=np.int64), **TERMS)) == []
    assert list(huiqi.quote_batch("henan", [], **TERMS)) == []
    assert huiqi.quote_batch_decimal("henan", [], **TERMS) == []


def test_policy_forms() -> None:
    fen = [100_000_00]
    versions = huiqi.policy_load(
        format="toml",
        text="""
[[policies]]
id = "v1"
name = "v1"
ratio = "10%"
effective_from = 2018-01-01
[[policies]]
id = "v2"
name = "v2"
ratio = "20%"
effective_from = 2018-07-01
""",
    ).policies
    assert list(huiqi.quote_batch(versions, fen, **TERMS)) == [20_000_00]
    assert list(huiqi.quote_batch(json.loads(CAPPED.to_json()), fen, **TERMS)) == [500_00]
    assert list(huiqi.quote_batch([json.loads(p.to_json()) for p in versions], fen, **TERMS)) == [20_000_00]
    early = dict(TERMS, date=date(2018, 3, 1))
    assert list(huiqi.quote_batch(versions, fen, **early)) == [10_000_00]
    # Before every version: nothing, as one policy out of its dates quotes.
    assert list(huiqi.quote_batch(versions, fen, **dict(TERMS, date=date(2017, 1, 1)))) == [0]
    assert list(huiqi.quote_batch(versions[0], fen, **dict(TERMS, date=date(2017, 1, 1)))) == [0]
    with pytest.raises(huiqi.RequestError) as claim:
        huiqi.quote_batch(CAPPED, fen, **dict(TERMS, claim="maybe"))
    assert claim.value.field == "claim"
    with pytest.raises(huiqi.MoneyError) as used:
        huiqi.quote_batch(CAPPED, fen, **TERMS, pool_used="1.001")
    assert used.value.field == "pool_used"


def test_ineligible_orders_get_nothing() -> None:
    fen = np.array([24_500, 100], dtype=np.int64)
    for terms in (
        dict(TERMS, certified=False),
        dict(TERMS, claim="unclaimed"),
        dict(TERMS, claim="declined"),
    ):
        assert list(huiqi.quote_batch("henan", fen, **terms)) == [0, 0]


def test_errors_name_the_order() -> None:
    with pytest.raises(huiqi.MoneyError) as raised:
        huiqi.quote_batch("henan", np.array([1, 2, -3], dtype=np.int64), **TERMS)
    assert raised.value.code == "money.negative" and raised.value.field == "order_totals_fen[2]"
    assert raised.value.message_en == "`order_totals_fen[2]` is negative: -3 fen"
    with pytest.raises(huiqi.RequestError) as length:
        huiqi.quote_batch("henan", [1, 2], **TERMS, out=np.zeros(3, dtype=np.int64))
    assert length.value.field == "out"
