"""Turn a finished model into tidy tables: the issue log, daily series, hours and metrics.

Definitions (see docs/ODD.md, "Observation"): times are measured from the moment the
community knows of an issue (``discovered``). Rates that depend on a deadline count only
issues whose deadline fell inside the run, so an issue that arose on the last day does
not count as late.
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
)
STATE_NAMES = {s.value: s.name.lower() for s in State}

# The metric names every result carries, in display order (labels in sim.i18n).
METRICS = (
    "issues_arisen",
    "issues_known",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
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
    "staff_hours",
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
    "staff_hours": -1,
    "staff_utilisation": -1,
}


def issue_log(model) -> pd.DataFrame:
    """The issue log: one row per issue that arose, with its whole history."""
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
        )
        for i in model.issues
    ]
    df = pd.DataFrame.from_records(rows, columns=list(ISSUE_COLUMNS))
    times = ["hours", "created", "discovered", "responded", "resolved", "closed", "due"]
    df[times] = df[times].astype(float)  # numeric even when no issue arose
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
    df["backlog"] = df["waiting"] + df["in_progress"] + df["resolved"]
    return df


def hours_table(model) -> pd.DataFrame:
    """Hours used, tidy: one row per (who, activity)."""
    rows = []
    for role, desks in model.desks.items():
        for desk in desks:
            for activity, hours in desk.hours.items():
                rows.append((role, activity, hours))
    if model.volunteer_hours:
        rows.append(("volunteers", Activity.PATROL, model.volunteer_hours))
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
    out["resolution_rate"] = _rate(due["closed"].notna() & ~due["wrong_fix"])
    closed = known[known["closed"].notna()]
    out["satisfaction_rate"] = _rate(closed["satisfied"].astype(bool))
    ever = known[known["resolved"].notna() | (known["reopened"] > 0)]
    out["rework_rate"] = _rate(ever["reopened"] > 0)
    out.update(_times(known["response_time"], "response_time"))
    out.update(_times(closed["resolution_time"], "resolution_time"))
    out["proactive_share"] = _rate(known["proactive"])
    return out


def summary(model, log: pd.DataFrame, daily: pd.DataFrame, hours: pd.DataFrame) -> dict[str, float]:
    """Every metric of one run, by name (see METRICS)."""
    p = model.p
    out = issue_metrics(log, model.days, p["response_limit"])
    # Hidden at the end with no report on its way: nobody would ever have told the community.
    never = sum(1 for i in model.issues if i.state == State.HIDDEN and not i.channel)
    out["hidden_never_found"] = float(never)
    out["hidden_share"] = never / len(log) if len(log) else np.nan
    out["incidents"] = float((log["channel"] == "incident").sum())
    out["backlog_mean"] = float(daily["backlog"].mean())
    out["backlog_end"] = float(daily["backlog"].iloc[-1])
    by_who = hours.groupby("who")["hours"].sum()
    staff = float(by_who.get("staff", 0.0))
    out["staff_hours"] = staff
    out["staff_utilisation"] = staff / (p["staff"] * p["hours_per_day"] * model.days)
    out["volunteer_hours_used"] = float(by_who.get("volunteers", 0.0) + by_who.get("helpers", 0.0))
    out["partner_hours_used"] = float(by_who.get("partner", 0.0))
    out["department_hours_used"] = float(by_who.get("department", 0.0))
    out["party_hours_used"] = float(by_who.get("party", 0.0))
    return {m: out[m] for m in METRICS}


def breakdown(log: pd.DataFrame, by: str, days: float, response_limit: float) -> pd.DataFrame:
    """Issue metrics for each category or grid."""
    rows = {}
    for key, part in log.groupby(by, observed=False, sort=True):
        rows[key] = issue_metrics(part, days, response_limit)
    df = pd.DataFrame.from_dict(rows, orient="index")
    df.index.name = by
    return df.reset_index()
