"""Web pages of the reports: Jinja2 templates in ``sim/templates`` filled in with every value escaped.

The pages (``report.html`` of a run or a comparison, written by ``sim.report``, and the
experiment report of ``sim.experiments.report``) extend one page frame (``base.html``).
Tables reach the templates as ``HtmlTable`` (text cells) and figures as ``HtmlFigure``
(PNG embedded as base64), so a page can be mailed or archived on its own.

>>> page = render_page("base.html", "en", title="A & B")
>>> "A &amp; B" in page
True
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from .i18n import check_lang, t

HTML_LANG = {"zh": "zh-CN", "en": "en"}


@dataclass(frozen=True)
class HtmlTable:
    """A table for the page templates: header texts, rows of cell texts, a note under it.

    ``row_names``: the first column names the row (shown as a header cell).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_names: bool = False
    note: str = ""


@dataclass(frozen=True)
class HtmlFigure:
    """A PNG figure embedded in a page: its name (the image's alt text), base64 data and caption."""

    name: str
    data: str
    caption: str = ""


def cell_text(value: Any) -> str:
    """A value as the text of a table cell ("–" for a missing value)."""
    if value is None or (isinstance(value, (float, np.floating)) and np.isnan(value)):
        return "–"
    return str(value)


def html_pairs(mapping: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """A mapping as (name, cell text) pairs, e.g. the package versions a page lists."""
    return [(str(k), cell_text(v)) for k, v in (mapping or {}).items()]


def html_table(
    df: pd.DataFrame, index: str | None = None, limit: int | None = None, more: str = "", note: str = ""
) -> HtmlTable:
    """A DataFrame as an ``HtmlTable`` of text cells (missing values shown as "–").

    Args:
        df: the table.
        index: the header of the index column; None leaves the index out.
        limit: show at most this many rows ...
        more: ... and then this note (e.g. "first 200 rows only").
        note: a note shown under the table.

    """
    notes = [note] if note else []
    if limit is not None and len(df) > limit:
        df = df.head(limit)
        notes.append(more)
    columns = [str(c) for c in df.columns]
    rows = [tuple(cell_text(v) for v in row) for row in df.itertuples(index=False)]
    if index is not None:
        columns.insert(0, index)
        rows = [(cell_text(i), *row) for i, row in zip(df.index, rows, strict=True)]
    return HtmlTable(tuple(columns), tuple(rows), index is not None, " ".join(notes))


def png_bytes(fig: Any, dpi: int = 150) -> bytes:
    """A matplotlib figure as PNG bytes, for a file or a page (the pages embed them)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def html_figure(name: str, png: bytes, caption: str = "") -> HtmlFigure:
    """A PNG (its bytes) as an ``HtmlFigure`` to embed in a page."""
    return HtmlFigure(name, base64.b64encode(png).decode("ascii"), caption)


@functools.cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sim", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(
    template: str,
    lang: str | None,
    title: str,
    lead: Iterable[str] = (),
    warnings: Iterable[str] = (),
    **context: Any,
) -> str:
    """Fill in one of the page templates in ``sim/templates`` (every value escaped).

    The page frame (``base.html``) shows ``title``, the ``lead`` lines and the
    ``warnings`` (e.g. a run that cannot keep up), marked so they stand out; templates
    reach the kit's texts as ``tr(key, **values)`` in ``lang``, and ``colon`` is the
    language's colon after a label.
    """
    lang = check_lang(lang)

    def tr(key: str, **values: Any) -> str:
        return t(key, lang, **values)

    page = _templates().get_template(template)
    return page.render(
        lang=lang,
        html_lang=HTML_LANG[lang],
        title=title,
        lead=list(lead),
        warnings=[w for w in warnings if w],
        tr=tr,
        colon=t("word.colon", lang),
        **context,
    )


__all__ = [
    "HTML_LANG",
    "HtmlFigure",
    "HtmlTable",
    "cell_text",
    "html_figure",
    "html_pairs",
    "html_table",
    "png_bytes",
    "render_page",
]
