"""The commands ``experiment run``, ``experiment status`` and ``experiment analyze``.

An experiment file over a street (``street = …`` instead of ``scenario``) runs through
the same commands: each run is a run of the whole street (``sim.experiments.street_runs``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import pandas as pd

from ..experiments.executors import SCHEDULER_ENV
from ..experiments.report import (
    ci_text,
    in_paired_order,
    keep_up_warning,
    points_behind,
    street_line,
    value_text,
    write_analysis,
)
from ..experiments.runner import prepare, run_experiment
from ..experiments.store import ExperimentStore, damaged_message, status
from ..experiments.street_runs import StreetExperimentSpec, load_any
from ..i18n import metric_label, t
from ..report import toml_value
from .discover import cmd_discover
from .options import MAX_JOBS, UsageError, count_option, max_runs_option, number_option
from .output import print_line, progress_bar, render_table


def cmd_experiment(args: argparse.Namespace, lang: str, argv: Sequence[str], parser: argparse.ArgumentParser) -> int:
    """``experiment run|status|analyze|discover``."""
    if args.experiment_command is None:
        raise UsageError(t("cli.experiment.no_command", lang))
    if args.experiment_command == "run":
        return cmd_experiment_run(args, lang, argv)
    if args.experiment_command == "status":
        return cmd_experiment_status(args, lang)
    if args.experiment_command == "discover":
        return cmd_discover(args, lang)
    return cmd_experiment_analyze(args, lang)


def add_executor_options(parser: argparse.ArgumentParser, lang: str) -> None:
    """Where the runs go: ``--jobs N | --serial | --local-cluster N | --scheduler ADDR`` (read by ``executor_choice``)."""
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--jobs", metavar="N", help=t("cli.arg.experiment_jobs", lang))
    how.add_argument("--serial", action="store_true", help=t("cli.arg.serial", lang))
    how.add_argument("--local-cluster", metavar="N", help=t("cli.arg.local_cluster", lang))
    how.add_argument("--scheduler", metavar="ADDR", help=t("cli.arg.scheduler", lang))


def executor_choice(args: argparse.Namespace, lang: str) -> tuple[str, int | None, str | None]:
    """The executor the options ask for: ``(kind, workers, scheduler)`` (``experiment run`` and ``optimize``)."""
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
    kind, workers, scheduler = executor_choice(args, lang)
    max_runs = max_runs_option(args, lang)
    spec = load_any(args.file)
    out = os.path.join("out", spec.name) if args.out is None else args.out
    # Validates everything (sizes against the cap, the directory); writes nothing.
    spec, design = prepare(spec, out, max_runs=max_runs, lang=lang, executor=kind, scheduler=scheduler)
    total = len(design) * spec.replications
    print_line(
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
    if isinstance(spec, StreetExperimentSpec):
        street = spec.street
        n = len(street.communities)
        print_line(
            t("street_views.experiment.header", lang, street=street.name, communities=n, community_runs=total * n)
        )
    sys.stdout.flush()
    bar = progress_bar(total, lang, smoothing=0.1)
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
    print_line(t("cli.experiment.done", lang, ran=result.ran, errors=result.errors, seconds=result.seconds))
    if result.damaged:
        where = os.path.join(out, "runs", "damaged")
        print_line(t("cli.experiment.set_aside", lang, n=len(result.damaged), path=where))
    if result.repaired:
        print_line(t("cli.experiment.repaired", lang, files=", ".join(result.repaired)))
    print_line(t("cli.experiment.where", lang, path=out, executor=result.executor))
    return cmd_experiment_status(argparse.Namespace(dir=out), lang)


def cmd_experiment_status(args: argparse.Namespace, lang: str) -> int:
    """Print how many runs are done, failed and missing."""
    st = status(args.dir)
    print_line(
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
    street = street_line(ExperimentStore(args.dir).meta(), lang)
    if street:
        print_line(street)
    if st.get("damaged"):
        print_line(damaged_message(st["damaged_files"], lang))
    if st["error"]:
        print_line(t("cli.experiment.errors_hint", lang))
    if st["missing"]:
        print_line(t("cli.experiment.resume_hint", lang))
    return 0


def cmd_experiment_analyze(args: argparse.Namespace, lang: str) -> int:
    """Analyse an experiment: print the per-point summary, write the CSV files and the report.

    The report (report.html) is in the interface language (``--lang``).
    """
    baseline = getattr(args, "baseline", None)
    if baseline is not None:
        baseline = int(number_option(baseline, "--baseline", lang, 0, integer=True))
    analysis, written = write_analysis(args.dir, lang=lang, metric=getattr(args, "metric", None), baseline=baseline)
    table, factors = analysis.summary, analysis.factors
    street = street_line(analysis.meta, lang)
    if street:
        print_line(street)
    if table.empty:
        print_line(t("cli.experiment.no_runs", lang))
    limit = 40
    for metric, part in in_paired_order(table).groupby("metric", sort=False):
        part = part.sort_values("point")
        df = pd.DataFrame(
            {
                **{f: [toml_value(v) for v in part[f]] for f in factors},
                t("cli.col.n", lang): part["n"].tolist(),
                t("cli.col.mean", lang): [value_text(metric, v, lang) for v in part["mean"]],
                t("cli.col.ci", lang): [
                    ci_text(metric, lo, hi, lang) for lo, hi in zip(part["ci_low"], part["ci_high"], strict=True)
                ],
            },
            index=part["point"].tolist(),
        )
        print_line(f"{metric_label(metric, lang)} ({metric})")
        print_line(render_table(df.head(limit), t("cli.col.point", lang)))
        if len(df) > limit:
            print_line(t("cli.experiment.more_points", lang, n=len(df) - limit))
        print_line()
    warning = keep_up_warning(analysis, lang)
    if warning:
        print_line(warning)
    elif points_behind(analysis) is None and not table.empty and not street:  # a street does not record it
        print_line(t("report.exp.keeps_up_unknown", lang))
    if analysis.damaged:
        print_line(damaged_message(analysis.damaged, lang))
    for path in written:
        print_line(t("cli.written", lang, path=path))
    return 0
