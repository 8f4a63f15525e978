"""Writing a calibration: the scenario file's text, checked output paths, and ``calibrate``.

``calibrate`` is the whole job in one call: it checks every value and output path
first, then reads the log (``sim.calibrate.log``), estimates (``sim.calibrate.fit``) and
writes the scenario and the table so that on any error nothing is left behind. The
scenario file holds the values with their intervals and sample sizes as comments; its
header, warnings and notes are written in English and in Chinese.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ScenarioError
from ..files import atomic_write, check_out_file
from ..i18n import in_lang, t
from ..inputs import check_count, check_name, check_seed, is_finite, quote, safe_text, shown_path
from ..params import CATEGORY_KEYS, PARAMS
from ..report import toml_literal
from ..scenario import Scenario, list_scenarios, load_scenario
from .calendar import read_holidays
from .fit import MAX_SPAN_DAYS, Calibration, check_hours, estimate
from .log import IssueLog, read_issue_log
from .messages import error_in_both, range_error

FILE_LANGS = ("en", "zh")  # the scenario file's header, warnings and notes: English line, then Chinese


def _toml_value(v: Any) -> str:
    """A value for the scenario file; text first made writable as UTF-8 (file names may not be)."""
    return toml_literal(v if isinstance(v, (bool, int, float)) else safe_text(v))


def _comment(text: str) -> str:
    """``text`` made safe for a one-line TOML comment (no line breaks or control characters)."""
    return "".join("?" if ord(ch) < 0x20 and ch != "\t" or ord(ch) == 0x7F else ch for ch in safe_text(text))


def scenario_text(cal: Calibration, name: str, extends: str) -> str:
    """The scenario file (TOML) of a calibration, with sample sizes and CIs as comments.

    The header, warnings and notes are written in English and in Chinese; the comments
    after the values (intervals and sample sizes) are in English.
    """
    log = cal.log
    n = len(log.data)

    def both(text: Callable[[str], str]) -> list[str]:
        return [f"# {_comment(text(lang))}" for lang in FILE_LANGS]

    def when(lang: str) -> str:
        return "" if log.origin is None else t("cli.calibrate.file.when", lang, origin=log.origin)

    file = Path(log.source).name
    lines = both(lambda lang: t("cli.calibrate.file.source", lang, file=file, n=n, span=log.span, when=when(lang)))
    lines += both(lambda lang: t("cli.calibrate.file.how", lang))
    for key, items in (("cli.calibrate.file.warning", cal.warnings), ("cli.calibrate.file.note", cal.notes)):
        for item in items:
            lines += both(lambda lang, key=key, item=item: t(key, lang) + in_lang(item, lang))
    texts = {"n": n, "span": log.span, "base": cal.base.name}
    fitted = any(k.startswith("satisfaction.") for k in cal.params)
    description = "cli.calibrate.file.description" + (".satisfaction" if fitted else "")
    lines += [
        f"name = {_toml_value(name)}",
        f"extends = {_toml_value(extends)}",
        f"title_zh = {_toml_value(t('cli.calibrate.file.title', 'zh', name=name))}",
        f"title_en = {_toml_value(t('cli.calibrate.file.title', 'en', name=name))}",
        f"description_zh = {_toml_value(t(description, 'zh', **texts))}",
        f"description_en = {_toml_value(t(description, 'en', **texts))}",
        "",
        "[params]",
    ]
    flat = {k: v for k, v in cal.params.items() if not k.startswith("categories.")}
    for k, v in flat.items():
        c = cal.comments.get(k)
        lines.append(f"{k} = {_toml_value(v)}" + (f"  # {_comment(c)}" if c else ""))
    for cat in CATEGORY_KEYS:
        lines += ["", f"[params.categories.{cat}]"]
        prefix = f"categories.{cat}."
        for k, v in cal.params.items():
            if k.startswith(prefix):
                c = cal.comments.get(k)
                lines.append(f"{k[len(prefix) :]} = {_toml_value(v)}" + (f"  # {_comment(c)}" if c else ""))
        lines += [_comment(x) for x in cal.hidden.get(cat, [])]
    return "\n".join(lines) + "\n"


def _labels(cli: bool) -> dict[str, str]:
    """How messages name the inputs: the command line's options, or ``calibrate``'s arguments."""
    if cli:
        return {"out": "--out", "table": "--table", "name": "--name", "span": "--days"}
    return {"out": "out", "table": "table", "name": "name", "span": "span"}


def _check_named(check: Callable[[Any, str], Any], value: Any, label: Callable[[str], str]) -> None:
    """Run a check of ``sim.inputs`` so that its message names the value ``label(lang)`` in each language."""

    def failure(lang: str) -> str | None:
        try:
            check(value, label(lang))
        except ScenarioError as exc:
            return exc.text(lang)
        return None

    if failure("en") is not None:
        raise error_in_both(lambda lang: failure(lang) or "")


def _scenario_name(name: str | None, out: Path, labels: dict[str, str]) -> str:
    """The scenario's name: ``name``, or the file name of ``out``; checked before any work."""
    if name is None:
        value = out.stem

        def label(lang: str) -> str:
            return t("cli.calibrate.err.name_from_out", lang)
    else:
        value = name

        def label(lang: str) -> str:
            return labels["name"]

    _check_named(check_name, value, label)
    if safe_text(value) != value:  # undecodable bytes from the command line
        raise error_in_both(lambda lang: t("cli.calibrate.err.not_utf8", lang, label=label(lang)))
    if value in list_scenarios():
        raise ScenarioError.keyed("cli.calibrate.err.shipped_name", name=quote(value))
    return value


def _input_files(log: Any, holidays: Any, base: Scenario) -> list[Path]:
    """The files a calibration reads: an output may never be one of them."""
    files = []
    if isinstance(log, str | os.PathLike):
        files.append(Path(log))
    elif isinstance(log, IssueLog) and log.source != "table":
        files.append(Path(log.source))
    if isinstance(holidays, str | os.PathLike):
        files.append(Path(holidays))
    if not base.source.startswith("builtin:") and base.source != "inline":
        files.append(Path(base.source))
    return files


def _check_outputs(
    out: str | os.PathLike | None,
    table: str | os.PathLike | None,
    inputs: Sequence[Path],
    lang: str | None,
    labels: dict[str, str],
) -> tuple[Path | None, Path | None]:
    """Check where the scenario and the table go, before anything is read or estimated.

    Each must be a file (not a directory) in an existing writable directory, none of the
    input files, and the two must differ; the scenario file must end in ``.toml``.
    """

    def check(path: str | os.PathLike, option: str) -> Path:
        target = check_out_file(path, lang, inputs=inputs, option=option)
        folder = target.absolute().parent
        if not folder.is_dir():
            raise ScenarioError.keyed(
                "cli.calibrate.err.no_dir", option=option, path=shown_path(path), dir=shown_path(folder)
            )
        return target

    out_p = None if out is None else check(out, labels["out"])
    if out_p is not None and out_p.suffix.lower() != ".toml":
        raise ScenarioError.keyed("cli.calibrate.err.suffix", option=labels["out"], path=shown_path(out))
    table_p = None if table is None else check(table, labels["table"])
    if out_p is not None and table_p is not None and out_p.resolve() == table_p.resolve():
        raise ScenarioError.keyed(
            "cli.calibrate.err.same_output", out=labels["out"], table=labels["table"], path=shown_path(table)
        )
    return out_p, table_p


def _extends(base: Scenario, out: Path) -> str:
    """How the written file names its base: the shipped name, or its path relative to ``out``."""
    src = base.source
    if src.startswith("builtin:"):
        return src.split(":", 1)[1]
    if src == "inline":
        raise ScenarioError.keyed("cli.calibrate.err.inline_base")
    return os.path.relpath(Path(src).resolve(), out.resolve().parent)


def _write(cal: Calibration, out: Path | None, name: str | None, table: Path | None) -> None:
    """Write the table and the scenario; on any error neither is left behind.

    The scenario goes to a temporary file next to ``out`` and is loaded back from there
    (so a file that would not load is never put in place); then the table is written and
    the scenario moved to ``out``.
    """
    staged = None
    try:
        if out is not None:
            text = scenario_text(cal, name or out.stem, _extends(cal.base, out))
            fd, tmp = tempfile.mkstemp(dir=out.absolute().parent, prefix=f".{out.name}.", suffix=".toml")
            staged = Path(tmp)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            load_scenario(staged)
        if table is not None:
            atomic_write(table, cal.table.to_csv(index=False, lineterminator="\n"))
        if staged is not None:
            mask = os.umask(0o022)  # mkstemp makes the file private; give it the usual rights
            os.umask(mask)
            os.chmod(staged, 0o666 & ~mask)
            os.replace(staged, out)
            staged = None
            cal.path = out
            cal.scenario = load_scenario(out)
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)


def write_scenario(cal: Calibration, out: str | os.PathLike, name: str | None = None, lang: str | None = None) -> Path:
    """Write the calibrated scenario atomically, after checking that it loads.

    ``extends`` is the base scenario's shipped name, or its path relative to ``out``.
    ``out`` may not be the log or the base scenario's file.

    Raises:
        ScenarioError: for a bad ``name`` or ``out`` (nothing is written then).
    """
    labels = _labels(False)
    inputs = _input_files(cal.log, None, cal.base)
    out_p, _ = _check_outputs(out, None, inputs, lang, labels)
    assert out_p is not None
    _write(cal, out_p, _scenario_name(name, out_p, labels), None)
    return out_p


def calibrate(
    log: str | os.PathLike | pd.DataFrame | IssueLog,
    out: str | os.PathLike | None = None,
    households: int | None = None,
    base: str | Path | Scenario = "baseline",
    name: str | None = None,
    hours: str = "keep",
    span: float | None = None,
    holidays: str | os.PathLike | Sequence[str] | None = None,
    reps: int = 4,
    seed: int = 0,
    table: str | os.PathLike | None = None,
    lang: str | None = None,
    cli: bool = False,
) -> Calibration:
    """Read an issue log, estimate the parameters and (with ``out``) write the scenario.

    Everything is checked before the log is estimated: the values, the name, and that
    ``out`` and ``table`` can be written and are none of the input files (the log, the
    holidays file, the base scenario's file). On any error nothing is written.

    Args:
        log: the CSV file (or an open text file, a table of strings, a read log).
        out: the scenario file to write (``.toml``); None: write nothing.
        households: households in the community; default: the base scenario's.
        base: the scenario describing the community's practices.
        name: the scenario's name; default: the file name of ``out``.
        hours: ``"keep"`` or ``"direct"`` (see ``estimate``).
        span: working days the log covers (see ``estimate``).
        holidays: non-working dates for logs with date-times: a list of ``YYYY-MM-DD``
            or the path of a file with one a line.
        reps: replications of the known-fraction simulation.
        seed: seed of that simulation and of the bootstrap.
        table: also write the estimates table (CSV) here.
        lang: language of the messages about output paths (default: the locale's).
        cli: name values in messages as the command line's options (``--days``…).

    Raises:
        ScenarioError: for a bad log, bad values or output paths (one line each).
    """
    labels = _labels(cli)
    check_hours(hours)
    if households is not None:
        PARAMS["households"].check(households)
    if span is not None and (not is_finite(span) or not 1 <= span <= MAX_SPAN_DAYS):
        raise range_error(labels["span"], span, 1, MAX_SPAN_DAYS)
    check_count(reps, "reps", 1, 100)
    check_seed(seed)
    base_sc = load_scenario(base)
    out_p, table_p = _check_outputs(out, table, _input_files(log, holidays, base_sc), lang, labels)
    scenario_name = None if out_p is None else _scenario_name(name, out_p, labels)
    if isinstance(holidays, str | os.PathLike):
        holidays = read_holidays(holidays)
    il = log if isinstance(log, IssueLog) else read_issue_log(log, holidays=holidays)
    cal = estimate(
        il, households=households, base=base_sc, hours=hours, span=span, reps=reps, seed=seed,
        span_label=labels["span"],
    )  # fmt: skip
    _write(cal, out_p, scenario_name, table_p)
    return cal
