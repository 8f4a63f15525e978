"""Lesson Markdown, read with mistune and written out as typst markup.

The lessons are the one source of the printed course: this module parses them into
mistune's syntax tree and turns a tree into typst markup. Every piece of the lessons'
text becomes a typst *string literal* (``#"…"``), never markup, so nothing a lesson
says (``#``, ``$``, ``*``, ``_``, ``@``, ``<``, ``//``, a URL) can change the layout.
The helpers below find what the documents are made of: a page's title, its sections,
and its callouts (``> ## Case card: …``, ``> ## Exercise …`` with ``> > ## Solution``).

The Carpentries fenced divs of the lessons (``::: challenge`` … ``:::``, nested, see
``DIV_NAMES``) become ``div`` tokens holding their blocks, printed as labelled boxes; HTML
comments (the case-card markers) print nothing, and ``<kbd>label</kbd>`` prints as a key.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import mistune

from ..text import Part

Token = dict[str, Any]

# The marks of a prediction cell in a handout's table: rise, fall, stay level.
PREDICTION = ("↑", "↓", "—")

_FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n---\r?\n", re.S)
# A fenced div opens with ``::: name`` (or ``::: {.name}``) and closes with a line of colons.
_DIV_OPEN = re.compile(r"^:{3,}\s*\{?\.?([A-Za-z][\w-]*)\}?\s*$")
_DIV_CLOSE = re.compile(r"^:{3,}\s*$")
_CODE_FENCE = re.compile(r"^\s*(```|~~~)")
# The Carpentries divs the lessons use; a learner's printout leaves out the trainer's ones.
DIV_NAMES = ("challenge", "solution", "callout", "instructor", "keypoints", "objectives", "questions")
TRAINER_ONLY = ("solution", "instructor")
# renderer=None gives the syntax tree (a list of tokens) instead of HTML.
_PARSE = mistune.create_markdown(renderer=None, plugins=["table"])


class SourceError(ValueError):
    """A lesson file lacks something a printed document is built from.

    Args:
        key: the ``print.source.*`` text that says what is wrong; ``values`` fill it.

    Attributes:
        what: the problem as a ``sim.text.Part``, said in each language (``str(error)`` is its English).
    """

    def __init__(self, key: str, /, **values: Any):
        """The error of ``key`` with ``values``."""
        self.what = Part(key, **values)
        super().__init__(self.what.text("en"))


def parse(text: str) -> list[Token]:
    """Return the block tokens of a Markdown page, its YAML front matter left out.

    A fenced div becomes one token ``{"type": "div", "attrs": {"name": …}, "children": […]}``.

    Raises:
        SourceError: a fenced div that is never closed.
    """
    # Each open div: its name, its tokens so far, the Markdown lines not yet parsed.
    stack: list[tuple[str, list[Token], list[str]]] = [("", [], [])]
    in_code = False

    def flush() -> None:
        _name, tokens, pending = stack[-1]
        if pending:
            tokens.extend(_PARSE("".join(pending)))
            pending.clear()

    for line in _FRONT_MATTER.sub("", text, count=1).splitlines(keepends=True):
        if _CODE_FENCE.match(line):
            in_code = not in_code
        opened = None if in_code else _DIV_OPEN.match(line)
        if opened:
            flush()
            stack.append((opened[1], [], []))
        elif not in_code and len(stack) > 1 and _DIV_CLOSE.match(line):
            flush()
            name, tokens, _ = stack.pop()
            stack[-1][1].append({"type": "div", "attrs": {"name": name}, "children": tokens})
        else:
            stack[-1][2].append(line)
    if len(stack) > 1:
        raise SourceError("print.source.unclosed_div", name=stack[-1][0])
    flush()
    return stack[0][1]


def divs(tokens: Iterable[Token], name: str) -> list[Token]:
    """Return the fenced divs called ``name`` among ``tokens`` (top level only)."""
    return [t for t in tokens if t["type"] == "div" and t["attrs"]["name"] == name]


def plain(tokens: Iterable[Token]) -> str:
    """Return the text of ``tokens`` without any formatting."""
    parts: list[str] = []
    for token in tokens:
        kind = token["type"]
        if kind in ("softbreak", "linebreak"):
            parts.append(" ")
        elif "children" in token:
            parts.append(plain(token["children"]))
        else:
            parts.append(token.get("raw", ""))
    return "".join(parts)


def blocks(tokens: Iterable[Token]) -> list[Token]:
    """Return ``tokens`` without the blank lines between them and without HTML comments."""
    return [t for t in tokens if t["type"] != "blank_line" and not _comment(t)]


def _comment(token: Token) -> bool:
    return token["type"] == "block_html" and token.get("raw", "").lstrip().startswith("<!--")


def heading_text(token: Token, level: int | None = None) -> str | None:
    """Return the text of ``token`` if it is a heading (of ``level``, when given), else None."""
    if token["type"] != "heading" or (level is not None and token["attrs"]["level"] != level):
        return None
    return plain(token["children"]).strip()


def title(tokens: Sequence[Token]) -> str:
    """Return the text of a page's first level-1 heading.

    Raises:
        SourceError: when the page has none.
    """
    for token in tokens:
        text = heading_text(token, 1)
        if text:
            return text
    raise SourceError("print.source.no_heading")


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it, up to the next heading of the same or a higher level."""

    title: str
    body: list[Token]


def sections(tokens: Sequence[Token], level: int = 2) -> list[Section]:
    """Split ``tokens`` at the headings of ``level`` (the blocks before the first are left out)."""
    found: list[Section] = []
    for token in tokens:
        kind = token["type"]
        if kind == "heading" and token["attrs"]["level"] <= level:
            if token["attrs"]["level"] == level:
                found.append(Section(plain(token["children"]).strip(), []))
                continue
            found.append(Section("", []))  # a higher heading ends the section before it
        elif found:
            found[-1].body.append(token)
    return [s for s in found if s.title]


def section(tokens: Sequence[Token], prefix: str, level: int = 2) -> Section:
    """Return the first section of ``level`` whose title starts with ``prefix``.

    Raises:
        SourceError: when there is none.
    """
    for s in sections(tokens, level):
        if s.title.startswith(prefix):
            return s
    raise SourceError("print.source.no_section", prefix=prefix)


@dataclass(frozen=True)
class Callout:
    """A Carpentries-style callout: a blockquote that opens with a level-2 heading."""

    title: str
    body: list[Token]


def callouts(tokens: Iterable[Token], prefix: str) -> list[Callout]:
    """Return the callouts among ``tokens`` (top level only) whose title starts with ``prefix``."""
    found = []
    for token in tokens:
        if token["type"] != "block_quote":
            continue
        inner = blocks(token["children"])
        head = heading_text(inner[0], 2) if inner else None
        if head is not None and head.startswith(prefix):
            found.append(Callout(head, inner[1:]))
    return found


# ---------------------------------------------------------------- typst markup --


def string(text: str) -> str:
    """Return ``text`` on one line as a typst string literal (only backslashes and double quotes need escaping)."""
    text = " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wide(char: str) -> bool:
    """Whether ``char`` is set full-width (Chinese characters and punctuation)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _is_prediction(cell: Token) -> bool:
    return tuple(plain(cell["children"]).split()) == PREDICTION


SHORT_CELL = 16  # a column whose cells are all this short (Latin letters; a Chinese character counts 2) fits its text


def _width(text: str) -> int:
    return sum(2 if _wide(c) else 1 for c in text)


def _columns(rows: list[list[Token]]) -> str:
    """Typst column widths for a table.

    Short columns (and prediction boxes) take the width of their text; the others share
    the rest of the line by the square root of their longest cell, so a column of short
    terms is not squeezed to a few characters by a neighbouring column of long text.
    """
    count = len(rows[0])
    longest = [0] * count
    for row in rows:
        for i, cell in enumerate(row[:count]):
            if not _is_prediction(cell):
                longest[i] = max(longest[i], _width(plain(cell["children"])))
    if all(n <= SHORT_CELL for n in longest):
        return "(" + "auto, " * count + ")"
    return "(" + ", ".join("auto" if n <= SHORT_CELL else f"{math.sqrt(n):.1f}fr" for n in longest) + ",)"


class Markup:
    """Typst markup for mistune tokens, calling the building blocks of ``templates/kit.typ``.

    Args:
        links: whether a link keeps its target (a printed page shows only the link's text).
        learner: a learner's printout: solutions and notes for the trainer are left out.
        labels: the printed label of each fenced div's box, by div name.
    """

    def __init__(self, links: bool = False, learner: bool = False, labels: dict[str, str] | None = None) -> None:
        self.links = links
        self.learner = learner
        self.labels = labels or {}

    # ------------------------------------------------------------------- blocks --
    def blocks(self, tokens: Iterable[Token]) -> str:
        """Return the typst markup of block tokens, separated as paragraphs."""
        return "\n\n".join(m for m in (self.block(t) for t in blocks(tokens)) if m)

    def block(self, token: Token) -> str:
        """Return the typst markup of one block token.

        Raises:
            SourceError: for Markdown the printed documents do not support (raw HTML).
        """
        kind = token["type"]
        handler: Callable[[Token], str] | None = getattr(self, f"_block_{kind}", None)
        if handler is None:
            raise SourceError("print.source.unsupported", kind=kind)
        return handler(token)

    def _block_div(self, token: Token) -> str:
        name = token["attrs"]["name"]
        if name not in DIV_NAMES:
            raise SourceError("print.source.unknown_div", name=name)
        if self.learner and name in TRAINER_ONLY:
            return ""
        label = string(self.labels.get(name, ""))
        return f"#div-box(kind: {string(name)}, label: {label})[" + self.blocks(token["children"]) + "]"

    def _block_paragraph(self, token: Token) -> str:
        return self.inlines(token["children"])

    def _block_block_text(self, token: Token) -> str:
        return self.inlines(token["children"])

    def _block_heading(self, token: Token) -> str:
        return f"#heading(level: {token['attrs']['level']})[" + self.inlines(token["children"]) + "]"

    def _block_thematic_break(self, token: Token) -> str:
        # A line of underscores under a question is room to write the answer.
        return "#write-line()"

    def _block_block_quote(self, token: Token) -> str:
        return "#note[" + self.blocks(token["children"]) + "]"

    def _block_block_code(self, token: Token) -> str:
        info = (token.get("attrs") or {}).get("info") or ""
        lang = f", lang: {string(info.split()[0])}" if info.strip() else ""
        return f"#raw(block: true{lang}, {string_block(token['raw'].rstrip())})"

    def _block_list(self, token: Token) -> str:
        attrs = token.get("attrs") or {}
        items = ", ".join("[" + self.blocks(item["children"]) + "]" for item in token["children"])
        tight = "true" if token.get("tight") else "false"
        if attrs.get("ordered"):
            return f"#enum(tight: {tight}, start: {int(attrs.get('start', 1))}, {items})"
        return f"#list(tight: {tight}, {items})"

    def _block_table(self, token: Token) -> str:
        head = token["children"][0]["children"]
        body = [row["children"] for row in token["children"][1]["children"]] if len(token["children"]) > 1 else []
        cells = ["table.header(" + ", ".join(self._cell(c) for c in head) + ")"]
        cells += [self._cell(c) for row in body for c in row]
        return f"#md-table(columns: {_columns([head, *body])}, " + ", ".join(cells) + ")"

    def _cell(self, cell: Token) -> str:
        if _is_prediction(cell):
            return "predict((" + ", ".join(string(m) for m in PREDICTION) + "))"
        return "[" + self.inlines(cell["children"]) + "]"

    # ------------------------------------------------------------------ inlines --
    def inlines(self, tokens: Sequence[Token]) -> str:
        """Return the typst markup of inline tokens; all their text as string literals."""
        out: list[str] = []
        text: list[str] = []

        def flush() -> None:
            if text:
                out.append("#" + string("".join(text)))
                text.clear()

        tokens = _keys(tokens)
        for i, token in enumerate(tokens):
            kind = token["type"]
            if kind == "kbd":
                flush()
                out.append("#kbd(" + string(token["raw"]) + ")")
            elif kind in ("text", "inline_html"):
                text.append(token["raw"])
            elif kind == "softbreak":
                # A line break in the source is a space in English, nothing between Chinese characters.
                before = plain(tokens[:i])[-1:]
                after = plain(tokens[i + 1 :])[:1]
                if not (before and after and (_wide(before) or _wide(after))):
                    text.append(" ")
            else:
                flush()
                out.append(self._inline(token))
        flush()
        return "".join(out)

    def _inline(self, token: Token) -> str:
        kind = token["type"]
        if kind == "strong":
            return "#strong[" + self.inlines(token["children"]) + "]"
        if kind == "emphasis":
            return "#emph[" + self.inlines(token["children"]) + "]"
        if kind == "codespan":
            return "#raw(" + string(token["raw"]) + ")"
        if kind == "linebreak":
            return "#linebreak()"
        if kind == "link":
            inner = self.inlines(token["children"])
            if self.links:
                return "#link(" + string(token["attrs"]["url"]) + ")[" + inner + "]"
            return inner
        if kind == "image":
            return "#" + string(plain(token["children"]))
        raise SourceError("print.source.unsupported", kind=kind)


def _keys(tokens: Sequence[Token]) -> list[Token]:
    """``tokens`` with each ``<kbd>`` … ``</kbd>`` run made one ``kbd`` token holding the label's text."""
    out: list[Token] = []
    inside: list[Token] | None = None
    for token in tokens:
        tag = token.get("raw", "").strip().lower() if token["type"] == "inline_html" else ""
        if tag == "<kbd>" and inside is None:
            inside = []
        elif tag == "</kbd>" and inside is not None:
            out.append({"type": "kbd", "raw": plain(inside).strip()})
            inside = None
        elif inside is not None:
            inside.append(token)
        else:
            out.append(token)
    return out + (inside or [])


def string_block(text: str) -> str:
    """Return ``text`` as a typst string literal that keeps its line breaks (for code blocks)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
