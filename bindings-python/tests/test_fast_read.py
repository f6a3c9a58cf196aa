"""The typed functions read a request of plain values (None, bool, int,
str, dict, list, tuple) straight from the Python objects, and anything
else the strict way (`huiqi.call`'s way: to JSON values, then decoded).
Both readings must give the same answer or the same refusal; here on the
inputs where the two could part: subclasses of the plain types, tuples for
lists, unsigned and negative integers, the string and nesting limits, the
shapes of enums, and lists that must be used whole."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict
from typing import Any

import pytest

import huiqi
from conftest import match, plain


class Text(str):
    pass


class Number(enum.IntEnum):
    SEVEN = 7


APPROVAL = {"request_id": "r1", "actor": {"id": "li", "roles": ["applicant"]},
            "command": {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "wang"}}}

CASES: list[tuple[str, dict[str, Any]]] = [
    ("money.parse", {"input": "¥3,768.00"}),
    ("money.parse", {"input": Text("245.00")}),
    ("money.parse", OrderedDict(input="1")),
    ("money.parse", {"input": 245}),
    ("money.parse", {"input": True}),
    ("money.parse", {"input": None}),
    ("money.parse", {"input": "1", "extra": 1}),
    ("money.parse", {Text("input"): "1"}),
    ("money.parse", {"input": "x" * (64 * 1024 + 1)}),
    ("money.parse", {"input": "\ud800"}),
    ("validate.uscc", {"value": "91350100M000100Y44"}),
    ("validate.uscc", {"value": ["91350100M000100Y44"]}),
    ("approval.decide", {"request": APPROVAL, "now": "2023-07-20 10:00:00", "seed": 7}),
    ("approval.decide", {"request": APPROVAL, "now": "2023-07-20 10:00:00", "seed": Number.SEVEN}),
    ("approval.decide", {"request": APPROVAL, "now": "2023-07-20 10:00:00", "seed": -7}),
    ("approval.decide", {"request": APPROVAL, "now": "2023-07-20 10:00:00", "seed": 2**64}),
    ("approval.decide", {"request": APPROVAL, "now": "2023-07-20 10:00:00", "seed": 2**63 + 5}),
    ("approval.decide", {"request": {**APPROVAL, "actor": {"id": "li", "roles": ("applicant",)}},
                         "now": "2023-07-20 10:00:00", "seed": 7}),
    ("approval.decide", {"request": {**APPROVAL, "command": {**APPROVAL["command"], "route": {"seal": None}}},
                         "now": "2023-07-20 10:00:00", "seed": 7}),
    ("approval.decide", {"request": {**APPROVAL, "command": {"type": ["submit"]}}, "now": "2023-07-20 10:00:00", "seed": 7}),
    ("approval.decide", {"request": {**APPROVAL, "command": {"type": "approve", "attachments": {"a": 1}}},
                         "now": "2023-07-20 10:00:00", "seed": 7}),
    ("route.preview", {"fields": {}, "route": {"id": "x", "name": "x", "effective_from": "2023-01-01",
                                         "stages": [{"id": "a", "name": "a", "mode": "single",
                                                     "approvers": [{"person": "p"}]}]}}),
    ("route.preview", {"fields": {}, "route": {"id": "x", "name": "x", "effective_from": "2023-01-01",
                                         "stages": [{"id": "a", "name": "a", "mode": {"vote": None},
                                                     "approvers": [{"person": "p"}]}]}}),
]


def _nested(depth: int) -> Any:
    value: Any = "1"
    for _ in range(depth):
        value = [value]
    return value


CASES += [("money.parse", {"input": _nested(130)}), ("money.parse", {"input": _nested(3)})]


def _typed(op: str, request: dict[str, Any]) -> Any:
    try:
        return {"ok": True, "value": plain(getattr(huiqi, op.replace(".", "_"))(request))}
    except huiqi.HuiqiError as e:
        return {"ok": False, "errors": [p.to_dict() for p in e.problems]}


def _strict(op: str, request: dict[str, Any]) -> Any:
    try:
        answer = huiqi.call(op, request)
    except huiqi.HuiqiError as e:  # refused while converting, before the core
        return {"ok": False, "errors": [p.to_dict() for p in e.problems]}
    return json.loads(json.dumps(answer))


@pytest.mark.parametrize("op,request_", CASES, ids=[f"{op}-{i}" for i, (op, _) in enumerate(CASES)])
def test_the_fast_reading_answers_as_the_strict_one(op: str, request_: dict[str, Any]) -> None:
    strict, typed = _strict(op, request_), _typed(op, request_)
    assert strict["ok"] == typed["ok"], (strict, typed)
    if strict["ok"]:
        assert match(strict["value"], typed["value"]) is None, (strict, typed)
    else:
        assert strict["errors"] == typed["errors"]
