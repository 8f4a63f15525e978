"""Hostile input to ``calibrate``: every bad option, file, row or path ends in one line, exit 2, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cli_checks import fails_cleanly as fail
from cli_checks import listing

import sim
from sim.calibrate import (
    EXAMPLE_PATH,
    FEW_DAYS,
    FEW_ISSUES,
    LONG_DAYS,
    MAX_PROBLEMS,
    MAX_SPAN_DAYS,
    MIN_ISSUES,
    ROUGH,
    calibrate,
    check_holidays,
    read_holidays,
    read_issue_log,
    write_scenario,
)
from sim.calibrate.write import _toml_value
from sim.cli import main
from sim.i18n import TABLE

ROOT = Path(__file__).resolve().parent.parent
HEADER = "created,category,resolved,grid,channel,satisfaction"


pytestmark = pytest.mark.usefixtures("english_locale")


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A directory holding a copy of the example log (``log.csv``), made the current one."""
    (tmp_path / "log.csv").write_bytes(EXAMPLE_PATH.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _example_rows(n: int) -> str:
    """The header and the first ``n`` rows of the example log."""
    lines = EXAMPLE_PATH.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[: n + 1]) + "\n"


def cli(folder: Path, *args: str, module: str = "sim") -> subprocess.CompletedProcess:
    """Run ``python -m sim …`` in a fresh interpreter, as a user would."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env.update(LANG="C.UTF-8", PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=folder,
        env=env,
        timeout=300,
    )


def fail_subprocess(folder: Path, *args: str, module: str = "sim") -> str:
    before = listing(folder)
    done = cli(folder, *args, module=module)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert listing(folder) == before
    return lines[0]


# ------------------------------------------------------------------ numeric options ------
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "1e400", str(10**400), "12.5", "x", "4751"])
def test_days_out_of_range(capsys, work, value):
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", f"--days={value}")
    assert line.startswith("error: --days ") and "an integer from 1 to 4" in line
    assert str(MAX_SPAN_DAYS) in line.replace(",", "")


@pytest.mark.parametrize("value", ["nan", "inf", "0", "49", "200001", "1e400", "12.5", ""])
def test_households_out_of_range(capsys, work, value):
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", f"--households={value}")
    assert line.startswith("error: --households ") and "an integer from 50 to 200" in line


@pytest.mark.parametrize("value", ["-1", "nan", str(2**63)])
def test_seed_out_of_range(capsys, work, value):
    assert "--seed" in fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--seed", value)


def test_days_shorter_than_the_log(capsys, work):
    span = read_issue_log(work / "log.csv").span  # from the first to the last created day
    assert span > 100
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--days", "100")
    assert f"--days 100 is not allowed: shorter than the log itself ({span:g} working days" in line
    line = fail(capsys, work, "--lang", "zh", "calibrate", "log.csv", "--out", "out.toml", "--days", "100")
    assert "比台账本身还短" in line and f"共 {span:g} 个工作日" in line


def test_numeric_options_in_a_fresh_interpreter(tmp_path):
    (tmp_path / "log.csv").write_bytes(EXAMPLE_PATH.read_bytes())
    line = fail_subprocess(tmp_path, "calibrate", "log.csv", "--out", "out.toml", "--days", "nan")
    assert line.startswith("error: --days ")
    line = fail_subprocess(tmp_path, "calibrate", "log.csv", "--out", "out.toml", "--households", "1e400")
    assert line.startswith("error: --households ")


# ------------------------------------------------------------------ the log's rows -------
@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("inf", "'inf'"),
        ("-inf", "'-inf'"),
        ("nan", "'nan'"),
        ("1e400", "'1e400'"),
        ("-1", "'-1'"),
        ("60000", "'60000'"),
    ],
)
def test_non_finite_working_day_numbers(capsys, work, cell, shown):
    (work / "n.csv").write_text(f"created,category,resolved\n0.5,property,1.5\n{cell},dispute,\n", encoding="utf-8")
    line = fail(capsys, work, "calibrate", "n.csv", "--out", "out.toml")
    assert f"row 3: created {shown} is not allowed: a working-day number is finite, from 0 to 50,000" in line


def test_non_finite_resolved_number(capsys, work):
    (work / "n.csv").write_text("created,category,resolved\n0.5,property,inf\n", encoding="utf-8")
    assert "row 2: resolved 'inf' is not allowed" in fail(capsys, work, "calibrate", "n.csv", "--out", "o.toml")


def test_first_created_not_finite(capsys, work):
    # The first value decides the mode: "inf" reads as a number, so the message is about numbers.
    (work / "n.csv").write_text("created,category,resolved\ninf,property,\n1.5,property,2\n", encoding="utf-8")
    line = fail(capsys, work, "calibrate", "n.csv", "--out", "out.toml")
    assert "1 of 2 rows of the issue log cannot be used: row 2: created 'inf' is not allowed" in line


@pytest.mark.parametrize(
    ("created", "resolved", "expected"),
    [
        ("1600-01-03 09:00", "", "row 3: created '1600-01-03 09:00' is outside the years 1970–2100"),
        ("0024-03-01", "", "row 3: created '0024-03-01' is outside the years 1970–2100"),
        ("2024-01-03", "9999-12-31", "row 3: resolved '9999-12-31' is outside the years 1970–2100 (leave resolved"),
        ("2101-01-01", "", "row 3: created '2101-01-01' is outside"),
        ("now", "", "row 3: created 'now' is not a date-time"),
        ("today", "", "row 3: created 'today' is not a date-time"),
        ("2024-13-01", "", "row 3: created '2024-13-01' is not a date-time"),
    ],
)
def test_dates_outside_the_accepted_years(capsys, work, created, resolved, expected):
    text = f"created,category,resolved\n2024-01-02 09:00,property,\n{created},dispute,{resolved}\n"
    (work / "d.csv").write_text(text, encoding="utf-8")
    assert expected in fail(capsys, work, "calibrate", "d.csv", "--out", "out.toml")


def test_dates_outside_in_a_fresh_interpreter(tmp_path):
    (tmp_path / "d.csv").write_text("created,category,resolved\n1600-01-03,property,\n", encoding="utf-8")
    line = fail_subprocess(tmp_path, "calibrate", "d.csv", "--out", "out.toml")
    assert "row 2: created '1600-01-03' is outside the years 1970–2100" in line
    (tmp_path / "n.csv").write_text("created,category,resolved\n0.5,property,\ninf,property,\n", encoding="utf-8")
    assert "row 3: created 'inf'" in fail_subprocess(tmp_path, "calibrate", "n.csv", "--out", "out.toml")


def test_mixed_time_zones(capsys, work):
    text = "created,category,resolved\n2024-03-01 08:30+08:00,property,\n2024-03-02 08:30+01:00,property,\n"
    (work / "tz.csv").write_text(text, encoding="utf-8")
    line = fail(capsys, work, "calibrate", "tz.csv", "--out", "out.toml")
    assert line.startswith("error: tz.csv: created: ")
    zh = fail(capsys, work, "--lang", "zh", "calibrate", "tz.csv", "--out", "out.toml")
    assert zh.startswith("错误：tz.csv: 受理时间（created）：")


def test_problem_listing_is_one_self_contained_line(capsys, work):
    rows = "".join(f"2024-01-{1 + i % 28:02d} 09:00,nonsense{i},\n" for i in range(37))
    (work / "bad.csv").write_text("created,category,resolved\n2024-01-02 09:00,property,\n" + rows, encoding="utf-8")
    line = fail(capsys, work, "calibrate", "bad.csv", "--out", "out.toml")
    head = "error: bad.csv: 37 of 38 rows of the issue log cannot be used: row 3: category 'nonsense0' is not one of "
    assert line.startswith(head)
    listed = line.count("; row ") + 1
    assert 3 <= listed <= MAX_PROBLEMS
    assert line.endswith(f"; and {37 - listed} more rows")
    assert "row 4: category 'nonsense1' is unknown" in line  # what is allowed is said once
    assert len(line) <= 600
    zh = fail(capsys, work, "--lang", "zh", "calibrate", "bad.csv", "--out", "out.toml")
    assert zh.startswith("错误：bad.csv：诉求台账 38 行中有 37 行无法使用：第 3 行：类别（category）'nonsense0' 不在")
    listed = zh.count("；第 ") + 1
    assert 3 <= listed <= MAX_PROBLEMS and zh.endswith(f"；另有 {37 - listed} 行")


def test_one_huge_cell_is_shortened(capsys, work):
    (work / "h.csv").write_text(f"created,category,resolved\n2024-01-02,{'x' * 100_000},\n", encoding="utf-8")
    line = fail(capsys, work, "calibrate", "h.csv", "--out", "out.toml")
    assert "(100,002 chars)" in line and len(line) < 600


def test_missing_and_unusable_log_files(capsys, work):
    assert "nope.csv: issue log not found" in fail(capsys, work, "calibrate", "nope.csv", "--out", "o.toml")
    (work / "folder").mkdir()
    assert "folder: not a file" in fail(capsys, work, "calibrate", "folder", "--out", "o.toml")
    (work / "empty.csv").write_text("", encoding="utf-8")
    assert "the issue log is empty" in fail(capsys, work, "calibrate", "empty.csv", "--out", "o.toml")
    (work / "ragged.csv").write_text('created,category,resolved\n"2024-01-02,property,\n', encoding="utf-8")
    assert "ragged.csv: " in fail(capsys, work, "calibrate", "ragged.csv", "--out", "o.toml")


# ------------------------------------------------------------------ holidays -------------
def test_holidays_with_garbage_lines(capsys, work):
    text = "# public holidays\n2024-10-01\n2024-10-02  # national day\n\nxyz\n2024-02-30\n1600-01-01\n" + "junk\n" * 30
    (work / "hol.txt").write_text(text, encoding="utf-8")
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--holidays", "hol.txt")
    assert line.startswith(
        "error: hol.txt: 33 line(s) of the holidays file are not YYYY-MM-DD dates from 1970 to 2100: "
    )
    assert "line 5 'xyz'; line 6 '2024-02-30'; line 7 '1600-01-01'; line 8 'junk'" in line
    assert "line 2" not in line and "line 3" not in line  # dates and comments are fine
    assert line.endswith("more lines")
    zh = fail(capsys, work, "--lang", "zh", "calibrate", "log.csv", "--out", "out.toml", "--holidays", "hol.txt")
    assert "节假日文件有 33 行" in zh and "第 5 行 'xyz'" in zh


def test_holidays_missing_unreadable_or_not_text(capsys, work):
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--holidays", "nope.txt")
    assert line == "error: nope.txt: holidays file (--holidays) not found"
    (work / "dir").mkdir()
    assert "dir: cannot read the holidays file" in fail(
        capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--holidays", "dir"
    )
    (work / "bin.txt").write_bytes(b"\xff\xfe\x00garbage")
    assert "bin.txt: cannot read the holidays file (not UTF-8)" in fail(
        capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--holidays", "bin.txt"
    )
    (work / "big.txt").write_text("2024-10-01\n" * 100_000, encoding="utf-8")
    assert "too large" in fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--holidays", "big.txt")


def test_unreadable_files(capsys, work, tmp_path_factory, monkeypatch):
    locked = tmp_path_factory.mktemp("locked")  # outside the listed directory
    (locked / "hol.txt").write_text("2024-10-01\n", encoding="utf-8")
    (locked / "log.csv").write_bytes(EXAMPLE_PATH.read_bytes())
    real_read = Path.read_bytes

    # Root reads any file whatever its mode, so reading these two is made to fail instead.
    def denied(self):
        if self.parent == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "o.toml", "--holidays", str(locked / "hol.txt"))
    assert "cannot read the holidays file" in line and "Permission denied" in line
    line = fail(capsys, work, "calibrate", str(locked / "log.csv"), "--out", "o.toml")
    assert "cannot read the issue log" in line and "Permission denied" in line


def test_only_one_more_row_is_singular():
    from sim.calibrate.messages import listing

    items = [f"row {i}: x" for i in range(MAX_PROBLEMS + 1)]
    assert listing(items, "en", 10_000, "cli.calibrate.log.more_rows").endswith("; and 1 more row")
    assert listing(items + ["y"], "en", 10_000, "cli.calibrate.log.more_rows").endswith("; and 2 more rows")
    assert listing(items, "zh", 10_000, "cli.calibrate.log.more_rows").endswith("；另有 1 行")
    assert listing(items[:3], "en", 10_000, "cli.calibrate.log.more_rows") == "row 0: x; row 1: x; row 2: x"


def test_holidays_in_python():
    assert check_holidays(["2024-10-01", " 2024-10-02 "]) == ["2024-10-01", "2024-10-02"]
    with pytest.raises(sim.ScenarioError, match="line 2 'x'"):
        check_holidays(["2024-10-01", "x", 5])
    with pytest.raises(sim.ScenarioError):
        check_holidays("2024-10-01")  # a string, not a list of dates
    with pytest.raises(sim.ScenarioError, match="not found"):
        read_holidays("no-such-file.txt")


def test_holidays_file_is_used(tmp_path):
    (tmp_path / "hol.txt").write_text("# national day\n2024-01-02\n", encoding="utf-8")
    assert read_holidays(tmp_path / "hol.txt") == ["2024-01-02"]


# ------------------------------------------------------------------ names and outputs ----
def test_table_in_a_missing_directory_writes_nothing(capsys, work):
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--table", "nodir/t.csv")
    assert line.startswith("error: --table nodir/t.csv cannot be written: the directory ") and "does not exist" in line


def test_name_with_a_line_break_writes_nothing(capsys, work):
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--name", "a\nb")
    assert line == "error: --name = 'a\\nb' is not allowed: no line breaks or control characters"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "a name may not be empty"),
        ("../up", "a name may not be empty, start with a dot or contain /"),
        ('say "hi"', "contain /"),
        ("x" * 101, "--name is too long: 101 characters (at most 100)"),
        ("baseline", "the scenario name 'baseline' is the name of a shipped scenario; choose another with --name"),
        ("\udcff", "--name is not allowed: it holds characters that cannot be written as UTF-8"),
    ],
)
def test_bad_names(capsys, work, name, expected):
    assert expected in fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--name", name)


def test_name_from_the_output_file(capsys, work):
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "baseline.toml")
    assert "'baseline' is the name of a shipped scenario" in line
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "a:b.toml")
    assert line.startswith("error: the scenario name (from the file name of --out; choose one with --name) = 'a:b'")


def test_never_overwrites_the_log(capsys, work):
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "log.csv")
    assert "cannot be the output: it is the input file log.csv" in line
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "out.toml", "--table", "log.csv")
    assert "cannot be the output: it is the input file log.csv" in line
    # The same file under another spelling, or through a link.
    assert "input file" in fail(capsys, work, "calibrate", "./log.csv", "--out", str(work / "log.csv"))
    (work / "link.toml").symlink_to(work / "log.csv")
    assert "input file" in fail(capsys, work, "calibrate", "log.csv", "--out", "link.toml")


def test_never_overwrites_other_inputs(capsys, work):
    (work / "hol.toml").write_text("2024-10-01\n", encoding="utf-8")
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "hol.toml", "--holidays", "hol.toml")
    assert "input file hol.toml" in line
    line = fail(
        capsys, work, "calibrate", "log.csv", "--out", "o.toml", "--holidays", "hol.toml", "--table", "hol.toml"
    )
    assert "input file hol.toml" in line
    (work / "base.toml").write_text('extends = "baseline"\n[params]\nstaff = 20\n', encoding="utf-8")
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "base.toml", "--base", "base.toml")
    assert "input file base.toml" in line


def test_out_and_table_differ(capsys, work):
    line = fail(capsys, work, "calibrate", "log.csv", "--out", "same.toml", "--table", "same.toml")
    assert line == "error: --out and --table cannot be the same file (same.toml)"
    zh = fail(capsys, work, "--lang", "zh", "calibrate", "log.csv", "--out", "same.toml", "--table", "./same.toml")
    assert zh.startswith("错误：--out 和 --table 不能是同一个文件")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--out", ""], "--out is empty"),
        (["--out", "o.toml", "--table", ""], "--table is empty"),
        (["--out", "o.csv"], "--out o.csv: a scenario file name must end in .toml"),
        (["--out", "dir.toml"], "it is a directory"),
        (["--out", "log.csv/x.toml"], "cannot be created"),
        (["--out", "o.toml", "--table", "dir.toml"], "it is a directory"),
    ],
)
def test_bad_output_paths(capsys, work, args, expected):
    (work / "dir.toml").mkdir()
    assert expected in fail(capsys, work, "calibrate", "log.csv", *args)


def test_existing_output_survives_an_error(capsys, work):
    (work / "out.toml").write_text("# mine\n", encoding="utf-8")
    (work / "t.csv").write_text("mine\n", encoding="utf-8")
    (work / "bad.csv").write_text("created,category,resolved\n2024-01-02,nonsense,\n", encoding="utf-8")
    fail(capsys, work, "calibrate", "bad.csv", "--out", "out.toml", "--table", "t.csv")
    assert (work / "out.toml").read_text(encoding="utf-8") == "# mine\n"


def test_outputs_in_a_fresh_interpreter(tmp_path):
    (tmp_path / "log.csv").write_bytes(EXAMPLE_PATH.read_bytes())
    assert "does not exist" in fail_subprocess(
        tmp_path, "calibrate", "log.csv", "--out", "o.toml", "--table", "nodir/t.csv"
    )
    assert "--name = 'a\\nb'" in fail_subprocess(tmp_path, "calibrate", "log.csv", "--out", "o.toml", "--name", "a\nb")
    assert "input file log.csv" in fail_subprocess(tmp_path, "calibrate", "log.csv", "--out", "log.csv")


def test_python_api_checks_outputs_first(work):
    before = listing(work)
    for kwargs, expected in [
        ({"out": "log.csv"}, "input file log.csv"),
        ({"out": "o.toml", "table": "o.toml"}, "out and table cannot be the same file"),
        ({"out": "o.toml", "name": "a\nb"}, "name = 'a\\nb'"),
        ({"out": "o.toml", "span": float("nan")}, "span nan is not allowed"),
        ({"out": "o.toml", "households": float("inf")}, "households = inf"),
        ({"out": "o.toml", "holidays": ["2024-02-30"]}, "line 1 '2024-02-30'"),
        ({"out": "o.toml", "hours": "x"}, "hours = 'x'"),
        ({"out": "o.toml", "seed": -1}, "seed = -1"),
    ]:
        with pytest.raises(sim.ScenarioError) as exc:
            calibrate("log.csv", **kwargs)
        assert expected in str(exc.value), kwargs
    assert listing(work) == before


def test_toml_strings_are_escaped():
    for text in ['say "hi"', "back\\slash", "line\nbreak", "tab\there", "nul\x00", "del\x7f", "社区", "\udcff"]:
        parsed = tomllib.loads(f"v = {_toml_value(text)}\n")["v"]
        assert parsed == text or (text == "\udcff" and parsed == "\ufffd")


# ------------------------------------------------------------------ how much log ---------
def test_a_tiny_log_is_refused(capsys, work):
    (work / "two.csv").write_text(_example_rows(2), encoding="utf-8")
    line = fail(capsys, work, "calibrate", "two.csv", "--out", "out.toml")
    assert line == (
        f"error: two.csv: the issue log has 2 issue(s); at least {MIN_ISSUES} are needed to estimate anything "
        "(with fewer, even the 95% interval of the total spans a factor of about four, and category shares "
        "cannot be told apart)"
    )
    zh = fail(capsys, work, "--lang", "zh", "calibrate", "two.csv", "--out", "out.toml")
    assert zh.startswith("错误：two.csv：台账只有 2 条诉求，至少需要 10 条")


def test_a_small_log_is_warned_and_marked(capsys, work):
    (work / "small.csv").write_text(_example_rows(20), encoding="utf-8")
    span = read_issue_log(work / "small.csv").span
    assert span < FEW_DAYS
    assert main(["calibrate", "small.csv", "--out", "small.toml", "--table", "t.csv", "--households", "1000"]) == 0
    out, err = capsys.readouterr()
    assert f"warning: the log has only 20 issues (fewer than {FEW_ISSUES})" in err
    assert f"warning: the log covers only {span:g} working days (fewer than {FEW_DAYS}" in err
    assert "(rough)" in out and "Traceback" not in err
    text = (work / "small.toml").read_text(encoding="utf-8")
    assert "# Warning: the log has only 20 issues" in text and "# 警告：台账只有 20 条诉求" in text
    table = (work / "t.csv").read_text(encoding="utf-8")
    written = [line for line in table.splitlines() if ",True," in line]
    assert written and all(ROUGH in line for line in written)
    assert ROUGH not in "".join(line for line in table.splitlines() if ",False," in line)
    sim.load_scenario(work / "small.toml")  # still a valid scenario
    assert main(["--lang", "zh", "calibrate", "small.csv", "--out", "small.toml", "--households", "1000"]) == 0
    out, err = capsys.readouterr()
    assert "警告：台账只有 20 条诉求" in err and "（粗略）" in out and "warning" not in err


def test_a_healthy_log_has_no_warning(capsys, work):
    assert main(["calibrate", "log.csv", "--out", "ok.toml", "--households", "1000"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "(rough)" not in out
    assert "Warning" not in (work / "ok.toml").read_text(encoding="utf-8")


def _spread_log(years: list[int]) -> str:
    rows = [f"{y}-{m:02d}-10 09:00,property,{y}-{m:02d}-11 09:00" for y in years for m in range(1, 13, 2)]
    return "created,category,resolved\n" + "\n".join(rows) + "\n"


def test_a_long_log_is_warned(capsys, work):
    (work / "long.csv").write_text(_spread_log(list(range(2015, 2025))), encoding="utf-8")
    assert main(["calibrate", "long.csv", "--out", "long.toml", "--households", "1000"]) == 0
    err = capsys.readouterr().err
    assert f"working days (more than {LONG_DAYS:,}, about 5 years)" in err
    assert "# Warning: the log spans" in (work / "long.toml").read_text(encoding="utf-8")


def test_a_log_too_long_to_calibrate_is_refused(capsys, work):
    (work / "old.csv").write_text(_spread_log([1975, 2000, 2024]), encoding="utf-8")
    line = fail(capsys, work, "calibrate", "old.csv", "--out", "out.toml")
    assert f"more than the {MAX_SPAN_DAYS:,} (about 19 years) that can be calibrated" in line


# ------------------------------------------------------------------ command line ---------
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["calibrate"], "error: missing required arguments: LOG (see --help)"),
        (["calibrate", "log.csv"], "error: --out is missing (see --help)"),
        (["calibrate", "log.csv", "--out", "o.toml", "--bogus"], "error: unrecognized arguments: --bogus (see --help)"),
        (["calibrate", "log.csv", "--out", "o.toml", "--hours", "x"], "error: --hours does not take 'x'"),
        (["calibrate", "log.csv", "--out"], "error: --out needs a value"),
    ],
)
def test_usage_errors_in_english(capsys, work, argv, expected):
    assert fail(capsys, work, *argv).startswith(expected)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["calibrate"], "错误：缺少必需的参数：LOG（见 --help）"),
        (["calibrate", "log.csv"], "错误：缺少 --out（见 --help）"),
        (["calibrate", "log.csv", "--out", "o.toml", "--bogus"], "错误：无法识别的参数：--bogus（见 --help）"),
    ],
)
def test_usage_errors_in_chinese(capsys, work, argv, expected):
    assert fail(capsys, work, "--lang", "zh", *argv) == expected


def test_module_entry_points(tmp_path):
    line = fail_subprocess(tmp_path, module="sim.calibrate")
    assert line == "error: missing required arguments: LOG (see --help)"
    line = fail_subprocess(tmp_path, "example", "--lang", "zh", "--bogus", module="sim.calibrate")
    assert line == "错误：无法识别的参数：--bogus（见 --help）"
    done = cli(tmp_path, "example", "--out", "again.csv", module="sim.calibrate")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "again.csv").read_bytes() == EXAMPLE_PATH.read_bytes()


def test_example_speaks_the_chosen_language(capsys, tmp_path, monkeypatch):
    # ``python -m sim.calibrate example``: argparse's own messages and the kit's are translated.
    from sim.calibrate.program import example_cli
    from sim.calibrate.program import main as program_main

    monkeypatch.chdir(tmp_path)
    for argv, expected in [
        (["--lang", "zh", "--bogus"], "错误：无法识别的参数：--bogus（见 --help）"),
        (["--bogus", "--lang=zh"], "错误：无法识别的参数：--bogus（见 --help）"),
        (["--lang", "zh", "--out"], "错误：--out 后面需要一个取值"),
        (["--lang", "en", "--bogus"], "error: unrecognized arguments: --bogus (see --help)"),
    ]:
        assert example_cli(argv) == 2
        captured = capsys.readouterr()
        assert captured.err.strip().startswith(expected) and captured.out == "", (argv, captured.err)
    assert program_main(["--lang", "zh", "example", "--households", "x"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：--households x 不可用") and len(err.splitlines()) == 1
    assert program_main(["example", "--seed", "-1", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.startswith("错误：--seed -1")
    assert example_cli(["--lang", "zh", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：python -m sim.calibrate example") and "写出合成的示例诉求台账" in out
    assert example_cli(["--lang", "en", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: ") and not any("\u4e00" <= ch <= "\u9fff" for ch in out)
    assert list(tmp_path.iterdir()) == []


def test_help_names_ranges_and_thresholds(capsys):
    assert main(["--lang", "en", "calibrate", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "an integer from 50 to 200,000" in out and "an integer from 1 to 4,750" in out
    assert f"fewer than {MIN_ISSUES} issues are refused" in out and "nothing is written" in out
    assert main(["--lang", "zh", "calibrate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "50 到 200,000 的整数" in out and "不写出任何文件" in out


# ------------------------------------------------------------------ languages ------------
def test_calibrate_texts_exist_in_both_languages():
    import string

    keys = [k for k in TABLE if k.startswith("cli.calibrate.")]
    assert len(keys) > 50
    fields = string.Formatter()
    for key in keys:
        zh, en = TABLE[key]
        assert zh.strip() and en.strip(), key
        assert {f for _, f, _, _ in fields.parse(zh) if f} == {f for _, f, _, _ in fields.parse(en) if f}, key
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in en), key  # English texts hold no Chinese
    import sim.calibrate as module

    assert not hasattr(module, "CLI_TEXT") and not hasattr(module, "_text")
    # How texts are kept (keys only, no inline pairs) is checked in test_calibrate_package.py.


def test_notes_are_printed_in_the_chosen_language(capsys, work):
    households = sim.load_scenario("baseline").params["households"]
    incidents = int((read_issue_log(work / "log.csv").data["channel"] == "incident").sum())
    assert incidents > 0
    assert main(["--lang", "zh", "calibrate", "log.csv", "--out", "zh.toml"]) == 0
    out = capsys.readouterr().out
    assert f"说明：未给出住户数：使用基础情景的 {households} 户" in out and "note:" not in out
    assert f"说明：{incidents} 条事故暴露的记录不参与处理工时拟合" in out
    text = (work / "zh.toml").read_text(encoding="utf-8")
    assert "# Note: households not given" in text and "# 说明：未给出住户数" in text  # the file has both


def test_write_scenario_checks_its_output(work):
    cal = calibrate("log.csv", households=1000)
    before = listing(work)
    with pytest.raises(sim.ScenarioError, match="input file"):
        write_scenario(cal, "log.csv")
    with pytest.raises(sim.ScenarioError, match="no line breaks"):
        write_scenario(cal, "x.toml", name="a\nb")
    assert listing(work) == before
    assert write_scenario(cal, "mine.toml").name == "mine.toml"
    assert sim.load_scenario(work / "mine.toml").name == "mine"
    assert not [p for p in work.iterdir() if p.name.startswith(".")]  # no staging file left


def test_notes_survive_pickling():
    import copy
    import pickle

    from sim.calibrate import Note

    note = Note("cli.calibrate.notes.ignored", columns="memo")
    for again in (pickle.loads(pickle.dumps(note)), copy.deepcopy(note)):
        assert again == "columns not used: memo" and again.zh == "未使用的列：memo" and isinstance(again, Note)
