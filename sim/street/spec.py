"""Read a street file (街道文件): the communities of a street office or a county.

A street file is TOML::

    [street]
    name = "street-10"
    title_zh = "……"
    title_en = "……"
    description_zh = "……"
    description_en = "……"
    seed = 0                       # optional: the seed that draws the [[group]] values

    [[community]]                  # one community, any number of them
    name = "east-gate"
    extends = "baseline"           # a shipped community scenario, or the path of a scenario file
    [community.params]             # optional: parameter values of this community
    households = 1200

    [[group]]                      # many communities whose values are drawn from ranges
    name = "c"                     # the communities are called c-001, c-002, …
    count = 100
    extends = "baseline"
    [group.params]                 # optional: values every community of the group has
    staff = 8
    [group.ranges]                 # drawn uniformly for each community (whole numbers for int parameters)
    households = [800, 4000]

Every community becomes a ``sim.scenario.Scenario``: the scenario it extends, read by
``load_scenario``, with its values applied by ``Scenario.with_values`` (so parameters are
checked exactly as in a scenario file). A mistake raises one ``ScenarioError`` naming the
file, the community and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..inputs import MAX_NAME, check_count, check_name, check_seed, check_text, flatten, parse_toml, quote
from ..params import PARAMS, unknown_key_error, validate
from ..scenario import TEXT_LIMITS, Scenario, list_scenarios, load_scenario, read_user_file
from ..text import Part
from .fields import check_keys, table_in, tables_in, where_in
from .shared import SHARED_KEYS, Shared, parse_shared

MAX_COMMUNITIES = 5_000  # a county has a few hundred; the cap keeps a typo from asking for millions
STREET_KEYS = ("name", "title_zh", "title_en", "description_zh", "description_en", "seed")
TOP_KEYS = ("street", "shared", "community", "group")
COMMUNITY_KEYS = ("name", "extends", "params")
GROUP_KEYS = ("name", "count", "extends", "params", "ranges")
# Drawing stream of group ``g`` under the street's seed: SeedSequence([seed, _DRAW_STREAM, g]).
_DRAW_STREAM = 1


@dataclass(frozen=True)
class Community:
    """One community of a street.

    Attributes:
        name: its name in the street (unique).
        extends: the scenario it starts from, as the file names it.
        scenario: the scenario it runs (every parameter filled in and checked).
        values: the values the street file sets or draws for it, by dotted name.
    """

    name: str
    extends: str
    scenario: Scenario
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Street:
    """A street office or county: named communities, in file order.

    Attributes:
        name: the street's name.
        communities: the communities, in the order of the file (groups expanded in place).
        title: ``{"zh": ..., "en": ...}``.
        description: ``{"zh": ..., "en": ...}``.
        seed: the seed that drew the values of ``[[group]]`` communities.
        source: where it was read from ("builtin:NAME" or a path).
        shared: what the communities share (``[shared]``), or None: they run apart.
    """

    name: str
    communities: tuple[Community, ...]
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    seed: int = 0
    source: str = "inline"
    shared: Shared | None = None

    @property
    def households(self) -> int:
        """Households of all communities together."""
        return sum(int(c.scenario.params["households"]) for c in self.communities)


def _builtin_dir():
    return resources.files("sim") / "scenarios" / "streets"


def list_streets() -> list[str]:
    """Names of the streets shipped with the kit."""
    return sorted(p.name[:-5] for p in _builtin_dir().iterdir() if p.name.endswith(".toml"))


def _read(ref: str | Path) -> tuple[dict[str, Any], str, Path | None]:
    path = Path(ref)
    if isinstance(ref, Path) or path.suffix == ".toml" or "/" in str(ref) or "\\" in str(ref):
        return parse_toml(read_user_file(path, "street file"), str(path)), str(path), path.parent
    res = _builtin_dir() / f"{ref}.toml"
    if len(str(ref)) > MAX_NAME or not res.is_file():
        raise ScenarioError.keyed("street.unknown", name=quote(ref), shipped=", ".join(list_streets()))
    return parse_toml(res.read_text(encoding="utf-8"), f"builtin:{ref}"), f"builtin:{ref}", None


def _extends(entry: dict[str, Any], where: str, base: Path | None) -> tuple[str, Scenario]:
    """The scenario a community starts from: shipped by name, or a file (relative to the street file)."""
    what = Part("street.what.extends", shipped=", ".join(list_scenarios()))
    if "extends" not in entry:
        raise ScenarioError.keyed("street.missing", where=where, key="extends", what=what)
    ref = check_text(entry["extends"], f"{where}extends", TEXT_LIMITS["extends"])
    if not ref.strip():
        raise ScenarioError.keyed("street.missing", where=where, key="extends", what=what)
    target: str | Path = ref
    if base is not None and (base / ref).is_file():
        target = base / ref
    elif base is not None and (base / f"{ref}.toml").is_file():
        target = base / f"{ref}.toml"
    try:
        return ref, load_scenario(target)
    except ScenarioError as exc:
        raise exc.prefixed(f"{where}extends: ") from None


def _values(entry: dict[str, Any], where: str) -> dict[str, Any]:
    raw = entry.get("params", {})
    if not isinstance(raw, dict):
        raise ScenarioError.keyed("street.not_table", where=where, key="params", keys="households, staff, …")
    return validate(flatten(raw, f"{where}params."), f"{where}params.")


def _ranges(entry: dict[str, Any], where: str) -> dict[str, tuple[Any, Any]]:
    """``[group.ranges]``: ``{dotted name: (low, high)}``, each bound checked as a value of the parameter."""
    raw = entry.get("ranges", {})
    if not isinstance(raw, dict):
        raise ScenarioError.keyed("street.not_table", where=where, key="ranges", keys="households = [800, 4000], …")
    out = {}
    for name, pair in flatten(raw, f"{where}ranges.").items():
        if name not in PARAMS:
            raise unknown_key_error(name, f"{where}ranges.")
        p, label = PARAMS[name], f"{where}ranges.{name}"
        if p.kind not in ("int", "float"):
            raise ScenarioError.keyed("street.range.not_numeric", label=label, kind=p.kind)
        if not isinstance(pair, list) or len(pair) != 2:
            raise ScenarioError.keyed("street.range.not_pair", label=label, allowed=p.allowed_part())
        low, high = (p.check(v, f"{label}: ") for v in pair)
        if low > high:
            raise ScenarioError.keyed("street.range.order", label=label, low=low, high=high)
        out[name] = (low, high)
    return out


def _draw(ranges: dict[str, tuple[Any, Any]], rng: np.random.Generator) -> dict[str, Any]:
    """One community's values: uniform in each range, whole numbers for int parameters, in the file's order."""
    out: dict[str, Any] = {}
    for name, (low, high) in ranges.items():
        if PARAMS[name].kind == "int":
            out[name] = int(rng.integers(low, high, endpoint=True))
        else:
            out[name] = round(float(rng.uniform(low, high)), 4)  # four decimals: readable in the table
    return out


def _community(name: str, ref: str, base: Scenario, values: dict[str, Any], where: str) -> Community:
    try:
        scenario = base.with_values(values, name=name)
    except ScenarioError as exc:
        raise exc.prefixed(where) from None
    return Community(name=name, extends=ref, scenario=scenario, values=values)


def parse_street(data: dict[str, Any], label: str = "street", base: Path | None = None) -> Street:
    """Build a street from the tables of a street file.

    Args:
        data: the parsed TOML.
        label: where it came from, in front of every message.
        base: the folder of the file (``extends`` paths are relative to it), or None.

    Raises:
        ScenarioError: for anything the file gets wrong, naming the field.
    """
    where = f"{label}: "
    check_keys(data, TOP_KEYS, where)
    head = table_in(data, "street", where, STREET_KEYS)
    check_keys(head, STREET_KEYS, f"{where}street.")
    if "name" not in head:
        raise ScenarioError.keyed("street.missing", where=f"{where}street.", key="name", what=Part("street.what.name"))
    name = check_name(head["name"], f"{where}street.name")
    for key in STREET_KEYS[1:5]:
        if key in head:
            check_text(head[key], f"{where}street.{key}", TEXT_LIMITS[key], one_line=key.startswith("title"))
    seed = check_seed(head.get("seed", 0), f"{where}street.seed")
    shared = parse_shared(table_in(data, "shared", where, SHARED_KEYS), where) if "shared" in data else None
    entries = tables_in(data, "community", where)
    groups = tables_in(data, "group", where)
    if len(entries) > MAX_COMMUNITIES:
        raise ScenarioError.keyed("street.too_many", where=where, count=len(entries), high=MAX_COMMUNITIES)
    communities: list[Community] = []
    for number, entry in enumerate(entries, 1):
        at = where_in(label, "community", number, entry.get("name"))
        check_keys(entry, COMMUNITY_KEYS, at)
        if "name" not in entry:
            raise ScenarioError.keyed("street.missing", where=at, key="name", what=Part("street.what.name"))
        check_name(entry["name"], f"{at}name")
        ref, scenario = _extends(entry, at, base)
        communities.append(_community(entry["name"], ref, scenario, _values(entry, at), at))
    for number, entry in enumerate(groups, 1):
        at = where_in(label, "group", number, entry.get("name"))
        check_keys(entry, GROUP_KEYS, at)
        for key, what in (
            ("name", Part("street.what.name")),
            ("count", Part("street.what.count", high=MAX_COMMUNITIES)),
        ):
            if key not in entry:
                raise ScenarioError.keyed("street.missing", where=at, key=key, what=what)
        prefix = check_name(entry["name"], f"{at}name")
        count = check_count(entry["count"], f"{at}count", 1, MAX_COMMUNITIES)
        ref, scenario = _extends(entry, at, base)
        fixed, ranges = _values(entry, at), _ranges(entry, at)
        rng = np.random.default_rng(np.random.SeedSequence([seed, _DRAW_STREAM, number]))
        width = len(str(count))
        for k in range(1, count + 1):
            values = {**fixed, **_draw(ranges, rng)}
            communities.append(_community(f"{prefix}-{k:0{width}d}", ref, scenario, values, at))
            if len(communities) > MAX_COMMUNITIES:
                raise ScenarioError.keyed(
                    "street.too_many", where=where, count=f"> {MAX_COMMUNITIES}", high=MAX_COMMUNITIES
                )
    if not communities:
        raise ScenarioError.keyed("street.empty", where=where)
    seen: set[str] = set()
    for c in communities:
        if c.name in seen:
            raise ScenarioError.keyed("street.repeated_name", where=where, name=quote(c.name))
        seen.add(c.name)
    return Street(
        name=name,
        communities=tuple(communities),
        title={"zh": head.get("title_zh", name), "en": head.get("title_en", name)},
        description={"zh": head.get("description_zh", ""), "en": head.get("description_en", "")},
        seed=seed,
        source=label,
        shared=shared,
    )


def load_street(ref: str | Path | Street) -> Street:
    """Load a street by shipped name (``"street-10"``) or file path.

    Raises:
        ScenarioError: for a missing or malformed file and anything ``parse_street`` refuses.
    """
    if isinstance(ref, Street):
        return ref
    data, label, base = _read(ref)
    return parse_street(data, label, base)
