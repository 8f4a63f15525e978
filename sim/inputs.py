"""Checks shared by every reader of user input (输入校验).

Scenario files, ``--set``, command-line options, experiment files and calibration
options all pass through these functions, so a number, a seed, a name or a nested
table is judged by the same rules wherever it comes from:

- numbers must be finite before anything converts them (``nan``, ``inf``, ``1e400``
  and ``10**400`` are refused with a message, never an ``OverflowError``);
- seeds are integers with 0 ≤ seed < 2⁶³;
- replications, design points and total runs are capped (``DEFAULT_MAX_RUNS``; the
  ``--max-runs`` option or the ``max_runs=`` argument raises the cap);
- names, titles, descriptions and keys have a bounded length, tables a bounded depth,
  and a message quotes at most ``QUOTE_CHARS`` characters of a bad value;
- an empty file or an empty table where a value belongs is an error.

Every check raises ``ScenarioError`` with an English and a Chinese text that name the
field and what is allowed (the ``error.*`` keys of ``sim.text.errors``).
"""

from __future__ import annotations

import math
import numbers
import tomllib
from collections.abc import Mapping
from typing import Any

from .errors import ScenarioError
from .text import Part

SEED_LIMIT = 2**63  # seeds are 0 ≤ seed < SEED_LIMIT (NumPy and Parquet store them as int64)
DEFAULT_MAX_RUNS = 200_000  # replications, design points and total runs of one command
QUOTE_CHARS = 80  # a message shows at most this much of a bad value
PATH_CHARS = 260  # a message shows a path whole up to this length (Windows' classic limit)
PATH_HEAD = 60  # a longer path keeps this much of its start, the rest from its end
MAX_KEY = 100  # characters in a key or parameter name
MAX_NAME = 100  # characters in a scenario, experiment or table name
MAX_TITLE = 200  # characters in a title
MAX_DESCRIPTION = 5_000  # characters in a description
MAX_DEPTH = 8  # levels of nested tables under [params] or [factors]
MAX_FILE_BYTES = 1_000_000  # a scenario or experiment file
MAX_LOG_BYTES = 50_000_000  # an issue log (CSV) for calibration: far above a community's years of records


def quote(value: Any) -> str:
    """The ``repr`` of ``value``, cut to ``QUOTE_CHARS`` characters (with the full length)."""
    text = repr(value)
    if len(text) <= QUOTE_CHARS:
        return text
    return f"{text[: QUOTE_CHARS - 1]}… ({len(text):,} chars)"


def cut(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(text: str) -> str:
    """A key or option value for a message: as it is when short and printable, else ``quote``d."""
    return text if len(text) <= QUOTE_CHARS and text.isprintable() else quote(text)


def safe_text(value: Any) -> str:
    """Text safe to print and to write as UTF-8: undecodable bytes of a file name become �."""
    return str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def shown_path(path: Any) -> str:
    """A file or folder name for a message: whole when it can be, else its start and its end.

    The user must find the place again, so a path is not cut at ``QUOTE_CHARS`` like a bad
    value: up to ``PATH_CHARS`` characters it is shown whole (deep folders with Chinese names
    reach a hundred characters and more), and a longer one keeps its start (the drive or
    home) and its end (the file's own name), joined by "…". Bytes that do not decode and
    control characters, which would garble the terminal, show as "�".
    """
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in safe_text(path))
    if len(text) <= PATH_CHARS:
        return text
    return f"{text[:PATH_HEAD]}…{text[len(text) - (PATH_CHARS - PATH_HEAD - 1) :]}"


def count_text(count: int) -> str | Part:
    """A count for a message: with thousands separators, or "more than 10**24" when absurdly large."""
    return f"{count:,}" if count <= 10**24 else Part("error.count.huge")


def is_number(value: Any) -> bool:
    """Whether ``value`` is a real number (not a bool, not a string)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_finite(value: Any) -> bool:
    """Whether ``value`` is a finite real number; never raises (``10**400`` is finite)."""
    if not is_number(value):
        return False
    if isinstance(value, numbers.Integral):
        return True
    return math.isfinite(value)


def as_integer(value: Any) -> int | None:
    """``value`` as an int when it is a whole finite number, else None (never raises)."""
    if not is_finite(value):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    return int(value) if float(value).is_integer() else None


def check_seed(value: Any, label: str = "seed") -> int:
    """Return ``value`` as a seed, or raise: an integer with 0 ≤ seed < 2⁶³."""
    seed = as_integer(value)
    if seed is None or not 0 <= seed < SEED_LIMIT:
        raise ScenarioError.keyed("error.seed", label=label, value=quote(value))
    return seed


def check_count(value: Any, label: str, low: int = 1, high: int | None = None) -> int:
    """Return ``value`` as an integer in ``[low, high]``, or raise naming ``label``."""
    n = as_integer(value)
    if n is None or n < low or (high is not None and n > high):
        expected = (
            Part("error.count.between", low=low, high=high)
            if high is not None
            else Part("error.count.at_least", low=low)
        )
        raise ScenarioError.keyed("error.count", label=label, value=quote(value), expected=expected)
    return n


def max_runs_or_default(max_runs: int | None) -> int:
    """The run cap in force: ``max_runs`` when given (checked), else ``DEFAULT_MAX_RUNS``."""
    if max_runs is None:
        return DEFAULT_MAX_RUNS
    return check_count(max_runs, "--max-runs")


def check_runs(count: int, label: str | Part, max_runs: int | None = None) -> int:
    """Refuse ``count`` runs (or replications, or design points) above the cap.

    The check is made from the sizes alone, before any list of runs is built.

    Args:
        count: how many there would be.
        label: what is counted, as the user wrote it (e.g. ``"--reps"``), or a ``Part`` that
            says it in each language.
        max_runs: the cap (default ``DEFAULT_MAX_RUNS``).
    """
    cap = max_runs_or_default(max_runs)
    if count > cap:
        raise ScenarioError.keyed("error.runs", label=label, count=count_text(count), cap=cap)
    return count


def check_text(value: Any, label: str, limit: int, one_line: bool = True) -> str:
    """Return ``value`` if it is a string of at most ``limit`` characters (one line if asked)."""
    if not isinstance(value, str):
        raise ScenarioError.keyed("error.text.not_string", label=label)
    if len(value) > limit:
        raise ScenarioError.keyed("error.text.too_long", label=label, length=len(value), limit=limit)
    breaks = one_line and any(c in value for c in "\r\n\t")
    if breaks or any(ord(c) < 32 and c not in "\r\n\t" for c in value):
        raise ScenarioError.keyed("error.text.control", label=label, value=quote(value))
    return value


def check_name(value: Any, label: str) -> str:
    """A name used in file and directory names: one line, bounded, no slashes, not hidden."""
    check_text(value, label, MAX_NAME)
    if not value.strip() or any(c in value for c in '/\\:*?"<>|') or value.startswith("."):
        raise ScenarioError.keyed("error.name", label=label, value=quote(value))
    return value


def check_key(key: str, where: str = "") -> str:
    """Refuse a key longer than ``MAX_KEY`` characters (before any lookup or suggestion)."""
    if len(key) > MAX_KEY:
        raise ScenarioError.keyed("error.key.too_long", where=where, key=quote(key), length=len(key), limit=MAX_KEY)
    return key


def flatten(table: Mapping[str, Any], where: str = "", prefix: str = "", _depth: int = 0) -> dict[str, Any]:
    """Turn nested TOML tables into ``{"a.b.c": value}``, in file order.

    Raises:
        ScenarioError: for a key that is too long, tables nested deeper than
            ``MAX_DEPTH``, or an empty table where a value belongs (``staff = {}``).
    """
    if _depth >= MAX_DEPTH:  # checked before recursing, so Python's limit is never reached
        path = prefix.rstrip(".")[:QUOTE_CHARS]
        raise ScenarioError.keyed("error.toml.too_deep", where=where, path=path, depth=MAX_DEPTH)
    out: dict[str, Any] = {}
    for key, value in table.items():
        check_key(key, where)
        name = f"{prefix}{shown(key)}"
        if isinstance(value, Mapping):
            if not value:
                raise ScenarioError.keyed("error.toml.empty_table", where=where, name=name)
            out.update(flatten(value, where, name + ".", _depth + 1))
        else:
            out[name] = value
    return out


MAX_BRACKETS = 64  # TOML nesting read at all; deeper text would run the parser into Python's recursion limit


def bracket_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest in TOML text, outside quoted strings and comments.

    Checked before parsing, so absurdly nested input is refused at once rather than by a
    ``RecursionError`` deep inside the parser (which also upsets garbage-collection hooks).
    """
    depth = deepest = 0
    quote = ""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth -= 1
        i += 1
    return deepest


def parse_toml(text: str, label: str) -> dict[str, Any]:
    """Parse TOML text, or raise one ScenarioError naming ``label``.

    Also refuses an empty (or whitespace- and comment-only) file and nesting deep
    enough to exhaust Python's recursion limit.
    """
    if bracket_depth(text) > MAX_BRACKETS:
        raise ScenarioError.keyed("error.toml.recursion", label=label, depth=MAX_DEPTH)
    try:
        data = tomllib.loads(text)
    except ValueError as exc:  # TOMLDecodeError, or a bare ValueError for integers of over 4,300 digits
        why = cut(str(exc), 200)  # the parser quotes whole key paths
        raise ScenarioError.keyed("error.toml.invalid", label=label, why=why) from None
    except RecursionError:
        raise ScenarioError.keyed("error.toml.recursion", label=label, depth=MAX_DEPTH) from None
    if not data:
        raise ScenarioError.keyed("error.toml.empty_file", label=label)
    return data
