"""Street experiments: an experiment file that names a street instead of a base scenario.

A street experiment file is an experiment file (docs/experiments.md) with ``street``
in the place of ``scenario``::

    name = "street-staff"
    street = "street-10"           # a shipped street, or a street file's path (relative to this file)
    replications = 3
    seed = 0
    metrics = ["on_time_closure_rate", "gini_on_time_closure_rate"]   # default: every street metric

    [params]                       # fixed values for every community of the street
    days = 120

    [design]
    method = "factorial"

    [factors.quick_contact]        # each design point sets its values in every community

The design, the factors, ``[params]``, the replications and the seed are read and checked
by the kit's experiment reader (``sim.experiments.spec.parse_experiment``) and the design
is built by ``make_design``, so everything an experiment file allows is allowed here and
checked the same way. The responses are the street's metrics
(``sim.street.compare.STREET_METRICS``): the rates weighted by known issues, the worst
community's on-time closure and the Gini coefficient.

Seeds: replication ``r`` of every design point runs the street with the street seed
``run_seed(seed, point, r)`` (= ``replication_seed(seed, r)``, the same at every point:
common random numbers), and each community gets its seed from that and its position.

Unlike ``experiment run``, a street experiment is run at once and written at the end (no
resuming, no ``experiment status`` or ``analyze``); see docs/street-compare.md.
"""

from __future__ import annotations

import json
import os
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..files import check_out_dir, write_files
from ..inputs import check_runs, check_text, flatten, parse_toml, quote
from ..params import validate
from ..run import t_ci, versions
from ..scenario import read_user_file
from ..street.compare import STREET_METRICS
from ..street.run import run_street
from ..street.spec import Street, load_street
from .design import Design, check_size, make_design, run_seed
from .executors import make_executor
from .spec import MAX_SCENARIO_REF, ExperimentSpec, parse_experiment

SEED_SCHEME = "street seed of replication r at every point: sim.experiments.design.run_seed(seed, point, r)"


@dataclass(frozen=True)
class StreetExperimentSpec:
    """A validated street experiment.

    Attributes:
        experiment: the experiment as the kit's reader checked it (name, design, factors,
            replications, seed); its ``scenario`` is unused.
        street: the street, with the fixed ``[params]`` set in every community.
        street_ref: the street as the file names it.
        metrics: the street metrics kept per run.
        fixed: the fixed ``[params]`` values.
        text: the file's text, written with the results.
    """

    experiment: ExperimentSpec
    street: Street
    street_ref: str
    metrics: tuple[str, ...] = STREET_METRICS
    fixed: dict[str, Any] = field(default_factory=dict)
    text: str = ""

    @property
    def name(self) -> str:
        """The experiment's name."""
        return self.experiment.name


def is_street_experiment(data: Mapping[str, Any]) -> bool:
    """Whether a parsed experiment file names a street (and so is read by this module)."""
    return "street" in data


def parse_street_experiment(
    data: dict[str, Any], label: str = "experiment", base: Path | None = None
) -> StreetExperimentSpec:
    """Validate the contents of a street experiment file.

    Args:
        data: the parsed TOML.
        label: the file's name, used in error messages.
        base: the directory that a relative street path starts from.

    Raises:
        ScenarioError: naming the field and what is allowed.
    """
    where = f"{label}: "
    if "scenario" in data:
        raise ScenarioError.keyed("street_views.experiment.both", where=where)
    ref = check_text(data.get("street"), f"{where}street", MAX_SCENARIO_REF)
    if not ref.strip():
        raise ScenarioError.keyed("street_views.experiment.street_empty", where=where)
    target: str | Path = ref
    if base is not None and (ref.endswith(".toml") or "/" in ref or "\\" in ref):
        target = base / ref
    try:
        street = load_street(target)
    except ScenarioError as exc:
        raise exc.prefixed(f"{where}street: ") from None
    metrics = data.get("metrics", list(STREET_METRICS))
    if not isinstance(metrics, list) or not metrics or not all(isinstance(m, str) for m in metrics):
        raise ScenarioError.keyed("street_views.experiment.metrics", where=where, allowed=", ".join(STREET_METRICS))
    for m in metrics:
        if m not in STREET_METRICS:
            allowed = ", ".join(STREET_METRICS)
            raise ScenarioError.keyed("street_views.experiment.metric", where=where, metric=quote(m), allowed=allowed)
    if len(set(metrics)) != len(metrics):
        raise ScenarioError.keyed("experiment.spec.metrics_repeated", where=where)
    # Everything else is an experiment file's: checked by the kit's reader (the scenario it
    # loads is only a stand-in, so that the [params] values are checked there too).
    rest = {k: v for k, v in data.items() if k not in ("street", "metrics")}
    experiment = parse_experiment(rest, label, base)
    fixed = validate(flatten(data.get("params", {}), f"{where}params."), f"{where}params.")
    communities = []
    for k, c in enumerate(street.communities, 1):
        try:
            communities.append(replace(c, scenario=c.scenario.with_values(fixed)) if fixed else c)
        except ScenarioError as exc:
            raise exc.prefixed(f"{where}params ([[community]] #{k} {quote(c.name)}): ") from None
    street = replace(street, communities=tuple(communities))
    return StreetExperimentSpec(experiment, street, ref, tuple(metrics), fixed)


def load_street_experiment(ref: str | os.PathLike | StreetExperimentSpec) -> StreetExperimentSpec:
    """Read and validate a street experiment file (a spec is returned as it is).

    Raises:
        ScenarioError: for a missing or malformed file or any invalid field.
    """
    if isinstance(ref, StreetExperimentSpec):
        return ref
    path = Path(ref)
    text = read_user_file(path, "experiment file")
    spec = parse_street_experiment(parse_toml(text, str(path)), str(path), path.parent)
    return replace(spec, experiment=replace(spec.experiment, path=path, text=text), text=text)


def street_variant(street: Street, values: Mapping[str, Any], point: int) -> Street:
    """The street of design point ``point``: ``values`` set in every community."""
    communities = tuple(replace(c, scenario=c.scenario.with_values(dict(values))) for c in street.communities)
    return replace(street, name=f"{street.name}#p{point}", communities=communities)


def _execute(task: tuple[int, int, int, dict[str, Any], Street, tuple[str, ...]]) -> dict[str, Any]:
    """Run one (point, replication): a worker's task; a failing run is returned as data, not raised."""
    point, rep, seed, values, street, metrics = task
    row: dict[str, Any] = {"point": point, "rep": rep, "seed": seed}
    try:
        summary = run_street(street_variant(street, values, point), seed=seed, jobs=1, executor="serial").summary
        row.update({m: float(summary.get(m, np.nan)) for m in metrics})
        row.update(worst_community=summary.get("worst_community", ""), status="ok", error="")
    except Exception as exc:  # noqa: BLE001 - a failed run is data, recorded with its message
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        at = f" (at {Path(last[0].filename).name}:{last[0].lineno})" if last else ""
        row.update({m: np.nan for m in metrics})
        row.update(worst_community="", status="error", error=f"{type(exc).__name__}: {exc}{at}")
    return row


@dataclass
class StreetExperimentResult:
    """What a street experiment gives.

    Attributes:
        spec: the experiment.
        design: its design points.
        runs: one row per (point, replication): seed, factor values, metrics, status.
        points: one row per design point and metric: factor values, mean and 95% CI.
        meta: name, street, design, seeds, executor and package versions.
    """

    spec: StreetExperimentSpec
    design: Design
    runs: pd.DataFrame
    points: pd.DataFrame
    meta: dict[str, Any]


def point_table(runs: pd.DataFrame, design: Design, metrics: tuple[str, ...]) -> pd.DataFrame:
    """Mean and 95% t-interval of each metric at each design point (runs that failed left out)."""
    ok = runs[runs["status"] == "ok"]
    rows = []
    for p, values in enumerate(design.records()):
        part = ok[ok["point"] == p]
        for m in metrics:
            mean, low, high = t_ci(part[m].to_numpy(dtype=float))
            low, high = max(low, 0.0), min(high, 1.0)  # every street metric is a share in [0, 1]
            row = {"point": p, **values, "metric": m, "mean": mean, "ci_low": low, "ci_high": high}
            rows.append({**row, "reps": len(part)})
    return pd.DataFrame(rows)


def run_street_experiment(
    spec: str | os.PathLike | StreetExperimentSpec,
    jobs: int = 1,
    executor: str | Any = "processes",
    progress: Callable[[int, int], None] | None = None,
    max_runs: int | None = None,
) -> StreetExperimentResult:
    """Run every (design point, replication) of a street experiment.

    Args:
        spec: a street experiment file or spec.
        jobs: worker processes (1: in this process); the numbers do not depend on it.
        executor: an executor name of ``sim.experiments.executors`` or an executor object.
        progress: called as ``progress(done, total)`` after each street run.
        max_runs: the cap on replications, design points, runs and community runs
            (default ``sim.inputs.DEFAULT_MAX_RUNS``).

    Raises:
        ScenarioError: for a bad file or too many runs (before anything runs).
    """
    spec = load_street_experiment(spec)
    exp = spec.experiment
    points = check_size(exp, max_runs)
    where = f"{exp.path}: " if exp.path is not None else f"experiment {exp.name}: "
    communities = len(spec.street.communities)
    check_runs(points * exp.replications * communities, f"{where}community runs", max_runs)
    design = make_design(exp, max_runs)
    values = list(design.records())
    tasks = [
        (p, r, run_seed(exp.seed, p, r), values[p], spec.street, spec.metrics)
        for r in range(exp.replications)
        for p in range(len(design))
    ]
    rows = []
    pool = make_executor(executor, workers=min(jobs, len(tasks)))
    with pool:
        for done, row in enumerate(pool.map_unordered(_execute, tasks), 1):
            rows.append(row)
            if progress:
                progress(done, len(tasks))
        how = pool.describe()
    runs = pd.DataFrame(rows).sort_values(["point", "rep"]).reset_index(drop=True)
    runs = runs.merge(design.points, on="point", how="left")
    first = ["point", "rep", "seed", *exp.factor_names]
    runs = runs[[*first, *[c for c in runs.columns if c not in first]]]
    meta = {
        "kind": "street-experiment",
        "name": exp.name,
        "street": spec.street.name,
        "street_source": spec.street.source,
        "communities": communities,
        "method": exp.method,
        "factors": list(exp.factor_names),
        "fixed": spec.fixed,
        "points": len(design),
        "replications": exp.replications,
        "seed": exp.seed,
        "seed_scheme": SEED_SCHEME,
        "metrics": list(spec.metrics),
        "errors": int((runs["status"] == "error").sum()),
        "executor": how,
        "versions": versions(),
    }
    return StreetExperimentResult(spec, design, runs, point_table(runs, design, spec.metrics), meta)


def write_street_experiment(
    result: StreetExperimentResult,
    out_dir: str | os.PathLike,
    overwrite: bool = False,
    lang: str | None = None,
) -> Path:
    """Write ``experiment.toml``, ``design.csv``, ``runs.csv``, ``points.csv`` and ``meta.json`` all at once."""
    check_out_dir(out_dir, overwrite, lang)
    files = {
        "experiment.toml": result.spec.text,
        "design.csv": result.design.points.to_csv(index=False, lineterminator="\n"),
        "runs.csv": result.runs.to_csv(index=False, lineterminator="\n"),
        "points.csv": result.points.to_csv(index=False, lineterminator="\n"),
        "meta.json": json.dumps(result.meta, ensure_ascii=False, indent=2, default=str) + "\n",
    }
    return write_files(out_dir, {k: v for k, v in files.items() if v}, overwrite, lang)


__all__ = [
    "SEED_SCHEME",
    "StreetExperimentResult",
    "StreetExperimentSpec",
    "is_street_experiment",
    "load_street_experiment",
    "parse_street_experiment",
    "point_table",
    "run_street_experiment",
    "street_variant",
    "write_street_experiment",
]
