"""Shared fixtures for the model tests: small, fast set-ups."""

from __future__ import annotations

import pytest

import sim

# A small community and a short horizon: each run takes a few hundredths of a second.
SMALL = {"days": 60, "households": 400}


@pytest.fixture
def small() -> dict:
    """Overrides for a small, fast run (pass as ``sim.run(name, **small)``)."""
    return dict(SMALL)


@pytest.fixture(scope="session")
def full_small() -> sim.RunResult:
    """One short run of the full method, shared by tests that only read it."""
    return sim.run("full-1234", seed=11, **SMALL)


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last.

    Playwright's sync API keeps an asyncio loop marked as running in the main thread for
    as long as its session lasts; widget tests that ran after it would see that loop and
    wait for timers it never drives.
    """
    items.sort(key=lambda item: "browser" in item.nodeid.split("::")[0].split("/"))
