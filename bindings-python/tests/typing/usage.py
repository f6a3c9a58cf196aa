"""A small program using huiqi's public API, checked by `mypy --strict`
against the stubs shipped in the wheel (huiqi/__init__.pyi + py.typed)."""

from __future__ import annotations

import array
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import numpy as np

import huiqi


def henan_quote() -> Decimal:
    quote: huiqi.Quote = huiqi.quote(
        "henan", Decimal("245.00"), date=date(2018, 7, 24), certified=True, claim="claimed"
    )
    payable: Decimal = quote.payable
    headroom: dict[str, Decimal] | None = quote.budget_pool
    assert headroom is None
    return quote.subsidy + payable


def policies() -> list[str]:
    henan = huiqi.SubsidyPolicy.preset("henan")
    ratio: Decimal = henan.ratio
    start: date = henan.effective_from
    loaded = huiqi.PolicySet.load('id = "x"\nname = "x"\nratio = "10%"\neffective_from = 2020-01-01\n')
    in_force: huiqi.SubsidyPolicy | None = loaded.in_force("2021-01-01")
    assert ratio and start and in_force is not None
    again = huiqi.SubsidyPolicy.from_dict(henan.to_dict())
    return [p.id for p in loaded.policies] + [again.id] + huiqi.SubsidyPolicy.presets()


def batch() -> int:
    fen = np.array([24_500, 5], dtype=np.int64)
    fresh: array.array[int] = huiqi.quote_batch("henan", fen, date="2018-07-24", certified=True, claim="claimed")
    out = np.zeros(2, dtype=np.int64)
    same = huiqi.quote_batch("henan", fen, date="2018-07-24", certified=True, claim="claimed", out=out)
    decimals: list[Decimal] = huiqi.quote_batch_decimal(
        "henan", [Decimal("1.00"), "2.00", 3], date=date(2018, 7, 24), certified=True, claim="claimed"
    )
    return sum(fresh) + int(same.sum()) + len(decimals)


def validation() -> list[str]:
    verdict: huiqi.Verdict = huiqi.validate_uscc("91350100M000100Y43")
    if not verdict:
        verdict.raise_if_invalid()
    problems: list[huiqi.Problem] = huiqi.validate_mobile("123").violations
    return [p.code for p in problems] + huiqi.validate_resident_id("11010519491231002X", date(2024, 1, 1)).codes


def passwords() -> bool:
    policy = huiqi.PasswordPolicy.preset("national")
    verdict = policy.check("Zhangsan@2024", username="zhangsan", history_hashes=[])
    phc: str = huiqi.hash_password("Zhangsan@2024", memory_kib=1024, iterations=1, parallelism=1)
    return verdict.valid and huiqi.verify_password("Zhangsan@2024", phc)


def checkout() -> Decimal:
    now = datetime(2023, 7, 31, 11, 34, 9, tzinfo=timezone(timedelta(hours=8)))
    order = {
        "lines": [{"id": "1", "product": "p", "unit_price": Decimal("234.00")}],
        "vouchers": [],
        "now": now,
    }
    pricing = huiqi.checkout_price(order, [])
    payable = pricing["payable"]
    assert isinstance(payable, Decimal)
    return payable


def errors() -> str:
    try:
        huiqi.parse_money("245.001")
    except huiqi.MoneyError as error:
        first: huiqi.Problem = error.problems[0]
        return f"{error.code} {error.field} {first.message_en}"
    return ""


def generic() -> object:
    text: str = huiqi.call_json("money.parse", '{"input": "1"}')
    answer: dict[str, object] = huiqi.call("money.parse", {"input": "1"})
    return (text, answer, huiqi.invoke("operations"), huiqi.operations(), huiqi.from_fen(huiqi.to_fen("1.00")))
