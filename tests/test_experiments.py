"""Experiments: files, designs, seeds, the results store, executors, resume and the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.errors import ScenarioError
from sim.experiments import (
    ExperimentStore,
    load_experiment,
    load_results,
    make_design,
    parse_experiment,
    run_experiment,
    run_seed,
    status,
)
from sim.experiments.design import expected_points
from sim.experiments.runner import tasks_for
from sim.model.metrics import METRICS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "sim" / "experiments" / "examples"
SMALL = """name = "small"
extends = "baseline"
[params]
households = 400
staff = 2
compounds = 4
days = 60
"""
METRIC_SUBSET = ["response_rate", "resolution_time_median", "staff_hours"]


pytestmark = pytest.mark.usefixtures("english_locale")


def experiment(tmp_path: Path, body: str, name: str = "exp.toml", header: str | None = None) -> Path:
    """Write the small base scenario and an experiment file using it."""
    (tmp_path / "small.toml").write_text(SMALL, encoding="utf-8")
    if header is None:
        header = 'name = "t"\nscenario = "small.toml"\nreplications = 2\nseed = 11\nmetrics = ["response_rate", "resolution_time_median", "staff_hours"]\n'
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


FACTORIAL = """
[design]
method = "factorial"
[factors.visit_share]
levels = [0.0, 0.2]
[factors.callback]
[factors.staff]
levels = [2, 3]
"""


def table(path: Path) -> pd.DataFrame:
    return load_results(path).drop(columns="run_seconds")


# ------------------------------------------------------------------- the package ---------
def test_no_module_of_the_package_is_longer_than_600_lines():
    lengths = {
        p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "sim" / "experiments").glob("*.py")
    }
    assert "store.py" in lengths
    assert {name: n for name, n in lengths.items() if n > 600} == {}


# ------------------------------------------------------------------- the file ------------
BAD = [
    ('colour = "red"\n' + FACTORIAL, "colour: unknown key"),
    (
        "[design]\nmethod = 'grid'\n[factors.callback]\n",
        "design.method = 'grid' is not allowed: expected one of factorial",
    ),
    ("[design]\nmethod = 'factorial'\n", r"\[factors\] is missing"),
    ("[factors.callback]\n", r"\[design\] is missing"),
    (
        "[design]\nmethod = 'factorial'\nsamples = 8\n[factors.callback]\n",
        "design.samples is not allowed for method 'factorial'",
    ),
    ("[design]\nmethod = 'lhs'\n[factors.linkage]\nlow = 0\nhigh = 1\n", "design.samples is missing"),
    ("[design]\nmethod = 'lhs'\nsamples = 0\n[factors.linkage]\nlow = 0\nhigh = 1\n", "design.samples = 0"),
    (
        "[design]\nmethod = 'factorial'\n[factors.visit_shar]\nlevels = [0.1]\n",
        "factors.visit_shar: unknown parameter; did you mean visit_share",
    ),
    (
        "[design]\nmethod = 'factorial'\n[factors.visit_share]\nlevels = [0.1, 0.9]\n",
        r"visit_share = 0.9 is not allowed: expected float from 0 to 0.6",
    ),
    (
        "[design]\nmethod = 'factorial'\n[factors.visit_share]\nlow = 0.1\nhigh = 0.2\n",
        "low/high are not allowed for the factorial design",
    ),
    ("[design]\nmethod = 'factorial'\n[factors.visit_share]\n", "factors.visit_share: levels = .* is missing"),
    (
        "[design]\nmethod = 'lhs'\nsamples = 4\n[factors.linkage]\nlow = 0\nhigh = 2\n",
        r"linkage = 2 is not allowed: expected float from 0 to 1",
    ),
    (
        "[design]\nmethod = 'lhs'\nsamples = 4\n[factors.linkage]\nlow = 0.5\nhigh = 0.5\n",
        "low = 0.5 must be smaller than high",
    ),
    (
        "[design]\nmethod = 'lhs'\nsamples = 4\n[factors.linkage]\nlevels = [0.1, 0.2]\n",
        "levels is not allowed for the lhs design",
    ),
    ("[design]\nmethod = 'lhs'\nsamples = 4\n[factors.linkage]\nlow = 0\n", "factors.linkage.high is missing"),
    ("[design]\nmethod = 'sobol'\nsamples = 4\n[factors.linkage]\nlow = 0\nhigh = 1\n", "needs at least 2 factors"),
    (
        "[design]\nmethod = 'morris'\nsamples = 4\nlevels = 3\n[factors.linkage]\nlow = 0\nhigh = 1\n[factors.callback]\n",
        "design.levels = 3",
    ),
    (
        "[design]\nmethod = 'factorial'\n[factors.callback]\nlevels = [true, 1]\n",
        "callback = 1 is not allowed: expected true or false",
    ),
    ("[design]\nmethod = 'factorial'\n[factors.callback]\nstep = 1\n", "factors.callback.step: unknown key"),
    ("[params]\ncallback = true\n[design]\nmethod = 'factorial'\n[factors.callback]\n", "also set in \\[params\\]"),
]


@pytest.mark.parametrize(("body", "message"), BAD)
def test_bad_experiment_files_name_the_field(tmp_path, body, message):
    path = experiment(tmp_path, body)
    with pytest.raises(ScenarioError, match=message) as info:
        load_experiment(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ('scenario = "nowhere.toml"\n', "scenario: .*nowhere.toml: scenario file not found"),
        ('scenario = "baseline"\nreplications = 0\n', "replications = 0 is not allowed"),
        ('scenario = "baseline"\nseed = -1\n', "seed = -1 is not allowed"),
        ('scenario = "baseline"\nmetrics = ["speed"]\n', "metrics: 'speed' is not a metric"),
        ('scenario = "baseline"\nmetrics = []\n', "metrics must be a non-empty list"),
    ],
)
def test_bad_top_level_values(tmp_path, header, message):
    path = experiment(tmp_path, FACTORIAL, header=header)
    with pytest.raises(ScenarioError, match=message):
        load_experiment(path)


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ScenarioError, match="experiment file not found"):
        load_experiment(tmp_path / "none.toml")
    path = tmp_path / "broken.toml"
    path.write_text("name = \n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_experiment(path)


def test_defaults_and_dotted_factor_names(tmp_path):
    spec = parse_experiment(
        {
            "design": {"method": "factorial"},
            "factors": {"categories": {"hazard": {"report": {"levels": [0.3, 0.6]}}}, "gridding": {}},
        }
    )
    assert spec.factor_names == ("categories.hazard.report", "gridding")
    assert spec.metrics == METRICS and spec.replications == 1 and spec.seed == 0
    assert spec.factors[1].levels == (False, True)
    assert spec.scenario.name == "baseline"


def test_shipped_examples_are_valid():
    small = load_experiment(EXAMPLES / "levers-small.toml")
    assert small.method == "factorial" and 2 <= len(small.factors) <= 3
    assert len(make_design(small)) == 8
    sobol = load_experiment(EXAMPLES / "sobol-small.toml")
    assert sobol.method == "sobol"
    d = len(sobol.factors)
    assert len(make_design(sobol)) == sobol.samples * (2 * d + 2)
    # each records whether its runs keep up, so its report marks the points that cannot
    examples = sorted(EXAMPLES.glob("*-small.toml"))
    assert len(examples) == 3
    for path in examples:
        assert "keeps_up_share" in load_experiment(path).metrics, path.name


# ------------------------------------------------------------------- designs -------------
def test_factorial_design_is_the_full_product(tmp_path):
    spec = load_experiment(experiment(tmp_path, FACTORIAL))
    design = make_design(spec)
    assert len(design) == 2 * 2 * 2 == expected_points(spec)
    assert list(design.points.columns) == ["point", "visit_share", "callback", "staff"]
    assert design.points["point"].tolist() == list(range(8))
    combos = set(map(tuple, design.points[["visit_share", "callback", "staff"]].to_numpy().tolist()))
    assert len(combos) == 8
    assert design.values(3) == {"visit_share": 0.0, "callback": True, "staff": 3}
    assert type(design.values(3)["callback"]) is bool and type(design.values(3)["staff"]) is int


SAMPLED = """
[design]
method = "{method}"
samples = {n}
{extra}
[factors.linkage]
low = 0.0
high = 1.0
[factors.staff]
low = 1
high = 4
[factors.callback]
[factors.priority_rule]
levels = ["fifo", "resident_first"]
"""


@pytest.mark.parametrize(
    ("method", "extra", "rows"),
    [
        ("lhs", "", lambda n, d: n),
        ("sobol", "", lambda n, d: n * (2 * d + 2)),
        ("sobol", "second_order = false", lambda n, d: n * (d + 2)),
        ("morris", "levels = 4", lambda n, d: n * (d + 1)),
    ],
)
def test_sampled_design_sizes_and_values(tmp_path, method, extra, rows):
    spec = load_experiment(experiment(tmp_path, SAMPLED.format(method=method, n=8, extra=extra)))
    design = make_design(spec)
    assert len(design) == rows(8, 4) == expected_points(spec)
    pts = design.points
    assert pts["linkage"].between(0, 1).all()
    assert pts["staff"].dtype == np.int64 and pts["staff"].between(1, 4).all()
    assert set(pts["callback"]) <= {False, True} and pts["callback"].dtype == bool
    assert set(pts["priority_rule"]) <= {"fifo", "resident_first"}
    assert design.samples.shape == (len(design), 4)
    assert design.problem["names"] == ["linkage", "staff", "callback", "priority_rule"]
    assert design.problem["num_vars"] == 4
    # The same master seed gives the same design.
    pd.testing.assert_frame_equal(make_design(spec).points, pts)


def test_lhs_depends_on_the_master_seed(tmp_path):
    body = SAMPLED.format(method="lhs", n=16, extra="")
    a = make_design(load_experiment(experiment(tmp_path, body)))
    header = 'scenario = "small.toml"\nseed = 99\n'
    b = make_design(load_experiment(experiment(tmp_path, body, "b.toml", header)))
    assert not a.points["linkage"].equals(b.points["linkage"])
    # Latin hypercube: one sample in each of the 16 strata of every continuous factor.
    assert sorted(np.floor(a.samples[:, 0] * 16).astype(int)) == list(range(16))


# ------------------------------------------------------------------- seeds ---------------
def test_run_seeds_are_common_random_numbers(tmp_path):
    from sim.run import replication_seed

    expected = int(np.random.SeedSequence([11, 1]).generate_state(1, dtype=np.uint32)[0])
    assert run_seed(11, 5, 1) == expected == replication_seed(11, 1)  # the seeds of sim.compare
    assert {run_seed(11, p, 1) for p in range(50)} == {expected}  # the same at every point
    assert len({run_seed(11, 0, r) for r in range(500)}) == 500  # different for every replication
    spec = load_experiment(experiment(tmp_path, FACTORIAL))
    design = make_design(spec)
    every = {(t.point, t.rep): t.seed for t in tasks_for(spec, design)}
    subset = tasks_for(spec, design, skip={(p, r) for p in range(8) for r in range(2) if p % 3})
    assert subset and all(every[(t.point, t.rep)] == t.seed for t in subset)
    assert all(every[(p, r)] == run_seed(11, p, r) for p, r in every)


# ------------------------------------------------------------------- common random numbers
# survey_hours is read only when survey_interval > 0 (sim/model/model.py, _reserve_time),
# and the base scenario has no surveys (survey_interval = 0): an inert factor.
INERT = """
[design]
method = "factorial"
[factors.survey_hours]
levels = [0.03, 0.5, 1.5]
"""
REAL = """
[design]
method = "factorial"
[factors.staff]
levels = [1, 4]
"""
CRN_HEADER = 'name = "{name}"\nscenario = "small.toml"\nreplications = 4\nseed = 8\n'  # every metric


@pytest.fixture(scope="module")
def inert_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("inert")
    path = experiment(tmp, INERT, header=CRN_HEADER.format(name="inert"))
    spec = load_experiment(path)
    assert spec.scenario.params["survey_interval"] == 0
    run_experiment(path, tmp / "out", executor="serial")
    return tmp / "out"


def test_an_inert_factor_gives_identical_runs_and_zero_differences(inert_dir):
    from sim.experiments.analysis import analyze

    runs = load_results(inert_dir)
    assert (runs["status"] == "ok").all() and len(runs) == 3 * 4
    values = runs[list(METRICS)]
    # The replications differ from each other (the metrics are noisy) ...
    base = values[runs["point"] == 0]
    noisy = [m for m in METRICS if base[m].nunique() > 1]
    assert {"staff_hours", "resolution_time_mean", "backlog_mean"} <= set(noisy), noisy
    # ... but replication r is the same run at every design point.
    for point in (1, 2):
        here = values[runs["point"] == point].reset_index(drop=True)
        pd.testing.assert_frame_equal(here, base.reset_index(drop=True))
    a = analyze(inert_dir)
    d = a.differences
    assert a.baseline == 0 and set(d["point"]) == {1, 2} and set(d["metric"]) == set(METRICS)
    defined = d[d["mean_baseline"].notna()]
    assert len(defined) == len(d)
    assert (defined["diff"] == 0).all() and (defined["ci_low"] == 0).all() and (defined["ci_high"] == 0).all()
    assert (defined["pairs"] == 4).all() and (defined["direction"] == "unclear").all()


def test_a_real_factor_still_changes_the_runs(tmp_path):
    from sim.experiments.analysis import analyze

    path = experiment(tmp_path, REAL, header=CRN_HEADER.format(name="real"))
    run_experiment(path, tmp_path / "out", executor="serial")
    runs = load_results(tmp_path / "out").set_index(["point", "rep"])
    for rep in range(4):
        assert runs.loc[(0, rep), "staff_hours"] != runs.loc[(1, rep), "staff_hours"]
    d = analyze(tmp_path / "out").differences.set_index("metric")
    util = d.loc["staff_utilisation"]
    assert util["staff"] == 4 and util["diff"] < 0 and util["ci_high"] < 0 and util["direction"] == "better"
    assert (d["diff"].dropna() != 0).sum() > len(METRICS) / 2


# ------------------------------------------------------------------- executors -----------
@pytest.fixture(scope="module")
def serial_result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serial")
    path = experiment(tmp, FACTORIAL)
    out = tmp / "out"
    res = run_experiment(path, out, executor="serial")
    assert res.ran == 16 and res.errors == 0
    return path.read_text(encoding="utf-8"), table(out)


def test_serial_results_are_complete(serial_result):
    _, runs = serial_result
    assert len(runs) == 16
    assert runs[["point", "rep"]].drop_duplicates().shape[0] == 16
    assert (runs["status"] == "ok").all()
    assert list(runs.columns[:5]) == ["point", "rep", "visit_share", "callback", "staff"]
    assert set(METRIC_SUBSET) <= set(runs.columns)
    assert runs["seed"].tolist() == [run_seed(11, p, r) for p, r in zip(runs["point"], runs["rep"], strict=True)]


def test_results_match_sim_run(serial_result, tmp_path):
    from sim import run

    _, runs = serial_result
    row = runs.iloc[5]
    direct = run(
        _small_scenario(tmp_path),
        seed=int(row["seed"]),
        keep_model=False,
        visit_share=row["visit_share"],
        callback=bool(row["callback"]),
        staff=int(row["staff"]),
    )
    for m in METRIC_SUBSET:
        assert direct.summary[m] == row[m] or (np.isnan(row[m]) and np.isnan(direct.summary[m]))


def _small_scenario(tmp_path):
    from sim.scenario import load_scenario

    (tmp_path / "small.toml").write_text(SMALL, encoding="utf-8")
    return load_scenario(tmp_path / "small.toml")


def test_processes_give_identical_results(serial_result, tmp_path):
    text, expected = serial_result
    path = tmp_path / "exp.toml"
    (tmp_path / "small.toml").write_text(SMALL, encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    res = run_experiment(path, tmp_path / "out", executor="processes", workers=2)
    assert res.executor.startswith("processes (2")
    pd.testing.assert_frame_equal(table(tmp_path / "out"), expected)


def test_local_dask_cluster_gives_identical_results(serial_result, tmp_path):
    pytest.importorskip("distributed")
    text, expected = serial_result
    path = tmp_path / "exp.toml"
    (tmp_path / "small.toml").write_text(SMALL, encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    res = run_experiment(path, tmp_path / "out", executor="local-cluster", workers=2)
    assert res.executor.startswith("dask LocalCluster tcp://")
    pd.testing.assert_frame_equal(table(tmp_path / "out"), expected)


def test_existing_dask_scheduler_via_environment(serial_result, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    text, expected = serial_result
    path = tmp_path / "exp.toml"
    (tmp_path / "small.toml").write_text(SMALL, encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0", processes=True
    ) as cl:
        monkeypatch.setenv("SIM_DASK_SCHEDULER", cl.scheduler_address)
        code = main(["experiment", "run", str(path), "--out", str(tmp_path / "out")])
    assert code == 0
    pd.testing.assert_frame_equal(table(tmp_path / "out"), expected)


# ------------------------------------------------------------------- resume --------------
RESUME = """
[design]
method = "factorial"
[factors.visit_share]
levels = [0.0, 0.1, 0.2, 0.3]
[factors.linkage]
levels = [0.0, 0.5, 1.0]
"""


def _cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "SIM_DASK_SCHEDULER")}
    env["LANG"] = "C.UTF-8"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def test_resume_after_sigkill(tmp_path):
    header = 'name = "resume"\nscenario = "small.toml"\nreplications = 3\nseed = 5\nmetrics = ["response_rate", "backlog_mean"]\n'
    path = experiment(tmp_path, RESUME, header=header)
    out = tmp_path / "killed"
    total = 12 * 3
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "experiment", "run", str(path), "--out", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_cli_env(),
        start_new_session=True,  # its own process group: the workers die with it
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            n = len(list((out / "runs").glob("p*.parquet"))) if (out / "runs").is_dir() else 0
            if n >= 4 or proc.poll() is not None:
                break
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    before = ExperimentStore(out).stored()
    assert 4 <= len(before) < total, "the kill should land mid-experiment"
    st = status(out)
    assert st["done"] == len(before) and st["missing"] == total - len(before)

    code = main(["experiment", "run", str(path), "--out", str(out), "--serial"])
    assert code == 0
    files = sorted(p.name for p in (out / "runs").iterdir())
    assert len(files) == total and not [f for f in files if f.startswith(".")]
    resumed = table(out)
    assert len(resumed) == total
    assert not resumed.duplicated(["point", "rep"]).any()
    assert set(zip(resumed["point"], resumed["rep"], strict=True)) == {(p, r) for p in range(12) for r in range(3)}

    run_experiment(path, tmp_path / "whole", executor="serial")
    pd.testing.assert_frame_equal(resumed, table(tmp_path / "whole"))
    assert status(out) == {**status(tmp_path / "whole"), "name": "resume"}


def test_more_replications_extend_the_same_experiment(tmp_path):
    path = experiment(tmp_path, FACTORIAL.replace("levels = [2, 3]", "levels = [2]"))
    out = tmp_path / "out"
    assert run_experiment(path, out, executor="serial").ran == 8
    path.write_text(path.read_text(encoding="utf-8").replace("replications = 2", "replications = 3"), encoding="utf-8")
    res = run_experiment(path, out, executor="serial")
    assert (res.skipped, res.ran, res.total) == (8, 4, 12)
    assert status(out)["done"] == 12


def test_runs_of_another_seed_scheme_are_not_mixed_in(tmp_path):
    import json

    path = experiment(tmp_path, FACTORIAL.replace("levels = [2, 3]", "levels = [2]"))
    out = tmp_path / "out"
    run_experiment(path, out, executor="serial")
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    meta["seed_scheme"] = "numpy.random.SeedSequence([master, point, rep]).generate_state(1, dtype=uint32)[0]"
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (out / "runs" / "p000001-r0001.parquet").unlink()
    with pytest.raises(ScenarioError, match="another seed scheme") as err:
        run_experiment(path, out, executor="serial")
    assert "SeedSequence([master, point, rep])" in str(err.value) and "choose another --out" in str(err.value)
    assert "另一种种子方案" in err.value.zh
    assert status(out)["missing"] == 1  # nothing was run into it


def test_a_different_experiment_is_not_mixed_in(tmp_path):
    path = experiment(tmp_path, FACTORIAL.replace("levels = [2, 3]", "levels = [2]"))
    out = tmp_path / "out"
    run_experiment(path, out, executor="serial")
    path.write_text(path.read_text(encoding="utf-8").replace("seed = 11", "seed = 12"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="different experiment"):
        run_experiment(path, out, executor="serial")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ScenarioError, match="holds no experiment"):
        run_experiment(path, tmp_path / "other", executor="serial")


# ------------------------------------------------------------------- failures ------------
def test_a_failing_run_is_recorded_and_the_rest_complete(tmp_path):
    # More stations than compounds (4) is not a valid community: that point's runs fail.
    body = "[design]\nmethod = 'factorial'\n[factors.stations]\nlevels = [0, 2, 6]\n"
    path = experiment(tmp_path, body)
    out = tmp_path / "out"
    res = run_experiment(path, out, executor="processes", workers=2)
    assert (res.ran, res.errors) == (6, 2)
    runs = load_results(out)
    bad = runs[runs["stations"] == 6]
    assert (bad["status"] == "error").all()
    assert bad["error"].str.contains("ScenarioError: stations = 6 is not allowed").all()
    assert bad["response_rate"].isna().all()
    good = runs[runs["stations"] != 6]
    assert (good["status"] == "ok").all() and (good["error"] == "").all() and good["response_rate"].notna().all()
    assert status(out) == {"name": "t", "points": 3, "replications": 2, "total": 6, "done": 4, "error": 2, "missing": 0}
    # Rerunning does not repeat stored failures unless asked to.
    assert run_experiment(path, out, executor="serial").ran == 0
    assert run_experiment(path, out, executor="serial", retry_errors=True).ran == 2


def test_an_exception_inside_the_model_is_recorded(tmp_path, monkeypatch):
    run_module = sys.modules["sim.run"]  # (``sim.run`` the attribute is the function)
    path = experiment(tmp_path, FACTORIAL.replace("levels = [2, 3]", "levels = [2]"))
    real = run_module.run

    def flaky(scenario, seed=0, **kw):
        if scenario.params["visit_share"] > 0 and scenario.params["callback"]:
            raise ZeroDivisionError("boom")
        return real(scenario, seed=seed, **kw)

    monkeypatch.setattr(run_module, "run", flaky)
    out = tmp_path / "out"
    res = run_experiment(path, out, executor="serial")
    assert (res.ran, res.errors) == (8, 2)
    runs = load_results(out)
    assert runs.loc[runs["status"] == "error", "error"].str.startswith("ZeroDivisionError: boom").all()
    assert status(out)["error"] == 2 and status(out)["done"] == 6


def test_status_counts_missing_runs(tmp_path):
    path = experiment(tmp_path, FACTORIAL.replace("levels = [2, 3]", "levels = [2]"))
    out = tmp_path / "out"
    run_experiment(path, out, executor="serial")
    for name in ("p000001-r0000.parquet", "p000003-r0001.parquet"):
        (out / "runs" / name).unlink()
    (out / "runs" / ".p000001-r0000.parquet.abc.tmp").write_bytes(b"half")  # a killed write
    assert status(out) == {"name": "t", "points": 4, "replications": 2, "total": 8, "done": 6, "error": 0, "missing": 2}
    res = run_experiment(path, out, executor="serial")
    assert res.ran == 2 and status(out)["missing"] == 0
    assert not list((out / "runs").glob(".*"))


# ------------------------------------------------------------------- command line --------
def test_cli_run_status_analyze(tmp_path, capsys):
    path = experiment(tmp_path, FACTORIAL.replace("levels = [2, 3]", "levels = [2]"))
    out = tmp_path / "out"
    assert main(["experiment", "run", str(path), "--out", str(out), "--serial"]) == 0
    text = capsys.readouterr().out
    assert "4 points × 2 replications = 8 runs" in text and "8 done, 0 failed, 0 missing" in text
    assert main(["experiment", "status", str(out)]) == 0
    assert "8 done" in capsys.readouterr().out
    assert main(["experiment", "analyze", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Response rate" in printed and "95% CI" in printed
    summary = pd.read_csv(out / "summary.csv")
    assert len(summary) == 4 * 3
    assert {"point", "visit_share", "callback", "metric", "n", "mean", "ci_low", "ci_high"} <= set(summary.columns)
    assert (summary["n"] == 2).all()
    assert (summary["ci_low"] <= summary["mean"]).all() and (summary["mean"] <= summary["ci_high"]).all()
    runs = load_results(out)
    first = runs[(runs["point"] == 0)]["response_rate"].mean()
    row = summary[(summary["point"] == 0) & (summary["metric"] == "response_rate")].iloc[0]
    assert row["mean"] == pytest.approx(first)
    assert main(["experiment", "status", str(out), "--lang", "zh"]) == 0
    assert "完成 8" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["experiment", "run", "BAD", "--out", "OUT"],
        ["experiment", "run", "MISSING", "--out", "OUT"],
        ["experiment", "run", "BAD", "--out", "OUT", "--jobs", "0"],
        ["experiment", "run", "BAD", "--out", "OUT", "--serial", "--jobs", "2"],
        ["experiment", "status", "OUT"],
        ["experiment", "analyze", "OUT"],
        ["experiment"],
    ],
)
def test_cli_mistakes_exit_2_with_one_line_and_write_nothing(tmp_path, capsys, args):
    bad = experiment(tmp_path, "[design]\nmethod = 'factorial'\n[factors.visit_share]\nlevels = [0.1, 0.9]\n")
    repl = {"BAD": str(bad), "MISSING": str(tmp_path / "missing.toml"), "OUT": str(tmp_path / "out")}
    before = sorted(p.name for p in tmp_path.iterdir())
    code = main([repl.get(a, a) for a in args])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


CJK = range(0x4E00, 0xA000)


@pytest.mark.parametrize(
    ("body", "field", "english"),
    [
        ("colour = 'red'\n[design]\nmethod = 'factorial'\n[factors.callback]\n", "colour", "unknown key"),
        ("[design]\nmethod = 'grid'\n[factors.callback]\n", "design.method", "is not allowed: expected one of"),
        (
            "[design]\nmethod = 'factorial'\n[factors.linkage]\nlevels = [0.5, 2.0]\n",
            "factors.linkage.levels: linkage = 2.0",
            "is not allowed: expected float from 0 to 1",
        ),
    ],
)
def test_cli_bad_experiment_errors_in_chinese_and_english(tmp_path, capsys, body, field, english):
    path = experiment(tmp_path, body)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["--lang", "zh", "experiment", "run", str(path), "--serial"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and field in err and str(path) in err
    assert any(ord(c) in CJK for c in err)
    assert english not in err
    assert main(["--lang", "en", "experiment", "run", str(path), "--serial"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert field in err and english in err
    assert not any(ord(c) in CJK for c in err)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_cli_subprocess_progress_and_exit_code(tmp_path):
    path = experiment(tmp_path, FACTORIAL.replace("levels = [2, 3]", "levels = [2]"))
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "experiment", "run", str(path), "--out", str(tmp_path / "o"), "--jobs", "1"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_cli_env(),
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "8 done" in proc.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "sim", "experiment", "run", str(tmp_path / "nope.toml")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_cli_env(),
        timeout=300,
        cwd=tmp_path,
    )
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0 and "experiment file not found" in bad.stderr
    assert not (tmp_path / "out").exists()
