"""The facilitator's debrief (复盘): two teams replayed side by side, and a counterfactual branch.

Both run in the server's worker processes (these functions take and return data that
pickles) on one of the room's seeds, so what differs between two lines of a figure is the
choice, not luck:

* a replay runs two teams' choices of a round and draws, with ``sim.viz``, the backlog over
  the year for both and each team's community map at a chosen day (the model run to that
  day, then on to the end of the year);
* a branch runs a team's year and the same year with one practice changed from day ``d`` on
  (a shock, ``Game.branch_plan``): the two are one year until day ``d``, and the figure marks it.

Figures are SVG made on the server, with their ids prefixed so that several can sit in one
page; their text is drawn as paths, so they need no font from anywhere. The pages allow no
inline style (their Content-Security-Policy), so the style matplotlib writes becomes SVG's
own presentation attributes (``fill``, ``stroke``…), which draw the same.
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
from typing import Any

import pandas as pd

from ..i18n import t
from ..model import CommunityModel
from ..model.metrics import issue_log
from ..run import RunResult, run
from ..scenario import Scenario
from .rules import CARD_METRICS

OPEN_STATES = ("waiting", "in_progress", "resolved")  # a case the community knows of, not yet closed
# who drew it, and each text's words as a comment (drawn as paths already): nothing a page needs
_DROP = re.compile(r"<metadata>.*?</metadata>\s*|<!--.*?-->\s*", re.S)
_SHEET = re.compile(r"<style[^>]*>\s*\*\s*\{([^}]*)\}\s*</style>\s*")  # matplotlib's one rule, for every element
_STYLE = re.compile(r'\bstyle="([^"]*)"')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^")]+)')


def svg_of(fig: Any, prefix: str) -> str:
    """A matplotlib figure as an ``<svg>`` element for a page: no XML prolog, metadata or comments, ids prefixed."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    text = _DROP.sub("", text[text.index("<svg") :])
    rules = [m.group(1) for m in _SHEET.finditer(text)]
    text = _SHEET.sub("", text)
    text = _STYLE.sub(lambda m: _attributes(m.group(1)), text)
    if rules:  # what applied to every element is inherited from the root instead
        text = text.replace("<svg ", f"<svg {_attributes(rules[0])} ", 1)
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)


def _attributes(declarations: str) -> str:
    """CSS declarations (``fill: #fff; stroke-width: 0.8``) as SVG presentation attributes."""
    pairs = (d.split(":", 1) for d in declarations.split(";") if ":" in d)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def titled(scenario: Scenario, label: str) -> Scenario:
    """The scenario under the label a figure shows (a team's name, "original", "branch")."""
    return dataclasses.replace(scenario, title={"zh": label, "en": label})


def series(result: RunResult) -> dict[str, list[float]]:
    """The daily series a debrief shows: the day, the backlog and the hidden needs not found."""
    daily = result.daily
    return {column: [float(v) for v in daily[column]] for column in ("day", "backlog", "hidden")}


def metrics(result: RunResult) -> dict[str, float | None]:
    """The result card's metrics for one run (None where the run could not measure one)."""
    out = {}
    for m in CARD_METRICS:
        value = float(result.summary[m])
        out[m] = None if math.isnan(value) else value
    return out


def year(scenario: Scenario, seed: int, label: str) -> dict[str, Any]:
    """One year of a scenario on a seed: its daily series, metrics and the result (for a figure)."""
    result = run(titled(scenario, label), seed=seed, keep_model=False)
    return {"daily": series(result), "metrics": metrics(result), "result": result}


def replay_year(scenario: Scenario, seed: int, day: int, label: str, lang: str, prefix: str) -> dict[str, Any]:
    """A team's year (``year``) and its community map at the end of working day ``day``, as SVG."""
    from ..viz import community_map

    sc = titled(scenario, label)
    model = CommunityModel(sc.params, rng=seed, shocks=sc.shocks)
    model.run_until(model.start + day)
    log = issue_log(model)
    # what the map reads: the community, the issues as they stand that day and the scenario's title
    empty = pd.DataFrame()
    snapshot = RunResult(sc, seed, pd.Series(dtype=float), issues=log, daily=empty, hours=empty, model=model)
    fig = community_map(snapshot, lang=lang)
    fig.axes[0].set_xlabel(t("fig.map.note", lang, day=day))
    out = year(scenario, seed, label)
    out["map"] = svg_of(fig, prefix)
    out["open_on_day"] = int(log["state"].isin(OPEN_STATES).sum())
    return out


def backlog_svg(results: list[RunResult], lang: str, prefix: str, day: int | None = None) -> str:
    """The backlog and hidden needs of several runs over the year (``sim.viz``); a dotted line at ``day``."""
    from ..viz import backlog_over_time

    fig = backlog_over_time(results, lang=lang)
    if day is not None:
        for ax in fig.axes:
            ax.axvline(day, color="0.3", ls=":", lw=1.8)
    return svg_of(fig, prefix)


__all__ = ["backlog_svg", "metrics", "replay_year", "series", "svg_of", "titled", "year"]
