"""Hostile input to the experiment commands: one readable line, exit 2, nothing written.

Each case is a file, option or damaged results directory that once ended in a
traceback, a MemoryError or a hang. The command line must name the file or option,
the field, the value (shortened) and what is allowed, on one line of stderr, and leave
the disk as it was. Damaged run files are the exception: they are skipped, listed and
repaired by running the experiment again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.errors import ScenarioError
from sim.experiments import ExperimentSpec, Factor, load_experiment, load_results, make_design, run_experiment, status
from sim.experiments import design as design_module
from sim.experiments import runner as runner_module
from sim.experiments.analysis import analyze
from sim.experiments.design import check_size
from sim.experiments.executors import check_scheduler
from sim.experiments.runner import iter_tasks, prepare, tasks_for
from sim.experiments.spec import parse_text
from sim.experiments.store import ExperimentStore, short_list, spec_toml
from sim.i18n import in_lang
from sim.inputs import DEFAULT_MAX_RUNS
from sim.scenario import load_scenario

SMALL = """name = "small"
extends = "baseline"
[params]
households = 400
staff = 2
compounds = 4
days = 60
"""
HEADER = 'name = "t"\nscenario = "small.toml"\nreplications = 2\nseed = 3\nmetrics = ["response_rate", "staff_hours"]\n'
FACTORIAL = '[design]\nmethod = "factorial"\n[factors.visit_share]\nlevels = [0.0, 0.2]\n[factors.callback]\n'


pytestmark = pytest.mark.usefixtures("english_locale")


def write(tmp_path: Path, body: str, header: str = HEADER, name: str = "exp.toml") -> Path:
    """Write the small base scenario and an experiment file using it."""
    (tmp_path / "small.toml").write_text(SMALL, encoding="utf-8")
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and directory under ``root`` with its size and modification time."""
    out = {}
    for p in sorted(root.rglob("*")):
        st = p.stat()
        out[str(p.relative_to(root))] = (st.st_size if p.is_file() else -1, st.st_mtime_ns)
    return out


def refused(capsys, args: list[str], *expected: str) -> str:
    """Run the command line; check exit 2 and one line on stderr holding ``expected``."""
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    assert len(lines[0]) <= 500, lines[0]
    assert all(c.isprintable() for c in lines[0]), lines[0]  # nothing that moves the terminal's cursor
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "SIM_DASK_SCHEDULER")}
    out.update(LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    return out


def refused_subprocess(args: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env(), **(extra_env or {})},
        cwd=cwd,
        timeout=300,
    )
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


# ------------------------------------------------------------------- numbers -------------
NON_FINITE = ["nan", "inf", "-inf", "1e400", "+inf"]


@pytest.mark.parametrize("value", NON_FINITE)
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('[design]\nmethod = "factorial"\n[factors.visit_share]\nlevels = [0.1, {v}]\n', "factors.visit_share.levels"),
        ('[design]\nmethod = "factorial"\n[factors.staff]\nlevels = [2, {v}]\n', "factors.staff.levels"),
        ('[design]\nmethod = "lhs"\nsamples = 4\n[factors.linkage]\nlow = {v}\nhigh = 1.0\n', "factors.linkage.low"),
        ('[design]\nmethod = "lhs"\nsamples = 4\n[factors.staff]\nlow = 1\nhigh = {v}\n', "factors.staff.high"),
        ('[params]\nlinkage = {v}\n[design]\nmethod = "factorial"\n[factors.callback]\n', "params.linkage"),
        ('[params.categories.hazard]\nreport = {v}\n[design]\nmethod = "factorial"\n[factors.callback]\n', "params"),
    ],
)
def test_non_finite_factor_values_are_refused(tmp_path, capsys, body, field, value):
    path = write(tmp_path, body.format(v=value))
    before = snapshot(tmp_path)
    refused(capsys, ["experiment", "run", str(path), "--serial"], str(path), field, "is not allowed: expected")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("seed", ["-1", "9223372036854775808", "nan", "inf", "1.5", '"7"', "true", "1e400"])
def test_seeds_use_the_seed_rule(tmp_path, capsys, seed):
    path = write(tmp_path, FACTORIAL, header=f'scenario = "small.toml"\nseed = {seed}\n')
    refused(capsys, ["experiment", "run", str(path), "--serial"], f"{path}: seed = ", "integer from 0 to 2**63 - 1")


@pytest.mark.parametrize("reps", ["0", "-3", "2.5", '"2"', "nan", "inf", "9223372036854775808"])
def test_bad_replications(tmp_path, capsys, reps):
    path = write(tmp_path, FACTORIAL, header=f'scenario = "small.toml"\nreplications = {reps}\n')
    refused(capsys, ["experiment", "run", str(path), "--serial"], f"{path}: replications = ", "is not allowed")


def test_an_integer_too_long_for_python_is_a_toml_error(tmp_path, capsys):
    path = write(tmp_path, FACTORIAL, header=f'scenario = "small.toml"\nreplications = 1{"0" * 5000}\n')
    line = refused(capsys, ["experiment", "run", str(path), "--serial"], str(path), "not valid TOML")
    assert len(line) < 500


# ------------------------------------------------------------------- sizes ---------------
def _ten_by_ten(tmp_path: Path) -> Path:
    factors = [
        "visit_share",
        "linkage",
        "hotline_share",
        "listening_minutes",
        "staff",
        "callback",
        "gridding",
        "priority_rule",
        "categories.hazard.report",
        "categories.property.report",
    ]
    from sim.params import PARAMS

    body = '[design]\nmethod = "factorial"\n'
    for name in factors:
        p = PARAMS[name]
        if p.kind == "bool":
            levels = "[false, true]"  # two levels are all a true/false parameter has
        elif p.kind == "choice":
            levels = json.dumps(list(p.choices))
        elif p.kind == "int":
            levels = json.dumps(list(range(int(p.lo), int(p.lo) + 10)))
        else:
            levels = json.dumps([p.lo + (p.hi - p.lo) * i / 10 for i in range(10)])
        body += f'[factors."{name}"]\nlevels = {levels}\n'
    return write(tmp_path, body, header='scenario = "small.toml"\n')


def _never(*args, **kwargs):
    raise AssertionError("built although the experiment is too big")


def test_a_huge_factorial_is_refused_from_its_sizes(tmp_path, capsys, monkeypatch):
    path = _ten_by_ten(tmp_path)
    spec = load_experiment(path)
    points = design_module.expected_points(spec)
    assert points > 10**7
    monkeypatch.setattr(runner_module, "make_design", _never)
    monkeypatch.setattr(runner_module, "iter_tasks", _never)
    before = snapshot(tmp_path)
    start = time.perf_counter()
    refused(
        capsys,
        ["experiment", "run", str(path), "--serial"],
        f"{path}: design points (factorial",
        f"{points:,} is more than the limit of {DEFAULT_MAX_RUNS:,} runs",
        "--max-runs",
    )
    assert time.perf_counter() - start < 30
    assert snapshot(tmp_path) == before
    # make_design itself checks before building (Python callers).
    monkeypatch.undo()
    with pytest.raises(ScenarioError, match="design points"):
        make_design(spec)


def test_an_astronomical_design_is_one_short_line(tmp_path, capsys):
    from sim.params import PARAMS

    floats = [n for n, p in PARAMS.items() if p.kind == "float"][:40]
    body = '[design]\nmethod = "factorial"\n'
    for name in floats:
        p = PARAMS[name]
        body += f'[factors."{name}"]\nlevels = {json.dumps([p.lo + (p.hi - p.lo) * i / 30 for i in range(30)])}\n'
    path = write(tmp_path, body, header='scenario = "small.toml"\n')
    assert design_module.expected_points(load_experiment(path)) == 30**40
    refused(
        capsys, ["experiment", "run", str(path), "--serial"], "of 40 factors): more than 10**24 is more", "--max-runs"
    )
    # in Chinese, what is counted and the count are Chinese too: only the file's own names stay
    assert main(["--lang", "zh", "experiment", "run", str(path), "--serial"]) == 2
    line = capsys.readouterr().err.strip()
    assert line.startswith(f"错误：{path}: 设计点数（factorial：40 个因子的水平数之积）：大于 10**24 超过了"), line
    said = line.split(str(path))[1]
    assert not re.search(r"design|points|factors|more than|product", said), line


def test_the_run_cap_says_what_it_counts_in_the_users_language():
    small = load_scenario("baseline")
    spec = ExperimentSpec(
        name="study",
        scenario=small,
        method="lhs",
        factors=(Factor("staff", "int", low=3, high=9),),
        samples=1000,
        replications=300,
    )
    with pytest.raises(ScenarioError) as caught:
        check_size(spec, max_runs=200_000)
    assert str(caught.value).startswith("experiment study: runs (1,000 design points × 300 replications): 300,000 is")
    assert caught.value.text("zh").startswith("实验 study：运行次数（1,000 个设计点 × 300 次重复）：300,000 超过了")
    with pytest.raises(ScenarioError) as caught:
        check_size(spec, max_runs=999)
    assert str(caught.value).startswith("experiment study: design points (lhs: N = 1,000): 1,000 is more than")
    assert caught.value.text("zh").startswith("实验 study：设计点数（lhs：样本数 N = 1,000）：1,000 超过了 999 次")


def test_factorial_point_count_is_exact_beyond_int64():
    spec = ExperimentSpec(
        name="x",
        scenario=load_scenario("baseline"),
        method="factorial",
        factors=tuple(Factor(f"f{i}", "int", tuple(range(1000))) for i in range(8)),
    )
    assert design_module.expected_points(spec) == 1000**8  # numpy's int64 product would wrap


@pytest.mark.parametrize(
    ("design", "points"),
    [
        ("method = 'lhs'\nsamples = 200001\n", 200_001),
        ("method = 'sobol'\nsamples = 40000\n", 40_000 * (2 * 2 + 2)),
        ("method = 'sobol'\nsamples = 60000\nsecond_order = false\n", 60_000 * (2 + 2)),
        ("method = 'morris'\nsamples = 70000\n", 70_000 * 3),
        ("method = 'lhs'\nsamples = 9223372036854775807\n", 9223372036854775807),
    ],
)
def test_sampled_designs_are_checked_before_sampling(tmp_path, capsys, monkeypatch, design, points):
    body = f"[design]\n{design}[factors.linkage]\nlow = 0.0\nhigh = 1.0\n[factors.visit_share]\nlow = 0.0\nhigh = 0.5\n"
    path = write(tmp_path, body)
    monkeypatch.setattr(runner_module, "make_design", _never)
    refused(capsys, ["experiment", "run", str(path), "--serial"], "design points", f"{points:,} is more than")


def test_runs_are_points_times_replications(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, FACTORIAL, header='scenario = "small.toml"\nreplications = 50001\n')
    spec = load_experiment(path)  # the file alone is fine: the cap belongs to the command
    assert spec.replications == 50_001
    monkeypatch.setattr(runner_module, "make_design", _never)
    refused(
        capsys,
        ["experiment", "run", str(path), "--serial"],
        "runs (4 design points × 50,001 replications): 200,004 is more than the limit of 200,000",
    )
    refused(capsys, ["experiment", "run", str(path), "--serial", "--max-runs", "1000"], "replications: 50,001")
    monkeypatch.undo()
    # A raised cap lets the same file through; prepare writes nothing.
    spec, design = prepare(path, tmp_path / "out", max_runs=300_000)
    assert len(design) == 4 and not (tmp_path / "out").exists()
    with pytest.raises(ScenarioError, match="replications: 50,001 is more than the limit of 10"):
        run_experiment(path, tmp_path / "out", executor="serial", max_runs=10)
    assert not (tmp_path / "out").exists()


def test_replications_and_samples_have_no_bound_of_their_own(tmp_path):
    """The file accepts any count up to int64; only the run cap decides (no second limit that disagrees)."""
    big = DEFAULT_MAX_RUNS * 50
    path = write(tmp_path, FACTORIAL, header=f'scenario = "small.toml"\nreplications = {big}\n')
    assert load_experiment(path).replications == big
    body = f"[design]\nmethod = 'lhs'\nsamples = {big}\n[factors.linkage]\nlow = 0.0\nhigh = 1.0\n"
    assert load_experiment(write(tmp_path, body, name="lhs.toml")).samples == big


def test_tasks_are_made_as_they_are_used(tmp_path):
    spec = load_experiment(write(tmp_path, FACTORIAL))
    design = make_design(spec)
    lazy = iter_tasks(spec, design, skip={(0, 0)})
    assert iter(lazy) is lazy  # a generator, not a list
    assert list(lazy) == tasks_for(spec, design, skip={(0, 0)})
    assert [t.values for t in tasks_for(spec, design)][:4] == [design.values(p) for p in range(4)]


# ------------------------------------------------------------------- scheduler -----------
BAD_ADDRESSES = ["not-a-url", "tcp://host:99999", "foo://x:1", "tcp://", "host:", "http://host:80", "a b:1", "x" * 400]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_bad_scheduler_addresses(tmp_path, capsys, monkeypatch, address):
    path = write(tmp_path, FACTORIAL)
    before = snapshot(tmp_path)
    line = refused(capsys, ["experiment", "run", str(path), "--scheduler", address], "--scheduler")
    assert len(line) < 400
    assert snapshot(tmp_path) == before
    # In Python the address is checked before the experiment is even read.
    monkeypatch.setattr(runner_module, "load_experiment", _never)
    with pytest.raises(ScenarioError, match="--scheduler"):
        run_experiment(path, tmp_path / "out", executor="dask", scheduler=address)
    with pytest.raises(ScenarioError, match="--scheduler"):
        prepare(path, tmp_path / "out", executor="dask", scheduler=address)


def test_bad_scheduler_address_in_the_environment(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, FACTORIAL)
    monkeypatch.setenv("SIM_DASK_SCHEDULER", "not-a-url")
    refused(
        capsys, ["experiment", "run", str(path)], "SIM_DASK_SCHEDULER = 'not-a-url' is not a Dask scheduler address"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "address",
    ["tcp://127.0.0.1:8786", "tls://sched.example.org:8786", "inproc://192.168.1.1/1234/1", "localhost:8786"]
    + ["[::1]:8786", "tcp://[::1]:8786", "ws://host-1:80/", "ucx://10.0.0.1:13337"],
)
def test_good_scheduler_addresses(address):
    assert check_scheduler(address) == address


def test_scheduler_address_subprocess(tmp_path):
    path = write(tmp_path, FACTORIAL)
    line = refused_subprocess(["experiment", "run", str(path), "--scheduler", "not-a-url"], tmp_path)
    assert "--scheduler = 'not-a-url' is not a Dask scheduler address" in line
    line = refused_subprocess(["experiment", "run", str(path)], tmp_path, {"SIM_DASK_SCHEDULER": "nope"})
    assert "SIM_DASK_SCHEDULER = 'nope'" in line
    assert not (tmp_path / "out").exists()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_within_the_timeout(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    from sim.experiments import executors

    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1)
    path = write(tmp_path, FACTORIAL)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    before = snapshot(tmp_path)
    start = time.perf_counter()
    refused(
        capsys,
        ["experiment", "run", str(path), "--out", str(tmp_path / "o"), "--scheduler", address],
        f"cannot connect to the Dask scheduler at '{address}' (--scheduler) within 1 s",
    )
    assert time.perf_counter() - start < 60
    assert snapshot(tmp_path) == before


# ------------------------------------------------------------------- output paths --------
@pytest.mark.parametrize(
    ("out", "expected"),
    [
        ("", "--out is empty"),
        ("EXP", "cannot be the output: it is the input file"),
        ("HERE", "cannot be the output: it holds the input file"),
        ("EXP/sub", "cannot be created"),
    ],
)
def test_run_out_is_checked_before_any_run(tmp_path, capsys, monkeypatch, out, expected):
    path = write(tmp_path, FACTORIAL)
    out = out.replace("EXP", str(path)).replace("HERE", str(tmp_path))
    monkeypatch.setattr(runner_module, "make_design", _never)
    before = snapshot(tmp_path)
    refused(capsys, ["experiment", "run", str(path), "--out", out, "--serial"], expected)
    assert snapshot(tmp_path) == before


# ------------------------------------------------------------------- names and keys ------
LONG = "a" * 6000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f'name = "a/b"\n{FACTORIAL}',
            "name = 'a/b' is not allowed: a name may not be empty, start with a dot or contain /",
        ),
        (f'name = ".hidden"\n{FACTORIAL}', "start with a dot"),
        (f'name = "{LONG}"\n{FACTORIAL}', "name is too long: 6,000 characters (at most 100)"),
        (f'name = "a\\nb"\n{FACTORIAL}', "no line breaks or control characters"),
        (f'description = "{"d" * 6000}"\n{FACTORIAL}', "description is too long: 6,000 characters (at most 5,000)"),
        (f'metrics = ["{LONG}"]\n{FACTORIAL}', "… (6,002 chars) is not a metric"),
        (f"{LONG} = 1\n{FACTORIAL}", "a key of 6,000 characters is not a parameter name"),
        (f'[design]\nmethod = "{LONG}"\n[factors.callback]\n', "design.method = 'aaa"),
        (f"[design]\nmethod = 'factorial'\n{LONG} = 1\n[factors.callback]\n", "a key of 6,000 characters"),
        (f"[design]\nmethod = 'factorial'\n[factors.{LONG}]\nlevels = [1]\n", "factors.'aaa"),
        (f"[design]\nmethod = 'factorial'\n[factors.callback]\n{LONG} = 1\n", "a key of 6,000 characters"),
        (
            "[design]\nmethod = 'factorial'\n[factors." + ".".join(["a"] * 2000) + "]\nlevels = [1]\n",
            "nested more than 8",
        ),
        ("[design]\nmethod = 'factorial'\n[factors]\nx = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("[params]\nstaff = {}\n" + FACTORIAL, "params.staff: an empty table"),
        ('scenario = ""\n' + FACTORIAL, "scenario is empty"),
        (f'scenario = "{"s" * 2000}"\n' + FACTORIAL, "scenario is too long"),
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ('"\\u001b" = 1\n' + FACTORIAL, "'\\x1b': unknown key"),
        (
            "[design]\nmethod = 'factorial'\n[factors.callback]\n\"\\u009b\" = 1\n",
            "factors.callback.'\\x9b': unknown key",
        ),
        ("[design]\nmethod = 'factorial'\n\"\\u001b[2J\" = 1\n[factors.callback]\n", "design.'\\x1b[2J': unknown key"),
        (
            "[design]\nmethod = 'factorial'\n[factors.\"a\\u001bb\"]\nlevels = [1]\n",
            "factors.'a\\x1bb': unknown parameter",
        ),
        ("[design]\nmethod = 'factorial'\n[factors]\n\"x\\u0007\" = 1\n", "factors.'x\\x07' must be a table"),
        ('metrics = ["respons_rate"]\n' + FACTORIAL, "'respons_rate' is not a metric of a run's summary; did you mean"),
        ('metrics = ["zzz"]\n' + FACTORIAL, "'zzz' is not a metric of a run's summary; e.g."),
    ],
)
def test_names_keys_and_nesting_are_bounded(tmp_path, capsys, text, expected):
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    line = refused(capsys, ["experiment", "run", str(path), "--serial"], str(path), expected)
    assert len(line) < 700
    assert snapshot(tmp_path) == before


def test_hostile_file_subprocess(tmp_path):
    path = write(tmp_path, '[design]\nmethod = "factorial"\n[factors.visit_share]\nlevels = [0.1, nan]\n')
    line = refused_subprocess(["experiment", "run", str(path), "--serial"], tmp_path)
    assert "factors.visit_share.levels: visit_share = nan is not allowed" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.toml", "small.toml"]


# ------------------------------------------------------------------- stored spec ---------
def _coded_spec(method: str = "factorial") -> ExperimentSpec:
    base = load_scenario("baseline").with_values({"days": 30, "households": 300, "visit_share": 0.123456789})
    if method == "factorial":
        factors = (
            Factor("priority_rule", "choice", ("fifo", "resident_first")),
            Factor("callback", "bool", (False, True)),
        )
        return ExperimentSpec(name="coded 代码", scenario=base, method="factorial", factors=factors, replications=1)
    factors = (
        Factor("priority_rule", "choice", ("fifo", "resident_first")),
        Factor("staff", "int", (), 2.0, 7.0),
        Factor("linkage", "float", (), 0.1, 0.7000000000000001),
    )
    return ExperimentSpec(
        name="coded",
        description='two lines\nand "quotes" \x7f',
        scenario=base,
        method=method,
        samples=4,
        options={"second_order": False} if method == "sobol" else {"levels": 4} if method == "morris" else {},
        factors=factors,
        replications=2,
        seed=2**63 - 1,
        metrics=("response_rate", "staff_hours"),
    )


@pytest.mark.parametrize("method", ["factorial", "lhs", "sobol", "morris"])
def test_a_spec_built_in_code_is_stored_as_toml_that_reads_back(method):
    spec = _coded_spec(method)
    text = spec_toml(spec)
    back = parse_text(text)
    for key in ("name", "description", "method", "samples", "options", "factors", "replications", "seed", "metrics"):
        assert getattr(back, key) == getattr(spec, key), key
    assert back.scenario.params == spec.scenario.params
    assert tomllib.loads(text)["factors"]["priority_rule"]["levels"] == ["fifo", "resident_first"]


def test_a_stored_coded_spec_is_analysable(tmp_path):
    spec = _coded_spec()
    res = run_experiment(spec, tmp_path / "out", executor="serial")
    assert res.ran == 4
    store = ExperimentStore(tmp_path / "out")
    assert store.spec().factors == spec.factors
    assert main(["experiment", "analyze", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "report.html").is_file()


# ------------------------------------------------------------------- damaged stores ------
@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A finished experiment (2 points × 2 replications) to copy and damage."""
    tmp = tmp_path_factory.mktemp("finished")
    path = write(tmp, '[design]\nmethod = "factorial"\n[factors.callback]\n')
    out = tmp / "out"
    run_experiment(path, out, executor="serial")
    return path, out, load_results(out)


@pytest.fixture
def copy(finished, tmp_path):
    path, out, runs = finished
    shutil.copy(path.parent / "small.toml", tmp_path / "small.toml")
    shutil.copy(path, tmp_path / "exp.toml")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "exp.toml", tmp_path / "out", runs


def _meta_edit(**changes):
    def edit(d: Path) -> None:
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        for key, value in changes.items():
            if value is KeyError:
                meta.pop(key)
            else:
                meta[key] = value
        (d / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    return edit


def _put(name: str, data: bytes | None):
    def edit(d: Path) -> None:
        if data is None:
            (d / name).unlink()
        else:
            (d / name).write_bytes(data)

    return edit


def _rows(n: int):
    def edit(d: Path) -> None:
        design = pd.read_parquet(d / "design.parquet")
        design.head(n).to_parquet(d / "design.parquet", index=False)

    return edit


META_DAMAGE = [
    (_put("meta.json", None), "meta.json: missing"),
    (_put("meta.json", b""), "meta.json: empty (0 bytes)"),
    (_put("meta.json", b"{}"), "meta.json: 'name' is missing"),
    (_put("meta.json", b"[1, 2]"), "meta.json: not a JSON object"),
    (_put("meta.json", b"{not json"), "meta.json: not valid JSON"),
    (_put("meta.json", b"\xff\xfe"), "meta.json: not valid JSON"),
    (_put("meta.json", b"[" * 100_000), "meta.json: not valid JSON"),
    (_meta_edit(points="x"), "meta.json: points = 'x' (expected an integer ≥ 1)"),
    (_meta_edit(points=10**30), "meta.json: points = "),
    (_meta_edit(replications=0), "meta.json: replications = 0"),
    (_meta_edit(metrics="response_rate"), "meta.json: metrics = 'response_rate'"),
    (_meta_edit(fingerprint=KeyError), "meta.json: 'fingerprint' is missing"),
    (_meta_edit(method="grid"), "meta.json: method = 'grid'"),
]
OTHER_DAMAGE = [
    (_put("design.parquet", None), "design.parquet: missing"),
    (_put("design.parquet", b""), "design.parquet: empty"),
    (_put("design.parquet", b"garbage!"), "design.parquet: not a readable Parquet file"),
    (_rows(1), "design.parquet: holds 1 rows, not the points 0 to 1"),
    (_put("design.json", None), "design.json: missing"),
    (_put("design.json", b""), "design.json: empty"),
    (_put("design.json", b"{}"), "design.json: method = None, but meta.json says 'factorial'"),
    (_put("design.json", b'{"method": "factorial", "factors": 3}'), "design.json: its factors do not match"),
    (_put("experiment.toml", None), "experiment.toml: missing"),
    (_put("experiment.toml", b""), "experiment.toml: empty"),
    (_put("experiment.toml", b"x = "), "experiment.toml: not valid TOML"),
]


@pytest.mark.parametrize(("damage", "expected"), META_DAMAGE + OTHER_DAMAGE)
@pytest.mark.parametrize("command", ["status", "analyze"])
def test_damaged_store_files_are_one_line(copy, capsys, damage, expected, command):
    _, out, _ = copy
    damage(out)
    before = snapshot(out)
    line = refused(capsys, ["experiment", command, str(out)], f"{out}/{expected}")
    assert "run the" in line  # says how to repair it
    assert len(line) < 600
    assert snapshot(out) == before


@pytest.mark.parametrize(("damage", "expected"), META_DAMAGE)
def test_resuming_with_damaged_meta_says_to_use_a_new_directory(copy, capsys, damage, expected):
    path, out, _ = copy
    damage(out)
    before = snapshot(out)
    refused(capsys, ["experiment", "run", str(path), "--out", str(out), "--serial"], expected, "into a new directory")
    assert snapshot(out) == before


@pytest.mark.parametrize(("damage", "expected"), OTHER_DAMAGE)
def test_resuming_rewrites_damaged_description_files(copy, capsys, damage, expected):
    path, out, runs = copy
    damage(out)
    res = run_experiment(path, out, executor="serial")
    assert res.ran == 0 and res.repaired
    assert expected.split(":")[0] in res.repaired
    pd.testing.assert_frame_equal(load_results(out), runs)
    assert main(["experiment", "analyze", str(out)]) == 0


def _run_file(n: int):
    return f"runs/p{n // 2:06d}-r{n % 2:04d}.parquet"


def _copy_of(src: str, dest: str):
    def edit(d: Path) -> None:
        shutil.copy(d / src, d / dest)

    return edit


def _rewrite_run(**changes):
    def edit(d: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pq.read_table(d / _run_file(3)).to_pandas()
        for key, value in changes.items():
            if value is KeyError:
                table = table.drop(columns=key)
            else:
                table[key] = value
        pq.write_table(pa.Table.from_pandas(table, preserve_index=False), d / _run_file(3))

    return edit


RUN_DAMAGE = [
    _put(_run_file(3), b"garbage!"),
    _put(_run_file(3), b""),
    _copy_of(_run_file(0), _run_file(3)),  # a row of another run under this name
    _rewrite_run(status="done"),
    _rewrite_run(point="x"),
    _rewrite_run(response_rate=KeyError),
    _rewrite_run(seed=None),
]


@pytest.mark.parametrize("damage", RUN_DAMAGE)
def test_damaged_run_files_are_skipped_listed_and_rerun(copy, capsys, damage):
    path, out, runs = copy
    damage(out)
    name = _run_file(3).split("/")[1]
    st = status(out)
    assert (st["done"], st["missing"], st["damaged"], st["damaged_files"]) == (3, 1, 1, [name])
    good = load_results(out)
    assert len(good) == 3 and good.attrs["damaged"] == [name]
    assert main(["experiment", "status", str(out)]) == 0
    assert "3 done, 0 failed, 1 missing" in capsys.readouterr().out
    # The good runs are still analysed; the report names the damaged file.
    a = analyze(out)
    assert a.damaged == [name]
    assert a.summary.loc[a.summary["point"] == 1, "n"].tolist() == [1, 1]
    assert main(["experiment", "analyze", str(out)]) == 0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Damaged run files (left out)" in report and name in report
    # Running again sets the file aside and runs that replication again.
    res = run_experiment(path, out, executor="serial")
    assert (res.ran, res.damaged) == (1, [name])
    assert (out / "runs" / "damaged" / name).is_file()
    assert "damaged" not in status(out) and status(out)["done"] == 4
    pd.testing.assert_frame_equal(load_results(out).drop(columns="run_seconds"), runs.drop(columns="run_seconds"))


def test_many_damaged_run_files_are_listed_short(copy):
    _, out, _ = copy
    for n in range(4):
        (out / _run_file(n)).write_bytes(b"x")
    for n in range(4, 12):  # stray damaged files beyond the design are listed too
        (out / f"runs/p{n:06d}-r0000.parquet").write_bytes(b"x")
    st = status(out)
    assert st["damaged"] == 12 and st["done"] == 0 and st["missing"] == 4
    assert in_lang(short_list(st["damaged_files"]), "en").endswith(", … (12 in all)")
    assert in_lang(short_list(st["damaged_files"]), "zh").endswith("，…（共 12 个）")


def test_a_missing_runs_directory_is_rebuilt(copy):
    path, out, _ = copy
    shutil.rmtree(out / "runs")
    assert status(out)["missing"] == 4
    assert run_experiment(path, out, executor="serial").ran == 4


def test_status_subprocess_on_damaged_meta(copy):
    _, out, _ = copy
    (out / "meta.json").write_text("{}", encoding="utf-8")
    line = refused_subprocess(["experiment", "status", str(out)], out.parent)
    assert "meta.json: 'name' is missing" in line


def test_not_an_experiment_directory(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    refused(capsys, ["experiment", "status", str(tmp_path)], "not an experiment directory")
    refused(capsys, ["experiment", "analyze", str(tmp_path / "nowhere")], "not an experiment directory")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# ------------------------------------------------------------------- analyze output ------
def test_analyze_checks_its_targets_first(copy, capsys):
    _, out, _ = copy
    (out / "report.html").mkdir()
    before = snapshot(out)
    refused(capsys, ["experiment", "analyze", str(out)], "report.html cannot be written: it is a directory")
    assert snapshot(out) == before


def test_analyze_writes_all_files_or_none(copy, capsys, monkeypatch):
    from sim import files as files_module  # the reports are written by sim.files.write_together

    _, out, _ = copy
    real = files_module.atomic_write

    def full_disk(path, data):
        if Path(path).name.startswith(".report.html"):
            raise OSError(28, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(files_module, "atomic_write", full_disk)
    before = snapshot(out)
    refused(capsys, ["experiment", "analyze", str(out)], "report.html cannot be written: No space left on device")
    assert snapshot(out) == before  # neither summary.csv nor a staged file is left


def test_unknown_metric_is_shortened(copy, capsys):
    _, out, _ = copy
    before = snapshot(out)
    line = refused(capsys, ["experiment", "analyze", str(out), "--metric", "m" * 5000], "--metric 'mmm", "chars)")
    assert len(line) < 400
    refused(capsys, ["experiment", "analyze", str(out), "--metric", ""], "--metric ''", "choose from")
    refused(capsys, ["experiment", "analyze", str(out), "--metric", "staf_hours"], "choose from staff_hours")
    assert snapshot(out) == before
