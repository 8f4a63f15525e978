"""Figures of an experiment's analysis (``sim.experiments.analysis``), in Chinese or English.

* ``effect_bars``: each design point's difference from the baseline point, with its CI;
* ``tornado``: how much a metric changes as each factor goes from its low to its high setting;
* ``sobol_bars``: Sobol S1 and ST with their confidence intervals;
* ``morris_plot``: Morris μ* against σ;
* ``tradeoff``: two metrics per design point, with the Pareto front highlighted.

Each takes the tables of ``sim.experiments.analysis.analyze`` and returns a matplotlib
``Figure`` (no pyplot).

>>> from sim.experiments.analysis import analyze
>>> from sim.viz.experiments import effect_bars
>>> a = analyze("out/levers-small")                                   # doctest: +SKIP
>>> effect_bars(a.differences, "response_rate", lang="en").savefig("effects.png")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..experiments.analysis import DIFF_COLUMNS
from ..i18n import is_percent, metric_label, param_label, t
from ..model.metrics import BETTER
from .figures import COLORS, _figure, _percent_axis, _styled, _wrapped

BETTER_COLOR, WORSE_COLOR, UNCLEAR_COLOR = COLORS[2], COLORS[3], "0.6"


def _point_label(row: pd.Series, factors: Sequence[str], lang: str) -> str:
    """``point 3 · a=1, b=true`` (factor values short)."""
    values = ", ".join(f"{f.rsplit('.', 1)[-1]}={_short(row[f])}" for f in factors if f in row)
    head = t("fig.exp.point", lang, n=int(row["point"]))
    return f"{head} · {values}" if values else head


def _short(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return f"{value:.3g}"
    return str(value)


def _factors_of(df: pd.DataFrame, known: Sequence[str]) -> list[str]:
    return [c for c in df.columns if c in set(known)]


def _value_axis(ax, metric: str, which: str = "x") -> None:
    if is_percent(metric):
        _percent_axis(ax.xaxis if which == "x" else ax.yaxis)


@_styled
def effect_bars(
    differences: pd.DataFrame,
    metric: str,
    factors: Sequence[str] = (),
    lang: str | None = None,
    limit: int = 30,
) -> Figure:
    """Horizontal bars: each point's difference from the baseline for ``metric``, with 95% CIs.

    Bars are green when the (Holm-adjusted) difference is better, red when worse, grey
    when unclear. At most ``limit`` points (largest differences first) are drawn.
    """
    part = differences[differences["metric"] == metric].copy()
    part = part.reindex(part["diff"].abs().sort_values(ascending=False).index).head(limit).iloc[::-1]
    factors = list(factors) or [c for c in part.columns if c not in ("point", "metric") and c not in _DIFF_SET]
    n = max(len(part), 1)
    fig, axes = _figure(12, min(14, 2.5 + 0.45 * n))
    ax = axes[0, 0]
    y = np.arange(len(part))
    colors = [
        {"better": BETTER_COLOR, "worse": WORSE_COLOR}.get(d, COLORS[0] if d in ("higher", "lower") else UNCLEAR_COLOR)
        for d in part["direction"]
    ]
    d = part["diff"].to_numpy(dtype=float)
    lo = np.nan_to_num(d - part["ci_low"].to_numpy(dtype=float))
    hi = np.nan_to_num(part["ci_high"].to_numpy(dtype=float) - d)
    ax.barh(y, np.nan_to_num(d), xerr=np.stack([lo, hi]), color=colors, capsize=4, height=0.7)
    ax.axvline(0, color="0.2", lw=1)
    ax.set_yticks(y, [_wrapped(_point_label(r, factors, lang), 48) for _, r in part.iterrows()], fontsize=10)
    ax.set_xlabel(t("fig.exp.effects.xlabel", lang))
    ax.set_title(_wrapped(t("fig.exp.effects.title", lang, metric=metric_label(metric, lang)), 60))
    _value_axis(ax, metric)
    ax.grid(axis="y", visible=False)
    handles = [
        Line2D([], [], color=BETTER_COLOR, lw=8, label=t("fig.exp.effects.better", lang)),
        Line2D([], [], color=WORSE_COLOR, lw=8, label=t("fig.exp.effects.worse", lang)),
        Line2D([], [], color=UNCLEAR_COLOR, lw=8, label=t("fig.exp.effects.unclear", lang)),
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=10)
    return fig


_DIFF_SET = frozenset(DIFF_COLUMNS) - {"metric"}


@_styled
def tornado(effects: pd.DataFrame, metric: str, center: float | None = None, lang: str | None = None) -> Figure:
    """Tornado chart: per factor, the metric's marginal mean at the low and the high setting.

    ``effects`` is ``sim.experiments.analysis.marginal_effects(summary, factors, metric)``;
    the widest bar (biggest change) is on top. ``center`` (default: the overall mean of the
    low and high means) is where the bars start.
    """
    part = effects[effects["metric"] == metric].iloc[::-1]
    n = max(len(part), 1)
    fig, axes = _figure(12, min(12, 2.5 + 0.7 * n))
    ax = axes[0, 0]
    if center is None:
        center = float(np.nanmean(np.r_[part["low"].to_numpy(float), part["high"].to_numpy(float)])) if len(part) else 0
    y = np.arange(len(part))
    low = part["low"].to_numpy(dtype=float) - center
    high = part["high"].to_numpy(dtype=float) - center
    ax.barh(y, low, left=center, color=COLORS[0], height=0.6, label=t("fig.exp.tornado.low", lang))
    ax.barh(y, high, left=center, color=COLORS[1], height=0.6, alpha=0.85, label=t("fig.exp.tornado.high", lang))
    ax.axvline(center, color="0.2", lw=1)
    labels = [
        f"{_wrapped(param_label(f, lang), 20)}\n{_short(a)} → {_short(b)}"
        for f, a, b in zip(part["factor"], part["low_value"], part["high_value"], strict=True)
    ]
    ax.set_yticks(y, labels, fontsize=11)
    ax.set_xlabel(f"{metric_label(metric, lang)} · {t('fig.exp.tornado.xlabel', lang)}")
    ax.set_title(_wrapped(t("fig.exp.tornado.title", lang, metric=metric_label(metric, lang, unit=False)), 60))
    _value_axis(ax, metric)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    return fig


@_styled
def sobol_bars(indices: pd.DataFrame, metric: str, lang: str | None = None) -> Figure:
    """Bars of Sobol S1 and ST per factor for ``metric``, whiskers = SALib's 95% CI."""
    part = indices[(indices["metric"] == metric) & (indices["method"] == "sobol")]
    factors = list(dict.fromkeys(part["factor"]))
    fig, axes = _figure(max(9, 2 + 1.6 * len(factors)), 7)
    ax = axes[0, 0]
    x = np.arange(len(factors))
    for k, (index, key) in enumerate((("S1", "fig.exp.sobol.s1"), ("ST", "fig.exp.sobol.st"))):
        sub = part[part["index"] == index].set_index("factor").reindex(factors)
        v = sub["value"].to_numpy(dtype=float)
        conf = np.nan_to_num(sub["conf"].to_numpy(dtype=float))
        ax.bar(x - 0.2 + 0.4 * k, v, 0.38, yerr=conf, capsize=5, color=COLORS[k], label=t(key, lang))
    ax.axhline(0, color="0.2", lw=1)
    ax.set_xticks(x, [_wrapped(param_label(f, lang), 14) for f in factors], fontsize=11)
    ax.set_ylabel(t("fig.exp.sobol.ylabel", lang))
    ax.set_title(_wrapped(t("fig.exp.sobol.title", lang, metric=metric_label(metric, lang, unit=False)), 60))
    ax.grid(axis="x", visible=False)
    ax.legend()
    return fig


@_styled
def morris_plot(indices: pd.DataFrame, metric: str, lang: str | None = None) -> Figure:
    """Morris μ* (with its 95% CI) against σ per factor for ``metric``."""
    part = indices[(indices["metric"] == metric) & (indices["method"] == "morris")]
    mu = part[part["index"] == "mu_star"].set_index("factor")
    sigma = part[part["index"] == "sigma"].set_index("factor")["value"].reindex(mu.index)
    fig, axes = _figure(10, 7)
    ax = axes[0, 0]
    for i, f in enumerate(mu.index):
        ax.errorbar(
            mu.loc[f, "value"],
            sigma.loc[f],
            xerr=np.nan_to_num(mu.loc[f, "conf"]),
            fmt="o",
            ms=10,
            capsize=5,
            color=COLORS[i % len(COLORS)],
        )
        ax.annotate(
            _wrapped(param_label(f, lang), 16),
            (mu.loc[f, "value"], sigma.loc[f]),
            xytext=(8, 6),
            textcoords="offset points",
            fontsize=11,
        )
    ax.set_xlabel(t("fig.exp.morris.xlabel", lang))
    ax.set_ylabel(t("fig.exp.morris.ylabel", lang))
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.set_title(_wrapped(t("fig.exp.morris.title", lang, metric=metric_label(metric, lang, unit=False)), 60))
    return fig


def pareto_mask(x: np.ndarray, y: np.ndarray, better_x: int = -1, better_y: int = -1) -> np.ndarray:
    """Which points are on the Pareto front (no other point at least as good on both and better on one).

    ``better_x``/``better_y`` are +1 when higher is better, -1 when lower is better.
    """
    a = np.asarray(x, dtype=float) * -better_x  # turn both into "lower is better"
    b = np.asarray(y, dtype=float) * -better_y
    ok = ~(np.isnan(a) | np.isnan(b))
    mask = np.zeros(len(a), dtype=bool)
    for i in np.flatnonzero(ok):
        dominated = ok & (a <= a[i]) & (b <= b[i]) & ((a < a[i]) | (b < b[i]))
        mask[i] = not dominated.any()
    return mask


@_styled
def tradeoff(
    summary: pd.DataFrame,
    x: str = "staff_hours",
    y: str = "resolution_time_median",
    baseline: int | None = None,
    lang: str | None = None,
) -> Figure:
    """Scatter of two metrics' per-point means (with 95% CIs); the Pareto front highlighted.

    Directions come from ``BETTER`` (metrics without a direction count as lower-is-better).
    """
    px = summary[summary["metric"] == x].set_index("point")
    py = summary[summary["metric"] == y].set_index("point")
    points = px.index.intersection(py.index)
    px, py = px.loc[points], py.loc[points]
    xv, yv = px["mean"].to_numpy(dtype=float), py["mean"].to_numpy(dtype=float)
    front = pareto_mask(xv, yv, BETTER.get(x, -1), BETTER.get(y, -1))
    fig, axes = _figure(11, 8)
    ax = axes[0, 0]
    xerr = np.nan_to_num(np.stack([xv - px["ci_low"].to_numpy(float), px["ci_high"].to_numpy(float) - xv]))
    yerr = np.nan_to_num(np.stack([yv - py["ci_low"].to_numpy(float), py["ci_high"].to_numpy(float) - yv]))
    ax.errorbar(
        xv,
        yv,
        xerr=xerr,
        yerr=yerr,
        fmt="o",
        color=COLORS[0],
        alpha=0.5,
        ms=6,
        capsize=2,
        label=t("fig.exp.tradeoff.points", lang),
    )
    if front.any():
        order = np.argsort(xv[front])
        ax.plot(
            xv[front][order],
            yv[front][order],
            "-o",
            color=COLORS[3],
            ms=10,
            lw=2,
            label=_wrapped(t("fig.exp.tradeoff.front", lang), 40),
            zorder=3,
        )
        for p, a, b in zip(np.asarray(points)[front], xv[front], yv[front], strict=True):
            ax.annotate(str(int(p)), (a, b), xytext=(6, 6), textcoords="offset points", fontsize=10)
    if baseline is not None and baseline in points:
        i = list(points).index(baseline)
        ax.plot(xv[i], yv[i], "*", color="k", ms=18, label=t("fig.exp.tradeoff.baseline", lang), zorder=4)
    ax.set_xlabel(metric_label(x, lang))
    ax.set_ylabel(metric_label(y, lang))
    if is_percent(x):
        _percent_axis(ax.xaxis)
    if is_percent(y):
        _percent_axis(ax.yaxis)
    title = t("fig.exp.tradeoff.title", lang, x=metric_label(x, lang, unit=False), y=metric_label(y, lang, unit=False))
    ax.set_title(_wrapped(title, 60))
    ax.legend(loc="best", fontsize=11)

    return fig
