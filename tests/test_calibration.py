"""Calibration from an issue log: recovery of known parameters, bad CSVs, written scenarios."""

from __future__ import annotations

import filecmp
import io
import textwrap
import tomllib

import numpy as np
import pandas as pd
import pytest

import sim
from sim.calibrate import (
    EXAMPLE,
    EXAMPLE_PATH,
    calibrate,
    estimate,
    export_issue_log,
    from_working_days,
    make_example,
    read_issue_log,
    working_days,
)
from sim.calibrate.program import calibrate_cli
from sim.model.costs import case_cost
from sim.params import CATEGORY_KEYS

# Tolerances of the recovery test (stated in docs/calibration.md).
RATE_TOL = 0.10  # issues_per_household: relative
SHARE_TOL = 0.03  # category shares: absolute
HOURS_TOL = 0.15  # median handling hours: relative
SIGMA_TOL = 0.15  # lognormal sigma of handling hours: relative
HOTLINE_TOL = 0.05  # hotline share: absolute

# The community's practices: what the calibration takes as given (base scenario). Cases
# hardly wait (many staff, no departments, no failed fixes), so hands-on hours are identifiable.
PRACTICES = {
    "households": 1000,
    "staff": 60,
    "report_delay": 0.5,
    "travel_office": 0.1,
    "contact_hours": 0.1,
    "misdiagnosis": 0.0,
    **{f"categories.{k}.department": 0.0 for k in CATEGORY_KEYS},
}
# What the calibration should find.
TRUTH = {
    "issues_per_household": 3.0,
    "hotline_share": 0.4,
    "categories.property.share": 0.30,
    "categories.environment.share": 0.25,
    "categories.dispute.share": 0.10,
    "categories.hazard.share": 0.10,
    "categories.elderly.share": 0.10,
    "categories.department.share": 0.15,
    "categories.property.hours": 2.0,
    "categories.environment.hours": 1.0,
    "categories.dispute.hours": 3.0,
    "categories.hazard.hours": 1.5,
    "categories.elderly.hours": 2.5,
    "categories.department.hours": 0.8,
    "categories.property.sigma": 0.5,
    "categories.environment.sigma": 0.6,
    "categories.dispute.sigma": 0.7,
    "categories.hazard.sigma": 0.5,
    "categories.elderly.sigma": 0.6,
    "categories.department.sigma": 0.4,
}
WARMUP, SPAN = 250, 250


def _toml(values: dict) -> str:
    top = {k: v for k, v in values.items() if not k.startswith("categories.")}
    lines = ['extends = "baseline"', "[params]"] + [f"{k} = {v!r}" for k, v in top.items()]
    for cat in CATEGORY_KEYS:
        pre = f"categories.{cat}."
        part = {k[len(pre) :]: v for k, v in values.items() if k.startswith(pre)}
        if part:
            lines += [f"[params.categories.{cat}]"] + [f"{k} = {v!r}" for k, v in part.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def recovery(tmp_path_factory):
    d = tmp_path_factory.mktemp("recovery")
    base = d / "practices.toml"
    base.write_text(_toml(PRACTICES), encoding="utf-8")
    truth = sim.load_scenario(base).with_values({**TRUTH, "days": WARMUP + SPAN})
    res = sim.run(truth, seed=7, keep_model=False)
    log = export_issue_log(res.issues, window=(WARMUP, WARMUP + SPAN), start="2024-01-01")
    path = d / "log.csv"
    log.to_csv(path, index=False)
    cal = calibrate(path, out=d / "calibrated.toml", households=1000, base=base, hours="direct", span=SPAN)
    return cal, d


def _errors(cal) -> dict[str, float]:
    out = {"issues_per_household": cal.params["issues_per_household"] / TRUTH["issues_per_household"] - 1}
    out["hotline_share"] = cal.params["hotline_share"] - TRUTH["hotline_share"]
    for k in CATEGORY_KEYS:
        for what in ("share", "hours", "sigma"):
            name = f"categories.{k}.{what}"
            est = cal.estimate(name)
            out[name] = est - TRUTH[name] if what == "share" else est / TRUTH[name] - 1
    return out


def test_recovers_known_parameters(recovery):
    cal, _ = recovery
    err = _errors(cal)
    print("\nrecovery errors:", {k: round(v, 3) for k, v in err.items()})
    assert abs(err["issues_per_household"]) < RATE_TOL
    assert abs(err["hotline_share"]) < HOTLINE_TOL
    for k in CATEGORY_KEYS:
        assert abs(err[f"categories.{k}.share"]) < SHARE_TOL, k
        assert abs(err[f"categories.{k}.hours"]) < HOURS_TOL, k
        assert abs(err[f"categories.{k}.sigma"]) < SIGMA_TOL, k
    # The intervals are honest: the truth lies inside most of them.
    t = cal.table.set_index("parameter")
    inside = [t.loc[n, "ci_low"] <= v <= t.loc[n, "ci_high"] for n, v in TRUTH.items() if n in t.index]
    assert np.mean(inside) >= 0.8


def test_written_scenario_loads_and_runs(recovery):
    cal, d = recovery
    sc = sim.load_scenario(d / "calibrated.toml")
    assert sc.params["staff"] == PRACTICES["staff"]  # inherited from the base scenario
    assert sc.params["issues_per_household"] == pytest.approx(cal.params["issues_per_household"])
    text = (d / "calibrated.toml").read_text(encoding="utf-8")
    assert "95% CI" in text and "n = " in text
    res = sim.run(sc, seed=1, keep_model=False, days=20)
    assert res.summary["issues_arisen"] > 0


def test_direct_hours_take_the_models_fixed_hours():
    # The direct conversion subtracts what the model charges every case besides its fix
    # (sim.model.costs.case_cost): first contact, quick call, listening and the trip.
    # Calibration used to keep its own copy of that sum, which with quick_contact on dropped
    # the contact hours instead of adding the call: under the baseline with quick_contact
    # its direct hours came out contact_hours + quick_contact_hours = 0.4 h too high
    # (5.6 instead of 5.2). Every case here takes exactly one working day, so the fit is exact.
    rows = "".join(f"{i}.0,{k},{i + 1}.0\n" for i, k in enumerate(CATEGORY_KEYS * 2))
    log = read_issue_log(io.StringIO("created,category,resolved\n" + rows))
    off = sim.load_scenario("baseline")
    on = off.with_values({"quick_contact": True})
    hours = {}
    for name, base in (("off", off), ("on", on)):
        cal = estimate(log, households=200, base=base, hours="direct", reps=1)
        cost = case_cost(base.params)
        expected = (1.0 * cost.hours_per_day - cost.fixed_hours) / cost.fix_factor
        hours[name] = cal.estimate("categories.property.hours")
        for k in CATEGORY_KEYS:
            assert cal.estimate(f"categories.{k}.hours") == pytest.approx(expected), (name, k)
    assert hours["off"] == pytest.approx(6.0 - 0.3 - 0.4)  # hours_per_day − contact − trip from the office
    assert hours["on"] == pytest.approx(hours["off"] - on.params["quick_contact_hours"])


def test_working_days_round_trip():
    stamps = pd.Series(pd.to_datetime(["2024-01-05 18:00", "2024-01-06 10:00", "2024-01-08 06:00", None]))
    wd, origin = working_days(stamps)
    assert str(origin) == "2024-01-05"
    assert wd[0] == pytest.approx(0.75)
    assert wd[1] == pytest.approx(1.0)  # Saturday counts as the start of Monday
    assert wd[2] == pytest.approx(1.25)
    assert np.isnan(wd[3])
    back = from_working_days([0.75, 1.25], "2024-01-05")
    assert list(back.dt.strftime("%a %H:%M")) == ["Fri 18:00", "Mon 06:00"]
    wd_h, _ = working_days(["2024-01-05", "2024-01-09"], holidays=["2024-01-08"])
    assert wd_h[1] == 1.0


def _write(tmp_path, text: str, name: str = "log.csv"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def _error(path) -> str:
    with pytest.raises(sim.ScenarioError) as exc:
        read_issue_log(path)
    return str(exc.value)


def test_bad_rows_are_numbered(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short file name leaves room for every row in the message
    _write(
        tmp_path,
        """
        created,category,resolved,channel,satisfaction
        2024-03-01 09:00,property,2024-03-01 15:00,report,1
        2024-03-01 10:00,xyz,2024-03-02 10:00,,
        2024-03-02 10:00,环境卫生,not a date,12345热线,满意
        2024-03-04 10:00,dispute,2024-03-01 10:00,入户走访,0
        2024-03-05 10:00,hazard,,carrier pigeon,maybe
        ,hazard,,,
        """,
    )
    msg = _error("log.csv")
    assert msg.startswith("log.csv: 5 of 6 rows of the issue log cannot be used: row 3: ")
    assert "row 3: category 'xyz' is not one of property, environment, dispute, hazard, elderly, department" in msg
    assert "; row 4: resolved 'not a date' is not a date-time" in msg
    assert "; row 5: resolved before created" in msg
    assert "; row 6: channel 'carrier pigeon'" in msg
    assert " and satisfaction 'maybe'" in msg  # the same row: its problems together
    assert "; row 7: created is empty" in msg
    assert "row 2" not in msg and "\n" not in msg


def test_unparseable_created_and_numbers_mode(tmp_path):
    msg = _error(_write(tmp_path, "created,category,resolved\n2024-01-02,property,\nyesterday,property,\n"))
    assert "row 3: created 'yesterday' is not a date-time" in msg
    msg = _error(_write(tmp_path, "created,category,resolved\n0.5,property,1.2\n1.5,property,2024-01-02\n"))
    assert "row 3: resolved '2024-01-02' is not a working-day number" in msg


def test_missing_columns_and_empty_files(tmp_path):
    msg = _error(_write(tmp_path, "created,resolved,grid\n0.5,1.0,1\n"))
    assert "missing required column category" in msg
    msg = _error(_write(tmp_path, "when,what\n0.5,property\n"))
    assert "missing required columns created, category, resolved" in msg
    assert "empty" in _error(_write(tmp_path, ""))
    assert "no rows" in _error(_write(tmp_path, "created,category,resolved\n"))
    assert "not found" in _error(tmp_path / "nope.csv")


def test_many_problems_are_cut_short(tmp_path):
    body = "".join(f"{i}.5,nonsense,\n" for i in range(30))
    msg = _error(_write(tmp_path, "created,category,resolved\n" + body))
    listed = msg.count("; row ") + 1
    assert 3 <= listed <= 10 and msg.endswith(f"; and {30 - listed} more rows")
    assert "30 of 30 rows of the issue log cannot be used: row 2: category 'nonsense' is not one of" in msg
    assert "row 3: category 'nonsense' is unknown" in msg  # what is allowed is said once
    assert len(msg) <= 600 and "\n" not in msg


def test_chinese_headers_extra_columns_and_gb18030(tmp_path):
    text = "受理时间,诉求类别,办结时间,网格,渠道,是否满意,备注\n2024-03-01 09:00,物业维修,2024-03-01 12:00,1,居民反映,满意,漏水\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    log = read_issue_log(path)
    assert log.ignored == ["备注"]
    row = log.data.iloc[0]
    assert row["category"] == "property" and row["channel"] == "report" and bool(row["satisfied"])
    assert row["resolved"] - row["created"] == pytest.approx(3 / 24)


def test_example_log_round_trip(tmp_path):
    # The shipped example is what `python -m sim.calibrate example` writes.
    again = tmp_path / "again.csv"
    make_example(again)
    assert filecmp.cmp(again, EXAMPLE_PATH, shallow=False)
    out = tmp_path / "example.toml"
    status = calibrate_cli([str(EXAMPLE_PATH), "--out", str(out), "--households", str(EXAMPLE["households"])])
    assert status == 0
    sc = sim.load_scenario(out)
    assert sc.name == "example"
    # The example came from the baseline: its estimates should be near the baseline's values.
    base = sim.load_scenario("baseline").params
    assert sc.params["issues_per_household"] == pytest.approx(base["issues_per_household"], rel=0.15)
    assert sc.params["hotline_share"] == pytest.approx(base["hotline_share"], abs=0.07)
    for k in CATEGORY_KEYS:
        assert sc.params[f"categories.{k}.share"] == pytest.approx(base[f"categories.{k}.share"], abs=0.05)
    # The example carries what the satisfaction fit reads: its terms are fitted and written.
    written = tomllib.loads(out.read_text(encoding="utf-8"))["params"]["satisfaction"]
    assert {"base", "late", "unresolved", "per_wait_day"} <= set(written)
    assert sim.run(sc, seed=0, keep_model=False, days=20).summary["issues_arisen"] > 0


def test_cli_reports_bad_log(tmp_path, capsys):
    path = _write(tmp_path, "created,category,resolved\n0.5,xyz,\n")
    assert calibrate_cli([str(path), "--out", str(tmp_path / "x.toml")]) == 2
    err = capsys.readouterr().err
    assert "row 2: category 'xyz'" in err and "Traceback" not in err
    assert not (tmp_path / "x.toml").exists()


BAD_ROW_3 = "created,category,resolved\n2024-03-01 09:00,property,2024-03-01 15:00\n2024-03-01 10:00,xyz,\n"


def test_cli_error_in_chinese(tmp_path, capsys):
    from sim.cli import main

    path = _write(tmp_path, BAD_ROW_3)
    out = tmp_path / "x.toml"
    assert main(["--lang", "zh", "calibrate", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("错误：") and "第 3 行" in err and "类别" in err and "'xyz'" in err
    assert not out.exists()


def test_cli_error_in_english(tmp_path, capsys):
    from sim.cli import main

    path = _write(tmp_path, BAD_ROW_3)
    out = tmp_path / "x.toml"
    assert main(["--lang", "en", "calibrate", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "error: " in err and "row 3: category 'xyz' is not one of" in err
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in err.replace("满意/不满意", ""))
    assert not out.exists()
    # --lang after the word calibrate works too.
    assert main(["calibrate", str(path), "--out", str(out), "--lang", "zh"]) == 2
    assert "第 3 行" in capsys.readouterr().err


def test_chinese_messages_of_other_errors(tmp_path):
    def zh(path) -> str:
        with pytest.raises(sim.ScenarioError) as exc:
            read_issue_log(path)
        assert exc.value.zh
        return exc.value.text("zh")

    assert "找不到" in zh(tmp_path / "nope.csv")
    assert "空文件" in zh(_write(tmp_path, ""))
    assert "没有数据行" in zh(_write(tmp_path, "created,category,resolved\n"))
    assert "缺少必需的列 category" in zh(_write(tmp_path, "created,resolved,grid\n0.5,1.0,1\n"))
    body = "".join(f"{i}.5,nonsense,\n" for i in range(30))
    msg = zh(_write(tmp_path, "created,category,resolved\n" + body))
    listed = msg.count("；第 ") + 1
    assert "诉求台账 30 行中有 30 行无法使用：第 2 行：类别（category）'nonsense' 不在" in msg
    assert 3 <= listed <= 10 and msg.endswith(f"；另有 {30 - listed} 行")


def test_cli_help_in_chinese(capsys, monkeypatch):
    from sim.cli import main

    monkeypatch.setenv("COLUMNS", "100")  # help is wrapped to the terminal; phrases below must not break

    assert main(["--lang", "zh", "calibrate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "诉求台账" in out and "要写出的情景文件" in out
    assert main(["--lang", "en", "calibrate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "estimate parameters from a community's own issue log (CSV)" in out and "诉求" not in out
    assert "fewer than 10 issues are refused" in out and "an integer from 50 to 200,000" in out
