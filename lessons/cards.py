"""Fill the case cards and the glossaries of the course from their one source (案例卡、术语只写一处).

The case cards live in ``lessons/cases.toml``, the course's words in ``lessons/terms.toml``.

Every lesson page (``lessons/zh|en/**/*.md``) and every markdown cell of a course notebook
(``notebooks/zh|en/*.ipynb``) that shows a case card holds a block::

    <!-- case: noise -->
    …the rendered card, in the file's language (its folder, zh or en)…
    <!-- /case -->

and this script rewrites what is between the markers. The forms (the word after the ids):

* ``<!-- case: ID -->`` or ``<!-- case: ID card -->``: the whole card, headed "案例卡：…" / "Case card: …";
  on a lesson page inside its Carpentries box (``::: callout`` … ``:::``), in a notebook without one
  (Jupyter shows no fenced divs);
* ``<!-- case: ID brief -->``: the title in bold and the story as one paragraph, for a notebook page;
* ``<!-- case: ID ID … table -->``: a table of several cards, one row each (title and summary,
  the model's issue category, what makes the case hard).

    .venv/bin/python lessons/cards.py              # fill every block of the course
    .venv/bin/python lessons/cards.py FILE…        # only these files
    .venv/bin/python lessons/cards.py --check      # change nothing; exit 1 naming each block that differs

The glossary of each language (``lessons/zh|en/glossary.md``) holds a block ``<!-- terms -->`` …
``<!-- /terms -->`` that is filled with every term of ``terms.toml``, by section, as tables;
the text around it is written by hand.

An unknown id, an unknown form or a block without its ``<!-- /case -->`` is an error (exit 1) and
nothing of that file is written. Files are replaced atomically; notebooks are written as nbformat
writes them, and only when a cell changed.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat

from sim.files import atomic_write
from sim.params import CATEGORIES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = HERE / "cases.toml"
TERMS = HERE / "terms.toml"
LANGS = ("zh", "en")
FORMS = ("card", "brief", "table")

# The start marker with its ids and form, everything up to the end marker, and the end marker.
BLOCK = re.compile(r"<!--\s*case:(?P<args>[^>]*?)-->(?P<body>.*?)<!--\s*/case\s*-->", re.DOTALL)
START = re.compile(r"<!--\s*case:")
END = re.compile(r"<!--\s*/case\s*-->")
GLOSSARY = re.compile(r"(<!--\s*terms\s*-->)(?P<body>.*?)(<!--\s*/terms\s*-->)", re.DOTALL)

HEADING = {"zh": "案例卡：", "en": "Case card: "}
TABLE_HEAD = {
    "zh": "| 案例卡 | 诉求类别 | 难在哪里 |\n| --- | --- | --- |",
    "en": "| case card | category | what makes it hard |\n| --- | --- | --- |",
}
CATEGORY_LABEL = {c.key: {"zh": c.zh, "en": c.en} for c in CATEGORIES}


class CardError(ValueError):
    """A marker that cannot be filled: an unknown id or form, or a block left open."""


@dataclass(frozen=True)
class Case:
    """One case card in both languages, as ``cases.toml`` holds it."""

    id: str
    category: str | None
    text: dict[str, dict[str, str]]  # language -> {"title", "text", "summary", "hard"}


def load_cases(path: Path = CASES) -> dict[str, Case]:
    """The cards of ``cases.toml`` by id, checked for the fields every card needs."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cases: dict[str, Case] = {}
    for entry in data.get("case", []):
        case_id = entry["id"]
        if case_id in cases:
            raise CardError(f"{path.name}: the id {case_id!r} is used twice")
        category = entry.get("category")
        if category is not None and category not in CATEGORY_LABEL:
            raise CardError(f"{path.name}: {case_id}: unknown category {category!r}")
        for lang in LANGS:
            if not entry.get(lang, {}).get("title") or not entry[lang].get("text", "").strip():
                raise CardError(f"{path.name}: {case_id}: no {lang} title or text")
        cases[case_id] = Case(case_id, category, {lang: entry[lang] for lang in LANGS})
    return cases


@dataclass(frozen=True)
class Terms:
    """The course's words as ``terms.toml`` holds them: sections, terms and allowed exceptions."""

    sections: list[dict[str, str]]
    terms: list[dict]
    exceptions: list[dict[str, str]]


def load_terms(path: Path = TERMS) -> Terms:
    """The sections, terms and exceptions of ``terms.toml``, checked for what each needs."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sections = data.get("section", [])
    ids = {s["id"] for s in sections}
    seen: set[str] = set()
    for term in data.get("term", []):
        missing = [k for k in ("section", "zh", "en", "zh_def", "en_def") if not term.get(k)]
        if missing:
            raise CardError(f"{path.name}: term {term.get('zh') or term.get('en')!r} lacks {', '.join(missing)}")
        if term["section"] not in ids:
            raise CardError(f"{path.name}: {term['zh']}: unknown section {term['section']!r}")
        if term["zh"] in seen:
            raise CardError(f"{path.name}: the term {term['zh']!r} is listed twice")
        seen.add(term["zh"])
    return Terms(sections, data.get("term", []), data.get("exception", []))


GLOSSARY_HEAD = {
    "zh": "| 中文 | English | 说明 |\n| --- | --- | --- |",
    "en": "| English | 中文 | explanation |\n| --- | --- | --- |",
}


def render_glossary(lang: str, terms: Terms) -> str:
    """The glossary's tables in ``lang``: one section heading and table per section of ``terms.toml``."""
    other = "en" if lang == "zh" else "zh"
    parts = []
    for section in terms.sections:
        rows = [
            f"| {_cell(t[lang])} | {_cell(t[other])} | {_cell(t[lang + '_def'])} |"
            for t in terms.terms
            if t["section"] == section["id"]
        ]
        parts.append(f"## {section[lang]}\n\n{GLOSSARY_HEAD[lang]}\n" + "\n".join(rows))
    return "\n\n".join(parts)


def fill_glossary(text: str, lang: str, terms: Terms) -> tuple[str, list[str]]:
    """``text`` with its ``<!-- terms -->`` block filled, and ``["terms"]`` when that changed it."""
    new = "\n\n" + render_glossary(lang, terms) + "\n\n"
    changed: list[str] = []

    def one(match: re.Match[str]) -> str:
        if match["body"] != new:
            changed.append("terms")
        return match[1] + new + match[3]

    return GLOSSARY.sub(one, text), changed


def _unwrap(text: str, lang: str) -> str:
    """The story's paragraphs with their line breaks taken out (list items stay one per line).

    Chinese lines join without a space, since a renderer would show the line break as one.
    """
    out: list[str] = []
    joiner = "" if lang == "zh" else " "
    for line in text.strip().splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("- ") and out and out[-1]:
            out[-1] += joiner + stripped  # a continued line, also of a list item
        else:
            out.append(stripped)
    return "\n".join(out)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _title(case: Case, lang: str) -> str:
    title = case.text[lang]["title"]
    return title[:1].upper() + title[1:]


def render(ids: Sequence[str], form: str, lang: str, cases: dict[str, Case], boxed: bool = True) -> str:
    """The Markdown that goes between the markers for these cards, form and language.

    ``boxed`` puts a whole card in a ``::: callout`` box, as on the lesson pages.
    """
    unknown = [i for i in ids if i not in cases]
    if unknown:
        raise CardError(f"unknown case id {', '.join(unknown)}")
    if form == "table":
        rows = []
        for case_id in ids:
            case = cases[case_id]
            fields = case.text[lang]
            summary = fields.get("summary") or _unwrap(fields["text"], lang)
            sep = "：" if lang == "zh" else ": "
            category = CATEGORY_LABEL[case.category][lang] if case.category else "—"
            hard = fields.get("hard", "—")
            rows.append(f"| **{_cell(_title(case, lang))}**{sep}{_cell(summary)} | {category} | {_cell(hard)} |")
        return TABLE_HEAD[lang] + "\n" + "\n".join(rows)
    if len(ids) != 1:
        raise CardError(f"the {form} form shows one card, not {len(ids)}")
    case = cases[ids[0]]
    fields = case.text[lang]
    if form == "brief":
        title = _title(case, lang)
        stop = "" if title[-1] in "。？！.?!" else "。" if lang == "zh" else "."
        body = _unwrap(fields["text"], lang)
        return f"**{title}{stop}**" + ("\n\n" if body.startswith("- ") else " ") + body
    card = f"## {HEADING[lang]}{fields['title']}\n\n{fields['text'].strip()}"
    return f"::: callout\n\n{card}\n\n:::" if boxed else card


def _parse_args(args: str) -> tuple[list[str], str]:
    words = args.split()
    form = "card"
    if words and words[-1] in FORMS:
        form = words.pop()
    if not words:
        raise CardError(f"a case marker without an id: <!-- case:{args}-->")
    if form != "table" and any(w in FORMS for w in words):
        raise CardError(f"the form goes last: <!-- case:{args}-->")
    return words, form


def fill(text: str, lang: str, cases: dict[str, Case], boxed: bool = True) -> tuple[str, list[str]]:
    """``text`` with every case block filled, and the ids of the blocks whose content changed.

    ``boxed``: whole cards in a ``::: callout`` box (lesson pages) or not (notebooks).

    Raises:
        CardError: an unknown id or form, or a start marker without its end (or the other way).
    """
    changed: list[str] = []

    def one(match: re.Match[str]) -> str:
        ids, form = _parse_args(match["args"])
        if START.search(match["body"]):
            raise CardError(f"<!-- case:{match['args']}--> has no <!-- /case --> before the next card")
        new = "\n" + render(ids, form, lang, cases, boxed) + "\n"
        if match["body"] != new:
            changed.append(" ".join(ids))
        return f"<!-- case: {' '.join(ids)}{'' if form == 'card' else ' ' + form} -->{new}<!-- /case -->"

    filled = BLOCK.sub(one, text)
    if len(START.findall(text)) != len(END.findall(text)):
        raise CardError("a <!-- case: … --> marker without its <!-- /case --> (or the other way round)")
    return filled, changed


def language(path: Path) -> str:
    """A file's language: the ``zh`` or ``en`` folder it is in."""
    for part in reversed(path.resolve().parts[:-1]):
        if part in LANGS:
            return part
    raise CardError(f"{path}: not inside a zh/ or en/ folder, so its language is unknown")


def course_files(root: Path = ROOT) -> list[Path]:
    """Every file that may hold case blocks: lesson Markdown and course notebooks, both languages."""
    files: list[Path] = []
    for lang in LANGS:
        files += sorted((root / "lessons" / lang).rglob("*.md"))
        files += sorted((root / "notebooks" / lang).glob("*.ipynb"))
    return files


def process(path: Path, cases: dict[str, Case], write: bool, terms: Terms | None = None) -> list[str]:
    """Fill the blocks of one file; return the ids of the blocks that differed (written if ``write``).

    ``terms``: also fill a glossary block from them (Markdown files only).
    """
    lang = language(path)
    raw = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        new, changed = fill(raw, lang, cases)
        if terms is not None:
            new, glossary_changed = fill_glossary(new, lang, terms)
            changed += glossary_changed
        if write and changed:
            atomic_write(path, new)
        return changed
    notebook = nbformat.reads(raw, as_version=nbformat.NO_CONVERT)
    changed = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source, cell_changed = fill(cell.source, lang, cases, boxed=False)
            changed += cell_changed
    if write and changed:
        atomic_write(path, nbformat.writes(notebook) + "\n")
    return changed


def run(paths: Iterable[Path], check: bool, cases: dict[str, Case], terms: Terms | None = None) -> int:
    """Check or fill ``paths``; print one line per block that differs or file in error; the exit status."""
    status = 0
    for path in paths:
        try:
            changed = process(path, cases, write=not check, terms=terms)
        except CardError as exc:
            print(f"ERROR {path}: {exc}", file=sys.stderr)
            status = 1
            continue
        for case_id in changed:
            if check:
                source = "terms.toml" if case_id == "terms" else "cases.toml"
                print(f"DIFFERS {path}: {_what(case_id)} (与 {source} 不一致; run lessons/cards.py)")
                status = 1
            else:
                print(f"filled {path}: {_what(case_id)}")
    return status


def _what(block: str) -> str:
    return "glossary" if block == "terms" else f"case {block}"


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: fill (or with ``--check`` only compare) the case blocks."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="files to fill (default: the whole course)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a block differs")
    args = parser.parse_args(argv)
    try:
        cases, terms = load_cases(), load_terms()
    except (CardError, KeyError, tomllib.TOMLDecodeError) as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    return run(args.files or course_files(), args.check, cases, terms)


if __name__ == "__main__":
    sys.exit(main())
