"""Option values and positional words of ``run``, ``compare`` and the small commands.

Most examples run in-process; a smaller number run as a real ``python -m sim`` process,
to check exit codes, that no traceback reaches the terminal, and that undecodable
command-line bytes are handled.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import FUZZ_MARKS, call, call_process, check_contract, fuzz_settings, sandbox
from .strategies import SHIPPED, Options, hostile_set_item, lang_option, run_options, scenario_files

pytestmark = FUZZ_MARKS

BAD_REFS = ("nope", "", " ", "x" * 1_000, "x.toml", "full", "./full", "file.txt", "./file.txt", "../work", "-", "sc")
refs = st.one_of(st.sampled_from(SHIPPED), st.sampled_from(BAD_REFS))


@pytest.mark.parametrize("command", ["run", "compare"])
@fuzz_settings(150)
@given(data=st.data(), first=refs, second=refs)
def test_option_values(command, data, first, second):
    """Any option values (seed, days, reps, jobs, max-runs, out, by, lang): exit 0 or a one-line exit 2."""
    options = data.draw(run_options(compare=command == "compare"), label="options")
    argv = ["run", first] if command == "run" else ["compare", first, second]
    with sandbox():
        o = call([*argv, *options.argv])
    check_contract(o, options.outputs)


SERVERS = {"workshop", "lab", "dashboard"}
GROUPS = st.sampled_from(("1", "2", "3", "4", "community", "issues", "model", "", "5", "x" * 1_000, "社区"))


@fuzz_settings(60)
@given(
    words=st.one_of(
        st.just(["scenarios"]),
        st.tuples(GROUPS, st.booleans()).map(lambda g: ["params", "--group", g[0], *(["--levers"] if g[1] else [])]),
        st.just(["params", "--levers"]),
        st.sampled_from((["nope"], ["experiment"], ["experiment", "nope"], ["calibrate"], ["run"], ["compare"])),
        st.sampled_from((["--version"], ["--help"], ["run", "--help"], [], ["--lang"], ["--lang", "zh"])),
        # stray words; never a command that serves until stopped (tested with their servers elsewhere)
        st.lists(st.text(max_size=20).filter(lambda s: "\x00" not in s), max_size=4).filter(
            lambda ws: not set(ws) & SERVERS
        ),
    ),
    lang=lang_option(),
)
def test_small_commands(words, lang: Options):
    """``scenarios``, ``params``, help, unknown commands and stray words: exit 0 or a one-line exit 2."""
    with sandbox():
        o = call([*lang.argv, *words])
    check_contract(o)


@fuzz_settings(12)
@given(data=st.data(), inputs=scenario_files(), command=st.sampled_from(("run", "compare")))
def test_real_process(data, inputs, command):
    """A real ``python -m sim`` process with a scenario file and options: exit 0 or 2, no traceback."""
    options = data.draw(run_options(compare=command == "compare"), label="options")
    sets = data.draw(st.lists(hostile_set_item(), max_size=1), label="sets")
    argv = ["run", inputs.main] if command == "run" else ["compare", "baseline", inputs.main]
    # A real command line holds no NUL and no word over 128 KiB (the kernel refuses to start it).
    argv += [w for item in sets if "\x00" not in item and len(item) < 100_000 for w in ("--set", item)]
    with sandbox(inputs):
        o = call_process([*argv, *options.argv], inputs)
    check_contract(o, options.outputs)


# Bytes a shell passes through that are not UTF-8: Python sees them as lone surrogates.
UNDECODABLE = [
    pytest.param([b"run", b"baseline", b"--days", b"2", b"--out", b"out-\xff"], ["out-\udcff"], id="out"),
    pytest.param([b"run", b"sc-\xff.toml", b"--days", b"2"], [], id="missing-scenario"),
    pytest.param([b"run", b"baseline", b"--days", b"2", b"--set", b"staff=\xff"], [], id="set-value"),
    pytest.param([b"run", b"baseline", b"--days", b"2", b"--set", b"st\xffaff=1"], [], id="set-name"),
    pytest.param([b"run", b"baseline", b"--days", b"\xff"], [], id="days"),
    pytest.param([b"compare", b"baseline", b"\xff", b"--reps", b"1", b"--days", b"2"], [], id="compare-name"),
]


@pytest.mark.parametrize(("argv", "outputs"), UNDECODABLE)
def test_undecodable_arguments(argv, outputs):
    """Command-line bytes that are not UTF-8 give exit 0 or a one-line exit 2, never a traceback."""
    with sandbox():
        o = call_process(argv)
    check_contract(o, outputs)
