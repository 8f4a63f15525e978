"""Compare streets: each run on the same street seeds, the street's metrics with intervals.

>>> from sim.street.compare import compare_streets
>>> comparison = compare_streets(["street-10", "my-street.toml"], reps=5)   # doctest: +SKIP
>>> comparison.table   # per metric and street: mean, 95% CI, paired difference from the first

Seeds (common random numbers): run ``r`` of every street uses the street seed
``sim.run.replication_seed(seed, r)`` (``SeedSequence([seed, r])`` as one 32-bit number,
the scheme ``community-1234 compare`` uses for scenarios), and within a street community
``k`` gets its seed from that street seed and its position (``sim.street.community_seeds``).
So the community at position ``k`` sees the same random numbers in every street, and a
difference between two streets comes from what differs between them, not from luck.

One task is one street run (``run_street`` in a worker, serially inside), so a street
whose communities share help and run in step is handled as it is when run alone; the
numbers never depend on ``jobs``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..experiments.executors import make_executor
from ..files import check_out_dir, write_files
from ..i18n import TABLE, check_lang, format_ci, format_diff, format_value, metric_label, scenario_title, t
from ..inputs import check_count, check_runs, check_seed
from ..report_page import html_figure, html_pairs, html_table, png_bytes, render_page
from ..report_tables import diff_ci
from ..run import replication_seed, summarise, versions
from ..text import Part
from .run import RATES, StreetResult, run_street
from .spec import Street, load_street

# The street metrics compared, in the order they are shown.
STREET_METRICS = (*RATES, "worst_on_time_closure_rate", "gini_on_time_closure_rate")
# Which way is better: +1 higher, -1 lower (a smaller Gini: communities more alike).
DIRECTION = {**dict.fromkeys(RATES, 1), "worst_on_time_closure_rate": 1, "gini_on_time_closure_rate": -1}
GINI = "gini_on_time_closure_rate"
MAX_REPS = 1_000
REP_SCHEME = "street seed of run r: sim.run.replication_seed(seed, r) = SeedSequence([seed, r]) as one uint32"
FILES = ("runs.csv", "communities.csv", "comparison.csv", "comparison.png", "meta.json", "report.html")


@dataclass
class StreetComparison:
    """Replicated runs of several streets and their comparison.

    Attributes:
        streets: the streets, in the order given (a name used twice gets ``#1``, ``#2``).
        runs: one row per (street, run): ``street``, ``rep``, ``seed`` (the street seed)
            and the street's summary (``StreetResult.summary``).
        communities: one row per (street, run, community): ``street``, ``rep`` and the
            street's per-community table.
        table: per metric of ``STREET_METRICS`` and street: mean, 95% CI, and the
            difference from the first street with its 95% CI (paired over the runs).
        meta: seed, runs, seed scheme, executor and package versions.
    """

    streets: list[Street]
    runs: pd.DataFrame
    communities: pd.DataFrame
    table: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """The streets' names, in order."""
        return [s.name for s in self.streets]

    def result(self, street: int, rep: int = 0) -> StreetResult:
        """One run of one street (by position in ``streets``) as ``run_street`` returned it."""
        st = self.streets[street]
        row = self.runs[(self.runs["street"] == st.name) & (self.runs["rep"] == rep)].iloc[0]
        part = self.communities[(self.communities["street"] == st.name) & (self.communities["rep"] == rep)]
        table = part.drop(columns=["street", "rep"]).reset_index(drop=True)
        summary = row.drop(labels=["street", "rep", "seed"]).to_dict()
        return StreetResult(street=st, seed=int(row["seed"]), table=table, summary=summary, meta=dict(self.meta))


def _run_task(task: tuple[int, int, int, Street]) -> tuple[int, int, int, pd.DataFrame, dict[str, Any]]:
    """Run one street once (a worker's task, picklable); return its position, run, seed, table and summary."""
    position, rep, seed, street = task
    result = run_street(street, seed=seed, jobs=1, executor="serial")
    return position, rep, seed, result.table, result.summary


def _unique(streets: list[Street]) -> list[Street]:
    names = [s.name for s in streets]
    if len(set(names)) == len(names):
        return streets
    return [replace(s, name=f"{s.name}#{i + 1}") for i, s in enumerate(streets)]


def compare_streets(
    streets: Iterable[str | Path | Street],
    reps: int = 5,
    seed: int = 0,
    jobs: int = 1,
    executor: str | Any = "processes",
    progress: Callable[[int, int], None] | None = None,
    max_runs: int | None = None,
) -> StreetComparison:
    """Run each street ``reps`` times on common seeds and compare it with the first.

    Args:
        streets: two or more streets (shipped names, street files or ``Street`` objects).
        reps: runs of each street, 1 to ``MAX_REPS``.
        seed: the master seed; run ``r`` of every street has the street seed
            ``replication_seed(seed, r)``.
        jobs: worker processes (1: in this process). The numbers do not depend on it.
        executor: an executor name of ``sim.experiments.executors`` or an executor object.
        progress: called as ``progress(done, total)`` after each street run.
        max_runs: the most community runs allowed (default ``sim.inputs.DEFAULT_MAX_RUNS``).

    Returns:
        The runs, the per-community tables and the comparison table.

    Raises:
        ScenarioError: for a bad street, fewer than two streets, a bad ``reps``, ``seed``
            or ``jobs``, or too many community runs (all before anything runs).
    """
    loaded = _unique([load_street(s) for s in streets])
    if len(loaded) < 2:
        raise ScenarioError.keyed("street_views.too_few", count=len(loaded))
    reps = check_count(reps, "reps", 1, MAX_REPS)
    seed = check_seed(seed)
    jobs = check_count(jobs, "jobs")
    check_runs(reps * sum(len(s.communities) for s in loaded), Part("error.runs.communities", reps="reps"), max_runs)
    seeds = [replication_seed(seed, r) for r in range(reps)]
    tasks = [(i, r, seeds[r], st) for r in range(reps) for i, st in enumerate(loaded)]
    rows, tables = [], []
    pool = make_executor(executor, workers=min(jobs, len(tasks)))
    with pool:
        for done, (i, r, s, table, summary) in enumerate(pool.map_unordered(_run_task, tasks), 1):
            name = loaded[i].name
            rows.append({"street": name, "rep": r, "seed": s, **summary})
            tables.append(table.assign(street=name, rep=r))
            if progress:
                progress(done, len(tasks))
        how = pool.describe()
    order = {name: k for k, name in enumerate(s.name for s in loaded)}
    runs = pd.DataFrame(rows)
    for m in STREET_METRICS:  # a street where no case fell due has no worst community nor Gini
        if m not in runs:
            runs[m] = np.nan
    runs = runs.sort_values(["street", "rep"], key=_by(order))
    runs = runs.reset_index(drop=True)
    communities = pd.concat(tables, ignore_index=True)
    communities = communities.sort_values(["street", "rep", "position"], key=_by(order)).reset_index(drop=True)
    communities = communities[["street", "rep", *[c for c in communities.columns if c not in ("street", "rep")]]]
    names = [s.name for s in loaded]
    table = summarise(runs.rename(columns={"street": "scenario"}), names, STREET_METRICS)
    table = table.rename(columns={"scenario": "street"})
    meta = {
        "streets": names,
        "sources": [s.source for s in loaded],
        "reps": reps,
        "seed": seed,
        "seed_scheme": REP_SCHEME,
        "executor": how,
        "versions": versions(),
    }
    return StreetComparison(streets=loaded, runs=runs, communities=communities, table=table, meta=meta)


def _by(order: Mapping[str, int]) -> Callable[[pd.Series], pd.Series]:
    return lambda c: c.map(order) if c.name == "street" else c


# ------------------------------------------------------------------- as text -------------
def metric_name(metric: str, lang: str | None = None) -> str:
    """The label of a street metric in ``lang`` (the rates as the kit names them)."""
    key = f"street_views.metric.{metric}"
    return t(key, lang) if key in TABLE else metric_label(metric, lang, unit=False)


def value_text(metric: str, value: Any, lang: str | None = None) -> str:
    """A street metric's value as people read it: rates as percentages, the Gini with three decimals."""
    if metric != GINI:
        return format_value(metric, value, lang)
    return "–" if value is None or np.isnan(value) else f"{value:.3f}"


def _ci_text(metric: str, low: float, high: float, lang: str) -> str:
    if metric != GINI:
        return format_ci(metric, low, high, lang)
    return "" if np.isnan(low) or np.isnan(high) else f"[{low:.3f}, {high:.3f}]"


def _diff_text(metric: str, diff: float, low: float, high: float, lang: str) -> str:
    if metric == GINI:
        interval = "" if np.isnan(low) or np.isnan(high) else f"[{low:+.3f}, {high:+.3f}]"
        text = f"{diff:+.3f} {interval}"
    else:
        text = f"{format_diff(metric, diff, lang)} {diff_ci(metric, low, high, lang)}"
    return f"{text} {verdict(metric, low, high, lang)}".strip()


def verdict(metric: str, low: float, high: float, lang: str | None = None) -> str:
    """The word "better" or "worse" when a difference's 95% interval excludes 0 (``DIRECTION``: which way), else ""."""
    if np.isnan(low) or np.isnan(high) or low <= 0 <= high:
        return ""
    return t("word.better", lang) if (low > 0) == (DIRECTION[metric] > 0) else t("word.worse", lang)


def comparison_frame(comparison: StreetComparison, lang: str | None = None) -> pd.DataFrame:
    """The comparison as printable text: one row per street metric.

    Columns: each street's mean with its 95% CI, then for every street after the first
    its paired difference from the first, with CI and "better"/"worse" when the CI
    excludes 0.
    """
    lang = check_lang(lang)
    table = comparison.table.set_index(["metric", "street"])
    names = comparison.names
    rows = {}
    for m in STREET_METRICS:
        row = {}
        for name in names:
            r = table.loc[(m, name)]
            row[name] = f"{value_text(m, r['mean'], lang)} {_ci_text(m, r['ci_low'], r['ci_high'], lang)}".strip()
        for name in names[1:]:
            r = table.loc[(m, name)]
            column = t("word.diff_vs", lang, name=names[0]) + ("" if len(names) == 2 else f": {name}")
            row[column] = _diff_text(m, r["diff"], r["diff_low"], r["diff_high"], lang)
        rows[metric_name(m, lang)] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def street_lines(comparison: StreetComparison, lang: str | None = None) -> list[str]:
    """One line per street: its name, title, communities and households."""
    return [
        t(
            "street_views.street_line",
            lang,
            name=s.name,
            title=scenario_title(s, lang),
            count=len(s.communities),
            households=f"{s.households:,}",
        )
        for s in comparison.streets
    ]


def header(comparison: StreetComparison, lang: str | None = None) -> str:
    """The comparison's first line: how many streets, runs and the master seed."""
    meta = comparison.meta
    return t("street_views.header", lang, n=len(comparison.streets), reps=meta["reps"], seed=meta["seed"])


# ------------------------------------------------------------------- files ---------------
def _csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def _notes(names: Sequence[str], lang: str) -> list[tuple[str, str]]:
    keys = {
        "runs.csv": "street_views.file.runs",
        "communities.csv": "street_views.file.communities",
        "comparison.csv": "street_views.file.comparison",
        "comparison.png": "street_views.file.comparison_png",
        "meta.json": "street_views.file.meta",
        "report.html": "street_views.file.report",
    }
    out = []
    for name in names:
        if name in keys:
            out.append((name, t(keys[name], lang)))
        elif name.startswith("map-"):
            out.append((name, t("street_views.file.map", lang, n=name[4:-4])))
    return out


def _page(comparison: StreetComparison, lang: str, files: Mapping[str, bytes], names: list[str]) -> str:
    maps = [n for n in files if n.startswith("map-")]
    notes = dict(_notes(names, lang))
    return render_page(
        "street_compare.html",
        lang,
        t("street_views.page_title", lang),
        lead=[header(comparison, lang)],
        streets=street_lines(comparison, lang),
        comparison=html_table(
            comparison_frame(comparison, lang), t("word.metric", lang), note=t("street_views.note", lang)
        ),
        figures=[html_figure("comparison.png", files["comparison.png"], notes["comparison.png"])],
        example_seed=int(comparison.runs.loc[comparison.runs["rep"] == 0, "seed"].iloc[0]),
        maps=[html_figure(n, files[n], notes[n]) for n in maps],
        files=_notes(names, lang),
        versions=html_pairs(comparison.meta.get("versions")),
    )


def comparison_files(
    comparison: StreetComparison, lang: str | None = None, extra_meta: Mapping[str, Any] | None = None
) -> dict[str, bytes]:
    """Every file of a street comparison's output folder, in memory (name → bytes)."""
    from ..viz.street import street_comparison_chart, street_map

    lang = check_lang(lang)
    files: dict[str, bytes] = {}
    files["runs.csv"] = _csv(comparison.runs)
    files["communities.csv"] = _csv(comparison.communities)
    table = comparison.table.copy()
    table.insert(1, "label", [metric_name(m, lang) for m in table["metric"]])
    files["comparison.csv"] = _csv(table)
    files["comparison.png"] = png_bytes(street_comparison_chart(comparison, lang=lang))
    for i in range(len(comparison.streets)):
        files[f"map-{i + 1}.png"] = png_bytes(street_map(comparison.result(i, 0), lang=lang))
    names = [*files, "meta.json", "report.html"]
    meta = {
        **comparison.meta,
        "kind": "street-comparison",
        "titles": [dict(s.title) for s in comparison.streets],
        "lang": lang,
        **(extra_meta or {}),
        "files": names,
    }
    files["meta.json"] = (json.dumps(meta, ensure_ascii=False, indent=2, default=_json_value) + "\n").encode("utf-8")
    files["report.html"] = _page(comparison, lang, files, names).encode("utf-8")
    return files


def write_street_comparison(
    comparison: StreetComparison,
    out_dir: str | os.PathLike,
    overwrite: bool = False,
    lang: str | None = None,
    extra_meta: Mapping[str, Any] | None = None,
) -> Path:
    """Write a street comparison's folder all at once (see ``sim.files`` for the rules).

    Files: runs.csv, communities.csv, comparison.csv, comparison.png, map-N.png (the
    street map of street N in its first run), meta.json and report.html.

    Returns:
        The folder written.

    Raises:
        OutputError: when ``out_dir`` cannot be used.
    """
    check_out_dir(out_dir, overwrite, lang)
    return write_files(out_dir, comparison_files(comparison, lang, extra_meta), overwrite, lang)


__all__ = [
    "DIRECTION",
    "MAX_REPS",
    "STREET_METRICS",
    "StreetComparison",
    "compare_streets",
    "comparison_files",
    "comparison_frame",
    "metric_name",
    "value_text",
    "verdict",
    "write_street_comparison",
]
