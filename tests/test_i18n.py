"""Bilingual labels: completeness, placeholders, locale detection and number formatting."""

from __future__ import annotations

import math
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim import run
from sim.errors import ScenarioError
from sim.i18n import (
    TABLE,
    activity_label,
    category_label,
    channel_label,
    check_lang,
    default_lang,
    display_width,
    format_diff,
    format_value,
    is_percent,
    metric_label,
    param_unit,
    t,
    who_label,
    wrap,
)
from sim.model.issues import CHANNELS, Route
from sim.model.metrics import METRICS
from sim.params import CATEGORIES, PARAMS
from sim.text import METRIC_TEXT

ACTIVITIES = (
    "contact",
    "listening",
    "travel",
    "fix",
    "process",
    "visits",
    "station",
    "survey",
    "inspection",
    "follow_up",
    "callback",
    "coordination",
    "mediation",
    "volunteer_admin",
    "department",
    "patrol",
)


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def literal(text: str) -> str:
    """``text`` without its placeholders."""
    return "".join(part for part, _, _, _ in string.Formatter().parse(text))


def test_every_key_has_both_languages():
    assert len(TABLE) > 150
    for key, pair in TABLE.items():
        assert len(pair) == 2, key
        zh, en = pair
        assert zh.strip() and en.strip(), key
        assert fields(zh) == fields(en), f"{key}: placeholders differ between zh and en"


@pytest.mark.parametrize(
    "prefix", ["metric.", "category.", "channel.", "who.", "activity.", "state.", "fig.", "cli.", "report."]
)
def test_chinese_text_is_chinese(prefix):
    keys = [k for k in TABLE if k.startswith(prefix)]
    assert keys
    for key in keys:
        zh, en = TABLE[key]
        assert not has_cjk(en), f"{key}: Chinese in the English text {en!r}"
        # Punctuation and placeholders only (a separator such as "；") is not a text to translate.
        if key in ("cli.usage",) or not any(ch.isalpha() for ch in literal(zh)):
            continue
        assert has_cjk(zh), f"{key}: no Chinese in {zh!r}"


def test_every_metric_has_a_label_in_both_languages():
    assert set(METRIC_TEXT) == set(METRICS)
    for name in METRICS:
        zh, en = metric_label(name, "zh"), metric_label(name, "en")
        assert zh != name and en != name
        assert has_cjk(zh) and not has_cjk(en)


def test_metric_labels_use_the_known_terms():
    assert metric_label("response_rate", "zh") == "响应率"
    assert metric_label("resolution_rate", "zh") == "解决率"
    assert metric_label("satisfaction_rate", "zh") == "满意率"
    assert metric_label("on_time_closure_rate", "zh") == "按期结案率"
    assert metric_label("closure_rate", "zh") == "结案率"
    assert metric_label("rework_rate", "zh") == "返工率"
    assert metric_label("response_time_mean", "zh") == "首次响应时间·均值（工作日）"
    assert metric_label("response_time_mean", "en") == "Time to first response, mean (working days)"
    assert metric_label("staff_hours", "en", unit=False) == "Staff hours"


def test_categories_channels_handlers_activities_are_labelled():
    for c in CATEGORIES:
        assert category_label(c.key, "zh") == c.zh
        assert category_label(c.key, "en") == c.en
    expected = {
        "report": "居民反映",
        "hotline": "12345热线",
        "station": "党群服务站",
        "visit": "入户走访",
        "patrol": "巡访观察",
        "survey": "问需调查",
        "inspection": "隐患排查",
        "incident": "事故暴露",
    }
    assert set(CHANNELS) == set(expected)
    for ch in CHANNELS:
        assert channel_label(ch, "zh") == expected[ch]
        assert channel_label(ch, "en") != ch or ch == "incident"
    for who in (*Route, "volunteers"):
        assert f"who.{who}" in TABLE
        assert has_cjk(who_label(who, "zh"))
    for activity in ACTIVITIES:
        assert f"activity.{activity}" in TABLE
        assert has_cjk(activity_label(activity, "zh"))


def test_every_who_and_activity_of_a_real_run_is_labelled():
    result = run("full-1234", seed=2, keep_model=False, days=40)
    for who in result.hours["who"].unique():
        assert f"who.{who}" in TABLE, who
    for activity in result.hours["activity"].unique():
        assert f"activity.{activity}" in TABLE, activity
    for channel in result.issues["channel"].unique():
        if channel:
            assert f"channel.{channel}" in TABLE, channel
    for state in result.issues["state"].unique():
        assert f"state.{state}" in TABLE, state


def test_every_parameter_unit_is_translated():
    for p in PARAMS.values():
        if p.unit:
            assert f"unit.param.{p.unit}" in TABLE, p.unit
            assert has_cjk(param_unit(p.unit, "zh")) or p.unit.startswith("/")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "zh_CN"}, "zh"),
        ({"LC_ALL": "zh_CN.GB18030"}, "zh"),
    ],
)
def test_default_lang_follows_the_locale(env, expected):
    assert default_lang(env) == expected


@pytest.mark.parametrize(
    ("langid", "expected"),
    [(0x0804, "zh"), (0x1004, "zh"), (0x0404, "zh"), (0x0409, "en"), (0x0407, "en"), (0x7FFF, "en")],
)
def test_on_windows_without_a_locale_the_display_language_decides(langid, expected):
    # Windows sets no LANG: a Chinese Windows (zh_CN, zh_SG, zh_TW) speaks Chinese, others English.
    assert default_lang({}, windows_ui=lambda: langid) == expected
    assert default_lang({"LANG": "en_US.UTF-8"}, windows_ui=lambda: 0x0804) == "en"  # a set locale still decides


def test_default_lang_reads_the_environment(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert default_lang() == "zh"
    assert t("channel.hotline") == "12345热线"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert default_lang() == "en"


def test_unknown_language_is_a_user_error():
    with pytest.raises(ScenarioError, match="zh, en"):
        check_lang("fr")
    with pytest.raises(ScenarioError):
        t("channel.hotline", "de")
    with pytest.raises(KeyError):
        t("no.such.key", "en")


def test_placeholders_are_filled():
    assert t("cli.written", "en", path="x/y") == "written to x/y"
    assert t("word.grid", "zh", n=3) == "网格 3"


def test_percent_metrics():
    percent = {m for m in METRICS if is_percent(m)}
    assert {
        "response_rate",
        "resolution_rate",
        "satisfaction_rate",
        "on_time_closure_rate",
        "closure_rate",
        "rework_rate",
    } <= percent
    assert {"proactive_share", "hidden_share", "staff_utilisation"} <= percent
    assert not percent & {"response_time_mean", "resolution_time_p90", "issues_arisen", "backlog_mean", "staff_hours"}
    # Every metric without a unit is a percentage, and no percentage has a unit.
    for m in METRICS:
        assert is_percent(m) == (METRIC_TEXT[m][2] == ""), m


def test_format_value():
    assert format_value("response_rate", 0.973, "zh") == "97.3%"
    assert format_value("response_rate", 1.0, "en") == "100.0%"
    assert format_value("response_time_mean", 2.456, "en") == "2.46"
    assert format_value("response_time_mean", -0.001, "en") == "0.00"
    assert format_value("issues_arisen", 2012.0, "en") == "2,012"
    assert format_value("hidden_never_found", 92.0, "en") == "92"
    assert format_value("backlog_mean", 17.82, "en") == "17.8"
    assert format_value("response_rate", math.nan, "en") == "–"
    assert format_value("response_rate", None, "en") == "–"


def test_format_diff():
    assert format_diff("resolution_rate", 0.021, "en") == "+2.1 pp"
    assert format_diff("resolution_rate", -0.021, "zh") == "-2.1个百分点"
    assert format_diff("resolution_time_mean", -1.234, "en") == "-1.23"
    assert format_diff("resolution_time_mean", -0.0001, "en") == "+0.00"
    assert format_diff("backlog_mean", 3.0, "en") == "+3"


def test_display_width_counts_chinese_twice():
    assert display_width("abc") == 3
    assert display_width("响应率") == 6
    assert display_width("响应率 rate") == 11


def test_wrap_keeps_words_and_punctuation():
    lines = wrap("the quick brown fox jumps over the lazy dog", 10)
    assert all(display_width(line) <= 10 for line in lines)
    assert " ".join(lines) == "the quick brown fox jumps over the lazy dog"
    zh = wrap("所有做法关闭，工作人员在办公室处理", 8)
    assert "".join(zh) == "所有做法关闭，工作人员在办公室处理"
    assert not any(line.startswith("，") for line in zh)


@given(
    st.text(alphabet=st.sampled_from("社区网格员诉求响应解决满意"), max_size=60), st.integers(min_value=2, max_value=30)
)
def test_wrap_chinese_property(text, width):
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert all(display_width(line) <= width for line in lines)
