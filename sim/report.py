"""Write runs and comparisons to disk: tables, figures, provenance, a README and a web page.

The parts live in their own modules and are also reached through this one:
``sim.report_tables`` formats results as text tables (``summary_frame``,
``breakdown_frame``, ``comparison_frame``), ``sim.report_page`` renders the web pages
(``report.html`` here, and the experiment report of ``sim.experiments.report``) from the
Jinja2 templates in ``sim/templates`` with every value escaped and figures embedded, so a
page can be mailed or archived on its own, and ``sim.toml_text`` writes TOML values.

Writing is all-or-nothing. Every file is first produced in memory, then the whole
directory is written through ``sim.files`` (a hidden temporary directory renamed into
place when complete; the rules for existing targets are in that module). A failure (or
Ctrl-C) leaves no half-written output behind.

>>> from sim import run
>>> from sim.report import write_run
>>> write_run(run("baseline"), "out/baseline", lang="zh")   # doctest: +SKIP
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .files import (
    OutputError,
    atomic_write,
    check_out_dir,
    check_out_file,
    staged_dir,
    write_files,
)
from .i18n import activity_label, check_lang, metric_label, scenario_title, t, who_label
from .report_page import (
    HTML_LANG,
    HtmlFigure,
    HtmlTable,
    html_figure,
    html_pairs,
    html_table,
    png_bytes,
    render_page,
)
from .report_tables import (
    BREAKDOWN_METRICS,
    COMPARED_OTHERS,
    OTHER_METRICS,
    RATE_METRICS,
    breakdown_frame,
    changes_text,
    comparison_frame,
    comparison_rate_frames,
    keep_up_lines,
    keep_up_warning,
    key_label,
    markdown_table,
    rates_frame,
    rates_note,
    scenario_facts,
    scenario_line,
    shock_lines,
    summary_frame,
)
from .run import Comparison, RunResult, replication_seed, run, versions
from .toml_text import toml_literal, toml_value

RUN_FILES = (
    "issues.csv",
    "issues.parquet",
    "daily.csv",
    "hours.csv",
    "summary.csv",
    "by_category.csv",
    "by_grid.csv",
    "map.png",
    "distribution.png",
    "backlog.png",
    "hours.png",
    "meta.json",
    "README.md",
    "report.html",
)
COMPARISON_FILES = (
    "runs.csv",
    "comparison.csv",
    "comparison.png",
    "rates.png",
    "meta.json",
    "README.md",
    "report.html",
)
# The run's figures, in the order the web page shows them.
RUN_FIGURES = ("map.png", "distribution.png", "backlog.png", "hours.png")
_FILE_NOTES = {
    "issues.csv": "report.file.issues",
    "issues.parquet": "report.file.issues",
    "daily.csv": "report.file.daily",
    "hours.csv": "report.file.hours",
    "summary.csv": "report.file.summary",
    "by_category.csv": "report.file.by_category",
    "by_grid.csv": "report.file.by_grid",
    "map.png": "report.file.map",
    "distribution.png": "report.file.distribution",
    "backlog.png": "report.file.backlog",
    "hours.png": "report.file.hours_png",
    "meta.json": "report.file.meta",
    "runs.csv": "report.file.runs",
    "comparison.csv": "report.file.comparison",
    "comparison.png": "report.file.comparison_png",
    "rates.png": "report.file.rates_png",
    "README.md": "report.file.readme",
    "report.html": "report.file.report_html",
}


# ------------------------------------------------------------------- serialising ---------
def _csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def _json(data: Mapping[str, Any]) -> bytes:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    return text.encode("utf-8", "replace")  # a file name's undecodable bytes (from argv) become "?"


# ------------------------------------------------------------------- file notes ----------
def _file_note(name: str, lang: str) -> str:
    """What a file of an output directory holds ("" for a file without a note)."""
    if name in _FILE_NOTES:
        return t(_FILE_NOTES[name], lang)
    if name.startswith("map-"):
        return t("report.file.map_n", lang, n=name[4:-4])
    return ""


def _file_notes(names: Sequence[str], lang: str) -> list[tuple[str, str]]:
    return [(n, note) for n in names if (note := _file_note(n, lang))]


def _files_section(names: Sequence[str], lang: str) -> str:
    lines = [f"## {t('report.files', lang)}", ""]
    lines += [f"- `{n}`: {note}" for n, note in _file_notes(names, lang)]
    lines += ["", t("report.csv_note", lang)]
    return "\n".join(lines)


# ------------------------------------------------------------------- run -----------------
def run_files(
    result: RunResult, lang: str | None = None, extra_meta: Mapping[str, Any] | None = None
) -> dict[str, bytes]:
    """Build every file of a run's output directory, in memory (name → bytes)."""
    # matplotlib is loaded only when figures are drawn, not by every command importing this module
    from .viz import backlog_over_time, community_map, hours_breakdown, resolution_distribution

    lang = check_lang(lang)
    sc = result.scenario
    files: dict[str, bytes] = {}
    files["issues.csv"] = _csv(result.issues)
    files["issues.parquet"] = _parquet(result.issues)
    files["daily.csv"] = _csv(result.daily)
    hours = result.hours.copy()
    hours["who_label"] = [who_label(w, lang) for w in hours["who"]]
    hours["activity_label"] = [activity_label(a, lang) for a in hours["activity"]]
    files["hours.csv"] = _csv(hours)
    summary = pd.DataFrame(
        {
            "metric": list(result.summary.index),
            "label": [metric_label(m, lang) for m in result.summary.index],
            "value": result.summary.to_numpy(dtype=float),
        }
    )
    files["summary.csv"] = _csv(summary)
    for by, table in (("category", result.by_category), ("grid", result.by_grid)):
        out = table.copy()
        out.insert(1, "label", [key_label(by, k, lang) for k in out[by]])
        out[by] = out[by].astype(str) if by == "category" else out[by]
        files[f"by_{by}.csv"] = _csv(out)
    if result.model is not None:
        files["map.png"] = png_bytes(community_map(result, lang=lang))
    files["distribution.png"] = png_bytes(resolution_distribution(result, lang=lang))
    files["backlog.png"] = png_bytes(backlog_over_time(result, lang=lang))
    files["hours.png"] = png_bytes(hours_breakdown(result, lang=lang))
    meta = {
        **result.meta,
        "kind": "run",
        "title": dict(sc.title),
        "description": dict(sc.description),
        "params": dict(sc.params),
        "lang": lang,
        **(extra_meta or {}),
    }
    meta["versions"] = result.meta.get("versions") or versions()
    names = [*files, "meta.json", "README.md", "report.html"]
    meta["files"] = names
    files["meta.json"] = _json(meta)
    files["README.md"] = _run_readme(result, lang, names).encode("utf-8")
    files["report.html"] = _run_page(result, lang, files, names, meta["versions"]).encode("utf-8")
    return files


def _run_readme(result: RunResult, lang: str, names: list[str]) -> str:
    sc = result.scenario
    parts = [
        f"# {t('report.run.title', lang, title=scenario_title(sc, lang))}",
        "",
        t("cli.header.facts", lang, seed=result.seed, days=sc.params["days"], source=sc.source),
        "",
        scenario_line(sc, lang),
        "",
        *_warning_lines(keep_up_warning(result.summary, lang)),
        f"## {t('result.rates_title', lang)}",
        "",
        markdown_table(rates_frame(result.summary, lang), t("word.metric", lang)),
        "",
        rates_note(lang),
        "",
        f"## {t('report.metrics', lang)}",
        "",
        markdown_table(summary_frame(result.summary, lang, OTHER_METRICS), t("word.metric", lang)),
        "",
        _files_section(names, lang),
        "",
    ]
    return "\n".join(parts)


def _warning_lines(warning: str) -> list[str]:
    """A warning as a Markdown quote in bold, and the blank line after it (nothing when there is none)."""
    return [f"> **{warning}**", ""] if warning else []


def _run_page(
    result: RunResult, lang: str, files: Mapping[str, bytes], names: list[str], versions: Mapping[str, Any]
) -> str:
    sc = result.scenario
    breakdowns = []
    for by, table in (("category", result.by_category), ("grid", result.by_grid)):
        df = breakdown_frame(table, by, lang)
        breakdowns.append((t(f"cli.by.{by}", lang), html_table(df, df.index.name or "")))
    return render_page(
        "run.html",
        lang,
        title=t("report.run.title", lang, title=scenario_title(sc, lang)),
        lead=[t("cli.header.facts", lang, seed=result.seed, days=sc.params["days"], source=sc.source)],
        warnings=[keep_up_warning(result.summary, lang)],
        scenario=scenario_facts(sc, lang),
        rates=[html_table(rates_frame(result.summary, lang), t("word.metric", lang), note=rates_note(lang))],
        metrics=html_table(summary_frame(result.summary, lang, OTHER_METRICS), t("word.metric", lang)),
        breakdowns=breakdowns,
        figures=[html_figure(n, files[n], _file_note(n, lang)) for n in RUN_FIGURES if n in files],
        files=_file_notes(names, lang),
        versions=html_pairs(versions),
    )


def write_run(
    result: RunResult,
    out_dir: str | os.PathLike,
    lang: str | None = None,
    overwrite: bool = False,
    extra_meta: Mapping[str, Any] | None = None,
) -> Path:
    """Write one run's tables, figures, meta.json and README.md into ``out_dir``.

    Files: issues.csv and issues.parquet (the issue log), daily.csv, hours.csv,
    summary.csv, by_category.csv, by_grid.csv, map.png (when the result kept its model),
    distribution.png, backlog.png, hours.png, meta.json (scenario, source, changed
    parameters, all parameter values, seed, package versions), README.md and report.html
    (the same as one web page, figures inside).

    Args:
        result: what ``sim.run`` returned.
        out_dir: the directory to create.
        lang: language of labels, figures and README ("zh" or "en").
        overwrite: replace ``out_dir`` if it already holds files.
        extra_meta: more entries for meta.json (e.g. the command line).

    Returns:
        The directory written.

    Raises:
        OutputError: when ``out_dir`` cannot be used (see the module docstring).

    """
    check_out_dir(out_dir, overwrite, lang)
    return write_files(out_dir, run_files(result, lang, extra_meta), overwrite, lang)


# ------------------------------------------------------------------- comparison ----------
def comparison_files(
    comparison: Comparison, lang: str | None = None, extra_meta: Mapping[str, Any] | None = None
) -> dict[str, bytes]:
    """Build every file of a comparison's output directory, in memory (name → bytes)."""
    # matplotlib is loaded only when figures are drawn
    from .viz import (
        backlog_over_time,
        community_map,
        comparison_chart,
        hours_breakdown,
        rates_comparison,
        resolution_distribution,
    )

    lang = check_lang(lang)
    files: dict[str, bytes] = {}
    files["runs.csv"] = _csv(comparison.runs)
    table = comparison.table.copy()
    table.insert(1, "label", [metric_label(m, lang) for m in table["metric"]])
    files["comparison.csv"] = _csv(table)
    files["comparison.png"] = png_bytes(comparison_chart(comparison, lang=lang))
    files["rates.png"] = png_bytes(rates_comparison(comparison, lang=lang))
    # One example run per scenario (the first replication's seed) for the pictures a trainer shows.
    seed = replication_seed(comparison.meta.get("seed", 0), 0)
    examples = [run(sc, seed=seed) for sc in comparison.scenarios]
    files["distribution.png"] = png_bytes(resolution_distribution(examples, lang=lang))
    files["backlog.png"] = png_bytes(backlog_over_time(examples, lang=lang))
    files["hours.png"] = png_bytes(hours_breakdown(examples, lang=lang))
    for i, example in enumerate(examples, 1):
        files[f"map-{i}.png"] = png_bytes(community_map(example, lang=lang))
    meta = {
        **comparison.meta,
        "kind": "comparison",
        "scenario_details": [
            {
                "name": s.name,
                "source": s.source,
                "title": dict(s.title),
                "overrides": dict(s.overrides),
                "params": dict(s.params),
                "shocks": [shock.as_dict() for shock in s.shocks],
            }
            for s in comparison.scenarios
        ],
        "lang": lang,
        **(extra_meta or {}),
    }
    meta["versions"] = comparison.meta.get("versions") or versions()
    names = [*files, "meta.json", "README.md", "report.html"]
    meta["files"] = names
    files["meta.json"] = _json(meta)
    files["README.md"] = _comparison_readme(comparison, lang, names).encode("utf-8")
    page = _comparison_page(comparison, lang, files, names, seed, meta["versions"])
    files["report.html"] = page.encode("utf-8")
    return files


def _comparison_readme(comparison: Comparison, lang: str, names: list[str]) -> str:
    meta = comparison.meta
    true_block, assessed_block = comparison_rate_frames(comparison, lang)
    keeps_up, warning = keep_up_lines(comparison, lang)
    parts = [
        f"# {t('report.compare.title', lang)}",
        "",
        t("cli.header.compare", lang, n=len(comparison.scenarios), reps=meta.get("reps"), seed=meta.get("seed")),
        "",
        f"## {t('report.scenarios', lang)}",
        "",
        *[scenario_line(s, lang) for s in comparison.scenarios],
        "",
        *_warning_lines(warning),
        f"## {t('result.rates_title', lang)}",
        "",
        markdown_table(true_block, t("result.true", lang)),
        "",
        markdown_table(assessed_block, t("result.assessed", lang)),
        "",
        rates_note(lang),
        "",
        keeps_up,
        "",
        f"## {t('report.metrics', lang)}",
        "",
        markdown_table(comparison_frame(comparison, lang, COMPARED_OTHERS), t("word.metric", lang)),
        "",
        t("cli.compare.note", lang),
        "",
        _files_section(names, lang),
        "",
    ]
    return "\n".join(parts)


def _comparison_page(
    comparison: Comparison,
    lang: str,
    files: Mapping[str, bytes],
    names: list[str],
    example_seed: int,
    versions: Mapping[str, Any],
) -> str:
    meta = comparison.meta
    table = comparison_frame(comparison, lang, COMPARED_OTHERS)
    true_block, assessed_block = comparison_rate_frames(comparison, lang)
    keeps_up, warning = keep_up_lines(comparison, lang)
    examples = [n for n in files if n in RUN_FIGURES[1:] or (n.startswith("map-") and n.endswith(".png"))]
    return render_page(
        "comparison.html",
        lang,
        title=t("report.compare.title", lang),
        lead=[t("cli.header.compare", lang, n=len(comparison.scenarios), reps=meta.get("reps"), seed=meta.get("seed"))],
        warnings=[warning],
        scenarios=[scenario_facts(s, lang) for s in comparison.scenarios],
        rates=[html_table(true_block, t("result.true", lang)), html_table(assessed_block, t("result.assessed", lang))],
        rate_notes=[rates_note(lang), keeps_up],
        comparison=html_table(table, t("word.metric", lang), note=t("cli.compare.note", lang)),
        figures=[html_figure(n, files[n], _file_note(n, lang)) for n in ("comparison.png", "rates.png") if n in files],
        example_seed=example_seed,
        examples=[html_figure(n, files[n], _file_note(n, lang)) for n in examples],
        files=_file_notes(names, lang),
        versions=html_pairs(versions),
    )


def write_comparison(
    comparison: Comparison,
    out_dir: str | os.PathLike,
    lang: str | None = None,
    overwrite: bool = False,
    extra_meta: Mapping[str, Any] | None = None,
) -> Path:
    """Write a comparison's tables, figures, meta.json and README.md into ``out_dir``.

    Files: runs.csv (every replication), comparison.csv (mean, 95% CI and paired
    difference from the first scenario, per metric and scenario), comparison.png,
    rates.png, distribution.png, backlog.png and hours.png (one example run per scenario,
    with the first replication's seed), map-N.png (the community map of scenario N),
    meta.json (scenarios with their sources and parameters, master seed,
    replications, package versions), README.md with the table and report.html (the same
    as one web page, figures inside).

    Args:
        comparison: what ``sim.compare`` returned.
        out_dir: the directory to create.
        lang: language of labels, figures and README ("zh" or "en").
        overwrite: replace ``out_dir`` if it already holds files.
        extra_meta: more entries for meta.json (e.g. the command line).

    Returns:
        The directory written.

    Raises:
        OutputError: when ``out_dir`` cannot be used (see the module docstring).

    """
    check_out_dir(out_dir, overwrite, lang)
    return write_files(out_dir, comparison_files(comparison, lang, extra_meta), overwrite, lang)


__all__ = [
    "BREAKDOWN_METRICS",
    "COMPARED_OTHERS",
    "COMPARISON_FILES",
    "HTML_LANG",
    "OTHER_METRICS",
    "RATE_METRICS",
    "RUN_FIGURES",
    "RUN_FILES",
    "HtmlFigure",
    "HtmlTable",
    "OutputError",
    "atomic_write",
    "breakdown_frame",
    "changes_text",
    "check_out_dir",
    "check_out_file",
    "comparison_files",
    "comparison_frame",
    "comparison_rate_frames",
    "html_figure",
    "html_table",
    "keep_up_lines",
    "keep_up_warning",
    "rates_frame",
    "rates_note",
    "render_page",
    "run_files",
    "shock_lines",
    "staged_dir",
    "summary_frame",
    "toml_literal",
    "toml_value",
    "write_comparison",
    "write_files",
    "write_run",
]
