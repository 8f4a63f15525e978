"""Verification against queueing theory: ``verify-mmc`` is an M/M/c queue.

With every practice off, one category, Poisson arrivals, exponential handling, no travel,
no rework and c identical staff, the time from discovery to first response is the wait
in an M/M/c queue (the first contact starts the work) and resolution − response is the
service time. Waits are compared with Erlang C, backlog with Little's law.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import sim
from sim.run import replication_seed

DAYS_PER_YEAR = 250.0
WARM_UP = 50.0  # days dropped at the start (the queue starts empty)
TAIL = 5.0  # days dropped at the end, so that every issue counted has been answered
DAYS = 400
REPS = 12
MASTER_SEED = 0
# The mean wait is checked with a 95% interval. The supporting checks (share waiting,
# arrival and service rates) use 99.9% intervals, so that the dozen interval checks of this
# file do not fail by chance whenever the model's random streams are reshuffled; they still
# catch a bias of a few per cent.
SUPPORT = 0.999


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival has to wait in an M/M/c queue with offered load a = λ/μ."""
    assert a < c, "unstable queue"
    head = sum(a**k / math.factorial(k) for k in range(c))
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (head + top)


def queue_of(sc: sim.Scenario) -> tuple[int, float, float]:
    """(c, λ per working day, μ per working day per server) of a verification scenario."""
    p = sc.params
    lam = p["issues_per_household"] * p["households"] / DAYS_PER_YEAR
    mu = p["hours_per_day"] / p["categories.property.hours"]
    return p["staff"], lam, mu


def mmc_wait(c: int, lam: float, mu: float) -> float:
    """Mean wait in queue Wq = C(c, a) / (cμ − λ)."""
    return erlang_c(c, lam / mu) / (c * mu - lam)


def window(res: sim.RunResult):
    log = res.issues
    days = res.scenario.params["days"]
    return log[(log["discovered"] >= WARM_UP) & (log["discovered"] < days - TAIL)]


def t_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean over replications and its t-interval."""
    v = np.asarray(values, dtype=float)
    half = stats.t.ppf(0.5 + level / 2, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
    return v.mean(), v.mean() - half, v.mean() + half


def replicate(sc: sim.Scenario) -> list[sim.RunResult]:
    return [sim.run(sc, seed=replication_seed(MASTER_SEED, r), keep_model=False, days=DAYS) for r in range(REPS)]


MMC = sim.load_scenario("verify-mmc")
# A second configuration: one worker, lower load and a shorter handling time (M/M/1, ρ = 0.6).
MM1 = MMC.with_values({"staff": 1, "issues_per_household": 1.0, "categories.property.hours": 0.6}, name="verify-mm1")


@pytest.fixture(scope="module", params=[MMC, MM1], ids=["mm3", "mm1"])
def replications(request) -> tuple[sim.Scenario, list[sim.RunResult]]:
    return request.param, replicate(request.param)


def test_the_two_configurations_are_what_the_tests_assume():
    c, lam, mu = queue_of(MMC)
    assert (c, lam, mu) == (3, 20.0, 8.0)
    assert lam / (c * mu) == pytest.approx(5 / 6)
    c1, lam1, mu1 = queue_of(MM1)
    assert c1 == 1 and lam1 / mu1 == pytest.approx(0.6)
    # Textbook values: M/M/1 Wq = ρ / (μ − λ); M/M/c with c = 1 reduces to it.
    assert mmc_wait(1, lam1, mu1) == pytest.approx(0.6 / (mu1 - lam1))
    assert erlang_c(1, 0.6) == pytest.approx(0.6)
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)


def test_every_issue_in_the_window_was_answered(replications):
    _, runs = replications
    for res in runs:
        w = window(res)
        assert len(w) > 1000
        assert w["responded"].notna().all()
        assert (w["response_time"] >= 0).all()
        assert (w["reopened"] == 0).all() and (w["channel"] == "report").all()


def test_mean_wait_matches_erlang_c(replications):
    sc, runs = replications
    c, lam, mu = queue_of(sc)
    expected = mmc_wait(c, lam, mu)
    mean, lo, hi = t_interval([window(r)["response_time"].mean() for r in runs])
    assert lo <= expected <= hi, (
        f"{sc.name}: Erlang C Wq = {expected:.4f} days, simulated {mean:.4f} (95% CI {lo:.4f}–{hi:.4f})"
    )


def test_share_that_waits_matches_erlang_c(replications):
    sc, runs = replications
    c, lam, mu = queue_of(sc)
    expected = erlang_c(c, lam / mu)
    mean, lo, hi = t_interval([(window(r)["response_time"] > 1e-12).mean() for r in runs], SUPPORT)
    assert lo <= expected <= hi, f"{sc.name}: C(c, a) = {expected:.4f}, simulated {mean:.4f} (95% CI {lo:.4f}–{hi:.4f})"


def test_arrivals_are_poisson_at_the_configured_rate(replications):
    sc, runs = replications
    _, lam, _ = queue_of(sc)
    per_day = [np.bincount(np.floor(r.issues["created"]).astype(int), minlength=DAYS) for r in runs]
    mean, lo, hi = t_interval([d.mean() for d in per_day], SUPPORT)
    assert lo <= lam <= hi, f"arrivals per day {mean:.3f} (95% CI {lo:.3f}–{hi:.3f}), λ = {lam}"
    # Poisson counts: variance equals the mean.
    dispersion = np.mean([d.var(ddof=1) / d.mean() for d in per_day])
    assert dispersion == pytest.approx(1.0, abs=0.1)
    gaps = np.diff(np.sort(runs[0].issues["created"].to_numpy()))
    assert stats.kstest(gaps, "expon", args=(0, 1 / lam)).pvalue > 0.001


def test_service_times_match_the_parameter(replications):
    sc, runs = replications
    p = sc.params
    _, _, mu = queue_of(sc)
    mean, lo, hi = t_interval([r.issues["hours"].mean() for r in runs], SUPPORT)
    assert lo <= p["categories.property.hours"] <= hi, f"mean handling {mean:.4f} h (95% CI {lo:.4f}–{hi:.4f})"
    mean, lo, hi = t_interval([(window(r)["resolved"] - window(r)["responded"]).mean() for r in runs], SUPPORT)
    assert lo <= 1 / mu <= hi, f"mean service {mean:.4f} days (95% CI {lo:.4f}–{hi:.4f}), 1/μ = {1 / mu:.4f}"
    # Each service takes exactly its hands-on hours at the staff's full day.
    w = window(runs[0])
    np.testing.assert_allclose(w["resolved"] - w["responded"], w["hours"] / p["hours_per_day"], rtol=1e-9, atol=1e-9)
    assert stats.kstest(runs[0].issues["hours"], "expon", args=(0, p["categories.property.hours"])).pvalue > 0.001


def test_littles_law_on_a_long_stable_run():
    days = 1500
    res = sim.run(MMC, seed=replication_seed(MASTER_SEED, 1000), keep_model=False, days=days)
    c, lam, mu = queue_of(MMC)
    daily = res.daily
    steady = daily[(daily["day"] >= WARM_UP) & (daily["day"] < days)]
    in_system = float((steady["waiting"] + steady["in_progress"]).mean())
    w = window(res)
    time_in_system = float((w["resolved"] - w["discovered"]).mean())
    assert in_system == pytest.approx(lam * time_in_system, rel=0.04), (in_system, lam, time_in_system)
    # …and both agree with the M/M/c formula L = λ (Wq + 1/μ).
    assert in_system == pytest.approx(lam * (mmc_wait(c, lam, mu) + 1 / mu), rel=0.08)
    # Nothing else is in the system: no call-backs, no rework, no departments.
    assert (steady["resolved"] == 0).all()
