"""Policy search over a street: the file, the known optimum, the budget, executors, resuming after a kill, words, report, command."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from cli_checks import fails_cleanly
from markupsafe import escape

from sim.cli import main
from sim.errors import ScenarioError
from sim.i18n import param_label
from sim.street.optimize import AS_GIVEN, optimize
from sim.street.optimize_report import REPORTS, policy_words, write_optimize
from sim.street.optimize_spec import load_optimize
from sim.street.optimize_store import STORE

pytestmark = pytest.mark.usefixtures("english_locale")

ROOT = Path(__file__).resolve().parent.parent

# Two small communities of very different load over 40 working days: a street run takes
# about a tenth of a second. One staff member more changes a lot in "busy" and nothing in "quiet".
STREET = """
[street]
name = "two"
[[community]]
name = "busy"
extends = "baseline"
[community.params]
households = 300
staff = 2
issues_per_household = 8.0
days = 40
warmup_days = 10
[[community]]
name = "quiet"
extends = "baseline"
[community.params]
households = 300
staff = 2
issues_per_household = 0.5
days = 40
warmup_days = 10
"""

# Exactly one staff member to place: (busy, quiet) may be (2, 2), (3, 2) or (2, 3); (3, 3) is over budget.
ONE_MORE = """
[optimize]
name = "one-more"
street = "street.toml"
replications = 2
seed = 1
generations = 3
population = 6
[budget]
staff = 5
[[decision]]
param = "staff"
range = [2, 3]
[[objective]]
metric = "on_time_closure_rate"
sense = "max"
[[objective]]
metric = "on_time_closure_rate"
of = "worst"
sense = "max"
"""

# A larger space: staff 2–5 in each community under a budget of 6, gridding in "quiet".
WIDER = """
[optimize]
name = "wider"
street = "street.toml"
replications = 2
seed = 3
generations = 3
population = 8
[budget]
staff = 6
[[decision]]
param = "staff"
range = [2, 5]
[[decision]]
param = "gridding"
communities = ["quiet"]
[[objective]]
metric = "on_time_closure_rate"
sense = "max"
[[objective]]
metric = "staff_hours"
of = "total"
sense = "min"
"""


def files(folder: Path, spec: str, name: str = "opt.toml") -> Path:
    """Write the street file and an optimisation file into ``folder``; return the latter."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "street.toml").write_text(STREET, encoding="utf-8")
    path = folder / name
    path.write_text(spec, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def wider(tmp_path_factory):
    """The WIDER search run once in this process, never stopped."""
    folder = tmp_path_factory.mktemp("wider")
    return optimize(files(folder, WIDER), folder / "out", executor="serial")


def policies(result) -> list[dict]:
    """The Pareto set as plain records (values and objectives), to compare two searches."""
    return result.pareto.drop(columns=["key"]).to_dict("records")


# ------------------------------------------------------------------- the search -------------
def test_the_one_staff_member_goes_to_the_loaded_community(tmp_path):
    result = optimize(files(tmp_path, ONE_MORE), tmp_path / "out", executor="serial")
    tried = result.policies.set_index("policy")
    assert {(r["busy.staff"], r["quiet.staff"]) for _, r in tried.iterrows()} >= {(3, 2), (2, 3)}
    assert result.pareto[["busy.staff", "quiet.staff"]].values.tolist() == [[3, 2]]
    best = result.pareto.iloc[0]
    other = tried[(tried["busy.staff"] == 2) & (tried["quiet.staff"] == 3)].iloc[0]
    assert best["on_time_closure_rate"] > other["on_time_closure_rate"]
    assert best["worst:on_time_closure_rate"] > other["worst:on_time_closure_rate"]


def test_no_policy_over_budget_is_run_or_chosen(wider):
    spec = wider.spec
    assert (wider.pareto["staff_total"] <= spec.budget_staff).all()
    over = wider.evaluations[wider.evaluations["staff_total"] > spec.budget_staff]
    assert len(over) and (over["status"] == "over_budget").all() and over["on_time_closure_rate"].isna().all()
    with sqlite3.connect(wider.path / STORE) as db:
        stored = {row[0] for row in db.execute("SELECT DISTINCT policy FROM runs")}
    over_keys = set(wider.policies.loc[wider.policies["status"] == "over_budget", "key"])
    assert over_keys and not stored & over_keys
    # every stored run is a policy within budget (or the street as given), run on each replication
    assert wider.ran == len(stored) * spec.replications
    hv = wider.convergence["hypervolume"].tolist()
    assert hv == sorted(hv) and hv[-1] > 0


def test_serial_and_parallel_give_the_same_pareto_set(wider, tmp_path):
    folder = files(tmp_path, WIDER).parent
    parallel = optimize(folder / "opt.toml", folder / "out", executor="processes", workers=2)
    assert parallel.executor.startswith("processes")
    assert policies(parallel) == policies(wider)
    pd.testing.assert_frame_equal(parallel.evaluations, wider.evaluations)


def test_a_killed_search_goes_on_from_its_stored_runs(wider, tmp_path):
    path = files(tmp_path, WIDER)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "sim", "optimize", str(path), "--out", str(out), "--serial", "--lang", "en"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    try:
        deadline = time.monotonic() + 60
        while stored < 4 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
            if (out / STORE).is_file():
                try:
                    with sqlite3.connect(out / STORE) as db:
                        stored = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
                except sqlite3.OperationalError:  # the tables are not there yet
                    stored = 0
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with sqlite3.connect(out / STORE) as db:
        stored = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    assert 4 <= stored < wider.ran, "the search was killed part of the way"
    assert not (out / "pareto.csv").exists()
    resumed = optimize(path, out, executor="serial")
    assert resumed.reused == stored
    assert resumed.ran == wider.ran - stored
    assert policies(resumed) == policies(wider)


# ------------------------------------------------------------------- words -----------------
def test_a_policy_in_words_against_the_street_as_given(wider):
    spec = wider.spec
    values = {"busy.staff": 4, "quiet.staff": 1, "quiet.gridding": True}
    label = param_label("gridding", "zh")
    assert policy_words(spec, values, "zh") == (
        f"把 1 名网格员从 quiet 调到 busy；给 busy 增派 1 名网格员；在 quiet 开启“{label}”"
    )
    label = param_label("gridding", "en")
    assert (
        policy_words(spec, values, "en")
        == f"move 1 staff from quiet to busy; add 1 staff to busy; switch on “{label}” in quiet"
    )
    assert policy_words(spec, spec.current, "zh") == "与街道现状相同"
    cut = policy_words(spec, {"busy.staff": 2, "quiet.staff": 1, "quiet.gridding": False}, "en")
    assert cut == "1 fewer staff in quiet"


# ------------------------------------------------------------------- report and command ----
def test_the_report_files(wider):
    written = write_optimize(wider, "en")
    names = {p.name for p in written}
    assert {"pareto.csv", "evaluations.csv", "convergence.csv", *REPORTS.values(), "meta.json"} <= names
    pareto = pd.read_csv(wider.path / "pareto.csv")
    assert len(pareto) == len(wider.pareto) and (pareto["staff_total"] <= wider.spec.budget_staff).all()
    evaluations = pd.read_csv(wider.path / "evaluations.csv")
    assert len(evaluations) == len(wider.evaluations) and "key" not in evaluations.columns
    zh = (wider.path / "report.html").read_text(encoding="utf-8")
    en = (wider.path / "report.en.html").read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in zh and 'lang="en"' in en
    for page in (zh, en):
        assert page.count("data:image/png;base64,") == 2
        assert "<script" not in page and "https://" not in page  # nothing is fetched from elsewhere
        for words in pareto["policy_zh"].head(3).tolist() + pareto["policy_en"].head(3).tolist():
            assert str(escape(words)) in page
    meta = json.loads((wider.path / "meta.json").read_text(encoding="utf-8"))
    assert meta["ran"] == wider.ran and meta["versions"]["pymoo"] != "not installed"


def test_the_command_end_to_end(tmp_path, capsys):
    path = files(tmp_path, ONE_MORE)
    out = tmp_path / "out"
    assert main(["optimize", str(path), "--out", str(out), "--serial", "--lang", "en"]) == 0
    shown = capsys.readouterr().out
    assert "add 1 staff to busy" in shown and "street as given" in shown
    assert len(pd.read_csv(out / "pareto.csv")) == 1
    # again: every run comes from the store
    assert main(["optimize", str(path), "--out", str(out), "--serial", "--lang", "zh"]) == 0
    shown = capsys.readouterr().out
    assert "本次运行 0 次" in shown and "给 busy 增派 1 名网格员" in shown
    # another search into the same folder is refused, unless --overwrite
    other = files(tmp_path, ONE_MORE.replace("seed = 1", "seed = 2"), "other.toml")
    line = fails_cleanly(capsys, tmp_path, "optimize", str(other), "--out", str(out), "--serial")
    assert "different search" in line and "--overwrite" in line
    assert main(["optimize", str(other), "--out", str(out), "--serial", "--overwrite"]) == 0


# ------------------------------------------------------------------- bad input --------------
BAD = [
    ('name = "one-more"', 'name = "one-more"\ncolour = 1', "optimize.colour: unknown key"),
    ('street = "street.toml"', 'street = "no-such-street"', "optimize.street: no street 'no-such-street'"),
    ('param = "staff"', 'param = "staf"', "[[decision]] #1 'staf': param: staf: unknown parameter"),
    ('param = "staff"\nrange = [2, 3]', 'param = "priority_rule"', "priority_rule cannot be a decision (kind choice)"),
    ('param = "staff"\nrange = [2, 3]', 'param = "days"\nrange = [20, 40]', "days cannot be a decision"),
    ('param = "staff"\nrange = [2, 3]', 'param = "gridding"\nrange = [0, 1]', "gridding is a switch"),
    ("range = [2, 3]", "range = [0, 3]", "[[decision]] #1 'staff': range: staff = 0 is not allowed"),
    ("range = [2, 3]", "range = [3, 3]", "range: the lowest value 3 must be below the highest 3"),
    ("range = [2, 3]", 'range = [2, 3]\ncommunities = ["nowhere"]', "the street has no community 'nowhere'"),
    ("staff = 5", "staff = 3", "budget.staff: the budget of 3 staff is below the least staffing"),
    ('metric = "on_time_closure_rate"\nsense', 'metric = "closure_speed"\nsense', "metric = 'closure_speed' is not"),
    ('sense = "max"\n[[objective]]', 'sense = "up"\n[[objective]]', "sense = 'up' is not allowed"),
    ("generations = 3", "generations = 0", "optimize.generations = 0 is not allowed"),
    ("population = 6", "population = 2", "optimize.population = 2 is not allowed"),
    ("replications = 2", "replications = 1000", "optimize.replications = 1000 is not allowed"),
]


@pytest.mark.parametrize(("old", "new", "says"), BAD, ids=[b[2][:40] for b in BAD])
def test_bad_input_is_one_line_naming_the_file_and_field(tmp_path, capsys, old, new, says):
    assert old in ONE_MORE
    path = files(tmp_path, ONE_MORE.replace(old, new, 1))
    line = fails_cleanly(capsys, tmp_path, "optimize", str(path), "--out", str(tmp_path / "out"), "--lang", "en")
    assert str(path) in line and says in line, line
    zh = fails_cleanly(capsys, tmp_path, "optimize", str(path), "--out", str(tmp_path / "out"), "--lang", "zh")
    assert zh.startswith("错误：") and zh != line


def test_a_folder_of_something_else_is_refused(tmp_path, capsys):
    path = files(tmp_path, ONE_MORE)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    line = fails_cleanly(capsys, tmp_path, "optimize", str(path), "--out", str(tmp_path / "out"))
    assert "holds no policy search" in line


def test_the_shipped_example_reads():
    spec = load_optimize(ROOT / "sim" / "experiments" / "examples" / "optimize-street-10.toml")
    assert spec.street.name == "street-10" and spec.budget_staff >= spec.staff_total(spec.current)
    assert spec.minimum_staff() <= spec.budget_staff
    with pytest.raises(ScenarioError):
        load_optimize(ROOT / "sim" / "experiments" / "examples" / "no-such-file.toml")
    assert AS_GIVEN not in {v.key for v in spec.variables}
    # staff leaving one community for two others are said in one phrase
    values = {**spec.current, "old-town-east.staff": 5, "station-road.staff": 6, "hillside.staff": 4}
    assert policy_words(spec, values, "en") == "move 2 staff from old-town-east: 1 to station-road, 1 to hillside"
    assert policy_words(spec, values, "zh") == "从 old-town-east 调出 2 名网格员：1 名到 station-road、1 名到 hillside"
