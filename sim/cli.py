"""The command line: ``python -m sim`` or ``community-1234``.

Subcommands::

    scenarios                       list the shipped scenarios
    params [--group G] [--levers]   the parameter table
    run SCENARIO [--set NAME=VALUE]... [--days N] [--out DIR] [--by category|grid]
    compare A B ... [--reps N] [--jobs N] [--set NAME=VALUE]... [--out DIR]
    experiment run FILE [--out DIR] [--jobs N | --serial | --local-cluster N | --scheduler ADDR]
    experiment status DIR
    experiment analyze DIR
    experiment discover DIR --metric M (--below X | --above X)
    workshop [--session FILE] [--scenario NAME] [--reps N] [--port P] [--lan]
    materials DIR                   copy the course into a folder
    lab [--dir DIR]                 JupyterLab with the course notebooks
    dashboard                       the Voilà dashboard for the projector
    bundle --out DIR [--platform P]...  offline install bundles
    print --out DIR [--lang zh|en]  printable A4 PDFs
    street run FILE [--seed N] [--jobs N] [--out DIR]  every community of a street
    street compare A B ... [--reps N] [--jobs N] [--out DIR]  streets on common seeds
    street experiment FILE [...]    the same as experiment run, for a file that names a street
    optimize FILE [--out DIR] [--overwrite] [--jobs N | --serial | --local-cluster N | --scheduler ADDR]
                                    policy search over a street under a staff budget

Common options: ``--lang zh|en`` (default: the system locale) and, for ``run`` and
``compare``, ``--seed N`` (default 0). Mistakes the user can fix (an unknown scenario
or parameter, a bad value, a malformed file, a bad option) print one line to stderr
and exit with status 2, without a traceback and without writing anything.

The parts are in ``sim.commands`` (options and errors, the parser, terminal output, the
commands); this module is the entry point and keeps every name other modules import
from ``sim.cli``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .calibrate import cmd_calibrate
from .commands.bundle import cmd_bundle
from .commands.course import cmd_dashboard, cmd_lab, cmd_materials
from .commands.experiment import (
    cmd_experiment,
    cmd_experiment_analyze,
    cmd_experiment_run,
    cmd_experiment_status,
)
from .commands.optimize import cmd_optimize
from .commands.options import (
    MAX_JOBS,
    ArgparseError,
    UsageError,
    argparse_message,
    count_option,
    load,
    max_runs_option,
    number_option,
    parse_set,
    scan_lang,
    seed_option,
)
from .commands.output import render_table
from .commands.parser import build_parser
from .commands.printables import cmd_print
from .commands.runs import cmd_compare, cmd_params, cmd_run, cmd_scenarios
from .commands.street import cmd_street
from .commands.workshop import cmd_workshop
from .errors import ScenarioError
from .i18n import check_lang, default_lang, t
from .inputs import cut, shown_path

EXIT_USAGE = 2
MAX_MESSAGE = 600  # characters of an error line, "error: " included


def _one_line(message: str) -> str:
    return " ".join(part.strip() for part in str(message).splitlines() if part.strip())


def _fail(message: str, lang: str) -> int:
    # Messages quote bounded values by construction; the cut is a last guard for the terminal.
    print(cut(t("cli.error", lang) + _one_line(message), MAX_MESSAGE), file=sys.stderr)
    return EXIT_USAGE


def _utf8_safe() -> None:
    """Never crash on printing Chinese to a terminal that cannot show it, or a file name that is not UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")


# Errors that are the user's (or the terminal's): one line, no traceback.
USER_ERRORS = (ScenarioError, ArgparseError, UsageError, OSError, KeyboardInterrupt)


def report_error(exc: BaseException, lang: str) -> int:
    """Say what went wrong in one line on standard error; return the exit status."""
    if isinstance(exc, ScenarioError):
        return _fail(exc.text(lang), lang)
    if isinstance(exc, ArgparseError):
        return _fail(argparse_message(str(exc), lang), lang)
    if isinstance(exc, UsageError):
        return _fail(str(exc), lang)
    if isinstance(exc, BrokenPipeError):  # e.g. `python -m sim params | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    if isinstance(exc, KeyboardInterrupt):
        print(t("cli.interrupted", lang), file=sys.stderr)
        return 130
    where = f"{shown_path(exc.filename)}: " if getattr(exc, "filename", None) else ""
    return _fail(f"{where}{getattr(exc, 'strerror', None) or exc}", lang)


def main(argv: Sequence[str] | None = None, prog: str = "community-1234") -> int:
    """Run the command line; return the exit status (0 ok, 2 user error).

    Args:
        argv: arguments without the program name (default ``sys.argv[1:]``).
        prog: program name shown in help and usage.

    """
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_safe()
    lang = default_lang()
    try:
        lang = scan_lang(argv)
        parser = build_parser(lang, prog)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help and --version
            return int(exc.code or 0)
        lang = check_lang(args.lang)
        if args.command is None:
            parser.print_help()
            return 0
        if args.command == "scenarios":
            return cmd_scenarios(args, lang)
        if args.command == "params":
            return cmd_params(args, lang)
        if args.command == "run":
            return cmd_run(args, lang, argv)
        if args.command == "experiment":
            return cmd_experiment(args, lang, argv, parser)
        if args.command == "calibrate":
            return cmd_calibrate(args, lang)
        if args.command == "workshop":
            return cmd_workshop(args, lang, argv)
        commands = {
            "materials": cmd_materials,
            "lab": cmd_lab,
            "dashboard": cmd_dashboard,
            "bundle": cmd_bundle,
            "print": cmd_print,
            "street": cmd_street,
            "optimize": cmd_optimize,
        }
        if args.command in commands:
            return commands[args.command](args, lang)
        return cmd_compare(args, lang, argv)
    except USER_ERRORS as exc:
        return report_error(exc, lang)


__all__ = [
    "EXIT_USAGE",
    "MAX_JOBS",
    "MAX_MESSAGE",
    "USER_ERRORS",
    "ArgparseError",
    "UsageError",
    "argparse_message",
    "build_parser",
    "cmd_compare",
    "cmd_experiment",
    "cmd_experiment_analyze",
    "cmd_experiment_run",
    "cmd_experiment_status",
    "cmd_params",
    "cmd_run",
    "cmd_scenarios",
    "count_option",
    "load",
    "main",
    "max_runs_option",
    "number_option",
    "parse_set",
    "render_table",
    "report_error",
    "seed_option",
]
