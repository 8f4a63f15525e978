"""Fixtures of the fuzz tests: an English locale, as a user's shell without a Chinese locale."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="package")
def english_locale():
    """Messages without ``--lang`` are in English (the in-process CLI reads the locale from os.environ)."""
    with pytest.MonkeyPatch.context() as mp:
        for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            mp.delenv(var, raising=False)
        mp.setenv("LANG", "C.UTF-8")
        yield
