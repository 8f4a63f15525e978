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

Command line (also ``python -m sim.calibrate``)::

    python -m sim calibrate LOG.csv --out scenario.toml [--households N] [--name NAME]
    python -m sim.calibrate example --out sim/data/example-issue-log.csv
"""

from __future__ import annotations

import argparse
import io
import math
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import ScenarioError
from .i18n.strings import STRINGS
from .model.issues import CHANNELS, PROACTIVE
from .params import CATEGORIES, CATEGORY_KEYS, PARAMS
from .scenario import Scenario, load_scenario

DAYS_PER_YEAR = 250.0
MAX_PROBLEMS = 10  # problems listed in one error message
WARMUP_DAYS = 250  # simulated run-in before the window of the known-fraction runs
KNOWN_ISSUES_TARGET = 20000  # issues simulated for the known fraction (all replications)

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
    t = np.asarray(pd.to_datetime(pd.Series(times)).to_numpy(), dtype="datetime64[ns]")
    ok = ~np.isnat(t)
    hol = [] if holidays is None else list(holidays)
    out = np.full(t.shape, np.nan)
    day = t[ok].astype("datetime64[D]")
    if origin is None:
        if not ok.any():
            raise ScenarioError("no timestamps to convert", zh="没有可换算的时间")
        origin = np.busday_offset(day.min(), 0, roll="forward", holidays=hol)
    origin = np.datetime64(origin, "D")
    frac = (t[ok] - day.astype("datetime64[ns]")) / np.timedelta64(1, "D")
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


def _problem_error(source: str, problems: list[tuple[int, str, str]]) -> ScenarioError:
    """One error listing the first few ``(row, English, Chinese)`` problems, in both languages."""
    problems.sort(key=lambda p: p[0])
    lines = [f"row {r}: {m}" for r, m, _ in problems[:MAX_PROBLEMS]]
    lines_zh = [f"第 {r} 行：{zh}" for r, _, zh in problems[:MAX_PROBLEMS]]
    more = len(problems) - MAX_PROBLEMS
    if more > 0:
        lines.append(f"… and {more} more problem{'s' if more > 1 else ''}")
        lines_zh.append(f"……另有 {more} 处问题")
    n = len(problems)
    if n == 1:
        zh = f"{source}：诉求台账有 1 处问题：{lines_zh[0]}"
    else:
        zh = f"{source}：诉求台账有 {n} 处问题：\n  " + "\n  ".join(lines_zh)
    return ScenarioError(
        f"{source}: {n} problem{'s' if n > 1 else ''} in the issue log:\n  " + "\n  ".join(lines), zh=zh
    )


def _read_text(source: str | os.PathLike | io.TextIOBase) -> tuple[pd.DataFrame, str]:
    if hasattr(source, "read"):
        return pd.read_csv(source, dtype=str, keep_default_na=False, skipinitialspace=True), "table"
    path = Path(source)
    if not path.is_file():
        raise ScenarioError(f"{path}: issue log not found", zh=f"{path}：找不到诉求台账文件")
    raw = path.read_bytes()
    if not raw.strip():
        raise ScenarioError(f"{path}: the issue log is empty", zh=f"{path}：诉求台账是空文件")
    for enc in ("utf-8-sig", "gb18030"):  # Excel in a Chinese locale saves GB18030
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise ScenarioError(
            f"{path}: cannot decode the file (save it as UTF-8)", zh=f"{path}：无法识别文件编码（请另存为 UTF-8）"
        )
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise ScenarioError(f"{path}: the issue log is empty", zh=f"{path}：诉求台账是空文件") from None
    except pd.errors.ParserError as exc:
        raise ScenarioError(
            f"{path}: not a readable CSV file ({exc})", zh=f"{path}：不是可读取的 CSV 文件（{exc}）"
        ) from None
    return df, str(path)


_TIME_ZH = {"created": "受理时间（created）", "resolved": "办结时间（resolved）"}


def _parse_times(col: pd.Series, mode: str, what: str, rows: np.ndarray, problems: list) -> pd.Series:
    what_zh = _TIME_ZH.get(what, what)
    s = col.str.strip()
    empty = s == ""
    if mode == "number":
        num = pd.to_numeric(s.where(~empty), errors="coerce")
        for i in np.flatnonzero((~empty & num.isna()).to_numpy()):
            problems.append(
                (
                    int(rows[i]),
                    f"{what} {s.iloc[i]!r} is not a working-day number (the log gives times as numbers)",
                    f"{what_zh} {s.iloc[i]!r} 不是工作日序号（本台账的时间以数字给出）",
                )
            )
        return num.astype(float)
    numeric = s.str.match(_NUMBER) & ~empty
    try:
        parsed = pd.to_datetime(s.where(~empty & ~numeric), errors="coerce", format="mixed")
    except (ValueError, TypeError) as exc:
        raise ScenarioError(
            f"{what}: cannot read the date-times ({exc}); use ISO dates like 2024-03-01 08:30",
            zh=f"{what_zh}：无法读取日期时间（{exc}）；请使用 2024-03-01 08:30 这样的格式",
        ) from None
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)  # wall-clock time in the zone given
    elif not pd.api.types.is_datetime64_any_dtype(parsed):
        raise ScenarioError(
            f"{what}: date-times with different time zones; give local times without a zone",
            zh=f"{what_zh}：日期时间的时区不一致；请给出不带时区的当地时间",
        )
    for i in np.flatnonzero((~empty & parsed.isna()).to_numpy()):
        problems.append(
            (
                int(rows[i]),
                f"{what} {s.iloc[i]!r} is not a date-time (expected e.g. 2024-03-01 08:30)",
                f"{what_zh} {s.iloc[i]!r} 不是日期时间（应形如 2024-03-01 08:30）",
            )
        )
    return parsed


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
        ScenarioError: for an empty file, missing required columns, or bad rows (the
            first few are listed with their row numbers).
    """
    if isinstance(source, pd.DataFrame):
        df, label = source.astype(str).replace({"nan": "", "NaN": "", "<NA>": "", "None": ""}), "table"
    else:
        df, label = _read_text(source)
    if df.empty:
        raise ScenarioError(f"{label}: the issue log has no rows", zh=f"{label}：诉求台账没有数据行")
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
        raise ScenarioError(
            f"{label}: missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(found: {', '.join(map(str, df.columns))}); required: {', '.join(REQUIRED)}",
            zh=f"{label}：缺少必需的列 {', '.join(missing)}（现有列：{', '.join(map(str, df.columns))}）；"
            f"必需的列：{', '.join(REQUIRED)}（也可用中文列名，如 受理时间、诉求类别、办结时间）",
        )
    df = df.rename(columns=rename)
    rows = np.arange(len(df)) + 2
    problems: list[tuple[int, str, str]] = []

    created_s = df["created"].str.strip()
    for i in np.flatnonzero((created_s == "").to_numpy()):
        problems.append((int(rows[i]), "created is empty", "受理时间（created）为空"))
    first = created_s[created_s != ""]
    mode = "number" if len(first) and _NUMBER.match(first.iloc[0]) else "datetime"
    created = _parse_times(df["created"], mode, "created", rows, problems)
    resolved = _parse_times(df["resolved"], mode, "resolved", rows, problems)

    cat_s = df["category"].str.strip()
    category = cat_s.str.lower().map(CATEGORY_NAMES)
    allowed = ", ".join(CATEGORY_KEYS)
    for i in np.flatnonzero(category.isna().to_numpy()):
        v = cat_s.iloc[i]
        if v == "":
            problems.append((int(rows[i]), "category is empty", "类别（category）为空"))
        else:
            problems.append(
                (
                    int(rows[i]),
                    f"category {v!r} is not one of {allowed} (or their Chinese names)",
                    f"类别（category）{v!r} 不在 {allowed} 之中（也可用对应的中文名称）",
                )
            )

    if "channel" in df:
        ch_s = df["channel"].str.strip()
        channel = ch_s.str.lower().map(CHANNEL_NAMES).fillna("")
        for i in np.flatnonzero(((ch_s != "") & (channel == "")).to_numpy()):
            problems.append(
                (
                    int(rows[i]),
                    f"channel {ch_s.iloc[i]!r} is not one of {', '.join(CHANNELS)} (or their Chinese names)",
                    f"渠道（channel）{ch_s.iloc[i]!r} 不在 {', '.join(CHANNELS)} 之中（也可用对应的中文名称）",
                )
            )
    else:
        channel = pd.Series("", index=df.index)
    if "satisfaction" in df:
        sat_s = df["satisfaction"].str.strip()
        satisfied = sat_s.str.lower().map(SATISFACTION).astype("boolean")
        for i in np.flatnonzero(((sat_s != "") & satisfied.isna()).to_numpy()):
            problems.append(
                (
                    int(rows[i]),
                    f"satisfaction {sat_s.iloc[i]!r} is not 1/0, yes/no or 满意/不满意",
                    f"满意度（satisfaction）{sat_s.iloc[i]!r} 应为 1/0、yes/no 或 满意/不满意",
                )
            )
    else:
        satisfied = pd.Series(pd.NA, index=df.index, dtype="boolean")
    grid = df["grid"].str.strip() if "grid" in df else pd.Series("", index=df.index)

    if mode == "datetime":
        both = pd.concat([created, resolved])
        c_wd, origin = working_days(created, holidays=holidays) if created.notna().any() else (None, None)
        if c_wd is None:
            raise _problem_error(label, problems)
        r_wd, _ = working_days(resolved, origin=origin, holidays=holidays)
        raw_before = (resolved < created).to_numpy()
        last = both.max()
        end_wd = float(working_days([last], origin=origin, holidays=holidays)[0][0])
        span = math.floor(float(np.nanmax(c_wd))) + 1.0
    else:
        origin = None
        start = math.floor(created.min()) if created.notna().any() else 0.0
        c_wd, r_wd = created.to_numpy() - start, resolved.to_numpy() - start
        raw_before = r_wd < c_wd
        span = math.floor(float(np.nanmax(c_wd))) + 1.0 if created.notna().any() else 1.0
        end_wd = float(np.nanmax(np.concatenate([c_wd, r_wd]))) if created.notna().any() else 0.0
    for i in np.flatnonzero(raw_before):
        problems.append((int(rows[i]), "resolved before created", "办结时间（resolved）早于受理时间（created）"))
    if problems:
        raise _problem_error(label, problems)
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
        notes: caveats found while estimating.
        path: where the scenario file was written (None if not written).
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


def estimate(
    log: IssueLog,
    households: int | None = None,
    base: str | Path | Scenario = "baseline",
    hours: str = "keep",
    span: float | None = None,
    reps: int = 4,
    seed: int = 0,
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
        span: working days the log covers (default: from its first to its last created day).
        reps: replications of the known-fraction simulation.
        seed: seed of that simulation and of the bootstrap.

    Returns:
        The estimates, the calibrated scenario and notes.
    """
    if hours not in ("keep", "direct"):
        raise ScenarioError(
            f"hours = {hours!r} is not allowed: expected keep or direct",
            zh=f"hours = {hours!r} 不允许：应为 keep 或 direct",
        )
    base_sc = load_scenario(base)
    bp = base_sc.params
    notes: list[str] = []
    H = int(households) if households is not None else int(bp["households"])
    PARAMS["households"].check(H, "--households ")
    if households is None:
        notes.append(f"households not given: the base scenario's {H} is used (rates are per household)")
    T = float(span) if span is not None else log.span
    if T <= 0:
        raise ScenarioError(
            f"span = {T:g} working days is not allowed: must be positive",
            zh=f"span = {T:g} 个工作日不允许：必须大于 0",
        )
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
        raise ScenarioError(
            f"{log.source}: the issue log has no usable rows", zh=f"{log.source}：诉求台账没有可用的数据行"
        )
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
            notes.append(f"{k}: the base scenario lets no such need become known; its rate is a rough guess")
    t_lo, t_hi = np.quantile(total_star, [0.025, 0.975])
    ipH = float(min(PARAMS["issues_per_household"].hi, total))
    if ipH < total:
        notes.append(f"issues_per_household {total:.3g} is above the allowed maximum; capped at {ipH:g}")
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
        notes.append(
            f"{int(incident.sum())} incident rows left out of the handling-time fit (incidents take 3× the work)"
        )
    for k in CATEGORY_KEYS:
        part = d[(d["category"] == k) & ~incident]
        done = part["resolved"].notna()
        dur = (part["resolved"] - part["created"])[done].to_numpy()
        cens = (end - part["created"][~done]).to_numpy()
        cens = cens[cens > 0]
        zero = int((dur <= 0).sum())
        if zero:
            notes.append(f"{k}: {zero} case(s) resolved the moment they were created left out of the fit")
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
            notes.append(f"{k}: fewer than 2 resolved cases: no handling-time estimate")
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
            notes.append(f"{len(d) - len(with_ch)} rows without a channel")
    else:
        notes.append("no channel column (or all empty): hotline_share kept from the base scenario")
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
        notes.append(f"columns not used: {', '.join(log.ignored)}")
    table = pd.DataFrame.from_records(
        rows, columns=["parameter", "estimate", "ci_low", "ci_high", "n", "unit", "written", "note"]
    )
    scenario = base_sc.with_values(params)
    return Calibration(params, table, log, base_sc, scenario, notes, None, comments, hidden)


# ---------------------------------------------------------------------- writing -------
def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def scenario_text(cal: Calibration, name: str, extends: str) -> str:
    """The scenario file (TOML) of a calibration, with sample sizes and CIs as comments."""
    log = cal.log
    when = ""
    if log.origin is not None:
        when = f", from {log.origin} (working day 0)"
    n = len(log.data)
    lines = [
        f"# Calibrated by sim.calibrate from {Path(log.source).name}: {n} issues over {log.span:g} working days{when}.",
        "# Estimates and 95% confidence intervals in the comments; see docs/calibration.md for what",
        "# is estimated and how. Parameters not listed come from the base scenario.",
    ]
    lines += [f"# Note: {x}" for x in cal.notes]
    lines += [
        f"name = {_toml_value(name)}",
        f"extends = {_toml_value(extends)}",
        f"title_zh = {_toml_value('由诉求台账校准：' + name)}",
        f"title_en = {_toml_value('Calibrated from an issue log: ' + name)}",
        f"description_zh = {_toml_value(f'根据{n}条诉求记录（{log.span:g}个工作日）估计的诉求数量、类别构成和热线比例；其余参数沿用{cal.base.name}。')}",
        f"description_en = {_toml_value(f'Issue volume, category mix and hotline share estimated from {n} logged issues ({log.span:g} working days); everything else as in {cal.base.name}.')}",
        "",
        "[params]",
    ]
    flat = {k: v for k, v in cal.params.items() if not k.startswith("categories.")}
    for k, v in flat.items():
        c = cal.comments.get(k)
        lines.append(f"{k} = {_toml_value(v)}" + (f"  # {c}" if c else ""))
    for cat in CATEGORY_KEYS:
        lines += ["", f"[params.categories.{cat}]"]
        prefix = f"categories.{cat}."
        for k, v in cal.params.items():
            if k.startswith(prefix):
                c = cal.comments.get(k)
                lines.append(f"{k[len(prefix) :]} = {_toml_value(v)}" + (f"  # {c}" if c else ""))
        lines += cal.hidden.get(cat, [])
    return "\n".join(lines) + "\n"


def write_scenario(cal: Calibration, out: str | os.PathLike, name: str | None = None) -> Path:
    """Write the calibrated scenario atomically and check that it loads.

    ``extends`` is the base scenario's shipped name, or its path relative to ``out``.
    """
    from .report import atomic_write

    out = Path(out)
    if not out.parent.is_dir():
        raise ScenarioError(f"{out}: directory {out.parent} does not exist", zh=f"{out}：目录 {out.parent} 不存在")
    name = name or out.stem
    src = cal.base.source
    if src.startswith("builtin:"):
        extends = src.split(":", 1)[1]
    elif src == "inline":
        raise ScenarioError(
            "the base scenario must be a shipped name or a file to be extended",
            zh="基础情景必须是自带情景的名称或情景文件，才能在其上扩展",
        )
    else:
        extends = os.path.relpath(Path(src).resolve(), out.resolve().parent)
    text = scenario_text(cal, name, extends)
    atomic_write(out, text)
    cal.path = out
    cal.scenario = load_scenario(out)
    return out


def calibrate(
    log: str | os.PathLike | pd.DataFrame | IssueLog,
    out: str | os.PathLike | None = None,
    households: int | None = None,
    base: str | Path | Scenario = "baseline",
    name: str | None = None,
    hours: str = "keep",
    span: float | None = None,
    holidays: Sequence[str] | None = None,
    reps: int = 4,
    seed: int = 0,
) -> Calibration:
    """Read an issue log, estimate the parameters and (with ``out``) write the scenario.

    See ``estimate`` for the arguments; ``holidays`` are non-working dates for logs with
    date-times. Raises ScenarioError for a bad log or impossible values.
    """
    il = log if isinstance(log, IssueLog) else read_issue_log(log, holidays=holidays)
    cal = estimate(il, households=households, base=base, hours=hours, span=span, reps=reps, seed=seed)
    if out is not None:
        write_scenario(cal, out, name)
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
    from .report import atomic_write
    from .run import run

    res = run(scenario, seed=seed, keep_model=False, households=households, days=warmup + days)
    df = export_issue_log(res.issues, window=(warmup, warmup + days), start=start)
    atomic_write(out, df.to_csv(index=False, lineterminator="\n"))
    return df


# ---------------------------------------------------------------------- command line --
def _fmt(v: float) -> str:
    return "" if v != v else f"{v:.4g}"


# Texts of the calibrate command: key -> (zh, en).
CLI_TEXT: dict[str, tuple[str, str]] = {
    "description": ("从诉求台账（CSV）估计情景参数。", "Estimate a scenario from an issue log (CSV)."),
    "log": ("诉求台账（CSV；格式见 docs/calibration.md）", "the issue log (CSV; format in docs/calibration.md)"),
    "out": ("要写出的情景文件（TOML）", "scenario file to write (TOML)"),
    "households": (
        "社区住户数（默认：基础情景的住户数）",
        "households in the community (default: the base scenario's)",
    ),
    "name": ("情景名称（默认：文件名）", "scenario name (default: the file name)"),
    "base": (
        "结果所扩展的基础情景（名称或 .toml；默认 baseline）",
        "scenario the result extends (name or .toml; default baseline)",
    ),
    "hours": (
        "由解决时间推算处置工时并写出（direct），或沿用基础情景的工时（keep，默认）",
        "write handling hours from resolution times (direct) or keep the base scenario's (default)",
    ),
    "days": (
        "台账覆盖的工作日数（默认：从第一条到最后一条受理日）",
        "working days the log covers (default: first to last created day)",
    ),
    "holidays": ("非工作日文件，每行一个 YYYY-MM-DD", "file with non-working dates, one YYYY-MM-DD a line"),
    "table": ("另外写出估计结果表（CSV）", "also write the estimates table (CSV)"),
    "seed": ("模拟和自助法（bootstrap）的随机种子（默认 0）", "seed of the simulation and bootstrap (default 0)"),
    "lang": ("输出语言：zh（中文）或 en（英文）", "language of the output: zh or en"),
    "header": (
        "{n} 条诉求，覆盖 {span:g} 个工作日 -> {path}",
        "{n} issues over {span:g} working days -> {path}",
    ),
    "note": ("说明：", "note: "),
}


def _text(key: str, lang: str, **values: Any) -> str:
    text = CLI_TEXT[key][0 if lang == "zh" else 1]
    return text.format(**values) if values else text


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``calibrate`` on the kit's own parser (``sim.cli``), with help in ``lang``."""

    def h(key: str) -> str:
        return _text(key, lang)

    parser.add_argument("log", metavar="LOG", help=h("log"))
    parser.add_argument("--out", metavar="FILE", help=h("out"))
    parser.add_argument("--households", metavar="N", help=h("households"))
    parser.add_argument("--name", metavar="NAME", help=h("name"))
    parser.add_argument("--base", default="baseline", metavar="SCENARIO", help=h("base"))
    parser.add_argument("--hours", choices=("keep", "direct"), default="keep", help=h("hours"))
    parser.add_argument("--days", metavar="N", help=h("days"))
    parser.add_argument("--holidays", metavar="FILE", help=h("holidays"))
    parser.add_argument("--table", metavar="FILE", help=h("table"))
    parser.add_argument("--seed", default="0", metavar="N", help=h("seed"))


def cmd_calibrate(args: argparse.Namespace, lang: str) -> int:
    """Carry out ``calibrate`` (arguments parsed by ``sim.cli``); user errors raise ScenarioError."""
    from .cli import UsageError, number_option, seed_option
    from .i18n import t

    if args.out is None:
        raise UsageError(t("cli.missing_option", lang, option="--out"))
    households = None if args.households is None else number_option(args.households, "--households", lang)
    span = None if args.days is None else number_option(args.days, "--days", lang)
    seed = seed_option(args.seed, lang)
    holidays = None
    if args.holidays:
        holidays = [x.strip() for x in Path(args.holidays).read_text(encoding="utf-8").splitlines() if x.strip()]
    cal = calibrate(
        args.log, out=args.out, households=households, base=args.base, name=args.name,
        hours=args.hours, span=span, holidays=holidays, seed=seed,
    )  # fmt: skip
    if args.table:
        from .report import atomic_write

        atomic_write(args.table, cal.table.to_csv(index=False, lineterminator="\n"))
    shown = cal.table[cal.table["written"]]
    print(_text("header", lang, n=len(cal.log.data), span=cal.log.span, path=cal.path))
    for r in shown.itertuples():
        print(f"  {r.parameter:32} {_fmt(r.estimate):>9}  [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]  n={r.n}")
    for note in cal.notes:
        print(f"  {_text('note', lang)}{note}")
    return 0


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
