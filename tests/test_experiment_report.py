"""The experiment report (report.html of ``experiment analyze``): template, escaping, sections."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from sim.cli import main
from sim.errors import ScenarioError
from sim.experiments import run_experiment
from sim.experiments.analysis import analyze
from sim.experiments.report import MAX_ROWS, build_html, write_analysis
from sim.i18n import format_value, metric_label, t

HOSTILE = "<script>alert(1)</script> & R&D"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; R&amp;D"
EXPERIMENT = f"""name = "R&D 'lab'"
description = "{HOSTILE}"
scenario = "baseline"
replications = 2
seed = 5
metrics = ["staff_utilisation", "staff_hours", "resolution_time_median"]
[params]
households = 300
days = 30
[design]
method = "factorial"
[factors.staff]
levels = [2, 1, 4]
"""
SECTIONS = {
    "en": [
        "Overview",
        "Figures",
        "Mean and 95% CI per design point",
        "Differences from the baseline point",
        "Experiment file",
        "Versions",
    ],
    "zh": ["概况", "图", "各设计点的均值与95%置信区间", "与基准点的差值", "实验文件", "软件版本"],
}


# Two staff (and no triage) cannot keep up over 250 days; six can. The assessed rates are
# listed before their true ones on purpose: the report puts each after its true rate.
STAFFING = """name = "staffing"
scenario = "stretched-full-1234"
replications = 2
seed = 1
metrics = ["assessed_satisfaction_rate", "keeps_up_share", "satisfaction_rate", "response_rate",
           "assessed_response_rate", "staff_hours"]
[params]
days = 250
triage_backlog = 0
[design]
method = "factorial"
[factors.staff]
levels = [2, 6]
"""


@pytest.fixture(scope="module")
def staffing(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("staffing")
    path = tmp / "staffing.toml"
    path.write_text(STAFFING, encoding="utf-8")
    out = tmp / "out"
    run_experiment(path, out, executor="serial")
    return out


@pytest.fixture(scope="module")
def experiment(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("exp")
    path = tmp / "hostile.toml"
    path.write_text(EXPERIMENT, encoding="utf-8")
    out = tmp / "out"
    run_experiment(path, out, executor="serial")
    return out


def _text_of(html: str) -> str:
    return re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,…", html)


def _headings(html: str) -> list[str]:
    return re.findall(r"<h2>([^<]*)</h2>", html)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_escapes_a_hostile_name_and_description(experiment, lang):
    _, written = write_analysis(experiment, lang=lang, report_name=f"report.{lang}.html")
    assert experiment / f"report.{lang}.html" in written
    html = (experiment / f"report.{lang}.html").read_text(encoding="utf-8")
    text = _text_of(html)
    assert "<script" not in text
    assert f"description = &#34;{ESCAPED}&#34;" in text  # the experiment file, shown as text
    assert "R&amp;D &#39;lab&#39;" in text  # the name, in the title and the header
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in text
    assert _headings(text) == SECTIONS[lang]
    assert html.count("data:image/png;base64,") >= 2
    assert text.count("<table>") == 4  # overview, summary, differences, versions


def test_report_escapes_a_tampered_meta(experiment):
    a = analyze(experiment)
    a = dataclasses.replace(a, meta={**a.meta, "name": HOSTILE, "seed_scheme": "<b>x</b>"}, notes=["<i>note</i>"])
    html = _text_of(build_html(a, "en"))
    assert "<script" not in html and "<b>x</b>" not in html and "<i>note</i>" not in html
    assert f"<title>Experiment report: {ESCAPED}</title>" in html
    assert f"<h1>Experiment report: {ESCAPED}</h1>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<li>&lt;i&gt;note&lt;/i&gt;</li>" in html


def test_long_tables_are_cut_with_a_note(experiment, monkeypatch):
    import sim.experiments.report as report

    monkeypatch.setattr(report, "MAX_ROWS", 2)
    html = build_html(analyze(experiment), "en")
    assert "(first 2 rows only; see the CSV files)" in html
    assert MAX_ROWS == 200


@pytest.mark.parametrize(
    "lang, expect",
    [
        ("en", "--metric 'speed': not a metric of this experiment; choose from"),
        ("zh", "--metric 'speed'：不是本实验的指标；可选："),
    ],
)
def test_unknown_metric_is_refused_in_both_languages(experiment, lang, expect):
    with pytest.raises(ScenarioError) as info:
        write_analysis(experiment, lang=lang, metric="speed")
    assert info.value.text(lang).startswith(expect)


def _summary(html: str, lang: str) -> str:
    """The page's table of means per design point."""
    part = html[html.index(f"<h2>{t('report.exp.summary', lang)}</h2>") :]
    return part[: part.index("</table>")]


def _points_behind(path: Path) -> list[int]:
    summary = analyze(path).summary
    part = summary[summary["metric"] == "keeps_up_share"]
    return [int(p) for p, v in zip(part["point"], part["mean"], strict=True) if v < 1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_marks_the_design_points_that_cannot_keep_up(staffing, lang):
    behind = _points_behind(staffing)
    assert behind == [0], "point 0 (two staff) should fall behind and point 1 (six) keep up: choose other levels"
    html = _text_of(build_html(analyze(staffing), lang))
    warning = t("report.exp.cannot_keep_up", lang, points="0")
    assert html.count(f'<p class="warning">{warning}</p>') == 1
    assert f"<tr><th>{t('report.exp.behind', lang)}</th><td>0</td></tr>" in html
    column = t("report.exp.col.keeps_up", lang)
    assert f"<th>{column}</th>" in html
    summary = analyze(staffing).summary
    shares = summary[summary["metric"] == "keeps_up_share"].set_index("point")["mean"]
    rows = re.findall(
        r"<tr><td>[^<]*</td><td>(\d+)</td>(?:<td>[^<]*</td>)*?<td>([^<]*)</td></tr>", _summary(html, lang)
    )
    assert len(rows) == 12  # 6 metrics × 2 points
    for point, share in rows:
        assert share == format_value("keeps_up_share", shares[int(point)], lang)
    assert t("report.exp.keeps_up_unknown", lang) not in html
    assert t("report.exp.assessed_note", lang) in html.replace("&#39;", "'")


def test_report_lists_each_assessed_rate_after_its_true_rate(staffing):
    html = _text_of(build_html(analyze(staffing), "en"))
    labels = list(dict.fromkeys(re.findall(r"<tr><td>([^<]*)</td>", _summary(html, "en"))))
    assert labels == [
        metric_label(m, "en")
        for m in (
            "keeps_up_share",
            "satisfaction_rate",
            "assessed_satisfaction_rate",
            "response_rate",
            "assessed_response_rate",
            "staff_hours",
        )
    ]


def test_report_without_the_flag_says_it_cannot_mark_points(experiment):
    html = _text_of(build_html(analyze(experiment), "en"))
    assert f"<li>{t('report.exp.keeps_up_unknown', 'en')}</li>" in html
    assert 'class="warning"' not in html
    assert t("report.exp.behind", "en") not in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_analyze_prints_the_warning_and_pairs_the_rates(staffing, capsys, lang):
    assert main(["--lang", lang, "experiment", "analyze", str(staffing)]) == 0
    out = capsys.readouterr().out
    assert out.count(t("report.exp.cannot_keep_up", lang, points="0")) == 1
    heads = [line for line in out.splitlines() if line.endswith(")") and "(" in line and "written" not in line]
    order = [h[h.rindex("(") + 1 : -1] for h in heads]
    assert order == [
        "keeps_up_share",
        "satisfaction_rate",
        "assessed_satisfaction_rate",
        "response_rate",
        "assessed_response_rate",
        "staff_hours",
    ]
