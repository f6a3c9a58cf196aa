"""The README's Python quickstart runs as written."""

from __future__ import annotations

import re

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
