"""Shared fixtures for the model tests: small, fast set-ups."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

import sim

# Hypothesis profiles. "ci" (the default, used by `make test`) is derandomised: the same
# inputs on every run, nothing remembered between runs. "explore" (HYPOTHESIS_PROFILE=explore,
# `make fuzz`) draws new inputs each time, ten times as many, and keeps failing ones in
# .hypothesis/ to replay first. The fuzz tests scale their counts from max_examples and
# report a failure unshrunk in derandomised runs (tests/fuzz/harness.py: fuzz_settings).
# They run whole commands, so slow examples and large inputs (megabyte files) are expected.
_FUZZ_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    suppress_health_check=_FUZZ_HEALTH,
)
settings.register_profile(
    "explore",
    derandomize=False,
    database=DirectoryBasedExampleDatabase(Path(__file__).resolve().parent.parent / ".hypothesis" / "examples"),
    deadline=None,
    max_examples=1000,
    suppress_health_check=_FUZZ_HEALTH,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def english_locale(monkeypatch):
    """An English system locale and no Dask scheduler from the environment, unless a test asks otherwise.

    Command-line and error-message tests use it (``pytestmark``): messages without ``--lang``
    follow the locale.
    """
    for var in ("LC_ALL", "LC_MESSAGES", "SIM_DASK_SCHEDULER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


# A small community and a short horizon: each run takes a few hundredths of a second.
SMALL = {"days": 60, "households": 400}


@pytest.fixture
def small() -> dict:
    """Overrides for a small, fast run (pass as ``sim.run(name, **small)``)."""
    return dict(SMALL)


@pytest.fixture(scope="session")
def full_small() -> sim.RunResult:
    """One short run of the full method, shared by tests that only read it."""
    return sim.run("full-1234", seed=13, **SMALL)


# Left out of the copy the wheel is built from: history, environments, outputs and caches.
_NOT_BUILT_FROM = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "report",
    "out",
    "test-artifacts",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
    "*.pyc",
    ".ipynb_checkpoints",
)


@pytest.fixture(scope="session")
def kit_wheel(tmp_path_factory) -> Path:
    """The kit's wheel, built once per test session from this source tree (no network, no build isolation).

    It is built from a copy of the tree, so the build leaves nothing in the checkout and no
    file of an earlier build (a stale ``build/``) can end up in the wheel.
    """
    base = tmp_path_factory.mktemp("wheel")
    source, out = base / "source", base / "dist"
    shutil.copytree(Path(__file__).resolve().parent.parent, source, ignore=_NOT_BUILT_FROM)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    (wheel,) = out.glob("community_1234_kit-*.whl")
    return wheel


# Files whose tests share the session's wheel or offline bundle: one worker runs them all, so
# each is built once per test run.
_WHEEL_FILES = frozenset({"test_course.py", "test_printables.py", "test_bundle.py", "test_offline.py"})


def _is_browser(item) -> bool:
    return "browser" in item.nodeid.split("::")[0].split("/")


def _group(item) -> str:
    """The tests that one ``pytest -n`` worker runs together (``--dist loadgroup``)."""
    if item.path.name in _WHEEL_FILES:
        return "wheel"
    if _is_browser(item):
        return "browser"  # one Chromium and one Jupyter server at a time: two would starve each other
    return item.nodeid.split("::")[0]  # a file's tests together, so its module fixtures are made once


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last, and group the tests for ``make test``'s two workers.

    Playwright's sync API keeps an asyncio loop marked as running in the main thread for
    as long as its session lasts; widget tests that ran after it would see that loop and
    wait for timers it never drives. So the groups that hold browser tests come last, and
    within them the browser tests: a worker that starts one has nothing else left to run.
    ``make test`` passes ``--no-loadscope-reorder``, or pytest-xdist would hand out the
    largest groups first (tests/test_suite_groups.py checks both).
    """
    items.sort(key=lambda item: (_group(item) in ("wheel", "browser"), _is_browser(item)))
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_group(item)))
