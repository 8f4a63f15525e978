"""Every text the kit shows to people, in Simplified Chinese and English: one table.

The table is split by area into modules of plain data (``core``, ``cli``, ``calibrate``,
``reports``, ``experiments``, ``panels``, ``errors``, ``workshop``, ``course``, ``bundle``,
``printables``, ``discover``, ``street``, ``street_views``, ``optimize``); this package merges them and
refuses a key defined twice. ``render`` is the one place where a text is looked up and
its placeholders filled: ``sim.i18n.t`` renders a key in a language through it, and
``sim.errors.ScenarioError.keyed`` builds an error in both languages from one, so there
is one way to say anything in both languages. A placeholder may be filled with a
``Part``, a key of its own, which is rendered in the language of the text it fills
(e.g. the allowed values in "… is not allowed: expected {expected}"). This package
imports nothing else from the kit, so any module may read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType, ModuleType
from typing import Any

from . import (
    bundle,
    calibrate,
    cli,
    core,
    course,
    discover,
    errors,
    experiments,
    optimize,
    panels,
    printables,
    reports,
    street,
    street_views,
    workshop,
)

METRIC_TEXT = core.METRIC_TEXT
LEVER_HELP = panels.LEVER_HELP

MODULES: tuple[ModuleType, ...] = (
    core,
    cli,
    calibrate,
    reports,
    experiments,
    panels,
    errors,
    workshop,
    course,
    bundle,
    printables,
    discover,
    street,
    street_views,
    optimize,
)


def _merge(modules: Iterable[ModuleType] = MODULES) -> MappingProxyType:
    """The ``STRINGS`` of ``modules`` in one read-only table.

    Raises:
        RuntimeError: for a key that two modules (or one module twice) define.
    """
    table: dict[str, tuple[str, str]] = {}
    for module in modules:
        for key, pair in module.STRINGS.items():
            if key in table:
                raise RuntimeError(
                    f"text key defined twice: {key} (again in sim.text.{module.__name__.rsplit('.', 1)[-1]})"
                )
            table[key] = pair
    return MappingProxyType(table)


STRINGS = _merge()


class Part:
    """A piece of a text that has a key of its own, to fill a placeholder of another text.

    It is rendered in the language of the text it fills, so one set of values serves
    both languages: ``render("error.not_allowed", lang, expected=Part("error.allowed.bool"), ...)``.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: Any):
        self.key = key
        self.values = values

    def __repr__(self) -> str:
        return f"Part({self.key!r}, **{self.values!r})"

    def text(self, lang: str, table: Mapping[str, tuple[str, str]] = STRINGS) -> str:
        """This part in ``lang`` ("zh" or "en")."""
        return render(self.key, lang, table, **self.values)


def render(key: str, lang: str, table: Mapping[str, tuple[str, str]] = STRINGS, /, **values: Any) -> str:
    """The text of ``key`` in ``lang`` ("zh" or "en"), placeholders filled in.

    Args:
        key: the key of the text.
        lang: "zh" for Chinese; anything else gives English (callers check the language).
        table: where to look ``key`` up (``sim.i18n.TABLE`` adds the labels built from
            the parameter table); positional only, so any placeholder name is free.
        values: the placeholders; a ``Part`` is rendered in ``lang`` first.

    Raises:
        KeyError: for a key ``table`` does not define.
    """
    text = table[key][0 if lang == "zh" else 1]
    if not values:
        return text
    filled = {name: v.text(lang, table) if isinstance(v, Part) else v for name, v in values.items()}
    return text.format(**filled)
