"""Experiment analysis: differences, Holm, Sobol/Morris indices, figures and the HTML report."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from sim.cli import main
from sim.experiments import run_experiment
from sim.experiments.analysis import analyze, holm, marginal_effects, paired
from sim.experiments.report import differences_table, write_analysis
from sim.i18n import metric_label
from sim.viz import experiments as vx

SMALL = """name = "small"
extends = "baseline"
[params]
households = 400
staff = 2
compounds = 4
days = 60
"""
HEADER = 'name = "{name}"\nscenario = "small.toml"\nreplications = {reps}\nseed = 5\nmetrics = {metrics}\n'
# visit_hours is never read while visit_share = 0 (the default): an inert factor.
SAMPLED = """
[design]
method = "{method}"
samples = {n}
{extra}
[factors.staff]
low = 1
high = 5
[factors.visit_hours]
low = 0.1
high = 2.0
"""
FACTORIAL = """
[design]
method = "factorial"
[factors.staff]
levels = [2, 1, 5]
"""
METRICS = '["staff_utilisation", "staff_hours", "resolution_time_median"]'


pytestmark = pytest.mark.usefixtures("english_locale")


def _run(tmp: Path, name: str, body: str, reps: int = 2) -> Path:
    (tmp / "small.toml").write_text(SMALL, encoding="utf-8")
    path = tmp / f"{name}.toml"
    path.write_text(HEADER.format(name=name, reps=reps, metrics=METRICS) + body, encoding="utf-8")
    out = tmp / f"{name}-out"
    run_experiment(path, out, executor="serial")
    return out


@pytest.fixture(scope="module")
def sobol_dir(tmp_path_factory):
    body = SAMPLED.format(method="sobol", n=32, extra="second_order = false")
    return _run(tmp_path_factory.mktemp("sobol"), "sob", body)


@pytest.fixture(scope="module")
def morris_dir(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("morris"), "mor", SAMPLED.format(method="morris", n=10, extra="levels = 4"))


@pytest.fixture(scope="module")
def factorial_dir(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("fact"), "fac", FACTORIAL, reps=6)


# ------------------------------------------------------------------- statistics ----------
def test_holm_on_known_p_values():
    p = [0.01, 0.04, 0.03, 0.005]
    # sorted 0.005, 0.01, 0.03, 0.04 -> x4, x3, x2, x1 -> 0.02, 0.03, 0.06, 0.04 -> monotone 0.06
    np.testing.assert_allclose(holm(p), [0.03, 0.06, 0.06, 0.02])
    np.testing.assert_allclose(holm([0.5, 0.9]), [1.0, 1.0])
    out = holm([np.nan, 0.01, 0.02])
    assert np.isnan(out[0])
    np.testing.assert_allclose(out[1:], [0.02, 0.02])
    assert holm([]).shape == (0,)


def test_paired_matches_scipy():
    from scipy import stats

    rng = np.random.default_rng(1)
    common = rng.normal(0, 3, 8)  # the noise both points share (common random numbers)
    a, b = common + 1 + rng.normal(0, 0.5, 8), common + rng.normal(0, 0.5, 8)
    d, lo, hi, p = paired(a, b)
    ref = stats.ttest_rel(a, b)
    ci = ref.confidence_interval(0.95)
    assert d == pytest.approx(a.mean() - b.mean())
    assert p == pytest.approx(ref.pvalue)
    assert (lo, hi) == pytest.approx((ci.low, ci.high))
    # Only the replications with both values count.
    a2, b2 = np.r_[a, np.nan, 5.0], np.r_[b, 7.0, np.nan]
    assert paired(a2, b2) == pytest.approx((d, lo, hi, p))
    # Differences that do not vary are exact; fewer than two pairs give no interval.
    assert paired(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == (0.0, 0.0, 0.0, 1.0)
    assert paired(np.array([2.0, 3.0]), np.array([1.0, 2.0])) == (1.0, 1.0, 1.0, 0.0)
    assert np.isnan(paired(np.array([2.0]), np.array([1.0]))[1])
    assert np.isnan(paired(np.array([]), np.array([]))[0])


# ------------------------------------------------------------------- differences ---------
def test_factorial_differences_have_the_documented_direction(factorial_dir):
    a = analyze(factorial_dir)
    assert a.baseline == 0  # staff = 2 is the base scenario's value
    d = a.differences.set_index(["metric", "staff"])
    more = d.loc[("staff_utilisation", 5)]
    fewer = d.loc[("staff_utilisation", 1)]
    # More staff: each is less busy (lower utilisation is "better" by BETTER); fewer: busier.
    assert more["ci_high"] < 0 and more["excludes_zero"] and more["direction"] == "better"
    assert fewer["ci_low"] > 0 and fewer["excludes_zero"] and fewer["direction"] == "worse"
    assert (d["p_holm"] >= d["p_value"]).all()
    b = analyze(factorial_dir, baseline=2)
    assert b.baseline == 2 and set(b.differences["point"]) == {0, 1}
    eff = marginal_effects(a.summary, a.factors, "staff_utilisation")
    assert eff.loc[0, "factor"] == "staff" and eff.loc[0, "range"] < 0


# ------------------------------------------------------------------- indices -------------
def _idx(a, metric, factor, index):
    x = a.indices
    return x[(x["metric"] == metric) & (x["factor"] == factor) & (x["index"] == index)].iloc[0]


def test_sobol_inert_factor_near_zero(sobol_dir):
    a = analyze(sobol_dir)
    assert set(a.indices["index"]) == {"S1", "ST"}
    inert_st = _idx(a, "staff_utilisation", "visit_hours", "ST")
    inert_s1 = _idx(a, "staff_utilisation", "visit_hours", "S1")
    staff_st = _idx(a, "staff_utilisation", "staff", "ST")
    for row in (inert_st, inert_s1):
        assert abs(row["value"]) < 0.05 or row["ci_low"] <= 0 <= row["ci_high"], row
    assert staff_st["value"] > 0.5 and staff_st["ci_low"] > 0
    assert staff_st["value"] > 3 * inert_st["value"]


def test_morris_orders_the_influential_factor_first(morris_dir):
    a = analyze(morris_dir)
    staff = _idx(a, "staff_utilisation", "staff", "mu_star")
    inert = _idx(a, "staff_utilisation", "visit_hours", "mu_star")
    assert staff["value"] > 3 * inert["value"]
    assert staff["ci_low"] > inert["ci_high"]


# ------------------------------------------------------------------- figures -------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figures_draw_without_missing_glyphs(sobol_dir, morris_dir, factorial_dir, lang):
    s, m, f = analyze(sobol_dir), analyze(morris_dir), analyze(factorial_dir)
    metric = "staff_utilisation"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figs = [
            vx.effect_bars(f.differences, metric, f.factors, lang=lang),
            vx.tornado(marginal_effects(s.summary, s.factors, metric), metric, lang=lang),
            vx.sobol_bars(s.indices, metric, lang=lang),
            vx.morris_plot(m.indices, metric, lang=lang),
            vx.tradeoff(s.summary, "staff_hours", "resolution_time_median", baseline=s.baseline, lang=lang),
        ]
        for fig in figs:
            assert isinstance(fig, Figure)
            fig.canvas.draw()
    missing = [str(w.message) for w in caught if "Glyph" in str(w.message) or "missing from" in str(w.message)]
    assert not missing, missing


def test_pareto_front():
    x = np.array([1.0, 2.0, 3.0, 2.5, 1.0])
    y = np.array([5.0, 3.0, 1.0, 4.0, 6.0])
    assert vx.pareto_mask(x, y).tolist() == [True, True, True, False, False]
    # higher is better on y: the point with y = 6 at x = 1 now dominates
    assert vx.pareto_mask(x, y, -1, 1).tolist() == [False, False, False, False, True]


# ------------------------------------------------------------------- report --------------
def test_report_in_both_languages(sobol_dir):
    for lang in ("zh", "en"):
        _, written = write_analysis(sobol_dir, lang=lang, metric="staff_utilisation", report_name=f"report.{lang}.html")
        names = {p.name for p in written}
        assert {"summary.csv", "differences.csv", "indices.csv", f"report.{lang}.html"} <= names
        text = (sobol_dir / f"report.{lang}.html").read_text(encoding="utf-8")
        assert text.count("data:image/png;base64,") >= 3
        assert text.count("<table") >= 4
        assert "SeedSequence" in text and "[factors.staff]" in text
        assert ("敏感性指数" in text) == (lang == "zh")
        assert ("Sensitivity indices" in text) == (lang == "en")
    assert not list(sobol_dir.glob(".*.tmp"))


def test_cli_analyze_writes_tables_and_report(factorial_dir, capsys):
    assert main(["experiment", "analyze", str(factorial_dir), "--metric", "staff_hours", "--baseline", "1"]) == 0
    out = capsys.readouterr().out
    for name in ("summary.csv", "differences.csv", "report.html"):
        assert (factorial_dir / name).is_file() and name in out
    assert not (factorial_dir / "indices.csv").exists()
    html = (factorial_dir / "report.html").read_text(encoding="utf-8")
    assert "Differences from the baseline point" in html and "data:image/png;base64," in html
    assert main(["experiment", "analyze", str(factorial_dir), "--lang", "zh"]) == 0
    assert "与基准点的差值" in (factorial_dir / "report.html").read_text(encoding="utf-8")
    assert main(["experiment", "analyze", str(factorial_dir), "--metric", "speed"]) != 0
    assert main(["experiment", "analyze", str(factorial_dir), "--baseline", "99"]) != 0


def test_a_metric_without_indices_is_noted_in_the_reports_language(sobol_dir, tmp_path, capsys):
    out = tmp_path / "sob-out"
    shutil.copytree(sobol_dir, out)
    for run in out.glob("runs/p000005-r*.parquet"):  # point 5 has no run left
        run.unlink()
    a = analyze(out)
    labels = [metric_label(m, "en", unit=False) for m in a.metrics]
    assert a.notes == [f"{m}: some design points have no successful run; indices not computed" for m in labels]
    assert a.indices.empty
    assert main(["--lang", "zh", "experiment", "analyze", str(out)]) == 0
    report = (out / "report.html").read_text(encoding="utf-8")
    for m in a.metrics:
        assert f"{metric_label(m, 'zh', unit=False)}：有设计点没有一次成功的运行，未计算敏感性指数" in report
    assert "indices not computed" not in report


def test_the_differences_table_shows_the_pairs_each_difference_rests_on(factorial_dir, tmp_path):
    out = tmp_path / "fac-out"
    shutil.copytree(factorial_dir, out)
    (out / "runs" / "p000000-r0000.parquet").unlink()  # the baseline lost one replication
    a = analyze(out)
    shown = differences_table(a, "en")
    others = a.differences[a.differences["point"] != a.baseline]
    assert set(others["n"]) == {6} and set(others["pairs"]) == {5}
    assert sorted(shown["pairs"]) == sorted(a.differences["pairs"]) and "n" not in shown.columns
    assert "配对数" in differences_table(a, "zh").columns
