"""The argument parser of ``python -m sim``, with its help in the interface language."""

from __future__ import annotations

import argparse
import shutil
from typing import NoReturn

from .. import __version__
from ..calibrate import add_arguments as calibrate_arguments
from ..i18n import LANGS, default_lang, t
from ..inputs import DEFAULT_MAX_RUNS
from ..params import GROUPS
from .bundle import add_arguments as bundle_arguments
from .course import add_dashboard_arguments, add_lab_arguments, add_materials_arguments
from .discover import add_arguments as discover_arguments
from .experiment import add_executor_options
from .optimize import add_arguments as optimize_arguments
from .options import ArgparseError
from .printables import add_arguments as print_arguments
from .street import add_arguments as street_arguments
from .workshop import add_arguments as workshop_arguments


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        """Raise ArgparseError (argparse would print the usage and exit)."""
        raise ArgparseError(message)


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    """Return a help formatter that keeps the examples' line breaks and speaks ``lang``."""

    class Formatter(argparse.RawDescriptionHelpFormatter):
        def __init__(self, prog: str) -> None:
            width = min(100, shutil.get_terminal_size((100, 24)).columns)
            super().__init__(prog, max_help_position=32, width=width)

        def add_usage(self, usage, actions, groups, prefix=None):
            super().add_usage(usage, actions, groups, prefix if prefix is not None else t("cli.usage", lang))

        def _get_help_string(self, action):
            # Help texts are plain text ("95%"), never %-format strings.
            return (action.help or "").replace("%", "%%")

    return Formatter


def build_parser(lang: str, prog: str = "community-1234") -> argparse.ArgumentParser:
    """Build the argument parser with help texts in ``lang``."""
    fmt = _formatter(lang)
    parser = _Parser(
        prog=prog,
        description=t("cli.description", lang),
        epilog=t("cli.epilog", lang),
        formatter_class=fmt,
        add_help=False,
    )
    _common(parser, lang, top=True)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help=t("cli.version", lang))
    subs = parser.add_subparsers(dest="command", title=t("cli.commands", lang), metavar="COMMAND")

    def sub(name: str, epilog: str | None = None) -> argparse.ArgumentParser:
        p = subs.add_parser(
            name,
            help=t(f"cli.{name}.help", lang),
            description=t(f"cli.{name}.help", lang),
            epilog=epilog,
            formatter_class=fmt,
            add_help=False,
        )
        _common(p, lang, top=False)
        return p

    sub("scenarios")

    p = sub("params")
    groups = ", ".join(GROUPS)
    p.add_argument("--group", metavar="G", help=t("cli.params.group", lang, groups=groups))
    p.add_argument("--levers", action="store_true", help=t("cli.params.levers", lang))

    p = sub("run", t("cli.run.epilog", lang))
    p.add_argument("scenario", metavar="SCENARIO", help=t("cli.arg.scenario", lang))
    _model_options(p, lang)
    p.add_argument("--by", choices=("category", "grid"), help=t("cli.arg.by", lang))

    p = sub("compare", t("cli.compare.epilog", lang))
    p.add_argument("scenarios", metavar="SCENARIO", nargs="+", help=t("cli.arg.scenarios", lang))
    p.add_argument("--reps", default="10", metavar="N", help=t("cli.arg.reps", lang))
    p.add_argument("--jobs", default="1", metavar="N", help=t("cli.arg.jobs", lang))
    _max_runs_option(p, lang)
    _model_options(p, lang)

    _experiment_parser(sub("experiment", t("cli.experiment.epilog", lang)), lang, fmt)
    calibrate_arguments(sub("calibrate"), lang)
    workshop_arguments(sub("workshop", t("cli.workshop.epilog", lang)), lang)
    add_materials_arguments(sub("materials"), lang)
    add_lab_arguments(sub("lab"), lang)
    add_dashboard_arguments(sub("dashboard"), lang)
    bundle_arguments(sub("bundle"), lang)
    print_arguments(sub("print"), lang)
    street_arguments(sub("street"), lang, fmt, _common)
    optimize_arguments(sub("optimize"), lang)
    return parser


def _experiment_parser(parser: argparse.ArgumentParser, lang: str, fmt: type[argparse.HelpFormatter]) -> None:
    """The ``experiment run|status|analyze|discover`` subcommands."""
    subs = parser.add_subparsers(dest="experiment_command", title=t("cli.experiment.commands", lang), metavar="COMMAND")

    def sub(name: str) -> argparse.ArgumentParser:
        text = t(f"cli.experiment.{name}.help", lang)
        p = subs.add_parser(name, help=text, description=text, formatter_class=fmt, add_help=False)
        _common(p, lang, top=False)
        return p

    p = sub("run")
    p.add_argument("file", metavar="FILE", help=t("cli.arg.experiment_file", lang))
    p.add_argument("--out", metavar="DIR", help=t("cli.arg.experiment_out", lang))
    add_executor_options(p, lang)
    p.add_argument("--retry-errors", action="store_true", help=t("cli.arg.retry_errors", lang))
    _max_runs_option(p, lang)
    sub("status").add_argument("dir", metavar="DIR", help=t("cli.arg.experiment_dir", lang))
    discover_arguments(sub("discover"), lang)
    p = sub("analyze")
    p.add_argument("dir", metavar="DIR", help=t("cli.arg.experiment_dir", lang))
    p.add_argument("--metric", metavar="M", help=t("cli.arg.analyze_metric", lang))
    p.add_argument("--baseline", metavar="POINT", help=t("cli.arg.analyze_baseline", lang))


def _common(parser: argparse.ArgumentParser, lang: str, top: bool) -> None:
    """Options every (sub)command takes; on subcommands they do not reset the top level's."""
    parser._positionals.title = t("cli.positionals", lang)
    parser._optionals.title = t("cli.options", lang)
    parser.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("cli.help", lang))
    default = default_lang() if top else argparse.SUPPRESS
    parser.add_argument("--lang", choices=LANGS, default=default, help=t("cli.lang", lang))


def _model_options(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--seed", default="0", metavar="N", help=t("cli.seed", lang))
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help=t("cli.arg.set", lang))
    parser.add_argument("--days", metavar="N", help=t("cli.arg.days", lang))
    parser.add_argument("--out", metavar="DIR", help=t("cli.arg.out", lang))
    parser.add_argument("--overwrite", action="store_true", help=t("cli.arg.overwrite", lang))


def _max_runs_option(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--max-runs", metavar="N", help=t("cli.arg.max_runs", lang, default=DEFAULT_MAX_RUNS))
