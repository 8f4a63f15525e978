"""Run and compare scenarios: the public API shared by the CLI, notebooks and experiments.

>>> from sim import run, compare
>>> result = run("full-1234", seed=1)
>>> result.summary["response_rate"]          # doctest: +SKIP
>>> table = compare(["baseline", "full-1234"], reps=10).table
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import workers
from .inputs import check_count, check_runs, check_seed
from .model import CommunityModel, practices
from .model.metrics import METRICS, breakdown, daily_series, hours_table, issue_log, summary
from .scenario import Scenario, load_scenario
from .text import Part

RUN_PACKAGES = ("community-1234-kit", "mesa", "numpy", "pandas", "scipy", "matplotlib", "pyarrow")


def versions(extra: Iterable[str] = ()) -> dict[str, str]:
    """Versions of Python and the packages that determine a run's numbers (and of ``extra`` ones)."""
    out = {"python": platform.python_version()}
    for pkg in (*RUN_PACKAGES, *extra):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def replication_seed(seed: int, rep: int) -> int:
    """The seed of replication ``rep`` under master ``seed`` (numpy SeedSequence).

    Every scenario in a comparison uses the same replication seeds (common random
    numbers), so differences between scenarios are not blurred by luck.
    """
    return int(np.random.SeedSequence([seed, rep]).generate_state(1, dtype=np.uint32)[0])


@dataclass
class RunResult:
    """What one run returns: tidy tables plus the issue log.

    Attributes:
        scenario: the scenario that was run.
        seed: the seed.
        summary: every metric by name (``sim.model.metrics.METRICS``).
        issues: the issue log, one row per issue.
        daily: backlog, hidden needs and volunteers at the end of each working day.
        hours: hours used by who and activity.
        meta: scenario name, source, changed values and shocks, seed and package versions.
        model: the finished model (for maps); not kept by ``compare``.
    """

    scenario: Scenario
    seed: int
    summary: pd.Series
    issues: pd.DataFrame
    daily: pd.DataFrame
    hours: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)
    model: CommunityModel | None = None

    @cached_property
    def by_category(self) -> pd.DataFrame:
        """Issue metrics per category (computed on first use)."""
        return breakdown(self.issues, "category", self.scenario.params["days"], self.scenario.params["response_limit"])

    @cached_property
    def by_grid(self) -> pd.DataFrame:
        """Issue metrics per grid (网格) (computed on first use)."""
        return breakdown(self.issues, "grid", self.scenario.params["days"], self.scenario.params["response_limit"])


def run(
    scenario: str | Path | Scenario = "baseline", seed: int = 0, keep_model: bool = True, **changes: Any
) -> RunResult:
    """Run one scenario once.

    Args:
        scenario: shipped name, TOML path or Scenario.
        seed: the seed; the same scenario and seed always give the same numbers.
        keep_model: keep the finished model in the result (needed for the map).
        **changes: parameter changes on top of the scenario; use ``__`` for dots
            (``categories__hazard__report=0.5``).

    Returns:
        The run's tables.

    Raises:
        ScenarioError: for an unknown scenario, a bad parameter value or a seed outside
            0 ≤ seed < 2⁶³.
    """
    seed = check_seed(seed)
    sc = load_scenario(scenario)
    if changes:
        sc = sc.with_params(**changes)
    model = CommunityModel(sc.params, rng=seed, shocks=sc.shocks).run()
    log = issue_log(model)
    daily = daily_series(model)
    hours = hours_table(model)
    return RunResult(
        scenario=sc,
        seed=seed,
        summary=pd.Series(summary(model, log, daily, hours), name=sc.name),
        issues=log,
        daily=daily,
        hours=hours,
        meta={
            "scenario": sc.name,
            "source": sc.source,
            "overrides": sc.overrides,
            "shocks": [shock.as_dict() for shock in sc.shocks],
            "seed": seed,
            "versions": versions(),
        },
        model=model if keep_model else None,
    )


def _summary_row(args: tuple[Scenario, int, int]) -> dict[str, Any]:
    sc, rep, seed = args
    res = run(sc, seed=seed, keep_model=False)
    return {"scenario": sc.name, "rep": rep, "seed": seed, **res.summary.to_dict()}


@dataclass
class Comparison:
    """Replicated runs of several scenarios and their summary.

    Attributes:
        runs: one row per (scenario, replication) with every metric.
        table: per metric and scenario: mean, 95% CI, and the difference from the first
            scenario with its 95% CI (paired over common seeds).
        scenarios: the scenarios, in the order given.
        meta: seed, replications and package versions.
    """

    runs: pd.DataFrame
    table: pd.DataFrame
    scenarios: list[Scenario]
    meta: dict[str, Any]


def t_ci(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% t-interval of the non-missing values (the mean thrice when they do not vary)."""
    from scipy import stats

    v = values[~np.isnan(values)]
    if len(v) == 0:
        return np.nan, np.nan, np.nan
    m = float(v.mean())
    if len(v) < 2 or np.all(v == v[0]):
        return m, m, m
    half = float(stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v)))
    return m, m - half, m + half


def summarise(runs: pd.DataFrame, names: list[str], metrics: Iterable[str] = METRICS) -> pd.DataFrame:
    """Mean and 95% t-interval per scenario, and paired differences from the first."""
    rows = []
    first = runs[runs["scenario"] == names[0]].set_index("rep")
    for metric in metrics:
        for name in names:
            part = runs[runs["scenario"] == name].set_index("rep")
            mean, lo, hi = t_ci(part[metric].to_numpy(dtype=float))
            if metric.endswith(("_rate", "_share")):  # a share cannot leave [0, 1]
                lo, hi = max(lo, 0.0), min(hi, 1.0)
            diff = (part[metric] - first[metric]).to_numpy(dtype=float)
            d, dlo, dhi = t_ci(diff) if name != names[0] else (0.0, 0.0, 0.0)
            rows.append((metric, name, mean, lo, hi, d, dlo, dhi, len(part)))
    cols = ["metric", "scenario", "mean", "ci_low", "ci_high", "diff", "diff_low", "diff_high", "reps"]
    return pd.DataFrame.from_records(rows, columns=cols)


def compare(
    scenarios: Iterable[str | Path | Scenario],
    reps: int = 10,
    seed: int = 0,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    max_runs: int | None = None,
) -> Comparison:
    """Run each scenario ``reps`` times and compare them with the first.

    Args:
        scenarios: two or more scenarios (names, paths or Scenario objects).
        reps: replications per scenario.
        seed: master seed; replication seeds come from ``replication_seed``.
        jobs: worker processes (1 = in this process). Results do not depend on it.
        progress: called as ``progress(done, total)`` after each run.
        max_runs: the most runs allowed (default ``sim.inputs.DEFAULT_MAX_RUNS``).

    Returns:
        The runs and the comparison table.

    Raises:
        ScenarioError: for a bad scenario, seed, ``reps`` or ``jobs``, or more runs than
            ``max_runs`` (checked before anything runs).
    """
    scenarios = list(scenarios)
    reps = check_count(reps, "reps")
    jobs = check_count(jobs, "jobs")
    seed = check_seed(seed)
    check_runs(reps * len(scenarios), Part("error.runs.scenarios", reps="reps"), max_runs)
    scs = [load_scenario(s) for s in scenarios]
    names = [s.name for s in scs]
    if len(set(names)) != len(names):
        scs = [replace(s, name=f"{s.name}#{i + 1}") for i, s in enumerate(scs)]
        names = [s.name for s in scs]
    tasks = [(sc, r, replication_seed(seed, r)) for r in range(reps) for sc in scs]
    rows = []
    if jobs > 1:
        practices.check_shipped_only("jobs")
        with workers.pool(jobs) as pool:
            for i, row in enumerate(pool.map(_summary_row, tasks), 1):
                rows.append(row)
                if progress:
                    progress(i, len(tasks))
    else:
        for i, task in enumerate(tasks, 1):
            rows.append(_summary_row(task))
            if progress:
                progress(i, len(tasks))
    runs = pd.DataFrame(rows).sort_values(
        ["scenario", "rep"], key=lambda s: s.map(names.index) if s.name == "scenario" else s
    )
    runs = runs.reset_index(drop=True)
    meta = {"scenarios": names, "reps": reps, "seed": seed, "versions": versions()}
    return Comparison(runs=runs, table=summarise(runs, names), scenarios=scs, meta=meta)
