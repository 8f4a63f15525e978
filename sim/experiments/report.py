"""A self-contained HTML report of an experiment, in Chinese or English.

Figures are embedded as base64 PNG, tables as HTML; the report also holds the
experiment file, the package versions, the seed scheme and the run counts, so it can
be mailed or archived on its own. The page is the template ``sim/templates/experiment.html``
(on the kit's page frame, ``base.html``), filled in by ``sim.report.render_page`` with
every value escaped.

>>> from sim.experiments.report import write_analysis
>>> write_analysis("out/levers-small", lang="zh")   # doctest: +SKIP

``write_analysis`` writes, atomically, into the experiment directory: ``summary.csv``,
``differences.csv``, ``indices.csv`` (Sobol and Morris designs) and ``report.html``
(or ``report.zh.html`` / ``report.en.html`` when asked for by name). The targets are
checked before the analysis starts, every file is built in memory first, and the files
are renamed into place only when all of them are on disk, so an error while analysing or
writing leaves the previous files as they were.
"""

from __future__ import annotations

import difflib
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..files import check_out_file, write_together
from ..i18n import check_lang, format_ci, format_diff, format_value, in_lang, metric_label, param_label, t
from ..inputs import quote
from ..report import HtmlFigure, HtmlTable, html_figure, html_table, render_page
from ..report_page import png_bytes
from ..report_tables import ASSESSED, KEEPS_UP, paired_order
from .analysis import Analysis, analyze, marginal_effects
from .store import ExperimentStore, old_text, short_list
from .street_runs import GINI

MAX_ROWS = 200


def _figure(name: str, fig) -> HtmlFigure:
    return html_figure(name, png_bytes(fig, dpi=110))


def _table(df: pd.DataFrame, lang: str) -> HtmlTable:
    return html_table(df, limit=MAX_ROWS, more=t("report.exp.more_rows", lang, n=MAX_ROWS))


def _short(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return f"{value:.4g}"
    return str(value)


def _p(value: float) -> str:
    if value is None or np.isnan(value):
        return "–"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def value_text(metric: str, value: Any, lang: str | None = None) -> str:
    """A metric's value as people read it: rates as percentages, a street's Gini with three decimals."""
    if metric != GINI:
        return format_value(metric, value, lang)
    return "–" if value is None or np.isnan(value) else f"{value:.3f}"


def ci_text(metric: str, low: Any, high: Any, lang: str | None = None) -> str:
    """A 95% interval as ``[low, high]`` in the metric's form ("" when there is none)."""
    if metric != GINI:
        return format_ci(metric, low, high, lang)
    return "" if low is None or high is None or np.isnan(low) or np.isnan(high) else f"[{low:.3f}, {high:.3f}]"


def diff_text(metric: str, value: Any, lang: str | None = None) -> str:
    """A difference with its sign: rates in percentage points, a street's Gini with three decimals."""
    if metric != GINI:
        return format_diff(metric, value, lang)
    return "–" if value is None or np.isnan(value) else f"{value:+.3f}"


def street_line(meta: dict[str, Any], lang: str) -> str:
    """The street of a street experiment in one line: name, title, communities, households ("" for others)."""
    if meta.get("kind") != "street":
        return ""
    title = (meta.get("street_title") or {}).get(lang) or meta.get("street", "")
    households = f"{int(meta.get('households') or 0):,}"
    count = meta.get("communities", "")
    return t(
        "street_views.street_line", lang, name=meta.get("street", ""), title=title, count=count, households=households
    )


def in_paired_order(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of a long table (one per metric and point) with each assessed rate after its true rate."""
    if table.empty:
        return table
    order = {m: i for i, m in enumerate(paired_order(list(dict.fromkeys(table["metric"]))))}
    return table.sort_values("metric", key=lambda col: col.map(order), kind="stable")


def keeps_up_by_point(a: Analysis) -> dict[int, float] | None:
    """Per design point, the share of its replications that keep up; None when it was not recorded."""
    if KEEPS_UP not in a.metrics:
        return None
    part = a.summary[a.summary["metric"] == KEEPS_UP]
    return {int(p): float(v) for p, v in zip(part["point"], part["mean"], strict=True)}


def points_behind(a: Analysis) -> list[int] | None:
    """The design points where not every replication keeps up; None when it was not recorded."""
    shares = keeps_up_by_point(a)
    if shares is None:
        return None
    return [p for p, v in shares.items() if not np.isnan(v) and v < 1]


def keep_up_warning(a: Analysis, lang: str) -> str:
    """The warning naming the design points that cannot keep up ("" when all keep up or it is unknown)."""
    behind = points_behind(a)
    if not behind:
        return ""
    return t("report.exp.cannot_keep_up", lang, points=short_list([str(p) for p in behind]))


def summary_table(a: Analysis, lang: str) -> pd.DataFrame:
    """The per-point summary with readable columns; assessed rates next to true ones.

    When the experiment recorded ``keeps_up_share``, a column gives each point's share
    of replications that keep up, so a number from a point that cannot is read as such.
    """
    s = in_paired_order(a.summary)
    c = lambda k: t(f"report.exp.col.{k}", lang)  # noqa: E731
    out = pd.DataFrame(
        {
            c("metric"): [metric_label(m, lang) for m in s["metric"]],
            c("point"): s["point"].astype(int),
            **{f: [_short(v) for v in s[f]] for f in a.factors},
            c("n"): s["n"],
            c("mean"): [value_text(m, v, lang) for m, v in zip(s["metric"], s["mean"], strict=True)],
            c("ci"): [
                ci_text(m, lo, hi, lang) for m, lo, hi in zip(s["metric"], s["ci_low"], s["ci_high"], strict=True)
            ],
        }
    )
    shares = keeps_up_by_point(a)
    if shares is not None:
        out[c("keeps_up")] = [format_value(KEEPS_UP, shares.get(int(p)), lang) for p in s["point"]]
    return out


def differences_table(a: Analysis, lang: str) -> pd.DataFrame:
    """The differences from the baseline with readable columns; assessed rates next to true ones."""
    d = in_paired_order(a.differences)
    c = lambda k: t(f"report.exp.col.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            c("metric"): [metric_label(m, lang) for m in d["metric"]],
            c("point"): d["point"].astype(int),
            **{f: [_short(v) for v in d[f]] for f in a.factors},
            c("pairs"): d["pairs"],  # the replications the paired difference rests on
            c("diff"): [diff_text(m, v, lang) for m, v in zip(d["metric"], d["diff"], strict=True)],
            c("ci"): [
                f"[{diff_text(m, lo, lang)}, {diff_text(m, hi, lang)}]" if not np.isnan(lo) else "–"
                for m, lo, hi in zip(d["metric"], d["ci_low"], d["ci_high"], strict=True)
            ],
            c("p"): [_p(v) for v in d["p_value"]],
            c("p_holm"): [_p(v) for v in d["p_holm"]],
            c("excludes"): [t("report.exp.yes" if v else "report.exp.no", lang) for v in d["excludes_zero"]],
            c("direction"): [t(f"report.exp.dir.{v}", lang) for v in d["direction"]],
        }
    )


def indices_table(a: Analysis, lang: str) -> pd.DataFrame:
    """The Sobol or Morris indices with readable columns."""
    x = a.indices
    c = lambda k: t(f"report.exp.col.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            c("metric"): [metric_label(m, lang) for m in x["metric"]],
            c("factor"): [f"{param_label(f, lang)} ({f})" for f in x["factor"]],
            c("index"): x["index"].replace({"mu_star": "μ*", "sigma": "σ"}),
            c("value"): [f"{v:.3g}" for v in x["value"]],
            c("ci"): [
                "–" if np.isnan(lo) else f"[{lo:.3g}, {hi:.3g}]"
                for lo, hi in zip(x["ci_low"], x["ci_high"], strict=True)
            ],
        }
    )


def figures(a: Analysis, metric: str, lang: str) -> dict[str, Any]:
    """The report's figures for ``metric`` (name → matplotlib Figure)."""
    from ..viz import experiments as vx

    out: dict[str, Any] = {}
    if not a.differences.empty:
        out["effects"] = vx.effect_bars(a.differences, metric, a.factors, lang=lang)
    effects = marginal_effects(a.summary, a.factors, metric)
    if not effects.empty:
        out["tornado"] = vx.tornado(effects, metric, lang=lang)
    if not a.indices.empty:
        if a.method == "sobol":
            out["sobol"] = vx.sobol_bars(a.indices, metric, lang=lang)
        else:
            out["morris"] = vx.morris_plot(a.indices, metric, lang=lang)
    pair = [m for m in ("staff_hours", "resolution_time_median") if m in a.metrics]
    if len(pair) < 2 and len(a.metrics) >= 2:
        pair = [metric, next(m for m in a.metrics if m != metric)]
    if len(pair) == 2:
        out["tradeoff"] = vx.tradeoff(a.summary, pair[0], pair[1], baseline=a.baseline, lang=lang)
    return out


def build_html(a: Analysis, lang: str | None = None, metric: str | None = None) -> str:
    """The report as one self-contained HTML page."""
    lang = check_lang(lang)
    metric = metric or (a.metrics[0] if a.metrics else None)
    meta = a.meta
    rows = [
        ("report.exp.method", a.method),
        ("report.exp.points", meta.get("points")),
        ("report.exp.replications", meta.get("replications")),
        ("report.exp.seed", meta.get("seed")),
        ("report.exp.seed_scheme", meta.get("seed_scheme")),
        ("report.exp.status", t("report.exp.status_line", lang, **a.status)),
        ("report.exp.baseline", a.baseline),
    ]
    street = street_line(meta, lang)
    if street:
        rows.insert(0, ("report.exp.street", street))
    if a.damaged:
        line = t("experiment.report.damaged_line", lang, n=len(a.damaged), files=short_list(a.damaged))
        rows.append(("experiment.report.damaged", line))
    behind = points_behind(a)
    notes = [in_lang(note, lang) for note in a.notes]
    if behind is None:
        if not street:  # a street experiment cannot record it
            notes.append(t("report.exp.keeps_up_unknown", lang))
    else:
        shown = in_lang(short_list([str(p) for p in behind]), lang) if behind else t("word.none", lang)
        rows.append(("report.exp.behind", shown))
    if any(m in a.metrics for m in ASSESSED.values()):
        notes.append(t("report.exp.assessed_note", lang))
    figs: dict[str, Any] = {}
    if metric is not None:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*(tight|constrained).*")
            figs = figures(a, metric, lang)
    return render_page(
        "experiment.html",
        lang,
        title=t("report.exp.title", lang, name=meta.get("name", "")),
        warnings=[keep_up_warning(a, lang)],
        overview=[(t(k, lang), str(v)) for k, v in rows],
        notes=notes,
        figures=[_figure(name, fig) for name, fig in figs.items()],
        summary=_table(summary_table(a, lang), lang),
        differences=_table(differences_table(a, lang), lang),
        indices=None if a.indices.empty else _table(indices_table(a, lang), lang),
        method=a.method,
        experiment_file=old_text(a.path),
        versions=[(str(k), str(v)) for k, v in (meta.get("versions") or {}).items()],
    )


def _csv(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


def write_analysis(
    path: str | os.PathLike,
    lang: str | None = None,
    metric: str | None = None,
    baseline: int | None = None,
    report_name: str = "report.html",
    analysis: Analysis | None = None,
) -> tuple[Analysis, list[Path]]:
    """Analyse the experiment in ``path`` and write the tables and the report into it.

    The experiment's files and the targets are checked first; the files are written to
    temporary names and renamed into place only when every one of them is complete.

    Returns:
        The analysis and the files written.

    Raises:
        ScenarioError: for a directory that holds no experiment, a damaged file that
            describes it, a target that cannot be written, or an unknown ``metric``.
    """
    root = Path(path)
    if analysis is None:
        ExperimentStore(root).verify()
    names = ["summary.csv", "differences.csv", "indices.csv", report_name]
    for name in names:
        check_out_file(root / name, lang, option="experiment analyze")
    a = analysis or analyze(path, baseline)
    if metric is not None and metric not in a.metrics:
        close = difflib.get_close_matches(metric[:100], a.metrics, n=3) or a.metrics
        raise ScenarioError.keyed("report.exp.bad_metric", metric=quote(metric), choices=short_list(close))
    files = {"summary.csv": _csv(a.summary), "differences.csv": _csv(a.differences)}
    if not a.indices.empty:
        files["indices.csv"] = _csv(a.indices)
    files[report_name] = build_html(a, lang, metric)
    return a, write_together(root, files, lang)
