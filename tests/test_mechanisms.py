"""Each practice of the 1234 method moves its metric the documented way, and its cost shows.

Every comparison is paired: the lever off and on are run with the same seeds (common
random numbers) and the test reads the mean paired difference with its 95% t-interval.
"The lever improves X" means the whole interval lies on the better side of zero.
Costs that exist only when a practice is on (its own activity in the hours table) are
checked run by run: zero without the practice, positive with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pytest
from scipy import stats

import sim
from sim.params import CATEGORIES

SEEDS = tuple(range(12))
# A mid-sized community, short horizon: staff are busy but not overwhelmed.
MID = {"days": 120, "households": 1000, "staff": 3}
# Full-size community with half the default staff: queues form, order of work matters.
STRETCHED = {"days": 120, "households": 2000, "staff": 3}
PARTNER_CATEGORIES = {c.key for c in CATEGORIES if c.partner}
VISIBLE_CATEGORIES = {c.key for c in CATEGORIES if c.visible}


@cache
def _run(scenario: str, changes: tuple, seed: int, keep_model: bool) -> sim.RunResult:
    return sim.run(scenario, seed=seed, keep_model=keep_model, **dict(changes))


def runs(base: dict, seeds=SEEDS, scenario: str = "baseline", keep_model: bool = False, **lever) -> list[sim.RunResult]:
    """Runs of ``scenario`` with ``base`` and ``lever`` changes, one per seed (cached)."""
    changes = tuple(sorted({**base, **lever}.items()))
    return [_run(scenario, changes, s, keep_model) for s in seeds]


@dataclass
class Diff:
    """Paired difference on − off over common seeds."""

    off: float
    on: float
    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return (
            f"off {self.off:.4g}, on {self.on:.4g}, diff {self.mean:+.4g} (95% CI {self.low:+.4g} to {self.high:+.4g})"
        )


def paired(metric, off: list, on: list) -> Diff:
    a = np.array([metric(r) for r in off], dtype=float)
    b = np.array([metric(r) for r in on], dtype=float)
    d = b - a
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    return Diff(a.mean(), b.mean(), d.mean(), d.mean() - half, d.mean() + half)


def assert_up(metric, off, on, what: str) -> Diff:
    d = paired(metric, off, on)
    assert d.low > 0, f"{what} should rise: {d}"
    return d


def assert_down(metric, off, on, what: str) -> Diff:
    d = paired(metric, off, on)
    assert d.high < 0, f"{what} should fall: {d}"
    return d


def summary(name: str):
    return lambda r: r.summary[name]


def hours(activity: str, who: str = "staff"):
    def f(r):
        h = r.hours
        return float(h.loc[(h["who"] == who) & (h["activity"] == activity), "hours"].sum())

    return f


def hours_of(who: str):
    """All hours used by one kind of worker (staff, department, partner, party, volunteers…)."""
    return lambda r: float(r.hours.loc[r.hours["who"] == who, "hours"].sum())


def channel_count(channel: str):
    return lambda r: float((r.issues["channel"] == channel).sum())


def handled_by(handler: str):
    return lambda r: float((r.issues["handler"] == handler).sum())


def assert_new_cost(off, on, activity: str, who: str = "staff") -> None:
    """The practice's own activity costs nothing when off and something in every run when on."""
    f = hours(activity, who)
    assert all(f(r) == 0 for r in off), f"{who} '{activity}' hours without the practice: {[f(r) for r in off]}"
    assert all(f(r) > 0 for r in on), f"no {who} '{activity}' hours with the practice: {[f(r) for r in on]}"


def rework_of(categories: set[str]):
    """Share of fixed (or failed) issues of these categories that had to be redone."""

    def f(r):
        log = r.issues
        log = log[log["category"].isin(categories)]
        ever = log[log["resolved"].notna() | (log["reopened"] > 0)]
        return float((ever["reopened"] > 0).mean())

    return f


def department_resolution(stalled_only: bool = False, q: float | None = None):
    """Resolution time of closed cases that went to a county department (mean or quantile)."""

    def f(r):
        log = r.issues
        sel = (log["route"] == "department") & log["closed"].notna()
        if stalled_only:
            sel &= log["stalled"]
        t = log.loc[sel, "resolution_time"]
        return float(t.quantile(q) if q is not None else t.mean())

    return f


# ------------------------------------------------------------ 1: everything for residents --


def test_resident_first_closes_urgent_cases_on_time():
    """Earliest-deadline-first puts same-day cases ahead of the queue when staff are short."""

    def urgent_on_time(r):
        log = r.issues
        due = log[log["urgent"] & (log["route"] == "staff") & (log["due"] <= r.scenario.params["days"])]
        return float((due["closed"] <= due["due"]).mean())

    def urgent_response(r):
        log = r.issues
        return float(log.loc[log["urgent"] & (log["route"] == "staff"), "response_time"].mean())

    # A whole year: about 170 urgent staff cases per run.
    year = {**STRETCHED, "days": 250}
    off = runs(year, priority_rule="fifo")
    on = runs(year, priority_rule="resident_first")
    assert_up(urgent_on_time, off, on, "on-time closure of urgent cases handled by staff")
    assert_down(urgent_response, off, on, "response time of urgent cases handled by staff")


def test_needs_survey_finds_hidden_needs_at_a_cost():
    off, on = runs(MID), runs(MID, survey_interval=60)
    assert all(channel_count("survey")(r) == 0 for r in off)
    assert_up(channel_count("survey"), off, on, "issues found by surveys")
    assert_up(summary("proactive_share"), off, on, "proactive share")
    assert_down(summary("hidden_never_found"), off, on, "hidden needs never found")
    assert_new_cost(off, on, "survey")


# ------------------------------------------------------------------------- 2: two hearts --


def test_patient_listening_cuts_rework_and_pleases_at_a_cost():
    off, on = runs(MID), runs(MID, listening_minutes=15)
    assert_down(summary("rework_rate"), off, on, "rework rate")
    assert_up(summary("satisfaction_rate"), off, on, "satisfaction rate")
    assert_new_cost(off, on, "listening")


def test_frequent_visits_find_hidden_needs_at_a_cost():
    off, on = runs(MID), runs(MID, visit_share=0.2)
    assert all(channel_count("visit")(r) == 0 for r in off)
    assert_up(channel_count("visit"), off, on, "issues found on visits")
    assert_down(summary("hidden_never_found"), off, on, "hidden needs never found")
    assert_new_cost(off, on, "visits")


def test_quick_contact_answers_residents_at_once():
    off, on = runs(STRETCHED), runs(STRETCHED, quick_contact=True)
    assert_up(summary("response_rate"), off, on, "response rate")
    assert_down(summary("response_time_mean"), off, on, "mean response time")
    assert_up(hours("contact"), off, on, "staff contact hours")
    # The call is a task that waits for a free hand: under load, some calls come late.
    assert all(r.summary["response_time_p90"] > 0 for r in on)


def test_follow_up_unsticks_stalled_department_cases_at_a_cost():
    off, on = runs(MID), runs(MID, follow_up=True)
    assert_down(department_resolution(stalled_only=True), off, on, "resolution time of stalled department cases")
    assert_down(department_resolution(), off, on, "resolution time of department cases")
    assert_new_cost(off, on, "follow_up")


def test_callback_catches_failed_fixes_at_a_cost():
    def wrong_fixes(r):
        return float(r.issues["wrong_fix"].sum())

    def reopened_resolution(r):
        log = r.issues
        return float(log.loc[(log["reopened"] > 0) & log["closed"].notna(), "resolution_time"].mean())

    off, on = runs(MID), runs(MID, callback=True)
    assert_down(wrong_fixes, off, on, "cases closed with the problem still there")
    assert_down(reopened_resolution, off, on, "resolution time of reopened cases")
    assert_up(summary("resolution_rate"), off, on, "resolution rate")
    assert_new_cost(off, on, "callback")


# ---------------------------------------------------------------- 3: three managements --


def test_linkage_stops_buck_passing_and_speeds_department_cases():
    def bounces(r):
        log = r.issues
        return float(log.loc[log["route"] == "department", "bounces"].mean())

    off, on = runs(MID), runs(MID, linkage=0.8)
    assert_down(bounces, off, on, "times a department case is passed back")
    assert_down(hours("coordination"), off, on, "staff coordination hours")
    # Stalls (mean 20 days, 30% of cases) swamp the hand-off time; switch them off to see it.
    calm = {**MID, "households": 600, "stall_chance": 0.0}
    assert_down(department_resolution(), runs(calm), runs(calm, linkage=0.8), "resolution time of department cases")


def test_gridding_cuts_travel_and_rework():
    off, on = runs(STRETCHED), runs(STRETCHED, gridding=True)
    assert_down(hours("travel"), off, on, "staff travel hours")
    assert_down(summary("rework_rate"), off, on, "rework rate")


def test_precision_cuts_dispute_and_hazard_rework_at_a_cost():
    year = {**MID, "days": 250}
    off, on = runs(year), runs(year, process_compliance=0.9)
    assert_down(rework_of({"dispute", "hazard"}), off, on, "rework rate of disputes and hazards")
    assert_new_cost(off, on, "process")


def test_hazard_inspection_prevents_incidents_at_a_cost():
    base = {**MID, "days": 250, "households": 600}
    off, on = runs(base), runs(base, inspection_interval=20)
    assert all(channel_count("inspection")(r) == 0 for r in off)
    assert_up(channel_count("inspection"), off, on, "hazards found by inspection")
    assert_down(summary("incidents"), off, on, "incidents")
    assert_new_cost(off, on, "inspection")
    found = [r.issues.loc[r.issues["channel"] == "inspection", "category"] for r in on]
    assert all(set(f) <= {"hazard"} for f in found)


# --------------------------------------------------------------- 4: four integrations --


def test_service_stations_surface_needs_in_their_compounds_at_a_cost():
    off, on = runs(MID), runs(MID, stations=4, keep_model=True)

    def known_share(r, compounds: set[int], inside: bool) -> float:
        log = r.issues
        here = log["compound"].isin(compounds)
        return float(log.loc[here if inside else ~here, "discovered"].notna().mean())

    known_in, known_out = [], []
    for a, b in zip(off, on, strict=True):
        # The same seed ranks compounds the same way, so both runs share the station compounds.
        comps = {s.compound for s in b.model.stations}
        assert len(comps) == 4
        station_issues = b.issues[b.issues["channel"] == "station"]
        assert not station_issues.empty and set(station_issues["compound"]) <= comps
        known_in.append((known_share(a, comps, True), known_share(b, comps, True)))
        known_out.append((known_share(a, comps, False), known_share(b, comps, False)))
    inside = paired(lambda x: x, *zip(*known_in, strict=True))
    assert inside.low > 0, f"share of issues known in station compounds should rise: {inside}"
    # Stations only lower the reporting threshold where they are.
    outside = paired(lambda x: x, *zip(*known_out, strict=True))
    assert abs(outside.mean) < inside.mean / 2, f"outside: {outside}; inside: {inside}"
    assert_down(summary("hidden_never_found"), off, on, "hidden needs never found")
    assert_new_cost(off, on, "station")


def test_cadre_pairing_speeds_department_cases():
    # Department officers are the bottleneck in a full-size community; stalls are switched
    # off so that queueing at the department is what the comparison sees.
    base = {"days": 250, "households": 2000, "stall_chance": 0.0}
    off, on = runs(base), runs(base, cadre_pairing=True)
    assert_down(department_resolution(), off, on, "resolution time of department cases")


def test_whistle_calls_in_party_members_and_shortens_the_tail():
    base = {"days": 120, "households": 2000, "staff": 2}
    off, on = runs(base), runs(base, party_members=300, whistle_days=10)
    assert all(r.issues["whistled"].sum() == 0 for r in off)
    assert_up(lambda r: float(r.issues["whistled"].sum()), off, on, "whistled cases")
    assert_up(hours_of("party"), off, on, "party members' hours")
    assert all((r.issues["handler"] == "party").any() for r in on)
    assert_down(summary("resolution_time_p90"), off, on, "90th percentile of resolution time")


def test_community_partners_take_property_and_elderly_cases():
    off, on = runs(MID), runs(MID, partner_hours=20)
    assert all(handled_by("partner")(r) == 0 for r in off)
    assert_up(handled_by("partner"), off, on, "cases handled by partners")
    for r in on:
        cats = set(r.issues.loc[r.issues["handler"] == "partner", "category"])
        assert cats <= PARTNER_CATEGORIES, cats
    assert_up(hours_of("partner"), off, on, "partner hours")
    assert_down(hours("fix"), off, on, "staff hours spent fixing")


def test_mediation_takes_disputes_with_less_rework():
    # Mediators take a dispute only when they would be no slower than staff (about a third of
    # them), so the cut in rework is small against its noise: more seeds.
    base, seeds = {"days": 250, "households": 2000}, tuple(range(20))
    off, on = runs(base, seeds), runs(base, seeds, mediation=True)
    assert all(handled_by("mediation")(r) == 0 for r in off)
    assert_up(handled_by("mediation"), off, on, "cases handled by mediation")
    for r in on:
        assert set(r.issues.loc[r.issues["handler"] == "mediation", "category"]) == {"dispute"}
    assert_down(rework_of({"dispute"}), off, on, "rework rate of disputes")
    assert_new_cost(off, on, "mediation")
    assert_new_cost(off, on, "fix", who="mediation")


def test_patrols_spot_visible_problems():
    off, on = runs(MID), runs(MID, patrol=True)
    assert all(channel_count("patrol")(r) == 0 for r in off)
    assert_up(channel_count("patrol"), off, on, "issues found by patrols")
    for r in on:
        assert set(r.issues.loc[r.issues["channel"] == "patrol", "category"]) <= VISIBLE_CATEGORIES
    assert_down(summary("hidden_never_found"), off, on, "hidden needs never found")
    assert_up(hours_of("volunteers"), off, on, "volunteer patrol hours")


def test_volunteer_points_grow_the_volunteer_corps_at_a_cost():
    base = {"days": 250, "households": 200, "staff": 1}
    off, on = runs(base), runs(base, volunteer_points=True)

    def volunteers_at_end(r):
        return float(r.daily["volunteers"].iloc[-1])

    assert_up(volunteers_at_end, off, on, "volunteers at the end")
    assert_new_cost(off, on, "volunteer_admin")


def test_young_old_helpers_take_elderly_cases():
    off, on = runs(MID), runs(MID, young_old_share=0.3)
    assert all(handled_by("helpers")(r) == 0 for r in off)
    assert_up(handled_by("helpers"), off, on, "cases handled by '60 helps 80' helpers")
    for r in on:
        assert set(r.issues.loc[r.issues["handler"] == "helpers", "category"]) <= {"elderly"}
    # Their capacity is the young-old volunteers' hours: a few of them, so some runs may see none.
    assert all(hours_of("helpers")(r) == 0 for r in off)
    assert_up(hours_of("helpers"), off, on, "'60 helps 80' helpers' hours")


# ------------------------------------------------------------------------- trade-offs --


@pytest.fixture(scope="module")
def stretched_comparison() -> sim.Comparison:
    scs = [sim.load_scenario(n).with_params(days=120) for n in ("stretched-baseline", "stretched-full-1234")]
    return sim.compare(scs, reps=6, seed=0)


@pytest.fixture(scope="module")
def default_comparison() -> sim.Comparison:
    # The shipped scenarios as they are (a whole year).
    return sim.compare(["baseline", "full-1234"], reps=8, seed=0)


def diff_row(cmp: sim.Comparison, metric: str):
    t = cmp.table
    return t[(t["metric"] == metric) & (t["scenario"] == cmp.meta["scenarios"][1])].iloc[0]


def test_full_method_short_of_staff_is_worse_on_service(stretched_comparison):
    """With 3 staff, visits, listening, surveys and station duty crowd out casework."""
    on_time = diff_row(stretched_comparison, "on_time_closure_rate")
    assert on_time["diff_high"] < 0, on_time.to_dict()
    median = diff_row(stretched_comparison, "resolution_time_median")
    assert median["diff_low"] > 0, median.to_dict()
    # …and the staff pay for it in hours.
    util = diff_row(stretched_comparison, "staff_utilisation")
    assert util["diff_low"] > 0, util.to_dict()


def test_full_method_beats_baseline_with_enough_staff(default_comparison):
    for metric in ("resolution_rate", "satisfaction_rate", "on_time_closure_rate"):
        row = diff_row(default_comparison, metric)
        assert row["diff_low"] > 0, (metric, row.to_dict())
    never = diff_row(default_comparison, "hidden_never_found")
    assert never["diff_high"] < 0, never.to_dict()
