"""The commands ``materials``, ``lab`` and ``dashboard``: the course on the user's own machine."""

from __future__ import annotations

import argparse

from ..i18n import t  # noqa: F401


def add_materials_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``materials``."""


def add_lab_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``lab``."""


def add_dashboard_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``dashboard``."""


def cmd_materials(args: argparse.Namespace, lang: str) -> int:
    """Run ``materials``."""
    raise NotImplementedError("materials")


def cmd_lab(args: argparse.Namespace, lang: str) -> int:
    """Run ``lab``."""
    raise NotImplementedError("lab")


def cmd_dashboard(args: argparse.Namespace, lang: str) -> int:
    """Run ``dashboard``."""
    raise NotImplementedError("dashboard")
