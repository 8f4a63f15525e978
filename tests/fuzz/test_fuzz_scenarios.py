"""Scenario files and ``--set`` values, valid and hostile, through ``run`` and ``compare``."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.report import COMPARISON_FILES, RUN_FILES

from .harness import FUZZ_MARKS, call, check_contract, check_metrics_table, fuzz_settings, last_option, sandbox
from .strategies import run_options, scenario_files, set_items

pytestmark = FUZZ_MARKS


def _has_files(o, out: str, names) -> list[str]:
    where = os.path.normpath(os.path.join("work", out))
    return [n for n in names if f"{where}/{n}" not in o.after]


def _command(command: str, ref: str, options) -> list[str]:
    if command == "run":
        return ["run", ref, *options.argv]
    return ["compare", "baseline", ref, *options.argv]


@fuzz_settings(30)
@given(inputs=scenario_files(valid=True), options=run_options(valid=True))
def test_valid_scenario_file_runs(inputs, options):
    """A valid scenario file runs: exit 0, the metrics table, and with --out every output file."""
    with sandbox(inputs):
        o = call(["run", inputs.main, *options.argv], inputs)
    check_contract(o, options.outputs)
    assert o.code == 0, f"a valid scenario was refused\n{o.describe()}"
    check_metrics_table(o)
    out = last_option(options.argv, "--out")
    if out is not None:
        assert not _has_files(o, out, RUN_FILES), f"missing in {out}: {_has_files(o, out, RUN_FILES)}\n{o.describe()}"


@fuzz_settings(10)
@given(inputs=scenario_files(valid=True), options=run_options(valid=True, compare=True))
def test_valid_scenario_file_compares(inputs, options):
    """A valid scenario file compares with a shipped one: exit 0, the table, the output files."""
    with sandbox(inputs):
        o = call(_command("compare", inputs.main, options), inputs)
    check_contract(o, options.outputs)
    assert o.code == 0, f"a valid scenario was refused\n{o.describe()}"
    check_metrics_table(o)
    out = last_option(options.argv, "--out")
    if out is not None:
        assert not _has_files(o, out, COMPARISON_FILES), o.describe()


@pytest.mark.parametrize("command", ["run", "compare"])
@fuzz_settings(150)
@given(data=st.data(), inputs=scenario_files())
def test_hostile_scenario_file(command, data, inputs):
    """Any scenario file, however broken: exit 0 or exit 2 with one line, nothing written, no traceback."""
    options = data.draw(run_options(valid=True, compare=command == "compare"), label="options")
    with sandbox(inputs):
        o = call(_command(command, inputs.main, options), inputs)
    check_contract(o, options.outputs)


@fuzz_settings(30)
@given(items=set_items(valid=True), options=run_options(valid=True, out=False))
def test_valid_set_items_run(items, options):
    """Valid ``--set`` changes of the baseline run: exit 0 and the metrics table."""
    argv = ["run", "baseline", *[w for item in items for w in ("--set", item)], *options.argv]
    with sandbox():
        o = call(argv)
    check_contract(o)
    assert o.code == 0, f"valid --set values were refused\n{o.describe()}"
    check_metrics_table(o)


@pytest.mark.parametrize("command", ["run", "compare"])
@fuzz_settings(100)
@given(data=st.data(), items=set_items())
def test_hostile_set_items(command, data, items):
    """Any ``--set`` words: exit 0 or exit 2 with one line, nothing written, no traceback."""
    options = data.draw(run_options(valid=True, compare=command == "compare"), label="options")
    sets = [w for item in items for w in ("--set", item)]
    argv = ["run", "baseline", *sets, *options.argv] if command == "run" else _command(command, "full-1234", options)
    if command == "compare":
        argv += sets
    with sandbox():
        o = call(argv)
    check_contract(o, options.outputs)
