"""The shipped stubs type-check a usage file with `mypy --strict`, catch
misuse, and match the module's public names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import huiqi

HERE = Path(__file__).parent / "typing"


def _mypy(file: str) -> subprocess.CompletedProcess[str]:
    # Run from the typing folder so the installed package's stubs are used,
    # not the source tree's huiqi.pyi.
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null",
         "--python-version", "3.11", file],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_usage_file_passes_mypy_strict() -> None:
    result = _mypy("usage.py")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_stubs_catch_misuse() -> None:
    result = _mypy("misuse.py")
    assert result.returncode == 1, result.stdout + result.stderr
    marked = [
        i for i, line in enumerate((HERE / "misuse.py").read_text(encoding="utf-8").splitlines(), 1)
        if "# E:" in line
    ]
    flagged = {int(line.split(":")[1]) for line in result.stdout.splitlines() if line.startswith("misuse.py:")}
    assert set(marked) <= flagged, (marked, result.stdout)


def test_stubs_ship_in_the_package() -> None:
    package = Path(huiqi.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "__init__.pyi").is_file()


def test_stubs_name_exactly_the_public_api() -> None:
    import ast

    stub = ast.parse((Path(huiqi.__file__).parent / "__init__.pyi").read_text(encoding="utf-8"))
    names = set()
    for node in stub.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    public_stub = {n for n in names if not n.startswith("_")} | {"__version__"}
    public_module = {n for n in dir(huiqi) if not n.startswith("_")} | {"__version__"}
    public_module -= {"huiqi"}  # the extension module inside the package
    assert public_stub == public_module


def test_stubs_are_what_the_core_says() -> None:
    # huiqi.pyi is written by stubgen.py from the core's classes and table.
    script = Path(__file__).resolve().parents[1] / "stubgen.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
