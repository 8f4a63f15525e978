"""The commands ``street run FILE``, ``street compare A B …`` and ``street experiment FILE``.

A street's metrics, streets compared, the street map. ``street experiment FILE`` is
``experiment run FILE`` for a street experiment file: the same options, the same folder,
resumed the same way.
"""

from __future__ import annotations

import argparse
import os
import sys

import pandas as pd

from ..files import check_out_dir
from ..i18n import format_value, metric_label, t, wrap
from ..inputs import DEFAULT_MAX_RUNS
from ..report_page import png_bytes
from ..street import RATES, load_street, run_street, write_street
from ..street.compare import (
    MAX_REPS,
    compare_streets,
    comparison_frame,
    header,
    street_lines,
    write_street_comparison,
)
from .experiment import add_executor_options
from .options import MAX_JOBS, UsageError, count_option, seed_option
from .output import print_line, progress_bar, render_table, terminal_width

SHOWN_ROWS = 12  # communities listed on the terminal; the CSV holds them all


def add_arguments(parser: argparse.ArgumentParser, lang: str, fmt: type[argparse.HelpFormatter], common) -> None:
    """The ``street run`` subcommand and its options.

    Args:
        parser: the ``street`` parser.
        lang: the language of the help.
        fmt: the help formatter of the other commands.
        common: adds the options every (sub)command takes (``-h``, ``--lang``).
    """
    subs = parser.add_subparsers(dest="street_command", title=t("cli.street.commands", lang), metavar="COMMAND")
    text = t("cli.street.run.help", lang)
    p = subs.add_parser("run", help=text, description=text, formatter_class=fmt, add_help=False)
    common(p, lang, top=False)
    p.add_argument("file", metavar="FILE", help=t("cli.arg.street_file", lang))
    p.add_argument("--seed", default="0", metavar="N", help=t("cli.arg.street_seed", lang))
    p.add_argument("--jobs", default="1", metavar="N", help=t("cli.arg.street_jobs", lang))
    p.add_argument("--out", metavar="DIR", help=t("cli.street_views.arg.run_out", lang))
    p.add_argument("--overwrite", action="store_true", help=t("cli.arg.overwrite", lang))

    text = t("cli.street_views.compare.help", lang)
    p = subs.add_parser("compare", help=text, description=text, formatter_class=fmt, add_help=False)
    common(p, lang, top=False)
    p.add_argument("files", metavar="FILE", nargs="+", help=t("cli.street_views.arg.files", lang))
    p.add_argument("--reps", default="5", metavar="N", help=t("cli.street_views.arg.reps", lang, high=MAX_REPS))
    p.add_argument("--seed", default="0", metavar="N", help=t("cli.street_views.arg.seed", lang))
    p.add_argument("--jobs", default="1", metavar="N", help=t("cli.arg.street_jobs", lang))
    p.add_argument("--out", metavar="DIR", help=t("cli.street_views.arg.out", lang))
    p.add_argument("--overwrite", action="store_true", help=t("cli.arg.overwrite", lang))

    # The options of experiment run, which does the work (see _experiment).
    text = t("cli.street_views.experiment.help", lang)
    p = subs.add_parser("experiment", help=text, description=text, formatter_class=fmt, add_help=False)
    common(p, lang, top=False)
    p.add_argument("file", metavar="FILE", help=t("cli.street_views.arg.experiment_file", lang))
    p.add_argument("--out", metavar="DIR", help=t("cli.arg.experiment_out", lang))
    add_executor_options(p, lang)
    p.add_argument("--retry-errors", action="store_true", help=t("cli.arg.retry_errors", lang))
    p.add_argument("--max-runs", metavar="N", help=t("cli.arg.max_runs", lang, default=DEFAULT_MAX_RUNS))


def cmd_street(args: argparse.Namespace, lang: str) -> int:
    """``street run`` and ``street compare``."""
    command = getattr(args, "street_command", None)
    if command is None:
        raise UsageError(t("cli.street.no_command", lang))
    if command == "compare":
        return _compare(args, lang)
    if command == "experiment":
        return _experiment(args, lang)
    seed = seed_option(args.seed, lang)
    jobs = count_option(args.jobs, "--jobs", lang, MAX_JOBS)
    street = load_street(args.file)
    if args.out is not None:  # checked before anything runs
        inputs = [args.file] if os.path.isfile(args.file) else []
        check_out_dir(args.out, args.overwrite, lang, inputs=inputs)
    households = f"{street.households:,}"
    print_line(
        t("cli.street.header", lang, name=street.name, count=len(street.communities), households=households, seed=seed)
    )
    print_line(_sharing(street, lang))
    sys.stdout.flush()
    result = run_street(street, seed=seed, jobs=jobs)
    print_line()
    print_line(render_table(_table(result, lang), left=(t("street.column.scenario", lang),)))
    print_line()
    s = result.summary
    print_line(t("cli.street.weighted", lang))
    worst = s.get("worst_community", "–")
    value = format_value("on_time_closure_rate", s.get("worst_on_time_closure_rate"), lang)
    print_line(f"{t('street.worst', lang)}{t('word.colon', lang)}{worst} ({value})")
    print_line(f"{t('street.gini', lang)}{t('word.colon', lang)}{s['gini_on_time_closure_rate']:.3f}")
    if args.out is not None:
        from ..viz.street import street_map

        png = png_bytes(street_map(result, lang=lang))  # drawn first: a failure leaves nothing written
        path = write_street(result, args.out, args.overwrite, lang, extra_files={"map.png": png})
        print_line(t("cli.street.wrote", lang, path=path))
    return 0


def _sharing(street, lang: str) -> str:
    """One line: what the street's communities share (``[shared]``), or that each runs alone."""
    shared = street.shared
    if shared is None or not shared.linked:
        return t("cli.street.not_linked", lang)
    parts = [t(f"street.shared.{key}", lang) for key in ("departments", "party_members") if getattr(shared, key)]
    if shared.reserve_staff:
        parts.append(t("street.shared.reserve", lang, n=shared.reserve_staff, days=shared.reserve_days))
    return t("cli.street.linked", lang, what=t("result.list_sep", lang).join(parts), guaranteed=shared.guaranteed)


def _compare(args: argparse.Namespace, lang: str) -> int:
    """``street compare A B …``: every street ``--reps`` times on the same street seeds."""
    reps = count_option(args.reps, "--reps", lang, MAX_REPS)
    jobs = count_option(args.jobs, "--jobs", lang, MAX_JOBS)
    seed = seed_option(args.seed, lang)
    if len(args.files) < 2:
        raise UsageError(t("street_views.too_few", lang, count=len(args.files)))
    streets = [load_street(ref) for ref in args.files]
    if args.out is not None:  # checked before anything runs
        inputs = [ref for ref in args.files if os.path.isfile(ref)]
        check_out_dir(args.out, args.overwrite, lang, inputs=inputs)
    bar = progress_bar(len(streets) * reps, lang, leave=False)
    try:
        comparison = compare_streets(
            streets, reps=reps, seed=seed, jobs=jobs, progress=lambda done, total: bar.update(done - bar.n)
        )
    finally:
        bar.close()
    print_line(header(comparison, lang))
    for line, street in zip(street_lines(comparison, lang), streets, strict=True):
        print_line(f"  {line}")
        print_line(f"    {_sharing(street, lang)}")
    print_line()
    print_line(render_table(comparison_frame(comparison, lang), t("word.metric", lang)))
    print_line()
    for line in wrap(t("street_views.note", lang), terminal_width()):
        print_line(line)
    if args.out is not None:
        path = write_street_comparison(comparison, args.out, args.overwrite, lang)
        print_line(t("cli.street.wrote", lang, path=path))
    return 0


def _table(result, lang: str) -> pd.DataFrame:
    """The terminal's table: the whole street first, then the communities (the first ``SHOWN_ROWS``)."""
    table = result.table
    rows = {t("street.overall", lang): ["", f"{result.summary['households']:,}", *_rates(result.summary, lang)]}
    for _, row in table.head(SHOWN_ROWS).iterrows():
        rows[row["community"]] = [row["extends"], f"{row['households']:,}", *_rates(row, lang)]
    if len(table) > SHOWN_ROWS:
        rows["…"] = ["", "", *[""] * len(RATES)]
    columns = [t("street.column.scenario", lang), t("street.column.households", lang)]
    columns += [metric_label(m, lang, unit=False) for m in RATES]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def _rates(values, lang: str) -> list[str]:
    return [format_value(m, values.get(m), lang) for m in RATES]


def _experiment(args: argparse.Namespace, lang: str) -> int:
    """``street experiment FILE``: ``experiment run FILE`` for a file that names a street (else refused)."""
    from ..experiments.street_runs import load_street_experiment
    from .experiment import cmd_experiment_run

    load_street_experiment(args.file)  # a file over a scenario is refused here, before anything is written
    argv = ["street", "experiment", args.file]
    for option in ("out", "jobs", "local_cluster", "scheduler", "max_runs"):
        if getattr(args, option) is not None:
            argv += [f"--{option.replace('_', '-')}", getattr(args, option)]
    argv += [f"--{flag.replace('_', '-')}" for flag in ("serial", "retry_errors") if getattr(args, flag)]
    return cmd_experiment_run(args, lang, argv)
