"""The README's Python quickstart runs as written."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import README

MARKER = "<!-- quickstart:python -->"


def quickstart() -> str:
    text = README.read_text(encoding="utf-8")
    after = text.split(MARKER, 1)[1]
    found = re.match(r"\s*```python\n(.*?)\n```", after, re.S)
    assert found, "no ```python block right after the marker"
    return found.group(1)


def test_readme_quickstart_runs() -> None:
    code = quickstart()
    assert "import huiqi" in code
    namespace: dict[str, object] = {"__name__": "readme_quickstart"}
    exec(compile(code, "README.md:quickstart:python", "exec"), namespace)  # noqa: S102


def test_readme_quickstart_type_checks(tmp_path: Path) -> None:
    """What a user copies passes `mypy --strict` against the shipped stubs."""
    from mypy import api

    script = tmp_path / "readme_quickstart.py"
    script.write_text(quickstart(), encoding="utf-8")
    out, err, status = api.run(["--strict", "--no-incremental", "--cache-dir", os.devnull, str(script)])
    assert status == 0, out + err
