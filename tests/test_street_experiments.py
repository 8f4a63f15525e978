"""Street experiments through ``experiment run``: stored run by run, resumed, analysed, discovered.

A street experiment file names a street instead of a scenario; each (design point,
replication) is one run of the whole street. These tests run a tiny street (two small
communities, 40 days) so that a street run takes a fraction of a second.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from cli_checks import fails_cleanly, listing

from sim.cli import main
from sim.errors import ScenarioError
from sim.experiments import load_results, run_experiment, status
from sim.experiments.analysis import analyze
from sim.experiments.description import spec_toml
from sim.experiments.discover import discover, sentence
from sim.experiments.store import ExperimentStore
from sim.experiments.street_runs import StreetExperimentSpec, load_any, parse_street_experiment
from sim.inputs import parse_toml
from sim.run import replication_seed
from sim.street import load_street, run_street
from sim.street.compare import STREET_METRICS

# Both communities have two grid workers and call back, so the design point with staff = 2
# and callback on runs the street as it is (the analysis's baseline). The first is busy,
# the second quiet.
TINY = """
[street]
name = "tiny"
title_zh = "小街道"
title_en = "A tiny street"

[[community]]
name = "东关"
extends = "baseline"
[community.params]
days = 40
warmup_days = 0
households = 400
staff = 2
callback = true
issues_per_household = 2.0

[[community]]
name = "west"
extends = "full-1234"
[community.params]
days = 40
warmup_days = 0
households = 150
staff = 2
callback = true
"""

# A 2 × 2 factorial, 2 replications: 8 runs of the street, 16 community runs.
EXPERIMENT = """
name = "tiny-staff"
street = "tiny.toml"
replications = {reps}
seed = 7
{extra}
[design]
method = "factorial"

[factors.staff]
levels = [1, 2]

[factors.callback]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def experiment_file(folder: Path, reps: int = 2, extra: str = "", street: str = TINY) -> Path:
    write(folder, "tiny.toml", street)
    return write(folder, "experiment.toml", EXPERIMENT.format(reps=reps, extra=extra))


def runs_of(out: Path) -> pd.DataFrame:
    """The stored runs without their wall times (which differ from run to run)."""
    return load_results(out).drop(columns="run_seconds")


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """A street experiment run to the end through the command line (serially)."""
    folder = tmp_path_factory.mktemp("street-experiment")
    path = experiment_file(folder)
    out = folder / "out"
    assert main(["experiment", "run", str(path), "--out", str(out), "--serial", "--lang", "en"]) == 0
    return out


# ----------------------------------------------------------------------- running ---------
def test_every_run_is_a_run_of_the_whole_street_on_common_seeds(finished):
    runs = runs_of(finished)
    assert len(runs) == 8 and (runs["status"] == "ok").all()
    assert set(STREET_METRICS) <= set(runs.columns)
    for rep in (0, 1):  # replication r has the same street seed at every point
        assert set(runs.loc[runs["rep"] == rep, "seed"]) == {replication_seed(7, rep)}
    # The last point (staff 2, callback on) by hand: its values set in every community.
    street = load_street(finished.parent / "tiny.toml")
    values = {"staff": 2, "callback": True}
    by_hand = replace(
        street, communities=tuple(replace(c, scenario=c.scenario.with_values(values)) for c in street.communities)
    )
    alone = run_street(by_hand, seed=replication_seed(7, 1), jobs=1, executor="serial").summary
    row = runs[(runs["staff"] == 2) & runs["callback"] & (runs["rep"] == 1)].iloc[0]
    for metric in STREET_METRICS:
        assert row[metric] == pytest.approx(alone[metric]), metric


def test_the_folder_says_which_street_it_holds(finished):
    meta = json.loads((finished / "meta.json").read_text(encoding="utf-8"))
    assert (meta["kind"], meta["street"], meta["communities"], meta["households"]) == ("street", "tiny", 2, 550)
    assert meta["community_runs"] == 16 and meta["metrics"] == list(STREET_METRICS)
    assert meta["street_title"] == {"zh": "小街道", "en": "A tiny street"}
    assert meta["base_values"] == {"staff": 2, "callback": True}
    assert meta["argv"][:2] == ["experiment", "run"]


def test_serial_and_parallel_store_the_same_runs(finished, tmp_path):
    path = experiment_file(tmp_path)
    result = run_experiment(path, tmp_path / "parallel", executor="processes", workers=2)
    assert (result.ran, result.errors) == (8, 0)
    pd.testing.assert_frame_equal(runs_of(finished), runs_of(tmp_path / "parallel"))


def test_street_experiment_is_experiment_run(finished, tmp_path, capsys):
    path = experiment_file(tmp_path)
    out = tmp_path / "alias"
    assert main(["street", "experiment", str(path), "--out", str(out), "--jobs", "1", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "4 points × 2 replications = 8 runs" in printed
    assert "street tiny (2 communities): each run is a run of the whole street, 16 community runs in all" in printed
    assert {p.name for p in out.iterdir()} == {"experiment.toml", "design.parquet", "design.json", "meta.json", "runs"}
    pd.testing.assert_frame_equal(runs_of(finished), runs_of(out))
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["argv"][:3] == ["street", "experiment", str(path)] and "--jobs" in meta["argv"]


def test_a_street_experiment_resumes_after_a_kill(tmp_path):
    path = experiment_file(tmp_path, reps=8)  # 4 points × 8 replications = 32 street runs
    out = tmp_path / "killed"
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "SIM_DASK_SCHEDULER")}
    env.update(LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "experiment", "run", str(path), "--out", str(out), "--serial"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            n = len(list((out / "runs").glob("p*.parquet"))) if (out / "runs").is_dir() else 0
            if n >= 3 or proc.poll() is not None:
                break
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    before = ExperimentStore(out).stored()
    assert 3 <= len(before) < 32, "the kill should land mid-experiment"
    assert status(out)["missing"] == 32 - len(before)
    stamps = {name: (out / "runs" / name).stat().st_mtime_ns for name in os.listdir(out / "runs")}

    result = run_experiment(path, out, executor="serial")
    assert (result.skipped, result.ran) == (len(before), 32 - len(before))  # nothing run twice
    for name, stamp in stamps.items():
        if not name.startswith("."):
            assert (out / "runs" / name).stat().st_mtime_ns == stamp, name
    run_experiment(path, tmp_path / "whole", executor="serial")
    pd.testing.assert_frame_equal(runs_of(out), runs_of(tmp_path / "whole"))


@pytest.mark.parametrize(
    "change",
    [
        ("households = 150", "households = 160"),  # a community's parameters
        ('name = "tiny"', 'name = "other"'),  # another street's name
        ('\n[[community]]\nname = "东关"', '\n[shared]\ndepartments = true\n\n[[community]]\nname = "东关"'),
    ],
    ids=["community", "name", "shared"],
)
def test_another_street_is_never_resumed_into_the_folder(finished, tmp_path, change):
    street = TINY.replace(*change)
    assert street != TINY
    path = experiment_file(tmp_path, street=street)
    out = tmp_path / "out"
    out.mkdir()
    for entry in finished.iterdir():  # a copy of the finished experiment's folder
        if entry.is_file():
            (out / entry.name).write_bytes(entry.read_bytes())
    before = listing(out)
    with pytest.raises(ScenarioError, match="different experiment"):
        run_experiment(path, out, executor="serial")
    assert listing(out) == before


def test_max_runs_counts_community_runs(tmp_path, capsys):
    path = experiment_file(tmp_path)  # 8 street runs, 16 community runs
    for lang in ("zh", "en"):
        line = fails_cleanly(capsys, tmp_path, "experiment", "run", str(path), "--max-runs", "10", "--lang", lang)
        assert "16" in line and "10" in line, line
    assert run_experiment(path, tmp_path / "out", executor="serial", max_runs=16).ran == 8


def test_a_street_spec_made_in_code_is_stored_as_a_file_that_reads_back(tmp_path):
    write(tmp_path, "tiny.toml", TINY)
    text = EXPERIMENT.format(reps=2, extra='metrics = ["gini_on_time_closure_rate"]\n[params]\ndays = 30')
    spec = parse_street_experiment(parse_toml(text, "x"), "x", tmp_path)
    assert spec.text == ""
    again = load_any(write(tmp_path, "again.toml", spec_toml(spec)))
    assert isinstance(again, StreetExperimentSpec)
    assert (again.metrics, again.fixed, again.factors) == (spec.metrics, spec.fixed, spec.factors)
    assert [c.scenario.params for c in again.street.communities] == [c.scenario.params for c in spec.street.communities]


# ----------------------------------------------------------------------- reading it ------
def test_status_analyze_and_the_report_name_the_street(finished, capsys):
    assert main(["experiment", "status", str(finished), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "完成 8" in out and "tiny：小街道（2 个社区，共 550 户）" in out
    for lang, words in (
        ("en", ("A tiny street", "On-time closure of the worst community", "Gini of the communities")),
        ("zh", ("小街道", "最差社区的按期结案率", "各社区按期结案率的基尼系数")),
    ):
        assert main(["experiment", "analyze", str(finished), "--lang", lang]) == 0
        printed = capsys.readouterr().out
        assert all(w in printed for w in words), (lang, printed)
        page = (finished / "report.html").read_text(encoding="utf-8")
        assert all(w in page for w in words), lang
        assert "keeps_up_share" not in page  # a street cannot record it: no advice to add it
    summary = pd.read_csv(finished / "summary.csv")
    assert set(summary["metric"]) == set(STREET_METRICS) and len(summary) == 4 * len(STREET_METRICS)
    runs = load_results(finished)
    gini = runs[runs["point"] == 0]["gini_on_time_closure_rate"].mean()
    row = summary[(summary["point"] == 0) & (summary["metric"] == "gini_on_time_closure_rate")].iloc[0]
    assert row["mean"] == pytest.approx(gini)


def test_the_baseline_is_the_point_that_runs_the_street_as_it_is(finished):
    a = analyze(finished)
    design = ExperimentStore(finished).design()
    base = design.loc[design["point"] == a.baseline].iloc[0]
    assert (base["staff"], bool(base["callback"])) == (2, True) and a.baseline != 0
    gini = a.differences[a.differences["metric"] == "gini_on_time_closure_rate"]
    assert len(gini) == 3 and set(gini["baseline"]) == {a.baseline}
    # A smaller Gini is better: a difference whose interval excludes 0 is read that way round.
    for _, row in gini[gini["excludes_zero"]].iterrows():
        assert row["direction"] == ("better" if row["diff"] < 0 else "worse")


def test_discover_reads_the_street_metrics(finished, capsys):
    runs = load_results(finished)
    values = runs["gini_on_time_closure_rate"].dropna()
    threshold = float(values.median())
    d = discover(finished, "gini_on_time_closure_rate", "above", threshold)
    assert (d.runs, d.of_interest) == (len(values), int((values > threshold).sum()))
    for box in d.boxes:
        assert "基尼系数" in sentence(d, box, "zh") and "Gini" in sentence(d, box, "en")
    worst = runs["on_time_closure_rate"]
    cut = float(worst.median())
    args = ["experiment", "discover", str(finished), "--metric", "on_time_closure_rate", "--below", f"{cut}"]
    assert main([*args, "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert f"{int((worst < cut).sum())} of {len(worst)}" in printed, printed
    # a street-only metric through the command line too (not a percentage: the Gini is a coefficient)
    args = ["experiment", "discover", str(finished), "--metric", "gini_on_time_closure_rate", "--above", f"{threshold}"]
    assert main([*args, "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert f"{int((values > threshold).sum())} of {len(values)}" in printed, printed


def test_a_metric_a_street_does_not_record_is_refused(finished):
    with pytest.raises(ScenarioError, match="did not record it"):
        discover(finished, "response_time_mean", "above", 1.0)


# ----------------------------------------------------------------------- bad input -------
@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ('scenario = "baseline"', ("street", "scenario")),
        ("", ("street", "'nowhere'")),
        ("[factors.not_a_parameter]\nlevels = [1, 2]", ("not_a_parameter",)),
        ('metrics = ["response_time_mean"]', ("metrics", "'response_time_mean'")),
        ("[params]\nstaff = 3", ("staff",)),  # fixed and varied at once: the experiment reader's own check
        ("[params]\nhouseholds = 10", ("households",)),
    ],
    ids=["both", "unknown-street", "not-a-parameter", "not-a-street-metric", "fixed-and-varied", "out-of-range"],
)
def test_bad_street_experiments_fail_cleanly_in_both_languages(tmp_path, capsys, extra, words):
    path = experiment_file(tmp_path, extra=extra)
    if "'nowhere'" in words:
        path.write_text(path.read_text(encoding="utf-8").replace('"tiny.toml"', '"nowhere"'), encoding="utf-8")
    for command in (("experiment", "run"), ("street", "experiment")):
        lines = {}
        for lang in ("zh", "en"):
            out = str(tmp_path / "out")
            lines[lang] = fails_cleanly(capsys, tmp_path, *command, str(path), "--out", out, "--lang", lang)
            assert all(w in lines[lang] for w in words), lines[lang]
        assert lines["zh"] != lines["en"]
        assert not (tmp_path / "out").exists()


def test_street_experiment_refuses_an_experiment_over_a_scenario(tmp_path, capsys):
    path = write(tmp_path, "plain.toml", 'scenario = "baseline"\n[design]\nmethod = "factorial"\n[factors.callback]\n')
    for lang in ("zh", "en"):
        line = fails_cleanly(capsys, tmp_path, "street", "experiment", str(path), "--lang", lang)
        assert "experiment run" in line and "street" in line, line
