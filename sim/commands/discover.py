"""The command ``experiment discover``: which conditions make a metric fall below (or rise above) a threshold."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``experiment discover``."""


def cmd_discover(args: argparse.Namespace, lang: str) -> int:
    """Run ``experiment discover``."""
    raise NotImplementedError("experiment discover")
