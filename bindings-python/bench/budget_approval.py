"""Instructions per command (callgrind) of `bench_approval.py`'s workload,
a 5-stage 会签 of three driven command by command: huiqi's
`ApprovalStream.decide` and the `transitions` model side by side, and what
issue 9's 20× target leaves for huiqi. Counts, unlike times, repeat
exactly whatever else the machine does (with Python's hash seed fixed, as
here). Not a test; run by hand (needs valgrind, with callgrind_annotate):

    pip install transitions
    python bindings-python/bench/budget_approval.py [applications, default 300]

Each way runs three times under callgrind: with nothing done per
application (the requests built, the loop walked), with each application
set up only (huiqi: its `ApprovalStream` made; the peer: its model added
to the one `Machine` and removed, as `bench_approval.py` times it), and
whole. Per command is (whole − nothing) / commands, setup included as in
`bench_approval.py`; the commands alone are (whole − setup) / commands.
The peer's old form (a `Machine` of its own with the defaults for every
application, which this script measured until 2026-12-02) is counted
too, and not compared with.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_approval import APPLICANT, ROUTE_TOML, SIGNERS, STAGES, Joint, peer_machine  # noqa: E402

COMMANDS = 1 + STAGES * SIGNERS
TARGET = 20


def child(way: str, applications: int, phase: int) -> None:
    """The workload itself, run under callgrind: `phase` 0 walks the
    loop only, 1 sets each application up, 2 also gives its commands."""
    if way == "stream":
        import random
        from datetime import datetime, timezone

        import huiqi

        now = datetime(2023, 7, 20, 2, 0, tzinfo=timezone.utc)
        route = huiqi.route_load(text=ROUTE_TOML, format="toml")
        rng = random.Random(1)
        work = []
        for n in range(applications):
            requests = [{"request_id": f"a{n}", "actor": APPLICANT,
                         "command": {"type": "submit", "route": route, "name": "申请"}}]
            requests += [{"request_id": f"a{n}-{s}{k}", "actor": {"id": f"p{s}{k}"}, "command": {"type": "approve"}}
                         for s in range(STAGES) for k in range(SIGNERS)]
            work.append((requests, [rng.getrandbits(53) for _ in requests]))
        # One stream made and used before counting, so that the first
        # call's one-time work (the module's interned names, the free
        # list's first allocations) is not counted as commands.
        warm = huiqi.ApprovalStream()
        for request, seed in zip(*work[0]):
            warm.decide(request, now=now, seed=seed)
        for requests, seeds in work:
            if phase:
                stream = huiqi.ApprovalStream()
            if phase == 2:
                for request, seed in zip(requests, seeds):
                    stream.decide(request, now=now, seed=seed)
        return
    # Two models set up and submitted before counting, so that the first
    # one's imports and caches are not counted as commands.
    shared = peer_machine(None, auto_transitions=False)
    for _ in range(2):
        first = Joint()
        if way == "transitions":
            shared.add_model(first)
        else:
            peer_machine(first, auto_transitions=True)
        first.submit()  # type: ignore[attr-defined]
        if way == "transitions":
            shared.remove_model(first)
    for _ in range(applications if phase else 0):
        model = Joint()
        if way == "transitions":
            shared.add_model(model)
        else:
            peer_machine(model, auto_transitions=True)
        if phase == 2:
            model.submit()  # type: ignore[attr-defined]
            for s in range(STAGES):
                for k in range(SIGNERS):
                    model.approve(f"p{s}{k}")  # type: ignore[attr-defined]
        if way == "transitions":
            shared.remove_model(model)


def counted(way: str, applications: int, phase: int, out: str) -> int:
    # One hash seed for every run: Python's dicts and sets are laid out by
    # it, and with a random one the same workload's count varies by
    # hundreds of instructions a command.
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
         "--child", way, str(applications), str(phase)],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", run.stderr)
    if not found:
        raise SystemExit(f"callgrind gave no count:\n{run.stderr}")
    return int(found.group(1))


def inclusive(out: str, function: str) -> int | None:
    """The instructions spent in `function` and what it calls; `None` when
    it is not in the profile (inlined into its caller, as a release build
    with whole-program optimisation does)."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", out],
                          capture_output=True, text=True, check=True).stdout
    for line in text.splitlines():
        if function in line:
            return int(line.split()[0].replace(",", ""))
    return None


def main() -> None:
    applications = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    commands = applications * COMMANDS
    whole: dict[str, float] = {}
    alone: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for way in ("stream", "transitions", "transitions_own"):
            nothing, setup, full = (counted(way, applications, phase, os.path.join(scratch, f"{way}.{phase}"))
                                    for phase in (0, 1, 2))
            whole[way], alone[way] = (full - nothing) / commands, (full - setup) / commands
        held = inclusive(os.path.join(scratch, "stream.2"), "approval::decide::decide_held ")
    stream, peer = whole["stream"], whole["transitions"]
    budget = peer / TARGET
    print(f"5-stage 会签 of 3, {applications} applications ({commands} commands), instructions per command"
          " (each application's setup shared by its commands; the commands alone in brackets):")
    print(f"  transitions, one Machine (the peer):    {peer:9,.0f} ({alone['transitions']:,.0f})")
    print(f"  huiqi ApprovalStream.decide:            {stream:9,.0f} ({alone['stream']:,.0f})"
          f"   ratio {peer / stream:.1f}× ({alone['transitions'] / alone['stream']:.1f}×)")
    print(f"  {TARGET}× leaves huiqi {budget:,.0f} a command ({alone['transitions'] / TARGET:,.0f})")
    print(f"  transitions, a Machine per application: {whole['transitions_own']:9,.0f}"
          f" ({alone['transitions_own']:,.0f}; not the peer: its machine's building counted as commands)")
    if held is None:
        print("  (the engine's share is not told apart: decide_held is inlined in this build;"
              " build with CARGO_PROFILE_RELEASE_LTO=false for the split)")
        return
    engine = held / commands
    rest = stream - engine
    print(f"    the engine (decide_held):             {engine:9,.0f}")
    print(f"    the call, reading, the answer object: {rest:9,.0f}")
    left = budget - rest
    print("  after the Python side, "
          + (f"{left:,.0f} for the engine ({engine / left:.1f}× less than it takes)" if left > 0
             else "nothing for the engine"))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
