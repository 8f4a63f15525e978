"""The shape of the package: no import cycles, no oversized modules.

The import graph is read from the source with ``ast`` (nothing is imported): every
``import`` and ``from … import`` anywhere in a module — at module level, inside functions and
under ``if TYPE_CHECKING:`` — is an edge from the module to the module it names. An import
that only type checkers see is still a dependency a reader has to follow, and a cycle among
them is one refactoring away from a real one.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "sim"
MAX_LINES = 600

# Known offenders, each in a module being reworked at the moment. The marks are strict: once a
# module is fixed its test passes, the xfail turns into a failure, and the entry must go.
KNOWN_CYCLES: dict[str, str] = {}  # first module of the cycle -> why it is tolerated for now
KNOWN_OVERSIZED: dict[str, str] = {}


def _sources() -> list[Path]:
    return sorted((ROOT / PACKAGE).rglob("*.py"))


def module_name(path: Path) -> str:
    """``sim/model/__init__.py`` → ``sim.model``; ``sim/model/model.py`` → ``sim.model.model``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _rel(name: str) -> str:
    """The file of a module, relative to the repository (for messages)."""
    path = ROOT / Path(*name.split("."))
    return str((path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).relative_to(ROOT))


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(p): p for p in _sources()}


def _resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute name of ``from <level dots><module> import …`` written in ``importer``."""
    if level == 0:
        return module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]  # a module's relative imports start from its package
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


@cache
def import_graph() -> dict[str, set[str]]:
    """Edges A → B between modules of the package: A imports B, or a name defined in B.

    ``from pkg import name`` goes to ``pkg.name`` when that is a submodule, else to ``pkg``
    (its ``__init__``). Importing a submodule also runs its package's ``__init__``, but that
    is not counted as an edge of the importer: the package is the submodule's parent, not
    something it chose to depend on.
    """
    mods = modules()
    graph: dict[str, set[str]] = {name: set() for name in mods}
    for name, path in mods.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node.level, node.module)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in mods else base)
            for target in targets:
                # ``import sim.model.practices.base`` names a module; ``import numpy`` does not count.
                while target and target not in mods:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle path through each strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_cycle_in(graph, component) for component in components]


def _cycle_in(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the first module of a strongly connected component."""
    start = min(component)
    previous = {start: ""}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v] & component):
                if w == start:
                    path = [v]
                    while previous[path[-1]]:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if w not in previous:
                    previous[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover: Tarjan gave a component


def _cycle_text(cycle: list[str]) -> str:
    return " -> ".join(_rel(m) for m in cycle)


# --- the checker itself ------------------------------------------------------------------------


def test_resolve_relative_imports():
    assert _resolve("sim.model.practices.base", False, 2, "agents") == "sim.model.agents"
    assert _resolve("sim.model.practices.base", False, 3, "params") == "sim.params"
    assert _resolve("sim.model.practices", True, 1, "base") == "sim.model.practices.base"
    assert _resolve("sim.model.practices", True, 2, None) == "sim.model"
    assert _resolve("sim.model.model", False, 1, None) == "sim.model"


def test_cycles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e2"}, "e2": {"e"}}
    assert sorted(find_cycles(graph)) == [["a", "b", "c", "a"], ["e", "e2", "e"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_graph_sees_every_kind_of_import():
    graph = import_graph()
    # a relative import of a sibling submodule, and one of a name from a module two levels up
    assert "sim.model.practices.base" in graph["sim.model.practices.one"]
    assert "sim.params" in graph["sim.model.practices.base"]
    # under ``if TYPE_CHECKING:``
    assert "sim.model.protocol" in graph["sim.model.practices.base"]
    # ``from . import practices`` in sim/model/model.py is the package, i.e. its __init__
    assert "sim.model.practices" in graph["sim.model.model"]


# --- the package -------------------------------------------------------------------------------


def _cycle_cases() -> list:
    graph = import_graph()
    cases = []
    for cycle in find_cycles(graph):
        text = _cycle_text(cycle)
        marks = ()
        if cycle[0] in KNOWN_CYCLES:
            marks = pytest.mark.xfail(strict=True, reason=f"import cycle {text}: {KNOWN_CYCLES[cycle[0]]}")
        cases.append(pytest.param(cycle, id=cycle[0], marks=marks))
    return cases or [pytest.param(None, id="none")]


@pytest.mark.parametrize("cycle", _cycle_cases())
def test_no_import_cycle(cycle):
    """Every module can be understood after the modules it imports: the graph is acyclic."""
    assert cycle is None, f"import cycle: {_cycle_text(cycle)}"


def test_practices_never_import_the_model_module():
    """Practices see the community through ``sim.model.protocol.Community`` only, so the model
    module can import them without a cycle."""
    graph = import_graph()
    for name, targets in graph.items():
        if name.startswith("sim.model.practices"):
            assert "sim.model.model" not in targets, f"{_rel(name)} imports sim/model/model.py"
            assert "sim.model" not in targets, f"{_rel(name)} imports sim/model/__init__.py (and so the model)"


def test_known_offenders_exist():
    """Every tolerated offender names a real module (a renamed file must not leave a stale entry)."""
    mods = modules()
    for rel in KNOWN_OVERSIZED:
        assert (ROOT / rel).is_file(), rel
    for name in KNOWN_CYCLES:
        assert name in mods, name


def _length_cases() -> list:
    cases = []
    for path in _sources():
        rel = str(path.relative_to(ROOT))
        marks = ()
        if rel in KNOWN_OVERSIZED:
            marks = pytest.mark.xfail(strict=True, reason=f"over {MAX_LINES} lines: {KNOWN_OVERSIZED[rel]}")
        cases.append(pytest.param(path, id=rel, marks=marks))
    return cases


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("path", _length_cases())
def test_no_module_is_oversized(path):
    """A module a reader can hold in mind: at most MAX_LINES lines."""
    n = _line_count(path)
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines (at most {MAX_LINES})"


# --- the protocol between the model and its practices ------------------------------------------


def _protocol_members() -> set[str]:
    from sim.model.protocol import Community

    return set(Community.__annotations__) | {n for n in vars(Community) if not n.startswith("_")}


def _asked_of_the_community() -> dict[str, set[str]]:
    """What practice code reads or calls on the community (``community.x``, ``self.community.x``), by module."""
    out: dict[str, set[str]] = {}
    for path in sorted((ROOT / PACKAGE / "model" / "practices").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value
            if (isinstance(owner, ast.Name) and owner.id == "community") or (
                isinstance(owner, ast.Attribute) and owner.attr == "community"
            ):
                out.setdefault(node.attr, set()).add(path.name)
    return out


def test_practices_ask_only_what_the_protocol_offers():
    members = _protocol_members()
    beyond = {name: sorted(where) for name, where in _asked_of_the_community().items() if name not in members}
    assert not beyond, f"practices use members outside sim.model.protocol.Community: {beyond}"


def test_the_model_offers_all_the_protocol_promises():
    from sim.model import CommunityModel
    from sim.params import defaults

    model = CommunityModel({**defaults(), "days": 1, "households": 100}, rng=0)
    missing = sorted(name for name in _protocol_members() if not hasattr(model, name))
    assert not missing, f"CommunityModel lacks {missing}"


def test_the_protocol_check_sees_what_practices_ask():
    asked = _asked_of_the_community()
    assert {"find_in", "households", "staff_desk", "add_desk"} <= set(asked)
    assert "one.py" in asked["find_in"] and "base.py" in asked["add_desk"]
