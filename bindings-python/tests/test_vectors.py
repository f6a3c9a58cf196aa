"""Every shared vector (tests/vectors/*.json): through the JSON entry with the
matching rules of tests/src/lib.rs; through `call` (dicts); and through the
typed function of its operation (`huiqi.subsidy_quote(request)`), whose
answer or exception must agree with the JSON answer. The `subsidy.quote*`
vectors also go through the fast `quote`, `quote_batch_decimal` and the
int64 `quote_batch`."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any, Callable

import pytest

import huiqi
from conftest import CASES, Case, check_answer, has_float, match, plain

pytestmark = pytest.mark.vectors
OPERATIONS = [o.name for o in huiqi.operations().operations]
DICT_CASES = [c for c in CASES if c.request is not None]
TYPED_CASES = [c for c in DICT_CASES if c.op in OPERATIONS]  # not the vectors of unknown operations


def typed_function(op: str) -> Callable[..., Any]:
    """The operation's function: `subsidy.quote` → `huiqi.subsidy_quote`."""
    function: Callable[..., Any] = getattr(huiqi, op.replace(".", "_"))
    return function


def test_there_are_over_300_vectors_covering_every_operation() -> None:
    assert len(CASES) > 300
    assert set(OPERATIONS) <= {case.op for case in CASES}
    for op in OPERATIONS:
        assert callable(typed_function(op)), op


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_shared_vector(case: Case) -> None:
    answer = huiqi.call_json(case.op, case.request_text)
    problem = check_answer(case, answer)
    assert problem is None, problem


@pytest.mark.parametrize("case", DICT_CASES, ids=[c.id for c in DICT_CASES])
def test_shared_vector_through_call_with_dicts(case: Case) -> None:
    if has_float(case.request):
        with pytest.raises(TypeError):
            huiqi.call(case.op, case.request)
        return
    answer = huiqi.call(case.op, case.request)
    if case.op == "password.hash" and answer["ok"]:
        assert answer["value"]["hash"].startswith("$argon2id$")
        return
    assert answer == json.loads(huiqi.call_json(case.op, case.request_text))


def _through_typed_function(case: Case) -> str | None:
    """None when the typed function agrees with the JSON answer, else how not."""
    raw = json.loads(huiqi.call_json(case.op, case.request_text))
    try:
        answer = typed_function(case.op)(case.request)
    except TypeError as e:
        return None if has_float(case.request) and "float" in str(e) else f"TypeError {e}"
    except huiqi.HuiqiError as e:
        got = [p.to_dict() for p in e.problems]
        if raw["ok"] or got != raw["errors"]:
            return f"raised {got}, JSON answered {raw}"
        if type(e).__name__ != e.category.capitalize() + "Error" or e.code != got[0]["code"]:
            return f"raised {type(e).__name__} for {got[0]['code']}"
        return None
    if not raw["ok"]:
        return f"typed function answered, JSON failed with {raw['errors']}"
    if type(answer).__module__ != "huiqi":
        return f"answered a {type(answer).__name__}, not a huiqi class"
    if case.op == "password.hash":  # salted: a new hash on every call
        return None if huiqi.password_verify(password=case.request["password"], hash=answer.hash).matches else "hash"
    return match(raw["value"], plain(answer))


def test_every_vector_through_its_typed_function() -> None:
    mismatches = [f"{c.id}: {m}" for c in TYPED_CASES if (m := _through_typed_function(c))]
    assert not mismatches, "\n".join(mismatches)
    assert {c.op for c in TYPED_CASES} == set(OPERATIONS) and len(TYPED_CASES) > 300


# ---------------------------------------------------------------- fast quotes


class NotExpressible(Exception):
    """The request has a shape the keyword API does not offer (an unknown or
    missing key, money as a JSON number)."""


def _take(request: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(request, dict) or set(request) - set(required) - set(optional) or set(required) - set(request):
        raise NotExpressible(repr(request)[:60])
    return request


def _money(value: Any) -> Any:
    # The keyword API reads ints as yuan; the JSON API refuses numbers for money.
    if not isinstance(value, str):
        raise NotExpressible("money that is not a string")
    return value


def _standing(enterprise: Any, usage: Any) -> dict[str, Any]:
    e = _take(enterprise, ("certified", "claim"), ("region",))
    u = _take(usage, (), ("enterprise_year_used", "pool_used"))
    return {"certified": e["certified"], "claim": e["claim"], "region": e.get("region"), **{k: _money(v) for k, v in u.items()}}


def _quote(r: Any) -> Any:
    r = _take(r, ("policy", "order_total", "date", "enterprise"), ("contract_amount", "category", "provider", "usage"))
    contract = _money(r["contract_amount"]) if r.get("contract_amount") is not None else None
    q = huiqi.quote(
        r["policy"], _money(r["order_total"]), date=r["date"], **_standing(r["enterprise"], r.get("usage", {})),
        contract_amount=contract, category=r.get("category"), provider=r.get("provider"),
    )
    assert isinstance(q, huiqi.SubsidyQuote) and isinstance(q.subsidy, Decimal)
    assert q.payable + q.subsidy == q.base
    # The fast answer is the typed answer without the policy's names and the reasons' texts.
    answer = plain(q)
    answer["ineligible"] = [{"code": code} for code in q.ineligible]
    return answer


def _batch(r: Any) -> Any:
    r = _take(r, ("policy", "terms", "order_totals"))
    t = _take(r["terms"], ("date", "enterprise"), ("category", "provider", "usage", "draw_down"))
    if not isinstance(r["order_totals"], list) or not isinstance(t.get("draw_down", False), bool):
        raise NotExpressible("order_totals or draw_down")
    terms = dict(
        date=t["date"], **_standing(t["enterprise"], t.get("usage", {})),
        category=t.get("category"), provider=t.get("provider"), draw_down=t.get("draw_down", False),
    )
    totals = [_money(x) for x in r["order_totals"]]
    subsidies = huiqi.quote_batch_decimal(r["policy"], totals, **terms)
    # The int64 batch gives the same subsidies in fen.
    fen = huiqi.quote_batch(r["policy"], [huiqi.money_parse(input=x).fen for x in totals], **terms)
    assert [Decimal(f).scaleb(-2) for f in fen] == subsidies
    return {"subsidies": [str(s) for s in subsidies]}


def _quote_expected(value: dict[str, Any]) -> dict[str, Any]:
    """The JSON answer without what the fast quote leaves out."""
    expected = {k: v for k, v in value.items() if k not in ("policy_id", "policy_name")}
    expected["ineligible"] = [{"code": reason["code"]} for reason in expected["ineligible"]]
    return expected


@pytest.mark.parametrize(
    "op, adapter, expected",
    [
        ("subsidy.quote", _quote, _quote_expected),
        ("subsidy.quote_batch", _batch, lambda value: {"subsidies": value["subsidies"]}),
    ],
)
def test_quote_vectors_through_the_fast_functions(
    op: str, adapter: Callable[[Any], Any], expected: Callable[[dict[str, Any]], Any]
) -> None:
    counts: Counter[str] = Counter()
    mismatches = []
    for case in (c for c in DICT_CASES if c.op == op):
        raw = json.loads(huiqi.call_json(case.op, case.request_text))
        try:
            answer = adapter(case.request)
        except NotExpressible:
            counts["skipped"] += 1
            continue
        except TypeError:
            if not has_float(case.request):
                mismatches.append(f"{case.id}: TypeError")
        except huiqi.HuiqiError as e:
            if raw["ok"] or e.code != raw["errors"][0]["code"]:
                mismatches.append(f"{case.id}: raised {e.code}, JSON answered {raw}")
        else:
            difference = match(expected(raw["value"]), answer) if raw["ok"] else "JSON failed"
            if difference:
                mismatches.append(f"{case.id}: {difference}")
        counts["checked"] += 1
    assert not mismatches, "\n".join(mismatches)
    assert counts["checked"] >= 5 and counts["checked"] > counts["skipped"], counts
