"""Calibration fits the satisfaction terms: features as the model reads them, recovery, kept terms, output."""

from __future__ import annotations

import io
import math
import tomllib

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import sim
from sim.calibrate import calibrate, export_issue_log, read_issue_log
from sim.calibrate.satisfaction import MIN_ANSWERS, Z95, case_features, fit_logit, fit_satisfaction
from sim.cli import main
from sim.model.satisfaction import FEATURES, SatisfactionTerms, features

TERMS = SatisfactionTerms._fields
# The community's practices, taken as given by the calibration (its base scenario). They are
# chosen so that every feature varies among closed cases and no feature fixes the answer:
# a short response limit makes slow first answers common; quick hand-offs and many
# department officers with frequent passing back give bounced cases that still end well
# (with the baseline's slow departments every bounced case waits so long that its answer
# is always "not satisfied", and the answers cannot tell the bounce's own weight); a short
# delay before residents report keeps the wait a log can see (from registration) close to
# the wait the resident lived through (from the moment the need arose).
PRACTICES = {
    "response_limit": 0.3,
    "report_delay": 0.2,
    "hotline_delay": 0.0,
    "handoff_delay": 0.5,
    "department_servers": 10,
    "buck_passing": 0.5,
}
# What the fit should find: every term away from its default.
TRUTH = {
    "satisfaction.base": 1.5,
    "satisfaction.late": -1.2,
    "satisfaction.unresolved": -2.5,
    "satisfaction.per_reopen": -0.9,
    "satisfaction.per_repeat": -0.7,
    "satisfaction.per_bounce": -0.4,
    "satisfaction.slow_response": -0.8,
    "satisfaction.per_wait_day": -0.05,
}
HOUSEHOLDS, DAYS, SEED = 4000, 400, 11
Z_FAMILY = float(scipy.stats.norm.ppf(1 - 0.05 / (2 * len(TRUTH))))  # 2.73: 95% for the eight terms together
# Widest acceptable 95% interval: two units of log-odds (a factor of 7 in the odds) for a
# term, a tenth of a unit per working day for the wait.
MAX_WIDTH = {name: 0.1 if name.endswith("per_wait_day") else 2.0 for name in TRUTH}


def _toml(values: dict) -> str:
    return 'extends = "baseline"\n[params]\n' + "".join(f"{k} = {v!r}\n" for k, v in values.items())


@pytest.fixture(scope="module")
def community(tmp_path_factory):
    """A year and a half of a community with known terms, written as an issue log; the base scenario."""
    d = tmp_path_factory.mktemp("satisfaction")
    base = d / "practices.toml"
    base.write_text(_toml(PRACTICES), encoding="utf-8")
    truth = sim.load_scenario(base).with_values({**TRUTH, "households": HOUSEHOLDS, "days": DAYS})
    res = sim.run(truth, seed=SEED, keep_model=False)
    log = export_issue_log(res.issues, window=(0, DAYS), start="2024-01-01")
    path = d / "log.csv"
    path.write_text(log.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    return d, base, log


@pytest.fixture(scope="module")
def recovery(community):
    d, base, _ = community
    cal = calibrate(d / "log.csv", out=d / "fitted.toml", households=HOUSEHOLDS, base=base, reps=1)
    return cal, d


def test_features_agree_with_the_model():
    # Every closed case of a run: the model's own features at closure against the log's
    # computation from the columns a log holds (the wait from when the resident's wait began).
    sc = sim.load_scenario("baseline").with_values({**PRACTICES, "households": HOUSEHOLDS, "days": 150})
    model = sim.run(sc, seed=3, keep_model=True).model
    limit = model.p["response_limit"]
    closed = [i for i in model.issues if i.closed == i.closed]
    cases = pd.DataFrame(
        {
            "created": [i.discovered for i in closed],
            "resolved": [i.closed for i in closed],
            "responded": [i.responded for i in closed],
            "due": [i.due for i in closed],
            "solved": pd.array([not (i.wrong_fix or i.unresolvable) for i in closed], dtype="boolean"),
            "reopened": [float(i.reopened) for i in closed],
            "repeats": [float(i.repeats) for i in closed],
            "bounces": [float(i.bounces) for i in closed],
            "waited_from": [i.created if i.asks else i.discovered for i in closed],
        }
    )
    expected = np.array([features(i, i.closed, limit) for i in closed])
    got = case_features(cases, limit)
    assert list(got.columns) == list(FEATURES)
    assert len(closed) > 500
    for j, name in enumerate(FEATURES):
        assert expected[:, j].std() > 0, name  # each feature varies, so the comparison means something
        np.testing.assert_allclose(got[name].to_numpy(), expected[:, j], rtol=0, atol=1e-12, err_msg=name)


def test_late_falls_back_on_the_overdue_flag_and_missing_columns_are_nan():
    cases = pd.DataFrame(
        {
            "created": [0.0, 0.0, 0.0],
            "resolved": [2.0, 5.0, 1.0],
            "due": [3.0, np.nan, np.nan],
            "overdue": pd.array([False, True, pd.NA], dtype="boolean"),
        }
    )
    f = case_features(cases, 1.0)
    assert f["late"].tolist()[:2] == [0.0, 1.0] and math.isnan(f["late"].iloc[2])
    assert f["wait_days"].tolist() == [2.0, 5.0, 1.0]
    for name in ("unresolved", "reopened", "repeats", "bounces", "slow_response"):
        assert f[name].isna().all(), name


def test_logistic_fit_matches_the_odds_ratio():
    # One yes/no feature: the maximum-likelihood fit is the log odds of each group, with the
    # textbook standard error of a log odds ratio, sqrt(1/a + 1/b + 1/c + 1/d).
    a, b, c, d = 120, 40, 30, 50  # satisfied/not without the feature, satisfied/not with it
    x = np.r_[np.zeros(a + b), np.ones(c + d)]
    y = np.r_[np.ones(a), np.zeros(b), np.ones(c), np.zeros(d)]
    coef, se = fit_logit(x, y)
    assert coef[0] == pytest.approx(math.log(a / b), abs=1e-6)
    assert coef[1] == pytest.approx(math.log(c / d) - math.log(a / b), abs=1e-6)
    assert se[1] == pytest.approx(math.sqrt(1 / a + 1 / b + 1 / c + 1 / d), rel=1e-5)
    assert se[0] == pytest.approx(math.sqrt(1 / a + 1 / b), rel=1e-5)


def test_recovers_the_satisfaction_terms(recovery):
    cal, _ = recovery
    table = cal.table.set_index("parameter")
    rows = table.loc[list(TRUTH)]
    print("\n" + rows[["estimate", "ci_low", "ci_high", "n"]].assign(true=pd.Series(TRUTH)).to_string())
    assert (rows["n"] >= 3000).all()
    for name, true in TRUTH.items():
        lo, hi = rows.loc[name, "ci_low"], rows.loc[name, "ci_high"]
        assert 0 < hi - lo < MAX_WIDTH[name], (name, lo, hi)
        # Eight 95% intervals miss at least one truth about a third of the time: the check is
        # family-wise (Bonferroni, 95% for all eight together), from the same Wald interval.
        est, se = (lo + hi) / 2, (hi - lo) / (2 * Z95)
        assert est - Z_FAMILY * se <= true <= est + Z_FAMILY * se, (name, true, lo, hi)
        assert bool(rows.loc[name, "written"])


def test_fitted_terms_are_written_next_to_the_other_values(recovery):
    cal, d = recovery
    text = (d / "fitted.toml").read_text(encoding="utf-8")
    params = tomllib.loads(text)["params"]
    for name in TRUTH:
        term = name.split(".", 1)[1]
        assert params["satisfaction"][term] == pytest.approx(cal.estimate(name), abs=1e-4)
        assert cal.scenario.params[name] == params["satisfaction"][term]
    assert "answered closed cases (logistic regression)" in text
    assert "issues_per_household" in params and "hotline_share" in params  # the other fitted values stay
    sim.run(cal.scenario, seed=1, keep_model=False, days=20, households=200)


def test_a_log_without_answers_keeps_the_base_terms(community):
    d, base, log = community
    path = d / "no-answers.csv"
    path.write_text(log.drop(columns="satisfaction").to_csv(index=False), encoding="utf-8")
    cal = calibrate(path, out=d / "no-answers.toml", households=HOUSEHOLDS, base=base, reps=1)
    assert not any(k.startswith("satisfaction.") for k in cal.params)
    assert not cal.table["parameter"].str.startswith("satisfaction.").any()
    base_params = sim.load_scenario(base).params
    for term in TERMS:
        assert cal.scenario.params[f"satisfaction.{term}"] == base_params[f"satisfaction.{term}"]
    note = "no satisfaction answers on closed cases: the satisfaction.* terms are kept from the base scenario"
    assert note in cal.notes
    zh = "台账中没有已办结诉求的满意度评价：satisfaction.* 各项沿用基础情景"
    assert zh in [n.zh for n in cal.notes]
    text = (d / "no-answers.toml").read_text(encoding="utf-8")
    assert f"# Note: {note}" in text and f"# 说明：{zh}" in text


def test_terms_the_log_cannot_give_keep_the_base_values(community):
    d, base, log = community
    il = read_issue_log(io.StringIO(log.drop(columns=["due", "solved"]).to_csv(index=False)))
    fit = fit_satisfaction(il.data, sim.load_scenario(base).params)
    kept = {"satisfaction.late", "satisfaction.unresolved"}
    assert set(fit.params) == set(TRUTH) - kept
    assert "satisfaction.late kept from the base scenario: the log has no due or overdue column" in fit.notes
    zh = [n.zh for n in fit.notes]
    assert "satisfaction.unresolved 沿用基础情景：台账没有是否解决（solved）列" in zh
    assert any("the fitted terms (satisfaction.base above all) also take up part of the effect" in n for n in fit.notes)


def _answers(n: int, seed: int = 0, **columns) -> pd.DataFrame:
    """A log of ``n`` closed cases in working-day numbers, answers drawn from a known logistic rule."""
    rng = np.random.default_rng(seed)
    created = np.sort(rng.uniform(0, 200, n))
    wait = rng.exponential(3.0, n)
    reopened = rng.binomial(1, 0.3, n)
    z = 1.0 - 0.2 * wait - 1.0 * reopened
    satisfied = rng.random(n) < 1 / (1 + np.exp(-z))
    table = {
        "created": [f"{v:.4f}" for v in created],
        "category": ["property"] * n,
        "resolved": [f"{v:.4f}" for v in created + wait],
        "satisfaction": np.where(satisfied, "1", "0"),
        "reopened": reopened.astype(str),
    }
    table.update(columns)
    return read_issue_log(pd.DataFrame(table)).data


def test_a_feature_that_never_varies_or_splits_the_answers_is_kept():
    n = 400
    base = sim.load_scenario("baseline").params
    data = _answers(n, bounces=["0"] * n)
    fit = fit_satisfaction(data, base)
    assert (
        "satisfaction.per_bounce kept from the base scenario: bounces is 0 in every answered closed case"
        in " ".join(fit.notes)
    )
    assert set(fit.params) == {"satisfaction.base", "satisfaction.per_reopen", "satisfaction.per_wait_day"}
    # Every case passed back was not satisfied: the answers split perfectly on it.
    bounced = np.where(~data["satisfied"].to_numpy(dtype=bool) & (np.arange(n) % 4 == 0), "1", "0")
    fit = fit_satisfaction(_answers(n, bounces=list(bounced)), base)
    assert "satisfaction.per_bounce" not in fit.params
    assert any(
        x.startswith("satisfaction.per_bounce kept from the base scenario: the answers cannot") for x in fit.notes
    )
    assert set(fit.params) == {"satisfaction.base", "satisfaction.per_reopen", "satisfaction.per_wait_day"}


def test_too_few_answers_keep_every_term():
    base = sim.load_scenario("baseline").params
    fit = fit_satisfaction(_answers(MIN_ANSWERS - 1), base)
    assert fit.params == {} and fit.rows == []
    assert fit.notes == [f"only {MIN_ANSWERS - 1} answered closed cases to fit (at least {MIN_ANSWERS} are needed), "
                         "or all answers alike: the satisfaction.* terms are kept from the base scenario"]  # fmt: skip
    fit = fit_satisfaction(_answers(MIN_ANSWERS), base)
    assert set(fit.params) == {"satisfaction.base", "satisfaction.per_reopen", "satisfaction.per_wait_day"}


def test_columns_of_what_the_resident_lived_through_are_read_and_checked(tmp_path):
    text = (
        "受理时间,诉求类别,办结时间,是否满意,首次响应时间,截止时间,是否解决,返工次数,重复反映次数,退回次数,是否超期\n"
        "2024-03-01 09:00,物业维修,2024-03-04 12:00,满意,2024-03-01 10:00,2024-03-05 09:00,是,1,,0,否\n"
        "2024-03-01 10:00,物业维修,,,,2024-03-05 10:00,,,2,,\n"
    )
    path = tmp_path / "zh.csv"
    path.write_text(text, encoding="utf-8")
    log = read_issue_log(path)
    assert log.ignored == []
    first, second = log.data.iloc[0], log.data.iloc[1]
    assert first["responded"] - first["created"] == pytest.approx(1 / 24)
    assert first["due"] - first["created"] == pytest.approx(2.0)  # Friday to Tuesday: two working days
    assert bool(first["solved"]) and not bool(first["overdue"]) and pd.isna(second["solved"])
    assert (first["reopened"], first["repeats"], second["repeats"], second["reopened"]) == (1, 0, 2, 0)
    bad = (
        "created,category,resolved,responded,due,solved,reopened,repeats,bounces\n"
        "2024-03-04 09:00,property,2024-03-04 12:00,2024-03-01 10:00,,maybe,-1,1.5,x\n"
        "2024-03-04 09:00,property,,,2024-03-01 09:00,,,,\n"
    )
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as exc:
        read_issue_log(tmp_path / "bad.csv")
    en, zh = exc.value.text("en"), exc.value.text("zh")
    assert "2 of 2 rows of the issue log cannot be used" in en
    assert "row 2: solved 'maybe' is not 1/0, yes/no or true/false" in en
    assert "reopened '-1' is not a count: a whole number from 0 to 1,000 (empty means 0)" in en
    assert "repeats '1.5' is not a count and bounces 'x' is not a count" in en
    assert "responded before created" in en and "row 3: due before created" in en
    assert "第 2 行：是否解决（solved） 'maybe' 应为 1/0、是/否 或 yes/no" in zh
    assert "返工次数（reopened） '-1' 不是次数" in zh and "第 3 行：截止时间（due）早于受理时间（created）" in zh


def test_an_empty_optional_column_says_nothing():
    data = _answers(60, bounces=[""] * 60)
    assert data["bounces"].isna().all()  # not zeros: the log does not say
    assert (data["reopened"] >= 0).all() and data["responded"].isna().all() and data["solved"].isna().all()


@pytest.mark.usefixtures("english_locale")
@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "note: satisfaction.slow_response kept from the base scenario: the log has no responded column"),
        ("zh", "说明：satisfaction.slow_response 沿用基础情景：台账没有首次响应时间（responded）列"),
    ],
)
def test_the_command_line_prints_the_fitted_terms(community, capsys, tmp_path, lang, note):
    _, base, log = community
    (tmp_path / "log.csv").write_text(log.drop(columns="responded").to_csv(index=False), encoding="utf-8")
    out_file = tmp_path / "fitted.toml"
    argv = ["--lang", lang, "calibrate", str(tmp_path / "log.csv"), "--out", str(out_file), "--base", str(base)]
    assert main([*argv, "--households", str(HOUSEHOLDS), "--table", str(tmp_path / "t.csv")]) == 0
    out = capsys.readouterr().out
    table = pd.read_csv(tmp_path / "t.csv").set_index("parameter")
    fitted = [f"satisfaction.{t}" for t in TERMS if t != "slow_response"]
    for name in fitted:
        r = table.loc[name]
        line = next(x for x in out.splitlines() if x.strip().startswith(name + " "))
        assert f"{r['estimate']:.4g}" in line and f"[{r['ci_low']:.4g}, {r['ci_high']:.4g}]" in line
        assert f"n={r['n']}" in line
    assert "satisfaction.slow_response " not in out.replace(note, "")
    assert f"  {note}" in out.splitlines()
    if lang == "zh":
        assert "note:" not in out
    else:
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in out)
