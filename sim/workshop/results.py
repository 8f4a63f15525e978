"""Result cards, the leaderboard, the strategy scatter and the prediction tally (结果与统计).

Pure functions of the stored runs: nothing here touches the web or the session file.
Every team's choice and the community as it is run on the same replication seeds
(``sim.run.replication_seed(session_seed, r)``: common random numbers), so a team's
difference from the community is paired replication by replication, and its 95%
interval is a t-interval of the paired differences.

A prediction of a direction is right when it matches what the runs show: "up" when the
whole interval of the paired difference is above 0, "down" when it is below, and "flat"
("—") when the interval contains 0.

A rate lies in [0, 1], and so does its mean; a t-interval around a mean near 0 or 1 can
still reach past the bound (98.4% [93.9%, 102.9%]), so the shown interval of a rate is
clipped to [0, 1]. A difference of two rates is not clipped: it may be negative.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import stats

from ..model.metrics import BETTER
from ..run import run
from ..scenario import Scenario
from .rules import CARD_METRICS, DIRECTIONS, PREDICTED

RATE_BOUNDS = (0.0, 1.0)  # a rate is a share of cases


def run_rep(scenario: Scenario, seed: int) -> dict[str, Any]:
    """One replication of a scenario: the card's metrics and the staff hours by activity.

    Runs in a worker process (``concurrent.futures``), so it takes and returns plain data.
    """
    result = run(scenario, seed=seed, keep_model=False)
    summary = result.summary
    hours = result.hours
    staff = hours[hours["who"] == "staff"].groupby("activity")["hours"].sum()
    return {
        "seed": int(seed),
        "metrics": {m: _plain(summary[m]) for m in CARD_METRICS},
        "hours": {str(activity): float(h) for activity, h in staff.items() if h > 0},
    }


def _plain(value: Any) -> float | None:
    """A float for JSON; None for a value the run could not measure (NaN)."""
    value = float(value)
    return None if math.isnan(value) else value


def interval(
    values: Iterable[float | None], bounds: tuple[float, float] | None = None
) -> tuple[float | None, float | None, float | None]:
    """Mean and 95% t-interval of the measured values (the mean thrice when they do not vary).

    Args:
        values: one value per replication; None for one the run could not measure.
        bounds: the range the quantity lies in (``RATE_BOUNDS`` for a rate); the interval is
            clipped to it. None: not clipped (a difference, a count of hours).
    """
    v = np.array([x for x in values if x is not None], dtype=float)
    if len(v) == 0:
        return None, None, None
    mean = float(v.mean())
    if len(v) < 2 or np.all(v == v[0]):
        return mean, mean, mean
    half = float(stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v)))
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return mean, low, high


def bounds_of(metric: str) -> tuple[float, float] | None:
    """The range a card metric lies in: [0, 1] for a rate, None (unbounded above) otherwise."""
    return RATE_BOUNDS if metric.endswith("_rate") else None


def direction(low: float | None, high: float | None) -> str | None:
    """Which way a difference went: "up", "down", or "flat" when its interval holds 0."""
    if low is None or high is None:
        return None
    if low > 0:
        return "up"
    if high < 0:
        return "down"
    return "flat"


def _paired(base: Sequence[dict], team: Sequence[dict], metric: str) -> list[float | None]:
    """The team's minus the community's value, replication by replication (same seeds)."""
    by_seed = {r["seed"]: r["metrics"][metric] for r in base}
    out = []
    for r in team:
        a, b = r["metrics"][metric], by_seed.get(r["seed"])
        out.append(None if a is None or b is None else a - b)
    return out


def summarise_runs(runs: Sequence[dict]) -> dict[str, dict[str, float | None]]:
    """Mean and 95% interval of every card metric over the replications (a rate's clipped to [0, 1])."""
    out = {}
    for m in CARD_METRICS:
        mean, low, high = interval((r["metrics"][m] for r in runs), bounds_of(m))
        out[m] = {"mean": mean, "low": low, "high": high}
    return out


def mean_hours(runs: Sequence[dict]) -> dict[str, float]:
    """Staff hours by activity, the mean over the replications (an activity missing in one counts 0)."""
    activities = sorted({a for r in runs for a in r["hours"]})
    return {a: float(np.mean([r["hours"].get(a, 0.0) for r in runs])) for a in activities}


def make_card(
    base: Sequence[dict],
    team: Sequence[dict],
    prediction: dict[str, str] | None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A team's result card.

    Args:
        base: the community as it is, one entry per replication (``run_rep``).
        team: the team's choice, on the same seeds.
        prediction: the team's predicted direction of each of ``PREDICTED`` (None: none made).
        extra: what else the card carries (choice, staff, reserved hours…).

    Returns:
        ``metrics`` (mean, interval, community's mean, paired difference and its interval),
        ``hours`` (staff hours by activity), ``outcome`` (the direction each predicted
        metric went), ``right`` (whether each prediction was right), ``score`` and ``reps``.
    """
    metrics = summarise_runs(team)
    community = summarise_runs(base)
    for m, row in metrics.items():
        diff, low, high = interval(_paired(base, team, m))
        row.update(base=community[m]["mean"], diff=diff, diff_low=low, diff_high=high)
    outcome = {m: direction(metrics[m]["diff_low"], metrics[m]["diff_high"]) for m in PREDICTED}
    predicted = prediction or {}
    right = {m: predicted.get(m) is not None and predicted.get(m) == outcome[m] for m in PREDICTED}
    return {
        **(extra or {}),
        "reps": len(team),
        "metrics": metrics,
        "hours": mean_hours(team),
        "predicted": {m: predicted.get(m) for m in PREDICTED},
        "outcome": outcome,
        "right": right,
        "score": sum(right.values()),
    }


def leaderboard(cards: Sequence[dict], metric: str, community: dict | None = None) -> list[dict[str, Any]]:
    """Teams ranked by a metric's mean, best first, with 95% intervals.

    Args:
        cards: ``{"team": name, "card": card}`` of every finished submission of a round.
        metric: one of ``LEADERBOARD_METRICS``.
        community: the community as it is (``summarise_runs`` of its runs), shown as a row
            of its own (``team`` None) where it falls.

    Returns:
        Rows ``{rank, team, mean, low, high, diff, diff_low, diff_high}``; teams with the
        same mean share a rank.
    """
    better = BETTER.get(metric, 1)
    rows = []
    for entry in cards:
        m = entry["card"]["metrics"][metric]
        rows.append({"team": entry["team"], **{k: m.get(k) for k in ("mean", "low", "high")}, **_diff(m)})
    if community is not None:
        c = community[metric]
        rows.append({"team": None, "mean": c["mean"], "low": c["low"], "high": c["high"], **_diff({})})
    rows.sort(key=lambda r: (r["mean"] is None, -better * (r["mean"] or 0.0), r["team"] is not None))
    means = [better * r["mean"] for r in rows if r["team"] is not None and r["mean"] is not None]
    for row in rows:
        # ties share a rank: one more than the number of teams strictly better
        known = row["team"] is not None and row["mean"] is not None
        row["rank"] = 1 + sum(1 for v in means if v > better * row["mean"]) if known else None
    return rows


def _diff(m: dict) -> dict[str, Any]:
    return {k: m.get(k) for k in ("diff", "diff_low", "diff_high")}


def scatter(cards: Sequence[dict], metric: str, community: dict | None = None) -> list[dict[str, Any]]:
    """Every team's strategy as a point: staff hours (x) against a metric (y), Pareto front marked.

    A point is on the front when no other point has no more staff hours and no worse a
    metric, and is strictly better in one of them.
    """
    better = BETTER.get(metric, 1)
    points = []
    for entry in cards:
        m = entry["card"]["metrics"]
        points.append({"team": entry["team"], "x": m["staff_hours"]["mean"], "y": m[metric]["mean"]})
    if community is not None:
        points.append({"team": None, "x": community["staff_hours"]["mean"], "y": community[metric]["mean"]})
    for p in points:
        p["front"] = p["x"] is not None and p["y"] is not None and not any(_dominates(q, p, better) for q in points)
    return points


def _dominates(q: dict, p: dict, better: int) -> bool:
    if q is p or q["x"] is None or q["y"] is None:
        return False
    qy, py = better * q["y"], better * p["y"]
    return q["x"] <= p["x"] and qy >= py and (q["x"] < p["x"] or qy > py)


def tally(cards: Sequence[dict]) -> list[dict[str, Any]]:
    """The room's predictions against the outcomes, per predicted metric and direction.

    Returns:
        One row per metric and predicted direction that some team chose:
        ``{metric, predicted, teams, total, came: {direction: teams}, right}``, where
        ``teams`` predicted that direction, ``total`` teams have a card, ``came`` counts
        what happened for those teams and ``right`` how many of them were right.
    """
    rows = []
    total = len(cards)
    for m in PREDICTED:
        for d in DIRECTIONS:
            chose = [c["card"] for c in cards if c["card"]["predicted"].get(m) == d]
            if not chose:
                continue
            came = {x: sum(1 for c in chose if c["outcome"][m] == x) for x in DIRECTIONS}
            rows.append(
                {"metric": m, "predicted": d, "teams": len(chose), "total": total, "came": came, "right": came[d]}
            )
    return rows
