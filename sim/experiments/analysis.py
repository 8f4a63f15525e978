"""Analysis of an experiment's results.

* ``point_summary``: mean and 95% t-interval per design point and metric;
* ``differences``: each point minus a baseline point, paired by replication (every point
  uses the same replication seeds: common random numbers), with t-intervals and
  Holm-adjusted p-values;
* ``marginal_effects``: mean of a metric at each factor's low and high setting (tornado);
* ``sensitivity_indices``: Sobol S1/ST or Morris mu*/sigma from the per-point means;
* ``analyze``: all of the above at once (used by ``experiment analyze`` and the report).

Every function checks the files it reads (``ExperimentStore``): a damaged meta.json,
design or stored experiment file stops it with one message naming the file and how to
repair it; damaged run files are left out and listed (``Analysis.damaged``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..i18n import TABLE, Note
from ..inputs import quote
from ..model.metrics import BETTER
from ..run import t_ci
from ..text import Part
from .store import ExperimentStore, load_results
from .street_runs import STREET_BETTER

# Which way is better, for the model's metrics and a street's (a smaller Gini: communities more alike).
DIRECTIONS = {**BETTER, **STREET_BETTER}

COLUMNS = ("point", "metric", "n", "errors", "mean", "ci_low", "ci_high")


def point_summary(path: str | os.PathLike, runs: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Mean and 95% t-interval over replications, per design point and metric.

    Failed runs are counted in ``errors`` and left out of the statistics; damaged run
    files are left out altogether.

    Args:
        path: the experiment directory.
        runs: its runs, when already read (``load_results``).

    Returns:
        The long table (point, factor values, metric, n, errors, mean, ci_low, ci_high)
        and the factor names.
    """
    runs = load_results(path) if runs is None else runs
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


# ------------------------------------------------------------------ differences ----------
DIFF_COLUMNS = (
    "metric",
    "baseline",
    "n",
    "n_baseline",
    "pairs",
    "mean",
    "mean_baseline",
    "diff",
    "ci_low",
    "ci_high",
    "p_value",
    "p_holm",
    "excludes_zero",
    "direction",
)


def holm(pvalues: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment of p-values (missing values stay missing).

    The k-th smallest of m p-values is multiplied by ``m - k + 1``; the adjusted values
    are made non-decreasing in that order and capped at 1.
    """
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    adjusted = np.maximum.accumulate(p[order] * (m - np.arange(m)))
    out[order] = np.minimum(adjusted, 1.0)
    return out


def paired(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> tuple[float, float, float, float]:
    """Mean of the paired differences ``a - b``, its t-interval and two-sided p-value.

    ``a`` and ``b`` hold the same replications in the same order (NaN where there is no
    value); only the replications with both values count. When the differences do not
    vary the result is exact: the interval is the difference itself and p is 0 (different)
    or 1 (equal). With fewer than two pairs no interval is possible (NaN).
    """
    from scipy import stats

    both = ~np.isnan(a) & ~np.isnan(b)
    d = a[both] - b[both]
    if len(d) == 0:
        return np.nan, np.nan, np.nan, np.nan
    mean = float(d.mean())
    if len(d) < 2:
        return mean, np.nan, np.nan, np.nan
    if np.all(d == d[0]):
        return mean, mean, mean, (0.0 if mean != 0 else 1.0)
    se = float(d.std(ddof=1) / np.sqrt(len(d)))
    df = len(d) - 1
    half = float(stats.t.ppf(0.5 + level / 2, df) * se)
    p = float(2 * stats.t.sf(abs(mean) / se, df))
    return mean, mean - half, mean + half, p


def _mean(values: np.ndarray) -> float:
    """The mean of the values that are not NaN; NaN when there are none (a metric undefined in every run)."""
    v = values[~np.isnan(values)]
    return float(v.mean()) if len(v) else np.nan


def _numeric(col: pd.Series) -> bool:
    """Whether a factor column holds numbers (not true/false, not choices of any string dtype)."""
    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)


def baseline_point(path: str | os.PathLike) -> int:
    """The design point whose factor values equal the base scenario's, else point 0.

    For a street experiment, the point whose values every community has as the street
    stands (meta.json's ``base_values``); point 0 when the communities differ in a factor.
    """
    store = ExperimentStore(path)
    design = store.design()
    factors = [c for c in design.columns if c != "point"]
    try:
        params = store.meta().get("base_values") if store.is_street() else store.spec().scenario.params
    except Exception:  # noqa: BLE001 - a base scenario that cannot be read back: fall back to point 0
        params = None
    if not isinstance(params, dict) or not all(f in params for f in factors):
        return int(design["point"].iloc[0]) if len(design) else 0
    mask = np.ones(len(design), dtype=bool)
    for f in factors:
        base = params.get(f)
        col = design[f]
        if isinstance(base, (bool, str)) or not _numeric(col):
            mask &= np.array([v == base for v in col])
        else:
            mask &= np.isclose(col.to_numpy(dtype=float), float(base))
    hits = design.loc[mask, "point"]
    return int(hits.iloc[0]) if len(hits) else 0


def differences(
    path: str | os.PathLike, baseline: int | None = None, runs: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, int]:
    """Difference of each design point from the baseline point, per metric, paired by replication.

    Replication ``rep`` has the same seed at every point (``SeedSequence([master, rep])``,
    common random numbers), so the difference is the mean over replications of ``point −
    baseline`` in the same replication, taken over the ``pairs`` of replications that
    succeeded at both; its t-interval (95%) and p-value come from those differences, with
    Holm's adjustment over the points of each metric. ``n``/``n_baseline`` and
    ``mean``/``mean_baseline`` count and average all successful runs of each point (with
    no failed run, ``diff`` is ``mean - mean_baseline``). ``excludes_zero`` is True when the
    Holm-adjusted p-value is below 0.05; ``direction`` reads the difference with
    ``DIRECTIONS`` (``better``, ``worse``, ``higher``/``lower`` for metrics without a
    direction, or ``unclear`` when zero is not excluded).

    Returns:
        The table (point, factor values, then ``DIFF_COLUMNS``) and the baseline point.
    """
    store = ExperimentStore(path)
    runs = load_results(path) if runs is None else runs
    design = store.design()
    factors = [c for c in design.columns if c != "point"]
    metrics = [m for m in store.meta().get("metrics", []) if m in runs.columns]
    if baseline is None:
        baseline = baseline_point(path)
    if baseline not in set(design["point"].astype(int)):
        raise ScenarioError.keyed("experiment.analysis.no_point", point=quote(baseline), last=len(design) - 1)
    ok = runs[runs["status"] == "ok"]
    groups = {int(p): part.set_index("rep") for p, part in ok.groupby("point", sort=True)}
    none = pd.Series(dtype=float)
    rows = []
    for metric in metrics:
        b = groups[baseline][metric].astype(float) if baseline in groups else none
        block = []
        for point in design["point"].astype(int):
            if point == baseline:
                continue
            a = groups[point][metric].astype(float) if point in groups else none
            both = pd.concat([a, b], axis=1, join="inner").to_numpy(dtype=float)  # the replications of both
            d, lo, hi, p = paired(both[:, 0], both[:, 1])
            values = design.loc[design["point"] == point, factors].iloc[0].to_dict()
            block.append(
                {
                    "point": point,
                    **values,
                    "metric": metric,
                    "baseline": baseline,
                    "n": int(a.notna().sum()),
                    "n_baseline": int(b.notna().sum()),
                    "pairs": int((~np.isnan(both)).all(axis=1).sum()),
                    "mean": _mean(a.to_numpy()),
                    "mean_baseline": _mean(b.to_numpy()),
                    "diff": d,
                    "ci_low": lo,
                    "ci_high": hi,
                    "p_value": p,
                }
            )
        adjusted = holm([r["p_value"] for r in block])
        for r, q in zip(block, adjusted, strict=True):
            r["p_holm"] = q
            r["excludes_zero"] = bool(q < 0.05) if not np.isnan(q) else False
            sign = DIRECTIONS.get(metric, 0)
            if not r["excludes_zero"]:
                r["direction"] = "unclear"
            elif sign == 0:
                r["direction"] = "higher" if r["diff"] > 0 else "lower"
            else:
                r["direction"] = "better" if r["diff"] * sign > 0 else "worse"
        rows += block
    cols = ["point", *factors, *DIFF_COLUMNS]
    return pd.DataFrame(rows, columns=cols), baseline


# ------------------------------------------------------------------ marginal means -------
def marginal_effects(summary: pd.DataFrame, factors: Sequence[str], metric: str) -> pd.DataFrame:
    """Per factor: the mean of ``metric`` over the design points at its low and high setting.

    Factors with few levels (factorial designs, true/false, choices) use their lowest and
    highest level; sampled numeric factors split the points at the median (low half,
    high half). ``range`` is ``high - low``; rows are sorted by its size.
    """
    part = summary[summary["metric"] == metric]
    rows = []
    for f in factors:
        col = part[f]
        values = sorted(col.dropna().unique(), key=lambda v: (str(type(v)), v))
        if len(values) < 2:
            continue
        if len(values) <= 5 or not _numeric(col):
            lo_mask, hi_mask = col == values[0], col == values[-1]
            low_label, high_label = values[0], values[-1]
        else:
            x = col.to_numpy(dtype=float)
            med = float(np.median(x))
            lo_mask, hi_mask = x <= med, x > med
            low_label, high_label = float(x[lo_mask].mean()), float(x[hi_mask].mean())
        low, high = float(part.loc[lo_mask, "mean"].mean()), float(part.loc[hi_mask, "mean"].mean())
        rows.append(
            {
                "factor": f,
                "metric": metric,
                "low_value": low_label,
                "high_value": high_label,
                "low": low,
                "high": high,
                "range": high - low,
            }
        )
    df = pd.DataFrame(rows, columns=["factor", "metric", "low_value", "high_value", "low", "high", "range"])
    return df.reindex(df["range"].abs().sort_values(ascending=False).index).reset_index(drop=True)


# ------------------------------------------------------------------ Sobol / Morris -------
INDEX_COLUMNS = ("metric", "method", "factor", "index", "value", "conf", "ci_low", "ci_high")


def _point_means(summary: pd.DataFrame, metric: str, n_points: int) -> np.ndarray | None:
    """The per-point means of ``metric`` in point order, or None when a point has none."""
    part = summary[summary["metric"] == metric].set_index("point")["mean"]
    y = part.reindex(range(n_points)).to_numpy(dtype=float)
    return None if np.isnan(y).any() else y


def sensitivity_indices(
    path: str | os.PathLike, summary: pd.DataFrame | None = None, seed: int = 0
) -> tuple[pd.DataFrame, list[str]]:
    """Sobol (S1, ST) or Morris (mu_star, sigma) indices per metric from the per-point means.

    The stored SALib ``problem`` and the point order (row ``point`` of the sampler's
    matrix) pair the results with the design. ``conf`` is SALib's half-width of the 95%
    interval (bootstrap); ``ci_low``/``ci_high`` are ``value ∓ conf``.

    Returns:
        The long table (``INDEX_COLUMNS``) — empty for factorial and LHS designs — and
        notes on metrics left out (e.g. a design point with no successful run).
    """
    import warnings

    store = ExperimentStore(path)
    info = store.design_info()
    method = info.get("method")
    if method not in ("sobol", "morris") or not info.get("problem"):
        return pd.DataFrame(columns=INDEX_COLUMNS), []
    if summary is None:
        summary, _ = point_summary(path)
    problem = dict(info["problem"])
    problem["bounds"] = [list(map(float, b)) for b in problem["bounds"]]
    names = list(problem["names"])
    options = info.get("options") or {}
    n_points = int(store.meta()["points"])
    rows, notes = [], []
    metrics = [m for m in store.meta().get("metrics", []) if m in set(summary["metric"])]
    for metric in metrics:
        y = _point_means(summary, metric, n_points)
        if y is None:
            label = Part(f"metric.{metric}") if f"metric.{metric}" in TABLE else metric
            notes.append(Note("experiment.note.no_indices", metric=label))
            continue
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            if method == "sobol":
                from SALib.analyze import sobol

                res = sobol.analyze(
                    problem,
                    y,
                    calc_second_order=bool(options.get("second_order", True)),
                    conf_level=0.95,
                    seed=seed,
                )
                pairs = (("S1", "S1_conf"), ("ST", "ST_conf"))
            else:
                from SALib.analyze import morris

                x = store.samples()[names].to_numpy(dtype=float)
                res = morris.analyze(
                    problem, x, y, num_levels=int(options.get("levels", 4)), conf_level=0.95, seed=seed
                )
                pairs = (("mu_star", "mu_star_conf"), ("sigma", None))
        for j, factor in enumerate(names):
            for key, conf_key in pairs:
                value = float(np.asarray(res[key])[j])
                conf = float(np.asarray(res[conf_key])[j]) if conf_key else np.nan
                rows.append(
                    {
                        "metric": metric,
                        "method": method,
                        "factor": factor,
                        "index": key,
                        "value": value,
                        "conf": conf,
                        "ci_low": value - conf if conf_key else np.nan,
                        "ci_high": value + conf if conf_key else np.nan,
                    }
                )
    return pd.DataFrame(rows, columns=INDEX_COLUMNS), notes


# ------------------------------------------------------------------ all together ---------
@dataclass
class Analysis:
    """Everything ``experiment analyze`` computes for one experiment directory.

    Attributes:
        path: the directory.
        summary: mean and 95% CI per point and metric (``point_summary``).
        differences: differences from the baseline point (``differences``).
        indices: Sobol or Morris indices (``sensitivity_indices``); empty otherwise.
        factors: the factor names.
        metrics: the metrics analysed.
        baseline: the baseline point.
        method: the design method.
        meta: the contents of meta.json.
        status: run counts (done, error, missing).
        notes: remarks (e.g. metrics without indices), each a ``sim.i18n.Note``: the
            English text, with ``note.text("zh")`` its Chinese.
        damaged: run files that could not be read and were left out.
    """

    path: Path
    summary: pd.DataFrame
    differences: pd.DataFrame
    indices: pd.DataFrame
    factors: list[str]
    metrics: list[str]
    baseline: int
    method: str
    meta: dict[str, Any]
    status: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)


def analyze(path: str | os.PathLike, baseline: int | None = None) -> Analysis:
    """Summary, differences from the baseline and (Sobol/Morris) sensitivity indices.

    Raises:
        ScenarioError: when ``path`` holds no experiment or a file that describes it is
            damaged (damaged run files are left out and listed instead).
    """
    store = ExperimentStore(path)
    meta = store.verify()
    runs = store.results()
    damaged = list(runs.attrs.get("damaged", []))
    summary, factors = point_summary(path, runs)
    diffs, base = differences(path, baseline, runs)
    indices, notes = sensitivity_indices(path, summary, seed=int(meta.get("seed", 0)))
    metrics = [m for m in meta.get("metrics", []) if m in set(summary["metric"])]
    return Analysis(
        path=Path(path),
        summary=summary,
        differences=diffs,
        indices=indices,
        factors=factors,
        metrics=metrics,
        baseline=base,
        method=str(meta.get("method")),
        meta=meta,
        status=store.status(),
        notes=notes,
        damaged=damaged,
    )
