"""The command line: ``python -m sim`` or ``community-1234``.

Subcommands::

    scenarios                       list the shipped scenarios
    params [--group G] [--levers]   the parameter table
    run SCENARIO [--set NAME=VALUE]... [--days N] [--out DIR] [--by category|grid]
    compare A B ... [--reps N] [--jobs N] [--set NAME=VALUE]... [--out DIR]
    experiment run FILE [--out DIR] [--jobs N | --serial | --local-cluster N | --scheduler ADDR]
    experiment status DIR
    experiment analyze DIR

Common options: ``--lang zh|en`` (default: the system locale) and, for ``run`` and
``compare``, ``--seed N`` (default 0). Mistakes the user can fix (an unknown scenario
or parameter, a bad value, a malformed file, a bad option) print one line to stderr
and exit with status 2, without a traceback and without writing anything.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import sys
import tomllib
from collections.abc import Sequence
from typing import Any, NoReturn

import pandas as pd

from . import __version__
from .errors import ScenarioError
from .i18n import (
    LANGS,
    check_lang,
    default_lang,
    display_width,
    group_label,
    param_label,
    param_unit,
    scenario_title,
    t,
    wrap,
)
from .inputs import DEFAULT_MAX_RUNS, SEED_LIMIT, as_integer, check_runs, cut, is_finite, quote, shown
from .params import GROUPS, PARAMS, Param
from .report import changes_text, toml_value
from .scenario import Scenario, list_scenarios, load_scenario

EXIT_USAGE = 2
MAX_JOBS = 1024  # worker processes or Dask workers started by one command
MAX_MESSAGE = 600  # characters of an error line, "error: " included


class UsageError(Exception):
    """A command line that cannot be carried out; the message is shown as one line."""


class ArgparseError(UsageError):
    """A usage error worded by argparse itself (English); ``main`` translates it."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        """Raise ArgparseError (argparse would print the usage and exit)."""
        raise ArgparseError(message)


# argparse's own messages (Python 3.12/3.13 wording) -> our keys, so they follow --lang.
_ARGPARSE_MESSAGES = (
    (re.compile(r"^the following arguments are required: (?P<what>.+)$"), "cli.argparse.required"),
    (re.compile(r"^unrecognized arguments: (?P<what>.+)$"), "cli.argparse.unrecognized"),
    (
        re.compile(r"^argument (?P<option>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<allowed>.+)\)$"),
        "cli.argparse.choice",
    ),
    (re.compile(r"^argument (?P<option>\S+): expected one argument$"), "cli.argparse.one_value"),
    (re.compile(r"^argument (?P<option>\S+): not allowed with argument (?P<other>\S+)$"), "cli.argparse.together"),
    (re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<what>.+)$"), "cli.argparse.ambiguous"),
    (re.compile(r"^argument (?P<option>\S+): ignored explicit argument (?P<value>.+)$"), "cli.argparse.no_value"),
)


def argparse_message(message: str, lang: str) -> str:
    """Translate an argparse usage error ``message`` into ``lang``, shortening long values."""
    for pattern, key in _ARGPARSE_MESSAGES:
        m = pattern.match(message)
        if m:
            fields = {k: cut(v) for k, v in m.groupdict().items()}
            return t(key, lang, **fields)
    return message


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


# ------------------------------------------------------------------- the parser ----------
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
    from .calibrate import add_arguments

    add_arguments(sub("calibrate"), lang)
    return parser


def _experiment_parser(parser: argparse.ArgumentParser, lang: str, fmt: type[argparse.HelpFormatter]) -> None:
    """The ``experiment run|status|analyze`` subcommands."""
    subs = parser.add_subparsers(dest="experiment_command", title=t("cli.experiment.commands", lang), metavar="COMMAND")

    def sub(name: str) -> argparse.ArgumentParser:
        text = t(f"cli.experiment.{name}.help", lang)
        p = subs.add_parser(name, help=text, description=text, formatter_class=fmt, add_help=False)
        _common(p, lang, top=False)
        return p

    p = sub("run")
    p.add_argument("file", metavar="FILE", help=t("cli.arg.experiment_file", lang))
    p.add_argument("--out", metavar="DIR", help=t("cli.arg.experiment_out", lang))
    how = p.add_mutually_exclusive_group()
    how.add_argument("--jobs", metavar="N", help=t("cli.arg.experiment_jobs", lang))
    how.add_argument("--serial", action="store_true", help=t("cli.arg.serial", lang))
    how.add_argument("--local-cluster", metavar="N", help=t("cli.arg.local_cluster", lang))
    how.add_argument("--scheduler", metavar="ADDR", help=t("cli.arg.scheduler", lang))
    p.add_argument("--retry-errors", action="store_true", help=t("cli.arg.retry_errors", lang))
    _max_runs_option(p, lang)
    sub("status").add_argument("dir", metavar="DIR", help=t("cli.arg.experiment_dir", lang))
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


# ------------------------------------------------------------------- option values -------
def number_option(
    raw: str,
    option: str,
    lang: str,
    low: float | None = None,
    high: float | None = None,
    integer: bool = False,
    what: str | None = None,
) -> int | float:
    """Read a numeric option's text: finite, in ``[low, high]``, whole if ``integer``.

    ``what`` words the allowed values when the range alone would read badly (seeds).

    Raises:
        UsageError: naming the option, the value (shortened) and what is allowed.
    """
    text = raw.strip()
    try:
        value: int | float = int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
    if integer and is_finite(value):
        value = as_integer(value) if as_integer(value) is not None else math.nan
    lo = -math.inf if low is None else low
    hi = math.inf if high is None else high
    if not is_finite(value) or not lo <= value <= hi:
        if what is None and high is None and low is not None:
            what = t("cli.what.at_least", lang, low=_bound(low))
        elif what is None:
            kind = "cli.what.integer" if integer else "cli.what.number"
            what = t(kind, lang, low=_bound(low), high=_bound(high))
        value_text = raw if raw.strip() == raw and raw else quote(raw)
        raise UsageError(t("cli.bad_number", lang, option=option, value=shown(value_text), what=what))
    return value


def _bound(value: float | None) -> str:
    if value is None:
        return "∞"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def seed_option(raw: str, lang: str, option: str = "--seed") -> int:
    """Read ``--seed``: an integer with 0 ≤ seed < 2⁶³."""
    return int(number_option(raw, option, lang, 0, SEED_LIMIT - 1, integer=True, what=t("cli.what.seed", lang)))


def count_option(raw: str | None, option: str, lang: str, high: int | None = None) -> int | None:
    """Read a count option (``--reps``, ``--jobs`` …): an integer ≥ 1, or None when absent."""
    if raw is None:
        return None
    return int(number_option(raw, option, lang, 1, high, integer=True))


def max_runs_option(args: argparse.Namespace, lang: str) -> int:
    """The run cap of this command: ``--max-runs`` or the default."""
    raw = getattr(args, "max_runs", None)
    return DEFAULT_MAX_RUNS if raw is None else count_option(raw, "--max-runs", lang)


def _scan_lang(argv: Sequence[str]) -> str:
    """Find the --lang given anywhere on the command line (needed before the parser is built)."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    if lang is None:
        return default_lang()
    if lang not in LANGS:
        raise UsageError(t("cli.bad_lang", default_lang(), value=cut(lang)))
    return lang


# ------------------------------------------------------------------- scenarios -----------
def parse_set(items: Sequence[str], lang: str) -> dict[str, Any]:
    """Turn ``["visit_share=0.2", "gridding=true"]`` into ``{"visit_share": 0.2, "gridding": True}``.

    Values are read as TOML literals (numbers, true/false, "strings"); a value that is
    not valid TOML is taken as a plain string, so ``priority_rule=fifo`` works.
    """
    out: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or not name or not raw or any(c.isspace() for c in name):
            raise UsageError(t("cli.bad_set", lang, item=cut(item)))
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw
        except (RecursionError, ValueError):  # nested past Python's limit, or > 4,300 digits
            raise UsageError(t("cli.bad_set_value", lang, name=cut(name))) from None
        out[name] = value
    return out


def load(ref: str, sets: Sequence[str] = (), days: str | float | None = None, lang: str = "en") -> Scenario:
    """Load a scenario by name or path and apply ``--set`` and ``--days`` (validated)."""
    if isinstance(days, str):
        p = PARAMS["days"]
        days = number_option(days, "--days", lang, p.lo, p.hi, integer=True)
    scenario = load_scenario(ref)
    changes = parse_set(sets, lang)
    if changes:
        try:
            scenario = scenario.with_values(changes)
        except ScenarioError as exc:
            raise exc.prefixed("--set ") from None
    if days is not None:
        try:
            scenario = scenario.with_values({"days": days})
        except ScenarioError as exc:
            raise exc.prefixed("--days: ") from None
    return scenario


# ------------------------------------------------------------------- printing ------------
def render_table(
    df: pd.DataFrame, index_header: str = "", header_width: int | None = None, left: Sequence[str] = ()
) -> str:
    """Render a plain-text table that lines up Chinese and English text in a terminal.

    The index is the first column (left-aligned); the other columns are right-aligned
    unless named in ``left``. Column headers longer than ``header_width`` terminal
    columns are wrapped onto several lines.
    """
    lefts = {0} | {k + 1 for k, c in enumerate(df.columns) if c in left}
    headers = [[index_header], *[wrap(str(c), header_width) if header_width else [str(c)] for c in df.columns]]
    height = max(len(h) for h in headers)
    headers = [[""] * (height - len(h)) + h for h in headers]
    rows = [[str(i), *[str(v) for v in row]] for i, row in zip(df.index, df.itertuples(index=False), strict=True)]
    cells = [*zip(*headers, strict=True), *rows]
    widths = [max(display_width(r[k]) for r in cells) for k in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        out = []
        for k, (cell, w) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (w - display_width(cell))
            out.append(cell + pad if k in lefts else pad + cell)
        return "  ".join(out).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([*[line(h) for h in zip(*headers, strict=True)], rule, *[line(r) for r in rows]])


def _print(text: str = "") -> None:
    print(text, file=sys.stdout)


def _terminal_width() -> int:
    return min(110, shutil.get_terminal_size((100, 24)).columns)


def _print_wrapped(label: str, text: str, lang: str) -> None:
    sep = "：" if lang == "zh" else ": "
    text = text.replace(" = ", "\u00a0=\u00a0")  # keep "name = value" on one line
    lines = wrap(f"{label}{sep}{text}", _terminal_width())
    for k, line in enumerate(lines):
        _print(("  " if k else "") + line.replace("\u00a0", " "))


# ------------------------------------------------------------------- commands ------------
def cmd_scenarios(args: argparse.Namespace, lang: str) -> int:
    """List the shipped scenarios with title and description."""
    names = list_scenarios()
    col = max(len(n) for n in names) + 2
    width = max(40, _terminal_width() - col)
    for name in names:
        sc = load_scenario(name)
        _print(f"{name:<{col}}{scenario_title(sc, lang)}")
        for line in wrap(sc.description.get(lang, ""), width):
            _print(" " * col + line)
        _print()
    return 0


def _range_text(p: Param) -> str:
    if p.kind == "bool":
        return "true | false"
    if p.kind == "choice":
        return " | ".join(p.choices)
    return f"{p.lo:g}–{p.hi:g}"


def cmd_params(args: argparse.Namespace, lang: str) -> int:
    """Print the parameter table, one block per group."""
    if args.group is not None and args.group not in GROUPS:
        raise UsageError(t("cli.bad_group", lang, value=cut(args.group), allowed=", ".join(GROUPS)))
    chosen = [
        p for p in PARAMS.values() if (args.group is None or p.group == args.group) and (p.lever or not args.levers)
    ]
    _print(t("cli.params.title", lang, n=len(chosen)))
    for group in GROUPS:
        part = [p for p in chosen if p.group == group]
        if not part:
            continue
        _print()
        _print(f"[{group}] {group_label(group, lang)}")
        df = pd.DataFrame(
            {
                t("cli.col.default", lang): [toml_value(p.default) for p in part],
                t("cli.col.unit", lang): [param_unit(p.unit, lang) for p in part],
                t("cli.col.range", lang): [_range_text(p) for p in part],
                t("cli.col.label", lang): [param_label(p.name, lang) for p in part],
            },
            index=[p.name for p in part],
        )
        _print(render_table(df, t("cli.col.name", lang), left=list(df.columns[1:])))
    return 0


def _run_header(scenario: Scenario, seed: int, lang: str) -> None:
    _print(t("cli.header.run", lang, name=scenario.name, title=scenario_title(scenario, lang)))
    _print(t("cli.header.facts", lang, seed=seed, days=scenario.params["days"], source=scenario.source))
    _print_wrapped(t("word.changes", lang), changes_text(scenario, lang), lang)


def _input_files(scenarios: Sequence[Scenario]) -> list[str]:
    """The files the scenarios were read from (an output must never replace one)."""
    return [sc.source for sc in scenarios if not sc.source.startswith("builtin:") and sc.source != "inline"]


def cmd_run(args: argparse.Namespace, lang: str, argv: Sequence[str]) -> int:
    """Run one scenario, print its metrics, optionally write the output directory."""
    from .files import check_out_dir
    from .report import breakdown_frame, summary_frame, write_run
    from .run import run

    seed = seed_option(args.seed, lang)
    scenario = load(args.scenario, args.set, args.days, lang)
    if args.out is not None:
        check_out_dir(args.out, args.overwrite, lang, inputs=_input_files([scenario]))
    _run_header(scenario, seed, lang)
    _print()
    sys.stdout.flush()
    result = run(scenario, seed=seed, keep_model=args.out is not None)
    _print(render_table(summary_frame(result.summary, lang), t("word.metric", lang)))
    if args.by:
        table = result.by_category if args.by == "category" else result.by_grid
        _print()
        _print(t(f"cli.by.{args.by}", lang))
        _print(render_table(breakdown_frame(table, args.by, lang), header_width=16))
    if args.out is not None:
        path = write_run(result, args.out, lang, overwrite=args.overwrite, extra_meta={"argv": list(argv)})
        _print()
        _print(t("cli.written", lang, path=path))
    return 0


def cmd_compare(args: argparse.Namespace, lang: str, argv: Sequence[str]) -> int:
    """Run several scenarios ``--reps`` times each and print the comparison table."""
    from tqdm import tqdm

    from .files import check_out_dir
    from .report import comparison_frame, write_comparison
    from .run import compare

    max_runs = max_runs_option(args, lang)
    reps = count_option(args.reps, "--reps", lang)
    jobs = count_option(args.jobs, "--jobs", lang, MAX_JOBS)
    seed = seed_option(args.seed, lang)
    check_runs(reps * len(args.scenarios), "--reps × scenarios", max_runs)
    scenarios = [load(ref, args.set, args.days, lang) for ref in args.scenarios]
    if args.out is not None:
        check_out_dir(args.out, args.overwrite, lang, inputs=_input_files(scenarios))
    bar = tqdm(
        total=len(scenarios) * reps,
        desc=t("cli.progress", lang),
        unit=t("cli.progress_unit", lang),
        file=sys.stderr,
        disable=None,
        leave=False,
    )
    try:
        comparison = compare(
            scenarios,
            reps=reps,
            seed=seed,
            jobs=jobs,
            max_runs=max_runs,
            progress=lambda done, total: bar.update(done - bar.n),
        )
    finally:
        bar.close()
    _print(t("cli.header.compare", lang, n=len(scenarios), reps=reps, seed=seed))
    for sc in comparison.scenarios:
        _print(f"  {sc.name}: {scenario_title(sc, lang)}")
    _print()
    _print(render_table(comparison_frame(comparison, lang), t("word.metric", lang)))
    _print()
    _print(t("cli.compare.note", lang))
    if args.out is not None:
        path = write_comparison(comparison, args.out, lang, overwrite=args.overwrite, extra_meta={"argv": list(argv)})
        _print()
        _print(t("cli.written", lang, path=path))
    return 0


def cmd_experiment(args: argparse.Namespace, lang: str, argv: Sequence[str], parser: argparse.ArgumentParser) -> int:
    """``experiment run|status|analyze``."""
    if args.experiment_command is None:
        raise UsageError(t("cli.experiment.no_command", lang))
    if args.experiment_command == "run":
        return cmd_experiment_run(args, lang, argv)
    if args.experiment_command == "status":
        return cmd_experiment_status(args, lang)
    return cmd_experiment_analyze(args, lang)


def _executor_choice(args: argparse.Namespace, lang: str) -> tuple[str, int | None, str | None]:
    from .experiments.executors import SCHEDULER_ENV

    jobs = count_option(args.jobs, "--jobs", lang, MAX_JOBS)
    cluster = count_option(args.local_cluster, "--local-cluster", lang, MAX_JOBS)
    if args.serial:
        return "serial", 1, None
    if jobs is not None:
        return "processes", jobs, None
    if cluster is not None:
        return "local-cluster", cluster, None
    if args.scheduler is not None:
        return "dask", None, args.scheduler
    if os.environ.get(SCHEDULER_ENV):
        return "dask", None, os.environ[SCHEDULER_ENV]
    return "processes", None, None


def cmd_experiment_run(args: argparse.Namespace, lang: str, argv: Sequence[str]) -> int:
    """Run (or resume) an experiment with a progress bar."""
    from tqdm import tqdm

    from .experiments.runner import prepare, run_experiment
    from .experiments.spec import load_experiment

    kind, workers, scheduler = _executor_choice(args, lang)
    max_runs = max_runs_option(args, lang)
    spec = load_experiment(args.file)
    out = os.path.join("out", spec.name) if args.out is None else args.out
    # Validates everything (sizes against the cap, the directory); writes nothing.
    spec, design = prepare(spec, out, max_runs=max_runs, lang=lang, executor=kind, scheduler=scheduler)
    total = len(design) * spec.replications
    _print(
        t(
            "cli.experiment.header",
            lang,
            name=spec.name,
            method=spec.method,
            points=len(design),
            reps=spec.replications,
            total=total,
            seed=spec.seed,
        )
    )
    sys.stdout.flush()
    bar = tqdm(
        total=total,
        desc=t("cli.progress", lang),
        unit=t("cli.progress_unit", lang),
        file=sys.stderr,
        disable=None,
        smoothing=0.1,
    )
    first = []

    def progress(done: int, _total: int) -> None:
        if not first:
            first.append(done)
            bar.n = bar.initial = done
            bar.refresh()
            if done:
                bar.write(t("cli.experiment.resumed", lang, n=done), file=sys.stderr)
            return
        bar.update(done - bar.n)

    try:
        result = run_experiment(
            spec,
            out,
            executor=kind,
            workers=workers,
            scheduler=scheduler,
            progress=progress,
            retry_errors=args.retry_errors,
            extra_meta={"argv": list(argv)},
            max_runs=max_runs,
        )
    except KeyboardInterrupt:
        bar.close()
        print(t("cli.experiment.interrupted", lang), file=sys.stderr)
        return 130
    finally:
        bar.close()
    _print(t("cli.experiment.done", lang, ran=result.ran, errors=result.errors, seconds=result.seconds))
    if result.damaged:
        where = os.path.join(out, "runs", "damaged")
        _print(t("cli.experiment.set_aside", lang, n=len(result.damaged), path=where))
    if result.repaired:
        _print(t("cli.experiment.repaired", lang, files=", ".join(result.repaired)))
    _print(t("cli.experiment.where", lang, path=out, executor=result.executor))
    return cmd_experiment_status(argparse.Namespace(dir=out), lang)


def cmd_experiment_status(args: argparse.Namespace, lang: str) -> int:
    """Print how many runs are done, failed and missing."""
    from .experiments.store import damaged_message, status

    st = status(args.dir)
    _print(
        t(
            "cli.experiment.status",
            lang,
            name=st["name"],
            total=st["total"],
            points=st["points"],
            reps=st["replications"],
            done=st["done"],
            error=st["error"],
            missing=st["missing"],
        )
    )
    if st.get("damaged"):
        _print(damaged_message(st["damaged_files"], lang))
    if st["error"]:
        _print(t("cli.experiment.errors_hint", lang))
    if st["missing"]:
        _print(t("cli.experiment.resume_hint", lang))
    return 0


def cmd_experiment_analyze(args: argparse.Namespace, lang: str) -> int:
    """Analyse an experiment: print the per-point summary, write the CSV files and the report.

    The report (report.html) is in the interface language (``--lang``).
    """
    from .experiments.report import write_analysis
    from .i18n import format_ci, format_value, metric_label

    baseline = getattr(args, "baseline", None)
    if baseline is not None:
        baseline = int(number_option(baseline, "--baseline", lang, 0, integer=True))
    analysis, written = write_analysis(args.dir, lang=lang, metric=getattr(args, "metric", None), baseline=baseline)
    table, factors = analysis.summary, analysis.factors
    if table.empty:
        _print(t("cli.experiment.no_runs", lang))
    limit = 40
    for metric, part in table.groupby("metric", sort=False):
        part = part.sort_values("point")
        df = pd.DataFrame(
            {
                **{f: [toml_value(v) for v in part[f]] for f in factors},
                t("cli.col.n", lang): part["n"].tolist(),
                t("cli.col.mean", lang): [format_value(metric, v, lang) for v in part["mean"]],
                t("cli.col.ci", lang): [
                    format_ci(metric, lo, hi, lang) for lo, hi in zip(part["ci_low"], part["ci_high"], strict=True)
                ],
            },
            index=part["point"].tolist(),
        )
        _print(f"{metric_label(metric, lang)} ({metric})")
        _print(render_table(df.head(limit), t("cli.col.point", lang)))
        if len(df) > limit:
            _print(t("cli.experiment.more_points", lang, n=len(df) - limit))
        _print()
    if analysis.damaged:
        from .experiments.store import damaged_message

        _print(damaged_message(analysis.damaged, lang))
    for path in written:
        _print(t("cli.written", lang, path=path))
    return 0


# ------------------------------------------------------------------- entry point ---------
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
        lang = _scan_lang(argv)
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
            from .calibrate import cmd_calibrate

            return cmd_calibrate(args, lang)
        return cmd_compare(args, lang, argv)
    except ScenarioError as exc:
        return _fail(exc.text(lang), lang)
    except ArgparseError as exc:
        return _fail(argparse_message(str(exc), lang), lang)
    except UsageError as exc:
        return _fail(str(exc), lang)
    except BrokenPipeError:  # e.g. `python -m sim params | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = f"{cut(str(exc.filename), 200)}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}", lang)
    except KeyboardInterrupt:
        print(t("cli.interrupted", lang), file=sys.stderr)
        return 130
