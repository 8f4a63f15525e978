"""Figures: every figure draws in Chinese and English without missing glyphs, with a CJK font."""

from __future__ import annotations

import dataclasses
import io
import warnings
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from sim import compare, load_scenario, run
from sim.i18n import metric_label, t
from sim.viz import (
    backlog_over_time,
    community_map,
    comparison_chart,
    hours_breakdown,
    rates_comparison,
    resolution_distribution,
    setup_fonts,
)
from sim.viz import fonts as fonts_module

DAYS = 60
SMALL = {"days": DAYS, "households": 600}


@pytest.fixture(scope="module")
def base():
    return run("baseline", seed=1, **SMALL)


@pytest.fixture(scope="module")
def full():
    return run("full-1234", seed=1, **SMALL)


@pytest.fixture(scope="module")
def comparison():
    scenarios = [load_scenario(n).with_params(**SMALL) for n in ("baseline", "full-1234", "stretched-full-1234")]
    return compare(scenarios, reps=2, seed=0)


FIGURES = {
    "map": lambda b, f, c, lang: community_map(f, lang=lang),
    "map_office": lambda b, f, c, lang: community_map(b, lang=lang),
    "distribution": lambda b, f, c, lang: resolution_distribution([b, f], lang=lang),
    "distribution_one": lambda b, f, c, lang: resolution_distribution(f, lang=lang),
    "backlog": lambda b, f, c, lang: backlog_over_time([b, f], lang=lang),
    "rates_runs": lambda b, f, c, lang: rates_comparison([b, f], lang=lang),
    "rates_comparison": lambda b, f, c, lang: rates_comparison(c, lang=lang),
    "hours": lambda b, f, c, lang: hours_breakdown(f, lang=lang),
    "hours_many": lambda b, f, c, lang: hours_breakdown([b, f], lang=lang),
    "comparison": lambda b, f, c, lang: comparison_chart(c, lang=lang),
}


def has_glyph(path: str, char: str) -> bool:
    return FT2Font(path).get_char_index(ord(char)) != 0


def render(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


def texts_of(fig: Figure) -> list[str]:
    return [txt.get_text() for txt in fig.findobj(mpl.text.Text) if txt.get_text()]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_draws_without_missing_glyphs(name, lang, base, full, comparison):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = FIGURES[name](base, full, comparison, lang)
        png = render(fig)
    assert isinstance(fig, Figure)
    assert png.startswith(b"\x89PNG")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert not missing, missing
    texts = " ".join(texts_of(fig))
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in texts)
    assert has_chinese == (lang == "zh"), texts[:200]


def test_chinese_labels_resolve_to_a_cjk_font(full):
    fig = community_map(full, lang="zh")
    title = fig.axes[0].title
    assert title.get_text().startswith("社区地图")
    path = font_manager.findfont(title.get_fontproperties(), fallback_to_default=False)
    for char in "社区地图网格员响应率":
        assert has_glyph(path, char), (path, char)
    # The plain-matplotlib default would be DejaVu Sans, which has no Chinese at all.
    dejavu = font_manager.findfont("DejaVu Sans")
    assert not has_glyph(dejavu, "社")


def test_setup_fonts_is_idempotent_and_sets_rc():
    first = setup_fonts()
    n_fonts = len(font_manager.fontManager.ttflist)
    assert first
    assert setup_fonts() == first
    assert len(font_manager.fontManager.ttflist) == n_fonts
    assert mpl.rcParams["font.sans-serif"][0] == first
    assert mpl.rcParams["font.family"][0] == "sans-serif"
    assert mpl.rcParams["axes.unicode_minus"] is False
    # Someone resets matplotlib: the next call puts the CJK font back.
    with mpl.rc_context():
        mpl.rcParams["font.sans-serif"] = ["DejaVu Sans"]
        assert setup_fonts() == first
        assert mpl.rcParams["font.sans-serif"][0] == first


def test_bundled_font_files_are_found_and_open():
    files = fonts_module.bundled_font_files()
    assert [p.name for p in files] == list(fonts_module.BUNDLED_FILES)
    for path in files:
        assert Path(path).is_file()
        assert has_glyph(str(path), "满")
        assert "mpl_font" in str(path)


def test_bundled_font_is_used_without_a_system_cjk_font(monkeypatch):
    monkeypatch.setattr(fonts_module, "SYSTEM_CJK", ())
    monkeypatch.setattr(fonts_module, "_state", {})
    with mpl.rc_context():
        family = setup_fonts()
        assert family == fonts_module.BUNDLED_FAMILY
        path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
        assert "mpl_font" in path or has_glyph(path, "社")
        assert has_glyph(path, "社")


def test_no_proprietary_fonts_are_named():
    banned = {"SimHei", "SimSun", "KaiTi", "FangSong"}
    assert not banned & set(fonts_module.SYSTEM_CJK)


def test_map_needs_a_model(full):
    stripped = run("baseline", seed=1, keep_model=False, days=5)
    with pytest.raises(ValueError, match="keep_model"):
        community_map(stripped, lang="en")


def test_map_shows_stations_and_grid_workers(full, base):
    fig = community_map(full, lang="en")
    legend = " ".join(texts_of(fig))
    assert t("fig.map.station", "en") in legend
    assert f"{t('who.grid_worker', 'en')} ×{full.scenario.params['staff']}" in legend
    office = " ".join(texts_of(community_map(base, lang="en")))
    assert t("fig.map.station", "en") not in office
    assert t("who.office", "en") in office


def test_language_changes_the_labels(full):
    zh = texts_of(hours_breakdown(full, lang="zh"))
    en = texts_of(hours_breakdown(full, lang="en"))
    assert t("fig.hours.title", "zh") in zh and t("fig.hours.title", "en") in en
    assert t("activity.visits", "zh") in zh
    with pytest.raises(Exception, match="zh, en"):
        hours_breakdown(full, lang="fr")


def test_hours_bars_add_up_to_the_hours_table(full):
    fig = hours_breakdown(full, lang="en")
    ax = fig.axes[0]
    rows = [tick.get_text() for tick in ax.get_yticklabels()]
    staff_row = rows.index(t("who.staff", "en"))
    y = ax.get_yticks()[staff_row]
    drawn = sum(
        p.get_width()
        for c in ax.containers
        if isinstance(c, BarContainer)
        for p in c.patches
        if abs(p.get_y() + p.get_height() / 2 - y) < 1e-9
    )
    expected = full.hours.loc[full.hours["who"] == "staff", "hours"].sum()
    assert drawn == pytest.approx(expected)


def test_rates_comparison_has_error_bars_only_for_a_comparison(comparison, base, full):
    ax = rates_comparison(comparison, lang="en").axes[0]
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 3
    assert all(c.errorbar is not None for c in bars)
    heights = np.array([p.get_height() for p in bars[0].patches])
    table = comparison.table
    expected = [
        table[(table.metric == m) & (table.scenario == "baseline")]["mean"].item()
        for m in ("response_rate", "resolution_rate", "satisfaction_rate", "on_time_closure_rate")
    ]
    assert heights == pytest.approx(expected)
    ax2 = rates_comparison([base, full], lang="en").axes[0]
    assert all(c.errorbar is None for c in ax2.containers if isinstance(c, BarContainer))
    assert [tick.get_text().replace("\n", " ") for tick in ax.get_xticklabels()][3] == metric_label(
        "on_time_closure_rate", "en"
    )


ASSESSED = ("assessed_response_rate", "assessed_resolution_rate", "assessed_satisfaction_rate")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rates_figure_shows_the_assessed_rates_in_a_panel_of_their_own(comparison, base, full, lang):
    fig = rates_comparison(comparison, lang=lang)
    true_ax, assessed_ax = fig.axes[:2]
    assert true_ax.get_title() == t("result.true", lang)
    assert assessed_ax.get_title() == t("result.assessed", lang)
    assert "".join(t("result.fig.assessed_note", lang).split()) == "".join(assessed_ax.get_xlabel().split())
    bars = [c for c in assessed_ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 3 and all(c.errorbar is not None for c in bars)  # one per scenario, with CIs
    table = comparison.table.set_index(["metric", "scenario"])
    for container, sc in zip(bars, comparison.scenarios, strict=True):
        heights = [p.get_height() for p in container.patches]
        assert heights == pytest.approx([table.loc[(m, sc.name), "mean"] for m in ASSESSED])
    # The assessed panel names the three rates as the true panel does; its title tells them apart.
    ticks = [tick.get_text().replace("\n", " ") for tick in assessed_ax.get_xticklabels()]
    assert ticks == [tick.get_text().replace("\n", " ") for tick in true_ax.get_xticklabels()[:3]]
    assert ticks[0] == metric_label("response_rate", lang)
    runs_ax = rates_comparison([base, full], lang=lang).axes[1]
    drawn = [[p.get_height() for p in c.patches] for c in runs_ax.containers if isinstance(c, BarContainer)]
    assert drawn == [pytest.approx([r.summary[m] for m in ASSESSED]) for r in (base, full)]


def test_comparison_chart_shows_assessed_rates_under_the_true_ones(comparison):
    fig = comparison_chart(comparison, lang="en")
    titles = [ax.get_title().split("\n(")[0].replace("\n", " ") for ax in fig.axes if ax.get_visible()]
    for m in ("response_rate", "resolution_rate", "satisfaction_rate"):
        true_at, assessed_at = titles.index(metric_label(m, "en")), titles.index(metric_label(f"assessed_{m}", "en"))
        assert assessed_at == true_at + 3  # the next row of three, same column


def test_comparison_chart_has_one_panel_per_metric(comparison):
    fig = comparison_chart(comparison, lang="zh", metrics=("response_rate", "backlog_mean"))
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 2
    assert visible[0].get_title().startswith("响应率")
    assert "越低越好" in visible[1].get_title()


def test_percent_ticks_stay_distinct_when_values_barely_differ():
    from matplotlib.figure import Figure

    from sim.viz.figures import _percent_axis

    fig = Figure()
    ax = fig.subplots()
    ax.plot([0, 1], [0.9991, 0.9999])
    _percent_axis(ax.yaxis)
    fig.canvas.draw()
    labels = [tick.get_text() for tick in ax.get_yticklabels() if tick.get_text()]
    assert len(labels) >= 3 and len(set(labels)) == len(labels), labels
    ax.set_ylim(0, 1)
    fig.canvas.draw()
    # A whole range still reads in whole percents.
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["0%", "20%", "40%", "60%", "80%", "100%"]


def test_a_title_starting_with_an_underscore_keeps_its_legend_entry():
    # Matplotlib drops legend labels that start with "_" (and warns when none is left).
    sc = load_scenario("baseline").with_values({"days": 20, "households": 200}, name="_quiet")
    sc = dataclasses.replace(sc, title={"zh": "_安静", "en": "_quiet"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = backlog_over_time(run(sc, seed=1), lang="en")
    texts = [x.get_text() for x in fig.axes[0].get_legend().get_texts()]
    assert len(texts) == 1 and texts[0].lstrip("\u200b") == "_quiet"
