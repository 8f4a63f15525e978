"""Results as text for people: metric tables, breakdowns, the comparison table and scenario facts.

The same frames are printed by the command line, written into README.md (as Markdown)
and shown on the web pages (through ``sim.report_page.html_table``).

The three rates (三率) are shown twice, side by side, so that nobody takes one for the
other: **true** (真实情况), from every case the community knew of, and **assessed**
(考核口径), the way a 12345 assessment scores them (``rates_frame``,
``comparison_rate_frames``). A run whose staff cannot keep up with their work
(``keeps_up_share`` below 1) carries a warning (``keep_up_warning``): its numbers depend
on how long it ran.

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
from .model.shocks import describe
from .run import Comparison
from .toml_text import toml_value

# The three rates (三率), each with its assessed counterpart (考核口径).
ASSESSED = {
    "response_rate": "assessed_response_rate",
    "resolution_rate": "assessed_resolution_rate",
    "satisfaction_rate": "assessed_satisfaction_rate",
}
THREE_RATES = tuple(ASSESSED)
# The rows of the true/assessed table: the three rates and on-time closure (no assessed twin).
RATE_ROWS = (*THREE_RATES, "on_time_closure_rate")
# Every metric the true/assessed table shows; the other tables leave them out.
RATE_METRICS = (*RATE_ROWS, *ASSESSED.values())
OTHER_METRICS = tuple(m for m in METRICS if m not in RATE_METRICS)
KEEPS_UP = "keeps_up_share"
# A comparison's other metrics: whether it keeps up is told per scenario, as a count of replications.
COMPARED_OTHERS = tuple(m for m in OTHER_METRICS if m != KEEPS_UP)

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
    """Format a run's metrics as printable text: label and formatted value, one row per metric.

    Whether the run keeps up (``keeps_up_share``, 0 or 1 for one run) reads "yes" or "no".
    """
    lang = check_lang(lang)
    rows = [(metric_label(m, lang), _run_value(m, summary.get(m), lang)) for m in metrics if m in summary.index]
    return pd.DataFrame(rows, columns=[t("word.metric", lang), t("word.value", lang)]).set_index(t("word.metric", lang))


def _run_value(metric: str, value: Any, lang: str) -> str:
    if metric == KEEPS_UP and value is not None and not np.isnan(value):
        return t("result.yes" if value >= 1 else "result.no", lang)
    return format_value(metric, value, lang)


def rates_frame(summary: pd.Series, lang: str | None = None) -> pd.DataFrame:
    """The three rates and on-time closure of one run, true and assessed (考核口径) side by side.

    Rows: response, resolution and satisfaction rate, on-time closure rate (which an
    assessment does not score: "–"). Columns: "True" and "Assessed".
    """
    lang = check_lang(lang)
    true, assessed = [], []
    for m in RATE_ROWS:
        true.append(format_value(m, summary.get(m), lang))
        twin = ASSESSED.get(m)
        assessed.append(format_value(twin, summary.get(twin), lang) if twin else "–")
    index = pd.Index([metric_label(m, lang) for m in RATE_ROWS], name=t("word.metric", lang))
    return pd.DataFrame({t("result.true", lang): true, t("result.assessed", lang): assessed}, index=index)


def rates_note(lang: str | None = None) -> str:
    """One sentence on what tells the assessed rates from the true ones."""
    return t("result.assessed_note", lang)


def keep_up_warning(summary: pd.Series | dict, lang: str | None = None) -> str:
    """The warning for a run that cannot keep up (``keeps_up_share`` < 1); "" when it keeps up."""
    value = summary.get(KEEPS_UP)
    if value is None or np.isnan(value) or value >= 1:
        return ""
    return t("result.cannot_keep_up", lang)


def keep_up_counts(comparison: Comparison) -> list[tuple[Any, int, int]]:
    """Per scenario of a comparison: (scenario, replications that keep up, replications)."""
    out = []
    for sc in comparison.scenarios:
        values = comparison.runs.loc[comparison.runs["scenario"] == sc.name, KEEPS_UP].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        out.append((sc, int((values >= 1).sum()), len(values)))
    return out


def keep_up_lines(comparison: Comparison, lang: str | None = None) -> tuple[str, str]:
    """The share of replications that keep up per scenario, and the warning ("" when all do)."""
    lang = check_lang(lang)
    counts = keep_up_counts(comparison)
    sep = t("result.list_sep", lang)
    items = sep.join(f"{sc.name} {n}/{reps}" for sc, n, reps in counts)
    behind = [sc.name for sc, n, reps in counts if n < reps]
    warning = t("result.cannot_keep_up_some", lang, scenarios=sep.join(behind)) if behind else ""
    return t("result.keeps_up_line", lang, items=items), warning


def comparison_rate_frames(comparison: Comparison, lang: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The comparison's three rates in two blocks: true (with on-time closure) and assessed (考核口径)."""
    return (
        comparison_frame(comparison, lang, metrics=RATE_ROWS),
        comparison_frame(comparison, lang, metrics=tuple(ASSESSED.values())),
    )


def paired_order(metrics: Sequence[str]) -> list[str]:
    """``metrics`` with each assessed rate moved right after its true rate (when both are there)."""
    out = [m for m in metrics if m not in ASSESSED.values() or _true_of(m) not in metrics]
    for true, twin in ASSESSED.items():
        if true in out and twin in metrics:
            out.insert(out.index(true) + 1, twin)
    return out


def _true_of(assessed: str) -> str:
    return next(k for k, v in ASSESSED.items() if v == assessed)


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


def verdict(metric: str, low: float, high: float, lang: str) -> str:
    """The word "better" or "worse" when a difference's 95% interval excludes 0, else an empty string."""
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
            ci = diff_ci(m, r["diff_low"], r["diff_high"], lang)
            cell = f"{format_diff(m, r['diff'], lang)} {ci} {verdict(m, r['diff_low'], r['diff_high'], lang)}"
            row[t("word.diff_vs", lang, name=names[0]) + ("" if len(names) == 2 else f": {name}")] = cell.strip()
        rows.append((metric_label(m, lang), row))
    return pd.DataFrame([r for _, r in rows], index=pd.Index([lab for lab, _ in rows]))


def diff_ci(metric: str, low: float, high: float, lang: str) -> str:
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


def shock_lines(scenario: Any, lang: str | None = None) -> list[str]:
    """One line per shock of a scenario (``sim.model.shocks.describe``); none when it has none."""
    return describe(scenario.shocks, check_lang(lang)) if getattr(scenario, "shocks", ()) else []


def scenario_facts(sc, lang: str) -> dict[str, Any]:
    """What the pages show of a scenario: name, title, description, changed parameters and shocks."""
    return {
        "name": sc.name,
        "title": scenario_title(sc, lang),
        "description": _description(sc, lang),
        "changes": changes_text(sc, lang),
        "shocks": shock_lines(sc, lang),
    }


def scenario_line(sc, lang: str) -> str:
    """A scenario as a Markdown list item: name and title, description, changed parameters, shocks."""
    desc = _description(sc, lang)
    lines = [f"- **{sc.name}** — {scenario_title(sc, lang)}"]
    if desc:
        lines.append(f"  {desc}")
    lines.append(f"  {t('word.changes', lang)}{t('word.colon', lang)}{changes_text(sc, lang)}")
    shocks = shock_lines(sc, lang)
    if shocks:
        lines.append(f"  {t('report.shocks', lang)}{t('word.colon', lang)}")
        lines += [f"  - {line}" for line in shocks]
    return "\n".join(lines)


__all__ = [
    "ASSESSED",
    "BREAKDOWN_METRICS",
    "COMPARED_OTHERS",
    "KEEPS_UP",
    "OTHER_METRICS",
    "RATE_METRICS",
    "RATE_ROWS",
    "THREE_RATES",
    "breakdown_frame",
    "changes_text",
    "comparison_frame",
    "comparison_rate_frames",
    "keep_up_counts",
    "keep_up_lines",
    "keep_up_warning",
    "key_label",
    "markdown_table",
    "paired_order",
    "rates_frame",
    "rates_note",
    "scenario_facts",
    "scenario_line",
    "shock_lines",
    "summary_frame",
]
