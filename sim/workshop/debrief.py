"""The facilitator's debrief (复盘): two teams replayed side by side, and a counterfactual branch.

``replay_plan`` and ``branch_plan`` check what the facilitator asks for and say what to run;
``replay_year``, ``year`` and ``backlog_svg`` run it in the server's worker processes (they
take and return data that pickles). Everything runs on one of the room's seeds, so what
differs between two lines of a figure is the choice, not luck:

* a replay runs two teams' choices of a round and draws, with ``sim.viz``, the backlog over
  the year for both and each team's community map at a chosen day (the model run to that
  day, then on to the end of the year);
* a branch runs a team's year and the same year with one practice changed from day ``d`` on
  (a shock, ``branch_plan``): the two are one year until day ``d``, and the figure marks it.

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

from ..errors import ScenarioError
from ..i18n import t
from ..model import CommunityModel
from ..model.metrics import issue_log
from ..model.shocks import Shock
from ..run import RunResult, run
from ..scenario import Scenario
from .game import Game
from .rules import BRANCH_LEVERS, CARD_METRICS, allowed_text, as_object, fail, model_error, same, shown

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


# ---------------------------------------------------------------------------- what to run --
def _debrief_round(game: Game, number: Any) -> dict[str, Any]:
    """The round a debrief looks at (default: the last); one that is still open is refused."""
    current = game.round_of(number)
    if current is None:
        raise fail("debrief_none", status=409)
    if current["state"] == "open":
        raise fail("debrief_open", status=409, number=current["number"])
    return current


def _submitted(game: Game, current: dict[str, Any], name: Any, field: str) -> dict[str, Any]:
    """A team's submission in a round, by the team's name (as shown, in any case)."""
    if not isinstance(name, str):
        raise fail("team_unknown", field=field, value=shown(name))
    team = next((t for t in game.store.teams() if t["name"].casefold() == name.strip().casefold()), None)
    if team is None:
        raise fail("team_unknown", status=404, field=field, value=shown(name))
    sub = game.store.submission(team["id"], current["id"])
    if sub is None:
        raise fail("not_submitted", status=404, field=field, team=team["name"], round=current["number"])
    return sub


def _debrief_common(
    game: Game, payload: dict[str, Any], fields: tuple[str, ...], lo: int, default: int
) -> tuple[dict[str, Any], int, int, int, list[dict[str, Any]]]:
    """The round, day, replication, seed and events a debrief asks for, checked."""
    extra = sorted(set(payload) - {"round", "day", "rep", *fields})
    if extra:
        allowed = ", ".join(("round", *fields, "day", "rep"))
        raise fail("unknown_field", field=extra[0], name=shown(extra[0]), allowed=allowed)
    current = _debrief_round(game, payload.get("round"))
    days = int(game.scenario.params["days"])
    day = _whole(payload.get("day", default), "day", lo, days - (lo > 0))
    rep = _whole(payload.get("rep", 1), "rep", 1, game.room["reps"])
    return current, day, rep, game.seeds()[rep - 1], game.store.round_events(current["id"])


def replay_plan(game: Game, payload: Any) -> dict[str, Any]:
    """What a side-by-side replay runs: two teams' choices of a round, on one of the room's seeds.

    The payload is ``{"teams": [a, b], "round": n, "day": d, "rep": r}``: ``day`` (default
    the middle of the year) is the day of the community maps, ``rep`` (default 1) the
    replication whose seed both run on.

    Raises:
        WorkshopError: an unknown field, team or round, a round still open, a team
            without a submission in it, the same team twice, a day or rep out of range.
    """
    payload = as_object(payload)
    days = int(game.scenario.params["days"])
    current, day, rep, seed, events = _debrief_common(game, payload, ("teams",), 0, days // 2)
    names = payload.get("teams")
    if not isinstance(names, list) or len(names) != 2:
        raise fail("two_teams", field="teams")
    subs = [_submitted(game, current, name, "teams") for name in names]
    if subs[0]["team_id"] == subs[1]["team_id"]:
        raise fail("two_teams", field="teams")
    teams = [
        {"team": s["team"], "choice": s["choice"], "scenario": game.scenario_of(s["choice"], events)} for s in subs
    ]
    return {"round": current["number"], "day": day, "rep": rep, "seed": seed, "events": events, "teams": teams}


def branch_plan(game: Game, payload: Any) -> dict[str, Any]:
    """What a counterfactual branch runs: a team's year, and the same year with one practice changed from a day on.

    The payload is ``{"team": name, "lever": l, "value": v, "day": d, "round": n, "rep": r}``;
    the change is a shock that sets the lever from day ``d`` (1 to the last day) to the end,
    run on the same seed as the original, so the two years are one until day ``d``.

    Raises:
        WorkshopError: as ``replay_plan``, and a practice that cannot change mid-year, a
            value not in the game's table or the value the team chose already.
    """
    payload = as_object(payload)
    days = int(game.scenario.params["days"])
    current, day, rep, seed, events = _debrief_common(game, payload, ("team", "lever", "value"), 1, days // 2)
    sub = _submitted(game, current, payload.get("team"), "team")
    lever = payload.get("lever")
    if lever not in BRANCH_LEVERS:
        raise fail("branch_lever", field="lever", value=shown(lever), allowed=", ".join(BRANCH_LEVERS))
    value = next((v for v in game.table[lever] if same(v, payload.get("value"))), None)
    if value is None:
        raise fail(
            "value",
            field="value",
            name=lever,
            value=shown(payload.get("value")),
            allowed=allowed_text(game.table[lever]),
        )
    if same(sub["choice"]["levers"][lever], value):
        raise fail("branch_same", field="value", team=sub["team"], name=lever)
    original = game.scenario_of(sub["choice"], events)
    change = Shock(start=day, set={lever: value}, name_zh="分支", name_en="Branch")
    try:
        branch = original.with_shocks(*original.shocks, change)
    except ScenarioError as exc:  # the scenario's own shocks change that practice at that time
        raise model_error(exc) from None
    return {
        "round": current["number"],
        "team": sub["team"],
        "choice": sub["choice"],
        "lever": lever,
        "value": value,
        "day": day,
        "rep": rep,
        "seed": seed,
        "events": events,
        "original": original,
        "branch": branch,
    }


def _whole(value: Any, field: str, lo: int, hi: int) -> int:
    """An integer from ``lo`` to ``hi`` (a day, a replication)."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise fail("whole", field=field, name=field, value=shown(value), lo=lo, hi=hi)
    return value


__all__ = ["backlog_svg", "branch_plan", "metrics", "replay_plan", "replay_year", "series", "svg_of", "titled", "year"]
