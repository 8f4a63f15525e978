"""Turn a finished model into tidy tables: the issue log, daily series, hours and metrics.

Definitions (see docs/ODD.md, "Observation"): times are measured from the moment the
community knows of an issue (``discovered``). Rates that depend on a deadline count only
issues whose deadline fell inside the run, so an issue that arose on the last day does
not count as late.

The run is observed after its warm-up (``warmup_days``): issues that arose during the
warm-up, the days of the warm-up and the hours worked in it are left out, and every time
is given from the end of the warm-up (day 0).

Two sets of rates sit side by side:

* the **true** rates, from the model's full knowledge of every case the community knew of;
* the **assessed** rates (考核口径, prefix ``assessed_``), computed the way 12345 / 接诉即办
  assessments compute them: only on cases that came through the hotline, from the
  resident's answers at the return visit, with every case still open past its time limit
  counted against the unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..params import CATEGORY_KEYS
from .issues import PROACTIVE, Activity, State

ISSUE_COLUMNS = (
    "uid",
    "category",
    "household",
    "grid",
    "compound",
    "urgent",
    "hours",
    "channel",
    "state",
    "created",
    "discovered",
    "responded",
    "resolved",
    "closed",
    "due",
    "reopened",
    "bounces",
    "stalled",
    "whistled",
    "route",
    "handler",
    "satisfied",
    "wrong_fix",
    "unresolvable",
    "repeats",
    "escalated",
    "satisfied_if_asked",
)
DAILY_COLUMNS = (
    "day",
    "waiting",
    "in_progress",
    "resolved",
    "closed",
    "hidden",
    "pending_reports",
    "volunteers",
    "young_old",
    "staff_queue_hours",
    "department_queue_hours",
)
STATE_NAMES = {s.value: s.name.lower() for s in State}
TIMES = ("created", "discovered", "responded", "resolved", "closed", "due")

# A run "cannot keep up" when the waiting casework of the staff, or of the county departments, is
# still growing over the second half of the observed days (by more than this share of that desk's
# working hours each day) and has piled up beyond a working week of its hours over the last 20
# days (docs/ODD.md, "Observation"). A busy but stable queue hovers (under triage near two days of
# work), and the slope of a hovering queue is noisy: both conditions must hold.
UNSTABLE_GROWTH = 0.01
UNSTABLE_QUEUE_DAYS = 5.0

# The metric names every result carries, in display order (labels in sim.i18n).
METRICS = (
    "issues_arisen",
    "issues_known",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "satisfaction_closed_rate",
    "on_time_closure_rate",
    "closure_rate",
    "rework_rate",
    "response_time_mean",
    "response_time_median",
    "response_time_p90",
    "resolution_time_mean",
    "resolution_time_median",
    "resolution_time_p90",
    "proactive_share",
    "hidden_never_found",
    "hidden_share",
    "incidents",
    "backlog_mean",
    "backlog_end",
    "backlog_growth",
    "keeps_up_share",
    "assessed_cases",
    "assessed_response_rate",
    "assessed_resolution_rate",
    "assessed_satisfaction_rate",
    "staff_hours",
    "overtime_hours",
    "staff_utilisation",
    "volunteer_hours_used",
    "partner_hours_used",
    "department_hours_used",
    "party_hours_used",
)
# Which direction is better, for reading comparisons (+1 higher is better, -1 lower is better).
BETTER = {
    "response_rate": 1,
    "resolution_rate": 1,
    "satisfaction_rate": 1,
    "satisfaction_closed_rate": 1,
    "on_time_closure_rate": 1,
    "closure_rate": 1,
    "rework_rate": -1,
    "response_time_mean": -1,
    "response_time_median": -1,
    "response_time_p90": -1,
    "resolution_time_mean": -1,
    "resolution_time_median": -1,
    "resolution_time_p90": -1,
    "proactive_share": 1,
    "hidden_never_found": -1,
    "hidden_share": -1,
    "incidents": -1,
    "backlog_mean": -1,
    "backlog_end": -1,
    "backlog_growth": -1,
    "keeps_up_share": 1,
    "assessed_response_rate": 1,
    "assessed_resolution_rate": 1,
    "assessed_satisfaction_rate": 1,
    "staff_hours": -1,
    "overtime_hours": -1,
    "staff_utilisation": -1,
}


def issue_log(model) -> pd.DataFrame:
    """The issue log: one row per issue that arose after the warm-up, with its whole history.

    ``satisfied_if_asked`` is the chance the resident of a case still open at the end would
    say they are satisfied if asked then (the verdict's rule, with the problem not solved).
    """
    start, now = model.start, model.now
    rows = [
        (
            i.uid,
            i.category,
            i.household,
            i.grid,
            i.compound,
            i.urgent,
            i.hours,
            i.channel if i.state != State.HIDDEN else "",
            i.state,
            i.created,
            i.discovered,
            i.responded,
            i.resolved if i.state >= State.RESOLVED else np.nan,
            i.closed,
            i.due,
            i.reopened,
            i.bounces,
            i.stalled,
            i.whistled,
            i.route if i.state != State.HIDDEN else "",
            i.handler,
            i.satisfied,
            i.wrong_fix,
            i.unresolvable,
            i.repeats,
            i.escalated,
            model.chance_satisfied(i, now) if State.HIDDEN < i.state < State.CLOSED else np.nan,
        )
        for i in model.issues
        if i.created >= start
    ]
    df = pd.DataFrame.from_records(rows, columns=list(ISSUE_COLUMNS))
    df[["hours", "satisfied_if_asked", *TIMES]] = df[["hours", "satisfied_if_asked", *TIMES]].astype(float)
    if start:
        df[list(TIMES)] -= start  # day 0 is the end of the warm-up
    df["category"] = pd.Categorical.from_codes(df["category"].to_numpy(), categories=list(CATEGORY_KEYS))
    df["state"] = df["state"].map(STATE_NAMES)
    df["satisfied"] = df["satisfied"].astype("boolean")
    df["proactive"] = df["channel"].isin(PROACTIVE)
    df["response_time"] = df["responded"] - df["discovered"]
    df["resolution_time"] = df["resolved"] - df["discovered"]
    return df


def daily_series(model) -> pd.DataFrame:
    """Backlog and hidden needs at the end of every working day (day 0 = the start)."""
    df = pd.DataFrame.from_records(model.daily, columns=list(DAILY_COLUMNS))
    if model.start:
        df = df[df["day"] >= model.start].reset_index(drop=True)
        df["day"] -= model.start
    df["backlog"] = df["waiting"] + df["in_progress"] + df["resolved"]
    return df


def hours_table(model) -> pd.DataFrame:
    """Hours used after the warm-up, tidy: one row per (who, activity)."""
    before = model.observed_from.get("desks", {})
    rows = []
    for role, desks in model.desks.items():
        for desk in desks:
            booked = before.get(id(desk), ({}, 0.0))[0]
            for activity, hours in desk.hours.items():
                rows.append((role, activity, hours - booked.get(activity, 0.0)))
    volunteer_hours = model.volunteer_hours - model.observed_from.get("volunteer_hours", 0.0)
    if volunteer_hours:
        rows.append(("volunteers", Activity.PATROL, volunteer_hours))
    df = pd.DataFrame.from_records(rows, columns=["who", "activity", "hours"])
    return df.groupby(["who", "activity"], as_index=False, sort=False)["hours"].sum()


def _times(s: pd.Series, prefix: str) -> dict[str, float]:
    s = s.dropna()
    if s.empty:
        return {f"{prefix}_mean": np.nan, f"{prefix}_median": np.nan, f"{prefix}_p90": np.nan}
    v = s.to_numpy()
    return {
        f"{prefix}_mean": float(v.mean()),
        f"{prefix}_median": float(np.median(v)),
        f"{prefix}_p90": float(np.quantile(v, 0.9)),
    }


def _rate(mask: pd.Series) -> float:
    return float(mask.mean()) if len(mask) else np.nan


def issue_metrics(log: pd.DataFrame, days: float, response_limit: float) -> dict[str, float]:
    """Rates and times computed from (part of) an issue log."""
    known = log[log["discovered"].notna()]
    out: dict[str, float] = {"issues_arisen": float(len(log)), "issues_known": float(len(known))}
    answerable = known[known["discovered"] <= days - response_limit]
    out["response_rate"] = _rate(answerable["response_time"] <= response_limit)
    due = known[known["due"] <= days]
    closed_ok = due["closed"] <= due["due"]
    out["on_time_closure_rate"] = _rate(closed_ok)
    out["closure_rate"] = _rate(due["closed"].notna())
    out["resolution_rate"] = _rate(_resolved(due))
    closed = known[known["closed"].notna()]
    # Everyone whose case closed, and everyone whose case is still open past its limit, is asked.
    asked = known[known["closed"].notna() | (known["due"] <= days)]
    out["satisfaction_rate"] = _rate(asked["satisfied"].astype(float).fillna(asked["satisfied_if_asked"]))
    out["satisfaction_closed_rate"] = _rate(closed["satisfied"].astype(bool))
    ever = known[known["resolved"].notna() | (known["reopened"] > 0)]
    out["rework_rate"] = _rate(ever["reopened"] > 0)
    out.update(_times(known["response_time"], "response_time"))
    out.update(_times(closed["resolution_time"], "resolution_time"))
    out["proactive_share"] = _rate(known["proactive"])
    out.update(assessed_metrics(known, days, response_limit))
    return out


def _resolved(cases: pd.DataFrame) -> pd.Series:
    """Closed with the problem gone: not a missed fix, not a need that could not be met."""
    return cases["closed"].notna() & ~cases["wrong_fix"] & ~cases["unresolvable"]


def assessed_metrics(known: pd.DataFrame, days: float, response_limit: float) -> dict[str, float]:
    """The rates as a 12345 / 接诉即办 assessment computes them (考核口径).

    Only hotline cases count: reported through 12345, or called in there after passing
    their time limit. Response: first answered within the limit. At the return
    visit the resident says whether the problem was solved and whether they are satisfied;
    a case still open past its time limit counts as neither.
    """
    hotline = known[(known["channel"] == "hotline") | known["escalated"]]
    answerable = hotline[hotline["discovered"] <= days - response_limit]
    asked = hotline[hotline["closed"].notna() | (hotline["due"] <= days)]
    return {
        "assessed_cases": float(len(asked)),
        "assessed_response_rate": _rate(answerable["response_time"] <= response_limit),
        "assessed_resolution_rate": _rate(_resolved(asked)),
        "assessed_satisfaction_rate": _rate(asked["satisfied"].fillna(False).astype(bool)),
    }


def summary(model, log: pd.DataFrame, daily: pd.DataFrame, hours: pd.DataFrame) -> dict[str, float]:
    """Every metric of one run, by name (see METRICS)."""
    p = model.p
    out = issue_metrics(log, model.days, p["response_limit"])
    # Hidden at the end with no report on its way: nobody would ever have told the community.
    never = sum(1 for i in model.issues if i.state == State.HIDDEN and not i.channel and i.created >= model.start)
    out["hidden_never_found"] = float(never)
    out["hidden_share"] = never / len(log) if len(log) else np.nan
    out["incidents"] = float((log["channel"] == "incident").sum())
    out["backlog_mean"] = float(daily["backlog"].mean())
    out["backlog_end"] = float(daily["backlog"].iloc[-1])
    out["backlog_growth"] = growth(daily, "backlog")
    staff = falls_behind(daily, "staff_queue_hours", p["staff"] * p["hours_per_day"])
    # every officer the department has for the community, those cadre pairing adds included
    officers = len(model.department.slots)
    departments = falls_behind(daily, "department_queue_hours", officers * p["department_hours"])
    out["keeps_up_share"] = float(not (staff or departments))
    before = model.observed_from.get("desks", {})
    out["overtime_hours"] = float(sum(d.overtime_hours - before.get(id(d), ({}, 0.0))[1] for d in model.staff_desks))
    by_who = hours.groupby("who")["hours"].sum()
    staff = float(by_who.get("staff", 0.0))
    out["staff_hours"] = staff
    out["staff_utilisation"] = staff / (p["staff"] * p["hours_per_day"] * model.days)
    out["volunteer_hours_used"] = float(by_who.get("volunteers", 0.0) + by_who.get("helpers", 0.0))
    out["partner_hours_used"] = float(by_who.get("partner", 0.0))
    out["department_hours_used"] = float(by_who.get("department", 0.0))
    out["party_hours_used"] = float(by_who.get("party", 0.0))
    return {m: out[m] for m in METRICS}


def falls_behind(daily: pd.DataFrame, column: str, capacity: float) -> bool:
    """Whether a desk's waiting hours (``column``) keep growing and have piled up beyond a week.

    ``capacity`` is the desk's working hours per day, all people together.
    """
    growing = growth(daily, column) > UNSTABLE_GROWTH * capacity
    return bool(growing and daily[column].iloc[-20:].mean() > UNSTABLE_QUEUE_DAYS * capacity)


def growth(daily: pd.DataFrame, column: str) -> float:
    """How fast a daily series grows per working day over the second half of the days.

    The least-squares slope from the middle of the observed days to the end; NaN for runs
    too short to tell (under 20 days).
    """
    half = daily[daily["day"] >= daily["day"].iloc[-1] / 2]
    if len(half) < 10:
        return np.nan
    return float(np.polyfit(half["day"].to_numpy(float), half[column].to_numpy(float), 1)[0])


def breakdown(log: pd.DataFrame, by: str, days: float, response_limit: float) -> pd.DataFrame:
    """Issue metrics for each category or grid."""
    rows = {}
    for key, part in log.groupby(by, observed=False, sort=True):
        rows[key] = issue_metrics(part, days, response_limit)
    df = pd.DataFrame.from_dict(rows, orient="index")
    df.index.name = by
    return df.reset_index()
