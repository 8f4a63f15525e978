"""The commands ``scenarios``, ``params``, ``run`` and ``compare``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import pandas as pd

from ..files import check_out_dir
from ..i18n import group_label, param_label, param_unit, scenario_title, t, wrap
from ..inputs import check_runs, cut
from ..params import GROUPS, PARAMS, Param
from ..report import (
    COMPARED_OTHERS,
    OTHER_METRICS,
    breakdown_frame,
    changes_text,
    comparison_frame,
    comparison_rate_frames,
    keep_up_lines,
    keep_up_warning,
    rates_frame,
    rates_note,
    shock_lines,
    summary_frame,
    toml_value,
    write_comparison,
    write_run,
)
from ..run import compare, run
from ..scenario import Scenario, list_scenarios, load_scenario
from ..text import Part
from .options import MAX_JOBS, UsageError, count_option, load, max_runs_option, seed_option
from .output import print_line, print_wrapped, progress_bar, render_table, terminal_width


def cmd_scenarios(args: argparse.Namespace, lang: str) -> int:
    """List the shipped scenarios with title and description."""
    names = list_scenarios()
    col = max(len(n) for n in names) + 2
    width = max(40, terminal_width() - col)
    for name in names:
        sc = load_scenario(name)
        print_line(f"{name:<{col}}{scenario_title(sc, lang)}")
        for line in wrap(sc.description.get(lang, ""), width):
            print_line(" " * col + line)
        print_line()
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
    print_line(t("cli.params.title", lang, n=len(chosen)))
    for group in GROUPS:
        part = [p for p in chosen if p.group == group]
        if not part:
            continue
        print_line()
        print_line(f"[{group}] {group_label(group, lang)}")
        df = pd.DataFrame(
            {
                t("cli.col.default", lang): [toml_value(p.default) for p in part],
                t("cli.col.unit", lang): [param_unit(p.unit, lang) for p in part],
                t("cli.col.range", lang): [_range_text(p) for p in part],
                t("cli.col.label", lang): [param_label(p.name, lang) for p in part],
            },
            index=[p.name for p in part],
        )
        print_line(render_table(df, t("cli.col.name", lang), left=list(df.columns[1:])))
    return 0


def _run_header(scenario: Scenario, seed: int, lang: str) -> None:
    print_line(t("cli.header.run", lang, name=scenario.name, title=scenario_title(scenario, lang)))
    print_line(t("cli.header.facts", lang, seed=seed, days=scenario.params["days"], source=scenario.source))
    print_wrapped(t("word.changes", lang), changes_text(scenario, lang), lang)
    _print_shocks(scenario, lang)


def _print_shocks(scenario: Scenario, lang: str, indent: str = "") -> None:
    """The scenario's shocks, one a line under a label (nothing when it has none)."""
    lines = shock_lines(scenario, lang)
    if not lines:
        return
    print_line(f"{indent}{t('report.shocks', lang)}{t('word.colon', lang).rstrip()}")
    for line in lines:
        for k, part in enumerate(wrap(line, terminal_width() - len(indent) - 4)):
            print_line(f"{indent}  {'- ' if k == 0 else '  '}{part}")


def _print_note(text: str) -> None:
    """A sentence under a table, wrapped to the terminal."""
    for line in wrap(text, terminal_width()):
        print_line(line)


def _input_files(scenarios: Sequence[Scenario]) -> list[str]:
    """The files the scenarios were read from (an output must never replace one)."""
    return [sc.source for sc in scenarios if not sc.source.startswith("builtin:") and sc.source != "inline"]


def cmd_run(args: argparse.Namespace, lang: str, argv: Sequence[str]) -> int:
    """Run one scenario, print its metrics, optionally write the output directory."""
    seed = seed_option(args.seed, lang)
    scenario = load(args.scenario, args.set, args.days, lang)
    if args.out is not None:
        check_out_dir(args.out, args.overwrite, lang, inputs=_input_files([scenario]))
    _run_header(scenario, seed, lang)
    print_line()
    sys.stdout.flush()
    result = run(scenario, seed=seed, keep_model=args.out is not None)
    print_line(t("result.rates_title", lang))
    print_line(render_table(rates_frame(result.summary, lang), t("word.metric", lang)))
    _print_note(rates_note(lang))
    warning = keep_up_warning(result.summary, lang)
    if warning:
        print_line()
        _print_note(warning)
    print_line()
    print_line(render_table(summary_frame(result.summary, lang, OTHER_METRICS), t("word.metric", lang)))
    if args.by:
        table = result.by_category if args.by == "category" else result.by_grid
        print_line()
        print_line(t(f"cli.by.{args.by}", lang))
        print_line(render_table(breakdown_frame(table, args.by, lang), header_width=16))
    if args.out is not None:
        path = write_run(result, args.out, lang, overwrite=args.overwrite, extra_meta={"argv": list(argv)})
        print_line()
        print_line(t("cli.written", lang, path=path))
    return 0


def cmd_compare(args: argparse.Namespace, lang: str, argv: Sequence[str]) -> int:
    """Run several scenarios ``--reps`` times each and print the comparison table."""
    max_runs = max_runs_option(args, lang)
    reps = count_option(args.reps, "--reps", lang)
    jobs = count_option(args.jobs, "--jobs", lang, MAX_JOBS)
    seed = seed_option(args.seed, lang)
    check_runs(reps * len(args.scenarios), Part("error.runs.scenarios", reps="--reps"), max_runs)
    scenarios = [load(ref, args.set, args.days, lang) for ref in args.scenarios]
    if args.out is not None:
        check_out_dir(args.out, args.overwrite, lang, inputs=_input_files(scenarios))
    bar = progress_bar(len(scenarios) * reps, lang, leave=False)
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
    print_line(t("cli.header.compare", lang, n=len(scenarios), reps=reps, seed=seed))
    for sc in comparison.scenarios:
        print_line(f"  {sc.name}: {scenario_title(sc, lang)}")
        _print_shocks(sc, lang, indent="    ")
    print_line()
    true_block, assessed_block = comparison_rate_frames(comparison, lang)
    print_line(render_table(true_block, t("result.true", lang)))
    print_line()
    print_line(render_table(assessed_block, t("result.assessed", lang)))
    _print_note(rates_note(lang))
    print_line()
    keeps_up, warning = keep_up_lines(comparison, lang)
    _print_note(keeps_up)
    if warning:
        _print_note(warning)
    print_line()
    print_line(render_table(comparison_frame(comparison, lang, COMPARED_OTHERS), t("word.metric", lang)))
    print_line()
    print_line(t("cli.compare.note", lang))
    if args.out is not None:
        path = write_comparison(comparison, args.out, lang, overwrite=args.overwrite, extra_meta={"argv": list(argv)})
        print_line()
        print_line(t("cli.written", lang, path=path))
    return 0
