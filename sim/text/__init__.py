"""Every text the kit shows to people, in Simplified Chinese and English: one table.

The table is split by area into modules of plain data (``core``, ``cli``, ``calibrate``,
``reports``, ``experiments``, ``panels``, ``errors``); this package merges them and
refuses a key defined twice. ``sim.i18n.t`` renders a key in a language, and
``sim.errors.ScenarioError.keyed`` builds an error from one, so there is one way to
say anything in both languages. This package imports nothing else from the kit,
so any module may read it.
"""

from __future__ import annotations

from types import MappingProxyType

from . import calibrate, cli, core, errors, experiments, panels, reports

METRIC_TEXT = core.METRIC_TEXT
LEVER_HELP = panels.LEVER_HELP


def _merge() -> MappingProxyType:
    table: dict[str, tuple[str, str]] = {}
    for module in (core, cli, calibrate, reports, experiments, panels, errors):
        for key, pair in module.STRINGS.items():
            if key in table:
                raise RuntimeError(
                    f"text key defined twice: {key} (again in sim.text.{module.__name__.rsplit('.', 1)[1]})"
                )
            table[key] = pair
    return MappingProxyType(table)


STRINGS = _merge()


def render(key: str, lang: str, **values) -> str:
    """The text of ``key`` in ``lang`` ("zh" or "en"), placeholders filled in.

    Raises:
        KeyError: for a key no module defines.
    """
    text = STRINGS[key][0 if lang == "zh" else 1]
    return text.format(**values) if values else text
