"""The web pages of runs and comparisons (report.html): templates, escaping, shipping."""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from markupsafe import escape

from sim import compare, load_scenario, run
from sim.i18n import format_ci, format_value, metric_label, t
from sim.report import COMPARISON_FILES, RUN_FILES, comparison_files, render_page, run_files

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ("base.html", "_macros.html", "run.html", "comparison.html", "experiment.html")
HOSTILE = "<script>alert(1)</script> & R&D"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; R&amp;D"
SMALL = {"households": 200, "days": 5}
# Two staff and no triage over 250 days: a community whose backlog keeps growing.
BEHIND = {"triage_backlog": 0, "staff": 2, "days": 250}
RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


def _text_of(html: str) -> str:
    """The page without its embedded images (they make failure messages unreadable)."""
    return re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,…", html)


def _headings(html: str) -> list[str]:
    return re.findall(r"<h[23]>([^<]*)</h[23]>", html)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A scenario file whose title, description and path hold markup and ampersands."""
    folder = tmp_path_factory.mktemp("R&D <x>")
    path = folder / "hostile.toml"
    path.write_text(
        f'name = "hostile"\nextends = "baseline"\ntitle_en = "{HOSTILE}"\ntitle_zh = "标题{HOSTILE}"\n'
        f'description_en = "{HOSTILE} in the description"\ndescription_zh = "说明{HOSTILE}"\n'
        "[params]\nhouseholds = 200\ndays = 5\n",
        encoding="utf-8",
    )
    return load_scenario(str(path))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_page_escapes_a_hostile_title_and_keeps_its_sections(hostile, lang):
    files = run_files(run(hostile, seed=1, keep_model=True), lang)
    assert set(RUN_FILES) <= set(files)
    html = _text_of(files["report.html"].decode("utf-8"))
    assert "<script" not in html and "alert(1)</script>" not in html
    assert ESCAPED in html  # the title, in the <title> and the header
    assert html.count(ESCAPED) >= 3  # title element, header, scenario line, description
    assert "R&amp;D &lt;x&gt;" in html  # the source path in the lead line
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html
    expected = {
        "en": [
            "Scenario",
            "The three rates: true and assessed",
            "Metrics",
            "By issue category",
            "By grid",
            "Figures",
            "Files in this directory",
            "Versions",
        ],
        "zh": ["情景", "三率：真实情况与考核口径", "指标", "按诉求类别", "按网格", "图", "本目录中的文件", "软件版本"],
    }[lang]
    assert _headings(html) == expected
    assert files["report.html"].count(b"data:image/png;base64,") == 4  # map, distribution, backlog, hours
    assert html.count("<table>") == 5  # rates, other metrics, by category, by grid, versions
    assert "report.html" in html and "README.md" in html
    assert 'src="http' not in html and "<link" not in html  # nothing outside the page


def test_comparison_page_escapes_a_hostile_title_and_keeps_its_sections(hostile):
    base = load_scenario("baseline").with_values(SMALL)
    files = comparison_files(compare([base, hostile], reps=2, seed=3), "en")
    assert set(COMPARISON_FILES) <= set(files)
    html = _text_of(files["report.html"].decode("utf-8"))
    assert "<script" not in html
    assert ESCAPED in html and f"{ESCAPED} in the description" in html
    assert _headings(html) == [
        "Scenarios",
        "The three rates: true and assessed",
        "Metrics",
        "Figures",
        "Example runs",
        "Files in this directory",
        "Versions",
    ]
    assert "Δ vs baseline" in html
    # comparison, rates, then distribution, backlog, hours and one map per scenario
    assert files["report.html"].count(b"data:image/png;base64,") == 7
    assert "map-2.png" in html


def _rows(html: str, first: str) -> dict[str, list[str]]:
    """The body rows of the first page table whose header starts with ``first``: row name -> cells."""
    table = re.search(rf"<thead><tr><th>{re.escape(first)}</th>.*?</thead>(.*?)</tbody>", html, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr><th>([^<]*)</th>(.*?)</tr>", table):
        rows[row[0]] = re.findall(r"<td>([^<]*)</td>", row[1])
    return rows


@pytest.fixture(scope="module")
def behind():
    """A run whose backlog keeps growing (checked by the tests before they use it)."""
    return run("stretched-full-1234", seed=0, keep_model=False, **BEHIND)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["keeps up", "behind"])
def test_run_page_and_readme_show_true_and_assessed_rates_and_the_warning(behind, kind, lang):
    result = behind if kind == "behind" else run("baseline", seed=1, keep_model=False, **SMALL)
    summary = result.summary
    assert (summary["keeps_up_share"] < 1) == (kind == "behind"), "the runs must be one of each kind"
    files = run_files(result, lang)
    html = _text_of(files["report.html"].decode("utf-8"))
    readme = files["README.md"].decode("utf-8")
    rows = _rows(html, t("word.metric", lang))
    assert re.search(
        rf"<th>{t('word.metric', lang)}</th><th>{t('result.true', lang)}</th><th>{t('result.assessed', lang)}</th>",
        html,
    )
    for m in RATES:
        expected = [format_value(m, summary[m], lang), format_value(f"assessed_{m}", summary[f"assessed_{m}"], lang)]
        assert rows[metric_label(m, lang)] == expected
        assert f"| {metric_label(m, lang)} | {expected[0]} | {expected[1]} |" in readme
    closure = format_value("on_time_closure_rate", summary["on_time_closure_rate"], lang)
    assert rows[metric_label("on_time_closure_rate", lang)] == [closure, "–"]
    assert escape(t("result.assessed_note", lang)) in html and t("result.assessed_note", lang) in readme
    warning = t("result.cannot_keep_up", lang)
    assert html.count(f'<p class="warning">{warning}</p>') == (kind == "behind")
    assert readme.count(f"> **{warning}**") == (kind == "behind")
    assert html.count('class="warning"') == (kind == "behind")


def test_comparison_page_shows_both_blocks_and_who_keeps_up():
    scenarios = [load_scenario(n).with_values(BEHIND) for n in ("full-1234", "stretched-full-1234")]
    comparison = compare(scenarios, reps=2, seed=0)
    runs = comparison.runs
    kept = {
        n: int(runs.loc[runs["scenario"] == n, "keeps_up_share"].sum()) for n in ("full-1234", "stretched-full-1234")
    }
    assert kept["stretched-full-1234"] < 2, "the scenario meant to fall behind keeps up: choose another"
    files = comparison_files(comparison, "en")
    html = _text_of(files["report.html"].decode("utf-8"))
    readme = files["README.md"].decode("utf-8")
    table = comparison.table.set_index(["metric", "scenario"])

    def cell(m: str, name: str) -> str:
        r = table.loc[(m, name)]
        return f"{format_value(m, r['mean'], 'en')} {format_ci(m, r['ci_low'], r['ci_high'], 'en')}"

    true_rows, assessed_rows = _rows(html, "True"), _rows(html, "Assessed")
    for m in RATES:
        assert true_rows[metric_label(m, "en")][:2] == [cell(m, n) for n in kept]
        assert assessed_rows[metric_label(f"assessed_{m}", "en")][:2] == [cell(f"assessed_{m}", n) for n in kept]
    assert set(assessed_rows) == {metric_label(f"assessed_{m}", "en") for m in RATES}
    line = t("result.keeps_up_line", "en", items=", ".join(f"{n} {k}/2" for n, k in kept.items()))
    assert line in html and line in readme
    behind = ", ".join(n for n, k in kept.items() if k < 2)
    warning = t("result.cannot_keep_up_some", "en", scenarios=behind)
    assert f'<p class="warning">{warning}</p>' in html and f"> **{warning}**" in readme


def test_page_frame_escapes_every_value():
    page = render_page("base.html", "en", title=HOSTILE, lead=["a < b & c"])
    assert ESCAPED in page and "a &lt; b &amp; c" in page
    assert "<script" not in page
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page


def test_templates_ship_with_the_package():
    folder = importlib.resources.files("sim") / "templates"
    names = {entry.name for entry in folder.iterdir()}
    assert set(TEMPLATES) <= names
    # Every template is package data of the wheel (pyproject.toml), not only present in the source tree.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["sim"]
    for name in names:
        if not name.startswith("."):
            assert any(fnmatch(f"templates/{name}", p) for p in patterns), name
    jinja = [d for d in config["project"]["dependencies"] if d.lower().startswith("jinja2")]
    assert jinja, "jinja2 is a declared dependency"


def test_reports_leave_escaping_to_the_templates():
    for path in [*sorted((ROOT / "sim").glob("report*.py")), ROOT / "sim" / "experiments" / "report.py"]:
        source = path.read_text(encoding="utf-8")
        assert "html.escape" not in source and "import html\n" not in source, path
        assert "<table" not in source and "<h2" not in source, path


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reports_list_a_scenarios_shocks_in_both_languages(lang):
    from sim.model.shocks import Shock, describe

    storm = Shock(start=1, end=3, scale={"arrival_scale.hazard": 3}, name_zh="暴雨", name_en="Storm")
    shocked = load_scenario("baseline").with_values(SMALL).with_shocks(storm, {"start": 2, "set": {"callback": True}})
    lines = describe(shocked.shocks, lang)
    assert ("暴雨" if lang == "zh" else "Storm") in lines[0] and len(lines) == 2
    label = t("report.shocks", lang)
    files = run_files(run(shocked, seed=1, keep_model=False), lang)
    readme, html = files["README.md"].decode("utf-8"), _text_of(files["report.html"].decode("utf-8"))
    assert all(f"  - {line}" in readme for line in lines) and label in readme
    assert all(f"<li>{escape(line)}</li>" in html for line in lines) and label in html
    plain = load_scenario("baseline").with_values(SMALL)
    files = comparison_files(compare([plain, shocked], reps=2, seed=3), lang)
    readme, html = files["README.md"].decode("utf-8"), _text_of(files["report.html"].decode("utf-8"))
    assert readme.count(label) == html.count(label) == 1  # the shocked scenario's, not the plain one's
    assert all(f"  - {line}" in readme for line in lines)
    assert all(f"<li>{escape(line)}</li>" in html for line in lines)
