"""Reading an issue log (诉求台账) and checking every row of it.

A log is a CSV file (UTF-8 or GB18030, as Excel saves it in a Chinese locale) or the first
sheet of an ``.xlsx`` workbook (``sim.calibrate.sheets``), with one row per issue the
community registered; its columns are those of ``sim.calibrate.columns`` and its format is
in ``docs/calibration.md``. ``read_issue_log`` refuses a log that holds residents' personal
data (``sim.calibrate.privacy``), maps English or Chinese headers to the columns it needs,
reads 12345 hotline categories as the kit's (``sim.calibrate.hotline``), checks every cell,
and turns the times into working days (``sim.calibrate.calendar``). All the problems of a
log are reported together, in one line that names the rows.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..i18n import t
from ..inputs import MAX_LOG_BYTES, quote, safe_text
from ..model.issues import CHANNELS
from ..params import CATEGORY_KEYS
from ..text import STRINGS
from .calendar import FIRST_DATE, FIRST_YEAR, LAST_DATE, LAST_YEAR, MAX_DAY_NUMBER, check_holidays, working_days
from .columns import (
    CHANNEL_NAMES,
    COUNTS,
    FLAGS,
    HEADERS,
    MAX_COUNT,
    REQUIRED,
    SATISFACTION,
    TIMES,
)
from .hotline import category_key
from .messages import MAX_PROBLEMS, error_in_both, listed_error
from .privacy import check_personal_data
from .sheets import read_xlsx, workbook_kind

MAX_UNKNOWN = 5  # distinct unknown categories named in a message
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NOT_FINITE = re.compile(r"^[+-]?(inf|infinity|nan)$", re.IGNORECASE)


@dataclass
class IssueLog:
    """An issue log read and checked, with times in working days.

    Attributes:
        data: one row per issue: ``row`` (line in the file), ``created`` and ``resolved``
            (working days from the start of the log; NaN = unresolved), ``category``
            (key), ``grid``, ``channel`` (key or ""), ``satisfied`` (True/False/NA);
            and what the resident lived through: ``responded`` and ``due`` (working days,
            NaN when empty), ``solved`` and ``overdue`` (True/False/NA), ``reopened``,
            ``repeats`` and ``bounces`` (counts; an empty cell is 0). An optional column
            the log lacks, or leaves empty in every row, is all NaN (NA).
        mode: ``"datetime"`` or ``"number"`` (how times were given).
        origin: the date of working day 0 (datetime mode), else None.
        span: working days the log covers (arrival rates are counts over this).
        end: when the log ends, in working days (open cases are censored here).
        ignored: extra columns that were read but not used.
        source: file name or "table".
    """

    data: pd.DataFrame
    mode: str
    origin: np.datetime64 | None
    span: float
    end: float
    ignored: list[str] = field(default_factory=list)
    source: str = "table"


# A problem with one row: (row number, key of its text, values of the placeholders).
# ``col`` among the values names a time column and is shown in the message's language.
Problem = tuple[int, str, dict[str, Any]]


def _problem_text(key: str, values: dict[str, Any], lang: str, seen: set[str]) -> str:
    """One problem in ``lang``; the second and later of a kind get their short text."""
    if key in seen and f"{key}.short" in STRINGS:
        key = f"{key}.short"
    else:
        seen.add(key)
    v = dict(values)
    if "col" in v:
        v["what"] = t(f"cli.calibrate.col.{v.pop('col')}", lang)
    return t(key, lang, **v)


def _problem_error(source: str, problems: list[Problem], rows: int) -> ScenarioError:
    """One single-line error for a log's bad rows, in English and Chinese.

    The line says how many rows cannot be used, then lists the first rows (all problems
    of a row together; at most ``MAX_PROBLEMS`` rows and ``LINE_CHARS`` characters) and
    counts the rest. The first row with a kind of problem says what is allowed.
    """
    by_row: dict[int, list[tuple[str, dict[str, Any]]]] = {}
    for row, key, values in sorted(problems, key=lambda p: p[0]):
        by_row.setdefault(row, []).append((key, values))

    def items(lang: str) -> list[str]:
        seen: set[str] = set()
        also = t("cli.calibrate.log.also", lang)
        return [
            t("cli.calibrate.log.row", lang, row=row, what=also.join(_problem_text(k, v, lang, seen) for k, v in found))
            for row, found in by_row.items()
        ]

    values = {"source": source, "rows": rows, "bad": len(by_row)}
    return listed_error("cli.calibrate.log.problems", values, items, "cli.calibrate.log.more_rows")


def _read_text(source: str | os.PathLike | io.TextIOBase) -> tuple[pd.DataFrame, str]:
    """The cells of a CSV file or ``.xlsx`` workbook (a path, or an open CSV text file) as strings, and its name."""
    if hasattr(source, "read"):
        return _read_csv(source, "table"), "table"
    path = Path(source)
    label = safe_text(path)  # also the log's source, compared with the output paths: whole
    if not path.exists():
        raise ScenarioError.keyed("cli.calibrate.log.missing", path=label)
    try:
        if not path.is_file():
            raise ScenarioError.keyed("cli.calibrate.log.not_file", path=label)
        size = path.stat().st_size
        if size > MAX_LOG_BYTES:
            raise ScenarioError.keyed("cli.calibrate.log.too_large", path=label, size=size, limit=MAX_LOG_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError.keyed(
            "cli.calibrate.log.unreadable", path=label, why=exc.strerror or exc.__class__.__name__
        ) from None
    if not raw.strip():
        raise ScenarioError.keyed("cli.calibrate.log.empty", path=label)
    kind = workbook_kind(raw, path)
    if kind == "xls":
        raise ScenarioError.keyed("cli.calibrate.log.xls", path=label)
    if kind == "xlsx":
        return read_xlsx(raw, label), label
    for enc in ("utf-8-sig", "gb18030"):  # Excel in a Chinese locale saves GB18030
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise ScenarioError.keyed("cli.calibrate.log.encoding", path=label)
    return _read_csv(io.StringIO(text), label), label


def _read_csv(text: Any, label: str) -> pd.DataFrame:
    """Parse CSV text into a table of strings (no value is taken as missing)."""
    try:
        return pd.read_csv(text, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise ScenarioError.keyed("cli.calibrate.log.empty", path=label) from None
    except pd.errors.ParserError as exc:
        why = " ".join(str(exc).split())[-200:]  # pandas' text ends in a newline and can be long
        raise ScenarioError.keyed("cli.calibrate.log.not_csv", path=label, why=why) from None


def columns_text(names: Sequence[Any]) -> str:
    """Column names for a message: each shortened, at most ``MAX_PROBLEMS`` of them."""
    shown = [quote(str(c))[1:-1] if len(str(c)) <= 40 else quote(str(c)) for c in names[:MAX_PROBLEMS]]
    more = len(names) - MAX_PROBLEMS
    return ", ".join(shown) + (f", … (+{more})" if more > 0 else "")


def _parse_times(col: pd.Series, mode: str, what: str, rows: np.ndarray, problems: list[Problem]) -> pd.Series:
    """Times of one column as floats (number mode) or datetimes; bad cells become problems and NaN/NaT."""
    s = col.str.strip()
    empty = s == ""
    if mode == "number":
        num = pd.to_numeric(s.where(~empty), errors="coerce").astype(float)
        finite = np.isfinite(num.to_numpy())
        in_range = finite & (num.to_numpy() >= 0) & (num.to_numpy() <= MAX_DAY_NUMBER)
        for i in np.flatnonzero((~empty).to_numpy() & ~in_range):
            value = quote(s.iloc[i])
            if _looks_numeric(s.iloc[i]):  # a number, but not finite or out of range
                values = {"col": what, "value": value, "high": MAX_DAY_NUMBER}
                problems.append((int(rows[i]), "cli.calibrate.p.number_range", values))
            else:
                problems.append((int(rows[i]), "cli.calibrate.p.not_number", {"col": what, "value": value}))
        return num.where(in_range)
    # A date-time has digits; pandas would read "now" and "today" as the current moment.
    datelike = ~empty & ~s.str.match(_NUMBER) & s.str.contains(r"\d", regex=True)
    try:
        parsed = pd.to_datetime(s.where(datelike), errors="coerce", format="mixed")
    except (ValueError, TypeError, OverflowError) as exc:
        why = " ".join(str(exc).split())[:200]
        raise _column_error("cli.calibrate.log.bad_dates", what, why=why) from None
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)  # wall-clock time in the zone given
    elif not pd.api.types.is_datetime64_any_dtype(parsed):
        raise _column_error("cli.calibrate.log.time_zones", what)
    for i in np.flatnonzero((~empty & parsed.isna()).to_numpy()):
        problems.append((int(rows[i]), "cli.calibrate.p.not_datetime", {"col": what, "value": quote(s.iloc[i])}))
    outside = (parsed < FIRST_DATE) | (parsed >= LAST_DATE)
    key = "cli.calibrate.p.resolved_range" if what == "resolved" else "cli.calibrate.p.date_range"
    for i in np.flatnonzero(outside.to_numpy()):
        values = {"col": what, "value": quote(s.iloc[i]), "first": FIRST_YEAR, "last": LAST_YEAR}
        problems.append((int(rows[i]), key, values))
    return parsed.where(~outside)


def _column_error(key: str, col: str, **values: Any) -> ScenarioError:
    """An error about a whole time column, named in each language."""
    return error_in_both(lambda lang: t(key, lang, what=t(f"cli.calibrate.col.{col}", lang), **values))


def _looks_numeric(text: str) -> bool:
    """Whether a cell reads as a number (finite or not): the log then gives times as numbers."""
    return bool(_NUMBER.match(text) or _NOT_FINITE.match(text))


def _optional_times(df: pd.DataFrame, col: str, mode: str, rows: np.ndarray, problems: list[Problem]) -> pd.Series:
    """An optional time column (``responded``, ``due``) in the form of ``created``; all NaN/NaT when absent."""
    if col not in df:
        return pd.Series(np.nan if mode == "number" else pd.NaT, index=df.index)
    return _parse_times(df[col], mode, col, rows, problems)


def _flags(df: pd.DataFrame, col: str, rows: np.ndarray, problems: list[Problem]) -> pd.Series:
    """An optional yes/no column (``solved``, ``overdue``): True/False, NA when empty or absent."""
    if col not in df:
        return pd.Series(pd.NA, index=df.index, dtype="boolean")
    s = df[col].str.strip()
    flag = s.str.lower().map(FLAGS[col]).astype("boolean")
    for i in np.flatnonzero(((s != "") & flag.isna()).to_numpy()):
        problems.append((int(rows[i]), "cli.calibrate.p.yes_no", {"col": col, "value": quote(s.iloc[i])}))
    return flag


def _counts(df: pd.DataFrame, col: str, rows: np.ndarray, problems: list[Problem]) -> pd.Series:
    """An optional count column (``reopened``, ``repeats``, ``bounces``): an empty cell is 0.

    A column that is absent, or empty in every row, says nothing: it is all NaN.
    """
    if col not in df:
        return pd.Series(np.nan, index=df.index)
    s = df[col].str.strip()
    empty = s == ""
    if empty.all():
        return pd.Series(np.nan, index=df.index)
    v = pd.to_numeric(s.where(~empty), errors="coerce").astype(float)
    x = v.to_numpy()
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(x) & (x >= 0) & (x <= MAX_COUNT) & (np.floor(x) == x)
    for i in np.flatnonzero(~empty.to_numpy() & ~ok):
        problems.append(
            (int(rows[i]), "cli.calibrate.p.count", {"col": col, "value": quote(s.iloc[i]), "high": MAX_COUNT})
        )
    return pd.Series(np.where(ok, x, 0.0), index=df.index)  # bad cells are problems: the log is refused


def _unknown_categories(cells: pd.Series) -> str:
    """Every category a log holds that the kit does not know, most frequent first, with its count.

    Said once, in the first row's message, so that a log exported from another system
    shows all its unknown categories at once, not only those of the rows listed.
    """
    counts = cells.value_counts(sort=True)
    shown = [f"{quote(v if len(v) <= 30 else v[:29] + '…')} ×{n:,}" for v, n in counts.iloc[:MAX_UNKNOWN].items()]
    more = len(counts) - MAX_UNKNOWN
    return ", ".join(shown) + (f", … (+{more:,})" if more > 0 else "")


def read_issue_log(
    source: str | os.PathLike | io.TextIOBase | pd.DataFrame, holidays: Sequence[str] | None = None
) -> IssueLog:
    """Read and check an issue log (CSV or ``.xlsx`` path, open CSV text file or table of strings).

    Row numbers in messages are line numbers in the file: the header is row 1, the first
    issue row 2 (as a spreadsheet shows them).

    Args:
        source: the CSV file or Excel workbook.
        holidays: non-working dates besides weekends, for logs with date-times.

    Returns:
        The checked log with times in working days.

    Raises:
        ScenarioError: for a missing, unreadable, oversized or empty file, an old
            ``.xls`` or damaged workbook, columns that look like residents' personal data,
            missing required columns, or bad rows (one line: how many rows cannot be used, the
            first ten with their row numbers, and how many more).
    """
    hol = None if holidays is None else check_holidays(holidays)
    if isinstance(source, pd.DataFrame):
        df, label = source.astype(str).replace({"nan": "", "NaN": "", "<NA>": "", "None": ""}), "table"
    else:
        df, label = _read_text(source)
    if df.empty:
        raise ScenarioError.keyed("cli.calibrate.log.no_rows", source=label)
    check_personal_data(df, label)  # before anything else is read from the log
    # Map headers (English names or Chinese aliases) to the canonical names.
    rename, ignored = {}, []
    for col in df.columns:
        key = HEADERS.get(str(col).strip().lower())
        if key and key not in rename.values():
            rename[col] = key
        else:
            ignored.append(str(col))
    missing = [c for c in REQUIRED if c not in rename.values()]
    if missing:
        raise ScenarioError.keyed(
            "cli.calibrate.log.missing_columns" if len(missing) > 1 else "cli.calibrate.log.missing_column",
            source=label,
            missing=", ".join(missing),
            found=columns_text(list(df.columns)),
            required=", ".join(REQUIRED),
        )
    df = df.rename(columns=rename)
    rows = np.arange(len(df)) + 2
    problems: list[Problem] = []

    created_s = df["created"].str.strip()
    for i in np.flatnonzero((created_s == "").to_numpy()):
        problems.append((int(rows[i]), "cli.calibrate.p.empty", {"col": "created"}))
    first = created_s[created_s != ""]
    mode = "number" if len(first) and _looks_numeric(first.iloc[0]) else "datetime"
    try:
        created = _parse_times(df["created"], mode, "created", rows, problems)
        resolved = _parse_times(df["resolved"], mode, "resolved", rows, problems)
    except ScenarioError as exc:  # a whole column that cannot be read: name the file too
        raise exc.prefixed(f"{label}: ") from None

    cat_s = df["category"].str.strip()
    category = cat_s.map(category_key)  # the kit's names, or a 12345 hotline category (sim.calibrate.hotline)
    unknown = cat_s[category.isna() & (cat_s != "")]
    values = {"allowed": ", ".join(CATEGORY_KEYS)}
    key = "cli.calibrate.p.category"
    if unknown.nunique() > 1:  # name them all once: the rows listed may show only some
        key, values["unknown"] = "cli.calibrate.p.category.many", _unknown_categories(unknown)
    for i in np.flatnonzero(category.isna().to_numpy()):
        v = cat_s.iloc[i]
        if v == "":
            problems.append((int(rows[i]), "cli.calibrate.p.category_empty", {}))
        else:
            problems.append((int(rows[i]), key, {"value": quote(v), **values}))

    if "channel" in df:
        ch_s = df["channel"].str.strip()
        channel = ch_s.str.lower().map(CHANNEL_NAMES).fillna("")
        for i in np.flatnonzero(((ch_s != "") & (channel == "")).to_numpy()):
            values = {"value": quote(ch_s.iloc[i]), "allowed": ", ".join(CHANNELS)}
            problems.append((int(rows[i]), "cli.calibrate.p.channel", values))
    else:
        channel = pd.Series("", index=df.index)
    times = {col: _optional_times(df, col, mode, rows, problems) for col in TIMES}
    flags = {col: _flags(df, col, rows, problems) for col in FLAGS}
    counts = {col: _counts(df, col, rows, problems) for col in COUNTS}
    if "satisfaction" in df:
        sat_s = df["satisfaction"].str.strip()
        satisfied = sat_s.str.lower().map(SATISFACTION).astype("boolean")
        for i in np.flatnonzero(((sat_s != "") & satisfied.isna()).to_numpy()):
            problems.append((int(rows[i]), "cli.calibrate.p.satisfaction", {"value": quote(sat_s.iloc[i])}))
    else:
        satisfied = pd.Series(pd.NA, index=df.index, dtype="boolean")
    grid = df["grid"].str.strip() if "grid" in df else pd.Series("", index=df.index)

    # Compared before any conversion (missing times compare as False).
    before = (resolved < created).to_numpy(dtype=bool, na_value=False)
    for i in np.flatnonzero(before):
        problems.append((int(rows[i]), "cli.calibrate.p.before", {}))
    for col, when in times.items():
        for i in np.flatnonzero((when < created).to_numpy(dtype=bool, na_value=False)):
            problems.append((int(rows[i]), "cli.calibrate.p.time_before", {"col": col}))
    if problems:
        raise _problem_error(label, problems, len(df))

    if mode == "datetime":
        c_wd, origin = working_days(created, holidays=hol)
        r_wd, _ = working_days(resolved, origin=origin, holidays=hol)
        t_wd = {col: working_days(when, origin=origin, holidays=hol)[0] for col, when in times.items()}
        last = pd.concat([created, resolved]).max()
        end_wd = float(working_days([last], origin=origin, holidays=hol)[0][0])
    else:
        origin = None
        start = math.floor(created.min())
        c_wd, r_wd = created.to_numpy() - start, resolved.to_numpy() - start
        t_wd = {col: when.to_numpy(dtype=float) - start for col, when in times.items()}
        end_wd = float(np.nanmax(np.concatenate([c_wd, r_wd])))
    span = math.floor(float(np.nanmax(c_wd))) + 1.0
    data = pd.DataFrame(
        {
            "row": rows,
            "created": np.asarray(c_wd, dtype=float),
            "resolved": np.asarray(r_wd, dtype=float),
            "category": pd.Categorical(category.to_numpy(), categories=list(CATEGORY_KEYS)),
            "grid": grid.to_numpy(),
            "channel": channel.to_numpy(),
            "satisfied": satisfied.to_numpy(),
            **{col: np.asarray(when, dtype=float) for col, when in t_wd.items()},
            **{col: flag.to_numpy() for col, flag in flags.items()},
            **{col: count.to_numpy() for col, count in counts.items()},
        }
    )
    return IssueLog(data, mode, origin, span, max(end_wd, span), ignored, label)
