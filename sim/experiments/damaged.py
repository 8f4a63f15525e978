"""Damaged files of an experiment directory: the error, its messages and checked reading.

A results store can be damaged from outside (a disk that filled up, a copy that was cut
short, a file edited by hand). Every file is checked when it is read, and a problem is
reported as one ``DamagedFile`` naming the file, what is wrong and how to repair it:

- ``meta.json`` identifies the experiment; without it nothing can be checked, and the
  experiment is run again into a new directory;
- ``experiment.toml``, ``design.parquet``, ``design.json`` and ``samples.parquet`` are
  rewritten by running the same experiment file into the directory again (its
  fingerprint must match ``meta.json``);
- a run file that cannot be read, or whose row does not match its name, is *damaged*:
  status and analysis leave it out and list it (``damaged_message``), and a rerun moves
  it to ``runs/damaged/`` and runs that (point, replication) again.

The texts are keys of ``sim.text.experiments`` (``experiment.damaged.*``): a message is
``experiment.damaged`` with a *problem* part and a *repair* part.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ScenarioError
from ..i18n import t
from ..text import Part

MAX_TEXT_BYTES = 64_000_000  # meta.json, design.json and experiment.toml are far smaller
SHOW_FILES = 5  # damaged run files named in a message; the rest are counted


class DamagedFile(ScenarioError):
    """A file of an experiment directory that is missing, empty or cannot be read.

    The message names the file, says what is wrong and how to repair it.
    """


def short_list(names: list[str], limit: int = SHOW_FILES) -> str | Part:
    """``a, b, c`` for a few names; for many, ``a, b, c, … (N in all)`` as a ``Part`` (said in each language)."""
    if len(names) <= limit:
        return ", ".join(names)
    return Part("word.list_more", shown=", ".join(names[:limit]), n=len(names))


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, cut to a readable length."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"^Could not open Parquet input source '[^']*': ", "", text)  # the file is named already
    text = "".join(c if c.isprintable() else "?" for c in text)  # nothing that moves the terminal's cursor
    return text if len(text) <= 160 else text[:159] + "…"


def damaged_message(names: list[str], lang: str | None = None) -> str:
    """One line for ``experiment status``/``analyze``: how many run files are damaged, which, how to repair."""
    return t("cli.experiment.damaged", lang, n=len(names), files=short_list(names))


def problem(key: str, /, **values: Any) -> Part:
    """What is wrong with a file: the part ``experiment.damaged.problem.KEY``."""
    return Part(f"experiment.damaged.problem.{key}", **values)


class CheckedFiles:
    """The files of one experiment directory, read with every problem raised as ``DamagedFile``.

    Args:
        path: the directory.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    def _damaged(self, name: str, what: Part, repair: Part) -> DamagedFile:
        """The error for file ``name``: what is wrong with it and how to repair it."""
        return DamagedFile.keyed("experiment.damaged", where=self.path / name, problem=what, repair=repair)

    def _bad(self, name: str, what: Part) -> DamagedFile:
        """A damaged file, with the repair that fits it."""
        if name == "meta.json":
            return self._damaged(name, what, Part("experiment.damaged.repair.meta"))
        return self._damaged(name, what, Part("experiment.damaged.repair.rewrite", path=self.path))

    def _bytes(self, name: str) -> bytes:
        """The contents of one file of the directory, or DamagedFile when missing, empty or too large."""
        path = self.path / name
        if not path.exists():
            raise self._bad(name, problem("missing"))
        if not path.is_file():
            raise self._bad(name, problem("not_a_file"))
        try:
            size = path.stat().st_size
            if size == 0:
                raise self._bad(name, problem("empty"))
            if size > MAX_TEXT_BYTES and not name.endswith(".parquet"):
                raise self._bad(name, problem("too_large", size=size, limit=MAX_TEXT_BYTES))
            return path.read_bytes()
        except OSError as exc:
            raise self._bad(name, problem("unreadable", why=exc.strerror or type(exc).__name__)) from None

    def _json_object(self, name: str) -> dict[str, Any]:
        try:
            data = json.loads(self._bytes(name).decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            if isinstance(exc, DamagedFile):
                raise
            raise self._bad(name, problem("not_json", why=first_line(exc))) from None
        if not isinstance(data, dict):
            raise self._bad(name, problem("not_object", example="{...}"))
        return data

    def _table(self, name: str) -> pd.DataFrame:
        try:
            return pd.read_parquet(io.BytesIO(self._bytes(name)))
        except DamagedFile:
            raise
        except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds for a damaged file
            raise self._bad(name, problem("not_parquet", why=first_line(exc))) from None
