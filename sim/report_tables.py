"""Results as text for people: metric tables, breakdowns, the comparison table and scenario facts.

The same frames are printed by the command line, written into README.md (as Markdown)
and shown on the web pages (through ``sim.report_page.html_table``).

>>> from sim import run
>>> print(summary_frame(run("baseline", seed=1).summary, lang="en"))   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .i18n import (
    category_label,
    check_lang,
    format_ci,
    format_diff,
    format_value,
    is_percent,
    metric_label,
    scenario_title,
    t,
)
from .model.metrics import BETTER, METRICS
from .run import Comparison
from .toml_text import toml_value

# Metrics shown per category or grid by ``breakdown_frame``.
BREAKDOWN_METRICS = (
    "issues_arisen",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "on_time_closure_rate",
    "rework_rate",
    "resolution_time_median",
    "resolution_time_p90",
    "proactive_share",
)


# ------------------------------------------------------------------- metric tables -------
def summary_frame(summary: pd.Series, lang: str | None = None, metrics: Sequence[str] = METRICS) -> pd.DataFrame:
    """Format a run's metrics as printable text: label and formatted value, one row per metric."""
    lang = check_lang(lang)
    rows = [(metric_label(m, lang), format_value(m, summary.get(m), lang)) for m in metrics if m in summary.index]
    return pd.DataFrame(rows, columns=[t("word.metric", lang), t("word.value", lang)]).set_index(t("word.metric", lang))


def breakdown_frame(
    table: pd.DataFrame, by: str, lang: str | None = None, metrics: Sequence[str] = BREAKDOWN_METRICS
) -> pd.DataFrame:
    """Format per-category or per-grid metrics as printable text."""
    lang = check_lang(lang)
    keys = [key_label(by, k, lang) for k in table[by]]
    data = {metric_label(m, lang): [format_value(m, v, lang) for v in table[m]] for m in metrics if m in table.columns}
    return pd.DataFrame(data, index=pd.Index(keys, name=t("word.category", lang) if by == "category" else None))


def key_label(by: str, key: Any, lang: str) -> str:
    """The label of one row of a breakdown: a category's name or "grid N" (grids counted from 1)."""
    if by == "category":
        return category_label(str(key), lang)
    if by == "grid":
        return t("word.grid", lang, n=int(key) + 1)
    return str(key)


def _verdict(metric: str, low: float, high: float, lang: str) -> str:
    direction = BETTER.get(metric)
    if not direction or np.isnan(low) or np.isnan(high) or low <= 0 <= high:
        return ""
    return t("word.better", lang) if (low > 0) == (direction > 0) else t("word.worse", lang)


def comparison_frame(comparison: Comparison, lang: str | None = None, metrics: Sequence[str] = METRICS) -> pd.DataFrame:
    """Format the comparison table as printable text: one row per metric.

    Columns: each scenario's mean with its 95% CI, then for every scenario after the
    first its paired difference from the first, with CI and "better"/"worse" when the
    CI excludes 0.
    """
    lang = check_lang(lang)
    table = comparison.table.set_index(["metric", "scenario"])
    names = [s.name for s in comparison.scenarios]
    rows = []
    for m in metrics:
        if (m, names[0]) not in table.index:
            continue
        row = {}
        for name in names:
            r = table.loc[(m, name)]
            row[name] = f"{format_value(m, r['mean'], lang)} {format_ci(m, r['ci_low'], r['ci_high'], lang)}".strip()
        for name in names[1:]:
            r = table.loc[(m, name)]
            ci = _diff_ci(m, r["diff_low"], r["diff_high"], lang)
            cell = f"{format_diff(m, r['diff'], lang)} {ci} {_verdict(m, r['diff_low'], r['diff_high'], lang)}"
            row[t("word.diff_vs", lang, name=names[0]) + ("" if len(names) == 2 else f": {name}")] = cell.strip()
        rows.append((metric_label(m, lang), row))
    return pd.DataFrame([r for _, r in rows], index=pd.Index([lab for lab, _ in rows]))


def _diff_ci(metric: str, low: float, high: float, lang: str) -> str:
    """Format a difference's CI with signs; rates in percentage points without the unit."""
    if np.isnan(low) or np.isnan(high):
        return ""
    if is_percent(metric):
        return f"[{low * 100:+.1f}, {high * 100:+.1f}]"
    return f"[{format_diff(metric, low, lang)}, {format_diff(metric, high, lang)}]"


def markdown_table(df: pd.DataFrame, index_name: str = "") -> str:
    """A table as Markdown, its index as the first column headed ``index_name`` ("|" escaped)."""

    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = [index_name, *[cell(c) for c in df.columns]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for idx, row in df.iterrows():
        lines.append("| " + " | ".join([cell(idx), *[cell(v) for v in row]]) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------- scenarios -----------
def changes_text(scenario: Any, lang: str | None = None) -> str:
    """List the parameters a scenario changes from the defaults, ``name = value, …``."""
    items = [f"{k} = {toml_value(v)}" for k, v in scenario.overrides.items()]
    return ", ".join(items) if items else t("word.none", lang)


def _description(sc, lang: str) -> str:
    return sc.description.get(lang, "") if sc.description else ""


def scenario_facts(sc, lang: str) -> dict[str, str]:
    """What the pages show of a scenario: name, title, description and changed parameters."""
    return {
        "name": sc.name,
        "title": scenario_title(sc, lang),
        "description": _description(sc, lang),
        "changes": changes_text(sc, lang),
    }


def scenario_line(sc, lang: str) -> str:
    """A scenario as a Markdown list item: name and title, description, changed parameters."""
    desc = _description(sc, lang)
    lines = [f"- **{sc.name}** — {scenario_title(sc, lang)}"]
    if desc:
        lines.append(f"  {desc}")
    lines.append(f"  {t('word.changes', lang)}: {changes_text(sc, lang)}")
    return "\n".join(lines)


__all__ = [
    "BREAKDOWN_METRICS",
    "breakdown_frame",
    "changes_text",
    "comparison_frame",
    "key_label",
    "markdown_table",
    "scenario_facts",
    "scenario_line",
    "summary_frame",
]
