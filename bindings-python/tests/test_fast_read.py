"""The typed functions read a request of plain values (None, bool, int,
str, dict, list, tuple, and Decimal, date and datetime as the text the
strict reading writes for them) straight from the Python objects, and
anything else the strict way (`huiqi.call`'s way: to JSON values, then
decoded).
Both readings must give the same answer or the same refusal; here on the
inputs where the two could part: subclasses of the plain types, tuples for
lists, unsigned and negative integers, the string and nesting limits, the
shapes of enums, and lists that must be used whole."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
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
    # Each side of the `i64` reading's end, and past one 30-bit digit.
    *[("approval.decide", {"request": APPROVAL, "now": "2023-07-20 10:00:00", "seed": s})
      for s in (0, 2**30 + 3, 2**53 - 1, 2**63 - 1, 2**63, 2**64 - 1, -(2**63), -(2**64))],
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


QUOTE = {"policy": "henan", "order_total": "245.00", "date": "2018-07-24",
         "enterprise": {"certified": True, "claim": "claimed"}}
# Money, days and instants as Python objects: read as the strict reading writes them.
CASES += [
    ("subsidy.quote", {**QUOTE, "order_total": Decimal("245.00"), "date": date(2018, 7, 24)}),
    ("subsidy.quote", {**QUOTE, "order_total": Decimal("2.45E+2")}),
    ("subsidy.quote", {**QUOTE, "order_total": Decimal("NaN")}),
    ("subsidy.quote", {**QUOTE, "order_total": Decimal("245.001")}),
    ("subsidy.quote", {**QUOTE, "date": datetime(2018, 7, 24, 9, 30)}),
    ("subsidy.quote", {**QUOTE, "enterprise": {"certified": True, "claim": Decimal("1")}}),
    ("approval.decide", {"request": APPROVAL, "now": datetime(2023, 7, 20, 10, 0, 0, 5), "seed": 7}),
    ("approval.decide", {"request": APPROVAL, "now": datetime(2023, 7, 20, 2, 0, tzinfo=timezone.utc), "seed": 7}),
    ("approval.decide", {"request": APPROVAL, "now": date(2023, 7, 20), "seed": 7}),
]


# Commands are internally tagged (`{"type": …, …}`): the fast reading takes
# the tag and the fields from the dict itself, the strict one wraps them.
def _command(command: Any) -> dict[str, Any]:
    return {"request": {**APPROVAL, "command": command}, "now": "2023-07-20 10:00:00", "seed": 7}


CASES += [("approval.decide", _command(c)) for c in [
    {"type": Text("submit"), "route": "seal", "name": "用印", "picks": {"leader": "wang"}},
    {"route": "seal", "name": "用印", "picks": {"leader": "wang"}, "type": "submit"},
    {"route": "seal", "name": "用印", "picks": {"leader": "wang"}},
    {"type": "nope", "route": "seal"},
    {"type": 3, "route": "seal"},
    {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "wang"}, "bogus": 1},
    {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": 1.5}},
    {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "wang"}, Text("type"): "approve"},
    "submit",
    ["submit"],
    None,
]]


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
    except TypeError as e:
        return {"ok": False, "errors": str(e)}


def _strict(op: str, request: dict[str, Any]) -> Any:
    try:
        answer = huiqi.call(op, request)
    except huiqi.HuiqiError as e:  # refused while converting, before the core
        return {"ok": False, "errors": [p.to_dict() for p in e.problems]}
    except TypeError as e:
        return {"ok": False, "errors": str(e)}
    return json.loads(json.dumps(answer))


def _same(strict: Any, typed: Any) -> None:
    """The same answer (values compared as the vectors compare them) or the same errors."""
    assert strict["ok"] == typed["ok"], (strict, typed)
    if strict["ok"]:
        assert match(strict["value"], typed["value"]) is None, (strict, typed)
    else:
        assert strict["errors"] == typed["errors"]


@pytest.mark.parametrize("op,request_", CASES, ids=[f"{op}-{i}" for i, (op, _) in enumerate(CASES)])
def test_the_fast_reading_answers_as_the_strict_one(op: str, request_: dict[str, Any]) -> None:
    strict, typed = _strict(op, request_), _typed(op, request_)
    _same(strict, typed)


def _decide(way: str, request: dict[str, Any]) -> Any:
    state = request.get("state")
    try:
        if way == "decide":
            decided = huiqi.decide(state, request["request"], now=request["now"], seed=request["seed"])
            return {"ok": True, "value": json.loads(decided.to_json())}
        stream = huiqi.ApprovalStream(state)
        decision = json.loads(stream.decide(request["request"], now=request["now"], seed=request["seed"]).to_json())
        held = stream.state
        return {"ok": True, "value": {"events": decision["events"], "retry": decision["retry"],
                                      "state": None if held is None else json.loads(held.to_json()),
                                      "version": decision["version"]}}
    except huiqi.HuiqiError as e:
        return {"ok": False, "errors": [p.to_dict() for p in e.problems]}
    except TypeError as e:  # refused while converting, before the core
        return {"ok": False, "errors": str(e)}


DECIDE_CASES = [request for op, request in CASES if op == "approval.decide"]


@pytest.mark.parametrize("way", ["decide", "stream"])
@pytest.mark.parametrize("request_", DECIDE_CASES, ids=[f"decide-{i}" for i in range(len(DECIDE_CASES))])
def test_decide_and_the_stream_answer_as_the_strict_reading(way: str, request_: dict[str, Any]) -> None:
    # `decide` and `ApprovalStream.decide` read `request`, `now` and `seed`
    # part by part (and `now` as an instant when it is an aware datetime).
    strict, typed = _strict("approval.decide", request_), _decide(way, request_)
    _same(strict, typed)


class SameText(str):
    """A key whose text another key of the dict also has (equal only to itself)."""
    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other


def _submitted_state() -> dict[str, Any]:
    answer = huiqi.approval_decide(request=APPROVAL, now="2023-07-20 10:00:00", seed=1)
    state: dict[str, Any] = json.loads(answer.to_json())["state"]
    return state


@pytest.mark.parametrize("ignored", [1.5, object(), 2**70, "\ud800", {1: 2}, _nested(200)],
                         ids=["float", "object", "big-int", "surrogate", "int-key", "deep"])
def test_a_value_a_type_ignores_is_read_as_strictly(ignored: Any) -> None:
    # The application's documents tolerate unknown keys; the strict reading
    # still converts their values, and refuses these.
    state = {**_submitted_state(), "note": ignored}
    request = {"state": state, "now": "2023-07-20 12:00:00", "seed": 2}
    with pytest.raises((TypeError, huiqi.HuiqiError)) as strict:
        huiqi.call("approval.tick", request)
    with pytest.raises(type(strict.value)) as typed:
        huiqi.approval_tick(request)
    assert str(typed.value) == str(strict.value)


def test_a_key_sharing_its_text_with_another_is_read_strictly() -> None:
    route = huiqi.route_preset(name="seal")
    other = {**json.loads(route.to_json()), "name": "别的路线"}
    command: dict[Any, Any] = {"type": "submit", "route": route, "name": "用印", "picks": {"leader": "zhao"}}
    command[SameText("route")] = other  # the strict reading keeps the last of the two
    request = {**APPROVAL, "command": command}
    strict = huiqi.approval_decide(request=request, now="2023-07-20 10:00:00", seed=1)
    fast = huiqi.decide(None, request, now="2023-07-20 10:00:00", seed=1)
    assert strict.state is not None and strict.state.route.name == "别的路线"
    assert fast.to_json() == strict.to_json()
    stream = huiqi.ApprovalStream()
    stream.decide(request, now="2023-07-20 10:00:00", seed=1)
    assert stream.state is not None and stream.state.to_json() == strict.state.to_json()


class _HideFields(dict):  # type: ignore[type-arg]
    """Iterated and listed without its `fields`, which its own entries hold."""

    def keys(self) -> Any:
        return [k for k in dict.keys(self) if k != "fields"]

    def __iter__(self) -> Any:
        return iter(self.keys())


class _Shouting(dict):  # type: ignore[type-arg]
    """Gives its text values in capitals when asked by key."""

    def __getitem__(self, key: Any) -> Any:
        value = dict.__getitem__(self, key)
        return value.upper() if isinstance(value, str) else value


class _NoKeys(dict):  # type: ignore[type-arg]
    def keys(self) -> Any:
        raise RuntimeError("no keys")


def _route_submissions() -> list[tuple[str, dict[str, Any]]]:
    route = huiqi.route_preset(name="procurement")
    fields = {"kind": "regular", "amount": "4999.99"}
    command = {"type": "submit", "route": route, "name": "村道修缮", "fields": fields}
    actor = {"id": "li", "roles": ["applicant"], "supervisor": "wang"}
    return [
        ("command-hiding-a-key", {"request_id": "r1", "actor": actor, "command": _HideFields(command)}),
        ("request-shouting", _Shouting({"request_id": "r1", "actor": actor, "command": dict(command)})),
        ("request-without-keys", _NoKeys({"request_id": "r1", "actor": actor, "command": dict(command)})),
        ("command-keyed-by-a-subclass", {"request_id": "r1", "actor": actor,
                                         "command": {**command, SameText("comment"): "备注"}}),
    ]


@pytest.mark.parametrize("case", range(4), ids=[name for name, _ in _route_submissions()])
def test_a_route_object_submission_in_a_dict_subclass_is_read_as_strictly(case: int) -> None:
    # A submission carrying a `Route` object is read from copies of its
    # dicts; a subclass's copy would ask its own `keys` and `__getitem__`,
    # where every reading takes a dict's own entries. Such dicts (and keys
    # that are not exactly `str`) are the strict reading's.
    _, request = _route_submissions()[case]
    now = "2023-07-20 10:00:00"
    try:
        expected: Any = json.loads(huiqi.approval_decide(request=request, now=now, seed=1).to_json())
    except huiqi.HuiqiError as e:
        expected = [p.to_dict() for p in e.problems]
    for way in ("decide", "stream"):
        try:
            if way == "decide":
                got: Any = json.loads(huiqi.decide(None, request, now=now, seed=1).to_json())
            else:
                stream = huiqi.ApprovalStream()
                decision = json.loads(stream.decide(request, now=now, seed=1).to_json())
                assert stream.state is not None
                got = {**decision, "state": json.loads(stream.state.to_json())}
        except huiqi.HuiqiError as e:
            got = [p.to_dict() for p in e.problems]
        if isinstance(expected, dict) and isinstance(got, dict):
            assert {k: got[k] for k in expected} == expected, way
        else:
            assert got == expected, way


@pytest.mark.parametrize("offset,instant", [
    (timedelta(hours=8, seconds=15), datetime(2023, 7, 20, 1, 59, 45, tzinfo=timezone.utc)),
    # Python allows an offset a fraction of a second long; no RFC 3339
    # offset writes one, so the instant is kept, written in UTC.
    (timedelta(hours=8, seconds=15, microseconds=5), datetime(2023, 7, 20, 1, 59, 44, 999995, tzinfo=timezone.utc)),
], ids=["seconds", "microseconds"])
def test_an_offset_with_seconds_keeps_its_instant(offset: timedelta, instant: datetime) -> None:
    now = datetime(2023, 7, 20, 10, tzinfo=timezone(offset))
    strict = huiqi.approval_decide(request=APPROVAL, now=now, seed=1)
    assert strict.events[0].at == instant
    assert huiqi.decide(None, APPROVAL, now=now, seed=1).to_json() == strict.to_json()
    stream = huiqi.ApprovalStream()
    decision = stream.decide(APPROVAL, now=now, seed=1)
    assert json.loads(decision.to_json())["events"] == json.loads(strict.to_json())["events"]
    assert stream.state is not None and strict.state is not None
    assert stream.state.to_json() == strict.state.to_json()


@pytest.mark.parametrize("way", ["decide", "stream"])
@pytest.mark.parametrize("actor", ["wang", "li"])
def test_a_state_given_as_a_dict_is_read_as_strictly(way: str, actor: str) -> None:
    request = {"state": _submitted_state(), "now": datetime(2023, 7, 20, 3, tzinfo=timezone.utc), "seed": 3,
               "request": {"request_id": "r2", "actor": {"id": actor, "roles": ["main_leader"]}, "command": {"comment": "同意", "type": "approve"}}}
    strict, typed = _strict("approval.decide", request), _decide(way, request)
    assert strict["ok"] == (actor == "wang"), strict
    _same(strict, typed)


# Found by an adversarial differential review of `decide` and the stream
# against the strict reading; each case once gave a different answer.
class _NoOffset(datetime):
    def utcoffset(self) -> None:  # type: ignore[override]
        return None


def _deep(levels: int) -> Any:
    value: Any = "1"
    for _ in range(levels):
        value = [value]
    return value


R2 = {"request_id": "r2", "actor": {"id": "wang", "roles": ["main_leader"]}, "command": {"type": "approve"}}

EDGE_CASES: list[tuple[str, Any]] = [
    # The instant falls in year 10000; the strict reading's text cannot hold it.
    ("year-10000", lambda: {"request": APPROVAL, "seed": 1,
                            "now": datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=1, seconds=15)))}),
    # A subclass's own `utcoffset` is what the strict reading asks.
    ("subclass-utcoffset", lambda: {"request": APPROVAL, "seed": 1, "now": _NoOffset(2023, 7, 20, 2, tzinfo=timezone.utc)}),
    # Nesting is counted from the call's request object, one level above its parts.
    ("state-nesting", lambda: {"state": {**_submitted_state(), "note": _deep(127)}, "request": R2,
                               "now": "2023-07-20 12:00:00", "seed": 3}),
    ("request-nesting", lambda: {"request": {**R2, "actor": {"id": "wang", "roles": _deep(126)}},
                                 "state": _submitted_state(), "now": "2023-07-20 12:00:00", "seed": 3}),
    # The first error is the first in the call's order: state, request, now, seed.
    ("error-order", lambda: {"state": {**_submitted_state(), "note": 1.5}, "request": R2, "now": 2.5, "seed": 3}),
]


@pytest.mark.parametrize("way", ["decide", "stream"])
@pytest.mark.parametrize("case", [c for _, c in EDGE_CASES], ids=[name for name, _ in EDGE_CASES])
def test_edges_answer_as_the_strict_reading(way: str, case: Any) -> None:
    request = case()
    ordered = {k: request[k] for k in ("state", "request", "now", "seed") if k in request}
    strict, typed = _strict("approval.decide", ordered), _decide(way, request)
    _same(strict, typed)


def test_a_value_that_changes_the_dict_being_read_is_no_panic() -> None:
    # A leaf's own code (a subclass's `utcoffset`) adds keys to the dict
    # that holds it, while that dict is read: the reading works from a
    # snapshot, and every way answers as the strict reading does.
    def request() -> dict[str, Any]:
        command: dict[str, Any] = {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "wang"}}

        class Meddling(datetime):
            def utcoffset(self) -> timedelta:  # type: ignore[override]
                for n in range(10):
                    command[f"extra{n}"] = n
                return timedelta(0)

        command["fields"] = {}
        command["when"] = Meddling(2023, 7, 20, 2, tzinfo=timezone.utc)
        return {"request": {**APPROVAL, "command": command}, "now": "2023-07-20 10:00:00", "seed": 1}

    strict = _strict("approval.decide", request())
    for way in ("decide", "stream"):
        assert _decide(way, request()) == strict
    assert _typed("approval.decide", request()) == strict


def test_no_key_of_the_callers_is_compared_by_its_own_eq() -> None:
    # A `str` subclass key hashing as "command": a lookup of "command" in
    # the request would call its `__eq__`, the caller's code, which here
    # renames the application, so that the reading after it saw another
    # request than `call` sees. Keys are found by comparing texts instead.
    def request() -> dict[str, Any]:
        outer: dict[Any, Any] = {"actor": {"id": "li", "roles": ["applicant"]}}
        command = {"type": "submit", "route": huiqi.route_preset(name="seal"), "name": "用印",
                   "picks": {"leader": "wang"}}

        class Sneaky(str):
            def __hash__(self) -> int:
                return hash("command")

            def __eq__(self, other: object) -> bool:
                if armed:
                    command["name"] = "改过的名字"
                return False

        armed = False
        outer[Sneaky("request_id")] = "r1"
        outer["command"] = command  # a lookup itself: armed only after
        armed = True
        return {"request": outer, "now": "2023-07-20 10:00:00", "seed": 1}

    strict = _strict("approval.decide", request())
    assert strict["ok"] and strict["value"]["state"]["name"] == "用印"
    for way in ("decide", "stream"):
        assert _decide(way, request()) == strict, way


# The commonest commands are read by hand (`plain_request.rs`): every part
# each kind takes, in each form the hand reading takes or gives up on, must
# answer as the strict reading does, on a pending application.
_PART_FORMS: dict[str, list[Any]] = {
    "comment": ["同意", "", None, Text("t"), 1],
    "attachments": [[], ["a.pdf"], ("a.pdf",), None, ["a", 1], "a.pdf"],
    "fields": [{}, {"k": "v"}, None, {"k": 1}, {"k": Decimal("1")}, {Text("k"): "v"}],
    "to": ["zhao", None, 1],
    "person": ["zhao", None],
    "people": [["zhao"], [], None, "zhao", ("zhao",)],
    "route": ["seal", "nope", None],
    "name": ["用印", None],
    "picks": [{"leader": "wang"}, None, {"leader": 1}],
}
_KINDS: dict[str, list[str]] = {
    "approve": ["comment", "attachments", "fields"],
    "reject": ["comment", "attachments"],
    "return": ["to", "comment", "attachments"],
    "withdraw": ["comment"],
    "resubmit": ["fields", "comment", "picks"],
    "transfer": ["to", "comment"],
    "delegate": ["to", "comment"],
    "remove_signer": ["person"],
    "cc": ["people"],
    "remind": [],
    "delist": ["comment"],
    "submit": ["route", "name", "picks"],
}


def _hand_commands() -> list[dict[str, Any]]:
    commands: list[dict[str, Any]] = []
    for kind, parts in _KINDS.items():
        commands.append({"type": kind})
        for part in parts:
            commands += [{"type": kind, part: form} for form in _PART_FORMS[part]]
        # A part the kind does not take, even as None.
        other = next(p for p in _PART_FORMS if p not in parts)
        commands += [{"type": kind, other: None}, {"type": kind, "bogus": 1}]
    return commands


_ACTORS: list[Any] = [{"id": "wang"}, {"id": "wang", "roles": None}, {"id": "wang", "roles": ("x",)},
                      {"id": "wang", "roles": ["x"], "org": "o", "area": None, "supervisor": "s"},
                      {"id": "wang", "org": 1}, {"id": Text("wang")}, {"id": "wang", "x": 1}, {}, "wang"]


@pytest.mark.parametrize("way", ["decide", "stream"])
def test_the_hand_reading_answers_as_the_strict_one(way: str) -> None:
    state = _submitted_state()
    requests: list[Any] = [{"request_id": "r2", "actor": {"id": "wang", "roles": ["main_leader"]}, "command": c} for c in _hand_commands()]
    requests += [{"request_id": "r2", "actor": a, "command": {"type": "approve"}} for a in _ACTORS]
    requests += [{**R2, "request_id": Text("r2")}, {**R2, "request_id": 2}, {**R2, "x": 1},
                 {"actor": {"id": "wang", "roles": ["main_leader"]}, "command": {"type": "approve"}}, {**R2, "command": {"type": "approve", Text("comment"): "x"}}]
    for request in requests:
        call = {"state": state, "request": request, "now": "2023-07-20 12:00:00", "seed": 3}
        strict, typed = _strict("approval.decide", call), _decide(way, call)
        assert strict["ok"] == typed["ok"], request
        _same(strict, typed)
