"""The command ``optimize FILE``: a policy search over a street under a staff budget.

::

    community-1234 optimize sim/scenarios/streets/optimize-street-10.toml --jobs 2

Reads and checks the file, the executor options and the output folder (one line, exit 2,
nothing written, for any mistake), runs the search (``sim.street.optimize``) with every
run stored as it finishes, prints the Pareto set and writes the tables and both reports
(``sim.street.optimize_report``). Running it again goes on from the stored runs.
"""

from __future__ import annotations

import argparse
import os
import sys

from tqdm import tqdm

from ..i18n import t
from ..street.optimize import check_folder, optimize
from ..street.optimize_report import SHOWN, policy_words, terminal_table, write_optimize
from ..street.optimize_spec import load_optimize
from .experiment import add_executor_options, executor_choice
from .output import print_line, render_table


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``optimize``: the file, the folder, and where the runs are carried out (as ``experiment run``)."""
    parser.add_argument("file", metavar="FILE", help=t("cli.arg.optimize_file", lang))
    parser.add_argument("--out", metavar="DIR", help=t("cli.arg.optimize_out", lang))
    parser.add_argument("--overwrite", action="store_true", help=t("cli.arg.optimize_overwrite", lang))
    add_executor_options(parser, lang)


def cmd_optimize(args: argparse.Namespace, lang: str) -> int:
    """Run ``optimize``: check everything, search with a progress bar, print the Pareto set, write the files."""
    kind, workers, scheduler = executor_choice(args, lang)
    spec = load_optimize(args.file)
    out = os.path.join("out", spec.name) if args.out is None else args.out
    resume = check_folder(spec, out, args.overwrite, lang)
    print_line(
        t(
            "cli.optimize.header",
            lang,
            name=spec.name,
            street=spec.street.name,
            communities=len(spec.street.communities),
            variables=len(spec.variables),
            g=spec.generations,
            p=spec.population,
            r=spec.replications,
        )
    )
    if resume:
        print_line(t("cli.optimize.resumed", lang, path=out))
    sys.stdout.flush()
    bar = tqdm(total=spec.generations, desc=t("optimize.fig.generation", lang), file=sys.stderr, disable=None)
    try:
        result = optimize(
            spec,
            out,
            executor=kind,
            workers=workers,
            scheduler=scheduler,
            overwrite=args.overwrite,
            generation_done=lambda done, _total: bar.update(done - bar.n),
            lang=lang,
        )
    except KeyboardInterrupt:
        bar.close()
        print(t("cli.optimize.interrupted", lang), file=sys.stderr)
        return 130
    finally:
        bar.close()
    print_line(
        t(
            "cli.optimize.done",
            lang,
            ran=result.ran,
            reused=result.reused,
            seconds=result.seconds,
            executor=result.executor,
        )
    )
    print_line()
    if result.pareto.empty:
        print_line(t("cli.optimize.none", lang))
    else:
        print_line(render_table(terminal_table(result, lang), t("optimize.col.policy", lang)))
        print_line()
        print_line(t("cli.optimize.pareto", lang))
        columns = [v.key for v in spec.variables]
        for pid, values in zip(
            result.pareto["policy"].head(SHOWN), result.pareto[columns].head(SHOWN).to_dict("records"), strict=True
        ):
            print_line(f"{pid}. {policy_words(spec, values, lang)}")
    print_line()
    for path in write_optimize(result, lang):
        print_line(t("cli.written", lang, path=path))
    return 0
