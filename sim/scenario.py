"""Load, merge and validate scenario files (情景) into model parameters.

A scenario is a TOML file::

    name = "component-2"
    extends = "baseline"          # optional: start from another scenario
    title_zh = "……"
    title_en = "……"
    description_zh = "……"
    description_en = "……"

    [params]
    listening_minutes = 15
    [params.categories.hazard]
    report = 0.4

    [[shocks]]                    # optional, any number: parameters changed for a window of days
    name_en = "Storm"
    start = 60                    # first observed working day it applies
    end = 70                      # first day it no longer applies (default: to the end)
    [shocks.scale]                # multiply the scenario's value…
    "arrival_scale.hazard" = 3
    [shocks.set]                  # …or set a value
    staff_absent = 2

Shipped scenarios live in ``sim/scenarios``; any other file can be given by path. Shocks are
checked and applied by ``sim.model.shocks`` (docs/ODD.md §7.15).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ScenarioError
from .inputs import (
    MAX_DESCRIPTION,
    MAX_FILE_BYTES,
    MAX_NAME,
    MAX_TITLE,
    check_name,
    check_text,
    flatten,
    parse_toml,
    quote,
    shown,
)
from .model.shocks import Shock, check_shocks, read_shocks
from .params import check_consistency, defaults, validate
from .text import Part

TOP_KEYS = ("name", "extends", "title_zh", "title_en", "description_zh", "description_en", "params", "shocks")
TEXT_KEYS = TOP_KEYS[:6]
TEXT_LIMITS = {
    "name": MAX_NAME,
    "extends": 1_000,  # a path
    "title_zh": MAX_TITLE,
    "title_en": MAX_TITLE,
    "description_zh": MAX_DESCRIPTION,
    "description_en": MAX_DESCRIPTION,
}


@dataclass(frozen=True)
class Scenario:
    """A named, validated set of parameter values.

    Attributes:
        name: the scenario's name.
        params: every parameter's value (defaults filled in).
        overrides: only the values this scenario and its parents set.
        title: ``{"zh": ..., "en": ...}``.
        description: ``{"zh": ..., "en": ...}``.
        source: where it was loaded from ("builtin:NAME", a path, or "inline").
        shocks: changes of parameters for windows of days (``sim.model.shocks.Shock``),
            checked against ``params``; a parent's first.
    """

    name: str
    params: dict[str, Any]
    overrides: dict[str, Any] = field(default_factory=dict)
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    source: str = "inline"
    shocks: tuple[Shock, ...] = ()

    def with_params(self, **changes: Any) -> Scenario:
        """Return a copy with some parameters changed (validated).

        Keyword names use ``__`` for dots, e.g. ``categories__hazard__report=0.5``;
        or pass a dict through ``Scenario.with_values``.
        """
        return self.with_values({k.replace("__", "."): v for k, v in changes.items()})

    def with_values(self, changes: dict[str, Any], name: str | None = None) -> Scenario:
        """Return a copy with the given ``{dotted name: value}`` changes (validated).

        The shocks are checked again under the new values (a shorter run, fewer staff…).
        """
        checked = validate(changes)
        params = {**self.params, **checked}
        check_consistency(params)
        return Scenario(
            name=name or self.name,
            params=params,
            overrides={**self.overrides, **checked},
            title=self.title,
            description=self.description,
            source=self.source,
            shocks=check_shocks(self.shocks, params, self._where()) if self.shocks else (),
        )

    def with_shocks(self, *shocks: Shock | Mapping[str, Any]) -> Scenario:
        """Return a copy whose shocks are these (none: without shocks), checked against its values.

        >>> storm = Shock(start=60, end=70, scale={"arrival_scale.hazard": 3}, name_en="Storm")
        >>> sc = load_scenario("baseline").with_shocks(storm)
        >>> branch = load_scenario("component-2").with_shocks({"start": 100, "set": {"callback": True}})

        Args:
            shocks: ``Shock`` records, or tables as a scenario file's ``[[shocks]]`` gives them.

        Raises:
            ScenarioError: naming the shock and the field, as for a scenario file.
        """
        return replace(self, shocks=check_shocks(shocks, self.params))

    def _where(self) -> str:
        """Where the scenario came from, in front of a message about its contents."""
        return "" if self.source == "inline" else f"{self.source}: "


def _builtin_dir():
    return resources.files("sim") / "scenarios"


def list_scenarios() -> list[str]:
    """Names of the scenarios shipped with the kit, in a teaching order."""
    names = [p.name[:-5] for p in _builtin_dir().iterdir() if p.name.endswith(".toml")]
    order = [
        "baseline",
        "component-1",
        "component-2",
        "component-3",
        "component-4",
        "full-1234",
        "stretched-baseline",
        "stretched-full-1234",
        "verify-mmc",
    ]
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


# What a file is, as callers name it, to its key in sim.text (other names are shown as given).
_WHAT_KEYS = {
    "scenario file": "error.file.kind.scenario",
    "experiment file": "error.file.kind.experiment",
    "street file": "error.file.kind.street",
}


def read_user_file(path: Path, what: str, limit: int = MAX_FILE_BYTES) -> str:
    """Read a user's UTF-8 text file, or raise a ScenarioError that names it.

    Args:
        path: the file.
        what: what the file is, for the message: "scenario file", "experiment file" or "street file"
            (said in Chinese too), or any other words (shown as given in both languages).
        limit: the largest size accepted, in bytes.
    """
    kind = Part(_WHAT_KEYS[what]) if what in _WHAT_KEYS else what
    if not path.is_file():
        raise ScenarioError.keyed("error.file.not_found", path=path, what=kind)
    try:
        size = path.stat().st_size
        if size > limit:
            raise ScenarioError.keyed("error.file.too_large", path=path, what=kind, size=size, limit=limit)
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.__class__.__name__
        raise ScenarioError.keyed("error.file.unreadable", path=path, what=kind, reason=reason) from None


def _read(ref: str | Path) -> tuple[dict[str, Any], str, Path | None]:
    """Read a scenario by builtin name or path; return (data, source label, base dir)."""
    path = Path(ref)
    is_path = isinstance(ref, Path) or path.suffix == ".toml" or "/" in str(ref) or "\\" in str(ref)
    if is_path:
        text = read_user_file(path, "scenario file")
        label, base = str(path), path.parent
    else:
        res = _builtin_dir() / f"{ref}.toml"
        if len(str(ref)) > MAX_NAME or not res.is_file():
            shipped = ", ".join(list_scenarios())
            raise ScenarioError.keyed("error.scenario.unknown", name=quote(ref), shipped=shipped)
        text, label, base = res.read_text(encoding="utf-8"), f"builtin:{ref}", None
    return parse_toml(text, label), label, base


def _same_as_builtin(name: str, params: dict[str, Any], shocks: tuple[Shock, ...]) -> bool:
    shipped = load_scenario(name)
    return shipped.params == params and shipped.shocks == shocks


def _check_not_builtin(name: str, params: dict[str, Any], shocks: tuple[Shock, ...], where: str) -> None:
    """A user's file may not run other values (or shocks) under the name of a shipped scenario."""
    if name not in list_scenarios() or _same_as_builtin(name, params, shocks):
        return
    raise ScenarioError.keyed("error.scenario.builtin_name", where=where, name=repr(name))


def _name_from_file(path: Path, params: dict[str, Any], shocks: tuple[Shock, ...]) -> str:
    """A file without ``name`` is called by its stem, or by its file name if the stem is a shipped one."""
    stem = path.stem
    if stem in list_scenarios() and not _same_as_builtin(stem, params, shocks):
        return path.name  # "baseline.toml", never mistaken for the shipped "baseline"
    return stem


def load_scenario(ref: str | Path | Scenario, _seen: tuple[str, ...] = ()) -> Scenario:
    """Load a scenario by shipped name or file path, following ``extends``.

    Args:
        ref: a shipped scenario name (``"baseline"``), a path to a TOML file, or a Scenario.

    Returns:
        The validated scenario with every parameter filled in.

    Raises:
        ScenarioError: for a missing or malformed file, an unknown key, a wrong type or an
            out-of-range value, or a shock that cannot apply; the message names the file
            and the field.
    """
    if isinstance(ref, Scenario):
        return ref
    data, label, base = _read(ref)
    where = f"{label}: "
    for key in data:
        if key not in TOP_KEYS:
            keys = ", ".join(TOP_KEYS)
            key = shown(key)
            raise ScenarioError.keyed("error.scenario.unknown_key", where=where, key=key, keys=keys)
    for key in TEXT_KEYS:
        if key in data:
            check_text(data[key], f"{where}{key}", TEXT_LIMITS[key], one_line=not key.startswith("description"))
    if "name" in data:
        check_name(data["name"], f"{where}name")
    if "extends" in data and not data["extends"].strip():
        raise ScenarioError.keyed("error.scenario.empty_extends", where=where)
    raw = data.get("params", {})
    if not isinstance(raw, dict):
        raise ScenarioError.keyed("error.scenario.params_not_table", where=where)
    own = validate(flatten(raw, where), where)

    parent_ref = data.get("extends")
    if parent_ref:
        if label in _seen:
            chain = " -> ".join((*_seen, label))
            raise ScenarioError.keyed("error.scenario.circular", where=where, chain=chain)
        if base is not None and (base / f"{parent_ref}.toml").is_file():
            parent_ref = base / f"{parent_ref}.toml"
        elif base is not None and (base / parent_ref).is_file():
            parent_ref = base / parent_ref
        parent = load_scenario(parent_ref, (*_seen, label))
        params, overrides, inherited = dict(parent.params), dict(parent.overrides), parent.shocks
    else:
        params, overrides, inherited = defaults(), {}, ()
    params.update(own)
    overrides.update(own)
    try:
        check_consistency(params)
    except ScenarioError as exc:
        raise exc.prefixed(where) from None
    shocks = read_shocks(data["shocks"], where, len(inherited) + 1) if "shocks" in data else ()
    shocks = check_shocks((*inherited, *shocks), params, where) if inherited or shocks else ()
    if base is None:
        name = data.get("name") or str(ref)
    elif "name" in data:
        name = data["name"]
        _check_not_builtin(name, params, shocks, where)
    else:
        name = _name_from_file(Path(str(ref)), params, shocks)
    return Scenario(
        name=name,
        params=params,
        overrides=overrides,
        title={"zh": data.get("title_zh", name), "en": data.get("title_en", name)},
        description={"zh": data.get("description_zh", ""), "en": data.get("description_en", "")},
        source=label,
        shocks=shocks,
    )
