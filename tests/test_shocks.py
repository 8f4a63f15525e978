"""Shocks: parameters changed for a window of days (sim.model.shocks, docs/ODD.md §7.15).

Every comparison is paired: the same scenario and seed with and without the shock, so the
two runs draw the same numbers until the shock's first day.
"""

from __future__ import annotations

import hashlib
import pickle

import numpy as np
import pandas as pd
import pytest

import sim
from sim import ScenarioError, load_scenario, run
from sim.cli import main
from sim.model import CommunityModel
from sim.model.metrics import issue_log
from sim.model.practices import practice_of
from sim.model.shocks import REFRESH, SWITCHABLE, Shock, check_shocks, describe
from sim.params import CATEGORY_KEYS, MID_RUN, PARAMS

SHORT = {"days": 80, "warmup_days": 60}  # a short run whose queues have filled
S, E = 20, 50  # the window of most shocks below: observed days 20 to 49


def scenario(name: str = "baseline", **changes):
    return load_scenario(name).with_values({**SHORT, **changes})


def pair(sc, *shocks, seed: int = 0, keep_model: bool = False):
    """The run without and the run with the shocks, same seed."""
    return run(sc, seed=seed, keep_model=keep_model), run(sc.with_shocks(*shocks), seed=seed, keep_model=keep_model)


def in_window(issues: pd.DataFrame, column: str = "created", start: float = S, end: float = E) -> pd.DataFrame:
    return issues[(issues[column] >= start) & (issues[column] < end)]


def fingerprint(result) -> str:
    """A hash of everything a run reports: issue log, daily series, hours and metrics."""
    h = hashlib.sha256()
    for table in (result.issues, result.daily, result.hours, result.summary.to_frame()):
        h.update(pd.util.hash_pandas_object(table, index=True).to_numpy().tobytes())
        h.update(table.to_csv().encode())
    return h.hexdigest()


def hours_of(result, activity: str) -> float:
    h = result.hours
    return float(h.loc[h["activity"] == activity, "hours"].sum())


# --------------------------------------------------------------------- the table ------------
def test_every_mid_run_parameter_has_a_way_to_take_effect():
    levers = {name for name in MID_RUN if PARAMS[name].lever}
    assert set(MID_RUN) - levers == set(REFRESH)
    assert levers == {lever for practice in SWITCHABLE for lever in practice.levers}
    assert all(practice_of(lever) in SWITCHABLE for lever in levers)
    assert {f"arrival_scale.{k}" for k in CATEGORY_KEYS} <= set(MID_RUN)
    assert not PARAMS["gridding"].mid_run and not PARAMS["staff"].mid_run


def test_new_parameters_default_to_no_change():
    for key in CATEGORY_KEYS:
        p = PARAMS[f"arrival_scale.{key}"]
        assert (p.default, p.lo, p.hi, p.kind, p.group) == (1.0, 0, 20, "float", "issues")
    assert PARAMS["staff_absent"].default == 0


# --------------------------------------------------------------------- effects --------------
@pytest.mark.parametrize("category", CATEGORY_KEYS)
def test_arrival_scale_raises_its_category_inside_the_window_only(category):
    sc = scenario()
    storm = Shock(start=S, end=E, scale={f"arrival_scale.{category}": 3}, name_en="Storm")
    inside = {"base": 0, "shock": 0, "others_base": 0, "others_shock": 0}
    for seed in range(2):
        base, shocked = pair(sc, storm, seed=seed)
        arisen = ["uid", "category", "household", "created", "hours"]
        assert base.issues.loc[base.issues["created"] < S, arisen].equals(
            shocked.issues.loc[shocked.issues["created"] < S, arisen]
        )
        after = []
        for key, result in (("base", base), ("shock", shocked)):
            w = in_window(result.issues)
            inside[key] += int((w["category"] == category).sum())
            inside[f"others_{key}"] += int((w["category"] != category).sum())
            after.append(int((result.issues.loc[result.issues["created"] >= E, "category"] == category).sum()))
        assert after[1] < 1.6 * after[0] + 10  # back to normal once the window ends
    assert inside["shock"] > 2 * inside["base"]
    assert 0.8 < inside["others_shock"] / inside["others_base"] < 1.25  # the other categories as before


def test_storm_raises_hazards_created_inside_its_window_not_outside():
    sc = scenario(days=120)
    storm = Shock(start=40, end=60, scale={"arrival_scale.hazard": 3}, name_zh="暴雨", name_en="Storm")
    counts = np.zeros((2, 3))
    for seed in range(3):
        for row, result in enumerate(pair(sc, storm, seed=seed)):
            hazards = result.issues[result.issues["category"] == "hazard"]["created"]
            counts[row] += [(hazards < 40).sum(), ((hazards >= 40) & (hazards < 60)).sum(), (hazards >= 60).sum()]
    before, inside, after = counts[1] / counts[0]
    assert before == 1.0  # the same draws until the storm
    assert inside > 2.2
    assert 0.75 < after < 1.3


def test_staff_away_slows_the_busiest_grids_during_the_window():
    sc = scenario(gridding=True)
    shock = Shock(start=S, end=E, set={"staff_absent": 2})
    response, on_time = np.zeros(2), np.zeros(2)
    for seed in range(3):
        base, shocked = pair(sc, shock, seed=seed, keep_model=True)
        load = base.model.layout.grid_load
        away = sorted(np.argsort(-load, kind="stable")[:2].tolist())
        for row, result in enumerate((base, shocked)):
            w = in_window(result.issues, "discovered")
            w = w[w["grid"].isin(away)]
            response[row] += w["response_time"].mean()
            on_time[row] += (w["closed"] <= w["due"]).mean()
    assert response[1] > response[0] + 0.2
    assert on_time[1] < on_time[0] - 0.05


def test_staff_away_take_no_new_work_and_finish_what_they_started():
    sc = scenario(gridding=True, days=40)
    (shock,) = check_shocks([Shock(start=10, end=20, set={"staff_absent": 2})], sc.params)
    model = CommunityModel(sc.params, rng=1, shocks=(shock,))
    start = model.start
    order = sorted(model.staff_desks, key=lambda d: (-model.grid_load(d.grid), d.grid))
    away, present = order[:2], order[2:]
    while model.time < start + 10:
        model.step()
    assert [d.servers for d in away] == [0, 0] and all(d.servers == 1 for d in present)
    started_before = {id(s): s.started for d in away for s in d.slots if s.task is not None}
    for _ in range(9):
        model.step()
        for desk in away:
            for slot in desk.slots:  # a task in hand was started before the absence, and only that one
                assert slot.task is None or started_before.get(id(slot)) == slot.started
            assert not desk.idle
    assert all(s.task is None for d in away for s in d.slots)  # finished within the window
    model.step()  # day 20: back at work
    assert [d.servers for d in away] == [1, 1] and all(d.away == 0 for d in away)
    model.run()
    assert model.p["staff_absent"] == 0


def test_office_with_staff_away_has_fewer_people_at_work():
    sc = scenario(days=40)
    shocks = check_shocks([{"start": 5, "end": 15, "set": {"staff_absent": 4}}], sc.params)
    model = CommunityModel(sc.params, rng=0, shocks=shocks)
    seen = []
    for _ in range(int(model.start) + 20):
        model.step()
        seen.append((model.time - model.start, model.office.servers, model.office.away))
    assert {s for d, s, _ in seen if 5 < d < 15} == {2}
    assert {s for d, s, a in seen if d <= 4 or d >= 15} == {6}
    base, shocked = pair(scenario(), Shock(start=S, end=E, set={"staff_absent": 4}))
    assert (
        in_window(shocked.issues, "discovered")["response_time"].mean()
        > in_window(base.issues, "discovered")["response_time"].mean()
    )


def test_staff_away_for_the_whole_run_from_the_params():
    result = run(scenario(days=20, staff_absent=2), seed=0)
    assert result.model.office.servers == 4 and result.model.office.away == 2


@pytest.mark.parametrize(
    "shock",
    [
        Shock(start=S, end=E, scale={"department_case_hours": 4}),
        Shock(start=S, end=E, set={"department_hours": 1.0}),
    ],
    ids=["department_case_hours", "department_hours"],
)
def test_department_slowdown_raises_department_resolution_time(shock):
    slow, normal = [], []
    for seed in range(2):
        base, shocked = pair(scenario(), shock, seed=seed)
        for out, result in ((normal, base), (slow, shocked)):
            w = in_window(result.issues, "discovered")
            out.append(w[w["route"] == "department"]["resolution_time"].mean())
    assert np.mean(slow) > np.mean(normal) + 1.0


def test_issues_per_household_scales_the_issues_of_the_window():
    base, shocked = pair(scenario(), Shock(start=S, end=E, scale={"issues_per_household": 2}))
    assert len(in_window(shocked.issues)) > 1.6 * len(in_window(base.issues))


def _compound(n: int = 300, start: int = S) -> Shock:
    return Shock(start=start, set={"new_households": n})


@pytest.mark.parametrize("name", ["baseline", "stretched-baseline", "full-1234"])
def test_a_new_compound_adds_homes_on_the_map_whose_issues_begin_on_its_day(name):
    sc = scenario(name)
    base, shocked = pair(sc, _compound(), keep_model=True)
    before, after = base.model, shocked.model
    h = sc.params["households"]
    assert len(after.households) == h + 300 == len(after.hh_grid) and after.moved_in == 300
    new = range(h, h + 300)
    # one new compound, in new buildings, in the grid of the last households on the path
    assert {after.households[i].compound for i in new} == {sc.params["compounds"]}
    assert {after.households[i].grid for i in new} == {int(before.hh_grid[-1])}
    assert len(after.building_cells) == len(before.building_cells) + 300 // sc.params["households_per_building"]
    cells = {after.households[i].cell.coordinate for i in new}
    old = {after.households[i].cell.coordinate for i in range(h)}
    assert cells.isdisjoint(old) and cells <= set(after.cell_compound)
    # issues of the new homes arise from its first day, never before
    issues = shocked.issues
    theirs = issues[issues["household"] >= h]
    assert len(theirs) > 0 and theirs["created"].min() >= S
    # about as many as average homes bring: H issues per household per year, per day
    per_day = sc.params["issues_per_household"] * 300 / 250
    assert 0.5 * per_day * (80 - S) < len(theirs) < 1.5 * per_day * (80 - S)
    # until its day the year is the same, draw for draw
    cut = lambda r: r.issues[r.issues["created"] < S].drop(columns=["household"], errors="ignore")  # noqa: E731
    assert len(cut(base)) == len(cut(shocked))


def test_a_new_compound_joins_the_rounds_of_visits_and_the_grid_worker():
    sc = scenario("full-1234", visit_share=0.3, households=600)  # the rounds reach the new homes in time
    _, shocked = pair(sc, _compound(200, start=5), keep_model=True)
    h = sc.params["households"]
    found = shocked.issues[(shocked.issues["household"] >= h) & (shocked.issues["channel"] == "visit")]
    assert len(found) > 0  # a visit found a hidden need in a new home
    worker = shocked.model.desk_for_grid(int(shocked.model.hh_grid[-1]))
    assert set(range(h, h + 200)) <= set(worker.homes)


def test_a_new_compound_loads_the_staff():
    base, shocked = pair(scenario("stretched-baseline"), _compound(1000, start=0))
    assert shocked.summary["response_rate"] < base.summary["response_rate"] - 0.1
    assert len(shocked.issues) > len(base.issues) * 1.3


def test_a_compound_there_from_the_start_is_the_compound_of_day_zero():
    sc = scenario("full-1234")
    moved = run(sc.with_values({"new_households": 300}), seed=3)
    shocked = run(sc.with_shocks(_compound(300, start=0)), seed=3)
    assert len(moved.issues) > len(run(sc, seed=3).issues)
    assert moved.issues["household"].max() >= sc.params["households"]
    assert "moved_in" not in moved.summary  # nothing extra reported: it is a community like any other
    assert shocked.issues["household"].max() >= sc.params["households"]


def test_fewer_hours_per_day_pile_work_up():
    base, shocked = pair(scenario(staff=4), Shock(start=S, end=E, set={"hours_per_day": 2.0}))
    day = base.daily["day"] == E - 1
    assert shocked.daily.loc[day, "staff_queue_hours"].item() > base.daily.loc[day, "staff_queue_hours"].item() + 5


def test_report_delay_and_hotline_share_change_how_residents_report():
    shock = Shock(start=S, end=E, set={"report_delay": 10.0, "hotline_share": 0.9})
    base, shocked = pair(scenario(), shock)
    delays, hotline = [], []
    for result in (base, shocked):
        w = in_window(result.issues)
        reported = w[w["channel"].isin(["report", "hotline"])]
        delays.append((reported["discovered"] - reported["created"]).mean())
        hotline.append((reported["channel"] == "hotline").mean())
    assert delays[1] > delays[0] + 3
    assert hotline[1] > hotline[0] + 0.3


def test_buck_passing_sends_more_cases_back():
    bounces = []
    for result in pair(scenario(), Shock(start=S, end=E, set={"buck_passing": 0.9})):
        w = in_window(result.issues, "discovered")
        bounces.append(w[w["route"] == "department"]["bounces"].mean())
    assert bounces[1] > bounces[0] + 1


def test_escalation_chance_is_the_one_in_force_at_each_cases_limit():
    sc = scenario(escalation_chance=0.0, staff=3)  # late cases in numbers; nobody calls outside the window
    base, shocked = pair(sc, Shock(start=S, end=E, set={"escalation_chance": 1.0}))
    assert not base.issues["escalated"].any()
    log = shocked.issues
    late = (log["closed"] > log["due"]) | (log["closed"].isna() & (log["due"] <= SHORT["days"]))
    limit_in_window = (log["due"] >= S) & (log["due"] < E)
    assert (late & limit_in_window).sum() > 20
    # everyone whose limit passed inside the window calls, and nobody else
    assert log["escalated"].equals(late & limit_in_window)
    # calling is the resident's act alone: the cases themselves go as without it
    assert base.issues["closed"].equals(log["closed"]) and base.daily.equals(shocked.daily)


def test_linkage_from_a_day_on_cuts_bounces_after_it():
    bounces = []
    for result in pair(scenario(), Shock(start=S, set={"linkage": 1.0})):
        after = result.issues[(result.issues["discovered"] >= S + 5) & (result.issues["route"] == "department")]
        bounces.append(after["bounces"].sum())
    assert bounces[0] > 5 and bounces[1] == 0


def test_priority_rule_from_a_day_on_reorders_the_waiting_work():
    sc = scenario(staff=3, days=40)
    shocks = check_shocks([Shock(start=10, set={"priority_rule": "resident_first"})], sc.params)
    model = CommunityModel(sc.params, rng=0, shocks=shocks)

    def rule_keys():
        return [(t.key[1], t.issue) for d in model.staff_desks for t in d.queue if t.key[0] == 1]

    while model.time < model.start + 9:  # the step to time t ends day t - 1 and begins day t
        model.step()
    before = rule_keys()
    assert before and all(k == issue.discovered for k, issue in before)  # first come, first served
    model.step()
    after = rule_keys()
    assert after and all(k == issue.due for k, issue in after)  # the earliest deadline first
    assert model.queue_key is sim.model.practices.ORDERS["resident_first"]


D = 30  # the day the branch switches a lever on
LEVER_EFFECTS = {
    # lever: (value from day D on, what shows it took effect in the branch b against the base a;
    # None: a test of its own above)
    "callback": (True, lambda b, a: hours_of(b, "callback") > 0 == hours_of(a, "callback")),
    "follow_up": (True, lambda b, a: hours_of(b, "follow_up") > 0 == hours_of(a, "follow_up")),
    "listening_minutes": (15.0, lambda b, a: hours_of(b, "listening") > 0 == hours_of(a, "listening")),
    "visit_share": (0.1, lambda b, a: b.issues.loc[b.issues["channel"] == "visit", "discovered"].min() >= D),
    "patrol": (True, lambda b, a: b.issues.loc[b.issues["channel"] == "patrol", "discovered"].min() >= D),
    "quick_contact": (True, lambda b, a: hours_of(b, "contact") > hours_of(a, "contact")),  # the calls
    "process_compliance": (0.5, lambda b, a: 0 < hours_of(b, "process") != hours_of(a, "process")),
    "volunteer_points": (True, lambda b, a: hours_of(b, "volunteer_admin") > 0 == hours_of(a, "volunteer_admin")),
    "priority_rule": ("convenience", None),
    "linkage": (0.5, None),
}


@pytest.mark.parametrize("name", ["baseline", "stretched-baseline", "component-3"])
@pytest.mark.parametrize("lever", list(LEVER_EFFECTS))
def test_lever_from_day_d_equals_the_run_without_it_until_then(lever, name):
    value, took_effect = LEVER_EFFECTS[lever]
    sc = scenario(name)
    base, branch = pair(sc, Shock(start=D, set={lever: value}))
    a, b = base.issues, branch.issues
    # Until day D the two runs are one: every day, every case settled, every case as it arose.
    assert base.daily[base.daily["day"] < D].equals(branch.daily[branch.daily["day"] < D])
    settled = [c for c in a.columns if c != "satisfied_if_asked"]
    assert a.loc[a["closed"] < D, settled].equals(b.loc[b["closed"] < D, settled])
    born = ["uid", "category", "household", "grid", "created", "hours"]
    assert a.loc[a["created"] < D, born].equals(b.loc[b["created"] < D, born])
    # From day D on they part.
    assert not a[a["created"] >= D].reset_index(drop=True).equals(b[b["created"] >= D].reset_index(drop=True))
    if took_effect is not None:
        assert took_effect(branch, base)


def test_a_lever_switched_off_mid_run_stops_acting():
    base, branch = pair(scenario("full-1234"), Shock(start=S, end=E, set={"callback": False, "visit_share": 0.0}))
    visits = branch.issues[branch.issues["channel"] == "visit"]["discovered"]
    assert ((visits >= S) & (visits < E)).sum() == 0 and (visits >= E).sum() > 0
    assert hours_of(branch, "callback") < hours_of(base, "callback")


# --------------------------------------------------------------------- no change ------------
@pytest.mark.parametrize("name", ["baseline", "component-3", "full-1234"])
def test_a_shock_that_sets_the_values_in_force_changes_nothing(name):
    sc = scenario(name)
    same = Shock(start=S, end=E, set={n: sc.params[n] for n in MID_RUN})
    times_one = Shock(start=E, scale={n: 1 for n in MID_RUN if PARAMS[n].kind in ("int", "float")})
    base, shocked = pair(sc, same, times_one)
    assert fingerprint(base) == fingerprint(shocked)
    if name == "baseline":  # the defaults themselves
        assert all(sc.params[n] == PARAMS[n].default for n in MID_RUN)


def test_scenarios_without_shocks_are_as_before(tmp_path):
    for name in sim.list_scenarios():
        sc = load_scenario(name)
        path = tmp_path / f"{name}-plain.toml"
        path.write_text(f'extends = "{name}"\n[params]\ndays = 40\n', encoding="utf-8")
        from_file = load_scenario(path)
        assert from_file.shocks == ()
        for seed in (0, 1):
            model = CommunityModel(sc.with_values({"days": 40}).params, rng=seed, shocks=())
            reference = hashlib.sha256(issue_log(model.run()).to_csv().encode()).hexdigest()
            result = run(from_file, seed=seed, keep_model=False)
            assert hashlib.sha256(result.issues.to_csv().encode()).hexdigest() == reference, (name, seed)


# --------------------------------------------------------------------- scenario files -------
STORM = """
name = "storm-year"
extends = "baseline"
[params]
days = 80
warmup_days = 60

[[shocks]]
name_zh = "暴雨"
name_en = "Storm"
start = 20
end = 50
[shocks.scale]
"arrival_scale.hazard" = 3
[shocks.set]
staff_absent = 2
"""


def test_a_scenario_file_with_shocks_round_trips_to_a_run(tmp_path):
    path = tmp_path / "storm.toml"
    path.write_text(STORM, encoding="utf-8")
    sc = load_scenario(path)
    assert sc.shocks == (
        Shock(20, 50, (("arrival_scale.hazard", 3.0),), (("staff_absent", 2),), name_zh="暴雨", name_en="Storm"),
    )
    changed = sc.with_values({"hotline_share": 0.5})
    assert changed.shocks == sc.shocks and changed.params["hotline_share"] == 0.5
    result = run(changed, seed=0)
    assert result.meta["shocks"] == [
        {
            "name_zh": "暴雨",
            "name_en": "Storm",
            "start": 20,
            "end": 50,
            "scale": {"arrival_scale.hazard": 3.0},
            "set": {"staff_absent": 2},
        }
    ]
    plain = run(changed.with_shocks(), seed=0)
    hazards = [int((in_window(r.issues)["category"] == "hazard").sum()) for r in (plain, result)]
    assert hazards[1] > 2 * hazards[0]
    assert result.model.p == changed.params  # the scenario's values again after the last day
    with pytest.raises(ScenarioError, match=r"storm.toml: \[\[shocks\]\] #1 end = 50 .* from 21 to 40"):
        sc.with_values({"days": 40})


def test_extends_appends_the_childs_shocks_to_the_parents(tmp_path):
    (tmp_path / "storm.toml").write_text(STORM, encoding="utf-8")
    child = tmp_path / "branch.toml"
    child.write_text(
        'extends = "storm.toml"\n[[shocks]]\nstart = 60\n[shocks.set]\ncallback = true\n', encoding="utf-8"
    )
    sc = load_scenario(child)
    assert [s.start for s in sc.shocks] == [20, 60]
    assert sc.shocks[1].set == (("callback", True),)
    assert sc.name == "branch"


def test_with_shocks_builds_them_in_code_and_compare_keeps_them():
    sc = scenario()
    branch = sc.with_shocks({"start": 10, "set": {"callback": True}}, Shock(start=5, end=9, set={"staff_absent": 1}))
    assert [s.start for s in branch.shocks] == [10, 5]
    assert branch.with_shocks().shocks == ()
    assert pickle.loads(pickle.dumps(branch)) == branch  # worker processes get the same scenario
    table = sim.compare([sc, branch], reps=1).runs
    assert len(table) == 2 and table.iloc[0]["staff_hours"] != table.iloc[1]["staff_hours"]
    assert sim.compare([branch, branch], reps=1).scenarios[1].shocks == branch.shocks


def test_describe_says_each_shock_in_both_languages():
    sc = scenario().with_shocks(
        Shock(start=20, end=30, scale={"arrival_scale.hazard": 3}, name_zh="暴雨", name_en="Storm"),
        Shock(start=40, set={"callback": True}),
    )
    zh, en = describe(sc.shocks, "zh"), describe(sc.shocks, "en")
    assert zh == ["暴雨：第 20–29 天，安全隐患：诉求量倍数 × 3", "冲击 2：第 40 天起至结束，办结次日回访 = true"]
    assert en == [
        "Storm: days 20–29, Safety hazards: arrival rate multiplier × 3",
        "Shock 2: day 40 to the end, Call back the day after closure = true",
    ]


# --------------------------------------------------------------------- bad input ------------
BAD = [
    # (the [[shocks]] tables, what the message must say in English, and in Chinese)
    (
        "start = -1\n[shocks.set]\ncallback = true",
        "#1 start = -1 is not allowed: expected int from 0 to 79",
        "#1 start",
    ),
    ("start = 80\n[shocks.set]\ncallback = true", "start = 80 is not allowed: expected int from 0 to 79", "0 到 79"),
    (
        "start = 10\nend = 10\n[shocks.set]\ncallback = true",
        "end = 10 is not allowed: expected int from 11 to 80",
        "end",
    ),
    ("start = 10\nend = 81\n[shocks.set]\ncallback = true", "end = 81 is not allowed", "11 到 80"),
    ("start = 1.5\n[shocks.set]\ncallback = true", "start = 1.5 is not allowed", "start"),
    ("end = 10\n[shocks.set]\ncallback = true", "start is missing", "缺少 start"),
    ("start = 10", "changes nothing", "没有改变任何参数"),
    (
        "start = 10\ncolour = 1\n[shocks.set]\ncallback = true",
        "colour: unknown key; allowed keys are name_zh",
        "colour",
    ),
    ("start = 10\n[shocks.set]\ncalback = true", "calback: unknown parameter; did you mean callback", "calback"),
    ("start = 10\n[shocks.set]\nstaff = 3", "staff: cannot change during a run; parameters that can: ", "staff_absent"),
    ("start = 10\n[shocks.set]\ngridding = true", "gridding: cannot change during a run", "gridding"),
    (
        "start = 10\n[shocks.set]\ncallback = 2",
        "set.callback = 2 is not allowed: expected true or false",
        "true 或 false",
    ),
    ("start = 10\n[shocks.set]\npriority_rule = 'fast'", "one of fifo, convenience, resident_first", "以下之一"),
    (
        "start = 10\n[shocks.set]\nstaff_absent = 6",
        "staff_absent = 6 is not allowed: expected an integer from 0 to 5",
        "0 到 5",
    ),
    ("start = 10\n[shocks.scale]\ncallback = 2", "scale.callback: only numbers can be scaled", "只有数值参数"),
    (
        "start = 10\n[shocks.scale]\n'arrival_scale.hazard' = 30",
        "1.0 × 30 = 30.0, expected float from 0 to 20",
        "0 到 20",
    ),
    (
        "start = 10\n[shocks.scale]\n'arrival_scale.hazard' = -1",
        "= -1 is not allowed: expected a number from 0 to 1000",
        "0 到 1000",
    ),
    (
        "start = 10\n[shocks.scale]\nhotline_share = 1\n[shocks.set]\nhotline_share = 0.5",
        "hotline_share: in both",
        "scale 和 set",
    ),
    ("start = 10\nset = 3", "set must be a table ([shocks.set])", "[shocks.set]"),
    (
        "start = 10\n[shocks.scale]\nreport_delay = 1e400",
        "report_delay = inf is not allowed: expected a number",
        "0 到 1000",
    ),
    ("start = 10\n[shocks.scale]\nreport_delay = 1001", "from 0 to 1000", "0 到 1000"),
    ("start = 10\n[shocks.scale]\nreport_delay = 40", "2.0 × 40 = 80.0, expected float from 0 to 60", "0 到 60"),
    ("start = true\n[shocks.set]\ncallback = true", "start = True is not allowed: expected int from 0 to 79", "start"),
    (
        'start = 10\nname_en = "a\\nb"\n[shocks.set]\ncallback = true',
        "name_en = 'a\\nb' is not allowed: no line breaks",
        "name_en",
    ),
    (
        "start = 10\nend = 30\n[shocks.set]\nnew_households = 100",
        "#1: households that moved in stay: leave out end",
        "一旦入住就一直住下去",
    ),
    (
        "start = 10\n[shocks.set]\nnew_households = 300000",
        "new_households = 300000 is not allowed",
        "new_households",
    ),
    (
        "start = 10\nend = 30\n[shocks.set]\ncallback = true\n[[shocks]]\nstart = 29\n[shocks.set]\ncallback = false",
        "#1 and [[shocks]] #2 both change callback over overlapping days (10–29 and 29–79)",
        "时间重叠",
    ),
]


@pytest.mark.parametrize(("tables", "en", "zh"), BAD, ids=[b[1][:40] for b in BAD])
def test_bad_shocks_in_a_file_get_one_clear_message(tmp_path, tables, en, zh):
    path = tmp_path / "bad.toml"
    path.write_text(f"[params]\ndays = 80\n[[shocks]]\n{tables}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert en in str(info.value)
    assert "bad.toml: [[shocks]] #" in str(info.value)
    assert zh in info.value.text("zh") and info.value.text("zh") != str(info.value)


def test_shocks_must_be_an_array_of_tables(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("shocks = 3\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"shocks must be an array of tables"):
        load_scenario(path)


def test_too_many_shocks_are_refused_at_once(tmp_path):
    path = tmp_path / "many.toml"
    path.write_text("[[shocks]]\nstart = 1\n[shocks.set]\ncallback = true\n" * 501, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"many.toml: shocks: too many shocks \(501; at most 500\)"):
        load_scenario(path)
    parent = tmp_path / "parent.toml"
    days = "".join(f"[[shocks]]\nstart = {d}\nend = {d + 1}\n[shocks.set]\ncallback = true\n" for d in range(300))
    parent.write_text("[params]\ndays = 1000\n" + days, encoding="utf-8")
    assert len(load_scenario(parent).shocks) == 300
    child = tmp_path / "child.toml"
    child.write_text(
        'extends = "parent.toml"\n' + "[[shocks]]\nstart = 3\nend = 4\n[shocks.set]\ncallback = true\n" * 201
    )
    with pytest.raises(ScenarioError, match=r"too many shocks \(501; at most 500\)"):
        load_scenario(child)


def test_bad_shocks_in_code_get_the_same_messages():
    sc = scenario()
    with pytest.raises(ScenarioError, match=r"\[\[shocks\]\] #2 start = 99 is not allowed: expected int from 0 to 79"):
        sc.with_shocks(Shock(start=1, set={"callback": True}), Shock(start=99, set={"callback": True}))
    with pytest.raises(ScenarioError, match=r"\[\[shocks\]\] #1: staff_absent = 3 is not allowed"):
        scenario(staff=3).with_shocks({"start": 0, "set": {"staff_absent": 3}})
    with pytest.raises(ScenarioError, match=r"\[\[shocks\]\] #1 must be a table"):
        sc.with_shocks(3)
    with pytest.raises(ScenarioError, match=r"\[\[shocks\]\] #1 set must be a table \(\[shocks.set\]\)"):
        sc.with_shocks(Shock(start=1, set={3: True}))
    with pytest.raises(ScenarioError, match=r"\[\[shocks\]\] #1 scale must be a table"):
        sc.with_shocks(Shock(start=1, scale=(("hotline_share",),)))
    staffed = sc.with_shocks({"start": 0, "set": {"staff_absent": 3}})
    with pytest.raises(ScenarioError, match=r"staff_absent = 3 is not allowed: expected an integer from 0 to 2"):
        staffed.with_values({"staff": 3})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_line_refuses_bad_shocks_in_one_line(tmp_path, capsys, lang):
    path = tmp_path / "bad.toml"
    path.write_text("[[shocks]]\nstart = 10\n[shocks.set]\nstaff = 3\n", encoding="utf-8")
    code = main(["--lang", lang, "run", str(path)])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "staff" in err and "staff_absent" in err
    assert ("不能在运行中改变" if lang == "zh" else "cannot change during a run") in err
