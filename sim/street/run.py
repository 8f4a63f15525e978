"""Run a street: every community once, and the street's metrics.

Without a ``[shared]`` table each community runs alone, as ``sim.run`` runs it, on the
experiments' executors. With one, the communities run in step, day by day
(``sim.street.linked``, in this process or on ``jobs`` worker processes of its own), and
the street office (``sim.street.shared.StreetOffice``) shares the county departments, the
party members and its reserve staff between them.

Seeds: community ``k`` (its position in the street, from 0) runs with
``SeedSequence(seed).spawn(n)[k]`` turned into one 32-bit number, so its numbers depend
only on the street seed and its position, never on the executor or the number of jobs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..experiments.executors import make_executor
from ..files import write_files
from ..inputs import check_count, check_seed
from ..run import versions
from ..scenario import Scenario
from .linked import run_linked
from .shared import Shared
from .spec import Street, load_street

# The street's headline rates; each community's value is weighted by its known issues.
RATES = ("response_rate", "resolution_rate", "satisfaction_rate", "on_time_closure_rate")
WEIGHT = "issues_known"
SPREAD_METRIC = "on_time_closure_rate"
SEED_SCHEME = "numpy.random.SeedSequence(seed).spawn(n)[k].generate_state(1, dtype=uint32)[0]"


def community_seeds(seed: int, n: int) -> list[int]:
    """The seeds of a street's ``n`` communities under the street seed ``seed``, by position."""
    children = np.random.SeedSequence(check_seed(seed)).spawn(n)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


def gini(values: Any) -> float:
    """The Gini coefficient of non-negative values (0: all equal; near 1: one holds everything).

    ``G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄)``, the mean absolute difference over twice the mean
    (Gini 1912, "Variabilità e mutabilità"; see Damgaard & Weiner 2000, Ecology 81:1139).
    Missing values are left out; an empty list is NaN, and values that are all zero have
    no inequality (0).
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return float("nan")
    if np.any(x < 0):
        raise ValueError("the Gini coefficient is defined here for non-negative values")
    total = x.sum()
    if total == 0:
        return 0.0
    # The double sum in O(n log n): with x sorted, Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (2i − n − 1) xᵢ (i from 1).
    x.sort()
    i = np.arange(1, x.size + 1)
    return float(((2 * i - x.size - 1) * x).sum() / (x.size * total))


def _row(position: int, name: str, scenario: Scenario, seed: int, summary: dict[str, Any]) -> dict[str, Any]:
    p = scenario.params
    return {
        "position": position,
        "community": name,
        "seed": seed,
        "households": int(p["households"]),
        "staff": int(p["staff"]),
        "issues_per_household": float(p["issues_per_household"]),
        "days": int(p["days"]),
        **summary,
    }


def _run_one(task: tuple[int, str, Scenario, int]) -> dict[str, Any]:
    """Run one community (a worker's task: small and picklable); return its row."""
    from ..run import run

    position, name, scenario, seed = task
    return _row(position, name, scenario, seed, run(scenario, seed=seed, keep_model=False).summary.to_dict())


def _linked_rows(tasks: list[tuple[int, str, Scenario, int]], shared: Shared, jobs: int) -> tuple[list, str]:
    """Run communities that share help in step (``sim.street.linked``); return their rows and how they ran."""
    summaries, office, how = run_linked(tasks, shared, jobs)
    rows = []
    for k, ((position, name, sc, seed), values) in enumerate(zip(tasks, summaries, strict=True)):
        values["department_hours_per_day"] = office.department_hours[k] / float(sc.params["days"])
        values["reserve_person_days"] = office.reserve_days_worked[k]
        rows.append(_row(position, name, sc, seed, values))
    return rows, how


def weighted(table: pd.DataFrame, metric: str, weight: str = WEIGHT) -> float:
    """``Σ metric × weight / Σ weight`` over the communities where the metric has a value."""
    part = table[[metric, weight]].dropna()
    total = part[weight].sum()
    return float((part[metric] * part[weight]).sum() / total) if total > 0 else float("nan")


@dataclass
class StreetResult:
    """What running a street gives.

    Attributes:
        street: the street that was run.
        seed: the street seed.
        table: one row per community, in the street's order: seed, size and every metric.
        summary: the street's rates (weighted by known issues), the issue counts, the
            worst community on on-time closure and the Gini coefficient across communities.
        meta: seeds scheme, executor and package versions.
    """

    street: Street
    seed: int
    table: pd.DataFrame
    summary: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)


def street_summary(table: pd.DataFrame) -> dict[str, Any]:
    """The street's metrics from its per-community table (see ``StreetResult.summary``)."""
    out: dict[str, Any] = {
        "communities": len(table),
        "households": int(table["households"].sum()),
        "issues_arisen": float(table["issues_arisen"].sum()),
        "issues_known": float(table[WEIGHT].sum()),
    }
    for metric in RATES:
        out[metric] = weighted(table, metric)
    spread = table[["community", SPREAD_METRIC]].dropna()
    if len(spread):
        worst = spread.loc[spread[SPREAD_METRIC].idxmin()]
        out["worst_community"] = str(worst["community"])
        out[f"worst_{SPREAD_METRIC}"] = float(worst[SPREAD_METRIC])
    out[f"gini_{SPREAD_METRIC}"] = gini(table[SPREAD_METRIC])
    return out


def run_street(
    street: str | Path | Street, seed: int = 0, jobs: int = 1, executor: str | Any = "processes"
) -> StreetResult:
    """Run every community of a street once.

    Args:
        street: a shipped street's name, a street file's path, or a Street.
        seed: the street seed; community seeds come from ``community_seeds``.
        jobs: worker processes (1: in this process). The numbers do not depend on it.
        executor: an executor name of ``sim.experiments.executors`` or an executor object.

    Returns:
        The per-community table and the street's summary.

    Raises:
        ScenarioError: for a bad street, seed or ``jobs`` (before anything runs).
    """
    st = load_street(street)
    seed = check_seed(seed)
    jobs = check_count(jobs, "jobs")
    seeds = community_seeds(seed, len(st.communities))
    tasks = [(k, c.name, c.scenario, s) for k, (c, s) in enumerate(zip(st.communities, seeds, strict=True))]
    if st.shared is not None and st.shared.linked:  # its own processes: the communities talk every day
        rows, how = _linked_rows(tasks, st.shared, 1 if executor == "serial" else jobs)
    else:
        pool = make_executor(executor, workers=min(jobs, len(tasks)))
        with pool:
            rows = list(pool.map_unordered(_run_one, tasks))
            how = pool.describe()
    table = pd.DataFrame(rows).sort_values("position").reset_index(drop=True)
    table.insert(2, "extends", [c.extends for c in st.communities])
    meta = {"street": st.name, "source": st.source, "seed": seed, "seed_scheme": SEED_SCHEME, "executor": how}
    meta["versions"] = versions()
    return StreetResult(street=st, seed=seed, table=table, summary=street_summary(table), meta=meta)


def _native(value: Any) -> Any:
    """A JSON value: NaN as null, NumPy numbers as Python numbers."""
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def write_street(
    result: StreetResult,
    out_dir: str | os.PathLike,
    overwrite: bool = False,
    lang: str | None = None,
    extra_files: Mapping[str, bytes | str] | None = None,
):
    """Write ``communities.csv`` (one row per community), ``summary.json`` and ``extra_files``, all at once.

    Args:
        result: the street's run.
        out_dir: the folder to write (replaced only with ``overwrite``).
        overwrite: replace an existing non-empty folder.
        lang: the language of error messages.
        extra_files: more files by name, such as the street map drawn by the caller.

    Returns:
        The directory written.
    """
    summary = {
        "street": result.street.name,
        "title": result.street.title,
        **{k: _native(v) for k, v in result.summary.items()},
        "weighting": f"rates weighted by each community's {WEIGHT}",
        "meta": result.meta,
    }
    files = {
        "communities.csv": result.table.drop(columns="position").to_csv(index=False),
        "summary.json": json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
        **(extra_files or {}),
    }
    return write_files(out_dir, files, overwrite, lang)
