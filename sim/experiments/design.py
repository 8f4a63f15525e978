"""Design points of an experiment, and the seed of every run.

A design is a table with one row per design point: ``point`` (0, 1, …) and one column
per factor. Sampled designs also keep the sampler's raw matrix and, for Sobol and
Morris, the SALib ``problem`` dict, so the analysis can pair them with the results
(row ``point`` of the matrix is design point ``point``).

Factors with levels (true/false, choices) are sampled on ``[0, k)`` and mapped to the
k-th level; integer factors are rounded.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..inputs import check_runs
from ..run import replication_seed
from ..text import Part
from .spec import ExperimentSpec, Factor

SEED_SCHEME = "numpy.random.SeedSequence([master, rep]).generate_state(1, dtype=uint32)[0]"
# Stream used to derive the sampler's seed from the master seed: SeedSequence([master,
# 0x5EED]) has the form of a run's seed, so replication 0x5EED (24,301), if an experiment
# has that many, shares it. The sampler and the model draw different things from it and
# the design is the same for every replication, so nothing follows from that.
_DESIGN_STREAM = 0x5EED


def run_seed(master: int, point: int, rep: int) -> int:
    """The seed of replication ``rep`` of design point ``point`` under ``master``.

    It is ``sim.run.replication_seed(master, rep)``: replication ``rep`` uses the same
    random numbers at every design point (common random numbers), as the scenarios of
    ``sim.compare`` do, so two points differ only by their factor values, and a factor
    that changes nothing gives identical runs. It depends on nothing else, so any subset
    of runs repeats to identical numbers, whatever the order, executor or number of
    workers; ``point`` names the run and does not enter the seed.
    """
    return replication_seed(master, rep)


def design_seed(master: int) -> int:
    """The seed of the sampler (Latin hypercube, Sobol scrambling, Morris trajectories)."""
    return int(np.random.SeedSequence([master, _DESIGN_STREAM]).generate_state(1, dtype=np.uint32)[0])


@dataclass
class Design:
    """The design points of an experiment.

    Attributes:
        points: one row per design point: ``point`` and one column per factor.
        method: the design method.
        problem: the SALib problem dict (``num_vars``, ``names``, ``bounds``) for
            sampled designs; None for a factorial design.
        samples: the sampler's raw matrix (rows = points, columns = factors, before
            rounding and mapping to levels); None for a factorial design.
        options: design options (``second_order``, ``levels``, ``samples``).
    """

    points: pd.DataFrame
    method: str
    problem: dict[str, Any] | None = None
    samples: np.ndarray | None = None
    options: dict[str, Any] | None = None

    def __len__(self) -> int:
        return len(self.points)

    def values(self, point: int) -> dict[str, Any]:
        """The factor values of one design point as plain Python values."""
        row = self.points.iloc[point]
        return {name: _native(row[name]) for name in self.points.columns if name != "point"}

    def records(self) -> Iterator[dict[str, Any]]:
        """The factor values of every design point in order, as ``values`` gives them."""
        factors = self.points.drop(columns="point")
        for row in factors.itertuples(index=False, name=None):
            yield {name: _native(v) for name, v in zip(factors.columns, row, strict=True)}


def _native(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _problem(factors: tuple[Factor, ...]) -> dict[str, Any]:
    bounds = [[0.0, float(len(f.levels))] if f.discrete else [f.low, f.high] for f in factors]
    return {"num_vars": len(factors), "names": [f.name for f in factors], "bounds": bounds}


def _scale_unit(u: np.ndarray, factors: tuple[Factor, ...]) -> np.ndarray:
    """Map unit-cube samples onto the problem's bounds."""
    lo = np.array([0.0 if f.discrete else f.low for f in factors])
    hi = np.array([float(len(f.levels)) if f.discrete else f.high for f in factors])
    return lo + u * (hi - lo)


def _column(x: np.ndarray, f: Factor) -> pd.Series:
    if f.discrete:
        idx = np.clip(np.floor(x).astype(int), 0, len(f.levels) - 1)
        values = [f.levels[i] for i in idx]
        return pd.Series(values, dtype=bool if f.kind == "bool" else object)
    if f.kind == "int":
        return pd.Series(np.clip(np.rint(x), f.low, f.high).astype(np.int64))
    return pd.Series(np.clip(x.astype(float), f.low, f.high))


def _frame(columns: dict[str, Any], n: int) -> pd.DataFrame:
    df = pd.DataFrame({"point": np.arange(n, dtype=np.int64)})
    for name, col in columns.items():
        df[name] = pd.Series(col).reset_index(drop=True)
    return df


def _salib(name: str):
    try:
        import importlib

        return importlib.import_module(f"SALib.sample.{name}")
    except ImportError:
        raise ScenarioError.keyed("experiment.design.needs_salib", method=name) from None


def make_design(spec: ExperimentSpec, max_runs: int | None = None) -> Design:
    """Build the design points of ``spec`` (deterministic given its master seed).

    Args:
        spec: the experiment.
        max_runs: the cap on design points (default ``sim.inputs.DEFAULT_MAX_RUNS``);
            their number is checked from the sizes alone before anything is built.

    Raises:
        ScenarioError: when the design has more points than the cap.
    """
    check_runs(expected_points(spec), _points_label(spec), max_runs)
    factors = spec.factors
    if spec.method == "factorial":
        rows = list(itertools.product(*(f.levels for f in factors)))
        columns = {}
        for j, f in enumerate(factors):
            col = [r[j] for r in rows]
            dtype = {"bool": bool, "int": np.int64, "float": float}.get(f.kind, object)
            columns[f.name] = pd.Series(col, dtype=dtype)
        return Design(_frame(columns, len(rows)), "factorial", options={})

    seed = design_seed(spec.seed)
    problem = _problem(factors)
    options = {"samples": spec.samples, **spec.options}
    if spec.method == "lhs":
        from scipy.stats import qmc

        try:
            sampler = qmc.LatinHypercube(d=len(factors), rng=np.random.default_rng(seed))
        except TypeError:  # scipy < 1.15 names it seed
            sampler = qmc.LatinHypercube(d=len(factors), seed=np.random.default_rng(seed))
        x = _scale_unit(sampler.random(spec.samples), factors)
    elif spec.method == "sobol":
        sobol = _salib("sobol")

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SALib warns when N is not a power of 2
            x = sobol.sample(problem, spec.samples, calc_second_order=spec.options["second_order"], seed=seed)
    else:
        morris = _salib("morris")

        x = morris.sample(problem, spec.samples, num_levels=spec.options["levels"], seed=seed)
    columns = {f.name: _column(x[:, j], f) for j, f in enumerate(factors)}
    return Design(_frame(columns, len(x)), spec.method, problem=problem, samples=np.asarray(x, float), options=options)


def expected_points(spec: ExperimentSpec) -> int:
    """How many design points ``spec`` has, from the sizes alone (exact, never overflows)."""
    d = len(spec.factors)
    if spec.method == "factorial":
        return math.prod(len(f.levels) for f in spec.factors)
    if spec.method == "lhs":
        return spec.samples
    if spec.method == "sobol":
        return spec.samples * (2 * d + 2 if spec.options["second_order"] else d + 2)
    return spec.samples * (d + 1)


def where(spec) -> str | Part:
    """What a message about an experiment (or a street experiment) starts with: its file, or its name."""
    return f"{spec.path}: " if spec.path is not None else Part("experiment.where.named", name=spec.name)


def _formula(spec: ExperimentSpec) -> Part:
    """How the number of design points follows from the file, for messages."""
    d = len(spec.factors)
    if spec.method == "factorial":
        return Part("experiment.formula.factorial", d=d)
    if spec.method == "lhs":
        return Part("experiment.formula.lhs", n=spec.samples)
    if spec.method == "sobol":
        form = "N·(2D+2)" if spec.options["second_order"] else "N·(D+2)"
        return Part("experiment.formula.sobol", form=form, n=spec.samples, d=d)
    return Part("experiment.formula.morris", n=spec.samples, d=d)


def check_size(spec: ExperimentSpec, max_runs: int | None = None) -> int:
    """Refuse an experiment that asks for more runs than the cap, before anything is built.

    Replications, design points and their product (the runs) are each checked with
    ``sim.inputs.check_runs``; the number of design points comes from the sizes alone
    (``expected_points``).

    Args:
        spec: the experiment.
        max_runs: the cap (default ``sim.inputs.DEFAULT_MAX_RUNS``).

    Returns:
        The number of design points.

    Raises:
        ScenarioError: naming the file, the count and the cap.
    """
    at = where(spec)
    points = expected_points(spec)
    check_runs(spec.replications, Part("experiment.runs.replications", where=at), max_runs)
    check_runs(points, _points_label(spec), max_runs)
    check_runs(
        points * spec.replications,
        Part("experiment.runs.total", where=at, points=points, reps=spec.replications),
        max_runs,
    )
    return points


def _points_label(spec: ExperimentSpec) -> Part:
    return Part("experiment.runs.points", where=where(spec), formula=_formula(spec))
