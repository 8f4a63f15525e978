"""The shape of ``sim.calibrate``: small modules, imports in one direction, one way to say things in two languages."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import sim.calibrate

PACKAGE = Path(sim.calibrate.__file__).parent
ROOT = PACKAGE.parent.parent
# Each module may import only those before it (``program`` stands on ``sim.cli``, which
# imports the package, so the package's ``__init__`` does not import it).
ORDER = [
    "messages",
    "calendar",
    "columns",
    "hotline",
    "privacy",
    "sheets",
    "log",
    "satisfaction",
    "fit",
    "write",
    "template",
    "example",
    "cli",
    "__init__",
    "program",
    "__main__",
]
MAX_LINES = 600


def _modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.glob("*.py"))}


def test_every_module_is_listed_and_small():
    assert sorted(_modules()) == sorted(ORDER)
    for path in PACKAGE.glob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.name} has {lines} lines (at most {MAX_LINES})"


def test_modules_import_each_other_in_one_direction():
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                # ``from . import x`` names modules; ``from .x import y`` names one.
                targets = [node.module] if node.module else [a.name for a in node.names]
                for target in targets:
                    assert ORDER.index(target) < ORDER.index(name), f"{name} imports {target}"


def test_no_import_of_the_kit_inside_functions():
    # Imports inside functions hide cycles; only scipy's (slow to load) are allowed there.
    for name, tree in _modules().items():
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom):
                    assert node.level == 0 and node.module.startswith("scipy"), f"{name}.{fn.name}"
                elif isinstance(node, ast.Import):
                    assert all(a.name.startswith("scipy") for a in node.names), f"{name}.{fn.name}"


def test_texts_come_from_keys_only():
    # No ScenarioError(..., zh=...) but in messages.error_in_both, no {"zh": ..., "en": ...} picks.
    for name, tree in _modules().items():
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and any(k.arg == "zh" for k in node.keywords):
                    assert (name, fn.name) == ("messages", "error_in_both"), f"{name}.{fn.name}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                assert not keys & {"zh", "en"}, f"{name}: a dict keyed by language"


def test_public_names_exist():
    for name in sim.calibrate.__all__:
        assert hasattr(sim.calibrate, name), name


def test_imports_work_in_either_order():
    # sim.cli imports sim.calibrate; sim.calibrate.program imports sim.cli: no cycle either way.
    for code in ("import sim.calibrate, sim.calibrate.program, sim.cli", "import sim.cli, sim.calibrate.program"):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
