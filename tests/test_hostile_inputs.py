"""Careless and hostile input to scenarios, --set and the command line: one line, exit 2, nothing lost.

Each case is a reproduction of a failure seen before (a traceback, a hang, a silently
dropped value or a file written on error); the contract is the same for all of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim import compare, load_scenario, run
from sim.cli import main
from sim.errors import ScenarioError
from sim.inputs import PATH_CHARS, QUOTE_CHARS, check_seed, flatten, quote, shown_path
from sim.params import PARAMS

TINY = ("--days", "3", "--set", "households=200")


@pytest.fixture(autouse=True)
def in_tmp_dir(english_locale, monkeypatch, tmp_path):
    """English messages, and relative paths land in the test's own folder."""
    monkeypatch.chdir(tmp_path)


def listing(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else b"" for p in sorted(root.rglob("*"))}


def refused(capsys, root: Path, *args: str, expect: str = "") -> str:
    """Run the CLI in-process; it must exit 2 with one short line and leave ``root`` as it was."""
    before = listing(root)
    code = main(list(args))
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, (args, out, err)
    assert len(lines) == 1, (args, err)
    assert lines[0].startswith(("error: ", "错误：")), lines
    assert len(lines[0]) <= 400, lines[0][:500]
    assert ".partial" not in lines[0] and ".tmp" not in lines[0]
    assert expect in lines[0], (expect, lines[0])
    assert listing(root) == before, "nothing may be written or changed on an error"
    return lines[0]


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------------- numbers ------
@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "1e400", "+inf"])
@pytest.mark.parametrize("name", ["staff", "visit_share", "days"])
def test_non_finite_values_in_set(capsys, tmp_path, name, raw):
    line = refused(capsys, tmp_path, "run", "baseline", "--set", f"{name}={raw}", expect=name)
    assert PARAMS[name].allowed() in line


@pytest.mark.parametrize("literal", ["nan", "inf", "-inf", "1e400", "1" + "0" * 400])
def test_non_finite_and_huge_values_in_a_scenario_file(capsys, tmp_path, literal):
    path = write(tmp_path / "s.toml", f"[params]\nstaff = {literal}\n")
    line = refused(capsys, tmp_path, "run", path, expect="staff")
    assert "int from 1 to 2000" in line
    assert len(line) < 250, "a 401-digit value is quoted shortened"


@pytest.mark.parametrize("raw", ["nan", "inf", "1e400", "-3", "0", "2.5", "abc", "1" + "0" * 400])
def test_days_option(capsys, tmp_path, raw):
    refused(capsys, tmp_path, "run", "baseline", "--days", raw, expect="--days")


def test_param_check_never_overflows():
    p = PARAMS["staff"]
    for value in (float("nan"), float("inf"), -float("inf"), 10**400, -(10**400), 1e308):
        with pytest.raises(ScenarioError):
            p.check(value)
    assert PARAMS["visit_share"].check(0) == 0.0
    with pytest.raises(ScenarioError):
        PARAMS["visit_share"].check(10**400)
    assert p.check(4.0) == 4 and isinstance(p.check(4.0), int)


# ------------------------------------------------------------------------- seeds --------
@pytest.mark.parametrize("seed", ["-1", str(2**63), str(2**80), "1.5", "nan", "x"])
@pytest.mark.parametrize("command", [("run", "baseline"), ("compare", "baseline", "component-2", "--reps", "1")])
def test_seed_outside_range(capsys, tmp_path, command, seed):
    refused(capsys, tmp_path, *command, "--seed", seed, *TINY, expect="--seed")


def test_largest_seed_runs(capsys):
    assert main(["run", "baseline", "--seed", str(2**63 - 1), *TINY]) == 0
    assert "Response rate" in capsys.readouterr().out


def test_seed_checked_in_the_python_api():
    assert check_seed(0) == 0 and check_seed(2**63 - 1) == 2**63 - 1
    for bad in (-1, 2**63, 1.5, True, "3", float("nan")):
        with pytest.raises(ScenarioError, match="seed"):
            check_seed(bad)
    with pytest.raises(ScenarioError, match="seed"):
        run("baseline", seed=-1)
    with pytest.raises(ScenarioError, match="seed"):
        compare(["baseline", "component-2"], reps=1, seed=2**80)


# ------------------------------------------------------------------------- sizes --------
def test_huge_reps_fail_before_anything_is_built(tmp_path):
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "sim", "compare", "baseline", "component-2", "--reps", "1000000000"]
    # The bound: a refused size must answer at once, not after building a task list.
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "2,000,000,000" in proc.stderr and "--max-runs" in proc.stderr
    assert "Traceback" not in proc.stderr and list(tmp_path.iterdir()) == []


def test_max_runs_raises_and_lowers_the_cap(capsys, tmp_path):
    refused(capsys, tmp_path, "compare", "baseline", "component-2", "--reps", "3", "--max-runs", "5", *TINY, expect="6")
    assert main(["compare", "baseline", "component-2", "--reps", "3", "--max-runs", "6", *TINY]) == 0
    capsys.readouterr()
    refused(capsys, tmp_path, "compare", "baseline", "component-2", "--max-runs", "0", expect="--max-runs")
    with pytest.raises(ScenarioError, match="max_runs"):
        compare(["baseline", "component-2"], reps=4, max_runs=7)


@pytest.mark.parametrize("jobs", ["0", "-2", "1025", "many"])
def test_jobs_bounded(capsys, tmp_path, jobs):
    refused(capsys, tmp_path, "compare", "baseline", "component-2", "--jobs", jobs, expect="--jobs")


# ------------------------------------------------------------------------- texts --------
def test_long_title_is_refused_with_its_length(capsys, tmp_path):
    path = write(tmp_path / "s.toml", f'title_en = "{"x" * 300_000}"\n[params]\nstaff = 4\n')
    line = refused(capsys, tmp_path, "run", path, "--out", "o", expect="title_en")
    assert "300,000" in line and "200" in line


def test_file_over_the_size_limit(capsys, tmp_path):
    path = write(tmp_path / "s.toml", f'title_en = "{"x" * 1_100_000}"\n')
    refused(capsys, tmp_path, "run", path, expect="too large")


def test_long_title_from_code_is_cut_in_tables_and_figures(tmp_path):
    from sim.i18n import scenario_title
    from sim.report import write_run
    from sim.scenario import Scenario

    base = load_scenario("baseline")
    sc = Scenario("big", {**base.params, "households": 200, "days": 3}, title={"en": "x" * 1_000_000, "zh": "题" * 10})
    assert len(scenario_title(sc, "en")) <= 200
    write_run(run(sc, seed=0), tmp_path / "o", "en")
    assert (tmp_path / "o" / "map.png").stat().st_size > 0


@pytest.mark.parametrize(
    "text, expect",
    [
        ("name = 'a\\nb'\n", "name"),
        ("name = ''\n", "name"),
        ("name = 'x/y'\n", "name"),
        ("extends = ''\n", "extends"),
        ("title_zh = 5\n", "title_zh"),
    ],
)
def test_bad_top_level_texts(capsys, tmp_path, text, expect):
    refused(capsys, tmp_path, "run", write(tmp_path / "s.toml", text), expect=expect)


def test_long_key_gives_a_short_message(capsys, tmp_path):
    key = "k" * 100_000
    path = len(str(tmp_path))  # the file's name is in the line, and temporary folders differ in length
    line = refused(capsys, tmp_path, "run", write(tmp_path / "s.toml", f"[params]\n{key} = 1\n"))
    assert "100,000" in line and len(line) - path < 250
    line = refused(capsys, tmp_path, "run", "baseline", "--set", f"{key}=1")
    assert len(line) < 300
    line = refused(capsys, tmp_path, "run", write(tmp_path / "t.toml", f"{key} = 1\n"), expect="unknown key")
    assert len(line) - path < 250


def test_quote_bounds_every_value():
    assert quote("abc") == "'abc'"
    long = quote("x" * 10_000)
    assert len(long) < QUOTE_CHARS + 30 and "10,002 chars" in long


# ------------------------------------------------------------------------- shapes -------
def test_deep_nesting(capsys, tmp_path):
    deep = write(tmp_path / "deep.toml", "[params." + ".".join(["a"] * 1500) + "]\nx = 1\n")
    refused(capsys, tmp_path, "run", deep, expect="nested")
    arrays = write(tmp_path / "arrays.toml", "[params]\na = " + "[" * 5000 + "]" * 5000 + "\n")
    refused(capsys, tmp_path, "run", arrays, expect="nested")
    with pytest.raises(ScenarioError, match="nested"):
        table: dict = {"x": 1}
        for _ in range(2000):
            table = {"a": table}
        flatten(table)


@pytest.mark.parametrize(
    "text",
    ["[params]\nstaff = {}\n", "[params.staff]\n", "[params]\ncategories = {}\n", "[params.categories.hazard]\n"],
)
def test_empty_tables_are_errors(capsys, tmp_path, text):
    refused(capsys, tmp_path, "run", write(tmp_path / "s.toml", text), expect="empty table")


@pytest.mark.parametrize("text", ["", "   \n\t\n", "# only a comment\n"])
def test_empty_files_are_errors(capsys, tmp_path, text):
    refused(capsys, tmp_path, "run", write(tmp_path / "s.toml", text), expect="empty")


def test_empty_params_table_means_no_changes(tmp_path):
    sc = load_scenario(write(tmp_path / "s.toml", 'name = "mine"\n[params]\n'))
    assert sc.overrides == {}


def test_a_shipped_name_may_not_carry_other_values(capsys, tmp_path):
    path = write(tmp_path / "s.toml", 'name = "full-1234"\n[params]\nstaff = 3\n')
    refused(capsys, tmp_path, "run", path, expect="shipped scenario")
    # The same values under the same name are the shipped scenario itself: allowed.
    same = write(tmp_path / "same.toml", 'name = "full-1234"\nextends = "full-1234"\n')
    assert load_scenario(same).params == load_scenario("full-1234").params
    # Without a name, a file called like a shipped scenario is known by its file name.
    assert load_scenario(write(tmp_path / "baseline.toml", "[params]\nstaff = 2\n")).name == "baseline.toml"


# ------------------------------------------------------------------------- outputs ------
def test_empty_out_is_an_error(capsys, tmp_path):
    refused(capsys, tmp_path, "run", "baseline", "--out", "", expect="--out")
    refused(capsys, tmp_path, "compare", "baseline", "component-2", "--out", " ", expect="--out")


def test_out_that_cannot_be_created_is_found_before_the_run(capsys, tmp_path):
    (tmp_path / "afile").write_text("keep me", encoding="utf-8")
    line = refused(capsys, tmp_path, "run", "baseline", "--out", "afile/sub/dir", expect="afile")
    assert "is a file" in line
    capsys.readouterr()
    # Found before the simulation: nothing was printed on standard output.
    assert main(["run", "baseline", "--out", "afile/x"]) == 2
    assert capsys.readouterr().out == ""


def test_out_may_not_replace_the_scenario_it_reads(capsys, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    path = write(folder / "s.toml", 'name = "mine"\n[params]\nhouseholds = 200\n')
    refused(capsys, tmp_path, "run", path, "--days", "3", "--out", str(folder), "--overwrite", expect="s.toml")
    refused(capsys, tmp_path, "run", path, "--days", "3", "--out", path, expect="s.toml")
    assert Path(path).read_text(encoding="utf-8").startswith('name = "mine"')


def test_out_in_a_read_only_directory(capsys, tmp_path, monkeypatch):
    ro = tmp_path / "ro"
    ro.mkdir()
    real_access = os.access
    # Root may write anywhere, so the directory is made read-only for the check itself.
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != ro and real_access(path, mode))
    refused(capsys, tmp_path, "run", "baseline", "--out", str(ro / "x" / "y"), expect="not writable")


def test_write_failure_never_names_the_temporary_directory(tmp_path, monkeypatch):
    import sim.files as files

    def boom(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(files, "atomic_write", boom)
    with pytest.raises(files.OutputError) as info:
        files.write_files(tmp_path / "out", {"a.txt": "x"})
    assert ".partial" not in str(info.value) and "No space left" in str(info.value)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------- the parser ---
def test_experiment_help_works(capsys):
    assert main(["experiment", "--help"]) == 0
    assert "95%" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, zh",
    [
        (["calibrate"], "缺少必需的参数"),
        (["run"], "缺少必需的参数"),
        (["run", "baseline", "--bogus"], "无法识别的参数"),
        (["run", "baseline", "--by", "street"], "只能是"),
        (["rn"], "只能是"),
        (["run", "baseline", "--seed"], "需要一个取值"),
        (["experiment"], "请给出子命令"),
    ],
)
def test_usage_errors_follow_the_language(capsys, tmp_path, args, zh):
    refused(capsys, tmp_path, "--lang", "zh", *args, expect=zh)
    refused(capsys, tmp_path, *args, "--lang", "en")


def test_integer_too_long_for_python(capsys, tmp_path):
    path = write(tmp_path / "s.toml", "[params]\nstaff = " + "9" * 5001 + "\n")
    refused(capsys, tmp_path, "run", path, expect="not valid TOML")


@pytest.mark.parametrize("where", ["top", "params"])
def test_control_characters_in_keys_never_reach_the_terminal(capsys, tmp_path, where):
    key = '"bad\\u001b[31mkey"'
    text = f"{key} = 1\n" if where == "top" else f"[params]\n{key} = 1\n"
    line = refused(capsys, tmp_path, "run", write(tmp_path / "s.toml", text))
    assert "\x1b" not in line and "\\x1b" in line


@pytest.mark.parametrize("out", [".", "..", "~"])
def test_out_may_not_replace_the_working_or_home_directory(capsys, tmp_path, monkeypatch, out):
    work = tmp_path / "home" / "work"
    work.mkdir(parents=True)
    (work / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(work)
    target = str(Path(out).expanduser())
    refused(capsys, tmp_path, "run", "baseline", *TINY, "--out", target, "--overwrite", expect="current directory")
    assert (work / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_deeply_nested_set_value(capsys, tmp_path):
    refused(capsys, tmp_path, "run", "baseline", "--set", "staff=" + "[" * 1500 + "]" * 1500, expect="staff")
    refused(capsys, tmp_path, "run", "baseline", "--set", "staff=" + "9" * 5000, expect="staff")


def test_huge_counts_are_not_printed_in_full(capsys, tmp_path):
    line = refused(capsys, tmp_path, "compare", "baseline", "component-2", "--reps", "1" + "0" * 400)
    assert "more than 10**24" in line and len(line) < 300
    line = refused(capsys, tmp_path, "--lang", "zh", "compare", "baseline", "component-2", "--reps", "1" + "0" * 400)
    assert line.startswith("错误：--reps × 情景数：大于 10**24 超过了") and len(line) < 300, line
    line = refused(capsys, tmp_path, "run", "x" * 1000)
    assert len(line) < 400


def test_non_utf8_out_name_is_written_and_recorded(tmp_path):
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable.encode(), b"-m", b"sim", b"run", b"baseline", b"--days", b"2", b"--out", b"out-\xff"]
    proc = subprocess.run(cmd, capture_output=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    (out,) = list(tmp_path.iterdir())
    assert (out / "meta.json").read_text(encoding="utf-8").count("out-") >= 1


def test_bracket_depth_counts_only_toml_structure():
    """The nesting check before parsing ignores brackets in strings and comments."""
    from sim.inputs import MAX_BRACKETS, bracket_depth

    assert bracket_depth('a = [[1, [2]], {b = "[[[["}]  # [[[[[[') == 3
    assert bracket_depth("x = '[[['\n[table]\n[[array]]\n") == 2
    assert bracket_depth("v = " + "[" * (MAX_BRACKETS + 1) + "]" * (MAX_BRACKETS + 1)) == MAX_BRACKETS + 1
    assert bracket_depth('s = "a \\" [[[[ still a string"') == 0


def test_a_path_is_shown_whole_when_it_can_be_else_by_its_start_and_end():
    folder = "/home/培训/" + "社区工作者/" * 12  # 72 characters of folders
    assert len(folder + "名单.csv") > QUOTE_CHARS
    assert shown_path(folder + "名单.csv") == folder + "名单.csv"
    long = "/data/" + "很深的文件夹/" * 60 + "issue-log.csv"
    text = shown_path(long)
    assert len(long) > PATH_CHARS and len(text) == PATH_CHARS
    assert text.startswith("/data/很深的文件夹/") and text.endswith("/issue-log.csv") and "…" in text
    # a name that does not decode, or a control character, cannot garble the terminal
    assert shown_path("/tmp/a\x1b[2Jb/" + "x\udce9.csv") == "/tmp/a\ufffd[2Jb/x\ufffd.csv"
