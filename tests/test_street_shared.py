"""A street whose communities share help: the county departments, the party members, the street reserve."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from cli_checks import fails_cleanly

from sim.errors import ScenarioError
from sim.street import load_street, run_street
from sim.street.shared import Shared, split

pytestmark = pytest.mark.usefixtures("english_locale")

SMALL = "days = 60\nwarmup_days = 20\n"

# A quiet community beside one whose cases often need a department (and many of them).
DEPARTMENT_HEAVY = f"""
[street]
name = "two"

[[community]]
name = "quiet"
extends = "full-1234"
[community.params]
households = 600
{SMALL}
[[community]]
name = "busy"
extends = "full-1234"
[community.params]
households = 2400
issues_per_household = 2.0
department_servers = 1
{SMALL}
"""

# A comfortable community beside an overloaded one.
OVERLOADED = f"""
[street]
name = "two"

[[community]]
name = "comfortable"
extends = "baseline"
[community.params]
households = 600
staff = 6
{SMALL}
[[community]]
name = "overloaded"
extends = "stretched-baseline"
[community.params]
households = 1500
issues_per_household = 1.4
{SMALL}
"""


def street(tmp_path: Path, text: str, shared: str = "") -> Path:
    path = tmp_path / "street.toml"
    path.write_text(text.replace('name = "two"\n', f'name = "two"\n{shared}', 1), encoding="utf-8")
    return path


def linked(base, **values):
    return dataclasses.replace(base, shared=Shared(**values))


# ------------------------------------------------------------------ the split rule -------
def test_a_pool_keeps_its_total_and_its_guarantee():
    pool, waiting = [12.0, 20.0, 4.0], [30.0, 0.0, 10.0]
    for guaranteed in (0.0, 0.3, 1.0):
        factors = split(pool, waiting, guaranteed)
        assert sum(f * own for f, own in zip(factors, pool, strict=True)) == pytest.approx(sum(pool))
        assert all(f >= guaranteed for f in factors)
    assert split(pool, waiting, 1.0) == [1.0, 1.0, 1.0]  # nothing moves
    assert split(pool, waiting, 0.0)[1] == 0.0  # nothing waits there: all its hours go where work waits
    assert split(pool, [0.0, 0.0, 0.0], 0.0) == pytest.approx([1.0, 1.0, 1.0])  # nothing waits anywhere


# ------------------------------------------------------------------ reading ------------
def test_the_shared_table_is_read(tmp_path):
    text = "[shared]\ndepartments = true\nguaranteed = 0.25\nreserve_staff = 3\n"
    st = load_street(street(tmp_path, OVERLOADED, text))
    assert st.shared == Shared(departments=True, guaranteed=0.25, reserve_staff=3)
    assert st.shared.linked and load_street(street(tmp_path, OVERLOADED)).shared is None
    assert not load_street(street(tmp_path, OVERLOADED, "[shared]\n")).shared.linked


BAD = {
    "unknown key": ("[shared]\nofficers = 3\n", ["shared.officers", "departments, party_members"]),
    "not a switch": ('[shared]\ndepartments = "yes"\n', ["shared.departments", "true, false"]),
    "guarantee above one": ("[shared]\nguaranteed = 1.5\n", ["shared.guaranteed", "0.25 … 1"]),
    "guarantee of nothing": ("[shared]\nguaranteed = 0\n", ["shared.guaranteed", "0.25 … 1"]),
    "negative reserve": ("[shared]\nreserve_staff = -1\n", ["shared.reserve_staff", "0 … 10000"]),
    "reserve of a fraction": ("[shared]\nreserve_staff = 1.5\n", ["shared.reserve_staff"]),
    "posting every 0 days": ("[shared]\nreserve_days = 0\n", ["shared.reserve_days", "1 … 250"]),
    "not a table": ("shared = 3\n", ["shared", "departments"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_shared_table_is_refused_in_one_line(tmp_path, capsys, case):
    text, expected = BAD[case]
    if text.startswith("shared ="):  # a key above the first table
        path = tmp_path / "street.toml"
        path.write_text(text + OVERLOADED, encoding="utf-8")
    else:
        path = street(tmp_path, OVERLOADED, text)
    with pytest.raises(ScenarioError) as caught:
        load_street(path)
    for fragment in expected:
        assert fragment in str(caught.value), (case, fragment, str(caught.value))
    for lang in ("en", "zh"):
        line = fails_cleanly(capsys, tmp_path, "street", "run", str(path), "--out", str(tmp_path / "o"), "--lang", lang)
        assert str(path) in line


# ------------------------------------------------------------------ running ------------
def test_a_guarantee_of_everything_runs_every_community_as_alone(tmp_path):
    base = load_street(street(tmp_path, DEPARTMENT_HEAVY))
    apart = run_street(base, seed=1)
    same = run_street(linked(base, departments=True, party_members=True, guaranteed=1.0), seed=1)
    assert same.meta["executor"].startswith("linked")
    pd.testing.assert_frame_equal(apart.table, same.table[apart.table.columns])


def test_a_busy_community_slows_the_departments_of_the_others(tmp_path):
    base = load_street(street(tmp_path, DEPARTMENT_HEAVY))
    for seed in (0, 1):
        apart = run_street(base, seed=seed).table.set_index("community")
        pooled = run_street(linked(base, departments=True, guaranteed=0.25), seed=seed).table.set_index("community")
        kept = run_street(linked(base, departments=True, guaranteed=1.0), seed=seed).table.set_index("community")
        hours = kept["department_hours_per_day"]  # what each community's officers give it alone
        # The pool keeps its hours and sends them where the work waits.
        assert pooled["department_hours_per_day"].sum() == pytest.approx(hours.sum())
        assert pooled.loc["busy", "department_hours_per_day"] > 1.5 * hours["busy"]
        # The busy community's departments do more; the quiet one's cases now wait behind its.
        assert pooled.loc["busy", "department_hours_used"] > 1.5 * apart.loc["busy", "department_hours_used"]
        slower = pooled.loc["quiet", "resolution_time_mean"] - apart.loc["quiet", "resolution_time_mean"]
        assert slower > 0.1, (seed, slower)  # (how much depends on the year: 0.1 to 1.1 days over six seeds)


def test_the_reserve_goes_where_casework_waits_and_lifts_it(tmp_path):
    base = load_street(street(tmp_path, OVERLOADED))
    backlog_apart = backlog_helped = 0.0
    for seed in (0, 1):
        apart = run_street(base, seed=seed).table.set_index("community")
        helped = run_street(linked(base, reserve_staff=2, reserve_days=5), seed=seed).table.set_index("community")
        days = helped["days"].iloc[0]
        assert helped["reserve_person_days"].sum() == 2 * days  # two people, every observed day
        assert helped.loc["overloaded", "reserve_person_days"] > helped.loc["comfortable", "reserve_person_days"]
        assert helped.loc["overloaded", "response_rate"] > apart.loc["overloaded", "response_rate"]
        backlog_apart += apart.loc["overloaded", "backlog_mean"]
        backlog_helped += helped.loc["overloaded", "backlog_mean"]
    # The backlog falls too, by less and less evenly (from 9% higher to 21% lower over six seeds).
    assert backlog_helped < 0.9 * backlog_apart


def test_a_linked_street_gives_the_same_numbers_every_time_and_with_any_jobs(tmp_path):
    path = street(tmp_path, OVERLOADED, "[shared]\ndepartments = true\nparty_members = true\nreserve_staff = 1\n")
    first = run_street(path, seed=5)
    again = run_street(path, seed=5, jobs=2)
    assert first.meta["executor"].startswith("linked: one process")
    assert again.meta["executor"].startswith("linked: 2 processes")  # each keeps its communities all year
    pd.testing.assert_frame_equal(first.table, again.table)
    assert first.summary == again.summary


def test_the_shipped_streets_share_their_help():
    for name in ("street-10", "county-100"):
        st = load_street(name)
        assert st.shared is not None and st.shared.departments and st.shared.party_members
        assert st.shared.reserve_staff > 0


def test_the_party_members_go_where_whistled_cases_wait(tmp_path):
    few = DEPARTMENT_HEAVY.replace("department_servers = 1\n", "department_servers = 1\nparty_members = 10\n")
    base = load_street(street(tmp_path, few))  # the busy community's own members cannot keep up
    for seed in (0, 1):
        apart = run_street(base, seed=seed).table.set_index("community")
        pooled = run_street(linked(base, party_members=True, guaranteed=0.25), seed=seed).table.set_index("community")
        assert pooled.loc["busy", "party_hours_used"] > 1.2 * apart.loc["busy", "party_hours_used"]
        assert pooled.loc["quiet", "party_hours_used"] <= apart.loc["quiet", "party_hours_used"]
