"""Estimating a scenario's parameters from a checked issue log.

``estimate`` turns an ``IssueLog`` into a ``Calibration``:

* arrival rates per category, divided by the share of needs that become known
  (``known_fraction``, simulated under the base scenario), give
  ``issues_per_household`` and ``categories.*.share`` (bootstrap intervals);
* times to resolution get a lognormal fit, censored by cases still open
  (``fit_lognormal``), and the hands-on hours they imply when cases hardly wait: the
  time × hours per day less the model's own fixed hours per case
  (``sim.model.costs.case_cost``);
* channels give ``hotline_share``; the satisfaction rate is reported for reference;
* satisfaction answers, with what the log says each resident lived through, give the
  ``satisfaction.*`` terms (logistic regression, ``sim.calibrate.satisfaction``).

It also says how much log is enough (``MIN_ISSUES`` … ``MAX_SPAN_DAYS``): too little is
refused, little or very long logs are warned about.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..i18n import Note
from ..inputs import check_count, check_seed, is_finite, quote
from ..model.calendar import DAYS_PER_YEAR
from ..model.costs import case_cost
from ..model.issues import CHANNELS, PROACTIVE
from ..params import CATEGORY_KEYS, PARAMS
from ..run import replication_seed, run
from ..scenario import Scenario, load_scenario
from .log import IssueLog, columns_text
from .messages import range_error
from .satisfaction import fit_satisfaction

WARMUP_DAYS = 250  # simulated run-in before the window of the known-fraction runs
KNOWN_ISSUES_TARGET = 20000  # issues simulated for the known fraction (all replications)
# How much log the calibration accepts and trusts (see docs/calibration.md, "How much log").
MIN_ISSUES = 10  # fewer: refused; the total rate alone is uncertain by a factor of about four
FEW_ISSUES = 30  # fewer: warned and marked rough; a category then holds a handful of rows
FEW_DAYS = 20  # fewer working days (about a month): week-to-week swings dominate
LONG_DAYS = 1250  # more working days (5 years): staff and practices have likely changed
# The longest span that can be calibrated: the known fraction simulates a year of run-in
# plus the span, and a run lasts at most PARAMS["days"].hi working days.
MAX_SPAN_DAYS = int(PARAMS["days"].hi) - WARMUP_DAYS
ROUGH = "small log: rough estimate"  # mark in the table's note column (the table is English)
HOURS = ("keep", "direct")  # what ``estimate`` may do with the handling hours


# scipy.stats and scipy.optimize are imported where they are used (not to dodge a cycle):
# every start of the command line imports this module, and they take half a second.


def _poisson_ci(n: int) -> tuple[float, float]:
    """Exact 95% interval of a Poisson count ``n``."""
    from scipy import stats

    lo = 0.0 if n == 0 else stats.chi2.ppf(0.025, 2 * n) / 2
    return float(lo), float(stats.chi2.ppf(0.975, 2 * n + 2) / 2)


def _wilson(k: int, n: int) -> tuple[float, float, float]:
    """The share ``k / n`` with its 95% Wilson interval (NaN for ``n = 0``)."""
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


def check_hours(hours: Any) -> str:
    """``hours`` if it is one of ``HOURS``.

    Raises:
        ScenarioError: for anything else.
    """
    if hours not in HOURS:
        raise ScenarioError.keyed("cli.calibrate.err.hours", value=quote(hours))
    return hours


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
        raise ScenarioError.keyed("cli.calibrate.err.too_few", source=log.source, n=n, min=MIN_ISSUES)
    if span is None:
        if log.span > MAX_SPAN_DAYS:
            raise ScenarioError.keyed(
                "cli.calibrate.err.span_long", source=log.source, span=log.span, max=MAX_SPAN_DAYS
            )
        days = float(log.span)
    else:
        if not is_finite(span) or not 1 <= span <= MAX_SPAN_DAYS:
            raise range_error(label, span, 1, MAX_SPAN_DAYS)
        days = float(span)
        if days < log.span:
            raise ScenarioError.keyed("cli.calibrate.err.span_short", option=label, days=days, span=log.span)
    warnings = []
    if n < FEW_ISSUES:
        warnings.append(Note("cli.calibrate.warn.few_issues", n=n, min=FEW_ISSUES))
    if days < FEW_DAYS:
        warnings.append(Note("cli.calibrate.warn.few_days", days=days, min=FEW_DAYS))
    rough = bool(warnings)
    if days > LONG_DAYS:
        warnings.append(Note("cli.calibrate.warn.long", days=days, max=LONG_DAYS))
    return days, warnings, rough


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
    check_hours(hours)
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
        raise ScenarioError.keyed("cli.calibrate.err.no_usable", source=log.source)
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
    cost = case_cost(bp)  # the model's own: what a case costs the staff besides its fix
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
        # Direct conversion: hands-on hours = (working days × hours per day − fixed hours) ÷ what an
        # hour of hands-on work costs the staff (familiarity and, for disputes and hazards, the process).
        per_hour = cost.fix_multiplier(k)
        h = (dur[dur > 0] * cost.hours_per_day - cost.fixed_hours) / per_hour
        hc = (cens * cost.hours_per_day - cost.fixed_hours) / per_hour
        low = int((h < PARAMS[f"categories.{k}.hours"].lo).sum())
        lo_h = PARAMS[f"categories.{k}.hours"].lo
        hfit = fit_lognormal(np.maximum(h, lo_h), hc[hc > lo_h])
        name_h, name_s = f"categories.{k}.hours", f"categories.{k}.sigma"
        note = (
            "direct: time to resolution × hours per day − the model's fixed hours per case "
            "(contact, quick call, listening, trip); an upper bound when cases wait"
        )
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
            "for reference; compare with the model's satisfaction_closed_rate",
        )
    sat_fit = fit_satisfaction(d, bp)
    for r in sat_fit.rows:
        row(*r)
    params.update(sat_fit.params)
    comments.update(sat_fit.comments)
    notes.extend(sat_fit.notes)
    if log.ignored:
        notes.append(Note("cli.calibrate.notes.ignored", columns=columns_text(log.ignored)))
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
