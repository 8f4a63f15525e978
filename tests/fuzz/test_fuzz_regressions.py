"""Known hostile inputs, each pinned: exit 2 with one short line and nothing written.

These are reproductions found by hand or by the fuzz tests; every one must keep giving
a usage error (``--out`` cases: never a half-written directory), never a traceback.
"""

from __future__ import annotations

import pytest

from .harness import FUZZ_MARKS, call, call_process, check_contract, sandbox

pytestmark = FUZZ_MARKS

HUGE_INT = str(10**400)
DEPTH = 1_500
LONG_KEY = "k" * 100_000
RUN = ["run", "baseline", "--days", "2"]
SMALL = "[params]\nhouseholds = 200\n"


def _bytes(files: dict[str, str]) -> dict[str, bytes]:
    """File contents as bytes; a lone surrogate stands for a byte that is not UTF-8."""
    return {k: v.encode("utf-8", "surrogateescape") for k, v in files.items()}


def _case(case_id: str, argv: list[str], files: dict[str, str] | None = None):
    return pytest.param(argv, _bytes(files or {}), id=case_id)


EXPERIMENT = 'name = "e"\n[params]\nhouseholds = 200\ndays = 2\n[design]\nmethod = "factorial"\n'
LOG = "created,category,resolved\n"

USAGE_ERRORS = [
    *[_case(f"set-staff-{v}", [*RUN, "--set", f"staff={v}"]) for v in ("nan", "inf", "-inf", "1e400")],
    _case("set-staff-10**400", [*RUN, "--set", f"staff={HUGE_INT}"]),
    _case("file-staff-10**400", ["run", "sc.toml", "--days", "2"], {"sc.toml": f"[params]\nstaff = {HUGE_INT}\n"}),
    _case("days-nan", ["run", "baseline", "--days", "nan"]),
    _case("days-inf", ["run", "baseline", "--days", "inf"]),
    _case("run-seed-negative", [*RUN, "--seed", "-1"]),
    _case(
        "compare-seed-negative", ["compare", "baseline", "component-2", "--days", "2", "--reps", "1", "--seed", "-1"]
    ),
    _case("run-seed-2**80", [*RUN, "--seed", "1208925819614629174706176"]),
    _case("deep-tables", ["run", "sc.toml", "--days", "2"], {"sc.toml": f"[params{'.a' * DEPTH}]\nx = 1\n"}),
    _case(
        "deep-inline",
        ["run", "sc.toml", "--days", "2"],
        {"sc.toml": "[params]\nstaff = " + "{ a = " * DEPTH + "1" + " }" * DEPTH + "\n"},
    ),
    _case("deep-set-table", [*RUN, "--set", "staff=" + "{a=" * DEPTH + "1" + "}" * DEPTH]),
    _case("deep-set-array", [*RUN, "--set", "staff=" + "[" * DEPTH + "]" * DEPTH]),
    _case("out-parent-is-file", [*RUN, "--out", "file.txt/out"]),
    _case("out-empty", [*RUN, "--out", ""]),
    _case("staff-empty-inline", ["run", "sc.toml", "--days", "2"], {"sc.toml": "[params]\nstaff = {}\n"}),
    _case("staff-empty-table", ["run", "sc.toml", "--days", "2"], {"sc.toml": "[params.staff]\n"}),
    _case("empty-file", ["run", "sc.toml", "--days", "2"], {"sc.toml": ""}),
    _case("whitespace-file", ["run", "sc.toml", "--days", "2"], {"sc.toml": " \n\t\r\n  \n"}),
    _case(
        "shipped-name-other-values",
        ["run", "sc.toml", "--days", "2"],
        {"sc.toml": 'name = "full-1234"\n[params]\nhouseholds = 200\nstaff = 7\n'},
    ),
    _case("long-key-params", ["run", "sc.toml", "--days", "2"], {"sc.toml": f"[params]\n{LONG_KEY} = 1\n"}),
    _case("long-key-top", ["run", "sc.toml", "--days", "2"], {"sc.toml": f"{LONG_KEY} = 1\n{SMALL}"}),
    _case("long-key-set", [*RUN, "--set", f"{LONG_KEY}=1"]),
    _case("long-scenario-name", ["compare", "baseline", "x" * 1_000, "--days", "2", "--reps", "1"]),
    _case("reps-10**400", ["compare", "baseline", "component-2", "--days", "2", "--reps", HUGE_INT]),
    _case(
        "toml-error-long-header",
        ["run", "sc.toml", "--days", "2"],
        {"sc.toml": f"[params{'.a' * 100}]\nx = 1\n" * 2},
    ),
    _case(
        "experiment-toml-error-long-header",
        ["experiment", "run", "exp.toml", "--serial"],
        {"exp.toml": f"factors = []\n[factors{'.a' * 100}]\nlevels = [1]\n"},
    ),
    _case(
        "unknown-metric",
        ["experiment", "run", "exp.toml", "--serial"],
        {"exp.toml": f'metrics = ["nope"]\n{EXPERIMENT}[factors.callback]\n'},
    ),
    _case(
        "long-key-factor",
        ["experiment", "run", "exp.toml", "--serial"],
        {"exp.toml": f"{EXPERIMENT}[factors.{LONG_KEY}]\nlevels = [1]\n"},
    ),
    _case(
        "deep-factor",
        ["experiment", "run", "exp.toml", "--serial"],
        {"exp.toml": f"{EXPERIMENT}[factors{'.a' * DEPTH}]\nlevels = [1]\n"},
    ),
    _case(
        "sobol-ten-million-samples",
        ["experiment", "run", "exp.toml", "--serial"],
        {
            "exp.toml": EXPERIMENT.replace('"factorial"', '"sobol"\nsamples = 10000000')
            + "[factors.linkage]\nlow = 0.0\nhigh = 1.0\n[factors.visit_share]\nlow = 0.0\nhigh = 0.5\n"
        },
    ),
    _case(
        "log-numbers-inf",
        ["calibrate", "log.csv", "--out", "c.toml"],
        {"log.csv": f"{LOG}1,property,2\ninf,property,\n"},
    ),
    _case(
        "log-years-1600-9999",
        ["calibrate", "log.csv", "--out", "c.toml"],
        {"log.csv": f"{LOG}2024-01-01,property,9999-01-01\n1600-01-01,property,\n"},
    ),
    _case("log-empty", ["calibrate", "log.csv", "--out", "c.toml"], {"log.csv": ""}),
    _case(
        "log-many-bad-rows",
        ["calibrate", "log.csv", "--out", "c.toml"],
        {"log.csv": LOG + "not a date,property,\n" * 12},
    ),
    _case("log-header-only", ["calibrate", "log.csv", "--out", "c.toml"], {"log.csv": LOG}),
    _case(
        "holidays-not-utf8",
        ["calibrate", "log.csv", "--out", "c.toml", "--holidays", "h.txt"],
        {"log.csv": f"{LOG}2024-01-02,property,2024-01-03\n", "h.txt": "\udcff"},
    ),
    _case(
        "holidays-not-dates",
        ["calibrate", "log.csv", "--out", "c.toml", "--holidays", "h.txt"],
        {"log.csv": f"{LOG}2024-01-02,property,2024-01-03\n", "h.txt": "garbage\n"},
    ),
    _case(
        "table-empty-after-out",
        ["calibrate", "log.csv", "--out", "c.toml", "--table", ""],
        {"log.csv": f"{LOG}2024-01-02,property,2024-01-03\n2024-01-04,hazard,\n"},
    ),
]


@pytest.mark.parametrize(("argv", "files"), USAGE_ERRORS)
def test_usage_error(argv, files):
    """The input is refused with exit 2, one short line on stderr, and nothing written."""
    with sandbox(files=files):
        o = call(argv, files=files)
    check_contract(o)
    assert o.code == 2, f"expected a usage error\n{o.describe()}"


PROCESS_CASES = [
    # Must be refused from the sizes alone, before any list of runs is built.
    pytest.param(["compare", "baseline", "component-2", "--reps", "1000000000"], {}, 10, id="compare-reps-1e9"),
    # A megabyte title with --out: refused or run, but quickly.
    pytest.param(
        ["run", "sc.toml", "--days", "2", "--out", "out"],
        {"sc.toml": 'title_en = "' + "x" * 1_000_000 + '"\n' + SMALL},
        60,
        id="title-1mb-out",
    ),
    pytest.param([*RUN, "--set", "staff=" + "[" * DEPTH + "]" * DEPTH], {}, 60, id="deep-set-array"),
]


@pytest.mark.parametrize(("argv", "files", "seconds"), PROCESS_CASES)
def test_real_process_answers_in_time(argv, files, seconds):
    """A real process answers within the bound with exit 0 or a one-line exit 2, no traceback."""
    data = _bytes(files)
    with sandbox(files=data):
        o = call_process(argv, files=data, timeout=seconds)
    check_contract(o, ["out"])
