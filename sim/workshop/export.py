"""The session's export (导出): every result as CSV, and a report page that stands on its own.

The CSV has one row per submission with a result: the round, the events in force in it,
the team, its choice, the reserved hours, what it predicted and what came, and every card
metric with its 95% interval and its paired difference from the community as it is (under
the round's events). The report is one HTML file with its style inlined and its figures as
inline SVG: it opens anywhere, offline. Per round it lists the events, the standings and
the choices.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .events import event_code
from .game import Game
from .pages import css, page_html, scatter_plots
from .rules import CARD_METRICS, CHOICES, LEADERBOARD_METRICS, PREDICTED


def results_csv(game: Game) -> str:
    """All finished submissions of the session as CSV text (UTF-8 with a BOM, so spreadsheets read Chinese)."""
    subs = [s for s in game.store.submissions() if s["card"]]
    activities = sorted({a for s in subs for a in s["card"]["hours"]})
    columns = ["round", "events", "team", "staff", *CHOICES, "reserved_hours", "capacity_hours"]
    for m in PREDICTED:
        columns += [f"{m}_predicted", f"{m}_outcome", f"{m}_right"]
    for m in CARD_METRICS:
        columns += [f"{m}_{k}" for k in ("mean", "low", "high", "diff", "diff_low", "diff_high")]
    columns += [f"hours_{a}" for a in activities]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for s in subs:
        card = s["card"]
        events = "; ".join(event_code(e) for e in card.get("events", []))
        row: list[Any] = [s["round"], events, s["team"], card["staff"], *(card["levers"].get(k) for k in CHOICES)]
        row += [card["reserved_total"], card["capacity"]]
        for m in PREDICTED:
            row += [card["predicted"].get(m), card["outcome"].get(m), card["right"].get(m)]
        for m in CARD_METRICS:
            row += [card["metrics"][m].get(k) for k in ("mean", "low", "high", "diff", "diff_low", "diff_high")]
        row += [card["hours"].get(a, 0.0) for a in activities]
        writer.writerow(["" if v is None else v for v in row])
    return "\ufeff" + out.getvalue()


def report_html(game: Game, lang: str) -> str:
    """The session's report: per round, the standings on every metric, the scatter and the tally."""
    rounds = []
    for current in game.store.rounds():
        boards = {m: game.standings(current, m)["leaderboard"] for m in LEADERBOARD_METRICS}
        standings = game.standings(current)
        rounds.append(
            {
                "number": current["number"],
                "state": current["state"],
                "boards": boards,
                "standings": standings,
                "plot": scatter_plots(standings, lang),
                "events": game.store.round_events(current["id"]),
                "community": game.community(current),
                "choices": [s for s in game.store.submissions(current["id"]) if s["card"]],
            }
        )
    return page_html(
        "report.html",
        lang,
        css=css(),
        room=game.room,
        scenario=game.scenario,
        teams=game.store.teams(),
        rounds=rounds,
        levers=list(game.table),
        params=game.scenario.params,
    )
