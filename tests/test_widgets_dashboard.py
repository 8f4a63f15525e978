"""The workshop dashboard without a browser: tabs, presets, ten replications, lesson steps, bar labels."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import sim
from sim import LEVERS, PARAMS, load_scenario
from sim.course.numbers import lesson_format, steps_by_lesson
from sim.i18n import format_value, metric_label, t
from sim.report_tables import COMPARED_OTHERS, comparison_frame
from sim.viz import hours_breakdown
from sim.widgets import ComparePanel, ComponentExplorer, ScenarioLab, dashboard, label_bars, lesson_steps
from sim.widgets.dashboard import TABS

ROOT = Path(__file__).resolve().parents[1]
DAYS = 40  # short runs: a panel builds in a fraction of a second
CJK = re.compile(r"[\u3400-\u9fff]")


def plain(html: str) -> str:
    """HTML as the text a person reads (tags dropped, spaces collapsed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def lever_values(scenario) -> dict:
    return {name: scenario.params[name] for name in LEVERS}


# --- the tabs ------------------------------------------------------------------------------
def test_dashboard_opens_on_component_one_and_builds_other_tabs_when_opened():
    board = dashboard(days=DAYS)
    assert board.lang == "zh" and board.big and "kit-big" in board.widget._dom_classes
    assert "工作坊看板" in board._title.value
    assert len(board._tabs.titles) == len(TABS) and all(CJK.search(title) for title in board._tabs.titles)
    assert list(board.panels) == ["component-1"], "only the tab in view is built"
    assert board.panels["component-1"].result is not None, "the first tab shows its plots at once"
    board.select("lab")
    lab = board.panels["lab"]
    assert isinstance(lab, ScenarioLab) and lab.result is not None and lab.error is None
    assert lab._lang_toggle.layout.display == "none", "one language switch for the whole dashboard"
    board.set_lang("en")
    assert lab.lang == "en", "the tab in view follows the language switch at once"
    assert not any(CJK.search(title) for title in board._tabs.titles)
    board.select("component-1")
    assert board.panels["component-1"].lang == "en", "a tab opened later speaks the new language"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_game_tab_explains_the_workshop_server_and_starts_none(lang):
    board = dashboard(lang=lang, days=DAYS, run_now=False)
    board.select("game")
    text = plain(board._game.value)
    assert "community-1234 workshop" in text and "--session" in text
    assert ("docs/workshop.zh.md" if lang == "zh" else "docs/workshop.md") in text
    assert bool(CJK.search(text)) == (lang == "zh")
    assert "game" not in board.panels
    with pytest.raises(ValueError):
        board.panel("game")


# --- presets -------------------------------------------------------------------------------
@pytest.mark.parametrize("component", ["1", "2", "3", "4"])
def test_component_presets_set_the_controls_and_the_scenario_run(component):
    panel = ComponentExplorer(component, lang="zh", days=DAYS, run_now=False)
    own = [n for n in LEVERS if PARAMS[n].group == component]
    baseline, shipped, full = (load_scenario(n) for n in ("baseline", f"component-{component}", "full-1234"))

    panel._all_full.click()
    assert panel.values() == {**panel.values(), **{n: full.params[n] for n in own}}
    assert lever_values(panel.result.scenario) == lever_values(full), "every component on, not only this one"

    panel._all_on.click()
    assert lever_values(panel.result.scenario) == lever_values(shipped)
    assert {n: panel.controls[n].value for n in own} == {n: shipped.params[n] for n in own}

    panel._all_off.click()
    assert lever_values(panel.result.scenario) == lever_values(baseline)
    assert panel.error is None and panel.updates == 3, "one run per preset"


def test_lab_all_on_all_off_and_back_to_a_scenario():
    lab = ScenarioLab(lang="zh", days=DAYS, run_now=False)
    lab._lab_all_on.click()
    assert lab.changed_scenario().params == load_scenario("full-1234").with_values({"days": DAYS}).params
    assert lab.result.scenario.params == lab.changed_scenario().params and lab.updates == 1
    lab._lab_all_off.click()
    assert lab.changed_scenario().params == load_scenario("baseline").with_values({"days": DAYS}).params
    lab._goto_choice.value = "stretched-full-1234"
    lab._goto_button.click()
    target = load_scenario("stretched-full-1234").with_values({"days": DAYS})
    assert lab.changed_scenario().params == target.params
    assert lab.settings["staff"].value == target.params["staff"] != PARAMS["staff"].default
    assert lab.result.scenario.params == target.params
    assert lab._changed_title("en") == t("run.changed_from", "en", base=target.title["en"])
    assert lab.error is None


def test_ten_replications_in_the_lab_show_the_lessons_means():
    """All practices on, ten replications with seed 0: the means the lessons quote for baseline and full-1234."""
    lab = ScenarioLab(lang="zh", run_now=False)  # the scenarios' own length, as in the lessons
    lab._lab_all_on.click()
    assert lab.replication_html == ""
    lab._reps_button.click()
    assert lab.error is None and lab._reps_progress.value == lab._reps_progress.max == 20
    table = lab.replication.table.set_index(["metric", "scenario"])
    own = {"baseline": "baseline", "full-1234": "lab"}
    quotes = [
        q
        for step in lesson_steps()
        if step.scenarios[0] == "baseline" and "full-1234" in step.scenarios
        for q in step.quotes
        if q.stat == "mean" and q.scenario in own
    ]
    assert {q.scenario for q in quotes} == set(own), "numbers.toml quotes both means: pick other scenarios"
    for q in quotes:
        mean = table.loc[(q.metric, own[q.scenario]), "mean"]
        assert lesson_format(mean, q.format) == q.text, q.name
        assert format_value(q.metric, mean, "zh") in plain(lab.replication_html), q.name
    lab.controls["gridding"].value = False  # other settings: the means no longer apply
    assert lab.replication is None and lab.replication_html == ""


# --- lesson steps --------------------------------------------------------------------------
def test_lesson_steps_are_the_distinct_comparisons_of_numbers_toml():
    entries = tomllib.loads((ROOT / "lessons" / "numbers.toml").read_text(encoding="utf-8"))
    distinct = {(tuple(e["scenarios"]), e["reps"], e["seed"]) for e in entries.values()}
    steps = lesson_steps()
    assert [s.key for s in steps] == list(
        dict.fromkeys((tuple(e["scenarios"]), e["reps"], e["seed"]) for e in entries.values())
    )
    assert {s.key for s in steps} == distinct
    assert sum(len(s.quotes) for s in steps) == len(entries)
    cited = {
        (Path(f).stem, (tuple(e["scenarios"]), e["reps"], e["seed"])) for e in entries.values() for f in e["cited_in"]
    }
    grouped = steps_by_lesson(steps)
    assert {(lesson, step.key) for lesson, step in grouped} == cited
    lessons = [lesson for lesson, _ in grouped]
    assert lessons == sorted(lessons, key=lambda s: (not s[:1].isdigit(), s)), "grouped lesson by lesson"
    panel = ComparePanel(lang="zh", lessons=True, days=DAYS)
    labels = panel._step_choice._options_labels
    assert len(labels) == len(grouped) and len(set(labels)) == len(labels)
    assert all(f"× {step.reps} 次" in label for label, (_, step) in zip(labels, grouped, strict=True))


def _course(tmp_path: Path, values: dict[str, float]) -> Path:
    """A small course: one lesson quoting two numbers of one comparison (baseline, a lesson's scenario)."""
    (tmp_path / "lessons" / "scenarios").mkdir(parents=True, exist_ok=True)
    (tmp_path / "lessons" / "scenarios" / "visits.toml").write_text(
        'name = "visits"\nextends = "baseline"\n[params]\nvisit_share = 0.1\n', encoding="utf-8"
    )
    for lang, title in (("zh", "第 9 课 试一试"), ("en", "Episode 9 A try")):
        (tmp_path / "lessons" / lang).mkdir(exist_ok=True)
        (tmp_path / "lessons" / lang / "09-try.md").write_text(f'---\ntitle: "{title}"\n---\n', encoding="utf-8")
    common = (
        'scenarios = ["baseline", "lessons/scenarios/visits.toml"]\nreps = 2\nseed = 3\ncited_in = ["zh/09-try.md"]\n'
    )
    text = "# " + "=" * 20 + "\n# Two scenarios / 两个情景\n# " + "=" * 20 + "\n\n"
    text += f'[hidden]\n{common}metric = "hidden_share"\nscenario = "visits"\nstat = "mean"\nvalue = {values["hidden"]}\nformat = "percent1"\n\n'
    text += f'[known]\n{common}metric = "issues_known"\nscenario = "visits"\nstat = "diff"\nvalue = {values["known"]}\nformat = "int_signed"\n'
    (tmp_path / "lessons" / "numbers.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_lesson_step_runs_the_lessons_comparison_and_lists_its_numbers(tmp_path):
    root = _course(tmp_path, {"hidden": 0.0, "known": 0.0})
    scenarios = [
        load_scenario(ref).with_values({"days": DAYS}) for ref in ("baseline", root / "lessons/scenarios/visits.toml")
    ]
    expected = sim.compare(scenarios, reps=2, seed=3).table.set_index(["metric", "scenario"])
    hidden = float(expected.loc[("hidden_share", "visits"), "mean"])
    _course(tmp_path, {"hidden": hidden, "known": 12345.0})  # the second is not what the model gives
    panel = ComparePanel(lang="zh", lessons=True, days=DAYS, root=root)
    assert panel._step_choice._options_labels == ("第 9 课 试一试 · 两个情景（2 个情景 × 2 次，种子 3）",)
    panel._step_button.click()
    assert panel.error is None and panel.chosen() == ["baseline", "lessons/scenarios/visits.toml"]
    assert (panel._reps.value, panel._seed.value, panel.comparison.meta["reps"]) == (2, 3, 2)
    quoted = {q.name: text for q, text in panel.quoted()}
    assert quoted["hidden"] == lesson_format(hidden, "percent1")
    known = float(expected.loc[("issues_known", "visits"), "diff"])
    assert quoted["known"] == lesson_format(known, "int_signed")
    shown = plain(panel._quotes.value)
    assert (
        "第 9 课 试一试引用的数字" in shown and f"{quoted['hidden']} 是" in shown and f"{quoted['known']} 否" in shown
    )
    panel.set_lang("en")
    assert "Numbers quoted in Episode 9 A try" in plain(panel._quotes.value)
    panel._reps.value = 3
    panel.compare()
    assert panel.step is None and panel._quotes.value == "", "another comparison is not the lesson's"


def test_another_lesson_quoting_the_comparison_on_show_needs_no_new_run(tmp_path):
    root = _course(tmp_path, {"hidden": 0.0, "known": 0.0})
    for lang, title in (("zh", "第 8 课 再试"), ("en", "Episode 8 Again")):
        (root / "lessons" / lang / "08-again.md").write_text(f'---\ntitle: "{title}"\n---\n', encoding="utf-8")
    text = (root / "lessons" / "numbers.toml").read_text(encoding="utf-8")
    text = text.replace('cited_in = ["zh/09-try.md"]', 'cited_in = ["zh/08-again.md", "zh/09-try.md"]', 1)
    (root / "lessons" / "numbers.toml").write_text(text, encoding="utf-8")
    panel = ComparePanel(lang="zh", lessons=True, days=DAYS, root=root)
    assert [lesson for lesson, _ in panel.steps] == ["08-again", "09-try"]
    panel.run_step(0)
    assert panel.compares == 1 and "第 8 课 再试引用的数字" in plain(panel._quotes.value)
    panel.run_step(1)
    assert panel.compares == 1, "the same comparison was run again"
    assert "第 9 课 试一试引用的数字" in plain(panel._quotes.value)
    panel._seed.value = 4
    panel.compare()  # now seed 4 is on show, not the lesson's comparison
    assert panel.compares == 2 and panel.step is None
    panel.run_step(0)
    assert panel.compares == 3 and panel._seed.value == 3, "the lesson's comparison was not run again"


# --- tables and figures --------------------------------------------------------------------
def test_comparison_table_shows_what_the_command_line_prints():
    panel = ComparePanel(["baseline", "full-1234"], reps=2, lang="zh", days=DAYS)
    panel.compare()
    shown = plain(panel.table_html)
    frame = comparison_frame(panel.comparison, "zh", COMPARED_OTHERS)
    assert len(frame) > 20
    for label, row in frame.iterrows():
        assert label in shown
        for cell in row.iloc[:2]:  # each scenario's mean [95% CI], as the command line writes it
            assert plain(cell) in shown, (label, cell)
    for m in ("resolution_time_median", "staff_hours", "partner_hours_used", "volunteer_hours_used"):
        assert metric_label(m, "zh") in shown


def test_lab_table_has_the_median_and_helpers_hours():
    lab = ScenarioLab(base="full-1234", lang="en", days=DAYS)
    for m in ("resolution_time_median", "staff_hours", "volunteer_hours_used", "partner_hours_used"):
        value = format_value(m, lab.result.summary[m], "en")
        assert f"<td>{metric_label(m, 'en')}</td>" in lab.table_html and value in lab.table_html, m


def test_hours_bars_carry_their_totals():
    lab = ScenarioLab(base="full-1234", lang="zh", days=DAYS)
    fig = hours_breakdown([lab.reference_result, lab.result], lang="zh")
    label_bars(fig)
    axes = [ax for ax in fig.axes if ax.containers]
    assert len(axes) == 2
    for ax, result in zip(axes, [lab.reference_result, lab.result], strict=True):
        by_who = result.hours.groupby("who", sort=False)["hours"].sum()
        totals = sorted(f"{v:,.0f}" for v in by_who[by_who > 0])
        labels = sorted(text.get_text() for text in ax.texts)
        assert labels == totals
    lab.select("hours")
    assert lab.outputs("hours"), "the hours tab draws (with its labels)"
    assert t("tab.hours", "zh") in lab._tabs.titles


def test_a_failing_comparison_shows_its_error_and_frees_the_button(monkeypatch):
    import sim.widgets.compare as compare_module
    import sim.widgets.lab as lab_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(compare_module, "compare", broken)
    monkeypatch.setattr(lab_module, "compare", broken)
    panel = ComparePanel(["baseline", "full-1234"], reps=2, lang="en", days=DAYS)
    panel.compare()
    assert isinstance(panel.error, RuntimeError) and panel.comparison is None and panel.compares == 0
    assert "kit-error" in panel._status.value and "disk full" in panel._status.value
    assert not panel._button.disabled
    lab = ScenarioLab(lang="en", days=DAYS)
    lab.replicate(reps=2)
    assert isinstance(lab.error, RuntimeError) and lab.replication is None
    assert "disk full" in lab._status.value and not lab._reps_button.disabled
