"""Scenario discovery: under which conditions does a metric of an experiment fall below (or rise above) a threshold?

The cases are the experiment's finished runs, one row each (its point's factor values
and its metric): replications differ only by chance, so a point whose runs fail half
the time counts half in, which is what "in 87% of runs" says. Runs that failed, or have
no value of the metric, are left out and counted.

PRIM (the Patient Rule Induction Method) is EMA Workbench's (``ema_workbench.analysis.prim``),
with its defaults for peeling and pasting. It peels a box around the runs of interest
step by step, trading coverage (the share of all runs of interest inside the box) for
density (the share of the box's runs that are of interest). From each trajectory the
widest box whose density reaches ``threshold_density`` is taken (else the densest,
marked as short of it); its runs are set aside and PRIM looks for the next box among
the rest, up to ``MAX_BOXES``.

>>> from sim.experiments.discover import discover, sentence
>>> d = discover("out/discover-small", "on_time_closure_rate", "below", 0.6)   # doctest: +SKIP
>>> [sentence(d, box, "zh") for box in d.boxes]                                # doctest: +SKIP

The command ``experiment discover`` (``sim.commands.discover``) prints the boxes and
writes the report.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..i18n import TABLE, format_value, is_percent, metric_label, metric_unit, param_label, param_unit, t
from ..inputs import quote
from ..model.metrics import METRICS
from ..params import PARAMS
from .store import ExperimentStore, short_list
from .street_runs import GINI, STREET_METRICS

# The metrics a run may record: the model's, and a street experiment's street metrics.
KNOWN_METRICS = (*METRICS, *(m for m in STREET_METRICS if m not in METRICS))

DIRECTIONS = ("below", "above")
DISCRETE = ("bool", "choice")
DEFAULT_DENSITY = 0.8  # a box is a finding when at least this share of its runs are of interest
MAX_BOXES = 3
SIGNIFICANT = 0.05  # quasi-p-values above this mark a restriction that may be chance
UNBOUNDED = ("backlog_growth",)  # metrics that can be negative


@dataclass(frozen=True)
class Limit:
    """How a box restricts one factor.

    Attributes:
        factor: the parameter's name.
        kind: ``int``, ``float``, ``bool`` or ``choice``.
        low: the smallest value among the box's runs (None: not restricted from below).
        high: the largest value among the box's runs (None: not restricted from above).
        levels: for true/false and choice factors, the values inside the box.
        p_value: EMA Workbench's quasi-p-value of the restriction (the largest over
            its sides): how likely a restriction this strong is by chance.
    """

    factor: str
    kind: str
    low: float | None = None
    high: float | None = None
    levels: tuple[Any, ...] = ()
    p_value: float = math.nan


@dataclass(frozen=True)
class Box:
    """One box found by PRIM.

    Attributes:
        number: 1 for the first box, 2 for the next …
        runs: runs inside the box (not counting runs of earlier boxes).
        of_interest: those of them where the metric is below (above) the threshold.
        coverage: ``of_interest`` as a share of all runs of interest.
        density: ``of_interest`` as a share of ``runs``.
        mass: ``runs`` as a share of all runs.
        limits: the restricted factors, in the order of the design.
        reaches: whether the density reaches the threshold density.
    """

    number: int
    runs: int
    of_interest: int
    coverage: float
    density: float
    mass: float
    limits: tuple[Limit, ...]
    reaches: bool


@dataclass(frozen=True)
class Discovery:
    """The outcome of scenario discovery on one experiment.

    Attributes:
        name: the experiment's name.
        metric: the metric.
        direction: ``below`` or ``above``.
        threshold: the value the metric is compared with.
        runs: runs used as cases.
        of_interest: runs where the metric is below (above) the threshold.
        left_out: runs left out (failed, or no value for the metric).
        kinds: the factors PRIM looked at, name → kind, in the order of the design.
        ranges: what each of them took in the runs: (low, high) or the levels.
        constant: factors with one value only, left out.
        boxes: the boxes found.
        threshold_density: the density a box has to reach.
        peel_alpha: the share of runs peeled off at each step.
        damaged: damaged run files, left out.
    """

    name: str
    metric: str
    direction: str
    threshold: float
    runs: int
    of_interest: int
    left_out: int
    kinds: Mapping[str, str]
    ranges: Mapping[str, tuple[Any, ...]]
    constant: tuple[str, ...]
    boxes: tuple[Box, ...]
    threshold_density: float
    peel_alpha: float
    damaged: tuple[str, ...] = ()


# ------------------------------------------------------------------- PRIM -----------------
def _prim():
    """The PRIM module of EMA Workbench, imported quietly.

    Importing it warns that optional parts are missing (ipyparallel, altair) that PRIM
    does not use.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="ipyparallel not installed", category=UserWarning)
        warnings.filterwarnings("ignore", message="altair based", category=ImportWarning)
        try:
            from ema_workbench.analysis import prim
        except ImportError:
            raise ScenarioError.keyed("discover.missing", package="ema_workbench") from None
    return prim


def threshold_range(metric: str) -> tuple[float, float]:
    """The values a threshold of ``metric`` may take: 0–1 for rates and shares, ≥ 0 for most others."""
    if is_percent(metric):
        return 0.0, 1.0
    if metric in UNBOUNDED:
        return -math.inf, math.inf
    return 0.0, math.inf


def _level(value: Any) -> str:
    """A level of a true/false or choice factor as PRIM's category."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return str(value)


def _in_order(name: str, levels: set[str]) -> tuple[str, ...]:
    """Levels in the parameter table's order (false before true)."""
    order = [_level(v) for v in (PARAMS[name].choices or (False, True))]
    return tuple(sorted(levels, key=lambda v: (order.index(v) if v in order else len(order), v)))


def _prim_frame(x: pd.DataFrame, kinds: Mapping[str, str]) -> pd.DataFrame:
    """The factors as PRIM takes them: numbers as floats, true/false and choices as text.

    Integers too are floats: EMA Workbench 3.0 writes a half-way limit (3.5) into a column of
    the data's type, which pandas 3 refuses for integers (``_limits`` reads limits off the runs).
    """
    out = {}
    for name, kind in kinds.items():
        col = x[name]
        out[name] = col.map(_level).astype(object) if kind in DISCRETE else col.astype(float)
    return pd.DataFrame(out, index=x.index)


def _choose(trajectory: pd.DataFrame, threshold_density: float) -> tuple[int | None, bool]:
    """The step of a peeling trajectory to report, and whether it reaches the threshold density.

    The widest box (highest coverage) among those dense enough; when none is, the densest.
    Steps that restrict nothing (the start) are never taken.
    """
    steps = trajectory[trajectory["res_dim"] > 0]
    dense = steps[steps["density"] >= threshold_density - 1e-12]
    if not dense.empty:
        best = dense.sort_values(["coverage", "density", "res_dim"], ascending=[False, False, True], kind="stable")
        return int(best.index[0]), True
    if steps.empty:
        return None, False
    best = steps.sort_values(["density", "coverage", "res_dim"], ascending=[False, False, True], kind="stable")
    return int(best.index[0]), False


def _simplify(box: Any, step: int, floor: float) -> int:
    """Drop the restrictions chance may explain (quasi-p above ``SIGNIFICANT``) while the density stays ``floor``.

    Bryant and Lempert's advice: such a restriction only makes the box harder to read.
    """
    for name in sorted(box.p_values[step], key=lambda f: -max(box.p_values[step][f])):
        if max(box.p_values[step].get(name, [-1])) <= SIGNIFICANT:
            continue
        box.drop_restriction(name, i=step)
        new = len(box.peeling_trajectory) - 1
        row = box.peeling_trajectory.iloc[new]
        if row["density"] >= floor - 1e-12 and row["res_dim"] > 0:
            step = new
        box.select(step)
    return step


def _limits(
    kinds: Mapping[str, str], lims: pd.DataFrame, init: pd.DataFrame, qp: Mapping[str, Any], inside: pd.DataFrame
) -> list[Limit]:
    """The restrictions of one box, from EMA Workbench's box limits (row 0 low, row 1 high).

    A numeric limit is the value reached by the box's runs (``inside``) rather than PRIM's
    cut half-way to the next run outside: "at most 2 staff", not 3 when 3 was never tried.
    """
    out = []
    for name, kind in kinds.items():
        p = [float(v) for v in qp.get(name, ()) if v is not None and v >= 0]
        p_value = max(p) if p else math.nan
        if kind in DISCRETE:
            kept, every = set(lims.loc[0, name]), set(init.loc[0, name])
            if kept != every:
                out.append(Limit(name, kind, levels=_in_order(name, kept), p_value=p_value))
            continue
        low = float(inside[name].min()) if float(lims.loc[0, name]) > float(init.loc[0, name]) else None
        high = float(inside[name].max()) if float(lims.loc[1, name]) < float(init.loc[1, name]) else None
        if low is not None or high is not None:
            out.append(Limit(name, kind, low, high, p_value=p_value))
    return out


def find_boxes(
    x: pd.DataFrame,
    y: Sequence[bool] | np.ndarray,
    kinds: Mapping[str, str],
    threshold_density: float = DEFAULT_DENSITY,
    peel_alpha: float = 0.05,
    max_boxes: int = MAX_BOXES,
) -> list[Box]:
    """Run PRIM on cases ``x`` (one row per case) where ``y`` marks the cases of interest.

    Args:
        x: the factor values, at least the columns named in ``kinds``.
        y: True for a case of interest.
        kinds: the factors to use, name → kind (``int``, ``float``, ``bool``, ``choice``).
        threshold_density: the density a box has to reach (see ``_choose``).
        peel_alpha: the share of cases peeled off at each step.
        max_boxes: the most boxes to look for.

    Returns:
        The boxes, first found first: the first always (marked when short of the
        threshold density), the next ones only when they reach it.
    """
    prim = _prim()
    y = np.asarray(y, dtype=bool)
    frame = _prim_frame(x.reset_index(drop=True), kinds)
    if frame.empty or not y.any():
        return []
    boxes: list[Box] = []
    left = np.ones(len(y), dtype=bool)  # runs not in an earlier box
    with warnings.catch_warnings():
        # EMA Workbench 3.0 calls DataFrame.drop(inplace=True), deprecated by pandas 3.1.
        warnings.filterwarnings("ignore", message="The inplace keyword", module=r"ema_workbench\.")
        alg = prim.Prim(frame, y, peel_alpha=peel_alpha)
        for number in range(1, max_boxes + 1):
            if not y[left].any():
                break
            found = alg.find_box()
            if found is None:
                break
            step, reaches = _choose(found.peeling_trajectory, threshold_density)
            if step is None or (boxes and not reaches):
                break
            found.select(step)  # PRIM sets aside the runs of the step chosen, not of the last one
            step = _simplify(found, step, threshold_density if reaches else found.peeling_trajectory["density"][step])
            row = found.peeling_trajectory.iloc[step]
            limits = _limits(kinds, found.box_lims[step], alg.box_init, found.p_values[step], frame.loc[found.yi])
            stats = (int(row["n"]), int(row["k"]), float(row["coverage"]), float(row["density"]), float(row["mass"]))
            boxes.append(Box(number, *stats, limits=tuple(limits), reaches=reaches))
            left[found.yi] = False
            if not reaches:
                break
    return boxes


# ------------------------------------------------------------------- an experiment --------
def _ranges(x: pd.DataFrame, kinds: Mapping[str, str]) -> dict[str, tuple[Any, ...]]:
    """What each factor took in the runs: (smallest, largest), or its levels."""
    return {
        f: _in_order(f, {_level(v) for v in x[f]}) if kind in DISCRETE else (float(x[f].min()), float(x[f].max()))
        for f, kind in kinds.items()
    }


def discover(
    path: str | os.PathLike,
    metric: str,
    direction: str,
    threshold: float,
    threshold_density: float = DEFAULT_DENSITY,
    peel_alpha: float = 0.05,
) -> Discovery:
    """Find the boxes of factor values where ``metric`` is ``direction`` ``threshold``.

    Args:
        path: the experiment directory (written by ``experiment run``).
        metric: a metric the experiment recorded.
        direction: ``below`` or ``above`` (strictly).
        threshold: the value to compare with (rates and shares as 0–1).
        threshold_density: the density a box has to reach.
        peel_alpha: the share of runs peeled off at each step (EMA Workbench's default 0.05).

    Raises:
        ScenarioError: when ``path`` holds no experiment (or a damaged one), the metric is
            unknown or not recorded, the threshold is out of range, or no run — or every
            run — is of interest.
    """
    if metric not in KNOWN_METRICS:
        raise ScenarioError.keyed("discover.bad_metric", metric=quote(metric), choices=short_list(list(KNOWN_METRICS)))
    if direction not in DIRECTIONS:
        raise ScenarioError.keyed("discover.bad_direction", value=quote(direction))
    low, high = threshold_range(metric)
    if not (isinstance(threshold, (int, float)) and math.isfinite(threshold) and low <= threshold <= high):
        raise ScenarioError.keyed("discover.bad_threshold", metric=metric, value=quote(threshold))
    store = ExperimentStore(path)
    meta = store.verify()
    if metric not in meta["metrics"]:
        raise ScenarioError.keyed(
            "discover.not_recorded", path=store.path, metric=metric, choices=short_list(meta["metrics"])
        )
    kinds = {f["name"]: str(f.get("kind", "float")) for f in store.design_info()["factors"]}
    runs = store.results()
    values = pd.to_numeric(runs[metric], errors="coerce").to_numpy(dtype=float)
    usable = (runs["status"] == "ok").to_numpy() & np.isfinite(values)
    x = runs.loc[usable, list(kinds)].reset_index(drop=True)
    y = values[usable] < threshold if direction == "below" else values[usable] > threshold
    n, k = int(usable.sum()), int(y.sum())
    if n == 0:
        raise ScenarioError.keyed("discover.no_runs", path=store.path, metric=metric)
    if k in (0, n):
        key, got = f"discover.{'none' if k == 0 else 'all'}_{direction}", values[usable]
        raise ScenarioError.in_both(
            lambda lang: t(key, lang, metric=metric, n=n, **_amounts(metric, lang, threshold, got.min(), got.max()))
        )
    constant = tuple(f for f in kinds if x[f].nunique() <= 1)
    kinds = {f: kind for f, kind in kinds.items() if f not in constant}
    boxes = find_boxes(x, y, kinds, threshold_density, peel_alpha)
    return Discovery(
        name=str(meta["name"]),
        metric=metric,
        direction=direction,
        threshold=float(threshold),
        runs=n,
        of_interest=k,
        left_out=len(runs) - n,
        kinds=kinds,
        ranges=_ranges(x, kinds),
        constant=constant,
        boxes=tuple(boxes),
        threshold_density=threshold_density,
        peel_alpha=peel_alpha,
        damaged=tuple(runs.attrs.get("damaged", ())),
    )


# ------------------------------------------------------------------- words ----------------
def whole_percent(value: float) -> str:
    """A share in a sentence: whole percent, and never 0% or 100% unless it is exactly that."""
    percent = round(value * 100)
    if 0 < value < 1:
        percent = min(max(percent, 1), 99)
    return f"{percent}%"


def _is_share(name: str) -> bool:
    """Whether a parameter reads as a percentage: a unitless number from 0 to 1."""
    p = PARAMS[name]
    return p.kind == "float" and not p.unit and p.lo is not None and p.hi is not None and p.lo >= 0 and p.hi <= 1


def _amounts(metric: str, lang: str, threshold: float, low: float, high: float) -> dict[str, str]:
    return {k: amount_text(metric, v, lang) for k, v in (("threshold", threshold), ("low", low), ("high", high))}


def amount_text(metric: str, value: float, lang: str) -> str:
    """A metric's value in a sentence: ``60%`` for rates, a street's Gini as a number, else the number and its unit."""
    if metric == GINI:
        return f"{value:.3g}"
    if is_percent(metric):
        return f"{round(value * 100, 1):g}%"
    unit = metric_unit(metric, lang)
    return f"{format_value(metric, value, lang)} {unit}".strip()


def value_text(name: str, value: Any, lang: str, unit: bool = True) -> str:
    """A factor's value as the parameter table gives it (``3 人``, ``20%``, ``1.5 件/户/年``); ``unit=False``: no unit."""
    p = PARAMS[name]
    if p.kind == "bool":
        return t("discover.on" if value in (True, "true") else "discover.off", lang)
    if p.kind == "choice":
        key = f"choice.{name}.{value}"
        return t(key, lang) if key in TABLE else str(value)
    if _is_share(name):
        return f"{round(float(value) * 100, 1):g}%"
    number = f"{int(round(float(value)))}" if p.kind == "int" else f"{float(value):.3g}"
    return f"{number} {param_unit(p.unit, lang)}" if p.unit and unit else number


def condition_text(limit: Limit, lang: str) -> str:
    """One restriction of a box in words, e.g. ``“网格员/社区工作者人数”不超过 3 人``."""
    label, name = param_label(limit.factor, lang), limit.factor
    if limit.kind == "bool":
        return t(f"discover.cond.{'on' if limit.levels == ('true',) else 'off'}", lang, label=label)
    if limit.kind in DISCRETE:
        return t("discover.cond.levels", lang, label=label, levels=values_text(name, limit.levels, lang, True))
    low, high = (None if v is None else value_text(name, v, lang) for v in (limit.low, limit.high))
    if low is None or high is None:
        key = "at_most" if low is None else "at_least"
        return t(f"discover.cond.{key}", lang, label=label, value=high if low is None else low)
    return t(f"discover.cond.{'equal' if low == high else 'between'}", lang, label=label, value=low, low=low, high=high)


def compact_text(limit: Limit) -> str:
    """One restriction by the parameter's name, for tables: ``staff ≤ 4``, ``priority_rule ∈ {fifo, convenience}``."""
    if limit.kind in DISCRETE:
        return f"{limit.factor} ∈ {{{', '.join(limit.levels)}}}"
    low, high = (None if v is None else f"{v:.3g}" for v in (limit.low, limit.high))
    if low == high:
        return f"{limit.factor} = {low}"
    if high is None:
        return f"{limit.factor} ≥ {low}"
    return " ≤ ".join(v for v in (low, limit.factor, high) if v is not None)


def _joined(parts: Sequence[str], lang: str) -> str:
    """Conditions joined by "and"; in Chinese a number is set off from the next word ("20% 且")."""
    out = ""
    for k, part in enumerate(parts):
        sep = t("discover.and", lang) if k else ""
        if lang == "zh" and out[-1:].isascii() and k:
            sep = " " + sep
        out += sep + part
    return out


def metric_words(metric: str, lang: str) -> str:
    """A metric's name inside a sentence (English: lower case unless an abbreviation or a name)."""
    label = metric_label(metric, lang, unit=False)
    if lang == "en" and len(label) > 1 and label[1].islower() and metric != GINI:  # Gini is a name
        label = label[0].lower() + label[1:]
    return label


def question(metric: str, direction: str, threshold: float, lang: str) -> str:
    """What the runs of interest are, e.g. ``按期结案率低于 60%``."""
    condition = t(f"discover.condition.{direction}", lang, metric=metric_words(metric, lang))
    return f"{condition} {amount_text(metric, threshold, lang)}"


def sentence(d: Discovery, box: Box, lang: str) -> str:
    """A box as one sentence, e.g. "When staff are at most 3 …, on-time closure is below 60% in 87% of runs …"."""
    conditions = _joined([condition_text(lim, lang) for lim in box.limits], lang)
    if lang == "zh" and conditions[-1:].isascii():  # "不低于 20% 时"
        conditions += " "
    return t(
        f"discover.sentence.{d.direction}",
        lang,
        conditions=conditions,
        metric=metric_words(d.metric, lang),
        threshold=amount_text(d.metric, d.threshold, lang),
        density=whole_percent(box.density),
        coverage=whole_percent(box.coverage),
    )


# ------------------------------------------------------------------- tables and files -----
def _number(value: float | None) -> str:
    """A number in the CSV file ("" when there is none)."""
    return "" if value is None or math.isnan(value) else f"{value:.6g}"


def boxes_frame(d: Discovery) -> pd.DataFrame:
    """The boxes as a table for the CSV file: one row per box, the limits of every factor, both sentences.

    A factor the box does not restrict has empty limits; ``{factor}_levels`` lists the
    values inside the box, separated by ``|``; ``{factor}_qp`` is the quasi-p-value.
    """
    columns = ["box", "runs", "of_interest", "coverage", "density", "mass", "reaches_density"]
    for name, kind in d.kinds.items():
        columns += [f"{name}_levels"] if kind in DISCRETE else [f"{name}_low", f"{name}_high"]
        columns.append(f"{name}_qp")
    columns += ["sentence_zh", "sentence_en"]
    rows = []
    for box in d.boxes:
        row: dict[str, Any] = dict.fromkeys(columns, "")
        row |= {
            "box": box.number,
            "runs": box.runs,
            "of_interest": box.of_interest,
            "coverage": round(box.coverage, 4),
            "density": round(box.density, 4),
            "mass": round(box.mass, 4),
            "reaches_density": box.reaches,
        }
        by_factor = {lim.factor: lim for lim in box.limits}
        for name in d.kinds:
            lim = by_factor.get(name)
            if lim is None:
                continue
            if lim.kind in DISCRETE:
                row[f"{name}_levels"] = "|".join(lim.levels)
            else:
                row[f"{name}_low"], row[f"{name}_high"] = _number(lim.low), _number(lim.high)
            row[f"{name}_qp"] = _number(lim.p_value)
        row["sentence_zh"] = sentence(d, box, "zh")
        row["sentence_en"] = sentence(d, box, "en")
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def values_text(name: str, values: Sequence[Any], lang: str, discrete: bool) -> str:
    """Levels joined by "or", or a range ``low – high`` with the unit once ("…" for a side without a limit)."""
    if discrete:
        return t("discover.or", lang).join(value_text(name, v, lang) for v in values)
    low, high = values
    if low is None or high is None:
        return " – ".join("…" if v is None else value_text(name, v, lang) for v in values)
    return f"{value_text(name, low, lang, unit=False)} – {value_text(name, high, lang)}"
