"""What the calibration tells people: one-line errors in both languages.

Its notes (caveats and warnings) are ``sim.i18n.Note``s, as every result's notes are.
Every text comes from ``sim.text.calibrate`` (keys ``cli.calibrate.*``) through
``sim.i18n.t``. An error whose text is one key with the same values in both languages
is ``ScenarioError.keyed``; when the text needs more than that (a nested text in the
message's own language, a listing cut to fit one line) ``error_in_both`` builds it from
a function of the language. This module is the bottom of the package: it imports no
other module of ``sim.calibrate``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import ScenarioError
from ..i18n import t
from ..inputs import quote

MAX_PROBLEMS = 10  # rows listed in one error message; the rest are counted
LINE_CHARS = 590  # length of such a message: the command line shows at most 600 characters, "error: " included


def error_in_both(text: Callable[[str], str]) -> ScenarioError:
    """The error whose message in each language is ``text(lang)``.

    For messages that ``ScenarioError.keyed`` cannot say: those holding a text in the
    message's own language (a column's name, what a number may be) or a listing cut to
    the length of a line in that language.
    """
    return ScenarioError.in_both(text)


def range_error(label: str, value: Any, low: float, high: float) -> ScenarioError:
    """The kit's message for a number outside ``[low, high]`` (or not finite), naming it ``label``."""
    bounds = {"low": f"{low:,}", "high": f"{high:,}"}
    return error_in_both(
        lambda lang: t(
            "cli.bad_number", lang, option=label, value=quote(value), what=t("cli.what.number", lang, **bounds)
        )
    )


def listing(items: list[str], lang: str, room: int, more_key: str) -> str:
    """As many ``items`` as fit in ``room`` characters (at most ``MAX_PROBLEMS``), then how many more.

    Args:
        items: the texts to list, in ``lang``.
        lang: "zh" or "en" (the separator and the count of the rest).
        room: characters the listing may take.
        more_key: the key that counts the rest (``{more_key}.one`` when one is left).
    """
    sep = t("cli.calibrate.list.sep", lang)
    shown: list[str] = []
    used = 0
    for item in items[:MAX_PROBLEMS]:
        cost = len(item) + (len(sep) if shown else 0)
        if shown and used + cost > room:
            break
        if not shown and cost > room:  # one very long row: show its start
            item = item[: room - 1] + "…"
            cost = len(item)
        shown.append(item)
        used += cost
    text = sep.join(shown)
    more = len(items) - len(shown)
    if more <= 0:
        return text
    return text + sep + t(f"{more_key}.one" if more == 1 else more_key, lang, n=more)


def listed_error(key: str, values: dict[str, Any], items: Callable[[str], list[str]], more_key: str) -> ScenarioError:
    """A one-line error of ``key`` whose ``{items}`` lists ``items(lang)`` within ``LINE_CHARS``."""

    def text(lang: str) -> str:
        frame = len(t(key, lang, items="", **values)) + len(t(more_key, lang, n=10**6)) + 2
        listed = listing(items(lang), lang, max(LINE_CHARS - frame, 120), more_key)
        return t(key, lang, items=listed, **values)

    return error_in_both(text)
