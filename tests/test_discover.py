"""Scenario discovery (``experiment discover``): PRIM recovers planted rules, boxes read as sentences, the command end to end, and every mistake is one line."""

from __future__ import annotations

import shutil
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.commands.discover import write_discovery
from sim.experiments import ExperimentStore, run_experiment
from sim.experiments.discover import Discovery, discover, find_boxes, sentence, whole_percent

pytestmark = pytest.mark.usefixtures("english_locale")

KINDS = {"staff": "int", "visit_share": "float", "linkage": "float"}
SMALL = """name = "small"
extends = "baseline"
[params]
households = 400
compounds = 4
days = 60
"""
# Few staff and many issues should make cases late; linkage is along for the ride.
EXPERIMENT = """name = "tiny-discover"
scenario = "small.toml"
replications = 2
seed = 5
metrics = ["on_time_closure_rate", "staff_hours"]
[design]
method = "factorial"
[factors.staff]
levels = [1, 2, 4]
[factors.issues_per_household]
levels = [0.5, 4.0]
[factors.linkage]
levels = [0.0, 1.0]
"""


def planted(seed: int = 0, n: int = 400) -> tuple[pd.DataFrame, np.ndarray]:
    """Cases where the outcome happens exactly when staff < 4 and visit_share > 0.2; linkage is noise."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(
        {"staff": rng.integers(1, 9, n), "visit_share": rng.uniform(0, 0.6, n), "linkage": rng.uniform(0, 1, n)}
    )
    return x, ((x["staff"] < 4) & (x["visit_share"] > 0.2)).to_numpy()


def discovery(boxes, metric: str = "on_time_closure_rate", threshold: float = 0.6, kinds=KINDS) -> Discovery:
    """A Discovery around boxes found on a synthetic table, to turn them into sentences."""
    return Discovery(
        name="planted",
        metric=metric,
        direction="below",
        threshold=threshold,
        runs=400,
        of_interest=100,
        left_out=0,
        kinds=kinds,
        ranges={},
        constant=(),
        boxes=tuple(boxes),
        threshold_density=0.8,
        peel_alpha=0.05,
    )


# ------------------------------------------------------------------- PRIM -----------------
@pytest.mark.parametrize("seed", [0, 3])
def test_a_planted_rule_is_recovered(seed):
    x, y = planted(seed)
    first = find_boxes(x, y, KINDS)[0]
    limits = {lim.factor: lim for lim in first.limits}
    assert set(limits) == {"staff", "visit_share"}  # linkage left unrestricted
    assert limits["staff"].low is None and limits["staff"].high == 3  # staff < 4, as whole numbers
    assert limits["visit_share"].high is None and abs(limits["visit_share"].low - 0.2) < 0.03
    assert first.reaches and first.density > 0.95 and first.coverage > 0.95
    inside = (x["staff"] <= 3) & (x["visit_share"] >= limits["visit_share"].low)
    assert first.runs == inside.sum() and first.of_interest == (inside & y).sum()


def test_two_separate_rules_give_two_boxes():
    x, _ = planted(1, n=600)
    y = (((x["staff"] <= 3) & (x["visit_share"] > 0.3)) | ((x["visit_share"] < 0.15) & (x["linkage"] > 0.6))).to_numpy()
    boxes = find_boxes(x, y, KINDS)
    assert len(boxes) == 2 and all(b.reaches and b.density > 0.95 for b in boxes)
    first, second = ({lim.factor: lim for lim in b.limits} for b in boxes)
    assert set(first) == {"staff", "visit_share"} and first["staff"].high == 3
    assert abs(first["visit_share"].low - 0.3) < 0.03
    assert set(second) == {"visit_share", "linkage"}
    assert abs(second["visit_share"].high - 0.15) < 0.03 and abs(second["linkage"].low - 0.6) < 0.03
    # The second box counts only the runs the first left: together they cover nearly every run of interest.
    assert sum(b.of_interest for b in boxes) == round(sum(b.coverage for b in boxes) * y.sum()) > 0.95 * y.sum()


def test_a_rule_on_a_choice_and_a_switch_reads_in_both_languages():
    rng = np.random.default_rng(7)
    n = 400
    x = pd.DataFrame(
        {
            "priority_rule": rng.choice(["fifo", "convenience", "resident_first"], n),
            "callback": rng.integers(0, 2, n).astype(bool),
            "staff": rng.integers(1, 9, n),
        }
    )
    y = ((x["priority_rule"] == "convenience") & ~x["callback"]).to_numpy()
    kinds = {"priority_rule": "choice", "callback": "bool", "staff": "int"}
    first = find_boxes(x, y, kinds)[0]
    limits = {lim.factor: lim.levels for lim in first.limits}
    assert limits == {"priority_rule": ("convenience",), "callback": ("false",)}
    d = discovery([first], kinds=kinds)
    zh, en = sentence(d, first, "zh"), sentence(d, first, "en")
    assert "“办理顺序”为先办省事的" in zh and "不采用“办结次日回访”" in zh and "网格员" not in zh
    assert "“Order of work” set to Easy ones first" in en and "“Call back the day after closure” off" in en


def test_the_sentence_names_the_factors_of_the_box_in_both_languages():
    x, y = planted(0)
    first = find_boxes(x, y, KINDS)[0]
    d = discovery([first])
    zh, en = sentence(d, first, "zh"), sentence(d, first, "en")
    assert zh.startswith("当“网格员/社区工作者人数”不超过 3 人且“善于解难：走访占工时比例”不低于 ")
    assert "按期结案率低于 60% 的情形占 97%（覆盖全部此类情形的 100%）" in zh
    assert "联动" not in zh
    assert en.startswith(
        "With “Grid workers (community staff)” at most 3 people and “Frequent visits: share of staff time” at least "
    )
    assert "on-time closure rate is below 60% in 97% of runs (covering 100% of all such runs)" in en
    assert "Linkage" not in en


def test_when_no_box_is_dense_enough_the_densest_is_given_and_marked():
    rng = np.random.default_rng(2)
    x, _ = planted(2)
    y = rng.random(len(x)) < 0.3  # the outcome has nothing to do with the factors
    boxes = find_boxes(x, y, KINDS, threshold_density=0.95)
    assert len(boxes) == 1 and not boxes[0].reaches and boxes[0].density < 0.95


def test_prim_runs_without_warnings():
    x, y = planted(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        find_boxes(x, y, KINDS)
    assert [str(w.message) for w in caught] == []


# ------------------------------------------------------------------- the command ----------
@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """A tiny real experiment (12 points × 2 replications, 60 days, 400 households)."""
    tmp = tmp_path_factory.mktemp("discover")
    (tmp / "small.toml").write_text(SMALL, encoding="utf-8")
    (tmp / "exp.toml").write_text(EXPERIMENT, encoding="utf-8")
    run_experiment(tmp / "exp.toml", tmp / "out", executor="serial")
    return tmp / "out"


def test_discover_end_to_end(out, capsys):
    assert main(["experiment", "discover", str(out), "--metric", "on_time_closure_rate", "--below", "65%"]) == 0
    printed = capsys.readouterr().out
    assert "Experiment tiny-discover: on-time closure rate below 65%" in printed and "of 24 runs" in printed
    html = out / "discover-on_time_closure_rate-below-0.65.html"
    table = pd.read_csv(out / "discover-on_time_closure_rate-below-0.65.csv")
    assert html.is_file() and len(table) >= 1
    first = table.iloc[0]
    # Few staff and many issues make closures late; the box says so and leaves nothing else restricted.
    assert first["staff_high"] < 4 and np.isnan(first["staff_low"])
    assert first["issues_per_household_low"] > 0.5 and np.isnan(first["issues_per_household_high"])
    assert first["density"] >= 0.8 and first["coverage"] > 0.5
    assert first["sentence_en"] in printed and "“Grid workers (community staff)” at most" in first["sentence_en"]
    assert first["sentence_zh"].startswith("当“网格员/社区工作者人数”不超过")
    page = html.read_text(encoding="utf-8")
    assert "Scenario discovery: tiny-discover" in page and first["sentence_zh"] in page

    assert (
        main(
            ["--lang", "zh", "experiment", "discover", str(out), "--metric", "on_time_closure_rate", "--below", "0.65"]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "按期结案率低于 65%" in printed and first["sentence_zh"] in printed
    page = html.read_text(encoding="utf-8")
    assert "情景发现：tiny-discover" in page and first["sentence_en"] in page


def test_above_a_threshold_of_hours(out, capsys):
    assert main(["experiment", "discover", str(out), "--metric", "staff_hours", "--above", "400"]) == 0
    printed = capsys.readouterr().out
    table = pd.read_csv(out / "discover-staff_hours-above-400.csv")
    # Many issues take many hours, whatever the staffing and linkage.
    assert list(table["issues_per_household_low"]) == [4.0] and table.loc[0, "density"] == 1
    assert "“Issues per household per year” at least 4 issues/household/year, staff hours is above 400 h" in printed


def test_failed_runs_are_left_out_and_counted(out, tmp_path, capsys):
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    store = ExperimentStore(copy)
    seed = int(store.results().loc[0, "seed"])
    store.write_run({"point": 0, "rep": 0, "seed": seed, "status": "error", "error": "boom", "run_seconds": 0.0}, ())
    d = discover(copy, "on_time_closure_rate", "below", 0.65)
    assert (d.runs, d.left_out) == (23, 1)
    assert main(["experiment", "discover", str(copy), "--metric", "on_time_closure_rate", "--below", "0.65"]) == 0
    assert (
        "of 23 runs" in (printed := capsys.readouterr().out)
        and "runs left out (failed, or no value of the metric): 1" in printed
    )


def test_a_report_without_a_box_says_so(out, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    d = discover(copy, "on_time_closure_rate", "below", 0.65)
    written = write_discovery(copy, replace(d, boxes=()), "zh")
    assert [p.name for p in written] == [f"discover-on_time_closure_rate-below-0.65.{ext}" for ext in ("html", "csv")]
    assert "PRIM 没有找到能限定任何因素的盒子" in written[0].read_text(encoding="utf-8")
    table = pd.read_csv(written[1])
    assert table.empty and {"staff_high", "sentence_zh", "sentence_en"} <= set(table.columns)


def test_help_is_in_chinese(capsys):
    assert main(["--lang", "zh", "experiment", "discover", "--help"]) == 0
    assert "--threshold-density" in (text := capsys.readouterr().out) and "盒子里至少要有多大比例" in text


BAD = [
    (
        ["--metric", "on_time", "--below", "0.6"],
        "--metric on_time: there is no such metric; choose from on_time_closure_rate",
    ),
    (
        ["--metric", "satisfaction_rate", "--below", "0.6"],
        "did not record it; it recorded on_time_closure_rate, staff_hours",
    ),
    (["--metric", "on_time_closure_rate", "--below", "60"], "--below 60 is not allowed: expected a number from 0 to 1"),
    (["--metric", "on_time_closure_rate", "--below", "1.5"], "--below 1.5 is not allowed"),
    (["--metric", "on_time_closure_rate", "--above", "-0.1"], "--above -0.1 is not allowed"),
    (
        ["--metric", "on_time_closure_rate", "--below", "160%"],
        "--below 160% is not allowed: expected a number from 0 to 1",
    ),
    (["--metric", "on_time_closure_rate", "--below", "abc"], "--below abc is not allowed"),
    (["--metric", "on_time_closure_rate", "--below", "nan"], "--below nan is not allowed"),
    (["--metric", "staff_hours", "--above", "-1"], "--above -1 is not allowed: expected a finite number of at least 0"),
    (["--metric", "on_time_closure_rate"], "needs --below or --above"),
    (["--metric", "on_time_closure_rate", "--below", "0.6", "--above", "0.2"], "--above"),
    (["--below", "0.6"], "--metric"),
    (["--metric", "on_time_closure_rate", "--below", "0.6", "--threshold-density", "0"], "--threshold-density 0"),
    (["--metric", "on_time_closure_rate", "--below", "0.6", "--threshold-density", "1.5"], "at most 1"),
    (["--metric", "on_time_closure_rate", "--below", "0.6", "--peel-alpha", "0.6"], "--peel-alpha 0.6"),
    (["--metric", "on_time_closure_rate", "--below", "0.6", "--peel-alpha", "0"], "above 0 and at most 0.5"),
    (["--metric", "on_time_closure_rate", "--below", "0"], "none of the 24 runs has on_time_closure_rate below 0%"),
    (["--metric", "on_time_closure_rate", "--above", "1"], "none of the 24 runs has on_time_closure_rate above 100%"),
    (["--metric", "staff_hours", "--below", "100000"], "all 24 runs have staff_hours below"),
]


@pytest.mark.parametrize(("options", "says"), BAD)
def test_mistakes_are_one_line_exit_2_and_write_nothing(out, capsys, options, says):
    before = sorted(p.name for p in out.iterdir())
    assert main(["experiment", "discover", str(out), *options]) == 2
    got, err = capsys.readouterr()
    assert got == "" and says in err and err.count("\n") == 1 and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == before


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--metric", "on_time_closure_rate", "--below", "60"], "介于 0 到 1 之间的数（0.6 即 60%）"),
        (["--metric", "on_time_closure_rate", "--below", "0"], "24 次运行中没有一次的 on_time_closure_rate 低于 0%"),
        (["--metric", "on_time_closure_rate"], "需要 --below 或 --above 之一"),
    ],
)
def test_mistakes_in_chinese(out, capsys, options, says):
    assert main(["--lang", "zh", "experiment", "discover", str(out), *options]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_a_directory_without_an_experiment_is_refused(tmp_path, capsys):
    for target in (tmp_path, tmp_path / "missing"):
        assert main(["experiment", "discover", str(target), "--metric", "on_time_closure_rate", "--below", "0.6"]) == 2
        assert "not an experiment directory" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_experiment_without_runs_is_refused(out, tmp_path, capsys):
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    for run in (copy / "runs").glob("*.parquet"):
        run.unlink()
    before = sorted(p.name for p in copy.iterdir())
    assert main(["experiment", "discover", str(copy), "--metric", "on_time_closure_rate", "--below", "0.6"]) == 2
    assert "has no usable run" in capsys.readouterr().err
    assert sorted(p.name for p in copy.iterdir()) == before


def test_shares_in_sentences_are_whole_percents_that_never_round_to_all_or_none():
    assert [whole_percent(v) for v in (0, 0.004, 0.8235, 0.996, 1)] == ["0%", "1%", "82%", "99%", "100%"]


def test_a_target_that_cannot_be_written_stops_before_any_file_is_written(out, tmp_path, capsys):
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    (copy / "discover-on_time_closure_rate-below-0.7.html").mkdir()
    assert main(["experiment", "discover", str(copy), "--metric", "on_time_closure_rate", "--below", "0.7"]) == 2
    assert "cannot be written" in capsys.readouterr().err
    assert not (copy / "discover-on_time_closure_rate-below-0.7.csv").exists()


def test_without_ema_workbench_the_command_says_what_to_install(out, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ema_workbench.analysis", None)  # as if it were not installed
    before = sorted(p.name for p in out.iterdir())
    assert main(["experiment", "discover", str(out), "--metric", "on_time_closure_rate", "--below", "0.5"]) == 2
    err = capsys.readouterr().err
    assert "needs ema_workbench" in err and "community-1234-kit[research]" in err
    assert sorted(p.name for p in out.iterdir()) == before
