"""A small program using huiqi's public API, checked by `mypy --strict`
against the stubs shipped in the wheel (huiqi/__init__.pyi + py.typed)."""

from __future__ import annotations

import array
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import numpy as np

import huiqi


def henan_quote() -> Decimal:
    quote: huiqi.SubsidyQuote = huiqi.quote(
        "henan", Decimal("245.00"), date=date(2018, 7, 24), certified=True, claim="claimed"
    )
    payable: Decimal = quote.payable
    headroom: huiqi.Headroom | None = quote.budget_pool
    assert headroom is None and quote.bound_by in ("ratio", "cap_per_order")
    lines: list[huiqi.ExplanationLine] = quote.explanation
    return quote.subsidy + payable + len(lines)


def operations() -> list[str]:
    answer: huiqi.QuoteAnswer = huiqi.subsidy_quote(
        policy="henan", order_total=Decimal("245.00"), date=date(2018, 7, 24), enterprise={"certified": True, "claim": "claimed"}
    )
    parsed: huiqi.ParsedAmount = huiqi.money_parse({"input": "¥3,768.00"})
    fen: int = parsed.fen
    assert fen and answer.subsidy
    return [o.name for o in huiqi.operations().operations]


def policies() -> list[str]:
    henan = huiqi.SubsidyPolicy.preset("henan")
    ratio: Decimal = henan.ratio
    start: date = henan.effective_from
    cap: Decimal | None = henan.caps.per_order
    loaded = huiqi.policy_load(format="toml", text='id = "x"\nname = "x"\nratio = "10%"\neffective_from = 2020-01-01\n')
    in_force: str | None = loaded.in_force
    assert ratio and start and cap is None and in_force is None
    again = huiqi.SubsidyPolicy.from_json(henan.to_json())
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
    verdict: huiqi.UsccVerdict = huiqi.validate_uscc(value="91350100M000100Y43")
    if not verdict:
        verdict.raise_if_invalid()
    province: str | None = verdict.info.province if verdict.info else None
    problems: list[huiqi.Problem] = huiqi.validate_mobile(value="123").violations
    person = huiqi.validate_resident_id(value="11010519491231002X", today=date(2024, 1, 1))
    return [p.code for p in problems] + person.codes + [province or ""]


def passwords() -> bool:
    policy = huiqi.PasswordPolicy.preset("national")
    verdict: huiqi.Verdict = huiqi.password_check(policy=policy, password="Zhangsan@2024", context={"username": "zhangsan"})
    phc: str = huiqi.password_hash(password="Zhangsan@2024", cost={"memory_kib": 1024, "iterations": 1, "parallelism": 1}).hash
    return verdict.valid and huiqi.password_verify(password="Zhangsan@2024", hash=phc).matches


def checkout() -> Decimal:
    now = datetime(2023, 7, 31, 11, 34, 9, tzinfo=timezone(timedelta(hours=8)))
    order = {"lines": [{"id": "1", "product": "p", "unit_price": Decimal("234.00")}], "vouchers": [], "now": now}
    pricing: huiqi.PricedOrder = huiqi.checkout_price(checkout=order, selected=[])
    vouchers: list[huiqi.AppliedVoucher] = pricing.vouchers
    return pricing.payable + len(vouchers)


def errors() -> str:
    try:
        huiqi.money_parse(input="245.001")
    except huiqi.MoneyError as error:
        first: huiqi.Problem = error.problems[0]
        return f"{error.code} {error.field} {first.message_en} {first.to_dict()}"
    return ""


def generic() -> object:
    text: str = huiqi.call_json("money.parse", '{"input": "1"}')
    answer: dict[str, object] = huiqi.call("money.parse", {"input": "1"})
    return (text, answer)


def approvals() -> int:
    li = {"id": "li", "roles": ["applicant"]}
    submit = {"type": "submit", "route": huiqi.route_preset(name="seal"), "name": "用印", "picks": {"leader": "wang"}}
    request = {"request_id": "r1", "actor": li, "command": submit}
    stream = huiqi.ApprovalStream()
    decision: huiqi.Decision = stream.decide(request, now="2023-07-20 10:00:00", seed=1)
    held: huiqi.Application | None = stream.state
    approve = {"request_id": "r2", "actor": {"id": "wang"}, "command": {"type": "approve"}}
    fast: huiqi.Decided = huiqi.decide(held, approve, now="2023-07-20 10:00:00", seed=2)
    ticked: huiqi.Decision = huiqi.ApprovalStream(fast.state).tick(now="2023-07-21 10:00:00", seed=3)
    return decision.version + stream.version + len(ticked.events)
