"""The approval engine from Python: typed answers, refusals by category,
and the state stored as JSON text and passed back as a dict."""

from __future__ import annotations

import json
from typing import Any
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

import huiqi

LI = {"id": "li", "roles": ["applicant"], "supervisor": "wang"}
NOW = "2023-07-20 10:00:00"


def submitted() -> huiqi.Decided:
    route = huiqi.route_preset(name="procurement")
    command = {"type": "submit", "route": route, "name": "村道修缮", "fields": {"kind": "regular", "amount": "4999.99"}}
    return huiqi.approval_decide(request={"request_id": "r1", "actor": LI, "command": command}, now=NOW, seed=7)


def test_answers_are_typed() -> None:
    step = submitted()
    state = step.state
    assert state is not None
    assert isinstance(state.id, uuid.UUID) and state.id.version == 7
    assert state.created_at == datetime(2023, 7, 20, 2, 0, tzinfo=timezone.utc)
    assert (state.status, state.stage, state.route.branch) == ("pending", 0, "regular_below_threshold")
    assert [e.change["type"] for e in step.events] == ["submitted", "stage_started"]
    assert state.route.stages[1].approvers == [{"role": "mayor"}, "supervising_leader", {"role": "procurement_leader"}]


def test_state_stored_as_json_text_goes_back_as_a_dict() -> None:
    step = submitted()
    assert step.state is not None
    stored = step.state.to_json()
    finance = {"id": "zhao", "roles": ["finance_bureau"]}
    again = huiqi.approval_decide(state=json.loads(stored), request={"request_id": "r2", "actor": finance,
                                  "command": {"type": "approve"}}, now="2023-07-20 11:00:00", seed=8)
    assert again.state is not None and again.state.stage == 1
    assert json.loads(again.to_json())["version"] == again.version == 5
    events = [json.loads(e.to_json()) for e in step.events + again.events]
    replayed = huiqi.approval_replay(events=events).state
    assert replayed is not None and replayed.to_json() == again.state.to_json()


def test_a_history_is_typed_steps_and_a_stored_state_catches_up_by_replay() -> None:
    step = submitted()
    assert step.state is not None
    finance = {"id": "zhao", "roles": ["finance_bureau"]}
    again = huiqi.approval_decide(state=step.state, request={"request_id": "r2", "actor": finance,
                                  "command": {"type": "approve", "comment": "预算已核"}},
                                  now="2023-07-20 11:00:00", seed=8)
    events = list(step.events) + list(again.events)
    history = huiqi.approval_history(events=events)
    assert [s.action for s in history.steps] == [
        "submitted", "stage_started", "approved", "stage_completed", "stage_started"]
    approved = history.steps[2]
    assert isinstance(approved, huiqi.HistoryStep)
    assert approved.at == datetime(2023, 7, 20, 3, 0, tzinfo=timezone.utc)
    assert (approved.actor, approved.comment, approved.people) == ("zhao", "预算已核", [])
    assert isinstance(approved.stage, huiqi.StageRef)
    assert (approved.stage.index, approved.stage.id, approved.stage.name) == (0, "finance_review", "财政局审核")
    assert approved.zh == "`zhao` 审批通过（环节「财政局审核」）"
    assert repr(history).startswith("<History steps=[submitted, stage_started, approved")
    assert json.loads(history.to_json())["steps"][2]["action"] == "approved"
    # The state stored after the submission, brought up to date by the
    # events after it; events that do not follow it are refused.
    caught_up = huiqi.approval_replay(state=step.state, events=list(again.events)).state
    assert caught_up == again.state
    with pytest.raises(huiqi.ApprovalError) as refused:
        huiqi.approval_replay(state=step.state, events=list(again.events)[1:])
    assert (refused.value.code, refused.value.field) == ("approval.invalid", "events[0]")


def test_a_refusal_is_an_approval_error_saying_forbidden() -> None:
    step = submitted()
    with pytest.raises(huiqi.ApprovalError) as refused:
        huiqi.approval_decide(state=step.state, request={"request_id": "r2", "actor": {"id": "zhou", "roles": ["mayor"]},
                              "command": {"type": "approve"}}, now=NOW, seed=9)
    assert (refused.value.code, refused.value.field) == ("approval.forbidden", "request.actor")
    assert refused.value.message_zh.startswith("无权操作")


def test_decide_answers_as_approval_decide_with_the_state_object_taken_as_is() -> None:
    step = submitted()
    assert step.state is not None
    finance = {"id": "zhao", "roles": ["finance_bureau"]}
    request = {"request_id": "r2", "actor": finance, "command": {"type": "approve", "comment": "同意"}}
    generic = huiqi.approval_decide(state=step.state, request=request, now="2023-07-20 11:00:00", seed=8)
    fast = huiqi.decide(step.state, request, now="2023-07-20 11:00:00", seed=8)
    assert fast.to_json() == generic.to_json()
    # The state as a dict (stored JSON) is read strictly, as approval_decide reads it.
    from_dict = huiqi.decide(json.loads(step.state.to_json()), request, now="2023-07-20 11:00:00", seed=8)
    assert from_dict.to_json() == generic.to_json()
    # The object given is not changed: the same command on it again is a first time, not a retry.
    assert step.state.version == 2 and not huiqi.decide(step.state, request, now=NOW, seed=8).retry
    # A retry of the applied request on the new state changes nothing.
    assert fast.state is not None
    retry = huiqi.decide(fast.state, request, now="2023-07-20 12:00:00", seed=9)
    assert retry.retry and retry.events == [] and retry.version == fast.version


def test_decide_refuses_as_approval_decide_naming_the_same_fields() -> None:
    step = submitted()
    stranger = {"request_id": "r2", "actor": {"id": "zhou", "roles": ["mayor"]}, "command": {"type": "approve"}}
    with pytest.raises(huiqi.ApprovalError) as refused:
        huiqi.decide(step.state, stranger, now=NOW, seed=9)
    assert (refused.value.code, refused.value.field) == ("approval.forbidden", "request.actor")
    with pytest.raises(huiqi.RequestError) as unknown:
        huiqi.decide(step.state, {**stranger, "command": {"type": "approve", "commnet": "x"}}, now=NOW, seed=9)
    assert unknown.value.field == "request.command.commnet"
    with pytest.raises(huiqi.RequestError) as bad_state:
        huiqi.decide({"status": "pending"}, stranger, now=NOW, seed=9)
    assert bad_state.value.field is not None and bad_state.value.field.startswith("state")
    with pytest.raises(huiqi.RequestError) as bad_now:
        huiqi.decide(None, stranger, now="yesterday", seed=9)
    assert bad_now.value.field == "now"


def test_decide_takes_a_route_object_as_is_and_answers_as_approval_decide() -> None:
    route = huiqi.route_preset(name="procurement")
    command = {"type": "submit", "route": route, "name": "村道修缮", "fields": {"kind": "regular", "amount": "4999.99"}}
    request = {"request_id": "r1", "actor": LI, "command": command}
    fast = huiqi.decide(None, request, now=NOW, seed=7)
    assert fast.to_json() == huiqi.approval_decide(request=request, now=NOW, seed=7).to_json()
    # The route read as a dict (stored JSON) answers the same.
    as_dict = {**request, "command": {**command, "route": json.loads(route.to_json())}}
    assert huiqi.decide(None, as_dict, now=NOW, seed=7).to_json() == fast.to_json()
    # The caller's dicts are not changed.
    assert command["route"] is route and request["command"] is command


def test_route_objects_submitted_on_again_and_again_answer_as_the_routes_written_out() -> None:
    # A `Route` object's check and fingerprint tokens are worked out at its
    # first submission and kept with the object (the binding keeps the last
    # few objects). More objects than it keeps, each submitted on in turn
    # three times over, answer (events, request fingerprints) as the same
    # routes read from dicts.
    routes = [huiqi.route_preset(name="procurement", options={"threshold": f"{5000 + n}.00"})
              for n in range(10)]
    routes += [huiqi.route_preset(name=name) for name in ("seal", "notice", "okr")]
    picks = {"leader": "wang", "approving_leader": "wang"}
    actor = {**LI, "supervisor": "zhao", "roles": ["applicant", "party_office"]}
    for round_ in range(3):
        for n, route in enumerate(routes):
            fields = {"kind": "regular", "amount": "5003.00"} if n < 10 else {}
            if route.id == "okr":
                fields = {"details": "修缮村道"}
            command = {"type": "submit", "route": route, "name": "村道修缮", "fields": fields}
            if route.id != "procurement":
                command["picks"] = {k: v for k, v in picks.items() if k in route.picks}
            request = {"request_id": f"r{round_}-{n}", "actor": actor, "command": command}
            as_dict = {**request, "command": {**command, "route": json.loads(route.to_json())}}
            fast = huiqi.decide(None, request, now=NOW, seed=7)
            assert fast.to_json() == huiqi.decide(None, as_dict, now=NOW, seed=7).to_json(), (round_, n)


def test_decide_refuses_a_request_with_a_route_object_as_approval_decide_does() -> None:
    route = huiqi.route_preset(name="procurement")
    cases = [
        # Read errors, found by the strict reading.
        {"type": "submit", "route": route, "name": "x", "fields": {"amount": 5000}},
        {"type": "submit", "route": route, "name": "x", "extra": 1},
        {"type": "approve", "route": route},
        # Refusals of the engine, at the route's own place.
        {"type": "submit", "route": route, "name": " ", "fields": {"kind": "regular", "amount": "1"}},
        {"type": "submit", "route": route, "name": "x", "fields": {"kind": "unknown", "amount": "1"}},
    ]
    for command in cases:
        request = {"request_id": "r1", "actor": LI, "command": command}
        with pytest.raises(huiqi.HuiqiError) as fast:
            huiqi.decide(None, request, now=NOW, seed=7)
        with pytest.raises(huiqi.HuiqiError) as generic:
            huiqi.approval_decide(request=request, now=NOW, seed=7)
        assert type(fast.value) is type(generic.value), command
        assert (fast.value.code, fast.value.field, fast.value.message_en) == \
            (generic.value.code, generic.value.field, generic.value.message_en), command


class Moment(datetime):
    """A subclass of `datetime`, which could pickle differently."""


def test_decide_reads_now_as_approval_decide_does() -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    step = submitted()
    request = {"request_id": "r2", "actor": {"id": "zhao", "roles": ["finance_bureau"]}, "command": {"type": "approve"}}
    shanghai = timezone(timedelta(hours=8))
    moments = [
        datetime(2023, 7, 20, 2, 0, tzinfo=timezone.utc),
        datetime(2023, 7, 20, 10, 0, 0, 123456, tzinfo=shanghai),
        datetime(2023, 7, 19, 21, 30, 0, 1, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
        datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc),
        datetime(2023, 7, 20, 10, 0, 0, 500000),  # naive: Shanghai time
        datetime(2023, 7, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),  # a zone, not an offset
        datetime(2023, 7, 19, 22, 0, tzinfo=ZoneInfo("America/New_York")),  # in summer time
        "2023-07-20T02:00:00.25Z",
        datetime(2023, 7, 20, 10, 0, 0, 1).isoformat(),  # naive text with `T`: Shanghai time
        # In UTC, read from its fields: the last microsecond, and `fold`.
        datetime(2023, 7, 20, 2, 0, 59, 999999, tzinfo=timezone.utc),
        datetime(2023, 7, 20, 3, 0, fold=1, tzinfo=timezone.utc),
        Moment(2023, 7, 20, 2, 30, tzinfo=timezone.utc),  # a subclass: read by subtraction
    ]
    def answer(call: Any) -> Any:
        try:
            return call().to_json()
        except huiqi.HuiqiError as refused:
            return (refused.code, refused.field, refused.message_en)

    answers = []
    for now in moments:
        fast = answer(lambda: huiqi.decide(step.state, request, now=now, seed=8))
        generic = answer(lambda: huiqi.approval_decide(state=step.state, request=request, now=now, seed=8))
        assert fast == generic, now
        answers.append(fast)
    # Before the submission (02:00 UTC): refused, history does not run backwards.
    assert answers[3][:2] == ("approval.invalid", "now")
    assert sum(isinstance(a, str) for a in answers) == len(moments) - 1
    assert huiqi.decide(step.state, request, now=moments[1], seed=8).events[0].at == \
        datetime(2023, 7, 20, 2, 0, 0, 123456, tzinfo=timezone.utc)
    for zoned in moments[5:7] + moments[9:]:
        assert huiqi.decide(step.state, request, now=zoned, seed=8).events[0].at == \
            zoned.astimezone(timezone.utc)
        assert huiqi.ApprovalStream(step.state).decide(request, now=zoned, seed=8).events[0].at == \
            zoned.astimezone(timezone.utc)


def test_a_datetime_whose_zone_gives_no_offset_is_naive_as_python_says() -> None:
    from datetime import timedelta, tzinfo

    class NoOffset(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta | None:
            return None

    class Broken(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta | None:
            raise RuntimeError("boom")

    step = submitted()
    request = {"request_id": "r2", "actor": {"id": "zhao", "roles": ["finance_bureau"]}, "command": {"type": "approve"}}
    # Naive to Python, so Shanghai wall time to huiqi, as a naive one is.
    naive = datetime(2023, 7, 20, 10, 30)
    for decide in (
        lambda now: huiqi.decide(step.state, request, now=now, seed=8),
        lambda now: huiqi.approval_decide(state=step.state, request=request, now=now, seed=8),
        lambda now: huiqi.ApprovalStream(step.state).decide(request, now=now, seed=8),
    ):
        assert decide(naive.replace(tzinfo=NoOffset())).events[0].at == \
            datetime(2023, 7, 20, 2, 30, tzinfo=timezone.utc)
        # The zone's own failure is raised, not taken for something else.
        with pytest.raises(RuntimeError, match="boom"):
            decide(naive.replace(tzinfo=Broken()))


def test_approval_documents_show_what_one_looks_for_in_a_repl() -> None:
    step = submitted()
    assert step.state is not None
    # Descriptions in angle brackets, not calls: a dotted name is the
    # attribute read (`state.status`), a list of names a summary.
    assert repr(step.state) == \
        "<Application name='村道修缮' route.id='procurement' status='pending' stage=0 version=2>"
    assert repr(step.events[0]) == "<Event version=1 change.type='submitted' actor='li' at=2023-07-20T02:00:00Z>"
    assert repr(step) == "<Decided events=[submitted, stage_started] state.status='pending' version=2 retry=False>"
    assert step.state.route.id == "procurement" and step.events[0].change["type"] == "submitted"
    route = huiqi.route_preset(name="procurement")
    assert repr(route).startswith("<Route id='procurement' name=") and repr(route).endswith(" with 4 branches>")
    assert repr(huiqi.route_preset(name="seal")).endswith(" with 1 branch>")


def test_flow_run_plays_a_scenario_with_typed_answers() -> None:
    scenario = json.loads((Path(__file__).resolve().parents[2] / "cli" / "examples" / "scenarios" /
                           "procurement_regular.json").read_text(encoding="utf-8"))
    report = huiqi.flow_run(scenario)
    assert isinstance(report, huiqi.ScenarioReport)
    assert [step["ok"] for step in report.steps] == [True] * 6
    assert (report.final.status, report.final.branch) == ("filed", "regular_below_threshold")
    assert report.todo == {"li": [], "zhao": [], "zhou": [], "wang": [], "sun": []}
    assert json.loads(report.to_json())["final"]["status"] == "filed"
    with pytest.raises(huiqi.RequestError) as refused:
        huiqi.flow_run({**scenario, "steps": scenario["steps"][:1] * 101})
    assert (refused.value.code, refused.value.field) == ("request.too_large", "steps")


# ---------------------------------------------------------------- ApprovalStream


def _decide_vectors() -> list[Any]:
    from conftest import CASES
    return [c for c in CASES if c.op == "approval.decide" and isinstance(c.request, dict)
            and {"request", "now", "seed"} <= set(c.request) <= {"state", "request", "now", "seed"}]


def _json(document: Any) -> Any:
    """A huiqi document as plain JSON data (`None` stays `None`)."""
    return None if document is None else json.loads(document.to_json())


def _refusal_matches(case_id: str, raw: dict[str, Any], error: huiqi.HuiqiError) -> None:
    assert not raw["ok"], (case_id, error)
    assert [p.to_dict() for p in error.problems] == raw["errors"], case_id


def test_every_decide_vector_through_a_stream_answers_as_approval_decide() -> None:
    from conftest import has_float
    cases = _decide_vectors()
    assert len(cases) > 40
    for case in cases:
        raw = json.loads(huiqi.call_json(case.op, case.request_text))
        r = case.request
        if has_float(r):
            with pytest.raises(TypeError, match="float"):
                huiqi.ApprovalStream(r.get("state")).decide(r["request"], now=r["now"], seed=r["seed"])
            continue
        try:
            stream = huiqi.ApprovalStream(r.get("state"))
        except huiqi.HuiqiError as e:
            _refusal_matches(case.id, raw, e)
            continue
        before = stream.state
        try:
            decision = stream.decide(r["request"], now=r["now"], seed=r["seed"])
        except huiqi.HuiqiError as e:
            _refusal_matches(case.id, raw, e)
            # A refusal leaves the held application as it was.
            assert _json(stream.state) == _json(before), case.id
            continue
        assert raw["ok"], (case.id, raw)
        answer = raw["value"]
        got = json.loads(decision.to_json())
        assert (got["events"], got["retry"], got["version"]) == \
            (answer["events"], answer["retry"], answer["version"]), case.id
        assert _json(stream.state) == answer["state"], case.id
        assert stream.version == answer["version"], case.id


def test_a_stream_holds_the_application_and_answers_as_decide_command_by_command() -> None:
    route = huiqi.route_preset(name="procurement")
    finance = {"id": "zhao", "roles": ["finance_bureau"]}
    requests = [
        {"request_id": "r1", "actor": LI, "command": {"type": "submit", "route": route, "name": "村道修缮",
                                                       "fields": {"kind": "regular", "amount": "4999.99"}}},
        {"request_id": "r2", "actor": finance, "command": {"type": "approve", "comment": "同意"}},
    ]
    stream, state = huiqi.ApprovalStream(), None
    assert stream.state is None and stream.version == 0 and repr(stream) == "<ApprovalStream state=None>"
    for n, request in enumerate(requests):
        decision = stream.decide(request, now=NOW, seed=7 + n)
        assert repr(decision).startswith("<Decision events=[") and \
            repr(stream).startswith("<ApprovalStream state.status='pending' state.stage=")
        stateless = huiqi.decide(state, request, now=NOW, seed=7 + n)
        state = stateless.state
        expected = json.loads(stateless.to_json())
        assert json.loads(decision.to_json()) == {k: expected[k] for k in ("events", "retry", "version")}
        assert _json(stream.state) == _json(state)
    assert stream.state is not None and stream.version == stream.state.version == 5 and stream.state.stage == 1
    # A retry changes nothing; a refusal raises and changes nothing.
    before = _json(stream.state)
    assert stream.decide(requests[1], now=NOW, seed=99).retry and _json(stream.state) == before
    with pytest.raises(huiqi.ApprovalError) as refused:
        stream.decide({"request_id": "r3", "actor": {"id": "stranger", "roles": ["visitor"]},
                       "command": {"type": "approve"}}, now=NOW, seed=9)
    assert (refused.value.code, refused.value.field) == ("approval.forbidden", "request.actor")
    assert _json(stream.state) == before
    # It goes on from a stored application, as an object or as JSON.
    stored = stream.state.to_json()
    for start in (stream.state, json.loads(stored)):
        again = huiqi.ApprovalStream(start)
        assert again.state is not None and again.state.to_json() == stored


def test_decisions_compare_by_value_and_outlive_the_ones_freed_before_them() -> None:
    # A stream's answers are kept for reuse once freed (a free list): one
    # kept while later ones are made and dropped still holds its own
    # events, and answers compare by value as the other answers do.
    route = huiqi.route_preset(name="seal")
    submit = {"request_id": "r1", "actor": LI,
              "command": {"type": "submit", "route": route, "name": "用印", "picks": {"leader": "wang"}}}
    first, second = huiqi.ApprovalStream(), huiqi.ApprovalStream()
    kept = first.decide(submit, now=NOW, seed=5)
    text = kept.to_json()
    for n in range(50):
        huiqi.ApprovalStream().decide(dict(submit, request_id=f"x{n}"), now=NOW, seed=n)
    same = second.decide(submit, now=NOW, seed=5)
    assert kept.to_json() == text and kept == same and not kept != same
    retry = first.decide(submit, now=NOW, seed=6)
    assert retry.retry and kept != retry and not kept == retry
    assert kept != text and not kept == text and kept != None  # noqa: E711
    with pytest.raises(TypeError):
        kept < same  # type: ignore[operator]  # noqa: B015


def test_a_stream_ticks_as_approval_tick_does() -> None:
    from conftest import CASES, has_float
    cases = [c for c in CASES if c.op == "approval.tick" and isinstance(c.request, dict)
             and set(c.request) == {"state", "now", "seed"}]
    assert len(cases) >= 3
    for case in cases:
        raw = json.loads(huiqi.call_json(case.op, case.request_text))
        r = case.request
        try:
            # A damaged state is refused as the stream takes it, as
            # approval_tick refuses it.
            stream = huiqi.ApprovalStream(r["state"])
            decision = stream.tick(now=r["now"], seed=r["seed"])
        except huiqi.RequestTypeError as e:
            # A float is refused by the binding before the core: the same
            # code and field as the core's refusal, in the binding's words.
            assert has_float(r) and [(p["code"], p["field"]) for p in raw["errors"]] == [(e.code, e.field)], case.id
            continue
        except huiqi.HuiqiError as e:
            _refusal_matches(case.id, raw, e)
            continue
        assert raw["ok"], (case.id, raw)
        assert json.loads(decision.to_json())["events"] == raw["value"]["events"], case.id
        assert _json(stream.state) == raw["value"]["state"], case.id
    with pytest.raises(huiqi.ApprovalError) as nothing:
        huiqi.ApprovalStream().tick(now=NOW, seed=1)
    assert nothing.value.code == "approval.invalid_transition"
    with pytest.raises(huiqi.RequestError) as bad:
        huiqi.ApprovalStream().tick(now="yesterday", seed=3)
    assert bad.value.field == "now"


def test_a_stream_refuses_what_cannot_be_an_application() -> None:
    with pytest.raises(huiqi.RequestError) as bad:
        huiqi.ApprovalStream({"status": "pending"})
    assert bad.value.field is not None and bad.value.field.startswith("state")
    with pytest.raises(TypeError):
        huiqi.ApprovalStream({"version": 1.5})
    # Of the right shape but no command could have left it: refused as it
    # comes in (the stream trusts what it holds), as decide refuses it.
    import json as _json
    submit = {"request_id": "r1", "actor": {"id": "li", "roles": ["applicant"]},
              "command": {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "wang"}}}
    state = _json.loads(huiqi.approval_decide(request=submit, now="2023-07-20 10:00:00", seed=1).state.to_json())
    state["stage"] = 99
    with pytest.raises(huiqi.RequestError) as damaged:
        huiqi.ApprovalStream(state)
    assert (damaged.value.code, damaged.value.field) == ("request.invalid", "state.stage")


def test_every_approval_answer_writes_its_json_as_the_call_api_does() -> None:
    # The README: `to_json()` on states, events, routes and answers.
    import json as _json
    submit = {"request_id": "r1", "actor": {"id": "li", "roles": ["applicant"]},
              "command": {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "wang"}}}
    decided = huiqi.approval_decide(request=submit, now="2023-07-20 10:00:00", seed=1)
    state = _json.loads(decided.to_json())["state"]
    events = _json.loads(decided.to_json())["events"]
    requests = {
        "route.preview": {"route": _json.loads(huiqi.route_preset(name="seal").to_json()), "fields": {}},
        "approval.replay": {"events": events},
        "approval.allowed": {"state": state, "actor": {"id": "wang", "roles": ["main_leader"]}, "now": "2023-07-20 11:00:00"},
        "approval.list": {"applications": [state], "person": {"id": "wang", "roles": ["main_leader"]}, "list": "todo"},
    }
    for op, request in requests.items():
        answer = getattr(huiqi, op.replace(".", "_"))(request)
        assert huiqi.call(op, request) == {"ok": True, "value": _json.loads(answer.to_json())}, op


def test_allowed_actions_and_list_items_say_what_they_are() -> None:
    # From a new-user trial: they printed as `<… object at 0x…>`.
    import json as _json
    submit = {"request_id": "r1", "actor": {"id": "li", "roles": ["applicant"]},
              "command": {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "wang"}}}
    state = _json.loads(huiqi.approval_decide(request=submit, now="2023-07-20 10:00:00", seed=1).to_json())["state"]
    actions = huiqi.approval_allowed(state=state, actor={"id": "zhao"}, now="2023-07-20 11:00:00").actions
    assert repr(actions[0]) == "<Allowed action='approve' allowed=False reason.code='approval.forbidden'>"
    listed = huiqi.approval_list(applications=[state], person={"id": "wang", "roles": ["main_leader"]}, list="todo")
    assert repr(listed.applications) == ("[<ListedApplication name='用印' route='seal' applicant='li' "
                                         "status='pending' stage_id='leader'>]")
    # The answers around them too.
    assert repr(listed) == f"<ApplicationList applications={repr(listed.applications)}>"
    allowed = huiqi.approval_allowed(state=state, actor={"id": "li"}, now="2023-07-20 11:00:00")
    assert repr(allowed) == "<AllowedActions allowed=[withdraw, cc, remind]>"
    preview = huiqi.route_preview(route=huiqi.route_preset(name="seal"))
    assert repr(preview) == "<RoutePreview route='seal' branch='default' stages=[leader]>"
    replayed = huiqi.approval_replay(events=[])
    assert repr(replayed) == "<Replayed state=None>"


def test_an_answer_given_where_its_state_goes_is_named() -> None:
    submit = {"request_id": "r1", "actor": {"id": "li", "roles": ["applicant"]},
              "command": {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "wang"}}}
    answer = huiqi.decide(None, submit, now="2023-07-20 10:00:00", seed=1)
    approve = {"request_id": "r2", "actor": {"id": "wang", "roles": ["main_leader"]}, "command": {"type": "approve"}}
    with pytest.raises(huiqi.HuiqiError) as refused:
        huiqi.decide(answer, approve, now="2023-07-20 11:00:00", seed=2)  # type: ignore[arg-type]
    problem = refused.value.problems[0]
    assert problem.field == "state"
    assert "pass its `.state`" in problem.message_en and "`.state`" in problem.message_zh


def test_ids_of_any_length_and_script_come_back_as_written() -> None:
    # Inside the engine a short id is held inline and a long one shared
    # (`approval::Id`); either way it comes back as the `str` it went in
    # as, through the stream's own reading and the strict one alike.
    short, long_ = "p1", "审批人" * 9  # 6 bytes; 81 bytes
    request_ids = ["r", str(uuid.UUID(int=7)), "请求" * 20]
    route = huiqi.route_load(text="\n".join([
        'id = "ids"', 'name = "长短"', "effective_from = 2023-01-01",
        '[[stages]]', 'id = "s0"', 'name = "会签"', 'mode = "all"',
        f'approvers = [{{ person = "{short}" }}, {{ person = "{long_}" }}]']), format="toml")
    applicant = {"id": "申" * 30, "roles": ["applicant", "角色" * 15], "org": "x" * 23, "area": "y" * 24}
    requests = [
        {"request_id": request_ids[0], "actor": applicant, "command": {"type": "submit", "route": route, "name": "申请"}},
        {"request_id": request_ids[1], "actor": {"id": long_}, "command": {"type": "approve"}},
        {"request_id": request_ids[2], "actor": {"id": short}, "command": {"type": "approve"}},
    ]
    stream, state = huiqi.ApprovalStream(), None
    for n, request in enumerate(requests):
        decision = stream.decide(request, now=NOW, seed=n)
        strict = huiqi.approval_decide(state=state, request=request, now=NOW, seed=n)
        state = strict.state
        assert json.loads(decision.to_json())["events"] == json.loads(strict.to_json())["events"]
        assert {e.request.id for e in decision.events if e.request} == {request["request_id"]}
        assert {e.actor for e in decision.events} == {request["actor"]["id"]}
        held = stream.state
        assert held is not None and state is not None and held.to_json() == state.to_json()
        if n == 1:  # the long id has approved; the short one has yet to
            assert [s.candidate for s in held.slots] == [{"person": short}, {"person": long_}]
            assert [s.decision.by.id if s.decision and s.decision.by else None for s in held.slots] == [None, long_]
    assert held.status == "filed"
    assert (held.applicant.id, held.applicant.roles, held.applicant.org, held.applicant.area) == \
        (applicant["id"], applicant["roles"], applicant["org"], applicant["area"])
    assert held.deciders == {short, long_} and set(held.requests) == set(request_ids)
    assert all(type(i) is str for i in [held.applicant.id, *held.applicant.roles, *held.deciders, *held.requests])
