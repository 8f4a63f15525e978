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

A street experiment is run by ``sim.experiments.runner.run_experiment`` (``experiment
run``) like any other: one task is one run of the whole street (``execute_street``), each
stored in the experiment folder as it finishes, so it resumes after a kill and is read by
``experiment status``, ``analyze`` and ``discover``. This module reads the file, makes
the tasks' street and says what identifies the street in the folder (``street_identity``).

Seeds: replication ``r`` of every design point runs the street with the street seed
``run_seed(seed, point, r)`` (= ``replication_seed(seed, r)``, the same at every point:
common random numbers), and each community gets its seed from that and its position.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..inputs import check_text, flatten, parse_toml, quote
from ..params import validate
from ..scenario import read_user_file
from ..street.compare import DIRECTION, GINI, STREET_METRICS
from ..street.run import run_street
from ..street.spec import Street, load_street
from .executors import recorded_row
from .spec import MAX_SCENARIO_REF, ExperimentSpec, Factor, parse_experiment, relative_ref

# Which way is better for each street metric: +1 higher, -1 lower (the Gini: communities more alike).
STREET_BETTER = dict(DIRECTION)


@dataclass(frozen=True)
class StreetExperimentSpec:
    """A validated street experiment.

    It answers the questions the runner and the store ask of an experiment (``name``,
    ``method``, ``factors``, ``replications``, ``seed``, ``metrics``, ``path``, ``text`` …)
    with the experiment's values, and holds the street in the place of a base scenario.

    Attributes:
        experiment: the experiment as the kit's reader checked it (name, design, factors,
            replications, seed); its ``scenario`` is only a stand-in and is never run.
        street: the street, with the fixed ``[params]`` set in every community.
        street_ref: the street as the file names it.
        metrics: the street metrics kept per run.
        fixed: the fixed ``[params]`` values.
        text: the file's text, stored with the results.
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

    @property
    def description(self) -> str:
        """The experiment's description."""
        return self.experiment.description

    @property
    def method(self) -> str:
        """The design method."""
        return self.experiment.method

    @property
    def samples(self) -> int | None:
        """N of a sampled design (None for a factorial one)."""
        return self.experiment.samples

    @property
    def options(self) -> dict[str, Any]:
        """The design's further options."""
        return self.experiment.options

    @property
    def factors(self) -> tuple[Factor, ...]:
        """The varied parameters, in file order."""
        return self.experiment.factors

    @property
    def factor_names(self) -> tuple[str, ...]:
        """The factors' parameter names."""
        return self.experiment.factor_names

    @property
    def replications(self) -> int:
        """Runs of the street per design point."""
        return self.experiment.replications

    @property
    def seed(self) -> int:
        """The master seed."""
        return self.experiment.seed

    @property
    def path(self) -> Path | None:
        """The file it was read from (None for a spec made in code)."""
        return self.experiment.path


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
    try:
        street = load_street(relative_ref(ref, base))
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
    spec = load_any(ref)
    if not isinstance(spec, StreetExperimentSpec):
        raise ScenarioError.keyed("street_views.experiment.no_street", where=f"{ref}: ")
    return spec


def load_any(ref: str | os.PathLike | ExperimentSpec | StreetExperimentSpec) -> ExperimentSpec | StreetExperimentSpec:
    """Read and validate an experiment file of either kind: over a base scenario, or over a street.

    A file with ``street`` is a street experiment (``parse_street_experiment``), any other
    an experiment over a scenario (``sim.experiments.spec.parse_experiment``). A spec is
    returned as it is.

    Raises:
        ScenarioError: for a missing or malformed file or any invalid field.
    """
    if isinstance(ref, (ExperimentSpec, StreetExperimentSpec)):
        return ref
    path = Path(ref)
    text = read_user_file(path, "experiment file")
    data = parse_toml(text, str(path))
    if not is_street_experiment(data):
        return replace(parse_experiment(data, str(path), path.parent), path=path, text=text)
    spec = parse_street_experiment(data, str(path), path.parent)
    return replace(spec, experiment=replace(spec.experiment, path=path, text=text), text=text)


def street_variant(street: Street, values: Mapping[str, Any], point: int) -> Street:
    """The street of design point ``point``: ``values`` set in every community."""
    communities = tuple(replace(c, scenario=c.scenario.with_values(dict(values))) for c in street.communities)
    return replace(street, name=f"{street.name}#p{point}", communities=communities)


def street_identity(street: Street) -> dict[str, Any]:
    """What fixes a street's numbers, for the experiment's fingerprint.

    Its name, every community's name and parameters in order (a community's seed comes
    from its position) and what the communities share (``[shared]``).
    """
    return {
        "street": street.name,
        "communities": [[c.name, c.scenario.params] for c in street.communities],
        "shared": asdict(street.shared) if street.shared is not None else None,
    }


def base_values(street: Street, factors: tuple[str, ...]) -> dict[str, Any]:
    """The factors whose value is the same in every community, with that value.

    The design point with these values (when the others are not varied) runs the street as
    it is, so the analysis takes it as the baseline.
    """
    out = {}
    for name in factors:
        values = {repr(c.scenario.params.get(name)) for c in street.communities}
        if len(values) == 1:
            out[name] = street.communities[0].scenario.params.get(name)
    return out


@dataclass(frozen=True)
class StreetRunTask:
    """Everything a worker needs for one run of the whole street (small and picklable).

    Attributes:
        point: design point id.
        rep: replication number.
        seed: the street seed (``run_seed(master, point, rep)``, the same at every point).
        values: the factor values of the point, set in every community.
        street: the street.
        metrics: the street metrics to return.
    """

    point: int
    rep: int
    seed: int
    values: dict[str, Any]
    street: Street
    metrics: tuple[str, ...]


def execute_street(task: StreetRunTask) -> dict[str, Any]:
    """Run the street of one (point, replication) in this process; a failing run is returned as data, not raised.

    Returns:
        The row the experiment store keeps: ``point``, ``rep``, ``seed``, ``status``,
        ``error``, ``run_seconds`` and the street metrics (NaN where the street has no
        value, e.g. no case fell due).
    """

    def metrics() -> dict[str, float]:
        street = street_variant(task.street, task.values, task.point)
        summary = run_street(street, seed=task.seed, jobs=1, executor="serial").summary
        return {m: _number(summary.get(m)) for m in task.metrics}

    return recorded_row(task, metrics)


def _number(value: Any) -> float:
    return np.nan if value is None else float(value)


__all__ = [
    "GINI",
    "STREET_BETTER",
    "STREET_METRICS",
    "StreetExperimentSpec",
    "StreetRunTask",
    "base_values",
    "execute_street",
    "is_street_experiment",
    "load_any",
    "load_street_experiment",
    "parse_street_experiment",
    "street_identity",
    "street_variant",
]
