"""Issue logs (CSV) and options of ``calibrate``, valid and hostile."""

from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

from sim.errors import ScenarioError
from sim.scenario import load_scenario

from .harness import FUZZ_MARKS, call, check_contract, fuzz_settings, last_option, sandbox
from .strategies import SETUP_FILE, SETUP_FULL_DIR, calibrate_options, issue_logs

pytestmark = FUZZ_MARKS


@fuzz_settings(6)
@given(log=issue_logs(healthy=True), data=st.data())
def test_healthy_log_calibrates(log, data):
    """A healthy log (30–60 issues over a year) calibrates: exit 0, a scenario file that loads, the table."""
    options, files = data.draw(calibrate_options(valid=True), label="options")
    with sandbox(log, files) as work:
        o = call(["calibrate", log.main, *options.argv], log, files)
        check_contract(o, options.outputs)
        assert o.code == 0, f"a healthy issue log was refused\n{o.describe()}"
        out = last_option(options.argv, "--out")
        try:
            load_scenario(work / out)
        except ScenarioError as exc:
            raise AssertionError(f"the written scenario does not load: {exc}\n{o.describe()}") from None
        table = last_option(options.argv, "--table")
        if table is not None:
            assert (work / table).is_file(), o.describe()
        assert os.path.getsize(work / log.main) == len(log.files[log.main]), "the log was changed"


@fuzz_settings(80)
@given(log=issue_logs(), data=st.data())
def test_hostile_log(log, data):
    """Any issue log, however broken: exit 0 or a one-line exit 2, nothing written, no traceback."""
    options, files = data.draw(calibrate_options(valid=True), label="options")
    source = data.draw(st.sampled_from((log.main,) * 8 + ("missing.csv", SETUP_FULL_DIR, SETUP_FILE, "")), label="log")
    with sandbox(log, files):
        o = call(["calibrate", source, *options.argv], log, files)
    check_contract(o, options.outputs)


@fuzz_settings(25)
@given(log=issue_logs(healthy=True), data=st.data())
def test_calibrate_options(log, data):
    """Any ``calibrate`` options with a healthy log: exit 0 or a one-line exit 2, nothing written."""
    options, files = data.draw(calibrate_options(), label="options")
    with sandbox(log, files):
        o = call(["calibrate", log.main, *options.argv], log, files)
    check_contract(o, options.outputs)
