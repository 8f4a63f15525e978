"""The command ``print``: printable A4 PDFs built from the lesson sources."""

from __future__ import annotations

import argparse

from ..i18n import t  # noqa: F401


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``print``."""


def cmd_print(args: argparse.Namespace, lang: str) -> int:
    """Run ``print``."""
    raise NotImplementedError("print")
