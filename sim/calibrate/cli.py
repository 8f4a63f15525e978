"""The calibration's commands: their options (help in ``zh`` or ``en``) and what they do.

``add_arguments`` and ``cmd_calibrate`` are the ``calibrate`` subcommand of the kit's own
command line (``python -m sim calibrate``): ``sim.cli`` builds the parser, calls
``cmd_calibrate`` and reports errors. ``example_arguments`` and ``cmd_example`` are
``python -m sim.calibrate example``, put together the same way by
``sim.calibrate.program``. This module reads option values with ``sim.commands.options``
and imports nothing that imports this package (``sim.cli`` does), so the kit's command
line can be built on it.
"""

from __future__ import annotations

import argparse
import sys

from ..commands.options import UsageError, number_option, seed_option
from ..files import check_out_file
from ..i18n import in_lang, t, wrap
from ..inputs import MAX_NAME, shown_path
from ..params import PARAMS
from .calendar import FIRST_YEAR, LAST_YEAR
from .example import EXAMPLE, EXAMPLE_PATH, make_example
from .fit import FEW_DAYS, FEW_ISSUES, HOURS, LONG_DAYS, MAX_SPAN_DAYS, MIN_ISSUES
from .template import write_template
from .write import calibrate


def _fmt(v: float) -> str:
    """A number of the results table, briefly; empty for NaN."""
    return "" if v != v else f"{v:.4g}"


# ---------------------------------------------------------------------- calibrate -----
def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``calibrate`` on the kit's own parser (``sim.cli``), with help in ``lang``.

    Every value arrives as a string and is checked by ``cmd_calibrate``.
    """
    hp = PARAMS["households"]
    epilog = t(
        "cli.calibrate.epilog",
        lang,
        min_issues=MIN_ISSUES,
        few_issues=FEW_ISSUES,
        few_days=FEW_DAYS,
        long_days=LONG_DAYS,
    )
    parser.epilog = "\n".join(wrap(epilog, 90))
    # LOG may be left out for --template only: cmd_calibrate asks for it otherwise.
    parser.add_argument("log", metavar="LOG", nargs="?", help=t("cli.calibrate.arg.log", lang))
    parser.add_argument("--template", metavar="OUT.xlsx", help=t("cli.calibrate.arg.template", lang))
    parser.add_argument("--out", metavar="FILE", help=t("cli.calibrate.arg.out", lang))
    parser.add_argument(
        "--households", metavar="N", help=t("cli.calibrate.arg.households", lang, low=int(hp.lo), high=int(hp.hi))
    )
    parser.add_argument("--name", metavar="NAME", help=t("cli.calibrate.arg.name", lang, limit=MAX_NAME))
    parser.add_argument("--base", default="baseline", metavar="SCENARIO", help=t("cli.calibrate.arg.base", lang))
    parser.add_argument("--hours", choices=HOURS, default="keep", help=t("cli.calibrate.arg.hours", lang))
    parser.add_argument("--days", metavar="N", help=t("cli.calibrate.arg.days", lang, low=1, high=MAX_SPAN_DAYS))
    parser.add_argument(
        "--holidays", metavar="FILE", help=t("cli.calibrate.arg.holidays", lang, first=FIRST_YEAR, last=LAST_YEAR)
    )
    parser.add_argument("--table", metavar="FILE", help=t("cli.calibrate.arg.table", lang))
    parser.add_argument("--seed", default="0", metavar="N", help=t("cli.calibrate.arg.seed", lang))


def cmd_calibrate(args: argparse.Namespace, lang: str) -> int:
    """Carry out ``calibrate`` (arguments parsed by ``sim.cli``).

    Options are checked first, then the output paths and the name, then the holidays
    and the log; only then is anything estimated and written. User errors raise
    ScenarioError or UsageError, which ``sim.cli.main`` prints as one line.
    """
    if args.template is not None:
        return _cmd_template(args, lang)
    if args.log is None:
        raise UsageError(t("cli.argparse.required", lang, what="LOG"))
    if args.out is None:
        raise UsageError(t("cli.missing_option", lang, option="--out"))
    hp = PARAMS["households"]
    households = None
    if args.households is not None:
        households = int(number_option(args.households, "--households", lang, hp.lo, hp.hi, integer=True))
    span = None if args.days is None else number_option(args.days, "--days", lang, 1, MAX_SPAN_DAYS, integer=True)
    seed = seed_option(args.seed, lang)
    cal = calibrate(
        args.log, out=args.out, households=households, base=args.base, name=args.name, hours=args.hours,
        span=span, holidays=args.holidays, seed=seed, table=args.table, lang=lang, cli=True,
    )  # fmt: skip
    print(t("cli.calibrate.header", lang, n=len(cal.log.data), span=cal.log.span, path=shown_path(cal.path)))
    rough = f"  {t('cli.calibrate.rough', lang)}" if cal.rough else ""
    for r in cal.table[cal.table["written"]].itertuples():
        print(f"  {r.parameter:32} {_fmt(r.estimate):>9}  [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]  n={r.n}{rough}")
    for note in cal.notes:
        print(f"  {t('cli.calibrate.note', lang)}{in_lang(note, lang)}")
    if args.table is not None:
        print(t("cli.calibrate.table_written", lang, path=shown_path(args.table)))
    for warning in cal.warnings:
        print(t("cli.calibrate.warning", lang) + in_lang(warning, lang), file=sys.stderr)
    return 0


def _cmd_template(args: argparse.Namespace, lang: str) -> int:
    """``calibrate --template OUT.xlsx``: write the blank log template in ``lang``, nothing else.

    Any option that belongs to a calibration (a log, an output, the estimation's options)
    is refused rather than silently ignored.
    """
    given = [name for name, value in (("LOG", args.log), ("--out", args.out), ("--table", args.table)) if value]
    given += [f"--{k}" for k in ("households", "name", "days", "holidays") if getattr(args, k) is not None]
    if given:
        raise UsageError(t("cli.calibrate.err.template_alone", lang, given=", ".join(given)))
    path = write_template(args.template, lang)
    print(t("cli.calibrate.template.done", lang, path=shown_path(path)))
    return 0


# ---------------------------------------------------------------------- example -------
def example_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``example`` (``python -m sim.calibrate example``), with help in ``lang``.

    Every value arrives as a string and is checked by ``cmd_example``.
    """
    hp = PARAMS["households"]
    parser.description = t("cli.calibrate.example.help", lang)
    parser.add_argument("--out", default=str(EXAMPLE_PATH), metavar="FILE", help=t("cli.calibrate.example.out", lang))
    parser.add_argument(
        "--seed", default=str(EXAMPLE["seed"]), metavar="N", help=t("cli.calibrate.example.seed", lang, **EXAMPLE)
    )
    parser.add_argument(
        "--scenario", default=EXAMPLE["scenario"], metavar="SCENARIO", help=t("cli.calibrate.example.scenario", lang)
    )
    households = t(
        "cli.calibrate.example.households", lang, low=int(hp.lo), high=int(hp.hi), default=EXAMPLE["households"]
    )
    parser.add_argument("--households", default=str(EXAMPLE["households"]), metavar="N", help=households)


def cmd_example(args: argparse.Namespace, lang: str) -> int:
    """Write the synthetic example log again (the defaults reproduce the shipped file).

    The options are checked first, then the output path; then the model runs. User
    errors raise ScenarioError or UsageError, printed as one line by the caller.
    """
    hp = PARAMS["households"]
    households = int(number_option(args.households, "--households", lang, hp.lo, hp.hi, integer=True))
    seed = seed_option(args.seed, lang)
    out = check_out_file(args.out, lang, option="--out")
    df = make_example(out, args.scenario, seed, households)
    print(t("cli.calibrate.example.done", lang, n=len(df), path=shown_path(args.out)))
    return 0
