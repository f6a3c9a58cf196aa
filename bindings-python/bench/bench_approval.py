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
approvals in a set: no permissions, no events, no checks. Each way runs
ROUNDS interleaved rounds and keeps its best; the ratio printed is
transitions time / huiqi time per command (issue 9's target: 20×).
"""

from __future__ import annotations

import random
import sys
import time
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


def run_transitions() -> tuple[float, int]:
    from transitions import Machine  # the peer, imported only here

    states, transitions = STATES, TRANSITIONS
    spent, commands = 0.0, 0
    for _ in range(APPLICATIONS):
        model = Joint()
        start = time.perf_counter()
        Machine(model=model, states=states, transitions=transitions, initial="draft")
        model.submit()  # type: ignore[attr-defined]
        for s in range(STAGES):
            for k in range(SIGNERS):
                model.approve(f"p{s}{k}")  # type: ignore[attr-defined]
        spent += time.perf_counter() - start
        commands += 1 + STAGES * SIGNERS
        assert model.state == "filed"  # type: ignore[attr-defined]
    return spent, commands


ROUNDS = 5


def main() -> None:
    route = huiqi.route_load(text=ROUTE_TOML, format="toml")
    ways = {
        "stream": lambda: run_huiqi(route, "stream"),
        "decide": lambda: run_huiqi(route, "decide"),
        "approval_decide": lambda: run_huiqi(route, "approval_decide"),
        "transitions": run_transitions,
    }
    # Rounds interleaved, the best round of each way kept (as `timeit`
    # does): a shared machine's pauses land on one way's round, not on the
    # ratio.
    best: dict[str, float] = {}
    for _ in range(ROUNDS):
        for way, run in ways.items():
            spent, commands = run()
            best[way] = min(best.get(way, float("inf")), spent / commands * 1e6)
    st, f, g, t = (best[w] for w in ways)
    print(f"5-stage 会签 of 3, {APPLICATIONS} applications ({APPLICATIONS * (1 + STAGES * SIGNERS)} commands) "
          f"each way, best of {ROUNDS} rounds")
    print(f"huiqi ApprovalStream.decide (held state):   {st:8.1f} µs per command")
    print(f"huiqi decide (state object in and out):     {f:8.1f} µs per command")
    print(f"huiqi approval_decide (state read as JSON): {g:8.1f} µs per command")
    print(f"transitions Machine (states only):          {t:8.1f} µs per command")
    print(f"transitions / huiqi: ApprovalStream {t / st:.1f}× (issue 9's target: 20×); "
          f"decide {t / f:.1f}×; approval_decide {t / g:.2f}×")


if __name__ == "__main__":
    main()
