"""The command line and the report writer: real runs, real files, one-line errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim import compare, list_scenarios, load_scenario, run
from sim.cli import load, main, parse_set, render_table
from sim.errors import ScenarioError
from sim.files import OutputError, staged_dir, write_files
from sim.i18n import format_ci, format_value, metric_label, t
from sim.model.metrics import METRICS
from sim.report import COMPARISON_FILES, RUN_FILES, write_run

DAYS = "40"
# A small community and a short horizon keep each run well under a second.
SMALL = ("--days", DAYS, "--set", "households=400")
# Two staff and no triage over 250 days: a community whose backlog keeps growing.
BEHIND = ("--set", "triage_backlog=0", "--set", "staff=2", "--days", "250")
RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


pytestmark = pytest.mark.usefixtures("english_locale")


def cli(*args: str, cwd: Path | None = None, lang_env: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang_env
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=300,
    )


def call(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# ----------------------------------------------------------------------------- scenarios --
def test_scenarios_lists_every_shipped_scenario():
    proc = cli("scenarios")
    assert proc.returncode == 0, proc.stderr
    for name in list_scenarios():
        assert name in proc.stdout
        assert load_scenario(name).title["en"] in proc.stdout
    assert "Traceback" not in proc.stderr


def test_scenarios_in_chinese_by_locale():
    proc = cli("scenarios", lang_env="zh_CN.UTF-8")
    assert proc.returncode == 0, proc.stderr
    assert load_scenario("baseline").title["zh"] in proc.stdout
    assert load_scenario("baseline").title["en"] not in proc.stdout


def test_params_table_and_group(capsys):
    code, out, _ = call(capsys, "params", "--group", "2")
    assert code == 0
    assert "listening_minutes" in out and "visit_share" in out
    assert "households" not in out
    assert "0–0.6" in out
    code, out, _ = call(capsys, "params", "--lang", "zh", "--levers")
    assert code == 0
    assert "用心倾听" in out and "gridding" in out
    assert "visit_hours" not in out  # not a lever


# ----------------------------------------------------------------------------- run -------
def test_run_prints_labelled_metrics_and_seed(capsys):
    code, out, err = call(capsys, "run", "baseline", *SMALL, "--seed", "3")
    assert code == 0, err
    assert "seed 3" in out
    assert "Response rate" in out and "On-time closure rate" in out
    assert "Time to first response, mean (working days)" in out
    assert "%" in out
    code, out, err = call(capsys, "run", "baseline", *SMALL, "--seed", "3", "--lang", "zh")
    assert code == 0, err
    assert "随机种子 3" in out
    assert "响应率" in out and "按期结案率" in out and "满意率" in out
    assert "Response rate" not in out


def _squeezed(text: str) -> str:
    """``text`` without any white space: a sentence wrapped to the terminal reads the same."""
    return re.sub(r"\s+", "", text)


def _table_rows(out: str, header: str, column: str = "") -> dict[str, list[str]]:
    """The rows of the printed table whose header line starts with ``header`` (and holds ``column``)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header) and column in line)
    rows = {}
    for line in lines[start + 2 :]:  # the header, then the rule
        if not line.strip():
            break
        label, *cells = re.split(r"\s{2,}", line.strip())
        rows[label] = cells
    return rows


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_shows_true_and_assessed_rates_side_by_side(capsys, lang):
    scenario = load("baseline", ["households=400"], DAYS, lang)
    summary = run(scenario, seed=3).summary
    assert summary["keeps_up_share"] == 1  # this run keeps up: no warning expected
    code, out, err = call(capsys, "run", "baseline", *SMALL, "--seed", "3", "--lang", lang)
    assert code == 0, err
    lines = out.splitlines()
    header = lines[lines.index(t("result.rates_title", lang)) + 1]
    assert re.split(r"\s{2,}", header) == [t("word.metric", lang), t("result.true", lang), t("result.assessed", lang)]
    rows = _table_rows(out, header)
    for m in RATES:
        assert rows[metric_label(m, lang)] == [
            format_value(m, summary[m], lang),
            format_value(f"assessed_{m}", summary[f"assessed_{m}"], lang),
        ]
    assert rows[metric_label("on_time_closure_rate", lang)] == [
        format_value("on_time_closure_rate", summary["on_time_closure_rate"], lang),
        "–",
    ]
    assert _squeezed(t("result.assessed_note", lang)) in _squeezed(out)
    assert _squeezed(t("result.cannot_keep_up", lang)) not in _squeezed(out)
    # The rates are not printed a second time in the table of the other metrics.
    assert out.count(metric_label("assessed_response_rate", lang)) == 0
    assert out.count(metric_label("response_rate", lang)) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_that_cannot_keep_up_says_so(capsys, lang):
    scenario = load("stretched-full-1234", ["triage_backlog=0", "staff=2"], "250", lang)
    summary = run(scenario, seed=0).summary
    assert summary["keeps_up_share"] < 1, "the run meant to fall behind keeps up: choose another"
    code, out, err = call(capsys, "run", "stretched-full-1234", *BEHIND, "--lang", lang)
    assert code == 0, err
    assert _squeezed(out).count(_squeezed(t("result.cannot_keep_up", lang))) == 1
    others = _table_rows(out, t("word.metric", lang), t("word.value", lang))
    assert others[metric_label("keeps_up_share", lang)] == [t("result.no", lang)]


def test_run_by_category(capsys):
    code, out, _ = call(capsys, "run", "baseline", *SMALL, "--by", "category", "--lang", "zh")
    assert code == 0
    for name in ("物业维修", "邻里纠纷", "安全隐患"):
        assert name in out


def test_run_set_changes_the_run(capsys):
    code, out, err = call(
        capsys, "run", "baseline", *SMALL, "--set", "gridding=true", "--set", "priority_rule=resident_first"
    )
    assert code == 0, err
    assert "gridding = true" in out and "priority_rule = resident_first" in out


def test_run_out_writes_every_file(tmp_path):
    out = tmp_path / "result"
    proc = cli("run", "full-1234", *SMALL, "--seed", "7", "--set", "visit_share=0.2", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    files = {p.name for p in out.iterdir()}
    assert set(RUN_FILES) <= files
    assert not [f for f in files if f.startswith(".")]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary siblings left
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["scenario"] == "full-1234"
    assert meta["source"] == "builtin:full-1234"
    assert meta["seed"] == 7
    assert meta["overrides"]["visit_share"] == 0.2
    assert meta["overrides"]["days"] == float(DAYS)
    assert meta["params"]["gridding"] is True
    for pkg in ("python", "mesa", "numpy", "pandas", "matplotlib", "community-1234-kit"):
        assert meta["versions"][pkg]
    issues = pd.read_csv(out / "issues.csv")
    parquet = pd.read_parquet(out / "issues.parquet")
    assert len(issues) == len(parquet) > 0
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary["metric"]) == list(METRICS)
    assert set(pd.read_csv(out / "by_category.csv")["category"]) == {
        "property",
        "environment",
        "dispute",
        "hazard",
        "elderly",
        "department",
    }
    for png in ("map.png", "distribution.png", "backlog.png", "hours.png"):
        assert (out / png).read_bytes().startswith(b"\x89PNG")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "Response rate" in readme and "seed 7" in readme
    assert "written to" in proc.stdout


def test_same_seed_same_bytes(tmp_path, capsys):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, "5"), (b, "5"), (c, "6")):
        code, _, err = call(capsys, "run", "baseline", *SMALL, "--seed", seed, "--out", str(out))
        assert code == 0, err
    assert (a / "issues.csv").read_bytes() == (b / "issues.csv").read_bytes()
    assert (a / "summary.csv").read_bytes() == (b / "summary.csv").read_bytes()
    assert (a / "issues.csv").read_bytes() != (c / "issues.csv").read_bytes()


def test_existing_out_dir_is_refused_unless_overwrite(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, _, err = call(capsys, "run", "baseline", *SMALL, "--out", str(out))
    assert code == 2
    assert "already exists" in err and "--overwrite" in err
    assert (out / "keep.txt").read_text() == "mine"
    code, _, err = call(capsys, "run", "baseline", *SMALL, "--out", str(out), "--overwrite")
    assert code == 0, err
    assert not (out / "keep.txt").exists()
    assert (out / "meta.json").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = call(capsys, "run", "baseline", *SMALL, "--out", str(empty))
    assert code == 0, err
    assert (empty / "issues.csv").exists()


def test_failed_write_leaves_nothing(tmp_path):
    target = tmp_path / "deep" / "er" / "out"

    class Boom(Exception):
        pass

    def files():
        yield "a.csv", b"1"
        raise Boom

    class Exploding(dict):
        def items(self):
            return files()

    with pytest.raises(Boom):
        write_files(target, Exploding())
    assert not (tmp_path / "deep").exists()
    assert list(tmp_path.iterdir()) == []


def test_a_name_too_long_is_refused_before_anything_is_made(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exp.toml").write_text(
        'name = "tiny"\nreplications = 1\n[params]\nhouseholds = 200\ndays = 2\n'
        '[design]\nmethod = "factorial"\n[factors.callback]\n',
        encoding="utf-8",
    )
    long = "a/" + "b" * 300
    for args in (
        ["experiment", "run", "exp.toml", "--serial", "--out", long],
        ["run", "baseline", "--days", "2", "--out", long],
    ):
        code, out, err = call(capsys, *args)
        assert code == 2, (args, out, err)
        assert err.count("\n") == 1 and "longer than the 255 bytes" in err, err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.toml"], args
    code, _, err = call(capsys, "--lang", "zh", "run", "baseline", "--days", "2", "--out", "x/" + "中" * 90)
    assert code == 2 and "超过了文件系统允许的" in err, err  # 270 bytes in UTF-8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.toml"]


def test_a_staging_directory_that_cannot_be_made_leaves_no_parents(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    with pytest.raises(OutputError, match="No space left"), staged_dir(tmp_path / "new" / "deeper" / "out"):
        pass  # pragma: no cover - never entered
    assert list(tmp_path.iterdir()) == []


def test_write_run_refuses_a_file_target(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = run("baseline", seed=0, days=5)
    with pytest.raises(OutputError, match="not a directory"):
        write_run(result, target, lang="en", overwrite=True)
    assert target.read_text() == "x"


# ----------------------------------------------------------------------------- compare ---
def test_compare_prints_and_writes(tmp_path):
    out = tmp_path / "cmp"
    proc = cli("compare", "baseline", "full-1234", "--reps", "2", *SMALL, "--seed", "4", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Δ vs baseline" in proc.stdout
    assert "Response rate" in proc.stdout and "pp" in proc.stdout
    assert "master seed 4" in proc.stdout
    assert set(COMPARISON_FILES) <= {p.name for p in out.iterdir()}
    table = pd.read_csv(out / "comparison.csv")
    assert len(table) == 2 * len(METRICS)
    assert set(table["scenario"]) == {"baseline", "full-1234"}
    assert {"mean", "ci_low", "ci_high", "diff", "diff_low", "diff_high", "label"} <= set(table.columns)
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 4
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["reps"] == 2 and meta["seed"] == 4
    assert [s["name"] for s in meta["scenario_details"]] == ["baseline", "full-1234"]
    assert meta["versions"]["mesa"]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "| Response rate |" in readme
    # Every replication of both keeps up: the count per scenario, and no warning.
    kept = runs.groupby("scenario")["keeps_up_share"].sum().astype(int)
    assert kept.tolist() == [2, 2]
    assert "Replications that keep up: baseline 2/2, full-1234 2/2" in proc.stdout
    assert _squeezed("Note: not every replication") not in _squeezed(proc.stdout)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compare_shows_true_and_assessed_blocks_and_who_keeps_up(capsys, lang):
    names = ("full-1234", "stretched-full-1234")
    sets = ["triage_backlog=0", "staff=2"]
    comparison = compare([load(n, sets, "250", lang) for n in names], reps=2, seed=0)
    runs = comparison.runs
    kept = [int(runs.loc[runs["scenario"] == n, "keeps_up_share"].sum()) for n in names]
    assert kept[1] < 2, "the scenario meant to fall behind keeps up: choose another"
    code, out, err = call(capsys, "compare", *names, "--reps", "2", *BEHIND, "--lang", lang)
    assert code == 0, err
    table = comparison.table.set_index(["metric", "scenario"])

    def cell(m: str, name: str) -> str:
        r = table.loc[(m, name)]
        return f"{format_value(m, r['mean'], lang)} {format_ci(m, r['ci_low'], r['ci_high'], lang)}"

    true_rows = _table_rows(out, t("result.true", lang) + " ")
    assessed_rows = _table_rows(out, t("result.assessed", lang) + " ")
    for m in (*RATES, "on_time_closure_rate"):
        assert true_rows[metric_label(m, lang)][:2] == [cell(m, n) for n in names]
    for m in RATES:
        assert assessed_rows[metric_label(f"assessed_{m}", lang)][:2] == [cell(f"assessed_{m}", n) for n in names]
    assert metric_label("on_time_closure_rate", lang) not in assessed_rows
    sep = t("result.list_sep", lang)
    items = sep.join(f"{n} {k}/2" for n, k in zip(names, kept, strict=True))
    assert _squeezed(t("result.keeps_up_line", lang, items=items)) in _squeezed(out)
    behind = sep.join(n for n, k in zip(names, kept, strict=True) if k < 2)
    assert _squeezed(t("result.cannot_keep_up_some", lang, scenarios=behind)) in _squeezed(out)


def test_compare_in_chinese(capsys):
    code, out, err = call(capsys, "compare", "baseline", "component-2", "--reps", "2", *SMALL, "--lang", "zh")
    assert code == 0, err
    assert "与 baseline 之差" in out
    assert "满意率" in out and "个百分点" in out


# ----------------------------------------------------------------------------- errors ----
def bad_cases(tmp_path: Path) -> list[tuple[list[str], list[str]]]:
    unknown_key = write(tmp_path, "unknown.toml", 'name = "x"\n[params]\nvisit_shar = 0.1\n')
    wrong_type = write(tmp_path, "type.toml", '[params]\ngridding = "yes"\n')
    out_of_range = write(tmp_path, "range.toml", "[params]\nvisit_share = 0.9\n")
    malformed = write(tmp_path, "bad.toml", "[params\nvisit_share = 0.1\n")
    return [
        (["run", "no-such-scenario"], ["no-such-scenario", "baseline", "full-1234"]),
        (["run", unknown_key], ["visit_shar", "unknown parameter", "visit_share"]),
        (["run", wrong_type], ["gridding", "true or false"]),
        (["run", out_of_range], ["visit_share", "0.9", "0 to 0.6"]),
        (["run", malformed], ["bad.toml", "not valid TOML"]),
        (["run", str(tmp_path / "missing.toml")], ["missing.toml", "not found"]),
        (["run", "baseline", "--set", "visit_share"], ["--set", "visit_share", "NAME=VALUE"]),
        (["run", "baseline", "--set", "=3"], ["--set", "NAME=VALUE"]),
        (["run", "baseline", "--set", "staff=abc"], ["staff", "int from 1"]),
        (["run", "baseline", "--set", "priority_rule=fastest"], ["priority_rule", "fifo", "resident_first"]),
        (["run", "baseline", "--days", "0"], ["--days", "days", "1 to 5000"]),
        (["run", "baseline", "--lang", "fr"], ["--lang", "fr", "zh", "en"]),
        (["run", "baseline", "--seed", "x"], ["--seed", "x"]),
        (["compare", "baseline", "full-1234", "--reps", "0"], ["--reps", "0", "at least 1"]),
        (["compare", "baseline", "--jobs", "0"], ["--jobs", "from 1 to 1024"]),
        (["compare", "baseline", "no-such-scenario", "--reps", "2"], ["no-such-scenario"]),
        (["params", "--group", "9"], ["--group", "community", "model"]),
        (["run"], ["SCENARIO"]),
        (["fly"], ["fly", "run", "compare"]),
    ]


def test_bad_inputs_give_one_line_and_status_2(tmp_path, capsys):
    out = tmp_path / "never"
    for args, expected in bad_cases(tmp_path):
        code, stdout, stderr = (
            call(capsys, *args, "--out", str(out))
            if args[0] in ("run", "compare") and len(args) > 1
            else call(capsys, *args)
        )
        assert code == 2, (args, stderr)
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, (args, stderr)
        assert lines[0].startswith("error: "), lines
        for text in expected:
            assert text in lines[0], (args, text, lines[0])
        assert "Traceback" not in stderr
        assert not out.exists(), args
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("index", [0, 1, 4, 6, 11, 13])
def test_bad_inputs_in_a_real_process(tmp_path, index):
    args, expected = bad_cases(tmp_path)[index]
    out = tmp_path / "never"
    proc = cli(*args, "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for text in expected:
        assert text in lines[0]
    assert not out.exists()
    assert proc.stdout == ""


def test_errors_in_chinese(capsys):
    code, _, err = call(capsys, "run", "no-such-scenario", "--lang", "zh")
    assert code == 2
    assert err.startswith("错误：")
    code, _, err = call(capsys, "compare", "baseline", "--reps", "0", "--lang", "zh")
    assert code == 2
    assert "--reps 0" in err and "不小于 1" in err


# ----------------------------------------------------------------------------- help ------
def test_help_in_both_languages(capsys):
    code, out, _ = call(capsys, "--help")
    assert code == 0
    assert "examples:" in out and "compare baseline full-1234" in out
    code, out, _ = call(capsys, "run", "--help", "--lang", "zh")
    assert code == 0
    assert out.startswith("用法：") and "示例" in out and "--set" in out
    code, out, _ = call(capsys, "compare", "--help")
    assert code == 0
    assert "--reps" in out and "common random numbers" in out


def test_no_command_prints_help(capsys):
    code, out, _ = call(capsys)
    assert code == 0
    assert "scenarios" in out and "compare" in out


def test_console_script_is_installed():
    script = shutil.which("community-1234", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("package not installed with its console script")
    proc = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert "community-1234" in proc.stdout


# ----------------------------------------------------------------------------- helpers ---
def test_parse_set_reads_toml_literals():
    values = parse_set(["a=1", "b=0.5", "c=true", "d=fifo", 'e="x y"', "f = 2"], "en")
    assert values == {"a": 1, "b": 0.5, "c": True, "d": "fifo", "e": "x y", "f": 2}
    with pytest.raises(Exception, match="NAME=VALUE"):
        parse_set(["a"], "en")


def test_render_table_aligns_chinese():
    df = pd.DataFrame({"数值": ["100.0%", "2.46"]}, index=["响应率", "解决时间·均值（工作日）"])
    lines = render_table(df, "指标").splitlines()
    from sim.i18n import display_width

    assert len({display_width(line) for line in lines}) == 1
    assert lines[2].startswith("响应率")


def test_set_errors_name_the_option():
    from sim.cli import load

    with pytest.raises(ScenarioError, match="^--set visit_share"):
        load("baseline", ["visit_share=5"])


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ("run", "baseline", "--set", "staff=0"),
            "不允许：应为整数，1 到 2000",
            "is not allowed: expected int from 1 to 2000",
        ),
        (
            ("run", "baseline", "--set", "stafff=3"),
            "没有这个参数；是不是 staff",
            "unknown parameter; did you mean staff",
        ),
        (("run", "nosuch"), "没有名为 'nosuch' 的情景", "scenario 'nosuch' does not exist"),
        (("run", "missing/none.toml"), "找不到情景文件", "scenario file not found"),
    ],
)
def test_user_errors_are_told_in_the_chosen_language(tmp_path, capsys, args, zh, en):
    for lang, expected, other in (("zh", zh, en), ("en", en, zh)):
        assert main(["--lang", lang, *args]) == 2
        err = capsys.readouterr().err
        assert expected in err and other not in err, err
        assert err.count("\n") == 1 and "Traceback" not in err


HELP_COMMANDS = [
    [],
    ["scenarios"],
    ["params"],
    ["run"],
    ["compare"],
    ["experiment"],
    ["experiment", "run"],
    ["experiment", "status"],
    ["experiment", "analyze"],
    ["experiment", "discover"],
    ["calibrate"],
    ["workshop"],
    ["materials"],
    ["lab"],
    ["dashboard"],
    ["bundle"],
    ["print"],
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_every_help_exits_0_in_both_languages(capsys, command, lang):
    assert main(["--lang", lang, *command, "--help"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("用法：" if lang == "zh" else "usage: ")


# ----------------------------------------------------------------------------- layout ----
CLI_NAMES = (
    "EXIT_USAGE",
    "MAX_JOBS",
    "MAX_MESSAGE",
    "ArgparseError",
    "UsageError",
    "argparse_message",
    "build_parser",
    "cmd_compare",
    "cmd_experiment",
    "cmd_experiment_analyze",
    "cmd_experiment_run",
    "cmd_experiment_status",
    "cmd_params",
    "cmd_run",
    "cmd_scenarios",
    "count_option",
    "load",
    "main",
    "max_runs_option",
    "number_option",
    "parse_set",
    "render_table",
    "seed_option",
)


def test_command_line_modules_stay_small():
    sim_dir = Path(__file__).resolve().parent.parent / "sim"
    modules = [*sim_dir.glob("cli*.py"), *(sim_dir / "commands").glob("*.py")]
    assert len(modules) >= 6
    for path in modules:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 600, f"{path.relative_to(sim_dir)}: {lines} lines"


def test_every_name_of_sim_cli_is_still_there():
    import sim.cli

    assert set(CLI_NAMES) <= set(sim.cli.__all__)
    for name in CLI_NAMES:
        assert getattr(sim.cli, name) is not None, name


def test_option_readers_import_no_command():
    # What sim.calibrate (and any part that reads options) needs imports neither the
    # parser, the commands nor sim.calibrate, so reading it can never close a cycle.
    code = (
        "import sys, sim.commands.options; "
        "print(sorted(m for m in sys.modules if m.startswith(('sim.cli', 'sim.calibrate', 'sim.commands.'))))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['sim.commands.options']"


# ----------------------------------------------------------------------------- shocks --
SHOCKED = """
name = "shocked"
extends = "baseline"
[params]
households = 400
[[shocks]]
name_zh = "暴雨"
name_en = "Storm"
start = 10
end = 20
[shocks.scale]
"arrival_scale.hazard" = 3
[[shocks]]
start = 25
[shocks.set]
callback = true
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_and_compare_headers_list_a_scenarios_shocks(tmp_path, capsys, lang):
    from sim.model.shocks import describe

    path = write(tmp_path, "shocked.toml", SHOCKED)
    lines = describe(load_scenario(path).shocks, lang)
    assert len(lines) == 2 and ("暴雨" if lang == "zh" else "Storm") in lines[0]
    label = t("report.shocks", lang)
    code, out, err = call(capsys, "--lang", lang, "run", path, "--days", DAYS)
    assert code == 0, err
    header = out.split("\n\n")[0]  # the header ends at the first blank line
    assert label in header and all(_squeezed(line) in _squeezed(header) for line in lines)
    code, out, err = call(capsys, "--lang", lang, "compare", path, "baseline", "--days", DAYS, "--reps", "2")
    assert code == 0, err
    header = out.split("\n\n")[0]
    assert header.count(label) == 1  # the shocked scenario only: the baseline has none
    assert all(_squeezed(line) in _squeezed(header) for line in lines)
    code, out, err = call(capsys, "--lang", lang, "run", "baseline", *SMALL)
    assert code == 0 and label not in out
