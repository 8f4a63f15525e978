"""A street of communities: reading street files, drawing groups, running, the street's metrics, the command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim import run
from sim.cli import main
from sim.errors import ScenarioError
from sim.params import PARAMS
from sim.street import (
    MAX_COMMUNITIES,
    community_seeds,
    gini,
    list_streets,
    load_street,
    parse_street,
    run_street,
    street_summary,
    weighted,
)

pytestmark = pytest.mark.usefixtures("english_locale")

CJK = re.compile(r"[\u4e00-\u9fff]")

# Four small communities over 12 days: the whole street runs in about a second.
TINY = """
[street]
name = "tiny"
title_zh = "小街道"
title_en = "A tiny street"

[[community]]
name = "a"
extends = "baseline"
[community.params]
days = 12
households = 300

[[group]]
name = "g"
count = 3
extends = "full-1234"
[group.params]
days = 12
[group.ranges]
households = [200, 600]
issues_per_household = [0.5, 1.5]
"""


def write(tmp_path: Path, text: str, name: str = "street.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def call(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------- the Gini -------
def test_gini_of_known_vectors():
    assert gini([0.7, 0.7, 0.7]) == 0.0
    assert gini([0, 0, 0, 1]) == pytest.approx(0.75)  # one holds all: (n - 1) / n
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)  # Σ|xi - xj| = 20 over 2 · 16 · 2.5
    assert gini([0.5, float("nan"), 0.5]) == 0.0  # a community without a value is left out
    assert np.isnan(gini([]))
    with pytest.raises(ValueError):
        gini([-1, 1])


def test_gini_equals_the_double_sum():
    x = np.random.default_rng(5).uniform(0, 1, 40)
    double_sum = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert gini(x) == pytest.approx(double_sum)
    assert gini(x) == pytest.approx(gini(x[::-1] * 3))  # order and scale do not matter


# ------------------------------------------------------------- metrics, by hand ---------
def _hand_made(on_time: tuple[float, float], known: tuple[float, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "community": ["east", "west"],
            "households": [1000, 3000],
            "issues_arisen": [known[0] + 5, known[1] + 5],
            "issues_known": list(known),
            "response_rate": [1.0, 0.5],
            "resolution_rate": [0.9, 0.6],
            "satisfaction_rate": [0.8, 0.4],
            "on_time_closure_rate": list(on_time),
        }
    )


def test_rates_are_weighted_by_known_issues():
    table = _hand_made((0.9, 0.5), (10, 30))
    assert weighted(table, "response_rate") == pytest.approx((1.0 * 10 + 0.5 * 30) / 40)
    s = street_summary(table)
    assert s["on_time_closure_rate"] == pytest.approx((0.9 * 10 + 0.5 * 30) / 40)
    assert (s["communities"], s["households"], s["issues_known"]) == (2, 4000, 40)
    assert s["worst_community"] == "west" and s["worst_on_time_closure_rate"] == 0.5
    assert s["gini_on_time_closure_rate"] == pytest.approx(0.8 / (2 * 4 * 0.7))  # Σ|xi - xj| / (2 n² mean)


def test_equal_communities_have_no_spread():
    s = street_summary(_hand_made((0.8, 0.8), (10, 30)))
    assert s["gini_on_time_closure_rate"] == 0.0
    assert s["on_time_closure_rate"] == pytest.approx(0.8)


# ------------------------------------------------------------------- reading ------------
def test_shipped_streets():
    assert {"street-10", "county-100"} <= set(list_streets())
    ten = load_street("street-10")
    assert len(ten.communities) == 10 and len({c.name for c in ten.communities}) == 10
    assert len({c.scenario.params["households"] for c in ten.communities}) > 5  # mixed sizes
    county = load_street("county-100")
    assert len(county.communities) == 100
    assert 180_000 <= county.households <= 220_000


def test_groups_are_drawn_within_their_ranges_and_the_same_every_time(tmp_path):
    street = load_street(write(tmp_path, TINY))
    again = load_street(write(tmp_path, TINY, "again.toml"))
    assert [c.values for c in street.communities] == [c.values for c in again.communities]
    drawn = street.communities[1:]
    assert [c.name for c in drawn] == ["g-1", "g-2", "g-3"]
    for c in drawn:
        assert 200 <= c.scenario.params["households"] <= 600
        assert isinstance(c.scenario.params["households"], int)
        assert 0.5 <= c.scenario.params["issues_per_household"] <= 1.5
        assert c.scenario.params["quick_contact"] is True  # the rest comes from full-1234
        assert c.scenario.params["days"] == 12
    assert len({c.values["households"] for c in drawn}) > 1


def test_the_street_seed_draws_other_values(tmp_path):
    one = load_street(write(tmp_path, TINY.replace('name = "tiny"', 'name = "tiny"\nseed = 1')))
    two = load_street(write(tmp_path, TINY.replace('name = "tiny"', 'name = "tiny"\nseed = 2'), "two.toml"))
    assert [c.values for c in one.communities] != [c.values for c in two.communities]


def test_extends_a_scenario_file_next_to_the_street(tmp_path):
    write(tmp_path, 'name = "mine"\nextends = "baseline"\n[params]\nstaff = 9\n', "mine.toml")
    street = load_street(write(tmp_path, '[street]\nname = "s"\n[[community]]\nname = "x"\nextends = "mine"\n'))
    assert street.communities[0].scenario.params["staff"] == 9


CYCLE_A = 'name = "cyc-a"\nextends = "cyc-b.toml"\n'
CYCLE_B = 'name = "cyc-b"\nextends = "cyc-a.toml"\n'
ONE = '[street]\nname = "s"\n[[community]]\nname = "x"\nextends = "baseline"\n'
HEAD = '[street]\nname = "s"\n'
BAD = {
    "unknown scenario": (HEAD + '[[community]]\nname = "x"\nextends = "basline"\n', ["extends", "baseline"]),
    "unknown top key": (ONE + "[roads]\nn = 1\n", ["roads", "street, shared, community, group"]),
    "unknown community key": (ONE + "size = 3\n", ["size", "name, extends, params"]),
    "unknown street key": (ONE.replace('name = "s"', 'name = "s"\ncolour = "red"'), ["colour", "title_zh"]),
    "unknown parameter": (ONE + "[community.params]\nhouseholds_x = 3\n", ["households_x", "households"]),
    "out of range": (
        ONE + "[community.params]\nhouseholds = 10\n",
        ["params.households", str(PARAMS["households"].lo)],
    ),
    "range out of range": (
        HEAD + '[[group]]\nname = "g"\ncount = 2\nextends = "baseline"\n[group.ranges]\nstaff = [0, 5]\n',
        ["ranges.staff", str(PARAMS["staff"].hi)],
    ),
    "range upside down": (
        HEAD + '[[group]]\nname = "g"\ncount = 2\nextends = "baseline"\n[group.ranges]\nstaff = [9, 5]\n',
        ["ranges.staff", "9", "5"],
    ),
    "range not a pair": (
        HEAD + '[[group]]\nname = "g"\ncount = 2\nextends = "baseline"\n[group.ranges]\nstaff = 5\n',
        ["ranges.staff", str(PARAMS["staff"].hi)],
    ),
    "range of a switch": (
        HEAD + '[[group]]\nname = "g"\ncount = 2\nextends = "baseline"\n[group.ranges]\ngridding = [0, 1]\n',
        ["ranges.gridding", "bool", "[group.params]"],
    ),
    "group without count": (HEAD + '[[group]]\nname = "g"\nextends = "baseline"\n', ["count", "5000"]),
    "count zero": (HEAD + '[[group]]\nname = "g"\ncount = 0\nextends = "baseline"\n', ["count", "0"]),
    "empty street": (HEAD, ["[[community]]", "[[group]]"]),
    "repeated name": (ONE + '[[community]]\nname = "x"\nextends = "full-1234"\n', ["'x'", "repeated"]),
    "name made by a group": (
        HEAD + '[[community]]\nname = "g-1"\nextends = "baseline"\n'
        '[[group]]\nname = "g"\ncount = 2\nextends = "baseline"\n',
        ["'g-1'", "repeated"],
    ),
    "missing extends": (HEAD + '[[community]]\nname = "x"\n', ["extends", "full-1234"]),
    "missing name": (ONE.replace('name = "s"\n', ""), ["street.name", "required"]),
    "extends cycle": (HEAD + '[[community]]\nname = "x"\nextends = "cyc-a.toml"\n', ["extends", "cyc-a", "cyc-b"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_street_files_are_refused_in_one_line(tmp_path, capsys, case):
    text, expected = BAD[case]
    write(tmp_path, CYCLE_A, "cyc-a.toml")
    write(tmp_path, CYCLE_B, "cyc-b.toml")
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_street(path)
    for fragment in expected:
        assert fragment in str(caught.value), (case, fragment, str(caught.value))
    assert CJK.search(caught.value.text("zh")), caught.value.text("zh")
    out = tmp_path / "out"
    for lang in ("en", "zh"):
        code, stdout, err = call(capsys, "street", "run", str(path), "--out", str(out), "--lang", lang)
        assert code == 2 and stdout == "" and len(err.strip().splitlines()) == 1, err
        assert str(path) in err
    assert not out.exists()


def test_an_unknown_street_names_the_shipped_ones(capsys):
    code, _, err = call(capsys, "street", "run", "street-11")
    assert code == 2 and "street-10" in err and "county-100" in err


# ------------------------------------------------------------------- running ------------
def test_community_seeds_depend_on_the_position_only():
    seeds = community_seeds(7, 5)
    assert community_seeds(7, 3) == seeds[:3]  # adding communities at the end changes no seed
    assert len(set(seeds)) == 5 and community_seeds(8, 5) != seeds


def test_each_community_runs_as_the_model_runs_it(tmp_path):
    result = run_street(write(tmp_path, TINY), seed=4, executor="serial")
    street = result.street
    assert list(result.table["community"]) == [c.name for c in street.communities]
    third = street.communities[2]
    alone = run(third.scenario, seed=community_seeds(4, 4)[2], keep_model=False)
    row = result.table.iloc[2]
    assert row["seed"] == alone.seed and row["households"] == third.scenario.params["households"]
    for metric in ("issues_known", "on_time_closure_rate", "response_rate"):
        assert row[metric] == alone.summary[metric]


def test_serial_and_parallel_give_the_same_numbers(tmp_path):
    path = write(tmp_path, TINY)
    serial = run_street(path, seed=3, jobs=1)
    parallel = run_street(path, seed=3, jobs=2)
    assert "processes (2 workers)" in parallel.meta["executor"] and serial.meta["executor"] == "serial"
    pd.testing.assert_frame_equal(serial.table, parallel.table)
    pd.testing.assert_series_equal(pd.Series(serial.summary), pd.Series(parallel.summary))


# ------------------------------------------------------------------- the command --------
def test_street_run_end_to_end(tmp_path, capsys):
    path = write(tmp_path, TINY)
    out = tmp_path / "out"
    code, stdout, err = call(capsys, "street", "run", str(path), "--seed", "2", "--out", str(out), "--lang", "zh")
    assert code == 0, err
    assert "全街道" in stdout and "4 个社区" in stdout and "基尼系数" in stdout and "单独运行" in stdout
    table = pd.read_csv(out / "communities.csv")
    assert list(table["community"]) == ["a", "g-1", "g-2", "g-3"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rated = table.dropna(subset="on_time_closure_rate")  # a community with no case due yet has no rate
    expected = (rated["on_time_closure_rate"] * rated["issues_known"]).sum() / rated["issues_known"].sum()
    assert summary["on_time_closure_rate"] == pytest.approx(expected)
    assert summary["gini_on_time_closure_rate"] == pytest.approx(gini(table["on_time_closure_rate"]))
    assert summary["worst_community"] == table.loc[table["on_time_closure_rate"].idxmin(), "community"]
    assert summary["meta"]["seed"] == 2
    code, stdout, err = call(capsys, "street", "run", str(path), "--seed", "2", "--out", str(out))
    assert code == 2 and stdout == "" and str(out) in err  # an output folder is never overwritten unasked


def test_street_without_a_command_and_bad_options(capsys):
    code, _, err = call(capsys, "street")
    assert code == 2 and "street run" in err
    code, _, err = call(capsys, "street", "run", "street-10", "--jobs", "0")
    assert code == 2 and "--jobs" in err
    code, _, err = call(capsys, "street", "run", "street-10", "--seed", "-1")
    assert code == 2 and "--seed" in err


def test_help_in_both_languages(capsys):
    for lang, word in (("zh", "街道"), ("en", "street")):
        assert main(["street", "run", "--help", "--lang", lang]) == 0
        assert word in capsys.readouterr().out


def test_a_street_of_more_communities_than_allowed_is_refused():
    many = [{"name": f"c{k}", "extends": "baseline"} for k in range(MAX_COMMUNITIES + 1)]
    with pytest.raises(ScenarioError, match=f"at most {MAX_COMMUNITIES}"):
        parse_street({"street": {"name": "s"}, "community": many})
    groups = [{"name": n, "count": MAX_COMMUNITIES, "extends": "baseline"} for n in ("a", "b")]
    with pytest.raises(ScenarioError, match=f"at most {MAX_COMMUNITIES}"):
        parse_street({"street": {"name": "s"}, "group": groups})


def test_a_missing_street_file_is_named_in_the_users_language(tmp_path, capsys):
    missing = str(tmp_path / "nowhere.toml")
    code, _, err = call(capsys, "street", "run", missing, "--lang", "zh")
    assert code == 2 and "街道文件" in err and "street file" not in err, err
    code, _, err = call(capsys, "street", "run", missing, "--lang", "en")
    assert code == 2 and "street file" in err, err
