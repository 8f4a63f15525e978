"""12345 hotline categories in an issue log: which of the kit's issue categories each one is.

A community that keeps its log by exporting cases from the 12345 hotline system finds the
hotline's categories (物业管理, 城市管理, 供暖 …) in the category column, not the kit's six.
``sim/data/12345-categories.csv`` maps each hotline category to a kit category, with the
source where there is one and the assumption otherwise; ``category_key`` reads a cell by
the kit's own names first, then by that table. Hotline systems often write a path of
categories (``城市管理/市容环卫``, ``城市管理>垃圾清运``): its most specific known part decides.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..params import CATEGORY_KEYS
from .columns import CATEGORY_NAMES

HOTLINE_PATH = Path(__file__).resolve().parent.parent / "data" / "12345-categories.csv"
# Between the levels of a category path: slashes, arrows, dashes, the full-width forms too.
_PATH_SEPARATORS = re.compile(r"\s*(?:/|／|\\|>|＞|→|-|－|—|\||｜)\s*")


@dataclass(frozen=True)
class HotlineCategory:
    """One row of the mapping table.

    Attributes:
        name: the hotline category, as hotline logs write it.
        category: the kit's category key it is counted as.
        source: the sources (``S1``…, defined at the top of the table) that show it in use; may be empty.
        basis: why it maps so: ``source: …`` or ``assumption: …``.
    """

    name: str
    category: str
    source: str
    basis: str


def read_hotline_table(path: Path = HOTLINE_PATH) -> tuple[HotlineCategory, ...]:
    """The mapping table: its rows, checked (a bad row is a bug in the shipped file).

    Raises:
        ValueError: for a row whose category is not a kit category, whose basis says
            neither source nor assumption, or a hotline category listed twice.
    """
    text = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if not line.startswith("#"))
    rows = tuple(
        HotlineCategory(r["hotline_category"].strip(), r["category"].strip(), r["source"].strip(), r["basis"].strip())
        for r in csv.DictReader(io.StringIO(text))
    )
    seen: set[str] = set()
    for row in rows:
        if row.category not in CATEGORY_KEYS:
            raise ValueError(f"{path.name}: {row.name}: {row.category!r} is not a kit category")
        if not row.basis.startswith(("source:", "assumption:")):
            raise ValueError(f"{path.name}: {row.name}: the basis says neither 'source:' nor 'assumption:'")
        if row.name.lower() in seen or not row.name:
            raise ValueError(f"{path.name}: {row.name!r} is empty or listed twice")
        seen.add(row.name.lower())
    return rows


HOTLINE_TABLE = read_hotline_table()
HOTLINE_NAMES = {row.name.lower(): row.category for row in HOTLINE_TABLE}


def category_key(cell: str) -> str | None:
    """The kit's category key of a log's category cell; None when neither the kit nor the table knows it.

    The kit's names (key, Chinese or English name) come first, then the 12345 table; a
    path of categories is read from its most specific (last) known part.
    """
    value = cell.strip().lower()
    if not value:
        return None
    parts = [p for p in _PATH_SEPARATORS.split(value) if p]
    for part in (value, *reversed(parts)):  # the whole cell, then the path from its most specific part
        for names in (CATEGORY_NAMES, HOTLINE_NAMES):
            if part in names:
                return names[part]
    return None
