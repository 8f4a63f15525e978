"""First look at an experiment's results: mean and 95% CI per design point and metric.

A fuller analysis (differences from a baseline, multiple comparisons, Sobol and Morris
indices, plots and a report) builds on ``load_results`` and the stored design.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..run import t_ci
from .store import ExperimentStore, load_results

COLUMNS = ("point", "metric", "n", "errors", "mean", "ci_low", "ci_high")


def point_summary(path: str | os.PathLike) -> tuple[pd.DataFrame, list[str]]:
    """Mean and 95% t-interval over replications, per design point and metric.

    Failed runs are counted in ``errors`` and left out of the statistics.

    Returns:
        The long table (point, factor values, metric, n, errors, mean, ci_low, ci_high)
        and the factor names.
    """
    runs = load_results(path)
    store = ExperimentStore(path)
    meta = store.meta()
    factors = [c for c in store.design().columns if c != "point"]
    metrics = [m for m in meta.get("metrics", []) if m in runs.columns]
    rows = []
    for point, part in runs.groupby("point", sort=True):
        ok = part[part["status"] == "ok"]
        errors = int((part["status"] == "error").sum())
        values = {f: part[f].iloc[0] for f in factors}
        for metric in metrics:
            v = ok[metric].to_numpy(dtype=float)
            mean, lo, hi = t_ci(v) if len(v) else (np.nan, np.nan, np.nan)
            if metric.endswith(("_rate", "_share")) and not np.isnan(lo):
                lo, hi = max(lo, 0.0), min(hi, 1.0)
            n = int((~np.isnan(v)).sum())
            rows.append(
                {
                    "point": int(point),
                    **values,
                    "metric": metric,
                    "n": n,
                    "errors": errors,
                    "mean": mean,
                    "ci_low": lo,
                    "ci_high": hi,
                }
            )
    cols = ["point", *factors, *COLUMNS[1:]]
    table = pd.DataFrame(rows, columns=cols)
    if not table.empty:
        order = {m: i for i, m in enumerate(metrics)}
        table = table.sort_values(["metric", "point"], key=lambda s: s.map(order) if s.name == "metric" else s)
        table = table.reset_index(drop=True)
    return table, factors
