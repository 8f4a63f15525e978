"""Calibrate a scenario from a community's own issue log (诉求台账).

A log is a CSV file with one row per issue the community registered (format in
``docs/calibration.md``). From it this module estimates

* per-category arrival rates, turned into ``issues_per_household`` and
  ``categories.*.share`` after correcting for needs that never reach the log (the share
  of needs that become known is taken from the base scenario by simulation);
* the distribution of time to resolution per category (a lognormal, censored by cases
  still open when the log ends) and, as an option, the hands-on handling hours
  ``categories.*.hours`` / ``sigma`` that this implies when cases hardly wait;
* the share of resident reports that come through the 12345 hotline (``hotline_share``),
  the channel mix and the satisfaction rate (for reference);

and writes a scenario file that extends a base scenario. ::

    >>> from sim.calibrate import calibrate
    >>> cal = calibrate("sim/data/example-issue-log.csv", out="mine.toml", households=1000)  # doctest: +SKIP
    >>> cal.table                                                                           # doctest: +SKIP

Every input is checked before anything is estimated or written: the options, the
output paths (which may never be one of the input files), the holidays and each row of
the log. A problem raises one ``ScenarioError`` whose message is a single line in English
and in Chinese; nothing is written then.

Command line (also ``python -m sim.calibrate``)::

    python -m sim calibrate LOG.csv --out scenario.toml [--households N] [--name NAME]
    python -m sim.calibrate example --out sim/data/example-issue-log.csv
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import ScenarioError
from .i18n import TABLE, t
from .inputs import MAX_FILE_BYTES, MAX_LOG_BYTES, MAX_NAME, check_count, check_name, check_seed, is_finite, quote
from .model.issues import CHANNELS, PROACTIVE
from .params import CATEGORIES, CATEGORY_KEYS, PARAMS
from .report import toml_literal
from .scenario import Scenario, list_scenarios, load_scenario
from .text import STRINGS

DAYS_PER_YEAR = 250.0
MAX_PROBLEMS = 10  # rows listed in one error message; the rest are counted
LINE_CHARS = 590  # length of such a message: the command line shows at most 600 characters, "error: " included
WARMUP_DAYS = 250  # simulated run-in before the window of the known-fraction runs
KNOWN_ISSUES_TARGET = 20000  # issues simulated for the known fraction (all replications)

# Dates a log or holidays file may hold. Anything outside is a typing error (0024, 1600)
# or a placeholder for "not yet" (9999-12-31), never a real registration.
FIRST_YEAR, LAST_YEAR = 1970, 2100
FIRST_DATE, LAST_DATE = np.datetime64(f"{FIRST_YEAR}-01-01"), np.datetime64(f"{LAST_YEAR + 1}-01-01")
# Working-day numbers (logs that give times as numbers) lie in [0, MAX_DAY_NUMBER]: 200 years.
MAX_DAY_NUMBER = 50_000
# How much log the calibration accepts and trusts (see docs/calibration.md, "How much log").
MIN_ISSUES = 10  # fewer: refused; the total rate alone is uncertain by a factor of about four
FEW_ISSUES = 30  # fewer: warned and marked rough; a category then holds a handful of rows
FEW_DAYS = 20  # fewer working days (about a month): week-to-week swings dominate
LONG_DAYS = 1250  # more working days (5 years): staff and practices have likely changed
# The longest span that can be calibrated: the known fraction simulates a year of run-in
# plus the span, and a run lasts at most PARAMS["days"].hi working days.
MAX_SPAN_DAYS = int(PARAMS["days"].hi) - WARMUP_DAYS
ROUGH = "small log: rough estimate"  # mark in the table's note column (the table is English)
_SEPARATOR = {"zh": "；", "en": "; "}  # between the rows listed in one message

# Column names: the English name first, then accepted aliases (compared case-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "created": ("created", "created_at", "受理时间", "登记时间", "创建时间", "反映时间"),
    "category": ("category", "类别", "诉求类别", "问题类别"),
    "resolved": ("resolved", "resolved_at", "closed", "办结时间", "解决时间", "结案时间"),
    "grid": ("grid", "网格"),
    "channel": ("channel", "渠道", "来源", "发现渠道"),
    "satisfaction": ("satisfaction", "satisfied", "满意度", "是否满意"),
}
REQUIRED = ("created", "category", "resolved")


def _names(pairs: dict[str, tuple[str, str]]) -> dict[str, str]:
    out = {}
    for key, (zh, en) in pairs.items():
        for name in (key, zh, en):
            out[name.strip().lower()] = key
    return out


CATEGORY_NAMES = _names({c.key: (c.zh, c.en) for c in CATEGORIES})
CHANNEL_NAMES = _names({ch: STRINGS[f"channel.{ch}"] for ch in CHANNELS})
CHANNEL_NAMES.update({"12345": "hotline", "热线": "hotline", "走访": "visit", "巡查": "patrol"})
SATISFACTION = {
    **dict.fromkeys(("1", "true", "yes", "y", "满意", "是", "非常满意", "基本满意"), True),
    **dict.fromkeys(("0", "false", "no", "n", "不满意", "否", "非常不满意"), False),
}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NOT_FINITE = re.compile(r"^[+-]?(inf|infinity|nan)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# ---------------------------------------------------------------------- messages ------
def _error(key: str, **values: Any) -> ScenarioError:
    """A ScenarioError with the English and Chinese texts of ``key``."""
    return ScenarioError(t(key, "en", **values), zh=t(key, "zh", **values))


class Note(str):
    """A caveat or warning: the English text (the string itself) and its Chinese text.

    Args:
        key: the ``cli.calibrate.*`` key of the text.
        values: its placeholders.
    """

    zh: str

    def __new__(cls, key: str, **values: Any) -> Note:
        """The note of ``key`` with ``values``, in both languages."""
        note = super().__new__(cls, t(key, "en", **values))
        note.zh = t(key, "zh", **values)
        return note

    def text(self, lang: str | None) -> str:
        """The note in ``lang`` ("zh" or "en")."""
        return self.zh if lang == "zh" else str(self)

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        """Copy and pickle by the two texts (``__new__`` takes a key)."""
        return _restore_note, (str(self), self.zh)


def _restore_note(en: str, zh: str) -> Note:
    note = str.__new__(Note, en)
    note.zh = zh
    return note


def _shown(value: Any) -> str:
    """Text safe to print and to write as UTF-8: undecodable bytes of a file name become �."""
    return str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# ---------------------------------------------------------------------- working days --
def working_days(
    times: Any, origin: Any = None, holidays: Sequence[str] | None = None
) -> tuple[np.ndarray, np.datetime64]:
    """Turn timestamps into working-day numbers (工作日序号), Monday to Friday.

    A working day is a whole calendar day (00:00–24:00); the number is the count of
    working days between ``origin`` and the timestamp's date (``numpy.busday_count``)
    plus the fraction of that day gone by. A timestamp on a weekend or holiday counts as
    the start (fraction 0) of the next working day.

    Args:
        times: timestamps (anything ``numpy.datetime64`` accepts); NaT stays NaN.
        origin: the date of working day 0; default: the first working day on or after
            the earliest timestamp.
        holidays: extra non-working dates (``"2024-10-01"``…), passed to numpy.

    Returns:
        The working-day numbers and the origin date.
    """
    stamps = np.asarray(pd.to_datetime(pd.Series(times)).to_numpy(), dtype="datetime64[ns]")
    ok = ~np.isnat(stamps)
    hol = [] if holidays is None else list(holidays)
    out = np.full(stamps.shape, np.nan)
    day = stamps[ok].astype("datetime64[D]")
    if origin is None:
        if not ok.any():
            raise _error("cli.calibrate.err.no_times")
        origin = np.busday_offset(day.min(), 0, roll="forward", holidays=hol)
    origin = np.datetime64(origin, "D")
    frac = (stamps[ok] - day.astype("datetime64[ns]")) / np.timedelta64(1, "D")
    frac = np.where(np.is_busday(day, holidays=hol), frac, 0.0)
    rolled = np.busday_offset(day, 0, roll="forward", holidays=hol)
    out[ok] = np.busday_count(origin, rolled, holidays=hol) + frac
    return out, origin


def from_working_days(days: Any, start: Any, holidays: Sequence[str] | None = None) -> pd.Series:
    """The inverse of ``working_days``: timestamps of working-day numbers counted from ``start``."""
    w = np.asarray(days, dtype=float)
    ok = ~np.isnan(w)
    hol = [] if holidays is None else list(holidays)
    out = np.full(w.shape, np.datetime64("NaT", "ns"), dtype="datetime64[ns]")
    whole = np.floor(w[ok])
    start = np.busday_offset(np.datetime64(start, "D"), 0, roll="forward", holidays=hol)
    day = np.busday_offset(start, whole.astype(np.int64), roll="forward", holidays=hol)
    out[ok] = day.astype("datetime64[ns]") + np.round((w[ok] - whole) * 86400).astype("timedelta64[s]")
    return pd.Series(out)


# ---------------------------------------------------------------------- holidays ------
def _listing(items: list[str], lang: str, room: int, more_key: str) -> str:
    """As many ``items`` as fit in ``room`` characters (at most ``MAX_PROBLEMS``), then how many more."""
    sep = _SEPARATOR[lang]
    shown: list[str] = []
    used = 0
    for item in items[:MAX_PROBLEMS]:
        cost = len(item) + (len(sep) if shown else 0)
        if shown and used + cost > room:
            break
        if not shown and cost > room:  # one very long row: show its start
            item = item[: room - 1] + "…"
            cost = len(item)
        shown.append(item)
        used += cost
    text = sep.join(shown)
    more = len(items) - len(shown)
    if more <= 0:
        return text
    return text + sep + t(f"{more_key}.one" if more == 1 else more_key, lang, n=more)


def _listed_error(key: str, values: dict[str, Any], items: Any, more_key: str) -> ScenarioError:
    """A one-line error of ``key`` whose ``{items}`` lists ``items(lang)`` within ``LINE_CHARS``."""

    def text(lang: str) -> str:
        frame = len(t(key, lang, items="", **values)) + len(t(more_key, lang, n=10**6)) + 2
        listed = _listing(items(lang), lang, max(LINE_CHARS - frame, 120), more_key)
        return t(key, lang, items=listed, **values)

    return ScenarioError(text("en"), zh=text("zh"))


def _iso_date(text: str) -> str | None:
    """``text`` as an ISO date within the accepted years, or None."""
    m = _ISO_DATE.match(text)
    if not m:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:  # 2024-02-30
        return None
    return day.isoformat() if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _bad_holidays(label: str, bad: list[tuple[int, Any]]) -> ScenarioError:
    def lines(lang: str) -> list[str]:
        return [t("cli.calibrate.holidays.line", lang, line=n, value=quote(v)) for n, v in bad]

    values = {"path": label, "n": len(bad), "first": FIRST_YEAR, "last": LAST_YEAR}
    return _listed_error("cli.calibrate.holidays.bad", values, lines, "cli.calibrate.holidays.more")


def check_holidays(dates: Sequence[Any], label: str = "holidays") -> list[str]:
    """Check non-working dates given in Python: ISO strings or ``datetime.date`` values.

    Returns:
        The dates as ``YYYY-MM-DD`` strings.

    Raises:
        ScenarioError: naming every entry that is not a date from 1970 to 2100.
    """
    if isinstance(dates, str | bytes):  # one string would be read letter by letter
        raise _bad_holidays(label, [(1, dates)])
    out, bad = [], []
    for i, value in enumerate(dates, start=1):
        text = value.isoformat()[:10] if isinstance(value, dt.date) else value
        day = _iso_date(text.strip()) if isinstance(text, str) else None
        if day is None:
            bad.append((i, value))
        else:
            out.append(day)
    if bad:
        raise _bad_holidays(label, bad)
    return out


def read_holidays(path: str | os.PathLike) -> list[str]:
    """Read a holidays file: one ``YYYY-MM-DD`` a line; blank lines and ``#`` comments are skipped.

    Raises:
        ScenarioError: for a missing, unreadable or oversized file, or lines that are
            not dates from 1970 to 2100 (each named by its line number).
    """
    path = Path(path)
    label = _shown(path)
    if not path.exists():
        raise _error("cli.calibrate.holidays.missing", path=label)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise _error("cli.calibrate.holidays.unreadable", path=label, why=t("report.why.dir", "en"))
        if size > MAX_FILE_BYTES:
            raise _error("cli.calibrate.holidays.too_large", path=label, size=size, limit=MAX_FILE_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        raise _error(
            "cli.calibrate.holidays.unreadable", path=label, why=exc.strerror or exc.__class__.__name__
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _error("cli.calibrate.holidays.unreadable", path=label, why="not UTF-8") from None
    out, bad = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        day = _iso_date(entry)
        if day is None:
            bad.append((n, line.strip()))
        else:
            out.append(day)
    if bad:
        raise _bad_holidays(label, bad)
    return out


# ---------------------------------------------------------------------- reading -------
@dataclass
class IssueLog:
    """An issue log read and checked, with times in working days.

    Attributes:
        data: one row per issue: ``row`` (line in the file), ``created`` and ``resolved``
            (working days from the start of the log; NaN = unresolved), ``category``
            (key), ``grid``, ``channel`` (key or ""), ``satisfied`` (True/False/NA).
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
    if key in seen and f"{key}.short" in TABLE:
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
    return _listed_error("cli.calibrate.log.problems", values, items, "cli.calibrate.log.more_rows")


def _read_text(source: str | os.PathLike | io.TextIOBase) -> tuple[pd.DataFrame, str]:
    if hasattr(source, "read"):
        return _read_csv(source, "table"), "table"
    path = Path(source)
    label = _shown(path)
    if not path.exists():
        raise _error("cli.calibrate.log.missing", path=label)
    try:
        if not path.is_file():
            raise _error("cli.calibrate.log.not_file", path=label)
        size = path.stat().st_size
        if size > MAX_LOG_BYTES:
            raise _error("cli.calibrate.log.too_large", path=label, size=size, limit=MAX_LOG_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        raise _error("cli.calibrate.log.unreadable", path=label, why=exc.strerror or exc.__class__.__name__) from None
    if not raw.strip():
        raise _error("cli.calibrate.log.empty", path=label)
    for enc in ("utf-8-sig", "gb18030"):  # Excel in a Chinese locale saves GB18030
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise _error("cli.calibrate.log.encoding", path=label)
    return _read_csv(io.StringIO(text), label), label


def _read_csv(text: Any, label: str) -> pd.DataFrame:
    try:
        return pd.read_csv(text, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise _error("cli.calibrate.log.empty", path=label) from None
    except pd.errors.ParserError as exc:
        why = " ".join(str(exc).split())[-200:]  # pandas' text ends in a newline and can be long
        raise _error("cli.calibrate.log.not_csv", path=label, why=why) from None


def _columns(names: Sequence[Any]) -> str:
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
    return ScenarioError(
        t(key, "en", what=t(f"cli.calibrate.col.{col}", "en"), **values),
        zh=t(key, "zh", what=t(f"cli.calibrate.col.{col}", "zh"), **values),
    )


def _looks_numeric(text: str) -> bool:
    return bool(_NUMBER.match(text) or _NOT_FINITE.match(text))


def read_issue_log(
    source: str | os.PathLike | io.TextIOBase | pd.DataFrame, holidays: Sequence[str] | None = None
) -> IssueLog:
    """Read and check an issue log (CSV path, open text file or table of strings).

    Row numbers in messages are line numbers in the file: the header is row 1, the first
    issue row 2 (as a spreadsheet shows them).

    Args:
        source: the CSV file.
        holidays: non-working dates besides weekends, for logs with date-times.

    Returns:
        The checked log with times in working days.

    Raises:
        ScenarioError: for a missing, unreadable, oversized or empty file, missing
            required columns, or bad rows (one line: how many rows cannot be used, the
            first ten with their row numbers, and how many more).
    """
    hol = None if holidays is None else check_holidays(holidays)
    if isinstance(source, pd.DataFrame):
        df, label = source.astype(str).replace({"nan": "", "NaN": "", "<NA>": "", "None": ""}), "table"
    else:
        df, label = _read_text(source)
    if df.empty:
        raise _error("cli.calibrate.log.no_rows", source=label)
    # Map headers (English names or Chinese aliases) to the canonical names.
    alias = {a.lower(): k for k, names in COLUMNS.items() for a in names}
    rename, ignored = {}, []
    for col in df.columns:
        key = alias.get(str(col).strip().lower())
        if key and key not in rename.values():
            rename[col] = key
        else:
            ignored.append(str(col))
    missing = [c for c in REQUIRED if c not in rename.values()]
    if missing:
        raise _error(
            "cli.calibrate.log.missing_columns" if len(missing) > 1 else "cli.calibrate.log.missing_column",
            source=label,
            missing=", ".join(missing),
            found=_columns(list(df.columns)),
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
    category = cat_s.str.lower().map(CATEGORY_NAMES)
    allowed = ", ".join(CATEGORY_KEYS)
    for i in np.flatnonzero(category.isna().to_numpy()):
        v = cat_s.iloc[i]
        if v == "":
            problems.append((int(rows[i]), "cli.calibrate.p.category_empty", {}))
        else:
            problems.append((int(rows[i]), "cli.calibrate.p.category", {"value": quote(v), "allowed": allowed}))

    if "channel" in df:
        ch_s = df["channel"].str.strip()
        channel = ch_s.str.lower().map(CHANNEL_NAMES).fillna("")
        for i in np.flatnonzero(((ch_s != "") & (channel == "")).to_numpy()):
            values = {"value": quote(ch_s.iloc[i]), "allowed": ", ".join(CHANNELS)}
            problems.append((int(rows[i]), "cli.calibrate.p.channel", values))
    else:
        channel = pd.Series("", index=df.index)
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
    if problems:
        raise _problem_error(label, problems, len(df))

    if mode == "datetime":
        c_wd, origin = working_days(created, holidays=hol)
        r_wd, _ = working_days(resolved, origin=origin, holidays=hol)
        last = pd.concat([created, resolved]).max()
        end_wd = float(working_days([last], origin=origin, holidays=hol)[0][0])
    else:
        origin = None
        start = math.floor(created.min())
        c_wd, r_wd = created.to_numpy() - start, resolved.to_numpy() - start
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
        }
    )
    return IssueLog(data, mode, origin, span, max(end_wd, span), ignored, label)


# ---------------------------------------------------------------------- statistics ----
def _poisson_ci(n: int) -> tuple[float, float]:
    from scipy import stats

    lo = 0.0 if n == 0 else stats.chi2.ppf(0.025, 2 * n) / 2
    return float(lo), float(stats.chi2.ppf(0.975, 2 * n + 2) / 2)


def _wilson(k: int, n: int) -> tuple[float, float, float]:
    if n == 0:
        return np.nan, np.nan, np.nan
    z, p = 1.959964, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def fit_lognormal(values: np.ndarray, censored: np.ndarray | None = None) -> dict[str, float]:
    """Fit a lognormal to positive durations, some of them right-censored.

    Without censoring the fit is the mean and standard deviation of the logs with t and
    chi-square intervals. With censored durations (cases still open when the log ends)
    it is the maximum-likelihood fit, with Wald intervals on ``log median`` and
    ``log sigma`` from the numerical Hessian.

    Returns:
        ``median``, ``median_lo``, ``median_hi``, ``sigma``, ``sigma_lo``, ``sigma_hi``,
        ``n`` (complete) and ``n_censored``.
    """
    from scipy import optimize, stats

    x = np.log(np.asarray(values, dtype=float))
    c = np.log(np.asarray(censored if censored is not None else [], dtype=float))
    n, m = len(x), len(c)
    out = dict.fromkeys(("median", "median_lo", "median_hi", "sigma", "sigma_lo", "sigma_hi"), np.nan)
    out.update(n=n, n_censored=m)
    if n < 2:
        return out
    mu, s = float(x.mean()), float(x.std(ddof=1))
    if s <= 0:
        out.update(median=math.exp(mu), median_lo=math.exp(mu), median_hi=math.exp(mu), sigma=0.0)
        return out
    if m == 0:
        half = stats.t.ppf(0.975, n - 1) * s / math.sqrt(n)
        out.update(
            median=math.exp(mu),
            median_lo=math.exp(mu - half),
            median_hi=math.exp(mu + half),
            sigma=s,
            sigma_lo=s * math.sqrt((n - 1) / stats.chi2.ppf(0.975, n - 1)),
            sigma_hi=s * math.sqrt((n - 1) / stats.chi2.ppf(0.025, n - 1)),
        )
        return out

    def nll(theta: np.ndarray) -> float:
        m_, ls = theta
        sd = math.exp(ls)
        return -(stats.norm.logpdf(x, m_, sd).sum() + stats.norm.logsf(c, m_, sd).sum())

    res = optimize.minimize(
        nll, np.array([mu, math.log(s)]), method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10}
    )
    theta = res.x
    h = 1e-4
    hess = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            e_i, e_j = np.eye(2)[i] * h, np.eye(2)[j] * h
            hess[i, j] = (
                nll(theta + e_i + e_j) - nll(theta + e_i - e_j) - nll(theta - e_i + e_j) + nll(theta - e_i - e_j)
            ) / (4 * h * h)
    try:
        se = np.sqrt(np.diag(np.linalg.inv(hess)))
    except np.linalg.LinAlgError:
        se = np.array([np.nan, np.nan])
    z = 1.959964
    out.update(
        median=math.exp(theta[0]),
        median_lo=math.exp(theta[0] - z * se[0]),
        median_hi=math.exp(theta[0] + z * se[0]),
        sigma=math.exp(theta[1]),
        sigma_lo=math.exp(theta[1] - z * se[1]),
        sigma_hi=math.exp(theta[1] + z * se[1]),
    )
    return out


def known_fraction(
    base: Scenario, households: int, span: float, reps: int = 4, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Share of needs that reach the community, per category, under the base scenario.

    Runs the base scenario (all categories equally common, enough issues for a precise
    answer) for a year of run-in plus ``span`` working days, and divides the issues that
    became known within the window by the issues that arose within it: the ratio of the
    two rates once the community is in its stationary state. Which needs become known
    depends on reporting, stations, proactive practices and incidents, not on the load.

    Returns:
        The fraction per category (order of ``CATEGORY_KEYS``), and the simulated counts
        arisen and known.
    """
    from .run import replication_seed, run

    days = int(min(5000, WARMUP_DAYS + math.ceil(span)))
    years = days / DAYS_PER_YEAR
    rate = KNOWN_ISSUES_TARGET / (households * years * reps)
    rate = float(min(PARAMS["issues_per_household"].hi, max(base.params["issues_per_household"], rate)))
    changes: dict[str, Any] = {"households": households, "days": days, "issues_per_household": rate}
    changes.update({f"categories.{k}.share": 1.0 / len(CATEGORY_KEYS) for k in CATEGORY_KEYS})
    sc = base.with_values(changes)
    lo, hi = days - span, days
    arisen, known = np.zeros(len(CATEGORY_KEYS)), np.zeros(len(CATEGORY_KEYS))
    for r in range(reps):
        log = run(sc, seed=replication_seed(seed, r), keep_model=False).issues
        a = log[(log["created"] >= lo) & (log["created"] < hi)]
        k = log[(log["discovered"] >= lo) & (log["discovered"] < hi)]
        arisen += a["category"].value_counts().reindex(CATEGORY_KEYS, fill_value=0).to_numpy()
        known += k["category"].value_counts().reindex(CATEGORY_KEYS, fill_value=0).to_numpy()
    frac = np.where(arisen > 0, np.maximum(known, 0.5) / np.maximum(arisen, 1), 1.0)
    return np.minimum(frac, 1.0), arisen, known


# ---------------------------------------------------------------------- estimation ----
@dataclass
class Calibration:
    """What ``calibrate`` found.

    Attributes:
        params: the values written to the scenario, by dotted name.
        table: tidy estimates: ``parameter``, ``estimate``, ``ci_low``, ``ci_high``,
            ``n``, ``unit``, ``written`` (whether it goes into the scenario), ``note``.
        log: the issue log that was read.
        base: the base scenario.
        scenario: the calibrated scenario (validated).
        notes: caveats found while estimating (``Note``: English text, ``.zh`` Chinese).
        path: where the scenario file was written (None if not written).
        comments: the comment after each written value in the scenario file.
        hidden: commented-out lines per category (direct hours not written).
        warnings: reasons not to trust the log as a whole (too small, too short, too
            long); printed, and written into the scenario file.
        rough: whether the estimates are marked rough (a small or short log).
    """

    params: dict[str, Any]
    table: pd.DataFrame
    log: IssueLog
    base: Scenario
    scenario: Scenario
    notes: list[str]
    path: Path | None = None
    comments: dict[str, str] = field(default_factory=dict)
    hidden: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[Note] = field(default_factory=list)
    rough: bool = False

    def estimate(self, parameter: str) -> float:
        """The estimate of one row of the table."""
        return float(self.table.set_index("parameter").loc[parameter, "estimate"])


def _direct_overhead(p: dict[str, Any]) -> tuple[float, float, float]:
    """Hours per working day, fixed hours per case and the fix-time factor of the base scenario."""
    travel = p["travel_grid"] if p["gridding"] else p["travel_office"]
    contact = 0.0 if p["quick_contact"] else p["contact_hours"]
    overhead = contact + travel + p["listening_minutes"] / 60.0
    factor = (1.0 - p["familiarity"]) if p["gridding"] else 1.0
    return p["hours_per_day"], overhead, factor


def _check_size(log: IssueLog, span: float | None, label: str) -> tuple[float, list[Note], bool]:
    """The span to use, and whether the log is too small, too short or too long to trust.

    Returns:
        The span in working days, the warnings and whether the estimates are rough.

    Raises:
        ScenarioError: for fewer than ``MIN_ISSUES`` issues, a span out of range or
            shorter than the log itself, or a log longer than ``MAX_SPAN_DAYS``.
    """
    n = len(log.data)
    if n < MIN_ISSUES:
        raise _error("cli.calibrate.err.too_few", source=log.source, n=n, min=MIN_ISSUES)
    if span is None:
        if log.span > MAX_SPAN_DAYS:
            raise _error("cli.calibrate.err.span_long", source=log.source, span=log.span, max=MAX_SPAN_DAYS)
        days = float(log.span)
    else:
        if not is_finite(span) or not 1 <= span <= MAX_SPAN_DAYS:
            raise _error_in_range(label, span, 1, MAX_SPAN_DAYS)
        days = float(span)
        if days < log.span:
            raise _error("cli.calibrate.err.span_short", option=label, days=days, span=log.span)
    warnings = []
    if n < FEW_ISSUES:
        warnings.append(Note("cli.calibrate.warn.few_issues", n=n, min=FEW_ISSUES))
    if days < FEW_DAYS:
        warnings.append(Note("cli.calibrate.warn.few_days", days=days, min=FEW_DAYS))
    rough = bool(warnings)
    if days > LONG_DAYS:
        warnings.append(Note("cli.calibrate.warn.long", days=days, max=LONG_DAYS))
    return days, warnings, rough


def _error_in_range(label: str, value: Any, low: float, high: float) -> ScenarioError:
    """The kit's message for a number outside ``[low, high]`` (or not finite)."""
    values = {"option": label, "value": quote(value)}
    return ScenarioError(
        t("cli.bad_number", "en", what=t("cli.what.number", "en", low=f"{low:,}", high=f"{high:,}"), **values),
        zh=t("cli.bad_number", "zh", what=t("cli.what.number", "zh", low=f"{low:,}", high=f"{high:,}"), **values),
    )


def estimate(
    log: IssueLog,
    households: int | None = None,
    base: str | Path | Scenario = "baseline",
    hours: str = "keep",
    span: float | None = None,
    reps: int = 4,
    seed: int = 0,
    span_label: str = "span",
) -> Calibration:
    """Estimate scenario parameters from a checked issue log.

    Args:
        log: from ``read_issue_log``.
        households: households in the community (not in the log); default: the base
            scenario's.
        base: the scenario describing the community's practices (reporting, staff…).
        hours: ``"keep"`` keeps the base scenario's handling hours (the resolution-time
            fit is reported only); ``"direct"`` writes hours and sigma converted from
            time to resolution (valid only when cases hardly wait).
        span: working days the log covers (default: from its first to its last created
            day); from 1 to ``MAX_SPAN_DAYS`` and not shorter than the log itself.
        reps: replications of the known-fraction simulation (1 to 100).
        seed: seed of that simulation and of the bootstrap.
        span_label: how messages name ``span`` (the command line's ``--days``).

    Returns:
        The estimates, the calibrated scenario, notes and warnings.

    Raises:
        ScenarioError: for a value out of range, a log with fewer than ``MIN_ISSUES``
            issues, or a span longer than ``MAX_SPAN_DAYS``.
    """
    if hours not in ("keep", "direct"):
        raise _error("cli.calibrate.err.hours", value=quote(hours))
    reps = check_count(reps, "reps", 1, 100)
    seed = check_seed(seed)
    base_sc = load_scenario(base)
    bp = base_sc.params
    notes: list[Note] = []
    H = PARAMS["households"].check(bp["households"] if households is None else households)
    if households is None:
        notes.append(Note("cli.calibrate.notes.households", h=H))
    T, warnings, rough = _check_size(log, span, span_label)
    d = log.data
    rows: list[tuple] = []
    params: dict[str, Any] = {}
    comments: dict[str, str] = {}
    hidden: dict[str, list[str]] = {}

    def row(name, est, lo, hi, n, unit, written, note=""):
        rows.append((name, float(est), float(lo), float(hi), int(n), unit, written, note))

    # --- arrival rates ---------------------------------------------------------------
    counts = d["category"].value_counts().reindex(CATEGORY_KEYS, fill_value=0).to_numpy()
    frac, arisen, known = known_fraction(base_sc, H, T, reps=reps, seed=seed)
    per = DAYS_PER_YEAR / (H * T)
    rng = np.random.default_rng(seed)
    B = 4000
    n_star = rng.poisson(counts, size=(B, len(counts)))
    k_star = np.maximum(rng.poisson(known, size=(B, len(counts))), 0.5) / np.maximum(
        rng.poisson(arisen, size=(B, len(counts))), 1
    )
    k_star = np.minimum(k_star, 1.0)
    need_star = n_star / k_star * per
    need = counts / frac * per
    total_star = need_star.sum(axis=1)
    share_star = need_star / np.where(total_star > 0, total_star, 1.0)[:, None]
    total = float(need.sum())
    if total <= 0:
        raise _error("cli.calibrate.err.no_usable", source=log.source)
    for i, k in enumerate(CATEGORY_KEYS):
        lo, hi = _poisson_ci(int(counts[i]))
        row(
            f"recorded_rate.{k}",
            counts[i] * per,
            lo * per,
            hi * per,
            counts[i],
            "issues/household/year",
            False,
            "issues in the log",
        )
        if known[i] > 0 and arisen[i] > 0:  # a ratio of two simulated counts
            se = math.sqrt(1 / known[i] + 1 / arisen[i])
            f_lo, f_hi = min(1.0, frac[i] * math.exp(-1.96 * se)), min(1.0, frac[i] * math.exp(1.96 * se))
        else:
            f_lo = f_hi = np.nan
        row(f"known_fraction.{k}", frac[i], f_lo, f_hi, arisen[i], "", False, "simulated under the base scenario")
        if known[i] == 0 and counts[i] > 0:
            notes.append(Note("cli.calibrate.notes.never_known", k=k))
    t_lo, t_hi = np.quantile(total_star, [0.025, 0.975])
    ipH = float(min(PARAMS["issues_per_household"].hi, total))
    if ipH < total:
        notes.append(Note("cli.calibrate.notes.capped", total=total, cap=ipH))
    params["households"] = H
    comments["households"] = "given" if households is not None else "from the base scenario (not in the log)"
    params["issues_per_household"] = round(ipH, 4)
    comments["issues_per_household"] = (
        f"95% CI {t_lo:.3g}–{t_hi:.3g}; {int(counts.sum())} recorded issues in {T:g} working days, "
        "divided by the known fraction per category"
    )
    row(
        "issues_per_household",
        total,
        t_lo,
        t_hi,
        counts.sum(),
        "issues/household/year",
        True,
        "all needs, known or not",
    )
    for i, k in enumerate(CATEGORY_KEYS):
        s = need[i] / total
        s_lo, s_hi = np.quantile(share_star[:, i], [0.025, 0.975])
        name = f"categories.{k}.share"
        params[name] = round(float(s), 4)
        comments[name] = f"95% CI {s_lo:.3f}–{s_hi:.3f}; n = {counts[i]} recorded, known fraction {frac[i]:.2f}"
        row(name, s, s_lo, s_hi, counts[i], "", True)

    # --- time to resolution ---------------------------------------------------------------
    end = log.end
    hpd, overhead, factor = _direct_overhead(bp)
    incident = d["channel"] == "incident"
    if incident.any():
        notes.append(Note("cli.calibrate.notes.incidents", n=int(incident.sum())))
    for k in CATEGORY_KEYS:
        part = d[(d["category"] == k) & ~incident]
        done = part["resolved"].notna()
        dur = (part["resolved"] - part["created"])[done].to_numpy()
        cens = (end - part["created"][~done]).to_numpy()
        cens = cens[cens > 0]
        zero = int((dur <= 0).sum())
        if zero:
            notes.append(Note("cli.calibrate.notes.instant", k=k, n=zero))
        fit = fit_lognormal(dur[dur > 0], cens)
        n_fit = fit["n"] + fit["n_censored"]
        row(
            f"resolution_median.{k}",
            fit["median"],
            fit["median_lo"],
            fit["median_hi"],
            n_fit,
            "working days",
            False,
            f"{fit['n_censored']} still open (censored)",
        )
        row(
            f"resolution_sigma.{k}",
            fit["sigma"],
            fit["sigma_lo"],
            fit["sigma_hi"],
            n_fit,
            "",
            False,
            "lognormal σ of time to resolution",
        )
        # Direct conversion: hands-on hours = working days × hours per day − fixed hours.
        h = (dur[dur > 0] * hpd - overhead) / factor
        hc = (cens * hpd - overhead) / factor
        low = int((h < PARAMS[f"categories.{k}.hours"].lo).sum())
        lo_h = PARAMS[f"categories.{k}.hours"].lo
        hfit = fit_lognormal(np.maximum(h, lo_h), hc[hc > lo_h])
        name_h, name_s = f"categories.{k}.hours", f"categories.{k}.sigma"
        note = "direct: time to resolution × hours per day − contact and travel; an upper bound when cases wait"
        if low:
            note += f"; {low} case(s) faster than the fixed hours set to {lo_h:g} h"
        write = hours == "direct" and not math.isnan(hfit["median"])
        row(name_h, hfit["median"], hfit["median_lo"], hfit["median_hi"], n_fit, "h", write, note)
        row(
            name_s,
            hfit["sigma"],
            hfit["sigma_lo"],
            hfit["sigma_hi"],
            n_fit,
            "",
            write,
            "lognormal σ of the direct hours",
        )
        if math.isnan(hfit["median"]):
            notes.append(Note("cli.calibrate.notes.few_resolved", k=k))
            continue
        ph, ps = PARAMS[name_h], PARAMS[name_s]
        hv = round(float(min(ph.hi, max(ph.lo, hfit["median"]))), 3)
        sv = round(float(min(ps.hi, max(ps.lo, hfit["sigma"]))), 3)
        capped = f"fit {hfit['median']:.3g} capped to the allowed range; " if hv != round(hfit["median"], 3) else ""
        c_h = (
            f"{capped}95% CI {hfit['median_lo']:.3g}–{hfit['median_hi']:.3g}; n = {n_fit}; time to resolution: median "
            f"{fit['median']:.3g} working days, σ {fit['sigma']:.2f}"
        )
        if write:
            params[name_h], params[name_s] = hv, sv
            comments[name_h], comments[name_s] = c_h, f"95% CI {hfit['sigma_lo']:.2f}–{hfit['sigma_hi']:.2f}"
        else:
            hidden[k] = [
                f"# hours = {hv:g}  # direct estimate, {c_h}; an upper bound when cases wait",
                f"# sigma = {sv:g}",
            ]

    # --- channels and satisfaction ---------------------------------------------------------
    ch = d["channel"]
    with_ch = ch[ch != ""]
    if len(with_ch):
        for c in CHANNELS:
            k_c = int((with_ch == c).sum())
            p, lo, hi = _wilson(k_c, len(with_ch))
            row(f"channel_share.{c}", p, lo, hi, len(with_ch), "", False, "share of rows with a channel")
        p, lo, hi = _wilson(int(with_ch.isin(PROACTIVE).sum()), len(with_ch))
        row("proactive_share", p, lo, hi, len(with_ch), "", False, "visit, patrol, survey, inspection")
        n_h, n_r = int((with_ch == "hotline").sum()), int((with_ch == "report").sum())
        if n_h + n_r:
            p, lo, hi = _wilson(n_h, n_h + n_r)
            params["hotline_share"] = round(p, 4)
            comments["hotline_share"] = f"95% CI {lo:.3f}–{hi:.3f}; {n_h} hotline of {n_h + n_r} resident reports"
            row("hotline_share", p, lo, hi, n_h + n_r, "", True, "hotline ÷ (hotline + report)")
        if len(with_ch) < len(d):
            notes.append(Note("cli.calibrate.notes.no_channel_rows", n=len(d) - len(with_ch)))
    else:
        notes.append(Note("cli.calibrate.notes.no_channel"))
    sat = d["satisfied"].dropna()
    if len(sat):
        p, lo, hi = _wilson(int(sat.sum()), len(sat))
        row(
            "satisfaction_rate",
            p,
            lo,
            hi,
            len(sat),
            "",
            False,
            "for reference; compare with the model's satisfaction_rate",
        )
    if log.ignored:
        notes.append(Note("cli.calibrate.notes.ignored", columns=_columns(log.ignored)))
    table = pd.DataFrame.from_records(
        rows, columns=["parameter", "estimate", "ci_low", "ci_high", "n", "unit", "written", "note"]
    )
    scenario = base_sc.with_values(params)
    if rough:  # mark what goes into the scenario, so a small log never looks confident
        written = table["written"]
        table.loc[written, "note"] = [f"{ROUGH}; {n}" if n else ROUGH for n in table.loc[written, "note"]]
    return Calibration(
        params, table, log, base_sc, scenario, notes, comments=comments, hidden=hidden, warnings=warnings, rough=rough
    )


# ---------------------------------------------------------------------- writing -------
def _toml_value(v: Any) -> str:
    """A value for the scenario file; text first made writable as UTF-8 (file names may not be)."""
    return toml_literal(v if isinstance(v, (bool, int, float)) else _shown(v))


def _comment(text: str) -> str:
    """``text`` made safe for a one-line TOML comment (no line breaks or control characters)."""
    return "".join("?" if ord(ch) < 0x20 and ch != "\t" or ord(ch) == 0x7F else ch for ch in _shown(text))


def scenario_text(cal: Calibration, name: str, extends: str) -> str:
    """The scenario file (TOML) of a calibration, with sample sizes and CIs as comments.

    The header, warnings and notes are written in English and in Chinese; the comments
    after the values (intervals and sample sizes) are in English.
    """
    log = cal.log
    n = len(log.data)

    def both(key: str, **values: Any) -> list[str]:
        return [f"# {_comment(t(key, lang, **values))}" for lang in ("en", "zh")]

    when = {"en": "", "zh": ""}
    if log.origin is not None:
        when = {lang: t("cli.calibrate.file.when", lang, origin=log.origin) for lang in ("en", "zh")}
    file = Path(log.source).name
    lines = [
        f"# {_comment(t('cli.calibrate.file.source', lang, file=file, n=n, span=log.span, when=when[lang]))}"
        for lang in ("en", "zh")
    ]
    lines += both("cli.calibrate.file.how")
    for key, items in (("cli.calibrate.file.warning", cal.warnings), ("cli.calibrate.file.note", cal.notes)):
        for item in items:
            zh = item.zh if isinstance(item, Note) else str(item)
            lines += [f"# {t(key, 'en')}{_comment(str(item))}", f"# {t(key, 'zh')}{_comment(zh)}"]
    texts = {"n": n, "span": log.span, "base": cal.base.name}
    lines += [
        f"name = {_toml_value(name)}",
        f"extends = {_toml_value(extends)}",
        f"title_zh = {_toml_value(t('cli.calibrate.file.title', 'zh', name=name))}",
        f"title_en = {_toml_value(t('cli.calibrate.file.title', 'en', name=name))}",
        f"description_zh = {_toml_value(t('cli.calibrate.file.description', 'zh', **texts))}",
        f"description_en = {_toml_value(t('cli.calibrate.file.description', 'en', **texts))}",
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


def _both(check: Any, value: Any, label_en: str, label_zh: str) -> Any:
    """Run a check of ``sim.inputs`` so that its message names the value in either language."""
    try:
        return check(value, label_en)
    except ScenarioError as en:
        try:
            check(value, label_zh)
        except ScenarioError as zh:
            raise ScenarioError(str(en), zh=zh.zh) from None
        raise  # pragma: no cover - the same check cannot pass under another label


def _scenario_name(name: str | None, out: Path, labels: dict[str, str]) -> str:
    """The scenario's name: ``name``, or the file name of ``out``; checked before any work."""
    if name is None:
        value = out.stem
        label_en, label_zh = (t("cli.calibrate.err.name_from_out", lang) for lang in ("en", "zh"))
    else:
        value = name
        label_en = label_zh = labels["name"]
    _both(check_name, value, label_en, label_zh)
    if _shown(value) != value:  # undecodable bytes from the command line
        raise ScenarioError(
            t("cli.calibrate.err.not_utf8", "en", label=label_en),
            zh=t("cli.calibrate.err.not_utf8", "zh", label=label_zh),
        )
    if value in list_scenarios():
        raise _error("cli.calibrate.err.shipped_name", name=quote(value))
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
    from .files import check_out_file

    def check(path: str | os.PathLike, option: str) -> Path:
        target = check_out_file(path, lang, inputs=inputs, option=option)
        folder = target.absolute().parent
        if not folder.is_dir():
            raise _error("cli.calibrate.err.no_dir", option=option, path=_shown(path), dir=_shown(folder))
        return target

    out_p = None if out is None else check(out, labels["out"])
    if out_p is not None and out_p.suffix.lower() != ".toml":
        raise _error("cli.calibrate.err.suffix", option=labels["out"], path=_shown(out))
    table_p = None if table is None else check(table, labels["table"])
    if out_p is not None and table_p is not None and out_p.resolve() == table_p.resolve():
        raise _error("cli.calibrate.err.same_output", out=labels["out"], table=labels["table"], path=_shown(table))
    return out_p, table_p


def _extends(base: Scenario, out: Path) -> str:
    """How the written file names its base: the shipped name, or its path relative to ``out``."""
    src = base.source
    if src.startswith("builtin:"):
        return src.split(":", 1)[1]
    if src == "inline":
        raise _error("cli.calibrate.err.inline_base")
    return os.path.relpath(Path(src).resolve(), out.resolve().parent)


def _write(cal: Calibration, out: Path | None, name: str | None, table: Path | None) -> None:
    """Write the table and the scenario; on any error neither is left behind.

    The scenario goes to a temporary file next to ``out`` and is loaded back from there
    (so a file that would not load is never put in place); then the table is written and
    the scenario moved to ``out``.
    """
    from .files import atomic_write

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
    if hours not in ("keep", "direct"):
        raise _error("cli.calibrate.err.hours", value=quote(hours))
    if households is not None:
        PARAMS["households"].check(households)
    if span is not None and (not is_finite(span) or not 1 <= span <= MAX_SPAN_DAYS):
        raise _error_in_range(labels["span"], span, 1, MAX_SPAN_DAYS)
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


# ---------------------------------------------------------------------- export --------
def export_issue_log(
    issues: pd.DataFrame,
    window: tuple[float, float] | None = None,
    start: str | None = "2024-01-01",
    labels: str = "zh",
    holidays: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Turn a model run's issue log into the CSV format a community would keep.

    Only issues the community knew of appear, with ``created`` = when it learnt of them
    and ``resolved`` = when the case was closed (empty if still open at the window's end).

    Args:
        issues: ``RunResult.issues``.
        window: (first, end) working days to export; issues known in it are kept and
            times shifted so the window starts at 0. Default: the whole run.
        start: date of working day 0 for date-times (``None``: working-day numbers).
        labels: ``"zh"`` (Chinese names), ``"en"`` or ``"key"`` for category and channel.
        holidays: non-working dates for the date-times.

    Returns:
        Columns created, category, resolved, grid, channel, satisfaction.
    """
    lo, hi = window if window is not None else (0.0, math.ceil(float(issues["discovered"].max())))
    k = issues[(issues["discovered"] >= lo) & (issues["discovered"] < hi)].sort_values(["discovered", "uid"])
    created = k["discovered"].to_numpy() - lo
    closed = k["closed"].to_numpy()
    resolved = np.where(closed < hi, closed - lo, np.nan)
    done = ~np.isnan(resolved)
    if labels == "key":
        cat = k["category"].astype(str)
        chan = k["channel"]
    else:
        j = 0 if labels == "zh" else 1
        names = {c.key: (c.zh, c.en)[j] for c in CATEGORIES}
        cat = k["category"].astype(str).map(names)
        chan = k["channel"].map(lambda c: STRINGS[f"channel.{c}"][j])
    sat = np.where(done, k["satisfied"].fillna(False).astype(bool).map({True: "1", False: "0"}), "")
    if start is None:
        created_s = pd.Series(np.floor(created * 1e4) / 1e4).map("{:.4f}".format)
        resolved_s = pd.Series(np.floor(resolved * 1e4) / 1e4).map(lambda v: "" if np.isnan(v) else f"{v:.4f}")
    else:
        fmt = "%Y-%m-%d %H:%M"
        created_s = from_working_days(np.floor(created * 1440) / 1440, start, holidays).dt.strftime(fmt)
        resolved_s = from_working_days(np.floor(resolved * 1440) / 1440, start, holidays).dt.strftime(fmt).fillna("")
    return pd.DataFrame(
        {
            "created": created_s.to_numpy(),
            "category": cat.to_numpy(),
            "resolved": resolved_s.to_numpy(),
            "grid": (k["grid"] + 1).to_numpy(),
            "channel": chan.to_numpy(),
            "satisfaction": sat,
        }
    )


EXAMPLE = {"scenario": "baseline", "seed": 1234, "households": 1000, "warmup": 250, "days": 250, "start": "2024-01-01"}
EXAMPLE_PATH = Path(__file__).parent / "data" / "example-issue-log.csv"


def make_example(
    out: str | os.PathLike = EXAMPLE_PATH,
    scenario: str | Path = EXAMPLE["scenario"],
    seed: int = EXAMPLE["seed"],
    households: int = EXAMPLE["households"],
    warmup: int = EXAMPLE["warmup"],
    days: int = EXAMPLE["days"],
    start: str = EXAMPLE["start"],
) -> pd.DataFrame:
    """Generate the synthetic example log: one model year after a year of run-in."""
    from .files import atomic_write
    from .run import run

    res = run(scenario, seed=seed, keep_model=False, households=households, days=warmup + days)
    df = export_issue_log(res.issues, window=(warmup, warmup + days), start=start)
    atomic_write(out, df.to_csv(index=False, lineterminator="\n"))
    return df


# ---------------------------------------------------------------------- command line --
def _fmt(v: float) -> str:
    return "" if v != v else f"{v:.4g}"


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``calibrate`` on the kit's own parser (``sim.cli``), with help in ``lang``.

    Every value arrives as a string and is checked by ``cmd_calibrate``.
    """
    from .i18n import wrap

    hp = PARAMS["households"]
    epilog = t(
        "cli.calibrate.epilog",
        lang,
        min_issues=MIN_ISSUES,
        few_issues=FEW_ISSUES,
        few_days=FEW_DAYS,
        long_days=LONG_DAYS,
    )
    parser.epilog = "\n".join(wrap(epilog, 90))
    parser.add_argument("log", metavar="LOG", help=t("cli.calibrate.arg.log", lang))
    parser.add_argument("--out", metavar="FILE", help=t("cli.calibrate.arg.out", lang))
    parser.add_argument(
        "--households", metavar="N", help=t("cli.calibrate.arg.households", lang, low=int(hp.lo), high=int(hp.hi))
    )
    parser.add_argument("--name", metavar="NAME", help=t("cli.calibrate.arg.name", lang, limit=MAX_NAME))
    parser.add_argument("--base", default="baseline", metavar="SCENARIO", help=t("cli.calibrate.arg.base", lang))
    parser.add_argument("--hours", choices=("keep", "direct"), default="keep", help=t("cli.calibrate.arg.hours", lang))
    parser.add_argument("--days", metavar="N", help=t("cli.calibrate.arg.days", lang, low=1, high=MAX_SPAN_DAYS))
    parser.add_argument(
        "--holidays", metavar="FILE", help=t("cli.calibrate.arg.holidays", lang, first=FIRST_YEAR, last=LAST_YEAR)
    )
    parser.add_argument("--table", metavar="FILE", help=t("cli.calibrate.arg.table", lang))
    parser.add_argument("--seed", default="0", metavar="N", help=t("cli.calibrate.arg.seed", lang))


def cmd_calibrate(args: argparse.Namespace, lang: str) -> int:
    """Carry out ``calibrate`` (arguments parsed by ``sim.cli``).

    Options are checked first, then the output paths and the name, then the holidays
    and the log; only then is anything estimated and written. User errors raise
    ScenarioError or UsageError, which ``sim.cli.main`` prints as one line.
    """
    from .cli import UsageError, number_option, seed_option

    if args.out is None:
        raise UsageError(t("cli.missing_option", lang, option="--out"))
    hp = PARAMS["households"]
    households = None
    if args.households is not None:
        households = int(number_option(args.households, "--households", lang, hp.lo, hp.hi, integer=True))
    span = None if args.days is None else number_option(args.days, "--days", lang, 1, MAX_SPAN_DAYS, integer=True)
    seed = seed_option(args.seed, lang)
    cal = calibrate(
        args.log, out=args.out, households=households, base=args.base, name=args.name, hours=args.hours,
        span=span, holidays=args.holidays, seed=seed, table=args.table, lang=lang, cli=True,
    )  # fmt: skip
    print(t("cli.calibrate.header", lang, n=len(cal.log.data), span=cal.log.span, path=_shown(cal.path)))
    rough = f"  {t('cli.calibrate.rough', lang)}" if cal.rough else ""
    for r in cal.table[cal.table["written"]].itertuples():
        print(f"  {r.parameter:32} {_fmt(r.estimate):>9}  [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]  n={r.n}{rough}")
    for note in cal.notes:
        print(f"  {t('cli.calibrate.note', lang)}{_note_text(note, lang)}")
    if args.table is not None:
        print(t("cli.calibrate.table_written", lang, path=_shown(args.table)))
    for warning in cal.warnings:
        print(t("cli.calibrate.warning", lang) + warning.text(lang), file=sys.stderr)
    return 0


def _note_text(note: str, lang: str) -> str:
    return note.text(lang) if isinstance(note, Note) else str(note)


def calibrate_cli(
    argv: Sequence[str] | None = None, prog: str = "python -m sim calibrate", lang: str | None = None
) -> int:
    """``calibrate LOG.csv --out scenario.toml …`` through the kit's command line (``sim.cli``).

    Returns the exit status: 0 on success, 2 for a bad log or bad arguments.
    """
    from .cli import main as cli_main

    argv = list(sys.argv[1:] if argv is None else argv)
    head = ["--lang", lang] if lang else []
    return cli_main([*head, "calibrate", *argv], prog=prog.rsplit(" calibrate", 1)[0] or prog)


def example_cli(argv: Sequence[str] | None = None, prog: str = "python -m sim.calibrate example") -> int:
    """Regenerate the synthetic example log (defaults reproduce the shipped file)."""
    parser = argparse.ArgumentParser(prog=prog, description="Write the synthetic example issue log.")
    parser.add_argument("--out", default=str(EXAMPLE_PATH))
    parser.add_argument("--seed", type=int, default=EXAMPLE["seed"])
    parser.add_argument("--scenario", default=EXAMPLE["scenario"])
    parser.add_argument("--households", type=int, default=EXAMPLE["households"])
    try:
        args = parser.parse_args(list(argv or []))
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        df = make_example(args.out, args.scenario, args.seed, args.households)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(df)} issues -> {args.out}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sim.calibrate [example] …``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "example":
        return example_cli(argv[1:])
    return calibrate_cli(argv, prog="python -m sim.calibrate")


if __name__ == "__main__":
    raise SystemExit(main())
