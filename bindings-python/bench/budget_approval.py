"""Instructions per command (callgrind) of `bench_approval.py`'s workload,
a 5-stage 会签 of three driven command by command: huiqi's
`ApprovalStream.decide` and the `transitions` model side by side, and what
issue 9's 20× target leaves for huiqi once the Python side of a call is
paid. Counts, unlike times, repeat exactly whatever else the machine does
(with Python's hash seed fixed, as here).
Not a test; run by hand (needs valgrind, with callgrind_annotate):

    pip install transitions
    python bindings-python/bench/budget_approval.py [applications, default 300]

Each workload runs twice under callgrind, once whole and once with every
command left out (the requests built, the loop walked), and the difference
is divided by the commands. The stream's count is then split with
callgrind_annotate: the engine (`decide_held`: deciding, fingerprinting,
event ids, applying the events) and the rest (the call, reading `request`,
`now` and `seed`, the answer object made and later released).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_approval import APPLICANT, ROUTE_TOML, SIGNERS, STAGES, STATES, TRANSITIONS, Joint  # noqa: E402

COMMANDS = 1 + STAGES * SIGNERS
TARGET = 20


def child(way: str, applications: int, commands: bool) -> None:
    """The workload itself, run under callgrind."""
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
        for requests, seeds in work:
            stream = huiqi.ApprovalStream()
            for request, seed in zip(requests, seeds):
                if commands:
                    stream.decide(request, now=now, seed=seed)
        return
    from transitions import Machine

    # One machine built before counting, so that the first one's imports
    # and caches are not counted as commands.
    Machine(model=Joint(), states=STATES, transitions=TRANSITIONS, initial="draft")
    for _ in range(applications if commands else 0):
        model = Joint()
        Machine(model=model, states=STATES, transitions=TRANSITIONS, initial="draft")
        model.submit()  # type: ignore[attr-defined]
        for s in range(STAGES):
            for k in range(SIGNERS):
                model.approve(f"p{s}{k}")  # type: ignore[attr-defined]


def counted(way: str, applications: int, commands: bool, out: str) -> int:
    # One hash seed for every run: Python's dicts and sets are laid out by
    # it, and with a random one the same workload's count varies by
    # hundreds of instructions a command.
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
         "--child", way, str(applications), "1" if commands else "0"],
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
    with tempfile.TemporaryDirectory() as scratch:
        per: dict[str, float] = {}
        for way in ("stream", "transitions"):
            whole = os.path.join(scratch, f"{way}.out")
            per[way] = (counted(way, applications, True, whole)
                        - counted(way, applications, False, os.path.join(scratch, f"{way}.base"))) / commands
        held = inclusive(os.path.join(scratch, "stream.out"), "approval::decide::decide_held ")
    stream, peer = per["stream"], per["transitions"]
    budget = peer / TARGET
    print(f"5-stage 会签 of 3, {applications} applications ({commands} commands), instructions per command:")
    print(f"  transitions Machine (states only):      {peer:9,.0f}")
    print(f"  huiqi ApprovalStream.decide:            {stream:9,.0f}   ratio {peer / stream:.1f}×")
    print(f"  {TARGET}× leaves huiqi {budget:,.0f} a command")
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
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1")
    else:
        main()
