"""Pickling: every class the strict reading reads pickles as its JSON text and
comes back equal, with the same JSON (`pickle`, `copy.deepcopy`, across
processes); the rest say they do not pickle; a pickle's text is read as
strictly as a request."""

from __future__ import annotations

import copy
import copyreg
import json
import multiprocessing
import pickle
from datetime import date
from decimal import Decimal
from typing import Any, Iterator

import pytest

import huiqi
from conftest import CASES, REPO, plain

OPERATIONS = {o.name for o in huiqi.operations().operations}

# The classes that are not read back: the policies pickle through their own
# `from_json`, a stream changes in place, a scenario's report is only
# written, and a quoter holds terms read once for speed (make it anew).
NOT_PICKLED_AS_JSON = {"ApprovalStream", "SubsidyPolicy", "PasswordPolicy", "ScenarioReport", "FinalState", "TodoItem", "Quoter"}
# The classes no vector's typed answer holds, each pickled by a test below.
PICKLED_BELOW = {"Decision", "PasswordHash"}


def classes() -> dict[str, type]:
    return {n: c for n, c in vars(huiqi).items() if isinstance(c, type) and c.__module__ == "huiqi" and not issubclass(c, BaseException)}


def pickled_as_json() -> set[str]:
    return {t.__name__ for t in copyreg.dispatch_table if getattr(t, "__module__", None) == "huiqi"}


def reachable(value: Any) -> Iterator[Any]:
    """`value` and every huiqi object inside it (attributes, lists, dicts)."""
    if type(value).__module__ == "huiqi":
        yield value
        for name in dir(value):
            if not name.startswith("_"):
                attribute = getattr(value, name)
                if not callable(attribute):
                    yield from reachable(attribute)
    elif isinstance(value, dict):
        for item in value.values():
            yield from reachable(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from reachable(item)


def answers() -> Iterator[Any]:
    """Every typed answer of the shared vectors, and the problems of every refusal."""
    for case in CASES:
        if case.request is None or case.op not in OPERATIONS or case.op == "password.hash":
            continue
        try:
            yield getattr(huiqi, case.op.replace(".", "_"))(case.request)
        except huiqi.HuiqiError as e:  # a float in a request too (RequestTypeError)
            yield e.problems


def test_the_class_lists_agree_with_the_module() -> None:
    assert pickled_as_json() == set(classes()) - NOT_PICKLED_AS_JSON
    assert NOT_PICKLED_AS_JSON <= set(classes())


def test_every_answer_of_the_vectors_pickles_back_equal() -> None:
    seen: set[str] = set()
    for answer in answers():
        for value in reachable(answer):
            name = type(value).__name__
            if name not in pickled_as_json():
                continue
            seen.add(name)
            for protocol in (2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL):
                back = pickle.loads(pickle.dumps(value, protocol=protocol))
                assert type(back) is type(value) and back == value and plain(back) == plain(value), (name, protocol)
                assert back is not value
            assert copy.deepcopy(value) == value and copy.copy(value) == value
            if hasattr(value, "to_json"):
                assert pickle.loads(pickle.dumps(value)).to_json() == value.to_json()
    assert pickled_as_json() - seen == PICKLED_BELOW


def test_a_pickle_is_the_class_name_and_the_json_text() -> None:
    amount = huiqi.money_parse(input="¥6,000")
    function, arguments = copyreg.dispatch_table[type(amount)](amount)
    assert function is huiqi._unpickle
    assert arguments == ("ParsedAmount", '{"amount":"6000.00","fen":600000}')
    assert huiqi._unpickle(*arguments) == amount


def test_a_stream_decision_a_hash_and_the_fast_quote_pickle_too() -> None:
    policy = huiqi.SubsidyPolicy.preset("henan")
    quote = huiqi.quote("henan", Decimal("245.00"), date=date(2018, 7, 24), certified=True, claim="claimed")
    stream = huiqi.ApprovalStream()
    decision = stream.decide(
        {"request_id": "r1", "actor": {"id": "li", "supervisor": "wang"}, "command": {"type": "submit", "route": "seal", "name": "用章", "picks": {"leader": "wang"}}},
        now="2023-07-20 10:00:00",
        seed=1,
    )
    hashed = huiqi.password_hash(password="Zhang-2023!", cost={"memory_kib": 8, "iterations": 1, "parallelism": 1})
    values = [policy.caps, policy.eligibility, quote, *quote.explanation, decision, hashed]
    assert PICKLED_BELOW <= {type(v).__name__ for v in values}
    for value in values:
        back = pickle.loads(pickle.dumps(value))
        assert type(back) is type(value) and back == value and plain(back) == plain(value)
    assert pickle.loads(pickle.dumps(policy)).to_json() == policy.to_json()  # through its own from_json


def test_an_application_and_its_events_pickle_and_go_on_deciding() -> None:
    route = pickle.loads(pickle.dumps(huiqi.route_preset(name="procurement")))
    li = {"id": "li", "roles": ["applicant"], "supervisor": "wang"}
    submit = {"type": "submit", "route": route, "name": "村道修缮", "fields": {"kind": "regular", "amount": "4999.99"}}
    now = "2023-07-20 10:00:00"
    submitted = huiqi.approval_decide(request={"request_id": "r1", "actor": li, "command": submit}, now=now, seed=1)
    state = pickle.loads(pickle.dumps(submitted.state))
    assert state == submitted.state and state.to_json() == submitted.state.to_json()
    assert [pickle.loads(pickle.dumps(e)) for e in submitted.events] == submitted.events
    approve = {"request_id": "r2", "actor": {"id": "zhao", "roles": ["finance_bureau"]}, "command": {"type": "approve"}}
    after_copy = huiqi.approval_decide(state=state, request=approve, now=now, seed=2)
    after_original = huiqi.approval_decide(state=submitted.state, request=approve, now=now, seed=2)
    assert after_copy == after_original and after_copy.state.stage == submitted.state.stage + 1


def _preview(amount: str) -> Any:
    return huiqi.route_preview(route="procurement", fields={"kind": "regular", "amount": amount})


def test_answers_cross_processes() -> None:
    amounts = ["4999.99", "5000.00", "5000.01"]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        previews = pool.map(_preview, amounts)
    assert previews == [_preview(a) for a in amounts]


def test_answers_larger_than_a_request_may_be_pickle_back() -> None:
    # A request's list holds at most 10,000 items and its text 16 MiB; an
    # answer may hold more, and its pickle is read without those limits.
    terms = {"date": "2018-07-24", "enterprise": {"certified": True, "claim": "claimed"}}
    batch = huiqi.subsidy_quote_batch(policy="henan", terms=terms, order_totals=["245.00"] * 20_000)
    shares = huiqi.money_allocate(total="100000.00", weights=["1.00"] * 20_000)
    for big in (batch, shares):
        back = pickle.loads(pickle.dumps(big))
        assert back == big and plain(back) == plain(big)
    # A failed reading of a pickle leaves the limits on as well.
    with pytest.raises(huiqi.MoneyError):
        huiqi._unpickle("Allocation", '{"shares": ["1.00", 7]}')
    # The limits are back on for requests after (a text past 64 KiB).
    answer = json.loads(huiqi.call_json("money.parse", json.dumps({"input": "1" * 70_000})))
    assert [(p["code"], p["field"]) for p in answer["errors"]] == [("request.too_large", "input")]


def test_what_is_not_read_back_says_it_does_not_pickle() -> None:
    stream = huiqi.ApprovalStream()
    quoter = huiqi.quoter("henan", date=date(2018, 7, 24), certified=True, claim="claimed")
    scenario = json.loads((REPO / "cli" / "examples" / "scenarios" / "procurement_regular.json").read_text(encoding="utf-8"))
    # Submitted, and the finance bureau's step refused: it is still on their to-do list.
    first, finance = scenario["steps"][:2]
    report = huiqi.flow_run({**scenario, "steps": [first, {**finance, "command": {"type": "remind"}}]})
    todo = [item for items in report.todo.values() for item in items]
    unpicklable = [stream, quoter, report, report.final, *todo]
    assert {type(v).__name__ for v in unpicklable} == NOT_PICKLED_AS_JSON - {"SubsidyPolicy", "PasswordPolicy"}
    for value in unpicklable:
        with pytest.raises(TypeError):
            pickle.dumps(value)
    with pytest.raises(huiqi.RequestError, match="cannot pickle `ApprovalStream`: not a class huiqi pickles"):
        copyreg.dispatch_table[huiqi.ParsedAmount](stream)  # the shared reducer, given another class


def test_a_pickle_text_is_read_strictly() -> None:
    with pytest.raises(huiqi.RequestError, match="`Nope` is not a class huiqi unpickles") as unknown:
        huiqi._unpickle("Nope", "{}")
    assert (unknown.value.code, unknown.value.field) == ("request.invalid", "name") and unknown.value.message_zh
    with pytest.raises(huiqi.RequestError) as malformed:
        huiqi._unpickle("ParsedAmount", "{")
    assert malformed.value.code == "request.malformed_json"
    with pytest.raises(huiqi.RequestError) as mistyped:
        huiqi._unpickle("ParsedAmount", '{"amount":"6000.00","fen":"x"}')
    assert (mistyped.value.code, mistyped.value.field) == ("request.invalid", "fen")
    with pytest.raises(huiqi.MoneyError) as inexact:
        huiqi._unpickle("ParsedAmount", '{"amount":"6000.001","fen":600000}')
    assert inexact.value.field == "amount"
    with pytest.raises(huiqi.RequestError) as twice:
        huiqi._unpickle("ParsedAmount", '{"amount":"6000.00","amount":"1.00","fen":600000}')
    assert twice.value.code == "request.duplicate_key"
    # Text arguments are read as everywhere: a lone surrogate is a refusal
    # at its argument, and a name is echoed cut short.
    with pytest.raises(huiqi.RequestError) as surrogate:
        huiqi._unpickle("Parsed\udc80", "{}")
    assert surrogate.value.field == "name"
    with pytest.raises(huiqi.RequestError) as long_name:
        huiqi._unpickle("N" * 100_000, "{}")
    assert len(str(long_name.value)) < 200


def test_a_problem_pickles_back_whatever_detail_it_was_built_with() -> None:
    # A problem's detail nests as deep as its pickle can be read back.
    def nested(depth: int) -> Any:
        value: Any = 1
        for _ in range(depth):
            value = [value]
        return value

    deepest = None
    for depth in range(100, 140):
        try:
            problem = huiqi.Problem("request.invalid", detail=nested(depth))
        except huiqi.RequestError as e:
            assert e.code == "request.too_large" and depth > 100
            break
        assert pickle.loads(pickle.dumps(problem)) == problem
        deepest = depth
    assert deepest is not None and deepest >= 120

