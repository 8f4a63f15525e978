"""Chinese and English labels for everything the kit shows to people.

>>> t("channel.hotline", "zh")
'12345热线'
>>> metric_label("response_time_mean", "en")
'Time to first response, mean (working days)'
>>> format_value("response_rate", 0.973, "zh")
'97.3%'

The language is ``"zh"`` (Simplified Chinese) or ``"en"`` (English). When it is not
given, ``default_lang()`` follows the system locale. Category names come from
``sim.params.CATEGORIES`` and group names from ``sim.params.GROUPS``, so the
parameter table stays the one place where they are defined.
"""

from __future__ import annotations

import locale
import math
import os
import sys
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from ..errors import ScenarioError
from ..inputs import MAX_TITLE, quote
from ..params import CATEGORIES, GROUPS, PARAMS
from ..text import METRIC_TEXT, STRINGS, Part, render

LANGS: tuple[str, ...] = ("zh", "en")


def _build_table() -> Mapping[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = dict(STRINGS)
    for name, (zh, en, _unit) in METRIC_TEXT.items():
        table[f"metric.{name}"] = (zh, en)
    for c in CATEGORIES:
        table[f"category.{c.key}"] = (c.zh, c.en)
    for key, (zh, en) in GROUPS.items():
        table[f"group.{key}"] = (zh, en)
    return MappingProxyType(table)


TABLE: Mapping[str, tuple[str, str]] = _build_table()


def default_lang(environ: Mapping[str, str] | None = None, windows_ui: Callable[[], int] | None = None) -> str:
    """Return the language of the system locale: ``"zh"`` for a Chinese locale, else ``"en"``.

    The first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides, as in POSIX.
    Windows sets none of them: there the language of the user's Windows display decides.

    Args:
        environ: the environment to read (default ``os.environ``).
        windows_ui: returns the Windows display language id (LANGID); default: ask Windows
            when running on it.

    """
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    if windows_ui is None and sys.platform == "win32":
        import ctypes

        windows_ui = ctypes.windll.kernel32.GetUserDefaultUILanguage
    if windows_ui is not None:
        return windows_lang(windows_ui())
    return "en"


def windows_lang(langid: int) -> str:
    """``"zh"`` for a Chinese Windows display language id (e.g. 0x0804, zh_CN), else ``"en"``."""
    name = locale.windows_locale.get(langid, "")
    return "zh" if name.lower().startswith("zh") else "en"


def check_lang(lang: str | None) -> str:
    """Return ``lang`` if it is a supported language (``None`` means the default).

    Raises:
        ScenarioError: for any other value.

    """
    if lang is None:
        return default_lang()
    if not isinstance(lang, str) or lang not in LANGS:
        expected = Part("error.allowed.one_of", choices=", ".join(LANGS))
        raise ScenarioError.keyed("error.not_allowed", label="lang", value=quote(lang), expected=expected)
    return lang


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """Return the text of ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    The text is rendered by ``sim.text.render`` from ``TABLE``; a ``sim.text.Part`` among
    the values is rendered in ``lang`` too.

    Raises:
        KeyError: for an unknown key (a bug, not a user error).
        ScenarioError: for an unknown language.

    """
    return render(key, check_lang(lang), TABLE, **values)


def in_lang(value: Any, lang: str | None = None) -> str:
    """A value as a text shows it: a ``sim.text.Part`` or a ``Note`` in ``lang``, anything else as ``str``."""
    if isinstance(value, Part):
        return value.text(check_lang(lang), TABLE)
    return value.text(check_lang(lang)) if isinstance(value, Note) else str(value)


def is_percent(name: str) -> bool:
    """Whether a metric is a rate or share, shown as a percentage (a Gini coefficient of rates is not)."""
    return name.endswith(("_rate", "_share", "_utilisation")) and not name.startswith("gini_")


def metric_unit(name: str, lang: str | None = None) -> str:
    """Return the unit of a metric in ``lang`` ("" for rates, shares and unknown metrics)."""
    unit = METRIC_TEXT.get(name, ("", "", ""))[2]
    return t(f"unit.{unit}", lang) if unit else ""


def metric_label(name: str, lang: str | None = None, unit: bool = True) -> str:
    """Return the label of a metric, with its unit in brackets unless ``unit`` is False.

    Unknown names (e.g. metrics added to the model later) come back unchanged.
    """
    key = f"metric.{name}"
    if key not in TABLE:
        return name
    label = t(key, lang)
    u = metric_unit(name, lang) if unit else ""
    if not u:
        return label
    return t("format.with_unit", lang, label=label, unit=u)


def category_label(key: str, lang: str | None = None) -> str:
    """Return the name of an issue category (``sim.params.CATEGORIES``)."""
    return _label("category", key, lang)


def channel_label(key: str, lang: str | None = None) -> str:
    """Return how an issue became known (``sim.model.issues.CHANNELS``)."""
    return _label("channel", key, lang)


def who_label(key: str, lang: str | None = None) -> str:
    """Return who did the work: a handler or a row of the hours table."""
    return _label("who", key, lang)


def activity_label(key: str, lang: str | None = None) -> str:
    """Return what the hours were spent on."""
    return _label("activity", key, lang)


def state_label(key: str, lang: str | None = None) -> str:
    """Return the name of an issue state (hidden, waiting, in_progress, resolved, closed)."""
    return _label("state", key, lang)


def group_label(key: str, lang: str | None = None) -> str:
    """Return the name of a parameter group (``sim.params.GROUPS``)."""
    return _label("group", key, lang)


def _label(prefix: str, key: str, lang: str | None) -> str:
    full = f"{prefix}.{key}"
    return t(full, lang) if full in TABLE else str(key)


def param_label(name: str, lang: str | None = None) -> str:
    """Return the label of a parameter from the parameter table."""
    p = PARAMS[name]
    return p.zh if check_lang(lang) == "zh" else p.en


def param_unit(unit: str, lang: str | None = None) -> str:
    """Return a unit of the parameter table, translated when a translation exists."""
    key = f"unit.param.{unit}"
    return t(key, lang) if key in TABLE else unit


def scenario_title(scenario: Any, lang: str | None = None) -> str:
    """Return a scenario's title in ``lang``, falling back to its name.

    A title longer than ``sim.inputs.MAX_TITLE`` characters (possible for a Scenario built
    in code) is cut, so tables and figures never lay out megabytes of text.
    """
    title = getattr(scenario, "title", {}) or {}
    text = str(title.get(check_lang(lang)) or getattr(scenario, "name", str(scenario)))
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"


def _is_missing(value: Any) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _number(value: float, unit: str) -> str:
    if unit in ("issues", "hours"):
        if abs(value) >= 100 or value.is_integer():
            return f"{round(value) + 0:,.0f}"
        return f"{round(value, 1) + 0.0:,.1f}"
    if unit == "working_days":
        return f"{round(value, 2) + 0.0:.2f}"
    return f"{value:.3g}"


def format_value(name: str, value: Any, lang: str | None = None) -> str:
    """Format a metric's value as people read it: rates as ``97.3%``, times with two decimals."""
    if _is_missing(value):
        return "–"
    value = float(value)
    if is_percent(name):
        return f"{round(value * 100, 1) + 0.0:.1f}%"
    return _number(value, METRIC_TEXT.get(name, ("", "", ""))[2])


def format_ci(name: str, low: Any, high: Any, lang: str | None = None) -> str:
    """Format a 95% confidence interval as ``[low, high]``."""
    if _is_missing(low) or _is_missing(high):
        return ""
    return f"[{format_value(name, low, lang)}, {format_value(name, high, lang)}]"


def format_diff(name: str, value: Any, lang: str | None = None) -> str:
    """Format a difference with its sign; rates in percentage points."""
    if _is_missing(value):
        return "–"
    value = float(value)
    if is_percent(name):
        pp = round(value * 100, 1) + 0.0
        return t("format.points_diff", lang, points=pp, unit=Part("unit.percent_points"))
    text = format_value(name, abs(value), lang)
    return ("+" if text.strip("0.,") == "" or value >= 0 else "-") + text


def display_width(text: str) -> int:
    """Count the columns ``text`` takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` terminal columns.

    Latin text breaks at spaces; Chinese text may break between any two characters.
    """
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for token in _tokens(para):
            if line and display_width(line + token) > width and token not in _NO_LINE_START:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return lines


# Punctuation that must not start a line (it stays at the end of the previous one).
_NO_LINE_START = frozenset("，。、；：！？）》」』”’,.;:!?)")


def _tokens(text: str) -> list[str]:
    """Split into words (with their trailing space) and single wide characters."""
    out: list[str] = []
    word = ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            word += ch
            if ch == " ":
                out.append(word)
                word = ""
    if word:
        out.append(word)
    return out


class Note(str):
    """A caveat or warning: the English text (the string itself) and its Chinese text.

    Results keep their notes as ``Note``s (calibration's caveats, an experiment's metrics
    without indices): they read as plain strings, and a report shows them in its language.

    Args:
        key: the key of the text (in ``sim.text``).
        values: its placeholders.
    """

    zh: str

    def __new__(cls, key: str, **values: Any) -> Note:
        """The note of ``key`` with ``values``, in both languages."""
        note = super().__new__(cls, t(key, "en", **values))
        note.zh = t(key, "zh", **values)
        return note

    def text(self, lang: str | None) -> str:
        """The note in ``lang`` ("zh" or "en")."""
        return self.zh if lang == "zh" else str(self)

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        """Copy and pickle by the two texts (``__new__`` takes a key)."""
        return _restore_note, (str(self), self.zh)


def _restore_note(en: str, zh: str) -> Note:
    note = str.__new__(Note, en)
    note.zh = zh
    return note


__all__ = [
    "LANGS",
    "TABLE",
    "Note",
    "activity_label",
    "category_label",
    "channel_label",
    "check_lang",
    "default_lang",
    "display_width",
    "format_ci",
    "format_diff",
    "format_value",
    "group_label",
    "in_lang",
    "is_percent",
    "metric_label",
    "metric_unit",
    "param_label",
    "param_unit",
    "scenario_title",
    "state_label",
    "t",
    "who_label",
    "wrap",
]
