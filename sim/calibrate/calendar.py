"""The working-day calendar: timestamps to working-day numbers and back, and holidays.

The model counts time in working days (Monday to Friday, 250 a year). A log's
date-times become working-day numbers here, with extra non-working dates taken from a
holidays file (one ``YYYY-MM-DD`` a line) or a list given in Python.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..i18n import t
from ..inputs import MAX_FILE_BYTES, quote, shown_path
from .messages import error_in_both, listed_error

# Dates a log or holidays file may hold. Anything outside is a typing error (0024, 1600)
# or a placeholder for "not yet" (9999-12-31), never a real registration.
FIRST_YEAR, LAST_YEAR = 1970, 2100
FIRST_DATE, LAST_DATE = np.datetime64(f"{FIRST_YEAR}-01-01"), np.datetime64(f"{LAST_YEAR + 1}-01-01")
# Working-day numbers (logs that give times as numbers) lie in [0, MAX_DAY_NUMBER]: 200 years.
MAX_DAY_NUMBER = 50_000
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


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

    Raises:
        ScenarioError: when ``origin`` is not given and there is no timestamp.
    """
    stamps = np.asarray(pd.to_datetime(pd.Series(times)).to_numpy(), dtype="datetime64[ns]")
    ok = ~np.isnat(stamps)
    hol = [] if holidays is None else list(holidays)
    out = np.full(stamps.shape, np.nan)
    day = stamps[ok].astype("datetime64[D]")
    if origin is None:
        if not ok.any():
            raise ScenarioError.keyed("cli.calibrate.err.no_times")
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
    return listed_error("cli.calibrate.holidays.bad", values, lines, "cli.calibrate.holidays.more")


def _unreadable(label: str, why_key: str) -> ScenarioError:
    """The holidays file cannot be read, for the reason of ``why_key`` (in each language)."""
    return error_in_both(lambda lang: t("cli.calibrate.holidays.unreadable", lang, path=label, why=t(why_key, lang)))


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
    label = shown_path(path)
    if not path.exists():
        raise ScenarioError.keyed("cli.calibrate.holidays.missing", path=label)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise _unreadable(label, "report.why.dir")
        if size > MAX_FILE_BYTES:
            raise ScenarioError.keyed("cli.calibrate.holidays.too_large", path=label, size=size, limit=MAX_FILE_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        why = exc.strerror or exc.__class__.__name__  # the system's words, as it gives them
        raise ScenarioError.keyed("cli.calibrate.holidays.unreadable", path=label, why=why) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unreadable(label, "cli.calibrate.why.not_utf8") from None
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
