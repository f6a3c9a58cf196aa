"""Shared helpers of the huiqi Python test suite: the shared vectors, their
matching rules (the same as tests/src/lib.rs) and the vector summary line."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"
README = REPO / "README.md"


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    op: str
    request: Any  # the parsed request, or None with request_text
    request_text: str
    expect: Any
    expect_errors: Any
    has_expect: bool

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"


def load_cases() -> list[Case]:
    """Every case of every vector file, in file-name order (as the Rust loader)."""
    cases: list[Case] = []
    for path in sorted(VECTORS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for raw in doc["cases"]:
            if ("request" in raw) == ("request_text" in raw):
                raise ValueError(f"{path.name}: {raw['name']}: needs exactly one of request/request_text")
            if ("expect" in raw) == ("expect_errors" in raw):
                raise ValueError(f"{path.name}: {raw['name']}: needs exactly one of expect/expect_errors")
            if "request" in raw:
                # serde_json's compact form, as the Rust runner sends it.
                text = json.dumps(raw["request"], ensure_ascii=False, separators=(",", ":"))
                request = raw["request"]
            else:
                text = raw["request_text"]
                request = None
            cases.append(
                Case(
                    file=path.name,
                    name=raw["name"],
                    op=raw["op"],
                    request=request,
                    request_text=text,
                    expect=raw.get("expect"),
                    expect_errors=raw.get("expect_errors"),
                    has_expect="expect" in raw,
                )
            )
    return cases


CASES = load_cases()


def _same_scalar(expected: Any, actual: Any) -> bool:
    # JSON equality as serde_json has it: true is not 1, 1 is not 1.0.
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return type(expected) is type(actual) and expected == actual
    return bool(type(expected) is type(actual) and expected == actual)


def match(expected: Any, actual: Any, path: str = "$") -> str | None:
    """None when `actual` matches `expected`, else where and how it differs.

    Objects match when every expected key is present and matches (extra keys
    are allowed); arrays when they have the same length and each element
    matches; anything else must be equal."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key not in actual:
                return f"{path}.{key}: missing"
            found = match(value, actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} items, got {len(actual)}: {json.dumps(actual, ensure_ascii=False)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = match(e, a, f"{path}[{i}]")
            if found:
                return found
        return None
    if _same_scalar(expected, actual):
        return None
    return f"{path}: expected {json.dumps(expected, ensure_ascii=False)}, got {json.dumps(actual, ensure_ascii=False)}"


def check_answer(case: Case, answer_text: str) -> str | None:
    """None when the answer text satisfies the case, else why not."""
    try:
        answer = json.loads(answer_text)
    except ValueError as e:
        return f"answer is not JSON ({e}): {answer_text}"
    if case.has_expect:
        if answer.get("ok") is not True:
            return f"expected success, got {answer_text}"
        found = match(case.expect, answer.get("value"))
    else:
        if answer.get("ok") is not False:
            return f"expected errors, got {answer_text}"
        found = match(case.expect_errors, answer.get("errors"))
    return None if found is None else f"{found}\n    full answer: {answer_text}"


def plain(value: Any) -> Any:
    """A typed answer in JSON's terms: objects as dicts of their attributes,
    Decimal and dates as text (as the JSON call API writes them)."""
    import huiqi

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        # The approval engine's instants: UTC, RFC 3339, as the JSON writes them.
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if type(value).__module__ == "huiqi":
        names = [n for n in dir(value) if not n.startswith("_") and not callable(getattr(value, n))]
        return {n: plain(getattr(value, n)) for n in names}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


_vector_counts = {"run": 0, "failed": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and "::test_shared_vector[" in report.nodeid:
        _vector_counts["run"] += 1
        if report.failed:
            _vector_counts["failed"] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _vector_counts["run"]:
        terminalreporter.write_line(
            f"shared vectors: {_vector_counts['run']} run, {_vector_counts['failed']} failed"
        )


def has_float(value: Any) -> bool:
    """Whether a parsed JSON value holds a float anywhere."""
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(has_float(v) for v in value)
    return False
