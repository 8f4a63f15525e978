"""Figures of a street (街道): the street map and the comparison of streets.

The street map draws one tile per community, its area proportional to the community's
households (a squarified treemap: Bruls, Huizing & van Wijk 2000, "Squarified
treemaps"), coloured by a metric, the community with the lowest on-time closure
outlined. Tiles are laid out from the largest community down, so the same street always
gives the same map.

>>> from sim.street import run_street
>>> from sim.viz.street import street_map
>>> street_map(run_street("street-10"), lang="zh").savefig("street.png")   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..errors import ScenarioError
from ..i18n import TABLE, display_width, format_value, is_percent, metric_label, scenario_title, t
from ..inputs import quote
from ..model.metrics import BETTER
from .figures import COLORS, _figure, _percent_axis, _styled, _wrapped

MAP_SIZE = (12.0, 7.5)  # inches: the figure; the tiles fill a 1.6 : 1 rectangle
ASPECT = 1.6
WORST = "worst_community"
SMALLEST_FONT = 6.0  # points: a tile too small for this carries no label
NO_VALUE = "0.85"  # the grey of a tile whose metric has no value


# ------------------------------------------------------------------ the layout ------------
def _worst_ratio(row: Sequence[float], side: float) -> float:
    """The worst aspect ratio of a row of areas laid along a side of length ``side``."""
    total = sum(row)
    return max(max(row) * side**2 / total**2, total**2 / (side**2 * min(row)))


def squarify(sizes: Sequence[float], width: float, height: float) -> list[tuple[float, float, float, float]]:
    """Rectangles ``(x, y, w, h)`` filling ``width`` × ``height``, their areas proportional to ``sizes``.

    The squarified treemap of Bruls et al. (2000): the sizes, largest first, are put in
    rows along the shorter side of the space left, a row growing while that makes its
    worst aspect ratio better. Returned in the order of ``sizes``.

    Raises:
        ValueError: for an empty list or a size that is not positive.
    """
    values = np.asarray(sizes, dtype=float)
    if values.size == 0 or not np.all(values > 0):
        raise ValueError("a treemap needs at least one size, and every size positive")
    order = sorted(range(values.size), key=lambda k: (-values[k], k))  # ties by position: deterministic
    areas = [values[k] * width * height / values.sum() for k in order]
    x, y, w, h = 0.0, 0.0, float(width), float(height)
    placed: list[tuple[float, float, float, float]] = []
    i = 0
    while i < len(areas):
        side = min(w, h)
        row = [areas[i]]
        while i + len(row) < len(areas) and _worst_ratio([*row, areas[i + len(row)]], side) <= _worst_ratio(row, side):
            row.append(areas[i + len(row)])
        thick = sum(row) / side
        at = 0.0
        for area in row:
            length = area / thick
            placed.append((x, y + at, thick, length) if w >= h else (x + at, y, length, thick))
            at += length
        if w >= h:
            x, w = x + thick, w - thick
        else:
            y, h = y + thick, h - thick
        i += len(row)
    out: list[tuple[float, float, float, float]] = [(0.0, 0.0, 0.0, 0.0)] * len(order)
    for k, rect in zip(order, placed, strict=True):
        out[k] = rect
    return out


# ------------------------------------------------------------------ labels ----------------
def street_metric_label(metric: str, lang: str, unit: bool = True) -> str:
    """The label of a metric of a street: the street's own (worst community, Gini) or the model's."""
    key = f"street_views.metric.{metric}"
    return t(key, lang) if key in TABLE else metric_label(metric, lang, unit=unit)


def _value(metric: str, value: Any, lang: str) -> str:
    if metric.startswith("gini_"):
        return "–" if value is None or np.isnan(value) else f"{value:.3f}"
    return format_value(metric, value, lang)


def _text_colour(rgba: Sequence[float]) -> str:
    """Black on light tiles, white on dark ones (relative luminance, ITU-R BT.709 weights)."""
    r, g, b = rgba[:3]
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 else "white"


# ------------------------------------------------------------------ the street map -------
@_styled
def street_map(result: Any, metric: str = "on_time_closure_rate", lang: str | None = None) -> Figure:
    """Draw a street: one tile per community, sized by households, coloured by ``metric``.

    The colours run from dark (worse) to bright (better) whichever way the metric is
    better; the colour bar says what they mean. The community with the lowest on-time
    closure rate (the street's worst) has a thick black outline; a community without a
    value of ``metric`` is grey and hatched. Each tile that is big enough carries the
    community's name and its value. Each tile is one ``Rectangle`` whose ``gid`` is the
    community's name.

    Args:
        result: what ``sim.street.run_street`` returned (its ``table``, ``summary`` and ``street``).
        metric: a numeric column of ``result.table`` (default: on-time closure rate).
        lang: "zh" or "en".

    Raises:
        ScenarioError: for a metric the table does not have.
    """
    table = result.table
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c]) and c not in ("position", "seed")]
    if metric not in numeric:
        raise ScenarioError.keyed("street_views.map.bad_metric", metric=quote(metric), allowed=", ".join(numeric))
    values = table[metric].to_numpy(dtype=float)
    known = values[~np.isnan(values)]
    low, high = (float(known.min()), float(known.max())) if known.size else (0.0, 1.0)
    if high - low < 1e-9:  # one value everywhere: a small range around it, so the colour is mid-scale
        low, high = low - 0.01, high + 0.01
    cmap = mpl.colormaps["viridis" if BETTER.get(metric, 1) > 0 else "viridis_r"]
    norm = Normalize(low, high)

    fig, axes = _figure(*MAP_SIZE)
    ax = axes[0, 0]
    ax.grid(False)
    rects = squarify(table["households"].to_numpy(dtype=float), ASPECT, 1.0)
    worst = result.summary.get(WORST)
    # Points per unit of the layout, to size each tile's label (the axes take about 80% of the width).
    per_unit = MAP_SIZE[0] * 72 * 0.8 / ASPECT
    for (x, y, w, h), name, value in zip(rects, table["community"], values, strict=True):
        missing = np.isnan(value)
        colour = mpl.colors.to_rgba(NO_VALUE) if missing else cmap(norm(value))
        is_worst = name == worst
        tile = Rectangle(
            (x, y),
            w,
            h,
            facecolor=colour,
            edgecolor="black" if is_worst else "white",
            linewidth=4 if is_worst else 1.5,
            hatch="//" if missing else None,
            zorder=3 if is_worst else 2,
            gid=str(name),
        )
        ax.add_patch(tile)
        label = f"{name}\n{_value(metric, value, lang)}"
        chars = max(display_width(str(name)), 6)
        size = min(14.0, h * per_unit / 3.2, w * per_unit / (0.62 * chars + 1))
        if size >= SMALLEST_FONT:
            ax.text(x + w / 2, y + h / 2, label, ha="center", va="center", fontsize=size, color=_text_colour(colour))
    ax.set_xlim(0, ASPECT)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.85)
    bar.set_label(_wrapped(street_metric_label(metric, lang), 30))
    if is_percent(metric) and not metric.startswith("gini_"):
        _percent_axis(bar.ax.yaxis)
    ax.set_title(t("street_views.map.title", lang, title=scenario_title(result.street, lang)))
    ax.set_xlabel(_wrapped(t("street_views.map.note", lang, worst=worst if worst is not None else "–"), 90))
    return fig


# ------------------------------------------------------------------ streets compared -----
@_styled
def street_comparison_chart(comparison: Any, lang: str | None = None) -> Figure:
    """Draw the street metrics of a street comparison: each street's mean with its 95% CI.

    One panel per metric (the rates, the worst community's on-time closure, the Gini);
    the panel title says whether higher or lower is better.

    Args:
        comparison: what ``sim.street.compare.compare_streets`` returned.
        lang: "zh" or "en".
    """
    table = comparison.table
    metrics = list(dict.fromkeys(table["metric"]))
    names = [s.name for s in comparison.streets]
    ncols = 3
    nrows = -(-len(metrics) // ncols)
    fig, axes = _figure(5.2 * ncols + 2, 1.2 + (0.55 * len(names) + 1.6) * nrows, nrows, ncols, sharey=True)
    y = np.arange(len(names))[::-1]
    labels = [_wrapped(n, 18) for n in names]
    for k, ax in enumerate(axes.flat):
        if k >= len(metrics):
            ax.set_visible(False)
            continue
        metric = metrics[k]
        part = table[table["metric"] == metric].set_index("street").loc[names]
        means = part["mean"].to_numpy(dtype=float)
        err = np.abs(np.vstack([means - part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float) - means]))
        for i in range(len(names)):
            ax.errorbar(means[i], y[i], xerr=err[:, i : i + 1], fmt="o", ms=10, capsize=6, lw=2.5, color=COLORS[i % 10])
        lower = metric.startswith("gini_") or BETTER.get(metric, 1) < 0
        hint = t("word.lower_better" if lower else "word.higher_better", lang)
        ax.set_title(_wrapped(street_metric_label(metric, lang, unit=False), 30) + f"\n({hint})", fontsize=14)
        ax.margins(x=0.25, y=0.3)
        if is_percent(metric) and not metric.startswith("gini_"):
            _percent_axis(ax.xaxis)
            low, high = ax.get_xlim()
            pad = 0.02 * (high - low)
            ax.set_xlim(max(low, -pad), min(high, 1 + pad))  # a rate cannot leave [0, 1]
        ax.grid(axis="y", visible=False)
        ax.set_yticks(y, labels)
    fig.suptitle(t("street_views.chart.title", lang, reps=int(comparison.meta.get("reps", 0))))
    return fig


__all__ = ["squarify", "street_comparison_chart", "street_map", "street_metric_label"]
