"""Fitting the resident's verdict: the ``satisfaction.*`` terms from a log's satisfaction answers.

The model draws each verdict with a chance from a logistic function of what the resident
lived through (``sim.model.satisfaction``). A log that carries the answers lets the terms
be estimated by logistic regression of the answer on the same features, as far as the
log's columns give them (``case_features``):

* ``late``: closed after ``due``, or the ``overdue`` flag;
* ``unresolved``: ``solved`` is no;
* ``reopened``, ``repeats``, ``bounces``: the counts of those columns;
* ``slow_response``: the first answer (``responded``, or the closure when it is empty)
  came more than the base scenario's ``response_limit`` after ``created``;
* ``wait_days``: ``resolved`` − ``created``, always.

Only closed cases with an answer enter the fit (the verdict is the one given at closure).
A term whose feature the log does not give, or that never varies among the answered
cases, or that the answers cannot pin down, keeps the base scenario's value with a note.
The fit is maximum likelihood (``scipy.optimize``, exact gradient and Hessian); the 95%
intervals are Wald intervals from the inverse of the Hessian at the maximum.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import Note
from ..model.satisfaction import FEATURES, SatisfactionTerms
from ..params import PARAMS
from ..text import Part

TERMS = SatisfactionTerms._fields  # "base", then one term per feature, in the order of FEATURES
TERM_OF = dict(zip(FEATURES, TERMS[1:], strict=True))
# The log's columns a feature is computed from (any one of them will do); wait_days needs only created and resolved.
SOURCES: dict[str, tuple[str, ...]] = {
    "late": ("due", "overdue"),
    "unresolved": ("solved",),
    "reopened": ("reopened",),
    "repeats": ("repeats",),
    "bounces": ("bounces",),
    "slow_response": ("responded",),
    "wait_days": (),
}
MIN_ANSWERS = 50  # fewer answered closed cases: no fit (eight terms need far more answers than that)
MAX_LOG_ODDS = 15.0  # a coefficient beyond this is the answers' perfect split, not an estimate
MAX_SE = 10.0  # a standard error beyond this: the term cannot be told apart from the others
Z95 = 1.959964


def case_features(cases: pd.DataFrame, response_limit: float) -> pd.DataFrame:
    """The features of ``sim.model.satisfaction.features`` for closed cases, asked at closure.

    Args:
        cases: one row per closed case, times in working days: ``created`` (when the
            community registered it: the response limit counts from here) and
            ``resolved`` (closure), and those of ``responded``, ``due``, ``overdue``,
            ``solved``, ``reopened``, ``repeats``, ``bounces`` the log has;
            ``waited_from`` when the resident's wait began (default ``created``: in a log,
            a case is registered when the resident asks).
        response_limit: the response time limit (working days).

    Returns:
        One column per name of ``FEATURES``, as floats; NaN where the log does not say.
    """
    n = len(cases)
    nan = np.full(n, np.nan)

    def col(name: str) -> np.ndarray:
        if name not in cases:
            return nan
        return cases[name].astype("Float64").to_numpy(dtype=float, na_value=np.nan)

    created, when = col("created"), col("resolved")
    due, overdue = col("due"), col("overdue")
    late = np.where(np.isnan(due), overdue, (when > due).astype(float))
    if "responded" in cases and cases["responded"].notna().any():
        responded = np.where(np.isnan(col("responded")), np.inf, col("responded"))
        slow = (np.minimum(responded, when) - created > response_limit).astype(float)
    else:
        slow = nan
    start = col("waited_from") if "waited_from" in cases else created
    out = {
        "late": late,
        "unresolved": 1.0 - col("solved"),
        "reopened": col("reopened"),
        "repeats": col("repeats"),
        "bounces": col("bounces"),
        "slow_response": slow,
        "wait_days": when - start,
    }
    return pd.DataFrame({name: out[name] for name in FEATURES}, index=cases.index)


def fit_logit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Maximum-likelihood logistic regression of ``y`` on ``x`` with an intercept.

    Args:
        x: the features, one row per case (may have no column).
        y: the answers, 1 (satisfied) or 0.

    Returns:
        The coefficients (intercept first) and their standard errors, or None when the
        maximum is not found or the information matrix cannot be inverted.
    """
    from scipy import optimize, special

    X = np.column_stack([np.ones(len(y)), np.asarray(x, dtype=float).reshape(len(y), -1)])
    y = np.asarray(y, dtype=float)

    def nll(b: np.ndarray) -> float:
        z = X @ b
        return float(np.sum(np.logaddexp(0.0, z) - y * z))

    def grad(b: np.ndarray) -> np.ndarray:
        return X.T @ (special.expit(X @ b) - y)

    def hess(b: np.ndarray) -> np.ndarray:
        p = special.expit(X @ b)
        return (X * (p * (1.0 - p))[:, None]).T @ X

    start = np.zeros(X.shape[1])
    share = float(np.clip(y.mean(), 1e-3, 1 - 1e-3))
    start[0] = math.log(share / (1.0 - share))
    res = optimize.minimize(nll, start, jac=grad, hess=hess, method="trust-exact", options={"gtol": 1e-8})
    if not np.all(np.isfinite(res.x)):
        return None
    try:
        cov = np.linalg.inv(hess(res.x))
    except np.linalg.LinAlgError:
        return None
    var = np.diag(cov)
    stuck = not res.success and np.max(np.abs(grad(res.x))) > 1e-4  # stopped short of the maximum
    if stuck or not np.all(np.isfinite(var)) or np.any(var <= 0):
        return None
    return res.x, np.sqrt(var)


@dataclass
class SatisfactionFit:
    """The fitted satisfaction terms, ready for the calibration's table and scenario.

    Attributes:
        rows: table rows (parameter, estimate, ci_low, ci_high, n, unit, written, note).
        params: the values to write, by dotted name (only the fitted terms).
        comments: the comment after each written value.
        notes: what was kept from the base scenario, and why.
    """

    rows: list[tuple] = field(default_factory=list)
    params: dict[str, float] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def _usable(features: pd.DataFrame) -> tuple[list[str], list[Note]]:
    """The features the log gives, and a note for each term whose feature it lacks."""
    usable = [name for name in FEATURES if features[name].notna().any()]
    notes = [
        Note("cli.calibrate.notes.sat.no_column", term=TERM_OF[name], columns=Part(f"cli.calibrate.sat.need.{name}"))
        for name in FEATURES
        if name not in usable
    ]
    return usable, notes


def fit_satisfaction(data: pd.DataFrame, base: Mapping[str, Any]) -> SatisfactionFit:
    """Fit the ``satisfaction.*`` terms to a log's answers on closed cases.

    Args:
        data: ``IssueLog.data``.
        base: the base scenario's parameters (the response limit, and every term the
            log cannot give).

    Returns:
        The table rows, values and comments of the fitted terms, and notes on the rest.
    """
    fit = SatisfactionFit()
    answered = data[data["satisfied"].notna()]
    open_answers = int(answered["resolved"].isna().sum())
    if open_answers:
        fit.notes.append(Note("cli.calibrate.notes.sat.open", n=open_answers))
    closed = answered[answered["resolved"].notna()]
    if closed.empty:
        fit.notes.append(Note("cli.calibrate.notes.sat.none"))
        return fit
    features = case_features(closed, float(base["response_limit"]))
    usable, lacking = _usable(features)
    complete = features[usable].notna().all(axis=1).to_numpy()
    if not complete.all():
        fit.notes.append(Note("cli.calibrate.notes.sat.empty_rows", n=int((~complete).sum())))
    x = features[usable].to_numpy(dtype=float)[complete]
    y = closed["satisfied"].to_numpy(dtype=bool)[complete].astype(float)
    n = len(y)
    if n < MIN_ANSWERS or y.min() == y.max():
        fit.notes.append(Note("cli.calibrate.notes.sat.few", n=n, min=MIN_ANSWERS))
        return fit
    fit.notes += lacking
    varies = np.ptp(x, axis=0) > 0  # a constant feature is the intercept over again
    for j in np.flatnonzero(~varies):
        name = usable[j]
        fit.notes.append(Note("cli.calibrate.notes.sat.constant", term=TERM_OF[name], feature=name, value=x[0, j]))
    usable = [name for name, v in zip(usable, varies, strict=True) if v]
    x = x[:, varies]
    while True:
        found = fit_logit(x, y)
        if found is None:
            fit.notes.append(Note("cli.calibrate.notes.sat.failed"))
            return SatisfactionFit(notes=fit.notes)
        coef, se = found
        bad = (np.abs(coef[1:]) > MAX_LOG_ODDS) | (se[1:] > MAX_SE)
        if not bad.any():
            break
        j = int(np.argmax(np.where(bad, se[1:], -np.inf)))  # the least determined term goes first
        fit.notes.append(Note("cli.calibrate.notes.sat.unidentified", term=TERM_OF[usable[j]]))
        del usable[j]
        x = np.delete(x, j, axis=1)
    for term, b, s in zip(("base", *(TERM_OF[f] for f in usable)), coef, se, strict=True):
        _add_term(fit, term, float(b), float(s), n)
    if "slow_response" in usable:
        fit.notes.append(Note("cli.calibrate.notes.sat.limit", limit=float(base["response_limit"])))
    if lacking:  # the fitted terms take up part of their effect, and the kept terms count it again
        fit.notes.append(Note("cli.calibrate.notes.sat.absorbed"))
    return fit


def _add_term(fit: SatisfactionFit, term: str, est: float, se: float, n: int) -> None:
    """One fitted term: its table row, and its value (within the parameter's range) and comment."""
    name = f"satisfaction.{term}"
    lo, hi = est - Z95 * se, est + Z95 * se
    unit = "log-odds/working day" if term == "per_wait_day" else "log-odds"
    fit.rows.append((name, est, lo, hi, n, unit, True, "logistic regression on the satisfaction answers"))
    p = PARAMS[name]
    value = round(float(min(p.hi, max(p.lo, est))), 4)
    capped = f"fit {est:.4g} capped to the allowed range; " if value != round(est, 4) else ""
    fit.params[name] = value
    fit.comments[name] = f"{capped}95% CI {lo:.4g} to {hi:.4g}; n = {n} answered closed cases (logistic regression)"
