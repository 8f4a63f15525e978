"""The command ``bundle``: offline install bundles, one zip per platform."""

from __future__ import annotations

import argparse

from ..i18n import t  # noqa: F401


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``bundle``."""


def cmd_bundle(args: argparse.Namespace, lang: str) -> int:
    """Run ``bundle``."""
    raise NotImplementedError("bundle")
