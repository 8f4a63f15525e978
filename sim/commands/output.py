"""Printing for the commands: plain-text tables that line up Chinese and English, wrapped lines."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence

import pandas as pd
from tqdm import tqdm

from ..i18n import display_width, t, wrap


def render_table(
    df: pd.DataFrame, index_header: str = "", header_width: int | None = None, left: Sequence[str] = ()
) -> str:
    """Render a plain-text table that lines up Chinese and English text in a terminal.

    The index is the first column (left-aligned); the other columns are right-aligned
    unless named in ``left``. Column headers longer than ``header_width`` terminal
    columns are wrapped onto several lines.
    """
    lefts = {0} | {k + 1 for k, c in enumerate(df.columns) if c in left}
    headers = [[index_header], *[wrap(str(c), header_width) if header_width else [str(c)] for c in df.columns]]
    height = max(len(h) for h in headers)
    headers = [[""] * (height - len(h)) + h for h in headers]
    rows = [[str(i), *[str(v) for v in row]] for i, row in zip(df.index, df.itertuples(index=False), strict=True)]
    cells = [*zip(*headers, strict=True), *rows]
    widths = [max(display_width(r[k]) for r in cells) for k in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        out = []
        for k, (cell, w) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (w - display_width(cell))
            out.append(cell + pad if k in lefts else pad + cell)
        return "  ".join(out).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([*[line(h) for h in zip(*headers, strict=True)], rule, *[line(r) for r in rows]])


def print_line(text: str = "") -> None:
    """Print one line of a command's output (to standard output)."""
    print(text, file=sys.stdout)


def terminal_width() -> int:
    """The width to lay out text for: the terminal's, at most 110 columns."""
    return min(110, shutil.get_terminal_size((100, 24)).columns)


def print_wrapped(label: str, text: str, lang: str) -> None:
    """Print ``label: text`` wrapped to the terminal, continuation lines indented."""
    sep = t("word.colon", lang)
    text = text.replace(" = ", "\u00a0=\u00a0")  # keep "name = value" on one line
    lines = wrap(f"{label}{sep}{text}", terminal_width())
    for k, line in enumerate(lines):
        print_line(("  " if k else "") + line.replace("\u00a0", " "))


def progress_bar(total: int, lang: str, **options) -> tqdm:
    """A progress bar of runs on stderr in ``lang`` (hidden when stderr is not a terminal).

    Args:
        total: runs to do.
        lang: the interface language.
        **options: more ``tqdm`` options (``leave=False`` to clear it when done, ``smoothing``).
    """
    return tqdm(
        total=total,
        desc=t("cli.progress", lang),
        unit=t("cli.progress_unit", lang),
        file=sys.stderr,
        disable=None,
        **options,
    )
