"""Per-command cost of a 5-stage joint approval (会签 of three at every
stage) driven command by command from Python: huiqi's `approval_decide`
side by side with the `transitions` package modelling the same route, in
one run. Not a test (figures depend on the machine); run by hand:

    pip install transitions          # the peer, not a dependency of huiqi
    python bindings-python/bench/bench_approval.py [applications, default 200]

Three ways through huiqi. `ApprovalStream` holds the application and
applies each command's events to it in place (what a host that keeps
applications in memory, or a simulation, uses). `decide` is stateless: the
previous answer's state object goes in as it is and a new one comes out.
`approval_decide` reads every request, state included, as strictly as JSON
(a dict in, the same answer out). Every way checks, decides, checks
permissions, fingerprints the request for retries and gives events with
ids. The `transitions` model only moves between states and counts
approvals in a set: no permissions, no events, no checks.

The peer is set up as transitions advises for many models, and as huiqi
loads a route once: one `Machine` for every application, without the
`to_<state>` methods (`auto_transitions`) the model never calls; each
application's model is added to it (`add_model`) and removed once filed,
inside the timing, as each application's `ApprovalStream` is made inside
huiqi's. A second peer row, a `Machine` of its own with the defaults for
every application, is what this benchmark compared with until 2026-12-02:
building that machine is ≈ 60% of its per-command time.

Each way runs ROUNDS interleaved rounds and keeps its best; the ratio
printed is the peer's time / huiqi's time per command (issue 9's target:
20×).
"""

from __future__ import annotations

import random
import sys
import time
from typing import Any, Callable
from datetime import datetime, timezone

import huiqi

# Read only when run: budget_approval.py imports the workload from here.
APPLICATIONS = int(sys.argv[1]) if __name__ == "__main__" and len(sys.argv) > 1 else 200
STAGES = 5
SIGNERS = 3
def _stage(s: int) -> str:
    approvers = ", ".join('{ person = "p%d%d" }' % (s, k) for k in range(SIGNERS))
    return f'[[stages]]\nid = "s{s}"\nname = "环节{s}"\nmode = "all"\napprovers = [{approvers}]'


ROUTE_TOML = "\n".join(
    ['id = "joint5"', 'name = "五级会签"', "effective_from = 2023-01-01"] + [_stage(s) for s in range(STAGES)]
)
NOW = datetime(2023, 7, 20, 2, 0, tzinfo=timezone.utc)
APPLICANT = {"id": "li", "roles": ["applicant"]}


def run_huiqi(route: huiqi.Route, way: str) -> tuple[float, int]:
    """Seconds spent in commands, and how many: through `decide` (the
    previous answer's state object goes back in as it is) or through the
    generic `approval_decide` (the state is read strictly, as JSON)."""
    rng = random.Random(1)
    spent, commands = 0.0, 0
    for n in range(APPLICATIONS):
        requests = [{"request_id": f"a{n}", "actor": APPLICANT, "command": {"type": "submit", "route": route, "name": "申请"}}]
        requests += [
            {"request_id": f"a{n}-{s}{k}", "actor": {"id": f"p{s}{k}"}, "command": {"type": "approve"}}
            for s in range(STAGES)
            for k in range(SIGNERS)
        ]
        seeds = [rng.getrandbits(53) for _ in requests]
        state = None
        start = time.perf_counter()
        if way == "stream":
            stream = huiqi.ApprovalStream()
            for request, seed in zip(requests, seeds):
                stream.decide(request, now=NOW, seed=seed)
            state = stream.state
        elif way == "decide":
            for request, seed in zip(requests, seeds):
                state = huiqi.decide(state, request, now=NOW, seed=seed).state
        else:
            for request, seed in zip(requests, seeds):
                state = huiqi.approval_decide(state=state, request=request, now=NOW, seed=seed).state
        spent += time.perf_counter() - start
        commands += len(requests)
        assert state is not None and state.status == "filed", state
    return spent, commands


class Joint:
    """The `transitions` model of the route: a stage's approvals in a set."""

    def __init__(self) -> None:
        self.approved: set[str] = set()

    def all_signed(self, who: str) -> bool:
        self.approved.add(who)
        return len(self.approved) == SIGNERS

    def clear(self, _who: str) -> None:
        self.approved = set()


STATES = ["draft"] + [f"s{s}" for s in range(STAGES)] + ["filed"]
TRANSITIONS = [{"trigger": "submit", "source": "draft", "dest": "s0"}] + [
    {"trigger": "approve", "source": f"s{s}", "dest": f"s{s + 1}" if s + 1 < STAGES else "filed",
     "conditions": "all_signed", "after": "clear"}
    for s in range(STAGES)
]


def peer_machine(model: object, auto_transitions: bool) -> Any:
    """A `transitions` machine of the route (imported here: the peer is
    not a dependency of huiqi)."""
    from transitions import Machine

    return Machine(model=model, states=STATES, transitions=TRANSITIONS, initial="draft",
                   auto_transitions=auto_transitions)


def run_transitions(shared: bool) -> tuple[float, int]:
    """Seconds spent in commands, and how many: one machine for every
    application (`shared`: models added and removed, no `to_<state>`
    methods) or a machine of its own with the defaults for each."""
    machine = peer_machine(None, auto_transitions=False) if shared else None
    spent, commands = 0.0, 0
    for _ in range(APPLICATIONS):
        model = Joint()
        start = time.perf_counter()
        if machine is not None:
            machine.add_model(model)
        else:
            peer_machine(model, auto_transitions=True)
        model.submit()  # type: ignore[attr-defined]
        for s in range(STAGES):
            for k in range(SIGNERS):
                model.approve(f"p{s}{k}")  # type: ignore[attr-defined]
        if machine is not None:
            machine.remove_model(model)
        spent += time.perf_counter() - start
        commands += 1 + STAGES * SIGNERS
        assert model.state == "filed"  # type: ignore[attr-defined]
    return spent, commands


ROUNDS = 5


def main() -> None:
    route = huiqi.route_load(text=ROUTE_TOML, format="toml")
    ways: dict[str, Callable[[], tuple[float, int]]] = {
        "stream": lambda: run_huiqi(route, "stream"),
        "decide": lambda: run_huiqi(route, "decide"),
        "approval_decide": lambda: run_huiqi(route, "approval_decide"),
        "transitions": lambda: run_transitions(shared=True),
        "transitions_own": lambda: run_transitions(shared=False),
    }
    # Rounds interleaved, the best round of each way kept (as `timeit`
    # does): a shared machine's pauses land on one way's round, not on the
    # ratio.
    best: dict[str, float] = {}
    for _ in range(ROUNDS):
        for way, run in ways.items():
            spent, commands = run()
            best[way] = min(best.get(way, float("inf")), spent / commands * 1e6)
    st, f, g, t, own = (best[w] for w in ways)
    print(f"5-stage 会签 of 3, {APPLICATIONS} applications ({APPLICATIONS * (1 + STAGES * SIGNERS)} commands) "
          f"each way, best of {ROUNDS} rounds")
    print(f"huiqi ApprovalStream.decide (held state):   {st:8.2f} µs per command")
    print(f"huiqi decide (state object in and out):     {f:8.2f} µs per command")
    print(f"huiqi approval_decide (state read as JSON): {g:8.2f} µs per command")
    print(f"transitions, one Machine (the peer):        {t:8.2f} µs per command")
    print(f"transitions, a Machine per application:     {own:8.2f} µs per command (not the peer: see above)")
    print(f"transitions / huiqi: ApprovalStream {t / st:.1f}× (issue 9's target: 20×); "
          f"decide {t / f:.1f}×; approval_decide {t / g:.2f}×")


if __name__ == "__main__":
    main()
