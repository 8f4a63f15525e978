"""Errors and option values of the command line: what ``sim.cli`` and the commands share.

``UsageError`` (and ``ArgparseError``, argparse's own wording, translated by
``argparse_message``) is a mistake on the command line, shown as one line; the
``*_option`` readers check a numeric option's text; ``parse_set`` and ``load`` read
``--set`` and a scenario. This module imports no command, so any part of the kit that
takes options (``sim.calibrate`` too) can read it.
"""

from __future__ import annotations

import argparse
import math
import re
import tomllib
from collections.abc import Sequence
from typing import Any

from ..errors import ScenarioError
from ..i18n import LANGS, default_lang, t
from ..inputs import DEFAULT_MAX_RUNS, MAX_BRACKETS, SEED_LIMIT, as_integer, bracket_depth, cut, is_finite, quote, shown
from ..params import PARAMS
from ..scenario import Scenario, load_scenario

MAX_JOBS = 1024  # worker processes or Dask workers started by one command


class UsageError(Exception):
    """A command line that cannot be carried out; the message is shown as one line."""


class ArgparseError(UsageError):
    """A usage error worded by argparse itself (English); ``main`` translates it."""


# argparse's own messages (Python 3.12/3.13 wording) -> our keys, so they follow --lang.
_ARGPARSE_MESSAGES = (
    (re.compile(r"^the following arguments are required: (?P<what>.+)$"), "cli.argparse.required"),
    (re.compile(r"^unrecognized arguments: (?P<what>.+)$"), "cli.argparse.unrecognized"),
    (
        re.compile(r"^argument (?P<option>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<allowed>.+)\)$"),
        "cli.argparse.choice",
    ),
    (re.compile(r"^argument (?P<option>\S+): expected one argument$"), "cli.argparse.one_value"),
    (re.compile(r"^argument (?P<option>\S+): not allowed with argument (?P<other>\S+)$"), "cli.argparse.together"),
    (re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<what>.+)$"), "cli.argparse.ambiguous"),
    (re.compile(r"^argument (?P<option>\S+): ignored explicit argument (?P<value>.+)$"), "cli.argparse.no_value"),
)


def argparse_message(message: str, lang: str) -> str:
    """Translate an argparse usage error ``message`` into ``lang``, shortening long values."""
    for pattern, key in _ARGPARSE_MESSAGES:
        m = pattern.match(message)
        if m:
            fields = {k: cut(v) for k, v in m.groupdict().items()}
            return t(key, lang, **fields)
    return message


# ------------------------------------------------------------------- option values -------
def number_option(
    raw: str,
    option: str,
    lang: str,
    low: float | None = None,
    high: float | None = None,
    integer: bool = False,
    what: str | None = None,
) -> int | float:
    """Read a numeric option's text: finite, in ``[low, high]``, whole if ``integer``.

    ``what`` words the allowed values when the range alone would read badly (seeds).

    Raises:
        UsageError: naming the option, the value (shortened) and what is allowed.
    """
    text = raw.strip()
    try:
        value: int | float = int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
    if integer and is_finite(value):
        value = as_integer(value) if as_integer(value) is not None else math.nan
    lo = -math.inf if low is None else low
    hi = math.inf if high is None else high
    if not is_finite(value) or not lo <= value <= hi:
        if what is None and high is None and low is not None:
            what = t("cli.what.at_least", lang, low=_bound(low))
        elif what is None:
            kind = "cli.what.integer" if integer else "cli.what.number"
            what = t(kind, lang, low=_bound(low), high=_bound(high))
        value_text = raw if raw.strip() == raw and raw else quote(raw)
        raise UsageError(t("cli.bad_number", lang, option=option, value=shown(value_text), what=what))
    return value


def _bound(value: float | None) -> str:
    if value is None:
        return "∞"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def seed_option(raw: str, lang: str, option: str = "--seed") -> int:
    """Read ``--seed``: an integer with 0 ≤ seed < 2⁶³."""
    return int(number_option(raw, option, lang, 0, SEED_LIMIT - 1, integer=True, what=t("cli.what.seed", lang)))


def count_option(raw: str | None, option: str, lang: str, high: int | None = None) -> int | None:
    """Read a count option (``--reps``, ``--jobs`` …): an integer ≥ 1, or None when absent."""
    if raw is None:
        return None
    return int(number_option(raw, option, lang, 1, high, integer=True))


def max_runs_option(args: argparse.Namespace, lang: str) -> int:
    """The run cap of this command: ``--max-runs`` or the default."""
    raw = getattr(args, "max_runs", None)
    return DEFAULT_MAX_RUNS if raw is None else count_option(raw, "--max-runs", lang)


def scan_lang(argv: Sequence[str]) -> str:
    """Find the --lang given anywhere on the command line (needed before the parser is built)."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    if lang is None:
        return default_lang()
    if lang not in LANGS:
        raise UsageError(t("cli.bad_lang", default_lang(), value=cut(lang)))
    return lang


# ------------------------------------------------------------------- scenarios -----------
def parse_set(items: Sequence[str], lang: str) -> dict[str, Any]:
    """Turn ``["visit_share=0.2", "gridding=true"]`` into ``{"visit_share": 0.2, "gridding": True}``.

    Values are read as TOML literals (numbers, true/false, "strings"); a value that is
    not valid TOML is taken as a plain string, so ``priority_rule=fifo`` works.
    """
    out: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or not name or not raw or any(c.isspace() for c in name):
            raise UsageError(t("cli.bad_set", lang, item=cut(item)))
        if bracket_depth(raw) > MAX_BRACKETS:
            raise UsageError(t("cli.bad_set_value", lang, name=cut(name)))
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw
        except (RecursionError, ValueError):  # nested past Python's limit, or > 4,300 digits
            raise UsageError(t("cli.bad_set_value", lang, name=cut(name))) from None
        out[name] = value
    return out


def load(ref: str, sets: Sequence[str] = (), days: str | float | None = None, lang: str = "en") -> Scenario:
    """Load a scenario by name or path and apply ``--set`` and ``--days`` (validated)."""
    if isinstance(days, str):
        p = PARAMS["days"]
        days = number_option(days, "--days", lang, p.lo, p.hi, integer=True)
    scenario = load_scenario(ref)
    changes = parse_set(sets, lang)
    if changes:
        try:
            scenario = scenario.with_values(changes)
        except ScenarioError as exc:
            raise exc.prefixed("--set ") from None
    if days is not None:
        try:
            scenario = scenario.with_values({"days": days})
        except ScenarioError as exc:
            raise exc.prefixed("--days: ") from None
    return scenario
