"""Notebook panels (sim.widgets), without a browser: build, change, redraw, translate."""

from __future__ import annotations

import asyncio
import re
import warnings

import ipywidgets as widgets
import pytest

from sim import LEVERS, PARAMS, load_scenario
from sim.i18n import format_diff, format_value, metric_label, scenario_title, t
from sim.report_tables import keep_up_counts
from sim.text.panels import LEVER_HELP, STRINGS
from sim.viz import figures
from sim.widgets import (
    VIEWS,
    ComparePanel,
    ComponentExplorer,
    ScenarioLab,
    dashboard,
    param_description,
    show_comparison_numbers,
    show_key_numbers,
)
from sim.widgets.base import Debouncer
from sim.widgets.controls import ParamControl, ui_range

DAYS = 40  # short runs: a panel builds in a fraction of a second
RATES = ("response_rate", "resolution_rate", "satisfaction_rate")
# Two staff and no triage over 250 days: a community whose backlog keeps growing.
BEHIND = {"triage_backlog": 0, "staff": 2, "days": 250}
CJK = re.compile(r"[\u3400-\u9fff]")
LANGS = ("zh", "en")


@pytest.fixture(autouse=True)
def no_missing_glyphs():
    """Fail any test in which matplotlib could not draw a character."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    glyphs = [str(w.message) for w in caught if "Glyph" in str(w.message) or "missing from font" in str(w.message)]
    assert not glyphs, glyphs


def png(outputs: tuple) -> str:
    assert len(outputs) == 1, outputs
    data = outputs[0]["data"]
    assert data["image/png"], "no image drawn"
    return data["image/png"]


def texts(panel) -> list[str]:
    """Every piece of text a person sees in a panel: descriptions, options, tab titles, HTML."""
    found: list[str] = []

    def walk(w):
        if isinstance(w, widgets.HTML):
            if not w.value.startswith("<style>"):
                found.append(re.sub(r"<[^>]+>", " ", w.value))
        elif hasattr(w, "description"):
            found.append(w.description)
        if (
            isinstance(w, (widgets.Dropdown, widgets.SelectMultiple, widgets.ToggleButtons))
            and w is not panel._lang_toggle
        ):
            found.extend(str(label) for label in w._options_labels)
        if isinstance(w, widgets.Tab):
            found.extend(w.titles)
        for child in getattr(w, "children", ()) or ():
            walk(child)

    walk(panel.widget)
    return [t for t in found if t.strip()]


# --- strings and controls ------------------------------------------------------------------
def test_strings_are_complete_pairs():
    for key, pair in {**STRINGS, **LEVER_HELP}.items():
        zh, en = pair
        assert zh.strip() and en.strip(), key
        assert CJK.search(zh), f"{key}: Chinese text without Chinese characters"
        if key != "lang":
            assert not CJK.search(en), f"{key}: Chinese characters in the English text"
    assert set(LEVER_HELP) == set(LEVERS), "every lever needs an explanation, and only levers"


@pytest.mark.parametrize("name", [*LEVERS, "staff", "households", "hours_per_day"])
def test_every_lever_has_a_control_in_range(name):
    p = PARAMS[name]
    control = ParamControl(name, p.default, lang="zh")
    if p.kind == "bool":
        assert isinstance(control.widget, widgets.ToggleButton)
    elif p.kind == "choice":
        assert isinstance(control.widget, widgets.Dropdown)
        assert all(CJK.search(label) for label in control.widget._options_labels)
        control.relabel("en")
        assert not any(CJK.search(label) for label in control.widget._options_labels)
        assert control.value == p.default, "relabelling must keep the choice"
    else:
        lo, hi, _ = ui_range(name)
        assert p.lo <= lo <= p.default <= hi <= p.hi
        assert control.widget.min == lo and control.widget.max == hi
        assert control.widget.continuous_update is False
    for lang in LANGS:
        description = param_description(name, lang)
        assert description
        assert bool(CJK.search(description)) == (lang == "zh")


def test_control_value_keeps_the_parameter_type():
    control = ParamControl("visit_share", 0.1, lang="en")
    control.value = 0.25
    assert control.value == 0.25 and isinstance(control.value, float)
    control = ParamControl("party_members", 0, lang="en")
    control.value = 5000  # beyond the teaching range: the slider widens
    assert control.value == 5000 and control.widget.max >= 5000


# --- the scenario lab ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def lab() -> ScenarioLab:
    return ScenarioLab(lang="zh", days=DAYS)


def test_lab_builds_with_every_lever(lab):
    assert list(lab.controls) == list(LEVERS)
    assert lab.error is None and lab.updates == 1
    png(lab.outputs("rates"))
    assert "响应率" in lab.table_html


@pytest.mark.parametrize(
    "name,value", [("gridding", True), ("listening_minutes", 20), ("priority_rule", "convenience")]
)
def test_a_change_redraws_the_plot_and_the_table(lab, name, value):
    before_png, before_table, updates, draws = png(lab.outputs(lab.view)), lab.table_html, lab.updates, lab.draws
    plotted = [*figures.RATES, *figures.ASSESSED_RATES]  # what the rates figure draws
    before = lab.result.summary[plotted]
    lab.controls[name].value = value
    assert lab.error is None
    assert lab.updates == updates + 1
    assert lab.draws == draws + 1, "only the tab in view is drawn"
    # The plot shows the rates: a new picture when they moved, the same one when they did not
    # (on one seed both runs see the same issues, so a change may leave every rate as it was).
    moved = not lab.result.summary[plotted].equals(before)
    assert (png(lab.outputs(lab.view)) != before_png) == moved
    assert moved or name == "priority_rule"  # the order of work may not matter in 40 quiet days
    assert lab.table_html != before_table or not moved
    assert lab.result.scenario.params[name] == value
    assert lab.reference_result.scenario.params[name] == load_scenario("baseline").params[name]
    assert lab.last_timing["total"] < 30


def test_reference_comes_from_the_cache_until_the_community_changes(lab):
    lab.controls["callback"].value = not lab.controls["callback"].value
    assert "对照情景取自缓存" in lab.status
    lab.settings["staff"].value = 5
    assert "对照情景取自缓存" not in lab.status
    assert lab.reference_result.scenario.params["staff"] == 5 == lab.result.scenario.params["staff"]
    lab.reset()
    assert lab.values() == {n: load_scenario("baseline").params[n] for n in lab.values()}


def test_tabs_are_drawn_when_opened(lab):
    for view in VIEWS:
        lab.select(view)
        png(lab.outputs(view))
    before = png(lab.outputs("map"))
    lab.select("map")
    lab._map_choice.value = "reference" if lab._map_choice.value == "changed" else "changed"
    assert png(lab.outputs("map")) != before
    lab.select("rates")


def test_language_switch_relabels_and_redraws_everything():
    panel = ScenarioLab(lang="zh", days=DAYS)
    zh_png, draws = png(panel.outputs("rates")), panel.draws
    panel._lang_toggle.value = "en"  # as a click would
    assert panel.lang == "en" and panel.draws == draws + 1
    assert png(panel.outputs("rates")) != zh_png
    seen = [*texts(panel), panel.status]
    assert not [t for t in seen if CJK.search(t) and "Language" not in t], "half-translated view"
    panel.set_lang("zh")
    assert "三率与按期结案率" in panel._tabs.titles
    assert CJK.search(panel.status)


@pytest.mark.parametrize("lang", LANGS)
def test_every_description_is_set_in_both_languages(lang):
    for panel in (
        ScenarioLab(lang=lang, days=DAYS, run_now=False),
        ComponentExplorer("4", lang=lang, days=DAYS, run_now=False),
        ComparePanel(lang=lang, days=DAYS),
    ):
        described = panel.described_widgets()
        assert len(described) > 5
        for w in described:
            assert w.description.strip(), f"{type(w).__name__} without a description"
            if lang == "zh":
                assert CJK.search(w.description), w.description
        for text in texts(panel):
            if lang == "en" and "Language" not in text:
                assert not CJK.search(text), text
        assert all(panel._tabs.titles)


def _rates_rows(table_html: str) -> dict[str, list[str]]:
    """The rows of the lab's true/assessed table: metric label -> its six cells."""
    table = re.search(r'<table class="kit-table kit-rates">(.*?)</table>', table_html).group(1)
    rows = {}
    for label, cells in re.findall(r"<tr><td>([^<]*)</td>((?:<td[^>]*>[^<]*</td>)+)</tr>", table):
        rows[label] = re.findall(r"<td[^>]*>([^<]*)</td>", cells)
    return rows


def _expected_lab_warnings(panel: ScenarioLab) -> list[str]:
    """One warning per run of the lab that cannot keep up (from the runs' own flags)."""
    runs = [
        (scenario_title(panel.reference, panel.lang), panel.reference_result),
        (panel._changed_title(panel.lang), panel.result),
    ]
    return [t("panel.cannot_keep_up", panel.lang, title=title) for title, r in runs if r.summary["keeps_up_share"] < 1]


@pytest.mark.parametrize("lang", LANGS)
def test_lab_numbers_show_true_and_assessed_side_by_side(lang):
    panel = ScenarioLab(base="full-1234", lang=lang, days=DAYS)
    ref, res = panel.reference_result.summary, panel.result.summary
    assert ref["keeps_up_share"] == res["keeps_up_share"] == 1  # short runs keep up: no warning
    html = panel.table_html
    for group in ("result.true", "result.assessed"):
        assert f'<th class="kit-group" colspan="3">{t(group, lang)}</th>' in html
    rows = _rates_rows(html)
    assert list(rows) == [metric_label(m, lang) for m in (*RATES, "on_time_closure_rate")]
    for m in RATES:
        a = f"assessed_{m}"
        assert rows[metric_label(m, lang)] == [
            format_value(m, ref[m], lang),
            format_value(m, res[m], lang),
            format_diff(m, res[m] - ref[m], lang),
            format_value(a, ref[a], lang),
            format_value(a, res[a], lang),
            format_diff(a, res[a] - ref[a], lang),
        ]
    assert rows[metric_label("on_time_closure_rate", lang)][3:] == ["–", "–", "–"]
    assert t("panel.assessed_note", lang) in html
    assert panel.warning == "" and panel._warning.value == ""


def test_lab_warns_above_the_plots_exactly_when_a_run_cannot_keep_up():
    base = load_scenario("stretched-full-1234").with_values(BEHIND)
    panel = ScenarioLab(base=base, lang="zh", levers=["gridding"])
    expected = _expected_lab_warnings(panel)
    assert expected, "neither run falls behind: choose another set-up"
    assert panel.warning == "\n".join(expected)
    views = next(w for w in panel.widget.children[-1].children if panel._tabs in getattr(w, "children", ()))
    assert list(views.children).index(panel._warning) < list(views.children).index(panel._tabs)
    panel.set_lang("en")
    assert panel.warning == "\n".join(_expected_lab_warnings(panel)) and not CJK.search(panel.warning)
    assert t("result.no", "en") in panel.table_html  # the row "Keeps up with its work"
    panel.settings["staff"].value = 12  # enough hands: both runs keep up again
    assert [r.summary["keeps_up_share"] for r in (panel.reference_result, panel.result)] == [1, 1]
    assert panel.warning == ""


def test_lab_with_a_few_levers_and_another_start():
    panel = ScenarioLab(base="full-1234", levers=["gridding", "visit_share"], lang="en", days=DAYS)
    assert list(panel.controls) == ["gridding", "visit_share"]
    assert panel.result.scenario.params["listening_minutes"] == 15  # the rest of full-1234 stays
    assert "starting from" in panel.table_html
    with pytest.raises(ValueError):
        ScenarioLab(levers=["no_such_lever"], run_now=False)


def test_panel_displays_itself(capsys):
    panel = ScenarioLab(lang="en", days=DAYS, run_now=False)
    panel._ipython_display_()
    panel.display()


def test_dashboard_is_large_and_chinese():
    panel = dashboard(days=DAYS, run_now=False)
    assert panel.lang == "zh" and panel.big
    assert "kit-big" in panel.widget._dom_classes
    assert "工作坊看板" in panel._title.value


# --- component explorers -------------------------------------------------------------------
@pytest.mark.parametrize("component", ["1", "2", "3", "4"])
@pytest.mark.parametrize("lang", LANGS)
def test_component_explorer_switches_the_whole_component(component, lang):
    panel = ComponentExplorer(component, lang=lang, days=DAYS)
    assert set(panel.controls) == {n for n in LEVERS if PARAMS[n].group == component}
    assert all(c.help.value for c in panel.controls.values()), "every lever is explained"
    before, updates = png(panel.outputs("rates")), panel.updates
    panel._all_on.click()
    shipped = load_scenario(f"component-{component}").params
    assert panel.values() == {**panel.values(), **{n: shipped[n] for n in panel.controls}}
    assert panel.updates == updates + 1, "one run for the whole component, not one per lever"
    assert png(panel.outputs("rates")) != before
    panel._all_off.click()
    assert all(panel.controls[n].value == PARAMS[n].default for n in panel.controls)
    assert panel.error is None


def test_component_explorer_rejects_unknown_components():
    with pytest.raises(ValueError):
        ComponentExplorer("5")


# --- comparisons ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_compare_panel_runs_shows_progress_and_redraws(lang):
    panel = ComparePanel(["baseline", "full-1234"], reps=2, lang=lang, days=DAYS)
    assert panel.comparison is None
    panel._button.click()
    assert panel.error is None and panel.compares == 1
    assert panel._progress.value == panel._progress.max == 4
    first = png(panel.outputs("rates"))
    assert "[" in panel.table_html and ("更好" in panel.table_html or lang == "en")
    panel.select("key_metrics")
    png(panel.outputs("key_metrics"))
    panel.select("rates")
    panel._select.value = ("baseline", "full-1234", "stretched-full-1234")
    panel.compare()
    assert panel._progress.value == 6
    assert png(panel.outputs("rates")) != first
    other = "en" if lang == "zh" else "zh"
    panel.set_lang(other)
    assert bool(CJK.search(panel.table_html)) == (other == "zh")


def test_compare_panel_shows_assessed_rates_and_who_keeps_up(tmp_path):
    behind = tmp_path / "behind.toml"
    behind.write_text(
        'name = "behind"\nextends = "stretched-full-1234"\n[params]\n'
        + "".join(f"{k} = {v}\n" for k, v in BEHIND.items()),
        encoding="utf-8",
    )
    panel = ComparePanel(["full-1234", str(behind)], reps=2, lang="en", days=250)
    panel.compare()
    assert panel.error is None
    counts = keep_up_counts(panel.comparison)
    assert any(n < reps for _, n, reps in counts), "no scenario falls behind: choose another set-up"
    expected = [
        t("panel.cannot_keep_up_some", "en", title=scenario_title(sc, "en"), n=reps - n, reps=reps)
        for sc, n, reps in counts
        if n < reps
    ]
    assert panel.warning == "\n".join(expected)
    html = panel.table_html
    cells = re.search(rf"<td>{t('panel.keeps_up_row', 'en')}</td>(.*?)</tr>", html).group(1)
    assert re.findall(r">(\d+/\d+)<", cells) == [f"{n}/{reps}" for _, n, reps in counts]
    table = panel.comparison.table.set_index(["metric", "scenario"])
    labels = re.findall(r"<tr(?: class=\"kit-assessed\")?><td>([^<]*)</td>", html)
    for m in RATES:
        a = f"assessed_{m}"
        assert labels.index(metric_label(a, "en")) == labels.index(metric_label(m, "en")) + 1
        row = re.search(rf'<tr class="kit-assessed"><td>{metric_label(a, "en")}</td>(.*?)</tr>', html).group(1)
        means = re.findall(r"<td>([^ <]+) <span", row)
        assert means == [format_value(a, table.loc[(a, sc.name), "mean"], "en") for sc in panel.comparison.scenarios]
    assert t("panel.assessed_note", "en") in html


def test_compare_panel_needs_two_scenarios():
    panel = ComparePanel(["baseline"], reps=2, lang="en", days=DAYS)
    panel.compare()
    assert panel.comparison is None and "Pick at least one" in panel.status


# --- printed numbers and debouncing --------------------------------------------------------
def test_key_numbers_print_rates_with_three_decimals(capsys):
    show_key_numbers(["baseline", "component-2"], seed=1, days=DAYS, lang="zh")
    out = capsys.readouterr().out
    assert "响应率" in out and "component-2" in out
    assert re.search(r"按期结案率\s+0\.\d{3}\s+0\.\d{3}\n", out)
    show_comparison_numbers(["baseline", "component-2"], reps=2, days=DAYS, lang="en")
    out = capsys.readouterr().out
    assert re.search(r"Rework rate\s+0\.\d{3} \[", out)


def test_debouncer_calls_once_after_a_burst():
    calls = []

    async def burst():
        debounced = Debouncer(0.05, lambda: calls.append(1))
        for _ in range(5):
            debounced()
        assert debounced.pending and not calls
        await asyncio.sleep(0.2)

    asyncio.run(burst())
    assert calls == [1]
    Debouncer(0.05, lambda: calls.append(2))()  # no event loop: at once
    assert calls == [1, 2]
