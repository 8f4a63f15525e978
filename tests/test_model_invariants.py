"""Invariants that hold for any parameter values: states, times, counts, rates, hours.

Property tests draw a handful of levers (and a few community settings) from the
parameter table's ranges and run a small community for a short horizon.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import sim
from sim import LEVERS, PARAMS
from sim.model.issues import CHANNELS, PROACTIVE, Route, State
from sim.model.metrics import DAILY_COLUMNS, ISSUE_COLUMNS, METRICS, STATE_NAMES

RATES = (
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "on_time_closure_rate",
    "closure_rate",
    "rework_rate",
    "proactive_share",
    "hidden_share",
)
TIMES = ("response_time", "resolution_time")
HOURS = tuple(m for m in METRICS if "hours" in m)
COMPOUNDS = PARAMS["compounds"].default
# Upper bounds kept below the table's maximum only to keep each example fast.
SPEED_CAPS = {"party_members": 400, "stations": COMPOUNDS}

PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def value_of(name: str) -> st.SearchStrategy:
    """Any allowed value of one parameter, from its row in the table."""
    p = PARAMS[name]
    if p.kind == "bool":
        return st.booleans()
    if p.kind == "choice":
        return st.sampled_from(p.choices)
    if p.kind == "int":
        return st.integers(int(p.lo), int(min(p.hi, SPEED_CAPS.get(name, p.hi))))
    return st.floats(p.lo, p.hi, allow_nan=False, allow_infinity=False)


levers = st.lists(st.sampled_from(LEVERS), min_size=1, max_size=6, unique=True).flatmap(
    lambda names: st.fixed_dictionaries({n: value_of(n) for n in names})
)
# At least one building (20 households) per compound: see test_stations_when_compounds_outnumber_buildings.
MIN_HOUSEHOLDS = COMPOUNDS * PARAMS["households_per_building"].default
setups = st.fixed_dictionaries(
    {
        "households": st.integers(MIN_HOUSEHOLDS, 600),
        "staff": st.integers(1, 6),
        "days": st.integers(5, 40),
        "issues_per_household": st.floats(0.5, 4.0),
        "warmup_days": st.integers(0, 30),
    }
)
seeds = st.integers(0, 2**32 - 1)


def run_case(values: dict, setup: dict, seed: int) -> sim.RunResult:
    return sim.run("baseline", seed=seed, **setup, **values)


# ---------------------------------------------------------------------- the checks --


def check_states(res: sim.RunResult) -> None:
    model, log = res.model, res.issues
    assert list(log.columns[: len(ISSUE_COLUMNS)]) == list(ISSUE_COLUMNS)
    # The log holds exactly the issues that arose after the warm-up, in order.
    observed = [i for i in model.issues if i.created >= model.start]
    assert [i.uid for i in model.issues] == list(range(len(model.issues)))
    assert log["uid"].tolist() == [i.uid for i in observed]
    # Every issue is in exactly one state, and the running counts agree with the issues.
    for issue in model.issues:
        assert isinstance(issue.state, State)
    assert log["state"].notna().all()
    assert set(log["state"]) <= set(STATE_NAMES.values())
    everyone = Counter(i.state for i in model.issues)
    for state in State:
        assert model.counts[state] == everyone[state], state.name
    assert sum(model.counts) == len(model.issues)
    by_state = log["state"].value_counts()
    for state in State:
        assert by_state.get(STATE_NAMES[state.value], 0) == sum(i.state == state for i in observed), state.name
    # The work promised behind queued first contacts is exactly what those cases still await.
    promised = Counter()
    for issue in model.issues:
        if issue._next is not None:
            promised[model.staff_desk(issue)] += issue._next[2]
    for desk in model.staff_desks:
        assert math.isclose(desk.promised_hours, promised[desk], rel_tol=1e-9, abs_tol=1e-6), desk


def check_times(res: sim.RunResult) -> None:
    log = res.issues
    days = res.scenario.params["days"]
    assert (log["created"] >= 0).all() and (log["created"] < days).all()
    order = ["created", "discovered", "responded", "resolved", "closed"]
    for earlier, later in zip(order, order[1:], strict=False):
        both = log[log[earlier].notna() & log[later].notna()]
        bad = both[both[later] < both[earlier] - 1e-9]
        assert bad.empty, f"{later} before {earlier}:\n{bad[order].head()}"
    # A time is only defined once the issue got there, and never after the horizon.
    for col in order[1:]:
        assert (log[col].dropna() <= days + 1e-9).all(), col
    state = log["state"]
    hidden = log[state == "hidden"]
    assert hidden[order[1:] + ["due"]].isna().all().all()
    assert (hidden["channel"] == "").all()
    known = log[state != "hidden"]
    assert known[["discovered", "due"]].notna().all().all()
    assert (known["due"] > known["discovered"]).all()
    assert set(known["channel"]) <= set(CHANNELS)
    assert set(known["route"]) <= set(Route)
    waiting = log[state == "waiting"]
    assert waiting[["responded", "resolved", "closed"]].isna().all().all()
    answered = log[state.isin(["in_progress", "resolved", "closed"])]
    assert answered["responded"].notna().all()
    assert log.loc[state == "in_progress", "resolved"].isna().all()
    assert log.loc[state == "resolved", "resolved"].notna().all()
    assert log.loc[state != "closed", "closed"].isna().all()
    assert log.loc[state != "closed", "satisfied"].isna().all()
    closed = log[state == "closed"]
    assert closed[order + ["due"]].notna().all().all(), "a closed issue has every time"
    assert closed["satisfied"].notna().all()
    assert set(closed["handler"]) <= set(Route)
    assert (log["reopened"] >= 0).all() and (log["bounces"] >= 0).all()
    assert (log["hours"] >= 0).all()
    assert (log["proactive"] == log["channel"].isin(PROACTIVE)).all()
    t = log[["discovered", "responded", "resolved", "response_time", "resolution_time"]].astype(float)
    np.testing.assert_allclose(t["response_time"], t["responded"] - t["discovered"])
    np.testing.assert_allclose(t["resolution_time"], t["resolved"] - t["discovered"])


def check_summary(res: sim.RunResult) -> None:
    s, log, p = res.summary, res.issues, res.scenario.params
    assert list(s.index) == list(METRICS)
    assert PROACTIVE.issubset(CHANNELS)
    n = len(log)
    assert s["issues_arisen"] == n
    assert s["issues_known"] == log["discovered"].notna().sum()
    # Hidden at the end: never found, or a resident's report still on its way.
    model = res.model
    observed = [i for i in model.issues if i.created >= model.start]
    pending = sum(1 for i in observed if i.state == State.HIDDEN and i.channel)
    assert s["issues_known"] + s["hidden_never_found"] + pending == s["issues_arisen"]
    assert s["issues_known"] + (log["state"] == "hidden").sum() == s["issues_arisen"]
    # The daily series counts every issue, the warm-up's too; the metrics only the observed ones.
    assert s["hidden_never_found"] <= res.daily["hidden"].iloc[-1]
    if model.start == 0:
        assert s["hidden_never_found"] == res.daily["hidden"].iloc[-1]
    if n:
        assert math.isclose(s["hidden_share"], s["hidden_never_found"] / n)
    assert 0 <= s["incidents"] <= s["issues_known"]
    known = log[log["discovered"].notna()]
    if len(known):
        assert math.isclose(s["proactive_share"], known["channel"].isin(PROACTIVE).mean())
        assert set(known["channel"]) <= set(CHANNELS)
    for rate in RATES:
        v = s[rate]
        assert math.isnan(v) or 0.0 <= v <= 1.0, (rate, v)
    if not math.isnan(s["closure_rate"]):
        assert s["on_time_closure_rate"] <= s["closure_rate"] + 1e-12
        assert s["resolution_rate"] <= s["closure_rate"] + 1e-12
    for t in TIMES:
        mean, median, p90 = (s[f"{t}_{k}"] for k in ("mean", "median", "p90"))
        for v in (mean, median, p90):
            assert math.isnan(v) or v >= 0, (t, v)
        if not math.isnan(median):
            assert median <= p90 + 1e-12
    for h in HOURS:
        assert s[h] >= 0, h
    hours = res.hours
    assert (hours["hours"] >= 0).all()
    assert math.isclose(
        s["staff_hours"], hours.loc[hours["who"] == "staff", "hours"].sum(), rel_tol=1e-12, abs_tol=1e-9
    )
    assert s["staff_utilisation"] >= 0
    # Daily series: day 0 (the start) and the end of every working day.
    daily = res.daily
    days = int(p["days"])
    assert list(daily.columns[: len(DAILY_COLUMNS)]) == list(DAILY_COLUMNS)
    assert len(daily) == days + 1
    assert daily["day"].tolist() == list(range(days + 1))
    counts = daily[["waiting", "in_progress", "resolved", "closed", "hidden", "pending_reports", "volunteers"]]
    assert (counts >= 0).all().all()
    assert (daily["backlog"] >= 0).all()
    assert (daily["young_old"] <= daily["volunteers"]).all()
    if model.start == 0:  # an empty community at the start; after a warm-up, work in hand
        assert daily.iloc[0][["waiting", "in_progress", "resolved", "closed"]].sum() == 0
    # The last row is the state at the horizon.
    last = daily.iloc[-1]
    for state in (State.WAITING, State.IN_PROGRESS, State.RESOLVED, State.CLOSED):
        assert last[state.name.lower()] == model.counts[state], state.name
    assert last["hidden"] + last["pending_reports"] == model.counts[State.HIDDEN]
    assert last["volunteers"] == len(model.volunteers)


def check_staff_capacity(res: sim.RunResult) -> None:
    """Staff book no more hours than they have, except the unfinished part of tasks in hand.

    Hours are booked as worked: ad-hoc work still owed at the horizon is not booked, and a
    task is booked in full when it starts, so the allowance is what is left of the tasks
    under way when the run ends, plus 1% of the capacity: a task keeps the speed of the day
    it started on, so on a later day with more reserved or owed work it can run a little
    over that day's share.
    """
    model, p = res.model, res.scenario.params
    # Overtime under a backlog (triage) is capacity too, and bounded by ``overtime_hours`` a day.
    overtime = res.summary["overtime_hours"]
    assert overtime <= p["overtime_hours"] * p["staff"] * (p["days"] + 1) + 1e-9
    capacity = p["staff"] * p["hours_per_day"] * p["days"] + overtime
    unfinished = 0.0
    for desk in model.staff_desks:
        for slot in desk.slots:
            if slot.task is not None:
                done = max(0.0, (model.time - slot.started) * desk.speed)
                booked = sum(h for _, h in slot.task[4])  # the task's (activity, hours) parts
                unfinished += max(0.0, booked - done)
    owed = sum(desk.owed_total for desk in model.staff_desks)
    used = res.summary["staff_hours"]
    assert used <= 1.01 * capacity + unfinished, (
        f"staff booked {used:.1f} h but had {capacity:.1f} h "
        f"(+{unfinished:.1f} h of tasks in hand; {owed:.1f} h still owed at the horizon); "
        f"utilisation {res.summary['staff_utilisation']:.3f}"
    )


# ------------------------------------------------------------------ property tests --


@PROPERTY_SETTINGS
@given(values=levers, setup=setups, seed=seeds)
def test_states_and_counts_agree(values, setup, seed):
    check_states(run_case(values, setup, seed))


@PROPERTY_SETTINGS
@given(values=levers, setup=setups, seed=seeds)
def test_times_are_ordered_and_defined_by_state(values, setup, seed):
    check_times(run_case(values, setup, seed))


@PROPERTY_SETTINGS
@given(values=levers, setup=setups, seed=seeds)
def test_summary_adds_up(values, setup, seed):
    check_summary(run_case(values, setup, seed))


@PROPERTY_SETTINGS
@given(values=levers, setup=setups, seed=seeds)
@example(
    values={"stations": COMPOUNDS, "visit_share": 0.6},
    setup={"households": 400, "staff": 1, "days": 30, "issues_per_household": 1.0},
    seed=0,
)
def test_staff_hours_within_capacity(values, setup, seed):
    check_staff_capacity(run_case(values, setup, seed))


# ------------------------------------------------------------------ fixed examples --


def test_full_method_with_one_worker_stays_within_capacity():
    # Every practice on and one worker: reserved time and ad-hoc hours compete for six hours a day.
    check_staff_capacity(sim.run("full-1234", seed=0, staff=1, days=60))


@pytest.mark.parametrize("name", sim.list_scenarios())
def test_shipped_scenarios_satisfy_every_invariant(name, small):
    res = sim.run(name, seed=3, **small)
    check_states(res)
    check_times(res)
    check_summary(res)
    check_staff_capacity(res)


def test_every_state_and_channel_occurs(full_small):
    # Guards the checks above against passing only because nothing happened.
    log = full_small.issues
    assert {"hidden", "closed"} <= set(log["state"])
    assert (full_small.daily["in_progress"] > 0).any()  # (at the horizon none may be under way)
    assert {"report", "visit", "survey", "patrol", "station"} <= set(log["channel"])
    assert (log["reopened"] > 0).any()
    assert full_small.summary["staff_utilisation"] > 0
    # Without call-backs a failed fix sits 'resolved' until the resident comes back.
    base = sim.run("stretched-baseline", seed=4, days=40, staff=2).issues
    assert set(base["state"]) == set(STATE_NAMES.values())


def test_stations_when_compounds_outnumber_buildings():
    # 100 households in 5 buildings but 8 compounds: some compounds have no building.
    # A valid scenario must either run or be refused with a ScenarioError, never crash.
    try:
        res = sim.run("baseline", seed=0, households=100, stations=1, days=10)
    except sim.ScenarioError:
        return
    assert len(res.model.stations) == 1
    station = res.model.stations[0]
    assert any(h.compound == station.compound for h in res.model.households)


def test_fractional_horizon(small):
    # A fractional horizon is either refused or respected: no issue arises after it.
    try:
        res = sim.run("baseline", seed=2, **{**small, "days": 20.5})
    except sim.ScenarioError as exc:
        assert "days" in str(exc)
        return
    late = res.issues[res.issues["created"] >= 20.5]
    assert late.empty, f"{len(late)} issues created after the horizon 20.5: {late['created'].round(3).tolist()}"
    assert res.daily["day"].is_monotonic_increasing
    assert res.daily["day"].iloc[0] == 0


@pytest.mark.parametrize("name", ["baseline", "full-1234", "stretched-full-1234"])
def test_running_raises_no_warning(name, small):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = sim.run(name, seed=5, **small)
        _ = res.by_category, res.by_grid
    assert len(res.issues) > 0


def test_breakdowns_cover_every_category_and_grid(full_small):
    cats = full_small.by_category
    assert list(cats["category"]) == list(sim.params.CATEGORY_KEYS)
    assert cats["issues_arisen"].sum() == full_small.summary["issues_arisen"]
    grids = full_small.by_grid
    assert grids["issues_arisen"].sum() == full_small.summary["issues_arisen"]
    assert set(grids["grid"]) <= set(range(full_small.scenario.params["staff"]))


@pytest.mark.parametrize("name", ["survey_interval", "inspection_interval"])
def test_a_sweep_round_shorter_than_a_day_covers_everyone_daily(name):
    tiny = sim.run("baseline", seed=0, households=160, staff=1, days=5, **{name: 1e-300})
    daily = sim.run("baseline", seed=0, households=160, staff=1, days=5, **{name: 1.0})
    check_summary(tiny)
    assert tiny.summary.equals(daily.summary)
