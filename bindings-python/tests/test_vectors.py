"""Every shared vector (tests/vectors/*.json), through the binding's JSON
entry, with the matching rules of tests/src/lib.rs; and the same requests
through the typed API, which must agree with the JSON answer."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any, Callable

import pytest

import huiqi
from conftest import CASES, Case, check_answer, has_float, match, plain

pytestmark = pytest.mark.vectors


def test_there_are_over_300_vectors_covering_every_operation() -> None:
    assert len(CASES) > 300
    covered = {case.op for case in CASES}
    assert set(huiqi.operations()) <= covered


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_shared_vector(case: Case) -> None:
    answer = huiqi.call_json(case.op, case.request_text)
    problem = check_answer(case, answer)
    assert problem is None, problem


@pytest.mark.parametrize("case", [c for c in CASES if c.request is not None][:40], ids=lambda c: c.id)
def test_dict_entry_answers_as_the_text_entry(case: Case) -> None:
    # `call` (dicts) and `call_json` (text) are the same call API.
    if has_float(case.request):
        with pytest.raises(TypeError):
            huiqi.call(case.op, case.request)
        return
    assert huiqi.call(case.op, case.request) == json.loads(huiqi.call_json(case.op, case.request_text))


# ---------------------------------------------------------------- typed API


class NotExpressible(Exception):
    """The request has a shape the typed API does not offer (an unknown key,
    a missing one, money as a JSON number, an unknown operation)."""


def _take(request: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(request, dict):
        raise NotExpressible("not an object")
    if set(request) - set(required) - set(optional) or set(required) - set(request):
        raise NotExpressible(f"keys {sorted(request)}")
    return request


def _money(value: Any) -> Any:
    # The typed API reads ints as yuan; the JSON API refuses numbers for money.
    if not isinstance(value, str):
        raise NotExpressible("money that is not a string")
    return value


def _enterprise(value: Any) -> dict[str, Any]:
    e = _take(value, ("certified", "claim"), ("region",))
    return {"certified": e["certified"], "claim": e["claim"], "region": e.get("region")}


def _usage(value: Any) -> dict[str, Any]:
    u = _take(value, (), ("enterprise_year_used", "pool_used"))
    return {k: _money(v) for k, v in u.items()}


def _quote(r: Any) -> Any:
    r = _take(r, ("policy", "order_total", "date", "enterprise"), ("contract_amount", "category", "provider", "usage"))
    q = huiqi.quote(
        r["policy"],
        _money(r["order_total"]),
        date=r["date"],
        **_enterprise(r["enterprise"]),
        contract_amount=_money(r["contract_amount"]) if "contract_amount" in r else None,
        category=r.get("category"),
        provider=r.get("provider"),
        **_usage(r.get("usage", {})),
    )
    # The typed getters agree with the dict.
    assert q.subsidy == q.to_dict()["subsidy"] and isinstance(q.subsidy, Decimal)
    assert q.payable + q.subsidy == q.base
    return q


def _batch(r: Any) -> Any:
    r = _take(r, ("policy", "terms", "order_totals"))
    t = _take(r["terms"], ("date", "enterprise"), ("category", "provider", "usage", "draw_down"))
    if not isinstance(r["order_totals"], list):
        raise NotExpressible("order_totals")
    terms = dict(
        date=t["date"],
        **_enterprise(t["enterprise"]),
        category=t.get("category"),
        provider=t.get("provider"),
        draw_down=t.get("draw_down", False),
        **_usage(t.get("usage", {})),
    )
    if not isinstance(terms["draw_down"], bool):
        raise NotExpressible("draw_down")
    totals = [_money(x) for x in r["order_totals"]]
    subsidies = huiqi.quote_batch_decimal(r["policy"], totals, **terms)
    # The int64 batch gives the same subsidies in fen.
    fen = huiqi.quote_batch(r["policy"], [huiqi.to_fen(x) for x in totals], **terms)
    assert [huiqi.from_fen(f) for f in fen] == subsidies
    total = sum(subsidies, Decimal("0.00"))
    # A total beyond the largest amount is not given (the JSON answer says why in `problems`).
    return {"subsidies": subsidies, "total": total if total <= Decimal("999999999999999.99") else None}


def _policy_load(r: Any) -> Any:
    r = _take(r, ("format", "text"), ("date",))
    policies = huiqi.PolicySet.load(r["text"], r["format"])
    answer: dict[str, Any] = {"policies": [p.to_dict() for p in policies.policies]}
    if "date" in r and r["date"] is not None:
        in_force = policies.in_force(r["date"])
        answer["in_force"] = in_force.id if in_force else None
    else:
        answer["in_force"] = None
    return answer


def _password_check(r: Any) -> Any:
    r = _take(r, ("policy", "password"), ("context",))
    context = _take(r.get("context", {}), (), ("username", "mobile", "email", "current_hash", "history_hashes"))
    if isinstance(r["policy"], dict):
        # Both forms: the dict itself and a PasswordPolicy object built from it.
        try:
            policy_object = huiqi.PasswordPolicy.from_dict(r["policy"])
        except huiqi.HuiqiError:
            policy_object = None
        if policy_object is not None:
            assert plain(policy_object.check(r["password"], **context)) == plain(
                huiqi.check_password(r["policy"], r["password"], **context)
            )
    return huiqi.check_password(r["policy"], r["password"], **context)


def _hash(r: Any) -> Any:
    r = _take(r, ("password",), ("cost",))
    cost = _take(r.get("cost") or {}, (), ("memory_kib", "iterations", "parallelism"))
    phc = huiqi.hash_password(r["password"], **cost)
    assert huiqi.verify_password(r["password"], phc)
    return {"hash": phc}


def _value(fn: Callable[..., Any]) -> Callable[[Any], Any]:
    return lambda r: fn(_take(r, ("value",))["value"])


def _dated(fn: Callable[..., Any], key: str) -> Callable[[Any], Any]:
    def run(r: Any) -> Any:
        r = _take(r, (key,), ("today",))
        return fn(r[key], r.get("today"))

    return run


def _form(fn: Callable[..., Any]) -> Callable[[Any], Any]:
    return lambda r: fn(_take(r, ("form",))["form"])


def _parse(r: Any) -> Any:
    text = _take(r, ("input",))["input"]
    amount = huiqi.parse_money(text)
    return {"amount": amount, "fen": huiqi.to_fen(amount)}


ADAPTERS: dict[str, Callable[[Any], Any]] = {
    "operations": lambda r: {
        "operations": [{"name": n, "summary": s} for n, s in huiqi.operations().items()]
    },
    "money.parse": _parse,
    "money.allocate": lambda r: {
        "shares": huiqi.allocate(
            _money(_take(r, ("total", "weights"))["total"]),
            [_money(w) for w in r["weights"]] if isinstance(r["weights"], list) else r["weights"],
        )
    },
    "subsidy.quote": _quote,
    "subsidy.quote_batch": _batch,
    "policy.load": _policy_load,
    "checkout.offer": lambda r: huiqi.checkout_offer(_take(r, ("checkout",))["checkout"]),
    "checkout.suggest": lambda r: huiqi.checkout_suggest(_take(r, ("checkout",))["checkout"]),
    "checkout.price": lambda r: huiqi.checkout_price(
        _take(r, ("checkout",), ("selected",))["checkout"], r.get("selected")
    ),
    "checkout.pay": lambda r: {
        "vouchers": huiqi.checkout_pay(**_take(r, ("vouchers", "deductions")))
    },
    "checkout.cancel": lambda r: {
        "vouchers": huiqi.checkout_cancel(**_take(r, ("vouchers", "deductions")))
    },
    "voucher.status": lambda r: huiqi.voucher_status(**_take(r, ("voucher", "now"))),
    "campaign.grab": lambda r: huiqi.campaign_grab(
        **_take(r, ("campaign", "attempt"), ("voucher_number",))
    ),
    "validate.uscc": _value(huiqi.validate_uscc),
    "validate.resident_id": _dated(huiqi.validate_resident_id, "value"),
    "validate.mobile": _value(huiqi.validate_mobile),
    "validate.landline": _value(huiqi.validate_landline),
    "validate.email": _value(huiqi.validate_email),
    "validate.postcode": _value(huiqi.validate_postcode),
    "validate.username": _value(huiqi.validate_username),
    "validate.login_account": _value(huiqi.validate_login_account),
    "validate.upload": lambda r: huiqi.validate_upload(**_take(r, ("kind", "file"))),
    "validate.product_listing": _form(huiqi.validate_product_listing),
    "validate.expert": _form(huiqi.validate_expert),
    "validate.account_registration": _form(huiqi.validate_account_registration),
    "validate.enterprise_registration": _dated(huiqi.validate_enterprise_registration, "form"),
    "validate.henan_enterprise_registration": _form(huiqi.validate_henan_enterprise_registration),
    "validate.provider_registration": _dated(huiqi.validate_provider_registration, "form"),
    "password.check": _password_check,
    "password.policy": lambda r: huiqi.PasswordPolicy.preset(_take(r, ("name",))["name"]),
    "password.hash": _hash,
    "password.verify": lambda r: {"matches": huiqi.verify_password(**_take(r, ("password", "hash")))},
}


def _no_money_text(value: Any, path: str = "$") -> list[str]:
    """Paths where a typed answer still holds money as text ("73.50")."""
    import re

    found: list[str] = []
    if isinstance(value, str) and re.fullmatch(r"\d+\.\d\d", value):
        found.append(path)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in ("detail", "text_zh", "text_en"):
                found += _no_money_text(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _no_money_text(v, f"{path}[{i}]")
    return found


def test_every_operation_has_a_typed_function() -> None:
    assert set(ADAPTERS) == set(huiqi.operations())


def test_typed_api_agrees_with_the_json_answer_on_every_vector() -> None:
    """Each vector's request through the typed functions: the same value
    (money as Decimal) or the same errors as the JSON call API."""
    checked: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    mismatches: list[str] = []
    for case in CASES:
        adapter = ADAPTERS.get(case.op)
        if adapter is None or case.request is None:
            skipped[case.op] += 1
            continue
        raw = json.loads(huiqi.call_json(case.op, case.request_text))
        try:
            typed = adapter(case.request)
        except NotExpressible:
            skipped[case.op] += 1
            continue
        except TypeError as e:
            # Only floats are refused before the core sees them.
            if has_float(case.request) and "float" in str(e):
                checked[case.op] += 1
            else:
                mismatches.append(f"{case.id}: TypeError {e}")
            continue
        except huiqi.HuiqiError as e:
            checked[case.op] += 1
            got = [p.to_dict() for p in e.problems]
            if raw["ok"] or got != raw["errors"]:
                mismatches.append(f"{case.id}: raised {got}, JSON answered {raw}")
            continue
        checked[case.op] += 1
        if not raw["ok"]:
            mismatches.append(f"{case.id}: typed API answered, JSON failed with {raw['errors']}")
            continue
        as_json = plain(typed)
        if case.op == "subsidy.quote_batch":
            raw["value"].pop("problems")  # the call API's note on the total; the typed batch gives the subsidies
        if case.op == "password.hash":
            raw["value"] = {"hash": as_json["hash"]}  # salted: differs on every call
        difference = match(raw["value"], as_json)
        if difference:
            mismatches.append(f"{case.id}: {difference}")
        money_text = _no_money_text(plain_keep_decimal(typed))
        if money_text:
            mismatches.append(f"{case.id}: money left as text at {money_text}")
    assert not mismatches, "\n".join(mismatches)
    # Most vectors are expressible, and every operation got some.
    assert sum(checked.values()) >= 280, (checked, skipped)
    assert set(checked) == set(huiqi.operations()), set(huiqi.operations()) - set(checked)


def plain_keep_decimal(value: Any) -> Any:
    """Typed objects as dicts, keeping Decimals (to look for money left as text)."""
    if isinstance(value, (huiqi.Quote, huiqi.SubsidyPolicy)):
        return value.to_dict()
    if isinstance(value, (huiqi.Verdict, huiqi.Problem, huiqi.PasswordPolicy)):
        return {}  # no money in verdicts or password policies
    if isinstance(value, dict):
        return {k: plain_keep_decimal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_keep_decimal(v) for v in value]
    return value
