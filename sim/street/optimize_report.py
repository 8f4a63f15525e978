"""What a policy search writes: its tables, a policy in words, the figures and the report.

In the output folder, next to ``evaluations.sqlite`` (the runs, see
``sim.street.optimize_store``), ``write_optimize`` puts, all renamed into place together:

* ``pareto.csv``: one row per Pareto policy: its values by community, its staff, its
  objectives (means over the replications) and the policy in words in both languages;
* ``evaluations.csv``: one row per policy asked for, generation by generation, with its
  status (``ok``, ``over_budget``, ``no_value``, ``error``);
* ``convergence.csv``: the hypervolume of the Pareto set found by each generation;
* ``report.html`` (Chinese) and ``report.en.html`` (English): the trade-offs, the
  convergence, each Pareto policy in words, the file; every figure embedded;
* ``optimize.toml`` (the file as read) and ``meta.json`` (seeds, executor, versions).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.figure import Figure

from ..experiments.discover import value_text
from ..files import write_together
from ..i18n import format_value, is_percent, metric_label, param_label, t
from ..report_page import HTML_LANG, html_figure, html_pairs, html_table, png_bytes, render_page
from ..run import versions
from ..viz.figures import COLORS, STYLE
from ..viz.fonts import setup_fonts
from .optimize import AS_GIVEN, OptimizeResult
from .optimize_spec import Objective, OptimizeSpec

REPORTS = {"zh": "report.html", "en": "report.en.html"}
SHOWN = 20  # Pareto policies in words on the page and the terminal; the CSV holds them all
# Street figures that are not in the metric table, read as the metric they are made of.
READ_AS = {"worst_on_time_closure_rate": "on_time_closure_rate"}
STREET_ONLY = ("worst_on_time_closure_rate", "gini_on_time_closure_rate")


# ------------------------------------------------------------------- words -----------------
def objective_label(objective: Objective, lang: str) -> str:
    """An objective's name for people, e.g. ``全街道按期结案率`` or ``worst community: backlog``."""
    metric = objective.metric
    if metric in STREET_ONLY:  # already a figure of the whole street, named as such
        return metric_label(metric, lang, unit=False)
    return t(f"optimize.of.{objective.of}", lang, label=metric_label(metric, lang, unit=False))


def objective_text(objective: Objective, value: Any, lang: str) -> str:
    """An objective's value as people read it (rates as percentages)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if objective.metric == "gini_on_time_closure_rate":
        return f"{float(value):.3f}"
    return format_value(READ_AS.get(objective.metric, objective.metric), value, lang)


def _list(names: Sequence[str], lang: str) -> str:
    return t("optimize.words.list", lang).join(names)


def staff_moves(spec: OptimizeSpec, values: dict[str, Any]) -> list[tuple[str | None, str | None, int]]:
    """Staff changes as moves ``(from, to, n)`` against the street as given (``None``: new or cut).

    Communities that lose staff give them to those that gain, both in street order;
    what is left over is new staff (``from`` None) or staff cut (``to`` None).
    """
    gains, losses = [], []
    for c in spec.street.communities:
        key = f"{c.name}.staff"
        if key in values:
            diff = int(values[key]) - int(c.scenario.params["staff"])
            if diff > 0:
                gains.append([c.name, diff])
            elif diff < 0:
                losses.append([c.name, -diff])
    moves: list[tuple[str | None, str | None, int]] = []
    while gains and losses:
        n = min(gains[0][1], losses[0][1])
        moves.append((losses[0][0], gains[0][0], n))
        for side in (gains, losses):
            side[0][1] -= n
            if side[0][1] == 0:
                side.pop(0)
    moves += [(None, name, n) for name, n in gains] + [(name, None, n) for name, n in losses]
    return moves


def policy_words(spec: OptimizeSpec, values: dict[str, Any], lang: str) -> str:
    """A policy in words against the street as given, e.g. "把 2 名网格员从 A 调到 B；在 C 开启网格化"."""
    values = {
        v.key: v.value(values[v.key]) for v in spec.variables
    }  # plain Python values, as a table may hold NumPy ones
    parts = []
    moves = staff_moves(spec, values)
    sources = list(dict.fromkeys(m[0] for m in moves if m[0] and m[1]))
    for source in sources:  # one phrase per community that gives staff away
        out = [(target, n) for s, target, n in moves if s == source and target]
        if len(out) == 1:
            parts.append(t("optimize.words.move", lang, n=out[0][1], source=source, target=out[0][0]))
        else:
            each = _list([t("optimize.words.to", lang, n=n, target=target) for target, n in out], lang)
            parts.append(t("optimize.words.moves", lang, source=source, n=sum(n for _, n in out), each=each))
    for source, target, n in moves:
        if source and target:
            continue
        if target:
            parts.append(t("optimize.words.add", lang, n=n, target=target))
        else:
            parts.append(t("optimize.words.cut", lang, n=n, source=source))
    params = list(dict.fromkeys(v.param for v in spec.variables if v.param != "staff"))
    for param in params:
        changed = [v for v in spec.variables if v.param == param and values[v.key] != v.current]
        label = param_label(param, lang)
        if changed and changed[0].kind == "bool":
            for state in (True, False):
                names = [v.community for v in changed if values[v.key] is state]
                if names:
                    key = "optimize.words.on" if state else "optimize.words.off"
                    parts.append(t(key, lang, names=_list(names, lang), label=label))
            continue
        for v in changed:
            old, new = (value_text(param, x, lang) for x in (v.current, values[v.key]))
            parts.append(t("optimize.words.set", lang, name=v.community, label=label, old=old, new=new))
    if not parts:
        return t("optimize.words.same", lang)
    return t("optimize.words.sep", lang).join(parts)


# ------------------------------------------------------------------- tables ----------------
def _columns(spec: OptimizeSpec) -> list[str]:
    return [v.key for v in spec.variables]


def pareto_frame(result: OptimizeResult) -> pd.DataFrame:
    """The Pareto set for ``pareto.csv``: id, values, staff, objectives, the street's rates, words."""
    spec, front = result.spec, result.pareto
    keep = ["policy", *_columns(spec), "staff_total", *[o.key for o in spec.objectives]]
    keep += [c for c in front.columns if c.startswith("street:") and c not in keep]
    out = front[keep].copy()
    records = front[_columns(spec)].to_dict("records")
    out["policy_zh"] = [policy_words(spec, r, "zh") for r in records]
    out["policy_en"] = [policy_words(spec, r, "en") for r in records]
    return out


def terminal_table(result: OptimizeResult, lang: str, limit: int = SHOWN) -> pd.DataFrame:
    """The Pareto set as the terminal and the page show it: objectives and staff, the street as given first."""
    spec = result.spec
    given = result.policies[result.policies["policy"] == AS_GIVEN]
    rows = pd.concat([given, result.pareto.head(limit)])
    data = {objective_label(o, lang): [objective_text(o, v, lang) for v in rows[o.key]] for o in spec.objectives}
    data[t("optimize.col.staff", lang)] = rows["staff_total"].astype(int).tolist()
    index = [t("optimize.as_given", lang) if p == AS_GIVEN else str(p) for p in rows["policy"]]
    return pd.DataFrame(data, index=index)


# ------------------------------------------------------------------- figures ---------------


def _axis(ax, objective: Objective, which: str) -> None:
    if is_percent(READ_AS.get(objective.metric, objective.metric)):
        getattr(ax, f"{which}axis").set_major_formatter(ticker.PercentFormatter(1.0, decimals=None))


def tradeoff_figure(result: OptimizeResult, lang: str) -> Figure:
    """Every policy within budget (grey), the Pareto set (red) and the street as given (star).

    With one objective, the objective against the street's staff; with more, the first
    objective against each other one (at most three panels).
    """
    spec, pol = result.spec, result.policies
    searched = pol[(pol["policy"] != AS_GIVEN) & (pol["status"] == "ok")]
    given = pol[pol["policy"] == AS_GIVEN]
    first = spec.objectives[0]
    others = list(spec.objectives[1:4])
    pairs: list[tuple[Any, Objective]] = [("staff_total", first)] if not others else [(first, o) for o in others]
    setup_fonts()
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(7 * len(pairs), 6), layout="constrained")
        axes = fig.subplots(1, len(pairs), squeeze=False)[0]
        for ax, (x, y) in zip(axes, pairs, strict=True):
            xcol = x if isinstance(x, str) else x.key
            ax.scatter(searched[xcol], searched[y.key], color="0.6", s=25, label=t("optimize.fig.policies", lang))
            ax.scatter(
                result.pareto[xcol], result.pareto[y.key], color=COLORS[3], s=70, label=t("optimize.fig.pareto", lang)
            )
            for _, row in result.pareto.head(SHOWN).iterrows():
                ax.annotate(
                    str(row["policy"]), (row[xcol], row[y.key]), xytext=(5, 5), textcoords="offset points", fontsize=9
                )
            if len(given):
                ax.scatter(
                    given[xcol],
                    given[y.key],
                    marker="*",
                    color="k",
                    s=220,
                    label=t("optimize.as_given", lang),
                    zorder=4,
                )
            ax.set_xlabel(t("optimize.col.staff", lang) if isinstance(x, str) else _sense_label(x, lang))
            ax.set_ylabel(_sense_label(y, lang))
            if not isinstance(x, str):
                _axis(ax, x, "x")
            _axis(ax, y, "y")
            ax.legend(loc="best", fontsize=10)
        fig.suptitle(t("optimize.fig.tradeoff", lang))
    return fig


def _sense_label(objective: Objective, lang: str) -> str:
    return f"{objective_label(objective, lang)} ({t(f'optimize.sense.{objective.sense}', lang)})"


def convergence_figure(result: OptimizeResult, lang: str) -> Figure:
    """The hypervolume of the Pareto set found, generation by generation."""
    conv = result.convergence
    setup_fonts()
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(8, 4.5), layout="constrained")
        ax = fig.subplots()
        ax.plot(conv["generation"], conv["hypervolume"], "-o", color=COLORS[0])
        ax.set_xlabel(t("optimize.fig.generation", lang))
        ax.set_ylabel(t("optimize.fig.hypervolume", lang))
        ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        ax.set_title(t("optimize.fig.convergence", lang))
    return fig


# ------------------------------------------------------------------- the report ------------
def _overview(result: OptimizeResult, lang: str) -> list[tuple[str, str]]:
    spec = result.spec
    decisions = list(dict.fromkeys(v.param for v in spec.variables))
    budget = t("word.none", lang) if spec.budget_staff is None else t("optimize.budget_text", lang, n=spec.budget_staff)
    rows = [
        (t("optimize.report.street", lang), f"{spec.street.name} — {spec.street.title.get(lang, spec.street.name)}"),
        (t("optimize.report.communities", lang), str(len(spec.street.communities))),
        (
            t("optimize.report.decisions", lang),
            _list([f"{param_label(p, lang)} ({p})" for p in decisions], lang) + f" · {len(spec.variables)}",
        ),
        (t("optimize.report.budget", lang), budget),
        (t("optimize.report.objectives", lang), _list([_sense_label(o, lang) for o in spec.objectives], lang)),
        (
            t("optimize.report.search", lang),
            t("optimize.search_text", lang, g=spec.generations, p=spec.population, r=spec.replications, seed=spec.seed),
        ),
        (t("optimize.report.runs", lang), t("optimize.runs_text", lang, ran=result.ran, reused=result.reused)),
        (t("optimize.report.executor", lang), result.executor),
        (t("optimize.report.optimiser", lang), f"pymoo {versions(extra=('pymoo',))['pymoo']} · NSGA-II"),
    ]
    return rows


def build_html(result: OptimizeResult, lang: str) -> str:
    """The report in ``lang``: overview, trade-offs, convergence, the Pareto policies in words, the file."""
    spec = result.spec
    other = "en" if lang == "zh" else "zh"
    records = result.pareto[_columns(spec)].head(SHOWN).to_dict("records")
    policies = [
        {"id": pid, "words": policy_words(spec, r, lang), "other": policy_words(spec, r, other)}
        for pid, r in zip(result.pareto["policy"].head(SHOWN), records, strict=True)
    ]
    figures = [
        html_figure(t("optimize.fig.tradeoff", lang), png_bytes(tradeoff_figure(result, lang), dpi=120)),
        html_figure(t("optimize.fig.convergence", lang), png_bytes(convergence_figure(result, lang), dpi=120)),
    ]
    more = t("optimize.more", lang, n=len(result.pareto) - SHOWN) if len(result.pareto) > SHOWN else ""
    return render_page(
        "optimize.html",
        lang,
        title=t("optimize.report.title", lang, name=spec.name),
        lead=[t("optimize.report.lead", lang, n=len(result.pareto))],
        overview=html_pairs(dict(_overview(result, lang))),
        table=html_table(terminal_table(result, lang), index=t("optimize.col.policy", lang)),
        figures=figures,
        policies=policies,
        more=more,
        other_lang=HTML_LANG[other],
        optimize_file=spec.text,
    )


def _csv(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


def meta(result: OptimizeResult) -> dict[str, Any]:
    """What ``meta.json`` records: the search's sizes, seeds, executor, runs and versions."""
    spec = result.spec
    return {
        "name": spec.name,
        "street": spec.street.name,
        "source": str(spec.path) if spec.path else None,
        "replications": spec.replications,
        "seed": spec.seed,
        "generations": spec.generations,
        "population": spec.population,
        "budget_staff": spec.budget_staff,
        "objectives": [{"metric": o.metric, "sense": o.sense, "of": o.of} for o in spec.objectives],
        "variables": [v.key for v in spec.variables],
        "pareto_policies": len(result.pareto),
        "ran": result.ran,
        "reused": result.reused,
        "executor": result.executor,
        **result.meta,
        "versions": versions(extra=("pymoo",)),
    }


def write_optimize(result: OptimizeResult, lang: str | None = None) -> list[Path]:
    """Write the tables, both reports, the file's copy and ``meta.json`` into the output folder, together."""
    files = {
        "pareto.csv": _csv(pareto_frame(result)),
        "evaluations.csv": _csv(result.evaluations),
        "convergence.csv": _csv(result.convergence),
        **{name: build_html(result, code) for code, name in REPORTS.items()},
        "optimize.toml": result.spec.text,
        "meta.json": json.dumps(meta(result), ensure_ascii=False, indent=2, default=_plain) + "\n",
    }
    return write_together(result.path, files, lang)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return str(value)
