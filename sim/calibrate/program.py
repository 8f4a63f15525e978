"""The program ``python -m sim.calibrate``: calibrate a log, or write the example log again.

``python -m sim.calibrate LOG.csv …`` is ``python -m sim calibrate LOG.csv …``
(``calibrate_cli``); ``python -m sim.calibrate example …`` writes the synthetic example
log (``example_cli``) with a parser of the kit's own making: help in the language of
``--lang``, argparse's own messages translated by ``sim.commands.options.argparse_message``,
one line on standard error and exit status 2 for anything the user can fix.

This module stands on the kit's command line (``sim.cli``), which itself imports
``sim.calibrate`` for the ``calibrate`` subcommand; so the package does not import this
module: import it as ``sim.calibrate.program``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..cli import USER_ERRORS, _utf8_safe, report_error
from ..cli import main as kit_main
from ..commands.options import scan_lang
from ..commands.parser import _common, _formatter, _Parser
from ..i18n import default_lang
from .cli import cmd_example, example_arguments


def calibrate_cli(
    argv: Sequence[str] | None = None, prog: str = "python -m sim calibrate", lang: str | None = None
) -> int:
    """``calibrate LOG.csv --out scenario.toml …`` through the kit's command line (``sim.cli``).

    Returns:
        The exit status: 0 on success, 2 for a bad log or bad arguments.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    head = ["--lang", lang] if lang else []
    return kit_main([*head, "calibrate", *argv], prog=prog.rsplit(" calibrate", 1)[0] or prog)


def example_parser(lang: str, prog: str = "python -m sim.calibrate example") -> argparse.ArgumentParser:
    """The parser of ``example``: help in ``lang``; a usage error raises ``ArgparseError``."""
    parser = _Parser(prog=prog, formatter_class=_formatter(lang), add_help=False)
    _common(parser, lang, top=True)
    example_arguments(parser, lang)
    return parser


def example_cli(argv: Sequence[str] | None = None, prog: str = "python -m sim.calibrate example") -> int:
    """Write the synthetic example log again (defaults reproduce the shipped file).

    Args:
        argv: the options (``--out``, ``--seed``, ``--scenario``, ``--households``,
            ``--lang``); default: none.
        prog: the program name shown in help and usage.

    Returns:
        The exit status: 0 on success (also for ``--help``), 2 for a bad option or a
        file that cannot be written: one line on standard error, in the language of
        ``--lang``.
    """
    argv = list(argv or [])
    _utf8_safe()
    lang = default_lang()
    try:
        lang = scan_lang(argv)
        try:
            args = example_parser(lang, prog).parse_args(argv)
        except SystemExit as exc:  # --help
            return int(exc.code or 0)
        return cmd_example(args, lang)
    except USER_ERRORS as exc:  # one line, no traceback; a full disk is an OSError
        return report_error(exc, lang)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sim.calibrate [--lang zh|en] [example] …``: calibrate a log, or write the example log."""
    argv = list(sys.argv[1:] if argv is None else argv)
    head = 2 if argv[:1] == ["--lang"] else 1 if argv[:1] and argv[0].startswith("--lang=") else 0
    if argv[head : head + 1] == ["example"]:
        return example_cli(argv[:head] + argv[head + 1 :])
    return calibrate_cli(argv, prog="python -m sim.calibrate")
