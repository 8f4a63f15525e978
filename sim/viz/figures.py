"""Matplotlib figures of runs and comparisons, labelled in Chinese or English.

Every function returns a ``matplotlib.figure.Figure`` built without pyplot (so nothing
pops up, and figures do not pile up in memory); save it with ``fig.savefig(path)`` or
let Jupyter display it. Sizes and fonts are chosen to read well on a projector.

>>> from sim import run
>>> from sim.viz import community_map
>>> fig = community_map(run("full-1234"), lang="zh")   # doctest: +SKIP
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..i18n import (
    activity_label,
    check_lang,
    format_value,
    is_percent,
    metric_label,
    scenario_title,
    t,
    who_label,
    wrap,
)
from ..params import CATEGORY_KEYS
from ..run import Comparison, RunResult
from ..text import STRINGS
from .fonts import setup_fonts

# Projector-friendly defaults, applied while a figure is built.
STYLE = {
    "font.size": 13,
    "axes.titlesize": 16,
    "axes.titleweight": "bold",
    "axes.labelsize": 14,
    "legend.fontsize": 12,
    "legend.frameon": False,
    "figure.titlesize": 18,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.5,
    "savefig.dpi": 150,
}
TICK_SIZE = 12
COLORS = mpl.colormaps["tab10"].colors
RATES = ("response_rate", "resolution_rate", "satisfaction_rate", "on_time_closure_rate")
THREE = RATES[:3]
# The same three rates as an assessment scores them (考核口径), in the same order.
ASSESSED_RATES = ("assessed_response_rate", "assessed_resolution_rate", "assessed_satisfaction_rate")
# Three to a row in ``comparison_chart``: the true rates above their assessed twins.
KEY_METRICS = (
    *THREE,
    *ASSESSED_RATES,
    "on_time_closure_rate",
    "rework_rate",
    "resolution_time_mean",
    "proactive_share",
    "backlog_mean",
    "staff_utilisation",
)
ACTIVITIES = tuple(k.split(".", 1)[1] for k in STRINGS if k.startswith("activity."))
WHO = ("staff", "department", "partner", "mediation", "helpers", "party", "volunteers")
OPEN_STATES = ("waiting", "in_progress", "resolved")
TIME_FLOOR = 0.01  # working days; resolution times below are drawn at the floor on the log axis


def _styled(fn: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build the figure with CJK fonts and the shared style; check ``lang`` first."""

    @functools.wraps(fn)
    def wrapper(*args: Any, lang: str | None = None, **kwargs: Any) -> Figure:
        lang = check_lang(lang)
        setup_fonts()
        with mpl.rc_context(STYLE):
            return fn(*args, lang=lang, **kwargs)

    return wrapper


def _figure(width: float, height: float, nrows: int = 1, ncols: int = 1, **kw: Any) -> tuple[Figure, np.ndarray]:
    """Create a constrained-layout figure and its axes (always a 2-d array), ticks sized for a projector."""
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    for ax in axes.flat:
        ax.tick_params(labelsize=TICK_SIZE)
    return fig, axes


def _percent_axis(axis) -> None:
    # decimals=None: as many as the axis range needs, so close values never all read "100%".
    axis.set_major_formatter(ticker.PercentFormatter(1.0, decimals=None))


def _wrapped(text: str, width: int = 24) -> str:
    return "\n".join(wrap(text, width))


def _as_results(results: RunResult | Iterable[RunResult] | Mapping[Any, RunResult]) -> list[RunResult]:
    if isinstance(results, RunResult):
        return [results]
    if isinstance(results, Mapping):
        return list(results.values())
    out = list(results)
    if not out or not all(isinstance(r, RunResult) for r in out):
        raise TypeError("expected a RunResult or a non-empty list of RunResults")
    return out


def _title(scenario: Any, lang: str, limit: int = 40) -> str:
    """A scenario's title cut to fit a figure (a long title would squeeze the axes to nothing)."""
    text = scenario_title(scenario, lang)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _labels(scenarios: Sequence[Any], seeds: Sequence[int] | None, lang: str) -> list[str]:
    """Return scenario titles, made unique with the name and then the seed when needed."""
    labels = [_title(s, lang) for s in scenarios]
    if len(set(labels)) < len(labels):
        labels = [f"{lab} · {s.name}" if lab != s.name else lab for lab, s in zip(labels, scenarios, strict=True)]
    if seeds is not None and len(set(labels)) < len(labels):
        labels = [f"{lab} · {t('word.seed', lang)} {seed}" for lab, seed in zip(labels, seeds, strict=True)]
    # Matplotlib leaves labels that start with "_" out of legends: a zero-width space keeps them in.
    return ["\u200b" + lab if lab.startswith("_") else lab for lab in labels]


def _result_labels(results: list[RunResult], lang: str) -> list[str]:
    return _labels([r.scenario for r in results], [r.seed for r in results], lang)


# ------------------------------------------------------------------------------ the map --
def _grid_boundaries(cell_grid: Mapping[tuple[int, int], int], width: int, height: int) -> list:
    """Return line segments between cells of different grids (and around the built area)."""
    segments = []
    for x in range(-1, width):
        for y in range(-1, height):
            here = cell_grid.get((x, y))
            if here != cell_grid.get((x + 1, y)) and 0 <= y < height:
                segments.append([(x + 0.5, y - 0.5), (x + 0.5, y + 0.5)])
            if here != cell_grid.get((x, y + 1)) and 0 <= x < width:
                segments.append([(x - 0.5, y + 0.5), (x + 0.5, y + 0.5)])
    return segments


def _counts_by_cell(households: np.ndarray, coords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return cells (x, y) with at least one of the given households' issues, and the counts."""
    if len(households) == 0:
        return np.empty((0, 2)), np.empty(0)
    cells, counts = np.unique(coords[households], axis=0, return_counts=True)
    return cells, counts


@_styled
def community_map(result: RunResult, lang: str | None = None, hidden: bool = True) -> Figure:
    """Draw the community at the end of a run: compounds, grids, stations, staff and open issues.

    Compounds (小区) are coloured blocks of buildings, grids (网格) are outlined with thick
    lines (dashed when the community does not work by grids), and circles show the
    issues still open in each building, bigger for more.

    Args:
        result: a run made with ``keep_model=True`` (the default of ``sim.run``).
        lang: "zh" or "en".
        hidden: also show hidden needs nobody has found (grey rings).

    """
    model = result.model
    if model is None:
        raise ValueError("this result has no model; run it with keep_model=True to draw the map")
    width, height = model.grid.dimensions
    fig, axes = _figure(11, 8.5)
    ax = axes[0, 0]
    ax.grid(False)

    rgba = np.ones((height, width, 4))
    palette = mpl.colormaps["tab20"].colors
    for (x, y), c in model.cell_compound.items():
        rgba[y, x, :3] = palette[(2 * c + 1) % len(palette)]
    ax.imshow(rgba, origin="lower", extent=(-0.5, width - 0.5, -0.5, height - 0.5), interpolation="nearest", alpha=0.8)
    n_compounds = len(set(model.cell_compound.values()))
    if n_compounds <= 30:
        by_compound: dict[int, list[tuple[int, int]]] = {}
        for xy, c in model.cell_compound.items():
            by_compound.setdefault(c, []).append(xy)
        for c, cells in by_compound.items():
            cx, cy = np.mean(cells, axis=0)
            ax.text(cx, cy, t("fig.map.compound", lang, n=c + 1), ha="center", va="center", fontsize=10, color="0.25")

    style = "solid" if model.gridding else (0, (4, 3))
    lines = LineCollection(
        _grid_boundaries(model.cell_grid, width, height), colors="0.15", linewidths=3, linestyles=style
    )
    ax.add_collection(lines)

    coords = np.array([h.cell.coordinate for h in model.households])
    log = result.issues
    handles = [Line2D([], [], color="0.15", lw=3, ls=style, label=t("fig.map.grid_boundary", lang))]
    if hidden:
        hh = log.loc[log["state"] == "hidden", "household"].to_numpy()
        cells, counts = _counts_by_cell(hh, coords)
        if len(counts):
            ax.scatter(
                cells[:, 0] - 0.2,
                cells[:, 1] - 0.2,
                s=25 * counts,
                facecolors="none",
                edgecolors="0.35",
                linewidths=1.5,
            )
            handles.append(
                Line2D([], [], ls="", marker="o", ms=10, mfc="none", mec="0.35", label=t("fig.map.hidden", lang))
            )
    hh = log.loc[log["state"].isin(OPEN_STATES), "household"].to_numpy()
    cells, counts = _counts_by_cell(hh, coords)
    if len(counts):
        ax.scatter(
            cells[:, 0] + 0.15, cells[:, 1] + 0.15, s=40 * counts, color="#e6550d", alpha=0.85, edgecolors="white"
        )
    handles.append(Line2D([], [], ls="", marker="o", ms=10, color="#e6550d", label=t("fig.map.open", lang)))

    if model.stations:
        xy = np.array([s.cell.coordinate for s in model.stations])
        ax.scatter(xy[:, 0], xy[:, 1] + 0.3, marker="^", s=220, color="#d62728", edgecolors="white", zorder=4)
        handles.append(Line2D([], [], ls="", marker="^", ms=13, color="#d62728", label=t("fig.map.station", lang)))
    desks = [d for d in model.staff_desks if getattr(d, "cell", None) is not None]
    if desks:
        xy = np.array([d.cell.coordinate for d in desks])
        marker = "P" if model.gridding else "s"
        ax.scatter(
            xy[:, 0] - 0.25, xy[:, 1] + 0.25, marker=marker, s=260, color="#08519c", edgecolors="white", zorder=5
        )
        if model.gridding:
            label = f"{t('who.grid_worker', lang)} ×{len(desks)}"
        else:
            label = f"{t('who.office', lang)} ×{sum(d.servers for d in desks)}"
        handles.append(Line2D([], [], ls="", marker=marker, ms=14, color="#08519c", label=label))

    ax.set_xlim(-0.6, width - 0.4)
    ax.set_ylim(-0.6, height - 0.4)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(t("fig.map.title", lang, scenario=_title(result.scenario, lang)))
    ax.set_xlabel(t("fig.map.note", lang, day=model.days))
    fig.legend(handles=handles, loc="outside right upper")
    return fig


# ------------------------------------------------------------------------ distributions --
@_styled
def resolution_distribution(results: RunResult | Iterable[RunResult], lang: str | None = None) -> Figure:
    """Draw the cumulative distribution of the time to resolution of closed issues (log scale).

    Several results are drawn on the same axes; dots mark the medians and dotted lines
    the categories' time limits.
    """
    rs = _as_results(results)
    fig, axes = _figure(11, 6.5)
    ax = axes[0, 0]
    for i, (r, label) in enumerate(zip(rs, _result_labels(rs, lang), strict=True)):
        log = r.issues
        times = log.loc[log["closed"].notna(), "resolution_time"].dropna().to_numpy(dtype=float)
        if len(times) == 0:
            continue
        color = COLORS[i % len(COLORS)]
        median = float(np.median(times))
        text = f"{_wrapped(label, 40)} · {t('fig.dist.median', lang, value=median)}"
        ax.ecdf(np.clip(times, TIME_FLOOR, None), color=color, label=text)
        ax.plot([max(median, TIME_FLOOR)], [0.5], "o", color=color, ms=9)
    limits = sorted({float(r.scenario.params[f"categories.{k}.limit"]) for r in rs for k in CATEGORY_KEYS})
    for j, limit in enumerate(limits):
        ax.axvline(limit, color="0.4", ls=":", lw=1.8, label=t("fig.dist.limit", lang) if j == 0 else None)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    _percent_axis(ax.yaxis)
    ax.set_ylim(0, 1.02)
    ax.set_title(t("fig.dist.title", lang))
    ax.set_xlabel(t("fig.dist.xlabel", lang))
    ax.set_ylabel(t("fig.dist.ylabel", lang))
    ax.legend(loc="upper left")
    return fig


@_styled
def backlog_over_time(results: RunResult | Iterable[RunResult], lang: str | None = None) -> Figure:
    """Draw open issues (backlog) and hidden needs not yet found, day by day."""
    rs = _as_results(results)
    fig, axes = _figure(11, 7.5, nrows=2, sharex=True)
    top, bottom = axes[0, 0], axes[1, 0]
    for i, (r, label) in enumerate(zip(rs, _result_labels(rs, lang), strict=True)):
        color = COLORS[i % len(COLORS)]
        daily = r.daily
        top.plot(daily["day"], daily["backlog"], color=color, label=_wrapped(label, 40))
        bottom.plot(daily["day"], daily["hidden"], color=color)
    top.set_title(t("fig.backlog.title", lang))
    top.set_ylabel(t("fig.backlog.backlog", lang))
    bottom.set_ylabel(t("fig.backlog.hidden", lang))
    bottom.set_xlabel(t("fig.day", lang))
    for ax in (top, bottom):
        ax.set_ylim(bottom=0)
    top.legend(loc="upper left")
    return fig


# ---------------------------------------------------------------------------- the rates --
def _comparison_values(comparison: Comparison, metrics: Sequence[str]) -> tuple[list[Any], np.ndarray, np.ndarray]:
    """Return scenario objects and (scenario × metric) arrays of means and CI half-widths (low, high)."""
    table = comparison.table.set_index(["metric", "scenario"])
    names = [s.name for s in comparison.scenarios]
    means = np.array([[table.loc[(m, n), "mean"] for m in metrics] for n in names], dtype=float)
    lows = np.array([[table.loc[(m, n), "ci_low"] for m in metrics] for n in names], dtype=float)
    highs = np.array([[table.loc[(m, n), "ci_high"] for m in metrics] for n in names], dtype=float)
    err = np.stack([np.nan_to_num(means - lows), np.nan_to_num(highs - means)])
    return comparison.scenarios, means, err


def _rate_bars(ax, labels: list[str], metrics: Sequence[str], means: np.ndarray, err, lang: str) -> None:
    """Bars of ``metrics`` (groups) for each scenario (colours), value written inside each bar."""
    n = len(labels)
    x = np.arange(len(metrics))
    width = 0.8 / n
    for i, label in enumerate(labels):
        pos = x - 0.4 + width * (i + 0.5)
        yerr = err[:, i, :] if err is not None else None
        bars = ax.bar(
            pos,
            np.nan_to_num(means[i]),
            width * 0.92,
            yerr=yerr,
            capsize=5,
            color=COLORS[i % len(COLORS)],
            label=_wrapped(label, 40),
        )
        texts = [format_value(m, v, lang) for m, v in zip(metrics, means[i], strict=True)]
        ax.bar_label(
            bars,
            labels=texts,
            label_type="center",
            rotation=90 if n > 2 else 0,
            color="white",
            fontsize=12,
            fontweight="bold",
        )
    ax.set_ylim(0, 1.05)
    _percent_axis(ax.yaxis)
    ax.grid(axis="x", visible=False)


@_styled
def rates_comparison(data: Comparison | RunResult | Iterable[RunResult], lang: str | None = None) -> Figure:
    """Draw the three rates (三率) and on-time closure per scenario: true, and assessed (考核口径).

    The left panel shows the true rates, from every case the community knew of; the
    right one the same three rates as a 12345 assessment scores them (hotline cases
    only, from the residents' answers). Given a ``Comparison``, bars are replication
    means with 95% confidence intervals; given runs, bars are the runs' values.
    """
    assessed = ASSESSED_RATES
    if isinstance(data, Comparison):
        scenarios, means, err = _comparison_values(data, (*RATES, *assessed))
        labels = _labels(scenarios, None, lang)
        reps = int(data.meta.get("reps", 0))
    else:
        rs = _as_results(data)
        labels = _result_labels(rs, lang)
        means = np.array([[r.summary.get(m, np.nan) for m in (*RATES, *assessed)] for r in rs], dtype=float)
        err, reps = None, 0
    n, k = len(labels), len(RATES)
    width = min(18, max(13, 4 + 2.2 * (k + len(assessed)) * n / 2))
    fig, axes = _figure(width, 7.5, ncols=2, sharey=True, gridspec_kw={"width_ratios": [k, len(assessed)]})
    left, right = axes[0, 0], axes[0, 1]
    _rate_bars(left, labels, RATES, means[:, :k], None if err is None else err[:, :, :k], lang)
    _rate_bars(right, labels, assessed, means[:, k:], None if err is None else err[:, :, k:], lang)
    # Both panels name the rates alike: the panel titles say which count is which.
    left.set_xticks(np.arange(k), [_wrapped(metric_label(m, lang), 16) for m in RATES], fontsize=14)
    right.set_xticks(np.arange(len(assessed)), [_wrapped(metric_label(m, lang), 16) for m in THREE], fontsize=14)
    left.set_title(t("result.true", lang))
    right.set_title(t("result.assessed", lang))
    right.set_xlabel(_wrapped(t("result.fig.assessed_note", lang), 40), fontsize=12, color="0.3")
    fig.suptitle(t("fig.rates.title", lang))
    if reps:
        left.set_xlabel(t("fig.rates.ci", lang, reps=reps), fontsize=12, color="0.3")
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=min(n, 3))
    return fig


# -------------------------------------------------------------------------------- hours --
def _hours_rows(result: RunResult, lang: str) -> list[tuple[str, pd.Series, float | None]]:
    """(label, hours by activity, hours available or None) for each group that worked."""
    table = result.hours.groupby(["who", "activity"], sort=False)["hours"].sum()
    whos = list(table.index.get_level_values(0).unique())
    p = result.scenario.params
    rows = []
    for who in [w for w in WHO if w in whos] + [w for w in whos if w not in WHO]:
        part = table.loc[who]
        if part.sum() > 0:
            capacity = p["staff"] * p["hours_per_day"] * p["days"] if who == "staff" else None
            rows.append((who_label(who, lang), part, capacity))
    return rows


@_styled
def hours_breakdown(results: RunResult | Iterable[RunResult], lang: str | None = None) -> Figure:
    """Draw where the hours went: one stacked bar per group of workers, split by activity.

    Several results give one panel each, on the same scale. A black tick marks the
    staff hours available (staff × hours per day × days), so a bar that reaches it
    shows a team working at its limit.
    """
    rs = _as_results(results)
    panels = [_hours_rows(r, lang) for r in rs]
    present = {a for rows in panels for _, part, _ in rows for a in part.index}
    activities = [a for a in ACTIVITIES if a in present] + sorted(present - set(ACTIVITIES))
    palette = mpl.colormaps["tab20"].colors
    colors = {a: palette[i % len(palette)] for i, a in enumerate(ACTIVITIES)}
    sizes = [max(1, len(rows)) for rows in panels]
    height = 1.6 + 0.6 * sum(sizes) + (0.6 * len(rs) if len(rs) > 1 else 0)
    fig, axes = _figure(12, height, nrows=len(rs), sharex=True, gridspec_kw={"height_ratios": sizes})
    for ax, rows, label in zip(axes[:, 0], panels, _result_labels(rs, lang), strict=True):
        y = np.arange(len(rows))[::-1]
        left = np.zeros(len(rows))
        for activity in activities:
            values = np.array([float(part.get(activity, 0.0)) for _, part, _ in rows])
            if values.any():
                ax.barh(
                    y,
                    values,
                    left=left,
                    color=colors.get(activity, "0.6"),
                    label=activity_label(activity, lang),
                    height=0.7,
                )
            left += values
        for yy, (_, _, cap) in zip(y, rows, strict=True):
            if cap:
                ax.scatter(
                    [cap],
                    [yy],
                    marker="|",
                    s=900,
                    color="black",
                    linewidths=3,
                    zorder=5,
                    label=t("fig.hours.capacity", lang),
                )
        ax.set_yticks(y, [name for name, _, _ in rows])
        ax.grid(axis="y", visible=False)
        if len(rs) > 1:
            ax.set_title(label, fontsize=14, loc="left")
    axes[-1, 0].xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    axes[-1, 0].set_xlabel(t("fig.hours.xlabel", lang))
    fig.suptitle(t("fig.hours.title", lang))
    handles: dict[str, Any] = {}
    for ax in axes[:, 0]:
        for handle, text in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(text, handle)
    order = [activity_label(a, lang) for a in activities] + [t("fig.hours.capacity", lang)]
    fig.legend(
        [handles[k] for k in order if k in handles], [k for k in order if k in handles], loc="outside right upper"
    )
    return fig


# --------------------------------------------------------------------------- comparison --
@_styled
def comparison_chart(comparison: Comparison, lang: str | None = None, metrics: Sequence[str] = KEY_METRICS) -> Figure:
    """Draw key metrics of a comparison: each scenario's mean with its 95% confidence interval.

    One panel per metric; the panel title says whether higher or lower is better.
    """
    from ..model.metrics import BETTER

    scenarios, means, err = _comparison_values(comparison, metrics)
    labels = [_wrapped(lab, 18) for lab in _labels(scenarios, None, lang)]
    ncols = min(3, len(metrics))
    nrows = math.ceil(len(metrics) / ncols)
    fig, axes = _figure(5.2 * ncols + 2, 1.2 + (0.55 * len(labels) + 1.6) * nrows, nrows, ncols, sharey=True)
    y = np.arange(len(labels))[::-1]
    for k, ax in enumerate(axes.flat):
        if k >= len(metrics):
            ax.set_visible(False)
            continue
        metric = metrics[k]
        for i in range(len(labels)):
            ax.errorbar(
                means[i, k],
                y[i],
                xerr=err[:, i, k : k + 1],
                fmt="o",
                ms=10,
                capsize=6,
                lw=2.5,
                color=COLORS[i % len(COLORS)],
            )
        better = BETTER.get(metric)
        hint = {1: t("word.higher_better", lang), -1: t("word.lower_better", lang)}.get(better, "")
        title = _wrapped(metric_label(metric, lang), 26) + (f"\n({hint})" if hint else "")
        ax.set_title(title, fontsize=14)
        ax.margins(x=0.25, y=0.3)
        low, high = ax.get_xlim()
        pad = 0.02 * (high - low)
        if is_percent(metric):
            _percent_axis(ax.xaxis)
            ax.set_xlim(max(low, -pad), min(high, 1 + pad))
        else:
            ax.set_xlim(max(low, -pad), high)
        ax.grid(axis="y", visible=False)
        ax.set_yticks(y, labels)
    fig.suptitle(t("fig.compare.title", lang, reps=int(comparison.meta.get("reps", 0))))
    return fig


__all__ = [
    "ASSESSED_RATES",
    "KEY_METRICS",
    "RATES",
    "backlog_over_time",
    "community_map",
    "comparison_chart",
    "hours_breakdown",
    "rates_comparison",
    "resolution_distribution",
]
