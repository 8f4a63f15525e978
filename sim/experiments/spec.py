"""Read and validate experiment files (TOML).

An experiment file::

    name = "levers-small"
    scenario = "baseline"          # shipped name, or a path relative to this file
    replications = 5
    seed = 1234                    # master seed
    metrics = ["response_rate", "resolution_time_median"]   # default: all metrics

    [params]                       # optional fixed changes to the base scenario
    days = 120

    [design]
    method = "factorial"           # factorial | lhs | sobol | morris
    # samples = 64                 # N, for lhs, sobol and morris only
    # second_order = true          # sobol only: N(2D+2) points (false: N(D+2))
    # levels = 4                   # morris only: grid levels

    [factors.visit_share]
    levels = [0.0, 0.2]            # factorial: the values to cross
    [factors.callback]             # a true/false parameter: levels default to [false, true]
    [factors.linkage]
    low = 0.0                      # sampled designs: a range (int parameters are rounded)
    high = 1.0

Every mistake raises one ``ScenarioError`` naming the file, the field and what is
allowed, before anything is run or written. Values go through ``sim.inputs`` and
``sim.params`` (finite numbers, seeds, bounded names, keys and nesting); how many runs
the file asks for is checked against the run cap later, from the sizes alone, by
``sim.experiments.runner.prepare`` (see ``check_size``), because the cap is an option
of the command that runs the file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ScenarioError
from ..inputs import (
    MAX_DEPTH,
    MAX_DESCRIPTION,
    SEED_LIMIT,
    check_count,
    check_key,
    check_name,
    check_seed,
    check_text,
    flatten,
    parse_toml,
    quote,
)
from ..model.metrics import METRICS
from ..params import PARAMS, unknown_key_error, validate
from ..scenario import Scenario, load_scenario, read_user_file
from ..text import Part

DESIGNS = ("factorial", "lhs", "sobol", "morris")
SAMPLED = ("lhs", "sobol", "morris")
TOP_KEYS = ("name", "description", "scenario", "replications", "seed", "metrics", "params", "design", "factors")
DESIGN_KEYS = {
    "factorial": ("method",),
    "lhs": ("method", "samples"),
    "sobol": ("method", "samples", "second_order"),
    "morris": ("method", "samples", "levels"),
}
FACTOR_KEYS = ("levels", "low", "high")
# Counts in the file are only bounded by what an int64 holds (they are stored in
# meta.json and Parquet); how many runs may be started is the run cap's business.
MAX_COUNT = SEED_LIMIT - 1
MAX_SCENARIO_REF = 1_000  # characters in the scenario name or path


@dataclass(frozen=True)
class Factor:
    """One varied parameter.

    Attributes:
        name: the parameter's dotted name (a key of ``sim.params.PARAMS``).
        kind: the parameter's kind (``int``, ``float``, ``bool``, ``choice``).
        levels: the values to use (factorial designs, and bool/choice factors of
            sampled designs); empty for a range.
        low: smallest value of a range (numeric factors of sampled designs).
        high: largest value of a range.
    """

    name: str
    kind: str
    levels: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None

    @property
    def discrete(self) -> bool:
        """Whether the factor takes a list of levels rather than a range."""
        return bool(self.levels)


@dataclass(frozen=True)
class ExperimentSpec:
    """A validated experiment.

    Attributes:
        name: the experiment's name.
        description: free text.
        scenario: the base scenario with the fixed ``[params]`` changes applied.
        scenario_ref: the base scenario as written in the file.
        method: one of ``DESIGNS``.
        samples: N for sampled designs (None for factorial).
        options: further design options (``second_order`` for sobol, ``levels`` for morris).
        factors: the varied parameters, in file order.
        replications: runs per design point.
        seed: the master seed.
        metrics: the metrics kept per run.
        path: the file it was read from (None for text).
        text: the file's text, stored with the results.
    """

    name: str
    scenario: Scenario
    method: str
    factors: tuple[Factor, ...]
    replications: int = 1
    seed: int = 0
    metrics: tuple[str, ...] = METRICS
    samples: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    scenario_ref: str = "baseline"
    description: str = ""
    path: Path | None = None
    text: str = ""

    @property
    def factor_names(self) -> tuple[str, ...]:
        """The factors' parameter names."""
        return tuple(f.name for f in self.factors)


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_.-]+$")


def _key(key: str) -> str:
    """A key as shown in a message: as written when plain, else quoted (no control characters reach the terminal)."""
    return key if _PLAIN_KEY.match(key) else quote(key)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _factor_tables(table: dict[str, Any], where: str, prefix: str = "", depth: int = 0) -> dict[str, dict[str, Any]]:
    """Find the factor tables under ``[factors]``, also when dotted names were nested by TOML."""
    if depth >= MAX_DEPTH:  # checked before recursing, so Python's limit is never reached
        name = prefix.rstrip(".")
        raise ScenarioError.keyed("experiment.spec.factors_nested", where=where, name=quote(name), depth=MAX_DEPTH)
    out: dict[str, dict[str, Any]] = {}
    for key, value in table.items():
        check_key(key, f"{where}factors.")
        name = f"{prefix}{key}"
        check_key(name, f"{where}factors.")
        if not isinstance(value, dict):
            raise ScenarioError.keyed("experiment.spec.factor_not_table", where=where, name=_key(name))
        if not value or any(k in FACTOR_KEYS for k in value) or name in PARAMS:
            out[name] = value
        else:
            out.update(_factor_tables(value, where, name + ".", depth + 1))
    return out


def _factor(name: str, table: dict[str, Any], method: str, where: str) -> Factor:
    label = f"{where}factors.{name}"
    if name not in PARAMS:
        raise unknown_key_error(_key(name), f"{where}factors.")
    p = PARAMS[name]
    for key in table:
        check_key(key, f"{label}.")
        if key not in FACTOR_KEYS:
            raise ScenarioError.keyed("experiment.spec.factor_unknown_key", label=label, key=_key(key))
    has_range = "low" in table or "high" in table
    numeric = p.kind in ("int", "float")
    if "levels" in table and has_range:
        raise ScenarioError.keyed("experiment.spec.levels_and_range", label=label)
    if method == "factorial" or not numeric:
        if has_range:
            what = Part("experiment.spec.what.factorial") if numeric else Part("experiment.spec.what.kind", kind=p.kind)
            raise ScenarioError.keyed("experiment.spec.range_not_allowed", label=label, what=what)
        if "levels" not in table:
            if p.kind == "bool":
                return Factor(name, p.kind, (False, True))
            if p.kind == "choice":
                return Factor(name, p.kind, tuple(p.choices))
            raise ScenarioError.keyed("experiment.spec.levels_missing", label=label, allowed=p.allowed_part())
        levels = table["levels"]
        if not isinstance(levels, list) or not levels:
            raise ScenarioError.keyed("experiment.spec.levels_not_list", label=label, allowed=p.allowed_part())
        # Checked one by one, so the first bad value (nan, inf, 1e400, …) is named.
        checked = tuple(p.check(v, f"{label}.levels: ") for v in levels)
        if len(set(checked)) != len(checked):
            raise ScenarioError.keyed("experiment.spec.levels_repeated", label=label)
        if method != "factorial" and len(checked) < 2:
            raise ScenarioError.keyed("experiment.spec.levels_too_few", label=label)
        return Factor(name, p.kind, checked)
    if "levels" in table:
        raise ScenarioError.keyed("experiment.spec.levels_not_allowed", label=label, method=method)
    for key in ("low", "high"):
        if key not in table:
            raise ScenarioError.keyed("experiment.spec.bound_missing", label=label, key=key, allowed=p.allowed_part())
    low = p.check(table["low"], f"{label}.low: ")
    high = p.check(table["high"], f"{label}.high: ")
    if not low < high:
        raise ScenarioError.keyed("experiment.spec.low_not_below_high", label=label, low=low, high=high)
    return Factor(name, p.kind, (), float(low), float(high))


def relative_ref(ref: str, base: Path | None) -> str | Path:
    """A file an experiment names: a path is relative to the experiment file's folder; a name stays a name."""
    if base is not None and (ref.endswith(".toml") or "/" in ref or "\\" in ref):
        return base / ref
    return ref


def parse_experiment(data: dict[str, Any], label: str = "experiment", base: Path | None = None) -> ExperimentSpec:
    """Validate the contents of an experiment file.

    Args:
        data: the parsed TOML.
        label: the file's name, used in error messages.
        base: the directory that relative scenario paths start from.

    Raises:
        ScenarioError: naming the field and what is allowed.
    """
    where = f"{label}: "
    for key in data:
        check_key(key, where)
        if key not in TOP_KEYS:
            raise ScenarioError.keyed(
                "experiment.spec.unknown_key", where=where, key=_key(key), allowed=", ".join(TOP_KEYS)
            )
    for key in ("name", "description", "scenario"):
        if key in data and not isinstance(data[key], str):
            raise ScenarioError.keyed("error.text.not_string", label=f"{where}{key}")
    name = data.get("name") or (Path(label).stem if label != "experiment" else "experiment")
    # The name becomes a directory (out/NAME) and a title in the report.
    check_name(name, f"{where}name")
    description = check_text(data.get("description", ""), f"{where}description", MAX_DESCRIPTION, one_line=False)

    # --- base scenario and fixed changes
    ref = check_text(data.get("scenario", "baseline"), f"{where}scenario", MAX_SCENARIO_REF)
    if not ref.strip():
        raise ScenarioError.keyed("experiment.spec.scenario_empty", where=where)
    try:
        scenario = load_scenario(relative_ref(ref, base))
    except ScenarioError as exc:
        raise exc.prefixed(f"{where}scenario: ") from None
    fixed = data.get("params", {})
    if not isinstance(fixed, dict):
        raise ScenarioError.keyed("experiment.spec.params_not_table", where=where)
    fixed = validate(flatten(fixed, f"{where}params."), f"{where}params.")
    if fixed:
        try:
            scenario = scenario.with_values(fixed)
        except ScenarioError as exc:
            raise exc.prefixed(f"{where}params: ") from None

    # --- replications, seed, metrics
    reps = check_count(data.get("replications", 1), f"{where}replications", 1, MAX_COUNT)
    seed = check_seed(data.get("seed", 0), f"{where}seed")
    metrics = data.get("metrics", list(METRICS))
    if not isinstance(metrics, list) or not metrics or not all(isinstance(m, str) for m in metrics):
        raise ScenarioError.keyed("experiment.spec.metrics_not_list", where=where)
    for m in metrics:
        if m not in METRICS:
            # The full list is long; the closest names, or a few examples, fit on one line.
            close = difflib.get_close_matches(m[:100], METRICS, n=3)
            if close:
                hint = Part("experiment.spec.hint.close", names=", ".join(close))
            else:
                hint = Part("experiment.spec.hint.examples", names=", ".join(METRICS[2:6]))
            raise ScenarioError.keyed("experiment.spec.metric_unknown", where=where, metric=quote(m), hint=hint)
    if len(set(metrics)) != len(metrics):
        raise ScenarioError.keyed("experiment.spec.metrics_repeated", where=where)

    # --- design
    design = data.get("design")
    if not isinstance(design, dict):
        raise ScenarioError.keyed("experiment.spec.design_missing", where=where, methods=", ".join(DESIGNS))
    method = design.get("method")
    if not isinstance(method, str) or method not in DESIGNS:
        expected = Part("error.allowed.one_of", choices=", ".join(DESIGNS))
        raise ScenarioError.keyed(
            "error.not_allowed", label=f"{where}design.method", value=quote(method), expected=expected
        )
    for key in design:
        check_key(key, f"{where}design.")
        if key not in DESIGN_KEYS[method]:
            known = {k for keys in DESIGN_KEYS.values() for k in keys}
            if key in known:
                users = [m for m, keys in DESIGN_KEYS.items() if key in keys]
                raise ScenarioError.keyed(
                    "experiment.spec.design_key_other_method",
                    where=where,
                    key=key,
                    method=method,
                    users=", ".join(users),
                )
            allowed = ", ".join(DESIGN_KEYS[method])
            raise ScenarioError.keyed(
                "experiment.spec.design_unknown_key", where=where, key=_key(key), method=method, allowed=allowed
            )
    samples = None
    options: dict[str, Any] = {}
    if method in SAMPLED:
        samples = design.get("samples")
        if samples is None:
            raise ScenarioError.keyed("experiment.spec.samples_missing", where=where, method=method)
        samples = check_count(samples, f"{where}design.samples", 1, MAX_COUNT)
    if method == "sobol":
        second = design.get("second_order", True)
        if not isinstance(second, bool):
            raise ScenarioError.keyed("experiment.spec.second_order", where=where)
        options["second_order"] = second
    if method == "morris":
        levels = design.get("levels", 4)
        if not _is_int(levels) or not 2 <= levels <= 100 or levels % 2:
            raise ScenarioError.keyed("experiment.spec.morris_levels", where=where, value=quote(levels))
        options["levels"] = levels

    # --- factors
    raw = data.get("factors")
    if not isinstance(raw, dict) or not raw:
        raise ScenarioError.keyed("experiment.spec.factors_missing", where=where)
    factors = tuple(_factor(n, table, method, where) for n, table in _factor_tables(raw, where).items())
    for f in factors:
        if f.name in fixed:
            raise ScenarioError.keyed("experiment.spec.fixed_and_varied", where=where, name=f.name)
    if method in ("sobol", "morris") and len(factors) < 2:
        raise ScenarioError.keyed("experiment.spec.factors_too_few", where=where, method=method)
    return ExperimentSpec(
        name=name,
        description=description,
        scenario=scenario,
        scenario_ref=ref,
        method=method,
        samples=samples,
        options=options,
        factors=factors,
        replications=reps,
        seed=seed,
        metrics=tuple(metrics),
    )


def load_experiment(ref: str | Path | ExperimentSpec) -> ExperimentSpec:
    """Read and validate an experiment file.

    Args:
        ref: the path of a TOML file (or an ExperimentSpec, returned as it is).

    Raises:
        ScenarioError: for a missing or malformed file or any invalid field.
    """
    if isinstance(ref, ExperimentSpec):
        return ref
    path = Path(ref)
    return parse_text(read_user_file(path, "experiment file"), str(path), path.parent, path)


def parse_text(
    text: str, label: str = "experiment", base: Path | None = None, path: Path | None = None
) -> ExperimentSpec:
    """Validate an experiment given as TOML text."""
    data = parse_toml(text, label)
    spec = parse_experiment(data, label, base)
    return ExperimentSpec(**{**spec.__dict__, "path": path, "text": text})
