"""The command ``experiment discover``: which conditions make a metric fall below (or rise above) a threshold.

::

    community-1234 experiment discover out/discover-small --metric on_time_closure_rate --below 0.6

Reads and checks the options and the experiment directory, runs scenario discovery
(``sim.experiments.discover``), prints the boxes and writes the report into the
experiment directory: ``discover-<metric>-below-<x>.html`` (in the interface language,
each box's sentence in both) and ``.csv`` (the boxes, both sentences), through the page
template ``sim/templates/discover.html``. Every mistake is one line, exit 2, before
anything is written; the two files are renamed into place together.
"""

from __future__ import annotations

import argparse
import difflib
import math
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..experiments.discover import (
    DEFAULT_DENSITY,
    DISCRETE,
    KNOWN_METRICS,
    SIGNIFICANT,
    Box,
    Discovery,
    boxes_frame,
    compact_text,
    discover,
    metric_words,
    question,
    sentence,
    threshold_range,
    value_text,
    values_text,
    whole_percent,
)
from ..experiments.store import ExperimentStore, old_text, short_list
from ..files import check_out_file, write_together
from ..i18n import in_lang, is_percent, metric_label, param_label, t
from ..inputs import shown
from ..report import html_table, render_page
from ..run import versions
from .options import UsageError, number_option
from .output import print_line, render_table


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``experiment discover``."""
    parser.add_argument("dir", metavar="DIR", help=t("cli.arg.experiment_dir", lang))
    parser.add_argument("--metric", metavar="M", required=True, help=t("cli.arg.discover_metric", lang))
    side = parser.add_mutually_exclusive_group()
    side.add_argument("--below", metavar="X", help=t("cli.arg.discover_below", lang))
    side.add_argument("--above", metavar="X", help=t("cli.arg.discover_above", lang))
    parser.add_argument("--threshold-density", metavar="D", help=t("cli.arg.discover_density", lang))
    parser.add_argument("--peel-alpha", metavar="A", help=t("cli.arg.discover_peel_alpha", lang))


def _metric(raw: str, lang: str) -> str:
    """Read ``--metric``: one of the model's or a street's metrics (the experiment's own are checked later)."""
    if raw in KNOWN_METRICS:
        return raw
    close = [m for m in KNOWN_METRICS if raw and raw in m][:3]
    close = close or difflib.get_close_matches(raw[:100], KNOWN_METRICS, n=3) or list(KNOWN_METRICS)
    raise UsageError(t("cli.experiment.discover.bad_metric", lang, metric=shown(raw), choices=short_list(close)))


def threshold_option(raw: str, option: str, metric: str, lang: str) -> float:
    """Read ``--below`` / ``--above`` for ``metric``: rates as 0–1 or as a percentage (``60%``)."""
    low, high = threshold_range(metric)
    if not is_percent(metric):
        what = t("discover.what.at_least_zero" if low == 0 else "discover.what.finite", lang)
        return float(number_option(raw, option, lang, None if low < 0 else low, None, what=what))
    what = t("discover.what.rate", lang, metric=metric_words(metric, lang))
    text = raw.strip()
    if not text.endswith("%"):
        return float(number_option(raw, option, lang, low, high, what=what))
    try:
        return float(number_option(text[:-1], option, lang, 0, 100, what=what)) / 100
    except UsageError:  # say the value as it was typed, with its "%"
        raise UsageError(t("cli.bad_number", lang, option=option, value=shown(raw), what=what)) from None


def _share_option(raw: str | None, option: str, default: float, high: float, what: str, lang: str) -> float:
    """A share above 0 and at most ``high``; ``default`` when the option is absent."""
    if raw is None:
        return default
    return float(number_option(raw, option, lang, math.nextafter(0, 1), high, what=t(what, lang)))


def cmd_discover(args: argparse.Namespace, lang: str) -> int:
    """Run ``experiment discover``: check everything, find the boxes, print them, write the report."""
    metric = _metric(args.metric, lang)
    if args.below is None and args.above is None:
        raise UsageError(t("cli.experiment.discover.no_side", lang))
    direction, option, raw = (
        ("below", "--below", args.below) if args.below is not None else ("above", "--above", args.above)
    )
    threshold = threshold_option(raw, option, metric, lang)
    density = _share_option(
        args.threshold_density, "--threshold-density", DEFAULT_DENSITY, 1, "discover.what.density", lang
    )
    alpha = _share_option(args.peel_alpha, "--peel-alpha", 0.05, 0.5, "discover.what.peel_alpha", lang)
    ExperimentStore(args.dir).verify()
    check_targets(args.dir, metric, direction, threshold, lang)
    d = discover(args.dir, metric, direction, threshold, threshold_density=density, peel_alpha=alpha)
    asked = question(metric, direction, threshold, lang)
    share = whole_percent(d.of_interest / d.runs)
    print_line(
        t("cli.experiment.discover.header", lang, name=d.name, question=asked, k=d.of_interest, n=d.runs, share=share)
    )
    if d.left_out:
        print_line(t("cli.experiment.discover.left_out", lang, n=d.left_out))
    print_line()
    if d.boxes:
        print_line(
            render_table(boxes_table(d, lang), t("discover.col.box", lang), left=[t("discover.col.limits", lang)])
        )
        print_line()
        for box in d.boxes:
            print_line(f"{box.number}. {sentence(d, box, lang)}")
            if not box.reaches:
                print_line("   " + t("discover.short", lang, density=whole_percent(d.threshold_density)))
    else:
        print_line(t("discover.no_box", lang))
    print_line()
    for path in write_discovery(args.dir, d, lang):
        print_line(t("cli.written", lang, path=path))
    return 0


# ------------------------------------------------------------------- the report -----------
def _percent(value: float) -> str:
    """A share in a table: one decimal, as the kit shows rates (``86.7%``)."""
    return f"{round(value * 100, 1) + 0.0:.1f}%"


def boxes_table(d: Discovery, lang: str) -> pd.DataFrame:
    """The boxes with readable columns (terminal and report): runs, coverage, density, conditions."""
    c = lambda k: t(f"discover.col.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            c("runs"): [b.runs for b in d.boxes],
            c("of_interest"): [b.of_interest for b in d.boxes],
            c("coverage"): [_percent(b.coverage) for b in d.boxes],
            c("density"): [_percent(b.density) for b in d.boxes],
            c("limits"): ["; ".join(compact_text(x) for x in b.limits) for b in d.boxes],
        },
        index=[b.number for b in d.boxes],
    )


def _tested(d: Discovery, name: str, lang: str) -> str:
    """What a factor took in the runs: its levels, or its smallest and largest value."""
    if d.kinds[name] in DISCRETE:
        return t("discover.list", lang).join(value_text(name, v, lang) for v in d.ranges[name])
    return values_text(name, d.ranges[name], lang, False)


def limits_table(d: Discovery, box: Box, lang: str) -> pd.DataFrame:
    """One box's restrictions: the factor, the range tested, the range in the box, the quasi-p-value."""
    c = lambda k: t(f"discover.col.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            c("factor"): [f"{param_label(x.factor, lang)} ({x.factor})" for x in box.limits],
            c("tested"): [_tested(d, x.factor, lang) for x in box.limits],
            c("in_box"): [
                values_text(x.factor, x.levels if x.kind in DISCRETE else (x.low, x.high), lang, x.kind in DISCRETE)
                for x in box.limits
            ],
            c("qp"): ["–" if math.isnan(x.p_value) else f"{x.p_value:.3g}" for x in box.limits],
        }
    )


def _names(factors: Iterable[str], lang: str) -> str:
    """Factors by label and name, e.g. ``网格员/社区工作者人数 (staff)、…``."""
    return t("discover.list", lang).join(f"{param_label(f, lang)} ({f})" for f in factors) or t("word.none", lang)


def build_html(path: str | os.PathLike, d: Discovery, lang: str) -> str:
    """The report: what was asked, each box in both languages with its limits, and how to read it."""
    asked = question(d.metric, d.direction, d.threshold, lang)
    overview = [
        (t("discover.report.experiment", lang), d.name),
        (t("discover.report.metric", lang), f"{metric_label(d.metric, lang)} ({d.metric})"),
        (t("discover.report.question", lang), asked),
        (
            t("discover.report.cases", lang),
            t("discover.cases", lang, k=d.of_interest, n=d.runs, share=whole_percent(d.of_interest / d.runs)),
        ),
        (t("discover.report.left_out", lang), str(d.left_out)),
        (t("discover.report.factors", lang), _names(d.kinds, lang)),
        (
            t("discover.report.settings", lang),
            t("discover.settings", lang, density=whole_percent(d.threshold_density), alpha=f"{d.peel_alpha:g}"),
        ),
        (t("discover.report.prim", lang), f"ema_workbench {versions(extra=('ema_workbench',))['ema_workbench']}"),
    ]
    if d.constant:
        overview.append((t("discover.report.constant", lang), _names(d.constant, lang)))
    if d.damaged:
        overview.append((t("experiment.report.damaged", lang), in_lang(short_list(list(d.damaged)), lang)))
    other = "en" if lang == "zh" else "zh"
    boxes = [
        {
            "number": b.number,
            "sentence": sentence(d, b, lang),
            "other": sentence(d, b, other),
            "short": not b.reaches,
            "limits": html_table(limits_table(d, b, lang)),
        }
        for b in d.boxes
    ]
    return render_page(
        "discover.html",
        lang,
        title=t("discover.report.title", lang, name=d.name),
        lead=[asked],
        overview=overview,
        table=html_table(boxes_table(d, lang), index=t("discover.col.box", lang)) if d.boxes else None,
        boxes=boxes,
        density=whole_percent(d.threshold_density),
        significant=f"{SIGNIFICANT:g}",
        experiment_file=old_text(Path(path)),
    )


def file_stem(metric: str, direction: str, threshold: float) -> str:
    """The name of the report's files without extension, e.g. ``discover-on_time_closure_rate-below-0.6``."""
    return f"discover-{metric}-{direction}-{threshold:g}"


def check_targets(path: str | os.PathLike, metric: str, direction: str, threshold: float, lang: str) -> list[Path]:
    """Check, before any work, that the report's two files may be written into the experiment directory."""
    stem = file_stem(metric, direction, threshold)
    root = Path(path)
    return [check_out_file(root / f"{stem}{ext}", lang, option="experiment discover") for ext in (".html", ".csv")]


def write_discovery(path: str | os.PathLike, d: Discovery, lang: str) -> list[Path]:
    """Write the report (HTML, in ``lang``) and the boxes (CSV) into the experiment directory, together."""
    check_targets(path, d.metric, d.direction, d.threshold, lang)
    stem = file_stem(d.metric, d.direction, d.threshold)
    files = {
        f"{stem}.html": build_html(path, d, lang),
        f"{stem}.csv": boxes_frame(d).to_csv(index=False, lineterminator="\n"),
    }
    return write_together(Path(path), files, lang)
