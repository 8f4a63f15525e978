"""Write runs and comparisons to disk: tables, figures, provenance, a README and a web page.

The web pages (``report.html`` here, and the experiment report of
``sim.experiments.report``) are Jinja2 templates in ``sim/templates`` that extend one
page frame (``base.html``); ``render_page`` fills them in with every value escaped, and
figures are embedded, so a page can be mailed or archived on its own.

Writing is all-or-nothing. Every file is first produced in memory, then the whole
directory is written through ``sim.files`` (a hidden temporary directory renamed into
place when complete; the rules for existing targets are in that module). A failure (or
Ctrl-C) leaves no half-written output behind.

>>> from sim import run
>>> from sim.report import write_run
>>> write_run(run("baseline"), "out/baseline", lang="zh")   # doctest: +SKIP
"""

from __future__ import annotations

import base64
import functools
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from .files import (  # noqa: F401 - the writing helpers are also reached through this module
    OutputError,
    atomic_write,
    check_out_dir,
    check_out_file,
    staged_dir,
    write_files,
)
from .i18n import (
    activity_label,
    category_label,
    check_lang,
    format_ci,
    format_diff,
    format_value,
    is_percent,
    metric_label,
    scenario_title,
    t,
    who_label,
)
from .model.metrics import BETTER, METRICS
from .run import Comparison, RunResult, replication_seed, run, versions

# Metrics shown per category or grid by ``breakdown_frame``.
BREAKDOWN_METRICS = (
    "issues_arisen",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "on_time_closure_rate",
    "rework_rate",
    "resolution_time_median",
    "resolution_time_p90",
    "proactive_share",
)
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
HTML_LANG = {"zh": "zh-CN", "en": "en"}


# ------------------------------------------------------------------- serialising ---------
def _csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150)
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


# ------------------------------------------------------------------- web pages -----------
@dataclass(frozen=True)
class HtmlTable:
    """A table for the page templates: header texts, rows of cell texts, a note under it.

    ``row_names``: the first column names the row (shown as a header cell).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_names: bool = False
    note: str = ""


@dataclass(frozen=True)
class HtmlFigure:
    """A PNG figure embedded in a page: its name (the image's alt text), base64 data and caption."""

    name: str
    data: str
    caption: str = ""


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, (float, np.floating)) and np.isnan(value)):
        return "–"
    return str(value)


def html_table(
    df: pd.DataFrame, index: str | None = None, limit: int | None = None, more: str = "", note: str = ""
) -> HtmlTable:
    """A DataFrame as an ``HtmlTable`` of text cells (missing values shown as "–").

    Args:
        df: the table.
        index: the header of the index column; None leaves the index out.
        limit: show at most this many rows ...
        more: ... and then this note (e.g. "first 200 rows only").
        note: a note shown under the table.

    """
    notes = [note] if note else []
    if limit is not None and len(df) > limit:
        df = df.head(limit)
        notes.append(more)
    columns = [str(c) for c in df.columns]
    rows = [tuple(_cell(v) for v in row) for row in df.itertuples(index=False)]
    if index is not None:
        columns.insert(0, index)
        rows = [(_cell(i), *row) for i, row in zip(df.index, rows, strict=True)]
    return HtmlTable(tuple(columns), tuple(rows), index is not None, " ".join(notes))


def html_figure(name: str, png: bytes, caption: str = "") -> HtmlFigure:
    """A PNG (its bytes) as an ``HtmlFigure`` to embed in a page."""
    return HtmlFigure(name, base64.b64encode(png).decode("ascii"), caption)


@functools.cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sim", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(template: str, lang: str | None, title: str, lead: Iterable[str] = (), **context: Any) -> str:
    """Fill in one of the page templates in ``sim/templates`` (every value escaped).

    The page frame (``base.html``) shows ``title`` and the ``lead`` lines; templates
    reach the kit's texts as ``tr(key, **values)`` in ``lang``, and ``colon`` is the
    language's colon after a label.
    """
    lang = check_lang(lang)

    def tr(key: str, **values: Any) -> str:
        return t(key, lang, **values)

    page = _templates().get_template(template)
    colon = "：" if lang == "zh" else ": "
    return page.render(
        lang=lang, html_lang=HTML_LANG[lang], title=title, lead=list(lead), tr=tr, colon=colon, **context
    )


def _pairs(mapping: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    return [(str(k), _cell(v)) for k, v in (mapping or {}).items()]


# ------------------------------------------------------------------- tables --------------
def summary_frame(summary: pd.Series, lang: str | None = None, metrics: Sequence[str] = METRICS) -> pd.DataFrame:
    """Format a run's metrics as printable text: label and formatted value, one row per metric."""
    lang = check_lang(lang)
    rows = [(metric_label(m, lang), format_value(m, summary.get(m), lang)) for m in metrics if m in summary.index]
    return pd.DataFrame(rows, columns=[t("word.metric", lang), t("word.value", lang)]).set_index(t("word.metric", lang))


def breakdown_frame(
    table: pd.DataFrame, by: str, lang: str | None = None, metrics: Sequence[str] = BREAKDOWN_METRICS
) -> pd.DataFrame:
    """Format per-category or per-grid metrics as printable text."""
    lang = check_lang(lang)
    keys = [_key_label(by, k, lang) for k in table[by]]
    data = {metric_label(m, lang): [format_value(m, v, lang) for v in table[m]] for m in metrics if m in table.columns}
    return pd.DataFrame(data, index=pd.Index(keys, name=t("word.category", lang) if by == "category" else None))


def _key_label(by: str, key: Any, lang: str) -> str:
    if by == "category":
        return category_label(str(key), lang)
    if by == "grid":
        return t("word.grid", lang, n=int(key) + 1)
    return str(key)


def _verdict(metric: str, low: float, high: float, lang: str) -> str:
    direction = BETTER.get(metric)
    if not direction or np.isnan(low) or np.isnan(high) or low <= 0 <= high:
        return ""
    return t("word.better", lang) if (low > 0) == (direction > 0) else t("word.worse", lang)


def comparison_frame(comparison: Comparison, lang: str | None = None, metrics: Sequence[str] = METRICS) -> pd.DataFrame:
    """Format the comparison table as printable text: one row per metric.

    Columns: each scenario's mean with its 95% CI, then for every scenario after the
    first its paired difference from the first, with CI and "better"/"worse" when the
    CI excludes 0.
    """
    lang = check_lang(lang)
    table = comparison.table.set_index(["metric", "scenario"])
    names = [s.name for s in comparison.scenarios]
    rows = []
    for m in metrics:
        if (m, names[0]) not in table.index:
            continue
        row = {}
        for name in names:
            r = table.loc[(m, name)]
            row[name] = f"{format_value(m, r['mean'], lang)} {format_ci(m, r['ci_low'], r['ci_high'], lang)}".strip()
        for name in names[1:]:
            r = table.loc[(m, name)]
            ci = _diff_ci(m, r["diff_low"], r["diff_high"], lang)
            cell = f"{format_diff(m, r['diff'], lang)} {ci} {_verdict(m, r['diff_low'], r['diff_high'], lang)}"
            row[t("word.diff_vs", lang, name=names[0]) + ("" if len(names) == 2 else f": {name}")] = cell.strip()
        rows.append((metric_label(m, lang), row))
    return pd.DataFrame([r for _, r in rows], index=pd.Index([lab for lab, _ in rows]))


def _diff_ci(metric: str, low: float, high: float, lang: str) -> str:
    """Format a difference's CI with signs; rates in percentage points without the unit."""
    if np.isnan(low) or np.isnan(high):
        return ""
    if is_percent(metric):
        return f"[{low * 100:+.1f}, {high * 100:+.1f}]"
    return f"[{format_diff(metric, low, lang)}, {format_diff(metric, high, lang)}]"


def _markdown(df: pd.DataFrame, index_name: str = "") -> str:
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = [index_name, *[cell(c) for c in df.columns]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for idx, row in df.iterrows():
        lines.append("| " + " | ".join([cell(idx), *[cell(v) for v in row]]) + " |")
    return "\n".join(lines)


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


def toml_literal(value: Any) -> str:
    """A value as TOML text that reads back to the same value (strings quoted, floats exact).

    The kit's one TOML writer: the text comes from ``tomli_w``, written as the value of a
    one-key table, so callers can add their own keys and trailing comments around it.
    """
    import tomli_w

    if not isinstance(value, (bool, int, float, str, list, tuple)):
        raise TypeError(f"cannot write {type(value).__name__} to TOML")
    text = tomli_w.dumps({"v": list(value) if isinstance(value, tuple) else value})
    return text[len("v = ") :].rstrip("\n")


def toml_value(value: Any) -> str:
    """Show a parameter value as a person writes it (``true``, ``60``, ``0.25``, ``fifo``); for display only."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def changes_text(scenario: Any, lang: str | None = None) -> str:
    """List the parameters a scenario changes from the defaults, ``name = value, …``."""
    items = [f"{k} = {toml_value(v)}" for k, v in scenario.overrides.items()]
    return ", ".join(items) if items else t("word.none", lang)


def _description(sc, lang: str) -> str:
    return sc.description.get(lang, "") if sc.description else ""


def _scenario_facts(sc, lang: str) -> dict[str, str]:
    """What the pages show of a scenario: name, title, description and changed parameters."""
    return {
        "name": sc.name,
        "title": scenario_title(sc, lang),
        "description": _description(sc, lang),
        "changes": changes_text(sc, lang),
    }


def _scenario_line(sc, lang: str) -> str:
    desc = _description(sc, lang)
    lines = [f"- **{sc.name}** — {scenario_title(sc, lang)}"]
    if desc:
        lines.append(f"  {desc}")
    lines.append(f"  {t('word.changes', lang)}: {changes_text(sc, lang)}")
    return "\n".join(lines)


# ------------------------------------------------------------------- run -----------------
def run_files(
    result: RunResult, lang: str | None = None, extra_meta: Mapping[str, Any] | None = None
) -> dict[str, bytes]:
    """Build every file of a run's output directory, in memory (name → bytes)."""
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
        out.insert(1, "label", [_key_label(by, k, lang) for k in out[by]])
        out[by] = out[by].astype(str) if by == "category" else out[by]
        files[f"by_{by}.csv"] = _csv(out)
    if result.model is not None:
        files["map.png"] = _png(community_map(result, lang=lang))
    files["distribution.png"] = _png(resolution_distribution(result, lang=lang))
    files["backlog.png"] = _png(backlog_over_time(result, lang=lang))
    files["hours.png"] = _png(hours_breakdown(result, lang=lang))
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
        _scenario_line(sc, lang),
        "",
        f"## {t('report.metrics', lang)}",
        "",
        _markdown(summary_frame(result.summary, lang), t("word.metric", lang)),
        "",
        _files_section(names, lang),
        "",
    ]
    return "\n".join(parts)


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
        scenario=_scenario_facts(sc, lang),
        metrics=html_table(summary_frame(result.summary, lang), t("word.metric", lang)),
        breakdowns=breakdowns,
        figures=[html_figure(n, files[n], _file_note(n, lang)) for n in RUN_FIGURES if n in files],
        files=_file_notes(names, lang),
        versions=_pairs(versions),
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
    files["comparison.png"] = _png(comparison_chart(comparison, lang=lang))
    files["rates.png"] = _png(rates_comparison(comparison, lang=lang))
    # One example run per scenario (the first replication's seed) for the pictures a trainer shows.
    seed = replication_seed(comparison.meta.get("seed", 0), 0)
    examples = [run(sc, seed=seed) for sc in comparison.scenarios]
    files["distribution.png"] = _png(resolution_distribution(examples, lang=lang))
    files["backlog.png"] = _png(backlog_over_time(examples, lang=lang))
    files["hours.png"] = _png(hours_breakdown(examples, lang=lang))
    for i, example in enumerate(examples, 1):
        files[f"map-{i}.png"] = _png(community_map(example, lang=lang))
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
    parts = [
        f"# {t('report.compare.title', lang)}",
        "",
        t("cli.header.compare", lang, n=len(comparison.scenarios), reps=meta.get("reps"), seed=meta.get("seed")),
        "",
        f"## {t('report.scenarios', lang)}",
        "",
        *[_scenario_line(s, lang) for s in comparison.scenarios],
        "",
        f"## {t('report.metrics', lang)}",
        "",
        _markdown(comparison_frame(comparison, lang), t("word.metric", lang)),
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
    table = comparison_frame(comparison, lang)
    examples = [n for n in files if n in RUN_FIGURES[1:] or (n.startswith("map-") and n.endswith(".png"))]
    return render_page(
        "comparison.html",
        lang,
        title=t("report.compare.title", lang),
        lead=[t("cli.header.compare", lang, n=len(comparison.scenarios), reps=meta.get("reps"), seed=meta.get("seed"))],
        scenarios=[_scenario_facts(s, lang) for s in comparison.scenarios],
        comparison=html_table(table, t("word.metric", lang), note=t("cli.compare.note", lang)),
        figures=[html_figure(n, files[n], _file_note(n, lang)) for n in ("comparison.png", "rates.png") if n in files],
        example_seed=example_seed,
        examples=[html_figure(n, files[n], _file_note(n, lang)) for n in examples],
        files=_file_notes(names, lang),
        versions=_pairs(versions),
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
    "COMPARISON_FILES",
    "RUN_FILES",
    "HtmlFigure",
    "HtmlTable",
    "OutputError",
    "atomic_write",
    "breakdown_frame",
    "changes_text",
    "check_out_dir",
    "comparison_files",
    "comparison_frame",
    "html_figure",
    "html_table",
    "render_page",
    "run_files",
    "staged_dir",
    "summary_frame",
    "toml_value",
    "write_comparison",
    "write_files",
    "write_run",
]
