"""Read an optimisation file (优化文件): a policy search over a street under a staff budget.

An optimisation file is TOML::

    [optimize]
    name = "street-10-staff"         # required; the output folder's default name
    street = "street-10"             # a shipped street, or a street file (relative to this file)
    replications = 3                 # seeds every policy is run on (the same for all policies)
    seed = 0
    generations = 8
    population = 16

    [budget]
    staff = 56                       # optional: Σ staff over the street's communities ≤ 56

    [[decision]]                     # a lever, one variable per community
    param = "staff"
    range = [3, 10]                  # whole numbers for int parameters, decimals for float ones
    communities = ["old-town-east"]  # optional: only these communities (default: all)

    [[decision]]
    param = "gridding"               # a switch (true/false) takes no range

    [[objective]]
    metric = "on_time_closure_rate"  # a metric of the street or, with `of`, of its communities
    sense = "max"                    # "max" or "min"
    of = "street"                    # "street" (default), "worst" community, or "total" of all

Every mistake raises one ``ScenarioError`` naming the file, the entry
(``[[decision]] #2 'staff'``) and the field, with the allowed values, in both languages.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ScenarioError
from ..inputs import check_count, check_name, check_runs, check_seed, check_text, parse_toml, quote
from ..model.metrics import METRICS
from ..params import PARAMS, unknown_key_error
from ..scenario import read_user_file
from ..text import Part
from .fields import check_keys, table_in, tables_in, where_in
from .spec import Street, list_streets, load_street

TOP_KEYS = ("optimize", "budget", "decision", "objective")
HEAD_KEYS = ("name", "street", "replications", "seed", "generations", "population")
BUDGET_KEYS = ("staff",)
DECISION_KEYS = ("param", "range", "communities")
OBJECTIVE_KEYS = ("metric", "sense", "of")
SENSES = ("max", "min")
OVER = ("street", "worst", "total")  # the street's own figure, its worst community, the sum of its communities
KINDS = ("int", "float", "bool")  # parameter kinds a decision may take
NOT_POLICY = "model"  # the parameter group of the model's set-up (days, warm-up…): never a decision
# The street's numeric figures (``sim.street.StreetResult.summary``) an objective of the street may name.
STREET_METRICS = (
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "on_time_closure_rate",
    "worst_on_time_closure_rate",
    "gini_on_time_closure_rate",
    "issues_arisen",
    "issues_known",
)
LIMITS = {  # the sizes a file may ask for: a typo must not ask for a week of runs
    "replications": (1, 50),
    "generations": (1, 500),
    "population": (4, 1000),
}
DEFAULTS = {"replications": 3, "seed": 0, "generations": 10, "population": 16}
MAX_VARIABLES = 1000
MAX_OBJECTIVES = 6
DECIMALS = 4  # decimals of a float decision's value, as the street file draws them


@dataclass(frozen=True)
class Variable:
    """One decision variable: a parameter of one community.

    Attributes:
        community: the community's name.
        param: the parameter's dotted name.
        kind: ``int``, ``float`` or ``bool``.
        low: the lowest value tried (None for a switch).
        high: the highest value tried (None for a switch).
        current: the community's value in the street as given.
    """

    community: str
    param: str
    kind: str
    low: Any
    high: Any
    current: Any

    @property
    def key(self) -> str:
        """``community.param``: its name in tables and in the store."""
        return f"{self.community}.{self.param}"

    def value(self, raw: Any) -> Any:
        """The optimiser's raw value as the parameter takes it (whole, true/false, or four decimals)."""
        if self.kind == "bool":
            return bool(raw)
        if self.kind == "int":
            return int(round(float(raw)))
        return round(float(raw), DECIMALS)


@dataclass(frozen=True)
class Objective:
    """One objective: a metric, where it is read, and which way is better.

    Attributes:
        metric: the metric's name (a street figure or a community metric).
        sense: ``max`` or ``min``.
        of: ``street`` (the street's figure), ``worst`` (the worst community's value, worst
            by ``sense``) or ``total`` (the sum over the communities).
    """

    metric: str
    sense: str
    of: str = "street"

    @property
    def key(self) -> str:
        """Its column name: the metric for the street's figure, else ``worst:metric`` / ``total:metric``."""
        return self.metric if self.of == "street" else f"{self.of}:{self.metric}"


@dataclass(frozen=True)
class OptimizeSpec:
    """A checked optimisation file.

    Attributes:
        name: the optimisation's name.
        street: the street searched over, as given.
        variables: the decision variables, decision by decision, communities in street order.
        objectives: the objectives, in file order.
        budget_staff: the most staff all communities may have together, or None.
        replications: seeds each policy is run on.
        seed: the master seed (replication seeds and the optimiser's seed).
        generations: generations of the search.
        population: policies per generation.
        text: the file's text, as read (copied into the output folder).
        path: where the file was read from, or None.
    """

    name: str
    street: Street
    variables: tuple[Variable, ...]
    objectives: tuple[Objective, ...]
    budget_staff: int | None
    replications: int
    seed: int
    generations: int
    population: int
    text: str = ""
    path: Path | None = None

    def staff_total(self, values: dict[str, Any]) -> int:
        """Σ staff over the street's communities under a policy's ``values`` (by variable key)."""
        return sum(int(values.get(f"{c.name}.staff", c.scenario.params["staff"])) for c in self.street.communities)

    def minimum_staff(self) -> int:
        """The least staff any policy gives the street (each staff variable at its lowest)."""
        return self.staff_total({v.key: v.low for v in self.variables if v.param == "staff"})

    def apply(self, values: dict[str, Any]) -> Street:
        """The street with a policy's values set in its communities (``dataclasses.replace``)."""
        by_community: dict[str, dict[str, Any]] = {}
        for v in self.variables:
            by_community.setdefault(v.community, {})[v.param] = values[v.key]
        communities = tuple(
            dataclasses.replace(
                c,
                scenario=c.scenario.with_values(by_community[c.name], name=c.name),
                values={**c.values, **by_community[c.name]},
            )
            if c.name in by_community
            else c
            for c in self.street.communities
        )
        return dataclasses.replace(self.street, communities=communities)

    @property
    def current(self) -> dict[str, Any]:
        """The street's own values of the decision variables: the policy "as given"."""
        return {v.key: v.current for v in self.variables}


def _street(ref: Any, where: str, base: Path | None) -> Street:
    if not isinstance(ref, str) or not ref.strip():
        raise ScenarioError.keyed(
            "street.missing", where=where, key="street", what=Part("optimize.what.street", shipped=_shipped())
        )
    check_text(ref, f"{where}street", 1000)
    target: str | Path = ref
    if base is not None and (base / ref).is_file():
        target = base / ref
    try:
        return load_street(target)
    except ScenarioError as exc:
        raise exc.prefixed(f"{where}street: ") from None


def _shipped() -> str:
    return ", ".join(list_streets())


def _variables(entry: dict[str, Any], at: str, street: Street) -> list[Variable]:
    """The variables of one ``[[decision]]``: its parameter in each community it names."""
    check_keys(entry, DECISION_KEYS, at)
    if "param" not in entry:
        raise ScenarioError.keyed("street.missing", where=at, key="param", what=Part("optimize.what.param"))
    name = entry["param"]
    if not isinstance(name, str) or name not in PARAMS:
        raise unknown_key_error(name if isinstance(name, str) else quote(name), f"{at}param: ")
    p = PARAMS[name]
    if p.kind not in KINDS or p.group == NOT_POLICY:
        why = Part("optimize.decision.set_up" if p.group == NOT_POLICY else "optimize.decision.choice")
        raise ScenarioError.keyed("optimize.decision.kind", where=at, name=name, kind=p.kind, why=why)
    low = high = None
    if p.kind == "bool":
        if "range" in entry:
            raise ScenarioError.keyed("optimize.decision.switch_range", where=at, name=name)
    else:
        if "range" not in entry:
            what = Part("optimize.what.range", allowed=p.allowed_part())
            raise ScenarioError.keyed("street.missing", where=at, key="range", what=what)
        pair = entry["range"]
        if not isinstance(pair, list) or len(pair) != 2:
            raise ScenarioError.keyed("optimize.decision.not_pair", where=at, allowed=p.allowed_part())
        low, high = (p.check(v, f"{at}range: ") for v in pair)
        if not low < high:
            raise ScenarioError.keyed("optimize.decision.order", where=at, low=low, high=high)
    names = [c.name for c in street.communities]
    chosen = entry.get("communities", names)
    if not isinstance(chosen, list) or not chosen or not all(isinstance(c, str) for c in chosen):
        raise ScenarioError.keyed("optimize.decision.communities", where=at, names=_few(names))
    for c in chosen:
        if c not in names:
            raise ScenarioError.keyed("optimize.decision.no_community", where=at, name=quote(c), names=_few(names))
    if len(set(chosen)) != len(chosen):
        raise ScenarioError.keyed("optimize.decision.repeated_community", where=at)
    out = []
    for c in street.communities:
        if c.name not in chosen:
            continue
        ends = (False, True) if p.kind == "bool" else (low, high)
        for end in ends:  # both ends must make a valid community (staff ≤ households, staff away < staff…)
            try:
                c.scenario.with_values({name: end}, name=c.name)
            except ScenarioError as exc:
                raise exc.prefixed(f"{at}{quote(c.name)}: ") from None
        out.append(Variable(c.name, name, p.kind, low, high, c.scenario.params[name]))
    return out


def _few(names: list[str], limit: int = 8) -> str:
    shown_names = ", ".join(names[:limit])
    return shown_names + (f", … ({len(names)})" if len(names) > limit else "")


def _objective(entry: dict[str, Any], at: str) -> Objective:
    check_keys(entry, OBJECTIVE_KEYS, at)
    for key in ("metric", "sense"):
        if key not in entry:
            what = Part("optimize.what.metric" if key == "metric" else "optimize.what.sense")
            raise ScenarioError.keyed("street.missing", where=at, key=key, what=what)
    of = entry.get("of", "street")
    if of not in OVER:
        raise ScenarioError.keyed("optimize.objective.of", where=at, value=quote(of), allowed=", ".join(OVER))
    metric = entry["metric"]
    allowed = STREET_METRICS if of == "street" else METRICS
    if not isinstance(metric, str) or metric not in allowed:
        key = "optimize.objective.street_metric" if of == "street" else "optimize.objective.metric"
        raise ScenarioError.keyed(key, where=at, value=quote(metric), allowed=", ".join(allowed))
    sense = entry["sense"]
    if sense not in SENSES:
        raise ScenarioError.keyed("optimize.objective.sense", where=at, value=quote(sense))
    return Objective(metric, sense, of)


def parse_optimize(data: dict[str, Any], label: str = "optimize", base: Path | None = None, text: str = ""):
    """Build an ``OptimizeSpec`` from the tables of an optimisation file.

    Args:
        data: the parsed TOML.
        label: where it came from, in front of every message.
        base: the folder of the file (a street file's path is relative to it), or None.
        text: the file's text, kept with the spec.

    Raises:
        ScenarioError: for anything the file gets wrong, naming the entry and the field.
    """
    where = f"{label}: "
    check_keys(data, TOP_KEYS, where)
    head = _sub(data, "optimize", where, HEAD_KEYS)
    if "name" not in head:
        raise ScenarioError.keyed(
            "street.missing", where=f"{where}optimize.", key="name", what=Part("optimize.what.name")
        )
    name = check_name(head["name"], f"{where}optimize.name")
    sizes = {key: head.get(key, DEFAULTS[key]) for key in LIMITS}
    for key, (low, high) in LIMITS.items():
        sizes[key] = check_count(sizes[key], f"{where}optimize.{key}", low, high)
    seed = check_seed(head.get("seed", DEFAULTS["seed"]), f"{where}optimize.seed")
    if "street" not in head:
        what = Part("optimize.what.street", shipped=_shipped())
        raise ScenarioError.keyed("street.missing", where=f"{where}optimize.", key="street", what=what)
    street = _street(head["street"], f"{where}optimize.", base)
    runs = sizes["population"] * sizes["generations"] * sizes["replications"] * len(street.communities)
    check_runs(runs, Part("optimize.runs", where=where))
    budget = _sub(data, "budget", where, BUDGET_KEYS)
    staff = check_count(budget["staff"], f"{where}budget.staff", 1) if "staff" in budget else None
    decisions = tables_in(data, "decision", where)
    if not decisions:
        raise ScenarioError.keyed("optimize.no_decision", where=where)
    variables: list[Variable] = []
    seen: set[str] = set()
    for number, entry in enumerate(decisions, 1):
        at = where_in(label, "decision", number, entry.get("param"))
        for v in _variables(entry, at, street):
            if v.key in seen:
                raise ScenarioError.keyed("optimize.decision.twice", where=at, key=v.key)
            seen.add(v.key)
            variables.append(v)
        if len(variables) > MAX_VARIABLES:
            raise ScenarioError.keyed("optimize.too_many_variables", where=at, high=MAX_VARIABLES)
    entries = tables_in(data, "objective", where)
    if not 1 <= len(entries) <= MAX_OBJECTIVES:
        raise ScenarioError.keyed("optimize.objective.count", where=where, count=len(entries), high=MAX_OBJECTIVES)
    objectives: list[Objective] = []
    for number, entry in enumerate(entries, 1):
        at = where_in(label, "objective", number, entry.get("metric"))
        objective = _objective(entry, at)
        if objective.key in {o.key for o in objectives}:
            raise ScenarioError.keyed("optimize.objective.twice", where=at, key=objective.key)
        objectives.append(objective)
    spec = OptimizeSpec(
        name=name,
        street=street,
        variables=tuple(variables),
        objectives=tuple(objectives),
        budget_staff=staff,
        replications=sizes["replications"],
        seed=seed,
        generations=sizes["generations"],
        population=sizes["population"],
        text=text,
        path=None,
    )
    if staff is not None and spec.minimum_staff() > staff:
        raise ScenarioError.keyed(
            "optimize.budget.too_low", where=f"{where}budget.staff: ", budget=staff, least=spec.minimum_staff()
        )
    return spec


def load_optimize(ref: str | Path | OptimizeSpec) -> OptimizeSpec:
    """Read and check an optimisation file (a path), or return an ``OptimizeSpec`` as it is.

    Raises:
        ScenarioError: for a missing or malformed file and anything ``parse_optimize`` refuses.
    """
    if isinstance(ref, OptimizeSpec):
        return ref
    path = Path(ref)
    text = read_user_file(path, Part("optimize.what.file"))
    spec = parse_optimize(parse_toml(text, str(path)), str(path), path.parent, text)
    return dataclasses.replace(spec, path=path)


def _sub(data: dict[str, Any], key: str, where: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """A sub-table whose own keys are checked too."""
    value = table_in(data, key, where, keys)
    check_keys(value, keys, f"{where}{key}.")
    return value
