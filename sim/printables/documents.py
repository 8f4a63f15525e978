"""What each printed document is made of, taken from the lesson files.

Everything printed comes from the lessons, so paper and screen cannot drift apart:

* one handout per episode: ``lessons/<lang>/handouts/NN-*.md``, whole;
* the case cards: every card of ``lessons/cases.toml``, one cut-out card each, marked with the
  episode that shows it (its ``<!-- case: ID -->`` block);
* the glossary: ``glossary.md``, whole;
* the agenda: the agenda section of ``instructor-guide.md``, on landscape pages;
* the answer key, for the trainer: every ``::: challenge`` of the episodes with its
  ``::: solution`` (or a ``> ## Exercise …`` callout with its ``> > ## Solution``).

Learners' pages (handouts, glossary) leave out solutions and notes for the trainer; the
Carpentries boxes print as labelled boxes.

The headings that mark these parts are the lessons' own conventions (the same ones
``tests/test_lessons.py`` checks), listed in ``MARKERS``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from ..i18n import t
from ..text import Part
from .markdown import (
    DIV_NAMES,
    Markup,
    SourceError,
    Token,
    blocks,
    callouts,
    divs,
    heading_text,
    parse,
    section,
    string,
    title,
)

# The headings the lesson files mark their parts with, by language.
MARKERS: dict[str, dict[str, str]] = {
    "zh": {"case": "案例卡", "exercise": "练习", "solution": "答案", "agenda": "课程安排"},
    "en": {"case": "Case card", "exercise": "Exercise", "solution": "Solution", "agenda": "The agenda"},
}
_EPISODE = re.compile(r"^\d\d-[\w-]+\.md$")
_CASE_MARKER = re.compile(r"<!--\s*case:([^>]*?)-->")


def _markup(lang: str, learner: bool = False) -> Markup:
    """Typst markup for ``lang``: the boxes labelled in that language; a learner's without solutions."""
    return Markup(learner=learner, labels={name: t(f"print.div.{name}", lang) for name in DIV_NAMES})


@dataclass(frozen=True)
class Document:
    """One PDF to build: its file name (without ``.pdf``), title and typst body."""

    name: str
    title: str
    body: str
    flipped: bool = False  # landscape pages


def _episodes(folder: Traversable) -> list[Traversable]:
    """The numbered episode files (``NN-name.md``) of ``folder``, in order."""
    return sorted((f for f in folder.iterdir() if _EPISODE.match(f.name)), key=lambda f: f.name)


def _read(file: Traversable) -> list[Token]:
    try:
        return parse(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise SourceError("print.source.not_utf8", file=file.name) from exc


def _without_language_links(tokens: Sequence[Token]) -> list[Token]:
    """Leave out paragraphs that are only a link (a page's link to its other language)."""
    kept = []
    for token in blocks(tokens):
        inner = [c for c in token.get("children", []) if not (c["type"] == "text" and not c["raw"].strip())]
        if token["type"] == "paragraph" and len(inner) == 1 and inner[0]["type"] == "link":
            continue
        kept.append(token)
    return kept


def handouts(lessons: Traversable, lang: str) -> list[Document]:
    """One document per handout file of ``lang``, named ``handout-NN-name``."""
    found = []
    for file in _episodes(lessons / lang / "handouts"):
        tokens = _read(file)
        found.append(Document(f"handout-{file.name[:-3]}", title(tokens), _markup(lang, learner=True).blocks(tokens)))
    if not found:
        raise SourceError("print.source.no_handouts", lang=lang)
    return found


def case_cards(lessons: Traversable, lang: str) -> Document:
    """Every card of ``cases.toml``, in its order, as cut-out cards two to a row.

    Each card names the first episode that shows it (by its ``<!-- case: ID -->`` marker).
    """
    try:
        entries = tomllib.loads((lessons / "cases.toml").read_text(encoding="utf-8")).get("case", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceError("print.source.cases", problem=exc) from exc
    shown_in: dict[str, str] = {}
    for file in _episodes(lessons / lang):
        text = file.read_text(encoding="utf-8")
        for marker in _CASE_MARKER.finditer(text):
            for case_id in marker[1].split():
                shown_in.setdefault(case_id, title(parse(text)))
    head = t("print.case_head", lang, case=MARKERS[lang]["case"])
    cards: list[tuple[str, str, list[Token]]] = []
    for entry in entries:
        card = entry.get(lang) or {}
        if not card.get("title") or not card.get("text"):
            raise SourceError("print.source.card_text", id=entry.get("id"), lang=lang)
        cards.append((shown_in.get(entry["id"], ""), head + card["title"], parse(card["text"])))
    if not cards:
        raise SourceError("print.source.no_cards")
    markup = _markup(lang)
    cells = [
        f"case-card(source: {string(episode)}, number: {string(f'{i} / {len(cards)}')}, title: {string(head)})"
        f"[{markup.blocks(body)}]"
        for i, (episode, head, body) in enumerate(cards, start=1)
    ]
    name = t("print.doc.cards", lang)
    body = (
        f"#heading(level: 1)[#{string(name)}]\n\n#{string(t('print.doc.cards_intro', lang))}\n\n"
        f"#cut-grid({', '.join(cells)})"
    )
    return Document("case-cards", name, body)


def glossary(lessons: Traversable, lang: str) -> Document:
    """The glossary page, whole."""
    tokens = _read(lessons / lang / "glossary.md")
    return Document("glossary", title(tokens), _markup(lang, learner=True).blocks(_without_language_links(tokens)))


def agenda(lessons: Traversable, lang: str) -> Document:
    """The agenda section of the instructor's guide, on landscape pages."""
    tokens = _read(lessons / lang / "instructor-guide.md")
    part = section(tokens, MARKERS[lang]["agenda"])
    guide = title(tokens)
    body = f"#heading(level: 1)[#{string(part.title)}]\n\n{_markup(lang).blocks(part.body)}"
    return Document("agenda", f"{guide} · {part.title}", body, flipped=True)


def answer_key(lessons: Traversable, lang: str) -> Document:
    """Every exercise of the episodes with its solution, for the trainer."""
    marks = MARKERS[lang]
    markup = _markup(lang)
    parts = []
    count = 0
    for file in _episodes(lessons / lang):
        tokens = _read(file)
        parts.append(f"#heading(level: 2)[#{string(title(tokens))}]")
        for challenge in divs(_all_blocks(tokens), "challenge"):
            parts.append(_challenge(file.name, challenge, markup))
            count += 1
        for exercise in callouts(tokens, marks["exercise"]):
            solutions = callouts(exercise.body, marks["solution"])
            if len(solutions) != 1:
                raise SourceError("print.source.one_solution", file=file.name, title=exercise.title)
            question = [b for b in exercise.body if b["type"] != "block_quote"]
            parts.append(
                f"#exercise(title: {string(exercise.title)}, solution-title: {string(solutions[0].title)}, "
                f"solution: [{markup.blocks(solutions[0].body)}])[{markup.blocks(question)}]"
            )
            count += 1
    if not count:
        raise SourceError("print.source.no_exercises", lang=lang)
    name = t("print.doc.answers", lang)
    head = f"#heading(level: 1)[#{string(name)}]\n\n#notice[#{string(t('print.doc.answers_notice', lang))}]"
    return Document("answer-key", name, head + "\n\n" + "\n\n".join(parts))


def _all_blocks(tokens: Sequence[Token]) -> list[Token]:
    """``tokens`` with the blocks of every div other than a challenge opened in place (a challenge stays whole)."""
    out: list[Token] = []
    for token in blocks(tokens):
        if token["type"] == "div" and token["attrs"]["name"] != "challenge":
            out += _all_blocks(token["children"])
        else:
            out.append(token)
    return out


def _challenge(source: str, challenge: Token, markup: Markup) -> str:
    """One ``::: challenge`` with its ``::: solution`` as an exercise of the answer key."""
    inner = blocks(challenge["children"])
    name = heading_text(inner[0], 2) if inner else None
    solutions = divs(inner, "solution")
    if not name or len(solutions) != 1:
        raise SourceError("print.source.challenge", file=source, name=name or Part("print.source.untitled"))
    answer = blocks(solutions[0]["children"])
    answer_title = heading_text(answer[0], 2) if answer else None
    if answer_title:
        answer = answer[1:]
    question = [b for b in inner[1:] if not (b["type"] == "div" and b["attrs"]["name"] == "solution")]
    return (
        f"#exercise(title: {string(name)}, solution-title: {string(answer_title or '')}, "
        f"solution: [{markup.blocks(answer)}])[{markup.blocks(question)}]"
    )


def documents(lessons: Traversable, lang: str) -> list[Document]:
    """Every printed document of ``lang``, built from the lesson files under ``lessons``.

    Raises:
        SourceError: when a lesson file lacks a part a document is made of.
    """
    return [
        *handouts(lessons, lang),
        case_cards(lessons, lang),
        glossary(lessons, lang),
        agenda(lessons, lang),
        answer_key(lessons, lang),
    ]
